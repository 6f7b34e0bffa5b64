//! Another device's records, pulled from the server, kept beside this device's own: a record
//! with a change of this device's still waiting is left alone.

use super::{ACCOUNT_KEY, Conflict, read_account};
use crate::drafts::log;
use crate::drafts::records::{CandidateRecord, Draft, Record, RecordId};
use crate::drafts::store::{
    CANDIDATES, CONFLICTS, DRAFTS, DraftStore, OPS, OUTBOX, SYNC, StorageError, failed,
};
use crate::sync::convert::from_sync;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use pingjia_sync::protocol::PushOp;
use pingjia_sync::records::SyncRecord;
use std::collections::BTreeSet;

impl DraftStore {
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
