//! 设置: language, larger text, high contrast, and forgetting the last self-assessment.

use crate::app::{use_display, use_lang};
use crate::i18n::Lang;
use crate::self_assessment::use_self_assessment;
use crate::ui::{show, t};
use leptos::prelude::*;

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
    }
}
