//! The outbox: the log's new changes taken into it (one operation per record), read in pushes,
//! settled by the server's answer, and renumbered when the server has seen further.

use super::{Conflict, Refused, SyncAccount, Waiting, read_account, read_all, write_account};
use crate::log;
use crate::records::{Draft, Record, RecordId};
use crate::store::{
    CONFLICTS, DRAFTS, DraftStore, OPS, OUTBOX, SYNC, StorageError, failed, open_store, put, read,
};
use crate::sync::convert::{from_sync, to_sync};
use indexed_db_futures::KeyRange;
use indexed_db_futures::prelude::*;
use pingjia_sync::conflict::differing;
use pingjia_sync::protocol::{Outcome, PushOp, PushResponse};
use pingjia_sync::records::SyncRecord;
use std::collections::BTreeMap;

impl DraftStore {
    /// Takes the log entries made since the last call into the outbox: one operation per
    /// record (its first base revision, its latest state), numbered from `next_op_id`, in the
    /// order the records were first changed. Returns the account as updated.
    pub async fn fill_outbox(&self) -> Result<Option<SyncAccount>, StorageError> {
        let tx = self.writing([SYNC, OPS, OUTBOX])?;
        let meta = open_store(&tx, SYNC)?;
        let Some(mut account) = read_account(&meta).await? else {
            return Ok(None);
        };
        let ops = open_store(&tx, OPS)?;
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
            let outbox = open_store(&tx, OUTBOX)?;
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
                writes.push(put(&outbox, op.op_id as f64, &op, "fill the outbox")?);
            }
            account.log_cursor = last;
            for write in writes {
                write.await.map_err(failed("fill the outbox"))?;
            }
            write_account(&meta, &account).await?;
        }
        drop((meta, ops));
        tx.commit().await.map_err(failed("commit the outbox"))?;
        Ok(Some(account))
    }

    /// The outbox, oldest first, at most `limit`.
    pub async fn outbox(&self, limit: u32) -> Result<Vec<PushOp>, StorageError> {
        let tx = self.reading(OUTBOX)?;
        let store = open_store(&tx, OUTBOX)?;
        read_all(
            &store,
            Some(limit),
            ("read the outbox", "decode an outbox entry"),
        )
        .await
    }

    /// Keeps what the server said of a push: conflicts and refusals noted, and the outbox
    /// emptied up to the operation it acknowledged. Returns how many records were taken from
    /// the server here (a draft "in conflict" whose two versions say the same, a record changed
    /// since a replayed operation).
    pub async fn settle(
        &self,
        sent: &[PushOp],
        answer: &PushResponse,
    ) -> Result<usize, StorageError> {
        let tx = self.writing(super::TAKING_RECORDS)?;
        let meta = open_store(&tx, SYNC)?;
        // The account may have been left meanwhile: then nothing of it is written back (the
        // transaction ends uncommitted), rather than an empty account made up.
        let Some(mut account) = read_account(&meta).await? else {
            return Ok(0);
        };
        // Changes of this device made after an operation, which taking the server's version of
        // its record would overwrite.
        let waiting = Waiting::read(&tx, account.log_cursor).await?;
        let changed_later = |record: RecordId, op_id: u64| {
            waiting.logged.iter().any(|l| l.record.id() == record)
                || waiting
                    .outbox
                    .iter()
                    .any(|o| o.op_id > op_id && o.record.id() == record)
        };
        let drafts = open_store(&tx, DRAFTS)?;
        let mut taken = 0;
        let mut moved_on = Vec::new();
        let conflicts = open_store(&tx, CONFLICTS)?;
        for result in &answer.results {
            let Some(op) = sent.iter().find(|op| op.op_id == result.op_id) else {
                continue;
            };
            let record = &op.record;
            match &result.outcome {
                // Two devices each saved the draft (each records the verdicts it showed, which
                // stay on the device) but what they sync is the same: there is nothing for the
                // person to choose. The server's version is kept, as a pull would keep it.
                Outcome::Conflict { server }
                    if matches!(**server, SyncRecord::Draft(_))
                        && differing(record, server).is_empty()
                        && !changed_later(record.id(), op.op_id) =>
                {
                    let key = record.id().to_string();
                    let local: Option<Draft> = read(&drafts, key.as_str(), "read a draft").await?;
                    if let Record::Draft(d) = from_sync((**server).clone(), local.as_ref()) {
                        put(&drafts, key, &*d, "keep the server's draft")?
                            .await
                            .map_err(failed("keep the server's draft"))?;
                        taken += 1;
                    }
                }
                Outcome::Conflict { server } => {
                    let conflict = Conflict {
                        record_id: record.id(),
                        draft_id: record.draft_id(),
                        mine: record.clone(),
                        theirs: (**server).clone(),
                    };
                    put(
                        &conflicts,
                        record.id().to_string(),
                        &conflict,
                        "keep a conflict",
                    )?
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
                // Applied by a push whose answer was lost, then changed by another device
                // on top of it; a pull passed it over while this change waited. Taken as a pull
                // takes it, unless this device changed it again.
                Outcome::AlreadyApplied {
                    current: Some(current),
                } if !changed_later(record.id(), op.op_id) => {
                    moved_on.push((**current).clone());
                }
                Outcome::Applied { .. } | Outcome::AlreadyApplied { .. } => {}
            }
        }
        let outbox = open_store(&tx, OUTBOX)?;
        outbox
            .delete::<f64, _>(KeyRange::UpperBound(answer.last_op_id as f64, false))
            .primitive()
            .map_err(failed("empty the outbox"))?
            .await
            .map_err(failed("empty the outbox"))?;
        write_account(&meta, &account).await?;
        drop((meta, conflicts, outbox, drafts));
        taken += super::pull::keep_newer(&tx, moved_on).await?;
        tx.commit()
            .await
            .map_err(failed("commit a push's result"))?;
        Ok(taken)
    }

    /// After the server said it has applied up to `server_last`: drops what it already has and
    /// numbers the rest from the next op id it expects.
    pub async fn renumber_outbox(&self, server_last: u64) -> Result<(), StorageError> {
        let waiting = self.outbox(u32::MAX).await?;
        let tx = self.writing([SYNC, OUTBOX])?;
        let outbox = open_store(&tx, OUTBOX)?;
        outbox
            .clear()
            .map_err(failed("renumber the outbox"))?
            .await
            .map_err(failed("renumber the outbox"))?;
        let mut next = server_last + 1;
        for mut op in waiting.into_iter().filter(|op| op.op_id > server_last) {
            op.op_id = next;
            next += 1;
            put(&outbox, op.op_id as f64, &op, "renumber the outbox")?
                .await
                .map_err(failed("renumber the outbox"))?;
        }
        let meta = open_store(&tx, SYNC)?;
        // The account may have been left meanwhile: then nothing of it is written back (the
        // transaction ends uncommitted), rather than an empty account made up.
        let Some(mut account) = read_account(&meta).await? else {
            return Ok(());
        };
        account.next_op_id = next;
        write_account(&meta, &account).await?;
        drop((meta, outbox));
        tx.commit().await.map_err(failed("commit the outbox"))
    }
}
