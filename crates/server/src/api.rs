//! The JSON API under `/api`.

use crate::sync::SyncConfig;
use crate::sync::store::SyncStore;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use pingjia_rules::api::{ApiError, ErrorKind, ErrorResponse};
use pingjia_rules::{Bilingual, rulebook};
use serde_json::json;

/// The routes below `/api`, relative to it. Every refusal, from every route, has the one
/// shape of `pingjia_rules::api::ErrorResponse`.
pub fn router<S: SyncStore>(store: S, sync: SyncConfig) -> Router {
    Router::new()
        .route("/health", get(health::<S>))
        .route("/v1/eval", post(crate::eval::http_eval))
        .with_state(store.clone())
        .nest("/v1/sync", crate::sync::router(store, sync))
        .fallback(unknown_endpoint)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::max(crate::serve::BODY_LIMIT))
}

/// Whether the server and its database answer; 503 when the database does not. It names the
/// backend and its schema version, never where the database is or how it is reached.
async fn health<S: SyncStore>(State(store): State<S>) -> Response {
    let version = env!("CARGO_PKG_VERSION");
    let status = tokio::task::spawn_blocking(move || store.status())
        .await
        .map_err(anyhow::Error::from)
        .and_then(|r| r);
    match status {
        Ok(status) => Json(json!({
            "status": "ok",
            "version": version,
            "database": { "status": "ok", "backend": status.backend, "schema_version": status.schema_version, "created_at": status.created_at },
        }))
        .into_response(),
        Err(err) => {
            tracing::error!("health check: database error: {err:#}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({
                    "status": "degraded",
                    "version": version,
                    // The detail (paths, the database's words) goes to the log, not to whoever asks.
                    "database": {
                        "status": "error",
                        "message": Bilingual::fixed("数据库没有响应，请查看服务器日志。", "The database did not answer; see the server log."),
                    },
                })),
            )
                .into_response()
        }
    }
}

async fn unknown_endpoint() -> Response {
    refuse(ApiError::new(
        ErrorKind::NotFound,
        "unknown_endpoint",
        Bilingual::fixed(
            "没有这个接口，请检查地址。",
            "There is no such endpoint; check the address.",
        ),
    ))
}

async fn wrong_method() -> Response {
    refuse(ApiError::new(
        ErrorKind::MethodNotAllowed,
        "method_not_allowed",
        Bilingual::fixed(
            "这个接口不接受这种请求方法（例如规则问答须用 POST）。",
            "This endpoint does not take this method (the rules API takes POST).",
        ),
    ))
}

/// A request body that could not be read: too large (413), or not received in full (400).
pub fn body_refused(rejection: &BytesRejection) -> Response {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        refuse(ApiError::new(
            ErrorKind::TooLarge,
            "body_too_large",
            Bilingual::new(
                format!(
                    "请求过大（上限 {} 字节），请分批发送。",
                    crate::serve::BODY_LIMIT
                ),
                format!(
                    "The request is too large (at most {} bytes); send it in parts.",
                    crate::serve::BODY_LIMIT
                ),
            ),
        ))
    } else {
        refuse(ApiError::new(
            ErrorKind::BadRequest,
            "unreadable_body",
            Bilingual::fixed(
                "没有收到完整的请求，请重试。",
                "The request did not arrive in full; try again.",
            ),
        ))
    }
}

/// The refusal in the one error shape, with the status of its kind.
pub fn refuse(error: ApiError) -> Response {
    let response = ErrorResponse::new(rulebook::current(), error);
    let status =
        StatusCode::from_u16(response.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(response)).into_response()
}
