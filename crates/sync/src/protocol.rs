//! The messages of the sync API, as both ends read and write them. `docs/sync-api.md` shows
//! each with the exchange it belongs to; a test runs every example there.

use crate::codes::SyncErrorCode;
use crate::records::{RecordId, SyncRecord};
use pingjia_rules::Bilingual;
use serde::{Deserialize, Serialize};

/// `POST /api/v1/sync/accounts`: an institution opens a sync account from its first device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    /// 机构名称.
    pub name: String,
    /// 联系人 and a phone number, as typed.
    pub contact: String,
    /// What this device is called in the list of devices, e.g. "办公室电脑".
    pub device_name: String,
}

/// `POST /api/v1/sync/join`: another device joins with the sync key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinAccount {
    /// The account's sync key, or a join code made on a signed-in device (`pji_…`).
    pub sync_key: String,
    pub device_name: String,
}

/// The answer to opening an account or joining one. The secrets are shown this once: the
/// server keeps only their hashes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Joined {
    pub account_id: String,
    /// Only when the account was just opened: the key other devices join with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_key: Option<String>,
    pub device_id: String,
    /// Sent as `Authorization: Bearer …` with every other request of this device.
    pub device_token: String,
}

/// `POST /api/v1/sync/account/key`: the account's new sync key, shown this once. The old key
/// joins no device from now on; devices already signed in keep working.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewKey {
    pub sync_key: String,
}

/// A join code ("添加设备"): joins one device, once, until `expires_at`. Given in place of the
/// sync key (`JoinAccount::sync_key`), in the join link's fragment as well.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinCode {
    pub join_code: String,
    /// When it stops working, in UTC: `2025-06-01T08:40:00Z`.
    pub expires_at: String,
    pub valid_minutes: u32,
}

/// One device of the account, as `GET /api/v1/sync/devices` lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub device_id: String,
    pub name: String,
    pub created_at: String,
    pub last_seen_at: Option<String>,
    /// Set once the device was signed out; its token no longer works.
    pub revoked_at: Option<String>,
    /// Whether this is the device that asked.
    pub this_device: bool,
    /// The last operation of this device the server applied.
    pub last_op_id: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Devices {
    pub account_id: String,
    pub name: String,
    pub contact: String,
    pub devices: Vec<DeviceInfo>,
}

/// `POST /api/v1/sync/push`: a device's next operations, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    /// The device the token belongs to (a push naming another device is refused).
    pub device_id: String,
    pub ops: Vec<PushOp>,
}

/// One saved change of one record. `op_id`s of a device run 1, 2, 3, … without gaps, so the
/// server can tell a replayed operation (at or below the last it applied) from one that
/// arrived before its predecessors (refused, to be sent again in order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushOp {
    pub op_id: u64,
    /// The revision of the record this change was made on (0: a new record).
    pub base_revision: u64,
    /// Set on the change a person made to settle a conflict on this record: until then, the
    /// server treats this device's later changes to it as made on the version it refused.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resolves_conflict: bool,
    pub record: SyncRecord,
}

/// The answer to a push, sent only once every applied operation is durable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    /// Every operation of this device up to here is settled (applied, already applied, in
    /// conflict or rejected): the device can drop them from its outbox.
    pub last_op_id: u64,
    pub results: Vec<OpResult>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpResult {
    pub op_id: u64,
    pub record_id: Option<RecordId>,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What became of one operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Kept: the record is now at this revision.
    Applied { revision: u64 },
    /// Applied by an earlier push (the same batch sent again); nothing changed now. When the
    /// record has changed since — another device's change, made on this one — its current
    /// version is here: the answer to the first push was lost, and a pull meanwhile passed the
    /// record over while this device's change was waiting, so the device would otherwise keep
    /// its older copy.
    AlreadyApplied {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        current: Option<Box<SyncRecord>>,
    },
    /// Made on an older revision than the server holds: not applied. The server's version is
    /// here, so the device can show both and let the person choose.
    Conflict { server: Box<SyncRecord> },
    /// Not applied and never will be: the record is malformed. The reason is for the person.
    Rejected {
        code: SyncErrorCode,
        message: Bilingual,
    },
}

/// `GET /api/v1/sync/pull?cursor=…&limit=…`: the records changed since the cursor, oldest
/// change first, each at its latest revision (a record changed twice comes once).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub records: Vec<SyncRecord>,
    /// Where the next pull starts; opaque, kept by the device.
    pub cursor: String,
    /// Whether more changes wait beyond this page.
    pub more: bool,
}

/// `GET /api/v1/sync/export`: everything the account holds, for the institution to keep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountExport {
    pub account_id: String,
    pub name: String,
    pub contact: String,
    pub created_at: String,
    pub devices: Vec<DeviceInfo>,
    pub records: Vec<SyncRecord>,
}
