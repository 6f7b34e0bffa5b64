//! When results can be looked up (三): 20 working days after the last subject, 30 where marking
//! or workpiece inspection is involved; counted from the day after (interpretations.md 10).

use crate::calendar::{self, working_days_after};
use crate::citation::{Citation, NoticeClause, Reason};
use crate::rulebook::Rulebook;
use crate::text::Bilingual;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

pub const RESULTS: NoticeClause = NoticeClause::quoted("三");
pub const COUNTING: NoticeClause = NoticeClause::reading("三：自最后一科次日起计工作日");

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResultsDate {
    pub available_by: NaiveDate,
    pub working_days: u32,
    /// True when a year in the count has no published holiday schedule.
    pub estimated: bool,
    pub citations: Vec<Citation>,
}

/// The day by which results should be available, or `None` past the supported dates.
pub fn results_date(
    book: &Rulebook,
    last_subject: NaiveDate,
    marking_or_inspection: bool,
) -> Option<ResultsDate> {
    let working_days = if marking_or_inspection {
        book.results.working_days_with_marking
    } else {
        book.results.working_days
    };
    let (available_by, estimated) = working_days_after(last_subject, working_days)?;
    let mut citations = vec![book.cite(RESULTS), book.cite(COUNTING)];
    let mut years: Vec<i32> = vec![last_subject.year(), available_by.year()];
    years.dedup();
    citations.extend(years.into_iter().map(calendar::citation_for));
    Some(ResultsDate {
        available_by,
        working_days,
        estimated,
        citations,
    })
}

/// 五: how certificates are collected.
pub const CERTIFICATES: NoticeClause = NoticeClause::quoted("五");
pub const BOTH_DATES: NoticeClause =
    NoticeClause::reading("三：是否涉及阅卷未写明，两个日期都列出");

/// Both dates of 三: the notice does not say whether 保卫管理员 involves marking or workpiece
/// inspection, so neither is assumed (interpretations.md 16).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResultsDates {
    pub last_subject: NaiveDate,
    /// Within 20 working days: the usual case.
    pub usual: ResultsDate,
    /// Within 30 working days, where marking or workpiece inspection is involved.
    pub with_marking: ResultsDate,
    pub reasons: Vec<Reason>,
}

pub fn results_dates(book: &Rulebook, last_subject: NaiveDate) -> Option<ResultsDates> {
    let usual = results_date(book, last_subject, false)?;
    let with_marking = results_date(book, last_subject, true)?;
    let mut reasons = vec![
        Reason {
            code: "results_by",
            citation: book.cite(RESULTS),
            text: Bilingual::new(
                format!(
                    "完成所有科目评价后，一般{}个工作日内（约{}前）可查询成绩；涉及阅卷或工件检测的，{}个工作日内（约{}前）。自最后一科次日起计工作日。",
                    usual.working_days,
                    usual.available_by,
                    with_marking.working_days,
                    with_marking.available_by
                ),
                format!(
                    "Results can usually be looked up within {} working days of the last subject (by about {}); where marking or workpiece inspection is involved, within {} (by about {}). Working days count from the next day.",
                    usual.working_days,
                    usual.available_by,
                    with_marking.working_days,
                    with_marking.available_by
                ),
            ),
        },
        Reason {
            code: "marking_not_stated",
            citation: book.cite(BOTH_DATES),
            text: Bilingual::new(
                "通知未写明保卫管理员各科目是否涉及阅卷或工件检测，因此两个日期都列出。",
                "The notice does not say whether the security-administrator subjects involve marking or inspection, so both dates are given.",
            ),
        },
    ];
    if with_marking.estimated {
        reasons.push(Reason {
            code: "estimated_calendar",
            citation: calendar::citation_for(with_marking.available_by.year()),
            text: Bilingual::new(
                "所涉年份的节假日安排尚未公布，按周末及固定日期节日估算，仅供参考。",
                "A year involved has no published holiday schedule; weekends and fixed-date holidays were assumed, so this is an estimate.",
            ),
        });
    }
    reasons.extend(book.currency_note(last_subject));
    Some(ResultsDates {
        last_subject,
        usual,
        with_marking,
        reasons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a test date")
    }

    #[test]
    fn twenty_working_days_across_the_national_day_holiday() {
        // Last subject Sat 2025-09-27. Working days: 09-28 (make-up Sunday), 09-29, 09-30,
        // then 10-09, 10-10, 10-11 (make-up Saturday), then 14 more from 10-13.
        let r = results_date(crate::rulebook::current(), d("2025-09-27"), false).expect("a date");
        assert_eq!(r.available_by, d("2025-10-30"));
        assert!(!r.estimated);
    }

    #[test]
    fn thirty_working_days_where_marking_applies() {
        let r = results_date(crate::rulebook::current(), d("2025-07-12"), true).expect("a date");
        // 2025-07-14 is the first working day; 30 working days with no holiday = six weeks.
        assert_eq!(r.available_by, d("2025-08-22"));
        assert_eq!(r.working_days, 30);
    }

    #[test]
    fn both_dates_are_given_since_the_notice_does_not_say_which_applies() {
        let r = results_dates(crate::rulebook::current(), d("2025-07-12")).expect("dates");
        assert_eq!(r.usual.available_by, d("2025-08-08"));
        assert_eq!(r.with_marking.available_by, d("2025-08-22"));
        assert!(
            r.reasons[0].text.zh.contains("2025-08-08")
                && r.reasons[0].text.zh.contains("2025-08-22")
        );
    }

    #[test]
    fn a_count_into_an_unpublished_year_is_flagged() {
        let r = results_date(crate::rulebook::current(), d("2026-12-19"), false).expect("a date");
        assert!(r.estimated);
        assert_eq!(r.citations.len(), 4);
    }
}
