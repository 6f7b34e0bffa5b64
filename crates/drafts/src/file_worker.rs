//! The file worker (`crates/files`, a web worker Trunk builds beside the programs): started when
//! the import page opens, or the first time someone exports or asks for a template, then kept.
//! Requests go one at a time, in order; a worker that fails to load or crashes is started afresh
//! on the next request.

use js_sys::{Object, Reflect, Uint8Array};
use pingjia_files::protocol::{ImportedRow, Request, Response};
use pingjia_rules::Bilingual;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Where Trunk puts the worker's loader (index.html: `data-bin="pingjia-files"`).
const LOADER: &str = "/pingjia-files_loader.js";

/// How long a request may wait for its answer, loading the worker included: far longer than
/// the largest import takes (`cargo xtask bench import` measures a 5,000-row XLSX), short
/// enough that a lost answer does not hold the page's file requests for good.
const WAIT_AT_MOST_MS: u32 = 120_000;

#[wasm_bindgen(inline_js = "
let ready = null;
let prepared = false;
let queue = Promise.resolve();
let current = null;
function start(url) {
  if (ready === null) {
    ready = new Promise((resolve, reject) => {
      const worker = new Worker(url);
      current = worker;
      worker.onmessage = (e) => { if (e.data && e.data.ready) resolve(worker); };
      worker.onerror = (e) => { e.preventDefault(); worker.terminate(); reject(new Error('load')); };
    });
    ready.catch(() => { ready = null; prepared = false; });
  }
  return ready;
}
export function file_prepare(url, request) {
  if (prepared) return;
  prepared = true;
  file_request(url, request, null, 120000).catch(() => { prepared = false; });
}
export function file_request(url, request, bytes, limit_ms) {
  // A request that has no answer in time (a worker that never loads, or a reply lost) is
  // refused and the worker started afresh, so the next request is not queued behind it.
  const limit = globalThis.pingjiaFileWorkerLimitMs || limit_ms;
  const run = () => new Promise((resolve, reject) => {
    let worker = null;
    const timer = setTimeout(() => {
      // The worker this request waits on, loaded or still loading.
      const stuck = worker || current;
      if (stuck) stuck.terminate();
      current = null; ready = null; prepared = false;
      reject(new Error('timeout'));
    }, limit);
    const fail = (why) => { clearTimeout(timer); reject(why); };
    start(url).then((w) => {
      worker = w;
      w.onmessage = (e) => { clearTimeout(timer); resolve(e.data); };
      w.onerror = (e) => { e.preventDefault(); w.terminate(); ready = null; prepared = false; fail(new Error('crash')); };
      if (bytes) {
        w.postMessage({ request, bytes }, [bytes.buffer]);
      } else {
        w.postMessage({ request });
      }
    }, fail);
  });
  const next = queue.then(run, run);
  queue = next.catch(() => {});
  return next;
}
")]
extern "C" {
    fn file_request(
        url: &str,
        request: &str,
        bytes: Option<Uint8Array>,
        limit_ms: u32,
    ) -> js_sys::Promise;
    fn file_prepare(url: &str, request: &str);
}

/// What the worker answered.
pub struct Answer {
    pub response: Response,
    /// A file to save.
    pub file: Vec<u8>,
    /// An import's rows without problems, in chunks, each decoded by [`RowChunks::rows`].
    pub rows: RowChunks,
}

/// An import's rows as the worker sent them: chunks of UTF-8 JSON text, one after the other in
/// `bytes` (see `pingjia_files::worker::Reply`).
#[derive(Clone, Default)]
pub struct RowChunks {
    bytes: Uint8Array,
    ends: Vec<u32>,
}

impl RowChunks {
    /// The chunks of `bytes` that end at `ends`.
    pub fn new(bytes: Uint8Array, ends: Vec<u32>) -> RowChunks {
        RowChunks { bytes, ends }
    }

    pub fn chunk_count(&self) -> usize {
        self.ends.len()
    }

    /// Decodes chunk `i`; a row that cannot be decoded is left out, and so is a chunk whose
    /// bounds do not fit the bytes (the worker wrote every one, so either is a version mismatch
    /// the count of rows added then shows).
    pub fn rows(&self, i: usize) -> Vec<ImportedRow> {
        let Some(&end) = self.ends.get(i) else {
            return Vec::new();
        };
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before]);
        if start > end || end > self.bytes.length() {
            return Vec::new();
        }
        // Decoded here from the chunk's bytes (`JSON.parse` and `serde_wasm_bindgen` crossed
        // into the browser for every field of every row). Each row is first only delimited
        // (`RawValue`, borrowed from the bytes), then decoded alone, so one bad row is left out
        // without a `serde_json::Value` tree built for every good one: that tree took a fifth of
        // adding 5,000 imported rows.
        let bytes = self.bytes.subarray(start, end).to_vec();
        let Ok(rows) = serde_json::from_slice::<Vec<&serde_json::value::RawValue>>(&bytes) else {
            return Vec::new();
        };
        rows.into_iter()
            .filter_map(|row| serde_json::from_str(row.get()).ok())
            .collect()
    }
}

/// Starts the worker now and has it run the import's code once (`Request::Prepare`), for the
/// import page: loading, compiling and warming it then happens while the person chooses a
/// file, not after. Once per worker: coming back to the import page does not run it again,
/// unless the worker was started afresh. The answer is not waited for; a request sent
/// meanwhile is answered after it. A failure is left for the first request, which starts the
/// worker afresh and says what went wrong.
pub fn prepare() {
    if let Some(text) = request_text(&Request::Prepare) {
        file_prepare(LOADER, &text);
    }
}

/// `request` as the JSON text the worker reads, by serde_json: the program's one codec.
fn request_text(request: &Request) -> Option<String> {
    serde_json::to_string(request).ok()
}

/// Sends `request` (with a file's `bytes`) and waits for the answer.
pub async fn ask(request: &Request, bytes: Option<Vec<u8>>) -> Result<Answer, Bilingual> {
    let unavailable = || {
        Bilingual::new(
            "文件处理程序未能启动或中途出错。若本设备从未联网打开过导入或导出，请联网后重试；否则请刷新页面后重试。",
            "The file worker could not start or stopped with an error. If this device has never opened an import or export online, connect and try again; otherwise reload the page and try again.",
        )
    };
    let text = request_text(request).ok_or_else(unavailable)?;
    let bytes = bytes.map(|b| Uint8Array::from(b.as_slice()));
    let reply = wasm_bindgen_futures::JsFuture::from(file_request(
        LOADER,
        &text,
        bytes,
        WAIT_AT_MOST_MS,
    ))
    .await
    .map_err(|e| {
        let timed_out = js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .is_some_and(|m| m == "timeout");
        if timed_out {
            Bilingual::new(
                format!("文件处理超过 {} 秒仍未完成，已停止。请刷新页面后重试；文件很大时，请分成几个较小的文件。", WAIT_AT_MOST_MS / 1000),
                format!("The file worker had no answer after {} seconds and was stopped. Reload the page and try again; split a very large file into smaller ones.", WAIT_AT_MOST_MS / 1000),
            )
        } else {
            unavailable()
        }
    })?;
    let reply: Object = reply.dyn_into().map_err(|_| unavailable())?;
    let response = Reflect::get(&reply, &"response".into())
        .ok()
        .and_then(|r| r.as_string())
        .and_then(|r| serde_json::from_str::<Response>(&r).ok())
        .ok_or_else(unavailable)?;
    let file = Reflect::get(&reply, &"bytes".into())
        .ok()
        .filter(|b| !b.is_undefined())
        .map(|b| Uint8Array::new(&b).to_vec())
        .unwrap_or_default();
    let rows = RowChunks::new(
        Reflect::get(&reply, &"rows".into())
            .ok()
            .and_then(|r| r.dyn_into::<Uint8Array>().ok())
            .unwrap_or_default(),
        Reflect::get(&reply, &"chunk_ends".into())
            .ok()
            .and_then(|r| r.dyn_into::<js_sys::Uint32Array>().ok())
            .map(|ends| ends.to_vec())
            .unwrap_or_default(),
    );
    Ok(Answer {
        response,
        file,
        rows,
    })
}

/// Asks the worker for a file (an export, a template, the rows of an import with problems)
/// and offers it as a download; `bytes` is a file the request is about.
pub async fn download(request: &Request, bytes: Option<Vec<u8>>) -> Result<(), Bilingual> {
    let answer = ask(request, bytes).await?;
    match answer.response {
        Response::File { file_name, mime } => {
            save(&file_name, &mime, &answer.file);
            Ok(())
        }
        Response::Failed { message } => Err(message),
        Response::Imported(_) | Response::Prepared => Err(wrong_answer()),
    }
}

/// What a page says when the worker answers another question than it was asked (a worker of
/// another version, say): nothing is done with the answer.
pub fn wrong_answer() -> Bilingual {
    Bilingual::new(
        "文件处理程序答非所问。请刷新页面后重试。",
        "The file worker answered another question. Reload the page and try again.",
    )
}

/// Offers `bytes` as a download named `name`.
pub fn save(name: &str, mime: &str, bytes: &[u8]) {
    let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = leptos::prelude::document().create_element("a") {
        let a = a.unchecked_into::<web_sys::HtmlAnchorElement>();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // The click has started the download, which keeps the blob; the URL can go.
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Reads the file the person chose.
pub async fn read(file: &web_sys::File) -> Result<Vec<u8>, Bilingual> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| {
            Bilingual::new(
                "无法读取所选文件。请确认文件未被移动或正在被其他程序占用，然后重选。",
                "The chosen file cannot be read. Check it was not moved or is not open elsewhere, then choose it again.",
            )
        })?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
