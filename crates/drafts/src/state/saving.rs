//! The saving of the drafts: each change marks its record, the first mark schedules a save
//! [`SAVE_AFTER_MS`] later (not pushed back by further typing, so a change is kept within about
//! half a second however long one types), and leaving the page saves at once. Every save goes through one
//! queue, written in order, so an older copy of a record is never written after a newer one; a
//! failed save puts the revisions back and leaves the records marked for the next try.

use super::{Dirty, Drafts, SaveState, now};
use crate::records::Record;
use crate::store::DraftStore;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{BTreeMap, BTreeSet};

/// How long after the first unsaved change the save starts.
pub const SAVE_AFTER_MS: i32 = 300;

/// Records encoded per step at most by a save in steps (a step also ends after
/// `store::STEP_MS`, which at CPU 4× usually comes first): each step stays a short task, so the
/// page keeps answering while thousands of imported rows are saved (in one transaction). Since
/// new candidates are written in batches, a step's cost is the encoding, not the writes, and
/// steps of 40 records only added tasks.
const SAVE_STEP: usize = 200;

#[derive(Clone, Copy)]
enum Pace {
    AtOnce,
    InSteps,
}

fn dirty_of(record: &Record) -> Dirty {
    match record {
        Record::Draft(d) => Dirty::Draft(d.id),
        Record::Candidate(c) => Dirty::Candidate(c.id),
    }
}

impl Drafts {
    /// Marks `what` as changed and schedules its save.
    pub(super) fn mark(self, what: Dirty) {
        self.dirty.update_value(|d| {
            d.insert(what);
        });
        self.saved.set(SaveState::Pending);
        self.schedule();
    }

    /// Schedules a save of everything marked, unless one is scheduled already.
    pub(super) fn schedule(self) {
        if self.timer.with_value(Option::is_some) {
            return; // the save already scheduled takes this change too
        }
        let handle = set_timeout_with_handle(
            move || {
                self.timer.set_value(None);
                self.save(Pace::InSteps);
            },
            std::time::Duration::from_millis(SAVE_AFTER_MS as u64),
        );
        self.timer.set_value(handle.ok());
    }

    /// Saves every marked record now, in one transaction of its own (the browser runs them in
    /// the order they were started): for when the page is going away, where only requests
    /// issued before the first await are sure to be carried out.
    pub fn save_now(self) {
        self.save(Pace::AtOnce);
    }

    /// Saves every marked record, at once, or `SAVE_STEP` records per step with the browser
    /// free between steps (the pause after typing: an import may have marked thousands).
    fn save(self, pace: Pace) {
        if let Some(timer) = self.timer.try_update_value(Option::take).flatten() {
            timer.clear();
        }
        let Some(store) = self.store.get_value() else {
            return; // in memory only, or still opening (the first read saves what was marked)
        };
        let marked = self
            .dirty
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        // Collect the records and raise their revisions in memory at once, so a save started
        // before this one ends is based on the revision this one writes.
        let mut records: Vec<Record> = Vec::with_capacity(marked.len());
        self.list.update_untracked(|list| {
            for d in list
                .iter_mut()
                .filter(|d| marked.contains(&Dirty::Draft(d.id)))
            {
                records.push(Record::Draft(Box::new(d.clone())));
                d.revision += 1;
            }
        });
        self.candidates.update_untracked(|list| {
            for c in list
                .iter_mut()
                .filter(|c| marked.contains(&Dirty::Candidate(c.id)))
            {
                records.push(Record::Candidate(Box::new(c.clone())));
                c.revision += 1;
            }
        });
        // Every save goes through one queue, written in order, so an older copy of a record
        // is never written after a newer one.
        self.queue.update_value(|q| q.extend(records));
        if self.queue.with_value(Vec::is_empty) {
            return;
        }
        match pace {
            Pace::AtOnce => {
                let all = self
                    .queue
                    .try_update_value(std::mem::take)
                    .unwrap_or_default();
                if !all.is_empty() {
                    spawn_local(async move {
                        if self.write(&store, all, Pace::AtOnce).await {
                            self.after_save();
                        }
                    });
                }
            }
            Pace::InSteps => {
                if self.saving.get_value() {
                    return; // the save in progress takes these records from the queue too
                }
                self.saving.set_value(true);
                spawn_local(async move {
                    // What is queued is written in one transaction, a step at a time: kept all
                    // together or not at all (an import), without one long task.
                    loop {
                        let batch = self
                            .queue
                            .try_update_value(std::mem::take)
                            .unwrap_or_default();
                        if batch.is_empty() {
                            break;
                        }
                        if !self.write(&store, batch, Pace::InSteps).await {
                            self.saving.set_value(false);
                            return;
                        }
                    }
                    self.saving.set_value(false);
                    self.after_save();
                });
            }
        }
    }

    /// Writes `records` in one transaction. When it fails, nothing of it was kept: the
    /// revisions of these records (and of every record still queued) go back, and they stay
    /// marked for the next change (or leaving the page) to try again.
    async fn write(self, store: &DraftStore, records: Vec<Record>, pace: Pace) -> bool {
        let written = match pace {
            Pace::AtOnce => store.save(records.clone()).await.map(drop),
            Pace::InSteps => store.save_in_steps(records.clone(), SAVE_STEP).await,
        };
        let Err(err) = written else {
            return true;
        };
        let queued = self
            .queue
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        let mut raised: BTreeMap<Dirty, u64> = BTreeMap::new();
        for r in records.iter().chain(&queued) {
            *raised.entry(dirty_of(r)).or_default() += 1;
        }
        self.list.update_untracked(|list| {
            for d in list.iter_mut() {
                if let Some(n) = raised.get(&Dirty::Draft(d.id)) {
                    d.revision = d.revision.saturating_sub(*n);
                }
            }
        });
        self.candidates.update_untracked(|list| {
            for c in list.iter_mut() {
                if let Some(n) = raised.get(&Dirty::Candidate(c.id)) {
                    c.revision = c.revision.saturating_sub(*n);
                }
            }
        });
        self.dirty.update_value(|d| d.extend(raised.into_keys()));
        self.saved.set(SaveState::Failed(err));
        false
    }

    fn after_save(self) {
        if let Some(tabs) = self.other_tabs.get_value() {
            tabs.announce_save();
        }
        crate::sync::engine::soon();
        if self.dirty.with_value(BTreeSet::is_empty) && self.queue.with_value(Vec::is_empty) {
            self.saved.set(SaveState::Saved(now()));
        }
    }
}
