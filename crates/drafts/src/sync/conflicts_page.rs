//! `/drafts/<id>/conflicts`: a record changed on this device and on another since they last
//! agreed. Both versions are shown field by field — only the fields that differ — and the person
//! chooses each; the choice is saved as a change on the server's version, which settles it.

use super::engine::use_sync;
use super::local::Conflict;
use crate::records::RecordId;
use crate::state::use_drafts;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pingjia_rules::{Bilingual, Lang};
use pingjia_shell::context::use_lang;
use pingjia_shell::router::{DraftTask, Link, Page};
use pingjia_shell::ui::{show, t, tr};
use pingjia_sync::records::{CandidateRecord, Life, SyncDraft, SyncRecord};

/// One field of a record, as shown and as copied from one version to the other.
struct Field {
    key: &'static str,
    label: Bilingual,
    show: fn(&SyncRecord, Lang) -> String,
    take: fn(&mut SyncRecord, &SyncRecord),
}

fn candidate(r: &SyncRecord) -> Option<&CandidateRecord> {
    match r {
        SyncRecord::Candidate(c) => Some(c),
        SyncRecord::Draft(_) => None,
    }
}

fn draft(r: &SyncRecord) -> Option<&SyncDraft> {
    match r {
        SyncRecord::Draft(d) => Some(d),
        SyncRecord::Candidate(_) => None,
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

fn or_blank(text: String, lang: Lang) -> String {
    if text.trim().is_empty() {
        tr(lang, "（空）", "(empty)").to_string()
    } else {
        text
    }
}

macro_rules! copy_candidate {
    ($($path:tt)+) => {
        |dst: &mut SyncRecord, src: &SyncRecord| {
            if let (SyncRecord::Candidate(d), SyncRecord::Candidate(s)) = (dst, src) {
                d.$($path)+ = s.$($path)+.clone();
            }
        }
    };
}

macro_rules! copy_draft {
    ($field:ident) => {
        |dst: &mut SyncRecord, src: &SyncRecord| {
            if let (SyncRecord::Draft(d), SyncRecord::Draft(s)) = (dst, src) {
                d.$field = s.$field.clone();
            }
        }
    };
}

fn candidate_fields() -> Vec<Field> {
    vec![
        Field {
            key: "name",
            label: Bilingual::fixed("姓名", "Name"),
            show: |r, _| {
                candidate(r)
                    .map(|c| c.entry.name.clone())
                    .unwrap_or_default()
            },
            take: copy_candidate!(entry.name),
        },
        Field {
            key: "level",
            label: Bilingual::fixed("申报等级", "Level"),
            show: |r, l| {
                candidate(r)
                    .and_then(|c| c.entry.level)
                    .map(|v| v.choice_label().get(l).to_string())
                    .unwrap_or_default()
            },
            take: copy_candidate!(entry.level),
        },
        Field {
            key: "retake",
            label: Bilingual::fixed("补考科目", "Retaken subjects"),
            show: |r, l| {
                candidate(r)
                    .map(|c| {
                        c.entry
                            .retake
                            .iter()
                            .map(|s| s.name().get(l).to_string())
                            .collect::<Vec<_>>()
                            .join("、")
                    })
                    .unwrap_or_default()
            },
            take: copy_candidate!(entry.retake),
        },
        Field {
            key: "id_number",
            label: Bilingual::fixed("身份证号", "Identity number"),
            show: |r, _| {
                candidate(r)
                    .map(|c| c.entry.candidate.id_number.clone())
                    .unwrap_or_default()
            },
            take: copy_candidate!(entry.candidate.id_number),
        },
        Field {
            key: "birth_date",
            label: Bilingual::fixed("出生日期", "Birth date"),
            show: |r, _| {
                candidate(r)
                    .map(|c| c.entry.candidate.birth_date.clone())
                    .unwrap_or_default()
            },
            take: copy_candidate!(entry.candidate.birth_date),
        },
        Field {
            key: "schooling",
            label: Bilingual::fixed("学历", "Schooling"),
            show: |r, l| {
                candidate(r)
                    .map(|c| {
                        c.entry
                            .candidate
                            .schooling
                            .iter()
                            .map(|s| {
                                let school = s
                                    .school
                                    .map(|v| v.label().get(l).to_string())
                                    .unwrap_or_default();
                                let status = s
                                    .status
                                    .map(|v| v.label().get(l).to_string())
                                    .unwrap_or_default();
                                format!("{school} {status}").trim().to_string()
                            })
                            .collect::<Vec<_>>()
                            .join("；")
                    })
                    .unwrap_or_default()
            },
            take: copy_candidate!(entry.candidate.schooling),
        },
        Field {
            key: "work",
            label: Bilingual::fixed("工作经历", "Work"),
            show: |r, l| {
                candidate(r)
                    .map(|c| {
                        c.entry
                            .candidate
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
                            .collect::<Vec<_>>()
                            .join("；")
                    })
                    .unwrap_or_default()
            },
            take: copy_candidate!(entry.candidate.work),
        },
        Field {
            key: "certificates",
            label: Bilingual::fixed("职业资格证书", "Certificates"),
            show: |r, l| {
                candidate(r)
                    .map(|c| {
                        c.entry
                            .candidate
                            .certificates
                            .iter()
                            .map(|h| {
                                format!(
                                    "{} {}",
                                    h.kind
                                        .map(|k| k.label().get(l).to_string())
                                        .unwrap_or_default(),
                                    h.since
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("；")
                    })
                    .unwrap_or_default()
            },
            take: copy_candidate!(entry.candidate.certificates),
        },
        Field {
            key: "titles",
            label: Bilingual::fixed("职称", "Titles"),
            show: |r, l| {
                candidate(r)
                    .map(|c| {
                        c.entry
                            .candidate
                            .titles
                            .iter()
                            .map(|h| {
                                format!(
                                    "{} {}",
                                    h.kind
                                        .map(|k| k.label().get(l).to_string())
                                        .unwrap_or_default(),
                                    h.since
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("；")
                    })
                    .unwrap_or_default()
            },
            take: copy_candidate!(entry.candidate.titles),
        },
        Field {
            key: "life",
            label: Bilingual::fixed("状态", "State"),
            show: |r, l| {
                candidate(r)
                    .map(|c| life_text(c.life, l))
                    .unwrap_or_default()
            },
            take: copy_candidate!(life),
        },
    ]
}

fn draft_fields() -> Vec<Field> {
    vec![
        Field {
            key: "institution",
            label: Bilingual::fixed("机构名称", "Institution"),
            show: |r, _| draft(r).map(|d| d.institution.clone()).unwrap_or_default(),
            take: copy_draft!(institution),
        },
        Field {
            key: "contact",
            label: Bilingual::fixed("联系人及电话", "Contact"),
            show: |r, _| draft(r).map(|d| d.contact.clone()).unwrap_or_default(),
            take: copy_draft!(contact),
        },
        Field {
            key: "session",
            label: Bilingual::fixed("考核批次", "Session"),
            show: |r, _| draft(r).map(|d| d.session.clone()).unwrap_or_default(),
            take: copy_draft!(session),
        },
        Field {
            key: "application_date",
            label: Bilingual::fixed("申报日期", "Application date"),
            show: |r, _| {
                draft(r)
                    .map(|d| d.application_date.clone())
                    .unwrap_or_default()
            },
            take: copy_draft!(application_date),
        },
        Field {
            key: "notes",
            label: Bilingual::fixed("备注", "Notes"),
            show: |r, _| draft(r).map(|d| d.notes.clone()).unwrap_or_default(),
            take: copy_draft!(notes),
        },
        Field {
            key: "life",
            label: Bilingual::fixed("状态", "State"),
            show: |r, l| draft(r).map(|d| life_text(d.life, l)).unwrap_or_default(),
            take: copy_draft!(life),
        },
    ]
}

fn fields_of(record: &SyncRecord) -> Vec<Field> {
    match record {
        SyncRecord::Candidate(_) => candidate_fields(),
        SyncRecord::Draft(_) => draft_fields(),
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
    let fields: Vec<Field> = fields_of(&conflict.theirs)
        .into_iter()
        .filter(|f| (f.show)(&conflict.mine, Lang::ZhCn) != (f.show)(&conflict.theirs, Lang::ZhCn))
        .collect();
    // By default each differing field keeps this device's version.
    let mine_chosen: RwSignal<Vec<&'static str>> =
        RwSignal::new(fields.iter().map(|f| f.key).collect());
    let title = match &conflict.theirs {
        SyncRecord::Candidate(c) => c.entry.name.clone(),
        SyncRecord::Draft(d) => d.institution.clone(),
    };
    let record_id = conflict.record_id;
    let busy = RwSignal::new(false);
    let conflict_for_save = conflict.clone();
    let save = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let mut merged = conflict_for_save.theirs.clone();
        let chosen = mine_chosen.get_untracked();
        for field in fields_of(&merged) {
            if chosen.contains(&field.key) {
                (field.take)(&mut merged, &conflict_for_save.mine);
            }
        }
        // Saved as a change on the server's revision: the save raises it by one.
        let Some(store) = drafts.store() else { return };
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
            }
            busy.set(false);
        });
    };
    let rows = fields
        .into_iter()
        .map(|f| {
            let key = f.key;
            let mine = (f.show)(&conflict.mine, lang.get_untracked());
            let theirs = (f.show)(&conflict.theirs, lang.get_untracked());
            let name = format!("choice-{record_id}-{key}");
            view! {
                <tr data-field=key>
                    <th scope="row">{show(f.label)}</th>
                    <td>
                        <label>
                            <input type="radio" name=name.clone() prop:checked=move || mine_chosen.with(|c| c.contains(&key))
                                on:change=move |_| mine_chosen.update(|c| if !c.contains(&key) { c.push(key) })/>
                            {or_blank(mine, lang.get_untracked())}
                        </label>
                    </td>
                    <td>
                        <label>
                            <input type="radio" name=name prop:checked=move || mine_chosen.with(|c| !c.contains(&key))
                                on:change=move |_| mine_chosen.update(|c| c.retain(|k| *k != key))/>
                            {or_blank(theirs, lang.get_untracked())}
                        </label>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel conflict" data-conflict=record_id.to_string()>
            <h2>{title}</h2>
            <table class="diff">
                <thead><tr>
                    <th scope="col">{t("项目", "Field")}</th>
                    <th scope="col">{t("本设备的版本", "This device's version")}</th>
                    <th scope="col">{t("另一台设备的版本", "The other device's version")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <button type="button" on:click=save prop:disabled=move || busy.get()>{t("保存选择", "Keep these choices")}</button>
        </section>
    }
}
