//! localStorage as JSON text, with plain JavaScript objects read and written field by field.
//!
//! The browser writes and reads the JSON (`JSON.stringify`/`JSON.parse`); values are mapped to
//! and from objects by the helpers here. A Rust JSON library (serde_json with gloo-storage) cost
//! about 21 KB brotli of the first download, a tenth of its budget. A field that cannot be read
//! falls back alone instead of losing the rest.

use js_sys::{Array, JSON, Object, Reflect};
use pingjia_rules::codes::Code;
use wasm_bindgen::JsValue;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The parsed JSON stored under `key`, if there is any and it parses.
/// The sync server chosen in Settings (`https://host`), read by the drafts' sync.
pub const SYNC_SERVER_KEY: &str = "pingjia.sync_server";

pub fn load(key: &str) -> Option<JsValue> {
    parse(&load_text(key)?)
}

/// The text stored under `key`, as it is.
pub fn load_text(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn parse(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok()
}

/// Keeps `text` under `key` as it is; false when the browser refused.
pub fn save_text(key: &str, text: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, text).is_ok())
}

/// Keeps `value` under `key`. A browser that refuses storage (private mode, quota) still works
/// for this visit; there is nothing the user could do about the refusal, so it is only logged.
pub fn save(key: &str, value: &JsValue) {
    let written = JSON::stringify(value)
        .ok()
        .map(String::from)
        .ok_or_else(|| "the value cannot be written as JSON".to_string())
        .and_then(|text| {
            storage()
                .ok_or_else(|| "localStorage is not available".to_string())?
                .set_item(key, &text)
                .map_err(|e| format!("{e:?}"))
        });
    if let Err(err) = written {
        leptos::logging::warn!("could not remember {key}: {err}");
    }
}

pub fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

pub fn field(v: &JsValue, name: &str) -> JsValue {
    if v.is_object() {
        Reflect::get(v, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

pub fn set(o: &Object, name: &str, value: JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(name), &value);
}

pub fn text(v: &JsValue, name: &str) -> String {
    field(v, name).as_string().unwrap_or_default()
}

pub fn flag(v: &JsValue, name: &str) -> bool {
    field(v, name).as_bool().unwrap_or(false)
}

pub fn coded<K: Code>(v: &JsValue, name: &str) -> Option<K> {
    field(v, name).as_string().and_then(|c| K::from_code(&c))
}

/// The items of the list `name`; none if it is missing or not a list.
pub fn rows(v: &JsValue, name: &str) -> impl Iterator<Item = JsValue> {
    let list = field(v, name);
    let items = if Array::is_array(&list) {
        Array::from(&list).to_vec()
    } else {
        Vec::new()
    };
    items.into_iter()
}

pub fn code_or_null<K: Code>(value: Option<K>) -> JsValue {
    value.map_or(JsValue::NULL, |k| k.code().into())
}

pub fn bool_or_null(value: Option<bool>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_bool)
}
