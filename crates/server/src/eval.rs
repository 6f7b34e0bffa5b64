//! The rules API over the command line (`pingjia eval`) and HTTP (`POST /api/v1/eval`).
//! Both hand the text to `pingjia_rules::api::evaluate_json`, so they answer identically.

use crate::refusal::{ApiBytes, Refusal};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use pingjia_rules::api::evaluate_json;
use pingjia_rules::rulebook;
use std::io::{BufRead, Write};
use std::sync::Arc;

pub use crate::clock::today_in_shanghai;

/// Answers each non-blank line of `input` on its own line of `output`; a bad line gets an error
/// response and the next line is still answered. Returns how many lines failed.
pub fn eval_lines(
    library: &rulebook::Library,
    input: impl BufRead,
    mut output: impl Write,
    today: NaiveDate,
) -> std::io::Result<usize> {
    let mut failed = 0;
    for line in input.lines() {
        let line = match line {
            Ok(line) => line,
            Err(err) if err.kind() == std::io::ErrorKind::InvalidData => {
                // Not UTF-8: answer it as an invalid request rather than stopping.
                String::from("\u{FFFD}")
            }
            Err(err) => return Err(err),
        };
        if line.trim().is_empty() {
            continue;
        }
        let reply = evaluate_json(library, &line, today);
        if !reply.ok() {
            failed += 1;
        }
        writeln!(output, "{}", reply.body)?;
    }
    output.flush()?;
    Ok(failed)
}

/// `POST /api/v1/eval`: 200 with the answer, or the error with the status of its kind (400
/// unreadable, 413 too large, 422 refused by the rules, 500 the server's own failure). The
/// rules run on a blocking thread, so a large request (a group of 10,000) never stalls the
/// async workers that answer everyone else, `/api/health` included.
pub async fn http_eval(
    State(library): State<Arc<rulebook::Library>>,
    ApiBytes(body): ApiBytes,
) -> Response {
    let today = today_in_shanghai();
    let answered = tokio::task::spawn_blocking(move || {
        let text = String::from_utf8_lossy(&body);
        evaluate_json(&library, &text, today)
    })
    .await;
    let Ok(reply) = answered else {
        tracing::error!("the rules task ended without an answer");
        return Refusal::internal().into_response();
    };
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(reply.body)).into_response()
}

/// Rules questions answered at once; more wait their turn (at most [`WAIT_FOR_TURN`]).
pub const AT_ONCE: usize = 8;
pub const WAIT_FOR_TURN: std::time::Duration = std::time::Duration::from_secs(2);

/// Lets a rules question through when one of the [`AT_ONCE`] places is free within
/// [`WAIT_FOR_TURN`]; else 503 `server_busy` with when to ask again.
pub async fn few_at_once(
    axum::extract::State(places): axum::extract::State<std::sync::Arc<tokio::sync::Semaphore>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    match tokio::time::timeout(WAIT_FOR_TURN, places.acquire_owned()).await {
        Ok(Ok(_place)) => next.run(request).await,
        _ => Refusal::new(
            pingjia_rules::api::ErrorKind::Unavailable,
            pingjia_sync::codes::SyncErrorCode::ServerBusy,
            pingjia_rules::Bilingual::fixed(
                "服务器正忙，请稍后再问。",
                "The server is busy; ask again shortly.",
            ),
        )
        .wait(2)
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_answered_and_failures_are_counted() {
        let input = "{\"kind\":\"fee\",\"level\":\"three\"}\n\nnonsense\n{\"kind\":\"conduct\",\"code\":\"3-1\"}\n";
        let mut out = Vec::new();
        let today: NaiveDate = "2025-06-01".parse().expect("date");
        let failed = eval_lines(
            &rulebook::Library::built_in(),
            input.as_bytes(),
            &mut out,
            today,
        )
        .expect("io");
        assert_eq!(failed, 1);
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .expect("utf-8")
            .lines()
            .map(|l| serde_json::from_str(l).expect("json per line"))
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["answer"]["fee"]["total"], 1036);
        assert_eq!(lines[1]["ok"], false);
        assert_eq!(lines[2]["answer"]["violations"][0]["code"], "3-1");
    }
}
