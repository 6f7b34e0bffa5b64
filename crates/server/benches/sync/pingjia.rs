//! `pingjia serve` under the workload: the release binary as processes of its own, on SQLite
//! or PostgreSQL, spoken to through the sync API as the app speaks to it.

pub use crate::serve::serve;
use crate::workload::{BATCH, DRAFTS, Outcome, PAGE, Phase, Pulled, Workload, candidate, draft};
use serde_json::{Value, json};
use std::time::Instant;

struct Device {
    id: String,
    token: String,
    /// The process this device talks to.
    base: String,
}

/// A database of its own on the PostgreSQL server `admin` names (the blocking client, off the
/// async runtime).
pub async fn fresh_postgres(admin: &str) -> anyhow::Result<String> {
    let admin = admin.to_string();
    tokio::task::spawn_blocking(move || create_database(&admin)).await?
}

fn create_database(admin: &str) -> anyhow::Result<String> {
    let mut client = postgres::Client::connect(admin, postgres::NoTls)?;
    let since_1970 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = format!(
        "pingjia_bench_{since_1970}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    client.batch_execute(&format!("CREATE DATABASE {name}"))?;
    let base = admin.rsplit_once('/').map_or(admin, |(base, _)| base);
    Ok(format!("{base}/{name}"))
}

static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The workload against one configuration: devices spread over `bases` in turn; the pull
/// through the first.
pub async fn run(name: &str, bases: &[String], w: Workload) -> anyhow::Result<Outcome> {
    let base = &bases[0];
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(w.clients)
        .build()?;
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
        base: base.clone(),
    }];
    for n in 2..=w.clients {
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
            base: bases[(n - 1) % bases.len()].clone(),
        });
    }
    // The drafts go first, as op ids 1–20 of device 1; its candidates follow from 21.
    let drafts: Vec<Value> = (0..DRAFTS)
        .map(|n| json!({ "op_id": n + 1, "base_revision": 0, "record": draft(n) }))
        .collect();
    let body = json!({ "device_id": devices[0].id, "ops": drafts }).to_string();
    let answer = http
        .post(format!("{}/api/v1/sync/push", devices[0].base))
        .bearer_auth(&devices[0].token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await?;
    anyhow::ensure!(answer.status().is_success(), "the drafts were refused");

    let first = push_with_offset(&http, &devices, 1, w).await?;
    let second = push_with_offset(&http, &devices, 2, w).await?;

    // One device pulls everything.
    let mut pulled = Pulled::start("");
    let mut cursor = String::new();
    let puller = &devices[w.clients - 1];
    loop {
        let sent = Instant::now();
        let page: Value = http
            .get(format!(
                "{base}/api/v1/sync/pull?cursor={cursor}&limit={PAGE}"
            ))
            .bearer_auth(&puller.token)
            .send()
            .await?
            .json()
            .await?;
        pulled.page(sent.elapsed());
        for record in page["records"].as_array().into_iter().flatten() {
            pulled.record(record)?;
        }
        cursor = page["cursor"].as_str().unwrap_or_default().to_string();
        if page["more"] != json!(true) {
            break;
        }
    }
    let pull = pulled.verified(name, w)?;
    Ok(Outcome {
        name: name.to_string(),
        push_new: first,
        push_edit: second,
        pull,
    })
}

/// Pushes every candidate at `revision`, each device numbering its operations after what it
/// already sent (device 1 sent the 20 drafts first).
async fn push_with_offset(
    http: &reqwest::Client,
    devices: &[Device],
    revision: u64,
    w: Workload,
) -> anyhow::Result<Phase> {
    let name = if revision == 1 {
        "push (new candidates)"
    } else {
        "push (second revision)"
    };
    let per_device = w.per_device();
    // Every request body is written before the clock starts, as for the peer: the phase times
    // the server, not the client building JSON on the same two cores.
    let mut bodies: Vec<Vec<(String, usize)>> = Vec::new();
    for (d, device) in devices.iter().enumerate() {
        let already = (revision as usize - 1) * per_device + if d == 0 { DRAFTS } else { 0 };
        let mut op_id = already as u64;
        let mut mine = Vec::new();
        for start in (0..per_device).step_by(BATCH) {
            let ops: Vec<Value> = (start..(start + BATCH).min(per_device))
                .map(|i| {
                    op_id += 1;
                    json!({ "op_id": op_id, "base_revision": revision - 1, "record": candidate(d * per_device + i, revision) })
                })
                .collect();
            let count = ops.len();
            mine.push((
                json!({ "device_id": device.id, "ops": ops }).to_string(),
                count,
            ));
        }
        bodies.push(mine);
    }
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (device, bodies) in devices.iter().zip(bodies) {
        let http = http.clone();
        let url = format!("{}/api/v1/sync/push", device.base);
        let token = device.token.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            for (body, count) in bodies {
                let sent = Instant::now();
                let response = http
                    .post(&url)
                    .bearer_auth(&token)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await?;
                let status = response.status();
                let answer: Value = response.json().await?;
                latencies.push(sent.elapsed());
                anyhow::ensure!(status.is_success(), "push refused: {answer}");
                let applied = answer["results"].as_array().map_or(0, |r| {
                    r.iter().filter(|r| r["outcome"] == "applied").count()
                });
                anyhow::ensure!(
                    applied == count,
                    "only {applied} of {count} applied: {answer}"
                );
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
