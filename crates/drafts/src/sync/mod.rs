//! Syncing an institution's drafts between its devices through `pingjia serve`
//! (`docs/sync-api.md`). Part of the drafts program.
//! - `local/`: what the sync keeps in IndexedDB (the account, the outbox, pulls, the conflicts);
//! - `convert.rs`: records as kept here and as they travel;
//! - `api.rs`: the HTTP calls; `engine.rs`: when a round runs and what it does;
//! - `account_page.rs`: opening, joining, the devices, export and erasure; `add_device.rs`: a
//!   join code for one more device; `share.rs`: the join link, its QR code, a copy button;
//!   `status.rs`: a draft's sync status; `conflicts_page.rs`: choosing between two versions.

mod account_page;
mod add_device;
pub mod api;
mod conflicts_page;
pub mod convert;
pub mod engine;
pub mod local;
mod share;
mod status;

pub use account_page::SyncPage;
pub use conflicts_page::ConflictsTask;
pub use status::DraftSyncStatus;
