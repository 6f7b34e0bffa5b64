//! The sync workload, pingjia beside a peer (`cargo xtask bench sync`): 10,000 candidates of
//! about 600 bytes across 20 drafts, pushed by 50 concurrent devices in batches of 100; then
//! every candidate edited once (a second revision) the same way; then pulled by one device in
//! pages of 500, checking each arrives exactly once at its latest revision. Every
//! acknowledgement is durable on pingjia's side (SQLite `synchronous=FULL`; PostgreSQL's commit).
//!
//! One run measures, in alternating rounds so that both see the same machine: `pingjia serve`
//! (the release binary, processes of its own) on SQLite, the peer (pouchdb-server on LevelDB,
//! when `PINGJIA_PEER` names it), pingjia on PostgreSQL and as two processes on one PostgreSQL
//! (when `PINGJIA_TEST_POSTGRES` names a server). `cargo xtask bench sync` sets both.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

mod peer;
mod pingjia;
#[path = "../common/serve.rs"]
mod serve;
mod workload;

use std::path::{Path, PathBuf};
use workload::{BATCH, DRAFTS, Outcome, PAGE, Workload, candidate};

/// The goals, as ratios to the peer measured in the same round.
const SQLITE_GOAL: f64 = 10.0;
const POSTGRES_GOAL: f64 = 5.0;
/// The slowest push request a device may see, at the 99th percentile.
const PUSH_P99_GOAL_MS: f64 = 250.0;
const ROUNDS: usize = 2;

const SQLITE: &str = "pingjia, SQLite";
const PEER: &str = "pouchdb-server 4.2.0, LevelDB";
const POSTGRES: &str = "pingjia, PostgreSQL";
const POSTGRES_TWO: &str = "pingjia, PostgreSQL ×2";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let w = Workload::chosen();
    let dir = tempfile::tempdir()?;
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist)?;
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>pingjia</title>",
    )?;
    let size = candidate(0, 1).to_string().len();
    println!(
        "sync benchmark: {} candidates of {size} bytes across {DRAFTS} drafts, {} concurrent devices, batches of {BATCH}, pages of {PAGE}",
        w.candidates, w.clients
    );
    let postgres = std::env::var("PINGJIA_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty());
    if postgres.is_none() {
        println!(
            "PostgreSQL NOT measured: PINGJIA_TEST_POSTGRES is not set (cargo xtask bench sync sets it)"
        );
    }
    let peer = std::env::var_os("PINGJIA_PEER")
        .map(PathBuf::from)
        .filter(|_| w.full);
    if peer.is_none() {
        println!(
            "the peer NOT measured: {}",
            if w.full {
                "PINGJIA_PEER is not set (cargo xtask bench sync sets it)"
            } else {
                "only the full workload runs it"
            }
        );
    }
    let rounds = if w.full { ROUNDS } else { 1 };
    let mut outcomes: Vec<(usize, Outcome)> = Vec::new();
    for round in 1..=rounds {
        let here = dir.path().join(format!("round-{round}"));
        std::fs::create_dir(&here)?;
        let sqlite = here.join("bench.sqlite3").to_string_lossy().into_owned();
        let server = pingjia::serve(&dist, &sqlite)?;
        outcomes.push((
            round,
            pingjia::run(SQLITE, std::slice::from_ref(&server.base), w).await?,
        ));
        drop(server);
        if let Some(command) = &peer {
            let running = peer::start(command, &here.join("peer")).await?;
            outcomes.push((round, peer::run(PEER, &running.base, w).await?));
        }
        if let Some(admin) = &postgres {
            outcomes.extend(on_postgres(&dist, admin, w).await?.map(|o| (round, o)));
        }
    }
    if !w.full {
        println!("(a small check run, not held to the goals: run `cargo xtask bench sync`)");
        return Ok(());
    }
    report(&outcomes);
    Ok(())
}

async fn on_postgres(dist: &Path, admin: &str, w: Workload) -> anyhow::Result<[Outcome; 2]> {
    let one = pingjia::serve(dist, &pingjia::fresh_postgres(admin).await?)?;
    let single = pingjia::run(POSTGRES, std::slice::from_ref(&one.base), w).await?;
    drop(one);
    let db = pingjia::fresh_postgres(admin).await?;
    let (a, b) = (pingjia::serve(dist, &db)?, pingjia::serve(dist, &db)?);
    let two = pingjia::run(POSTGRES_TWO, &[a.base.clone(), b.base.clone()], w).await?;
    Ok([single, two])
}

fn report(outcomes: &[(usize, Outcome)]) {
    println!();
    println!(
        "round {:<30} {:<24} {:>10} {:>10} {:>10} {:>9}",
        "configuration", "phase", "rows/s", "p50 ms", "p99 ms", "requests"
    );
    for (round, outcome) in outcomes {
        print!("{round:<5} ");
        outcome.push_new.row(&outcome.name);
        for phase in [&outcome.push_edit, &outcome.pull] {
            print!("{:<5} ", "");
            phase.row(&outcome.name);
        }
    }
    println!();
    let peer_of = |round: usize| {
        outcomes
            .iter()
            .find(|(r, o)| *r == round && o.name == PEER)
            .map(|(_, o)| o)
    };
    if outcomes.iter().all(|(_, o)| o.name != PEER) {
        println!("no peer measured: the ratios and their goals are not shown");
    }
    for (name, goal) in [
        (SQLITE, SQLITE_GOAL),
        (POSTGRES, POSTGRES_GOAL),
        (POSTGRES_TWO, POSTGRES_GOAL),
    ] {
        let mine: Vec<&(usize, Outcome)> =
            outcomes.iter().filter(|(_, o)| o.name == name).collect();
        if mine.is_empty() {
            continue;
        }
        let mut push_ratios = Vec::new();
        let mut pull_ratios = Vec::new();
        for (round, outcome) in &mine {
            if let Some(peer) = peer_of(*round) {
                push_ratios.push(outcome.push_rate() / peer.push_rate());
                pull_ratios.push(outcome.pull.rate() / peer.pull.rate());
            }
        }
        let worst_p99 = mine.iter().map(|(_, o)| o.push_p99()).fold(0.0, f64::max);
        let verdict = |met: bool| if met { "goal met" } else { "goal NOT met" };
        if !push_ratios.is_empty() {
            let span = |ratios: &[f64]| {
                let low = ratios.iter().copied().fold(f64::INFINITY, f64::min);
                let high = ratios.iter().copied().fold(0.0, f64::max);
                (low, format!("{low:.1}–{high:.1}×"))
            };
            let (push_low, push_span) = span(&push_ratios);
            let (pull_low, pull_span) = span(&pull_ratios);
            println!(
                "{name:<30} push {push_span} the peer, pull {pull_span} (goal {goal}×: push {}, pull {})",
                verdict(push_low >= goal),
                verdict(pull_low >= goal),
            );
        }
        println!(
            "{name:<30} slowest push request, p99 over every round: {worst_p99:.1} ms (goal ≤ {PUSH_P99_GOAL_MS} ms: {})",
            verdict(worst_p99 <= PUSH_P99_GOAL_MS)
        );
    }
}
