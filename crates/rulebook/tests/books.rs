//! The data files of notices, as the association's staff will write them: the books shipped
//! and a fictitious 2026 notice pass; every kind of mistake is caught and said with its field,
//! its line and the fix; the difference between two notices is said in words.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

use pingjia_rulebook::{Problem, check, diff};

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect(path)
}

fn the_2025_notice() -> String {
    read("books/notice-2025.toml")
}

fn problems(source: &str) -> Vec<Problem> {
    check::notice(source).expect_err("a problem")
}

/// The first problem's field, line and Chinese message.
fn first(source: &str) -> (String, Option<usize>, String) {
    let p = problems(source).remove(0);
    (p.field, p.line, p.message.zh)
}

fn line_of(source: &str, needle: &str) -> usize {
    source
        .lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .expect(needle)
}

#[test]
fn the_test_notice_for_2026_passes_and_says_it_is_not_real() {
    let book = check::notice(&read("tests/fixtures/notice-2026-test.toml")).expect("passes");
    assert!(book.notice.contains("非真实通知"));
    assert_eq!(book.sessions.len(), 9);
}

#[test]
fn a_date_that_is_not_a_date_is_refused_with_its_line() {
    let source = the_2025_notice().replacen("\"2025-06-15\"", "\"2025-06-31\"", 1);
    let (field, line, message) = first(&source);
    assert_eq!(field, "文件 file");
    assert_eq!(line, Some(line_of(&source, "2025-06-31")));
    assert!(message.contains("docs/rulebook-format.md"), "{message}");
}

#[test]
fn an_unknown_or_missing_field_is_refused() {
    let source = the_2025_notice().replacen("theory = 153", "theroy = 153", 1);
    let (_, line, message) = first(&source);
    assert!(message.contains("theroy"), "{message}");
    assert!(line.is_some());
    let source = the_2025_notice().replacen("version = \"2025.1\"\n", "", 1);
    assert!(first(&source).2.contains("version"));
}

#[test]
fn sessions_out_of_order_or_overlapping_are_named_by_row() {
    let source = the_2025_notice().replacen(
        "apply = [\"2025-06-16\", \"2025-07-15\"]",
        "apply = [\"2025-06-10\", \"2025-07-15\"]",
        1,
    );
    let found = problems(&source);
    let overlap = found
        .iter()
        .find(|p| p.field == "sessions[2].apply")
        .expect("the second session");
    assert!(
        overlap.message.zh.contains("重叠"),
        "{}",
        overlap.message.zh
    );
    assert_eq!(overlap.line, Some(line_of(&source, "2025-06-10")));
}

#[test]
fn a_cited_clause_without_its_words_is_refused() {
    let source = the_2025_notice().replacen("clause = \"四（一）\"", "clause = \"四（九）\"", 1);
    let (field, line, message) = first(&source);
    assert_eq!(field, "retake_validity_years[1].clause");
    assert_eq!(line, Some(line_of(&source, "四（九）")));
    assert!(message.contains("[clauses]"), "{message}");
}

#[test]
fn periods_must_cover_the_book_and_values_must_make_sense() {
    let source = the_2025_notice()
        .replacen("theory = 153", "theory = 0", 1)
        .replacen("weekday = \"friday\"", "weekday = \"周五\"", 1)
        .replacen("evaluation = \"2025-09\"", "evaluation = \"2025-9\"", 1)
        .replacen("levels = [\"三级\"]", "levels = [\"四级\"]", 1)
        .replacen(
            "valid_until = \"2026-01-31\"",
            "valid_until = \"2026-02-28\"",
            1,
        );
    let fields: Vec<String> = problems(&source).into_iter().map(|p| p.field).collect();
    for expected in [
        "fees[1].theory",
        "service.weekday",
        "sessions[3].evaluation",
        "sessions[4].levels",
        "valid_until",
        "fees[1].until",
    ] {
        assert!(
            fields.iter().any(|f| f == expected),
            "{expected} in {fields:?}"
        );
    }
}

#[test]
fn holiday_files_are_checked_too() {
    let source = read("books/holidays-2026.toml").replacen("\"2026-01-04\"", "\"2026-01-05\"", 1);
    let found = check::holidays(&source).expect_err("a Monday is no make-up day");
    assert_eq!(found[0].field, "make_up_working_days[1]");
    assert!(found[0].message.zh.contains("不是周末"));
}

#[test]
fn the_difference_between_two_notices_is_said_in_words() {
    let old = check::notice(&the_2025_notice()).expect("2025");
    let new = check::notice(&read("tests/fixtures/notice-2026-test.toml")).expect("2026");
    let said: Vec<String> = diff::diff(&old, &new).into_iter().map(|t| t.zh).collect();
    assert!(
        said.iter().any(|l| l == "考核费 理论知识：153 元 → 160 元"),
        "{said:#?}"
    );
    assert_eq!(
        said.iter()
            .filter(|l| l.starts_with("新增考期：2026-"))
            .count(),
        9
    );
    assert!(
        !said.iter().any(|l| l.starts_with("不再列出的考期")),
        "the old year's sessions are not removals"
    );
    assert!(
        said.iter()
            .any(|l| l.starts_with("注意：2026-02-01 至 2026-02-15")),
        "{said:#?}"
    );
    assert!(diff::diff(&old, &old).is_empty());
}
