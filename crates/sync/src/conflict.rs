//! Settling a conflict: a record changed on this device ("mine") and on another ("theirs", the
//! server's version) since they last agreed. The parts that differ are found by value over
//! every field the person typed — never by how they are shown — and the person's choice is
//! merged onto the server's version, so each part is exactly the version chosen.
//!
//! Every field of a record is either a [`Part`] the person chooses or bookkeeping the merge
//! takes from the server's version (ids, revision, time of change). The functions below
//! destructure the records without `..`: a field added to a record does not compile until it is
//! placed in one or the other.

use crate::records::{CandidateRecord, SyncDraft, SyncRecord};
use pingjia_rules::Bilingual;
use pingjia_rules::candidate_draft::CandidateDraft;
use pingjia_rules::roster::RosterEntry;

/// A part of a record that the person keeps from one version or the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    // A candidate's.
    Name,
    Level,
    Retake,
    IdNumber,
    BirthDate,
    /// Every row of schooling, flags included (related specialty, assessed programme).
    Schooling,
    Work,
    Certificates,
    Titles,
    /// Where the candidate stands in the roster.
    Position,
    // A draft's.
    Institution,
    Contact,
    Session,
    ApplicationDate,
    Notes,
    // Both.
    /// Active, archived or deleted.
    Life,
}

impl Part {
    pub const OF_CANDIDATE: &'static [Part] = &[
        Part::Name,
        Part::Level,
        Part::Retake,
        Part::IdNumber,
        Part::BirthDate,
        Part::Schooling,
        Part::Work,
        Part::Certificates,
        Part::Titles,
        Part::Position,
        Part::Life,
    ];

    pub const OF_DRAFT: &'static [Part] = &[
        Part::Institution,
        Part::Contact,
        Part::Session,
        Part::ApplicationDate,
        Part::Notes,
        Part::Life,
    ];

    /// The parts a record of this kind has.
    pub fn of(record: &SyncRecord) -> &'static [Part] {
        match record {
            SyncRecord::Candidate(_) => Part::OF_CANDIDATE,
            SyncRecord::Draft(_) => Part::OF_DRAFT,
        }
    }

    /// A stable name, for the page's markup and its tests.
    pub fn key(self) -> &'static str {
        match self {
            Part::Name => "name",
            Part::Level => "level",
            Part::Retake => "retake",
            Part::IdNumber => "id_number",
            Part::BirthDate => "birth_date",
            Part::Schooling => "schooling",
            Part::Work => "work",
            Part::Certificates => "certificates",
            Part::Titles => "titles",
            Part::Position => "position",
            Part::Institution => "institution",
            Part::Contact => "contact",
            Part::Session => "session",
            Part::ApplicationDate => "application_date",
            Part::Notes => "notes",
            Part::Life => "life",
        }
    }

    pub fn label(self) -> Bilingual {
        match self {
            Part::Name => Bilingual::fixed("姓名", "Name"),
            Part::Level => Bilingual::fixed("申报等级", "Level"),
            Part::Retake => Bilingual::fixed("补考科目", "Retaken subjects"),
            Part::IdNumber => Bilingual::fixed("身份证号", "Identity number"),
            Part::BirthDate => Bilingual::fixed("出生日期", "Date of birth"),
            Part::Schooling => Bilingual::fixed("学历", "Schooling"),
            Part::Work => Bilingual::fixed("工作经历", "Work"),
            Part::Certificates => Bilingual::fixed("职业资格证书", "Certificates"),
            Part::Titles => Bilingual::fixed("职称", "Titles"),
            Part::Position => Bilingual::fixed("名单中的位置", "Place in the roster"),
            Part::Institution => Bilingual::fixed("机构名称", "Institution"),
            Part::Contact => Bilingual::fixed("联系人及电话", "Contact"),
            Part::Session => Bilingual::fixed("考核批次", "Session"),
            Part::ApplicationDate => Bilingual::fixed("申报日期", "Application date"),
            Part::Notes => Bilingual::fixed("备注", "Notes"),
            Part::Life => Bilingual::fixed("状态", "State"),
        }
    }
}

/// The parts in which two versions of one record differ, compared by value over every field,
/// in the order of [`Part::of`]. Records of two kinds differ in every part of `theirs`.
pub fn differing(mine: &SyncRecord, theirs: &SyncRecord) -> Vec<Part> {
    match (mine, theirs) {
        (SyncRecord::Candidate(a), SyncRecord::Candidate(b)) => candidate_differences(a, b),
        (SyncRecord::Draft(a), SyncRecord::Draft(b)) => draft_differences(a, b),
        _ => Part::of(theirs).to_vec(),
    }
}

/// The record to keep: the server's version (its ids and revision, on which the change is then
/// made), with each part in `keep_mine` taken from this device's version. Parts of another
/// kind of record are ignored; a record of another kind is not merged into.
pub fn merge(theirs: &SyncRecord, mine: &SyncRecord, keep_mine: &[Part]) -> SyncRecord {
    let mut merged = theirs.clone();
    match (&mut merged, mine) {
        (SyncRecord::Candidate(into), SyncRecord::Candidate(from)) => {
            for part in keep_mine {
                take_candidate_part(*part, into, from);
            }
        }
        (SyncRecord::Draft(into), SyncRecord::Draft(from)) => {
            for part in keep_mine {
                take_draft_part(*part, into, from);
            }
        }
        _ => {}
    }
    merged
}

fn candidate_differences(a: &CandidateRecord, b: &CandidateRecord) -> Vec<Part> {
    // Bookkeeping, taken from the server's version: `id`, `draft_id`, `revision`, `changed_at`.
    let CandidateRecord {
        id: _,
        draft_id: _,
        revision: _,
        changed_at: _,
        life,
        position,
        entry:
            RosterEntry {
                name,
                level,
                retake,
                candidate:
                    CandidateDraft {
                        birth_date,
                        id_number,
                        schooling,
                        work,
                        certificates,
                        titles,
                    },
            },
    } = a;
    let theirs = &b.entry.candidate;
    let pairs = [
        (Part::Name, *name == b.entry.name),
        (Part::Level, *level == b.entry.level),
        (Part::Retake, *retake == b.entry.retake),
        (Part::IdNumber, *id_number == theirs.id_number),
        (Part::BirthDate, *birth_date == theirs.birth_date),
        (Part::Schooling, *schooling == theirs.schooling),
        (Part::Work, *work == theirs.work),
        (Part::Certificates, *certificates == theirs.certificates),
        (Part::Titles, *titles == theirs.titles),
        (Part::Position, *position == b.position),
        (Part::Life, *life == b.life),
    ];
    pairs
        .into_iter()
        .filter(|(_, same)| !same)
        .map(|(part, _)| part)
        .collect()
}

fn draft_differences(a: &SyncDraft, b: &SyncDraft) -> Vec<Part> {
    let SyncDraft {
        id: _,
        revision: _,
        changed_at: _,
        life,
        institution,
        contact,
        session,
        application_date,
        notes,
    } = a;
    let pairs = [
        (Part::Institution, *institution == b.institution),
        (Part::Contact, *contact == b.contact),
        (Part::Session, *session == b.session),
        (
            Part::ApplicationDate,
            *application_date == b.application_date,
        ),
        (Part::Notes, *notes == b.notes),
        (Part::Life, *life == b.life),
    ];
    pairs
        .into_iter()
        .filter(|(_, same)| !same)
        .map(|(part, _)| part)
        .collect()
}

fn take_candidate_part(part: Part, into: &mut CandidateRecord, from: &CandidateRecord) {
    let (to, of) = (&mut into.entry, &from.entry);
    match part {
        Part::Name => to.name.clone_from(&of.name),
        Part::Level => to.level = of.level,
        Part::Retake => to.retake.clone_from(&of.retake),
        Part::IdNumber => to.candidate.id_number.clone_from(&of.candidate.id_number),
        Part::BirthDate => to.candidate.birth_date.clone_from(&of.candidate.birth_date),
        Part::Schooling => to.candidate.schooling.clone_from(&of.candidate.schooling),
        Part::Work => to.candidate.work.clone_from(&of.candidate.work),
        Part::Certificates => to
            .candidate
            .certificates
            .clone_from(&of.candidate.certificates),
        Part::Titles => to.candidate.titles.clone_from(&of.candidate.titles),
        Part::Position => into.position = from.position,
        Part::Life => into.life = from.life,
        Part::Institution | Part::Contact | Part::Session | Part::ApplicationDate | Part::Notes => {
        }
    }
}

fn take_draft_part(part: Part, into: &mut SyncDraft, from: &SyncDraft) {
    match part {
        Part::Institution => into.institution.clone_from(&from.institution),
        Part::Contact => into.contact.clone_from(&from.contact),
        Part::Session => into.session.clone_from(&from.session),
        Part::ApplicationDate => into.application_date.clone_from(&from.application_date),
        Part::Notes => into.notes.clone_from(&from.notes),
        Part::Life => into.life = from.life,
        Part::Name
        | Part::Level
        | Part::Retake
        | Part::IdNumber
        | Part::BirthDate
        | Part::Schooling
        | Part::Work
        | Part::Certificates
        | Part::Titles
        | Part::Position => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Life, RecordId};
    use pingjia_rules::candidate_draft::SchoolingDraft;
    use pingjia_rules::eligibility::School;

    fn candidate(entry: RosterEntry) -> SyncRecord {
        SyncRecord::Candidate(CandidateRecord {
            id: RecordId(1),
            draft_id: RecordId(2),
            revision: 3,
            life: Life::Active,
            changed_at: 0.0,
            position: 0,
            entry,
        })
    }

    #[test]
    fn a_change_to_a_schooling_flag_alone_is_a_difference_and_survives_the_merge() {
        let schooled = |assessed| {
            let mut entry = RosterEntry::default();
            entry.candidate.schooling = vec![SchoolingDraft {
                school: Some(School::College),
                assessed: Some(if assessed {
                    pingjia_rules::candidate_draft::Answer::Yes
                } else {
                    pingjia_rules::candidate_draft::Answer::No
                }),
                ..SchoolingDraft::default()
            }];
            candidate(entry)
        };
        let (mine, theirs) = (schooled(true), schooled(false));
        assert_eq!(differing(&mine, &theirs), vec![Part::Schooling]);
        assert_eq!(merge(&theirs, &mine, &[Part::Schooling]), mine);
        assert_eq!(merge(&theirs, &mine, &[]), theirs);
    }

    #[test]
    fn the_merge_keeps_the_servers_bookkeeping() {
        let mine = candidate(RosterEntry {
            name: "甲".into(),
            ..RosterEntry::default()
        });
        let mut theirs = candidate(RosterEntry::default());
        if let SyncRecord::Candidate(c) = &mut theirs {
            c.revision = 7;
            c.changed_at = 5.0;
        }
        let SyncRecord::Candidate(merged) = merge(&theirs, &mine, &[Part::Name]) else {
            panic!("a candidate merges into a candidate");
        };
        assert_eq!((merged.revision, merged.changed_at), (7, 5.0));
        assert_eq!(merged.entry.name, "甲");
    }
}
