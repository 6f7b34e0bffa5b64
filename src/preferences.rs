//! What the user chose, remembered on the device (localStorage through gloo-storage).

use crate::i18n::Lang;
use gloo_storage::{LocalStorage, Storage};

const LANGUAGE_KEY: &str = "pingjia.language";

/// The language chosen last time; Chinese when none was chosen or the stored value is unreadable.
pub fn saved_language() -> Lang {
    LocalStorage::get(LANGUAGE_KEY).unwrap_or_default()
}

/// Remembers the language. A browser that refuses storage (private mode, quota) still switches
/// language for this visit; there is nothing the user could do about the refusal, so it is only logged.
pub fn save_language(lang: Lang) {
    if let Err(err) = LocalStorage::set(LANGUAGE_KEY, lang) {
        leptos::logging::warn!("could not remember the language: {err}");
    }
}
