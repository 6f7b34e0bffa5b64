//! A draft keeps the verdict of each candidate and the rulebook version they came from. When a
//! newer rulebook is loaded, the roster is checked again and the rows whose verdict changed are
//! listed, so an institution learns what the new rules mean for the people it is applying for.

use super::records::{Draft, RecordId};
use super::roster_check::{CheckedRoster, checked_roster};
use super::state::draft_signal;
use super::state::use_drafts;
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::roster::Status;
use pingjia_shell::context::use_lang;

/// A row whose verdict is not the one recorded under an earlier rulebook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangedRow {
    pub row: usize,
    pub name: String,
    pub now: Status,
}

/// The verdicts of `roster` as a draft records them.
pub fn fingerprints(roster: &CheckedRoster) -> Vec<(RecordId, String)> {
    roster
        .ids
        .iter()
        .zip(&roster.check.rows)
        .map(|(id, row)| {
            let mark = if row.same_id_number.is_empty() {
                ""
            } else {
                "+same_id_number"
            };
            (*id, format!("{}{mark}", row.outcome.fingerprint()))
        })
        .collect()
}

/// The rows whose verdict changed since the draft was checked with another rulebook version
/// (none when it was checked with this one, or never).
pub fn changed_since(draft: &Draft, roster: &CheckedRoster, version: &str) -> Vec<ChangedRow> {
    if draft.checked_with.is_empty() || draft.checked_with == version {
        return Vec::new();
    }
    fingerprints(roster)
        .into_iter()
        .enumerate()
        .filter(|(_, (id, now))| {
            draft
                .verdicts
                .iter()
                .find(|(recorded, _)| recorded == id)
                .is_some_and(|(_, before)| before != now)
        })
        .map(|(row, _)| ChangedRow {
            row,
            name: roster.names[row].clone(),
            now: roster.check.rows[row].status(),
        })
        .collect()
}

/// Once the draft's candidates are read: lists what a newer rulebook changed, and records the
/// current verdicts and version in the draft.
#[component]
pub fn RulebookChanges(id: RecordId) -> impl IntoView {
    let lang = use_lang();
    let drafts = use_drafts();
    let draft = draft_signal(id);
    let roster = checked_roster(id);
    let changes = RwSignal::new(None::<(String, Vec<ChangedRow>)>);
    let version = pingjia_rules::rulebook::current().version;
    Effect::new(move |_| {
        if drafts.loaded.get() != Some(id) {
            return;
        }
        let Some(d) = draft.get() else {
            return;
        };
        let now = roster.with(fingerprints);
        if d.checked_with == version && d.verdicts == now {
            return;
        }
        let changed = roster.with(|r| changed_since(&d, r, version));
        if !changed.is_empty() {
            changes.set(Some((d.checked_with.clone(), changed)));
        }
        drafts.edit_draft(id, move |d| {
            d.checked_with = version.to_owned();
            d.verdicts = now;
        });
    });
    move || {
        changes.get().map(|(before, rows)| {
            let lang = lang.get();
            let list = rows
                .iter()
                .map(|r| {
                    let status = r.now.label().get(lang).to_owned();
                    Bilingual::new(format!("第 {} 行 {}：现为“{status}”", r.row + 1, r.name), format!("row {} {}: now \"{status}\"", r.row + 1, r.name)).get(lang).to_owned()
                })
                .map(|line| view! { <li>{line}</li> })
                .collect_view();
            let heading = Bilingual::new(format!("规则已由 {before} 版更新为 {version} 版，以下考生的核对结果有变化："), format!("The rules changed from version {before} to {version}; these candidates' verdicts changed:")).get(lang).to_owned();
            view! {
                <div class="banner" role="status" data-testid="rulebook-changes">
                    <p>{heading}</p>
                    <ul>{list}</ul>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pingjia_rules::roster::{RosterEntry, check_roster};

    fn roster() -> CheckedRoster {
        let entries = [
            RosterEntry::default(),
            RosterEntry {
                name: "乙".into(),
                ..RosterEntry::default()
            },
        ];
        let on = "2025-06-01".parse().expect("date");
        CheckedRoster {
            ids: vec![RecordId(1), RecordId(2)],
            names: vec![String::new(), "乙".into()],
            id_numbers: vec![String::new(); 2],
            levels: vec![None; 2],
            retakes: vec![Vec::new(); 2],
            check: check_roster(pingjia_rules::rulebook::current(), on, &entries),
        }
    }

    #[test]
    fn rows_whose_verdict_changed_under_a_new_rulebook_are_listed() {
        let roster = roster();
        let now = fingerprints(&roster);
        let mut draft = Draft {
            checked_with: "2024.9".into(),
            verdicts: vec![now[0].clone(), (RecordId(2), "eligible:1".into())],
            ..Draft::default()
        };
        let changed = changed_since(&draft, &roster, "2025.1");
        assert_eq!(
            changed,
            vec![ChangedRow {
                row: 1,
                name: "乙".into(),
                now: Status::Incomplete
            }]
        );
        // Checked with this version already, or never: nothing to say.
        assert!(changed_since(&draft, &roster, "2024.9").is_empty());
        draft.checked_with.clear();
        assert!(changed_since(&draft, &roster, "2025.1").is_empty());
    }
}
