//! What the user chose, remembered on the device (localStorage through gloo-storage).

use crate::i18n::Lang;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const LANGUAGE_KEY: &str = "pingjia.language";
const DISPLAY_KEY: &str = "pingjia.display";
const SELF_ASSESSMENT_KEY: &str = "pingjia.self-assessment";

/// The language chosen last time; Chinese when none was chosen or the stored value is unreadable.
pub fn saved_language() -> Lang {
    LocalStorage::get(LANGUAGE_KEY).unwrap_or_default()
}

/// Remembers the language. A browser that refuses storage (private mode, quota) still switches
/// language for this visit; there is nothing the user could do about the refusal, so it is only logged.
pub fn save_language(lang: Lang) {
    save(LANGUAGE_KEY, &lang);
}

/// How the pages are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Display {
    pub large_text: bool,
    pub high_contrast: bool,
}

pub fn saved_display() -> Display {
    LocalStorage::get(DISPLAY_KEY).unwrap_or_default()
}

pub fn save_display(display: Display) {
    save(DISPLAY_KEY, &display);
}

/// The answers of the last self-assessment, if any were kept and can still be read.
pub fn saved_answers<T: for<'de> Deserialize<'de>>() -> Option<T> {
    LocalStorage::get(SELF_ASSESSMENT_KEY).ok()
}

pub fn save_answers<T: Serialize>(answers: &T) {
    save(SELF_ASSESSMENT_KEY, answers);
}

pub fn forget_answers() {
    LocalStorage::delete(SELF_ASSESSMENT_KEY);
}

fn save<T: Serialize>(key: &str, value: &T) {
    if let Err(err) = LocalStorage::set(key, value) {
        leptos::logging::warn!("could not remember {key}: {err}");
    }
}
