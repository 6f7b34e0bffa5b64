//! The drafts of this device while the app runs: the list, the open draft's candidates, where
//! they are kept, and the changes to them; `saving` writes each change to IndexedDB shortly
//! after it is made.
//!
//! When the browser cannot keep the drafts (IndexedDB missing, or the device full), the app
//! keeps working on what is in memory and says so. When a newer version of the app in another
//! tab needs the database, this tab saves what it has, lets go, and says so.

use super::other_tabs::OtherTabs;
use super::records::{self, CandidateRecord, Draft, Life, Record, RecordId};
use super::store::{Closer, DATABASE_NAME, DraftStore, StorageError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeSet;
use std::rc::Rc;

mod lists;
mod saving;
use lists::{adopt, merge, next_position};
pub use saving::SAVE_AFTER_MS;

/// Where the drafts are kept.
#[derive(Clone, Debug, PartialEq)]
pub enum Keeping {
    /// Opening the database.
    Opening,
    /// Opening, and waiting for another tab that holds the database on an older schema (an
    /// older version of the app) to let go of it.
    WaitingForOtherTab,
    /// In this browser's IndexedDB.
    OnDevice,
    /// In memory only: closing the tab loses what was not exported.
    InMemory(StorageError),
    /// Another tab opened a newer version of the app: this tab saved what it had, let go of the
    /// database for that tab to upgrade it, and keeps nothing more until it is reloaded.
    Superseded,
}

impl Keeping {
    /// The drafts are not read yet (and may yet be).
    pub fn is_opening(&self) -> bool {
        matches!(self, Keeping::Opening | Keeping::WaitingForOtherTab)
    }

    /// Changes made now are not kept on this device.
    pub fn only_in_memory(&self) -> bool {
        matches!(self, Keeping::InMemory(_) | Keeping::Superseded)
    }
}

/// How far the changes have been saved.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Nothing changed since the drafts were loaded.
    Unchanged,
    /// Changes made, not yet kept.
    Pending,
    /// Everything kept on this device, last at this time (ms since 1970).
    Saved(f64),
    /// The last save failed; the changes are still in memory and are tried again.
    Failed(StorageError),
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Dirty {
    Draft(RecordId),
    Candidate(RecordId),
}

/// The drafts, shared through context by every drafts page.
#[derive(Clone, Copy)]
pub struct Drafts {
    pub keeping: RwSignal<Keeping>,
    pub saved: RwSignal<SaveState>,
    pub list: RwSignal<Vec<Draft>>,
    /// The draft whose candidates are loaded, and those candidates (deleted ones included).
    pub open: RwSignal<Option<RecordId>>,
    pub candidates: RwSignal<Vec<CandidateRecord>>,
    /// The draft whose candidates have been read (or, kept in memory only, need no reading).
    pub loaded: RwSignal<Option<RecordId>>,
    /// The candidate deleted last, for the roster to offer "undo".
    pub just_deleted: RwSignal<Option<RecordId>>,
    store: StoredValue<Option<Rc<DraftStore>>, LocalStorage>,
    dirty: StoredValue<BTreeSet<Dirty>>,
    /// The save scheduled after the first unsaved change.
    timer: StoredValue<Option<TimeoutHandle>>,
    /// The first read is running.
    opening: StoredValue<bool>,
    other_tabs: StoredValue<Option<Rc<OtherTabs>>, LocalStorage>,
    /// Records taken from `dirty`, their revisions raised, waiting to be written in order.
    queue: StoredValue<Vec<Record>>,
    /// A save in steps is writing the queue.
    saving: StoredValue<bool>,
}

/// The drafts of the context; pages call [`Drafts::load`] when they need them.
pub fn use_drafts() -> Drafts {
    pingjia_shell::context::provided::<Drafts>()
}

/// Makes the drafts context (nothing is read from IndexedDB until a drafts page asks).
pub fn provide_drafts() -> Drafts {
    let drafts = Drafts {
        keeping: RwSignal::new(Keeping::Opening),
        saved: RwSignal::new(SaveState::Unchanged),
        list: RwSignal::new(Vec::new()),
        open: RwSignal::new(None),
        candidates: RwSignal::new(Vec::new()),
        loaded: RwSignal::new(None),
        just_deleted: RwSignal::new(None),
        store: StoredValue::new_local(None),
        dirty: StoredValue::new(BTreeSet::new()),
        timer: StoredValue::new(None),
        opening: StoredValue::new(false),
        other_tabs: StoredValue::new_local(None),
        queue: StoredValue::new(Vec::new()),
        saving: StoredValue::new(false),
    };
    provide_context(drafts);
    drafts
        .other_tabs
        .set_value(OtherTabs::listen(move || drafts.reread()).map(Rc::new));
    let hidden = move || {
        drafts.save_now();
    };
    let on_hide = window_event_listener(leptos::ev::pagehide, move |_| hidden());
    let on_visibility = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().hidden() {
            hidden();
        }
    });
    on_cleanup(move || {
        on_hide.remove();
        on_visibility.remove();
        drafts.other_tabs.set_value(None);
    });
    drafts
}

fn now() -> f64 {
    js_sys::Date::now()
}

impl Drafts {
    /// Opens the database and reads the list, once.
    pub fn load(self) {
        if self.keeping.get_untracked() != Keeping::Opening || self.opening.get_value() {
            return;
        }
        self.opening.set_value(true);
        spawn_local(async move {
            let mut read = None;
            let waiting = move || {
                if self.keeping.try_get_untracked() == Some(Keeping::Opening) {
                    self.keeping.set(Keeping::WaitingForOtherTab);
                }
            };
            let superseded = move |closer| self.step_aside(closer);
            match DraftStore::open_beside_other_tabs(DATABASE_NAME, waiting, superseded).await {
                Ok(store) => {
                    // The open draft's candidates are read beside the list, not after it.
                    let draft = self.open.get_untracked();
                    let (list, candidates) = futures::future::join(store.drafts(), async {
                        match draft {
                            Some(draft) => Some((draft, store.candidates(draft).await)),
                            None => None,
                        }
                    })
                    .await;
                    match list {
                        Ok(list) => {
                            self.store.set_value(Some(Rc::new(store)));
                            // Drafts made while the database opened are kept (and saved below).
                            self.list.update(|made| adopt(made, list, |d| d.id));
                            self.keeping.set(Keeping::OnDevice);
                            read = candidates;
                        }
                        Err(err) => self.keeping.set(Keeping::InMemory(err)),
                    }
                }
                Err(err) => self.keeping.set(Keeping::InMemory(err)),
            }
            self.opening.set_value(false);
            self.save_now();
            match (self.open.get_untracked(), read) {
                (Some(open), Some((draft, found))) if open == draft => {
                    self.take_candidates(draft, found)
                }
                (Some(open), _) => self.load_candidates(open),
                (None, _) => {}
            }
        });
    }

    /// Another tab opened a newer version of the database: saves what is unsaved, then lets go
    /// of the database so that tab can upgrade it. Nothing more is kept on this device until the
    /// page is reloaded (the newer version then opens here too).
    fn step_aside(self, closer: Closer) {
        if self.store.try_get_value().is_none() {
            return; // the drafts area is gone
        }
        self.save_now();
        // `save_now` starts its write in a task; this one runs after it, so the write's
        // transaction has begun before the connection closes, and the browser finishes it.
        spawn_local(async move { closer.close() });
        self.store.set_value(None);
        self.keeping.set(Keeping::Superseded);
    }

    /// Makes `draft`'s candidates the loaded ones.
    pub fn open_draft(self, draft: RecordId) {
        if self.open.get_untracked() == Some(draft) {
            return;
        }
        self.open.set(Some(draft));
        self.loaded.set(None);
        self.just_deleted.set(None);
        self.candidates.set(Vec::new());
        self.load_candidates(draft);
    }

    fn load_candidates(self, draft: RecordId) {
        let Some(store) = self.store.get_value() else {
            if matches!(self.keeping.get_untracked(), Keeping::InMemory(_)) {
                self.loaded.set(Some(draft));
            }
            return;
        };
        spawn_local(async move {
            let found = store.candidates(draft).await;
            self.take_candidates(draft, found);
        });
    }

    /// Makes what was read of `draft`'s candidates the loaded ones, if it is still open.
    fn take_candidates(self, draft: RecordId, found: Result<Vec<CandidateRecord>, StorageError>) {
        match found {
            Ok(found) if self.open.get_untracked() == Some(draft) => {
                // Candidates added while the read ran are kept (they are not saved yet).
                self.candidates
                    .update(|loaded| adopt(loaded, found, |c| c.id));
                self.loaded.set(Some(draft));
            }
            Ok(_) => {}
            Err(err) => self.saved.set(SaveState::Failed(err)),
        }
    }

    /// Reads the drafts again after another tab saved: each record this tab has no unsaved
    /// change to takes what is stored.
    /// The open database, once the drafts have been read from it.
    pub(crate) fn store(self) -> Option<Rc<DraftStore>> {
        self.store.get_value()
    }

    /// Reads the drafts (and the open draft's candidates) again, keeping unsaved changes, and
    /// tells the other tabs to do the same: after a pull wrote records.
    pub(crate) fn reread_and_tell(self) {
        self.reread();
        if let Some(tabs) = self.other_tabs.get_value() {
            tabs.announce_save();
        }
    }

    fn reread(self) {
        let Some(store) = self.store.get_value() else {
            return;
        };
        let open = self.open.get_untracked();
        spawn_local(async move {
            let Ok(stored) = store.drafts().await else {
                return;
            };
            let candidates = match open {
                Some(draft) => store.candidates(draft).await.ok(),
                None => None,
            };
            let dirty = self.dirty.get_value();
            self.list.update(|list| {
                merge(
                    list,
                    stored,
                    |d| d.id,
                    |id| dirty.contains(&Dirty::Draft(id)),
                );
            });
            if let Some(stored) = candidates
                && self.open.get_untracked() == open
            {
                self.candidates.update(|list| {
                    merge(
                        list,
                        stored,
                        |c| c.id,
                        |id| dirty.contains(&Dirty::Candidate(id)),
                    );
                });
            }
        });
    }

    /// A new draft, saved; returns its id.
    pub fn create(self, institution: String) -> RecordId {
        let draft = Draft {
            id: records::new_id(),
            changed_at: now(),
            institution,
            ..Draft::default()
        };
        let id = draft.id;
        self.list.update(|list| list.push(draft));
        self.mark(Dirty::Draft(id));
        id
    }

    /// Changes a draft and saves the change.
    pub fn edit_draft(self, id: RecordId, change: impl FnOnce(&mut Draft)) {
        if edit(self.list, id, change, |d| (d.id, &mut d.changed_at)) {
            self.mark(Dirty::Draft(id));
        }
    }

    /// A copy of a draft and its candidates (not deleted ones), under new ids.
    pub fn duplicate(self, id: RecordId, copy_of: (&str, &str)) -> Option<RecordId> {
        let original = self
            .list
            .with_untracked(|l| l.iter().find(|d| d.id == id).cloned())?;
        let copy = Draft {
            id: records::new_id(),
            revision: 0,
            life: Life::Active,
            changed_at: now(),
            institution: format!("{}{}{}", copy_of.0, original.institution, copy_of.1),
            verdicts: Vec::new(),
            checked_with: String::new(),
            ..original
        };
        let copy_id = copy.id;
        self.list.update(|l| l.push(copy));
        self.mark(Dirty::Draft(copy_id));
        let Some(store) = self.store.get_value() else {
            return Some(copy_id);
        };
        // The originals may not be loaded: read them, and save the copies in one go.
        spawn_local(async move {
            let copied = async {
                let copies: Vec<Record> = store
                    .candidates(id)
                    .await?
                    .into_iter()
                    .filter(|c| c.life != Life::Deleted)
                    .map(|c| {
                        Record::Candidate(Box::new(CandidateRecord {
                            id: records::new_id(),
                            draft_id: copy_id,
                            revision: 0,
                            changed_at: now(),
                            ..c
                        }))
                    })
                    .collect();
                store.save(copies).await
            };
            if let Err(err) = copied.await {
                self.saved.set(SaveState::Failed(err));
            }
        });
        Some(copy_id)
    }

    /// Adds an empty candidate to the open draft; returns its id.
    pub fn add_candidate(self) -> Option<RecordId> {
        let draft_id = self.open.get_untracked()?;
        let position = self
            .candidates
            .with_untracked(|l| next_position(l.iter().map(|c| c.position)));
        let record = CandidateRecord {
            id: records::new_id(),
            draft_id,
            revision: 0,
            life: Life::Active,
            changed_at: now(),
            position,
            entry: Default::default(),
        };
        let id = record.id;
        self.candidates.update(|l| l.push(record));
        self.mark(Dirty::Candidate(id));
        Some(id)
    }

    /// Adds imported people to the end of the open draft's roster, in file order, and saves
    /// them together. Returns how many were added.
    pub fn add_candidates(self, entries: Vec<pingjia_rules::roster::RosterEntry>) -> usize {
        let Some(draft_id) = self.open.get_untracked() else {
            return 0;
        };
        let first = self
            .candidates
            .with_untracked(|l| next_position(l.iter().map(|c| c.position)));
        let ids = records::new_ids(entries.len());
        let records: Vec<CandidateRecord> = entries
            .into_iter()
            .zip(ids)
            .enumerate()
            .map(|(i, (entry, id))| CandidateRecord {
                id,
                draft_id,
                revision: 0,
                life: Life::Active,
                changed_at: now(),
                position: first + i as u32,
                entry,
            })
            .collect();
        let added = records.len();
        self.dirty
            .update_value(|d| d.extend(records.iter().map(|r| Dirty::Candidate(r.id))));
        self.candidates.update(|l| l.extend(records));
        self.saved.set(SaveState::Pending);
        self.schedule();
        added
    }

    /// Changes a candidate of the open draft and saves the change.
    pub fn edit_candidate(self, id: RecordId, change: impl FnOnce(&mut CandidateRecord)) {
        if edit(self.candidates, id, change, |c| (c.id, &mut c.changed_at)) {
            self.mark(Dirty::Candidate(id));
        }
    }
}

/// Changes the record `id` of `list` and stamps it; false when there is no such record.
/// `key` gives a record's id and its "changed at" field.
fn edit<T: Send + Sync + 'static>(
    list: RwSignal<Vec<T>>,
    id: RecordId,
    change: impl FnOnce(&mut T),
    key: impl Fn(&mut T) -> (RecordId, &mut f64),
) -> bool {
    let mut found = false;
    list.update(|list| {
        if let Some(record) = list.iter_mut().find_map(|r| (key(r).0 == id).then_some(r)) {
            change(record);
            *key(record).1 = now();
            found = true;
        }
    });
    found
}

/// The draft `id` of the list, if it is there (the list may still be loading). Copied out of
/// the list once per change of the list, not at every read: a draft carries the verdicts of
/// its whole roster.
pub fn draft_signal(id: RecordId) -> Signal<Option<Draft>> {
    let drafts = use_drafts();
    Memo::new(move |_| drafts.list.with(|l| l.iter().find(|d| d.id == id).cloned())).into()
}
