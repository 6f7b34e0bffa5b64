//! The rulebook: every value the notice fixes — fees, sessions, validity years, the service
//! window, phone numbers, bank details — as data with the dates it holds for and its clause.
//! A corrected or new notice changes this file and nothing else.

use crate::citation::{Citation, Source};
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
    /// The last day this rulebook speaks for: the end of its last evaluation month.
    pub valid_until: NaiveDate,
    pub fees: &'static [Dated<FeeTable>],
    pub bank_account: Dated<BankAccount>,
    pub sessions: &'static [Session],
    /// Years scores stay valid for a retake, by level (四（一）).
    pub retake_validity_years: &'static [Dated<ValidityYears>],
}

const NOTICE_DATE: NaiveDate = date(2025, 5, 21);
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
    valid_until: VALID_UNTIL,
    fees: &[Dated {
        from: NOTICE_DATE,
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
        from: NOTICE_DATE,
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
        from: NOTICE_DATE,
        until: VALID_UNTIL,
        value: ValidityYears {
            level_three: 2,
            levels_two_one: 3,
        },
        citation: Citation::quoted(Source::Notice2025, "四（一）"),
    }],
};

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
            assert_eq!(first, Some(book.published), "{what} starts with the notice");
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
    fn the_rulebook_ends_with_its_last_evaluation_month() {
        let book = current();
        let last = book.sessions.last().expect("sessions");
        assert_eq!(last.evaluation_month_end(), book.valid_until);
    }
}
