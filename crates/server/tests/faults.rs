//! Kill rounds: ten devices push and one pulls while `pingjia serve` is killed with SIGKILL at a
//! random moment and started again on the same address; the clients retry as the app does.
//! After every round, each device's every operation is applied exactly once (acknowledged
//! before the kill or sent again after it), and the device that pulled throughout holds what a
//! fresh pull of everything holds.
//!
//! `cargo test` runs a short version (`PINGJIA_FAULT_ROUNDS`, 2 rounds of 60 operations per
//! device); `cargo xtask faults` runs 20 rounds of 200 per device on each backend and prints
//! every round. `PINGJIA_FAULT_SEED` repeats a run's random choices.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
mod common;

use common::process::{Process, database, serve_at};
use common::{Backend, Client, Device, candidate, draft, id, op};
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const PUSHERS: u64 = 10;
/// No round may take longer: a client that cannot finish fails the round instead of hanging.
const ROUND_DEADLINE: Duration = Duration::from_secs(180);

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small, seedable generator: the seed is printed so that a failing round can be run again.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// One device's outbox: its draft, then candidates, every fourth operation an edit of the
/// candidate made just before it (revision 2 on 1), so a lost or repeated operation shows as a
/// missing record, a wrong revision or a conflict.
fn outbox(device: u64, count: u64) -> (Vec<Value>, HashMap<String, u64>) {
    let draft_n = device * 1_000_000;
    let mut ops = vec![op(1, 0, draft(draft_n, 1, "某学校"))];
    let mut expected = HashMap::from([(id(draft_n), 1)]);
    for k in 2..=count {
        let n = draft_n + k;
        if k % 4 == 0 {
            let edited = n - 1;
            ops.push(op(k, 1, candidate(edited, draft_n, 2, "考生乙", "")));
            expected.insert(id(edited), 2);
        } else {
            ops.push(op(k, 0, candidate(n, draft_n, 1, "考生甲", "")));
            expected.insert(id(n), 1);
        }
    }
    (ops, expected)
}

/// What went wrong in a round, counted.
#[derive(Default, Debug)]
struct Outcome {
    losses: usize,
    duplicates: usize,
    refused: usize,
}

/// Pushes the outbox in batches of random size, from the op after the last acknowledgement,
/// retrying after any failure (no answer, a refusal while the server starts), until every
/// operation is acknowledged or the deadline passes. Counts outcomes other than applied and
/// already applied: in this workload every one of them is a lost or doubled operation.
async fn push_through(
    base: String,
    device: Device,
    ops: Vec<Value>,
    acked: Arc<AtomicU64>,
    total_acked: Arc<AtomicU64>,
    seed: u64,
) -> usize {
    let client = Client::new(&base);
    let mut random = Random(seed | 1);
    let mut refused = 0;
    let started = Instant::now();
    loop {
        let from = acked.load(Ordering::SeqCst) as usize;
        if from >= ops.len() || started.elapsed() > ROUND_DEADLINE {
            return refused;
        }
        let size = 1 + random.below(25) as usize;
        let batch = &ops[from..(from + size).min(ops.len())];
        let body = serde_json::json!({ "device_id": device.device_id, "ops": batch });
        let sent = client
            .http
            .post(format!("{base}/api/v1/sync/push"))
            .bearer_auth(&device.token)
            .header("content-type", "application/json")
            .body(body.to_string())
            .timeout(Duration::from_secs(10))
            .send()
            .await;
        let answer = match sent {
            Ok(response) if response.status() == StatusCode::OK => response.json::<Value>().await,
            Ok(response) if response.status() == StatusCode::CONFLICT => {
                // op_out_of_order: the server's last applied op is ahead of what this device
                // heard (the answer was lost in the kill). Sending again from our own
                // acknowledgement is what the app does; the replays come back already_applied.
                tokio::time::sleep(Duration::from_millis(5)).await;
                continue;
            }
            _ => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let Ok(answer) = answer else { continue };
        for result in answer["results"].as_array().into_iter().flatten() {
            let outcome = result["outcome"].as_str().unwrap_or_default();
            if outcome != "applied" && outcome != "already_applied" {
                eprintln!("device {}: {result}", device.device_id);
                refused += 1;
            }
        }
        let last = answer["last_op_id"].as_u64().expect("last_op_id");
        let before = acked.swap(last, Ordering::SeqCst);
        total_acked.fetch_add(last.saturating_sub(before), Ordering::SeqCst);
    }
}

/// Pulls from its cursor again and again until told to stop, then once more to the end,
/// retrying through the kill; what it ends with is id → revision.
async fn pull_throughout(
    base: String,
    device: Device,
    stop: Arc<AtomicBool>,
) -> HashMap<String, u64> {
    let client = Client::new(&base);
    let mut cursor = String::new();
    let mut seen = HashMap::new();
    let started = Instant::now();
    let mut last_round = false;
    loop {
        if started.elapsed() > ROUND_DEADLINE {
            return seen;
        }
        let sent = client
            .http
            .get(format!("{base}/api/v1/sync/pull?cursor={cursor}&limit=50"))
            .bearer_auth(&device.token)
            .timeout(Duration::from_secs(10))
            .send()
            .await;
        let page = match sent {
            Ok(response) if response.status() == StatusCode::OK => response.json::<Value>().await,
            _ => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let Ok(page) = page else { continue };
        for record in page["records"].as_array().into_iter().flatten() {
            let id = record["id"].as_str().expect("an id").to_string();
            seen.insert(id, record["revision"].as_u64().expect("a revision"));
        }
        cursor = page["cursor"].as_str().expect("a cursor").to_string();
        if page["more"] != serde_json::json!(true) {
            if last_round {
                return seen;
            }
            if stop.load(Ordering::SeqCst) {
                last_round = true;
                continue;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

fn free_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").to_string()
}

/// Starts the server on `addr`, trying again while the port is still held by the killed one.
fn restart(dir: &std::path::Path, db: &str, addr: &str) -> Process {
    let mut last = String::new();
    for _ in 0..100 {
        match serve_at(dir, "warn", db, addr) {
            Ok(process) => return process,
            Err(line) => last = line,
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the server did not start again on {addr}: {last}");
}

async fn round(backend: Backend, number: u64, ops_per_device: u64, random: &mut Random) -> Outcome {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = database(backend, dir.path()).await;
    let addr = free_address();
    let mut server = restart(dir.path(), &db, &addr);
    let base = server.base.clone();
    let client = Client::new(&base);
    let first = client.open_account("某学校").await;
    let key = first.sync_key.clone().expect("a sync key");
    let mut devices = vec![first];
    for n in 1..=PUSHERS {
        let joined = client.join(&key, &format!("设备{n}")).await;
        assert_eq!(joined.status, StatusCode::CREATED, "{}", joined.body);
        devices.push(common::device(&joined.body));
    }
    let puller = devices.pop().expect("the pulling device");

    let total = PUSHERS * ops_per_device;
    let total_acked = Arc::new(AtomicU64::new(0));
    let mut expected = HashMap::new();
    let mut pushers = Vec::new();
    let mut acks = Vec::new();
    for (n, device) in devices.iter().enumerate() {
        let (ops, records) = outbox(n as u64 + 1, ops_per_device);
        expected.extend(records);
        let acked = Arc::new(AtomicU64::new(0));
        acks.push(Arc::clone(&acked));
        pushers.push(tokio::spawn(push_through(
            base.clone(),
            device.clone(),
            ops,
            acked,
            Arc::clone(&total_acked),
            random.next(),
        )));
    }
    let stop = Arc::new(AtomicBool::new(false));
    let pulling = tokio::spawn(pull_throughout(
        base.clone(),
        puller.clone(),
        Arc::clone(&stop),
    ));

    // The random moment: once between 5 % and 80 % of all operations are acknowledged, and
    // up to 3 ms later, while requests are in flight.
    let threshold = total * (5 + random.below(76)) / 100;
    let extra = Duration::from_micros(random.below(3000));
    let started = Instant::now();
    while total_acked.load(Ordering::SeqCst) < threshold && started.elapsed() < ROUND_DEADLINE {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    tokio::time::sleep(extra).await;
    server.kill_hard();
    let acked_at_kill = total_acked.load(Ordering::SeqCst);
    assert!(
        acked_at_kill < total,
        "round {number}: every operation was acknowledged before the kill, so it tested nothing"
    );
    tokio::time::sleep(Duration::from_millis(random.below(200))).await;
    let restarted = {
        let dir = dir.path().to_path_buf();
        let (db, addr) = (db.clone(), addr.clone());
        tokio::task::spawn_blocking(move || restart(&dir, &db, &addr))
            .await
            .expect("restarted")
    };

    let mut outcome = Outcome::default();
    for pusher in pushers {
        outcome.refused += pusher.await.expect("a pusher");
    }
    stop.store(true, Ordering::SeqCst);
    let pulled = pulling.await.expect("the puller");
    let unfinished: u64 = acks
        .iter()
        .map(|a| ops_per_device - a.load(Ordering::SeqCst).min(ops_per_device))
        .sum();
    assert_eq!(
        unfinished, 0,
        "round {number}: operations never acknowledged"
    );

    // Every device's last applied op is its last op.
    let listed = client.devices(&puller).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    for device in &devices {
        let last = listed.body["devices"]
            .as_array()
            .expect("devices")
            .iter()
            .find(|d| d["device_id"] == device.device_id.as_str())
            .and_then(|d| d["last_op_id"].as_u64());
        assert_eq!(
            last,
            Some(ops_per_device),
            "round {number}: the server's last op id"
        );
    }

    // Everything, pulled afresh, against what the outboxes say.
    let (records, _) = client.pull_all(&puller, 1000).await;
    let mut held: HashMap<String, u64> = HashMap::new();
    for record in &records {
        let id = record["id"].as_str().expect("an id").to_string();
        if held
            .insert(id, record["revision"].as_u64().expect("a revision"))
            .is_some()
        {
            outcome.duplicates += 1;
        }
    }
    for (id, revision) in &expected {
        match held.get(id) {
            None => outcome.losses += 1,
            Some(r) if r < revision => outcome.losses += 1,
            Some(r) if r > revision => outcome.duplicates += 1,
            Some(_) => {}
        }
    }
    outcome.duplicates += held.keys().filter(|id| !expected.contains_key(*id)).count();
    let puller_behind = held
        .iter()
        .filter(|(id, r)| pulled.get(*id) != Some(r))
        .count();

    println!(
        "{backend:?} round {number:>2}: {total} ops from {PUSHERS} devices, killed after {acked_at_kill} acknowledged, \
         {} records held, {} losses, {} duplicates, {} refused, puller behind on {puller_behind}, {:.1} s",
        held.len(),
        outcome.losses,
        outcome.duplicates,
        outcome.refused,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(
        puller_behind, 0,
        "round {number}: the pulling device missed changes"
    );
    drop(restarted);
    outcome
}

async fn kill_rounds(backend: Backend) {
    let rounds = setting("PINGJIA_FAULT_ROUNDS", 2);
    let ops_per_device = setting("PINGJIA_FAULT_OPS", 60).max(2);
    let seed = setting("PINGJIA_FAULT_SEED", {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).expect("random");
        u64::from_le_bytes(bytes)
    });
    println!(
        "{backend:?}: {rounds} kill rounds, seed {seed} (PINGJIA_FAULT_SEED={seed} repeats them)"
    );
    let mut random = Random(seed | 1);
    let mut totals = Outcome::default();
    for number in 1..=rounds {
        let outcome = round(backend, number, ops_per_device, &mut random).await;
        totals.losses += outcome.losses;
        totals.duplicates += outcome.duplicates;
        totals.refused += outcome.refused;
    }
    println!(
        "{backend:?}: {rounds} rounds, {} ops, {} losses, {} duplicates, {} refused",
        rounds * PUSHERS * ops_per_device,
        totals.losses,
        totals.duplicates,
        totals.refused
    );
    assert_eq!(
        (totals.losses, totals.duplicates, totals.refused),
        (0, 0, 0),
        "seed {seed}: operations lost, doubled or refused"
    );
}

on_both_backends!(kill_rounds);
