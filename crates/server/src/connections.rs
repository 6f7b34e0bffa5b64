//! Accepting connections so that no client can hold the server: a cap on open connections per
//! address and in all, a deadline for a request's headers (which is also how long an idle
//! keep-alive connection may wait for its next request), and a deadline for each part of a body
//! and for a whole API request. `axum::serve` sets none of these; a connection that sent
//! nothing, or trickled its headers, stayed open for good, and enough of them exhausted the
//! process's open files.

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// What one client may hold, and how long it may take.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// Open connections from one address; more are closed as they arrive. A school behind one
    /// address (NAT) has a few dozen devices, each with a handful of connections.
    pub per_address: usize,
    /// Open connections in all.
    pub total: usize,
    /// To send a request's headers, counted from the connection's start or from the end of the
    /// previous response: a silent or idle connection is closed when it runs out.
    pub header_read: Duration,
    /// Between two parts of a request body.
    pub body_read: Duration,
    /// For a whole API request, body and answer included.
    pub api_request: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            per_address: 128,
            total: 4096,
            header_read: Duration::from_secs(10),
            body_read: Duration::from_secs(10),
            api_request: Duration::from_secs(60),
        }
    }
}

/// The open connections per address, and in all.
#[derive(Default)]
struct Open {
    by_address: HashMap<IpAddr, usize>,
    total: usize,
}

/// A connection counted in [`Open`] for as long as it lives.
struct Counted {
    open: Arc<Mutex<Open>>,
    address: IpAddr,
}

impl Counted {
    fn admit(
        open: &Arc<Mutex<Open>>,
        address: IpAddr,
        limits: &ConnectionLimits,
    ) -> Option<Counted> {
        let mut state = open.lock().unwrap_or_else(|p| p.into_inner());
        let mine = state.by_address.get(&address).copied().unwrap_or(0);
        if mine >= limits.per_address || state.total >= limits.total {
            return None;
        }
        state.by_address.insert(address, mine + 1);
        state.total += 1;
        Some(Counted {
            open: Arc::clone(open),
            address,
        })
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let mut state = self.open.lock().unwrap_or_else(|p| p.into_inner());
        state.total = state.total.saturating_sub(1);
        if let Some(n) = state.by_address.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                state.by_address.remove(&self.address);
            }
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets the connections in progress
/// finish their current request (at most the API deadline).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let open = Arc::new(Mutex::new(Open::default()));
    // HTTP/1 only: cleartext HTTP/2 is not what browsers or CDNs speak to an origin, and
    // telling the two apart would first wait for bytes with no deadline at all.
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .keep_alive(true);
    let builder = Arc::new(builder);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors, or the peer gave up: wait a moment, go on.
                    tracing::warn!("accept: {err}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Some(counted) = Counted::admit(&open, peer.ip(), &limits) else {
            tracing::debug!(address = %peer.ip(), "connection refused: too many open");
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let builder = Arc::clone(&builder);
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let _counted = counted;
            let service =
                hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    app.clone().oneshot(request.map(axum::body::Body::new))
                });
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(err) = result {
                        tracing::debug!("connection ended: {err}");
                    }
                }
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(limits.api_request, connection).await;
                }
            }
        });
    }
    // Ask every connection to finish its request in progress, and wait for them to (at most the
    // API deadline): an acknowledged push is only acknowledged once answered.
    let _ = stop.send(true);
    let deadline = tokio::time::Instant::now() + limits.api_request;
    while open.lock().map_or(0, |o| o.total) > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Raises the soft limit of open files to the hard limit, where the system allows it, so the
/// connection caps (not the kernel) decide when a client is turned away. Returns the limit now
/// in force.
pub fn raise_open_file_limit() -> Option<u64> {
    rlimit::increase_nofile_limit(u64::MAX).ok()
}
