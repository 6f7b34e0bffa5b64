//! A year of holidays published at run time counts working days as a built-in one does. Its
//! own test program: the calendar is installed once per process. Native only: reading a book
//! (`runtime-books`) is not part of the rules in the browser.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

use chrono::NaiveDate;
use pingjia_rules::api::evaluate_json;
use pingjia_rules::calendar::{self, DayKind};
use pingjia_rules::rulebook::{Library, holidays_from, kept};

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

#[test]
fn a_published_year_counts_working_days_once_installed() {
    let source = std::fs::read_to_string(format!(
        "{}/../rulebook/tests/fixtures/holidays-2027-test.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let read = pingjia_rulebook::check::holidays(&source).expect("passes its check");
    let schedule = holidays_from(&read).expect("made");
    // As the app keeps it between visits.
    let kept = kept::read_holidays(&kept::write_holidays(schedule)).expect("reads back");

    let results = r#"{"kind":"results_date","last_subject":"2027-02-04"}"#;
    let before = evaluate_json(&Library::built_in(), results, day("2027-02-04")).body;
    assert!(calendar::day(day("2027-02-08")).estimated);
    assert_eq!(calendar::day(day("2027-02-20")).kind, DayKind::Weekend);

    calendar::install(vec![kept]);
    let published = calendar::day(day("2027-02-08"));
    assert_eq!(published.kind, DayKind::DayOff);
    assert!(!published.estimated);
    assert_eq!(
        calendar::day(day("2027-02-20")).kind,
        DayKind::MakeUpWorkingDay
    );
    // A built-in year stays as built.
    assert!(!calendar::day(day("2026-02-23")).estimated);

    let after = evaluate_json(&Library::built_in(), results, day("2027-02-04")).body;
    let estimated = |v: &serde_json::Value| v.pointer("/answer/usual/estimated").cloned();
    assert_eq!(
        estimated(&before),
        Some(serde_json::Value::Bool(true)),
        "{before}"
    );
    assert_eq!(
        estimated(&after),
        Some(serde_json::Value::Bool(false)),
        "{after}"
    );
    assert_ne!(
        before.pointer("/answer/usual/available_by"),
        after.pointer("/answer/usual/available_by"),
        "the published days off move the date"
    );
    assert!(
        after.to_string().contains("测试用放假安排"),
        "the answer cites the published schedule: {after}"
    );
}
