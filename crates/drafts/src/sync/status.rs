//! A draft's sync status, in a sentence: only on this device, waiting (n changes), synced at
//! HH:MM, a conflict to settle, or refused with the server's reason; and "立即同步".

use super::engine::{Activity, use_sync};
use crate::list::changed_at_text;
use crate::records::RecordId;
use crate::state::{SaveState, use_drafts};
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_shell::router::{DraftTask, Link, Page};
use pingjia_shell::ui::{show, t};

#[component]
pub fn DraftSyncStatus(id: RecordId) -> impl IntoView {
    let sync = use_sync();
    let drafts = use_drafts();
    let sentence = move || {
        let account = sync.account.get();
        let pending = sync.pending.get();
        let Some(account) = account else {
            return Bilingual::fixed(
                "仅保存在本设备（未开通同步）。",
                "Only on this device (sync is not set up).",
            );
        };
        if account.signed_out || sync.activity.get() == Activity::SignedOut {
            return Bilingual::fixed(
                "本设备已退出同步账户，修改只保存在本设备。",
                "This device was signed out of sync; changes stay on this device.",
            );
        }
        let conflicts = pending
            .conflicts
            .iter()
            .filter(|c| c.draft_id == id)
            .count();
        if conflicts > 0 {
            return Bilingual::new(
                format!("同步冲突：{conflicts} 条记录在两台设备上都被修改，请选择保留哪些内容。"),
                format!(
                    "Sync conflict: {conflicts} record(s) changed on two devices; choose what to keep."
                ),
            );
        }
        if let Some(refused) = account.rejected.iter().find(|r| r.draft_id == id) {
            return Bilingual::new(
                format!("服务器拒收了一项修改：{}", refused.message.zh),
                format!("The server refused a change: {}", refused.message.en),
            );
        }
        // A change typed but not yet saved here is waiting too (it is sent once saved).
        let unsaved = drafts.open.get() == Some(id) && drafts.saved.get() == SaveState::Pending;
        let waiting = pending.changes.get(&id).copied().unwrap_or(0) + usize::from(unsaved);
        if waiting > 0 {
            let why = match sync.activity.get() {
                Activity::Offline => Bilingual::fixed(
                    "（暂时无法连接服务器，联网后自动同步）",
                    " (the server cannot be reached; it syncs once online)",
                ),
                Activity::Failed(message) => {
                    Bilingual::new(format!("（{}）", message.zh), format!(" ({})", message.en))
                }
                Activity::Syncing => Bilingual::fixed("（正在同步）", " (syncing)"),
                _ => Bilingual::fixed("", ""),
            };
            return Bilingual::new(
                format!("等待同步（{waiting} 项修改）{}", why.zh),
                format!("Waiting to sync ({waiting} change(s)){}", why.en),
            );
        }
        if account.synced_at > 0.0 {
            let at = changed_at_text(account.synced_at);
            let time = at.split(' ').nth(1).unwrap_or(&at).to_string();
            return Bilingual::new(format!("已同步 {time}"), format!("Synced at {time}"));
        }
        Bilingual::fixed("尚未同步。", "Not synced yet.")
    };
    let has_conflicts = move || {
        sync.pending
            .with(|p| p.conflicts.iter().any(|c| c.draft_id == id))
    };
    let has_account = move || {
        sync.account
            .with(|a| a.as_ref().is_some_and(|a| !a.signed_out))
    };
    view! {
        <div class="sync-status" role="status" data-sync-status="">
            <p>{move || show(sentence())}</p>
            <Show when=has_conflicts>
                <Link page=Page::Draft(id, DraftTask::Conflicts)>{t("查看并解决冲突", "Review and settle the conflicts")}</Link>
            </Show>
            <Show when=has_account fallback=move || view! {
                <Link page=Page::DraftsSync>{t("开通或加入同步", "Set up or join sync")}</Link>
            }>
                <button type="button" class="secondary" on:click=move |_| sync.now()>{t("立即同步", "Sync now")}</button>
            </Show>
        </div>
    }
}
