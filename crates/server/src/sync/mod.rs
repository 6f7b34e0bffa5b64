//! The sync API under `/api/v1/sync` (`docs/sync-api.md`): accounts and their devices, pushes
//! of a device's operations, pulls of what changed. `core` holds the rules, `store` the
//! boundary every backend implements, `sqlite` the embedded backend; `handlers` is HTTP only.

pub use sqlite::SqliteStore;

pub mod auth;
pub mod core;
pub mod handlers;
pub mod limits;
pub mod postgres;
pub mod secrets;
pub mod sqlite;
pub mod store;

use std::sync::Arc;
use store::SyncStore;

/// What an operator may set (`pingjia serve --help`).
#[derive(Clone, Debug)]
pub struct SyncConfig {
    /// The most bytes one account's records may take.
    pub account_quota_bytes: u64,
    /// Requests per minute from one address, and per device token (0: no limit).
    pub requests_per_minute_per_ip: u32,
    pub requests_per_minute_per_token: u32,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            account_quota_bytes: 50 * 1024 * 1024,
            requests_per_minute_per_ip: 600,
            requests_per_minute_per_token: 300,
        }
    }
}

/// The most operations one push may carry, and the largest pull page.
pub const MAX_OPS_PER_PUSH: usize = 1000;
pub const MAX_PULL_LIMIT: usize = 1000;
pub const DEFAULT_PULL_LIMIT: usize = 500;

/// What every sync handler is given.
pub struct SyncState<S> {
    pub store: S,
    pub config: Arc<SyncConfig>,
}

impl<S: Clone> Clone for SyncState<S> {
    fn clone(&self) -> Self {
        SyncState {
            store: self.store.clone(),
            config: Arc::clone(&self.config),
        }
    }
}

/// The sync routes, relative to `/api/v1/sync`.
pub fn router<S: SyncStore>(store: S, config: SyncConfig) -> axum::Router {
    handlers::routes(SyncState {
        store,
        config: Arc::new(config),
    })
}
