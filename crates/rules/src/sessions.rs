//! The evaluation sessions of 二（三）: when to apply, when to pay, the month of evaluation and
//! the levels offered; and the admission ticket one week before the evaluation (二（五）).

use crate::citation::{Citation, Reason, Source};
use crate::dates::date;
use crate::level::Level;
use crate::rulebook::Rulebook;
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

/// One row of the schedule table in 二（三）.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Session {
    pub apply_from: NaiveDate,
    pub apply_until: NaiveDate,
    pub pay_from: NaiveDate,
    pub pay_until: NaiveDate,
    /// The evaluation month: the day is not known until the admission ticket (interpretations.md 8).
    pub evaluation_year: i32,
    pub evaluation_month: u32,
    pub levels: &'static [Level],
}

const ALL: &[Level] = &[Level::Three, Level::Two, Level::One];
const THREE_ONLY: &[Level] = &[Level::Three];

const fn row(
    apply: (u32, u32, u32, u32),
    pay: (u32, u32, u32, u32),
    evaluation: (i32, u32),
    levels: &'static [Level],
) -> Session {
    Session {
        apply_from: date(2025, apply.0, apply.1),
        apply_until: date(2025, apply.2, apply.3),
        pay_from: date(2025, pay.0, pay.1),
        pay_until: date(2025, pay.2, pay.3),
        evaluation_year: evaluation.0,
        evaluation_month: evaluation.1,
        levels,
    }
}

/// The table as printed, including the 4th row's payment start of 08-20 (interpretations.md 8)
/// and 「明年1月」 as January 2026.
pub static SESSIONS_2025: [Session; 7] = [
    row((5, 16, 6, 15), (5, 21, 6, 20), (2025, 7), ALL),
    row((6, 16, 7, 15), (6, 21, 7, 20), (2025, 8), ALL),
    row((7, 16, 8, 15), (7, 21, 8, 20), (2025, 9), ALL),
    row((8, 16, 9, 15), (8, 20, 9, 20), (2025, 10), THREE_ONLY),
    row((9, 16, 10, 15), (9, 21, 10, 20), (2025, 11), ALL),
    row((10, 16, 11, 15), (10, 21, 11, 20), (2025, 12), THREE_ONLY),
    row((11, 16, 12, 31), (11, 21, 12, 31), (2026, 1), THREE_ONLY),
];

pub const SCHEDULE_CITATION: Citation = Citation::quoted(Source::Notice2025, "二（三）");
pub const TICKET_CITATION: Citation = Citation::quoted(Source::Notice2025, "二（五）");

impl Session {
    pub fn evaluation_month_start(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.evaluation_year, self.evaluation_month, 1)
            .unwrap_or(self.pay_until)
    }

    pub fn evaluation_month_end(&self) -> NaiveDate {
        self.evaluation_month_start()
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(self.pay_until)
    }

    pub fn offers(&self, level: Level) -> bool {
        self.levels.contains(&level)
    }

    pub fn applications_open_on(&self, d: NaiveDate) -> bool {
        self.apply_from <= d && d <= self.apply_until
    }

    pub fn payment_open_on(&self, d: NaiveDate) -> bool {
        self.pay_from <= d && d <= self.pay_until
    }

    /// The earliest day the admission ticket can appear: one week before the first possible
    /// evaluation day, the 1st of the month (interpretations.md 9).
    pub fn earliest_ticket_date(&self) -> NaiveDate {
        ticket_date(self.evaluation_month_start())
    }

    /// The same session a whole number of years later: how a projection is made.
    fn shifted_by_years(&self, years: u32) -> Option<Session> {
        let shift = |d: NaiveDate| d.checked_add_months(Months::new(12 * years));
        Some(Session {
            apply_from: shift(self.apply_from)?,
            apply_until: shift(self.apply_until)?,
            pay_from: shift(self.pay_from)?,
            pay_until: shift(self.pay_until)?,
            evaluation_year: self.evaluation_year + i32::try_from(years).ok()?,
            evaluation_month: self.evaluation_month,
            levels: self.levels,
        })
    }
}

/// 「考核日期前一周」: the admission ticket is downloadable 7 days before the evaluation date.
pub fn ticket_date(evaluation: NaiveDate) -> NaiveDate {
    evaluation
        .checked_sub_days(Days::new(7))
        .unwrap_or(evaluation)
}

/// What a session is doing on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    /// Applications not yet open.
    Upcoming,
    /// Applications open (payment may be too).
    ApplicationsOpen,
    /// Applications closed, payment still open.
    PaymentOnly,
    /// Both closed.
    Closed,
}

pub fn window_on(session: &Session, d: NaiveDate) -> Window {
    if d < session.apply_from {
        Window::Upcoming
    } else if session.applications_open_on(d) {
        Window::ApplicationsOpen
    } else if session.payment_open_on(d) {
        Window::PaymentOnly
    } else {
        Window::Closed
    }
}

/// The next session a candidate can still apply for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NextSession {
    /// From the rulebook's own table.
    Official { session: Session, window: Window },
    /// No official schedule is known for that time; this repeats the 2025 pattern and is only
    /// a guess, to be checked against the association's site (interpretations.md 12).
    Projected { session: Session, window: Window },
}

impl NextSession {
    pub fn session(&self) -> &Session {
        match self {
            NextSession::Official { session, .. } | NextSession::Projected { session, .. } => {
                session
            }
        }
    }

    /// "三级下一期：2025年10月评价；申报2025-08-16至2025-09-15……"
    pub fn reason(&self, level: Level) -> Reason {
        let s = self.session();
        let mut zh = format!(
            "{}下一期：{}评价；申报{}至{}，缴费{}至{}；准考证于考核日期前一周下载，最早{}。",
            level.title_zh(),
            month_label_zh(s),
            s.apply_from,
            s.apply_until,
            s.pay_from,
            s.pay_until,
            s.earliest_ticket_date()
        );
        let mut en = format!(
            "{}: next session evaluated in {}; apply {} to {}, pay {} to {}; the admission ticket comes a week before the evaluation day, {} at the earliest.",
            level.title_en(),
            month_label_en(s),
            s.apply_from,
            s.apply_until,
            s.pay_from,
            s.pay_until,
            s.earliest_ticket_date()
        );
        let (code, citation) = match self {
            NextSession::Official { .. } => ("next_session", SCHEDULE_CITATION),
            NextSession::Projected { .. } => {
                zh = format!("官方日程已结束，以下仅按2025年安排推测，请以协会官网通知为准。{zh}");
                en = format!(
                    "The official schedule has ended; this is only projected from the 2025 pattern, so check the association's site. {en}"
                );
                (
                    "projected_session",
                    Citation::interpretation(
                        Source::Notice2025,
                        "二（三）：日程结束后按2025年规律推测",
                    ),
                )
            }
        };
        Reason {
            code,
            citation,
            zh,
            en,
        }
    }
}

/// The first session offering `level` whose application window has not closed on `d`.
pub fn next_session(book: &Rulebook, level: Level, d: NaiveDate) -> Option<NextSession> {
    let open = |s: &Session| s.offers(level) && d <= s.apply_until;
    if let Some(s) = book.sessions.iter().find(|s| open(s)) {
        return Some(NextSession::Official {
            session: *s,
            window: window_on(s, d),
        });
    }
    // Past the table: repeat it a year at a time, up to a few years ahead.
    (1..=5u32).find_map(|years| {
        book.sessions
            .iter()
            .filter_map(|s| s.shifted_by_years(years))
            .find(|s| open(s))
            .map(|session| NextSession::Projected {
                window: window_on(&session, d),
                session,
            })
    })
}

/// The sessions whose application or payment window is open on `d`.
pub fn open_on(book: &Rulebook, d: NaiveDate) -> Vec<(Session, Window)> {
    book.sessions
        .iter()
        .map(|s| (*s, window_on(s, d)))
        .filter(|(_, w)| matches!(w, Window::ApplicationsOpen | Window::PaymentOnly))
        .collect()
}

/// Whether `d` is past everything the rulebook's schedule covers.
pub fn schedule_ended(book: &Rulebook, d: NaiveDate) -> bool {
    book.sessions
        .iter()
        .all(|s| d > s.apply_until && d > s.pay_until)
}

/// Month names for display, e.g. "2026年1月" / "January 2026".
pub fn month_label_zh(s: &Session) -> String {
    format!("{}年{}月", s.evaluation_year, s.evaluation_month)
}

pub fn month_label_en(s: &Session) -> String {
    let start = s.evaluation_month_start();
    format!("{} {}", start.format("%B"), start.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::current;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a test date")
    }

    #[test]
    fn the_table_is_in_order_and_windows_are_well_formed() {
        for s in &SESSIONS_2025 {
            assert!(s.apply_from <= s.apply_until && s.pay_from <= s.pay_until);
            assert!(s.apply_from <= s.pay_from && s.apply_until <= s.pay_until);
            assert!(s.pay_until < s.evaluation_month_start());
            assert!(s.offers(Level::Three));
        }
        for pair in SESSIONS_2025.windows(2) {
            assert_eq!(pair[0].apply_until.succ_opt(), Some(pair[1].apply_from));
        }
        assert_eq!(SESSIONS_2025[3].pay_from, d("2025-08-20"));
        assert_eq!(SESSIONS_2025[6].evaluation_month_start(), d("2026-01-01"));
    }

    #[test]
    fn the_next_session_for_a_level_skips_sessions_that_do_not_offer_it() {
        let book = current();
        // On 2025-08-20 applications are open for October, which is 三级 only.
        match next_session(book, Level::Two, d("2025-08-20")) {
            Some(NextSession::Official { session, window }) => {
                assert_eq!(
                    (session.evaluation_year, session.evaluation_month),
                    (2025, 11)
                );
                assert_eq!(window, Window::Upcoming);
            }
            other => panic!("unexpected {other:?}"),
        }
        match next_session(book, Level::Three, d("2025-08-20")) {
            Some(NextSession::Official { session, window }) => {
                assert_eq!(session.evaluation_month, 10);
                assert_eq!(window, Window::ApplicationsOpen);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn the_last_day_to_apply_is_included_and_the_next_day_moves_on() {
        let book = current();
        let month = |d: NaiveDate| match next_session(book, Level::Three, d) {
            Some(NextSession::Official { session, .. }) => session.evaluation_month,
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(month(d("2025-06-15")), 7);
        assert_eq!(month(d("2025-06-16")), 8);
    }

    #[test]
    fn after_the_table_only_a_labelled_projection_is_given() {
        let book = current();
        assert!(!schedule_ended(book, d("2025-12-31")));
        assert!(schedule_ended(book, d("2026-01-01")));
        match next_session(book, Level::Two, d("2026-03-01")) {
            Some(NextSession::Projected { session, window }) => {
                assert_eq!(session.apply_from, d("2026-05-16"));
                assert_eq!(
                    (session.evaluation_year, session.evaluation_month),
                    (2026, 7)
                );
                assert_eq!(window, Window::Upcoming);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn payment_can_stay_open_after_applications_close() {
        let book = current();
        let open = open_on(book, d("2025-06-18"));
        assert_eq!(open.len(), 2);
        assert_eq!(open[0].1, Window::PaymentOnly);
        assert_eq!(open[1].1, Window::ApplicationsOpen);
    }

    #[test]
    fn the_ticket_comes_a_week_before_the_evaluation() {
        assert_eq!(ticket_date(d("2025-07-12")), d("2025-07-05"));
        assert_eq!(SESSIONS_2025[6].earliest_ticket_date(), d("2025-12-25"));
        assert_eq!(month_label_zh(&SESSIONS_2025[6]), "2026年1月");
        assert_eq!(month_label_en(&SESSIONS_2025[6]), "January 2026");
    }
}
