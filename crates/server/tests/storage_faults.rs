//! `pingjia serve` when its disk fills up (SQLite, and PostgreSQL whose tables live on that
//! disk), and when its disk turns read-only (SQLite): each push it cannot store is refused with
//! 503 `storage_unavailable` (and `Retry-After`), the process stays up, what it acknowledged
//! stays readable, and once the disk has room (or is writable) again the device's outbox goes
//! through with every operation stored exactly once.
//!
//! The disk is a real tmpfs, mounted for the test, filled and remounted: this needs the right
//! to mount (root, as in `cargo xtask test` on the project's machines). Without it the test
//! says it was skipped.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
mod common;

use common::process::{Process, serve_at};
use common::{Client, Device, draft, op};
use reqwest::StatusCode;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs mounted on a folder of its own, unmounted when dropped.
struct Disk {
    mount_point: tempfile::TempDir,
}

impl Disk {
    /// None where this process may not mount (not root, or no CAP_SYS_ADMIN).
    fn mount(megabytes: u32) -> Option<Disk> {
        let mount_point = tempfile::tempdir().expect("a mount point");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(mount_point.path())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!(
                "SKIPPED: cannot mount a tmpfs here (needs root); the full-disk test did not run"
            );
            return None;
        }
        Some(Disk { mount_point })
    }

    fn path(&self) -> &Path {
        self.mount_point.path()
    }

    fn remount(&self, options: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(self.path())
            .status()
            .expect("mount runs");
        assert!(status.success(), "remount,{options}");
    }
}

impl Drop for Disk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.path()).status();
    }
}

/// Drafts of about 12 KB each (4,000 characters of notes), so a small disk fills quickly. The
/// notes are scattered characters: PostgreSQL compresses what repeats, and would hold thousands.
fn outbox(count: u64) -> Vec<Value> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    (1..=count)
        .map(|n| {
            let notes: String = (0..4000)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    // U+4E00..U+9FA5, the common CJK block: always a valid character.
                    char::from_u32(0x4E00 + (state % 0x51A6) as u32).unwrap_or('备')
                })
                .collect();
            let mut record = draft(n, 1, "某学校");
            record["notes"] = Value::from(notes);
            op(n, 0, record)
        })
        .collect()
}

/// Pushes from the op after `acked`, 10 at a time, until everything is acknowledged or the
/// server refuses; the refusal, if any.
async fn push_until_refused(
    client: &Client,
    device: &Device,
    ops: &[Value],
    acked: &mut usize,
) -> Option<common::Answer> {
    while *acked < ops.len() {
        let batch = &ops[*acked..(*acked + 10).min(ops.len())];
        let answer = client.push(device, batch).await;
        if answer.status != StatusCode::OK {
            return Some(answer);
        }
        *acked = answer.body["last_op_id"].as_u64().expect("last_op_id") as usize;
    }
    None
}

fn assert_storage_unavailable(answer: &common::Answer) {
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        answer.body
    );
    assert_eq!(
        answer.body["error"]["code"], "storage_unavailable",
        "{}",
        answer.body
    );
    let message = answer.body["error"]["message"]["zh-CN"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("不会丢失"), "{message}");
    assert!(answer.retry_after.is_some(), "a Retry-After");
}

/// Every draft the server holds, pulled, with its revision: exactly the acknowledged ones.
async fn assert_holds_exactly(client: &Client, device: &Device, count: usize) {
    let (records, _) = client.pull_all(device, 100).await;
    let ids: std::collections::HashSet<_> = records.iter().map(|r| r["id"].to_string()).collect();
    assert_eq!(records.len(), count, "records held");
    assert_eq!(ids.len(), count, "each once");
}

fn start(disk: &Disk, logs: &Path) -> (Process, PathBuf) {
    let db = disk.path().join("sync.sqlite3");
    let server = serve_at(logs, "warn", &db.to_string_lossy(), "127.0.0.1:0")
        .unwrap_or_else(|line| panic!("the server did not start: {line}"));
    (server, db)
}

#[tokio::test]
async fn a_full_disk_refuses_pushes_with_503_and_loses_nothing_acknowledged() {
    let Some(disk) = Disk::mount(2) else { return };
    let logs = tempfile::tempdir().expect("a temp dir");
    let (mut server, _db) = start(&disk, logs.path());
    let client = Client::new(&server.base);
    let device = client.open_account("某学校").await;
    let ops = outbox(400);
    let mut acked = 0;

    let refusal = push_until_refused(&client, &device, &ops, &mut acked)
        .await
        .expect("a 2 MB disk cannot hold 400 drafts of 12 KB");
    assert_storage_unavailable(&refusal);
    assert!(acked > 0, "some drafts fitted before the disk was full");
    assert!(
        server.child.try_wait().expect("a status").is_none(),
        "the server is still running"
    );
    assert_holds_exactly(&client, &device, acked).await;

    // Room again: the same outbox goes through, from where the server's acknowledgements left it.
    disk.remount("size=64m");
    let refused = push_until_refused(&client, &device, &ops, &mut acked).await;
    assert!(refused.is_none(), "{:?}", refused.map(|a| a.body));
    assert_eq!(acked, ops.len());
    assert_holds_exactly(&client, &device, ops.len()).await;
    let log = std::fs::read_to_string(logs.path().join("server.log")).unwrap_or_default();
    assert!(
        log.contains("full"),
        "the log says the disk is full:\n{log}"
    );
    server.kill_hard();
}

#[tokio::test]
async fn a_read_only_disk_refuses_pushes_with_503_and_keeps_what_it_holds() {
    let Some(disk) = Disk::mount(64) else { return };
    let logs = tempfile::tempdir().expect("a temp dir");
    let (mut server, _db) = start(&disk, logs.path());
    let client = Client::new(&server.base);
    let device = client.open_account("某学校").await;
    let ops = outbox(60);
    let mut acked = 0;
    assert!(
        push_until_refused(&client, &device, &ops[..20], &mut acked)
            .await
            .is_none()
    );
    assert_eq!(acked, 20);

    // The volume comes back read-only (a restored backup, a remount after disk errors): a
    // mounted file system cannot turn read-only under open files, so the server stops first.
    server.kill_hard();
    disk.remount("ro");
    let (mut server, _db) = start(&disk, logs.path());
    let client = Client::new(&server.base);
    let refusal = push_until_refused(&client, &device, &ops, &mut acked)
        .await
        .expect("a read-only disk stores nothing");
    assert_storage_unavailable(&refusal);
    assert_eq!(acked, 20, "nothing acknowledged while read-only");
    assert!(
        server.child.try_wait().expect("a status").is_none(),
        "the server is still running"
    );
    assert_holds_exactly(&client, &device, 20).await;

    server.kill_hard();
    disk.remount("rw");
    let (mut server, _db) = start(&disk, logs.path());
    let client = Client::new(&server.base);
    let refused = push_until_refused(&client, &device, &ops, &mut acked).await;
    assert!(refused.is_none(), "{:?}", refused.map(|a| a.body));
    assert_eq!(acked, ops.len());
    assert_holds_exactly(&client, &device, ops.len()).await;
    server.kill_hard();
}

/// A tablespace on `disk` as the default of a fresh test database, so every table and index the
/// server creates there lives on that disk; the URL of the database.
async fn postgres_database_on(disk: &Disk, name: &str) -> String {
    let folder = disk.path().join("tablespace");
    std::fs::create_dir(&folder).expect("the tablespace's folder");
    let owned = Command::new("chown")
        .args(["postgres:postgres"])
        .arg(&folder)
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        owned,
        "chown postgres: the cluster's user must own its tablespace"
    );
    let location = folder.to_string_lossy().replace('\'', "''");
    admin_sql(vec![
        format!("CREATE TABLESPACE {name} LOCATION '{location}'"),
        format!("CREATE DATABASE {name}"),
        format!("ALTER DATABASE {name} SET default_tablespace = {name}"),
    ])
    .await;
    let admin = std::env::var(common::POSTGRES_ENV).expect("a PostgreSQL server");
    let base = admin
        .rsplit_once('/')
        .map_or(admin.as_str(), |(base, _)| base);
    format!("{base}/{name}")
}

async fn admin_sql(statements: Vec<String>) {
    let admin = std::env::var(common::POSTGRES_ENV).expect("a PostgreSQL server");
    tokio::task::spawn_blocking(move || {
        let mut client =
            postgres::Client::connect(&admin, postgres::NoTls).expect("the PostgreSQL server");
        for statement in statements {
            client
                .batch_execute(&statement)
                .unwrap_or_else(|e| panic!("{statement}: {e}"));
        }
    })
    .await
    .expect("ran");
}

#[tokio::test]
async fn a_full_disk_under_postgresql_refuses_pushes_with_503_and_loses_nothing_acknowledged() {
    if !common::Backend::postgres_available() {
        return;
    }
    let Some(disk) = Disk::mount(4) else { return };
    let name = format!("pingjia_full_disk_{}", std::process::id());
    let url = postgres_database_on(&disk, &name).await;
    let logs = tempfile::tempdir().expect("a temp dir");
    let mut server = serve_at(logs.path(), "warn", &url, "127.0.0.1:0")
        .unwrap_or_else(|line| panic!("the server did not start: {line}"));
    let client = Client::new(&server.base);
    let device = client.open_account("某学校").await;
    let ops = outbox(600);
    let mut acked = 0;

    let refusal = push_until_refused(&client, &device, &ops, &mut acked)
        .await
        .expect("a 4 MB tablespace cannot hold 600 drafts of 12 KB");
    assert_storage_unavailable(&refusal);
    eprintln!("PostgreSQL: {acked} drafts stored before the disk was full");
    assert!(acked > 0, "some drafts fitted before the disk was full");
    assert!(
        server.child.try_wait().expect("a status").is_none(),
        "the server is still running"
    );
    assert_holds_exactly(&client, &device, acked).await;
    // Refused again while the disk stays full, and still nothing half-stored.
    let again = push_until_refused(&client, &device, &ops, &mut acked)
        .await
        .expect("still full");
    assert_storage_unavailable(&again);
    assert_holds_exactly(&client, &device, acked).await;

    disk.remount("size=64m");
    let refused = push_until_refused(&client, &device, &ops, &mut acked).await;
    assert!(refused.is_none(), "{:?}", refused.map(|a| a.body));
    assert_eq!(acked, ops.len());
    assert_holds_exactly(&client, &device, ops.len()).await;
    let log = std::fs::read_to_string(logs.path().join("server.log")).unwrap_or_default();
    assert!(
        log.contains("No space left on device"),
        "the log says the disk is full:\n{log}"
    );
    server.kill_hard();
    // The tablespace must be empty before its disk goes.
    admin_sql(vec![
        format!("DROP DATABASE {name} WITH (FORCE)"),
        format!("DROP TABLESPACE {name}"),
    ])
    .await;
}
