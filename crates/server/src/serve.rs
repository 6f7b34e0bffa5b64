//! Binding the address and running until Ctrl-C or SIGTERM.

use crate::db::Database;
use crate::security::SecurityHeaders;
use crate::{api, static_files};
use anyhow::Context;
use axum::{Router, middleware};
use std::net::SocketAddr;
use std::path::PathBuf;
use tower_http::trace::TraceLayer;

/// The largest request body the API reads: a group of 10,000 candidates fits with room to spare;
/// a larger body is refused with 413 before it is read into memory.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Everything `pingjia serve` needs to start.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    pub addr: SocketAddr,
    pub db: PathBuf,
    pub dist: PathBuf,
}

/// The whole application: the API under `/api`, the app everywhere else, every response with
/// the security headers.
pub fn app(db: Database, dist: &std::path::Path) -> Router {
    let security = SecurityHeaders::for_dist(dist);
    Router::new()
        .nest("/api", api::router(db))
        .fallback_service(static_files::router(dist))
        .layer(middleware::from_fn(move |request, next| {
            security.clone().apply(request, next)
        }))
        .layer(TraceLayer::new_for_http())
}

pub async fn run(config: ServeConfig) -> anyhow::Result<()> {
    let index = config.dist.join("index.html");
    if !index.is_file() {
        anyhow::bail!(
            "no built app at {}: build it first (cargo xtask run does), or point --dist / PINGJIA_DIST at a folder with index.html",
            index.display()
        );
    }
    let db = Database::open(&config.db)?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("cannot listen on {}: is another server using that port? choose another with --addr or PINGJIA_ADDR", config.addr))?;
    let local = listener.local_addr()?;
    tracing::info!(db = %config.db.display(), dist = %config.dist.display(), "serving");
    // Printed on stdout as one plain line so scripts (and the test harness) can find the port.
    println!("pingjia listening on http://{local}");
    axum::serve(listener, app(db, &config.dist))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped with an error")?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!("cannot listen for Ctrl-C: {err}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!("cannot listen for SIGTERM: {err}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
