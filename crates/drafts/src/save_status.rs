//! Where the drafts are kept and whether the last change is saved, as every drafts page says it,
//! with the way out when nothing can be kept (export a file) or a newer version took over
//! (reload).

use super::list::changed_at_text;
use super::state::{Keeping, SaveState, use_drafts};
use super::store::Cause;
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_shell::context::use_lang;
use pingjia_shell::router::{DraftTask, Link, Page};
use pingjia_shell::ui::t;

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
