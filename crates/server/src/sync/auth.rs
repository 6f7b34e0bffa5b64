//! `Authorization: Bearer <device token>` on every request of a device: the token's public id
//! finds the device, its digest is compared in constant time, a revoked device is refused.

use super::SyncState;
use super::secrets::{Presented, SecretKind};
use super::store::{AuthDevice, SyncStore};
use crate::api::refuse;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::response::Response;
use pingjia_rules::Bilingual;
use pingjia_rules::api::{ApiError, ErrorKind};

/// The device a request comes from, once its token has been checked.
pub struct Authenticated(pub AuthDevice);

fn unauthorized(code: &str, zh: &'static str, en: &'static str) -> Response {
    refuse(ApiError::new(
        ErrorKind::Unauthorized,
        code,
        Bilingual::fixed(zh, en),
    ))
}

impl<S: SyncStore> FromRequestParts<SyncState<S>> for Authenticated {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &SyncState<S>) -> Result<Self, Response> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::to_string);
        let Some(token) = header else {
            return Err(unauthorized(
                "token_missing",
                "缺少设备凭据：请先在本设备上开通或加入同步账户。",
                "No device token: open or join a sync account on this device first.",
            ));
        };
        let invalid = || {
            unauthorized(
                "token_invalid",
                "设备凭据无效：请在本设备上重新加入同步账户。",
                "The device token is not valid: join the sync account again on this device.",
            )
        };
        let Some(presented) = Presented::parse(SecretKind::DeviceToken, &token) else {
            return Err(invalid());
        };
        let store = state.store.clone();
        let public_id = presented.public_id.to_string();
        let found = tokio::task::spawn_blocking(move || store.device_credentials(&public_id))
            .await
            .map_err(anyhow::Error::from)
            .and_then(|r| r);
        let credentials = match found {
            Ok(Some(credentials)) => credentials,
            Ok(None) => return Err(invalid()),
            Err(err) => {
                tracing::error!("sync: reading a device's credentials failed: {err:#}");
                return Err(super::handlers::unavailable());
            }
        };
        if !presented.matches(&credentials.digest) {
            return Err(invalid());
        }
        if credentials.revoked {
            return Err(unauthorized(
                "device_revoked",
                "这台设备已退出同步账户：如需继续同步，请用同步密钥重新加入。",
                "This device was signed out of the sync account: join again with the sync key to sync.",
            ));
        }
        Ok(Authenticated(credentials.auth))
    }
}
