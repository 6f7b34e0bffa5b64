//! A throw-away PostgreSQL cluster for the tests: Debian's `postgresql` (installed when
//! missing), `initdb` in a temporary folder, a free loopback port, run as the `postgres` user
//! when this runs as root (PostgreSQL refuses to run as root), stopped and deleted when dropped.

use crate::checks::tempdir::TempDir;
use crate::shell;
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Debian's packaging of PostgreSQL, where its programs live.
const PACKAGE: &str = "postgresql";
const VERSIONS: &str = "/usr/lib/postgresql";

pub struct Cluster {
    data: TempDir,
    bin: PathBuf,
    /// The URL of its `postgres` database as the `postgres` user (trust, loopback only).
    pub url: String,
}

/// The newest installed PostgreSQL's `bin` folder, installing the package when none is.
pub fn ensure_installed() -> anyhow::Result<PathBuf> {
    if let Some(bin) = newest_bin() {
        println!("[setup] PostgreSQL ({}): ok", bin.display());
        return Ok(bin);
    }
    let install = format!("apt-get update && apt-get install -y {PACKAGE}");
    if !is_root() {
        bail!("PostgreSQL is missing. As root, run:\n    {install}");
    }
    println!("[setup] installing {PACKAGE} with apt-get");
    shell::run("apt-get", &["update"])?;
    shell::run_with_env(
        "apt-get",
        &["install", "-y", "--no-install-recommends", PACKAGE],
        &[("DEBIAN_FRONTEND", "noninteractive")],
    )
    .context(format!(
        "could not install PostgreSQL; as root, run: {install}"
    ))?;
    newest_bin()
        .context("PostgreSQL was installed but its programs are not under /usr/lib/postgresql")
}

fn newest_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(VERSIONS)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    shell::output("id", &["-u"]).is_ok_and(|uid| uid.trim() == "0")
}

/// Runs a PostgreSQL program as the user that may own the cluster.
fn as_owner(program: &Path, args: &[String]) -> anyhow::Result<()> {
    let status = if is_root() {
        let mut line = shell_quote(&program.to_string_lossy());
        for arg in args {
            line.push(' ');
            line.push_str(&shell_quote(arg));
        }
        Command::new("su")
            .args(["postgres", "-s", "/bin/sh", "-c", &line])
            .status()?
    } else {
        Command::new(program).args(args).status()?
    };
    anyhow::ensure!(status.success(), "{} failed ({status})", program.display());
    Ok(())
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

impl Cluster {
    pub fn start(bin: &Path) -> anyhow::Result<Cluster> {
        let data = TempDir::new("pingjia-postgres")?;
        if is_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(data.path())
                .status()?;
            anyhow::ensure!(
                status.success(),
                "cannot give {} to the postgres user",
                data.path().display()
            );
        }
        let folder = data.path().to_string_lossy().to_string();
        let cluster = format!("{folder}/data");
        as_owner(
            &bin.join("initdb"),
            &[
                "-D".into(),
                cluster.clone(),
                "--auth=trust".into(),
                "-U".into(),
                "postgres".into(),
                "-E".into(),
                "UTF8".into(),
                "--locale=C.UTF-8".into(),
                "--no-instructions".into(),
            ],
        )
        .context("initdb failed")?;
        let port = free_port()?;
        as_owner(
            &bin.join("pg_ctl"),
            &[
                "-D".into(),
                cluster,
                "-l".into(),
                format!("{folder}/server.log"),
                "-o".into(),
                format!("-p {port} -k {folder} -c listen_addresses=127.0.0.1"),
                "-w".into(),
                "start".into(),
            ],
        )
        .with_context(|| format!("PostgreSQL did not start; its log is {folder}/server.log"))?;
        println!("[postgres] a throw-away cluster on 127.0.0.1:{port}");
        Ok(Cluster {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            bin: bin.to_path_buf(),
            data,
        })
    }
}

impl Cluster {
    /// A shell command that restarts it (the tests restart it between two pushes).
    pub fn restart_command(&self) -> String {
        let pg_ctl = shell_quote(&self.bin.join("pg_ctl").to_string_lossy());
        let cluster = shell_quote(&format!("{}/data", self.data.path().to_string_lossy()));
        let line = format!("{pg_ctl} -D {cluster} -m fast -w restart >/dev/null");
        if is_root() {
            format!("su postgres -s /bin/sh -c {}", shell_quote(&line))
        } else {
            line
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let cluster = format!("{}/data", self.data.path().to_string_lossy());
        let _ = as_owner(
            &self.bin.join("pg_ctl"),
            &[
                "-D".into(),
                cluster,
                "-m".into(),
                "fast".into(),
                "-w".into(),
                "stop".into(),
            ],
        );
    }
}
