//! `candidate_drafts.toml`: what a person types, and the candidate or the problems it gives.
//! Run natively and as WebAssembly in headless Chromium, like the rules' scenarios.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
use pingjia_rules::candidate_draft::CandidateDraft;
use pingjia_rules::eligibility::Candidate;
use serde::Deserialize;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const FILE: &str = include_str!("candidate_drafts.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    draft: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    on: String,
    draft: toml::Value,
    candidate: Option<toml::Value>,
    #[serde(default)]
    problems: Vec<Expected>,
    #[serde(default)]
    messages: Vec<String>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct Expected {
    field: String,
    code: String,
}

fn json<T: serde::de::DeserializeOwned>(v: &toml::Value) -> Result<T, String> {
    let v = serde_json::to_value(v).map_err(|e| e.to_string())?;
    serde_json::from_value(v).map_err(|e| e.to_string())
}

fn run(case: &Case) -> Result<(), String> {
    let on = case.on.parse().map_err(|e| format!("on: {e}"))?;
    let draft: CandidateDraft = json(&case.draft).map_err(|e| format!("draft: {e}"))?;
    match (draft.check(on), &case.candidate) {
        (Ok(got), Some(want)) => {
            let want: Candidate = json(want).map_err(|e| format!("candidate: {e}"))?;
            if got == want {
                Ok(())
            } else {
                Err(format!("got {got:?}\n  expected {want:?}"))
            }
        }
        (Ok(got), None) => Err(format!("expected problems, got the candidate {got:?}")),
        (Err(problems), None) => {
            let got: Vec<Expected> = problems
                .iter()
                .map(|p| Expected {
                    field: p.field.path(),
                    code: p.code.code().to_string(),
                })
                .collect();
            if got != case.problems {
                return Err(format!("problems {got:?}\n  expected {:?}", case.problems));
            }
            if case.messages.len() != problems.len() {
                return Err("give one message fragment per problem".into());
            }
            for (p, words) in problems.iter().zip(&case.messages) {
                let m = p.message();
                if !m.zh.contains(words.as_str()) || m.en.is_empty() {
                    return Err(format!("message {:?} lacks “{words}”", m));
                }
            }
            Ok(())
        }
        (Err(problems), Some(_)) => Err(format!("expected the candidate, got {problems:?}")),
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_draft_case_holds() {
    let file: File = toml::from_str(FILE).expect("candidate_drafts.toml parses");
    let failures: Vec<String> = file
        .draft
        .iter()
        .filter_map(|c| run(c).err().map(|e| format!("“{}”: {e}", c.name)))
        .collect();
    assert!(file.draft.len() >= 12, "only {} cases", file.draft.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What the API receives as a candidate is refused for the same reasons as what a person typed.
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_api_and_the_draft_refuse_alike() {
    use pingjia_rules::api::evaluate_json;
    use pingjia_rules::rulebook;
    let today = "2025-06-01".parse().expect("date");
    let response = evaluate_json(
        &rulebook::Library::built_in(),
        r#"{"kind":"eligibility","level":"three","on":"2025-06-01","candidate":{"birth_date":"1990-05-01","work":[{"from":"2020-01-01","until":"2019-12-31"}]}}"#,
        today,
    )
    .body;
    let draft = CandidateDraft {
        birth_date: "1990-05-01".into(),
        work: vec![pingjia_rules::candidate_draft::WorkDraft {
            from: "2020-01-01".into(),
            until: "2019-12-31".into(),
            ongoing: false,
        }],
        ..CandidateDraft::default()
    };
    let problems = draft.check(today).expect_err("backwards");
    assert_eq!(response["error"]["code"], problems[0].code.code());
    assert_eq!(
        response["error"]["message"]["zh-CN"],
        problems[0].message().zh.as_ref()
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_birth_date_is_read_from_the_number_only_when_none_is_typed() {
    let mut draft = CandidateDraft {
        id_number: "11010519491231002x ".into(),
        ..CandidateDraft::default()
    };
    assert_eq!(
        draft.birth_date_from_id_number().map(|d| d.to_string()),
        Some("1949-12-31".into())
    );
    // A typed date is what the form shows (and what is checked against the number).
    draft.birth_date = "1950-01-01".into();
    assert_eq!(draft.birth_date_from_id_number(), None);
    // A number with a wrong check character gives none: the date is asked for.
    draft.birth_date.clear();
    draft.id_number = "110105194912310021".into();
    assert_eq!(draft.birth_date_from_id_number(), None);
}
