//! What the sync keeps on this device, in the drafts' IndexedDB database (schema v3):
//! - `sync`: one record, [`SyncAccount`] — the account and device, the token, the next op id,
//!   how far the operation log has been taken into the outbox, the pull cursor;
//! - `outbox`: the operations waiting for the server's acknowledgement, by op id;
//! - `conflicts`: per record, this device's version and the server's, until the person chooses.
//!
//! Each step that reads and writes several of these (and the drafts) does it in one
//! transaction, so a local save between the steps is never overwritten or skipped.
//!
//! Here: the account. The steps of a sync are in `outbox` (the log taken into the outbox, sent
//! and settled), `pull` (another device's records kept) and `pending` (what is waiting, and
//! the conflicts the person settles).

mod outbox;
mod pending;
mod pull;

use crate::log;
use crate::records::{Operation, RecordId};
use crate::store::{
    CANDIDATE_BATCHES, CANDIDATES, CONFLICTS, DRAFTS, DraftStore, OPS, OUTBOX, SYNC, StorageError,
    decode_all, failed, open_store, put, read,
};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use pingjia_rules::Bilingual;
use pingjia_sync::protocol::PushOp;
use pingjia_sync::records::SyncRecord;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The stores a transaction that may take the server's records holds (a pull, or a push's
/// answer): what is waiting, and where records are kept (`pull::keep_newer`).
const TAKING_RECORDS: [&str; 7] = [
    SYNC,
    OPS,
    OUTBOX,
    CONFLICTS,
    DRAFTS,
    CANDIDATES,
    CANDIDATE_BATCHES,
];

const ACCOUNT_KEY: &str = "account";

/// The account, in a transaction of the caller's; `None` when this device has none (or has just
/// left it).
async fn read_account(meta: &ObjectStore<'_>) -> Result<Option<SyncAccount>, StorageError> {
    read(meta, ACCOUNT_KEY, "read the sync account").await
}

/// Keeps the account, in a transaction of the caller's.
async fn write_account(meta: &ObjectStore<'_>, account: &SyncAccount) -> Result<(), StorageError> {
    put(meta, ACCOUNT_KEY, account, "keep the sync account")?
        .await
        .map_err(failed("keep the sync account"))?;
    Ok(())
}

/// Every record of `store` (the first `limit`, if given), in key order; `actions` name the
/// read and the decoding of one record in an error.
async fn read_all<T: serde::de::DeserializeOwned>(
    store: &ObjectStore<'_>,
    limit: Option<u32>,
    actions: (&'static str, &'static str),
) -> Result<Vec<T>, StorageError> {
    let (read, decode) = actions;
    let request = store.get_all::<wasm_bindgen::JsValue>();
    let request = match limit {
        Some(limit) => request.with_limit(limit).primitive(),
        None => request.primitive(),
    };
    let stored: js_sys::Array = request
        .map_err(failed(read))?
        .await
        .map_err(failed(read))?
        .collect::<Result<_, _>>()
        .map_err(failed(read))?;
    decode_all(&stored, decode)
}

/// Everything of this device's not yet settled with the server: the log's changes not yet in
/// the outbox, the outbox, and the conflicts. Read in a transaction of the caller's over
/// `ops`, `outbox` and `conflicts`.
struct Waiting {
    logged: Vec<Operation>,
    outbox: Vec<PushOp>,
    conflicts: Vec<Conflict>,
}

impl Waiting {
    async fn read(tx: &Transaction<'_>, log_cursor: f64) -> Result<Waiting, StorageError> {
        let ops = open_store(tx, OPS)?;
        let (logged, _) = log::read(&ops, log_cursor).await?;
        let outbox: Vec<PushOp> = read_all(
            &open_store(tx, OUTBOX)?,
            None,
            ("read the outbox", "decode an outbox entry"),
        )
        .await?;
        let conflicts: Vec<Conflict> = read_all(
            &open_store(tx, CONFLICTS)?,
            None,
            ("read the conflicts", "decode a conflict"),
        )
        .await?;
        Ok(Waiting {
            logged,
            outbox,
            conflicts,
        })
    }
}

/// This device's place in a sync account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SyncAccount {
    pub account_id: String,
    pub account_name: String,
    pub device_id: String,
    pub token: String,
    /// The server, e.g. `https://api.example.cn`; empty: the address the app came from.
    pub server: String,
    /// The op id the next operation taken into the outbox gets.
    pub next_op_id: u64,
    /// The key of the last log entry taken into the outbox.
    pub log_cursor: f64,
    pub pull_cursor: String,
    /// When the last sync ended with everything sent and received (ms since 1970; 0: never).
    pub synced_at: f64,
    /// Records whose next operation settles a conflict.
    pub settling: Vec<RecordId>,
    /// Operations the server refused, with its reason, until the record changes again.
    pub rejected: Vec<Refused>,
    /// Set when the server said this device is signed out.
    pub signed_out: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Refused {
    pub record_id: RecordId,
    pub draft_id: RecordId,
    pub message: Bilingual,
}

/// A record both this device and another changed: the person chooses, field by field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub record_id: RecordId,
    pub draft_id: RecordId,
    pub mine: SyncRecord,
    pub theirs: SyncRecord,
}

/// What is waiting, per draft.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pending {
    /// Records with changes not yet acknowledged, by draft.
    pub changes: BTreeMap<RecordId, usize>,
    pub conflicts: Vec<Conflict>,
}

impl DraftStore {
    pub async fn sync_account(&self) -> Result<Option<SyncAccount>, StorageError> {
        let tx = self.reading(SYNC)?;
        let store = open_store(&tx, SYNC)?;
        read_account(&store).await
    }

    pub async fn set_sync_account(
        &self,
        account: Option<&SyncAccount>,
    ) -> Result<(), StorageError> {
        let tx = self.writing([SYNC, OUTBOX, CONFLICTS])?;
        let store = open_store(&tx, SYNC)?;
        match account {
            Some(account) => {
                write_account(&store, account).await?;
            }
            None => {
                // Leaving the account: what was waiting for it goes with it (the drafts stay).
                store
                    .clear()
                    .map_err(failed("leave the account"))?
                    .await
                    .map_err(failed("leave the account"))?;
                let outbox = open_store(&tx, OUTBOX)?;
                outbox
                    .clear()
                    .map_err(failed("clear the outbox"))?
                    .await
                    .map_err(failed("clear the outbox"))?;
                let conflicts = open_store(&tx, CONFLICTS)?;
                conflicts
                    .clear()
                    .map_err(failed("clear the conflicts"))?
                    .await
                    .map_err(failed("clear the conflicts"))?;
            }
        }
        tx.commit().await.map_err(failed("commit the sync account"))
    }

    /// Changes the account record in one transaction (so nothing written meanwhile is lost);
    /// `None` when this device has no account.
    pub async fn update_account(
        &self,
        change: impl FnOnce(&mut SyncAccount),
    ) -> Result<Option<SyncAccount>, StorageError> {
        let tx = self.writing(SYNC)?;
        let meta = open_store(&tx, SYNC)?;
        let Some(mut account) = read_account(&meta).await? else {
            return Ok(None);
        };
        change(&mut account);
        write_account(&meta, &account).await?;
        drop(meta);
        tx.commit()
            .await
            .map_err(failed("commit the sync account"))?;
        Ok(Some(account))
    }
}
