//! Runs every example of docs/sync-api.md, in order, against a real server: each `http` block
//! is sent, and the answer must be the `json` block after it (status and body; `"…"` matches
//! any value; `{name.field}` is a value from an earlier answer saved `as=name`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
mod common;

use common::{Backend, Client, roomy, start};
use reqwest::Method;
use serde_json::Value;
use std::collections::HashMap;

struct Example {
    line: usize,
    request: String,
    status: u16,
    save_as: Option<String>,
    expected: String,
}

fn examples(doc: &str) -> Vec<Example> {
    let mut blocks = Vec::new();
    let mut lines = doc.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        if let Some(info) = line.strip_prefix("```").filter(|i| !i.is_empty()) {
            let mut text = String::new();
            for (_, inner) in lines.by_ref() {
                if inner.starts_with("```") {
                    break;
                }
                text.push_str(inner);
                text.push('\n');
            }
            blocks.push((n + 1, info.to_string(), text));
        }
    }
    let mut found = Vec::new();
    let mut blocks = blocks.into_iter().peekable();
    while let Some((line, info, request)) = blocks.next() {
        if info != "http" {
            continue;
        }
        let (_, answer_info, expected) = blocks
            .next()
            .unwrap_or_else(|| panic!("line {line}: no answer after the request"));
        let mut words = answer_info.split_whitespace();
        assert_eq!(
            words.next(),
            Some("json"),
            "line {line}: the answer is a json block"
        );
        let mut status = 0;
        let mut save_as = None;
        for word in words {
            match word.split_once('=') {
                Some(("status", s)) => status = s.parse().unwrap_or(0),
                Some(("as", name)) => save_as = Some(name.to_string()),
                _ => panic!("line {line}: unknown {word}"),
            }
        }
        assert!(status > 0, "line {line}: the answer names its status");
        found.push(Example {
            line,
            request,
            status,
            save_as,
            expected,
        });
    }
    found
}

/// Replaces `{name.field}` with the saved answer's field.
fn fill(text: &str, saved: &HashMap<String, Value>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').unwrap_or(0);
        let inner = &after[..close];
        let reference = inner.split_once('.').filter(|(name, field)| {
            !name.is_empty()
                && !field.is_empty()
                && inner
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_')
        });
        match reference {
            Some((name, field)) => {
                let value = &saved
                    .get(name)
                    .unwrap_or_else(|| panic!("nothing saved as {name}"))[field];
                out.push_str(
                    value
                        .as_str()
                        .unwrap_or_else(|| panic!("{name}.{field} is not text")),
                );
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn matches(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::String(s), _) if s == "…" => Ok(()),
        (Value::Object(e), Value::Object(a)) => {
            let mut keys: Vec<_> = e.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                match (e.get(key), a.get(key)) {
                    (Some(ev), Some(av)) => matches(ev, av, &format!("{path}.{key}"))?,
                    (Some(_), None) => return Err(format!("{path}.{key} is missing")),
                    (None, Some(av)) => {
                        return Err(format!("{path}.{key} is not in the doc: {av}"));
                    }
                    (None, None) => {}
                }
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
            .iter()
            .zip(a)
            .enumerate()
            .try_for_each(|(i, (ev, av))| matches(ev, av, &format!("{path}[{i}]"))),
        // 1748736000000 and 1748736000000.0 are the same time (a JavaScript number either way).
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => Ok(()),
        _ if expected == actual => Ok(()),
        _ => Err(format!(
            "{path}: the doc says {expected}, the server {actual}"
        )),
    }
}

async fn every_example_in_the_sync_api_doc_is_what_the_server_does(backend: Backend) {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/sync-api.md"
    ))
    .expect("the doc");
    let examples = examples(&doc);
    assert!(
        examples.len() >= 12,
        "only {} examples found",
        examples.len()
    );
    let server = start(backend, roomy()).await;
    let client = Client::new(&format!("{}/api/v1/sync", server.base));
    let mut saved: HashMap<String, Value> = HashMap::new();
    for example in examples {
        let request = fill(&example.request, &saved);
        let (head, body) = request.split_once("\n\n").unwrap_or((request.as_str(), ""));
        let mut head_lines = head.lines();
        let first = head_lines.next().unwrap_or("");
        let (method, path) = first
            .split_once(' ')
            .unwrap_or_else(|| panic!("line {}: {first}", example.line));
        let token = head_lines
            .find_map(|h| h.strip_prefix("Authorization: Bearer "))
            .map(str::to_string);
        let method = Method::from_bytes(method.as_bytes()).expect("a method");
        let body = (!body.trim().is_empty()).then(|| body.trim().to_string());
        let answer = client.send(method, path, token.as_deref(), body).await;
        assert_eq!(
            answer.status.as_u16(),
            example.status,
            "line {}: {}",
            example.line,
            answer.body
        );
        let expected: Value = serde_json::from_str(&fill(&example.expected, &saved))
            .unwrap_or_else(|e| panic!("line {}: the doc's answer is not JSON: {e}", example.line));
        if let Err(difference) = matches(&expected, &answer.body, "") {
            panic!(
                "line {}: {difference}\nwhole answer: {}",
                example.line, answer.body
            );
        }
        if let Some(name) = example.save_as {
            saved.insert(name, answer.body);
        }
    }
}

on_both_backends!(every_example_in_the_sync_api_doc_is_what_the_server_does,);
