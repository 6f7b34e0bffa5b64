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

fn ask(book: &'static Rulebook, request: &str) -> Value {
    evaluate_json(&book.into(), request, day("2026-03-01")).body
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

mod common;

/// Every request of the scenario files and of docs/rules-api.md, as JSON.
fn every_known_question() -> Vec<String> {
    let folder = format!("{}/tests/scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut requests: Vec<String> = common::doc_examples::blocks("json request");
    for entry in std::fs::read_dir(&folder).expect("the scenarios") {
        let text = std::fs::read_to_string(entry.expect("a file").path()).expect("readable");
        let file: toml::Value = toml::from_str(&text).expect("TOML");
        for scenario in file["scenario"].as_array().expect("scenarios") {
            requests.push(serde_json::to_string(&scenario["request"]).expect("JSON"));
        }
    }
    assert!(requests.len() > 100, "{} questions", requests.len());
    requests
}

/// Every citation anywhere in an answer.
fn citations(value: &Value, out: &mut Vec<(String, String, String)>) {
    match value {
        Value::Object(fields) => {
            if let (
                Some(Value::String(source)),
                Some(Value::String(clause)),
                Some(Value::String(kind)),
            ) = (
                fields.get("source"),
                fields.get("clause"),
                fields.get("kind"),
            ) {
                out.push((source.clone(), clause.clone(), kind.clone()));
            }
            fields.values().for_each(|v| citations(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| citations(v, out)),
        _ => {}
    }
}

/// An answer under a notice's book cites that notice and no other, for the rules' own clauses
/// (二（三）, 四（一）, the readings …) as for the book's values; and each clause it quotes is
/// one the rules list (so a book is checked for it) or a value of the book.
#[test]
fn answers_cite_the_notice_of_the_book_they_came_from() {
    use pingjia_rules::clauses::RULE_CLAUSES;
    let questions = every_known_question();
    for (book, own) in [
        (rulebook::current(), "notice2025"),
        (book("tests/fixtures/notice-2026-test.toml"), "notice2026"),
    ] {
        let values: Vec<&str> = book
            .fees
            .iter()
            .map(|f| f.citation.clause)
            .chain(book.retake_validity_years.iter().map(|v| v.citation.clause))
            .chain([book.bank_account.citation.clause])
            .chain(book.service.phones.iter().map(|p| p.citation.clause))
            .collect();
        let mut notice_citations = 0;
        for question in &questions {
            let answer = ask(book, question);
            let mut found = Vec::new();
            citations(&answer, &mut found);
            for (source, clause, kind) in found {
                if !source.starts_with("notice") {
                    continue;
                }
                notice_citations += 1;
                assert_eq!(source, own, "{clause} in the answer to {question}");
                let listed = RULE_CLAUSES.iter().any(|c| c.clause == clause);
                if kind == "quoted" {
                    assert!(
                        listed || values.contains(&clause.as_str()),
                        "{clause} is quoted but neither a rule clause nor a value: {question}"
                    );
                    assert!(book.clause_text(&clause).is_some(), "{clause} has no words");
                } else {
                    assert!(
                        listed,
                        "the reading {clause} is not in RULE_CLAUSES: {question}"
                    );
                }
            }
        }
        assert!(
            notice_citations > 500,
            "{own}: {notice_citations} citations"
        );
    }
}

#[test]
fn a_book_without_the_words_of_a_clause_the_rules_quote_is_not_made() {
    let source = std::fs::read_to_string(format!(
        "{}/../rulebook/tests/fixtures/notice-2026-test.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the fixture");
    let mut read = pingjia_rulebook::check::notice(&source).expect("passes");
    // 四（二）: the forfeit warning of every retake answer; no value of the book cites it.
    assert!(read.clauses.remove("四（二）").is_some());
    pingjia_rulebook::check::notice_book(&read).expect("its own values still pass");
    let refused = rulebook_from(&read).expect_err("a rule quotes 四（二）");
    assert!(refused.contains("四（二）"), "{refused}");
}

/// The 2025 notice built in, and the 2026 test notice beside it.
fn both() -> rulebook::Library {
    rulebook::Library::built_in().with(book("tests/fixtures/notice-2026-test.toml"))
}

#[test]
fn a_day_is_answered_by_the_notice_in_force_on_it() {
    let library = both();
    let version = |d: &str| library.for_date(day(d)).version;
    assert_eq!(version("2025-06-01"), "2025.1");
    assert_eq!(version("2026-01-31"), "2025.1");
    // Between the two: the last notice that began, whose answer is labelled.
    assert_eq!(version("2026-02-10"), "2025.1");
    assert_eq!(version("2026-02-16"), "2026.test");
    // Past the newest, and before the oldest.
    assert_eq!(version("2027-03-01"), "2026.test");
    assert_eq!(version("2024-01-01"), "2025.1");
    assert_eq!(library.newest().version, "2026.test");
    // A corrected book of a notice takes its place rather than standing beside it.
    assert_eq!(library.with(rulebook::current()).books().len(), 2);
}

fn ask_both(request: &str) -> Value {
    evaluate_json(&both(), request, day("2026-03-01")).body
}

#[test]
fn fees_follow_the_notice_of_the_day_and_only_past_the_newest_are_labelled() {
    let fee = |on: &str| {
        ask_both(&format!(
            r#"{{"kind": "fee", "level": "three", "on": "{on}"}}"#
        ))
    };
    let old = fee("2025-06-01");
    assert_eq!(old["rulebook_version"], "2025.1", "{old}");
    assert_eq!(old["answer"]["fee"]["subjects"][0][1], 153, "{old}");
    let new = fee("2026-03-01");
    assert_eq!(new["rulebook_version"], "2026.test", "{new}");
    assert_eq!(new["answer"]["fee"]["subjects"][0][1], 160, "{new}");
    let labelled = |answer: &Value| answer.to_string().contains("rulebook_out_of_date");
    assert!(!labelled(&new), "in force: no label: {new}");
    // Under the 2025 notice alone the same day is past it, and says so.
    let alone = ask(
        rulebook::current(),
        r#"{"kind": "fee", "level": "three", "on": "2026-03-01"}"#,
    );
    assert!(labelled(&alone), "{alone}");
    assert!(labelled(&fee("2027-03-01")), "past the newest");
}

#[test]
fn a_retake_keeps_the_validity_of_its_first_attempt_s_notice() {
    let answer = ask_both(
        r#"{"kind": "retake", "level": "three", "first_evaluation": "2025-09-13", "passed": ["theory"], "on": "2026-03-01"}"#,
    );
    assert_eq!(answer["rulebook_version"], "2026.test", "{answer}");
    assert_eq!(answer["answer"]["valid_until"], "2027-09-13", "{answer}");
    let reasons = answer["answer"]["reasons"].as_array().expect("reasons");
    let cited = |code: &str| {
        reasons
            .iter()
            .find(|r| r["code"] == code)
            .map(|r| r["citation"]["source"].clone())
    };
    // 四（一） of the notice the first attempt was under; the sessions are the new notice's.
    assert_eq!(cited("valid_until"), Some("notice2025".into()), "{answer}");
    assert_eq!(
        cited("forfeit_warning"),
        Some("notice2026".into()),
        "{answer}"
    );
    let sessions = answer["answer"]["sessions"].as_array().expect("sessions");
    assert!(
        sessions
            .iter()
            .any(|s| s["session"]["apply_from"] == "2026-03-16" && s["projected"] == false),
        "the test notice's own sessions: {answer}"
    );
}

#[test]
fn on_the_last_days_of_a_notice_the_next_one_s_sessions_are_the_next_session() {
    // 2026-01-10: the 2025 notice is in force, and its last session closed for applications
    // on 2025-12-31. Alone it can only project; beside the 2026 test notice, whose table
    // opens on 2026-02-16, the next session is that one, official and cited from its notice.
    let request = r#"{"kind": "sessions", "level": "two", "on": "2026-01-10"}"#;
    let alone = ask(rulebook::current(), request);
    assert_eq!(alone["answer"]["next"][0]["projected"], true, "{alone}");

    let together = evaluate_json(&both(), request, day("2026-01-10")).body;
    assert_eq!(together["rulebook_version"], "2025.1", "{together}");
    let next = &together["answer"]["next"][0];
    assert_eq!(next["projected"], false, "{together}");
    assert_eq!(next["session"]["apply_from"], "2026-02-16", "{together}");
    let reasons = next["reasons"].as_array().expect("reasons");
    let cited = |code: &str| {
        reasons
            .iter()
            .find(|r| r["code"] == code)
            .map(|r| r["citation"]["source"].clone())
    };
    assert_eq!(
        cited("next_session"),
        Some("notice2026".into()),
        "{together}"
    );
    assert_eq!(
        cited("group_deadline"),
        Some("notice2026".into()),
        "{together}"
    );
    // The label of a day past the 2025 notice is not given: the day is inside it.
    assert!(
        !together.to_string().contains("rulebook_out_of_date"),
        "{together}"
    );
}

#[test]
fn a_book_read_at_run_time_is_kept_and_read_back_as_it_was() {
    // What the app keeps between visits once the book reader accepted the test notice.
    let test = book("tests/fixtures/notice-2026-test.toml");
    let kept = rulebook::kept::write(test);
    let again = rulebook::kept::read(&kept).expect("a kept book reads back");
    assert_eq!(format!("{again:?}"), format!("{test:?}"));
    let both = rulebook::Library::of(NOTICES.iter().copied().chain([again]));
    assert_eq!(both.for_date(day("2026-03-02")).version, "2026.test");
    assert_eq!(both.for_date(day("2025-07-01")).version, "2025.1");
}

#[test]
fn the_kept_test_notice_fixture_is_what_the_reader_writes() {
    // tests/scenarios.rs answers the 2026 scenarios, natively and in Chromium, from this text.
    let path = format!(
        "{}/tests/fixtures/notice-2026-test.kept",
        env!("CARGO_MANIFEST_DIR")
    );
    let written = rulebook::kept::write(book("tests/fixtures/notice-2026-test.toml"));
    if std::env::var_os("PINGJIA_BLESS_KEPT").is_some() {
        std::fs::write(&path, &written).expect("written");
    }
    let fixture = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        fixture == written,
        "{path} is not the kept form of the test notice: write it again with PINGJIA_BLESS_KEPT=1 cargo test -p pingjia-rules --test books_at_run_time"
    );
}
