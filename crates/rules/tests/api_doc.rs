//! docs/rules-api.md cannot drift: every `json request` block must give exactly the
//! `json response` block after it, natively and in the browser.

use pingjia_rules::api::evaluate_json;
use pingjia_rules::rulebook;
use serde_json::Value;

/// The date requests without `on` are answered for; the examples all give one.
const TODAY: &str = "2025-06-01";

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const DOC: &str = include_str!("../../../docs/rules-api.md");

fn blocks(doc: &str, info: &str) -> Vec<String> {
    let fence = format!("```{info}\n");
    doc.match_indices(&fence)
        .filter_map(|(start, _)| {
            let body = &doc[start + fence.len()..];
            body.find("\n```").map(|end| body[..end].to_owned())
        })
        .collect()
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_documented_example_gives_the_documented_response() {
    let requests = blocks(DOC, "json request");
    let responses = blocks(DOC, "json response");
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
        let (actual, _) = evaluate_json(rulebook::current(), request, today);
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
