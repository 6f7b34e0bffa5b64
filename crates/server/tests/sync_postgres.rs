//! Several `pingjia serve` processes on one PostgreSQL database: two clients pushing and pulling
//! through different processes (one device switching processes mid-batch, and sending batches
//! again to the other), a pull racing pushes that commit through both, one process killed in
//! the middle of a push while the other serves, and PostgreSQL restarted between two pushes. In
//! every case each operation is present exactly once and both processes show the same state.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
mod common;

use common::process::{Process, push_until_stopped, serve};
use common::{Backend, Client, Device, candidate, draft, op};
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Two processes on a fresh database of their own, or `None` when PostgreSQL is not given.
async fn two_processes(dir: &std::path::Path) -> Option<(Process, Process)> {
    if !Backend::postgres_available() {
        return None;
    }
    let db = common::fresh_postgres_database().await;
    Some((serve(dir, "warn", &db), serve(dir, "warn", &db)))
}

fn ops(device: u64, from: u64, count: u64) -> Vec<Value> {
    (from..from + count)
        .map(|n| op(n, 0, candidate(device * 100_000 + n, 1, 1, "考生", "")))
        .collect()
}

/// Every record of the account through `client`, as id → revision; fails on a record twice.
async fn state(client: &Client, device: &Device) -> BTreeMap<String, u64> {
    let (records, _) = client.pull_all(device, 500).await;
    let mut state = BTreeMap::new();
    for r in records {
        let id = r["id"].as_str().unwrap_or_default().to_string();
        assert!(
            state
                .insert(id.clone(), r["revision"].as_u64().unwrap_or(0))
                .is_none(),
            "{id} twice"
        );
    }
    state
}

async fn last_op_ids(client: &Client, device: &Device) -> Vec<u64> {
    let answer = client.devices(device).await;
    answer.body["devices"].as_array().map_or(Vec::new(), |d| {
        d.iter()
            .map(|d| d["last_op_id"].as_u64().unwrap_or(0))
            .collect()
    })
}

#[tokio::test]
async fn two_processes_converge_when_devices_push_through_either_and_switch_mid_batch() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let Some((a, b)) = two_processes(dir.path()).await else {
        return;
    };
    let (via_a, via_b) = (
        Arc::new(Client::new(&a.base)),
        Arc::new(Client::new(&b.base)),
    );
    let first = via_a.open_account("两个进程的学校").await;
    let key = first.sync_key.clone().unwrap_or_default();
    let second = common::device(&via_b.join(&key, "手机").await.body);
    let third = common::device(&via_b.join(&key, "平板").await.body);
    assert_eq!(
        via_a
            .push(&first, &[op(1, 0, draft(1, 1, "两个进程的学校"))])
            .await
            .status,
        StatusCode::OK
    );

    let one = {
        let client = Arc::clone(&via_a);
        tokio::spawn(async move {
            for batch in 0..10 {
                let answer = client.push(&first, &ops(1, 2 + batch * 20, 20)).await;
                assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
            }
            first
        })
    };
    let two = {
        let client = Arc::clone(&via_b);
        tokio::spawn(async move {
            for batch in 0..10 {
                let answer = client.push(&second, &ops(2, 1 + batch * 20, 20)).await;
                assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
            }
        })
    };
    // The third device alternates processes, and sends each batch again to the other one (an
    // acknowledgement it did not see): the replay changes nothing.
    let three = {
        let (a, b) = (Arc::clone(&via_a), Arc::clone(&via_b));
        tokio::spawn(async move {
            for batch in 0..10 {
                let (this, other) = if batch % 2 == 0 { (&a, &b) } else { (&b, &a) };
                let sent = ops(3, 1 + batch * 20, 20);
                let answer = this.push(&third, &sent).await;
                assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
                let again = other.push(&third, &sent).await;
                assert_eq!(again.status, StatusCode::OK, "{}", again.body);
                assert!(
                    again.body["results"]
                        .as_array()
                        .is_some_and(|r| r.iter().all(|r| r["outcome"] == "already_applied"))
                );
            }
        })
    };
    let first = one.await.expect("device 1");
    two.await.expect("device 2");
    three.await.expect("device 3");

    let seen_a = state(&via_a, &first).await;
    let seen_b = state(&via_b, &first).await;
    assert_eq!(seen_a.len(), 1 + 600);
    assert_eq!(seen_a, seen_b, "both processes show the same records");
    assert_eq!(last_op_ids(&via_a, &first).await, vec![201, 200, 200]);
}

#[tokio::test]
async fn a_pull_racing_pushes_through_two_processes_never_skips_a_change() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let Some((a, b)) = two_processes(dir.path()).await else {
        return;
    };
    let clients = [
        Arc::new(Client::new(&a.base)),
        Arc::new(Client::new(&b.base)),
    ];
    let owner = clients[0].open_account("竞争的学校").await;
    let key = owner.sync_key.clone().unwrap_or_default();
    let mut pushers = Vec::new();
    for d in 0..4u64 {
        let device = common::device(&clients[1].join(&key, &format!("设备{d}")).await.body);
        let clients = clients.clone();
        pushers.push(tokio::spawn(async move {
            for batch in 0..25 {
                let client = &clients[(batch as usize + d as usize) % 2];
                let answer = client.push(&device, &ops(d, 1 + batch * 10, 10)).await;
                assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
            }
        }));
    }
    // Pull while the pushes commit, through both processes in turn, following one cursor.
    let done = Arc::new(AtomicBool::new(false));
    let puller = {
        let (clients, done, owner) = (clients.clone(), Arc::clone(&done), owner.clone());
        tokio::spawn(async move {
            let mut seen = HashSet::new();
            let mut cursor = String::new();
            let mut turn = 0;
            loop {
                let finished = done.load(Ordering::SeqCst);
                loop {
                    let page = clients[turn % 2].pull(&owner, &cursor, 7).await;
                    turn += 1;
                    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
                    for r in page.body["records"].as_array().into_iter().flatten() {
                        seen.insert(r["id"].as_str().unwrap_or_default().to_string());
                    }
                    cursor = page.body["cursor"].as_str().unwrap_or_default().to_string();
                    if page.body["more"] != true {
                        break;
                    }
                }
                if finished {
                    return seen;
                }
            }
        })
    };
    for pusher in pushers {
        pusher.await.expect("a pusher");
    }
    done.store(true, Ordering::SeqCst);
    let seen = puller.await.expect("the puller");
    assert_eq!(
        seen.len(),
        1000,
        "a change committed behind the cursor was skipped"
    );
}

#[tokio::test]
async fn a_process_killed_mid_push_leaves_the_other_serving_and_nothing_lost_or_doubled() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let Some((mut a, b)) = two_processes(dir.path()).await else {
        return;
    };
    let (via_a, via_b) = (Client::new(&a.base), Client::new(&b.base));
    let device = via_a.open_account("某学校").await;
    let mut outbox = vec![op(1, 0, draft(1, 1, "某学校"))];
    outbox.extend(ops(1, 2, 999));
    let acked = Arc::new(AtomicU64::new(0));
    let watcher = {
        let acked = Arc::clone(&acked);
        let pid = a.child.id();
        std::thread::spawn(move || {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while acked.load(Ordering::SeqCst) < 300 && std::time::Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        })
    };
    push_until_stopped(&via_a, &device, &outbox, &acked).await;
    watcher.join().expect("the watcher");
    a.kill_hard();
    let at_kill = acked.load(Ordering::SeqCst);
    assert!((300..1000).contains(&at_kill), "killed after {at_kill}");
    // The other process serves on; the device goes on from its last acknowledgement.
    push_until_stopped(&via_b, &device, &outbox, &acked).await;
    assert_eq!(acked.load(Ordering::SeqCst), 1000);
    let seen = state(&via_b, &device).await;
    assert_eq!(seen.len(), 1000);
    assert_eq!(last_op_ids(&via_b, &device).await, vec![1000]);
}

#[tokio::test]
async fn processes_starting_together_migrate_once_and_health_names_no_connection_detail() {
    if !Backend::postgres_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = common::fresh_postgres_database().await;
    // Three processes on a fresh database at once: the advisory lock lets one migrate.
    let starting: Vec<_> = (0..3)
        .map(|_| {
            let (dir, db) = (dir.path().to_path_buf(), db.clone());
            std::thread::spawn(move || serve(&dir, "warn", &db))
        })
        .collect();
    let processes: Vec<Process> = starting
        .into_iter()
        .map(|t| t.join().expect("started"))
        .collect();
    let secret_parts: Vec<String> = {
        let rest = db.trim_start_matches("postgres://");
        let (user_host, name) = rest.split_once('/').unwrap_or((rest, ""));
        let port = user_host.rsplit(':').next().unwrap_or("").to_string();
        vec![db.clone(), name.to_string(), port]
    };
    for process in &processes {
        let body: Value = reqwest::get(format!("{}/api/health", process.base))
            .await
            .expect("answers")
            .json()
            .await
            .expect("JSON");
        assert_eq!(body["database"]["backend"], "postgres", "{body}");
        assert_eq!(body["database"]["schema_version"], 2, "{body}");
        let text = body.to_string();
        for part in &secret_parts {
            assert!(!text.contains(part.as_str()), "health shows {part}: {text}");
        }
    }
}
