//! Every input kept for a target (its corpus, and each crash once found, in `regressions/`)
//! through the target's function: what the fuzzer once reached stays reached in every test run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

use std::path::Path;

#[test]
fn every_kept_input_keeps_its_promises() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut counts = Vec::new();
    for (name, target) in pingjia_fuzz::TARGETS {
        let mut inputs = 0;
        for folder in ["corpus", "regressions"] {
            let dir = root.join(folder).join(name);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                let data = std::fs::read(&path).unwrap();
                let outcome = std::panic::catch_unwind(|| target(&data));
                assert!(
                    outcome.is_ok(),
                    "{name}: {} broke a promise",
                    path.display()
                );
                inputs += 1;
            }
        }
        counts.push(format!("{name} {inputs}"));
        assert!(inputs > 0, "{name} has no kept input: run cargo xtask fuzz");
    }
    println!("inputs run: {}", counts.join(", "));
}

/// `cargo xtask fuzz` runs the harness's binaries; each must be one of `TARGETS`, and each
/// target must have a binary that calls it.
#[test]
fn every_target_has_its_libfuzzer_binary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("libfuzzer/fuzz_targets");
    let mut binaries: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".rs").map(str::to_string))
        .collect();
    binaries.sort();
    let mut named: Vec<String> = pingjia_fuzz::TARGETS
        .iter()
        .map(|(name, _)| name.to_string())
        .collect();
    named.sort();
    assert_eq!(binaries, named);
}
