//! Every IndexedDB transaction of the drafts starts here: over which stores, reading or
//! writing, with the one error a refused start gives, so a caller writes what it does inside
//! the transaction and nothing else.

use super::{DraftStore, StorageError, failed};
use indexed_db_futures::database::ObjectStoreName;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};

impl DraftStore {
    /// A transaction that only reads `stores` (one name, or an array of them).
    pub(crate) fn reading<S: ObjectStoreName>(
        &self,
        stores: S,
    ) -> Result<Transaction<'_>, StorageError> {
        self.db()
            .transaction(stores)
            .build()
            .map_err(failed("start a read"))
    }

    /// A transaction that may write `stores`. It keeps nothing until its `commit` succeeds; a
    /// transaction dropped before that is aborted by the wrapper, and every write with it.
    pub(crate) fn writing<S: ObjectStoreName>(
        &self,
        stores: S,
    ) -> Result<Transaction<'_>, StorageError> {
        self.db()
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed("start a write"))
    }
}

/// One of the stores a transaction was started over.
pub(crate) fn open_store<'tx>(
    tx: &'tx Transaction<'_>,
    name: &str,
) -> Result<ObjectStore<'tx>, StorageError> {
    tx.object_store(name).map_err(failed("open a store"))
}
