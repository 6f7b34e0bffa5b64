//! Concurrent edits, generated: two or three devices of one account make random edits to one
//! draft and its candidates — every kind of field — and push, pull, lose a push's answer, and
//! settle conflicts in random order against the server's sync core on a real SQLite file
//! (through the same body reader and store the HTTP handlers use).
//!
//! The devices follow the app's protocol (`crates/drafts/src/sync`): each change is an
//! operation made on the revision the device holds, a pull never overwrites a record with a
//! change not yet acknowledged, a conflict is shown as the parts that differ by value
//! (`pingjia_sync::conflict::differing`) and settled by merging the chosen parts onto the
//! server's version.
//!
//! Checked in every case:
//! - the server holds, for every record, exactly the last version it acknowledged (an
//!   acknowledged write is never lost, a refused or unacknowledged one never appears);
//! - after everyone syncs until nothing is pending, every device holds the server's records;
//! - every value typed either reached the server, or was shown in a conflict on the device
//!   that typed it, or was replaced by that device's own later edit: nothing is lost unseen.
//!
//! `PROPTEST_CASES` sets the number of cases (64 here; `cargo xtask faults` runs 1,000).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

use pingjia_rules::Level;
use pingjia_rules::candidate_draft::SchoolingDraft;
use pingjia_rules::fees::Subject;
use pingjia_rules::roster::RosterEntry;
use pingjia_server::db::Database;
use pingjia_server::sync::push_body::{self, RawPush};
use pingjia_server::sync::sqlite::SqliteStore;
use pingjia_server::sync::store::{AuthDevice, NewRow, SyncStore};
use pingjia_sync::RecordId;
use pingjia_sync::conflict::{Part, differing, merge};
use pingjia_sync::protocol::{Outcome, PushResponse};
use pingjia_sync::records::{CandidateRecord, Life, SyncDraft, SyncRecord};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;

const CANDIDATES: u8 = 3;
const QUOTA: u64 = 1 << 30;

#[derive(Clone, Debug)]
enum Action {
    /// Device `d` sets one part of record `r` (0: the draft, 1..: a candidate) to a value
    /// chosen by `value`.
    Edit {
        d: u8,
        r: u8,
        part: u8,
        value: u8,
    },
    Push {
        d: u8,
    },
    /// The push reaches the server, which applies it; its answer never comes back.
    PushLost {
        d: u8,
    },
    Pull {
        d: u8,
    },
    /// Settles the device's first conflict, keeping its own version of the parts `keep`
    /// marks.
    Settle {
        d: u8,
        keep: u16,
    },
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        5 => (any::<u8>(), 0..=CANDIDATES, any::<u8>(), any::<u8>())
            .prop_map(|(d, r, part, value)| Action::Edit { d, r, part, value }),
        2 => any::<u8>().prop_map(|d| Action::Push { d }),
        1 => any::<u8>().prop_map(|d| Action::PushLost { d }),
        2 => any::<u8>().prop_map(|d| Action::Pull { d }),
        1 => (any::<u8>(), any::<u16>()).prop_map(|(d, keep)| Action::Settle { d, keep }),
    ]
}

fn record_id(r: u8) -> RecordId {
    RecordId(if r == 0 {
        1 << 64 | 1
    } else {
        2 << 64 | u128::from(r)
    })
}

/// One change as typed: which record and part, and the part's value right after it.
#[derive(Clone, Debug)]
struct Typed {
    device: usize,
    record: RecordId,
    part: Part,
    value: Value,
    fate: Fate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// Not yet acknowledged, shown in a conflict, or replaced.
    Pending,
    /// The server acknowledged a version holding it.
    Stored,
    /// Shown to the person in a conflict, as a differing part.
    Shown,
    /// The same device later typed another value into the same part.
    Replaced,
}

struct Op {
    op_id: u64,
    base_revision: u64,
    record: SyncRecord,
    resolves_conflict: bool,
    /// The typed changes this operation carries (indices into the ledger).
    typed: Vec<usize>,
}

struct Device {
    auth: AuthDevice,
    local: BTreeMap<RecordId, SyncRecord>,
    outbox: Vec<Op>,
    next_op: u64,
    cursor: u64,
    /// The server's version of each record this device is in conflict on.
    conflicts: BTreeMap<RecordId, SyncRecord>,
}

struct World {
    store: SqliteStore,
    account: i64,
    devices: Vec<Device>,
    ledger: Vec<Typed>,
    /// What the server must hold: the last version it acknowledged of each record.
    acknowledged: BTreeMap<RecordId, SyncRecord>,
    _dir: tempfile::TempDir,
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
}

fn part_of(record: &SyncRecord, part: u8) -> Part {
    let parts = Part::of(record);
    parts[usize::from(part) % parts.len()]
}

/// The JSON of one part of a record, to compare values typed with values held.
fn value_of(record: &SyncRecord, part: Part) -> Value {
    let whole = serde_json::to_value(record).unwrap();
    let entry = &whole["entry"];
    let candidate = &entry["candidate"];
    match part {
        Part::Name => entry["name"].clone(),
        Part::Level => entry["level"].clone(),
        Part::Retake => entry["retake"].clone(),
        Part::IdNumber => candidate["id_number"].clone(),
        Part::BirthDate => candidate["birth_date"].clone(),
        Part::Schooling => candidate["schooling"].clone(),
        Part::Work => candidate["work"].clone(),
        Part::Certificates => candidate["certificates"].clone(),
        Part::Titles => candidate["titles"].clone(),
        Part::Position => whole["position"].clone(),
        Part::Institution => whole["institution"].clone(),
        Part::Contact => whole["contact"].clone(),
        Part::Session => whole["session"].clone(),
        Part::ApplicationDate => whole["application_date"].clone(),
        Part::Notes => whole["notes"].clone(),
        Part::Life => whole["life"].clone(),
    }
}

/// Sets `part` to a valid value chosen by `v`: strings, options, lists, nested flags,
/// numbers and states, as the editors write them.
fn set(record: &mut SyncRecord, part: Part, v: u8) {
    match record {
        SyncRecord::Candidate(c) => {
            let entry = &mut c.entry;
            match part {
                Part::Name => entry.name = format!("考生{v}"),
                Part::Level => {
                    entry.level = [None, Some(Level::Three), Some(Level::Two), Some(Level::One)]
                        [usize::from(v % 4)];
                }
                Part::Retake => {
                    entry.retake = [
                        vec![],
                        vec![Subject::Theory],
                        vec![Subject::Skills],
                        vec![Subject::Theory, Subject::Skills],
                    ][usize::from(v % 4)]
                    .clone();
                }
                Part::IdNumber => {
                    entry.candidate.id_number =
                        ["11010519491231002X", "310104199005010071", ""][usize::from(v % 3)].into();
                }
                Part::BirthDate => {
                    entry.candidate.birth_date =
                        format!("19{:02}-0{}-1{}", 60 + v % 40, 1 + v % 9, v % 10);
                }
                Part::Schooling => {
                    entry.candidate.schooling = vec![SchoolingDraft {
                        related_specialty: Some(v.is_multiple_of(2)),
                        ..SchoolingDraft::default()
                    }];
                }
                Part::Work => {
                    entry.candidate.work = serde_json::from_value(json!([
                        { "from": format!("20{:02}-07-01", v % 20), "until": "", "ongoing": true }
                    ]))
                    .unwrap();
                }
                Part::Certificates => {
                    let kind = ["four", "three"][usize::from(v % 2)];
                    entry.candidate.certificates = serde_json::from_value(json!([
                        { "kind": kind, "since": "2019-05-20" }
                    ]))
                    .unwrap();
                }
                Part::Titles => entry.candidate.titles = vec![],
                Part::Position => c.position = u32::from(v % 10),
                Part::Life => {
                    c.life = [Life::Active, Life::Archived][usize::from(v % 2)];
                }
                _ => {}
            }
        }
        SyncRecord::Draft(draft) => match part {
            Part::Institution => draft.institution = format!("上海某培训学校{v}"),
            Part::Contact => draft.contact = format!("王老师 1380000{v:04}"),
            Part::Session => draft.session = ["", "2025-09", "2025-12"][usize::from(v % 3)].into(),
            Part::ApplicationDate => {
                draft.application_date = format!("2025-06-{:02}", 1 + v % 28);
            }
            Part::Notes => draft.notes = format!("备注{v}"),
            Part::Life => draft.life = [Life::Active, Life::Archived][usize::from(v % 2)],
            _ => {}
        },
    }
}

fn set_revision(record: &mut SyncRecord, revision: u64) {
    match record {
        SyncRecord::Candidate(c) => c.revision = revision,
        SyncRecord::Draft(d) => d.revision = revision,
    }
}

fn first_versions() -> Vec<SyncRecord> {
    let draft = SyncRecord::Draft(SyncDraft {
        id: record_id(0),
        revision: 1,
        institution: "上海某职业技能培训学校".into(),
        contact: "王老师".into(),
        ..SyncDraft::default()
    });
    let mut records = vec![draft];
    for r in 1..=CANDIDATES {
        records.push(SyncRecord::Candidate(CandidateRecord {
            id: record_id(r),
            draft_id: record_id(0),
            revision: 1,
            life: Life::Active,
            changed_at: 1.75e12,
            position: u32::from(r),
            entry: RosterEntry {
                name: format!("考生{r}"),
                ..RosterEntry::default()
            },
        }));
    }
    records
}

impl World {
    fn new(devices: usize) -> World {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("sync.sqlite3")).unwrap();
        let store = SqliteStore::new(db);
        let row = |public_id: &'static str| NewRow {
            public_id,
            digest: b"digest",
            name: "设备",
        };
        store
            .create_account(row("account"), "王老师", row("device-0"))
            .unwrap();
        let first = store.device_credentials("device-0").unwrap().unwrap().auth;
        for d in 1..devices {
            let id: &'static str = ["device-1", "device-2"][d - 1];
            store.add_device(first.account, row(id)).unwrap();
        }
        let devices = (0..devices)
            .map(|d| Device {
                auth: store
                    .device_credentials(&format!("device-{d}"))
                    .unwrap()
                    .unwrap()
                    .auth,
                local: BTreeMap::new(),
                outbox: Vec::new(),
                next_op: 1,
                cursor: 0,
                conflicts: BTreeMap::new(),
            })
            .collect();
        let mut world = World {
            store,
            account: first.account,
            devices,
            ledger: Vec::new(),
            acknowledged: BTreeMap::new(),
            _dir: dir,
        };
        // The first device makes the draft and its candidates; everyone pulls them.
        for record in first_versions() {
            world.queue(0, record, 0, false, vec![]);
            let id = world.devices[0].outbox.last().unwrap().record.id();
            let record = world.devices[0].outbox.last().unwrap().record.clone();
            world.devices[0].local.insert(id, record);
        }
        world.push(0, false);
        for d in 0..world.devices.len() {
            world.pull(d);
        }
        world
    }

    fn queue(
        &mut self,
        d: usize,
        record: SyncRecord,
        base_revision: u64,
        resolves_conflict: bool,
        typed: Vec<usize>,
    ) {
        let device = &mut self.devices[d];
        device.outbox.push(Op {
            op_id: device.next_op,
            base_revision,
            record,
            resolves_conflict,
            typed,
        });
        device.next_op += 1;
    }

    fn edit(&mut self, d: usize, r: u8, part: u8, value: u8) {
        let id = record_id(r);
        let device = &self.devices[d];
        // The app keeps a record in conflict as it is until the person settles it.
        if device.conflicts.contains_key(&id) {
            return;
        }
        let Some(held) = device.local.get(&id) else {
            return;
        };
        let part = part_of(held, part);
        let mut changed = held.clone();
        set(&mut changed, part, value);
        if changed == *held {
            return;
        }
        let base = held.revision();
        set_revision(&mut changed, base + 1);
        for typed in &mut self.ledger {
            if typed.device == d
                && typed.record == id
                && typed.part == part
                && typed.fate == Fate::Pending
            {
                typed.fate = Fate::Replaced;
            }
        }
        self.ledger.push(Typed {
            device: d,
            record: id,
            part,
            value: value_of(&changed, part),
            fate: Fate::Pending,
        });
        let typed = vec![self.ledger.len() - 1];
        self.devices[d].local.insert(id, changed.clone());
        self.queue(d, changed, base, false, typed);
    }

    /// Sends the device's outbox as one push, through the server's own body reader.
    fn send(&mut self, d: usize) -> Option<PushResponse> {
        let device = &self.devices[d];
        if device.outbox.is_empty() {
            return None;
        }
        let ops: Vec<Value> = device
            .outbox
            .iter()
            .map(|op| {
                json!({
                    "op_id": op.op_id, "base_revision": op.base_revision,
                    "resolves_conflict": op.resolves_conflict, "record": op.record,
                })
            })
            .collect();
        let body = json!({ "device_id": device.auth.device_id, "ops": ops }).to_string();
        let request: RawPush = serde_json::from_str(&body).unwrap();
        push_body::check(&request).unwrap();
        let answer = self
            .store
            .push(&device.auth, push_body::ops(request, today()), QUOTA)
            .unwrap_or_else(|_| panic!("the push was refused whole"));
        for result in &answer.results {
            if let Outcome::Applied { .. } = result.outcome {
                let op = device.outbox.iter().find(|op| op.op_id == result.op_id);
                let record = op.unwrap().record.clone();
                self.acknowledged.insert(record.id(), record);
            }
        }
        Some(answer)
    }

    fn push(&mut self, d: usize, lose_answer: bool) {
        let Some(answer) = self.send(d) else { return };
        if lose_answer {
            return;
        }
        for result in answer.results {
            // Gone when an earlier conflict on its record took the record's operations out.
            let Some(position) = self.devices[d]
                .outbox
                .iter()
                .position(|op| op.op_id == result.op_id)
            else {
                continue;
            };
            let op = self.devices[d].outbox.remove(position);
            match result.outcome {
                Outcome::Applied { .. } | Outcome::AlreadyApplied { .. } => {
                    for &t in &op.typed {
                        if self.ledger[t].fate == Fate::Pending {
                            self.ledger[t].fate = Fate::Stored;
                        }
                    }
                    // Changed since by another device on top of this one, and passed over by a
                    // pull while this change waited: taken as a pull takes it, unless this
                    // device changed the record again.
                    if let Outcome::AlreadyApplied {
                        current: Some(current),
                    } = result.outcome
                    {
                        let device = &mut self.devices[d];
                        let id = current.id();
                        let waiting = device.outbox.iter().any(|o| o.record.id() == id)
                            || device.conflicts.contains_key(&id);
                        if !waiting {
                            device.local.insert(id, *current);
                        }
                    }
                }
                Outcome::Conflict { server } => self.show_conflict(d, *server),
                Outcome::Rejected { code, message } => {
                    panic!("a valid change was refused: {code:?} {}", message.zh)
                }
            }
        }
    }

    /// What the conflicts page shows: the parts where this device's version and the server's
    /// differ. Every value this device typed into one of them has now been seen.
    fn show_conflict(&mut self, d: usize, server: SyncRecord) {
        let id = server.id();
        let mine = self.devices[d].local[&id].clone();
        let shown = differing(&mine, &server);
        for typed in &mut self.ledger {
            if typed.device == d && typed.record == id && typed.fate == Fate::Pending {
                if shown.contains(&typed.part) {
                    typed.fate = Fate::Shown;
                } else if value_of(&server, typed.part) == typed.value {
                    // Both versions hold the value typed: nothing to show, nothing lost.
                    typed.fate = Fate::Stored;
                }
            }
        }
        // Later operations on the record are in conflict too; the local version holds them.
        self.devices[d].outbox.retain(|op| op.record.id() != id);
        self.devices[d].conflicts.insert(id, server);
    }

    fn pull(&mut self, d: usize) {
        loop {
            let page = self
                .store
                .pull(self.account, self.devices[d].cursor, 50)
                .unwrap();
            let device = &mut self.devices[d];
            for (seq, body) in &page.records {
                let record: SyncRecord = serde_json::from_str(body).unwrap();
                let id = record.id();
                device.cursor = *seq;
                let pending = device.outbox.iter().any(|op| op.record.id() == id);
                if !pending && !device.conflicts.contains_key(&id) {
                    device.local.insert(id, record);
                }
            }
            if !page.more {
                return;
            }
        }
    }

    fn settle(&mut self, d: usize, keep: u16) {
        let Some((&id, theirs)) = self.devices[d].conflicts.iter().next() else {
            return;
        };
        let theirs = theirs.clone();
        let mine = self.devices[d].local[&id].clone();
        let keep_mine: Vec<Part> = differing(&mine, &theirs)
            .into_iter()
            .enumerate()
            .filter(|(i, _)| keep & (1 << (i % 16)) != 0)
            .map(|(_, part)| part)
            .collect();
        let mut settled = merge(&theirs, &mine, &keep_mine);
        set_revision(&mut settled, theirs.revision() + 1);
        self.devices[d].conflicts.remove(&id);
        self.devices[d].local.insert(id, settled.clone());
        self.queue(d, settled, theirs.revision(), true, vec![]);
    }

    fn act(&mut self, action: &Action) {
        let n = self.devices.len();
        match *action {
            Action::Edit { d, r, part, value } => self.edit(usize::from(d) % n, r, part, value),
            Action::Push { d } => self.push(usize::from(d) % n, false),
            Action::PushLost { d } => self.push(usize::from(d) % n, true),
            Action::Pull { d } => self.pull(usize::from(d) % n),
            Action::Settle { d, keep } => self.settle(usize::from(d) % n, keep),
        }
    }

    fn server_records(&self) -> BTreeMap<RecordId, SyncRecord> {
        let page = self.store.pull(self.account, 0, 1000).unwrap();
        page.records
            .iter()
            .map(|(_, body)| {
                let record: SyncRecord = serde_json::from_str(body).unwrap();
                (record.id(), record)
            })
            .collect()
    }

    /// Everyone syncs until nothing is pending: pull, settle every conflict (keeping the
    /// server's version of every part from the second round on, as a person does who gives
    /// up), push; at most ten rounds.
    fn quiesce(&mut self, keep: u16) -> bool {
        for round in 0..10 {
            for d in 0..self.devices.len() {
                self.pull(d);
                while !self.devices[d].conflicts.is_empty() {
                    self.settle(d, if round == 0 { keep } else { 0 });
                }
                self.push(d, false);
            }
            let quiet = self
                .devices
                .iter()
                .all(|device| device.outbox.is_empty() && device.conflicts.is_empty());
            if quiet {
                for d in 0..self.devices.len() {
                    self.pull(d);
                }
                return true;
            }
        }
        false
    }
}

fn run(devices: usize, actions: &[Action], keep: u16) -> Result<(), TestCaseError> {
    let mut world = World::new(devices);
    for action in actions {
        world.act(action);
        let held = world.server_records();
        prop_assert_eq!(
            &held,
            &world.acknowledged,
            "the server holds other than what it acknowledged, after {:?}",
            action
        );
    }
    prop_assert!(
        world.quiesce(keep),
        "the devices did not settle in ten rounds"
    );
    let held = world.server_records();
    prop_assert_eq!(&held, &world.acknowledged);
    for (d, device) in world.devices.iter().enumerate() {
        prop_assert_eq!(&device.local, &held, "device {} differs from the server", d);
    }
    for typed in &world.ledger {
        let now = value_of(&held[&typed.record], typed.part);
        prop_assert!(
            typed.fate != Fate::Pending || now == typed.value,
            "lost without being shown: {:?}",
            typed
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn concurrent_edits_converge_and_nothing_is_lost_unseen(
        devices in 2usize..=3,
        actions in proptest::collection::vec(action(), 1..80),
        keep in any::<u16>(),
    ) {
        run(devices, &actions, keep)?;
    }
}

/// The case that shows the conflict on every part at once: two devices change every part of
/// one candidate offline; the second to push is shown each of them.
#[test]
fn two_devices_changing_every_part_see_every_part() {
    let mut world = World::new(2);
    let parts = Part::OF_CANDIDATE.len() as u8;
    for part in 0..parts {
        world.edit(0, 1, part, 1);
        world.edit(1, 1, part, 2);
    }
    world.push(0, false);
    world.push(1, false);
    let shown: Vec<&Typed> = world
        .ledger
        .iter()
        .filter(|t| t.device == 1 && t.fate == Fate::Shown)
        .collect();
    let differing_parts = world.ledger.iter().filter(|t| t.device == 1).count();
    assert_eq!(shown.len(), differing_parts, "{:?}", world.ledger);
    // Titles (one value here), life (both end active) and the identity number (both empty)
    // are left as they were by one of the two.
    assert!(differing_parts >= 8, "{differing_parts} parts changed");
}
