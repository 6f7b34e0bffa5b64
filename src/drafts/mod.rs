//! 团体申报: an institution's group application drafts — the drafts list, each draft's task
//! list (institution, session, candidates, check), the candidate editor (the self-assessment's
//! own questions, `candidate_questions`), and their keeping in IndexedDB with an operation log
//! the sync will send. Every verdict comes from `pingjia_rules::roster`.

pub mod area;
mod candidate;
mod details;
mod device_storage;
mod list;
mod other_tabs;
pub mod records;
mod roster;
pub mod state;
pub mod store;
mod tasks;
mod verdicts;

pub use candidate::CandidatePage;
pub use list::DraftsPage;
pub use tasks::DraftPage;

use crate::today::today_in_shanghai;
use chrono::NaiveDate;
use records::Draft;

/// The day a draft's roster is checked for: its application date, or today when none (or none
/// that can be read) is set.
pub fn application_date(draft: &Draft) -> NaiveDate {
    crate::ui::parse_date(&draft.application_date).unwrap_or_else(today_in_shanghai)
}
