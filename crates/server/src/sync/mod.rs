//! The sync API under `/api/v1/sync` (`docs/sync-api.md`): accounts and their devices, pushes
//! of a device's operations, pulls of what changed. `core` holds the rules, `store` the
//! boundary every backend implements, `sqlite` the embedded backend; `handlers` is HTTP only.

pub use sqlite::SqliteStore;

pub mod auth;
pub mod core;
pub mod handlers;
pub mod limits;
pub mod postgres;
mod postgres_push;
pub mod push_body;
mod push_queue;
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
    /// Accounts one address may open in an hour (0: no limit).
    pub accounts_per_hour_per_ip: u32,
    /// Failed sign-ins (a wrong, revoked or missing token, a wrong sync key) one address may
    /// make in a minute before it is told to wait (0: no limit).
    pub failed_sign_ins_per_minute_per_ip: u32,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            account_quota_bytes: 50 * 1024 * 1024,
            requests_per_minute_per_ip: 600,
            requests_per_minute_per_token: 300,
            accounts_per_hour_per_ip: 10,
            failed_sign_ins_per_minute_per_ip: 30,
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
    /// Requests per device, counted once its token is verified: a stranger who knows a device's
    /// public id cannot spend its bucket.
    pub per_device: Option<limits::Keyed<i64>>,
    /// Failed sign-ins per address.
    pub failed_sign_ins: Option<limits::Keyed<std::net::IpAddr>>,
}

impl<S: Clone> Clone for SyncState<S> {
    fn clone(&self) -> Self {
        SyncState {
            store: self.store.clone(),
            config: Arc::clone(&self.config),
            per_device: self.per_device.clone(),
            failed_sign_ins: self.failed_sign_ins.clone(),
        }
    }
}

impl<S> SyncState<S> {
    /// A failed sign-in from `address`: the refusal to send, or, past the address's limit, a
    /// 429 saying when to come back.
    pub fn failed_sign_in(
        &self,
        address: std::net::IpAddr,
        refusal: crate::refusal::Refusal,
    ) -> crate::refusal::Refusal {
        match self.failed_sign_ins.as_ref().map(|l| l.check(&address)) {
            Some(Err(wait)) => limits::too_many_requests(wait),
            _ => refusal,
        }
    }
}

/// The sync routes, relative to `/api/v1/sync`.
pub fn router<S: SyncStore>(store: S, config: SyncConfig) -> axum::Router {
    let per_device = limits::Keyed::per_minute(config.requests_per_minute_per_token, 10);
    let failed_sign_ins = limits::Keyed::per_minute(config.failed_sign_ins_per_minute_per_ip, 10);
    handlers::routes(SyncState {
        store,
        config: Arc::new(config),
        per_device,
        failed_sign_ins,
    })
}
