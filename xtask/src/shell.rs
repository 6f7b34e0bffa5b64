//! Running the tools: every command gets the project's PATH, so the pinned wasm-opt and the
//! cargo-installed tools are found first, whatever the caller's shell has.

use anyhow::{Context, bail};
use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

/// The repository checkout this xtask belongs to.
pub struct Workspace {
    pub root: PathBuf,
}

impl Workspace {
    pub fn locate() -> anyhow::Result<Workspace> {
        // xtask/ sits directly in the workspace root.
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir
            .parent()
            .context("xtask is not inside a workspace")?
            .to_path_buf();
        Ok(Workspace { root })
    }

    pub fn relative(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

static PATH: OnceLock<OsString> = OnceLock::new();

/// The PATH every child gets: the npm wasm-opt, then cargo's bin folder, then the caller's PATH.
fn project_path() -> OsString {
    PATH.get_or_init(|| {
        let mut dirs = Vec::new();
        if let Ok(ws) = Workspace::locate() {
            dirs.push(ws.root.join("xtask/node/node_modules/.bin"));
        }
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
        if let Some(cargo_home) = cargo_home {
            dirs.push(cargo_home.join("bin"));
        }
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        std::env::join_paths(dirs).unwrap_or_default()
    })
    .clone()
}

pub fn command(program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.env("PATH", project_path());
    cmd
}

fn describe(program: &str, args: &[&str]) -> String {
    std::iter::once(program)
        .chain(args.iter().copied())
        .collect::<Vec<_>>()
        .join(" ")
}

fn check(status: std::process::ExitStatus, program: &str, args: &[&str]) -> anyhow::Result<()> {
    if status.success() {
        Ok(())
    } else {
        bail!("`{}` failed ({status})", describe(program, args))
    }
}

/// Runs a command with its output shown, failing if it fails.
pub fn run(program: &str, args: &[&str]) -> anyhow::Result<()> {
    run_with_env(program, args, &[])
}

pub fn run_with_env(program: &str, args: &[&str], env: &[(&str, &str)]) -> anyhow::Result<()> {
    let mut cmd = command(program);
    cmd.args(args).envs(env.iter().copied());
    let status = cmd
        .status()
        .with_context(|| format!("cannot start `{program}`"))?;
    check(status, program, args)
}

pub fn run_in(dir: &Path, program: &str, args: &[&str]) -> anyhow::Result<()> {
    run_in_with_env(dir, program, args, &[])
}

pub fn run_in_with_env(
    dir: &Path,
    program: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> anyhow::Result<()> {
    let status = command(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .status()
        .with_context(|| format!("cannot start `{program}`"))?;
    check(status, program, args)
}

/// A command's standard output, failing if it cannot start or fails.
pub fn output(program: &str, args: &[&str]) -> anyhow::Result<String> {
    let out = command(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .with_context(|| format!("cannot start `{program}`"))?;
    check(out.status, program, args)?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// What a finished command printed on stdout, and whether it succeeded.
pub struct Captured {
    pub success: bool,
    pub stdout: String,
}

/// Runs a prepared command, showing its output as it comes and keeping stdout to read counts from.
pub fn run_captured(mut cmd: Command) -> anyhow::Result<Captured> {
    cmd.stdout(Stdio::piped());
    let mut child: Child = cmd.spawn().context("cannot start a test command")?;
    let mut stdout = String::new();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line = line.unwrap_or_else(|err| format!("<unreadable output: {err}>"));
            println!("{line}");
            stdout.push_str(&line);
            stdout.push('\n');
        }
    }
    let status = child.wait().context("a test command vanished")?;
    Ok(Captured {
        success: status.success(),
        stdout,
    })
}
