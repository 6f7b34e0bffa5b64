//! What the sync keeps in the drafts' IndexedDB, in a real headless Chromium: the log taken into
//! the outbox one operation per record, numbered without gaps; pulled records never written over
//! a change of this device still waiting; the outbox emptied only up to what the server
//! acknowledged; a conflict kept until the person chooses.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

use pingjia_drafts::records::{self, CandidateRecord, Draft, Life, Record};
use pingjia_drafts::store::DraftStore;
use pingjia_drafts::sync::local::SyncAccount;
use pingjia_rules::roster::RosterEntry;
use pingjia_sync::protocol::{OpResult, Outcome, PushResponse};
use pingjia_sync::records::SyncRecord;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn candidate(draft: &Draft, name: &str) -> CandidateRecord {
    CandidateRecord {
        id: records::new_id(),
        draft_id: draft.id,
        revision: 0,
        life: Life::Active,
        changed_at: 2.0,
        position: 0,
        entry: RosterEntry {
            name: name.into(),
            ..RosterEntry::default()
        },
    }
}

fn account() -> SyncAccount {
    SyncAccount {
        account_id: "0123456789abcdef".into(),
        device_id: "fedcba9876543210".into(),
        token: "pjd_x".into(),
        next_op_id: 1,
        ..SyncAccount::default()
    }
}

#[wasm_bindgen_test]
async fn the_outbox_takes_one_operation_per_record_and_pulls_never_overwrite_waiting_changes() {
    let store = DraftStore::open(&format!("pingjia-test-{}", records::new_id()))
        .await
        .expect("opens");
    let draft = Draft {
        id: records::new_id(),
        institution: "某学校".into(),
        ..Draft::default()
    };
    let zhang = candidate(&draft, "张三");
    let saved = store
        .save(vec![
            Record::Draft(Box::new(draft.clone())),
            Record::Candidate(Box::new(zhang.clone())),
        ])
        .await
        .expect("saved");
    // Typed twice more: three log entries for 张三.
    let Record::Candidate(mut zhang) = saved[1].clone() else {
        panic!("a candidate")
    };
    for name in ["张三丰", "张三丰（改）"] {
        zhang.entry.name = name.into();
        let again = store
            .save(vec![Record::Candidate(zhang.clone())])
            .await
            .expect("saved");
        let Record::Candidate(saved) = again[0].clone() else {
            panic!("a candidate")
        };
        zhang = saved;
    }
    assert_eq!(zhang.revision, 3);

    store
        .set_sync_account(Some(&account()))
        .await
        .expect("an account");
    let filled = store
        .fill_outbox()
        .await
        .expect("filled")
        .expect("an account");
    assert_eq!(filled.next_op_id, 3);
    let outbox = store.outbox(100).await.expect("read");
    assert_eq!(
        outbox.iter().map(|op| op.op_id).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(
        (outbox[1].base_revision, outbox[1].record.revision()),
        (0, 3),
        "first base, latest state"
    );
    assert!(
        matches!(&outbox[1].record, SyncRecord::Candidate(c) if c.entry.name == "张三丰（改）")
    );
    assert_eq!(
        store
            .fill_outbox()
            .await
            .expect("filled")
            .map(|a| a.next_op_id),
        Some(3),
        "nothing twice"
    );

    // A pull brings another device's 张三 (waiting here: left alone) and a new candidate (kept).
    let mut theirs = (*zhang).clone();
    theirs.revision = 9;
    theirs.entry.name = "别人的张三".into();
    let li = CandidateRecord {
        revision: 1,
        ..candidate(&draft, "李四")
    };
    let changed = store
        .apply_pulled(
            vec![
                SyncRecord::Candidate(theirs.clone()),
                SyncRecord::Candidate(li.clone()),
            ],
            "c1",
        )
        .await
        .expect("applied");
    assert_eq!(changed, 1);
    let names: Vec<String> = store
        .candidates(draft.id)
        .await
        .expect("read")
        .into_iter()
        .map(|c| c.entry.name)
        .collect();
    assert!(
        names.contains(&"张三丰（改）".to_string()) && names.contains(&"李四".to_string()),
        "{names:?}"
    );
    assert_eq!(
        store
            .sync_account()
            .await
            .expect("read")
            .map(|a| a.pull_cursor),
        Some("c1".into())
    );

    // The server acknowledges op 1 and finds op 2 in conflict: the outbox is empty, the conflict kept.
    let answer = PushResponse {
        last_op_id: 2,
        results: vec![
            OpResult {
                op_id: 1,
                record_id: Some(draft.id),
                outcome: Outcome::Applied { revision: 1 },
            },
            OpResult {
                op_id: 2,
                record_id: Some(zhang.id),
                outcome: Outcome::Conflict {
                    server: Box::new(SyncRecord::Candidate(theirs.clone())),
                },
            },
        ],
    };
    store.settle(&outbox, &answer).await.expect("settled");
    assert!(store.outbox(100).await.expect("read").is_empty());
    let pending = store.pending().await.expect("read");
    assert_eq!(pending.conflicts.len(), 1);
    assert_eq!(
        pending.conflicts[0].theirs,
        SyncRecord::Candidate(theirs.clone())
    );
    // While in conflict, a pull still leaves 张三 alone; once chosen, the next change settles it.
    store
        .apply_pulled(vec![SyncRecord::Candidate(theirs.clone())], "c2")
        .await
        .expect("applied");
    store.settle_conflict(zhang.id).await.expect("chosen");
    let mut chosen = theirs.clone();
    chosen.entry.name = "张三丰".into();
    store
        .save(vec![Record::Candidate(Box::new(chosen))])
        .await
        .expect("saved");
    store.fill_outbox().await.expect("filled");
    let outbox = store.outbox(100).await.expect("read");
    assert_eq!(outbox.len(), 1);
    assert_eq!(
        (
            outbox[0].op_id,
            outbox[0].base_revision,
            outbox[0].resolves_conflict
        ),
        (3, 9, true)
    );
    assert!(store.pending().await.expect("read").conflicts.is_empty());

    // Leaving the account while a push's answer is on its way: the answer does not bring back
    // an (empty) account.
    store.set_sync_account(None).await.expect("left");
    store.settle(&outbox, &answer).await.expect("settled");
    store.settle_conflict(zhang.id).await.expect("chosen");
    store.renumber_outbox(5).await.expect("renumbered");
    assert_eq!(store.sync_account().await.expect("read"), None);
    store.close();
}

#[wasm_bindgen_test]
async fn a_pull_rewrites_a_batched_candidate_only_with_a_newer_revision() {
    let name = format!("pingjia-test-{}", records::new_id());
    let store = DraftStore::open(&name).await.expect("opens");
    let draft = Draft {
        id: records::new_id(),
        institution: "某培训中心".into(),
        ..Draft::default()
    };
    // Imported on this device: three new candidates, kept in one batch, then pushed and
    // acknowledged, so nothing of theirs is waiting.
    let saved = store
        .save(vec![
            Record::Draft(Box::new(draft.clone())),
            Record::Candidate(Box::new(candidate(&draft, "甲"))),
            Record::Candidate(Box::new(candidate(&draft, "乙"))),
            Record::Candidate(Box::new(candidate(&draft, "丙"))),
        ])
        .await
        .expect("saved");
    store
        .set_sync_account(Some(&account()))
        .await
        .expect("an account");
    store.fill_outbox().await.expect("filled");
    let outbox = store.outbox(100).await.expect("read");
    let answer = PushResponse {
        last_op_id: outbox.len() as u64,
        results: outbox
            .iter()
            .map(|op| OpResult {
                op_id: op.op_id,
                record_id: Some(op.record.id()),
                outcome: Outcome::Applied {
                    revision: op.record.revision(),
                },
            })
            .collect(),
    };
    store.settle(&outbox, &answer).await.expect("settled");
    assert!(store.pending().await.expect("read").changes.is_empty());

    // The pull brings them back: 甲 as this device has it, 乙 changed on another device.
    let copy = |i: usize| match &saved[i] {
        Record::Candidate(c) => (**c).clone(),
        Record::Draft(_) => panic!("a candidate"),
    };
    let same = copy(1);
    let mut newer = copy(2);
    newer.revision = 2;
    newer.entry.name = "乙（另一台设备改）".into();
    let changed = store
        .apply_pulled(
            vec![SyncRecord::Candidate(same), SyncRecord::Candidate(newer)],
            "c1",
        )
        .await
        .expect("applied");
    assert_eq!(changed, 1, "only the newer copy is kept");
    let names: Vec<String> = store
        .candidates(draft.id)
        .await
        .expect("read")
        .into_iter()
        .map(|c| c.entry.name)
        .collect();
    assert_eq!(names.len(), 3);
    assert!(names.contains(&"甲".to_string()) && names.contains(&"乙（另一台设备改）".to_string()));
    store.close();
    let db = indexed_db_futures::database::Database::open(&name)
        .await
        .expect("opens");
    let tx = db.transaction("candidates").build().expect("a read");
    let alone = tx.object_store("candidates").expect("the store");
    use indexed_db_futures::prelude::*;
    assert_eq!(
        alone.count().await.expect("counted"),
        1,
        "甲 was not rewritten"
    );
}
