//! The drafts' IndexedDB in a real headless Chromium: the schema migration from v1, new
//! candidates kept in batches and later changes alone, every saved change logged in the same
//! transaction, revisions, soft deletion, and tabs holding the database
//! on another schema (an older app makes the open wait; a newer one takes the database over).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use pingjia_drafts::records::{self, CandidateRecord, Draft, Life, Record, RecordId};
use pingjia_drafts::store::{Cause, DraftStore, SCHEMA_VERSION};
use pingjia_rules::roster::RosterEntry;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A database of its own per test, so earlier runs cannot make one pass.
fn fresh_name() -> String {
    format!("pingjia-test-{}", records::new_id())
}

fn draft(institution: &str) -> Draft {
    Draft {
        id: records::new_id(),
        institution: institution.into(),
        changed_at: 1.0,
        ..Draft::default()
    }
}

fn candidate(draft: RecordId, position: u32, name: &str) -> CandidateRecord {
    CandidateRecord {
        id: records::new_id(),
        draft_id: draft,
        revision: 0,
        life: Life::Active,
        changed_at: 2.0,
        position,
        entry: RosterEntry {
            name: name.into(),
            ..RosterEntry::default()
        },
    }
}

/// The first schema exactly as it shipped: one `drafts` store with out-of-line keys, and a draft
/// record written the way a v1 app could (no id, revision or life fields).
async fn write_v1_fixture(name: &str, key: &str) {
    let db = Database::open(name)
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store("drafts").build()?;
            Ok(())
        })
        .await
        .expect("v1 opens");
    let tx = db
        .transaction("drafts")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .expect("v1 write");
    let store = tx.object_store("drafts").expect("v1 store");
    let record = serde_json::json!({
        "institution": "上海某保安培训学校",
        "contact": "王老师 021-00000000",
        "notes": "written by schema v1",
    });
    store
        .put(&record)
        .with_key(key.to_owned())
        .serde()
        .expect("v1 encode")
        .await
        .expect("v1 put");
    drop(store);
    tx.commit().await.expect("v1 commit");
    db.close();
}

#[wasm_bindgen_test]
async fn a_draft_written_by_schema_v1_opens_under_the_current_schema() {
    const { assert!(SCHEMA_VERSION >= 2) };
    let name = fresh_name();
    let id = records::new_id();
    write_v1_fixture(&name, &id.to_string()).await;

    let store = DraftStore::open(&name).await.expect("the upgrade runs");
    let drafts = store.drafts().await.expect("the drafts are read");
    assert_eq!(drafts.len(), 1);
    let old = &drafts[0];
    assert_eq!(old.id, id, "the id comes from the v1 key");
    assert_eq!(old.institution, "上海某保安培训学校");
    assert_eq!(old.notes, "written by schema v1");
    assert_eq!((old.revision, old.life), (0, Life::Active));

    // The stores v2 added work on the migrated draft.
    let c = candidate(id, 0, "张三");
    store
        .save(vec![
            Record::Draft(Box::new(old.clone())),
            Record::Candidate(Box::new(c.clone())),
        ])
        .await
        .expect("the migrated draft takes changes");
    let back = store.candidates(id).await.expect("its candidates are read");
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].entry.name, "张三");
    assert_eq!(store.drafts().await.expect("read")[0].revision, 1);
}

#[wasm_bindgen_test]
async fn every_saved_change_is_in_the_log_with_its_revisions() {
    let name = fresh_name();
    let store = DraftStore::open(&name).await.expect("opens");
    let d = draft("机构甲");
    let other = draft("机构乙");
    let a = candidate(d.id, 1, "乙");
    let b = candidate(d.id, 0, "甲");
    let elsewhere = candidate(other.id, 0, "丙");
    let saved = store
        .save(vec![
            Record::Draft(Box::new(d.clone())),
            Record::Draft(Box::new(other.clone())),
            Record::Candidate(Box::new(a.clone())),
            Record::Candidate(Box::new(b.clone())),
            Record::Candidate(Box::new(elsewhere.clone())),
        ])
        .await
        .expect("saved");
    assert_eq!(saved.len(), 5);

    // An edit is based on the saved revision and raises it.
    let Record::Candidate(mut a1) = saved[2].clone() else {
        panic!("the third record saved is a candidate");
    };
    assert_eq!(a1.revision, 1);
    a1.entry.name = "乙（改）".into();
    a1.life = Life::Deleted;
    store
        .save(vec![Record::Candidate(a1.clone())])
        .await
        .expect("the edit is saved");

    let ops = store.operations().await.expect("the log is read");
    assert_eq!(ops.len(), 6, "one change per saved record");
    let last = ops.last().expect("an entry");
    assert_eq!((last.record.id(), last.record.draft_id()), (a.id, d.id));
    assert_eq!((last.base_revision, last.record.revision()), (1, 2));
    match &last.record {
        Record::Candidate(c) => {
            assert_eq!(c.entry.name, "乙（改）");
            assert_eq!(
                c.life,
                Life::Deleted,
                "a deletion is a change like any other"
            );
        }
        Record::Draft(_) => panic!("the last change was to a candidate"),
    }

    // A draft's candidates, in roster order, deleted ones still there (marked), none of another draft's.
    let mine = store.candidates(d.id).await.expect("read");
    let names: Vec<(&str, Life)> = mine
        .iter()
        .map(|c| (c.entry.name.as_str(), c.life))
        .collect();
    assert_eq!(
        names,
        vec![("甲", Life::Active), ("乙（改）", Life::Deleted)]
    );
    assert_eq!(store.candidates(other.id).await.expect("read").len(), 1);
}

#[wasm_bindgen_test]
async fn two_tabs_saving_the_same_revision_are_both_logged_on_that_base() {
    // Two tabs loaded revision 1 and each saves its own change: the log keeps both, each on the
    // revision it was made from, so the sync can see they are two edits of one version.
    let name = fresh_name();
    let first = DraftStore::open(&name).await.expect("opens");
    let second = DraftStore::open(&name).await.expect("opens twice");
    let saved = first
        .save(vec![Record::Draft(Box::new(draft("机构")))])
        .await
        .expect("saved");
    let edit = |institution: &str| {
        let Record::Draft(mut d) = saved[0].clone() else {
            panic!("a draft");
        };
        d.institution = institution.into();
        vec![Record::Draft(d)]
    };
    first
        .save(edit("甲的改动"))
        .await
        .expect("the first tab saves");
    second
        .save(edit("乙的改动"))
        .await
        .expect("the second tab saves");
    let ops = first.operations().await.expect("read");
    let log: Vec<(u64, u64, String)> = ops
        .iter()
        .map(|o| match &o.record {
            Record::Draft(d) => (o.base_revision, d.revision, d.institution.clone()),
            Record::Candidate(_) => panic!("only a draft was saved"),
        })
        .collect();
    assert_eq!(
        log,
        vec![
            (0, 1, "机构".to_string()),
            (1, 2, "甲的改动".to_string()),
            (1, 2, "乙的改动".to_string()),
        ]
    );
}

#[wasm_bindgen_test]
async fn a_save_in_steps_keeps_every_record_and_log_entry_in_one_transaction() {
    let name = fresh_name();
    let store = DraftStore::open(&name).await.expect("opens");
    let d = draft("导入");
    let mut records = vec![Record::Draft(Box::new(d.clone()))];
    records.extend(
        (0..95).map(|i| Record::Candidate(Box::new(candidate(d.id, i, &format!("考生{i}"))))),
    );
    // 96 records, at most 40 a step: three steps or more, the transaction open across them,
    // and the new candidates written a batch per step.
    store.save_in_steps(records, 40).await.expect("saved");
    let batches = stored_count(&name, "candidate_batches").await;
    assert!((3..95).contains(&batches), "{batches} batches");
    assert_eq!(stored_count(&name, "candidates").await, 0);
    let kept = store.candidates(d.id).await.expect("read");
    assert_eq!(kept.len(), 95);
    assert!(kept.iter().all(|c| c.revision == 1));
    assert_eq!(kept[94].entry.name, "考生94");
    let ops = store.operations().await.expect("the log is read");
    assert_eq!(ops.len(), 96, "one logged change per record");
    assert!(ops.iter().all(|op| op.base_revision == 0));

    // Stopped after its first step (as when the page goes away), a save in steps keeps nothing:
    // its transaction is aborted, not committed.
    let more: Vec<Record> = (95..175)
        .map(|i| Record::Candidate(Box::new(candidate(d.id, i, &format!("考生{i}")))))
        .collect();
    let mut pending = Box::pin(store.save_in_steps(more, 40));
    assert!(
        futures::poll!(&mut pending).is_pending(),
        "the first step is issued"
    );
    drop(pending);
    assert_eq!(
        store.candidates(d.id).await.expect("read").len(),
        95,
        "nothing of the stopped save is kept"
    );
    assert_eq!(store.operations().await.expect("read").len(), 96);
}

/// How many records the store `store_name` of the database `name` holds.
async fn stored_count(name: &str, store_name: &str) -> u32 {
    let db = Database::open(name).await.expect("opens");
    let count = {
        let tx = db.transaction(store_name).build().expect("a read");
        let store = tx.object_store(store_name).expect("the store");
        store.count().await.expect("counted")
    };
    db.close();
    count
}

/// Writes `values` into the store `store_name` of the database `name` as an earlier version of
/// the app left them (each under its key, or numbered by the store when `None`), in one
/// transaction.
async fn write_as_stored<T: serde::Serialize>(
    name: &str,
    store_name: &str,
    values: &[(Option<String>, T)],
) {
    let db = Database::open(name).await.expect("opens");
    let tx = db
        .transaction(store_name)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .expect("a write");
    let store = tx.object_store(store_name).expect("the store");
    for (key, value) in values {
        match key {
            Some(key) => {
                let put = store.put(value).with_key(key.clone()).serde();
                put.expect("encode").await.expect("put");
            }
            None => store
                .put(value)
                .serde()
                .expect("encode")
                .await
                .expect("put"),
        }
    }
    drop(store);
    tx.commit().await.expect("commit");
    db.close();
}

/// The logged change of `record` saved once more, in the shape `Operation` has always had.
fn logged_change(record: &CandidateRecord) -> records::Operation {
    let mut saved = record.clone();
    saved.revision += 1;
    records::Operation {
        base_revision: record.revision,
        record: Record::Candidate(Box::new(saved)),
    }
}

#[wasm_bindgen_test]
async fn new_candidates_are_kept_in_batches_and_a_later_change_alone() {
    let name = fresh_name();
    let store = DraftStore::open(&name).await.expect("opens");
    let d = draft("批量");
    let mut records = vec![Record::Draft(Box::new(d.clone()))];
    records.extend(
        (0..95).map(|i| Record::Candidate(Box::new(candidate(d.id, i, &format!("考生{i}"))))),
    );
    // One save: one batch, and no candidate written alone.
    store.save(records).await.expect("saved");
    assert_eq!(stored_count(&name, "candidate_batches").await, 1);
    assert_eq!(stored_count(&name, "candidates").await, 0);

    // A candidate an earlier schema kept alone is read beside the batched ones.
    let mut earlier = candidate(d.id, 95, "旧版本的考生");
    earlier.revision = 1;
    store.close();
    // A candidate as the schema before batches kept every one: alone, under its id.
    write_as_stored(
        &name,
        "candidates",
        &[(Some(earlier.id.to_string()), &earlier)],
    )
    .await;
    let store = DraftStore::open(&name).await.expect("opens again");

    // A change of a batched candidate is written alone and read in place of its first copy.
    let mut kept = store.candidates(d.id).await.expect("read");
    assert_eq!(kept.len(), 96);
    kept[10].entry.name = "考生10（已改）".into();
    let saved = store
        .save(vec![Record::Candidate(Box::new(kept[10].clone()))])
        .await
        .expect("saved");
    assert_eq!(saved[0].revision(), 2);
    assert_eq!(stored_count(&name, "candidate_batches").await, 1);
    assert_eq!(stored_count(&name, "candidates").await, 2);
    let back = store.candidates(d.id).await.expect("read");
    assert_eq!(back.len(), 96, "one copy of each candidate");
    assert_eq!(back[10].entry.name, "考生10（已改）");
    assert_eq!(back[10].revision, 2);
    assert_eq!(back[95].entry.name, "旧版本的考生");
    assert!(back.iter().enumerate().all(|(i, c)| c.position == i as u32));

    // New candidates of two drafts in one save: a batch each time the draft changes, each read
    // with its own draft.
    let other = draft("另一份");
    let mixed = vec![
        Record::Candidate(Box::new(candidate(other.id, 0, "甲"))),
        Record::Candidate(Box::new(candidate(d.id, 96, "乙"))),
        Record::Candidate(Box::new(candidate(other.id, 1, "丙"))),
    ];
    store.save(mixed).await.expect("saved");
    assert_eq!(stored_count(&name, "candidate_batches").await, 4);
    let names = |list: Vec<CandidateRecord>| -> Vec<String> {
        list.into_iter().map(|c| c.entry.name).collect()
    };
    assert_eq!(
        names(store.candidates(other.id).await.expect("read")),
        ["甲", "丙"]
    );
    assert_eq!(store.candidates(d.id).await.expect("read").len(), 97);
    let ops = store.operations().await.expect("the log is read");
    assert_eq!(ops.len(), 96 + 1 + 3, "every change logged, batched or not");
}

/// A batch as versions before batches of bytes wrote it: the candidates' JSON as a string.
#[derive(serde::Serialize)]
struct BatchAsText {
    draft_id: String,
    json: String,
}

#[wasm_bindgen_test]
async fn batches_kept_as_text_by_earlier_versions_are_read_beside_batches_of_bytes() {
    let name = fresh_name();
    let store = DraftStore::open(&name).await.expect("opens");
    let d = draft("两种批次");
    let mut records = vec![Record::Draft(Box::new(d.clone()))];
    records.extend(
        (0..3).map(|i| Record::Candidate(Box::new(candidate(d.id, i, &format!("字节{i}"))))),
    );
    store.save(records).await.expect("saved");
    store.close();
    let earlier = candidate(d.id, 3, "文本批次的考生");
    let as_text = BatchAsText {
        draft_id: d.id.to_string(),
        json: serde_json::to_string(&[&earlier]).expect("encoded"),
    };
    write_as_stored(
        &name,
        "candidate_batches",
        &[(Some(records::new_id().to_string()), as_text)],
    )
    .await;
    let store = DraftStore::open(&name).await.expect("opens again");
    let names: Vec<String> = store
        .candidates(d.id)
        .await
        .expect("both shapes are read")
        .into_iter()
        .map(|c| c.entry.name)
        .collect();
    assert_eq!(names, ["字节0", "字节1", "字节2", "文本批次的考生"]);
}

#[wasm_bindgen_test]
async fn a_save_is_one_log_entry_read_back_in_order_after_entries_of_older_shapes() {
    let name = fresh_name();
    let store = DraftStore::open(&name).await.expect("opens");
    let d = draft("上海某职业技术学院");
    let older: Vec<CandidateRecord> = (0..2)
        .map(|i| candidate(d.id, i, &format!("旧{i}")))
        .collect();
    let arrays: Vec<CandidateRecord> = (2..4)
        .map(|i| candidate(d.id, i, &format!("上一版{i}")))
        .collect();
    store.close();
    // Entries as the log held them before a save was one entry: one change each; then before
    // entries were JSON text: an array of operation objects.
    let single: Vec<(Option<String>, records::Operation)> =
        older.iter().map(|r| (None, logged_change(r))).collect();
    write_as_stored(&name, "ops", &single).await;
    let array: Vec<records::Operation> = arrays.iter().map(logged_change).collect();
    write_as_stored(&name, "ops", &[(None, array)]).await;

    let store = DraftStore::open(&name).await.expect("opens again");
    let newer: Vec<Record> = (4..7)
        .map(|i| Record::Candidate(Box::new(candidate(d.id, i, &format!("新{i}")))))
        .collect();
    store.save(newer).await.expect("saved");
    // 85 records, at most 40 a step: three entries or more (a step also ends after 16 ms).
    let imported: Vec<Record> = (7..92)
        .map(|i| Record::Candidate(Box::new(candidate(d.id, i, &format!("导入{i}")))))
        .collect();
    store.save_in_steps(imported, 40).await.expect("saved");
    store.close();
    let entries = stored_count(&name, "ops").await;
    assert!(
        (2 + 1 + 1 + 3..=2 + 1 + 1 + 85).contains(&entries),
        "{entries} entries"
    );

    let store = DraftStore::open(&name).await.expect("opens a third time");
    let names: Vec<String> = store
        .operations()
        .await
        .expect("the log is read")
        .iter()
        .map(|op| match &op.record {
            Record::Candidate(c) => c.entry.name.clone(),
            Record::Draft(_) => panic!("only candidates were saved"),
        })
        .collect();
    let expected: Vec<String> = ["旧0", "旧1", "上一版2", "上一版3", "新4", "新5", "新6"]
        .into_iter()
        .map(String::from)
        .chain((7..92).map(|i| format!("导入{i}")))
        .collect();
    assert_eq!(names, expected, "every change, oldest first");
}

/// `what`, or a failure naming it after ten seconds: an open that waits for another tab never
/// ends by itself.
async fn within<T>(what: &str, future: impl std::future::Future<Output = T>) -> T {
    let timer = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10_000)
            .expect("a timer");
    }));
    futures::pin_mut!(future);
    match futures::future::select(future, timer).await {
        futures::future::Either::Left((value, _)) => value,
        futures::future::Either::Right(_) => panic!("{what} did not happen within 10 s"),
    }
}

/// The drafts as stored, read through a connection of its own.
async fn stored_drafts(db: &Database) -> Vec<Draft> {
    let tx = db.transaction("drafts").build().expect("a read");
    let store = tx.object_store("drafts").expect("the drafts");
    store
        .get_all()
        .serde()
        .expect("a read")
        .await
        .expect("read")
        .collect::<Result<_, _>>()
        .expect("decoded")
}

#[wasm_bindgen_test]
async fn a_newer_schema_in_another_tab_opens_once_this_tab_has_written_and_let_go() {
    let name = fresh_name();
    let (tell, told) = futures::channel::oneshot::channel();
    let store = DraftStore::open_beside_other_tabs(
        &name,
        || {},
        move |closer| {
            let _ = tell.send(closer);
        },
    )
    .await
    .expect("opens");
    let mut d = draft("上海某职业技术学院");
    store
        .save(vec![Record::Draft(Box::new(d.clone()))])
        .await
        .expect("saved");

    // Another tab, with a newer app, asks for the next schema.
    let newer = Database::open(&name)
        .with_version(SCHEMA_VERSION + 1)
        .into_future();
    let step_aside = async {
        let closer = within("the call to step aside", told)
            .await
            .expect("the closer is handed over");
        // As the app does: the last save is issued first, then the connection is closed.
        d.notes = "typed as the newer tab opened".into();
        d.revision = 1;
        let (saved, ()) = futures::future::join(
            store.save(vec![Record::Draft(Box::new(d.clone()))]),
            async { closer.close() },
        )
        .await;
        saved.expect("a write issued before the close is finished");
    };
    let (newer, ()) = within(
        "the newer tab's open",
        futures::future::join(newer, step_aside),
    )
    .await;
    let newer = newer.expect("the newer schema opens");
    assert_eq!(newer.version() as u32, SCHEMA_VERSION + 1);
    let kept = stored_drafts(&newer).await;
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].notes, "typed as the newer tab opened");
    assert_eq!(kept[0].revision, 2);
    newer.close();
}

#[wasm_bindgen_test]
async fn an_older_version_holding_the_database_makes_the_open_wait_and_say_so() {
    let name = fresh_name();
    let id = records::new_id();
    write_v1_fixture(&name, &id.to_string()).await;
    // An older app in another tab: it holds schema v1 and does not let go when asked.
    let older = Database::open(&name)
        .with_version(1u32)
        .await
        .expect("v1 opens");

    let (tell, told) = futures::channel::oneshot::channel();
    let opening = DraftStore::open_beside_other_tabs(
        &name,
        move || {
            let _ = tell.send(());
        },
        |_| {},
    );
    let older_tab_closes = async {
        within("the call to say it waits", told)
            .await
            .expect("told that it waits");
        older.close();
    };
    let (store, ()) = within("the open", futures::future::join(opening, older_tab_closes)).await;
    let store = store.expect("opens once the older tab let go");
    let drafts = store.drafts().await.expect("read");
    assert_eq!(drafts.len(), 1);
    assert_eq!(
        drafts[0].id, id,
        "the upgrade ran once the older tab closed"
    );
}

#[wasm_bindgen_test]
async fn an_open_after_a_newer_version_upgraded_the_database_says_so() {
    let name = fresh_name();
    let newer = Database::open(&name)
        .with_version(SCHEMA_VERSION + 1)
        .await
        .expect("the newer schema opens");
    newer.close();
    let refused = DraftStore::open(&name)
        .await
        .err()
        .expect("an older schema cannot open a newer database");
    assert_eq!(refused.cause, Cause::NewerVersion, "{refused}");
}

#[wasm_bindgen_test]
async fn a_plain_open_lets_go_at_once_when_a_newer_schema_asks() {
    let name = fresh_name();
    let store = DraftStore::open(&name).await.expect("opens");
    let newer = within(
        "the newer tab's open",
        Database::open(&name)
            .with_version(SCHEMA_VERSION + 1)
            .into_future(),
    )
    .await
    .expect("the newer schema opens");
    assert_eq!(newer.version() as u32, SCHEMA_VERSION + 1);
    newer.close();
    drop(store);
}
