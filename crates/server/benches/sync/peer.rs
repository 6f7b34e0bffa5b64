//! The peer under the same workload: pouchdb-server 4.2.0 on LevelDB, a proven offline-first
//! sync server, run as a process of its own in the same invocation (`PINGJIA_PEER` names its
//! command; `cargo xtask bench sync` installs it from `pouchdb-server/package-lock.json`).
//!
//! Mapped onto CouchDB's replication API as a PouchDB client would use it: one database per
//! account, each record a document (`_id` = the record's id), pushes through `_bulk_docs` in
//! the same batches from the same 50 concurrent devices, the second revision carrying the
//! `_rev` the first push returned, and the pull through `_changes?include_docs=true` in pages
//! of 500. Every row is checked as on pingjia's side.

use crate::workload::{
    BATCH, DRAFTS, Outcome, PAGE, Phase, Pulled, Workload, candidate, draft, id,
};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A pouchdb-server process with its data in a folder of its own, stopped when dropped.
pub struct Peer {
    child: Child,
    pub base: String,
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn start(command: &Path, folder: &Path) -> anyhow::Result<Peer> {
    std::fs::create_dir_all(folder)?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    // It writes its config.json and log.txt into its working folder.
    let child = Command::new("node")
        .arg(command)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .arg("--dir")
        .arg(folder)
        .arg("--no-stdout-logs")
        .current_dir(folder)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let peer = Peer {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let http = reqwest::Client::new();
    for _ in 0..200 {
        if let Ok(answer) = http.get(&peer.base).send().await
            && answer.status().is_success()
        {
            return Ok(peer);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::bail!("pouchdb-server did not answer on {} within 10 s", peer.base)
}

/// The same three phases as `pingjia::run`, through CouchDB's API.
pub async fn run(name: &str, base: &str, w: Workload) -> anyhow::Result<Outcome> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(w.clients)
        .build()?;
    let db = format!("{base}/account");
    let created = http.put(&db).send().await?;
    anyhow::ensure!(
        created.status().is_success(),
        "the peer refused the database: {}",
        created.text().await?
    );
    let drafts: Vec<Value> = (0..DRAFTS).map(|n| document(draft(n), None)).collect();
    bulk(&http, &db, json!({ "docs": drafts }).to_string(), DRAFTS).await?;

    let (first, revs) = push(&http, &db, 1, &HashMap::new(), w).await?;
    let (second, _) = push(&http, &db, 2, &revs, w).await?;

    let mut pulled = Pulled::start(" from the peer");
    let mut since = json!(0);
    loop {
        let sent = Instant::now();
        let page: Value = http
            .get(format!("{db}/_changes"))
            .query(&[
                ("include_docs", "true".to_string()),
                ("limit", PAGE.to_string()),
                ("since", since_text(&since)),
            ])
            .send()
            .await?
            .json()
            .await?;
        pulled.page(sent.elapsed());
        let results = page["results"].as_array().cloned().unwrap_or_default();
        for change in &results {
            pulled.record(&change["doc"])?;
        }
        since = page["last_seq"].clone();
        if results.len() < PAGE {
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

/// `since` as the query wants it: CouchDB's sequences are numbers on this peer, strings on
/// others.
fn since_text(since: &Value) -> String {
    match since {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn document(mut record: Value, rev: Option<&str>) -> Value {
    let id = record["id"].clone();
    record["_id"] = id;
    if let Some(rev) = rev {
        record["_rev"] = json!(rev);
    }
    record
}

/// One `_bulk_docs` request of `count` documents; every one must be stored. Returns each id's new `_rev`.
async fn bulk(
    http: &reqwest::Client,
    db: &str,
    body: String,
    count: usize,
) -> anyhow::Result<Vec<(String, String)>> {
    let response = http
        .post(format!("{db}/_bulk_docs"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await?;
    let status = response.status();
    let answer: Value = response.json().await?;
    anyhow::ensure!(status.is_success(), "the peer refused a push: {answer}");
    let stored: Vec<(String, String)> = answer
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["ok"] == json!(true))
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().to_string(),
                r["rev"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    anyhow::ensure!(
        stored.len() == count,
        "the peer stored {} of {count}: {answer}",
        stored.len()
    );
    Ok(stored)
}

/// Every candidate at `revision`, from every device at once in batches of 100.
async fn push(
    http: &reqwest::Client,
    db: &str,
    revision: u64,
    revs: &HashMap<String, String>,
    w: Workload,
) -> anyhow::Result<(Phase, HashMap<String, String>)> {
    let name = if revision == 1 {
        "push (new candidates)"
    } else {
        "push (second revision)"
    };
    let per_device = w.per_device();
    // Every request body is written before the clock starts, as for pingjia.
    let mut bodies: Vec<Vec<(String, usize)>> = Vec::new();
    for d in 0..w.clients {
        let mine = (0..per_device)
            .step_by(BATCH)
            .map(|start| {
                let docs: Vec<Value> = (start..(start + BATCH).min(per_device))
                    .map(|i| {
                        let n = d * per_device + i;
                        document(
                            candidate(n, revision),
                            revs.get(&id(2, n)).map(String::as_str),
                        )
                    })
                    .collect();
                let count = docs.len();
                (json!({ "docs": docs }).to_string(), count)
            })
            .collect();
        bodies.push(mine);
    }
    let started = Instant::now();
    let mut tasks = Vec::new();
    for bodies in bodies {
        let http = http.clone();
        let db = db.to_string();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut stored = Vec::new();
            for (body, count) in bodies {
                let sent = Instant::now();
                stored.extend(bulk(&http, &db, body, count).await?);
                latencies.push(sent.elapsed());
            }
            anyhow::Ok((latencies, stored))
        }));
    }
    let mut latencies = Vec::new();
    let mut new_revs = HashMap::new();
    for task in tasks {
        let (l, stored) = task.await??;
        latencies.extend(l);
        new_revs.extend(stored);
    }
    let phase = Phase {
        name,
        rows: w.candidates,
        elapsed: started.elapsed(),
        latencies,
    };
    Ok((phase, new_revs))
}
