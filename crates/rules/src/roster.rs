//! An institution's group application (二（二）团体申报): a roster of candidates, each checked
//! as the self-assessment checks one person, with the identity numbers compared across rows
//! and the fees of those who can apply totalled by [`fees::group_fees`].
//!
//! What the institution typed is kept as typed ([`RosterEntry`]); [`check_roster`] reads it on
//! the application date and answers per row — can apply (and by which routes), cannot yet (and
//! from when), or what to complete first — so the app, an export and the sync server all show
//! the same verdict for the same row.

use crate::Reason;
use crate::candidate_draft::{CandidateDraft, Problem, ProblemCode};
use crate::eligibility::{self, MetFrom};
use crate::fees::{self, Fee, GroupFees, GroupMember, Subject};
use crate::level::Level;
use crate::rulebook::Rulebook;
use crate::text::{Bilingual, Lang};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::borrow::{Borrow, Cow};
use std::collections::{BTreeMap, HashMap};

/// One person on an institution's roster, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct RosterEntry {
    /// 姓名, as on the identity card.
    pub name: String,
    pub level: Option<Level>,
    /// Empty for a first attempt (every subject); the subjects retaken otherwise (四).
    pub retake: Vec<Subject>,
    /// The same questions as the self-assessment; on a roster the identity number is required.
    pub candidate: CandidateDraft,
}

impl RosterEntry {
    /// Nothing typed or chosen for this person: a row added and left empty.
    pub fn is_blank(&self) -> bool {
        self.name.trim().is_empty()
            && self.level.is_none()
            && self.retake.is_empty()
            && self.candidate.is_blank()
    }
}

/// Something to complete or correct on a row before it can be judged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryProblem {
    NameRequired,
    LevelRequired,
    IdNumberRequired,
    /// A retaken subject the level does not have.
    RetakeSubject(Subject),
    /// A problem with the candidate's answers, as the self-assessment reports it.
    Candidate(Problem),
}

impl EntryProblem {
    pub fn code(&self) -> &'static str {
        match self {
            EntryProblem::NameRequired => "name_required",
            EntryProblem::LevelRequired => "level_required",
            EntryProblem::IdNumberRequired => "id_number_required",
            EntryProblem::RetakeSubject(_) => "retake_subject_not_in_level",
            EntryProblem::Candidate(p) => p.code.code(),
        }
    }

    pub fn message(&self) -> Bilingual {
        match self {
            EntryProblem::NameRequired => {
                Bilingual::fixed("请填写姓名。", "Enter the candidate's name.")
            }
            EntryProblem::LevelRequired => {
                Bilingual::fixed("请选择申报等级。", "Choose the level applied for.")
            }
            EntryProblem::IdNumberRequired => Bilingual::fixed(
                "团体申报须填写身份证号。",
                "A group application needs the identity number.",
            ),
            EntryProblem::RetakeSubject(s) => Bilingual::new(
                format!("所选等级没有“{}”科目，请改选补考科目。", s.name().zh),
                format!(
                    "The level chosen has no \"{}\" subject: choose the retaken subjects again.",
                    s.name().en
                ),
            ),
            EntryProblem::Candidate(p) => p.message(),
        }
    }
}

/// A row's verdict on the application date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Something must be completed or corrected first.
    Incomplete(Vec<EntryProblem>),
    /// Can apply, by these routes of 附录5 (their numbers within the level).
    Eligible { routes: Vec<u8> },
    /// Cannot apply on that date; when they could if nothing else changes, and what is missing
    /// on the route closest to being met.
    NotEligible {
        qualifies_from: MetFrom,
        missing: Vec<Reason>,
    },
}

/// The three states a roster is filtered by.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Status {
    Eligible,
    NotEligible,
    Incomplete,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Eligible, Status::NotEligible, Status::Incomplete];

    pub fn label(self) -> Bilingual {
        match self {
            Status::Eligible => Bilingual::fixed("符合条件", "Eligible"),
            Status::NotEligible => Bilingual::fixed("暂不符合", "Not eligible"),
            Status::Incomplete => Bilingual::fixed("待补全", "Incomplete"),
        }
    }
}

impl Outcome {
    pub fn status(&self) -> Status {
        match self {
            Outcome::Incomplete(_) => Status::Incomplete,
            Outcome::Eligible { .. } => Status::Eligible,
            Outcome::NotEligible { .. } => Status::NotEligible,
        }
    }

    /// A short stable description of the verdict, kept with a draft so a later rulebook's
    /// verdicts can be compared with the ones the institution saw.
    pub fn fingerprint(&self) -> String {
        match self {
            Outcome::Incomplete(problems) => {
                let codes: Vec<&str> = problems.iter().map(EntryProblem::code).collect();
                format!("incomplete:{}", codes.join(","))
            }
            Outcome::Eligible { routes } => {
                let routes: Vec<String> = routes.iter().map(u8::to_string).collect();
                format!("eligible:{}", routes.join(","))
            }
            Outcome::NotEligible { qualifies_from, .. } => match qualifies_from {
                MetFrom::Always => "not_eligible".to_string(),
                MetFrom::Date(d) => format!("not_eligible:{d}"),
                MetFrom::Never => "not_eligible:never".to_string(),
            },
        }
    }
}

/// One row of a checked roster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowCheck {
    pub outcome: Outcome,
    /// The fee if the row is submitted: all subjects, or the retaken ones. `None` until the
    /// level (and any retaken subject) is chosen.
    pub fee: Option<Fee>,
    /// The other rows (from 0) with the same identity number: each person applies once.
    pub same_id_number: Vec<usize>,
}

impl RowCheck {
    /// What the row's verdict rests on, in a sentence: the rows with the same identity number
    /// (named from `names`, the roster's names by row), the first thing to complete, the routes
    /// met, or what is missing and from when.
    pub fn summary(&self, names: &[String]) -> Bilingual {
        if !self.same_id_number.is_empty() {
            let rows = |lang: Lang| -> String {
                let each: Vec<String> = self
                    .same_id_number
                    .iter()
                    .map(|&i| {
                        let name = names.get(i).map_or("", |n| n.trim());
                        match lang {
                            Lang::ZhCn => format!("第 {} 行（{name}）", i + 1),
                            Lang::En => format!("row {} ({name})", i + 1),
                        }
                    })
                    .collect();
                each.join(match lang {
                    Lang::ZhCn => "、",
                    Lang::En => ", ",
                })
            };
            return Bilingual::new(
                format!("身份证号与{}相同：同一人只能申报一次。", rows(Lang::ZhCn)),
                format!(
                    "Same identity number as {}: a person applies once.",
                    rows(Lang::En)
                ),
            );
        }
        match &self.outcome {
            Outcome::Incomplete(problems) => problems
                .first()
                .map_or_else(|| Bilingual::fixed("", ""), EntryProblem::message),
            Outcome::Eligible { routes } => {
                let zh: Vec<String> = routes.iter().map(|n| format!("（{n}）")).collect();
                let en: Vec<String> = routes.iter().map(|n| format!("({n})")).collect();
                Bilingual::new(
                    format!("符合附录5第{}项。", zh.join("")),
                    format!("Meets route {} of appendix 5.", en.join(" ")),
                )
            }
            Outcome::NotEligible {
                qualifies_from,
                missing,
            } => match qualifies_from {
                // A reason about time says its own wait ("还差…起满足").
                MetFrom::Date(d) => match missing.first() {
                    Some(first) if first.is_about_time() => first.text.clone(),
                    Some(first) => Bilingual::new(
                        format!("{}最早 {d} 起符合。", first.text.zh),
                        format!("{} Eligible from {d} at the earliest.", first.text.en),
                    ),
                    None => Bilingual::new(
                        format!("最早 {d} 起符合。"),
                        format!("Eligible from {d} at the earliest."),
                    ),
                },
                // What time cannot bring comes first: a wait (under 16, say) beside it would
                // read as if waiting were enough.
                _ => match missing.iter().find(|r| !r.is_about_time()) {
                    Some(blocker) => Bilingual::new(
                        format!("{}仅靠时间无法满足。", blocker.text.zh),
                        format!("{} Time alone will not do it.", blocker.text.en),
                    ),
                    None => missing.first().map_or_else(
                        || Bilingual::fixed("仅靠时间无法满足。", "Time alone will not do it."),
                        |first| first.text.clone(),
                    ),
                },
            },
        }
    }

    /// The fee this row adds to the group's total: its fee when it can apply, else nothing
    /// (a row that is not counted shows "—（不计）"). The rows' counted fees add up to
    /// [`RosterCheck::fees`]'s total.
    pub fn counted_fee(&self) -> Option<u64> {
        (self.status() == Status::Eligible)
            .then_some(self.fee.as_ref().map(|f| f.total))
            .flatten()
    }

    /// The row's status, with a repeated identity number counting as something to correct.
    pub fn status(&self) -> Status {
        if self.same_id_number.is_empty() {
            self.outcome.status()
        } else {
            Status::Incomplete
        }
    }
}

/// A whole roster, checked on one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterCheck {
    pub on: NaiveDate,
    pub rulebook_version: &'static str,
    pub rows: Vec<RowCheck>,
    /// The fees of the rows that can apply; `None` when there is no fee table or the roster is
    /// longer than a group may be (`fees::MAX_GROUP_MEMBERS`).
    pub fees: Option<GroupFees>,
}

impl RosterCheck {
    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status() == status).count()
    }

    /// How many rows each level's fee total counts: the rows that can apply.
    pub fn counted_by_level(&self) -> BTreeMap<Level, usize> {
        let mut people = BTreeMap::new();
        for row in &self.rows {
            if let (Some(_), Some(fee)) = (row.counted_fee(), &row.fee) {
                *people.entry(fee.level).or_default() += 1;
            }
        }
        people
    }
}

/// Checks every row of a roster on `on`, the application date. The rows can be the entries
/// or references to them, so a caller holding them elsewhere need not copy them.
pub fn check_roster<E: Borrow<RosterEntry>>(
    book: &Rulebook,
    on: NaiveDate,
    entries: &[E],
) -> RosterCheck {
    let mut rows: Vec<RowCheck> = entries
        .iter()
        .map(|e| check_entry(book, on, e.borrow()))
        .collect();

    let mut by_number: HashMap<Cow<'_, str>, Vec<usize>> = HashMap::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let number = normalised_id_number(&entry.borrow().candidate.id_number);
        if !number.is_empty() {
            by_number.entry(number).or_default().push(i);
        }
    }
    for same in by_number.values().filter(|rows| rows.len() > 1) {
        for &i in same {
            rows[i].same_id_number = same.iter().copied().filter(|&j| j != i).collect();
        }
    }

    let members: Vec<GroupMember> = entries
        .iter()
        .zip(&rows)
        .filter(|(_, row)| row.status() == Status::Eligible)
        .filter_map(|(entry, _)| {
            let entry = entry.borrow();
            Some(GroupMember {
                level: entry.level?,
                retake: entry.retake.clone(),
            })
        })
        .collect();
    let fees = fees::group_fees(book, on, &members).ok();

    RosterCheck {
        on,
        rulebook_version: book.version,
        rows,
        fees,
    }
}

/// An identity number as compared across rows: trimmed, with a lower-case check letter raised
/// (copied only then: a roster's numbers are nearly all as they should be).
fn normalised_id_number(typed: &str) -> Cow<'_, str> {
    let trimmed = typed.trim();
    if trimmed.bytes().any(|b| b.is_ascii_lowercase()) {
        Cow::Owned(trimmed.to_ascii_uppercase())
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// Whether two identity numbers, as typed, are one person's (an empty one is nobody's): equal
/// once [`normalised_id_number`], compared without building either (an editor asks this of
/// every row at each keystroke).
pub fn same_id_number(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    !a.is_empty() && a.eq_ignore_ascii_case(b)
}

fn check_entry(book: &Rulebook, on: NaiveDate, entry: &RosterEntry) -> RowCheck {
    let mut problems = Vec::new();
    if entry.name.trim().is_empty() {
        problems.push(EntryProblem::NameRequired);
    }
    if entry.level.is_none() {
        problems.push(EntryProblem::LevelRequired);
    }
    let id_number_missing = entry.candidate.id_number.trim().is_empty();
    if id_number_missing {
        problems.push(EntryProblem::IdNumberRequired);
    }
    let fee = entry.level.and_then(|level| {
        let subjects = if entry.retake.is_empty() {
            Subject::of_level(level)
        } else {
            &entry.retake
        };
        for s in &entry.retake {
            if !Subject::of_level(level).contains(s) {
                problems.push(EntryProblem::RetakeSubject(*s));
            }
        }
        fees::fee(book, on, level, subjects).ok()
    });
    let candidate = match entry.candidate.check(on) {
        Ok(candidate) => Some(candidate),
        Err(found) => {
            problems.extend(
                found
                    .into_iter()
                    // The roster already says the number is required, in its own words.
                    .filter(|p| !(id_number_missing && p.code == ProblemCode::NoBirthDate))
                    .map(EntryProblem::Candidate),
            );
            None
        }
    };
    let outcome = match (candidate, entry.level) {
        (Some(candidate), Some(level)) if problems.is_empty() => {
            // Most rows of a roster can apply: only those that cannot are put into words.
            match eligibility::judge(&candidate, level, on) {
                Ok(j) if j.eligible => Outcome::Eligible {
                    routes: j.routes_met,
                },
                Ok(_) => match eligibility::verdict(book, &candidate, level, on) {
                    Ok(e) => Outcome::NotEligible {
                        qualifies_from: e.qualifies_from,
                        missing: closest_missing(&e),
                    },
                    Err(problem) => Outcome::Incomplete(vec![EntryProblem::Candidate(problem)]),
                },
                Err(problem) => Outcome::Incomplete(vec![EntryProblem::Candidate(problem)]),
            }
        }
        _ => Outcome::Incomplete(problems),
    };
    RowCheck {
        outcome,
        fee,
        same_id_number: Vec::new(),
    }
}

/// What keeps a candidate out: an unmet age or education condition first, else the missing
/// parts of the route that lacks the fewest.
fn closest_missing(e: &eligibility::Verdict) -> Vec<Reason> {
    let mut missing = Vec::new();
    for condition in [&e.age, &e.education] {
        if !condition.met {
            missing.extend(condition.reasons.iter().cloned());
        }
    }
    if let Some(route) = e
        .routes
        .iter()
        .filter(|r| !r.met)
        .min_by_key(|r| r.missing.len())
        && e.routes.iter().all(|r| !r.met)
    {
        missing.extend(route.missing.iter().cloned());
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidate_draft::{SchoolingDraft, WorkDraft};
    use crate::eligibility::{School, SchoolStatus};
    use crate::rulebook::current;

    fn on() -> NaiveDate {
        "2025-06-01".parse().expect("date")
    }

    /// A 三级 candidate with a 大专 diploma and six years of work: route 2 of 三级 at least.
    fn qualified(name: &str, id_number: &str) -> RosterEntry {
        RosterEntry {
            name: name.to_string(),
            level: Some(Level::Three),
            retake: vec![],
            candidate: CandidateDraft {
                id_number: id_number.to_string(),
                schooling: vec![SchoolingDraft {
                    school: Some(School::College),
                    status: Some(SchoolStatus::Graduated),
                    related_specialty: Some(false),
                    assessed: None,
                }],
                work: vec![WorkDraft {
                    from: "2015-01-01".into(),
                    until: String::new(),
                    ongoing: true,
                }],
                ..CandidateDraft::default()
            },
        }
    }

    #[test]
    fn a_qualified_row_is_eligible_and_priced_at_the_full_fee() {
        let check = check_roster(current(), on(), &[qualified("张三", "11010519491231002X")]);
        let row = &check.rows[0];
        assert!(matches!(row.outcome, Outcome::Eligible { ref routes } if !routes.is_empty()));
        assert_eq!(row.fee.as_ref().map(|f| f.total), Some(1036));
        assert_eq!(check.fees.as_ref().map(|f| f.total), Some(1036));
    }

    #[test]
    fn the_fees_counted_row_by_row_add_up_to_the_total_shown() {
        let mut retaker = qualified("赵六", "110105198001010016");
        retaker.retake = vec![Subject::Theory];
        let mut two = qualified("钱七", "110105197501010013");
        two.level = Some(Level::Two);
        let mut too_young = qualified("王五", "110105201001010010");
        too_young.candidate.work.clear();
        let entries = [
            qualified("张三", "11010519491231002X"),
            retaker,
            two,
            too_young,
            RosterEntry::default(),
            qualified("张三", "11010519491231002x"),
        ];
        let check = check_roster(current(), on(), &entries);
        let counted: Vec<Option<u64>> = check.rows.iter().map(RowCheck::counted_fee).collect();
        // Not eligible, incomplete and repeated rows count nothing, though a fee is known.
        assert!(check.rows[3].fee.is_some() && counted[3].is_none());
        assert_eq!(counted[4], None);
        assert!(
            counted[0].is_none() && counted[5].is_none(),
            "the same number twice"
        );
        let sum: u64 = counted.iter().flatten().sum();
        assert_eq!(check.fees.as_ref().map(|f| f.total), Some(sum));
        let people = check.counted_by_level();
        assert_eq!(
            people.values().sum::<usize>(),
            check.count(Status::Eligible)
        );
        assert_eq!(
            people.len(),
            check.fees.as_ref().map_or(0, |f| f.by_level.len())
        );
    }

    #[test]
    fn a_row_with_only_empty_questions_is_blank() {
        let mut entry = RosterEntry::default();
        entry.candidate.schooling.push(SchoolingDraft::default());
        entry.candidate.work.push(WorkDraft::default());
        assert!(entry.is_blank());
        entry.candidate.work[0].from = "2015".into();
        assert!(!entry.is_blank(), "a date half typed is kept");
        let named = RosterEntry {
            name: " 张 ".into(),
            ..RosterEntry::default()
        };
        assert!(!named.is_blank());
    }

    #[test]
    fn an_empty_row_says_what_to_fill_in() {
        let check = check_roster(current(), on(), &[RosterEntry::default()]);
        let Outcome::Incomplete(problems) = &check.rows[0].outcome else {
            panic!("not incomplete: {:?}", check.rows[0].outcome);
        };
        let codes: Vec<&str> = problems.iter().map(EntryProblem::code).collect();
        assert!(codes.starts_with(&["name_required", "level_required", "id_number_required"]));
        assert!(!codes.contains(&"no_birth_date"), "said twice: {codes:?}");
        assert_eq!(check.fees.as_ref().map(|f| f.total), Some(0));
    }

    #[test]
    fn the_same_number_twice_is_flagged_on_both_rows_and_neither_is_charged() {
        let entries = [
            qualified("张三", "11010519491231002X"),
            qualified("李四", "110105198001010016"),
            qualified("张三", "11010519491231002x"),
        ];
        let check = check_roster(current(), on(), &entries);
        assert_eq!(check.rows[0].same_id_number, vec![2]);
        assert_eq!(check.rows[2].same_id_number, vec![0]);
        assert_eq!(check.rows[0].status(), Status::Incomplete);
        assert_eq!(check.count(Status::Incomplete), 2);
    }

    #[test]
    fn each_row_says_in_a_sentence_what_its_verdict_rests_on() {
        let entries = [
            qualified("张三", "11010519491231002X"),
            qualified("李四", "11010519491231002x"),
            RosterEntry::default(),
        ];
        let check = check_roster(current(), on(), &entries);
        let names: Vec<String> = entries.iter().map(|e| e.name.clone()).collect();
        assert_eq!(
            check.rows[0].summary(&names).zh,
            "身份证号与第 2 行（李四）相同：同一人只能申报一次。"
        );
        assert_eq!(
            check.rows[2].summary(&names).en,
            "Enter the candidate's name."
        );
        let alone = check_roster(current(), on(), &entries[..1]);
        assert!(
            alone.rows[0]
                .summary(&names)
                .zh
                .starts_with("符合附录5第（")
        );
        assert!(same_id_number(" 11010519491231002x", "11010519491231002X"));
        assert!(!same_id_number("", ""));
    }

    #[test]
    fn a_row_too_young_on_the_application_date_is_not_eligible_with_a_date() {
        // Born 2010-01-01: 16 on 2026-01-01.
        let mut entry = qualified("王五", "110105201001010010");
        entry.candidate.work.clear();
        let check = check_roster(current(), on(), &[entry]);
        match &check.rows[0].outcome {
            Outcome::NotEligible { missing, .. } => assert!(!missing.is_empty()),
            other => panic!("expected not eligible, got {other:?}"),
        }
        assert_eq!(check.rows[0].status(), Status::NotEligible);
    }

    #[test]
    fn a_retake_is_priced_by_its_subjects_and_a_wrong_subject_is_a_problem() {
        let mut entry = qualified("赵六", "11010519491231002X");
        entry.retake = vec![Subject::Theory];
        let check = check_roster(current(), on(), &[entry.clone()]);
        let fee = check.rows[0].fee.as_ref().map(|f| f.total);
        assert!(fee.is_some_and(|t| t < 1036), "{fee:?}");

        entry.retake = vec![Subject::Review];
        let check = check_roster(current(), on(), &[entry]);
        assert_eq!(
            check.rows[0].outcome.fingerprint(),
            "incomplete:retake_subject_not_in_level"
        );
    }

    #[test]
    fn fingerprints_differ_when_the_verdict_does() {
        let eligible = check_roster(current(), on(), &[qualified("张三", "11010519491231002X")]);
        let empty = check_roster(current(), on(), &[RosterEntry::default()]);
        assert_ne!(
            eligible.rows[0].outcome.fingerprint(),
            empty.rows[0].outcome.fingerprint()
        );
        assert!(
            eligible.rows[0]
                .outcome
                .fingerprint()
                .starts_with("eligible:")
        );
    }

    #[test]
    fn a_roster_as_stored_reads_back() {
        let entry = qualified("张三", "11010519491231002X");
        let json = serde_json::to_string(&entry).expect("json");
        let back: RosterEntry = serde_json::from_str(&json).expect("read back");
        assert_eq!(back, entry);
        assert!(serde_json::from_str::<RosterEntry>(r#"{"nmae":"x"}"#).is_err());
    }
}
