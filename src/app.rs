//! The root component: the page frame every tool sits in.

use crate::home::Home;
use crate::i18n::Lang;
use crate::preferences;
use leptos::prelude::*;

/// The language the interface is shown in, shared with every component through context.
#[derive(Clone, Copy)]
pub struct CurrentLang(pub RwSignal<Lang>);

/// The language signal provided by [`App`].
pub fn use_lang() -> RwSignal<Lang> {
    match use_context::<CurrentLang>() {
        Some(CurrentLang(lang)) => lang,
        // A component mounted on its own (as in a test) gets the saved language.
        None => RwSignal::new(preferences::saved_language()),
    }
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(preferences::saved_language());
    provide_context(CurrentLang(lang));

    Effect::new(move |_| {
        let lang = lang.get();
        preferences::save_language(lang);
        show_language_in_document(lang);
    });

    view! {
        <Header/>
        <main id="main">
            <Home/>
        </main>
    }
}

/// Keeps `<html lang>` and the tab title in step with the chosen language, so screen readers
/// pronounce the page right and the title matches what is shown.
fn show_language_in_document(lang: Lang) {
    let document = document();
    if let Some(html) = document.document_element() {
        // Setting a plain attribute on <html> cannot fail in a conforming browser.
        let _ = html.set_attribute("lang", lang.tag());
    }
    document.set_title(lang.text().document_title);
}

#[component]
fn Header() -> impl IntoView {
    let lang = use_lang();
    view! {
        <header class="site-header">
            <span class="app-name">{move || lang.get().text().app_name}</span>
            <LanguageSwitch/>
        </header>
    }
}

/// Two buttons, one per language; the pressed one is the current language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let buttons = Lang::ALL
        .into_iter()
        .map(|choice| {
            view! {
                <button
                    type="button"
                    lang=choice.tag()
                    aria-pressed=move || (lang.get() == choice).to_string()
                    on:click=move |_| lang.set(choice)
                >
                    {choice.own_name()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="language-switch" role="group" aria-label=move || lang.get().text().language_label>
            {buttons}
        </div>
    }
}
