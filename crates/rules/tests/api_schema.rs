//! The rules API's published JSON Schemas (`docs/rules-api/v1/`, one per response kind and one
//! for every refusal) are the code's: each is derived from the answer's Rust type and must equal
//! the committed file, and every response documented in docs/rules-api.md must validate against
//! the schema of its kind.
//!
//! A changed answer type therefore fails here until its schema is written again:
//!
//! - a change that only adds (a field, a value) is written with
//!   `PINGJIA_BLESS_SCHEMA=1 cargo test -p pingjia-rules --test api_schema` and noted under
//!   "Changes" in docs/rules-api.md;
//! - a change that removes or moves a field of `/api/v1` is refused by name: that is a new
//!   version of the API, never a silent change under v1.

#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

use pingjia_rules::Reason;
use pingjia_rules::api::{
    ConductAnswer, ErrorResponse, FeeAnswer, GroupFeesAnswer, IdNumberAnswer, ResultsAnswer,
    RetakeReply, ServiceAnswer, SessionsAnswer,
};
use pingjia_rules::eligibility::Eligibility;
use pingjia_rules::sessions::TicketAnswer;
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::PathBuf;

mod common;
use common::doc_examples::blocks;

/// The envelope of an answer, as `AnswerResponse` writes it, for one kind's answer.
#[derive(JsonSchema)]
#[allow(dead_code, reason = "only its schema is used")]
struct Envelope<T> {
    ok: bool,
    kind: String,
    answer: T,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<Reason>,
    rulebook_version: String,
}

fn envelope<T: JsonSchema>(kind: &str) -> Value {
    let generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = serde_json::to_value(generator.into_root_schema_for::<Envelope<T>>())
        .expect("a schema is JSON");
    schema["title"] = json!(format!("The answer to a `{kind}` request (/api/v1)"));
    schema["properties"]["ok"] = json!({"const": true});
    schema["properties"]["kind"] = json!({"const": kind});
    schema["additionalProperties"] = json!(false);
    schema
}

fn refusal() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = serde_json::to_value(generator.into_root_schema_for::<ErrorResponse>())
        .expect("a schema is JSON");
    schema["title"] = json!("A refusal, from any endpoint (/api/v1)");
    schema["properties"]["ok"] = json!({"const": false});
    schema["additionalProperties"] = json!(false);
    schema
}

/// Every published schema: its file's name and the schema the code gives.
fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        ("eligibility", envelope::<Vec<Eligibility>>("eligibility")),
        ("fee", envelope::<FeeAnswer>("fee")),
        ("group_fees", envelope::<GroupFeesAnswer>("group_fees")),
        ("sessions", envelope::<SessionsAnswer>("sessions")),
        ("retake", envelope::<RetakeReply>("retake")),
        ("results_date", envelope::<ResultsAnswer>("results_date")),
        (
            "service_window",
            envelope::<ServiceAnswer>("service_window"),
        ),
        ("conduct", envelope::<ConductAnswer>("conduct")),
        ("id_number", envelope::<IdNumberAnswer>("id_number")),
        (
            "admission_ticket",
            envelope::<TicketAnswer>("admission_ticket"),
        ),
        ("error", refusal()),
    ]
}

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/rules-api/v1")
        .join(format!("{name}.schema.json"))
}

/// Every field a schema names, as "definition.field" ("response.field" at the top level): what
/// a client may rely on being there.
fn fields(schema: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    collect("response", schema, &mut found);
    if let Some(defs) = schema.get("$defs").and_then(Value::as_object) {
        for (name, def) in defs {
            collect(name, def, &mut found);
        }
    }
    found
}

fn collect(owner: &str, schema: &Value, found: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(props) = map.get("properties").and_then(Value::as_object) {
                for (field, inner) in props {
                    found.insert(format!("{owner}.{field}"));
                    collect(&format!("{owner}.{field}"), inner, found);
                }
            }
            for (key, inner) in map {
                if key != "properties" && key != "$defs" {
                    collect(owner, inner, found);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect(owner, i, found)),
        _ => {}
    }
}

#[test]
fn the_published_schemas_are_the_code_s() {
    let bless = std::env::var_os("PINGJIA_BLESS_SCHEMA").is_some();
    let mut stale = Vec::new();
    for (name, schema) in schemas() {
        let file = path(name);
        let text = format!("{}\n", serde_json::to_string_pretty(&schema).expect("JSON"));
        if bless {
            std::fs::create_dir_all(file.parent().expect("a folder")).expect("the folder");
            std::fs::write(&file, &text).expect("written");
            continue;
        }
        let committed: Value = std::fs::read_to_string(&file)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(Value::Null);
        if committed == schema {
            continue;
        }
        let gone: Vec<String> = fields(&committed)
            .difference(&fields(&schema))
            .cloned()
            .collect();
        assert!(
            gone.is_empty(),
            "{name}: the answer no longer has {gone:?}. Removing or moving a field of /api/v1 is a new version of the API (/api/v2), never a change under v1."
        );
        stale.push(name);
    }
    assert!(
        stale.is_empty(),
        "the shape of {stale:?} changed by adding: write the schemas again with PINGJIA_BLESS_SCHEMA=1 cargo test -p pingjia-rules --test api_schema, and say what was added under \"Changes\" in docs/rules-api.md"
    );
}

#[test]
fn every_documented_response_fits_the_schema_of_its_kind() {
    let schemas = schemas();
    let mut checked = BTreeSet::new();
    for response in blocks("json response") {
        let instance: Value = serde_json::from_str(&response).expect("JSON");
        let name = match instance["kind"].as_str() {
            Some(kind) if instance["ok"] == json!(true) => kind.to_string(),
            _ => "error".to_string(),
        };
        let (_, schema) = schemas
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no schema for {name}"));
        let validator = jsonschema::validator_for(schema).expect("a valid schema");
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}\n{response}");
        checked.insert(name);
    }
    // Every kind has at least one documented answer to check its schema against.
    for (name, _) in &schemas {
        assert!(checked.contains(*name), "no documented response of {name}");
    }
}

#[test]
fn a_schema_refuses_what_its_kind_does_not_answer() {
    let schemas = schemas();
    let fee = &schemas.iter().find(|(n, _)| *n == "fee").expect("fee").1;
    let validator = jsonschema::validator_for(fee).expect("a valid schema");
    let response = blocks("json response")
        .into_iter()
        .map(|r| serde_json::from_str::<Value>(&r).expect("JSON"))
        .find(|r| r["kind"] == "fee")
        .expect("a documented fee answer");
    assert!(validator.is_valid(&response));
    let mut renamed = response.clone();
    renamed["kind"] = json!("group_fees");
    assert!(!validator.is_valid(&renamed), "another kind");
    let mut extra = response.clone();
    extra["surprise"] = json!(1);
    assert!(!validator.is_valid(&extra), "a field no answer has");
    let mut missing = response;
    missing.as_object_mut().expect("an object").remove("answer");
    assert!(!validator.is_valid(&missing), "no answer");
}
