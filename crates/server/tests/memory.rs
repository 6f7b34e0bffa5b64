//! The server's memory stays bounded whatever one account's clients do: 50 pulls of an account
//! holding about 12 MB of records, whose answers are never read, hold at most a page of about
//! 1 MB each. The server runs as a process of its own, its resident memory read from /proc.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
mod common;

use common::{Client, draft, op, process};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// The resident memory of process `pid`, in MB.
fn resident_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

#[tokio::test]
async fn pulls_that_are_never_read_hold_a_bounded_amount_of_memory() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let server = process::serve(
        dir.path(),
        "warn",
        &dir.path().join("sync.sqlite3").to_string_lossy(),
    );
    let client = Client::new(&server.base);
    let device = client.open_account("某学校").await;
    let notes = "备".repeat(4000);
    let ops: Vec<Value> = (1..=1000u64)
        .map(|n| {
            let mut d = draft(n, 1, "某学校");
            d["notes"] = json!(notes);
            op(n, 0, d)
        })
        .collect();
    for batch in ops.chunks(100) {
        assert_eq!(client.push(&device, batch).await.status, StatusCode::OK);
    }
    let before = resident_mb(server.child.id());

    let address = server.base.trim_start_matches("http://").to_string();
    let request = format!(
        "GET /api/v1/sync/pull?limit=1000 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\r\n",
        device.token
    );
    let mut unread = Vec::new();
    for _ in 0..50 {
        let mut stream = TcpStream::connect(&address).await.expect("connects");
        stream
            .write_all(request.as_bytes())
            .await
            .expect("the request");
        unread.push(stream);
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let during = resident_mb(server.child.id());
    println!("server memory: {before} MB before, {during} MB with 50 unread pulls");
    assert!(
        during < 300,
        "the server holds {during} MB with 50 unread pulls (before: {before} MB)"
    );
    drop(unread);
}
