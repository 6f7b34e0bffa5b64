//! docs/rules-api.md cannot drift: every `json request` block must give exactly the
//! `json response` block after it, natively and in the browser.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
use pingjia_rules::api::evaluate_json;
use pingjia_rules::rulebook;
use serde_json::Value;

/// The date requests without `on` are answered for; the examples all give one.
const TODAY: &str = "2025-06-01";

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::doc_examples::{DOC, blocks};

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_documented_example_gives_the_documented_response() {
    let requests = blocks("json request");
    let responses = blocks("json response");
    assert_eq!(
        requests.len(),
        responses.len(),
        "each request has one response"
    );
    assert!(requests.len() >= 8, "one example per kind at least");
    let today = TODAY.parse().expect("date");
    for (request, response) in requests.iter().zip(&responses) {
        let expected: Value =
            serde_json::from_str(response).expect("the documented response is JSON");
        let actual = evaluate_json(&rulebook::Library::built_in(), request, today).body;
        assert_eq!(actual, expected, "request: {request}");
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_request_kind_is_documented() {
    for kind in [
        "eligibility",
        "fee",
        "group_fees",
        "sessions",
        "retake",
        "results_date",
        "service_window",
        "conduct",
        "id_number",
        "admission_ticket",
    ] {
        assert!(
            DOC.contains(&format!("## `{kind}`")),
            "{kind} is not documented"
        );
        assert!(
            DOC.contains(&format!("\"kind\": \"{kind}\"")),
            "{kind} has no example"
        );
    }
}

/// `PINGJIA_BLESS_DOC=1 cargo test -p pingjia-rules --test api_doc` rewrites every documented
/// response from the code, for a deliberate change of an answer; review the diff before committing.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn bless_the_documented_responses_when_asked() {
    if std::env::var_os("PINGJIA_BLESS_DOC").is_none() {
        return;
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules-api.md");
    let doc = std::fs::read_to_string(path).expect("the doc");
    let today = TODAY.parse().expect("date");
    let mut out = String::new();
    let mut rest = doc.as_str();
    let mut last_request = String::new();
    while let Some(start) = rest.find("```json ") {
        let (before, from_fence) = rest.split_at(start);
        out.push_str(before);
        let header_end = from_fence.find('\n').expect("a fence line");
        let header = &from_fence[..=header_end];
        let body_and_after = &from_fence[header_end + 1..];
        let end = body_and_after.find("\n```").expect("a closing fence");
        let body = &body_and_after[..end];
        out.push_str(header);
        if header.starts_with("```json request") {
            last_request = body.to_owned();
            out.push_str(body);
        } else {
            let actual = evaluate_json(&rulebook::Library::built_in(), &last_request, today).body;
            out.push_str(&serde_json::to_string_pretty(&actual).expect("JSON"));
        }
        rest = &body_and_after[end..];
    }
    out.push_str(rest);
    std::fs::write(path, out).expect("the doc is written");
}
