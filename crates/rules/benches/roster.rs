//! How long checking a 1,000-candidate roster takes — the work the roster page does on every
//! re-check — against a named baseline measured in the same run: decoding the same rows from
//! JSON, as any caller does before checking them.
//!
//! The rows are the browser benchmark's (tests/e2e/bench/roster-data.mjs): most eligible, one in
//! ten too recent, one in twenty half typed, one in nine a retake.
//!
//! `cargo bench -p pingjia-rules --bench roster`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
// Benchmarks run natively; under the wasm target this file only has to compile.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use chrono::NaiveDate;
    use criterion::{Criterion, Throughput, criterion_group};
    use pingjia_rules::candidate_draft::{CandidateDraft, SchoolingDraft, WorkDraft};
    use pingjia_rules::eligibility::{School, SchoolStatus};
    use pingjia_rules::fees::Subject;
    use pingjia_rules::roster::{RosterEntry, check_roster};
    use pingjia_rules::{Level, id_number, rulebook};
    use std::hint::black_box;

    const ROWS: usize = 1000;

    /// An 18-character identity number with its GB 11643 check character.
    fn id_number(birth: &str, serial: usize) -> String {
        let first17 = format!("310101{}{:03}", birth.replace('-', ""), serial);
        id_number::complete(&first17).expect("17 digits")
    }

    fn roster() -> Vec<RosterEntry> {
        (0..ROWS)
            .map(|i| {
                let birth = format!("{}-{:02}-{:02}", 1970 + i % 25, 1 + i % 12, 1 + i % 28);
                let recent = i % 10 == 7;
                let half_typed = i % 20 == 13;
                RosterEntry {
                    name: format!("考生{}", i + 1),
                    level: Some(Level::Three),
                    retake: if i % 9 == 0 {
                        vec![Subject::Theory]
                    } else {
                        vec![]
                    },
                    candidate: CandidateDraft {
                        id_number: id_number(&birth, i % 1000),
                        schooling: if half_typed {
                            vec![]
                        } else {
                            vec![SchoolingDraft {
                                school: Some(School::College),
                                status: Some(SchoolStatus::Graduated),
                                related_specialty: Some(false),
                                assessed: None,
                            }]
                        },
                        work: vec![WorkDraft {
                            from: if recent { "2024-03-01" } else { "2012-03-01" }.into(),
                            until: String::new(),
                            ongoing: true,
                        }],
                        ..CandidateDraft::default()
                    },
                }
            })
            .collect()
    }

    fn bench(c: &mut Criterion) {
        let rows = roster();
        let json: Vec<String> = rows
            .iter()
            .map(|r| serde_json::to_string(r).expect("encodes"))
            .collect();
        let on = NaiveDate::from_ymd_opt(2025, 6, 6).expect("date");

        let mut group = c.benchmark_group("1,000-row roster");
        group.throughput(Throughput::Elements(ROWS as u64));
        group.bench_function("baseline: decode from JSON", |b| {
            b.iter(|| {
                json.iter()
                    .filter_map(|text| serde_json::from_str::<RosterEntry>(text).ok())
                    .count()
            })
        });
        group.bench_function("check every row", |b| {
            b.iter(|| {
                check_roster(rulebook::current(), black_box(on), black_box(&rows))
                    .rows
                    .len()
            })
        });
        group.finish();
    }

    criterion_group!(benches, bench);
}
