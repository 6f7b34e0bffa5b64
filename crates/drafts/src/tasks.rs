//! One draft: its task list (the GOV.UK "complete multiple tasks" pattern), and the frame every
//! task page of the draft shares — the draft's name, a link back, and whether it is saved.

use super::details::{DetailsTask, SessionTask};
use super::export::PrintTask;
use super::import::ImportTask;
use super::list::draft_name;
use super::records::{Life, RecordId};
use super::roster::{CheckTask, RosterTask};
use super::roster_check::checked_roster;
use super::save_status::SaveStatus;
use super::state::{Keeping, draft_signal, use_drafts};
use super::verdicts::RulebookChanges;
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::roster::Status;
use pingjia_shell::context::use_lang;
use pingjia_shell::router::{DraftTask, Link, Page};
use pingjia_shell::ui::{show, t};

#[component]
pub fn DraftPage(id: RecordId, task: DraftTask) -> impl IntoView {
    let drafts = use_drafts();
    drafts.load();
    drafts.open_draft(id);
    let draft = draft_signal(id);
    let exists = move || draft.with(|d| d.as_ref().is_some_and(|d| d.life != Life::Deleted));
    view! {
        <Show when=exists fallback=move || view! { <Missing waiting=Signal::derive(move || drafts.keeping.with(Keeping::is_opening))/> }>
            {move || match task {
                DraftTask::Overview => view! { <Overview id=id/> }.into_any(),
                DraftTask::Details => view! { <DetailsTask id=id/> }.into_any(),
                DraftTask::Session => view! { <SessionTask id=id/> }.into_any(),
                DraftTask::Candidates => view! { <RosterTask id=id/> }.into_any(),
                DraftTask::Import => view! { <ImportTask id=id/> }.into_any(),
                DraftTask::Check => view! { <CheckTask id=id/> }.into_any(),
                DraftTask::Print => view! { <PrintTask id=id/> }.into_any(),
                DraftTask::Conflicts => view! { <crate::sync::ConflictsTask id=id/> }.into_any(),
            }}
        </Show>
    }
}

/// Said while the drafts load (`waiting`), or for an address of a draft (or candidate) this
/// device does not have.
#[component]
pub fn Missing(#[prop(into)] waiting: Signal<bool>) -> impl IntoView {
    let drafts = use_drafts();
    // Drafts that could not be read may well hold this one: say why, not that it is missing.
    let unread = move || drafts.keeping.with(Keeping::only_in_memory);
    view! {
        <Link page=Page::Drafts class="back-link">{t("所有草稿", "All drafts")}</Link>
        {move || match (waiting.get(), unread()) {
            (_, true) => view! {
                <h1 tabindex="-1">{t("无法打开这份草稿", "This draft cannot be opened")}</h1>
                <SaveStatus/>
            }.into_any(),
            (true, false) => {
                let other_tab = move || drafts.keeping.get() == Keeping::WaitingForOtherTab;
                view! {
                    <p role="status">{t("正在打开……", "Opening…")}</p>
                    <Show when=other_tab><SaveStatus/></Show>
                }.into_any()
            }
            (false, false) => view! {
                <h1 tabindex="-1">{t("找不到这份草稿", "Draft not found")}</h1>
                <p>{t(
                    "本设备上没有这份草稿，或它已被删除。草稿只保存在创建它的设备上。",
                    "This device has no such draft, or it was deleted. A draft is kept on the device it was made on.",
                )}</p>
            }.into_any(),
        }}
    }
}

/// The state of a task, as the task list shows it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TaskState {
    NotStarted,
    InProgress,
    NeedsAttention(usize),
    Done,
    CannotStart,
}

impl TaskState {
    fn label(self) -> Bilingual {
        match self {
            TaskState::NotStarted => Bilingual::fixed("未开始", "Not started"),
            TaskState::InProgress => Bilingual::fixed("进行中", "In progress"),
            TaskState::NeedsAttention(n) => {
                Bilingual::new(format!("{n} 人待处理"), format!("{n} to fix"))
            }
            TaskState::Done => Bilingual::fixed("已完成", "Completed"),
            TaskState::CannotStart => Bilingual::fixed("暂不能开始", "Cannot start yet"),
        }
    }

    fn class(self) -> &'static str {
        match self {
            TaskState::Done => "task-status done",
            TaskState::NeedsAttention(_) => "task-status attention",
            TaskState::CannotStart => "task-status muted",
            TaskState::NotStarted | TaskState::InProgress => "task-status",
        }
    }
}

#[component]
fn Overview(id: RecordId) -> impl IntoView {
    let lang = use_lang();
    let draft = draft_signal(id);
    let roster = checked_roster(id);
    let details = move || {
        draft.with(|d| match d {
            Some(d) if !d.institution.trim().is_empty() && !d.contact.trim().is_empty() => {
                TaskState::Done
            }
            Some(d) if d.institution.trim().is_empty() && d.contact.trim().is_empty() => {
                TaskState::NotStarted
            }
            _ => TaskState::InProgress,
        })
    };
    let session = move || {
        draft.with(|d| match d {
            Some(d) if !d.session.is_empty() => TaskState::Done,
            _ => TaskState::NotStarted,
        })
    };
    let candidates = move || {
        roster.with(|r| match r.check.rows.len() {
            0 => TaskState::NotStarted,
            _ => match r.check.count(Status::Incomplete) {
                0 => TaskState::Done,
                n => TaskState::NeedsAttention(n),
            },
        })
    };
    let check = move || {
        roster.with(|r| {
            if r.check.rows.is_empty() {
                TaskState::CannotStart
            } else {
                TaskState::InProgress
            }
        })
    };
    let task = move |n: u8, name: Bilingual, page: DraftTask, state: Signal<TaskState>| {
        view! {
            <li class="task">
                <span class="task-name">
                    <Link page=Page::Draft(id, page)>{format!("{n}. ")}{show(name)}</Link>
                </span>
                <strong class=move || state.get().class()>{move || state.get().label().get(lang.get()).to_owned()}</strong>
            </li>
        }
    };
    let title =
        move || draft.with(|d| d.as_ref().map(|d| draft_name(d).get(lang.get()).to_owned()));
    let count = move || roster.with(|r| r.check.rows.len());
    view! {
        <Link page=Page::Drafts class="back-link">{t("所有草稿", "All drafts")}</Link>
        <p class="caption">{t("团体申报草稿", "Group application draft")}</p>
        <h1 tabindex="-1">{title}</h1>
        <SaveStatus/>
        <crate::sync::DraftSyncStatus id=id/>
        <RulebookChanges id=id/>
        <p>{move || Bilingual::new(format!("名单中共 {} 人。完成以下各项，顺序不限。", count()), format!("{} candidates on the roster. Complete these tasks in any order.", count())).get(lang.get()).to_owned()}</p>
        <ol class="task-list">
            {task(1, Bilingual::fixed("机构信息", "Institution details"), DraftTask::Details, Signal::derive(details))}
            {task(2, Bilingual::fixed("考期与申报日期", "Session and application date"), DraftTask::Session, Signal::derive(session))}
            {task(3, Bilingual::fixed("考生名单", "Candidates"), DraftTask::Candidates, Signal::derive(candidates))}
            {task(4, Bilingual::fixed("核对、费用与导出", "Check, fees and export"), DraftTask::Check, Signal::derive(check))}
        </ol>
    }
}
