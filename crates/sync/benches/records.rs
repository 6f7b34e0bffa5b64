//! How long decoding 1,000 candidate records takes — what the drafts program does with a
//! batch read from IndexedDB (crates/drafts/src/batches.rs) before it can check a roster — against a
//! named baseline measured in the same run: the same JSON text parsed without building
//! anything (`IgnoredAny`), the floor any decoder of that text has.
//!
//! The records are shaped like the browser benchmark's (tests/e2e/bench/roster-data.mjs).
//!
//! `cargo bench -p pingjia-sync --bench records`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pingjia_sync::records::CandidateRecord;
use serde::de::IgnoredAny;
use std::hint::black_box;

const ROWS: usize = 1000;

/// A batch's JSON text: `ROWS` candidates of one draft, as the app writes them.
fn batch() -> String {
    let records: Vec<String> = (0..ROWS)
        .map(|i| {
            let schooling = if i % 20 == 13 {
                ""
            } else {
                r#"{"school":"college","status":"graduated","related_specialty":false,"assessed":null}"#
            };
            format!(
                r#"{{"id":"c{id:031x}","draft_id":"{draft:032x}","revision":1,"life":"active","changed_at":1749170000000.0,"position":{i},"entry":{{"name":"考生{n}","level":"three","retake":[{retake}],"candidate":{{"birth_date":"","id_number":"3101011985{month:02}{day:02}{serial:03}X","schooling":[{schooling}],"work":[{{"from":"2012-03-01","until":"","ongoing":true}}],"certificates":[],"titles":[]}}}}}}"#,
                id = i + 1,
                draft = 7,
                n = i + 1,
                retake = if i % 9 == 0 { r#""theory""# } else { "" },
                month = 1 + i % 12,
                day = 1 + i % 28,
                serial = i % 1000,
            )
        })
        .collect();
    format!("[{}]", records.join(","))
}

fn decode(c: &mut Criterion) {
    let text = batch();
    let decoded: Vec<CandidateRecord> = serde_json::from_str(&text).expect("the batch decodes");
    assert_eq!(decoded.len(), ROWS);
    let mut group = c.benchmark_group("1,000 candidate records");
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("baseline: parse the JSON, build nothing", |b| {
        b.iter(|| {
            let parsed: Vec<IgnoredAny> =
                serde_json::from_slice(black_box(text.as_bytes())).expect("parses");
            black_box(parsed)
        })
    });
    group.bench_function("decode as CandidateRecord", |b| {
        b.iter(|| {
            let records: Vec<CandidateRecord> =
                serde_json::from_slice(black_box(text.as_bytes())).expect("decodes");
            black_box(records)
        })
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
