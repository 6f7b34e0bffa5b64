//! `cargo xtask setup | run | test` — see README.md.

mod bench_reader;
mod bundle;
mod checks;
mod fuzz;
mod integrity;
mod offline;
mod postgres;
mod shell;
mod toolchain;

use shell::Workspace;
use std::process::ExitCode;
use toolchain::Needs;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  setup          install what is missing (wasm target, wasm-bindgen, trunk, wasm-opt,
                 Chromium, chromedriver, Playwright); quick when all is there
  run [-- ARGS]  build the app in release mode and start pingjia serve on
                 http://127.0.0.1:8080; ARGS go to `pingjia serve` (e.g. --addr 127.0.0.1:9000)
  test           install what is missing, then every check and test; ends with
                 `N passed, N failed` and fails if anything failed
  bench startup  build the app, serve it, and measure its start-up in Chromium (Slow 4G,
                 CPU 4×): cold, warm from the service worker, the institution's first
                 open of /drafts, and the transfer alone of each
  bench books    build the app, publish the 2025 and 2026 test notices, and measure in
                 Chromium (CPU 4×) the book reader taking them (goal ≤ 30 ms) and the app's
                 start with the new notice kept, against its start with nothing kept
  bench roster   build the app, serve it, and measure a 1,000-candidate draft in Chromium
                 (CPU 4×): opening it, re-checking every row, one field edit
  bench import   build the app, serve it, and measure a 5,000-row XLSX import in Chromium
                 (CPU 4×): the whole import and its longest main-thread task
  bench phone    build the app, serve it, and measure a clerk's phone (390×844, CPU 4×):
                 the grouped report of a 5,000-row import with 500 faults, and scrolling a
                 1,000-card roster shown whole
  bench batches  build the app, serve it, and measure reading 1,000 candidates' batch in
                 Chromium (CPU 4×): kept as UTF-8 bytes, against kept as a string
  faults         kill rounds: 20 per backend, 10 devices pushing and one pulling while
                 pingjia serve is SIGKILLed at a random moment and restarted; prints each
                 round's operations, losses and duplicates (SQLite and a throw-away PostgreSQL;
                 `cargo xtask test` runs 2 short rounds). FAULT_ROUNDS / FAULT_SEED override.
                 Then the generated concurrent edits at 1,000 cases (PROPTEST_CASES)
  flips          offline flips: two devices edit one draft in Chromium (add, import, rename,
                 choose levels, remove) while their network goes off, on or slow 100 times at
                 random moments and pages reload; both must end with everything typed, and a
                 true conflict shown once (`cargo xtask test`
                 runs 12 flips). FLIPS / FLIP_SEED override
  fuzz [TARGET…] every fuzz target of crates/fuzz under libFuzzer (cargo-fuzz), FUZZ_SECONDS
                 each (60), at most 1 s and 100 MB per input; the corpus is minimised into
                 crates/fuzz/corpus and every finding kept in crates/fuzz/regressions, which
                 `cargo xtask test` runs
  postgres       start a throw-away PostgreSQL on a free loopback port, print its URL, and
                 stop it (deleting its data) when Enter is pressed
  bench sync     push 10,000 candidates through 50 devices to the sync API, edit each once,
                 pull them all: rows/s and p50/p99 per request, on SQLite, on PostgreSQL and
                 on two processes sharing one PostgreSQL (a throw-away cluster), beside the
                 peer pouchdb-server 4.2.0 in alternating rounds, with the ratios and goals
  bench load     200 clients on loopback mixing rules evaluations, pulls and pushes against
                 one server on SQLite for LOAD_SECONDS (300, a soak): p50/p99 per kind,
                 errors, and the server's memory every 30 s
  bench reader   what reading a published rulebook adds to a wasm program: a probe built
                 per part (SHA-256, Ed25519, postcard/JSON/TOML, the checks, the Rulebook)
                 through wasm-bindgen and wasm-opt, each against the probe with no part";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ws = match Workspace::locate() {
        Ok(ws) => ws,
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::FAILURE;
        }
    };
    let result = match args.first().map(String::as_str) {
        Some("setup") => toolchain::ensure(&ws, Needs::Test).map(|()| true),
        Some("run") => run(&ws, &args[1..]).map(|()| true),
        Some("test") => checks::run_all(&ws),
        Some("bench") if args.get(1).map(String::as_str) == Some("startup") => {
            checks::bench(&ws, "bench/startup.mjs")
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("books") => {
            checks::bench(&ws, "bench/books.mjs")
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("roster") => {
            checks::bench(&ws, "bench/roster.mjs")
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("import") => {
            checks::bench(&ws, "bench/import.mjs")
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("phone") => {
            checks::bench(&ws, "bench/phone.mjs")
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("batches") => {
            checks::bench(&ws, "bench/batches.mjs")
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("sync") => checks::bench_sync(&ws),
        Some("bench") if args.get(1).map(String::as_str) == Some("load") => checks::bench_load(),
        Some("bench") if args.get(1).map(String::as_str) == Some("reader") => {
            bench_reader::run(&ws).map(|()| true)
        }
        Some("faults") => checks::faults(),
        Some("fuzz") => fuzz::run(&ws, &args[1..]),
        Some("flips") => checks::flips(&ws),
        Some("postgres") => postgres::ensure_installed()
            .and_then(|bin| postgres::Cluster::start(&bin))
            .and_then(|cluster| {
                println!("{}", cluster.url);
                println!("(press Enter to stop it and delete its data)");
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                drop(cluster);
                Ok(true)
            }),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(true)
        }
        Some(other) => {
            eprintln!("error: unknown command `{other}`\n\n{USAGE}");
            Ok(false)
        }
        None => {
            eprintln!("{USAGE}");
            Ok(false)
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Builds everything in release mode, then replaces this process with `pingjia serve`, so
/// Ctrl-C reaches the server directly and it shuts down cleanly.
fn run(ws: &Workspace, serve_args: &[String]) -> anyhow::Result<()> {
    toolchain::ensure(ws, Needs::Build)?;
    bundle::build_release(ws, bundle::Publishers::Configured)?;
    println!("[build] cargo build --release -p pingjia-server");
    shell::run_in(
        &ws.root,
        "cargo",
        &["build", "--release", "-p", "pingjia-server"],
    )?;
    let serve_args: Vec<&str> = serve_args
        .iter()
        .map(String::as_str)
        .skip_while(|a| *a == "--")
        .collect();
    let mut cmd = shell::command(&ws.root.join("target/release/pingjia").to_string_lossy());
    cmd.arg("serve").current_dir(&ws.root);
    // Defaults for a local run; PINGJIA_* variables or flags given after `--` win.
    for (var, value) in [
        ("PINGJIA_DIST", ws.root.join("dist")),
        ("PINGJIA_DB", ws.root.join("data/pingjia.sqlite3")),
    ] {
        if std::env::var_os(var).is_none() {
            cmd.env(var, value);
        }
    }
    cmd.args(&serve_args);
    exec(cmd)
}

#[cfg(unix)]
fn exec(mut cmd: std::process::Command) -> anyhow::Result<()> {
    use std::os::unix::process::CommandExt;
    let err = cmd.exec();
    Err(anyhow::anyhow!("cannot start pingjia serve: {err}"))
}

#[cfg(not(unix))]
fn exec(mut cmd: std::process::Command) -> anyhow::Result<()> {
    let status = cmd.status()?;
    anyhow::ensure!(status.success(), "pingjia serve stopped with {status}");
    Ok(())
}
