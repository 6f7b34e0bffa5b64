//! "添加设备": a signed-in device makes a join code for one more device — shown as the code,
//! a join link and its QR code, with when it stops working — so nobody needs the sync key shown
//! when the account was opened.

use super::api::{Api, Failure};
use super::share::{CopyText, QrImage, join_link};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pingjia_rules::Bilingual;
use pingjia_shell::context::use_lang;
use pingjia_shell::ui::t;
use pingjia_sync::protocol::JoinCode;

/// When a code stops working, as the clock on the wall in Shanghai says it: "14:05".
fn until(code: &JoinCode) -> String {
    chrono::DateTime::parse_from_rfc3339(&code.expires_at)
        .ok()
        .and_then(|at| pingjia_rules::dates::shanghai_time(at.timestamp_millis()))
        .map_or_else(String::new, |at| at.format("%H:%M").to_string())
}

#[component]
pub fn AddDevice(api: Api, on_failure: Callback<Failure>) -> impl IntoView {
    let lang = use_lang();
    let code = RwSignal::new(None::<JoinCode>);
    let busy = RwSignal::new(false);
    let api = StoredValue::new(api);
    let make = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let api = api.get_value();
        spawn_local(async move {
            match api.join_code().await {
                Ok(made) => code.set(Some(made)),
                Err(failure) => on_failure.run(failure),
            }
            busy.set(false);
        });
    };
    view! {
        <button type="button" on:click=make prop:disabled=move || busy.get()>{t("添加设备", "Add a device")}</button>
        {move || code.get().map(|made| {
            let link = join_link(&made.join_code);
            let minutes = made.valid_minutes;
            let until = until(&made);
            view! {
                <section class="panel" aria-labelledby="join-code-heading">
                    <h2 id="join-code-heading">{t("加入码", "Join code")}</h2>
                    <p data-testid="join-code-validity">{move || Bilingual::new(format!("在另一台设备上打开“同步”页输入这个加入码，或扫描二维码、打开加入链接。{minutes} 分钟内有效（至 {until}），只能加入一台设备。"), format!("On the other device open the sync page and type this join code, or scan the QR code or open the join link. It works for {minutes} minutes (until {until}), for one device.")).get(lang.get()).to_owned()}</p>
                    <p><code data-join-code="">{made.join_code.clone()}</code></p>
                    <CopyText value=made.join_code.clone()/>
                    <p><a href=link.clone() data-join-link="">{t("加入链接", "Join link")}</a></p>
                    <CopyText value=link.clone()/>
                    <QrImage text=link/>
                </section>
            }
        })}
        <p class="hint">{t(
            "请至少在一台设备上保持登录：如果所有设备都丢失或退出，又找不到同步密钥，就再也无法加入这个账户，服务器上的草稿也就取不回来（各设备上已有的草稿仍在）。",
            "Keep at least one device signed in: if every device is lost or signed out and the sync key is lost too, no device can join the account again and the drafts on the server cannot be reached (the drafts already on each device stay).",
        )}</p>
    }
}
