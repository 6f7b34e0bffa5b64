//! What crosses the sync seam: a push's body as the server reads it, a pull's page as the app
//! reads it, and a record as the database hands it back.

use pingjia_server::sync::push_body::{self, RawPush};
use pingjia_sync::conflict::{Part, differing, merge};
use pingjia_sync::protocol::PullResponse;
use pingjia_sync::records::SyncRecord;
use pingjia_sync::validate::{MAX_RECORD_BYTES, check_record};

/// Promise: a record the server accepts is stored as JSON that reads back as the same record,
/// passes the same checks again, and fits the size limit; anything else is refused with a
/// reason, never a crash.
pub fn push(data: &[u8]) {
    let (today, rest) = crate::day(data);
    let Ok(request) = serde_json::from_slice::<RawPush>(rest) else {
        return;
    };
    if push_body::check(&request).is_err() {
        return;
    }
    for op in push_body::ops(request, today) {
        let Ok((record, stored)) = op.record else {
            continue;
        };
        if stored.len() > MAX_RECORD_BYTES {
            panic!("accepted a record of {} bytes", stored.len());
        }
        let again: SyncRecord = match serde_json::from_str(&stored) {
            Ok(again) => again,
            Err(err) => panic!("stored {stored} does not read back: {err}"),
        };
        if again != record {
            panic!("stored {stored} reads back as another record");
        }
        if let Err(rejection) = check_record(&again, today) {
            panic!("accepted, then refused on reading back: {rejection:?}");
        }
    }
}

/// Promise: a page the app accepts holds records that survive the app's own handling: written
/// back as they were read, equal to themselves in the conflict diff, and merged by keeping
/// every part of either side into that side.
pub fn pull(data: &[u8]) {
    let Ok(page) = serde_json::from_slice::<PullResponse>(data) else {
        return;
    };
    for record in &page.records {
        round_trip(record);
        if !differing(record, record).is_empty() {
            panic!("a record differs from itself");
        }
        let parts = Part::of(record);
        if merge(record, record, parts) != *record {
            panic!("merging a record with itself changed it");
        }
    }
}

/// Promise: a record read from the database (as `sqlite.rs` and `postgres.rs` read it) writes
/// back to the same record.
pub fn stored(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(record) = serde_json::from_str::<SyncRecord>(text) {
        round_trip(&record);
    }
}

fn round_trip(record: &SyncRecord) {
    let written = match serde_json::to_string(record) {
        Ok(written) => written,
        Err(err) => panic!("a record read cannot be written: {err}"),
    };
    match serde_json::from_str::<SyncRecord>(&written) {
        Ok(again) if again == *record => {}
        Ok(_) => panic!("{written} reads back as another record"),
        Err(err) => panic!("{written} does not read back: {err}"),
    }
}
