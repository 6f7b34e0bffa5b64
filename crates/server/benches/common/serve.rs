//! `pingjia serve` as a process of its own for the benchmarks: the binary cargo built beside
//! them, on a free loopback port, with every rate limit off (they measure the server, not
//! its limits).

#![allow(
    dead_code,
    reason = "shared by the benchmarks through #[path]; each uses a part"
)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A `pingjia serve` process, stopped when dropped.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve(dist: &std::path::Path, db: &str) -> anyhow::Result<Server> {
    serve_with(dist, db, &[])
}

/// As `serve`, with more of `pingjia serve`'s options.
pub fn serve_with(dist: &std::path::Path, db: &str, more: &[&str]) -> anyhow::Result<Server> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pingjia"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--log",
            "warn",
            "--rate-per-ip",
            "0",
            "--rate-per-token",
            "0",
        ])
        .args(["--account-quota-mb", "1024", "--db", db])
        .args(more)
        .arg("--dist")
        .arg(dist)
        .env_remove("PINGJIA_DB")
        .stdout(Stdio::piped())
        .spawn()?;
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        BufReader::new(out).read_line(&mut line)?;
    }
    let base = line
        .trim()
        .strip_prefix("pingjia listening on ")
        .map(str::to_string);
    match base {
        Some(base) => Ok(Server { child, base }),
        None => {
            let _ = child.kill();
            anyhow::bail!("pingjia serve did not start: {line:?}")
        }
    }
}

impl Server {
    /// The process's resident memory, in MB, from /proc (Linux).
    pub fn resident_mb(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kb / 1024.0)
    }
}
