//! One draft: its task list (the GOV.UK "complete multiple tasks" pattern), and the frame every
//! task page of the draft shares — the draft's name, a link back, and whether it is saved.

use super::details::{DetailsTask, SessionTask};
use super::export::PrintTask;
use super::import::ImportTask;
use super::list::{changed_at_text, draft_name};
use super::records::{Draft, Life, RecordId};
use super::roster::{CheckTask, RosterTask, checked_roster};
use super::state::{Keeping, SaveState, use_drafts};
use super::store::Cause;
use super::verdicts::RulebookChanges;
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::roster::Status;
use pingjia_shell::context::use_lang;
use pingjia_shell::router::{DraftTask, Link, Page};
use pingjia_shell::ui::{show, t};

/// Where the drafts are kept and when they were last saved: "已保存在本设备 14:03".
#[component]
pub fn SaveStatus() -> impl IntoView {
    let drafts = use_drafts();
    let text = move || match (drafts.keeping.get(), drafts.saved.get()) {
        (Keeping::Opening, _) => Bilingual::fixed(
            "正在打开本设备上的草稿……",
            "Opening the drafts on this device…",
        ),
        (Keeping::WaitingForOtherTab, _) => Bilingual::fixed(
            "正在等待其他标签页：另一个标签页正在使用本工具的旧版本。请重新加载或关闭那个标签页，草稿才能在这里打开。",
            "Waiting for another tab: it is using an older version of this tool. Reload or close that tab and the drafts open here.",
        ),
        (Keeping::Superseded, _) => Bilingual::fixed(
            "本工具的新版本已在另一个标签页中打开。此前的修改已保存在本设备，此页面已停止保存：请重新加载此页面再继续。",
            "A newer version of this tool is open in another tab. Your changes so far are saved on this device, and this page saves no more: reload it to go on.",
        ),
        (Keeping::InMemory(err), _) if err.cause == Cause::NewerVersion => Bilingual::fixed(
            "本设备上的草稿已由本工具的新版本（在另一个标签页中）更新，此页面仍是旧版本：请重新加载此页面。重新加载之前所做的修改不会保存在本设备。",
            "The drafts on this device were updated by a newer version of this tool (in another tab), and this page is the older one: reload it. Until then, changes are not kept.",
        ),
        (Keeping::InMemory(err), _) => {
            let why = match err.cause {
                Cause::QuotaFull => {
                    Bilingual::fixed("本设备的存储空间已满", "this device's storage is full")
                }
                _ => Bilingual::fixed(
                    "此浏览器不允许本网站保存数据（例如无痕模式）",
                    "this browser does not let the site keep data (a private window, for example)",
                ),
            };
            Bilingual::new(
                format!(
                    "无法保存在本设备：{}。您可以继续填写，但关闭此页面后内容会丢失。",
                    why.zh
                ),
                format!(
                    "Cannot keep drafts on this device: {}. You can go on, but closing this page loses them.",
                    why.en
                ),
            )
        }
        (Keeping::OnDevice, SaveState::Unchanged) => {
            Bilingual::fixed("草稿保存在本设备。", "Drafts are kept on this device.")
        }
        (Keeping::OnDevice, SaveState::Pending) => Bilingual::fixed("正在保存……", "Saving…"),
        (Keeping::OnDevice, SaveState::Saved(at)) => {
            let at = changed_at_text(at);
            Bilingual::new(
                format!("已保存在本设备 {at}"),
                format!("Saved on this device at {at}"),
            )
        }
        (Keeping::OnDevice, SaveState::Failed(err)) => {
            let why = match err.cause {
                Cause::QuotaFull => {
                    Bilingual::fixed("本设备的存储空间已满", "this device's storage is full")
                }
                Cause::Aborted => Bilingual::fixed(
                    "浏览器拒绝写入，通常是本设备的存储空间已满",
                    "the browser refused the write, usually because this device's storage is full",
                ),
                Cause::NewerVersion => Bilingual::fixed(
                    "本工具的新版本已在另一个标签页中更新了草稿，请重新加载此页面",
                    "a newer version of this tool in another tab updated the drafts; reload this page",
                ),
                Cause::Other => Bilingual::new(err.detail.clone(), err.detail),
            };
            Bilingual::new(
                format!(
                    "未能保存（{}）。内容仍在此页面中，下次修改时会再试；请勿关闭此页面。",
                    why.zh
                ),
                format!(
                    "Not saved ({}). Your changes are still on this page and are tried again at the next change; do not close it.",
                    why.en
                ),
            )
        }
    };
    let class = move || match (drafts.keeping.get(), drafts.saved.get()) {
        (keeping, saved) if keeping.only_in_memory() || matches!(saved, SaveState::Failed(_)) => {
            "save-status warning"
        }
        _ => "save-status",
    };
    let lang = use_lang();
    // When nothing can be kept on this device, a file is the way to keep the roster; when a
    // newer version took over, a reload is (it saves again from then on).
    let way_out = move || {
        let newer_elsewhere = drafts.keeping.with(|k| match k {
            Keeping::Superseded => true,
            Keeping::InMemory(err) => err.cause == Cause::NewerVersion,
            _ => false,
        });
        if newer_elsewhere {
            let reload = |_| {
                let _ = window().location().reload();
            };
            return Some(view! {
                " "<button type="button" class="link" on:click=reload>{t("重新加载此页面", "Reload this page")}</button>
            }.into_any());
        }
        let failed = drafts.keeping.with(Keeping::only_in_memory)
            || matches!(drafts.saved.get(), SaveState::Failed(_));
        // Only a draft this page holds can be exported: one the browser would not let it read
        // (a private window) would lead back here.
        let open = drafts
            .open
            .get()
            .filter(|id| drafts.list.with(|l| l.iter().any(|d| d.id == *id)));
        failed.then_some(open).flatten().map(|id| view! {
            " "<Link page=Page::Draft(id, DraftTask::Check)>{t("导出名单文件备份", "Export the roster to a file")}</Link>
        }.into_any())
    };
    view! { <p class=class role="status" data-testid="save-status">{move || text().get(lang.get()).to_owned()}{way_out}</p> }
}

/// The draft `id` of the list, if it is there (the list may still be loading). Copied out of
/// the list once per change of the list, not at every read: a draft carries the verdicts of
/// its whole roster.
pub fn draft_signal(id: RecordId) -> Signal<Option<Draft>> {
    let drafts = use_drafts();
    Memo::new(move |_| drafts.list.with(|l| l.iter().find(|d| d.id == id).cloned())).into()
}

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
        <p>{move || match lang.get() {
            pingjia_rules::Lang::ZhCn => format!("名单中共 {} 人。完成以下各项，顺序不限。", count()),
            pingjia_rules::Lang::En => format!("{} candidates on the roster. Complete these tasks in any order.", count()),
        }}</p>
        <ol class="task-list">
            {task(1, Bilingual::fixed("机构信息", "Institution details"), DraftTask::Details, Signal::derive(details))}
            {task(2, Bilingual::fixed("考期与申报日期", "Session and application date"), DraftTask::Session, Signal::derive(session))}
            {task(3, Bilingual::fixed("考生名单", "Candidates"), DraftTask::Candidates, Signal::derive(candidates))}
            {task(4, Bilingual::fixed("核对、费用与导出", "Check, fees and export"), DraftTask::Check, Signal::derive(check))}
        </ol>
    }
}
