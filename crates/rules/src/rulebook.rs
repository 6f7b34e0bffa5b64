//! The rulebook: every value the notice fixes — fees, sessions, validity years, the service
//! window, phone numbers, bank details — as data with the dates it holds for and its clause.
//! A corrected or new notice changes this file and nothing else.

use crate::citation::{Citation, Reason, Source};
use crate::dates::date;
use crate::fees::FeeTable;
use crate::level::Level;
use crate::sessions::Session;
use chrono::NaiveDate;

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
pub struct BankAccount {
    pub account_name: &'static str,
    pub account_number: &'static str,
    pub bank: &'static str,
}

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
}

const NOTICE_DATE: NaiveDate = date(2025, 5, 21);
const FIRST_APPLICATION_DAY: NaiveDate = date(2025, 5, 16);
const VALID_UNTIL: NaiveDate = date(2026, 1, 31);

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

pub static RULEBOOK_2025: Rulebook = Rulebook {
    version: "2025.1",
    notice: "沪企保协〔2025〕17号",
    published: NOTICE_DATE,
    applies_from: FIRST_APPLICATION_DAY,
    valid_until: VALID_UNTIL,
    fees: &[Dated {
        from: FIRST_APPLICATION_DAY,
        until: VALID_UNTIL,
        value: FeeTable {
            theory: 153,
            skills_level_three: 883,
            skills_levels_two_one: 540,
            review_levels_two_one: 675,
        },
        citation: Citation::quoted(Source::Notice2025, "二（四）考核费（补考费）表"),
    }],
    bank_account: Dated {
        from: FIRST_APPLICATION_DAY,
        until: VALID_UNTIL,
        value: BankAccount {
            account_name: "上海市企事业单位治安保卫协会",
            account_number: "03005062038",
            bank: "上海银行杨浦支行营业部",
        },
        citation: Citation::quoted(Source::Notice2025, "二（四）"),
    },
    sessions: &crate::sessions::SESSIONS_2025,
    retake_validity_years: &[Dated {
        from: FIRST_APPLICATION_DAY,
        until: VALID_UNTIL,
        value: ValidityYears {
            level_three: 2,
            levels_two_one: 3,
        },
        citation: Citation::quoted(Source::Notice2025, "四（一）"),
    }],
};

/// The label of an answer given for a date this rulebook does not speak for
/// (interpretations.md 12): still answered from the last known notice, never silently.
pub const OUT_OF_DATE_CITATION: Citation =
    Citation::interpretation(Source::Notice2025, "适用期外：按最近一份通知作答");

/// The association's notices, where a newer schedule or notice appears (六（五）2).
pub const ASSOCIATION_SITE: &str = "http://www.shqbxh.com/page/page_6_21_1.html";

impl Rulebook {
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
                    self.notice, self.valid_until, ASSOCIATION_SITE
                ),
                format!(
                    "This answer follows the 2025 notice {} (in force until {}); {d} is after it, and a newer notice may differ: check the association's site {}.",
                    self.notice, self.valid_until, ASSOCIATION_SITE
                ),
            )
        } else {
            (
                format!(
                    "此答案依据{}（自{}起适用）；{d}早于其适用期，当时的通知可能有所不同。",
                    self.notice, self.applies_from
                ),
                format!(
                    "This answer follows the 2025 notice {} (in force from {}); {d} is before it, and the notice of that time may have differed.",
                    self.notice, self.applies_from
                ),
            )
        };
        Some(Reason {
            code: "rulebook_out_of_date",
            citation: OUT_OF_DATE_CITATION,
            zh,
            en,
        })
    }
}

/// The rulebook the app and the server answer with.
pub fn current() -> &'static Rulebook {
    &RULEBOOK_2025
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let c = Citation::quoted(Source::Notice2025, "test");
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
        assert!(after.zh.contains("新通知可能有所不同"), "{}", after.zh);
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
