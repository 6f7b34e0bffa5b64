//! `cargo xtask bench reader`: what reading a published rulebook would add to a wasm program.
//! The probe (`xtask/probes/book-reader`) is built once per part, through wasm-bindgen and
//! wasm-opt as Trunk builds the app, and each size is compared with the probe built with no
//! part, in the same run. The candidate's first visit has only a few KB left under its budget,
//! so these figures decide where a book reader can live (docs/decisions/0012).

use crate::bundle::brotli;
use crate::shell::{self, Workspace};
use crate::toolchain::{self, Needs};
use anyhow::Context;

/// Each build: its features, and what it adds.
const PARTS: [(&str, &str); 10] = [
    ("", "nothing (the baseline: wasm-bindgen and an allocator)"),
    ("sha256", "SHA-256 of the book"),
    ("ed25519", "an Ed25519 signature check"),
    (
        "signature",
        "both: the index's signature and the book's hash",
    ),
    ("postcard", "a book read from postcard (binary serde)"),
    ("json", "a book read from JSON (serde_json)"),
    ("toml", "a book read from TOML (the staff's file itself)"),
    (
        "checked",
        "JSON, and the checks of `pingjia rulebook check`",
    ),
    ("built", "JSON, checked, and made into the rules' Rulebook"),
    (
        "published",
        "all of it: signed index, hash, JSON, checks, Rulebook",
    ),
];

pub fn run(ws: &Workspace) -> anyhow::Result<()> {
    toolchain::ensure(ws, Needs::Build)?;
    let out = ws.root.join("target/bench-reader");
    std::fs::create_dir_all(&out)?;
    let mut rows = Vec::new();
    for (features, what) in PARTS {
        let mut args = vec![
            "build",
            "-q",
            "-p",
            "pingjia-book-reader-probe",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
        ];
        if !features.is_empty() {
            args.extend(["--features", features]);
        }
        shell::run("cargo", &args)?;
        let built = ws
            .root
            .join("target/wasm32-unknown-unknown/wasm-release/pingjia_book_reader_probe.wasm");
        let name = if features.is_empty() {
            "none"
        } else {
            features
        };
        let bound = out.join(name);
        shell::run(
            "wasm-bindgen",
            &[
                "--target",
                "web",
                "--out-dir",
                &bound.to_string_lossy(),
                &built.to_string_lossy(),
            ],
        )?;
        let bg = bound.join("pingjia_book_reader_probe_bg.wasm");
        let shrunk = out.join(format!("{name}.wasm"));
        shell::run(
            "wasm-opt",
            &[
                "-Oz",
                "--strip-debug",
                "--strip-producers",
                "-o",
                &shrunk.to_string_lossy(),
                &bg.to_string_lossy(),
            ],
        )?;
        let raw =
            std::fs::read(&shrunk).with_context(|| format!("cannot read {}", shrunk.display()))?;
        rows.push((name, what, raw.len(), brotli(&raw)?.len()));
    }
    let (_, _, base_raw, base_brotli) = rows[0];
    println!("\n| part | wasm | brotli | added to the baseline (brotli) |");
    println!("| --- | ---: | ---: | ---: |");
    for (name, what, raw, compressed) in &rows {
        println!(
            "| `{name}`: {what} | {raw} | {compressed} | {} |",
            compressed.saturating_sub(base_brotli)
        );
    }
    println!("\n(baseline `none`: {base_raw} bytes, {base_brotli} brotli)");
    Ok(())
}
