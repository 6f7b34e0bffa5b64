//! What carries a sync key or a join code to another device: the join link (the secret in the
//! fragment, which browsers never send to a server), its QR code, and a copy button.

use leptos::prelude::*;
use leptos::task::spawn_local;
use pingjia_rules::Bilingual;
use pingjia_shell::ui::{show, t};

/// The link that opens the sync page with `secret` (a key or a join code) filled in.
pub fn join_link(secret: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}/drafts/sync#key={secret}")
}

/// The join link as a QR code, drawn by the file worker (so its code is not in this program),
/// for a phone's camera to open.
#[component]
pub fn QrImage(text: String) -> impl IntoView {
    let url = RwSignal::new(None::<String>);
    let failed = RwSignal::new(None::<Bilingual>);
    spawn_local(async move {
        let request = pingjia_files::protocol::Request::QrCode { text };
        match crate::file_worker::ask(&request, None).await {
            Ok(answer)
                if !matches!(
                    answer.response,
                    pingjia_files::protocol::Response::File { .. }
                ) =>
            {
                failed.set(Some(Bilingual::fixed(
                    "二维码未能生成，请用加入链接或密钥。",
                    "The QR code could not be drawn; use the join link or the key.",
                )));
            }
            Ok(answer) => {
                let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(answer.file.as_slice()));
                let options = web_sys::BlobPropertyBag::new();
                options.set_type("image/svg+xml");
                let made = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
                    .ok()
                    .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob).ok());
                url.set(made);
            }
            Err(message) => failed.set(Some(Bilingual::new(message.zh, message.en))),
        }
    });
    on_cleanup(move || {
        if let Some(url) = url.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    view! {
        {move || url.get().map(|src| view! {
            <img class="qr" src=src width="240" height="240" data-join-qr=""
                alt="加入同步账户的二维码：用另一台设备的相机扫描 / QR code of the join link: scan it with the other device's camera"/>
        })}
        {move || failed.get().map(|m| view! { <p class="hint">{show(m)}</p> })}
    }
}

/// A copy button for text known only at run time.
#[component]
pub fn CopyText(value: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let (done, label) = (t("已复制", "Copied"), t("复制", "Copy"));
    let copy = move |_| {
        let promise = window().navigator().clipboard().write_text(&value);
        spawn_local(async move {
            copied.set(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
        });
    };
    view! {
        <button type="button" class="copy" on:click=copy>
            {move || if copied.get() { done() } else { label() }}
        </button>
    }
}
