//! 团体申报, the institutions' program: a second WebAssembly program that the candidate app
//! loads only when a drafts page opens (`src/drafts_loader.rs` at the root), so a candidate never
//! downloads it. It holds an institution's group application drafts — the drafts list, each
//! draft's task list (institution, session, candidates, check), importing and exporting roster
//! files through the file worker (`crates/files`), the print view, the candidate editor (the
//! self-assessment's own questions, `pingjia_shell::candidate_questions`), and their keeping in
//! IndexedDB with an operation log — and the sync that sends that log (`sync/`). Every verdict
//! comes from `pingjia_rules::roster`.

pub mod area;
pub(crate) mod batches;
mod candidate;
mod details;
mod device_storage;
mod export;
pub mod file_worker;
mod import;
mod import_report;
pub(crate) mod list;
pub(crate) mod log;
mod other_tabs;
pub mod records;
mod roster;
mod roster_check;
mod save_status;
mod short_questions;
pub mod state;
pub mod store;
mod tasks;
mod verdicts;

pub mod sync;

pub use candidate::CandidatePage;
pub use list::DraftsPage;
pub use save_status::SaveStatus;
pub use tasks::DraftPage;

use chrono::NaiveDate;
use pingjia_shell::today::today_in_shanghai;
use records::Draft;

/// The day a draft's roster is checked for: its application date, or today when none (or none
/// that can be read) is set.
pub fn application_date(draft: &Draft) -> NaiveDate {
    pingjia_shell::ui::parse_date(&draft.application_date).unwrap_or_else(today_in_shanghai)
}

/// Resolves in a later task, so the browser can draw and answer input in between: long work is
/// done in steps with this between them.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
