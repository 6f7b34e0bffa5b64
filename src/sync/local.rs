//! What the sync keeps on this device, in the drafts' IndexedDB database (schema v3):
//! - `sync`: one record, [`SyncAccount`] — the account and device, the token, the next op id,
//!   how far the operation log has been taken into the outbox, the pull cursor;
//! - `outbox`: the operations waiting for the server's acknowledgement, by op id;
//! - `conflicts`: per record, this device's version and the server's, until the person chooses.
//!
//! Each step that reads and writes several of these (and the drafts) does it in one
//! transaction, so a local save between the steps is never overwritten or skipped.

use super::convert::{from_sync, to_sync};
use crate::drafts::log;
use crate::drafts::records::{CandidateRecord, Draft, Record, RecordId};
use crate::drafts::store::{
    CANDIDATES, CONFLICTS, DRAFTS, DraftStore, OPS, OUTBOX, SYNC, StorageError, failed,
};
use indexed_db_futures::KeyRange;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use pingjia_rules::Bilingual;
use pingjia_sync::protocol::{Outcome, PushOp, PushResponse};
use pingjia_sync::records::SyncRecord;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

const ACCOUNT_KEY: &str = "account";

/// The account, in a transaction of the caller's; `None` when this device has none (or has just
/// left it).
async fn read_account(meta: &ObjectStore<'_>) -> Result<Option<SyncAccount>, StorageError> {
    meta.get::<SyncAccount, _, _>(ACCOUNT_KEY.to_string())
        .serde()
        .map_err(failed("read the sync account"))?
        .await
        .map_err(failed("read the sync account"))
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
        let tx = self
            .db()
            .transaction(SYNC)
            .build()
            .map_err(failed("start a read"))?;
        let store = tx.object_store(SYNC).map_err(failed("open a store"))?;
        read_account(&store).await
    }

    pub async fn set_sync_account(
        &self,
        account: Option<&SyncAccount>,
    ) -> Result<(), StorageError> {
        let tx = self
            .db()
            .transaction([SYNC, OUTBOX, CONFLICTS])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed("start a write"))?;
        let store = tx.object_store(SYNC).map_err(failed("open a store"))?;
        match account {
            Some(account) => {
                store
                    .put(account)
                    .with_key(ACCOUNT_KEY.to_string())
                    .serde()
                    .map_err(failed("keep the sync account"))?
                    .await
                    .map_err(failed("keep the sync account"))?;
            }
            None => {
                // Leaving the account: what was waiting for it goes with it (the drafts stay).
                store
                    .clear()
                    .map_err(failed("leave the account"))?
                    .await
                    .map_err(failed("leave the account"))?;
                let outbox = tx.object_store(OUTBOX).map_err(failed("open a store"))?;
                outbox
                    .clear()
                    .map_err(failed("clear the outbox"))?
                    .await
                    .map_err(failed("clear the outbox"))?;
                let conflicts = tx.object_store(CONFLICTS).map_err(failed("open a store"))?;
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
        let tx = self
            .db()
            .transaction(SYNC)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed("start a write"))?;
        let meta = tx.object_store(SYNC).map_err(failed("open a store"))?;
        let Some(mut account) = read_account(&meta).await? else {
            return Ok(None);
        };
        change(&mut account);
        meta.put(&account)
            .with_key(ACCOUNT_KEY.to_string())
            .serde()
            .map_err(failed("keep the sync account"))?
            .await
            .map_err(failed("keep the sync account"))?;
        drop(meta);
        tx.commit()
            .await
            .map_err(failed("commit the sync account"))?;
        Ok(Some(account))
    }

    /// Takes the log entries made since the last call into the outbox: one operation per
    /// record (its first base revision, its latest state), numbered from `next_op_id`, in the
    /// order the records were first changed. Returns the account as updated.
    pub async fn fill_outbox(&self) -> Result<Option<SyncAccount>, StorageError> {
        let tx = self
            .db()
            .transaction([SYNC, OPS, OUTBOX])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed("start a write"))?;
        let meta = tx.object_store(SYNC).map_err(failed("open a store"))?;
        let Some(mut account) = read_account(&meta).await? else {
            return Ok(None);
        };
        let ops = tx.object_store(OPS).map_err(failed("open a store"))?;
        let (entries, last) = log::read(&ops, account.log_cursor).await?;
        if let Some(last) = last {
            let mut order: Vec<RecordId> = Vec::new();
            let mut merged: BTreeMap<RecordId, (u64, Record)> = BTreeMap::new();
            for entry in entries {
                let id = entry.record.id();
                match merged.get_mut(&id) {
                    Some((_, latest)) => *latest = entry.record,
                    None => {
                        order.push(id);
                        merged.insert(id, (entry.base_revision, entry.record));
                    }
                }
            }
            let outbox = tx.object_store(OUTBOX).map_err(failed("open a store"))?;
            let mut writes = Vec::new();
            for id in order {
                let Some((base_revision, record)) = merged.remove(&id) else {
                    continue;
                };
                let settles = account.settling.contains(&id);
                account.settling.retain(|s| *s != id);
                account.rejected.retain(|r| r.record_id != id);
                let op = PushOp {
                    op_id: account.next_op_id,
                    base_revision,
                    resolves_conflict: settles,
                    record: to_sync(&record),
                };
                account.next_op_id += 1;
                writes.push(
                    outbox
                        .put(&op)
                        .with_key(op.op_id as f64)
                        .serde()
                        .map_err(failed("fill the outbox"))?,
                );
            }
            account.log_cursor = last;
            for write in writes {
                write.await.map_err(failed("fill the outbox"))?;
            }
            meta.put(&account)
                .with_key(ACCOUNT_KEY.to_string())
                .serde()
                .map_err(failed("keep the sync account"))?
                .await
                .map_err(failed("keep the sync account"))?;
        }
        drop((meta, ops));
        tx.commit().await.map_err(failed("commit the outbox"))?;
        Ok(Some(account))
    }

    /// The outbox, oldest first, at most `limit`.
    pub async fn outbox(&self, limit: u32) -> Result<Vec<PushOp>, StorageError> {
        let tx = self
            .db()
            .transaction(OUTBOX)
            .build()
            .map_err(failed("start a read"))?;
        let store = tx.object_store(OUTBOX).map_err(failed("open a store"))?;
        store
            .get_all()
            .with_limit(limit)
            .serde()
            .map_err(failed("read the outbox"))?
            .await
            .map_err(failed("read the outbox"))?
            .collect::<Result<_, _>>()
            .map_err(failed("decode an outbox entry"))
    }

    /// Keeps what the server said of a push: conflicts and refusals noted, and the outbox
    /// emptied up to the operation it acknowledged.
    pub async fn settle(&self, sent: &[PushOp], answer: &PushResponse) -> Result<(), StorageError> {
        let tx = self
            .db()
            .transaction([SYNC, OUTBOX, CONFLICTS])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed("start a write"))?;
        let meta = tx.object_store(SYNC).map_err(failed("open a store"))?;
        // The account may have been left meanwhile: then nothing of it is written back (the
        // transaction ends uncommitted), rather than an empty account made up.
        let Some(mut account) = read_account(&meta).await? else {
            return Ok(());
        };
        let conflicts = tx.object_store(CONFLICTS).map_err(failed("open a store"))?;
        for result in &answer.results {
            let Some(op) = sent.iter().find(|op| op.op_id == result.op_id) else {
                continue;
            };
            let record = &op.record;
            match &result.outcome {
                Outcome::Conflict { server } => {
                    let conflict = Conflict {
                        record_id: record.id(),
                        draft_id: record.draft_id(),
                        mine: record.clone(),
                        theirs: server.clone(),
                    };
                    conflicts
                        .put(&conflict)
                        .with_key(record.id().to_string())
                        .serde()
                        .map_err(failed("keep a conflict"))?
                        .await
                        .map_err(failed("keep a conflict"))?;
                }
                Outcome::Rejected { message, .. } => {
                    account.rejected.retain(|r| r.record_id != record.id());
                    account.rejected.push(Refused {
                        record_id: record.id(),
                        draft_id: record.draft_id(),
                        message: message.clone(),
                    });
                }
                Outcome::Applied { .. } | Outcome::AlreadyApplied => {}
            }
        }
        let outbox = tx.object_store(OUTBOX).map_err(failed("open a store"))?;
        outbox
            .delete::<f64, _>(KeyRange::UpperBound(answer.last_op_id as f64, false))
            .primitive()
            .map_err(failed("empty the outbox"))?
            .await
            .map_err(failed("empty the outbox"))?;
        meta.put(&account)
            .with_key(ACCOUNT_KEY.to_string())
            .serde()
            .map_err(failed("keep the sync account"))?
            .await
            .map_err(failed("keep the sync account"))?;
        drop((meta, conflicts, outbox));
        tx.commit().await.map_err(failed("commit a push's result"))
    }

    /// After the server said it has applied up to `server_last`: drops what it already has and
    /// numbers the rest from the next op id it expects.
    pub async fn renumber_outbox(&self, server_last: u64) -> Result<(), StorageError> {
        let waiting = self.outbox(u32::MAX).await?;
        let tx = self
            .db()
            .transaction([SYNC, OUTBOX])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed("start a write"))?;
        let outbox = tx.object_store(OUTBOX).map_err(failed("open a store"))?;
        outbox
            .clear()
            .map_err(failed("renumber the outbox"))?
            .await
            .map_err(failed("renumber the outbox"))?;
        let mut next = server_last + 1;
        for mut op in waiting.into_iter().filter(|op| op.op_id > server_last) {
            op.op_id = next;
            next += 1;
            outbox
                .put(&op)
                .with_key(op.op_id as f64)
                .serde()
                .map_err(failed("renumber the outbox"))?
                .await
                .map_err(failed("renumber the outbox"))?;
        }
        let meta = tx.object_store(SYNC).map_err(failed("open a store"))?;
        // The account may have been left meanwhile: then nothing of it is written back (the
        // transaction ends uncommitted), rather than an empty account made up.
        let Some(mut account) = read_account(&meta).await? else {
            return Ok(());
        };
        account.next_op_id = next;
        meta.put(&account)
            .with_key(ACCOUNT_KEY.to_string())
            .serde()
            .map_err(failed("keep the sync account"))?
            .await
            .map_err(failed("keep the sync account"))?;
        drop((meta, outbox));
        tx.commit().await.map_err(failed("commit the outbox"))
    }

    /// Keeps a page of pulled records and the cursor after it, in one transaction. A record
    /// with a change of this device's still waiting (in the log, the outbox, or a conflict) is
    /// left as it is: pushing that change will meet the server's version. Returns how many
    /// records changed here.
    pub async fn apply_pulled(
        &self,
        records: Vec<SyncRecord>,
        cursor: &str,
    ) -> Result<usize, StorageError> {
        let tx = self
            .db()
            .transaction([SYNC, OPS, OUTBOX, CONFLICTS, DRAFTS, CANDIDATES])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed("start a write"))?;
        let meta = tx.object_store(SYNC).map_err(failed("open a store"))?;
        let Some(mut account) = read_account(&meta).await? else {
            return Ok(0);
        };
        let mut waiting: BTreeSet<RecordId> = BTreeSet::new();
        let ops = tx.object_store(OPS).map_err(failed("open a store"))?;
        let (logged, _) = log::read(&ops, account.log_cursor).await?;
        waiting.extend(logged.iter().map(|op| op.record.id()));
        let outbox: Vec<PushOp> = tx
            .object_store(OUTBOX)
            .map_err(failed("open a store"))?
            .get_all()
            .serde()
            .map_err(failed("read the outbox"))?
            .await
            .map_err(failed("read the outbox"))?
            .collect::<Result<_, _>>()
            .map_err(failed("decode an outbox entry"))?;
        waiting.extend(outbox.iter().map(|op| op.record.id()));
        let conflicts: Vec<Conflict> = tx
            .object_store(CONFLICTS)
            .map_err(failed("open a store"))?
            .get_all()
            .serde()
            .map_err(failed("read the conflicts"))?
            .await
            .map_err(failed("read the conflicts"))?
            .collect::<Result<_, _>>()
            .map_err(failed("decode a conflict"))?;
        waiting.extend(conflicts.iter().map(|c| c.record_id));
        let drafts = tx.object_store(DRAFTS).map_err(failed("open a store"))?;
        let candidates = tx
            .object_store(CANDIDATES)
            .map_err(failed("open a store"))?;
        let mut changed = 0;
        for record in records {
            let id = record.id();
            if waiting.contains(&id) {
                continue;
            }
            let key = id.to_string();
            match from_sync_with_local(&drafts, &candidates, record, &key).await? {
                Some(Record::Draft(d)) => {
                    drafts
                        .put(&*d)
                        .with_key(key)
                        .serde()
                        .map_err(failed("keep a pulled draft"))?
                        .await
                        .map_err(failed("keep a pulled draft"))?;
                    changed += 1;
                }
                Some(Record::Candidate(c)) => {
                    candidates
                        .put(&*c)
                        .with_key(key)
                        .serde()
                        .map_err(failed("keep a pulled candidate"))?
                        .await
                        .map_err(failed("keep a pulled candidate"))?;
                    changed += 1;
                }
                None => {}
            }
        }
        account.pull_cursor = cursor.to_string();
        meta.put(&account)
            .with_key(ACCOUNT_KEY.to_string())
            .serde()
            .map_err(failed("keep the sync account"))?
            .await
            .map_err(failed("keep the sync account"))?;
        drop((meta, ops, drafts, candidates));
        tx.commit().await.map_err(failed("commit a pull"))?;
        Ok(changed)
    }

    /// What is waiting to be sent, and the conflicts, per draft.
    pub async fn pending(&self) -> Result<Pending, StorageError> {
        let Some(account) = self.sync_account().await? else {
            return Ok(Pending::default());
        };
        let tx = self
            .db()
            .transaction([OPS, OUTBOX, CONFLICTS])
            .build()
            .map_err(failed("start a read"))?;
        let ops = tx.object_store(OPS).map_err(failed("open a store"))?;
        let (logged, _) = log::read(&ops, account.log_cursor).await?;
        let outbox: Vec<PushOp> = tx
            .object_store(OUTBOX)
            .map_err(failed("open a store"))?
            .get_all()
            .serde()
            .map_err(failed("read the outbox"))?
            .await
            .map_err(failed("read the outbox"))?
            .collect::<Result<_, _>>()
            .map_err(failed("decode an outbox entry"))?;
        let conflicts: Vec<Conflict> = tx
            .object_store(CONFLICTS)
            .map_err(failed("open a store"))?
            .get_all()
            .serde()
            .map_err(failed("read the conflicts"))?
            .await
            .map_err(failed("read the conflicts"))?
            .collect::<Result<_, _>>()
            .map_err(failed("decode a conflict"))?;
        let mut records: BTreeSet<(RecordId, RecordId)> = BTreeSet::new();
        records.extend(
            logged
                .iter()
                .map(|op| (op.record.draft_id(), op.record.id())),
        );
        records.extend(
            outbox
                .iter()
                .map(|op| (op.record.draft_id(), op.record.id())),
        );
        let mut changes = BTreeMap::new();
        for (draft, _) in records {
            *changes.entry(draft).or_insert(0) += 1;
        }
        Ok(Pending { changes, conflicts })
    }

    /// Forgets a conflict once the person has chosen; the record's next change settles it.
    pub async fn settle_conflict(&self, record: RecordId) -> Result<(), StorageError> {
        let tx = self
            .db()
            .transaction([SYNC, CONFLICTS])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed("start a write"))?;
        let meta = tx.object_store(SYNC).map_err(failed("open a store"))?;
        // The account may have been left meanwhile: then nothing of it is written back (the
        // transaction ends uncommitted), rather than an empty account made up.
        let Some(mut account) = read_account(&meta).await? else {
            return Ok(());
        };
        if !account.settling.contains(&record) {
            account.settling.push(record);
        }
        meta.put(&account)
            .with_key(ACCOUNT_KEY.to_string())
            .serde()
            .map_err(failed("keep the sync account"))?
            .await
            .map_err(failed("keep the sync account"))?;
        let conflicts = tx.object_store(CONFLICTS).map_err(failed("open a store"))?;
        conflicts
            .delete(record.to_string())
            .primitive()
            .map_err(failed("forget a conflict"))?
            .await
            .map_err(failed("forget a conflict"))?;
        drop((meta, conflicts));
        tx.commit().await.map_err(failed("commit a choice"))
    }
}

/// The record to keep for a pulled one, or `None` if the local copy is as new.
async fn from_sync_with_local(
    drafts: &indexed_db_futures::object_store::ObjectStore<'_>,
    candidates: &indexed_db_futures::object_store::ObjectStore<'_>,
    record: SyncRecord,
    key: &str,
) -> Result<Option<Record>, StorageError> {
    match &record {
        SyncRecord::Draft(d) => {
            let local: Option<Draft> = drafts
                .get(key)
                .serde()
                .map_err(failed("read a draft"))?
                .await
                .map_err(failed("read a draft"))?;
            if local.as_ref().is_some_and(|l| l.revision >= d.revision) {
                return Ok(None);
            }
            Ok(Some(from_sync(record, local.as_ref())))
        }
        SyncRecord::Candidate(c) => {
            let local: Option<CandidateRecord> = candidates
                .get(key)
                .serde()
                .map_err(failed("read a candidate"))?
                .await
                .map_err(failed("read a candidate"))?;
            if local.as_ref().is_some_and(|l| l.revision >= c.revision) {
                return Ok(None);
            }
            Ok(Some(from_sync(record, None)))
        }
    }
}
