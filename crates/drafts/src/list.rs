//! The drafts list: create, open, duplicate, archive, restore, delete (and undo a deletion).

use super::device_storage::{self, Usage, size_text};
use super::records::{Draft, Life, RecordId};
use super::save_status::SaveStatus;
use super::state::{Keeping, use_drafts};
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_shell::context::use_lang;
use pingjia_shell::router::{DraftTask, Link, Page, navigate};
use pingjia_shell::ui::{show, t, tr};

/// A draft's name in lists and headings: the institution, or a placeholder.
pub fn draft_name(draft: &Draft) -> Bilingual {
    match draft.institution.trim() {
        "" => Bilingual::fixed("（未填写机构名称）", "(no institution name yet)"),
        name => Bilingual::new(name.to_owned(), name.to_owned()),
    }
}

/// When a record was last changed, in Shanghai time, e.g. "2025-06-01 14:03".
pub fn changed_at_text(ms: f64) -> String {
    use chrono::Timelike;
    match pingjia_rules::dates::shanghai_time(ms as i64) {
        Some(t) => format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute()),
        None => String::new(),
    }
}

#[component]
pub fn DraftsPage() -> impl IntoView {
    let lang = use_lang();
    let drafts = use_drafts();
    let sync = super::sync::engine::use_sync();
    drafts.load();
    let name = RwSignal::new(String::new());
    let deleted = RwSignal::new(None::<RecordId>);
    let usage = RwSignal::new(None::<Usage>);
    device_storage::refresh(usage, false);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A draft is worth keeping: ask the browser not to clear it under storage pressure.
        device_storage::refresh(usage, true);
        let id = drafts.create(name.get_untracked().trim().to_owned());
        navigate(Page::Draft(id, DraftTask::Overview));
    };
    let shown = move |life: Life| {
        let mut list: Vec<Draft> = drafts
            .list
            .get()
            .into_iter()
            .filter(|d| d.life == life)
            .collect();
        list.sort_by(|a, b| b.changed_at.total_cmp(&a.changed_at));
        list
    };
    let row = move |draft: Draft| {
        let id = draft.id;
        let life = draft.life;
        let name = draft_name(&draft);
        let changed = changed_at_text(draft.changed_at);
        view! {
            <li class="draft-card">
                <h3><Link page=Page::Draft(id, DraftTask::Overview)>{show(name)}</Link></h3>
                <p class="hint">{move || tr(lang.get(), "最后修改：", "Last changed: ")}{changed}</p>
                <div class="actions">
                    {(life == Life::Active).then(|| view! {
                        <button type="button" class="secondary" on:click=move |_| {
                            if let Some(copy) = drafts.duplicate(id, copy_words(lang.get_untracked())) {
                                navigate(Page::Draft(copy, DraftTask::Overview));
                            }
                        }>{t("复制", "Duplicate")}</button>
                        <button type="button" class="secondary" on:click=move |_| {
                            drafts.edit_draft(id, |d| d.life = Life::Archived);
                        }>{t("归档", "Archive")}</button>
                    })}
                    {(life != Life::Active).then(|| view! {
                        <button type="button" class="secondary" on:click=move |_| {
                            drafts.edit_draft(id, |d| d.life = Life::Active);
                            deleted.set(None);
                        }>{t("恢复", "Restore")}</button>
                    })}
                    {(life != Life::Deleted).then(|| view! {
                        <button type="button" class="warning" on:click=move |_| {
                            if confirm_delete(lang.get_untracked()) {
                                drafts.edit_draft(id, |d| d.life = Life::Deleted);
                                deleted.set(Some(id));
                            }
                        }>{t("删除", "Delete")}</button>
                    })}
                </div>
            </li>
        }
    };
    let section = move |life: Life| {
        view! { <ul class="draft-list">{move || shown(life).into_iter().map(row).collect_view()}</ul> }
    };
    let undo = move || {
        deleted.get().map(|id| {
            view! {
                <p class="banner" role="status">
                    {t("已删除该草稿。", "Draft deleted.")}" "
                    <button type="button" class="link" on:click=move |_| {
                        drafts.edit_draft(id, |d| d.life = Life::Active);
                        deleted.set(None);
                    }>{t("撤销", "Undo")}</button>
                </p>
            }
        })
    };
    let count = move |life: Life| {
        drafts
            .list
            .with(|l| l.iter().filter(|d| d.life == life).count())
    };

    view! {
        <h1 tabindex="-1">{t("团体申报草稿", "Group application drafts")}</h1>
        <p>{t(
            "培训机构为学员准备团体申报名单：每位考生按通知逐条核对，费用自动合计。",
            "Training institutions prepare their group application here: each candidate is checked against the notice and the fees are totalled.",
        )}" "{move || {
            // Where the drafts are kept, as it is: only here, or here and synced.
            let synced = sync.account.with(|a| a.as_ref().is_some_and(|a| !a.signed_out));
            if synced {
                show(Bilingual::fixed(
                    "草稿保存在本设备，离线也能编辑，联网时同步到机构的其他设备。",
                    "Drafts are kept on this device, work offline, and sync with the institution's other devices when online.",
                ))
            } else {
                show(Bilingual::fixed(
                    "草稿只保存在本设备，离线也能编辑。",
                    "Drafts stay on this device and work offline.",
                ))
            }
        }}</p>
        <SaveStatus/>
        <p><Link page=Page::DraftsSync>{t("同步到机构的其他设备", "Sync with the institution's other devices")}</Link></p>
        {move || usage.get().map(|u| {
            let (used, available) = (size_text(u.used), size_text(u.available));
            let kept = if u.persistent {
                Bilingual::fixed("浏览器已同意长期保留草稿。", "The browser agreed to keep the drafts.")
            } else {
                Bilingual::fixed("浏览器在空间不足时可能清除草稿。", "The browser may clear the drafts when space runs short.")
            };
            view! { <p class="hint" data-testid="storage-usage">{move || Bilingual::new(format!("本设备已用 {used}，可用约 {available}。{}", kept.zh), format!("{used} used on this device, about {available} available. {}", kept.en)).get(lang.get()).to_owned()}</p> }
        })}
        {undo}
        <form class="stack new-draft" novalidate on:submit=create>
            <div class="field">
                <label for="new-draft-name">{t("机构名称", "Institution name")}</label>
                <input id="new-draft-name" type="text" autocomplete="organization"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
            </div>
            <button type="submit">{t("新建草稿", "New draft")}</button>
        </form>
        <h2>{t("进行中", "In progress")}</h2>
        {move || (!drafts.keeping.with(Keeping::is_opening) && count(Life::Active) == 0).then(|| view! {
            <p class="hint">{t("还没有草稿。", "No drafts yet.")}</p>
        })}
        {section(Life::Active)}
        <Show when=move || { count(Life::Archived) > 0 }>
            <details>
                <summary>{move || show_count(lang.get(), "已归档", "Archived", count(Life::Archived))}</summary>
                {section(Life::Archived)}
            </details>
        </Show>
        <Show when=move || { count(Life::Deleted) > 0 }>
            <details>
                <summary>{move || show_count(lang.get(), "已删除（可恢复）", "Deleted (can be restored)", count(Life::Deleted))}</summary>
                {section(Life::Deleted)}
            </details>
        </Show>
    }
}

fn show_count(lang: pingjia_rules::Lang, zh: &str, en: &str, n: usize) -> String {
    Bilingual::new(format!("{zh}（{n}）"), format!("{en} ({n})"))
        .get(lang)
        .to_owned()
}

fn copy_words(lang: pingjia_rules::Lang) -> (&'static str, &'static str) {
    ("", tr(lang, "（副本）", " (copy)"))
}

/// Asks before deleting; a deleted draft can still be restored from the list.
fn confirm_delete(lang: pingjia_rules::Lang) -> bool {
    let question = tr(
        lang,
        "删除这份草稿？删除后可在“已删除”中恢复。",
        "Delete this draft? You can restore it from \"Deleted\".",
    );
    window().confirm_with_message(question).unwrap_or(false)
}
