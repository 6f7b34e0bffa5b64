//! A draft's roster as the rules check it: every candidate on it (not deleted, in roster order)
//! checked by `pingjia_rules::roster` on the draft's application date. The roster, the check
//! task, the exports and the verdicts a draft keeps all read this one check.

use super::application_date;
use super::records::{CandidateRecord, Life, RecordId};
use super::state::{draft_signal, use_drafts};
use leptos::prelude::*;
use pingjia_rules::fees::Subject;
use pingjia_rules::roster::{RosterCheck, RosterEntry, check_roster};

/// A draft's candidates (not deleted, in roster order) and their check.
#[derive(Clone, PartialEq)]
pub struct CheckedRoster {
    pub ids: Vec<RecordId>,
    pub names: Vec<String>,
    pub id_numbers: Vec<String>,
    pub levels: Vec<Option<pingjia_rules::Level>>,
    /// The retaken subjects, row by row (empty for a first attempt).
    pub retakes: Vec<Vec<Subject>>,
    pub check: RosterCheck,
}

/// The candidates of draft `id` on its roster (not deleted), in roster order: the rows of its
/// [`CheckedRoster`].
pub fn on_roster(list: &[CandidateRecord], id: RecordId) -> impl Iterator<Item = &CandidateRecord> {
    list.iter()
        .filter(move |c| c.draft_id == id && c.life != Life::Deleted)
}

/// The check of draft `id`'s roster, recomputed when a candidate or the date changes. The
/// entries are checked where they are kept, not copied: only what the pages show is.
pub fn checked_roster(id: RecordId) -> Memo<CheckedRoster> {
    let drafts = use_drafts();
    let draft = draft_signal(id);
    Memo::new(move |_| {
        let on = draft
            .with(|d| d.as_ref().map(application_date))
            .unwrap_or_else(pingjia_shell::today::today_in_shanghai);
        drafts.candidates.with(|list| {
            let entries: Vec<&RosterEntry> = on_roster(list, id).map(|c| &c.entry).collect();
            CheckedRoster {
                ids: on_roster(list, id).map(|c| c.id).collect(),
                names: entries.iter().map(|e| e.name.clone()).collect(),
                id_numbers: entries
                    .iter()
                    .map(|e| e.candidate.id_number.clone())
                    .collect(),
                levels: entries.iter().map(|e| e.level).collect(),
                retakes: entries.iter().map(|e| e.retake.clone()).collect(),
                check: check_roster(pingjia_rules::rulebook::for_date(on), on, &entries),
            }
        })
    })
}
