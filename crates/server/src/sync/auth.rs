//! `Authorization: Bearer <device token>` on every request of a device: the token's public id
//! finds the device, its digest is compared in constant time, a revoked device is refused.
//! Failed sign-ins count against the address they come from; a request counts against its
//! device only once the secret is checked.

use super::SyncState;
use super::secrets::{Presented, SecretKind};
use super::store::{AuthDevice, SyncStore};
use crate::refusal::Refusal;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use pingjia_rules::Bilingual;
use pingjia_rules::api::ErrorKind;
use pingjia_sync::codes::SyncErrorCode;

/// The device a request comes from, once its token has been checked.
pub struct Authenticated(pub AuthDevice);

fn unauthorized(code: SyncErrorCode, zh: &'static str, en: &'static str) -> Refusal {
    Refusal::new(ErrorKind::Unauthorized, code, Bilingual::fixed(zh, en))
}

impl<S: SyncStore> FromRequestParts<SyncState<S>> for Authenticated {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &SyncState<S>) -> Result<Self, Refusal> {
        let address = super::limits::peer_address(&parts.extensions);
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::to_string);
        let Some(token) = header else {
            return Err(state.failed_sign_in(
                address,
                unauthorized(
                    SyncErrorCode::TokenMissing,
                    "缺少设备凭据：请先在本设备上开通或加入同步账户。",
                    "No device token: open or join a sync account on this device first.",
                ),
            ));
        };
        let invalid = || {
            state.failed_sign_in(
                address,
                unauthorized(
                    SyncErrorCode::TokenInvalid,
                    "设备凭据无效：请在本设备上重新加入同步账户。",
                    "The device token is not valid: join the sync account again on this device.",
                ),
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
                return Err(Refusal::unavailable());
            }
        };
        if !presented.matches(&credentials.digest) {
            return Err(invalid());
        }
        if credentials.revoked {
            return Err(state.failed_sign_in(
                address,
                unauthorized(
                    SyncErrorCode::DeviceRevoked,
                    "这台设备已退出同步账户：如需继续同步，请用同步密钥重新加入。",
                    "This device was signed out of the sync account: join again with the sync key to sync.",
                ),
            ));
        }
        // Only now, with the secret checked, does the request count against the device.
        if let Some(Err(wait)) = state
            .per_device
            .as_ref()
            .map(|l| l.check(&credentials.auth.device))
        {
            return Err(super::limits::too_many_requests(wait));
        }
        Ok(Authenticated(credentials.auth))
    }
}
