//! The one codec of the drafts' stores, as it is of the sync API's bodies: serde_json's text. A
//! value is kept as the object the browser's `JSON.parse` makes of that text and is read back
//! through `JSON.stringify`. So what is stored is exactly the JSON the server reads (None is
//! `null`, not a missing field), and one reader is compiled into the program instead of one per
//! way of crossing into the browser. Records earlier versions wrote field by field
//! (serde_wasm_bindgen, where None was left out) read back the same way.

use super::{StorageError, failed};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;

/// Records as IndexedDB keeps them, decoded all at once: the browser writes them as one JSON
/// text, which is read here in one pass. Decoding each object field by field from JavaScript
/// (`serde_wasm_bindgen`) crosses into the browser for every field and string.
pub(crate) fn decode_all<T: serde::de::DeserializeOwned>(
    stored: &js_sys::Array,
    what: &'static str,
) -> Result<Vec<T>, StorageError> {
    let text = js_sys::JSON::stringify(stored)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| failed(what)("the records cannot be written as JSON"))?;
    serde_json::from_str(&text).map_err(failed(what))
}

/// A record as the object IndexedDB keeps: serde_json's text, made an object by the browser's
/// `JSON.parse`, so what is stored is exactly the JSON that [`decode_all`] reads back (None is
/// `null`, not a missing field). Against building the object field by field
/// (`serde_wasm_bindgen`), saving 5,000 imported rows was no slower or faster beyond this
/// machine's noise.
pub(crate) fn encode<T: serde::Serialize>(value: &T) -> Result<JsValue, StorageError> {
    let text = serde_json::to_string(value).map_err(failed("encode a record"))?;
    js_sys::JSON::parse(&text).map_err(|_| failed("encode a record")("JSON.parse refused it"))
}

/// The record kept under `key` in `store`, if any; `what` names the read in an error.
pub(crate) async fn read<T: serde::de::DeserializeOwned>(
    store: &ObjectStore<'_>,
    key: impl Into<JsValue>,
    what: &'static str,
) -> Result<Option<T>, StorageError> {
    let stored: Option<JsValue> = store
        .get::<JsValue, _, _>(key.into())
        .primitive()
        .map_err(failed(what))?
        .await
        .map_err(failed(what))?;
    match stored {
        Some(value) if !value.is_undefined() => decode(&value, what).map(Some),
        _ => Ok(None),
    }
}

/// One value as IndexedDB keeps it, or as another part of the browser hands it over.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    stored: &JsValue,
    what: &'static str,
) -> Result<T, StorageError> {
    let text = js_sys::JSON::stringify(stored)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| failed(what)("the value cannot be written as JSON"))?;
    serde_json::from_str(&text).map_err(failed(what))
}

/// Issues the write of `value` under `key` in `store`, in the caller's transaction; the
/// request is returned for a caller that waits on it.
pub(crate) fn put<T: serde::Serialize>(
    store: &ObjectStore<'_>,
    key: impl Into<JsValue>,
    value: &T,
    what: &'static str,
) -> Result<indexed_db_futures::future::BasicRequest<JsValue>, StorageError> {
    store
        .put(encode(value)?)
        .with_key(key.into())
        .primitive()
        .map_err(failed(what))
}
