//! How the notice's durations are counted: 年满N周岁, 满N年 from a date, and 累计满N年 over
//! several periods (interpretations.md 2–4). One policy, used by every rule.

use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveDateTime};

/// The dates every rule accepts; outside it an answer is refused, never guessed.
pub fn supported_range() -> (NaiveDate, NaiveDate) {
    (date(1900, 1, 1), date(2199, 12, 31))
}

pub fn is_supported(d: NaiveDate) -> bool {
    let (first, last) = supported_range();
    first <= d && d <= last
}

/// Shanghai wall-clock time for a moment given in milliseconds since the Unix epoch: the notice's
/// dates and hours are Shanghai's, which is UTC+8 all year (no daylight saving). The caller reads
/// the clock; this only converts. `None` beyond the dates chrono can hold.
pub fn shanghai_time(unix_millis: i64) -> Option<NaiveDateTime> {
    const UTC_PLUS_8_MS: i64 = 8 * 60 * 60 * 1000;
    DateTime::from_timestamp_millis(unix_millis.checked_add(UTC_PLUS_8_MS)?).map(|t| t.naive_utc())
}

/// A date known to be valid, for constants (the rulebook's tables, a field's example): an
/// impossible one stops the build, since it is evaluated at compile time there.
#[allow(
    clippy::panic,
    reason = "evaluated at compile time for constants: an impossible date stops the build"
)]
pub const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => panic!("the rulebook holds an impossible date"),
    }
}

/// The day on which N full years from `start` are complete (满N年, interpretations.md 3): the
/// N-th anniversary, by the Civil Code's rules for periods (《民法典》第二百零一、二百零二条) —
/// the corresponding day, or, where that month has none (29 February in a common year), the
/// month's last day, 28 February. `None` beyond the dates chrono can represent.
pub fn anniversary(start: NaiveDate, years: u32) -> Option<NaiveDate> {
    corresponding_day(start, years)
}

/// The day a person born on `birth` reaches `age` 周岁: the birthday itself (interpretations.md
/// 2). For a birthday on 29 February, in a common year that is **1 March**: only then has the
/// birthday (which does not exist that year) certainly passed, so the app never says "old
/// enough" a day too early. Reading 2 is about age, not periods: reading 3's 28 February does
/// not apply to it.
pub fn reaches_age(birth: NaiveDate, age: u32) -> Option<NaiveDate> {
    let year = birth.year().checked_add(i32::try_from(age).ok()?)?;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
}

/// The last day of a period of `years` years that starts on `start`, by the Civil Code's rules
/// (《民法典》第二百零一、二百零二条): the corresponding day `years` later; where that month has
/// no corresponding day (29 February in a common year), the last day of the month.
/// `None` beyond the dates chrono can represent.
pub fn corresponding_day(start: NaiveDate, years: u32) -> Option<NaiveDate> {
    start.checked_add_months(Months::new(years.checked_mul(12)?))
}

/// A period of work, both ends included; `until: None` means it goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Period {
    #[serde(deserialize_with = "strict::date")]
    pub from: NaiveDate,
    #[serde(default, deserialize_with = "strict::optional_date")]
    pub until: Option<NaiveDate>,
}

/// Whole days of work inside `[not_before, on]`, counting a day once even where periods overlap.
pub fn days_worked(periods: &[Period], not_before: Option<NaiveDate>, on: NaiveDate) -> u32 {
    let total: i64 = worked_spans(periods, not_before, on)
        .iter()
        .map(|(from, until)| (*until - *from).num_days() + 1)
        .sum();
    u32::try_from(total).unwrap_or(u32::MAX)
}

/// The days worked inside `[not_before, on]` as disjoint spans in date order, both ends
/// included: overlapping and adjacent periods merged.
fn worked_spans(
    periods: &[Period],
    not_before: Option<NaiveDate>,
    on: NaiveDate,
) -> Vec<(NaiveDate, NaiveDate)> {
    // Put in order as they come: a person lists a handful of periods, and a sort of its own
    // costs the app's first visit about 1.5 KB.
    let mut spans: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(periods.len());
    for p in periods {
        let from = match not_before {
            Some(nb) if nb > p.from => nb,
            _ => p.from,
        };
        let until = p.until.map_or(on, |u| u.min(on));
        if from <= until {
            let at = spans.partition_point(|s| *s <= (from, until));
            spans.insert(at, (from, until));
        }
    }
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(spans.len());
    for (from, until) in spans {
        match merged.last_mut() {
            Some((_, cu)) if from <= cu.succ_opt().unwrap_or(*cu) => *cu = (*cu).max(until),
            _ => merged.push((from, until)),
        }
    }
    merged
}

/// The first day on which the work in `periods` (counted from `not_before`, if given) makes
/// `years` years (interpretations.md 3). The periods are laid end to end from the first day
/// counted, S; each day is counted once however many periods cover it. N years are complete
/// on the day when the days worked *before* it equal the days from S to its N-th anniversary:
/// for one unbroken period that is exactly the anniversary, never a day earlier. An open-ended
/// period is assumed to go on; closed periods that fall short mean time alone will not do it.
pub fn cumulative_years_reached(
    periods: &[Period],
    not_before: Option<NaiveDate>,
    years: u32,
) -> Option<NaiveDate> {
    let (_, last_supported) = supported_range();
    let first_counted = periods
        .iter()
        .map(|p| match not_before {
            Some(nb) if nb > p.from => nb,
            _ => p.from,
        })
        .min()?;
    let needed = i64::from(
        u32::try_from((anniversary(first_counted, years)? - first_counted).num_days()).ok()?,
    );
    if needed == 0 {
        return Some(first_counted);
    }
    // Walk the days worked in order until the needed ones are counted: the years are complete
    // on the day after the last of them.
    let mut before = 0i64;
    for (from, until) in worked_spans(periods, not_before, last_supported) {
        let len = (until - from).num_days() + 1;
        if before + len >= needed {
            let last_day =
                from.checked_add_days(chrono::Days::new(u64::try_from(needed - before - 1).ok()?))?;
            return last_day.succ_opt();
        }
        before += len;
    }
    None
}

/// "HH:MM", written without chrono's strftime machinery (see [`strict::number`]).
pub fn hh_mm(t: chrono::NaiveTime) -> String {
    use chrono::Timelike;
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "YYYY-MM-DD HH:MM".
pub fn date_hh_mm(t: NaiveDateTime) -> String {
    format!("{} {}", t.date(), hh_mm(t.time()))
}

/// Whole years and months from `from` to `to` (for "还差1年3个月"); zero if `to` is not later.
pub fn years_and_months_between(from: NaiveDate, to: NaiveDate) -> (u32, u32) {
    if to <= from {
        return (0, 0);
    }
    let mut months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if from
        .checked_add_months(Months::new(months.max(0) as u32))
        .is_none_or(|d| d < to)
    {
        // Part of a month remains: round up, so "还差" never understates the wait.
        months += 1;
    }
    let months = months.max(0) as u32;
    (months / 12, months % 12)
}

pub mod strict;
pub mod typed;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a test date")
    }

    #[test]
    fn a_period_from_29_february_ends_on_28_february_and_an_age_on_1_march() {
        assert_eq!(anniversary(d("2010-09-01"), 16), Some(d("2026-09-01")));
        assert_eq!(anniversary(d("2008-02-29"), 16), Some(d("2024-02-29")));
        // Reading 3 (revised): the month's last day, by the Civil Code.
        assert_eq!(anniversary(d("2008-02-29"), 17), Some(d("2025-02-28")));
        // Reading 2: an age is reached once the birthday has certainly passed.
        assert_eq!(reaches_age(d("2008-02-29"), 17), Some(d("2025-03-01")));
        assert_eq!(reaches_age(d("2008-02-29"), 16), Some(d("2024-02-29")));
        assert_eq!(reaches_age(d("2009-02-28"), 16), Some(d("2025-02-28")));
    }

    #[test]
    fn shanghai_is_eight_hours_ahead_of_utc() {
        // 2025-06-05T16:30:00Z is Friday 00:30 in Shanghai.
        let t = shanghai_time(1_749_141_000_000).expect("in range");
        assert_eq!(t.to_string(), "2025-06-06 00:30:00");
        assert_eq!(shanghai_time(i64::MAX), None);
    }

    #[test]
    fn a_period_ends_on_the_corresponding_day_or_the_end_of_the_month() {
        assert_eq!(corresponding_day(d("2025-07-12"), 2), Some(d("2027-07-12")));
        assert_eq!(corresponding_day(d("2024-02-29"), 2), Some(d("2026-02-28")));
        assert_eq!(corresponding_day(d("2024-02-29"), 4), Some(d("2028-02-29")));
    }

    #[test]
    fn strict_dates_refuse_what_chrono_would_guess() {
        assert_eq!(strict::parse_date("2025-06-01"), Ok(d("2025-06-01")));
        for bad in [
            "2025-6-1",
            "2025-02-30",
            "20250601",
            " 2025-06-01",
            "2025-06-01x",
            "２０２５-06-01",
        ] {
            assert_eq!(
                strict::parse_date(bad),
                Err(strict::DateInputError::BadDate),
                "{bad}"
            );
        }
        assert_eq!(
            strict::parse_date("1899-12-31"),
            Err(strict::DateInputError::OutOfRange)
        );
        assert_eq!(
            strict::parse_date("2200-01-01"),
            Err(strict::DateInputError::OutOfRange)
        );
        assert!(strict::parse_date_time("2025-06-06T10:00").is_ok());
        assert!(strict::parse_date_time("2025-06-06T10:00:00").is_ok());
        assert!(strict::parse_date_time("2025-06-06T10:00:00.5").is_err());
        assert!(strict::parse_date_time("2025-06-06 10:00").is_err());
        assert!(strict::parse_date_time("2025-06-06T24:00").is_err());
        assert_eq!(
            strict::parse_date_time("2025-06-06T09:05:07").map(date_hh_mm),
            Ok("2025-06-06 09:05".to_string())
        );
    }

    #[test]
    fn overlapping_periods_count_each_day_once() {
        let periods = [
            Period {
                from: d("2020-01-01"),
                until: Some(d("2020-12-31")),
            },
            Period {
                from: d("2020-07-01"),
                until: Some(d("2021-06-30")),
            },
        ];
        assert_eq!(days_worked(&periods, None, d("2030-01-01")), 366 + 181);
        // Adjacent periods join without a gap.
        let adjacent = [
            Period {
                from: d("2021-01-01"),
                until: Some(d("2021-01-10")),
            },
            Period {
                from: d("2021-01-11"),
                until: Some(d("2021-01-20")),
            },
        ];
        assert_eq!(days_worked(&adjacent, None, d("2030-01-01")), 20);
    }

    #[test]
    fn work_before_a_certificate_does_not_count_after_it() {
        let periods = [Period {
            from: d("2015-01-01"),
            until: None,
        }];
        assert_eq!(
            days_worked(&periods, Some(d("2020-01-01")), d("2020-01-10")),
            10
        );
    }

    #[test]
    fn the_day_cumulative_work_is_reached() {
        let periods = [
            Period {
                from: d("2018-01-01"),
                until: Some(d("2018-12-31")),
            },
            Period {
                from: d("2020-03-01"),
                until: None,
            },
        ];
        // Two years from 2018-01-01 are 730 days: 365 in 2018, then 365 more from 2020-03-01,
        // the last of them 2021-02-28; the two years are complete the day after.
        assert_eq!(
            cumulative_years_reached(&periods, None, 2),
            Some(d("2021-03-01"))
        );
        assert_eq!(days_worked(&periods, None, d("2021-02-28")), 730);
        // One unbroken period: exactly the anniversary, 29 February included.
        let one = |from: &str| {
            [Period {
                from: d(from),
                until: None,
            }]
        };
        assert_eq!(
            cumulative_years_reached(&one("2015-09-01"), None, 10),
            Some(d("2025-09-01"))
        );
        assert_eq!(
            cumulative_years_reached(&one("2020-02-29"), None, 1),
            Some(d("2021-02-28"))
        );
        assert_eq!(
            cumulative_years_reached(&one("2020-02-29"), None, 4),
            Some(d("2024-02-29"))
        );
        // A closed period that ends the day before the anniversary is a full year.
        let year = [Period {
            from: d("2024-03-01"),
            until: Some(d("2025-02-28")),
        }];
        assert_eq!(
            cumulative_years_reached(&year, None, 1),
            Some(d("2025-03-01"))
        );
        let closed = [Period {
            from: d("2018-01-01"),
            until: Some(d("2018-12-31")),
        }];
        assert_eq!(cumulative_years_reached(&closed, None, 2), None);
        assert_eq!(cumulative_years_reached(&[], None, 1), None);
    }

    #[test]
    fn waits_are_rounded_up_to_whole_months() {
        assert_eq!(
            years_and_months_between(d("2025-06-01"), d("2026-09-01")),
            (1, 3)
        );
        assert_eq!(
            years_and_months_between(d("2025-06-01"), d("2026-09-02")),
            (1, 4)
        );
        assert_eq!(
            years_and_months_between(d("2025-06-01"), d("2025-06-01")),
            (0, 0)
        );
    }
}
