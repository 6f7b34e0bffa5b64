//! The sync workload we compare with peers (`cargo xtask bench sync`): 10,000 candidates of
//! about 600 bytes across 20 drafts, pushed by 50 concurrent devices in batches of 100; then
//! every candidate edited once (a second revision) the same way; then pulled by one device in
//! pages of 500, checking each arrives exactly once at its latest revision. The server is
//! `pingjia serve`'s application on a SQLite file with `synchronous=FULL`: every
//! acknowledgement is durable. Prints rows/s and p50/p99 per request beside the reference.

use pingjia_server::db::Database;
use pingjia_server::serve::{self, Options};
use pingjia_server::sync::SyncConfig;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

const DRAFTS: usize = 20;
const BATCH: usize = 100;
const PAGE: usize = 500;

/// How many candidates, through how many devices. `cargo bench` runs the full workload;
/// `cargo test --all-targets` runs it small, so the bench's own checks run with every test.
#[derive(Clone, Copy)]
struct Workload {
    candidates: usize,
    clients: usize,
    /// Only the full workload is compared with the reference.
    full: bool,
}

impl Workload {
    fn chosen() -> Workload {
        if std::env::args().any(|a| a == "--bench") {
            Workload {
                candidates: 10_000,
                clients: 50,
                full: true,
            }
        } else {
            Workload {
                candidates: 1_000,
                clients: 5,
                full: false,
            }
        }
    }
}

/// pouchdb-server 4.2.0 on LevelDB with this workload on this kind of machine (rows/s), as
/// measured for the issue that set the goal; it is not run here (it needs a native LevelDB
/// build that cannot be fetched offline).
const REFERENCE_PUSH: f64 = 6_000.0;
const REFERENCE_PULL: f64 = 10_000.0;
const GOAL_FACTOR: f64 = 5.0;

fn id(kind: u64, n: usize) -> String {
    format!("{:016x}{:016x}", kind, n as u64 + 1)
}

fn candidate(n: usize, revision: u64) -> Value {
    json!({
        "type": "candidate", "id": id(2, n), "draft_id": id(1, n % DRAFTS), "revision": revision,
        "life": "active", "changed_at": 1.75e12 + n as f64, "position": n / DRAFTS,
        "entry": {
            "name": if revision == 1 { "欧阳某某" } else { "欧阳某某（改）" }, "level": "two", "retake": [],
            "candidate": {
                "birth_date": "", "id_number": "11010519491231002X",
                "schooling": [{ "school": "college", "status": "graduated", "related_specialty": true, "assessed": null }],
                "work": [
                    { "from": "2012-07-01", "until": "2016-06-30", "ongoing": false },
                    { "from": "2016-07-01", "until": "", "ongoing": true },
                ],
                "certificates": [{ "kind": "three", "since": "2019-05-20" }],
                "titles": [],
            },
        },
    })
}

fn draft(n: usize) -> Value {
    json!({
        "type": "draft", "id": id(1, n), "revision": 1, "life": "active", "changed_at": 1.75e12,
        "institution": format!("上海某职业技能培训学校第{n}分校"), "contact": "王老师 13800000000",
        "session": "2025-09", "application_date": "2025-06-01", "notes": "",
    })
}

struct Device {
    id: String,
    token: String,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

struct Phase {
    name: &'static str,
    rows: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Phase {
    fn rate(&self) -> f64 {
        self.rows as f64 / self.elapsed.as_secs_f64()
    }

    fn print(&self, reference: f64) {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        println!(
            "{:<26} {:>7} rows {:>7.2} s {:>9.0} rows/s  p50 {:>6.1} ms  p99 {:>6.1} ms  {:>4} requests   reference {:>6.0}, goal {:>6.0} rows/s: {}",
            self.name,
            self.rows,
            self.elapsed.as_secs_f64(),
            self.rate(),
            percentile(&sorted, 0.50),
            percentile(&sorted, 0.99),
            sorted.len(),
            reference,
            reference * GOAL_FACTOR,
            if self.rate() >= reference * GOAL_FACTOR {
                "met"
            } else {
                "NOT met"
            },
        );
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist)?;
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>pingjia</title>",
    )?;
    let db = Database::open(&dir.path().join("bench.sqlite3"))?;
    let options = Options {
        sync: SyncConfig {
            account_quota_bytes: 1 << 30,
            requests_per_minute_per_ip: 0,
            requests_per_minute_per_token: 0,
        },
        allow_origins: Vec::new(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let app = serve::app_with(db, &dist, options);
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    let w = Workload::chosen();
    let (candidates_total, clients) = (w.candidates, w.clients);
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()?;

    // One account, 50 devices; the first device also pushes the 20 drafts.
    let opened: Value = http
        .post(format!("{base}/api/v1/sync/accounts"))
        .json(&json!({ "name": "上海某职业技能培训学校", "contact": "王老师", "device_name": "设备1" }))
        .send()
        .await?
        .json()
        .await?;
    let key = opened["sync_key"].as_str().unwrap_or_default().to_string();
    anyhow::ensure!(!key.is_empty(), "no account: {opened}");
    let mut devices = vec![Device {
        id: opened["device_id"].as_str().unwrap_or_default().into(),
        token: opened["device_token"].as_str().unwrap_or_default().into(),
    }];
    for n in 2..=clients {
        let joined: Value = http
            .post(format!("{base}/api/v1/sync/join"))
            .json(&json!({ "sync_key": key, "device_name": format!("设备{n}") }))
            .send()
            .await?
            .json()
            .await?;
        devices.push(Device {
            id: joined["device_id"].as_str().unwrap_or_default().into(),
            token: joined["device_token"].as_str().unwrap_or_default().into(),
        });
    }
    let drafts: Vec<Value> = (0..DRAFTS)
        .map(|n| json!({ "op_id": n + 1, "base_revision": 0, "record": draft(n) }))
        .collect();
    // The drafts go first, as op ids 1–20 of device 1; its candidates follow from 21.
    let body = json!({ "device_id": devices[0].id, "ops": drafts }).to_string();
    let answer = http
        .post(format!("{base}/api/v1/sync/push"))
        .bearer_auth(&devices[0].token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await?;
    anyhow::ensure!(answer.status().is_success(), "the drafts were refused");
    let size = candidate(0, 1).to_string().len();
    println!(
        "sync benchmark: {candidates_total} candidates of {size} bytes across {DRAFTS} drafts, {clients} concurrent devices, batches of {BATCH}, pages of {PAGE}; SQLite synchronous=FULL"
    );

    let first = push_with_offset(&http, &base, &devices, 1, w).await?;
    let second = push_with_offset(&http, &base, &devices, 2, w).await?;

    // One device pulls everything.
    let started = Instant::now();
    let mut latencies = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut cursor = String::new();
    let mut candidates = 0;
    loop {
        let sent = Instant::now();
        let page: Value = http
            .get(format!(
                "{base}/api/v1/sync/pull?cursor={cursor}&limit={PAGE}"
            ))
            .bearer_auth(&devices[clients - 1].token)
            .send()
            .await?
            .json()
            .await?;
        latencies.push(sent.elapsed());
        for record in page["records"].as_array().into_iter().flatten() {
            let id = record["id"].as_str().unwrap_or_default().to_string();
            anyhow::ensure!(
                seen.insert(id.clone(), record["revision"].as_u64().unwrap_or(0))
                    .is_none(),
                "{id} arrived twice"
            );
            if record["type"] == "candidate" {
                candidates += 1;
            }
        }
        cursor = page["cursor"].as_str().unwrap_or_default().to_string();
        if page["more"] != json!(true) {
            break;
        }
    }
    let pull = Phase {
        name: "pull (pages of 500)",
        rows: seen.len(),
        elapsed: started.elapsed(),
        latencies,
    };
    anyhow::ensure!(
        candidates == candidates_total,
        "{candidates} candidates pulled, not {candidates_total}"
    );
    let stale = seen
        .iter()
        .filter(|(id, revision)| id.starts_with(&format!("{:016x}", 2)) && **revision != 2)
        .count();
    anyhow::ensure!(
        stale == 0,
        "{stale} candidates not at their latest revision"
    );
    println!(
        "verified: every candidate pulled exactly once, at revision 2; {} drafts",
        seen.len() - candidates
    );

    if !w.full {
        println!(
            "(a small check run, not comparable with the reference: run `cargo xtask bench sync`)"
        );
        return Ok(());
    }
    first.print(REFERENCE_PUSH);
    second.print(REFERENCE_PUSH);
    pull.print(REFERENCE_PULL);
    Ok(())
}

/// Pushes every candidate at `revision`, each device numbering its operations after what it
/// already sent (device 1 sent the 20 drafts first).
async fn push_with_offset(
    http: &reqwest::Client,
    base: &str,
    devices: &[Device],
    revision: u64,
    w: Workload,
) -> anyhow::Result<Phase> {
    let name = if revision == 1 {
        "push (new candidates)"
    } else {
        "push (second revision)"
    };
    let per_device = w.candidates / w.clients;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (d, device) in devices.iter().enumerate() {
        let http = http.clone();
        let url = format!("{base}/api/v1/sync/push");
        let (device_id, token) = (device.id.clone(), device.token.clone());
        let already = (revision as usize - 1) * per_device + if d == 0 { DRAFTS } else { 0 };
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut op_id = already as u64;
            for start in (0..per_device).step_by(BATCH) {
                let ops: Vec<Value> = (start..(start + BATCH).min(per_device))
                    .map(|i| {
                        op_id += 1;
                        json!({ "op_id": op_id, "base_revision": revision - 1, "record": candidate(d * per_device + i, revision) })
                    })
                    .collect();
                let count = ops.len();
                let body = json!({ "device_id": device_id, "ops": ops }).to_string();
                let sent = Instant::now();
                let response = http.post(&url).bearer_auth(&token).header("content-type", "application/json").body(body).send().await?;
                let status = response.status();
                let answer: Value = response.json().await?;
                latencies.push(sent.elapsed());
                anyhow::ensure!(status.is_success(), "push refused: {answer}");
                let applied = answer["results"].as_array().map_or(0, |r| r.iter().filter(|r| r["outcome"] == "applied").count());
                anyhow::ensure!(applied == count, "only {applied} of {count} applied: {answer}");
            }
            anyhow::Ok(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await??);
    }
    Ok(Phase {
        name,
        rows: w.candidates,
        elapsed: started.elapsed(),
        latencies,
    })
}
