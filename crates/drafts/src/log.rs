//! The operation log in IndexedDB (`ops`): every saved change, in the order it was made on this
//! device, written in the same transaction as the change itself (see `store`). The sync reads
//! it to fill its outbox (`crate::sync::local`).
//!
//! A save writes one log entry holding all of its changes, not one entry per record: every
//! IndexedDB request has a fixed cost, and an import of thousands of rows paid it twice per
//! row. The entry is the JSON text of an array of [`Operation`]s: the browser copies a string
//! into the database far faster than the objects it would otherwise build and clone. Older
//! entries are read too: an array of operation objects, or one operation object.

use super::records::{Operation, Record};
use super::store::{StorageError, decode, failed};
use indexed_db_futures::KeyRange;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;

/// One log entry being gathered: the changes of one save (or of one step of a long save), as
/// the JSON text of an array of [`Operation`]s.
pub(crate) struct Entry(Vec<u8>);

impl Entry {
    pub(crate) fn new() -> Entry {
        Entry(Vec::new())
    }

    /// Adds the change of `record` (as it is saved) made on `base_revision`.
    pub(crate) fn push(&mut self, base_revision: u64, record: &Record) -> Result<(), StorageError> {
        #[derive(serde::Serialize)]
        struct Change<'a> {
            base_revision: u64,
            record: &'a Record,
        }
        self.0.push(if self.0.is_empty() { b'[' } else { b',' });
        serde_json::to_writer(
            &mut self.0,
            &Change {
                base_revision,
                record,
            },
        )
        .map_err(failed("log a change"))
    }

    /// Issues the entry's write in the caller's transaction (nothing when it holds no change);
    /// the transaction's commit fails if the write does.
    pub(crate) fn write(self, ops: &ObjectStore<'_>) -> Result<(), StorageError> {
        let Entry(mut text) = self;
        if text.is_empty() {
            return Ok(());
        }
        text.push(b']');
        let text = String::from_utf8(text).map_err(failed("log a change"))?;
        drop(
            ops.put(JsValue::from_str(&text))
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
        if let Some(text) = entry.as_string() {
            let many: Vec<Operation> =
                serde_json::from_str(&text).map_err(failed("decode a log entry"))?;
            changes.extend(many);
        } else if js_sys::Array::is_array(&entry) {
            let many: Vec<Operation> = decode(&entry, "decode a log entry")?;
            changes.extend(many);
        } else {
            changes.push(decode(&entry, "decode a log entry")?);
        }
    }
    Ok((changes, keys.last().copied()))
}
