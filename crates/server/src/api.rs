//! The JSON API under `/api`.

use crate::refusal::{BODY_LIMIT, Refusal};
use crate::sync::SyncConfig;
use crate::sync::store::SyncStore;
use axum::extract::{DefaultBodyLimit, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use pingjia_rules::Bilingual;
use pingjia_rules::api::ErrorKind;
use pingjia_sync::codes::SyncErrorCode;
use serde_json::json;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// The routes below `/api`, relative to it. Every refusal, from every route, has the one
/// shape of `pingjia_rules::api::ErrorResponse`.
pub fn router<S: SyncStore>(
    store: S,
    sync: SyncConfig,
    library: pingjia_rules::rulebook::Library,
) -> Router {
    // The rules answer anyone: per address like every route, and a few at a time in all, so
    // a crowd of clients asking questions cannot starve the sync.
    let at_once = Arc::new(Semaphore::new(crate::eval::AT_ONCE));
    let eval = Router::new()
        .route("/v1/eval", post(crate::eval::http_eval))
        .with_state(Arc::new(library))
        .layer(middleware::from_fn_with_state(
            at_once,
            crate::eval::few_at_once,
        ));
    let eval = crate::sync::limits::per_ip(eval, &sync);
    Router::new()
        .route("/health", get(health::<S>))
        .with_state(store.clone())
        .merge(eval)
        .nest("/v1/sync", crate::sync::router(store, sync))
        .fallback(unknown_endpoint)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

/// Whether the server and its database answer. It names the backend and its schema version,
/// never where the database is or how it is reached. When the database does not answer, it is
/// a refusal like any other: 503 `storage_unavailable` in the one shape (the detail, with
/// paths and the database's words, goes to the log, not to whoever asks).
async fn health<S: SyncStore>(State(store): State<S>) -> Result<Response, Refusal> {
    let version = env!("CARGO_PKG_VERSION");
    let status = tokio::task::spawn_blocking(move || store.status())
        .await
        .map_err(anyhow::Error::from)
        .and_then(|r| r);
    match status {
        Ok(status) => Ok(Json(json!({
            "status": "ok",
            "version": version,
            "database": { "status": "ok", "backend": status.backend, "schema_version": status.schema_version, "created_at": status.created_at },
        }))
        .into_response()),
        Err(err) => {
            tracing::error!("health check: database error: {err:#}");
            Err(Refusal::new(
                ErrorKind::Unavailable,
                SyncErrorCode::StorageUnavailable,
                Bilingual::fixed(
                    "数据库没有响应，请查看服务器日志。",
                    "The database did not answer; see the server log.",
                ),
            )
            .wait(5))
        }
    }
}

async fn unknown_endpoint() -> Refusal {
    Refusal::new(
        ErrorKind::NotFound,
        SyncErrorCode::UnknownEndpoint,
        Bilingual::fixed(
            "没有这个接口，请检查地址。",
            "There is no such endpoint; check the address.",
        ),
    )
}

async fn wrong_method() -> Refusal {
    Refusal::new(
        ErrorKind::MethodNotAllowed,
        SyncErrorCode::MethodNotAllowed,
        Bilingual::fixed(
            "这个接口不接受这种请求方法（例如规则问答须用 POST）。",
            "This endpoint does not take this method (the rules API takes POST).",
        ),
    )
}
