//! `pingjia serve` as a process of its own (started from the built binary), for the tests that
//! kill, restart or run several of them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
use super::{Backend, Client, Device};
use reqwest::StatusCode;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

pub struct Process {
    pub child: Child,
    pub base: String,
}

impl Process {
    /// SIGKILL: no shutdown, nothing flushed.
    pub fn kill_hard(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where the processes of one test keep their data: an SQLite file in `dir`, or the test's own
/// PostgreSQL database.
pub async fn database(backend: Backend, dir: &Path) -> String {
    match backend {
        Backend::Sqlite => dir.join("sync.sqlite3").to_string_lossy().into_owned(),
        Backend::Postgres => super::fresh_postgres_database().await,
    }
}

pub fn serve(dir: &Path, log: &str, db: &str) -> Process {
    serve_at(dir, log, db, "127.0.0.1:0")
        .unwrap_or_else(|line| panic!("unexpected first line: {line}"))
}

/// `pingjia serve` on `addr` (a fixed port, for a server restarted where its clients expect
/// it); the first line it printed when it does not listen.
pub fn serve_at(dir: &Path, log: &str, db: &str, addr: &str) -> Result<Process, String> {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>pingjia</title>",
    )
    .expect("index");
    let stderr = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("server.log"))
        .expect("a log file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_pingjia"))
        .args([
            "serve",
            "--addr",
            addr,
            "--rate-per-ip",
            "0",
            "--rate-per-token",
            "0",
        ])
        .args(["--db", db])
        .arg("--dist")
        .arg(&dist)
        .args(["--log", log])
        .env_remove("PINGJIA_ADDR")
        .env_remove("PINGJIA_DB")
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("pingjia starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("a first line");
    let Some(base) = line.trim().strip_prefix("pingjia listening on ") else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(line);
    };
    let base = base.to_string();
    Ok(Process { child, base })
}

/// Pushes the outbox from the op after `acked`, 20 at a time, until it is empty or the server
/// stops answering; `acked` follows every acknowledgement.
pub async fn push_until_stopped(
    client: &Client,
    device: &Device,
    ops: &[Value],
    acked: &AtomicU64,
) {
    loop {
        let from = acked.load(Ordering::SeqCst) as usize;
        if from >= ops.len() {
            return;
        }
        let batch = &ops[from..(from + 20).min(ops.len())];
        let body = serde_json::json!({ "device_id": device.device_id, "ops": batch });
        let sent = client
            .http
            .post(format!("{}/api/v1/sync/push", client.base))
            .bearer_auth(&device.token)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await;
        let Ok(response) = sent else { return };
        if response.status() != StatusCode::OK {
            return;
        }
        let Ok(answer) = response.json::<Value>().await else {
            return;
        };
        let last = answer["last_op_id"].as_u64().expect("last_op_id");
        acked.store(last, Ordering::SeqCst);
    }
}
