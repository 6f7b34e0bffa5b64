//! One request in, one response out: what the worker's message handler does, kept apart from
//! the browser so native tests run the same path.

use crate::export;
use crate::import::{self, Decode};
#[cfg(doc)]
use crate::protocol::ImportedRow;
use crate::protocol::{Format, Message, Request, Response};

/// What goes back to the page.
#[derive(Debug)]
pub struct Reply {
    pub response: Response,
    /// A file written for the page to save.
    pub file: Vec<u8>,
    /// An import's rows without problems, one JSON text each ([`ImportedRow`]), taken out of
    /// the report: the page decodes them a few at a time, so thousands of rows never make one
    /// long task on its thread.
    pub rows: Vec<String>,
}

/// Handles one request; `bytes` is the file sent with an import.
pub fn reply(request: &str, bytes: &[u8], decode: Decode) -> Reply {
    let (response, file) = handle(request, bytes, decode);
    match response {
        Response::Imported(mut report) => {
            let rows = report
                .good
                .drain(..)
                .filter_map(|row| serde_json::to_string(&row).ok())
                .collect();
            Reply {
                response: Response::Imported(report),
                file,
                rows,
            }
        }
        other => Reply {
            response: other,
            file,
            rows: Vec::new(),
        },
    }
}

/// Handles one request; `bytes` is the file sent with an import. Returns the response and
/// any file to send back.
pub fn handle(request: &str, bytes: &[u8], decode: Decode) -> (Response, Vec<u8>) {
    let request: Request = match serde_json::from_str(request) {
        Ok(r) => r,
        Err(e) => {
            return (
                Response::Failed {
                    message: Message::new(
                        format!("文件处理程序收到了无法理解的请求（{e}）。请刷新页面后重试。"),
                        format!(
                            "The file worker received a request it cannot read ({e}). Reload the page and try again."
                        ),
                    ),
                },
                Vec::new(),
            );
        }
    };
    let book = pingjia_rules::rulebook::current();
    match request {
        Request::Import {
            on,
            existing_id_numbers,
            ..
        } => (
            Response::Imported(import::import(
                book,
                bytes,
                decode,
                on,
                &existing_id_numbers,
            )),
            Vec::new(),
        ),
        Request::Export { format, roster } => file(
            export::export(format, &roster),
            export::file_name(&roster.title, format),
            format,
        ),
        Request::Template { format } => file(
            export::template(format),
            export::file_name("考生名单模板", format),
            format,
        ),
        Request::QrCode { text } => match crate::qr::svg(&text) {
            Ok(svg) => (
                Response::File {
                    file_name: "pingjia-sync.svg".into(),
                    mime: "image/svg+xml".into(),
                },
                svg.into_bytes(),
            ),
            Err(message) => (Response::Failed { message }, Vec::new()),
        },
    }
}

fn file(
    written: Result<Vec<u8>, Message>,
    file_name: String,
    format: Format,
) -> (Response, Vec<u8>) {
    match written {
        Ok(bytes) => (
            Response::File {
                file_name,
                mime: format.mime().to_string(),
            },
            bytes,
        ),
        Err(message) => (Response::Failed { message }, Vec::new()),
    }
}
