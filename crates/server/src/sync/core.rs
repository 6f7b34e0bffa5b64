//! The sync rules, apart from HTTP and from storage: how one device's operations are applied
//! (in order, each once), when an operation is a conflict, when it is refused, and what a pull
//! cursor is. Every backend runs these same rules inside its own transaction.

use base64::Engine;
use pingjia_sync::protocol::{OpResult, Outcome, PushResponse};
use pingjia_sync::records::SyncRecord;
use pingjia_sync::validate::Rejection;
use std::collections::HashSet;

/// An operation as the server received it: the record read and checked, or why not.
pub struct IncomingOp {
    pub op_id: u64,
    pub base_revision: u64,
    pub resolves_conflict: bool,
    /// The record and its JSON as it will be stored (re-written, so nothing unknown is kept).
    pub record: Result<(SyncRecord, String), Rejection>,
}

/// A record as stored.
#[derive(Clone, Debug)]
pub struct Stored {
    pub kind: String,
    pub revision: u64,
    pub body: String,
}

/// The account's counters: the last change number given out, and the bytes its records take.
#[derive(Clone, Copy, Debug)]
pub struct AccountCounters {
    pub last_seq: u64,
    pub bytes_used: u64,
}

/// What a push may read and write, inside the backend's transaction for one device of one
/// account. Nothing here commits.
pub trait PushTx {
    /// Told first which records the push may touch, so a backend can read them in one query
    /// instead of one each (`stored` is still asked for each).
    fn prefetch(&mut self, _record_ids: &[String]) -> anyhow::Result<()> {
        Ok(())
    }
    fn last_op_id(&mut self) -> anyhow::Result<u64>;
    fn counters(&mut self) -> anyhow::Result<AccountCounters>;
    fn stored(&mut self, record_id: &str) -> anyhow::Result<Option<Stored>>;
    /// The records this device's changes are in conflict on, until it settles them.
    fn forks(&mut self) -> anyhow::Result<HashSet<String>>;
    fn set_fork(&mut self, record_id: &str, forked: bool) -> anyhow::Result<()>;
    fn put(&mut self, record: &SyncRecord, body: &str, seq: u64) -> anyhow::Result<()>;
    /// Records the last operation applied and the account's counters.
    fn finish(&mut self, last_op_id: u64, counters: AccountCounters) -> anyhow::Result<()>;
}

/// Why a whole push was refused (nothing of it kept).
#[derive(Debug)]
pub enum PushError {
    /// An operation came before its predecessors: the device must send from `expected`.
    Gap { expected: u64, got: u64 },
    /// The account's records would take more than its quota.
    Quota { limit: u64 },
    /// The storage failed; the push can be sent again.
    Store(anyhow::Error),
}

impl From<anyhow::Error> for PushError {
    fn from(err: anyhow::Error) -> Self {
        PushError::Store(err)
    }
}

/// The largest op id a device may use (stored as a signed 64-bit number).
pub const MAX_OP_ID: u64 = i64::MAX as u64;

/// Applies one device's operations in order. An operation at or below the last applied one is
/// a replay and changes nothing (a replay on a record the device is in conflict on reports the
/// conflict again); the next one must be exactly one more. Each new one is
/// applied, refused (malformed: the reason is returned, and it counts as settled so the
/// device is never stuck behind it), or found in conflict: made on another revision than the
/// one kept, or on a record this device is already in conflict on. A conflict keeps the
/// server's version and returns it.
pub fn apply_push(
    tx: &mut dyn PushTx,
    ops: Vec<IncomingOp>,
    quota_bytes: u64,
) -> Result<PushResponse, PushError> {
    let mut last = tx.last_op_id()?;
    let mut counters = tx.counters()?;
    let mut forks = tx.forks()?;
    // Replays too: each is answered with the record's current version if it moved on.
    let touched: Vec<String> = ops
        .iter()
        .filter_map(|op| op.record.as_ref().ok().map(|(r, _)| r.id().to_string()))
        .collect();
    tx.prefetch(&touched)?;
    let mut results = Vec::with_capacity(ops.len());
    for op in ops {
        if op.op_id <= last {
            let replayed = op.record.as_ref().ok().map(|(r, _)| r);
            let record_id = replayed.map(SyncRecord::id);
            let outcome = match replayed {
                Some(record) => replay(tx, record, &forks)?,
                None => Outcome::AlreadyApplied { current: None },
            };
            results.push(OpResult {
                op_id: op.op_id,
                record_id,
                outcome,
            });
            continue;
        }
        if op.op_id != last + 1 {
            return Err(PushError::Gap {
                expected: last + 1,
                got: op.op_id,
            });
        }
        last = op.op_id;
        let (record, body) = match op.record {
            Ok(pair) => pair,
            Err(rejection) => {
                results.push(rejected(op.op_id, None, rejection));
                continue;
            }
        };
        let id = record.id().to_string();
        let stored = tx.stored(&id)?;
        let outcome = decide(
            &record,
            op.base_revision,
            op.resolves_conflict,
            stored.as_ref(),
            forks.contains(&id),
        );
        match outcome {
            Decision::Apply => {
                let old = stored.as_ref().map_or(0, |s| s.body.len() as u64);
                let bytes = counters.bytes_used.saturating_sub(old) + body.len() as u64;
                if bytes > quota_bytes && bytes > counters.bytes_used {
                    return Err(PushError::Quota { limit: quota_bytes });
                }
                counters.bytes_used = bytes;
                counters.last_seq += 1;
                tx.put(&record, &body, counters.last_seq)?;
                if forks.remove(&id) {
                    tx.set_fork(&id, false)?;
                }
                results.push(OpResult {
                    op_id: op.op_id,
                    record_id: Some(record.id()),
                    outcome: Outcome::Applied {
                        revision: record.revision(),
                    },
                });
            }
            Decision::Conflict(stored) => {
                let server = serde_json::from_str::<SyncRecord>(&stored.body)
                    .map_err(|e| anyhow::anyhow!("a stored record does not read back: {e}"))?;
                if forks.insert(id.clone()) {
                    tx.set_fork(&id, true)?;
                }
                results.push(OpResult {
                    op_id: op.op_id,
                    record_id: Some(record.id()),
                    outcome: Outcome::Conflict {
                        server: Box::new(server),
                    },
                });
            }
            Decision::Refuse(rejection) => {
                results.push(rejected(op.op_id, Some(record.id()), rejection));
            }
        }
    }
    tx.finish(last, counters)?;
    Ok(PushResponse {
        last_op_id: last,
        results,
    })
}

/// What an operation sent again hears. A device still in conflict on its record hears of the
/// conflict again rather than "already applied" (the answer that said so may be the one that
/// was lost), which would leave it showing a version the server never took. Otherwise it is
/// already applied; if the record has changed since, its current version comes with it.
fn replay(
    tx: &mut dyn PushTx,
    record: &SyncRecord,
    forks: &HashSet<String>,
) -> Result<Outcome, PushError> {
    let id = record.id().to_string();
    let Some(stored) = tx.stored(&id)? else {
        return Ok(Outcome::AlreadyApplied { current: None });
    };
    let current = || {
        serde_json::from_str::<Box<SyncRecord>>(&stored.body)
            .map_err(|e| anyhow::anyhow!("a stored record does not read back: {e}"))
    };
    if forks.contains(&id) {
        return Ok(Outcome::Conflict { server: current()? });
    }
    if stored.revision > record.revision() {
        return Ok(Outcome::AlreadyApplied {
            current: Some(current()?),
        });
    }
    Ok(Outcome::AlreadyApplied { current: None })
}

enum Decision<'a> {
    Apply,
    Conflict(&'a Stored),
    Refuse(Rejection),
}

fn decide<'a>(
    record: &SyncRecord,
    base_revision: u64,
    resolves_conflict: bool,
    stored: Option<&'a Stored>,
    forked: bool,
) -> Decision<'a> {
    let Some(stored) = stored else {
        // The first the server hears of it: whatever revision it was made on, nothing is
        // overwritten.
        return Decision::Apply;
    };
    if stored.kind != record.kind().as_str() {
        return Decision::Refuse(Rejection {
            code: pingjia_sync::codes::SyncErrorCode::RecordKindChanged,
            message: pingjia_rules::Bilingual::fixed(
                "这个记录编号已用于另一种记录，不能更改类型。",
                "This record id belongs to a record of another kind; its kind cannot change.",
            ),
        });
    }
    // After a conflict, this device's revisions of the record no longer follow the server's:
    // its next change there may carry the same number as someone else's. Only a change that
    // settles the conflict, made on the server's current revision, goes through.
    let current = base_revision == stored.revision && (!forked || resolves_conflict);
    if !current {
        return Decision::Conflict(stored);
    }
    if record.revision() <= stored.revision {
        return Decision::Refuse(Rejection {
            code: pingjia_sync::codes::SyncErrorCode::RevisionNotRaised,
            message: pingjia_rules::Bilingual::fixed(
                "这次修改没有提高记录的修订号。",
                "This change does not raise the record's revision.",
            ),
        });
    }
    Decision::Apply
}

fn rejected(
    op_id: u64,
    record_id: Option<pingjia_sync::RecordId>,
    rejection: Rejection,
) -> OpResult {
    OpResult {
        op_id,
        record_id,
        outcome: Outcome::Rejected {
            code: rejection.code,
            message: rejection.message,
        },
    }
}

/// A pull cursor: the last change number the device has, written so a client cannot mistake
/// it for something to compute with.
pub fn encode_cursor(seq: u64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("pj1:{seq}"))
}

/// `None` if the text is not a cursor this server gave out. No cursor at all is 0: from the start.
pub fn decode_cursor(text: &str) -> Option<u64> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let seq = text.strip_prefix("pj1:")?.parse::<u64>().ok()?;
    (seq <= MAX_OP_ID).then_some(seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_and_nothing_else_does() {
        for seq in [0, 1, 500, MAX_OP_ID] {
            assert_eq!(decode_cursor(&encode_cursor(seq)), Some(seq));
        }
        assert_eq!(decode_cursor("500"), None);
        assert_eq!(decode_cursor(""), None);
        assert_eq!(decode_cursor("cGoxOi0x"), None); // "pj1:-1"
    }
}
