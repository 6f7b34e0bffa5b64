//! Syncing an institution's drafts between its devices through `pingjia serve`
//! (`docs/sync-api.md`). Part of the drafts program.
//! - `local/`: what the sync keeps in IndexedDB (the account, the outbox, pulls, the conflicts);
//! - `convert.rs`: records as kept here and as they travel;
//! - `api.rs`: the HTTP calls; `engine.rs`: when a round runs and what it does;
//! - `account_page.rs`: opening, joining, the devices, export and erasure;
//!   `status.rs`: a draft's sync status; `conflicts_page.rs`: choosing between two versions.

mod account_page;
pub mod api;
mod conflicts_page;
pub mod convert;
pub mod engine;
pub mod local;
mod status;

pub use account_page::SyncPage;
pub use conflicts_page::ConflictsTask;
pub use status::DraftSyncStatus;
