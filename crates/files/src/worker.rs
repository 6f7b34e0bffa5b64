//! One request in, one response out: what the worker's message handler does, kept apart from
//! the browser so native tests run the same path.

use crate::export;
use crate::import::{self, Decode};
use crate::protocol::{Format, Message, Request, Response};

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
