//! The institutions' program: loaded by the app (`src/drafts_loader.rs` at the root) when a drafts page opens,
//! it mounts the drafts pages into the element the app gives it.

use wasm_bindgen::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
}

/// Shows the drafts pages in `root`, replacing what an earlier call showed there.
#[wasm_bindgen]
pub fn mount(root: web_sys::HtmlElement) {
    pingjia_drafts::area::mount(root);
}
