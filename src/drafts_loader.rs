//! The place of the drafts pages in the app: it loads the drafts program (a second WebAssembly
//! module, `src/bin/drafts.rs`, built by Trunk beside the app) the first time a drafts page
//! opens, and hands it an element to draw in. A candidate never downloads it.

use leptos::prelude::*;
use pingjia_shell::ui::t;
use wasm_bindgen::prelude::*;

// Where Trunk puts the drafts program (index.html: `data-bin="pingjia-drafts"`): its JavaScript
// and its wasm, both fetched at once rather than one after the other. This module is evaluated
// with the app's own JavaScript, before the app's wasm is even fetched: at a drafts address it
// starts loading and compiling the drafts program there and then, beside the app's start,
// instead of after it.
#[wasm_bindgen(inline_js = "
const PROGRAM = '/pingjia-drafts.js';
const MODULE = '/pingjia-drafts_bg.wasm';
let loading = null;
function start() {
  if (loading === null) {
    // At a drafts address index.html has asked for the wasm already; its response is used
    // once, and a retry after a failure fetches again.
    const wasm = self.pingjiaDraftsWasm ?? fetch(MODULE);
    self.pingjiaDraftsWasm = undefined;
    wasm.catch(() => {}); // a failure is reported through `loading`, not as an unhandled one
    loading = import(PROGRAM).then(async (m) => { await m.default({ module_or_path: wasm }); return m; });
    loading.catch(() => { loading = null; });
  }
  return loading;
}
if (location.pathname === '/drafts' || location.pathname.startsWith('/drafts/')) {
  start().catch(() => {});
}
export function load_drafts(root) {
  return start().then((m) => { m.mount(root); });
}
")]
extern "C" {
    /// Imports the program once (again after a failure), then mounts it in `root`.
    fn load_drafts(root: &web_sys::HtmlElement) -> js_sys::Promise;
}

#[derive(Clone, Copy, PartialEq)]
enum Loading {
    Started,
    Shown,
    Failed,
}

#[component]
pub fn DraftsLoader() -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    let state = RwSignal::new(Loading::Started);
    let start = move || {
        let Some(el) = root.get_untracked() else {
            return;
        };
        state.set(Loading::Started);
        let promise = load_drafts(&el);
        leptos::task::spawn_local(async move {
            let shown = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            state.set(if shown {
                Loading::Shown
            } else {
                Loading::Failed
            });
        });
    };
    Effect::new(move |_| {
        if root.get().is_some() {
            start();
        }
    });
    view! {
        <Show when=move || state.get() == Loading::Started>
            <p role="status">{t("正在载入团体申报……", "Loading group applications…")}</p>
        </Show>
        <div class="drafts-root" node_ref=root></div>
        <Show when=move || state.get() == Loading::Failed>
            <div class="banner warning" role="alert">
                <p>{t(
                    "无法载入团体申报：请连接网络后重试。联网打开过一次后，离线也能使用。",
                    "Group applications could not load: connect and try again. Once opened online, they also work offline.",
                )}</p>
                <button type="button" on:click=move |_| start()>{t("重试", "Try again")}</button>
            </div>
        </Show>
    }
}
