//! `/drafts/<id>/conflicts`: a record changed on this device and on another since they last
//! agreed. Both versions are shown part by part — every part that differs by value
//! (`pingjia_sync::conflict`), each shown whole — and the person chooses each; the merge of the
//! choice is saved as a change on the server's version, which settles it.

use super::engine::use_sync;
use super::local::Conflict;
use crate::records::RecordId;
use crate::state::use_drafts;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pingjia_rules::candidate_draft::Answer;
use pingjia_rules::{Bilingual, Lang};
use pingjia_shell::context::use_lang;
use pingjia_shell::router::{DraftTask, Link, Page};
use pingjia_shell::ui::{show, t, tr};
use pingjia_sync::conflict::{Part, differing, merge};
use pingjia_sync::records::{CandidateRecord, Life, SyncDraft, SyncRecord};

/// One part of a version as the person reads it: every field it holds, so two versions that
/// differ never look the same (a schooling row shows its flags, a period of work whether it
/// goes on). What differs is decided by `pingjia_sync::conflict`, by value, not by this text.
fn shown(part: Part, record: &SyncRecord, lang: Lang) -> String {
    let text = match record {
        SyncRecord::Candidate(c) => candidate_part(part, c, lang),
        SyncRecord::Draft(d) => draft_part(part, d, lang),
    };
    if text.trim().is_empty() {
        tr(lang, "（空）", "(empty)").to_string()
    } else {
        text
    }
}

fn life_text(life: Life, lang: Lang) -> String {
    match life {
        Life::Active => tr(lang, "有效", "active"),
        Life::Archived => tr(lang, "已归档", "archived"),
        Life::Deleted => tr(lang, "已删除", "deleted"),
    }
    .to_string()
}

/// Not answered (`None`), or an answer: yes, no, or "I don't know" (`Some(None)`).
fn yes_no_unknown(value: Option<Option<bool>>, lang: Lang) -> &'static str {
    match value {
        Some(Some(true)) => tr(lang, "是", "yes"),
        Some(Some(false)) => tr(lang, "否", "no"),
        Some(None) => tr(lang, "不知道", "don't know"),
        None => tr(lang, "未答", "not answered"),
    }
}

fn label_or_blank<T>(value: Option<T>, label: impl Fn(T) -> Bilingual, lang: Lang) -> String {
    value
        .map(|v| label(v).get(lang).to_string())
        .unwrap_or_default()
}

fn rows(items: Vec<String>) -> String {
    items.join("；")
}

fn candidate_part(part: Part, c: &CandidateRecord, l: Lang) -> String {
    let person = &c.entry.candidate;
    match part {
        Part::Name => c.entry.name.clone(),
        Part::Level => label_or_blank(c.entry.level, |v| v.choice_label(), l),
        Part::Retake => c
            .entry
            .retake
            .iter()
            .map(|s| s.name().get(l).to_string())
            .collect::<Vec<_>>()
            .join("、"),
        Part::IdNumber => person.id_number.clone(),
        Part::BirthDate => person.birth_date.clone(),
        Part::Schooling => rows(
            person
                .schooling
                .iter()
                .map(|s| {
                    format!(
                        "{} {}（{}{}，{}{}）",
                        label_or_blank(s.school, |v| v.label(), l),
                        label_or_blank(s.status, |v| v.label(), l),
                        tr(l, "专业相关：", "related specialty: "),
                        yes_no_unknown(s.related_specialty.map(Some), l),
                        tr(l, "经评估论证：", "assessed: "),
                        yes_no_unknown(
                            s.assessed.map(|a| match a {
                                Answer::Yes => Some(true),
                                Answer::No => Some(false),
                                Answer::DontKnow => None,
                            }),
                            l,
                        ),
                    )
                })
                .collect(),
        ),
        Part::Work => rows(
            person
                .work
                .iter()
                .map(|w| {
                    let until = if w.ongoing {
                        tr(l, "至今", "now").to_string()
                    } else {
                        w.until.clone()
                    };
                    format!("{} – {until}", w.from)
                })
                .collect(),
        ),
        Part::Certificates => rows(
            person
                .certificates
                .iter()
                .map(|h| format!("{} {}", label_or_blank(h.kind, |k| k.label(), l), h.since))
                .collect(),
        ),
        Part::Titles => rows(
            person
                .titles
                .iter()
                .map(|h| format!("{} {}", label_or_blank(h.kind, |k| k.label(), l), h.since))
                .collect(),
        ),
        Part::Position => Bilingual::new(
            format!("第 {} 位", c.position + 1),
            format!("number {}", c.position + 1),
        )
        .get(l)
        .to_owned(),
        Part::Life => life_text(c.life, l),
        Part::Institution | Part::Contact | Part::Session | Part::ApplicationDate | Part::Notes => {
            String::new()
        }
    }
}

fn draft_part(part: Part, d: &SyncDraft, l: Lang) -> String {
    match part {
        Part::Institution => d.institution.clone(),
        Part::Contact => d.contact.clone(),
        Part::Session => d.session.clone(),
        Part::ApplicationDate => d.application_date.clone(),
        Part::Notes => d.notes.clone(),
        Part::Life => life_text(d.life, l),
        _ => String::new(),
    }
}

#[component]
pub fn ConflictsTask(id: RecordId) -> impl IntoView {
    let sync = use_sync();
    let drafts = use_drafts();
    drafts.open_draft(id);
    sync.refresh();
    let conflicts = move || {
        sync.pending.with(|p| {
            p.conflicts
                .iter()
                .filter(|c| c.draft_id == id)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Link page=Page::Draft(id, DraftTask::Overview) class="back-link">{t("返回任务列表", "Back to the tasks")}</Link>
        <h1 tabindex="-1">{t("同步冲突", "Sync conflicts")}</h1>
        <p>{t(
            "下面的记录在本设备和另一台设备上都被修改过。请逐项选择要保留的内容；未选择的一方不会被保存。",
            "These records were changed both on this device and on another. Choose what to keep for each field; the other version is not kept.",
        )}</p>
        {move || {
            let list = conflicts();
            if list.is_empty() {
                view! { <p role="status">{t("没有需要处理的冲突。", "No conflicts to settle.")}</p> }.into_any()
            } else {
                list.into_iter().map(|c| view! { <ConflictCard conflict=c/> }).collect_view().into_any()
            }
        }}
    }
}

#[component]
fn ConflictCard(conflict: Conflict) -> impl IntoView {
    let lang = use_lang();
    let sync = use_sync();
    let drafts = use_drafts();
    let parts = differing(&conflict.mine, &conflict.theirs);
    // By default each differing part keeps this device's version.
    let mine_chosen: RwSignal<Vec<Part>> = RwSignal::new(parts.clone());
    let title = match &conflict.theirs {
        SyncRecord::Candidate(c) => c.entry.name.clone(),
        SyncRecord::Draft(d) => d.institution.clone(),
    };
    let record_id = conflict.record_id;
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let conflict_for_save = conflict.clone();
    let save = move |_| {
        if busy.get_untracked() {
            return;
        }
        let Some(store) = drafts.store() else {
            // Nothing can be kept on this device just now: say so, keep the choice open.
            failed.set(true);
            return;
        };
        busy.set(true);
        failed.set(false);
        let merged = merge(
            &conflict_for_save.theirs,
            &conflict_for_save.mine,
            &mine_chosen.get_untracked(),
        );
        // Saved as a change on the server's revision: the save raises it by one.
        spawn_local(async move {
            if store.settle_conflict(record_id).await.is_ok() {
                match merged {
                    SyncRecord::Candidate(c) => {
                        drafts.edit_candidate(record_id, move |mine| *mine = c)
                    }
                    SyncRecord::Draft(d) => drafts.edit_draft(record_id, move |mine| {
                        mine.revision = d.revision;
                        mine.life = d.life;
                        mine.institution = d.institution;
                        mine.contact = d.contact;
                        mine.session = d.session;
                        mine.application_date = d.application_date;
                        mine.notes = d.notes;
                    }),
                }
                sync.refresh();
            } else {
                failed.set(true);
            }
            busy.set(false);
        });
    };
    // Both versions may say the same (two devices typed the same change): nothing to choose.
    let same = parts.is_empty();
    let rows = parts
        .into_iter()
        .map(|part| {
            let key = part.key();
            let mine = shown(part, &conflict.mine, lang.get_untracked());
            let theirs = shown(part, &conflict.theirs, lang.get_untracked());
            let name = format!("choice-{record_id}-{key}");
            view! {
                <tr data-field=key>
                    <th scope="row">{show(part.label())}</th>
                    <td>
                        <label>
                            <input type="radio" name=name.clone() prop:checked=move || mine_chosen.with(|c| c.contains(&part))
                                on:change=move |_| mine_chosen.update(|c| if !c.contains(&part) { c.push(part) })/>
                            {mine}
                        </label>
                    </td>
                    <td>
                        <label>
                            <input type="radio" name=name prop:checked=move || mine_chosen.with(|c| !c.contains(&part))
                                on:change=move |_| mine_chosen.update(|c| c.retain(|p| *p != part))/>
                            {theirs}
                        </label>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel conflict" data-conflict=record_id.to_string()>
            <h2>{title}</h2>
            {same.then(|| view! { <p>{t(
                "两台设备上的内容相同，没有需要选择的地方；保存即可。",
                "Both devices hold the same; there is nothing to choose. Save to settle it.",
            )}</p> })}
            <table class="diff" hidden=same>
                <thead><tr>
                    <th scope="col">{t("项目", "Field")}</th>
                    <th scope="col">{t("本设备的版本", "This device's version")}</th>
                    <th scope="col">{t("另一台设备的版本", "The other device's version")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <Show when=move || failed.get()>
                <p class="field-error" role="alert">{t(
                    "未能保存这一选择：本设备暂时无法保存。两个版本都还在，请稍后再试。",
                    "This choice could not be saved: this device cannot keep data just now. Both versions are still here; try again shortly.",
                )}</p>
            </Show>
            <button type="button" on:click=save prop:disabled=move || busy.get()>{t("保存选择", "Keep these choices")}</button>
        </section>
    }
}
