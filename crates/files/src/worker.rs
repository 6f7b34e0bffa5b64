//! One request in, one response out: what the worker's message handler does, kept apart from
//! the browser so native tests run the same path.

use crate::export;
use crate::import::{self, Decode};
#[cfg(doc)]
use crate::protocol::ImportedRow;
use crate::protocol::{Format, Request, Response};
use pingjia_rules::Bilingual;

/// What goes back to the page.
#[derive(Debug)]
pub struct Reply {
    pub response: Response,
    /// A file written for the page to save.
    pub file: Vec<u8>,
    /// An import's rows without problems, taken out of the report: chunks of UTF-8 JSON text,
    /// each an array of [`ImportedRow`] holding [`ROWS_PER_CHUNK`] rows (the last may hold
    /// fewer), one after the other; chunk `i` ends at byte `chunk_ends[i]`. Bytes, not strings:
    /// the page receives them without a copy, where a string per row (or per chunk) is made
    /// anew on its thread as the message arrives, a long task for thousands of rows. It then
    /// decodes one chunk per task as the rows are added.
    pub rows: Vec<u8>,
    pub chunk_ends: Vec<u32>,
}

/// Rows per chunk of [`Reply::rows`]: the page adds a chunk in one task. Each task has a cost
/// of its own: at CPU 4×, chunks of 25 (with save steps of 8 ms) made adding and saving 5,000
/// rows about 60% slower than chunks of 50, and chunks of 100 (with save steps of up to 200
/// records) about 35% faster. Chunks of 200 were faster still, but made tasks over 50 ms in most
/// runs.
pub const ROWS_PER_CHUNK: usize = 100;

/// Handles one request; `bytes` is the file sent with an import.
pub fn reply(request: &str, bytes: &[u8], decode: Decode) -> Reply {
    let (response, file) = handle(request, bytes, decode);
    match response {
        Response::Imported(mut report) => {
            let good = std::mem::take(&mut report.good);
            let mut rows = Vec::new();
            let mut chunk_ends = Vec::new();
            for chunk in good.chunks(ROWS_PER_CHUNK) {
                let start = rows.len();
                match serde_json::to_writer(&mut rows, chunk) {
                    Ok(()) => chunk_ends.push(rows.len() as u32),
                    // Left out whole (the page counts the rows it could not add, and says so).
                    Err(_) => rows.truncate(start),
                }
            }
            Reply {
                response: Response::Imported(report),
                file,
                rows,
                chunk_ends,
            }
        }
        other => Reply {
            response: other,
            file,
            rows: Vec::new(),
            chunk_ends: Vec::new(),
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
                    message: Bilingual::new(
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
        Request::ProblemRows {
            format,
            on,
            existing_id_numbers,
        } => match import::problem_rows(book, bytes, decode, on, &existing_id_numbers) {
            Ok(rows) => file(
                export::problem_rows(format, &rows),
                export::file_name("待修改的行", format),
                format,
            ),
            Err(message) => (Response::Failed { message }, Vec::new()),
        },
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
        Request::Prepare => match crate::warm_up::warm_up(book, decode) {
            Ok(_) => (Response::Prepared, Vec::new()),
            Err(message) => (Response::Failed { message }, Vec::new()),
        },
    }
}

fn file(
    written: Result<Vec<u8>, Bilingual>,
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
