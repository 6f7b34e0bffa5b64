//! Another device's records, pulled from the server, kept beside this device's own: a record
//! with a change of this device's still waiting is left alone.

use super::{Waiting, read_account, write_account};
use crate::batches;
use crate::records::{CandidateRecord, Draft, Record, RecordId};
use crate::store::{
    CANDIDATE_BATCHES, CANDIDATES, DRAFTS, DraftStore, SYNC, StorageError, failed, of_draft,
    open_store, put, read,
};
use crate::sync::convert::from_sync;
use pingjia_sync::records::SyncRecord;
use std::collections::{BTreeMap, BTreeSet};

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
        let tx = self.writing(super::TAKING_RECORDS)?;
        let meta = open_store(&tx, SYNC)?;
        let Some(mut account) = read_account(&meta).await? else {
            return Ok(0);
        };
        // A record with a change of this device's still waiting is left alone.
        let waiting: BTreeSet<RecordId> = {
            let w = Waiting::read(&tx, account.log_cursor).await?;
            (w.logged.iter().map(|op| op.record.id()))
                .chain(w.outbox.iter().map(|op| op.record.id()))
                .chain(w.conflicts.iter().map(|c| c.record_id))
                .collect()
        };
        let fresh: Vec<SyncRecord> = records
            .into_iter()
            .filter(|record| !waiting.contains(&record.id()))
            .collect();
        let changed = keep_newer(&tx, fresh).await?;
        account.pull_cursor = cursor.to_string();
        write_account(&meta, &account).await?;
        drop(meta);
        tx.commit().await.map_err(failed("commit a pull"))?;
        Ok(changed)
    }
}

/// Keeps each of `records` that is newer than this device's copy, in `tx` (which must hold
/// the drafts, candidates and candidate batches); returns how many were kept. The caller has
/// left out every record with a change of this device's still waiting.
pub(super) async fn keep_newer(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    records: Vec<SyncRecord>,
) -> Result<usize, StorageError> {
    let batched = batched_revisions(tx, &records).await?;
    let drafts = open_store(tx, DRAFTS)?;
    let candidates = open_store(tx, CANDIDATES)?;
    let mut changed = 0;
    for record in records {
        let key = record.id().to_string();
        let local = Local {
            drafts: &drafts,
            candidates: &candidates,
            batched: &batched,
        };
        match local.keep(record, &key).await? {
            Some(Record::Draft(d)) => {
                put(&drafts, key, &*d, "keep a pulled draft")?
                    .await
                    .map_err(failed("keep a pulled draft"))?;
                changed += 1;
            }
            Some(Record::Candidate(c)) => {
                put(&candidates, key, &*c, "keep a pulled candidate")?
                    .await
                    .map_err(failed("keep a pulled candidate"))?;
                changed += 1;
            }
            None => {}
        }
    }
    Ok(changed)
}

/// The revision of each candidate kept in a batch (`crate::batches`), for the drafts of
/// the pulled candidates.
async fn batched_revisions(
    tx: &indexed_db_futures::transaction::Transaction<'_>,
    records: &[SyncRecord],
) -> Result<BTreeMap<RecordId, u64>, StorageError> {
    let drafts: BTreeSet<RecordId> = records
        .iter()
        .filter_map(|r| match r {
            SyncRecord::Candidate(c) => Some(c.draft_id),
            SyncRecord::Draft(_) => None,
        })
        .collect();
    let mut revisions = BTreeMap::new();
    for draft in drafts {
        for c in batches::decode(&of_draft(tx, CANDIDATE_BATCHES, draft).await?)? {
            let kept = revisions.entry(c.id).or_insert(c.revision);
            *kept = (*kept).max(c.revision);
        }
    }
    Ok(revisions)
}

/// This device's copies of the records being pulled.
struct Local<'a> {
    drafts: &'a indexed_db_futures::object_store::ObjectStore<'a>,
    candidates: &'a indexed_db_futures::object_store::ObjectStore<'a>,
    /// Candidates' revisions in batches, which a pull never rewrites: a newer copy is written
    /// alone, and read in its place.
    batched: &'a BTreeMap<RecordId, u64>,
}

impl Local<'_> {
    /// The record to keep for a pulled one, or `None` if the local copy is as new.
    async fn keep(&self, record: SyncRecord, key: &str) -> Result<Option<Record>, StorageError> {
        match &record {
            SyncRecord::Draft(d) => {
                let local: Option<Draft> = read(self.drafts, key, "read a draft").await?;
                if local.as_ref().is_some_and(|l| l.revision >= d.revision) {
                    return Ok(None);
                }
                Ok(Some(from_sync(record, local.as_ref())))
            }
            SyncRecord::Candidate(c) => {
                let local: Option<CandidateRecord> =
                    read(self.candidates, key, "read a candidate").await?;
                let revision = local
                    .map(|l| l.revision)
                    .into_iter()
                    .chain(self.batched.get(&c.id).copied())
                    .max();
                if revision.is_some_and(|r| r >= c.revision) {
                    return Ok(None);
                }
                Ok(Some(from_sync(record, None)))
            }
        }
    }
}
