//! Records kept in the browser's IndexedDB, so what a user typed survives a closed tab and a lost
//! connection.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;

/// The database's name in the browser.
pub const DATABASE_NAME: &str = "pingjia";

/// Raise this and add a step to `upgrade` whenever a store is added or changed.
const SCHEMA_VERSION: u32 = 1;

/// The object stores, each keyed by a string chosen by the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    /// Group application drafts of training institutions.
    Drafts,
}

impl Store {
    const ALL: [Store; 1] = [Store::Drafts];

    fn name(self) -> &'static str {
        match self {
            Store::Drafts => "drafts",
        }
    }
}

/// Why the browser could not keep or give back a record.
#[derive(Debug)]
pub struct StorageError {
    action: &'static str,
    detail: String,
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IndexedDB could not {}: {}", self.action, self.detail)
    }
}

impl std::error::Error for StorageError {}

fn failed(action: &'static str) -> impl Fn(indexed_db_futures::error::Error) -> StorageError {
    move |err| StorageError {
        action,
        detail: err.to_string(),
    }
}

/// Opens the app's database, creating or upgrading its stores as needed.
pub async fn open(name: &str) -> Result<Database, StorageError> {
    Database::open(name)
        .with_version(SCHEMA_VERSION)
        .with_on_upgrade_needed(|_event, db| {
            for store in Store::ALL {
                if !db.object_store_names().any(|n| n == store.name()) {
                    db.create_object_store(store.name()).build()?;
                }
            }
            Ok(())
        })
        .await
        .map_err(|err| StorageError {
            action: "open the database",
            detail: err.to_string(),
        })
}

/// Saves `value` under `key`, replacing what was there; done only once the transaction commits.
pub async fn put<T: Serialize>(
    db: &Database,
    store: Store,
    key: &str,
    value: &T,
) -> Result<(), StorageError> {
    let tx = db
        .transaction(store.name())
        .with_mode(TransactionMode::Readwrite)
        .build()
        .map_err(failed("start a write"))?;
    let object_store = tx
        .object_store(store.name())
        .map_err(failed("open a store"))?;
    object_store
        .put(value)
        .with_key(key.to_owned())
        .serde()
        .map_err(failed("encode the record"))?
        .await
        .map_err(failed("save the record"))?;
    drop(object_store);
    tx.commit().await.map_err(failed("commit the write"))
}

/// The record under `key`, or `None` when there is none.
pub async fn get<T: DeserializeOwned>(
    db: &Database,
    store: Store,
    key: &str,
) -> Result<Option<T>, StorageError> {
    let tx = db
        .transaction(store.name())
        .build()
        .map_err(failed("start a read"))?;
    let object_store = tx
        .object_store(store.name())
        .map_err(failed("open a store"))?;
    let value: Option<T> = object_store
        .get(key.to_owned())
        .serde()
        .map_err(failed("read the record"))?
        .await
        .map_err(failed("decode the record"))?;
    Ok(value)
}
