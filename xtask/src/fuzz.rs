//! `cargo xtask fuzz`: every target of `crates/fuzz` under libFuzzer for a bounded time, each
//! input held to 1 s and 100 MB, the corpus kept in the repo (minimised after the run), and
//! any crash copied to `regressions/`, where `cargo xtask test` runs it from then on.

use crate::shell::{self, Workspace};
use std::path::Path;
use std::time::Instant;

const HARNESS: &str = "crates/fuzz/libfuzzer";
const CORPUS: &str = "crates/fuzz/corpus";
const REGRESSIONS: &str = "crates/fuzz/regressions";
/// Per input: slower or larger than this is a finding, as a crash is.
const TIMEOUT_SECONDS: &str = "1";
const MALLOC_LIMIT_MB: &str = "100";

/// One target's run, as libFuzzer reported it.
struct Run {
    target: String,
    ok: bool,
    runs: String,
    seconds: f64,
    peak_rss_mb: String,
    corpus: usize,
    findings: Vec<String>,
}

pub fn run(ws: &Workspace, args: &[String]) -> anyhow::Result<bool> {
    crate::toolchain::cargo_fuzz()?;
    let seconds = std::env::var("FUZZ_SECONDS").unwrap_or_else(|_| "60".into());
    let targets = targets(ws)?;
    let chosen: Vec<String> = if args.is_empty() {
        targets
    } else {
        for name in args {
            if !targets.contains(name) {
                anyhow::bail!("no fuzz target {name}: the targets are {targets:?}");
            }
        }
        args.to_vec()
    };
    println!(
        "[fuzz] {} targets, {seconds} s each, at most {TIMEOUT_SECONDS} s and {MALLOC_LIMIT_MB} MB per input",
        chosen.len()
    );
    let mut runs = Vec::new();
    for target in &chosen {
        runs.push(one(ws, target, &seconds)?);
    }
    println!();
    println!(
        "{:<14} {:>12} {:>8} {:>9} {:>8}  findings",
        "target", "inputs run", "seconds", "peak MB", "corpus"
    );
    for r in &runs {
        println!(
            "{:<14} {:>12} {:>8.0} {:>9} {:>8}  {}",
            r.target,
            r.runs,
            r.seconds,
            r.peak_rss_mb,
            r.corpus,
            if r.findings.is_empty() {
                "none".to_string()
            } else {
                r.findings.join(", ")
            }
        );
    }
    Ok(runs.iter().all(|r| r.ok && r.findings.is_empty()))
}

/// The targets, by the harness's binaries (`crates/fuzz/tests/corpus.rs` checks they are the
/// functions `pingjia_fuzz::TARGETS` names).
fn targets(ws: &Workspace) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(ws.root.join(HARNESS).join("fuzz_targets"))?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".rs").map(str::to_string)
        })
        .collect();
    names.sort();
    Ok(names)
}

fn one(ws: &Workspace, target: &str, seconds: &str) -> anyhow::Result<Run> {
    let corpus = ws.root.join(CORPUS).join(target);
    std::fs::create_dir_all(&corpus)?;
    // libFuzzer writes what it grows to a scratch folder; the kept corpus is rewritten from it
    // and the old one, minimised, after the run.
    let scratch = ws.root.join("target/fuzz").join(target);
    let artifacts = ws.root.join("target/fuzz/artifacts").join(target);
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch)?;
    std::fs::create_dir_all(&artifacts)?;
    println!("[fuzz] {target}");
    let started = Instant::now();
    let out = fuzz_command(ws)
        .args(["run", "--fuzz-dir", HARNESS, target])
        .arg(&scratch)
        .arg(&corpus)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-timeout={TIMEOUT_SECONDS}"))
        .arg(format!("-malloc_limit_mb={MALLOC_LIMIT_MB}"))
        .arg("-rss_limit_mb=2048")
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        .arg("-print_final_stats=1")
        .args(extra(target))
        .output()?;
    let elapsed = started.elapsed().as_secs_f64();
    let log = String::from_utf8_lossy(&out.stderr);
    let stat = |name: &str| {
        log.lines()
            .find_map(|l| l.strip_prefix(&format!("stat::{name}:")))
            .map_or_else(|| "?".to_string(), |v| v.trim().to_string())
    };
    let findings = keep_findings(ws, target, &artifacts)?;
    if !out.status.success() && findings.is_empty() {
        println!("{log}");
    }
    minimise(ws, target, &corpus, &scratch)?;
    Ok(Run {
        target: target.to_string(),
        ok: out.status.success(),
        runs: stat("number_of_executed_units"),
        seconds: elapsed,
        peak_rss_mb: stat("peak_rss_mb"),
        corpus: count(&corpus),
        findings,
    })
}

/// The grid target builds whole files from few bytes and runs a few hundred times a second: it
/// starts at full length instead of growing its inputs slowly from the short seeds.
fn extra(target: &str) -> &'static [&'static str] {
    match target {
        "roster_grid" => &["-len_control=0", "-max_len=2048"],
        _ => &[],
    }
}

fn fuzz_command(ws: &Workspace) -> std::process::Command {
    let mut cmd = shell::command("cargo");
    cmd.arg("fuzz")
        .current_dir(&ws.root)
        // cargo-fuzz passes nightly flags (the sanitizer); this toolchain is stable.
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", ws.root.join("target/fuzz/build"));
    cmd
}

/// Every crash, timeout or out-of-memory input becomes a regression input, named by kind.
fn keep_findings(ws: &Workspace, target: &str, artifacts: &Path) -> anyhow::Result<Vec<String>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(artifacts)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let kept = ws.root.join(REGRESSIONS).join(target);
        std::fs::create_dir_all(&kept)?;
        std::fs::copy(&path, kept.join(name))?;
        std::fs::remove_file(&path)?;
        println!(
            "[fuzz] {target}: {name} kept in {}",
            ws.relative(&kept.join(name))
        );
        found.push(name.split('-').next().unwrap_or(name).to_string());
    }
    Ok(found)
}

/// The kept corpus becomes the smallest set of inputs covering what the old corpus and this
/// run's finds cover (`-merge=1`).
fn minimise(ws: &Workspace, target: &str, corpus: &Path, scratch: &Path) -> anyhow::Result<()> {
    let merged = ws.root.join("target/fuzz/merged").join(target);
    let _ = std::fs::remove_dir_all(&merged);
    std::fs::create_dir_all(&merged)?;
    let out = fuzz_command(ws)
        .args(["run", "--fuzz-dir", HARNESS, target])
        .arg(&merged)
        .arg(corpus)
        .arg(scratch)
        .arg("--")
        .arg("-merge=1")
        .arg(format!("-timeout={TIMEOUT_SECONDS}"))
        .output()?;
    if !out.status.success() || count(&merged) == 0 {
        println!(
            "[fuzz] {target}: the corpus was not minimised (kept as it was)\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        return Ok(());
    }
    std::fs::remove_dir_all(corpus)?;
    std::fs::create_dir_all(corpus)?;
    for entry in std::fs::read_dir(&merged)? {
        let path = entry?.path();
        if let Some(name) = path.file_name() {
            std::fs::copy(&path, corpus.join(name))?;
        }
    }
    Ok(())
}

fn count(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.count())
}
