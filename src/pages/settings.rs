//! 设置: language, larger text, high contrast, forgetting the last self-assessment, and the
//! sync server the drafts use (when it is not the deploy's own).

use crate::i18n::Lang;
use crate::self_assessment::use_self_assessment;
use leptos::prelude::*;
use pingjia_shell::context::{use_display, use_lang};
use pingjia_shell::local_storage::{self, SYNC_SERVER_KEY};
use pingjia_shell::ui::{show, t};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let lang = use_lang();
    let display = use_display();
    let forgotten = RwSignal::new(false);
    let answers = use_self_assessment();
    let has_saved = move || !answers.is_empty() || answers.set_aside.with(Option::is_some);
    view! {
        <h1 tabindex="-1">{t("设置", "Settings")}</h1>
        <fieldset>
            <legend>{t("语言", "Language")}</legend>
            {Lang::ALL.into_iter().map(|l| view! {
                <label class="choice" lang=l.tag()>
                    <input type="radio" name="settings-language" prop:checked=move || lang.get() == l on:change=move |_| lang.set(l)/>
                    {l.own_name()}
                </label>
            }).collect_view()}
        </fieldset>
        <fieldset>
            <legend>{t("显示", "Display")}</legend>
            <label class="choice">
                <input type="checkbox" id="large-text" prop:checked=move || display.get().large_text
                    on:change=move |_| display.update(|d| d.large_text = !d.large_text)/>
                {t("大字", "Larger text")}
            </label>
            <label class="choice">
                <input type="checkbox" id="high-contrast" prop:checked=move || display.get().high_contrast
                    on:change=move |_| display.update(|d| d.high_contrast = !d.high_contrast)/>
                {t("高对比度", "High contrast")}
            </label>
        </fieldset>
        <h2>{t("资格自测记录", "Saved self-assessment")}</h2>
        {move || answers.set_aside.get().map(|note| view! { <p class="banner" role="status">{show(note)}</p> })}
        <p>{move || if has_saved() {
            t("上次的资格自测答案保存在本机，下次打开可以继续。", "Your last self-assessment is kept on this device so you can come back to it.")()
        } else {
            t("本机没有保存的资格自测答案。", "No self-assessment is kept on this device.")()
        }}</p>
        <button type="button" class="secondary" disabled=move || !has_saved()
            on:click=move |_| { answers.clear(); forgotten.set(true); }>
            {t("清除资格自测记录", "Clear the self-assessment")}
        </button>
        <Show when=move || forgotten.get()>
            <p role="status">{t("已清除。", "Cleared.")}</p>
        </Show>
        <SyncServerSetting/>
    }
}

/// The sync server, for a deploy whose API is elsewhere than its `config.json` says.
#[component]
fn SyncServerSetting() -> impl IntoView {
    let value = RwSignal::new(local_storage::load_text(SYNC_SERVER_KEY).unwrap_or_default());
    let state = RwSignal::new(None::<bool>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = value.get_untracked();
        if typed.trim().is_empty() {
            local_storage::remove(SYNC_SERVER_KEY);
            state.set(Some(true));
        } else if let Some(origin) = pingjia_sync::origin::origin(&typed)
            && local_storage::save_text(SYNC_SERVER_KEY, origin)
        {
            value.set(origin.to_string());
            state.set(Some(true));
        } else {
            state.set(Some(false));
        }
    };
    view! {
        <h2>{t("同步服务器", "Sync server")}</h2>
        <form class="stack" novalidate on:submit=save>
            <div class="field">
                <label for="sync-server">{t("服务器地址（留空：使用本网站或部署时的设置）", "Server address (empty: this site, or the deploy's setting)")}</label>
                <p class="hint">{t("例如 https://sync.example.cn。只有管理员要求时才需要填写。", "For example https://sync.example.cn. Fill it in only when your administrator asks.")}</p>
                <input id="sync-server" type="url" inputmode="url" placeholder="https://" prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
            <button type="submit" class="secondary">{t("保存服务器地址", "Save the server address")}</button>
        </form>
        {move || match state.get() {
            Some(true) => Some(view! { <p role="status">{t("已保存。", "Saved.")}</p> }.into_any()),
            Some(false) => Some(view! { <p class="error-message" role="alert">{t(
                "地址应以 https:// 或 http:// 开头，只含主机名和端口，例如 https://sync.example.cn。",
                "Write the address as https:// or http:// and a host (and port) only, e.g. https://sync.example.cn.",
            )}</p> }.into_any()),
            None => None,
        }}
    }
}
