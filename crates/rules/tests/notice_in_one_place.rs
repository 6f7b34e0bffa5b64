//! Every value of the notice is written once, in its data file (`crates/rulebook/books/`): the
//! next notice must be one place to change. This reads the source of every crate and of the app
//! (tests aside, which check answers against the figures) and looks for the notice's values
//! elsewhere.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

use std::path::{Path, PathBuf};

/// Values only the rulebook may hold: the bank account, the fee figures, the sites, the
/// phone numbers, the address, the service hours.
const VALUES: [&str; 13] = [
    "03005062038",
    "153",
    "883",
    "540",
    "675",
    "139.224.253.143",
    "shqbxh.com",
    "54732857",
    "54103289",
    "54732855",
    "820-9278",
    "天宝路879号",
    "13:30",
];

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// Whether `value` occurs in `text` as a whole (not inside a longer number).
fn occurs(text: &str, value: &str) -> bool {
    text.match_indices(value).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + value.len()..].chars().next();
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        !digit(before) && !digit(after)
    })
}

#[test]
fn the_notice_s_values_are_written_only_in_the_rulebook() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let books = root.join("crates/rulebook/books");
    let mut files = Vec::new();
    for dir in [
        "src",
        "crates/rules/src",
        "crates/rules/build.rs",
        "crates/rulebook/src",
        "crates/shell/src",
        "crates/drafts/src",
        "crates/files/src",
        "crates/server/src",
    ] {
        let path = root.join(dir);
        if path.is_file() {
            files.push(path);
        } else {
            sources(&path, &mut files);
        }
    }
    assert!(files.len() > 20, "the sources were found ({})", files.len());
    let mut misplaced = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a readable source file");
        // Unit tests compare answers with the figures; only the code is held to this.
        // Comments may quote a figure of their own (a timing, say); only code is held to this.
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or("")
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let code = code.as_str();
        for value in VALUES.iter().filter(|v| occurs(code, v)) {
            misplaced.push(format!("{} holds {value}", file.display()));
        }
    }
    assert!(misplaced.is_empty(), "{}", misplaced.join("\n"));
    // And the notice's data file does hold them, so this test looks for the right words.
    let text = std::fs::read_to_string(books.join("notice-2025.toml")).expect("the 2025 book");
    for value in VALUES {
        assert!(occurs(&text, value), "the rulebook lacks {value}");
    }
}
