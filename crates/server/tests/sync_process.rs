//! `pingjia serve` as a process: killed with SIGKILL in the middle of a device's pushes and
//! started again, nothing acknowledged is lost and nothing is applied twice; and what it logs
//! never holds a name, an identity number or a secret.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
mod common;

use common::process::{database, push_until_stopped, serve};
use common::{Backend, Client, candidate, draft, op};
use reqwest::StatusCode;
use serde_json::Value;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

fn outbox(count: u64) -> Vec<Value> {
    let mut ops = vec![op(1, 0, draft(1, 1, "某学校"))];
    ops.extend((2..=count).map(|n| op(n, 0, candidate(n, 1, 1, "考生", ""))));
    ops
}

async fn a_server_killed_mid_push_keeps_every_acknowledged_operation_exactly_once(
    backend: Backend,
) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = database(backend, dir.path()).await;
    let mut first = serve(dir.path(), "warn", &db);
    let client = Client::new(&first.base);
    let device = client.open_account("某学校").await;
    let ops = outbox(1000);
    let acked = Arc::new(AtomicU64::new(0));

    // Kill the server (SIGKILL: no shutdown, no flush) once about 300 operations are acknowledged,
    // while the pushes go on.
    let watcher = {
        let acked = Arc::clone(&acked);
        let pid = first.child.id();
        std::thread::spawn(move || {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while acked.load(Ordering::SeqCst) < 300 && std::time::Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        })
    };
    push_until_stopped(&client, &device, &ops, &acked).await;
    watcher.join().expect("the watcher");
    let _ = first.child.wait();
    let acknowledged = acked.load(Ordering::SeqCst);
    assert!(
        (300..1000).contains(&acknowledged),
        "killed after {acknowledged} acknowledgements"
    );

    let mut second = serve(dir.path(), "warn", &db);
    let client = Client::new(&second.base);
    let (records, _) = client.pull_all(&device, 500).await;
    assert!(
        records.len() as u64 >= acknowledged,
        "{} records, {acknowledged} acknowledged",
        records.len()
    );
    let devices = client.devices(&device).await;
    let server_last = devices.body["devices"][0]["last_op_id"]
        .as_u64()
        .expect("last op id");
    assert!(server_last >= acknowledged);
    assert_eq!(
        records.len() as u64,
        server_last,
        "what the server counts applied is what it holds"
    );

    // The client sends again from its last acknowledgement: the batch that was in flight may
    // already be applied (then it is skipped), the rest is applied once.
    push_until_stopped(&client, &device, &ops, &acked).await;
    assert_eq!(acked.load(Ordering::SeqCst), 1000);
    let (records, _) = client.pull_all(&device, 500).await;
    assert_eq!(records.len(), 1000);
    let ids: std::collections::HashSet<_> = records.iter().map(|r| r["id"].to_string()).collect();
    assert_eq!(ids.len(), 1000, "each operation present exactly once");
    assert!(records.iter().all(|r| r["revision"] == 1));
    let _ = second.child.kill();
    let _ = second.child.wait();
}

async fn the_server_log_never_holds_names_identity_numbers_or_secrets(backend: Backend) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = database(backend, dir.path()).await;
    let mut server = serve(
        dir.path(),
        "trace,hyper=info,h2=info,tokio_postgres=trace",
        &db,
    );
    let client = Client::new(&server.base);
    let laptop = client.open_account("日志测试学校").await;
    let key = laptop.sync_key.clone().expect("a key");
    let phone = common::device(&client.join(&key, "手机").await.body);
    let name = "孙八日志测试";
    let number = "11010519491231002X";
    let ops = [
        op(1, 0, draft(1, 1, "日志测试学校")),
        op(2, 0, candidate(2, 1, 1, name, number)),
    ];
    assert_eq!(client.push(&laptop, &ops).await.status, StatusCode::OK);
    let mut bad = candidate(3, 1, 1, name, number);
    bad["entry"]["candidate"]["birth_date"] = serde_json::json!("1949-02-30");
    assert_eq!(
        client.push(&laptop, &[op(3, 0, bad)]).await.status,
        StatusCode::OK
    );
    assert_eq!(client.pull_all(&phone, 500).await.0.len(), 2);
    let export = client
        .send(
            reqwest::Method::GET,
            "/api/v1/sync/account/export",
            Some(&phone.token),
            None,
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    let _ = server.child.kill();
    let _ = server.child.wait();

    let log = std::fs::read_to_string(dir.path().join("server.log")).expect("the log");
    assert!(
        log.contains("/api/v1/sync/push"),
        "the log is at trace level:\n{log}"
    );
    // A secret reads `<prefix>_<public id>_<secret>`, and the secret's URL-safe base64 can
    // itself hold '_': everything after the second '_' is the secret.
    let secret = |token: &str| token.splitn(3, '_').nth(2).unwrap_or("").to_string();
    for (what, text) in [
        ("a name", name.to_string()),
        ("an identity number", number.to_string()),
        ("the sync key", secret(&key)),
        ("a device token", secret(&laptop.token)),
        ("a device token", secret(&phone.token)),
    ] {
        assert!(
            text.len() >= 16,
            "{what} was not read out of its token: {text:?}"
        );
        assert!(
            !log.contains(&text),
            "{what} ({text}) is in the log:\n{log}"
        );
    }
}

on_both_backends!(
    a_server_killed_mid_push_keeps_every_acknowledged_operation_exactly_once,
    the_server_log_never_holds_names_identity_numbers_or_secrets,
);
