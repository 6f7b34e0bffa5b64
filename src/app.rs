//! The root component: the page frame every tool sits in, and the choices shared by all pages.

use crate::drafts_loader::DraftsLoader;
use crate::home::Home;
use crate::i18n::Lang;
use crate::pages::conduct::ConductPage;
use crate::pages::eligibility::EligibilityPage;
use crate::pages::fees::FeesPage;
use crate::pages::results::ResultsPage;
use crate::pages::retake::RetakePage;
use crate::pages::service::ServicePage;
use crate::pages::sessions::SessionsPage;
use crate::pages::settings::SettingsPage;
use crate::rulebook_updates::{RulebookNews, RulebooksPage};
use crate::self_assessment::provide_self_assessment;
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_shell::context::{provide_preferences, use_lang};
use pingjia_shell::preferences;
use pingjia_shell::router::{Link, Page, provide_router};
use pingjia_shell::ui::{t, tr};

#[component]
pub fn App() -> impl IntoView {
    let (lang, display) = provide_preferences();
    let page = provide_router();
    provide_self_assessment();

    Effect::new(move |_| {
        let lang = lang.get();
        preferences::save_language(lang);
        preferences::announce_change();
        show_in_document(lang, page.get());
    });
    Effect::new(move |_| {
        let display = display.get();
        preferences::save_display(display);
        preferences::announce_change();
        if let Some(html) = document().document_element() {
            let classes = html.class_list();
            let _ = classes.toggle_with_force("large-text", display.large_text);
            let _ = classes.toggle_with_force("high-contrast", display.high_contrast);
        }
    });
    // After a move to another page (not on the first load), put focus on its heading so a
    // screen reader announces the new page and Tab starts from there.
    Effect::new(move |previous: Option<Page>| {
        let current = page.get();
        if previous.is_some_and(|p| p != current) {
            request_animation_frame(|| {
                if let Ok(Some(h1)) = document().query_selector("main h1")
                    && let Ok(h1) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h1)
                {
                    let _ = h1.focus();
                }
            });
        }
        current
    });

    // Every drafts page is one view here: the drafts program moves between them itself, so
    // it is not taken down and loaded again at each of its links.
    let shown = Memo::new(move |_| match page.get() {
        Page::Draft(..) | Page::DraftCandidate(..) | Page::DraftsSync => Page::Drafts,
        other => other,
    });

    view! {
        <a class="skip-link" href="#main">{t("跳到正文", "Skip to content")}</a>
        <Header/>
        <RulebookNews/>
        <main id="main">
            {move || match shown.get() {
                Page::Home => view! { <Home/> }.into_any(),
                Page::Eligibility(step) => view! { <EligibilityPage step=step/> }.into_any(),
                Page::Fees => view! { <FeesPage/> }.into_any(),
                Page::Sessions => view! { <SessionsPage/> }.into_any(),
                Page::Retake => view! { <RetakePage/> }.into_any(),
                Page::Results => view! { <ResultsPage/> }.into_any(),
                Page::Service => view! { <ServicePage/> }.into_any(),
                Page::Conduct => view! { <ConductPage/> }.into_any(),
                Page::Settings => view! { <SettingsPage/> }.into_any(),
                Page::Rulebooks => view! { <RulebooksPage/> }.into_any(),
                Page::Drafts | Page::Draft(..) | Page::DraftCandidate(..) | Page::DraftsSync => {
                    view! { <DraftsLoader/> }.into_any()
                }
                Page::NotFound => view! { <NotFound/> }.into_any(),
            }}
        </main>
        <footer class="site-footer no-print">
            <Link page=Page::Settings>{t("设置", "Settings")}</Link>
            <Link page=Page::Rulebooks>{move || {
                let notice = pingjia_rules::rulebook::current().notice;
                Bilingual::new(format!("依据{notice}"), format!("Based on notice {notice}")).get(lang.get()).to_owned()
            }}</Link>
        </footer>
    }
}

/// The page's name in the tab, in the current language.
fn page_title(lang: Lang, page: Page) -> &'static str {
    match page {
        Page::Home | Page::NotFound => "",
        Page::Eligibility(_) => tr(lang, "资格自测", "Eligibility"),
        Page::Fees => tr(lang, "费用", "Fees"),
        Page::Sessions => tr(lang, "考期", "Sessions"),
        Page::Retake => tr(lang, "补考", "Retakes"),
        Page::Results => tr(lang, "成绩与证书", "Results and certificates"),
        Page::Service => tr(lang, "办事指南", "Service window"),
        Page::Conduct => tr(lang, "考场纪律", "Exam rules"),
        Page::Settings => tr(lang, "设置", "Settings"),
        Page::Rulebooks => tr(lang, "规则版本", "Rulebooks"),
        Page::Drafts | Page::Draft(..) | Page::DraftCandidate(..) => {
            tr(lang, "团体申报", "Group applications")
        }
        Page::DraftsSync => tr(lang, "同步", "Sync"),
    }
}

/// Keeps `<html lang>` and the tab title in step with the language and the page, so screen
/// readers pronounce the page right and the title says where one is.
fn show_in_document(lang: Lang, page: Page) {
    let document = document();
    if let Some(html) = document.document_element() {
        // Setting a plain attribute on <html> cannot fail in a conforming browser.
        let _ = html.set_attribute("lang", lang.tag());
    }
    let app = crate::i18n::text(lang).document_title;
    match page_title(lang, page) {
        "" => document.set_title(app),
        name => document.set_title(&format!("{name} · {app}")),
    }
}

#[component]
fn Header() -> impl IntoView {
    let lang = use_lang();
    view! {
        <header class="site-header">
            <Link page=Page::Home class="app-name">{move || crate::i18n::text(lang.get()).app_name}</Link>
            <LanguageSwitch/>
            <ConnectionStatus/>
        </header>
    }
}

/// Says so while the device is offline. Every tool answers from the app itself, so this only
/// informs; it is not an error.
#[component]
fn ConnectionStatus() -> impl IntoView {
    let online = RwSignal::new(window().navigator().on_line());
    let up = window_event_listener(leptos::ev::online, move |_| online.set(true));
    let down = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        up.remove();
        down.remove();
    });
    view! {
        <Show when=move || !online.get()>
            <p class="connection" role="status">
                {t("离线：本工具照常可用", "Offline: the tools still work")}
            </p>
        </Show>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1 tabindex="-1">{t("找不到这个页面", "Page not found")}</h1>
        <p><Link page=Page::Home>{t("回到首页", "Go to the home page")}</Link></p>
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
        <div class="language-switch" role="group" aria-label=move || crate::i18n::text(lang.get()).language_label>
            {buttons}
        </div>
    }
}
