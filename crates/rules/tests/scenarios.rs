//! The scenario files (tests/scenarios/*.toml): each scenario is a rules-API request and the
//! values its response must hold. The same files run natively (`cargo test`) and as
//! WebAssembly in headless Chromium (wasm-bindgen-test), so the app's answers match the server's.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
use pingjia_rules::api::evaluate_json;
use pingjia_rules::rulebook;
use serde::Deserialize;
use std::collections::BTreeMap;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Every scenario file, compiled in so the browser needs no file system.
const FILES: [(&str, &str); 7] = [
    (
        "eligibility.toml",
        include_str!("scenarios/eligibility.toml"),
    ),
    ("fees.toml", include_str!("scenarios/fees.toml")),
    ("sessions.toml", include_str!("scenarios/sessions.toml")),
    ("retake.toml", include_str!("scenarios/retake.toml")),
    ("results.toml", include_str!("scenarios/results.toml")),
    ("service.toml", include_str!("scenarios/service.toml")),
    ("conduct.toml", include_str!("scenarios/conduct.toml")),
];

/// Requests without `on` would be answered for this day; the scenarios give their own dates.
const TODAY: &str = "2025-06-01";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    scenario: Vec<Scenario>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    name: String,
    request: toml::Value,
    /// JSON pointer into the response → the value it must have.
    expect: BTreeMap<String, toml::Value>,
}

fn parse(file: &str, text: &str) -> Result<File, String> {
    toml::from_str(text).map_err(|e| format!("{file}: {e}"))
}

/// Whether `got` is `want`: equal, or, for `{ contains = "…" }`, a string holding that text.
/// (`{ absent = true }` is checked where the pointer finds nothing, or null.)
fn matches(got: &serde_json::Value, want: &serde_json::Value) -> bool {
    if let Some(part) = want.get("contains").and_then(|v| v.as_str())
        && want.as_object().is_some_and(|o| o.len() == 1)
    {
        return got.as_str().is_some_and(|g| g.contains(part));
    }
    got == want
}

/// The scenarios of the fictitious 2026 test notice, answered with it kept beside the built-in
/// notices as the app keeps it (`tests/fixtures/notice-2026-test.kept`, the book reader's text
/// of `crates/rulebook/tests/fixtures/notice-2026-test.toml`; `books_at_run_time.rs` holds the
/// two equal).
const TEST_NOTICE_FILES: [(&str, &str); 1] = [(
    "scenarios-2026-test/notice.toml",
    include_str!("scenarios-2026-test/notice.toml"),
)];
const TEST_NOTICE_KEPT: &str = include_str!("fixtures/notice-2026-test.kept");

/// Runs every scenario; returns how many ran, or every failure with its file and name.
fn run_all() -> Result<usize, Vec<String>> {
    run(&FILES, &rulebook::Library::built_in())
}

fn run(files: &[(&str, &str)], library: &rulebook::Library) -> Result<usize, Vec<String>> {
    let today = TODAY.parse().expect("a date");
    let mut failures = Vec::new();
    let mut count = 0;
    for &(file, text) in files {
        let parsed = match parse(file, text) {
            Ok(parsed) => parsed,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        for s in parsed.scenario {
            count += 1;
            let request = serde_json::to_string(&s.request).expect("TOML is JSON-able");
            let response = evaluate_json(library, &request, today).body;
            if s.expect.is_empty() {
                failures.push(format!("{file}: “{}” expects nothing", s.name));
            }
            for (pointer, want) in &s.expect {
                let want = serde_json::to_value(want).expect("TOML is JSON-able");
                match response.pointer(pointer) {
                    Some(got) if matches(got, &want) => {}
                    None | Some(serde_json::Value::Null)
                        if want == serde_json::json!({ "absent": true }) => {}
                    got => failures.push(format!(
                        "{file}: “{}”: {pointer} is {}, expected {want}\n  response: {response}",
                        s.name,
                        got.map_or("missing".to_string(), ToString::to_string)
                    )),
                }
            }
        }
    }
    if failures.is_empty() {
        Ok(count)
    } else {
        Err(failures)
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_scenario_holds() {
    match run_all() {
        Ok(count) => assert!(count >= 150, "only {count} scenarios"),
        Err(failures) => panic!("{} failure(s):\n{}", failures.len(), failures.join("\n")),
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_test_notice_s_scenarios_hold_once_it_is_kept() {
    let kept = rulebook::kept::read(TEST_NOTICE_KEPT).expect("the kept test notice reads");
    let library = rulebook::Library::of(rulebook::NOTICES.iter().copied().chain([kept]));
    match run(&TEST_NOTICE_FILES, &library) {
        Ok(count) => assert!(count >= 5, "only {count} scenarios"),
        Err(failures) => panic!("{} failure(s):\n{}", failures.len(), failures.join("\n")),
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn unknown_keys_are_refused_with_the_file_and_line() {
    let text = "[[scenario]]\nname = \"x\"\nrequest = { kind = \"conduct\" }\nexpcet = {}\n";
    let err = parse("typo.toml", text).err().expect("refused");
    assert!(err.contains("typo.toml"), "{err}");
    assert!(err.contains("line 4"), "{err}");
    assert!(err.contains("expcet"), "{err}");
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn every_scenario_file_is_run() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scenarios");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("the scenarios folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FILES.iter().map(|(n, _)| (*n).to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "add new scenario files to FILES");
}
