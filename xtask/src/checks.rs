//! `cargo xtask test`: every check and every test, one after another, with one tally at the end.
//!
//! A failing step does not stop the run, so one run shows everything that is wrong; a step that
//! needs an earlier one (the browser tests need the built app) is counted failed if that failed.

use crate::bundle;
use crate::shell::{self, Workspace};
use crate::toolchain::{self, CHROMEDRIVER, Needs, WASM_TARGET};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Counts of test cases, read from a runner's own closing lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub passed: u32,
    pub failed: u32,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

/// What is built and tested for the browser: the candidate app, the drafts program and what
/// they share (their components and IndexedDB storage), and the rules, whose scenarios run
/// there too for parity with the native run.
const WASM_PACKAGES: &[&str] = &[
    "-p",
    "pingjia",
    "-p",
    "pingjia-shell",
    "-p",
    "pingjia-drafts",
    "-p",
    "pingjia-rules",
    "--target",
    WASM_TARGET,
];

struct StepResult {
    name: &'static str,
    ok: bool,
    tally: Tally,
    took: Duration,
}

pub fn run_all(ws: &Workspace) -> anyhow::Result<bool> {
    let started = Instant::now();
    let mut results = Vec::new();
    let mut step = |name: &'static str, f: &mut dyn FnMut() -> anyhow::Result<(bool, Tally)>| {
        println!("\n==> {name}");
        let t = Instant::now();
        let (ok, tally) = f().unwrap_or_else(|err| {
            eprintln!("{name}: {err:#}");
            (false, Tally::default())
        });
        results.push(StepResult {
            name,
            ok,
            tally,
            took: t.elapsed(),
        });
        ok
    };

    let setup_ok = step("install what is missing", &mut || {
        toolchain::ensure(ws, Needs::Test)?;
        Ok((true, Tally::default()))
    });
    step("cargo fmt --check", &mut || {
        check(&["fmt", "--all", "--", "--check"])
    });
    step("clippy (native)", &mut || {
        check(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
    });
    step("clippy (wasm32)", &mut || {
        check(
            &[
                &["clippy"],
                WASM_PACKAGES,
                &["--all-targets", "--", "-D", "warnings"],
            ]
            .concat(),
        )
    });
    step(
        "native tests (the sync suite on SQLite and on PostgreSQL)",
        &mut || {
            // A throw-away PostgreSQL for the run; without it the PostgreSQL tests fail under CI and
            // say they were skipped elsewhere.
            let cluster = crate::postgres::ensure_installed()
                .and_then(|bin| crate::postgres::Cluster::start(&bin));
            let (url, restart) = match &cluster {
                Ok(cluster) => (cluster.url.clone(), cluster.restart_command()),
                Err(err) => {
                    println!("[postgres] NOT AVAILABLE, the PostgreSQL tests cannot run: {err:#}");
                    (String::new(), String::new())
                }
            };
            let result = cargo_tests(
                &["test", "--workspace", "--all-targets", "--no-fail-fast"],
                &[
                    ("PINGJIA_TEST_POSTGRES", &url),
                    ("PINGJIA_TEST_POSTGRES_RESTART", &restart),
                    // Ours to reconfigure (the TLS test turns TLS on and off again).
                    ("PINGJIA_TEST_POSTGRES_THROWAWAY", "1"),
                    // A PostgreSQL half that cannot run fails the run here, CI or not.
                    ("PINGJIA_TEST_POSTGRES_REQUIRED", "1"),
                ],
            );
            drop(cluster);
            result
        },
    );
    if setup_ok {
        step("wasm tests in headless Chromium", &mut || {
            cargo_tests(
                &[&["test", "--no-fail-fast"], WASM_PACKAGES].concat(),
                &[("CHROMEDRIVER", CHROMEDRIVER)],
            )
        });
        let mut sizes = Vec::new();
        let built = step("release build (trunk)", &mut || {
            sizes = bundle::build_release(ws, bundle::Publishers::AndTheTestPublisher)?;
            Ok((true, Tally::default()))
        });
        if built {
            step("first visit within 200 KB brotli", &mut || {
                let (total, names) = bundle::first_visit(&ws.root.join("dist"), &sizes)?;
                let ok = total <= bundle::FIRST_VISIT_BUDGET;
                println!(
                    "[budget] a first visit downloads {total} bytes brotli ({}), budget {}: {}",
                    names.join(", "),
                    bundle::FIRST_VISIT_BUDGET,
                    if ok { "within" } else { "OVER" }
                );
                Ok((ok, Tally::default()))
            });
            step("end-to-end tests (Playwright)", &mut || end_to_end(ws));
        }
    }

    let mut total = Tally::default();
    println!("\n==> summary ({} s)", started.elapsed().as_secs());
    for r in &results {
        let counts = if r.tally == Tally::default() {
            String::new()
        } else {
            format!("{} passed, {} failed", r.tally.passed, r.tally.failed)
        };
        println!(
            "  {:<4} {:<34} {:>5} s  {counts}",
            if r.ok { "ok" } else { "FAIL" },
            r.name,
            r.took.as_secs()
        );
        // A step with no test cases of its own (a lint, a build) counts as one check.
        let step_tally = if r.tally == Tally::default() {
            Tally {
                passed: u32::from(r.ok),
                failed: u32::from(!r.ok),
            }
        } else if !r.ok && r.tally.failed == 0 {
            // The runner failed without a failing case (a crash, a compile error): count it.
            Tally {
                passed: r.tally.passed,
                failed: 1,
            }
        } else {
            r.tally
        };
        total += step_tally;
    }
    let all_ok = results.iter().all(|r| r.ok) && !results.is_empty();
    println!("{} passed, {} failed", total.passed, total.failed);
    Ok(all_ok && total.failed == 0)
}

fn check(args: &[&str]) -> anyhow::Result<(bool, Tally)> {
    let status = shell::command("cargo").args(args).status()?;
    Ok((status.success(), Tally::default()))
}

fn cargo_tests(args: &[&str], env: &[(&str, &str)]) -> anyhow::Result<(bool, Tally)> {
    let mut cmd = shell::command("cargo");
    cmd.args(args).envs(env.iter().copied());
    let out = shell::run_captured(cmd)?;
    Ok((out.success, cargo_tally(&out.stdout)))
}

/// Sums cargo's and wasm-bindgen-test-runner's `test result: ok. N passed; M failed; …` lines.
pub fn cargo_tally(stdout: &str) -> Tally {
    let mut tally = Tally::default();
    for line in stdout.lines().filter(|l| l.starts_with("test result:")) {
        tally.passed += number_before(line, " passed");
        tally.failed += number_before(line, " failed");
    }
    tally
}

/// node --test with the TAP reporter ends with `# pass N` and `# fail N`.
pub fn node_tally(stdout: &str) -> Tally {
    let field = |name: &str| {
        stdout
            .lines()
            .filter_map(|l| l.trim().strip_prefix(name))
            .filter_map(|n| n.trim().parse::<u32>().ok())
            .next_back()
            .unwrap_or(0)
    };
    Tally {
        passed: field("# pass "),
        failed: field("# fail "),
    }
}

fn number_before(line: &str, word: &str) -> u32 {
    line.find(word)
        .and_then(|end| {
            line[..end]
                .rsplit(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// A `pingjia serve` on a free loopback port, stopped when dropped.
struct TestServer {
    child: Child,
    url: String,
    _data: tempdir::TempDir,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(ws: &Workspace) -> anyhow::Result<TestServer> {
    let status = shell::command("cargo")
        .args(["build", "-p", "pingjia-server"])
        .status()?;
    anyhow::ensure!(status.success(), "pingjia-server does not build");
    let data = tempdir::TempDir::new("pingjia-e2e")?;
    let mut child = Command::new(ws.root.join("target/debug/pingjia"))
        .args(["serve", "--addr", "127.0.0.1:0", "--log", "warn"])
        // Every browser of the run comes from 127.0.0.1 and many open accounts: the limit on
        // new accounts per address is for strangers, not for one machine's test run.
        .args(["--accounts-per-hour", "1000"])
        .arg("--dist")
        .arg(ws.root.join("dist"))
        .arg("--db")
        .arg(data.path().join("e2e.sqlite3"))
        .stdout(Stdio::piped())
        .spawn()?;
    let mut first_line = String::new();
    if let Some(out) = child.stdout.take() {
        BufReader::new(out).read_line(&mut first_line)?;
    }
    let Some(url) = first_line.trim().strip_prefix("pingjia listening on ") else {
        let _ = child.kill();
        anyhow::bail!("pingjia serve did not start: {first_line:?}");
    };
    Ok(TestServer {
        url: url.to_owned(),
        child,
        _data: data,
    })
}

/// `cargo xtask bench startup|roster|import|batches`: the release build served as in the tests,
/// measured by `script` (tests/e2e/bench/startup.mjs, roster.mjs, import.mjs or batches.mjs),
/// which prints its figures beside its goals and its baseline.
pub fn bench(ws: &Workspace, script: &str) -> anyhow::Result<bool> {
    toolchain::ensure(ws, Needs::Test)?;
    crate::bundle::build_release(ws, bundle::Publishers::AndTheTestPublisher)?;
    let server = start_server(ws)?;
    let mut cmd = shell::command("node");
    cmd.arg(script)
        .current_dir(ws.root.join("tests/e2e"))
        .env("PINGJIA_URL", &server.url)
        // For a benchmark that needs a server of its own (bench/books.mjs publishes rulebooks).
        .env("PINGJIA_SERVER_BIN", ws.root.join("target/debug/pingjia"))
        .env("PINGJIA_DIST", ws.root.join("dist"))
        .env("CHROMIUM", toolchain::CHROMIUM);
    let status = cmd.status()?;
    drop(server);
    Ok(status.success())
}

/// `cargo xtask flips`: tests/e2e/flips.test.mjs at full length (100 network flips, or FLIPS),
/// against the release build served as in the tests. FLIP_SEED replays a sequence.
pub fn flips(ws: &Workspace) -> anyhow::Result<bool> {
    toolchain::ensure(ws, Needs::Test)?;
    crate::bundle::build_release(ws, bundle::Publishers::AndTheTestPublisher)?;
    let server = start_server(ws)?;
    let artifacts = ws.root.join("target/e2e-artifacts");
    std::fs::create_dir_all(&artifacts)?;
    let flips = std::env::var("FLIPS").unwrap_or_else(|_| "100".into());
    let mut cmd = shell::command("node");
    cmd.args(["--test", "--test-reporter=tap", "--test-timeout=1800000"])
        .arg("flips.test.mjs")
        .current_dir(ws.root.join("tests/e2e"))
        .env("PINGJIA_URL", &server.url)
        .env("PINGJIA_ARTIFACTS", &artifacts)
        .env("FLIPS", flips)
        .env("CHROMIUM", toolchain::CHROMIUM);
    let status = cmd.status()?;
    drop(server);
    Ok(status.success())
}

/// The kill rounds of crates/server/tests/faults.rs at full length, on SQLite and on a
/// throw-away PostgreSQL, one backend after the other so each round's line can be read.
pub fn faults() -> anyhow::Result<bool> {
    let cluster =
        crate::postgres::ensure_installed().and_then(|bin| crate::postgres::Cluster::start(&bin));
    let url = match &cluster {
        Ok(cluster) => cluster.url.clone(),
        Err(err) => anyhow::bail!("the kill rounds need PostgreSQL too: {err:#}"),
    };
    let rounds = std::env::var("FAULT_ROUNDS").unwrap_or_else(|_| "20".into());
    let mut cmd = shell::command("cargo");
    cmd.args(["test", "-p", "pingjia-server", "--test", "faults", "--"])
        .args(["--nocapture", "--test-threads=1"])
        .env("PINGJIA_TEST_POSTGRES", &url)
        .env("PINGJIA_TEST_POSTGRES_REQUIRED", "1")
        .env("PINGJIA_FAULT_ROUNDS", rounds)
        .env("PINGJIA_FAULT_OPS", "200");
    if let Ok(seed) = std::env::var("FAULT_SEED") {
        cmd.env("PINGJIA_FAULT_SEED", seed);
    }
    let killed = cmd.status()?.success();
    drop(cluster);
    // Generated concurrent edits at length (the test run has 64 cases).
    let cases = std::env::var("PROPTEST_CASES").unwrap_or_else(|_| "1000".into());
    println!("[faults] generated concurrent edits: {cases} cases");
    let generated = shell::command("cargo")
        .args(["test", "-p", "pingjia-server", "--test", "concurrent_edits"])
        .env("PROPTEST_CASES", cases)
        .status()?
        .success();
    Ok(killed && generated)
}

/// The sync workload (crates/server/benches/sync/), built with optimisations, on SQLite and
/// on a throw-away PostgreSQL (one process, then two).
pub fn bench_sync(ws: &Workspace) -> anyhow::Result<bool> {
    let peer = crate::toolchain::peer(ws)?;
    let cluster =
        crate::postgres::ensure_installed().and_then(|bin| crate::postgres::Cluster::start(&bin));
    let url = match &cluster {
        Ok(cluster) => cluster.url.clone(),
        Err(err) => {
            println!("[postgres] not available, SQLite only: {err:#}");
            String::new()
        }
    };
    let mut cmd = shell::command("cargo");
    cmd.args(["bench", "-p", "pingjia-server", "--bench", "sync"])
        .env("PINGJIA_TEST_POSTGRES", &url)
        .env("PINGJIA_PEER", &peer);
    let ok = cmd.status()?.success();
    drop(cluster);
    Ok(ok)
}

/// 200 clients of mixed requests against the release server on SQLite, for LOAD_SECONDS (300).
pub fn bench_load() -> anyhow::Result<bool> {
    let mut cmd = shell::command("cargo");
    cmd.args(["bench", "-p", "pingjia-server", "--bench", "load"]);
    Ok(cmd.status()?.success())
}

fn end_to_end(ws: &Workspace) -> anyhow::Result<(bool, Tally)> {
    let server = start_server(ws)?;
    let artifacts = ws.root.join("target/e2e-artifacts");
    std::fs::create_dir_all(&artifacts)?;
    println!(
        "[e2e] server at {}; screenshots in {}",
        server.url,
        ws.relative(&artifacts)
    );
    let e2e = ws.root.join("tests/e2e");
    let mut cmd = shell::command("node");
    cmd.args(["--test", "--test-reporter=tap", "--test-timeout=120000"])
        .current_dir(&e2e)
        .env("PINGJIA_URL", &server.url)
        .env("PINGJIA_ARTIFACTS", &artifacts)
        // For tests that need a server of their own (a deploy changes the files it serves).
        .env("PINGJIA_SERVER_BIN", ws.root.join("target/debug/pingjia"))
        .env("PINGJIA_DIST", ws.root.join("dist"))
        .env("CHROMIUM", toolchain::CHROMIUM);
    let out = shell::run_captured(cmd)?;
    drop(server);
    Ok((out.success, node_tally(&out.stdout)))
}

/// A temporary folder removed on drop; small enough not to need a crate.
pub(crate) mod tempdir {
    use std::path::{Path, PathBuf};

    pub struct TempDir(PathBuf);

    impl TempDir {
        pub fn new(prefix: &str) -> std::io::Result<TempDir> {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            let path =
                std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
            std::fs::create_dir_all(&path)?;
            Ok(TempDir(path))
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_result_lines_are_summed() {
        let out = "running 3 tests\n\
            test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
            test result: FAILED. 10 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out\n";
        assert_eq!(
            cargo_tally(out),
            Tally {
                passed: 13,
                failed: 2
            }
        );
        assert_eq!(cargo_tally("no tests here"), Tally::default());
    }

    #[test]
    fn node_tap_totals_are_read() {
        let out = "TAP version 13\nok 1 - a\nnot ok 2 - b\n1..2\n# tests 2\n# pass 1\n# fail 1\n";
        assert_eq!(
            node_tally(out),
            Tally {
                passed: 1,
                failed: 1
            }
        );
    }
}
