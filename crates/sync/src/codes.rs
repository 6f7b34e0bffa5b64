//! The codes the sync API refuses with — a whole request (`{"ok": false, "error": {"code", …}}`)
//! or one operation of a push (`"outcome": "rejected", "code"`). The server writes them and the
//! app reads them through this one enum, so a code renamed on one side cannot compile on the
//! other. `docs/sync-api.md` lists them; a test holds the list and the enum together.

use serde::{Deserialize, Serialize};

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SyncErrorCode {
    // A request refused whole.
    /// The body is over the server's limit.
    BodyTooLarge,
    /// The body did not arrive in full.
    UnreadableBody,
    UnknownEndpoint,
    MethodNotAllowed,
    /// The institution's or the device's name is empty, too long or holds control characters.
    BadName,
    BadContact,
    SyncKeyInvalid,
    /// A join code that is wrong, used, expired, or made by a device since signed out.
    JoinCodeInvalid,
    TokenMissing,
    TokenInvalid,
    /// The device was signed out; only joining again helps.
    DeviceRevoked,
    DeviceNotFound,
    /// A push naming another device than its token's.
    DeviceMismatch,
    TooManyOps,
    BadOpId,
    /// Two operations of one push with the same op id.
    RepeatedOpId,
    /// A body that is not sent as JSON.
    UnsupportedMediaType,
    /// Operations sent before their predecessors: send again from the one the server expects.
    OpOutOfOrder,
    AccountQuotaExceeded,
    BadCursor,
    BadLimit,
    UnknownParameter,
    RateLimited,
    /// The request took longer than the server allows.
    RequestTimeout,
    /// The server cannot store or read just now; nothing acknowledged is lost.
    StorageUnavailable,
    /// Too many rules questions at once: ask again shortly.
    ServerBusy,
    // One operation of a push rejected (its record).
    /// The record cannot be read as a record at all.
    MalformedRecord,
    RevisionMissing,
    /// A revision above the highest a record may reach.
    RevisionOutOfRange,
    /// The same subject listed twice among those retaken.
    RepeatedSubject,
    /// A record over the size one may take.
    RecordTooLarge,
    BadSession,
    BadDate,
    TextTooLong,
    ControlCharacter,
    TooManyRows,
    BadTime,
    /// A draft sent where a candidate was, or the other way round.
    RecordKindChanged,
    RevisionNotRaised,
    /// A code this version does not know (a newer server's): read as a refusal, in its words.
    #[serde(other)]
    Other,
}

impl SyncErrorCode {
    /// The code as it travels, e.g. `op_out_of_order`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The code a refusal carries; one this version does not know is [`SyncErrorCode::Other`].
    pub fn read(text: &str) -> SyncErrorCode {
        text.parse().unwrap_or(SyncErrorCode::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::VariantArray;

    #[test]
    fn every_code_is_written_and_read_the_same_way_by_serde_and_by_name() {
        for &code in SyncErrorCode::VARIANTS {
            let json = serde_json::to_string(&code).expect("a code serialises");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(SyncErrorCode::read(code.as_str()), code);
            let back: SyncErrorCode = serde_json::from_str(&json).expect("and reads back");
            assert_eq!(back, code);
        }
        assert_eq!(
            SyncErrorCode::read("a_code_from_the_future"),
            SyncErrorCode::Other
        );
        let unknown: SyncErrorCode =
            serde_json::from_str("\"a_code_from_the_future\"").expect("an unknown code is read");
        assert_eq!(unknown, SyncErrorCode::Other);
    }

    #[test]
    fn every_code_is_listed_in_the_sync_api_document() {
        let doc = include_str!("../../../docs/sync-api.md");
        for &code in SyncErrorCode::VARIANTS {
            if code == SyncErrorCode::Other {
                continue;
            }
            assert!(
                doc.contains(&format!("`{}`", code.as_str())),
                "docs/sync-api.md does not list `{}`",
                code.as_str()
            );
        }
    }
}
