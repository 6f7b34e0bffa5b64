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
