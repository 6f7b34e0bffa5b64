//! 团体申报: an institution's group application drafts — the drafts list, each draft's task
//! list (institution, session, candidates, check), importing and exporting roster files
//! through the file worker (`crates/files`), the print view, the candidate editor (the self-assessment's
//! own questions, `candidate_questions`), and their keeping in IndexedDB with an operation log
//! the sync sends (`crate::sync`). Every verdict comes from `pingjia_rules::roster`.

pub mod area;
pub(crate) mod batches;
mod candidate;
mod details;
mod device_storage;
mod export;
pub mod file_worker;
mod import;
pub(crate) mod list;
pub(crate) mod log;
mod other_tabs;
pub mod records;
mod roster;
pub mod state;
pub mod store;
mod tasks;
mod verdicts;

pub use candidate::CandidatePage;
pub use list::DraftsPage;
pub use tasks::{DraftPage, SaveStatus};

use crate::today::today_in_shanghai;
use chrono::NaiveDate;
use records::Draft;

/// The day a draft's roster is checked for: its application date, or today when none (or none
/// that can be read) is set.
pub fn application_date(draft: &Draft) -> NaiveDate {
    crate::ui::parse_date(&draft.application_date).unwrap_or_else(today_in_shanghai)
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
