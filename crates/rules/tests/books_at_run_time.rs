//! A notice's book read at run time answers as the same book built in: the 2025 notice made
//! from its file is, value for value, the constants the build wrote from it; the fictitious
//! 2026 test notice (never shipped) answers fees, sessions and citations from its own values.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

use chrono::NaiveDate;
use pingjia_rules::api::evaluate_json;
use pingjia_rules::rulebook::{self, NOTICES, Rulebook, rulebook_from};
use serde_json::Value;

fn book(path: &str) -> &'static Rulebook {
    let source =
        std::fs::read_to_string(format!("{}/../rulebook/{path}", env!("CARGO_MANIFEST_DIR")))
            .expect(path);
    let read = pingjia_rulebook::check::notice(&source).expect("passes its check");
    rulebook_from(&read).expect("made")
}

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

fn ask(book: &Rulebook, request: &str) -> Value {
    evaluate_json(book, request, day("2026-03-01")).body
}

#[test]
fn the_2025_notice_read_at_run_time_is_the_one_built_in() {
    let loaded = book("books/notice-2025.toml");
    let built = NOTICES
        .iter()
        .find(|b| b.version == loaded.version)
        .expect("the 2025 notice is built in");
    assert_eq!(format!("{loaded:#?}"), format!("{built:#?}"));
    // And so every answer is the same, e.g. a whole group's fees on a day of the notice.
    let request = r#"{"kind": "group_fees", "on": "2025-06-01", "members": [{"level": "three"}, {"level": "two", "retake": ["review"]}]}"#;
    assert_eq!(ask(loaded, request), ask(rulebook::current(), request));
}

#[test]
fn the_test_notice_answers_from_its_own_values() {
    let test = book("tests/fixtures/notice-2026-test.toml");
    assert_eq!(test.version, "2026.test");
    let fee = ask(
        test,
        r#"{"kind": "fee", "level": "three", "on": "2026-03-01"}"#,
    );
    assert_eq!(fee["rulebook_version"], "2026.test", "{fee}");
    assert_eq!(fee["answer"]["fee"]["subjects"][0][1], 160, "{fee}");
    assert_eq!(
        fee["answer"]["fee"]["citation"]["source"], "notice2026",
        "{fee}"
    );
    // The same question under the 2025 notice gives its own fee and source.
    let before = ask(
        rulebook::current(),
        r#"{"kind": "fee", "level": "three", "on": "2025-06-01"}"#,
    );
    assert_eq!(before["answer"]["fee"]["subjects"][0][1], 153, "{before}");
    assert_eq!(before["answer"]["fee"]["citation"]["source"], "notice2025");
    // Its sessions are its own: the first one it lists opens for applications on its first day.
    let sessions = ask(
        test,
        r#"{"kind": "sessions", "level": "three", "on": "2026-02-16"}"#,
    );
    assert_eq!(sessions["rulebook_version"], "2026.test");
    let next = &sessions["answer"]["next"][0];
    assert_eq!(
        next["projected"], false,
        "an official session of its own: {sessions}"
    );
    assert_eq!(next["session"]["apply_from"], "2026-02-16", "{sessions}");
    assert_eq!(next["session"]["window"], "applications_open", "{sessions}");
}

#[test]
fn a_book_that_fails_its_check_is_not_made() {
    let source = std::fs::read_to_string(format!(
        "{}/../rulebook/tests/fixtures/notice-2026-test.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the fixture");
    let mut read = pingjia_rulebook::check::notice(&source).expect("passes");
    read.sessions.reverse();
    let refused = rulebook_from(&read).expect_err("out of order");
    assert!(refused.contains("sessions"), "{refused}");
}
