//! The records an institution's drafts are made of, as the app keeps them and as they travel
//! to and from `pingjia serve`, the messages of the sync API (`docs/sync-api.md`), and the
//! checks the server makes on every record it is sent, and what counts as a sync server's
//! origin. No I/O: the app (wasm) and the server (native) both compile it.

pub mod codes;
pub mod conflict;
pub mod origin;
pub mod protocol;
pub mod records;
pub mod validate;

pub use records::{CandidateRecord, Life, RecordId, SyncDraft, SyncRecord};
