//! The service window and the phone numbers (六). Times are Asia/Shanghai wall-clock times; the
//! caller converts, since this crate reads no clock.

use crate::calendar::{self, DayKind};
use crate::citation::{Citation, NoticeClause, Reason};
use crate::dates::{date_hh_mm, hh_mm};
use crate::rulebook::Rulebook;
use crate::text::Bilingual;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use serde::Serialize;

pub const ADDRESS: NoticeClause = NoticeClause::quoted("六（一）");
pub const HOURS: NoticeClause = NoticeClause::quoted("六（二）");
pub const FRIDAYS_ONLY: NoticeClause = NoticeClause::reading("六（二）：调休上班的周末不开放");

/// The service window's weekday as sentences name it: ("周五", "Friday", "Fridays").
pub fn weekday_names(book: &Rulebook) -> (&'static str, &'static str, &'static str) {
    match book.service.weekday {
        Weekday::Mon => ("周一", "Monday", "Mondays"),
        Weekday::Tue => ("周二", "Tuesday", "Tuesdays"),
        Weekday::Wed => ("周三", "Wednesday", "Wednesdays"),
        Weekday::Thu => ("周四", "Thursday", "Thursdays"),
        Weekday::Fri => ("周五", "Friday", "Fridays"),
        Weekday::Sat => ("周六", "Saturday", "Saturdays"),
        Weekday::Sun => ("周日", "Sunday", "Sundays"),
    }
}

/// The opening hours as a phrase, e.g. "每周五9:30-11:30、…" / "Fridays 9:30–11:30 and …".
pub fn hours_text(book: &Rulebook) -> (String, String) {
    let hm = |t: NaiveTime| format!("{}:{:02}", t.hour(), t.minute());
    let (zh_day, _, en_day) = weekday_names(book);
    let spans = |dash: &str| -> Vec<String> {
        book.service
            .hours
            .iter()
            .map(|(from, until)| format!("{}{dash}{}", hm(*from), hm(*until)))
            .collect()
    };
    let (zh, en) = (spans("-"), spans("–"));
    (
        format!("每{zh_day}{}", zh.join("、")),
        format!("{en_day} {}", en.join(" and ")),
    )
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WindowStatus {
    pub open_now: bool,
    /// When the current opening ends, if open.
    pub closes_at: Option<NaiveDateTime>,
    /// The next opening after `at` (after the current one, if open).
    pub next_opening: Option<NaiveDateTime>,
    /// True when a day involved comes from an unpublished year's estimated holidays.
    pub estimated: bool,
    /// True when the time asked about is outside the rulebook (after it, or before it applied):
    /// the hours are those of the 2025 notice (interpretations.md 12).
    pub hours_as_of_notice: bool,
    /// Whether that time is before the rulebook applied (the label then says so).
    #[serde(skip)]
    pub before_notice: bool,
    pub citations: Vec<Citation>,
}

impl WindowStatus {
    pub fn reasons(&self, book: &Rulebook) -> Vec<Reason> {
        let (hours_zh, hours_en) = hours_text(book);
        let next_zh = self
            .next_opening
            .map_or("两年内没有".to_string(), date_hh_mm);
        let next_en = self
            .next_opening
            .map_or("none within two years".to_string(), date_hh_mm);
        let mut reasons = vec![match self.closes_at {
            Some(closes) => Reason {
                code: "window_open",
                citation: book.cite(HOURS),
                text: Bilingual::new(
                    format!(
                        "业务窗口现在开放，{}关闭；下次开放：{next_zh}。",
                        hh_mm(closes.time())
                    ),
                    format!(
                        "The service window is open now and closes at {}; next opening: {next_en}.",
                        hh_mm(closes.time())
                    ),
                ),
            },
            None => Reason {
                code: "window_closed",
                citation: book.cite(HOURS),
                text: Bilingual::new(
                    format!(
                        "业务窗口现在不开放（{hours_zh}，法定节假日除外）；下次开放：{next_zh}。"
                    ),
                    format!(
                        "The service window is closed now ({hours_en}, except statutory holidays); next opening: {next_en}."
                    ),
                ),
            },
        }];
        if self.hours_as_of_notice {
            let (zh, en) = if self.before_notice {
                (
                    format!(
                        "开放时间按{}（自{}起适用）；所问时间早于其适用期，当时的安排可能不同。",
                        book.notice, book.applies_from
                    ),
                    format!(
                        "Opening hours as of notice {} (in force from {}); the time asked about is before it, and the arrangements then may have differed.",
                        book.notice, book.applies_from
                    ),
                )
            } else {
                (
                    format!(
                        "开放时间按{}（适用至{}）；该通知的适用期已过，请以协会最新通知为准。",
                        book.notice, book.valid_until
                    ),
                    format!(
                        "Opening hours as of notice {} (in force until {}), whose period has ended; check the association's latest notice.",
                        book.notice, book.valid_until
                    ),
                )
            };
            reasons.push(Reason {
                code: "hours_as_of_notice",
                citation: book.cite(crate::rulebook::OUT_OF_DATE),
                text: Bilingual::new(zh, en),
            });
        }
        if self.estimated {
            reasons.push(Reason {
                code: "estimated_calendar",
                citation: book.cite(FRIDAYS_ONLY),
                text: Bilingual::new(
                    "所涉年份的节假日安排尚未公布，开放日按估算，请以协会通知为准。",
                    "That year's holiday schedule is not published yet; opening days are estimated, so check the association's notices.",
                ),
            });
        }
        reasons
    }
}

/// Whether the window opens at all on `d` (a Friday that is not a statutory day off), and
/// whether that rests on an estimated holiday calendar.
pub fn opens_on(book: &Rulebook, d: NaiveDate) -> (bool, bool) {
    let info = calendar::day(d);
    (
        d.weekday() == book.service.weekday && info.kind != DayKind::DayOff,
        info.estimated,
    )
}

/// The window at `at` (Asia/Shanghai), and when it next opens. Looks up to two years ahead.
pub fn window_at(book: &Rulebook, at: NaiveDateTime) -> WindowStatus {
    let mut estimated = false;
    let (today_opens, today_estimated) = opens_on(book, at.date());
    let mut closes_at = None;
    if today_opens {
        estimated |= today_estimated;
        closes_at = book
            .service
            .hours
            .iter()
            .find(|(from, until)| *from <= at.time() && at.time() < *until)
            .map(|(_, until)| at.date().and_time(*until));
    }
    let mut next_opening = None;
    let mut day = at.date();
    for _ in 0..(2 * 366) {
        let (opens, day_estimated) = opens_on(book, day);
        if opens
            && let Some((from, _)) = book
                .service
                .hours
                .iter()
                .find(|(from, _)| day.and_time(*from) > at)
        {
            next_opening = Some(day.and_time(*from));
            estimated |= day_estimated;
            break;
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    WindowStatus {
        open_now: closes_at.is_some(),
        closes_at,
        next_opening,
        estimated,
        hours_as_of_notice: !book.speaks_for(at.date()),
        before_notice: at.date() < book.applies_from,
        citations: vec![book.cite(HOURS), book.cite(FRIDAYS_ONLY)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("a test time")
    }

    fn window_at(at: NaiveDateTime) -> WindowStatus {
        super::window_at(crate::rulebook::current(), at)
    }

    #[test]
    fn after_the_rulebook_the_hours_are_labelled() {
        assert!(!window_at(t("2026-01-30 10:00")).hours_as_of_notice);
        let later = window_at(t("2026-11-27 10:00"));
        assert!(later.hours_as_of_notice);
        assert!(
            later
                .reasons(crate::rulebook::current())
                .iter()
                .any(|r| r.code == "hours_as_of_notice")
        );
    }

    #[test]
    fn open_on_friday_mornings_and_afternoons_only() {
        assert!(window_at(t("2025-06-06 09:30")).open_now);
        assert!(!window_at(t("2025-06-06 09:29")).open_now);
        assert!(!window_at(t("2025-06-06 11:30")).open_now);
        assert!(window_at(t("2025-06-06 15:59")).open_now);
        assert!(!window_at(t("2025-06-06 16:00")).open_now);
        assert!(!window_at(t("2025-06-05 10:00")).open_now);
    }

    #[test]
    fn the_next_opening_skips_the_lunch_break_and_holiday_fridays() {
        assert_eq!(
            window_at(t("2025-06-06 12:00")).next_opening,
            Some(t("2025-06-06 13:30"))
        );
        // Fri 2025-10-03 is in the national-day holiday; Sat 10-11 is worked but is no Friday.
        let s = window_at(t("2025-09-26 16:30"));
        assert_eq!(s.next_opening, Some(t("2025-10-10 09:30")));
        assert!(!window_at(t("2025-10-03 10:00")).open_now);
        assert!(!s.estimated);
    }

    #[test]
    fn while_open_it_says_when_it_closes() {
        let s = window_at(t("2025-06-06 10:00"));
        assert_eq!(s.closes_at, Some(t("2025-06-06 11:30")));
        assert_eq!(s.next_opening, Some(t("2025-06-06 13:30")));
    }
}
