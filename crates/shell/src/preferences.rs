//! What the user chose — the language and the display — remembered on the device.

use crate::local_storage::{self, flag, set};
use js_sys::Object;
use pingjia_rules::Lang;
use wasm_bindgen::JsValue;

const LANGUAGE_KEY: &str = "pingjia.language";
/// Dispatched on `window` after the language or display changed, so the drafts program (a
/// second WebAssembly module on the page, `drafts/area.rs`) re-reads them.
pub const PREFERENCES_CHANGED: &str = "pingjia-preferences";
const DISPLAY_KEY: &str = "pingjia.display";

/// The language chosen last time; Chinese when none was chosen or the stored value is unreadable.
pub fn saved_language() -> Lang {
    local_storage::load(LANGUAGE_KEY)
        .and_then(|v| v.as_string())
        .and_then(|tag| Lang::ALL.into_iter().find(|l| l.tag() == tag))
        .unwrap_or_default()
}

pub fn save_language(lang: Lang) {
    local_storage::save(LANGUAGE_KEY, &JsValue::from_str(lang.tag()));
}

/// How the pages are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Display {
    pub large_text: bool,
    pub high_contrast: bool,
}

pub fn saved_display() -> Display {
    local_storage::load(DISPLAY_KEY).map_or_else(Display::default, |v| Display {
        large_text: flag(&v, "large_text"),
        high_contrast: flag(&v, "high_contrast"),
    })
}

pub fn save_display(display: Display) {
    let o = Object::new();
    set(&o, "large_text", display.large_text.into());
    set(&o, "high_contrast", display.high_contrast.into());
    local_storage::save(DISPLAY_KEY, &o);
}

/// Tells the other module on the page that the preferences changed (see [`PREFERENCES_CHANGED`]).
pub fn announce_change() {
    if let Ok(event) = web_sys::Event::new(PREFERENCES_CHANGED) {
        let _ = web_sys::window().map(|w| w.dispatch_event(&event));
    }
}
