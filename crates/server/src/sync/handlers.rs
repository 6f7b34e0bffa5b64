//! The HTTP side of the sync API: reading requests, calling the store on the blocking pool,
//! and answering in the one error shape. No sync rule lives here.

// The helpers here fail with the very response to send; it is large, and only ever returned.
#![allow(clippy::result_large_err)]

use super::auth::Authenticated;
use super::core::{self, IncomingOp, PushError};
use super::secrets::{NewSecret, Presented, SecretKind};
use super::store::{NewRow, SyncStore};
use super::{DEFAULT_PULL_LIMIT, MAX_OPS_PER_PUSH, MAX_PULL_LIMIT, SyncState, limits};
use crate::api::{body_refused, refuse};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use pingjia_rules::Bilingual;
use pingjia_rules::api::{ApiError, ErrorKind, request_error};
use pingjia_sync::protocol::{JoinAccount, Joined, NewAccount};
use pingjia_sync::records::SyncRecord;
use pingjia_sync::validate::{self, MAX_CONTACT, MAX_INSTITUTION, Rejection};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

pub fn routes<S: SyncStore>(state: SyncState<S>) -> Router {
    let config = state.config.clone();
    let open = Router::new()
        .route("/accounts", post(create_account::<S>))
        .route("/join", post(join::<S>));
    let device = Router::new()
        .route("/devices", get(devices::<S>))
        .route("/devices/{device_id}", delete(revoke_device::<S>))
        .route("/devices/revoke-all", post(revoke_all::<S>))
        .route("/push", post(push::<S>))
        .route("/pull", get(pull::<S>))
        .route("/account/export", get(export::<S>))
        .route("/account", delete(delete_account::<S>));
    let device = limits::per_token(device, &config);
    limits::per_ip(open.merge(device), &config).with_state(state)
}

/// The store failed (its detail is in the log): the client may try again.
pub fn unavailable() -> Response {
    let mut response = refuse(ApiError::new(
        ErrorKind::Unavailable,
        "storage_unavailable",
        Bilingual::fixed(
            "服务器暂时无法保存或读取，请稍后重试；本设备上的修改不会丢失。",
            "The server cannot store or read just now; try again shortly. Nothing on this device is lost.",
        ),
    ));
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
    response
}

/// Runs a store call on the blocking pool; a failure is logged (never the request's data)
/// and answered with 503.
async fn blocking<T: Send + 'static>(
    what: &'static str,
    f: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> Result<T, Response> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => {
            tracing::error!("sync: {what} failed: {err:#}");
            Err(unavailable())
        }
        Err(err) => {
            tracing::error!("sync: {what} stopped: {err}");
            Err(unavailable())
        }
    }
}

fn read_json<T: DeserializeOwned>(body: Result<Bytes, BytesRejection>) -> Result<T, Response> {
    let bytes = body.map_err(|rejection| body_refused(&rejection))?;
    serde_json::from_slice(&bytes).map_err(|err| refuse(request_error(&err)))
}

fn bad_request(code: &str, zh: String, en: String) -> Response {
    refuse(ApiError::new(
        ErrorKind::BadRequest,
        code,
        Bilingual::new(zh, en),
    ))
}

fn check_name(label: &str, field: &str, value: &str, max: usize) -> Result<(), Response> {
    let length = value.trim().chars().count();
    if length == 0 || length > max || value.chars().any(char::is_control) {
        return Err(bad_request(
            "bad_name",
            format!("请填写{label}（1–{max} 个字，不含控制字符）。"),
            format!("Give {field} (1 to {max} characters, no control characters)."),
        ));
    }
    Ok(())
}

fn new_device_secret() -> Result<NewSecret, Response> {
    NewSecret::new(SecretKind::DeviceToken).map_err(|err| {
        tracing::error!("sync: {err:#}");
        unavailable()
    })
}

async fn create_account<S: SyncStore>(
    State(state): State<SyncState<S>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request: NewAccount = match read_json(body) {
        Ok(request) => request,
        Err(response) => return response,
    };
    let checks = [
        check_name(
            "机构名称",
            "the institution's name",
            &request.name,
            MAX_INSTITUTION,
        ),
        check_name("设备名称", "the device's name", &request.device_name, 60),
    ];
    for check in checks {
        if let Err(response) = check {
            return response;
        }
    }
    if request.contact.chars().count() > MAX_CONTACT
        || request.contact.chars().any(char::is_control)
    {
        return bad_request(
            "bad_contact",
            format!("联系人最多 {MAX_CONTACT} 个字，不含控制字符。"),
            format!("The contact has at most {MAX_CONTACT} characters and no control characters."),
        );
    }
    let (key, device) = match (NewSecret::new(SecretKind::SyncKey), new_device_secret()) {
        (Ok(key), Ok(device)) => (key, device),
        (_, Err(response)) => return response,
        (Err(err), _) => {
            tracing::error!("sync: {err:#}");
            return unavailable();
        }
    };
    let store = state.store.clone();
    let (account_id, device_id) = (key.public_id.clone(), device.public_id.clone());
    let (key_digest, device_digest) = (key.digest, device.digest);
    let created = blocking("opening an account", move || {
        store.create_account(
            NewRow {
                public_id: &account_id,
                digest: &key_digest,
                name: request.name.trim(),
            },
            request.contact.trim(),
            NewRow {
                public_id: &device_id,
                digest: &device_digest,
                name: request.device_name.trim(),
            },
        )
    })
    .await;
    if let Err(response) = created {
        return response;
    }
    tracing::info!(account = %key.public_id, device = %device.public_id, "sync: account opened");
    let joined = Joined {
        account_id: key.public_id.clone(),
        device_id: device.public_id.clone(),
        sync_key: Some(key.reveal()),
        device_token: device.reveal(),
    };
    (StatusCode::CREATED, Json(joined)).into_response()
}

async fn join<S: SyncStore>(
    State(state): State<SyncState<S>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request: JoinAccount = match read_json(body) {
        Ok(request) => request,
        Err(response) => return response,
    };
    if let Err(response) = check_name("设备名称", "the device's name", &request.device_name, 60)
    {
        return response;
    }
    let wrong_key = || {
        refuse(ApiError::new(
            ErrorKind::Unauthorized,
            "sync_key_invalid",
            Bilingual::fixed(
                "同步密钥不正确：请核对后重新输入，或扫描开通账户的设备上显示的二维码。",
                "The sync key is not right: check it and type it again, or scan the QR code shown on the device that opened the account.",
            ),
        ))
    };
    let Some(presented) = Presented::parse(SecretKind::SyncKey, &request.sync_key) else {
        return wrong_key();
    };
    let store = state.store.clone();
    let account_id = presented.public_id.to_string();
    let found = match blocking("reading a sync key", move || store.account_key(&account_id)).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Some((account, _)) = found.filter(|(_, digest)| presented.matches(digest)) else {
        return wrong_key();
    };
    let device = match new_device_secret() {
        Ok(device) => device,
        Err(response) => return response,
    };
    let store = state.store.clone();
    let (device_id, device_digest) = (device.public_id.clone(), device.digest);
    let added = blocking("adding a device", move || {
        store.add_device(
            account,
            NewRow {
                public_id: &device_id,
                digest: &device_digest,
                name: request.device_name.trim(),
            },
        )
    })
    .await;
    if let Err(response) = added {
        return response;
    }
    tracing::info!(account = %presented.public_id, device = %device.public_id, "sync: device joined");
    let joined = Joined {
        account_id: presented.public_id.to_string(),
        sync_key: None,
        device_id: device.public_id.clone(),
        device_token: device.reveal(),
    };
    (StatusCode::CREATED, Json(joined)).into_response()
}

async fn devices<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
) -> Response {
    let store = state.store.clone();
    match blocking("listing devices", move || {
        store.devices(device.account, device.device)
    })
    .await
    {
        Ok(devices) => Json(devices).into_response(),
        Err(response) => response,
    }
}

async fn revoke_device<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
    Path(device_id): Path<String>,
) -> Response {
    let store = state.store.clone();
    match blocking("signing a device out", move || {
        store.revoke_device(device.account, &device_id)
    })
    .await
    {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        // The same answer whether the id is another account's or no one's.
        Ok(false) => refuse(ApiError::new(
            ErrorKind::NotFound,
            "device_not_found",
            Bilingual::fixed("这个账户没有这台设备。", "This account has no such device."),
        )),
        Err(response) => response,
    }
}

async fn revoke_all<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
) -> Response {
    let store = state.store.clone();
    match blocking("signing every device out", move || {
        store.revoke_all(device.account)
    })
    .await
    {
        Ok(revoked) => Json(serde_json::json!({ "revoked": revoked })).into_response(),
        Err(response) => response,
    }
}

/// A push as read off the wire: each record is kept raw so one malformed record is refused
/// alone, with its reason, and the others are still applied.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPush {
    device_id: String,
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
    let record: SyncRecord = serde_json::from_str(raw.get()).map_err(|err| {
        let error = request_error(&err);
        Rejection {
            code: error.code,
            message: error.message,
        }
    })?;
    validate::check_record(&record, today)?;
    let body = serde_json::to_string(&record).map_err(|_| Rejection {
        code: "malformed_record".into(),
        message: Bilingual::fixed("记录无法保存。", "The record cannot be stored."),
    })?;
    Ok((record, body))
}

async fn push<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request: RawPush = match read_json(body) {
        Ok(request) => request,
        Err(response) => return response,
    };
    if request.device_id != device.device_id {
        return bad_request(
            "device_mismatch",
            "这次同步标明的设备与凭据不符。".into(),
            "The push names another device than its token's.".into(),
        );
    }
    if request.ops.len() > MAX_OPS_PER_PUSH {
        return refuse(ApiError::new(
            ErrorKind::TooLarge,
            "too_many_ops",
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
        return bad_request(
            "bad_op_id",
            format!("操作编号 {} 无效：应从 1 起逐一递增。", op.op_id),
            format!("Operation id {} is not valid: ids run 1, 2, 3, …", op.op_id),
        );
    }
    let store = state.store.clone();
    let quota = state.config.account_quota_bytes;
    let today = crate::eval::today_in_shanghai();
    let applied = tokio::task::spawn_blocking(move || {
        let ops: Vec<IncomingOp> = request
            .ops
            .into_iter()
            .map(|op| IncomingOp {
                op_id: op.op_id,
                base_revision: op.base_revision,
                resolves_conflict: op.resolves_conflict,
                record: read_record(&op.record, today),
            })
            .collect();
        store.push(&device, ops, quota)
    })
    .await;
    match applied {
        Ok(Ok(response)) => Json(response).into_response(),
        Ok(Err(PushError::Gap { expected, got })) => refuse(ApiError::new(
            ErrorKind::Conflict,
            "op_out_of_order",
            Bilingual::new(
                format!(
                    "修改未按顺序到达（收到第 {got} 项，应为第 {expected} 项），将从第 {expected} 项起重新同步。"
                ),
                format!(
                    "Operations arrived out of order (got {got}, expected {expected}); send again from {expected}."
                ),
            ),
        )),
        Ok(Err(PushError::Quota { limit })) => refuse(ApiError::new(
            ErrorKind::TooLarge,
            "account_quota_exceeded",
            Bilingual::new(
                format!(
                    "同步账户的存储已满（上限 {} MB）：请删除不再需要的草稿，或联系服务器管理员。",
                    limit / (1024 * 1024)
                ),
                format!(
                    "The sync account is full (at most {} MB): delete drafts you no longer need, or ask the server's operator.",
                    limit / (1024 * 1024)
                ),
            ),
        )),
        Ok(Err(PushError::Store(err))) => {
            tracing::error!("sync: a push failed: {err:#}");
            unavailable()
        }
        Err(err) => {
            tracing::error!("sync: a push stopped: {err}");
            unavailable()
        }
    }
}

async fn pull<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
    RawQuery(query): RawQuery,
) -> Response {
    let mut after = 0;
    let mut limit = DEFAULT_PULL_LIMIT;
    for pair in query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        match name {
            "cursor" if value.is_empty() => {}
            "cursor" => match core::decode_cursor(value) {
                Some(seq) => after = seq,
                None => {
                    return bad_request(
                        "bad_cursor",
                        "同步位置无法识别：请从头同步（不带 cursor）。".into(),
                        "The cursor is not one this server gave out; pull from the start (no cursor).".into(),
                    );
                }
            },
            "limit" => match value.parse::<usize>() {
                Ok(n) if (1..=MAX_PULL_LIMIT).contains(&n) => limit = n,
                _ => {
                    return bad_request(
                        "bad_limit",
                        format!("limit 应为 1–{MAX_PULL_LIMIT} 的整数。"),
                        format!("limit is a whole number from 1 to {MAX_PULL_LIMIT}."),
                    );
                }
            },
            _ => {
                return bad_request(
                    "unknown_parameter",
                    "只接受 cursor 和 limit 两个参数。".into(),
                    "Only cursor and limit are accepted.".into(),
                );
            }
        }
    }
    let store = state.store.clone();
    let page = match blocking("a pull", move || store.pull(device.account, after, limit)).await {
        Ok(page) => page,
        Err(response) => return response,
    };
    let last = page.records.last().map_or(after, |(seq, _)| *seq);
    // The stored bodies are JSON this server wrote: they are placed as they are.
    let size = page
        .records
        .iter()
        .map(|(_, body)| body.len() + 1)
        .sum::<usize>()
        + 80;
    let mut out = String::with_capacity(size);
    out.push_str("{\"records\":[");
    for (i, (_, body)) in page.records.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(body);
    }
    out.push_str("],\"cursor\":\"");
    out.push_str(&core::encode_cursor(last));
    out.push_str("\",\"more\":");
    out.push_str(if page.more { "true" } else { "false" });
    out.push('}');
    ([(header::CONTENT_TYPE, "application/json")], out).into_response()
}

async fn export<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
) -> Response {
    let store = state.store.clone();
    match blocking("an export", move || {
        store.export(device.account, device.device)
    })
    .await
    {
        Ok(export) => (
            [(
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"pingjia-sync-export.json\"",
            )],
            Json(export),
        )
            .into_response(),
        Err(response) => response,
    }
}

async fn delete_account<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
) -> Response {
    let store = state.store.clone();
    let account = device.account;
    match blocking("erasing an account", move || store.delete_account(account)).await {
        Ok(()) => {
            tracing::info!(device = %device.device_id, "sync: account erased");
            StatusCode::NO_CONTENT.into_response()
        }
        Err(response) => response,
    }
}
