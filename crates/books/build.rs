//! Writes in what the book reader must know before it reads anything: the publishers it
//! trusts (every `*.pub` of `crates/rulebook/keys/`, and for test builds the file
//! `PINGJIA_RULEBOOK_TRUST` names), and the built-in notices in their published form, to say
//! what a new notice changes.

use pingjia_rulebook::signed::PublicKey;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const TRUST_ENV: &str = "PINGJIA_RULEBOOK_TRUST";

fn main() {
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut keys = Vec::new();
    let key_folder = dir.join("../rulebook/keys");
    println!("cargo::rerun-if-changed={}", key_folder.display());
    let mut key_files: Vec<PathBuf> = std::fs::read_dir(&key_folder)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    key_files.retain(|p| p.extension().is_some_and(|e| e == "pub"));
    key_files.sort();
    for file in key_files {
        keys_of(&file, &mut keys);
    }
    println!("cargo::rerun-if-env-changed={TRUST_ENV}");
    if let Some(extra) = std::env::var_os(TRUST_ENV).filter(|v| !v.is_empty()) {
        keys_of(Path::new(&extra), &mut keys);
    }

    let books = dir.join("../rulebook/books");
    println!("cargo::rerun-if-changed={}", books.display());
    let mut names: Vec<PathBuf> = std::fs::read_dir(&books)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    names.sort();
    let mut built_in = Vec::new();
    for path in names {
        let is_notice = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("notice-") && n.ends_with(".toml"));
        if !is_notice {
            continue;
        }
        let source = read(&path);
        let book = pingjia_rulebook::check::notice(&source)
            .unwrap_or_else(|problems| fail(&format!("{}: {problems:?}", path.display())));
        built_in.push(serde_json::to_string(&book).unwrap_or_else(|e| fail(&format!("{e}"))));
    }

    let mut out = String::new();
    let _ = writeln!(out, "const TRUSTED: &[&str] = &{keys:?};");
    let _ = writeln!(out, "const BUILT_IN_BOOKS: &[&str] = &{built_in:?};");
    let target = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("built_in.rs");
    if let Err(e) = std::fs::write(&target, out) {
        fail(&format!("cannot write {}: {e}", target.display()));
    }
}

/// The keys listed in `path`, each checked to be a key now rather than refused in a browser.
fn keys_of(path: &Path, keys: &mut Vec<String>) {
    println!("cargo::rerun-if-changed={}", path.display());
    for line in read(path).lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Err(e) = PublicKey::from_text(line) {
            fail(&format!("{}: {line}: {e}", path.display()));
        }
        keys.push(line.to_string());
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())))
}

#[allow(
    clippy::panic,
    reason = "a build script stops the build with a message"
)]
fn fail(why: &str) -> ! {
    panic!("pingjia-books: {why}")
}
