//! The HTTP side of the sync API: reading requests, calling the store on the blocking pool,
//! and answering in the one error shape. No sync rule lives here.

use super::auth::Authenticated;
use super::core::{self, PushError};
use super::push_body;
use super::secrets::{NewSecret, Presented, SecretKind};
use super::store::{NewRow, SyncStore};
use super::{DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, SyncState, limits};
use crate::refusal::{ApiJson, Refusal};
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use pingjia_rules::Bilingual;
use pingjia_rules::api::ErrorKind;
use pingjia_sync::codes::SyncErrorCode;
use pingjia_sync::protocol::{JoinAccount, JoinCode, Joined, NewAccount, NewKey};
use pingjia_sync::validate::{MAX_CONTACT, MAX_INSTITUTION};

pub fn routes<S: SyncStore>(state: SyncState<S>) -> Router {
    let config = state.config.clone();
    let accounts = limits::accounts_per_ip(
        Router::new().route("/accounts", post(create_account::<S>)),
        config.accounts_per_hour_per_ip,
    );
    let open = accounts.route("/join", post(join::<S>));
    let device = Router::new()
        .route("/devices", get(devices::<S>))
        .route("/devices/{device_id}", delete(revoke_device::<S>))
        .route("/devices/revoke-all", post(revoke_all::<S>))
        .route("/devices/join-code", post(make_join_code::<S>))
        .route("/account/key", post(replace_key::<S>))
        .route("/push", post(push::<S>))
        .route("/pull", get(pull::<S>))
        .route("/account/export", get(export::<S>))
        .route("/account", delete(delete_account::<S>));
    // A device's own limit is counted in `Authenticated`, once its token is verified.
    limits::per_ip(open.merge(device), &config).with_state(state)
}

/// Runs a store call on the blocking pool; a failure is logged (never the request's data)
/// and answered with 503.
async fn blocking<T: Send + 'static>(
    what: &'static str,
    f: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> Result<T, Refusal> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => {
            tracing::error!("sync: {what} failed: {err:#}");
            Err(Refusal::unavailable())
        }
        Err(err) => {
            tracing::error!("sync: {what} stopped: {err}");
            Err(Refusal::unavailable())
        }
    }
}

fn check_name(label: &str, field: &str, value: &str, max: usize) -> Result<(), Refusal> {
    let length = value.trim().chars().count();
    if length == 0 || length > max || value.chars().any(char::is_control) {
        return Err(Refusal::bad_request(
            SyncErrorCode::BadName,
            format!("请填写{label}（1–{max} 个字，不含控制字符）。"),
            format!("Give {field} (1 to {max} characters, no control characters)."),
        ));
    }
    Ok(())
}

fn new_secret(kind: SecretKind) -> Result<NewSecret, Refusal> {
    NewSecret::new(kind).map_err(|err| {
        tracing::error!("sync: {err:#}");
        Refusal::unavailable()
    })
}

async fn create_account<S: SyncStore>(
    State(state): State<SyncState<S>>,
    ApiJson(request): ApiJson<NewAccount>,
) -> Result<Response, Refusal> {
    check_name(
        "机构名称",
        "the institution's name",
        &request.name,
        MAX_INSTITUTION,
    )?;
    check_name("设备名称", "the device's name", &request.device_name, 60)?;
    if request.contact.chars().count() > MAX_CONTACT
        || request.contact.chars().any(char::is_control)
    {
        return Err(Refusal::bad_request(
            SyncErrorCode::BadContact,
            format!("联系人最多 {MAX_CONTACT} 个字，不含控制字符。"),
            format!("The contact has at most {MAX_CONTACT} characters and no control characters."),
        ));
    }
    let key = new_secret(SecretKind::SyncKey)?;
    let device = new_secret(SecretKind::DeviceToken)?;
    let store = state.store.clone();
    let (account_id, device_id) = (key.public_id.clone(), device.public_id.clone());
    let (key_digest, device_digest) = (key.digest, device.digest);
    blocking("opening an account", move || {
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
    .await?;
    tracing::info!(account = %key.public_id, device = %device.public_id, "sync: account opened");
    let joined = Joined {
        account_id: key.public_id.clone(),
        device_id: device.public_id.clone(),
        sync_key: Some(key.reveal()),
        device_token: device.reveal(),
    };
    Ok((StatusCode::CREATED, Json(joined)).into_response())
}

async fn join<S: SyncStore>(
    State(state): State<SyncState<S>>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    ApiJson(request): ApiJson<JoinAccount>,
) -> Result<Response, Refusal> {
    check_name("设备名称", "the device's name", &request.device_name, 60)?;
    let wrong_key = || {
        state.failed_sign_in(
            peer.ip(),
            Refusal::new(
            ErrorKind::Unauthorized,
            SyncErrorCode::SyncKeyInvalid,
            Bilingual::fixed(
                "同步密钥不正确：请核对后重新输入，或扫描开通账户的设备上显示的二维码。",
                "The sync key is not right: check it and type it again, or scan the QR code shown on the device that opened the account.",
            ),
            ),
        )
    };
    if let Some(code) = Presented::parse(SecretKind::JoinCode, &request.sync_key) {
        return join_with_code(state, peer, code, request.device_name.trim()).await;
    }
    let presented =
        Presented::parse(SecretKind::SyncKey, &request.sync_key).ok_or_else(wrong_key)?;
    let store = state.store.clone();
    let account_id = presented.public_id.to_string();
    let found = blocking("reading a sync key", move || store.account_key(&account_id)).await?;
    let (account, _) = found
        .filter(|(_, digest)| presented.matches(digest))
        .ok_or_else(wrong_key)?;
    let device = new_secret(SecretKind::DeviceToken)?;
    let store = state.store.clone();
    let (device_id, device_digest) = (device.public_id.clone(), device.digest);
    blocking("adding a device", move || {
        store.add_device(
            account,
            NewRow {
                public_id: &device_id,
                digest: &device_digest,
                name: request.device_name.trim(),
            },
        )
    })
    .await?;
    tracing::info!(account = %presented.public_id, device = %device.public_id, "sync: device joined");
    let joined = Joined {
        account_id: presented.public_id.to_string(),
        sync_key: None,
        device_id: device.public_id.clone(),
        device_token: device.reveal(),
    };
    Ok((StatusCode::CREATED, Json(joined)).into_response())
}

/// How long a join code works.
pub const JOIN_CODE_MINUTES: u32 = 10;

/// "添加设备": a join code for one more device, shown on this (signed-in) device as a code,
/// a link and a QR code. It works once, for [`JOIN_CODE_MINUTES`], and stops if this device is
/// signed out or every device is.
async fn make_join_code<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
) -> Result<Response, Refusal> {
    let code = new_secret(SecretKind::JoinCode)?;
    let now = chrono::Utc::now();
    let expires = now + chrono::Duration::minutes(i64::from(JOIN_CODE_MINUTES));
    let store = state.store.clone();
    let (public_id, digest) = (code.public_id.clone(), code.digest);
    blocking("making a join code", move || {
        store.add_join_code(
            device.account,
            device.device,
            NewRow {
                public_id: &public_id,
                digest: &digest,
                name: "",
            },
            expires.timestamp(),
            now.timestamp(),
        )
    })
    .await?;
    tracing::info!(device = %device.device_id, code = %code.public_id, "sync: join code made");
    Ok((
        StatusCode::CREATED,
        Json(JoinCode {
            join_code: code.reveal(),
            expires_at: expires.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            valid_minutes: JOIN_CODE_MINUTES,
        }),
    )
        .into_response())
}

async fn join_with_code<S: SyncStore>(
    state: SyncState<S>,
    peer: std::net::SocketAddr,
    code: Presented<'_>,
    device_name: &str,
) -> Result<Response, Refusal> {
    let refused = || {
        state.failed_sign_in(
            peer.ip(),
            Refusal::new(
                ErrorKind::Unauthorized,
                SyncErrorCode::JoinCodeInvalid,
                Bilingual::new(
                    format!("加入码不正确、已用过或已过期（每个加入码 {JOIN_CODE_MINUTES} 分钟内有效，只能用一次）：请在已登录的设备上点“添加设备”，生成新的加入码。"),
                    format!("The join code is wrong, used or expired (a join code works once, for {JOIN_CODE_MINUTES} minutes): on a signed-in device, choose “Add a device” for a new one."),
                ),
            ),
        )
    };
    let now = chrono::Utc::now().timestamp();
    let store = state.store.clone();
    let public_id = code.public_id.to_string();
    let found = blocking("reading a join code", move || {
        store.join_code(&public_id, now)
    })
    .await?;
    if !found.is_some_and(|(_, digest)| code.matches(&digest)) {
        return Err(refused());
    }
    let device = new_secret(SecretKind::DeviceToken)?;
    let store = state.store.clone();
    let (code_id, device_id, device_digest) = (
        code.public_id.to_string(),
        device.public_id.clone(),
        device.digest,
    );
    let name = device_name.to_string();
    // Used by another join meanwhile, or expired: refused, and no device added.
    let joined = blocking("joining with a code", move || {
        store.join_with_code(
            &code_id,
            now,
            NewRow {
                public_id: &device_id,
                digest: &device_digest,
                name: &name,
            },
        )
    })
    .await?;
    if !joined {
        return Err(refused());
    }
    // The account's public id, for the client to keep (as a join by key answers).
    let store = state.store.clone();
    let device_public = device.public_id.clone();
    let account_public = blocking("reading the account", move || {
        let credentials = store
            .device_credentials(&device_public)?
            .ok_or_else(|| anyhow::anyhow!("the device just added is not there"))?;
        store
            .devices(credentials.auth.account, credentials.auth.device)
            .map(|d| d.account_id)
    })
    .await?;
    tracing::info!(code = %code.public_id, device = %device.public_id, "sync: device joined with a code");
    let joined = Joined {
        account_id: account_public,
        sync_key: None,
        device_id: device.public_id.clone(),
        device_token: device.reveal(),
    };
    Ok((StatusCode::CREATED, Json(joined)).into_response())
}

async fn devices<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
) -> Result<Response, Refusal> {
    let store = state.store.clone();
    let devices = blocking("listing devices", move || {
        store.devices(device.account, device.device)
    })
    .await?;
    Ok(Json(devices).into_response())
}

async fn revoke_device<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
    Path(device_id): Path<String>,
) -> Result<Response, Refusal> {
    let store = state.store.clone();
    let revoked = blocking("signing a device out", move || {
        store.revoke_device(device.account, &device_id)
    })
    .await?;
    if revoked {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        // The same answer whether the id is another account's or no one's.
        Err(Refusal::new(
            ErrorKind::NotFound,
            SyncErrorCode::DeviceNotFound,
            Bilingual::fixed("这个账户没有这台设备。", "This account has no such device."),
        ))
    }
}

async fn revoke_all<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
) -> Result<Response, Refusal> {
    let store = state.store.clone();
    let revoked = blocking("signing every device out", move || {
        store.revoke_all(device.account)
    })
    .await?;
    Ok(Json(serde_json::json!({ "revoked": revoked })).into_response())
}

/// A new sync key for the account, shown this once: the old one joins no device from now on,
/// and the devices signed in (this one included) go on with their tokens.
async fn replace_key<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
) -> Result<Response, Refusal> {
    let store = state.store.clone();
    let account = device.account;
    let public_id = blocking("reading the account", {
        let store = store.clone();
        move || store.devices(account, device.device).map(|d| d.account_id)
    })
    .await?;
    let key = new_secret_for(SecretKind::SyncKey, public_id)?;
    let digest = key.digest;
    blocking("replacing a sync key", move || {
        store.replace_key(account, &digest)
    })
    .await?;
    tracing::info!(account = %key.public_id, device = %device.device_id, "sync: key replaced");
    Ok(Json(NewKey {
        sync_key: key.reveal(),
    })
    .into_response())
}

fn new_secret_for(kind: SecretKind, public_id: String) -> Result<NewSecret, Refusal> {
    NewSecret::for_id(kind, public_id).map_err(|err| {
        tracing::error!("sync: {err:#}");
        Refusal::unavailable()
    })
}

async fn push<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
    ApiJson(request): ApiJson<push_body::RawPush>,
) -> Result<Response, Refusal> {
    if request.device_id != device.device_id {
        return Err(Refusal::bad_request(
            SyncErrorCode::DeviceMismatch,
            "这次同步标明的设备与凭据不符。".into(),
            "The push names another device than its token's.".into(),
        ));
    }
    push_body::check(&request)?;
    let store = state.store.clone();
    let quota = state.config.account_quota_bytes;
    let today = crate::clock::today_in_shanghai();
    let applied = tokio::task::spawn_blocking(move || {
        store.push(&device, push_body::ops(request, today), quota)
    })
    .await;
    match applied {
        Ok(Ok(response)) => Ok(Json(response).into_response()),
        Ok(Err(PushError::Gap { expected, got })) => Err(Refusal::new(
            ErrorKind::Conflict,
            SyncErrorCode::OpOutOfOrder,
            Bilingual::new(
                format!(
                    "修改未按顺序到达（收到第 {got} 项，应为第 {expected} 项），将从第 {expected} 项起重新同步。"
                ),
                format!(
                    "Operations arrived out of order (got {got}, expected {expected}); send again from {expected}."
                ),
            ),
        )),
        Ok(Err(PushError::Quota { limit })) => Err(Refusal::new(
            ErrorKind::TooLarge,
            SyncErrorCode::AccountQuotaExceeded,
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
            Err(Refusal::unavailable())
        }
        Err(err) => {
            tracing::error!("sync: a push stopped: {err}");
            Err(Refusal::unavailable())
        }
    }
}

async fn pull<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
    RawQuery(query): RawQuery,
) -> Result<Response, Refusal> {
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
                    return Err(Refusal::bad_request(
                        SyncErrorCode::BadCursor,
                        "同步位置无法识别：请从头同步（不带 cursor）。".into(),
                        "The cursor is not one this server gave out; pull from the start (no cursor).".into(),
                    ));
                }
            },
            "limit" => match value.parse::<usize>() {
                Ok(n) if (1..=MAX_PULL_LIMIT).contains(&n) => limit = n,
                _ => {
                    return Err(Refusal::bad_request(
                        SyncErrorCode::BadLimit,
                        format!("limit 应为 1–{MAX_PULL_LIMIT} 的整数。"),
                        format!("limit is a whole number from 1 to {MAX_PULL_LIMIT}."),
                    ));
                }
            },
            _ => {
                return Err(Refusal::bad_request(
                    SyncErrorCode::UnknownParameter,
                    "只接受 cursor 和 limit 两个参数。".into(),
                    "Only cursor and limit are accepted.".into(),
                ));
            }
        }
    }
    let store = state.store.clone();
    let page = blocking("a pull", move || store.pull(device.account, after, limit)).await?;
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
    Ok(([(header::CONTENT_TYPE, "application/json")], out).into_response())
}

async fn export<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
) -> Result<Response, Refusal> {
    let store = state.store.clone();
    let export = blocking("an export", move || {
        store.export(device.account, device.device)
    })
    .await?;
    Ok((
        [(
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"pingjia-sync-export.json\"",
        )],
        Json(export),
    )
        .into_response())
}

async fn delete_account<S: SyncStore>(
    State(state): State<SyncState<S>>,
    Authenticated(device): Authenticated,
) -> Result<Response, Refusal> {
    let store = state.store.clone();
    let account = device.account;
    blocking("erasing an account", move || store.delete_account(account)).await?;
    tracing::info!(device = %device.device_id, "sync: account erased");
    Ok(StatusCode::NO_CONTENT.into_response())
}
