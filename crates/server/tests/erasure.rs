//! Erasing an account erases its people: after `DELETE /api/v1/sync/account` on an account
//! large enough to free whole pages (3,000 candidates, each saved twice), no name and no
//! identity number of it is left in the SQLite file or its write-ahead log, while another
//! account's data is still found by the same scan. On PostgreSQL the rows are gone and their
//! dead tuples vacuumed (what erasure means there is in docs/sync-api.md).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
mod common;

use common::{Backend, Client, candidate, draft, op, roomy, start};
use reqwest::{Method, StatusCode};
use serde_json::Value;

const PEOPLE: u64 = 3_000;
const PER_PUSH: u64 = 1_000;

fn name(n: u64) -> String {
    format!("擦除考生{n:05}")
}

fn id_number(n: u64) -> String {
    format!("31010119{n:08}X9")
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

async fn a_large_account_leaves_no_name_or_number_behind(backend: Backend) {
    let server = start(backend, roomy()).await;
    let client = Client::new(&server.base);
    let erased = client.open_account("要擦除的学校").await;
    let kept = client.open_account("留下的学校").await;
    assert_eq!(
        client
            .push(&kept, &[op(1, 0, draft(1, 1, "留下的学校"))])
            .await
            .status,
        StatusCode::OK
    );
    // Every candidate at revision 1, then again at revision 2 (as a roster is edited): the
    // first copies go to pages the second frees.
    let mut op_id = 0;
    for revision in 1..=2 {
        for start in (0..PEOPLE).step_by(PER_PUSH as usize) {
            let ops: Vec<Value> = (start..start + PER_PUSH)
                .map(|n| {
                    op_id += 1;
                    op(
                        op_id,
                        revision - 1,
                        candidate(10 + n, 2, revision, &name(n), &id_number(n)),
                    )
                })
                .collect();
            let answer = client.push(&erased, &ops).await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        }
    }
    let gone = client
        .send(
            Method::DELETE,
            "/api/v1/sync/account",
            Some(&erased.token),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);

    match server.backend {
        Backend::Sqlite => {
            let mut bytes = Vec::new();
            for file in ["sync.sqlite3", "sync.sqlite3-wal"] {
                bytes.extend(std::fs::read(server.dir.path().join(file)).unwrap_or_default());
            }
            // Every name begins 擦除考生 and every number 31010119: one scan finds any of them.
            let names = count(&bytes, "擦除考生".as_bytes());
            let numbers = count(&bytes, b"31010119");
            assert_eq!(
                (names, numbers),
                (0, 0),
                "names and identity numbers of the erased account are still in the files"
            );
            assert!(
                count(&bytes, "留下的学校".as_bytes()) > 0,
                "the scan finds what is there"
            );
        }
        Backend::Postgres => {
            let url = server.postgres_url.clone().expect("the test's database");
            let (rows, dead) = tokio::task::spawn_blocking(move || {
                let mut client =
                    postgres::Client::connect(&url, postgres::NoTls).expect("connects");
                let rows: i64 = client
                    .query_one(
                        "SELECT count(*) FROM sync_records WHERE body LIKE '%擦除考生%' OR body LIKE '%31010119%'",
                        &[],
                    )
                    .expect("a count")
                    .get(0);
                // The statistics collector reports with a delay: wait for the vacuum to show.
                let mut dead = -1;
                for _ in 0..50 {
                    let row = client
                        .query_one(
                            "SELECT n_dead_tup, vacuum_count + autovacuum_count FROM pg_stat_user_tables WHERE relname = 'sync_records'",
                            &[],
                        )
                        .expect("the table's statistics");
                    let (d, vacuums): (i64, i64) = (row.get(0), row.get(1));
                    if vacuums > 0 {
                        dead = d;
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                (rows, dead)
            })
            .await
            .expect("counted");
            assert_eq!(rows, 0, "no row holds the erased account's people");
            assert_eq!(dead, 0, "the erased rows' dead tuples are vacuumed");
        }
    }
    // The other account is untouched.
    assert_eq!(client.pull_all(&kept, 10).await.0.len(), 1);
}

on_both_backends!(a_large_account_leaves_no_name_or_number_behind);
