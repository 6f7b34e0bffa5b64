//! PostgreSQL restarted between two pushes: the server's connections die with it, the client
//! retries on 503 until it comes back, and nothing is lost or applied twice. Alone in its test
//! binary, because the restart would break the tests running beside it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
mod common;

use common::process::serve;
use common::{Backend, Client, candidate, op};
use reqwest::StatusCode;
use serde_json::Value;

fn ops(from: u64, count: u64) -> Vec<Value> {
    (from..from + count)
        .map(|n| op(n, 0, candidate(n, 1, 1, "考生", "")))
        .collect()
}

#[tokio::test]
async fn postgres_restarted_between_two_pushes_loses_and_doubles_nothing() {
    if !Backend::postgres_available() {
        return;
    }
    let Some(restart) = std::env::var("PINGJIA_TEST_POSTGRES_RESTART")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        assert!(
            std::env::var("CI").is_err(),
            "PINGJIA_TEST_POSTGRES_RESTART is not set (cargo xtask test sets it)"
        );
        eprintln!("SKIPPED: PINGJIA_TEST_POSTGRES_RESTART is not set");
        return;
    };
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = common::fresh_postgres_database().await;
    let server = serve(dir.path(), "warn", &db);
    let client = Client::new(&server.base);
    let device = client.open_account("某学校").await;
    let first = ops(1, 50);
    assert_eq!(client.push(&device, &first).await.status, StatusCode::OK);

    let status = std::process::Command::new("sh")
        .args(["-c", &restart])
        .status()
        .expect("the restart runs");
    assert!(status.success(), "PostgreSQL restarted");

    // The pool's connections died with the server: the client retries, as the app does, until
    // the push is acknowledged (bounded), then sends it once more as a lost acknowledgement would.
    let second = ops(51, 50);
    let mut answered = None;
    for _ in 0..40 {
        let answer = client.push(&device, &second).await;
        if answer.status == StatusCode::OK {
            answered = Some(answer);
            break;
        }
        assert_eq!(
            answer.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            answer.body
        );
        assert!(answer.retry_after.is_some());
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    let answered = answered.expect("PostgreSQL came back");
    assert_eq!(answered.body["last_op_id"], 100);
    let again = client.push(&device, &second).await;
    assert!(
        again.body["results"]
            .as_array()
            .is_some_and(|r| r.iter().all(|r| r["outcome"] == "already_applied"))
    );
    let (records, _) = client.pull_all(&device, 500).await;
    let ids: std::collections::HashSet<_> = records.iter().map(|r| r["id"].to_string()).collect();
    assert_eq!((records.len(), ids.len()), (100, 100));
}
