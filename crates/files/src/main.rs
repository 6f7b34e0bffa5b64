//! The file worker: Trunk builds it as a web worker (index.html, `data-loader-shim`), and the
//! drafts pages start it when someone imports or exports. Each message is `{request, bytes}`
//! and gets `{response, bytes}` back (see `protocol`).

#[cfg(target_arch = "wasm32")]
fn main() {
    browser::listen();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "pingjia-files runs in a browser as a web worker; build it with trunk (see README.md)."
    );
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use js_sys::{Object, Reflect, Uint8Array};
    use pingjia_rules::Bilingual;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, TextDecoder, TextDecoderOptions};

    pub fn listen() {
        console_error_panic_hook::set_once();
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
            let data = event.data();
            let request = Reflect::get(&data, &"request".into())
                .ok()
                .and_then(|r| r.as_string())
                .unwrap_or_default();
            let bytes = Reflect::get(&data, &"bytes".into())
                .ok()
                .filter(|b| !b.is_undefined() && !b.is_null())
                .map(|b| Uint8Array::new(&b).to_vec())
                .unwrap_or_default();
            let answer = pingjia_files::worker::reply(&request, &bytes, &decode);
            let reply = Object::new();
            let text = serde_json::to_string(&answer.response).unwrap_or_default();
            let _ = Reflect::set(&reply, &"response".into(), &text.into());
            let file = Uint8Array::from(answer.file.as_slice());
            let _ = Reflect::set(&reply, &"bytes".into(), &file);
            let rows = Uint8Array::from(answer.rows.as_slice());
            let _ = Reflect::set(&reply, &"rows".into(), &rows);
            let ends = js_sys::Uint32Array::from(answer.chunk_ends.as_slice());
            let _ = Reflect::set(&reply, &"chunk_ends".into(), &ends);
            let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
            let transfer = js_sys::Array::of3(&file.buffer(), &rows.buffer(), &ends.buffer());
            if scope.post_message_with_transfer(&reply, &transfer).is_err() {
                // An answer that cannot be sent is said as a failure, never left unanswered:
                // the page waits for one answer per request.
                let failed = pingjia_files::protocol::Response::Failed {
                    message: Bilingual::fixed(
                        "文件处理的结果无法传回页面。请刷新页面后重试。",
                        "The file worker's answer could not be sent back. Reload the page and try again.",
                    ),
                };
                let reply = Object::new();
                let text = serde_json::to_string(&failed).unwrap_or_default();
                let _ = Reflect::set(&reply, &"response".into(), &text.into());
                let _ = scope.post_message(&reply);
            }
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        // Tell the page the worker is ready to take requests.
        let ready = Object::new();
        let _ = Reflect::set(&ready, &"ready".into(), &true.into());
        let _ = scope.post_message(&ready);
    }

    /// Strict UTF-8 first (a BOM is dropped); what is not UTF-8 is read as GB18030, the
    /// encoding Excel and WPS use for CSV on Chinese Windows.
    fn decode(bytes: &[u8]) -> Result<String, Bilingual> {
        let strict = TextDecoderOptions::new();
        strict.set_fatal(true);
        if let Ok(text) = TextDecoder::new_with_label_and_options("utf-8", &strict)
            .and_then(|d| d.decode_with_u8_array(bytes))
        {
            return Ok(text);
        }
        TextDecoder::new_with_label_and_options("gb18030", &strict)
            .and_then(|d| d.decode_with_u8_array(bytes))
            .map_err(|_| {
                Bilingual::new(
                    "文件的文字编码无法识别（不是 UTF-8，也不是 GB18030）。请在 Excel 或 WPS 中另存为“CSV UTF-8”或 XLSX 后再导入。",
                    "The file's text encoding is neither UTF-8 nor GB18030. Save it as \"CSV UTF-8\" or XLSX in your spreadsheet program and import that.",
                )
            })
    }
}
