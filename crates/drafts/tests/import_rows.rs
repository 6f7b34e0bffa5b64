//! An import's good rows as the page receives them from the file worker: chunks of JSON text in
//! one byte buffer, decoded a chunk at a time in a real browser.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
use js_sys::Uint8Array;
use pingjia_drafts::file_worker::RowChunks;
use pingjia_files::protocol::ImportedRow;
use pingjia_rules::roster::RosterEntry;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn row(row: usize, name: &str) -> ImportedRow {
    ImportedRow {
        row,
        entry: RosterEntry {
            name: name.into(),
            ..RosterEntry::default()
        },
    }
}

/// Chunks as the worker writes them: each an array of rows, one after the other.
fn chunks(texts: &[String]) -> RowChunks {
    let mut bytes = Vec::new();
    let mut ends = Vec::new();
    for text in texts {
        bytes.extend_from_slice(text.as_bytes());
        ends.push(bytes.len() as u32);
    }
    RowChunks::new(Uint8Array::from(bytes.as_slice()), ends)
}

fn names(rows: &[ImportedRow]) -> Vec<(usize, &str)> {
    rows.iter()
        .map(|r| (r.row, r.entry.name.as_str()))
        .collect()
}

#[wasm_bindgen_test]
fn each_chunk_gives_its_own_rows_in_file_order() {
    let first = vec![row(2, "陈一"), row(3, "林二")];
    let second = vec![row(5, "周五")];
    let all = chunks(&[
        serde_json::to_string(&first).expect("json"),
        serde_json::to_string(&second).expect("json"),
    ]);
    assert_eq!(all.chunk_count(), 2);
    assert_eq!(names(&all.rows(0)), vec![(2, "陈一"), (3, "林二")]);
    assert_eq!(names(&all.rows(1)), vec![(5, "周五")]);
    assert!(all.rows(2).is_empty(), "no third chunk");
}

#[wasm_bindgen_test]
fn a_row_or_a_chunk_that_cannot_be_read_is_left_out_without_a_panic() {
    let good = serde_json::to_string(&row(2, "陈一")).expect("json");
    // The middle row is not a row: it alone is left out.
    let all = chunks(&[format!("[{good},{{\"row\":\"three\"}},{good}]")]);
    assert_eq!(names(&all.rows(0)), vec![(2, "陈一"), (2, "陈一")]);
    // Bounds past the bytes, or not in order, give nothing.
    let past = RowChunks::new(Uint8Array::from(&b"[]"[..]), vec![2, 50]);
    assert!(past.rows(1).is_empty());
    let backwards = RowChunks::new(Uint8Array::from(&b"[][]"[..]), vec![4, 2]);
    assert!(backwards.rows(1).is_empty());
    // Text that is not JSON gives nothing.
    assert!(chunks(&["[{".to_string()]).rows(0).is_empty());
}
