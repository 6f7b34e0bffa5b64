//! Imports a roster file natively and prints what the import found and how long it took:
//! `cargo run --release -p pingjia-files --example import_file -- roster.xlsx [2025-06-06]`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
use pingjia_rules::Bilingual;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: import_file <roster.csv|roster.xlsx> [application date]");
        std::process::exit(2);
    };
    let on = args
        .next()
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2025, 6, 6).expect("date"));
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(1);
        }
    };
    let utf8 = |b: &[u8]| {
        let b = b.strip_prefix("\u{feff}".as_bytes()).unwrap_or(b);
        String::from_utf8(b.to_vec()).map_err(|_| Bilingual::new("不是 UTF-8", "not UTF-8"))
    };
    let start = Instant::now();
    let report =
        pingjia_files::import::import(pingjia_rules::rulebook::current(), &bytes, &utf8, on, &[]);
    let took = start.elapsed();
    println!(
        "{path}: {} rows, {} without problems, {} bad cells on {} rows, {} file problems, in {:.1} ms",
        report.rows_read,
        report.good.len(),
        report.problems.len(),
        report.bad_rows(),
        report.file_problems.len(),
        took.as_secs_f64() * 1000.0
    );
    for p in report.problems.iter().take(5) {
        println!(
            "  row {} {} {}: {}",
            p.row, p.column, p.heading, p.message.zh
        );
    }
}
