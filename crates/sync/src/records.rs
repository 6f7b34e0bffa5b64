//! A draft and its candidates as records: each has a random id that never changes, a revision
//! raised by each saved change, and is deleted by marking it, so another device can learn of
//! the deletion (and it can be undone).

use pingjia_rules::roster::RosterEntry;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A record's id: 128 random bits, written as 32 lower-case hex digits. The app makes them from
/// the browser's cryptographic random source, so ids made offline on two devices never meet.
///
/// `RecordId(0)` (the default) is no record's: a draft read without an id takes its key instead.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId(pub u128);

impl RecordId {
    pub fn parse(text: &str) -> Option<RecordId> {
        // Lower case only: one id, one spelling, so "ABC…" cannot name the record "abc…" does.
        (text.len() == 32 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| u128::from_str_radix(text, 16).ok())
            .flatten()
            .map(RecordId)
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl Serialize for RecordId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Through `Display`, the one way an id is written; a JSON writer takes it without a
        // `String` in between.
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RecordId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Read from the text as it is, not from a copy: decoding a batch reads two ids a
        // candidate (`cargo bench -p pingjia-sync --bench records`).
        struct Hex;
        impl serde::de::Visitor<'_> for Hex {
            type Value = RecordId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a record id: 32 lower-case hexadecimal digits")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<RecordId, E> {
                RecordId::parse(text).ok_or_else(|| E::custom("not a record id"))
            }
        }
        d.deserialize_str(Hex)
    }
}

/// Where a record is in its life. Deleted records stay (marked) so the deletion can be synced
/// and undone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Life {
    #[default]
    Active,
    Archived,
    Deleted,
}

/// One person on a draft's roster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CandidateRecord {
    pub id: RecordId,
    pub draft_id: RecordId,
    pub revision: u64,
    pub life: Life,
    /// When it was last changed on the device that changed it, milliseconds since 1970.
    pub changed_at: f64,
    /// Where it stands in the roster as the institution ordered it.
    pub position: u32,
    pub entry: RosterEntry,
}

/// A draft as it is synced: what the institution typed. What a device worked out from it
/// (the verdicts it last showed, and the rulebook they came from) stays on that device; the
/// server checks the roster itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncDraft {
    pub id: RecordId,
    pub revision: u64,
    pub life: Life,
    pub changed_at: f64,
    /// 机构名称.
    pub institution: String,
    /// 联系人 and a phone number, as typed.
    pub contact: String,
    /// The target session by its evaluation month, e.g. "2025-09"; empty: not chosen yet.
    pub session: String,
    /// The application date the roster is checked for (YYYY-MM-DD); empty: the day it is read.
    pub application_date: String,
    pub notes: String,
}

/// A synced record of either kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SyncRecord {
    Draft(SyncDraft),
    Candidate(CandidateRecord),
}

/// The two kinds of record, as stored beside each record on the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Draft,
    Candidate,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Draft => "draft",
            Kind::Candidate => "candidate",
        }
    }
}

impl SyncRecord {
    pub fn id(&self) -> RecordId {
        match self {
            SyncRecord::Draft(d) => d.id,
            SyncRecord::Candidate(c) => c.id,
        }
    }

    /// The draft it is, or belongs to.
    pub fn draft_id(&self) -> RecordId {
        match self {
            SyncRecord::Draft(d) => d.id,
            SyncRecord::Candidate(c) => c.draft_id,
        }
    }

    pub fn revision(&self) -> u64 {
        match self {
            SyncRecord::Draft(d) => d.revision,
            SyncRecord::Candidate(c) => c.revision,
        }
    }

    pub fn life(&self) -> Life {
        match self {
            SyncRecord::Draft(d) => d.life,
            SyncRecord::Candidate(c) => c.life,
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            SyncRecord::Draft(_) => Kind::Draft,
            SyncRecord::Candidate(_) => Kind::Candidate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_32_hex_digits_both_ways() {
        let id = RecordId(0x0123_4567_89ab_cdef_0011_2233_4455_6677);
        let text = id.to_string();
        assert_eq!(text, "0123456789abcdef0011223344556677");
        assert_eq!(RecordId::parse(&text), Some(id));
        assert_eq!(RecordId::parse("0123"), None);
        assert_eq!(RecordId::parse(&"g".repeat(32)), None);

        let json = serde_json::to_string(&id).expect("an id is written");
        assert_eq!(json, r#""0123456789abcdef0011223344556677""#);
        assert_eq!(
            serde_json::from_str::<RecordId>(&json).expect("and read"),
            id
        );
        let bad = serde_json::from_str::<RecordId>(r#""0123""#).expect_err("too short");
        assert!(bad.to_string().contains("not a record id"), "{bad}");
        assert!(
            serde_json::from_str::<RecordId>("7").is_err(),
            "a number is not an id"
        );
    }

    #[test]
    fn a_record_names_its_type_and_refuses_unknown_fields() {
        let json = r#"{"type":"draft","id":"0123456789abcdef0011223344556677","revision":1,"life":"active","changed_at":0,"institution":"某培训学校","contact":"","session":"","application_date":"","notes":""}"#;
        let record: SyncRecord = serde_json::from_str(json).expect("a draft");
        assert_eq!(record.kind(), Kind::Draft);
        let extra = json.replace(r#""notes":"""#, r#""notes":"","verdicts":[]"#);
        assert!(serde_json::from_str::<SyncRecord>(&extra).is_err());
    }
}
