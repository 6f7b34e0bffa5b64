//! Working days in mainland China: Monday to Friday, less the statutory days off, plus the
//! weekend make-up working days (调休上班), per the State Council's schedule for each year
//! (../shared/reference/holidays-cn.md), one data file per year in `crates/rulebook/books/`,
//! and the years published later (`install`). A year whose schedule is not published is
//! estimated, and every answer says so.

use crate::citation::{Citation, Source};
use crate::dates::date;
use chrono::{Datelike, NaiveDate, Weekday};
use std::sync::OnceLock;

/// One year's published schedule.
pub struct YearSchedule {
    pub year: i32,
    /// The document that published it.
    pub document: &'static str,
    /// Days off, as inclusive (first, last) ranges.
    pub days_off: &'static [(NaiveDate, NaiveDate)],
    /// Saturdays and Sundays that are working days.
    pub make_up_working_days: &'static [NaiveDate],
}

// Every year's schedule, written by `build.rs` from `crates/rulebook/books/holidays-*.toml`.
include!(concat!(env!("OUT_DIR"), "/holidays.rs"));

/// For a year with no published schedule: the fixed-date holidays as a floor
/// (元旦 01-01, 劳动节 05-01…05-03, 国庆节 10-01…10-07), as (month, first day, last day).
const ESTIMATED_DAYS_OFF: [(u32, u32, u32); 3] = [(1, 1, 1), (5, 1, 3), (10, 1, 7)];

/// What kind of day a date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    WorkingDay,
    Weekend,
    /// A statutory day off (法定节假日 and the days joined to it).
    DayOff,
    /// A Saturday or Sunday worked in exchange for a day off (调休上班).
    MakeUpWorkingDay,
}

impl DayKind {
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::WorkingDay | DayKind::MakeUpWorkingDay)
    }
}

/// A day's kind, and whether it comes from a published schedule or an estimate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day {
    pub kind: DayKind,
    pub estimated: bool,
}

/// The years published at run time (kept by the app's book reader, or a server's
/// `--rulebooks`), set once at start.
static PUBLISHED: OnceLock<Vec<&'static YearSchedule>> = OnceLock::new();

/// Adds the published years to every count of working days of the program: once, at start,
/// before the first answer (a second call changes nothing). A built-in year stays as built.
pub fn install(published: Vec<&'static YearSchedule>) {
    let _ = PUBLISHED.set(published);
}

pub fn schedule_for(year: i32) -> Option<&'static YearSchedule> {
    SCHEDULES
        .iter()
        .find(|s| s.year == year)
        .or_else(|| PUBLISHED.get()?.iter().copied().find(|s| s.year == year))
}

/// The citation for the working-day calendar of `year`.
pub fn citation_for(year: i32) -> Citation {
    match schedule_for(year) {
        Some(s) => Citation::quoted(Source::HolidaySchedule, s.document),
        None => Citation::interpretation(
            Source::HolidaySchedule,
            "未公布年份：按周末及固定日期节日估算",
        ),
    }
}

pub fn day(d: NaiveDate) -> Day {
    let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    match schedule_for(d.year()) {
        Some(s) => {
            let kind = if s.days_off.iter().any(|(a, b)| *a <= d && d <= *b) {
                DayKind::DayOff
            } else if s.make_up_working_days.contains(&d) {
                DayKind::MakeUpWorkingDay
            } else if weekend {
                DayKind::Weekend
            } else {
                DayKind::WorkingDay
            };
            Day {
                kind,
                estimated: false,
            }
        }
        None => {
            let off = ESTIMATED_DAYS_OFF
                .iter()
                .any(|&(m, first, last)| d.month() == m && (first..=last).contains(&d.day()));
            let kind = if off {
                DayKind::DayOff
            } else if weekend {
                DayKind::Weekend
            } else {
                DayKind::WorkingDay
            };
            Day {
                kind,
                estimated: true,
            }
        }
    }
}

/// The `n`-th working day after `start` (not counting `start` itself), and whether any day
/// counted came from an estimated year. `None` past the dates chrono can hold.
pub fn working_days_after(start: NaiveDate, n: u32) -> Option<(NaiveDate, bool)> {
    let mut d = start;
    let mut counted = 0;
    let mut estimated = false;
    while counted < n {
        d = d.succ_opt()?;
        let info = day(d);
        if info.kind.is_working() {
            counted += 1;
            estimated |= info.estimated;
        }
    }
    Some((d, estimated))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a test date")
    }

    #[test]
    fn published_days_off_and_make_up_days_are_applied() {
        assert_eq!(day(d("2025-10-08")).kind, DayKind::DayOff);
        assert_eq!(day(d("2025-10-11")).kind, DayKind::MakeUpWorkingDay);
        assert_eq!(day(d("2025-10-12")).kind, DayKind::Weekend);
        assert_eq!(day(d("2025-10-09")).kind, DayKind::WorkingDay);
        assert_eq!(day(d("2026-02-23")).kind, DayKind::DayOff);
        assert_eq!(day(d("2026-01-04")).kind, DayKind::MakeUpWorkingDay);
        assert!(!day(d("2026-01-04")).estimated);
    }

    #[test]
    fn an_unpublished_year_is_estimated_with_the_fixed_holidays() {
        let national_day = day(d("2027-10-04"));
        assert_eq!(national_day.kind, DayKind::DayOff);
        assert!(national_day.estimated);
        assert_eq!(day(d("2027-10-08")).kind, DayKind::WorkingDay);
    }

    #[test]
    fn tables_are_in_their_year_and_make_up_days_are_weekends() {
        for s in &SCHEDULES {
            for (a, b) in s.days_off {
                assert!(a <= b && a.year() == s.year && b.year() == s.year);
            }
            for m in s.make_up_working_days {
                assert_eq!(m.year(), s.year);
                assert!(matches!(m.weekday(), Weekday::Sat | Weekday::Sun), "{m}");
            }
        }
    }

    #[test]
    fn counting_working_days_skips_the_national_day_week() {
        // 2025-09-30 (Tue): the days off run 10-01…10-08, 10-11 (Sat) is worked.
        assert_eq!(
            working_days_after(d("2025-09-30"), 1),
            Some((d("2025-10-09"), false))
        );
        assert_eq!(
            working_days_after(d("2025-09-30"), 3),
            Some((d("2025-10-11"), false))
        );
        // Across into an unpublished year the answer is flagged.
        let (_, estimated) = working_days_after(d("2026-12-20"), 20).expect("a date");
        assert!(estimated);
    }
}
