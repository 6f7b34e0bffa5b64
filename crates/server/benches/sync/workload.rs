//! The workload both servers get: the records, how many, and how a phase is timed.

use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::{Duration, Instant};

pub const DRAFTS: usize = 20;
pub const BATCH: usize = 100;
pub const PAGE: usize = 500;

/// How many candidates, through how many devices. `cargo bench` runs the full workload;
/// `cargo test --all-targets` runs it small, so the bench's own checks run with every test.
#[derive(Clone, Copy)]
pub struct Workload {
    pub candidates: usize,
    pub clients: usize,
    /// Only the full workload runs the peer and is held to the goals.
    pub full: bool,
}

impl Workload {
    pub fn chosen() -> Workload {
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

    pub fn per_device(&self) -> usize {
        self.candidates / self.clients
    }
}

pub fn id(kind: u64, n: usize) -> String {
    format!("{:016x}{:016x}", kind, n as u64 + 1)
}

pub fn candidate(n: usize, revision: u64) -> Value {
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

pub fn draft(n: usize) -> Value {
    json!({
        "type": "draft", "id": id(1, n), "revision": 1, "life": "active", "changed_at": 1.75e12,
        "institution": format!("上海某职业技能培训学校第{n}分校"), "contact": "王老师 13800000000",
        "session": "2025-09", "application_date": "2025-06-01", "notes": "",
    })
}

pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
}

/// One timed phase: rows moved, wall time, and each request's latency.
pub struct Phase {
    pub name: &'static str,
    pub rows: usize,
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
}

impl Phase {
    pub fn rate(&self) -> f64 {
        self.rows as f64 / self.elapsed.as_secs_f64()
    }

    pub fn p99(&self) -> f64 {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        percentile(&sorted, 0.99)
    }

    pub fn row(&self, configuration: &str) {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        println!(
            "{configuration:<30} {:<24} {:>10.0} {:>10.1} {:>10.1} {:>9}",
            self.name,
            self.rate(),
            percentile(&sorted, 0.50),
            percentile(&sorted, 0.99),
            sorted.len(),
        );
    }
}

/// One configuration's three phases: new candidates pushed, each edited once, all pulled.
pub struct Outcome {
    pub name: String,
    pub push_new: Phase,
    pub push_edit: Phase,
    pub pull: Phase,
}

impl Outcome {
    /// The slower of the two pushes.
    pub fn push_rate(&self) -> f64 {
        self.push_new.rate().min(self.push_edit.rate())
    }

    pub fn push_p99(&self) -> f64 {
        self.push_new.p99().max(self.push_edit.p99())
    }
}

/// What one device's pull has received, on either server: each record once, with its
/// revision; held at the end to the workload (every candidate once, at its second revision).
pub struct Pulled {
    server: &'static str,
    started: Instant,
    latencies: Vec<Duration>,
    seen: HashMap<String, u64>,
    candidates: usize,
}

impl Pulled {
    /// `server` names it in a failure ("", "from the peer").
    pub fn start(server: &'static str) -> Pulled {
        Pulled {
            server,
            started: Instant::now(),
            latencies: Vec::new(),
            seen: HashMap::new(),
            candidates: 0,
        }
    }

    /// One page's request took `latency`.
    pub fn page(&mut self, latency: Duration) {
        self.latencies.push(latency);
    }

    /// One record of a page; it must not have come before.
    pub fn record(&mut self, record: &Value) -> anyhow::Result<()> {
        let id = record["_id"]
            .as_str()
            .or(record["id"].as_str())
            .unwrap_or_default()
            .to_string();
        let revision = record["revision"].as_u64().unwrap_or(0);
        anyhow::ensure!(
            self.seen.insert(id.clone(), revision).is_none(),
            "{id} arrived twice{}",
            self.server
        );
        if record["type"] == "candidate" {
            self.candidates += 1;
        }
        Ok(())
    }

    /// The pull's phase, once every candidate came exactly once at revision 2.
    pub fn verified(self, name: &str, w: Workload) -> anyhow::Result<Phase> {
        let phase = Phase {
            name: "pull (pages of 500)",
            rows: self.seen.len(),
            elapsed: self.started.elapsed(),
            latencies: self.latencies,
        };
        anyhow::ensure!(
            self.candidates == w.candidates,
            "{} candidates pulled{}, not {}",
            self.candidates,
            self.server,
            w.candidates
        );
        let stale = self
            .seen
            .iter()
            .filter(|(id, revision)| id.starts_with(&format!("{:016x}", 2)) && **revision != 2)
            .count();
        anyhow::ensure!(
            stale == 0,
            "{stale} candidates not at their latest revision{}",
            self.server
        );
        println!("{name}: verified — every candidate pulled exactly once, at revision 2");
        Ok(phase)
    }
}
