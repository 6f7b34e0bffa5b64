//! The JSON API under `/api`.

use crate::db::Database;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

/// The routes below `/api`, relative to it.
pub fn router(db: Database) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/v1/eval", post(crate::eval::http_eval))
        .fallback(unknown_endpoint)
        .with_state(db)
}

/// Whether the server and its database answer; 503 when the database does not.
async fn health(State(db): State<Database>) -> Response {
    let version = env!("CARGO_PKG_VERSION");
    match db.status().await {
        Ok(status) => Json(json!({
            "status": "ok",
            "version": version,
            "database": { "status": "ok", "schema_version": status.schema_version, "created_at": status.created_at },
        }))
        .into_response(),
        Err(err) => {
            tracing::error!("health check: database error: {err:#}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({
                    "status": "degraded",
                    "version": version,
                    // The detail (paths, SQLite's words) goes to the log, not to whoever asks.
                    "database": {
                        "status": "error",
                        "message": { "zh-CN": "数据库没有响应，请查看服务器日志。", "en": "The database did not answer; see the server log." },
                    },
                })),
            )
                .into_response()
        }
    }
}

async fn unknown_endpoint() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "unknown_endpoint",
        "没有这个接口，请检查地址。",
        "There is no such endpoint; check the address.",
    )
}

/// An error body in both languages, with a stable code a client can act on.
pub fn error(status: StatusCode, code: &str, zh: &str, en: &str) -> Response {
    (
        status,
        Json(json!({ "error": { "code": code, "message": { "zh-CN": zh, "en": en } } })),
    )
        .into_response()
}
