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
//! - v4: `candidate_batches` (indexed `by_draft`): candidates as first saved, many to a record
//!   (see `super::batches`). Candidates already kept in `candidates` stay there; a candidate's
//!   copies in the two stores are read together, the highest revision kept.
//!
//! The log's entries changed shape without a schema step (the store is the same): a save now
//! writes one entry holding all its changes as JSON text, where earlier versions wrote an array
//! of objects, and before that one object per change; `log::read` reads all three.

use super::batches::{self, Batch};
use super::log;
use super::records::{CandidateRecord, Draft, Operation, Record, RecordId};
use indexed_db_futures::KeyPath;
use indexed_db_futures::database::Database;
use indexed_db_futures::future::{BasicRequest, GetAllPrimitiveRequest};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use wasm_bindgen::JsValue;

/// The database's name in the browser.
pub const DATABASE_NAME: &str = "pingjia";

/// Raise this and add a step to `upgrade` whenever a store or index is added or changed.
pub const SCHEMA_VERSION: u32 = 4;

pub(crate) const DRAFTS: &str = "drafts";
pub(crate) const CANDIDATES: &str = "candidates";
pub(crate) const CANDIDATE_BATCHES: &str = "candidate_batches";
pub(crate) const BY_DRAFT: &str = "by_draft";
pub(crate) const OPS: &str = "ops";
pub(crate) const SYNC: &str = "sync";
pub(crate) const OUTBOX: &str = "outbox";
pub(crate) const CONFLICTS: &str = "conflicts";

mod codec;
mod errors;
mod transactions;

pub(crate) use codec::{decode, decode_all, encode, put, read};
pub(crate) use errors::failed;
pub use errors::{Cause, StorageError};
pub(crate) use transactions::open_store;

/// The writes of one save, issued in an open transaction: each record's write, and its change
/// in the save's log entry, on the revision it was made on. The writes are left to the
/// transaction, whose commit fails if any of them does (waiting on each costs a listener and an
/// event per write); `issue` and `end_step` return the write they issued, if any, for a caller
/// that needs to wait for one.
struct Writes<'a> {
    drafts: ObjectStore<'a>,
    candidates: ObjectStore<'a>,
    batches: ObjectStore<'a>,
    ops: ObjectStore<'a>,
    entry: log::Entry,
    /// New candidates, written together by [`Writes::end_step`] (see `super::batches`).
    batch: Batch,
}

type Write = BasicRequest<String>;

impl<'a> Writes<'a> {
    fn new(tx: &'a Transaction<'_>) -> Result<Writes<'a>, StorageError> {
        let open = |name| open_store(tx, name);
        Ok(Writes {
            drafts: open(DRAFTS)?,
            candidates: open(CANDIDATES)?,
            batches: open(CANDIDATE_BATCHES)?,
            ops: open(OPS)?,
            entry: log::Entry::new(),
            batch: Batch::default(),
        })
    }

    /// Raises the record's revision and issues its write: a candidate never saved before
    /// joins the batch, any other record is written under its id.
    fn issue(&mut self, record: &mut Record) -> Result<Option<Write>, StorageError> {
        let base_revision = record.revision();
        record.raise_revision();
        self.entry.push(base_revision, record)?;
        let (store, value) = match &*record {
            Record::Candidate(c) if base_revision == 0 => {
                return self.batch.add(&self.batches, c);
            }
            Record::Draft(d) => (&self.drafts, encode(&**d)?),
            Record::Candidate(c) => (&self.candidates, encode(&**c)?),
        };
        store
            .put(value)
            .with_key(record.id().to_string())
            .primitive()
            .map(Some)
            .map_err(failed("save a record"))
    }

    /// Issues the writes gathered so far: the batch of new candidates and the log entry.
    fn end_step(&mut self) -> Result<Option<Write>, StorageError> {
        let written = self.batch.write(&self.batches)?;
        std::mem::replace(&mut self.entry, log::Entry::new()).write(&self.ops)?;
        Ok(written)
    }
}

/// Everything `store` (one indexed `by_draft`) keeps for `draft`, as stored.
pub(crate) async fn of_draft(
    tx: &Transaction<'_>,
    store: &str,
    draft: RecordId,
) -> Result<js_sys::Array, StorageError> {
    received(ask_of_draft(tx, store, draft)?).await
}

/// Asks for everything `store` keeps for `draft`: the request is made now, its answer awaited
/// with [`received`]. Two asked for one after the other are answered back to back, and the first
/// can be decoded while the second comes.
fn ask_of_draft(
    tx: &Transaction<'_>,
    store: &str,
    draft: RecordId,
) -> Result<GetAllPrimitiveRequest<JsValue>, StorageError> {
    let store = open_store(tx, store)?;
    let index = store.index(BY_DRAFT).map_err(failed("open an index"))?;
    index
        .get_all::<JsValue>()
        .with_query(draft.to_string())
        .primitive()
        .map_err(failed("read the candidates"))
}

async fn received(request: GetAllPrimitiveRequest<JsValue>) -> Result<js_sys::Array, StorageError> {
    request
        .await
        .map_err(failed("read the candidates"))?
        .collect::<Result<_, _>>()
        .map_err(failed("read the candidates"))
}

/// How long one step of [`DraftStore::save_in_steps`] may go on issuing writes. At CPU 4×, when
/// every candidate was a write of its own, a step of 40 records took 30 to 40 ms; steps of 8 ms
/// (with imported rows added 25 at a time) made adding and saving 5,000 rows about 60% slower,
/// each step waiting for a write to come back.
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
                if from < 4 {
                    db.create_object_store(CANDIDATE_BATCHES)
                        .build()?
                        .create_index(BY_DRAFT, KeyPath::One("draft_id"))
                        .build()?;
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
        let tx = self.reading(DRAFTS)?;
        let store = open_store(&tx, DRAFTS)?;
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

    /// The candidates of one draft, deleted ones included, in roster order: of each, the copy
    /// with the highest revision, from its batch or written alone.
    pub async fn candidates(&self, draft: RecordId) -> Result<Vec<CandidateRecord>, StorageError> {
        let tx = self.reading([CANDIDATES, CANDIDATE_BATCHES])?;
        let batched = ask_of_draft(&tx, CANDIDATE_BATCHES, draft)?;
        let single = ask_of_draft(&tx, CANDIDATES, draft)?;
        let batched = batches::decode(&received(batched).await?)?;
        let single: Vec<CandidateRecord> =
            decode_all(&received(single).await?, "decode a candidate")?;
        let mut found = batches::newest(batched, single);
        // By id where two share a position, so the order never depends on how they were kept.
        found.sort_by_key(|c| (c.position, c.id));
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
        let tx = self.write_transaction()?;
        let mut saved = Vec::with_capacity(records.len());
        let issued = Writes::new(&tx).and_then(|mut writes| {
            for mut record in records {
                drop(writes.issue(&mut record)?);
                saved.push(record);
            }
            writes.end_step().map(drop)
        });
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
        let tx = self.write_transaction()?;
        let issued = async {
            let mut writes = Writes::new(&tx)?;
            let mut records = records.into_iter().peekable();
            while records.peek().is_some() {
                let mut first = None;
                let started = js_sys::Date::now();
                for (n, mut record) in records.by_ref().enumerate() {
                    if let Some(write) = writes.issue(&mut record)? {
                        first.get_or_insert(write);
                    }
                    if n + 1 >= step || js_sys::Date::now() - started >= STEP_MS {
                        break;
                    }
                }
                if let Some(write) = writes.end_step()? {
                    first.get_or_insert(write);
                }
                // Back in the callback of this step's first write, with the rest still
                // pending: the transaction is active, and the browser writes the rest while
                // the next step is encoded.
                if records.peek().is_some()
                    && let Some(write) = first
                {
                    write.await.map_err(failed("save a record"))?;
                }
            }
            Ok::<(), StorageError>(())
        }
        .await;
        if let Err(err) = issued {
            // Left alone, the transaction would commit the steps already issued.
            let _ = tx.abort().await;
            return Err(err);
        }
        tx.commit().await.map_err(failed("commit the changes"))
    }

    /// A transaction for a save: the records' stores and the log.
    fn write_transaction(&self) -> Result<Transaction<'_>, StorageError> {
        self.writing([DRAFTS, CANDIDATES, CANDIDATE_BATCHES, OPS])
    }

    /// The operation log, oldest first: one change per record saved.
    pub async fn operations(&self) -> Result<Vec<Operation>, StorageError> {
        let tx = self.reading(OPS)?;
        let store = open_store(&tx, OPS)?;
        Ok(log::read(&store, log::FROM_THE_START).await?.0)
    }
}
