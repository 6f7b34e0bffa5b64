//! The operation log in IndexedDB (`ops`): every saved change, in the order it was made on this
//! device, written in the same transaction as the change itself (see `store`). The sync reads
//! it to fill its outbox (`crate::sync::local`).
//!
//! A save writes one log entry holding all of its changes, as an array of [`Operation`]s, not
//! one entry per record: every IndexedDB request has a fixed cost, and an import of thousands
//! of rows paid it twice per row. Entries written before that hold one change each; both
//! shapes are read.

use super::records::Operation;
use super::store::{StorageError, failed};
use indexed_db_futures::KeyRange;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// One log entry being gathered: the changes of one save (or of one step of a long save).
pub(crate) struct Entry(js_sys::Array);

impl Entry {
    pub(crate) fn new() -> Entry {
        Entry(js_sys::Array::new())
    }

    /// Adds the change of one record, from the object the record itself is stored as (so it is
    /// encoded once), in the shape [`Operation`] reads: `{ base_revision, record: { type,
    /// ...record } }`, `type` being "draft" or "candidate".
    pub(crate) fn push(
        &self,
        kind: &'static str,
        base_revision: u64,
        stored: &JsValue,
    ) -> Result<(), StorageError> {
        let tagged = js_sys::Object::assign(&js_sys::Object::new(), stored.unchecked_ref());
        let op = js_sys::Object::new();
        let set = |on: &js_sys::Object, name: &str, v: &JsValue| {
            js_sys::Reflect::set(on, &JsValue::from_str(name), v)
                .map(drop)
                .map_err(|_| failed("encode a log entry")(name))
        };
        set(&tagged, "type", &JsValue::from_str(kind))?;
        set(
            &op,
            "base_revision",
            &JsValue::from_f64(base_revision as f64),
        )?;
        set(&op, "record", &tagged)?;
        self.0.push(&op);
        Ok(())
    }

    /// Issues the entry's write in the caller's transaction (nothing when it holds no change);
    /// the transaction's commit fails if the write does.
    pub(crate) fn write(self, ops: &ObjectStore<'_>) -> Result<(), StorageError> {
        if self.0.length() == 0 {
            return Ok(());
        }
        drop(
            ops.put(JsValue::from(self.0))
                .primitive()
                .map_err(failed("log a change"))?,
        );
        Ok(())
    }
}

/// Where [`read`] starts to read the whole log: the log's keys are numbered from 1.
pub(crate) const FROM_THE_START: f64 = 0.0;

/// The changes logged after the entry keyed `after` ([`FROM_THE_START`] for all), oldest first,
/// and the key of the last entry read (`None` when there was none).
pub(crate) async fn read(
    ops: &ObjectStore<'_>,
    after: f64,
) -> Result<(Vec<Operation>, Option<f64>), StorageError> {
    let keys: Vec<f64> = ops
        .get_all_keys()
        .with_query::<f64, _>(KeyRange::LowerBound(after, true))
        .primitive()
        .map_err(failed("list the log"))?
        .await
        .map_err(failed("list the log"))?
        .collect::<Result<_, _>>()
        .map_err(failed("read a log key"))?;
    let entries: Vec<JsValue> = ops
        .get_all()
        .with_query::<f64, _>(KeyRange::LowerBound(after, true))
        .primitive()
        .map_err(failed("read the log"))?
        .await
        .map_err(failed("read the log"))?
        .collect::<Result<_, _>>()
        .map_err(failed("read the log"))?;
    let mut changes = Vec::with_capacity(entries.len());
    for entry in entries {
        if js_sys::Array::is_array(&entry) {
            let many: Vec<Operation> =
                serde_wasm_bindgen::from_value(entry).map_err(failed("decode a log entry"))?;
            changes.extend(many);
        } else {
            changes
                .push(serde_wasm_bindgen::from_value(entry).map_err(failed("decode a log entry"))?);
        }
    }
    Ok((changes, keys.last().copied()))
}
