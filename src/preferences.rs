//! What the user chose, remembered on the device in localStorage as JSON text.
//!
//! The browser writes and reads the JSON (`JSON.stringify`/`JSON.parse`); each value is mapped
//! to and from a plain JavaScript object here, field by field. A Rust JSON library (serde_json
//! with gloo-storage) cost about 21 KB brotli of the first download, a tenth of its budget. The
//! text is the same JSON that library wrote, so what earlier versions saved still reads, and a
//! field that cannot be read falls back alone instead of losing the rest.

use crate::i18n::Lang;
use crate::pages::eligibility::{Answers, Held, WorkRow};
use js_sys::{Array, JSON, Object, Reflect};
use pingjia_rules::codes::Code;
use wasm_bindgen::JsValue;

const LANGUAGE_KEY: &str = "pingjia.language";
const DISPLAY_KEY: &str = "pingjia.display";
const SELF_ASSESSMENT_KEY: &str = "pingjia.self-assessment";

/// The language chosen last time; Chinese when none was chosen or the stored value is unreadable.
pub fn saved_language() -> Lang {
    load(LANGUAGE_KEY)
        .and_then(|v| v.as_string())
        .and_then(|tag| Lang::ALL.into_iter().find(|l| l.tag() == tag))
        .unwrap_or_default()
}

/// Remembers the language. A browser that refuses storage (private mode, quota) still switches
/// language for this visit; there is nothing the user could do about the refusal, so it is only logged.
pub fn save_language(lang: Lang) {
    save(LANGUAGE_KEY, &JsValue::from_str(lang.tag()));
}

/// How the pages are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Display {
    pub large_text: bool,
    pub high_contrast: bool,
}

pub fn saved_display() -> Display {
    load(DISPLAY_KEY).map_or_else(Display::default, |v| Display {
        large_text: flag(&v, "large_text"),
        high_contrast: flag(&v, "high_contrast"),
    })
}

pub fn save_display(display: Display) {
    let o = Object::new();
    set(&o, "large_text", display.large_text.into());
    set(&o, "high_contrast", display.high_contrast.into());
    save(DISPLAY_KEY, &o);
}

/// The answers of the last self-assessment, if any were kept. The identity number is never
/// stored (see [`Answers::id_number`]).
pub fn saved_answers() -> Option<Answers> {
    load(SELF_ASSESSMENT_KEY).map(|v| answers_from_js(&v))
}

pub fn save_answers(answers: &Answers) {
    save(SELF_ASSESSMENT_KEY, &answers_to_js(answers));
}

pub fn forget_answers() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(SELF_ASSESSMENT_KEY);
    }
}

/// The stored answers as an object; `JSON.stringify` of it is what is kept.
pub fn answers_to_js(a: &Answers) -> JsValue {
    let o = Object::new();
    set(&o, "level", code_or_null(a.level));
    set(&o, "birth_date", a.birth_date.as_str().into());
    set(&o, "school", code_or_null(a.school));
    set(&o, "status", code_or_null(a.status));
    set(&o, "related_specialty", bool_or_null(a.related_specialty));
    set(&o, "assessed", bool_or_null(a.assessed));
    let work: Array = a
        .work
        .iter()
        .map(|w| {
            let row = Object::new();
            set(&row, "from", w.from.as_str().into());
            set(&row, "until", w.until.as_str().into());
            set(&row, "ongoing", w.ongoing.into());
            JsValue::from(row)
        })
        .collect();
    set(&o, "work", work.into());
    set(&o, "certificates", held_to_js(&a.certificates));
    set(&o, "titles", held_to_js(&a.titles));
    o.into()
}

/// Answers read back from a stored object; what is missing or unreadable is left empty.
pub fn answers_from_js(v: &JsValue) -> Answers {
    Answers {
        level: coded(v, "level"),
        birth_date: text(v, "birth_date"),
        id_number: String::new(),
        school: coded(v, "school"),
        status: coded(v, "status"),
        related_specialty: field(v, "related_specialty").as_bool(),
        assessed: field(v, "assessed").as_bool(),
        work: rows(v, "work")
            .map(|r| WorkRow {
                from: text(&r, "from"),
                until: text(&r, "until"),
                ongoing: flag(&r, "ongoing"),
            })
            .collect(),
        certificates: held_from_js(v, "certificates"),
        titles: held_from_js(v, "titles"),
    }
}

fn held_to_js<K: Code>(list: &[Held<K>]) -> JsValue {
    let rows: Array = list
        .iter()
        .map(|h| {
            let row = Object::new();
            set(&row, "kind", code_or_null(h.kind));
            set(&row, "since", h.since.as_str().into());
            JsValue::from(row)
        })
        .collect();
    rows.into()
}

fn held_from_js<K: Code>(v: &JsValue, name: &str) -> Vec<Held<K>> {
    rows(v, name)
        .map(|r| Held {
            kind: coded(&r, "kind"),
            since: text(&r, "since"),
        })
        .collect()
}

fn field(v: &JsValue, name: &str) -> JsValue {
    if v.is_object() {
        Reflect::get(v, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn set(o: &Object, name: &str, value: JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(name), &value);
}

fn text(v: &JsValue, name: &str) -> String {
    field(v, name).as_string().unwrap_or_default()
}

fn flag(v: &JsValue, name: &str) -> bool {
    field(v, name).as_bool().unwrap_or(false)
}

fn coded<K: Code>(v: &JsValue, name: &str) -> Option<K> {
    field(v, name).as_string().and_then(|c| K::from_code(&c))
}

fn rows(v: &JsValue, name: &str) -> impl Iterator<Item = JsValue> {
    let list = field(v, name);
    let items = if Array::is_array(&list) {
        Array::from(&list).to_vec()
    } else {
        Vec::new()
    };
    items.into_iter()
}

fn code_or_null<K: Code>(value: Option<K>) -> JsValue {
    value.map_or(JsValue::NULL, |k| k.code().into())
}

fn bool_or_null(value: Option<bool>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_bool)
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The parsed JSON stored under `key`, if there is any and it parses.
fn load(key: &str) -> Option<JsValue> {
    let text = local_storage()?.get_item(key).ok()??;
    JSON::parse(&text).ok()
}

fn save(key: &str, value: &JsValue) {
    let written = JSON::stringify(value)
        .ok()
        .map(String::from)
        .ok_or_else(|| "the value cannot be written as JSON".to_string())
        .and_then(|text| {
            local_storage()
                .ok_or_else(|| "localStorage is not available".to_string())?
                .set_item(key, &text)
                .map_err(|e| format!("{e:?}"))
        });
    if let Err(err) = written {
        leptos::logging::warn!("could not remember {key}: {err}");
    }
}
