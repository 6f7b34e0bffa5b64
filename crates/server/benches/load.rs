//! Mixed load and a soak (`cargo xtask bench load`): 200 concurrent clients on loopback
//! against one `pingjia serve` (release, SQLite), each in a loop of rules evaluations, pulls
//! and small pushes (4 : 4 : 2), pausing 100–300 ms between requests as a person's app does,
//! for `LOAD_SECONDS` (300: the 5-minute soak). Prints p50/p99 and errors per kind, the
//! requests per second the server answered, and its resident memory each 30 s.
//!
//! The clients are 20 institutions of 10 devices; each device pushes its own candidates (new
//! ones, then edits at the revision the server gave it) and pulls its account from its cursor.
//! Every answer is checked: a refused push, a pull that repeats a record or an evaluation that
//! is not `ok` counts as an error.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "common/serve.rs"]
mod serve;

use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const INSTITUTIONS: usize = 20;
const EVAL_P99_GOAL_MS: f64 = 50.0;
const PULL_P99_GOAL_MS: f64 = 50.0;
/// The soak's memory is flat when its last sample is within this of the one halfway.
const MEMORY_GROWTH_LIMIT: f64 = 1.10;

/// Every question docs/rules-api.md answers (its `json request` blocks whose documented
/// response is `ok`): every kind, as people ask them, read from the page rather than copied.
fn questions() -> Vec<String> {
    const DOC: &str = include_str!("../../../docs/rules-api.md");
    let blocks = |info: &str| -> Vec<String> {
        let fence = format!("```{info}\n");
        DOC.match_indices(&fence)
            .filter_map(|(start, _)| {
                let body = &DOC[start + fence.len()..];
                body.find("\n```").map(|end| body[..end].to_owned())
            })
            .collect()
    };
    let asked: Vec<String> = blocks("json request")
        .into_iter()
        .zip(blocks("json response"))
        .filter(|(_, response)| {
            serde_json::from_str::<Value>(response).is_ok_and(|r| r["ok"] == json!(true))
        })
        .map(|(request, _)| request)
        .collect();
    assert!(
        asked.len() >= 10,
        "the documented questions: {}",
        asked.len()
    );
    asked
}

#[derive(Clone, Copy)]
struct Plan {
    clients: usize,
    seconds: u64,
    full: bool,
}

impl Plan {
    fn chosen() -> Plan {
        if std::env::args().any(|a| a == "--bench") {
            let seconds = std::env::var("LOAD_SECONDS")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(300);
            Plan {
                clients: 200,
                seconds,
                full: true,
            }
        } else {
            Plan {
                clients: 20,
                seconds: 3,
                full: false,
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Eval,
    Pull,
    Push,
}

#[derive(Default)]
struct Tally {
    eval: Vec<Duration>,
    pull: Vec<Duration>,
    push: Vec<Duration>,
    errors: Vec<String>,
}

impl Tally {
    fn add(&mut self, kind: Kind, took: Duration) {
        match kind {
            Kind::Eval => self.eval.push(took),
            Kind::Pull => self.pull.push(took),
            Kind::Push => self.push.push(took),
        }
    }
}

struct Device {
    base: String,
    id: String,
    token: String,
    /// Distinct per institution, so its record ids never meet another's.
    institution: usize,
    number: usize,
    draft: String,
    cursor: String,
    next_op: u64,
    /// This device's candidates and the revision the server holds of each.
    mine: Vec<u64>,
    seen: std::collections::HashMap<String, u64>,
}

fn id(kind: u64, institution: usize, device: usize, n: usize) -> String {
    format!(
        "{kind:04x}{institution:04x}{device:08x}{:016x}",
        n as u64 + 1
    )
}

fn candidate(device: &Device, n: usize, revision: u64) -> Value {
    json!({
        "type": "candidate", "id": id(2, device.institution, device.number, n),
        "draft_id": device.draft, "revision": revision, "life": "active",
        "changed_at": 1.75e12 + n as f64, "position": n,
        "entry": {
            "name": format!("欧阳某某{n}"), "level": "two", "retake": [],
            "candidate": {
                "birth_date": "", "id_number": "11010519491231002X",
                "schooling": [{ "school": "college", "status": "graduated", "related_specialty": true, "assessed": null }],
                "work": [{ "from": "2012-07-01", "until": "", "ongoing": true }],
                "certificates": [{ "kind": "three", "since": "2019-05-20" }],
                "titles": [],
            },
        },
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let plan = Plan::chosen();
    let dir = tempfile::tempdir()?;
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist)?;
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>pingjia</title>",
    )?;
    let db = dir
        .path()
        .join("load.sqlite3")
        .to_string_lossy()
        .into_owned();
    let server = serve::serve_with(&dist, &db, &["--accounts-per-hour", "0"])?;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(plan.clients)
        .build()?;
    let devices = open_devices(&http, &server.base, plan.clients).await?;
    println!(
        "mixed load: {} clients ({INSTITUTIONS} institutions), {} s, pauses of 100–300 ms; evaluations : pulls : pushes = 4 : 4 : 2",
        plan.clients, plan.seconds
    );
    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let until = started + Duration::from_secs(plan.seconds);
    let questions = Arc::new(questions());
    let mut tasks = Vec::new();
    for (n, device) in devices.into_iter().enumerate() {
        let http = http.clone();
        let tally = tally.clone();
        let asked = Client {
            seed: n as u64,
            until,
            questions: questions.clone(),
        };
        tasks.push(tokio::spawn(client(http, device, asked, tally)));
    }
    let mut memory = Vec::new();
    let sample = Duration::from_secs(if plan.full { 30 } else { 1 });
    while Instant::now() < until {
        tokio::time::sleep(sample.min(until.saturating_duration_since(Instant::now()))).await;
        if let Some(mb) = server.resident_mb() {
            let at = started.elapsed().as_secs();
            println!("  {at:>4} s: server resident memory {mb:.1} MB");
            memory.push(mb);
        }
    }
    for task in tasks {
        task.await??;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let tally = tally
        .lock()
        .map_err(|_| anyhow::anyhow!("a client panicked"))?;
    report(plan, &tally, elapsed, &memory);
    anyhow::ensure!(
        tally.errors.is_empty(),
        "{} errors, the first: {}",
        tally.errors.len(),
        tally.errors[0]
    );
    Ok(())
}

async fn open_devices(
    http: &reqwest::Client,
    base: &str,
    clients: usize,
) -> anyhow::Result<Vec<Device>> {
    let mut devices = Vec::new();
    let mut keys = std::collections::HashMap::new();
    for n in 0..clients {
        let institution = n % INSTITUTIONS;
        let number = n / INSTITUTIONS;
        let answer: Value = if number == 0 {
            http.post(format!("{base}/api/v1/sync/accounts"))
                .json(&json!({ "name": format!("上海某培训学校{institution}"), "contact": "王老师", "device_name": "设备1" }))
                .send()
                .await?
                .json()
                .await?
        } else {
            let key = keys.get(&institution).cloned().unwrap_or_default();
            http.post(format!("{base}/api/v1/sync/join"))
                .json(&json!({ "sync_key": key, "device_name": format!("设备{}", number + 1) }))
                .send()
                .await?
                .json()
                .await?
        };
        if let Some(key) = answer["sync_key"].as_str() {
            keys.insert(institution, key.to_string());
        }
        let device_id = answer["device_id"].as_str().unwrap_or_default().to_string();
        anyhow::ensure!(!device_id.is_empty(), "no device: {answer}");
        devices.push(Device {
            base: base.to_string(),
            id: device_id,
            token: answer["device_token"].as_str().unwrap_or_default().into(),
            institution,
            number,
            draft: id(1, institution, 0, 0),
            cursor: String::new(),
            next_op: 1,
            mine: Vec::new(),
            seen: std::collections::HashMap::new(),
        });
    }
    Ok(devices)
}

/// A small deterministic generator: each client's sequence repeats from run to run.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// What one client does: its sequence's seed, until when, and the questions it may ask.
struct Client {
    seed: u64,
    until: Instant,
    questions: Arc<Vec<String>>,
}

async fn client(
    http: reqwest::Client,
    mut device: Device,
    plan: Client,
    tally: Arc<Mutex<Tally>>,
) -> anyhow::Result<()> {
    let Client {
        seed,
        until,
        questions,
    } = plan;
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    // Each institution's first device writes the draft the candidates belong to.
    if device.number == 0 {
        let draft = json!({
            "type": "draft", "id": device.draft, "revision": 1, "life": "active", "changed_at": 1.75e12,
            "institution": "上海某职业技能培训学校", "contact": "王老师 13800000000",
            "session": "2025-09", "application_date": "2025-06-01", "notes": "",
        });
        push(&http, &mut device, vec![(draft, 0)]).await?;
    }
    while Instant::now() < until {
        let pause = 100 + next(&mut state) % 201;
        tokio::time::sleep(Duration::from_millis(pause)).await;
        let roll = next(&mut state) % 10;
        let kind = match roll {
            0..=3 => Kind::Eval,
            4..=7 => Kind::Pull,
            _ => Kind::Push,
        };
        let sent = Instant::now();
        let outcome = match kind {
            Kind::Eval => {
                let question = &questions[(next(&mut state) % questions.len() as u64) as usize];
                eval(&http, &device.base, question).await
            }
            Kind::Pull => pull(&http, &mut device).await,
            Kind::Push => {
                // Up to 5 operations: new candidates, or edits of this device's own.
                let count = 1 + (next(&mut state) % 5) as usize;
                let mut ops = Vec::new();
                let mut added = 0;
                for _ in 0..count {
                    let edit = !device.mine.is_empty() && next(&mut state).is_multiple_of(2);
                    if edit {
                        let n = (next(&mut state) % device.mine.len() as u64) as usize;
                        if ops
                            .iter()
                            .any(|(r, _): &(Value, u64)| r["position"] == json!(n))
                        {
                            continue;
                        }
                        let revision = device.mine[n];
                        ops.push((candidate(&device, n, revision + 1), revision));
                    } else {
                        let n = device.mine.len() + added;
                        added += 1;
                        ops.push((candidate(&device, n, 1), 0));
                    }
                }
                push(&http, &mut device, ops).await
            }
        };
        let took = sent.elapsed();
        let mut tally = tally.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
        match outcome {
            Ok(()) => tally.add(kind, took),
            Err(err) => tally.errors.push(format!("{err:#}")),
        }
    }
    Ok(())
}

async fn eval(http: &reqwest::Client, base: &str, question: &str) -> anyhow::Result<()> {
    let answer = http
        .post(format!("{base}/api/v1/eval"))
        .header("content-type", "application/json")
        .body(question.to_string())
        .send()
        .await?;
    let status = answer.status();
    let body: Value = answer.json().await?;
    anyhow::ensure!(
        status.is_success() && body["ok"] == json!(true),
        "evaluation answered {status}: {body}"
    );
    Ok(())
}

/// Pulls from the device's cursor until nothing more; a record must not come twice at one
/// revision.
async fn pull(http: &reqwest::Client, device: &mut Device) -> anyhow::Result<()> {
    loop {
        let answer = http
            .get(format!(
                "{}/api/v1/sync/pull?cursor={}&limit=200",
                device.base, device.cursor
            ))
            .bearer_auth(&device.token)
            .send()
            .await?;
        let status = answer.status();
        let page: Value = answer.json().await?;
        anyhow::ensure!(status.is_success(), "pull answered {status}: {page}");
        for record in page["records"].as_array().into_iter().flatten() {
            let id = record["id"].as_str().unwrap_or_default().to_string();
            let revision = record["revision"].as_u64().unwrap_or(0);
            if let Some(before) = device.seen.insert(id.clone(), revision) {
                anyhow::ensure!(
                    before < revision,
                    "{id} pulled again at revision {revision}"
                );
            }
        }
        device.cursor = page["cursor"].as_str().unwrap_or_default().to_string();
        if page["more"] != json!(true) {
            return Ok(());
        }
    }
}

/// Pushes `ops` (record, base revision); every one must be applied.
async fn push(
    http: &reqwest::Client,
    device: &mut Device,
    ops: Vec<(Value, u64)>,
) -> anyhow::Result<()> {
    if ops.is_empty() {
        return Ok(());
    }
    let first = device.next_op;
    let body: Vec<Value> = ops
        .iter()
        .enumerate()
        .map(|(i, (record, base))| json!({ "op_id": first + i as u64, "base_revision": base, "record": record }))
        .collect();
    let answer = http
        .post(format!("{}/api/v1/sync/push", device.base))
        .bearer_auth(&device.token)
        .header("content-type", "application/json")
        .body(json!({ "device_id": device.id, "ops": body }).to_string())
        .send()
        .await?;
    let status = answer.status();
    let body: Value = answer.json().await?;
    anyhow::ensure!(status.is_success(), "push answered {status}: {body}");
    let results = body["results"].as_array().cloned().unwrap_or_default();
    anyhow::ensure!(
        results.len() == ops.len() && results.iter().all(|r| r["outcome"] == "applied"),
        "push not applied whole: {body}"
    );
    device.next_op += ops.len() as u64;
    for (record, _) in &ops {
        if record["type"] == "candidate" {
            let n = record["position"].as_u64().unwrap_or(0) as usize;
            let revision = record["revision"].as_u64().unwrap_or(1);
            if n == device.mine.len() {
                device.mine.push(revision);
            } else if let Some(held) = device.mine.get_mut(n) {
                *held = revision;
            }
        }
    }
    Ok(())
}

fn percentile(latencies: &[Duration], p: f64) -> f64 {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
}

fn report(plan: Plan, tally: &Tally, elapsed: f64, memory: &[f64]) {
    let answered = tally.eval.len() + tally.pull.len() + tally.push.len();
    println!();
    println!(
        "{:<12} {:>9} {:>9} {:>9} {:>9}",
        "kind", "requests", "p50 ms", "p99 ms", "max ms"
    );
    for (name, latencies) in [
        ("evaluation", &tally.eval),
        ("pull", &tally.pull),
        ("push", &tally.push),
    ] {
        println!(
            "{name:<12} {:>9} {:>9.1} {:>9.1} {:>9.1}",
            latencies.len(),
            percentile(latencies, 0.50),
            percentile(latencies, 0.99),
            percentile(latencies, 1.0),
        );
    }
    println!(
        "{answered} requests answered in {elapsed:.0} s ({:.0} a second), {} errors",
        answered as f64 / elapsed,
        tally.errors.len()
    );
    if !plan.full {
        println!("(a small check run, not held to the goals: run `cargo xtask bench load`)");
        return;
    }
    let verdict = |met: bool| if met { "goal met" } else { "goal NOT met" };
    let eval_p99 = percentile(&tally.eval, 0.99);
    let pull_p99 = percentile(&tally.pull, 0.99);
    println!(
        "p99 evaluation {eval_p99:.1} ms, pull {pull_p99:.1} ms (goal ≤ {EVAL_P99_GOAL_MS} ms: {}, {})",
        verdict(eval_p99 <= EVAL_P99_GOAL_MS),
        verdict(pull_p99 <= PULL_P99_GOAL_MS)
    );
    println!(
        "errors: {} (goal 0: {})",
        tally.errors.len(),
        verdict(tally.errors.is_empty())
    );
    // The page caches (32 MB per SQLite connection) fill during the first minutes as the
    // accounts grow; flat means no growth over the second half of the soak.
    let half = memory.len() / 2;
    if let (Some(middle), Some(last)) = (memory.get(half), memory.last()) {
        let peak = memory.iter().copied().fold(0.0, f64::max);
        let start = memory.first().copied().unwrap_or(*middle);
        println!(
            "server memory: {start:.1} MB at the first sample, {middle:.1} MB halfway, {last:.1} MB at the end, peak {peak:.1} MB (goal flat over the second half, ≤ {:.0} % growth: {})",
            (MEMORY_GROWTH_LIMIT - 1.0) * 100.0,
            verdict(*last <= middle * MEMORY_GROWTH_LIMIT)
        );
    }
}
