//! The fuzz targets: each reads arbitrary bytes exactly as the product reads them from a user,
//! a file or the network, and panics only when something the product promises fails. A panic
//! in the product itself is found the same way.
//!
//! `cargo xtask fuzz` runs each under libFuzzer (`libfuzzer/`, one binary per target, bounded
//! time, at most 1 s and 100 MB per input). `tests/corpus.rs` runs every kept input
//! (`corpus/<target>/`, and `regressions/<target>/` for each crash once found) through the same
//! function in `cargo xtask test`.

#![allow(
    clippy::panic,
    reason = "a target reports a broken promise by panicking: that is how libFuzzer sees it"
)]

mod roster_grid;
mod rules_eval;
mod sync_bodies;

/// A target: the bytes libFuzzer made, read as the product reads them.
pub type Target = fn(&[u8]);

/// Every target by the name its folder and its libFuzzer binary carry.
pub const TARGETS: &[(&str, Target)] = &[
    ("rules_eval", rules_eval::run),
    ("csv_import", roster_grid::csv_bytes),
    ("xlsx_import", roster_grid::xlsx_bytes),
    ("roster_grid", roster_grid::grid),
    ("sync_push", sync_bodies::push),
    ("sync_pull", sync_bodies::pull),
    ("stored_record", sync_bodies::stored),
];

pub use roster_grid::{csv_bytes, grid, xlsx_bytes};
pub use rules_eval::run as rules_eval;
pub use sync_bodies::{pull as sync_pull, push as sync_push, stored as stored_record};

/// A day the checks run on, chosen by the input's first two bytes: any day from 2024 to 2027,
/// so date rules meet every part of the notice's year and the edges around it.
fn day(data: &[u8]) -> (chrono::NaiveDate, &[u8]) {
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    match data {
        [a, b, rest @ ..] => {
            let offset = u16::from_le_bytes([*a, *b]) % (4 * 366);
            let on = start
                .checked_add_days(chrono::Days::new(u64::from(offset)))
                .unwrap_or(start);
            (on, rest)
        }
        _ => (start, data),
    }
}
