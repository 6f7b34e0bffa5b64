//! Every refusal the server sends, in the one shape of `pingjia_rules::api::ErrorResponse`, and
//! the one way a JSON body is read. Handlers return `Result<_, Refusal>` and take `ApiJson<T>`;
//! neither knows how the other words an error.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pingjia_rules::api::{ApiError, ErrorKind, ErrorResponse, request_error};
use pingjia_rules::{Bilingual, rulebook};
use pingjia_sync::codes::SyncErrorCode;
use serde::de::DeserializeOwned;

/// The largest request body the API reads: a group of 10,000 candidates fits with room to spare;
/// a larger body is refused with 413 before it is read into memory.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// A refusal: the error (code, message in both languages, kind → status) and, for a refusal
/// that passes, how many seconds to wait before trying again.
#[derive(Debug)]
pub struct Refusal {
    pub error: ApiError,
    pub retry_after: Option<u32>,
}

impl Refusal {
    /// One of the server's own refusals, by its code (shared with the app).
    pub fn new(kind: ErrorKind, code: SyncErrorCode, message: Bilingual) -> Refusal {
        Refusal::from(ApiError::new(kind, code.as_str(), message))
    }

    pub fn bad_request(code: SyncErrorCode, zh: String, en: String) -> Refusal {
        Refusal::new(ErrorKind::BadRequest, code, Bilingual::new(zh, en))
    }

    /// The store failed (its detail is in the log): the client may try again.
    pub fn unavailable() -> Refusal {
        Refusal {
            retry_after: Some(5),
            ..Refusal::new(
                ErrorKind::Unavailable,
                SyncErrorCode::StorageUnavailable,
                Bilingual::fixed(
                    "服务器暂时无法保存或读取，请稍后重试；本设备上的修改不会丢失。",
                    "The server cannot store or read just now; try again shortly. Nothing on this device is lost.",
                ),
            )
        }
    }

    /// A failure of the server's own, worded for whoever asked (the detail goes to the log).
    pub fn internal() -> Refusal {
        Refusal::from(ApiError::internal())
    }

    pub fn wait(self, seconds: u32) -> Refusal {
        Refusal {
            retry_after: Some(seconds),
            ..self
        }
    }
}

/// The rules' own refusals (a request they cannot read, or refuse) pass as they are.
impl From<ApiError> for Refusal {
    fn from(error: ApiError) -> Refusal {
        Refusal {
            error,
            retry_after: None,
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = ErrorResponse::new(rulebook::current(), self.error);
        let status =
            StatusCode::from_u16(body.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

/// A request body that could not be read: too large (413), or not received in full (400).
pub fn body_refused(status: StatusCode) -> Refusal {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        Refusal::new(
            ErrorKind::TooLarge,
            SyncErrorCode::BodyTooLarge,
            Bilingual::new(
                format!("请求过大（上限 {BODY_LIMIT} 字节），请分批发送。"),
                format!("The request is too large (at most {BODY_LIMIT} bytes); send it in parts."),
            ),
        )
    } else {
        Refusal::new(
            ErrorKind::BadRequest,
            SyncErrorCode::UnreadableBody,
            Bilingual::fixed(
                "没有收到完整的请求，请重试。",
                "The request did not arrive in full; try again.",
            ),
        )
    }
}

/// The body, read whole within [`BODY_LIMIT`]; what cannot be read is a [`Refusal`].
pub struct ApiBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBytes {
    type Rejection = Refusal;

    async fn from_request(req: Request, state: &S) -> Result<Self, Refusal> {
        Bytes::from_request(req, state)
            .await
            .map(ApiBytes)
            .map_err(|rejection| body_refused(rejection.status()))
    }
}

/// A JSON body read as `T`: a body not sent as `application/json` (415), one that cannot be
/// read, or is not a `T` (a field unknown, missing or malformed, named in the message), is a
/// [`Refusal`] in the one shape.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Refusal;

    async fn from_request(req: Request, state: &S) -> Result<Self, Refusal> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
        if !json {
            return Err(Refusal::new(
                ErrorKind::UnsupportedMediaType,
                SyncErrorCode::UnsupportedMediaType,
                Bilingual::fixed(
                    "请求须以 JSON 发送（Content-Type: application/json）。",
                    "Send the body as JSON (Content-Type: application/json).",
                ),
            ));
        }
        let ApiBytes(bytes) = ApiBytes::from_request(req, state).await?;
        serde_json::from_slice(&bytes)
            .map(ApiJson)
            .map_err(|err| Refusal::from(request_error(&err)))
    }
}

/// Runs the request unless it takes longer than `deadline`: then it is refused with 408
/// (`request_timeout`), in the one shape, and whatever it was doing is dropped.
pub async fn within(
    deadline: std::time::Duration,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    match tokio::time::timeout(deadline, next.run(request)).await {
        Ok(response) => response,
        Err(_) => Refusal::new(
            ErrorKind::Timeout,
            SyncErrorCode::RequestTimeout,
            Bilingual::new(
                format!(
                    "请求超过 {} 秒仍未完成，已停止；请检查网络后重试。",
                    deadline.as_secs()
                ),
                format!(
                    "The request took over {} s and was stopped; check the connection and try again.",
                    deadline.as_secs()
                ),
            ),
        )
        .into_response(),
    }
}
