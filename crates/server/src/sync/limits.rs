//! Rate limits on the sync API: per address on every route, and per device token on a
//! device's routes, each a GCRA limiter (tower_governor) answered with 429, `Retry-After` and
//! the reason in both languages.

use super::SyncConfig;
use crate::refusal::Refusal;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response};
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

fn too_many(error: GovernorError) -> Response<Body> {
    let wait = match error {
        GovernorError::TooManyRequests { wait_time, .. } => wait_time.max(1),
        _ => 1,
    };
    too_many_requests(wait).into_response()
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
    layer_every(key, period, (per_minute / 10).max(10))
}

/// A limiter allowing one request each `period` on average and bursts of `burst`.
fn layer_every<K: KeyExtractor + Send + Sync + 'static>(
    key: K,
    period: Duration,
    burst: u32,
) -> Option<
    GovernorLayer<K, governor::middleware::NoOpMiddleware<governor::clock::QuantaInstant>, Body>,
>
where
    K::Key: Send + Sync,
{
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

/// New accounts from one address: `per_hour` an hour (bursts of as many), so no client can fill
/// the server with accounts, each allowed its quota. `None` when turned off (0).
pub fn accounts_per_ip<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    per_hour: u32,
) -> Router<S> {
    if per_hour == 0 {
        return router;
    }
    match layer_every(PeerAddress, Duration::from_secs(3600) / per_hour, per_hour) {
        Some(limit) => router.layer(limit),
        None => router,
    }
}

/// A limiter with one bucket per key, checked by hand where the key is only known inside a
/// handler (a device, once its token is verified; an address, once it failed to sign in).
#[derive(Clone)]
pub struct Keyed<K: std::hash::Hash + Eq + Clone + Send + Sync + 'static> {
    limiter: Arc<governor::DefaultKeyedRateLimiter<K>>,
}

impl<K: std::hash::Hash + Eq + Clone + Send + Sync + 'static> Keyed<K> {
    /// `per_minute` on average, bursts of a tenth of that (at least `min_burst`); `None` when 0.
    pub fn per_minute(per_minute: u32, min_burst: u32) -> Option<Keyed<K>> {
        let per_minute = std::num::NonZeroU32::new(per_minute)?;
        let burst = std::num::NonZeroU32::new((per_minute.get() / 10).max(min_burst))?;
        let quota = governor::Quota::per_minute(per_minute).allow_burst(burst);
        let limiter = Arc::new(governor::RateLimiter::keyed(quota));
        // Forget idle keys now and then, so memory follows the active clients.
        let forget = Arc::clone(&limiter);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let mut tick = tokio::time::interval(Duration::from_secs(60));
                loop {
                    tick.tick().await;
                    forget.retain_recent();
                }
            });
        }
        Some(Keyed { limiter })
    }

    /// Spends one request of `key`'s bucket, or says how many seconds until one is free.
    pub fn check(&self, key: &K) -> Result<(), u64> {
        self.limiter.check_key(key).map_err(|not_until| {
            let clock = governor::clock::DefaultClock::default();
            not_until
                .wait_time_from(governor::clock::Clock::now(&clock))
                .as_secs()
                .max(1)
        })
    }
}

/// The refusal of a request over its limit, with when to come back.
pub fn too_many_requests(wait: u64) -> crate::refusal::Refusal {
    Refusal::new(
        ErrorKind::TooManyRequests,
        SyncErrorCode::RateLimited,
        Bilingual::new(
            format!("请求过于频繁，请 {wait} 秒后再试；本设备上的修改不会丢失。"),
            format!("Too many requests; try again in {wait} s. Nothing on this device is lost."),
        ),
    )
    .wait(u32::try_from(wait).unwrap_or(u32::MAX))
}

/// The peer's address as the accept loop recorded it (unspecified where none was).
pub fn peer_address(extensions: &axum::http::Extensions) -> IpAddr {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip())
}
