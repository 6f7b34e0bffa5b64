//! Binding the address and running until Ctrl-C or SIGTERM.

use crate::connections::{self, ConnectionLimits};
use crate::db::Database;
use crate::security::SecurityHeaders;
use crate::sync::postgres::PgStore;
use crate::sync::store::SyncStore;
use crate::sync::{SqliteStore, SyncConfig};
use crate::{api, static_files};
use anyhow::Context;
use axum::http::{HeaderValue, Method, header};
use axum::{Router, middleware};
use std::net::SocketAddr;
use std::path::PathBuf;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

/// Everything `pingjia serve` needs to start.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    pub addr: SocketAddr,
    pub db: DatabaseTarget,
    pub dist: PathBuf,
    pub options: Options,
}

/// Where the data is: an SQLite file (embedded), or a PostgreSQL server shared by any number
/// of `pingjia serve` processes.
#[derive(Clone)]
pub enum DatabaseTarget {
    Sqlite(PathBuf),
    Postgres {
        url: String,
        pool: u32,
        /// Certificates (PEM) to trust for `sslmode=require`, beside the public roots.
        ca_file: Option<PathBuf>,
    },
}

/// Never prints a PostgreSQL URL: it may hold a password.
impl std::fmt::Debug for DatabaseTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DatabaseTarget::Sqlite(path) => write!(f, "sqlite {}", path.display()),
            DatabaseTarget::Postgres { pool, .. } => write!(f, "postgres (pool of {pool})"),
        }
    }
}

impl DatabaseTarget {
    /// Reads `--db`: `postgres://…` or `postgresql://…`, `sqlite://path`, or a path. Another
    /// scheme is refused rather than taken for a file name (a typo must not create an empty
    /// database).
    pub fn parse(
        text: &str,
        pool: u32,
        ca_file: Option<PathBuf>,
    ) -> Result<DatabaseTarget, String> {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Ok(DatabaseTarget::Postgres {
                url: text.to_string(),
                pool: pool.max(1),
                ca_file,
            });
        }
        if let Some(path) = text.strip_prefix("sqlite://") {
            return Ok(DatabaseTarget::Sqlite(PathBuf::from(path)));
        }
        if let Some((scheme, _)) = text.split_once("://") {
            return Err(format!(
                "--db {scheme}://… is not a database pingjia can use: give postgres://…, sqlite://PATH or a file path"
            ));
        }
        Ok(DatabaseTarget::Sqlite(PathBuf::from(text)))
    }
}

/// What an operator may change about the API.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub sync: SyncConfig,
    /// Connections per address and in all, and the deadlines of a request.
    pub connections: ConnectionLimits,
    /// Origins (e.g. `https://pingjia.example.cn`) whose pages may call the API from a browser:
    /// the app served from a CDN while the API runs here. Empty: only this server's own pages.
    pub allow_origins: Vec<HeaderValue>,
    /// A folder `pingjia rulebook publish` wrote, served at `/rulebooks/` (as a CDN serves it
    /// beside the app). None: whatever `dist/rulebooks/` holds, like any other file.
    pub rulebooks: Option<PathBuf>,
    /// The notices `/api/v1/eval` answers from: the built-in ones, and with `--rulebook-key`
    /// those of the published folder that passed every check.
    pub library: pingjia_rules::rulebook::Library,
}

/// Reads an `--allow-origin` value: a scheme and a host (and port), nothing after.
pub fn parse_origin(text: &str) -> Result<HeaderValue, String> {
    let origin = pingjia_sync::origin::origin(text).ok_or_else(|| {
        format!(
            "{:?} is not an origin: only the scheme, host and port, e.g. https://pingjia.example.cn or http://127.0.0.1:8080",
            text.trim()
        )
    })?;
    HeaderValue::from_str(origin).map_err(|_| format!("{origin:?} is not an origin"))
}

/// The whole application on an SQLite database with the default options (as the tests use it).
pub fn app(db: Database, dist: &std::path::Path) -> Router {
    app_with(db, dist, Options::default())
}

/// The whole application on an SQLite database.
pub fn app_with(db: Database, dist: &std::path::Path, options: Options) -> Router {
    app_on(SqliteStore::new(db), dist, options)
}

/// The whole application on any storage: the API under `/api`, the app everywhere else, every
/// response with the security headers.
pub fn app_on<S: SyncStore>(store: S, dist: &std::path::Path, options: Options) -> Router {
    let security = SecurityHeaders::for_dist(dist);
    let deadlines = options.connections;
    let api = api::router(store, options.sync, options.library.clone())
        // A body that stops arriving is refused (unreadable_body), and no API request may take
        // longer than its deadline, however slowly its client sends or reads.
        .layer(RequestBodyTimeoutLayer::new(deadlines.body_read))
        .layer(middleware::from_fn(move |request, next| {
            crate::refusal::within(deadlines.api_request, request, next)
        }));
    let api = if options.allow_origins.is_empty() {
        api
    } else {
        api.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(options.allow_origins))
                .allow_methods([Method::GET, Method::POST, Method::DELETE])
                .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
                .expose_headers([header::RETRY_AFTER])
                .max_age(std::time::Duration::from_secs(3600)),
        )
    };
    let router = Router::new().nest("/api", api);
    let router = match &options.rulebooks {
        Some(folder) => router.nest_service("/rulebooks", static_files::published(folder)),
        // Nothing published: the app asks for the index at each online start, and a 404 would
        // be an error in the console of every browser; "no content" says the same quietly.
        None if !dist.join("rulebooks/index.json").is_file() => router.route(
            "/rulebooks/index.json",
            axum::routing::get(|| async {
                (
                    axum::http::StatusCode::NO_CONTENT,
                    [(header::CACHE_CONTROL, "no-cache")],
                )
            }),
        ),
        None => router,
    };
    router
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
    if let Some(folder) = &config.options.rulebooks {
        let published = folder.join("index.json");
        if !published.is_file() {
            anyhow::bail!(
                "no published rulebooks at {}: write them there with `pingjia rulebook publish … --out {}` (docs/new-notice.md), or leave out --rulebooks / PINGJIA_RULEBOOKS",
                published.display(),
                folder.display()
            );
        }
    }
    match config.db.clone() {
        DatabaseTarget::Sqlite(path) => {
            let store = SqliteStore::new(Database::open(&path)?);
            serve(config, store).await
        }
        DatabaseTarget::Postgres { url, pool, ca_file } => {
            let store = tokio::task::spawn_blocking(move || {
                PgStore::connect(&url, pool, ca_file.as_deref())
            })
            .await
            .context("connecting to PostgreSQL stopped")??;
            serve(config, store).await
        }
    }
}

async fn serve<S: SyncStore>(config: ServeConfig, store: S) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("cannot listen on {}: is another server using that port? choose another with --addr or PINGJIA_ADDR", config.addr))?;
    let local = listener.local_addr()?;
    tracing::info!(db = ?config.db, dist = %config.dist.display(), "serving");
    // Printed on stdout as one plain line so scripts (and the test harness) can find the port.
    println!("pingjia listening on http://{local}");
    let limits = config.options.connections;
    let app = app_on(store, &config.dist, config.options);
    connections::serve(listener, app, limits, shutdown_signal()).await;
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
