//! Settling a conflict loses nothing: for any two versions of a record, every part in which
//! they differ is listed (and no other), and the merge of any choice keeps exactly the chosen
//! version of each part. Values are drawn from small pools, so two versions often agree on
//! some parts and differ on others, down to a single flag of one row.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
use pingjia_rules::candidate_draft::{
    Answer, CandidateDraft, HeldDraft, SchoolingDraft, WorkDraft,
};
use pingjia_rules::codes::Code;
use pingjia_rules::eligibility::{CertificateLevel, School, SchoolStatus, TitleGrade};
use pingjia_rules::fees::Subject;
use pingjia_rules::level::Level;
use pingjia_rules::roster::RosterEntry;
use pingjia_sync::conflict::{Part, differing, merge};
use pingjia_sync::records::{CandidateRecord, Life, RecordId, SyncDraft, SyncRecord};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

fn text() -> impl Strategy<Value = String> {
    select(vec!["", "张三", "李四", "2025-06-01", "20250601"]).prop_map(String::from)
}

fn maybe<T: std::fmt::Debug + Clone + 'static>(
    values: &'static [T],
) -> impl Strategy<Value = Option<T>> {
    prop_oneof![Just(None), select(values).prop_map(Some)]
}

fn flag() -> impl Strategy<Value = Option<bool>> {
    prop_oneof![Just(None), Just(Some(true)), Just(Some(false))]
}

fn answer() -> impl Strategy<Value = Option<Answer>> {
    prop_oneof![
        Just(None),
        Just(Some(Answer::Yes)),
        Just(Some(Answer::No)),
        Just(Some(Answer::DontKnow))
    ]
}

fn life() -> impl Strategy<Value = Life> {
    select(vec![Life::Active, Life::Archived, Life::Deleted])
}

fn schooling() -> impl Strategy<Value = SchoolingDraft> {
    (
        maybe(School::ALL),
        maybe(SchoolStatus::ALL),
        flag(),
        answer(),
    )
        .prop_map(
            |(school, status, related_specialty, assessed)| SchoolingDraft {
                school,
                status,
                related_specialty,
                assessed,
            },
        )
}

fn work() -> impl Strategy<Value = WorkDraft> {
    (text(), text(), any::<bool>()).prop_map(|(from, until, ongoing)| WorkDraft {
        from,
        until,
        ongoing,
    })
}

fn held<K: Code + std::fmt::Debug>() -> impl Strategy<Value = HeldDraft<K>> {
    (maybe(K::ALL), text()).prop_map(|(kind, since)| HeldDraft { kind, since })
}

fn candidate() -> impl Strategy<Value = SyncRecord> {
    let person = (
        text(),
        text(),
        prop::collection::vec(schooling(), 0..3),
        prop::collection::vec(work(), 0..3),
        prop::collection::vec(held::<CertificateLevel>(), 0..2),
        prop::collection::vec(held::<TitleGrade>(), 0..2),
    )
        .prop_map(
            |(birth_date, id_number, schooling, work, certificates, titles)| CandidateDraft {
                birth_date,
                id_number,
                schooling,
                work,
                certificates,
                titles,
            },
        );
    let entry = (
        text(),
        maybe(&[Level::Three, Level::Two, Level::One]),
        subsequence(
            vec![Subject::Theory, Subject::Skills, Subject::Review],
            0..=3,
        ),
        person,
    )
        .prop_map(|(name, level, retake, candidate)| RosterEntry {
            name,
            level,
            retake,
            candidate,
        });
    (life(), 0u32..3, 1u64..5, entry).prop_map(|(life, position, revision, entry)| {
        SyncRecord::Candidate(CandidateRecord {
            id: RecordId(1),
            draft_id: RecordId(2),
            revision,
            life,
            changed_at: f64::from(position),
            position,
            entry,
        })
    })
}

fn draft() -> impl Strategy<Value = SyncRecord> {
    (life(), text(), text(), text(), text(), text(), 1u64..5).prop_map(
        |(life, institution, contact, session, application_date, notes, revision)| {
            SyncRecord::Draft(SyncDraft {
                id: RecordId(3),
                revision,
                life,
                changed_at: 0.0,
                institution,
                contact,
                session,
                application_date,
                notes,
            })
        },
    )
}

/// The record without its bookkeeping (ids, revision, time of change): what a person typed.
fn content(record: &SyncRecord) -> SyncRecord {
    let mut r = record.clone();
    match &mut r {
        SyncRecord::Candidate(c) => {
            (c.id, c.draft_id, c.revision, c.changed_at) = (RecordId(0), RecordId(0), 0, 0.0);
        }
        SyncRecord::Draft(d) => (d.id, d.revision, d.changed_at) = (RecordId(0), 0, 0.0),
    }
    r
}

fn two_versions() -> impl Strategy<Value = (SyncRecord, SyncRecord)> {
    prop_oneof![(candidate(), candidate()), (draft(), draft())]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_parts_listed_are_exactly_the_parts_that_differ((mine, theirs) in two_versions()) {
        let parts = differing(&mine, &theirs);
        // No difference is missed: with none listed, what was typed is the same.
        prop_assert_eq!(parts.is_empty(), content(&mine) == content(&theirs));
        // And none is made up: keeping mine in exactly the listed parts gives mine.
        prop_assert_eq!(content(&merge(&theirs, &mine, &parts)), content(&mine));
        for part in Part::of(&theirs) {
            let alone = merge(&theirs, &mine, &[*part]);
            prop_assert_eq!(
                content(&alone) != content(&theirs),
                parts.contains(part),
                "{:?}", part
            );
        }
    }

    #[test]
    fn any_choice_keeps_exactly_the_chosen_version_of_each_part(
        (mine, theirs) in two_versions(),
        pick in prop::collection::vec(any::<bool>(), 16),
    ) {
        let parts = differing(&mine, &theirs);
        let keep_mine: Vec<Part> = parts.iter().zip(&pick).filter(|(_, p)| **p).map(|(part, _)| *part).collect();
        let merged = merge(&theirs, &mine, &keep_mine);
        // Differs from mine exactly where theirs was kept, from theirs exactly where mine was.
        let from_mine = differing(&merged, &mine);
        let from_theirs = differing(&merged, &theirs);
        for part in &parts {
            prop_assert_eq!(from_mine.contains(part), !keep_mine.contains(part), "{:?}", part);
            prop_assert_eq!(from_theirs.contains(part), keep_mine.contains(part), "{:?}", part);
        }
        prop_assert!(from_mine.iter().all(|p| parts.contains(p)));
        prop_assert!(from_theirs.iter().all(|p| parts.contains(p)));
        // The bookkeeping is the server's, so the change is made on its revision.
        prop_assert_eq!(merged.revision(), theirs.revision());
    }
}
