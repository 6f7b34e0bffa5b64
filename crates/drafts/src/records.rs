//! What an institution's drafts are made of, as they are kept in IndexedDB (the sync sends them
//! as `pingjia_sync::SyncRecord`): a [`Draft`] (the application: institution, session, date, notes) and its
//! [`CandidateRecord`]s (one person each). Every record has a random id that never changes, a
//! revision raised by each saved change, and is deleted by marking it, so another device can
//! learn of the deletion.

use serde::{Deserialize, Serialize};

pub use pingjia_sync::records::{CandidateRecord, Life, RecordId};

/// A new record id from the browser's cryptographic random source, so ids made offline on two
/// devices never meet.
pub fn new_id() -> RecordId {
    new_ids(1).pop().unwrap_or_default()
}

/// `n` new record ids (see [`new_id`]), from one call into the browser per 4,096 of them (its
/// limit is 65,536 random bytes a call): an import makes thousands, and a call each cost about
/// 100 ms for 5,000 rows at CPU 4×.
pub fn new_ids(n: usize) -> Vec<RecordId> {
    let mut bytes = vec![0u8; n * 16];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    for part in bytes.chunks_mut(65_536) {
        let filled = crypto
            .as_ref()
            .is_some_and(|c| c.get_random_values_with_u8_array(part).is_ok());
        if !filled {
            // No Web Crypto (never in a browser this app supports): fall back to Math.random,
            // still 128 bits, only less unpredictable.
            for b in part {
                *b = (js_sys::Math::random() * 256.0) as u8;
            }
        }
    }
    bytes
        .chunks_exact(16)
        .map(|id| {
            let mut one = [0u8; 16];
            one.copy_from_slice(id);
            RecordId(u128::from_be_bytes(one))
        })
        .collect()
}

/// One group application being prepared.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub id: RecordId,
    /// Raised by one with every saved change (0: never saved).
    pub revision: u64,
    pub life: Life,
    /// When it was last changed on this device, milliseconds since 1970 (for "saved at" and
    /// the order of the list).
    pub changed_at: f64,
    /// 机构名称.
    pub institution: String,
    /// 联系人 and a phone number, as typed.
    pub contact: String,
    /// The target session by its evaluation month, e.g. "2025-09"; empty: not chosen yet.
    pub session: String,
    /// The application date the roster is checked for; empty: today.
    pub application_date: String,
    pub notes: String,
    /// The rulebook version of the verdicts in `verdicts`, and those verdicts by candidate id,
    /// so a newer rulebook's changes can be listed.
    pub checked_with: String,
    pub verdicts: Vec<(RecordId, String)>,
}

/// A saved record, of either store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Draft(Box<Draft>),
    Candidate(Box<CandidateRecord>),
}

impl Record {
    pub fn id(&self) -> RecordId {
        match self {
            Record::Draft(d) => d.id,
            Record::Candidate(c) => c.id,
        }
    }

    /// The draft it is, or belongs to.
    pub fn draft_id(&self) -> RecordId {
        match self {
            Record::Draft(d) => d.id,
            Record::Candidate(c) => c.draft_id,
        }
    }

    pub fn revision(&self) -> u64 {
        match self {
            Record::Draft(d) => d.revision,
            Record::Candidate(c) => c.revision,
        }
    }

    /// Raises the revision by one, for a save.
    pub fn raise_revision(&mut self) {
        match self {
            Record::Draft(d) => d.revision += 1,
            Record::Candidate(c) => c.revision += 1,
        }
    }
}

/// An entry of the operation log: one saved change of one record, in the order they were
/// made on this device. The sync sends these; `base_revision` is the revision the change was
/// made on, so the server can tell a stale edit from a current one.
/// Everything else (the record's id, its draft, the new revision, when) is read off `record`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    pub base_revision: u64,
    /// The record as saved (a deletion too: its `life` says so).
    pub record: Record,
}
