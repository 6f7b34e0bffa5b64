//! Refusals: their codes, their messages in both languages, their HTTP status, and the one
//! JSON shape every endpoint refuses with.

use crate::dates::strict;
use crate::rulebook::Rulebook;
use crate::text::Bilingual;
use serde::Serialize;

/// What kind of refusal an error is: it decides the HTTP status, never the JSON shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request cannot be read: not JSON, a field unknown or missing, a malformed value.
    BadRequest,
    /// No credentials, or credentials that are wrong, expired or revoked.
    Unauthorized,
    /// No such endpoint (or nothing of the caller's at that address).
    NotFound,
    /// The endpoint exists, but not with this method.
    MethodNotAllowed,
    /// More than one request may carry (a group over the cap, a body over the limit).
    TooLarge,
    /// It clashes with what the server holds (an operation sent before its predecessors).
    Conflict,
    /// Well formed, but the rules refuse it: a birth date after the day asked about, a check
    /// character that does not match, a subject the level does not have.
    Unprocessable,
    /// The request took longer than the server allows (its body came too slowly).
    Timeout,
    /// A body in another format than the endpoint reads (it takes JSON).
    UnsupportedMediaType,
    /// Too many requests in too short a time; the response says when to try again.
    TooManyRequests,
    /// The server could not answer (a rule without its data, a failure of its own).
    Internal,
    /// The server cannot answer now (its database is away); trying again later may work.
    Unavailable,
}

impl ErrorKind {
    pub fn http_status(self) -> u16 {
        match self {
            ErrorKind::BadRequest => 400,
            ErrorKind::Unauthorized => 401,
            ErrorKind::NotFound => 404,
            ErrorKind::MethodNotAllowed => 405,
            ErrorKind::Timeout => 408,
            ErrorKind::Conflict => 409,
            ErrorKind::TooLarge => 413,
            ErrorKind::UnsupportedMediaType => 415,
            ErrorKind::Unprocessable => 422,
            ErrorKind::TooManyRequests => 429,
            ErrorKind::Internal => 500,
            ErrorKind::Unavailable => 503,
        }
    }
}

/// An error with a stable code and a message in both languages; its kind gives the status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApiError {
    pub code: String,
    pub message: Bilingual,
    #[serde(skip)]
    pub kind: ErrorKind,
}

impl ApiError {
    pub fn new(kind: ErrorKind, code: impl Into<String>, message: Bilingual) -> ApiError {
        ApiError {
            code: code.into(),
            message,
            kind,
        }
    }

    fn bad_request(code: &str, zh: String, en: String) -> ApiError {
        ApiError::new(ErrorKind::BadRequest, code, Bilingual::new(zh, en))
    }

    /// A failure of the server's own, worded for whoever asked (the detail goes to the log).
    pub fn internal() -> ApiError {
        ApiError::new(
            ErrorKind::Internal,
            "internal",
            Bilingual::fixed(
                "服务器内部错误，请稍后再试。",
                "The server failed to answer; try again later.",
            ),
        )
    }
}

/// The one shape of every refusal, from every endpoint (the rules API, the server's own
/// routes, the sync API): `{"ok": false, "error": {"code", "message": {"zh-CN", "en"}},
/// "rulebook_version"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorResponse {
    pub ok: bool,
    pub error: ApiError,
    pub rulebook_version: &'static str,
}

impl ErrorResponse {
    pub fn new(book: &Rulebook, error: ApiError) -> ErrorResponse {
        ErrorResponse {
            ok: false,
            error,
            rulebook_version: book.version,
        }
    }

    pub fn http_status(&self) -> u16 {
        self.error.kind.http_status()
    }
}

/// How much of a caller's input an error message may quote.
pub const QUOTE_LIMIT: usize = 80;

/// `text` cut to [`QUOTE_LIMIT`] characters, with "…" where it was cut.
pub(super) fn cut(text: &str) -> String {
    let mut out: String = text.chars().take(QUOTE_LIMIT).collect();
    if text.chars().nth(QUOTE_LIMIT).is_some() {
        out.push('…');
    }
    out
}

/// A serde message with every quoted part (between backticks or double quotes) cut to
/// [`QUOTE_LIMIT`], so a huge bad value is never echoed whole.
fn shorten_quoted(detail: &str) -> String {
    let mut out = String::with_capacity(detail.len().min(400));
    let mut quoted: Option<(char, usize)> = None;
    for c in detail.chars() {
        match quoted {
            Some((close, _)) if c == close => {
                quoted = None;
                out.push(c);
            }
            Some((close, n)) => {
                if n < QUOTE_LIMIT {
                    out.push(c);
                } else if n == QUOTE_LIMIT {
                    out.push('…');
                }
                quoted = Some((close, n + 1));
            }
            None => {
                if c == '`' || c == '"' {
                    quoted = Some((c, 0));
                }
                out.push(c);
            }
        }
    }
    out
}

/// The first backtick-quoted part of a serde message: the field or value it is about.
fn first_quoted(detail: &str) -> String {
    let after = detail.split_once('`').map_or("", |(_, rest)| rest);
    cut(after.split_once('`').map_or(after, |(name, _)| name))
}

/// The names serde lists after "expected" (backtick-quoted): names from our own types.
fn expected_names(detail: &str) -> Vec<&str> {
    let rest = detail
        .split_once(", expected ")
        .map_or("", |(_, rest)| rest);
    rest.split('`').skip(1).step_by(2).collect()
}

/// Sorts a serde error into a code a client can act on, with a message in both languages that
/// quotes at most [`QUOTE_LIMIT`] characters of the input.
pub fn request_error(err: &serde_json::Error) -> ApiError {
    let detail = err.to_string();
    if let Some((code, rest)) = detail.split_once(strict::MARK) {
        let input = cut(rest.split(strict::MARK).next().unwrap_or(""));
        return if code == "date_out_of_range" {
            // Well formed, but beyond what the rules can count: refused, not misread.
            ApiError::new(
                ErrorKind::Unprocessable,
                code,
                Bilingual::new(
                    format!(
                        "日期“{input}”超出可计算范围（{}），请核对。",
                        strict::range_text()
                    ),
                    format!(
                        "The date \"{input}\" is outside the range the rules support ({}); check it.",
                        strict::range_text()
                    ),
                ),
            )
        } else {
            ApiError::bad_request(
                "bad_date",
                format!(
                    "“{input}”不是有效日期：日期请写成 2025-06-01 的形式（四位年、两位月、两位日），时间写成 2025-06-06T10:00:00，且须真实存在。"
                ),
                format!(
                    "\"{input}\" is not a valid date: write dates as 2025-06-01 (four-digit year, two-digit month and day) and times as 2025-06-06T10:00:00, and the day must exist."
                ),
            )
        };
    }
    if detail.starts_with("unknown variant") {
        let value = first_quoted(&detail);
        let expected = expected_names(&detail);
        return ApiError::bad_request(
            "unknown_value",
            format!(
                "无法识别的取值“{value}”；可用的取值：{}。",
                expected.join("、")
            ),
            format!(
                "Unknown value \"{value}\"; expected one of: {}.",
                expected.join(", ")
            ),
        );
    }
    if detail.starts_with("unknown field") {
        let field = first_quoted(&detail);
        let expected = expected_names(&detail);
        let (expected_zh, expected_en) = if expected.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!("（可用的字段：{}）", expected.join("、")),
                format!(" (expected one of: {})", expected.join(", ")),
            )
        };
        return ApiError::bad_request(
            "unknown_field",
            format!("无法识别的字段“{field}”{expected_zh}：请检查拼写。"),
            format!("Unknown field \"{field}\"{expected_en}: check the spelling."),
        );
    }
    if detail.starts_with("missing field") {
        let field = first_quoted(&detail);
        return ApiError::bad_request(
            "missing_field",
            format!("缺少必填字段“{field}”。"),
            format!("The field \"{field}\" is required."),
        );
    }
    let detail = shorten_quoted(&detail);
    if err.is_syntax() || err.is_eof() {
        return ApiError::bad_request(
            "invalid_json",
            format!("不是有效的 JSON：{detail}"),
            format!("This is not valid JSON: {detail}"),
        );
    }
    ApiError::bad_request(
        "invalid_request",
        format!("请求格式有误：{detail}"),
        format!("The request could not be read: {detail}"),
    )
}
