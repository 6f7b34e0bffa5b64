//! The boundary between the sync rules (`core.rs`) and where the records are kept. A backend
//! implements [`SyncStore`]; every method that touches an account's data takes that account
//! first, so no query can forget whose data it reads. Methods block: handlers call them on
//! the blocking pool.

use super::core::{IncomingOp, PushError};
use pingjia_sync::protocol::{AccountExport, Devices, PushResponse};

/// The account and device a valid token belongs to (row ids, never shown).
#[derive(Clone, Debug)]
pub struct AuthDevice {
    pub account: i64,
    pub device: i64,
    /// The device's public id, as the client knows it.
    pub device_id: String,
}

/// What a device's token is checked against.
pub struct DeviceCredentials {
    pub auth: AuthDevice,
    pub digest: Vec<u8>,
    pub revoked: bool,
}

/// A row to create for a new account or device: the public id and the digest of its secret.
pub struct NewRow<'a> {
    pub public_id: &'a str,
    pub digest: &'a [u8],
    pub name: &'a str,
}

/// What a pull reads: the records' stored JSON with their change numbers, oldest first.
pub struct Page {
    pub records: Vec<(u64, String)>,
    pub more: bool,
}

/// The most bytes of records one pull page carries (always at least one record): with every
/// record at most `validate::MAX_RECORD_BYTES`, a page in memory stays near 1 MB however many
/// pulls are waiting for a client that does not read them.
pub const PAGE_BYTES: usize = 1024 * 1024;

impl Page {
    /// A page of at most `limit` records and about [`PAGE_BYTES`], from rows read lazily in
    /// change order (the rows after those taken are not read).
    pub fn of(
        rows: impl Iterator<Item = anyhow::Result<(u64, String)>>,
        limit: usize,
    ) -> anyhow::Result<Page> {
        let mut records = Vec::new();
        let mut bytes = 0;
        for row in rows {
            let row = row?;
            if records.len() == limit || (bytes >= PAGE_BYTES && !records.is_empty()) {
                return Ok(Page {
                    records,
                    more: true,
                });
            }
            bytes += row.1.len();
            records.push(row);
        }
        Ok(Page {
            records,
            more: false,
        })
    }
}

/// What `/api/health` says of the storage (never where it is or how it is reached).
#[derive(Clone, Debug, serde::Serialize)]
pub struct StoreStatus {
    /// "sqlite" or "postgres".
    pub backend: &'static str,
    pub schema_version: i64,
    pub created_at: Option<String>,
}

pub trait SyncStore: Clone + Send + Sync + 'static {
    /// Asks the storage itself, so a broken database shows here and not on the next write.
    fn status(&self) -> anyhow::Result<StoreStatus>;

    /// Opens the account and its first device together.
    fn create_account(
        &self,
        account: NewRow<'_>,
        contact: &str,
        device: NewRow<'_>,
    ) -> anyhow::Result<()>;

    /// The account a sync key's public id names, and the digest to check the key against.
    fn account_key(&self, account_id: &str) -> anyhow::Result<Option<(i64, Vec<u8>)>>;

    fn add_device(&self, account: i64, device: NewRow<'_>) -> anyhow::Result<()>;

    fn device_credentials(&self, device_id: &str) -> anyhow::Result<Option<DeviceCredentials>>;

    fn devices(&self, account: i64, asking: i64) -> anyhow::Result<Devices>;

    /// Signs one device out; false if the account has no such device.
    fn revoke_device(&self, account: i64, device_id: &str) -> anyhow::Result<bool>;

    /// Signs every device out, the asking one included, and drops the account's join codes;
    /// how many devices were signed out.
    fn revoke_all(&self, account: i64) -> anyhow::Result<u64>;

    /// Keeps a join code made by device `made_by` (its digest), good until `expires_at` (Unix
    /// seconds); codes of the account already expired are dropped on the way.
    fn add_join_code(
        &self,
        account: i64,
        made_by: i64,
        code: NewRow<'_>,
        expires_at: i64,
        now: i64,
    ) -> anyhow::Result<()>;

    /// The account a join code's public id names and the digest to check it against, while
    /// the code is unused, unexpired at `now`, and its device still signed in.
    fn join_code(&self, public_id: &str, now: i64) -> anyhow::Result<Option<(i64, Vec<u8>)>>;

    /// Uses the join code (deleting it) and adds the device, in one transaction; false when the
    /// code was used or expired meanwhile, and then no device is added.
    fn join_with_code(&self, public_id: &str, now: i64, device: NewRow<'_>)
    -> anyhow::Result<bool>;

    /// Replaces the digest of the account's sync key: the old key joins no device from now on;
    /// the devices already signed in keep their tokens. Returns the account's public id.
    fn replace_key(&self, account: i64, key_digest: &[u8]) -> anyhow::Result<String>;

    /// Applies a device's operations by `core::apply_push`, in a transaction that holds the
    /// account's writes, and returns once the result is durable; nothing of a push that fails
    /// is kept.
    fn push(
        &self,
        device: &AuthDevice,
        ops: Vec<IncomingOp>,
        quota_bytes: u64,
    ) -> Result<PushResponse, PushError>;

    /// The account's records changed after `after`, at most `limit`.
    fn pull(&self, account: i64, after: u64, limit: usize) -> anyhow::Result<Page>;

    fn export(&self, account: i64, asking: i64) -> anyhow::Result<AccountExport>;

    /// Erases the account: its records, devices and the account itself, not marks.
    fn delete_account(&self, account: i64) -> anyhow::Result<()>;
}
