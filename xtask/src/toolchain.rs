//! Every tool the build and the tests need, at one pinned version each, and how to get it.
//!
//! Each step first checks, and costs well under a second when the tool is already right;
//! only a missing or wrong tool is installed.

use crate::shell::{self, Workspace};
use anyhow::{Context, bail};
use std::path::Path;

/// The versions, in one place. `check_pins` fails the build when a file that must repeat one
/// of them (Cargo.toml, Cargo.lock, Trunk.toml, package.json) disagrees.
pub const WASM_BINDGEN: &str = "0.2.130";
/// 0.22 needs rustc 1.96.
pub const TRUNK: &str = "0.21.14";
/// wasm-opt from npm `binaryen`. Never Debian's binaryen 108: its output breaks the wasm.
pub const BINARYEN: &str = "132.0.0";
pub const PLAYWRIGHT_CORE: &str = "1.65.1";
/// Reads the XLSX files the app exports, so the end-to-end tests check them cell by cell with
/// a reader that is not the app's own.
pub const READ_EXCEL_FILE: &str = "9.3.17";
pub const AXE_CORE: &str = "4.11.0";
/// `cargo xtask fuzz`'s libFuzzer driver.
pub const CARGO_FUZZ: &str = "0.13.2";
/// The peer `cargo xtask bench sync` measures beside pingjia.
pub const POUCHDB_SERVER: &str = "4.2.0";
pub const PEER_FOLDER: &str = "crates/server/benches/sync/pouchdb-server";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// What a command needs installed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Building the app: the wasm target, wasm-bindgen, Trunk, wasm-opt.
    Build,
    /// Everything `cargo xtask test` runs: the above plus Chromium, chromedriver, Playwright.
    Test,
}

pub fn ensure(ws: &Workspace, needs: Needs) -> anyhow::Result<()> {
    check_pins(ws)?;
    wasm_target()?;
    cargo_tool(
        "wasm-bindgen",
        "wasm-bindgen-cli",
        WASM_BINDGEN,
        &format!("wasm-bindgen {WASM_BINDGEN}"),
        false,
    )?;
    cargo_tool("trunk", "trunk", TRUNK, &format!("trunk {TRUNK}"), true)?;
    npm_folder(
        ws,
        &ws.root.join("xtask/node"),
        &[("binaryen", BINARYEN)],
        Scripts::Run,
    )?;
    if needs == Needs::Test {
        browser()?;
        npm_folder(
            ws,
            &ws.root.join("tests/e2e"),
            &[
                ("playwright-core", PLAYWRIGHT_CORE),
                ("read-excel-file", READ_EXCEL_FILE),
            ],
            Scripts::Run,
        )?;
    }
    Ok(())
}

/// cargo-fuzz, for `cargo xtask fuzz` only.
pub fn cargo_fuzz() -> anyhow::Result<()> {
    cargo_tool(
        "cargo-fuzz",
        "cargo-fuzz",
        CARGO_FUZZ,
        &format!("cargo-fuzz {CARGO_FUZZ}"),
        true,
    )
}

fn step_ok(what: &str) {
    println!("[setup] {what}: ok");
}

fn wasm_target() -> anyhow::Result<()> {
    let installed = shell::output("rustup", &["target", "list", "--installed"])?;
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        step_ok(WASM_TARGET);
        return Ok(());
    }
    println!("[setup] adding the Rust target {WASM_TARGET}");
    shell::run("rustup", &["target", "add", WASM_TARGET])
}

/// Installs a crates.io binary at exactly `version` unless `--version` already says `expect`.
fn cargo_tool(
    bin: &str,
    krate: &str,
    version: &str,
    expect: &str,
    try_locked_first: bool,
) -> anyhow::Result<()> {
    if let Ok(found) = shell::output(bin, &["--version"])
        && found.trim() == expect
    {
        step_ok(expect);
        return Ok(());
    }
    println!(
        "[setup] installing {krate} {version} with cargo (takes minutes: trunk about 15, wasm-bindgen-cli about 4 on 2 cores)"
    );
    let exact = format!("={version}");
    if try_locked_first
        && shell::run(
            "cargo",
            &["install", krate, "--version", &exact, "--locked"],
        )
        .is_ok()
    {
        return Ok(());
    }
    // Without --locked: the registry mirror can lag behind the crate's own lock file.
    shell::run("cargo", &["install", krate, "--version", &exact])
}

/// The peer's command (pouchdb-server's script, run with node), installed when missing.
pub fn peer(ws: &Workspace) -> anyhow::Result<std::path::PathBuf> {
    let dir = ws.root.join(PEER_FOLDER);
    // Its optional SQLite module would be compiled from a download; LevelDB's ships prebuilt.
    npm_folder(
        ws,
        &dir,
        &[("pouchdb-server", POUCHDB_SERVER)],
        Scripts::Skip,
    )?;
    Ok(dir.join("node_modules/pouchdb-server/bin/pouchdb-server"))
}

/// Whether `npm ci` runs the packages' install scripts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scripts {
    Run,
    Skip,
}

/// `npm ci` in a folder with a committed package-lock.json, unless every one of `packages` is
/// already there at its version.
fn npm_folder(
    ws: &Workspace,
    dir: &Path,
    packages: &[(&str, &str)],
    scripts: Scripts,
) -> anyhow::Result<()> {
    let present = |(package, version): &(&str, &str)| {
        let manifest = dir.join("node_modules").join(package).join("package.json");
        std::fs::read_to_string(&manifest)
            .is_ok_and(|text| json_string_field(&text, "version").as_deref() == Some(*version))
    };
    if packages.iter().all(present) {
        for (package, version) in packages {
            step_ok(&format!("npm {package} {version}"));
        }
        return Ok(());
    }
    if shell::output("npm", &["--version"]).is_err() {
        bail!(
            "npm is missing: install Node.js 18 or later (as root: apt-get install -y nodejs npm)"
        );
    }
    println!("[setup] npm ci in {}", ws.relative(dir));
    let mut args = vec!["ci", "--no-audit", "--no-fund"];
    if scripts == Scripts::Skip {
        args.push("--ignore-scripts");
    }
    shell::run_in(dir, "npm", &args)
}

/// Debian packages the browser tests need: the browser, its driver, and a Chinese font so
/// screenshots show the text a user reads instead of empty boxes.
const BROWSER_PACKAGES: [&str; 3] = ["chromium", "chromium-driver", "fonts-wqy-microhei"];
const CHINESE_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

fn browser() -> anyhow::Result<()> {
    let chromium = shell::output(CHROMIUM, &["--version"]);
    let driver = shell::output(CHROMEDRIVER, &["--version"]);
    let font = Path::new(CHINESE_FONT).is_file();
    if let (Ok(chromium), Ok(driver), true) = (&chromium, &driver, font) {
        step_ok(&format!(
            "{} / {} / Chinese font",
            chromium.trim(),
            first_two_words(driver)
        ));
        return Ok(());
    }
    let install = format!(
        "apt-get update && apt-get install -y {}",
        BROWSER_PACKAGES.join(" ")
    );
    if !is_root() {
        bail!(
            "Chromium, chromedriver or the Chinese font is missing. As root, run:\n    {install}"
        );
    }
    println!(
        "[setup] installing {} with apt-get",
        BROWSER_PACKAGES.join(", ")
    );
    shell::run("apt-get", &["update"])?;
    let mut args = vec!["install", "-y"];
    args.extend(BROWSER_PACKAGES);
    shell::run_with_env("apt-get", &args, &[("DEBIAN_FRONTEND", "noninteractive")]).context(
        format!("could not install the browser; as root, run: {install}"),
    )
}

fn first_two_words(s: &str) -> String {
    s.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
}

fn is_root() -> bool {
    shell::output("id", &["-u"]).is_ok_and(|uid| uid.trim() == "0")
}

/// The files that must repeat a pinned version, checked against the constants above.
pub fn check_pins(ws: &Workspace) -> anyhow::Result<()> {
    let mut wrong = Vec::new();
    let mut expect = |file: &str, found: Option<String>, want: &str| {
        if found.as_deref() != Some(want) {
            wrong.push(format!(
                "{file}: found {}, expected {want}",
                found.as_deref().unwrap_or("nothing")
            ));
        }
    };
    let read = |file: &str| {
        std::fs::read_to_string(ws.root.join(file)).with_context(|| format!("cannot read {file}"))
    };

    let lock = read("Cargo.lock")?;
    expect(
        "Cargo.lock wasm-bindgen",
        locked_version(&lock, "wasm-bindgen"),
        WASM_BINDGEN,
    );
    let cargo_toml = read("Cargo.toml")?;
    expect(
        "Cargo.toml wasm-bindgen",
        toml_string_field(&cargo_toml, "wasm-bindgen"),
        &format!("={WASM_BINDGEN}"),
    );
    let trunk_toml = read("Trunk.toml")?;
    expect(
        "Trunk.toml wasm_bindgen",
        toml_string_field(&trunk_toml, "wasm_bindgen"),
        WASM_BINDGEN,
    );
    let major = BINARYEN.split('.').next().unwrap_or(BINARYEN);
    expect(
        "Trunk.toml wasm_opt",
        toml_string_field(&trunk_toml, "wasm_opt"),
        &format!("version_{major}"),
    );
    let node = read("xtask/node/package.json")?;
    expect(
        "xtask/node/package.json binaryen",
        json_string_field(&node, "binaryen"),
        BINARYEN,
    );
    let e2e = read("tests/e2e/package.json")?;
    expect(
        "tests/e2e/package.json playwright-core",
        json_string_field(&e2e, "playwright-core"),
        PLAYWRIGHT_CORE,
    );
    expect(
        "tests/e2e/package.json read-excel-file",
        json_string_field(&e2e, "read-excel-file"),
        READ_EXCEL_FILE,
    );
    expect(
        "tests/e2e/package.json axe-core",
        json_string_field(&e2e, "axe-core"),
        AXE_CORE,
    );
    let peer = read(&format!("{PEER_FOLDER}/package.json"))?;
    expect(
        "the sync bench's pouchdb-server",
        json_string_field(&peer, "pouchdb-server"),
        POUCHDB_SERVER,
    );

    if wrong.is_empty() {
        step_ok("tool versions agree with xtask/src/toolchain.rs");
        Ok(())
    } else {
        bail!(
            "tool versions disagree with xtask/src/toolchain.rs:\n  {}",
            wrong.join("\n  ")
        )
    }
}

/// The version of `name` in Cargo.lock.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{name}\"") {
            return lines.next().and_then(|l| quoted_after(l, "version ="));
        }
    }
    None
}

/// `key = "value"` or `key = { version = "value", … }` on one line of a TOML file.
fn toml_string_field(toml: &str, key: &str) -> Option<String> {
    toml.lines().find_map(|line| {
        let rest = line
            .trim()
            .strip_prefix(key)?
            .trim_start()
            .strip_prefix('=')?;
        let rest = rest.trim();
        match rest.strip_prefix('{') {
            Some(table) => quoted_after(table, "version ="),
            None => quoted_after(rest, ""),
        }
    })
}

/// `"key": "value"` in a JSON file.
fn json_string_field(json: &str, key: &str) -> Option<String> {
    let pattern = format!("\"{key}\":");
    json.lines()
        .find_map(|line| quoted_after(line.trim(), &pattern))
}

fn quoted_after(text: &str, prefix: &str) -> Option<String> {
    let start = text.find(prefix)? + prefix.len();
    let rest = text[start..].trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_each_file_format() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "js-sys"), None);
        assert_eq!(
            toml_string_field("wasm-bindgen = \"=0.2.130\"", "wasm-bindgen").as_deref(),
            Some("=0.2.130")
        );
        assert_eq!(
            toml_string_field("leptos = { version = \"0.8.23\", features = [] }", "leptos")
                .as_deref(),
            Some("0.8.23")
        );
        assert_eq!(
            json_string_field("  \"binaryen\": \"132.0.0\"", "binaryen").as_deref(),
            Some("132.0.0")
        );
    }

    #[test]
    fn the_repository_agrees_with_the_pins() {
        let ws = Workspace::locate().expect("the workspace");
        check_pins(&ws).expect("pins agree");
    }
}
