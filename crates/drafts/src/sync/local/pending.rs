//! What is waiting to be sent, per draft, and the conflicts the person settles.

use super::{Pending, Waiting, read_account, write_account};
use crate::records::RecordId;
use crate::store::{CONFLICTS, DraftStore, OPS, OUTBOX, SYNC, StorageError, failed, open_store};
use indexed_db_futures::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

impl DraftStore {
    /// What is waiting to be sent, and the conflicts, per draft.
    pub async fn pending(&self) -> Result<Pending, StorageError> {
        let Some(account) = self.sync_account().await? else {
            return Ok(Pending::default());
        };
        let tx = self.reading([OPS, OUTBOX, CONFLICTS])?;
        let Waiting {
            logged,
            outbox,
            conflicts,
        } = Waiting::read(&tx, account.log_cursor).await?;
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
        let tx = self.writing([SYNC, CONFLICTS])?;
        let meta = open_store(&tx, SYNC)?;
        // The account may have been left meanwhile: then nothing of it is written back (the
        // transaction ends uncommitted), rather than an empty account made up.
        let Some(mut account) = read_account(&meta).await? else {
            return Ok(());
        };
        if !account.settling.contains(&record) {
            account.settling.push(record);
        }
        write_account(&meta, &account).await?;
        let conflicts = open_store(&tx, CONFLICTS)?;
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
