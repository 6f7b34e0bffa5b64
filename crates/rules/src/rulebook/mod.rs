//! The rulebook: every value the notice fixes — fees, bank account, sessions, validity years,
//! the admission-ticket rule, the results periods, the service window's address, hours and
//! phone numbers, the sites named, and the words of its clauses — as data with the dates it
//! holds for and its clause. The values of one notice are one data file,
//! `crates/rulebook/books/notice-2025.toml`, checked and written as the constants here by the
//! build script (`build.rs`); a corrected or new notice is a new file there and nothing else.
//!
//! This module defines the shapes of those values and imports no rule module: the rules
//! (`fees`, `sessions`, …) read a `&Rulebook` they are given.

/// The notices' rulebooks, written from their data files by `build.rs`.
mod notices {
    use super::{
        BankAccount, Consequence, Dated, FeeTable, Phone, ResultsRule, Rulebook, ServiceWindow,
        Session, TicketRule, ValidityYears, Violation,
    };
    use crate::citation::{Citation, Source};
    use crate::dates::date;
    use crate::level::Level;
    use crate::text::Bilingual;
    use chrono::{NaiveTime, Weekday};

    #[allow(
        clippy::panic,
        reason = "evaluated at compile time for the rulebook's constants: an impossible time stops the build"
    )]
    const fn hm(h: u32, m: u32) -> NaiveTime {
        match NaiveTime::from_hms_opt(h, m, 0) {
            Some(t) => t,
            None => panic!("an impossible time in the rulebook"),
        }
    }

    include!(concat!(env!("OUT_DIR"), "/notices.rs"));
}

use crate::citation::{Citation, NoticeClause, Reason, Source};
use crate::level::Level;
use crate::text::Bilingual;
use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::Serialize;

pub use notices::NOTICES;

pub mod kept;
mod library;
pub use library::Library;

#[cfg(feature = "runtime-books")]
mod from_book;
#[cfg(feature = "runtime-books")]
pub use from_book::{holidays_from, rulebook_from};

/// A value and the dates (both included) it is in force for.
#[derive(Clone, Copy, Debug)]
pub struct Dated<T: 'static> {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub value: T,
    pub citation: Citation,
}

impl<T> Dated<T> {
    pub fn holds_on(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.until
    }
}

/// The value in force on `d` among periods of one kind.
pub fn in_force<T>(periods: &'static [Dated<T>], d: NaiveDate) -> Option<&'static Dated<T>> {
    periods.iter().find(|p| p.holds_on(d))
}

/// The value in force on `d`, or else the nearest one known: the first before the table, the
/// last after it (interpretations.md 12: a rule not tied to the schedule is still answered from
/// the last known notice, and labelled — see [`Rulebook::currency_note`]).
pub fn in_force_or_nearest<T>(
    periods: &'static [Dated<T>],
    d: NaiveDate,
) -> Option<&'static Dated<T>> {
    in_force(periods, d).or_else(|| {
        let first = periods.first()?;
        if d < first.from {
            Some(first)
        } else {
            periods.last()
        }
    })
}

/// Where to pay the 考核费 (二（四）).
#[derive(Clone, Copy, Debug, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BankAccount {
    pub account_name: &'static str,
    pub account_number: &'static str,
    pub bank: &'static str,
}

/// The fee table, yuan per person per subject (二（四）).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeeTable {
    pub theory: u32,
    pub skills_level_three: u32,
    pub skills_levels_two_one: u32,
    pub review_levels_two_one: u32,
}

/// One row of the schedule table (二（三）).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Session {
    pub apply_from: NaiveDate,
    pub apply_until: NaiveDate,
    pub pay_from: NaiveDate,
    pub pay_until: NaiveDate,
    /// The evaluation month: the day is not known until the admission ticket (interpretations.md 8).
    pub evaluation_year: i32,
    pub evaluation_month: u32,
    pub levels: &'static [Level],
    /// The notice whose table lists the session: where several notices answer together
    /// (`Library`), a session is cited from its own.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub source: Source,
}

/// How many years scores stay valid for a retake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValidityYears {
    pub level_three: u32,
    pub levels_two_one: u32,
}

impl ValidityYears {
    pub fn of(self, level: Level) -> u32 {
        match level {
            Level::Three => self.level_three,
            Level::Two | Level::One => self.levels_two_one,
        }
    }
}

/// The admission ticket (二（五）): how long before the evaluation it appears, and where.
#[derive(Clone, Copy, Debug)]
pub struct TicketRule {
    pub days_before_evaluation: u64,
    pub site: &'static str,
}

/// When results can be looked up (三), in working days after the last subject, and where.
#[derive(Clone, Debug)]
pub struct ResultsRule {
    pub working_days: u32,
    /// Where marking or workpiece inspection is involved.
    pub working_days_with_marking: u32,
    pub where_to_look: &'static [Bilingual],
}

/// A phone number of 六（三）/六（四） and what it is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Phone {
    pub number: &'static str,
    pub purpose_zh: &'static str,
    pub purpose_en: &'static str,
    pub hours_zh: &'static str,
    pub hours_en: &'static str,
    pub citation: Citation,
}

/// The service window (六): where, on which weekday, in which hours, and who answers the phone.
#[derive(Clone, Debug)]
pub struct ServiceWindow {
    pub address: Bilingual,
    pub weekday: Weekday,
    /// Each opening: open from its start, closed from its end.
    pub hours: &'static [(NaiveTime, NaiveTime)],
    pub phones: &'static [Phone],
}

/// What happens to a candidate who commits a violation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Consequence {
    /// 附件2 一: qualification and scores cancelled, materials and fee not returned, certificate voided.
    QualificationCancelled,
    /// 附件2 二: that subject's score cancelled for this sitting.
    SubjectCancelled,
    /// 附件2 三: all subjects cancelled for this sitting, and barred for the rest of the year.
    AllCancelledBarredThisYear,
    /// 附件2 四: all subjects cancelled; barred 2 years (minor) or 5 years and referred (serious).
    AllCancelledBarredTwoOrFiveYears,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Violation {
    /// A stable code, e.g. "2-1" for 附件2 二 item 1.
    pub code: &'static str,
    pub consequence: Consequence,
    pub text_zh: &'static str,
    pub text_en: &'static str,
}

#[derive(Clone, Debug)]
pub struct Rulebook {
    /// Reported with every answer, so a saved answer says which rules it came from.
    pub version: &'static str,
    pub notice: &'static str,
    pub published: NaiveDate,
    /// The first day this rulebook speaks for: its first application day, which came before
    /// the notice's date (applications opened on 05-16, the notice is dated 05-21).
    pub applies_from: NaiveDate,
    /// The last day this rulebook speaks for: the end of its last evaluation month.
    pub valid_until: NaiveDate,
    pub fees: &'static [Dated<FeeTable>],
    pub bank_account: Dated<BankAccount>,
    pub sessions: &'static [Session],
    /// Years scores stay valid for a retake, by level (四（一）).
    pub retake_validity_years: &'static [Dated<ValidityYears>],
    pub ticket: TicketRule,
    pub results: ResultsRule,
    pub service: ServiceWindow,
    /// The association's notices, where a newer schedule or notice appears (六（五）2).
    pub association_site: &'static str,
    /// 附件2: the violations listed, and what each kind costs.
    pub violations: &'static [Violation],
    pub consequences: &'static [(Consequence, Bilingual)],
    /// The words of the notice's clauses, by clause number, for "tap to read the clause".
    pub clauses: &'static [(&'static str, &'static str)],
}

/// The label of an answer given for a date this rulebook does not speak for
/// (interpretations.md 12): still answered from the last known notice, never silently.
pub const OUT_OF_DATE: NoticeClause = NoticeClause::reading("适用期外：按最近一份通知作答");

impl Rulebook {
    /// The year the notice was published, as answers name it ("the 2025 notice").
    pub fn year(&self) -> i32 {
        use chrono::Datelike;
        self.published.year()
    }

    /// The notice this rulebook holds the values of.
    pub fn source(&self) -> Source {
        Source::Notice {
            year: self.year(),
            number: self.notice,
        }
    }

    /// A rule's clause, cited from this rulebook's notice.
    pub fn cite(&self, clause: NoticeClause) -> Citation {
        clause.of(self.source())
    }

    /// The words of a clause of this rulebook's notice.
    pub fn clause_text(&self, clause: &str) -> Option<&'static str> {
        self.clauses
            .iter()
            .find(|(number, _)| *number == clause)
            .map(|(_, text)| *text)
    }

    /// Whether `d` is a day this rulebook speaks for.
    pub fn speaks_for(&self, d: NaiveDate) -> bool {
        self.applies_from <= d && d <= self.valid_until
    }

    /// The visible label of an answer for a date outside the rulebook, or `None` inside it.
    pub fn currency_note(&self, d: NaiveDate) -> Option<Reason> {
        if self.speaks_for(d) {
            return None;
        }
        let (zh, en) = if d > self.valid_until {
            (
                format!(
                    "此答案依据{}（适用至{}）；{d}已超出其适用期，新通知可能有所不同，请以协会官网 {} 为准。",
                    self.notice, self.valid_until, self.association_site
                ),
                format!(
                    "This answer follows the {} notice {} (in force until {}); {d} is after it, and a newer notice may differ: check the association's site {}.",
                    self.year(),
                    self.notice,
                    self.valid_until,
                    self.association_site
                ),
            )
        } else {
            (
                format!(
                    "此答案依据{}（自{}起适用）；{d}早于其适用期，当时的通知可能有所不同。",
                    self.notice, self.applies_from
                ),
                format!(
                    "This answer follows the {} notice {} (in force from {}); {d} is before it, and the notice of that time may have differed.",
                    self.year(),
                    self.notice,
                    self.applies_from
                ),
            )
        };
        Some(Reason {
            code: "rulebook_out_of_date",
            citation: self.cite(OUT_OF_DATE),
            text: Bilingual::new(zh, en),
        })
    }
}

/// The newest notice's rulebook in the program's library ([`Library::installed`]): the
/// built-in notices, and in the app the books it accepted at run time.
pub fn current() -> &'static Rulebook {
    Library::installed().newest()
}

/// The rulebook that answers for `d` in the program's library: the notice in force on it
/// ([`Library::for_date`]).
pub fn for_date(d: NaiveDate) -> &'static Rulebook {
    Library::installed().for_date(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_of_a_book_cites_that_book_s_notice() {
        for book in NOTICES {
            let own = book.source();
            let cited = book
                .fees
                .iter()
                .map(|f| f.citation)
                .chain(book.retake_validity_years.iter().map(|v| v.citation))
                .chain([book.bank_account.citation])
                .chain(book.service.phones.iter().map(|p| p.citation));
            for citation in cited {
                assert_eq!(citation.source, own, "{}: {:?}", book.version, citation);
            }
        }
    }

    /// Periods of one kind must neither overlap nor leave a gap between the first and the last.
    fn assert_contiguous<T>(what: &str, periods: &[Dated<T>]) {
        assert!(!periods.is_empty(), "{what}: no periods");
        for p in periods {
            assert!(p.from <= p.until, "{what}: a period ends before it starts");
        }
        for pair in periods.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert!(
                a.until < b.from,
                "{what}: periods overlap ({} / {})",
                a.until,
                b.from
            );
            assert_eq!(
                a.until.succ_opt(),
                Some(b.from),
                "{what}: a gap after {}",
                a.until
            );
        }
    }

    #[test]
    fn dated_values_cover_the_rulebook_without_overlap_or_gap() {
        let book = current();
        assert_contiguous("fees", book.fees);
        assert_contiguous("retake validity", book.retake_validity_years);
        for (what, first, last) in [
            (
                "fees",
                book.fees.first().map(|p| p.from),
                book.fees.last().map(|p| p.until),
            ),
            (
                "retake validity",
                book.retake_validity_years.first().map(|p| p.from),
                book.retake_validity_years.last().map(|p| p.until),
            ),
            (
                "bank",
                Some(book.bank_account.from),
                Some(book.bank_account.until),
            ),
        ] {
            assert_eq!(
                first,
                Some(book.applies_from),
                "{what} starts with the first application day"
            );
            assert_eq!(
                last,
                Some(book.valid_until),
                "{what} lasts as long as the rulebook"
            );
        }
    }

    /// Two January periods of a test value: 1–10 and `second_from`–20.
    fn two_periods(second_from: u32) -> [Dated<u32>; 2] {
        use crate::dates::date;
        let c = Citation::quoted(Source::NOTICE_2025, "test");
        let period = |from, until, value| Dated {
            from: date(2025, 1, from),
            until: date(2025, 1, until),
            value,
            citation: c,
        };
        [period(1, 10, 1), period(second_from, 20, 2)]
    }

    #[test]
    fn the_contiguity_check_catches_overlaps_and_gaps() {
        assert_contiguous("adjacent", &two_periods(11));
        let gap = two_periods(12);
        assert!(std::panic::catch_unwind(|| assert_contiguous("gap", &gap)).is_err());
        let overlap = two_periods(10);
        assert!(std::panic::catch_unwind(|| assert_contiguous("overlap", &overlap)).is_err());
    }

    #[test]
    fn outside_its_dates_the_nearest_value_is_used_and_labelled() {
        let book = current();
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        assert!(book.currency_note(d("2025-05-16")).is_none());
        assert!(book.currency_note(d("2026-01-31")).is_none());
        let after = book.currency_note(d("2026-02-01")).expect("a label");
        assert!(
            after.text.zh.contains("新通知可能有所不同"),
            "{}",
            after.text.zh
        );
        assert!(book.currency_note(d("2025-05-15")).is_some());
        assert_eq!(
            in_force_or_nearest(book.fees, d("2030-01-01")).map(|f| f.value.theory),
            Some(153)
        );
        assert_eq!(
            in_force_or_nearest(book.fees, d("2000-01-01")).map(|f| f.value.theory),
            Some(153)
        );
    }

    #[test]
    fn the_rulebook_ends_with_its_last_evaluation_month() {
        let book = current();
        let last = book.sessions.last().expect("sessions");
        assert_eq!(last.evaluation_month_end(), book.valid_until);
    }
}
