//! What a hostile or careless client tries, and what the server does: limits no stranger can
//! spend, sign-in guessing slowed, accounts not opened by the hundred, bodies that are not JSON,
//! pushes with one op id twice, ids in another case, revisions at the top of the range, and
//! pull pages bounded by bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
mod common;

use common::{Backend, Client, candidate, draft, op, roomy, start};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn a_stranger_who_knows_a_device_id_cannot_spend_its_requests(backend: Backend) {
    let mut options = roomy();
    options.sync.requests_per_minute_per_token = 60; // bursts of 10
    let server = start(backend, options).await;
    let client = Client::new(&server.base);
    let device = client.open_account("某学校").await;
    // The token's public part is the device id; the secret after it is what the stranger lacks.
    let forged = format!(
        "pjd_{}_{}",
        device.device_id.trim_start_matches("pjd_"),
        "x".repeat(43)
    );
    for _ in 0..30 {
        let answer = client
            .send(Method::GET, "/api/v1/sync/pull", Some(&forged), None)
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.body);
    }
    let mine = client.pull(&device, "", 10).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
}

async fn guessing_tokens_or_keys_from_one_address_is_slowed(backend: Backend) {
    let mut options = roomy();
    options.sync.failed_sign_ins_per_minute_per_ip = 10; // bursts of 10
    let server = start(backend, options).await;
    let client = Client::new(&server.base);
    let mut statuses = Vec::new();
    for n in 0..12 {
        let token = format!("pjd_{n:016x}_{}", "y".repeat(43));
        let answer = client
            .send(Method::GET, "/api/v1/sync/devices", Some(&token), None)
            .await;
        statuses.push(answer.status.as_u16());
    }
    assert!(statuses[..10].iter().all(|s| *s == 401), "{statuses:?}");
    assert_eq!(statuses[11], 429, "{statuses:?}");
    let wrong_key = client
        .join(&format!("pjk_{:016x}_{}", 7, "z".repeat(43)), "某设备")
        .await;
    assert_eq!(wrong_key.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(wrong_key.retry_after.is_some());
}

async fn accounts_are_not_opened_by_the_hundred(backend: Backend) {
    let mut options = roomy();
    options.sync.accounts_per_hour_per_ip = 3;
    let server = start(backend, options).await;
    let client = Client::new(&server.base);
    let body = json!({ "name": "某学校", "contact": "", "device_name": "电脑" }).to_string();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let answer = client
            .send(
                Method::POST,
                "/api/v1/sync/accounts",
                None,
                Some(body.clone()),
            )
            .await;
        statuses.push(answer.status.as_u16());
    }
    assert_eq!(statuses, [201, 201, 201, 429, 429]);
}

async fn what_no_app_sends_is_refused_with_its_reason(backend: Backend) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let device = client.open_account("某学校").await;

    // Not JSON by its type: 415.
    let push = json!({ "device_id": device.device_id, "ops": [] }).to_string();
    let text = client
        .http
        .post(format!("{}/api/v1/sync/push", server.base))
        .bearer_auth(&device.token)
        .header("content-type", "text/plain")
        .body(push)
        .send()
        .await
        .expect("answers");
    assert_eq!(text.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body: Value = text.json().await.expect("json");
    assert_eq!(body["error"]["code"], "unsupported_media_type");

    // One op id twice in a push: the push is refused whole.
    let twice = client
        .push(
            &device,
            &[op(1, 0, draft(1, 1, "甲")), op(1, 0, draft(2, 1, "乙"))],
        )
        .await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);
    assert_eq!(twice.body["error"]["code"], "repeated_op_id");

    // An id in upper case, and a revision at the top of the range: rejected, and settled.
    let mut shouting = draft(3, 1, "丙");
    shouting["id"] = json!(shouting["id"].as_str().unwrap_or("").to_uppercase());
    let mut at_the_top = draft(4, 1, "丁");
    at_the_top["revision"] = json!(u64::MAX);
    let answer = client
        .push(&device, &[op(1, 0, shouting), op(2, 0, at_the_top)])
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body["results"][0]["code"], "malformed_record");
    assert_eq!(answer.body["results"][1]["code"], "revision_out_of_range");
    assert_eq!(answer.body["last_op_id"], 2);
}

async fn a_pull_page_is_bounded_by_bytes_as_well_as_records(backend: Backend) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let device = client.open_account("某学校").await;
    // 300 drafts with 4,000 characters of notes each: about 3.6 MB of records.
    let notes = "备".repeat(4000);
    let ops: Vec<Value> = (1..=300u64)
        .map(|n| {
            let mut d = draft(n, 1, "某学校");
            d["notes"] = json!(notes);
            op(n, 0, d)
        })
        .collect();
    for batch in ops.chunks(100) {
        let answer = client.push(&device, batch).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    }
    let first = client.pull(&device, "", 1000).await;
    assert_eq!(first.status, StatusCode::OK);
    let records = first.body["records"].as_array().map_or(0, Vec::len);
    assert!(
        (50..300).contains(&records),
        "a page of about 1 MB holds {records} of 300 records"
    );
    assert_eq!(first.body["more"], true);
    // Paging on, every record comes once.
    let (all, _) = client.pull_all(&device, 1000).await;
    assert_eq!(all.len(), 300);
    let unused = candidate(1, 1, 1, "", "");
    assert!(unused.is_object());
}

async fn a_replaced_key_joins_no_device_and_the_devices_signed_in_go_on(backend: Backend) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let laptop = client.open_account("某学校").await;
    let old_key = laptop.sync_key.clone().expect("the key, shown once");
    let phone = common::device(&client.join(&old_key, "手机").await.body);
    // "Sign out everywhere" and a new key: the old key, which a lost phone may still show, no
    // longer joins anything.
    let replaced = client
        .send(
            Method::POST,
            "/api/v1/sync/account/key",
            Some(&laptop.token),
            None,
        )
        .await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.body);
    let new_key = replaced.body["sync_key"].as_str().unwrap_or("").to_string();
    assert!(
        new_key.starts_with(&format!("pjk_{}_", laptop.account_id)),
        "{new_key}"
    );
    assert_ne!(new_key, old_key);
    let with_old = client.join(&old_key, "陌生设备").await;
    assert_eq!(with_old.status, StatusCode::UNAUTHORIZED);
    assert_eq!(with_old.body["error"]["code"], "sync_key_invalid");
    // The devices already signed in go on; the new key joins.
    assert_eq!(client.pull(&phone, "", 10).await.status, StatusCode::OK);
    assert_eq!(client.pull(&laptop, "", 10).await.status, StatusCode::OK);
    assert_eq!(
        client.join(&new_key, "新电脑").await.status,
        StatusCode::CREATED
    );
}

async fn the_rules_api_is_limited_per_address_like_every_route(backend: Backend) {
    let mut options = roomy();
    options.sync.requests_per_minute_per_ip = 60; // bursts of 10
    let server = start(backend, options).await;
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let answer = client
            .post(format!("{}/api/v1/eval", server.base))
            .body(r#"{"kind":"fee","level":"three"}"#)
            .send()
            .await
            .expect("answers");
        statuses.push(answer.status().as_u16());
    }
    assert!(statuses[..10].iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(statuses[11], 429, "{statuses:?}");
}

on_both_backends!(
    the_rules_api_is_limited_per_address_like_every_route,
    a_replaced_key_joins_no_device_and_the_devices_signed_in_go_on,
    a_stranger_who_knows_a_device_id_cannot_spend_its_requests,
    guessing_tokens_or_keys_from_one_address_is_slowed,
    accounts_are_not_opened_by_the_hundred,
    what_no_app_sends_is_refused_with_its_reason,
    a_pull_page_is_bounded_by_bytes_as_well_as_records,
);
