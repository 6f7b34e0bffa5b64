//! The root of the drafts program: its own copy of the contexts the app provides (language,
//! display, page, and the drafts), kept in step with the app around it.
//!
//! The app and this program are two WebAssembly modules on one page. They share the address
//! bar (each router follows `popstate`, and every navigation announces itself with one) and the
//! preferences (the app announces a change with `preferences::PREFERENCES_CHANGED`; this side
//! re-reads them from localStorage).

use super::state::provide_drafts;
use super::{CandidatePage, DraftPage, DraftsPage};
use leptos::prelude::*;
use pingjia_shell::context::provide_preferences;
use pingjia_shell::preferences::{self, PREFERENCES_CHANGED};
use pingjia_shell::router::{Page, provide_router};
use std::any::Any;
use std::cell::RefCell;

thread_local! {
    /// What the last [`mount`] showed; dropping it takes that view down.
    static MOUNTED: RefCell<Option<Box<dyn Any>>> = const { RefCell::new(None) };
}

/// Shows the drafts pages in `root`, taking down what an earlier call showed.
pub fn mount(root: web_sys::HtmlElement) {
    // The drafts are checked under the same notices as the app's answers (a second call,
    // at a later mount, changes nothing).
    pingjia_shell::kept_books::install();
    MOUNTED.with(|m| m.borrow_mut().take());
    let handle = leptos::mount::mount_to(root, DraftsArea);
    MOUNTED.with(|m| *m.borrow_mut() = Some(Box::new(handle)));
}

#[component]
pub fn DraftsArea() -> impl IntoView {
    let (lang, display) = provide_preferences();
    let page = provide_router();
    let drafts = provide_drafts();
    crate::sync::engine::provide_sync(drafts);
    let listener = window_event_listener_untyped(PREFERENCES_CHANGED, move |_| {
        lang.set(preferences::saved_language());
        display.set(preferences::saved_display());
    });
    on_cleanup(move || listener.remove());
    move || match page.get() {
        Page::Drafts => view! { <DraftsPage/> }.into_any(),
        Page::DraftsSync => view! { <crate::sync::SyncPage/> }.into_any(),
        Page::Draft(id, task) => view! { <DraftPage id=id task=task/> }.into_any(),
        Page::DraftCandidate(draft, candidate) => {
            view! { <CandidatePage draft=draft candidate=candidate/> }.into_any()
        }
        // The app takes the page down before another shows; nothing to draw meanwhile.
        _ => ().into_any(),
    }
}
