//! The drafts in the browser's IndexedDB: one database, versioned stores, and every saved
//! change written together with its entry in the operation log, in one transaction — so the log
//! the sync sends can never miss a change or hold one that was not saved.
//!
//! Schema history (each step runs once, in order, inside the browser's upgrade transaction):
//! - v1: `drafts`, records under out-of-line string keys.
//! - v2: `candidates` (keyed by id, indexed `by_draft` on `draft_id`) and `ops` (the operation
//!   log, auto-numbered). v1's drafts are kept as they are; a draft without an `id` field takes
//!   its key (see [`DraftStore::drafts`]).
//! - v3: the sync's own stores: `sync` (this device's account), `outbox` (operations waiting
//!   for the server, by op id) and `conflicts` (by record id); see `crate::sync::local`.
//!
//! The log's entries changed shape without a schema step (the store is the same): a save now
//! writes one entry holding all its changes, where earlier versions wrote one per change;
//! `log::read` reads both.

use super::log;
use super::records::{CandidateRecord, Draft, Operation, Record, RecordId};
use indexed_db_futures::KeyPath;
use indexed_db_futures::database::Database;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use std::fmt;
use wasm_bindgen::JsValue;

/// The database's name in the browser.
pub const DATABASE_NAME: &str = "pingjia";

/// Raise this and add a step to `upgrade` whenever a store or index is added or changed.
pub const SCHEMA_VERSION: u32 = 3;

pub(crate) const DRAFTS: &str = "drafts";
pub(crate) const CANDIDATES: &str = "candidates";
const BY_DRAFT: &str = "by_draft";
pub(crate) const OPS: &str = "ops";
pub(crate) const SYNC: &str = "sync";
pub(crate) const OUTBOX: &str = "outbox";
pub(crate) const CONFLICTS: &str = "conflicts";

/// Why the browser could not keep or give back the drafts.
#[derive(Clone, Debug, PartialEq)]
pub struct StorageError {
    pub action: &'static str,
    pub detail: String,
    pub cause: Cause,
}

/// What is known of why a write failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The browser said the site's storage is full (QuotaExceededError).
    QuotaFull,
    /// The browser aborted the transaction at commit without a failed request. IndexedDB then
    /// keeps the reason on the transaction, which this crate's wrapper does not pass on; in
    /// practice it is the quota (seen with Chromium's quota override).
    Aborted,
    /// A newer version of the app, in another tab, upgraded the database past the schema this
    /// one knows (VersionError): a reload brings the newer version here too.
    NewerVersion,
    Other,
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IndexedDB could not {}: {}", self.action, self.detail)
    }
}

impl std::error::Error for StorageError {}

pub(crate) fn failed<E: fmt::Display>(action: &'static str) -> impl Fn(E) -> StorageError {
    move |err| {
        let detail = err.to_string();
        StorageError {
            action,
            cause: if detail.contains("QuotaExceeded") || detail.contains("quota") {
                Cause::QuotaFull
            } else if detail.contains("VersionError") {
                Cause::NewerVersion
            } else if detail.contains("aborted") {
                Cause::Aborted
            } else {
                Cause::Other
            },
            detail,
        }
    }
}

/// Issues the write of one record, with its revision raised, in an open transaction, and adds
/// the change to `entry`, the save's log entry, on the revision it was made on. Returns the
/// record's write, for a caller that needs to wait for one; the others are left to the
/// transaction, whose commit fails if any of them does (waiting on each costs a listener and an
/// event per write).
fn issue_put<'a>(
    drafts: &'a ObjectStore<'_>,
    candidates: &'a ObjectStore<'_>,
    entry: &log::Entry,
    record: &mut Record,
) -> Result<impl Future<Output = indexed_db_futures::Result<String>> + 'a, StorageError> {
    let base_revision = record.revision();
    record.raise_revision();
    let key = record.id().to_string();
    let (store, kind, value) = match &*record {
        Record::Draft(d) => (drafts, "draft", encode(&**d)?),
        Record::Candidate(c) => (candidates, "candidate", encode(&**c)?),
    };
    entry.push(kind, base_revision, &value)?;
    store
        .put(value)
        .with_key(key)
        .primitive()
        .map_err(failed("save a record"))
}

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

/// A record as the object IndexedDB keeps (the same shape `decode_all` reads back).
fn encode<T: serde::Serialize>(value: &T) -> Result<JsValue, StorageError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true))
        .map_err(failed("encode a record"))
}

/// How long one step of [`DraftStore::save_in_steps`] may go on issuing writes. At CPU 4× a
/// step of 40 records took 30 to 40 ms; steps of 8 ms (with imported rows added 25 at a time)
/// made adding and saving 5,000 rows about 60% slower, each step waiting for a write to come
/// back.
const STEP_MS: f64 = 16.0;

/// Closes a connection to the drafts database, so that another tab can upgrade it. The
/// transactions already started still finish; none can be started after.
pub struct Closer(Database);

impl Closer {
    pub fn close(self) {
        self.0.close();
    }
}

/// The open database of drafts.
pub struct DraftStore {
    db: Database,
}

impl DraftStore {
    /// Opens (creating or upgrading) the database called `name`, for a caller with nothing to
    /// say about other tabs: it lets go at once when a newer schema asks for the database.
    pub async fn open(name: &str) -> Result<DraftStore, StorageError> {
        Self::open_beside_other_tabs(name, || {}, Closer::close).await
    }

    /// Opens (creating or upgrading) the database called `name`, while other tabs may hold it.
    ///
    /// - `waiting` is called if another tab keeps the database open on an older schema and does
    ///   not let go (an older version of the app): this open then waits, with no end, until that
    ///   tab closes it or is closed.
    /// - `superseded` is called once, later, when another tab asks for the database on a newer
    ///   schema (or to delete it). It is handed this connection's closer, and must call it once
    ///   it has issued what it still needs to write: until then the other tab waits.
    pub async fn open_beside_other_tabs(
        name: &str,
        waiting: impl FnOnce() + 'static,
        superseded: impl FnOnce(Closer) + 'static,
    ) -> Result<DraftStore, StorageError> {
        let db = Database::open(name)
            .with_version(SCHEMA_VERSION)
            .with_on_blocked(move |_| {
                waiting();
                Ok(())
            })
            .with_on_upgrade_needed(|event, db| {
                let from = event.old_version() as u32;
                if from < 1 {
                    db.create_object_store(DRAFTS).build()?;
                }
                if from < 2 {
                    let candidates = db.create_object_store(CANDIDATES).build()?;
                    candidates
                        .create_index(BY_DRAFT, KeyPath::One("draft_id"))
                        .build()?;
                    db.create_object_store(OPS)
                        .with_auto_increment(true)
                        .build()?;
                }
                if from < 3 {
                    db.create_object_store(SYNC).build()?;
                    db.create_object_store(OUTBOX).build()?;
                    db.create_object_store(CONFLICTS).build()?;
                }
                Ok(())
            })
            .await
            .map_err(failed("open the database"))?;
        let mut changes = db
            .version_changes()
            .map_err(failed("watch for newer versions"))?;
        let closer = Closer(db.clone());
        wasm_bindgen_futures::spawn_local(async move {
            // `None`: the browser closed the connection itself (the site's data was cleared);
            // nothing waits for it then.
            if changes.recv().await.is_some() {
                superseded(closer);
            }
        });
        Ok(DraftStore { db })
    }

    /// The open database, for the sync's own stores (`crate::sync::local`).
    pub(crate) fn db(&self) -> &Database {
        &self.db
    }

    /// Closes the connection, so another (or a newer schema) can open the database.
    pub fn close(self) {
        self.db.close();
    }

    /// Every draft on this device, deleted ones included (the caller decides what to show).
    pub async fn drafts(&self) -> Result<Vec<Draft>, StorageError> {
        let tx = self
            .db
            .transaction(DRAFTS)
            .build()
            .map_err(failed("start a read"))?;
        let store = tx.object_store(DRAFTS).map_err(failed("open a store"))?;
        let keys: Vec<String> = store
            .get_all_keys()
            .primitive()
            .map_err(failed("list the drafts"))?
            .await
            .map_err(failed("list the drafts"))?
            .collect::<Result<_, _>>()
            .map_err(failed("read a draft's key"))?;
        let stored: js_sys::Array = store
            .get_all::<JsValue>()
            .primitive()
            .map_err(failed("read the drafts"))?
            .await
            .map_err(failed("read the drafts"))?
            .collect::<Result<_, _>>()
            .map_err(failed("read the drafts"))?;
        let values: Vec<Draft> = decode_all(&stored, "decode a draft")?;
        // Both lists come in key order, so they pair up; a v1 record takes its id from its key.
        Ok(keys
            .iter()
            .zip(values)
            .map(|(key, mut draft)| {
                if draft.id == RecordId(0)
                    && let Some(id) = RecordId::parse(key)
                {
                    draft.id = id;
                }
                draft
            })
            .collect())
    }

    /// The candidates of one draft, deleted ones included, in roster order.
    pub async fn candidates(&self, draft: RecordId) -> Result<Vec<CandidateRecord>, StorageError> {
        let tx = self
            .db
            .transaction(CANDIDATES)
            .build()
            .map_err(failed("start a read"))?;
        let store = tx
            .object_store(CANDIDATES)
            .map_err(failed("open a store"))?;
        let index = store.index(BY_DRAFT).map_err(failed("open an index"))?;
        let stored: js_sys::Array = index
            .get_all::<JsValue>()
            .with_query(draft.to_string())
            .primitive()
            .map_err(failed("read the candidates"))?
            .await
            .map_err(failed("read the candidates"))?
            .collect::<Result<_, _>>()
            .map_err(failed("read the candidates"))?;
        let mut found: Vec<CandidateRecord> = decode_all(&stored, "decode a candidate")?;
        found.sort_by_key(|c| c.position);
        Ok(found)
    }

    /// Saves each record with its revision raised by one, and logs each change, all in one
    /// transaction: either every record and its log entry are kept, or none is. Returns the
    /// records as saved (with their new revisions).
    ///
    /// Every request is issued, and the commit asked for, before the first await: a save
    /// started as the page is hidden or reloaded completes in the browser even if no more of
    /// this code runs. So nothing is read first; a change made in another tab on the same
    /// revision is logged on that same base revision, where the sync can tell the two apart.
    pub async fn save(&self, records: Vec<Record>) -> Result<Vec<Record>, StorageError> {
        let tx = self
            .db
            .transaction([DRAFTS, CANDIDATES, OPS])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed("start a write"))?;
        let drafts = tx.object_store(DRAFTS).map_err(failed("open a store"))?;
        let candidates = tx
            .object_store(CANDIDATES)
            .map_err(failed("open a store"))?;
        let ops = tx.object_store(OPS).map_err(failed("open a store"))?;
        let mut saved = Vec::with_capacity(records.len());
        let entry = log::Entry::new();
        let issued = records
            .into_iter()
            .try_for_each(|mut record| {
                drop(issue_put(&drafts, &candidates, &entry, &mut record)?);
                saved.push(record);
                Ok(())
            })
            .and_then(|()| entry.write(&ops));
        drop((drafts, candidates, ops));
        if let Err(err) = issued {
            // Left alone, the transaction would commit the writes already issued.
            let _ = tx.abort().await;
            return Err(err);
        }
        // Asked for before the first await: the commit happens in the browser even if the page
        // goes before this code resumes.
        tx.commit().await.map_err(failed("commit the changes"))?;
        Ok(saved)
    }

    /// Saves like [`DraftStore::save`], all in one transaction, but issues the writes in steps
    /// of at most `step` records, or fewer once [`STEP_MS`] have passed (on a slow phone a fixed
    /// count makes tasks too long for the page to answer at once, and a pause to collect garbage
    /// on top of one is longer still), encoding the next step once the first write of the last
    /// is done.
    /// Between steps the browser draws and answers input, and the transaction stays open (a
    /// write is always pending), so thousands of imported rows are kept all together or not at
    /// all.
    /// Unlike `save`, a page that goes away before the last step is issued keeps none of them.
    pub async fn save_in_steps(
        &self,
        records: Vec<Record>,
        step: usize,
    ) -> Result<(), StorageError> {
        let tx = self
            .db
            .transaction([DRAFTS, CANDIDATES, OPS])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed("start a write"))?;
        let drafts = tx.object_store(DRAFTS).map_err(failed("open a store"))?;
        let candidates = tx
            .object_store(CANDIDATES)
            .map_err(failed("open a store"))?;
        let ops = tx.object_store(OPS).map_err(failed("open a store"))?;
        let issued = async {
            let mut records = records.into_iter().peekable();
            while records.peek().is_some() {
                let mut first = None;
                let entry = log::Entry::new();
                let started = js_sys::Date::now();
                for (n, mut record) in records.by_ref().enumerate() {
                    let put = issue_put(&drafts, &candidates, &entry, &mut record)?;
                    first.get_or_insert(put);
                    if n + 1 >= step || js_sys::Date::now() - started >= STEP_MS {
                        break;
                    }
                }
                entry.write(&ops)?;
                // Back in the callback of this step's first write, with the rest still
                // pending: the transaction is active, and the browser writes the rest while
                // the next step is encoded.
                if records.peek().is_some()
                    && let Some(put) = first
                {
                    put.await.map_err(failed("save a record"))?;
                }
            }
            Ok::<(), StorageError>(())
        }
        .await;
        drop((drafts, candidates, ops));
        if let Err(err) = issued {
            // Left alone, the transaction would commit the steps already issued.
            let _ = tx.abort().await;
            return Err(err);
        }
        tx.commit().await.map_err(failed("commit the changes"))
    }

    /// The operation log, oldest first: one change per record saved.
    pub async fn operations(&self) -> Result<Vec<Operation>, StorageError> {
        let tx = self
            .db
            .transaction(OPS)
            .build()
            .map_err(failed("start a read"))?;
        let store = tx.object_store(OPS).map_err(failed("open a store"))?;
        Ok(log::read(&store, log::FROM_THE_START).await?.0)
    }
}
