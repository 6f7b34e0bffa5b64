//! Properties over the whole supported date range (proptest, native only): no panic, answers
//! that only move forward with the date, and a "qualifies from" that is exactly the boundary.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use pingjia_rules::codes::Code;
use pingjia_rules::dates::{
    Period, anniversary, corresponding_day, cumulative_years_reached, days_worked, supported_range,
};
use pingjia_rules::eligibility::{
    self, Candidate, Certificate, CertificateLevel, Eligibility, MetFrom, School, SchoolStatus,
    Schooling, Title, TitleGrade,
};
use pingjia_rules::{Level, api, calendar, retake, rulebook, service};

fn assess(
    c: &Candidate,
    level: Level,
    on: NaiveDate,
) -> Result<Eligibility, pingjia_rules::candidate_draft::Problem> {
    eligibility::assess(rulebook::current(), c, level, on)
}

/// Any day from 1950 to 2150, where a period of work or a first evaluation can start.
fn period_start() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1950, 1, 1).expect("date");
    let last = NaiveDate::from_ymd_opt(2150, 12, 31).expect("date");
    let span = (last - first).num_days() as u64;
    (0..=span).prop_map(move |n| first + Days::new(n))
}
use proptest::prelude::*;

fn any_date() -> impl Strategy<Value = NaiveDate> {
    let (first, last) = supported_range();
    let span = (last - first).num_days() as u64;
    (0..=span).prop_map(move |n| first + Days::new(n))
}

/// Dates around the present, where real candidates are.
fn recent_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1990, 1, 1).expect("date");
    (0u64..14_000).prop_map(move |n| first + Days::new(n))
}

fn candidate() -> impl Strategy<Value = (Candidate, NaiveDate)> {
    (
        recent_date(),
        prop::collection::vec((recent_date(), prop::option::of(0u64..4000)), 0..4),
        prop::collection::vec((0usize..5, recent_date()), 0..3),
        prop::collection::vec((0usize..3, recent_date()), 0..2),
        prop::collection::vec((0usize..9, 0usize..3, any::<bool>(), any::<bool>()), 0..3),
    )
        .prop_map(|(birth, work, certs, titles, schools)| {
            let (levels, grades, kinds, statuses) = (
                CertificateLevel::ALL,
                TitleGrade::ALL,
                School::ALL,
                SchoolStatus::ALL,
            );
            let c = Candidate {
                birth_date: Some(birth),
                id_number: None,
                work: work
                    .into_iter()
                    .map(|(from, len)| Period {
                        from,
                        until: len.map(|n| from + Days::new(n)),
                    })
                    .collect(),
                certificates: certs
                    .into_iter()
                    .map(|(l, issued)| Certificate {
                        level: levels[l],
                        issued,
                    })
                    .collect(),
                titles: titles
                    .into_iter()
                    .map(|(g, obtained)| Title {
                        grade: grades[g],
                        obtained,
                    })
                    .collect(),
                schooling: schools
                    .into_iter()
                    .map(|(k, s, related_specialty, assessed)| Schooling {
                        school: kinds[k],
                        status: statuses[s],
                        related_specialty,
                        assessed,
                    })
                    .collect(),
            };
            // The first day every fact given is in the past.
            let latest = std::iter::once(birth)
                .chain(c.work.iter().map(|p| p.from))
                .chain(c.certificates.iter().map(|x| x.issued))
                .chain(c.titles.iter().map(|t| t.obtained))
                .max()
                .unwrap_or(birth);
            (c, latest)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn anniversaries_exist_and_keep_order(a in any_date(), b in any_date(), years in 0u32..120) {
        let (x, y) = (anniversary(a, years), anniversary(b, years));
        prop_assert!(x.is_some() && y.is_some());
        prop_assert!(x >= Some(a));
        if a <= b { prop_assert!(x <= y); }
    }

    #[test]
    fn one_unbroken_period_is_complete_exactly_on_its_anniversary(
        start in period_start(),
        years in 1u32..=15,
        ends in any::<bool>(),
    ) {
        // Ongoing, or ending the day before the anniversary: a full N years either way.
        let anniversary_day = anniversary(start, years).expect("in range");
        let until = ends.then(|| anniversary_day.pred_opt().expect("date"));
        let period = [Period { from: start, until }];
        prop_assert_eq!(cumulative_years_reached(&period, None, years), Some(anniversary_day));
        // Ending one day earlier falls short for good.
        let short = [Period { from: start, until: Some(anniversary_day - Days::new(2)) }];
        prop_assert_eq!(cumulative_years_reached(&short, None, years), None);
    }

    #[test]
    fn ten_years_of_one_job_qualify_for_level_three_on_the_anniversary(start in period_start()) {
        let c = Candidate {
            birth_date: Some(NaiveDate::from_ymd_opt(1930, 1, 1).expect("date")),
            schooling: vec![Schooling {
                school: School::College,
                status: SchoolStatus::Graduated,
                related_specialty: false,
                assessed: false,
            }],
            work: vec![Period { from: start, until: None }],
            ..Candidate::default()
        };
        let e = assess(&c, Level::Three, start).expect("answer");
        prop_assert_eq!(e.qualifies_from, MetFrom::Date(anniversary(start, 10).expect("date")));
    }

    #[test]
    fn score_validity_ends_on_the_corresponding_day(first in period_start(), level in 0usize..3) {
        let level = Level::OFFERED[level];
        let years = if level == Level::Three { 2 } else { 3 };
        let (end, n) = retake::valid_until(rulebook::current(), level, first).expect("a rule");
        prop_assert_eq!(n, years);
        prop_assert_eq!(Some(end), corresponding_day(first, years));
    }

    #[test]
    fn work_only_adds_up(
        periods in prop::collection::vec((recent_date(), prop::option::of(0u64..5000)), 0..5),
        on in recent_date(),
        later in 0u64..3000,
    ) {
        let periods: Vec<Period> = periods.into_iter()
            .map(|(from, len)| Period { from, until: len.map(|n| from + Days::new(n)) })
            .collect();
        prop_assert!(days_worked(&periods, None, on) <= days_worked(&periods, None, on + Days::new(later)));
    }

    #[test]
    fn cumulative_years_are_complete_the_day_after_enough_days_are_worked(
        periods in prop::collection::vec((recent_date(), prop::option::of(0u64..5000)), 1..5),
        not_before in prop::option::of(recent_date()),
        years in 1u32..=10,
    ) {
        // The reading itself (interpretations.md 3), through `days_worked`: complete on day R
        // when the days worked up to R's eve make the N years from the first day counted.
        let periods: Vec<Period> = periods.into_iter()
            .map(|(from, len)| Period { from, until: len.map(|n| from + Days::new(n)) })
            .collect();
        let first = periods.iter().map(|p| not_before.map_or(p.from, |nb| nb.max(p.from))).min().expect("a period");
        let needed = u32::try_from((anniversary(first, years).expect("in range") - first).num_days()).expect("days");
        match cumulative_years_reached(&periods, not_before, years) {
            Some(day) => {
                let eve = day.pred_opt().expect("date");
                prop_assert!(days_worked(&periods, not_before, eve) >= needed, "{day}: not enough by its eve");
                if let Some(before) = eve.pred_opt() {
                    prop_assert!(days_worked(&periods, not_before, before) < needed, "{day}: enough a day earlier");
                }
            }
            None => {
                let (_, last) = supported_range();
                prop_assert!(days_worked(&periods, not_before, last) < needed);
            }
        }
    }

    #[test]
    fn judging_without_words_agrees_with_the_explained_verdict(
        (c, latest) in candidate(),
        level in 0usize..3,
        offset in 0u64..6000,
    ) {
        let level = Level::OFFERED[level];
        let on = latest + Days::new(offset);
        let judged = eligibility::judge(&c, level, on).expect("valid facts are judged");
        let explained = eligibility::verdict(rulebook::current(), &c, level, on).expect("valid facts are answered");
        prop_assert_eq!(judged.eligible, explained.eligible);
        prop_assert_eq!(judged.qualifies_from, explained.qualifies_from);
        let met: Vec<u8> = explained.routes.iter().filter(|r| r.met).map(|r| r.number).collect();
        prop_assert_eq!(judged.routes_met, met);
    }

    #[test]
    fn eligibility_never_goes_back_and_starts_on_its_qualifying_day(
        (c, latest) in candidate(),
        level in 0usize..3,
        offset in 0u64..6000,
        later in 1u64..4000,
    ) {
        let level = Level::OFFERED[level];
        let on = latest + Days::new(offset);
        let now = assess(&c, level, on).expect("valid facts are answered");
        let then = assess(&c, level, on + Days::new(later)).expect("valid facts are answered");
        if now.eligible { prop_assert!(then.eligible, "eligible on {on} but not {later} days later"); }
        match now.qualifies_from {
            MetFrom::Date(q) if q > latest => {
                prop_assert!(assess(&c, level, q).expect("answer").eligible, "not eligible on qualifies_from {q}");
                let eve = q.pred_opt().expect("date");
                prop_assert!(!assess(&c, level, eve).expect("answer").eligible, "already eligible the day before {q}");
            }
            MetFrom::Never => prop_assert!(!then.eligible),
            _ => {}
        }
    }

    #[test]
    fn counting_working_days_moves_forward(start in recent_date(), n in 0u32..400) {
        let (a, _) = calendar::working_days_after(start, n).expect("in range");
        let (b, _) = calendar::working_days_after(start, n + 1).expect("in range");
        prop_assert!(a >= start && b > a);
        prop_assert!(calendar::day(b).kind.is_working());
    }

    #[test]
    fn the_service_window_always_has_a_next_opening(day in recent_date(), minute in 0u32..1440) {
        let at = NaiveDateTime::new(day, NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).expect("time"));
        let status = service::window_at(rulebook::current(), at);
        let next = status.next_opening.expect("some Friday within two years");
        prop_assert!(next > at);
    }

    #[test]
    fn no_input_text_panics_the_api(text in ".{0,200}") {
        let today = NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");
        let reply = api::evaluate_json(&rulebook::Library::built_in(), &text, today);
        prop_assert!(reply.ok() || reply.body["error"]["code"].is_string());
        prop_assert!(reply.status < 500, "{}", reply.body);
    }

    #[test]
    fn json_shaped_requests_with_any_dates_never_panic(kind in 0usize..8, date in any_date(), level in 0usize..3) {
        let level = ["three", "two", "one"][level];
        let request = match kind {
            0 => format!(r#"{{"kind":"fee","level":"{level}","on":"{date}"}}"#),
            1 => format!(r#"{{"kind":"sessions","level":"{level}","on":"{date}"}}"#),
            2 => format!(r#"{{"kind":"retake","level":"{level}","first_evaluation":"{date}","on":"{date}"}}"#),
            3 => format!(r#"{{"kind":"results_date","last_subject":"{date}"}}"#),
            4 => format!(r#"{{"kind":"service_window","at":"{date}T10:00:00"}}"#),
            5 => format!(r#"{{"kind":"admission_ticket","evaluation":"{date}","on":"{date}"}}"#),
            6 => format!(r#"{{"kind":"conduct","code":"1","on":"{date}"}}"#),
            _ => format!(r#"{{"kind":"eligibility","on":"{date}","candidate":{{"birth_date":"{date}"}}}}"#),
        };
        let today = NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");
        let reply = api::evaluate_json(&rulebook::Library::built_in(), &request, today);
        prop_assert!(reply.ok() || reply.body["error"]["code"].is_string(), "{}", reply.body);
        prop_assert!(reply.status < 500, "{}", reply.body);
    }
}
