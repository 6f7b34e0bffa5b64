//! The contexts every component below a program's root reads: the language and the display,
//! chosen on this device and kept by `preferences`.

use crate::preferences::{self, Display};
use leptos::prelude::*;
use pingjia_rules::Lang;

/// The language the interface is shown in, shared with every component through context.
#[derive(Clone, Copy)]
pub struct CurrentLang(pub RwSignal<Lang>);

/// Larger text and high contrast, shared through context.
#[derive(Clone, Copy)]
pub struct CurrentDisplay(pub RwSignal<Display>);

/// A context every component below a program's root has. Without it a component would follow a signal
/// nobody sets (a link would change the address but not the page), so its absence is a bug in
/// how the tree was built, never a fallback. (Leptos's `expect_context` does the same, but its
/// message formats the type name with `{:?}`, which brings Unicode tables into the download.)
pub fn provided<T: Clone + 'static>() -> T {
    match use_context::<T>() {
        Some(value) => value,
        None => missing(std::any::type_name::<T>()),
    }
}

#[cold]
#[allow(
    clippy::panic,
    reason = "a context missing is a bug in how the component tree was built, found in the first test that mounts it"
)]
fn missing(name: &str) -> ! {
    panic!(
        "no {name} in context: mount the component under the program's root, or provide it first"
    )
}

/// The language signal provided by [`provide_preferences`].
pub fn use_lang() -> RwSignal<Lang> {
    provided::<CurrentLang>().0
}

pub fn use_display() -> RwSignal<Display> {
    provided::<CurrentDisplay>().0
}

/// The language and display chosen on this device, shared with every component below; what
/// each program's root does first, and what a test mounting one component does.
pub fn provide_preferences() -> (RwSignal<Lang>, RwSignal<Display>) {
    let lang = RwSignal::new(preferences::saved_language());
    provide_context(CurrentLang(lang));
    let display = RwSignal::new(preferences::saved_display());
    provide_context(CurrentDisplay(display));
    (lang, display)
}
