//! "添加设备": a signed-in device makes a join code that joins one more device, once, within
//! minutes, so nobody needs the sync key shown when the account was opened. Over real HTTP on
//! both stores, and the expiry on the store itself (the clock is an argument there).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
mod common;

use common::{Backend, Client, Device, draft, op, roomy, start};
use pingjia_server::sync::SqliteStore;
use pingjia_server::sync::store::{NewRow, SyncStore};
use reqwest::{Method, StatusCode};

async fn make_code(client: &Client, device: &Device) -> common::Answer {
    client
        .send(
            Method::POST,
            "/api/v1/sync/devices/join-code",
            Some(&device.token),
            None,
        )
        .await
}

async fn a_join_code_joins_one_device_once(backend: Backend) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let laptop = client.open_account("某学校").await;
    let pushed = client
        .push(&laptop, &[op(1, 0, draft(1, 1, "某学校"))])
        .await;
    assert_eq!(pushed.status, StatusCode::OK, "{}", pushed.body);

    let made = make_code(&client, &laptop).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let code = made.body["join_code"].as_str().expect("a code").to_string();
    assert!(code.starts_with("pji_"), "{code}");
    assert_eq!(made.body["valid_minutes"], 10);
    assert!(
        made.body["expires_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );

    // The code is given where the key would be.
    let joined = client.join(&code, "王老师的手机").await;
    assert_eq!(joined.status, StatusCode::CREATED, "{}", joined.body);
    let phone = common::device(&joined.body);
    assert_eq!(phone.account_id, laptop.account_id);
    assert!(phone.sync_key.is_none());
    let (records, _) = client.pull_all(&phone, 500).await;
    assert_eq!(
        records.len(),
        1,
        "the new device reads the account's drafts"
    );

    // Once only.
    let again = client.join(&code, "另一台").await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED, "{}", again.body);
    assert_eq!(again.body["error"]["code"], "join_code_invalid");
    assert!(
        again.body["error"]["message"]["zh-CN"]
            .as_str()
            .is_some_and(|m| m.contains("添加设备")),
        "{}",
        again.body
    );
    let list = client.devices(&laptop).await;
    assert_eq!(list.body["devices"].as_array().map(Vec::len), Some(2));

    // A code with a wrong secret joins nothing, and does not use the code up.
    let fresh = make_code(&client, &phone).await;
    let fresh = fresh.body["join_code"]
        .as_str()
        .expect("a code")
        .to_string();
    let forged = format!("{}{}", &fresh[..fresh.len() - 4], "AAAA");
    assert_eq!(
        client.join(&forged, "冒充").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        client.join(&fresh, "平板").await.status,
        StatusCode::CREATED
    );
}

async fn a_code_stops_when_its_device_or_every_device_is_signed_out(backend: Backend) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let laptop = client.open_account("某学校").await;
    let key = laptop.sync_key.clone().expect("the key");
    let phone = common::device(&client.join(&key, "手机").await.body);

    // Made by the phone, which is then signed out from the laptop.
    let code = make_code(&client, &phone).await.body["join_code"]
        .as_str()
        .expect("a code")
        .to_string();
    let revoked = client
        .send(
            Method::DELETE,
            &format!("/api/v1/sync/devices/{}", phone.device_id),
            Some(&laptop.token),
            None,
        )
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    let refused = client.join(&code, "平板").await;
    assert_eq!(refused.body["error"]["code"], "join_code_invalid");
    assert_eq!(
        make_code(&client, &phone).await.status,
        StatusCode::UNAUTHORIZED,
        "a signed-out device makes no code"
    );

    // Made by the laptop, then every device is signed out.
    let code = make_code(&client, &laptop).await.body["join_code"]
        .as_str()
        .expect("a code")
        .to_string();
    let all = client
        .send(
            Method::POST,
            "/api/v1/sync/devices/revoke-all",
            Some(&laptop.token),
            None,
        )
        .await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(
        client.join(&code, "平板").await.body["error"]["code"],
        "join_code_invalid"
    );
}

on_both_backends!(
    a_join_code_joins_one_device_once,
    a_code_stops_when_its_device_or_every_device_is_signed_out,
);

#[test]
fn a_code_works_until_it_expires_and_expired_codes_are_dropped() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = pingjia_server::db::Database::open(&dir.path().join("db.sqlite3")).expect("db");
    let store = SqliteStore::new(db);
    let row = |public_id: &'static str| NewRow {
        public_id,
        digest: &[7; 32],
        name: "电脑",
    };
    store
        .create_account(row("aaaaaaaaaaaaaaaa"), "", row("bbbbbbbbbbbbbbbb"))
        .expect("an account");
    let device = store
        .device_credentials("bbbbbbbbbbbbbbbb")
        .expect("read")
        .expect("the device")
        .auth;
    let code = NewRow {
        public_id: "cccccccccccccccc",
        digest: &[9; 32],
        name: "",
    };
    let (made, expires) = (1_000_000, 1_000_600);
    store
        .add_join_code(device.account, device.device, code, expires, made)
        .expect("a code");
    assert!(
        store
            .join_code("cccccccccccccccc", expires - 1)
            .expect("read")
            .is_some()
    );
    assert!(
        store
            .join_code("cccccccccccccccc", expires)
            .expect("read")
            .is_none(),
        "expired at its time"
    );
    assert!(
        !store
            .join_with_code("cccccccccccccccc", expires, row("dddddddddddddddd"))
            .expect("tried"),
        "an expired code adds no device"
    );
    assert!(
        store
            .device_credentials("dddddddddddddddd")
            .expect("read")
            .is_none()
    );

    // The next code made drops the expired one.
    let next = NewRow {
        public_id: "eeeeeeeeeeeeeeee",
        digest: &[9; 32],
        name: "",
    };
    store
        .add_join_code(device.account, device.device, next, expires + 600, expires)
        .expect("a code");
    let conn = rusqlite::Connection::open(dir.path().join("db.sqlite3")).expect("open");
    let left: Vec<String> = conn
        .prepare("SELECT public_id FROM sync_join_codes")
        .expect("query")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read");
    assert_eq!(left, vec!["eeeeeeeeeeeeeeee".to_string()]);
    assert!(
        store
            .join_with_code("eeeeeeeeeeeeeeee", expires + 1, row("dddddddddddddddd"))
            .expect("joined")
    );
}
