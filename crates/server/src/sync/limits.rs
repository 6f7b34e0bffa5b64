//! Rate limits on the sync API: per address on every route, and per device token on a
//! device's routes, each a GCRA limiter (tower_governor) answered with 429, `Retry-After` and
//! the reason in both languages.

use super::SyncConfig;
use super::secrets::{Presented, SecretKind};
use crate::refusal::Refusal;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, header};
use axum::response::IntoResponse;
use pingjia_rules::Bilingual;
use pingjia_rules::api::ErrorKind;
use pingjia_sync::codes::SyncErrorCode;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tower_governor::GovernorLayer;
use tower_governor::errors::GovernorError;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;

/// The peer's address; behind no proxy, the client's. A server started without connection
/// information (in some tests) puts every request in one bucket.
#[derive(Clone, Copy)]
struct PeerAddress;

impl KeyExtractor for PeerAddress {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        Ok(req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip()))
    }
}

/// The token's public id (checked later by the handler; a made-up one only spends its own
/// bucket).
#[derive(Clone, Copy)]
struct DeviceToken;

impl KeyExtractor for DeviceToken {
    type Key = String;

    fn extract<T>(&self, req: &Request<T>) -> Result<String, GovernorError> {
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .and_then(|v| Presented::parse(SecretKind::DeviceToken, v))
            .map(|p| p.public_id.to_string());
        Ok(token.unwrap_or_default())
    }
}

fn too_many(error: GovernorError) -> Response<Body> {
    let wait = match error {
        GovernorError::TooManyRequests { wait_time, .. } => wait_time.max(1),
        _ => 1,
    };
    Refusal::new(
        ErrorKind::TooManyRequests,
        SyncErrorCode::RateLimited,
        Bilingual::new(
            format!("请求过于频繁，请 {wait} 秒后再试；本设备上的修改不会丢失。"),
            format!("Too many requests; try again in {wait} s. Nothing on this device is lost."),
        ),
    )
    .wait(u32::try_from(wait).unwrap_or(u32::MAX))
    .into_response()
}

/// A limiter allowing `per_minute` requests a minute on average and bursts of a tenth of that
/// (at least 10); `None` when the operator turned it off (0).
fn layer<K: KeyExtractor + Send + Sync + 'static>(
    key: K,
    per_minute: u32,
) -> Option<
    GovernorLayer<K, governor::middleware::NoOpMiddleware<governor::clock::QuantaInstant>, Body>,
>
where
    K::Key: Send + Sync,
{
    if per_minute == 0 {
        return None;
    }
    let period = Duration::from_secs(60) / per_minute;
    let burst = (per_minute / 10).max(10);
    let config = GovernorConfigBuilder::default()
        .period(period.max(Duration::from_micros(1)))
        .burst_size(burst)
        .key_extractor(key)
        .finish()?;
    let config = Arc::new(config);
    // Forget idle keys now and then, so the limiter's memory follows the active clients.
    let limiter = Arc::clone(config.limiter());
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        runtime.spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                limiter.retain_recent();
            }
        });
    }
    Some(GovernorLayer::new(config).error_handler(too_many))
}

pub fn per_ip<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    config: &SyncConfig,
) -> Router<S> {
    match layer(PeerAddress, config.requests_per_minute_per_ip) {
        Some(limit) => router.layer(limit),
        None => router,
    }
}

pub fn per_token<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    config: &SyncConfig,
) -> Router<S> {
    match layer(DeviceToken, config.requests_per_minute_per_token) {
        Some(limit) => router.layer(limit),
        None => router,
    }
}
