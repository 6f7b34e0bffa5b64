//! A push's body as read off the wire, and the checks every push passes before the store sees
//! it. Kept apart from the handler so the fuzzer (`crates/fuzz`) reads bodies exactly as the
//! server does.

use super::MAX_OPS_PER_PUSH;
use super::core::{self, IncomingOp};
use crate::refusal::Refusal;
use pingjia_rules::Bilingual;
use pingjia_rules::api::{ErrorKind, request_error};
use pingjia_sync::codes::SyncErrorCode;
use pingjia_sync::records::SyncRecord;
use pingjia_sync::validate::{self, Rejection};
use serde::Deserialize;
use serde_json::value::RawValue;

/// A push as read off the wire: each record is kept raw so one malformed record is refused
/// alone, with its reason, and the others are still applied.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPush {
    pub device_id: String,
    ops: Vec<RawOp>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOp {
    op_id: u64,
    base_revision: u64,
    #[serde(default)]
    resolves_conflict: bool,
    record: Box<RawValue>,
}

fn read_record(
    raw: &RawValue,
    today: chrono::NaiveDate,
) -> Result<(SyncRecord, String), Rejection> {
    // The rules' reading of serde's error names the field at fault.
    let record: SyncRecord = serde_json::from_str(raw.get()).map_err(|err| Rejection {
        code: SyncErrorCode::MalformedRecord,
        message: request_error(&err).message,
    })?;
    validate::check_record(&record, today)?;
    let body = serde_json::to_string(&record).map_err(|_| Rejection {
        code: SyncErrorCode::MalformedRecord,
        message: Bilingual::fixed("记录无法保存。", "The record cannot be stored."),
    })?;
    if body.len() > validate::MAX_RECORD_BYTES {
        return Err(Rejection {
            code: SyncErrorCode::RecordTooLarge,
            message: Bilingual::new(
                format!(
                    "这条记录过大（{} 字节，上限 {} 字节）。",
                    body.len(),
                    validate::MAX_RECORD_BYTES
                ),
                format!(
                    "This record is too large ({} bytes, at most {}).",
                    body.len(),
                    validate::MAX_RECORD_BYTES
                ),
            ),
        });
    }
    Ok((record, body))
}

/// Refuses a push whole: too many operations, an op id out of range, or one op id twice.
pub fn check(request: &RawPush) -> Result<(), Refusal> {
    if request.ops.len() > MAX_OPS_PER_PUSH {
        return Err(Refusal::new(
            ErrorKind::TooLarge,
            SyncErrorCode::TooManyOps,
            Bilingual::new(
                format!("一次最多同步 {MAX_OPS_PER_PUSH} 项修改，请分批发送。"),
                format!(
                    "A push carries at most {MAX_OPS_PER_PUSH} operations; send them in parts."
                ),
            ),
        ));
    }
    if let Some(op) = request
        .ops
        .iter()
        .find(|op| op.op_id == 0 || op.op_id > core::MAX_OP_ID)
    {
        return Err(Refusal::bad_request(
            SyncErrorCode::BadOpId,
            format!("操作编号 {} 无效：应从 1 起逐一递增。", op.op_id),
            format!("Operation id {} is not valid: ids run 1, 2, 3, …", op.op_id),
        ));
    }
    let mut seen = std::collections::HashSet::with_capacity(request.ops.len());
    if let Some(op) = request.ops.iter().find(|op| !seen.insert(op.op_id)) {
        return Err(Refusal::bad_request(
            SyncErrorCode::RepeatedOpId,
            format!("操作编号 {} 在这次同步中出现了两次。", op.op_id),
            format!("Operation id {} appears twice in this push.", op.op_id),
        ));
    }
    Ok(())
}

/// Each operation with its record read and checked on `today`: a malformed record is refused
/// alone, with its reason.
pub fn ops(request: RawPush, today: chrono::NaiveDate) -> Vec<IncomingOp> {
    request
        .ops
        .into_iter()
        .map(|op| IncomingOp {
            op_id: op.op_id,
            base_revision: op.base_revision,
            resolves_conflict: op.resolves_conflict,
            record: read_record(&op.record, today),
        })
        .collect()
}
