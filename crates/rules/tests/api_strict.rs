//! What the rules API refuses, and how: a misspelt field anywhere in any request kind, a date
//! that is not `YYYY-MM-DD`, a huge bad value (quoted only in part), a group too large to cost.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
use pingjia_rules::api::{QUOTE_LIMIT, evaluate_json};
use pingjia_rules::fees::MAX_GROUP_MEMBERS;
use pingjia_rules::rulebook;
use serde_json::{Value, json};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn ask(request: &Value) -> Value {
    let today = "2025-06-01".parse().expect("date");
    evaluate_json(&rulebook::Library::built_in(), &request.to_string(), today).body
}

/// One valid request of every kind, with every nested object filled in.
fn every_kind() -> Vec<Value> {
    vec![
        json!({"kind": "eligibility", "level": "three", "on": "2025-06-01", "candidate": {
            "birth_date": "1990-01-01",
            "schooling": [{"school": "college", "status": "graduated", "related_specialty": true, "assessed": false}],
            "work": [{"from": "2015-01-01", "until": "2020-01-01"}],
            "certificates": [{"level": "four", "issued": "2018-01-01"}],
            "titles": [{"grade": "junior", "obtained": "2019-01-01"}]}}),
        json!({"kind": "fee", "level": "two", "retake": ["theory"], "on": "2025-06-01"}),
        json!({"kind": "group_fees", "on": "2025-06-01", "members": [{"level": "three", "retake": []}]}),
        json!({"kind": "sessions", "level": "three", "on": "2025-06-01"}),
        json!({"kind": "retake", "level": "three", "first_evaluation": "2025-07-12", "passed": ["theory"], "from_competition": false, "on": "2025-08-01"}),
        json!({"kind": "results_date", "last_subject": "2025-07-12", "on": "2025-08-01"}),
        json!({"kind": "service_window", "at": "2025-06-06T10:00:00", "on": "2025-06-06"}),
        json!({"kind": "conduct", "code": "3-1", "on": "2025-06-01"}),
        json!({"kind": "id_number", "id_number": "11010519491231002X", "on": "2025-06-01"}),
        json!({"kind": "admission_ticket", "evaluation": "2025-07-12", "on": "2025-06-01"}),
    ]
}

/// Every JSON object inside `v` (itself included), by JSON pointer.
fn objects(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            out.push(at.clone());
            for (k, child) in map {
                objects(child, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                objects(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn every_kind_and_every_nested_object_refuses_a_misspelt_field_by_name() {
    let mut checked = 0;
    for request in every_kind() {
        assert_eq!(
            ask(&request)["ok"],
            true,
            "the valid form is answered: {request}"
        );
        let mut pointers = Vec::new();
        objects(&request, String::new(), &mut pointers);
        for pointer in pointers {
            let mut bad = request.clone();
            let Some(Value::Object(map)) = bad.pointer_mut(&pointer) else {
                panic!("{pointer} is an object");
            };
            map.insert("untill".into(), json!("2020-01-01"));
            let response = ask(&bad);
            assert_eq!(
                response["error"]["code"], "unknown_field",
                "{bad}: {response}"
            );
            for lang in ["zh-CN", "en"] {
                let message = response["error"]["message"][lang].as_str().unwrap_or("");
                assert!(
                    message.contains("untill"),
                    "{lang} names the field: {message}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 16, "only {checked} objects checked");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn dates_must_be_zero_padded_and_between_1900_and_2199_in_every_kind() {
    for request in every_kind() {
        for (date, code) in [
            ("2025-6-1", "bad_date"),
            ("1899-12-31", "date_out_of_range"),
            ("2200-01-01", "date_out_of_range"),
        ] {
            let mut bad = request.clone();
            bad["on"] = json!(date);
            let response = ask(&bad);
            assert_eq!(response["error"]["code"], code, "{bad}: {response}");
        }
    }
    let response = ask(&json!({"kind": "fee", "level": "two", "on": "2025-6-1"}));
    let zh = response["error"]["message"]["zh-CN"].as_str().unwrap_or("");
    assert!(zh.contains("2025-06-01"), "an example is given: {zh}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_huge_bad_value_is_quoted_only_in_part() {
    let huge = "水".repeat(100_000);
    for request in [
        json!({"kind": huge}),
        json!({"kind": "fee", "level": huge}),
        json!({"kind": "fee", "level": "two", "on": huge}),
        json!({"kind": "conduct", "code": huge}),
        json!({"kind": "fee", "level": 5, huge.clone(): 1}),
        json!({"kind": "id_number", "id_number": 123456}),
    ] {
        let response = ask(&request);
        assert_eq!(response["ok"], false);
        for lang in ["zh-CN", "en"] {
            let message = response["error"]["message"][lang].as_str().unwrap_or("");
            let quoted = message.matches('水').count();
            assert!(
                quoted <= QUOTE_LIMIT,
                "{lang}: {quoted} characters of the input quoted"
            );
            assert!(
                message.chars().count() < 600,
                "{lang}: {} characters",
                message.chars().count()
            );
        }
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_group_is_capped_and_its_totals_are_exact_at_the_cap() {
    let member = json!({"level": "two"});
    let at_cap = json!({"kind": "group_fees", "on": "2025-06-01", "members": vec![member.clone(); MAX_GROUP_MEMBERS]});
    let response = ask(&at_cap);
    assert_eq!(response["answer"]["total"], 1368 * MAX_GROUP_MEMBERS as u64);
    let over = json!({"kind": "group_fees", "on": "2025-06-01", "members": vec![member; MAX_GROUP_MEMBERS + 1]});
    let response = ask(&over);
    assert_eq!(
        response["error"]["code"], "too_many_members",
        "{}",
        response["error"]
    );
    let zh = response["error"]["message"]["zh-CN"].as_str().unwrap_or("");
    assert!(zh.contains("10000"), "{zh}");
}
