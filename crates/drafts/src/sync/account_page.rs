//! `/drafts/sync`: opening a sync account or joining one, and, once in one, its devices, "sign
//! out everywhere", the account's data as a file, and erasing the account.
//!
//! The sync key is shown once, when the account opens, with a join link that carries it in the
//! URL fragment (`/drafts/sync#key=…`): opening that link on another device (typed, or scanned
//! with the phone's camera) fills in the key here, and the fragment is never sent to a server.

use super::add_device::AddDevice;
use super::api::{Api, Failure};
use super::engine::{Activity, use_sync};
use super::local::SyncAccount;
use super::share::{CopyText, QrImage, join_link};
use crate::SaveStatus;
use crate::list::changed_at_text;
use crate::state::{Keeping, use_drafts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pingjia_rules::Bilingual;
use pingjia_shell::context::use_lang;
use pingjia_shell::local_storage::SYNC_SERVER_KEY;
use pingjia_shell::router::{Link, Page};
use pingjia_shell::ui::{show, t, tr};
use pingjia_sync::protocol::{Devices, JoinAccount, Joined, NewAccount};

/// The sync server: the one chosen in Settings, else the deploy's `config.json`
/// (`{"sync_server": "https://…"}` beside index.html), else this site.
pub async fn chosen_server() -> String {
    if let Some(chosen) =
        pingjia_shell::local_storage::load_text(SYNC_SERVER_KEY).filter(|s| !s.is_empty())
    {
        return chosen;
    }
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let Ok(response) =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str("/config.json")).await
    else {
        return String::new();
    };
    let Ok(response) = wasm_bindgen::JsCast::dyn_into::<web_sys::Response>(response) else {
        return String::new();
    };
    if !response.ok() {
        return String::new();
    }
    let Ok(json) = response.json() else {
        return String::new();
    };
    let Ok(value) = wasm_bindgen_futures::JsFuture::from(json).await else {
        return String::new();
    };
    js_sys::Reflect::get(&value, &"sync_server".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn guessed_device_name() -> String {
    let agent = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    if agent.contains("Mobile") {
        "手机".into()
    } else {
        "电脑".into()
    }
}

/// The key from a join link, taken out of the address bar so it is not left in the history.
fn key_from_link() -> Option<String> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    let key = hash.strip_prefix("#key=")?.to_string();
    let path = window.location().pathname().ok()?;
    let _ = window.history().ok()?.replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some(&path),
    );
    Some(key)
}

#[component]
pub fn SyncPage() -> impl IntoView {
    let sync = use_sync();
    let drafts = use_drafts();
    drafts.load();
    sync.refresh();
    let revealed = RwSignal::new(None::<String>);
    // Read once: the link's key is taken out of the address bar as it is read. After "sign out
    // everywhere" it holds the account's new key, so this device can join again at once.
    let join_key = RwSignal::new(key_from_link().unwrap_or_default());
    // Only joining, leaving or being signed out redraws the page (not each sync's bookkeeping),
    // so nothing typed or opened there is lost.
    let who = Memo::new(move |_| {
        sync.account
            .get()
            .map(|a| (a.account_id, a.device_id, a.signed_out))
    });
    view! {
        <Link page=Page::Drafts class="back-link">{t("返回草稿列表", "Back to the drafts")}</Link>
        <h1 tabindex="-1">{t("同步", "Sync")}</h1>
        // Sync sends what is kept on this device, and keeps the account there too.
        <Show when=move || drafts.keeping.with(Keeping::only_in_memory)>
            <div class="banner warning">
                <p>{t(
                    "同步需要把草稿保存在本设备上，此页面现在做不到，因此暂不能同步：",
                    "Sync needs the drafts kept on this device, which this page cannot do now, so it cannot sync:",
                )}</p>
                <SaveStatus/>
            </div>
        </Show>
        <p>{t(
            "开通同步后，本机构的草稿会在联网时自动同步到您的其他设备；没有网络时照常填写，修改保存在本设备上，联网后再同步。",
            "With sync, your institution's drafts reach your other devices whenever there is a connection; offline you go on as usual, changes are kept on this device and sync later.",
        )}</p>
        {move || match who.get().and(sync.account.get_untracked()) {
            Some(account) => view! { <AccountPanel account=account revealed=revealed join_key=join_key/> }.into_any(),
            None => view! { <OpenOrJoin revealed=revealed linked_key=join_key.get_untracked()/> }.into_any(),
        }}
    }
}

fn joined_account(joined: Joined, server: String, name: String) -> SyncAccount {
    SyncAccount {
        account_id: joined.account_id,
        account_name: name,
        device_id: joined.device_id,
        token: joined.device_token,
        server,
        next_op_id: 1,
        ..SyncAccount::default()
    }
}

/// What the server is asked to do for a device with no account yet.
#[derive(Clone)]
enum Ask {
    Open(Api, NewAccount),
    Join(Api, JoinAccount),
}

#[component]
fn OpenOrJoin(revealed: RwSignal<Option<String>>, linked_key: String) -> impl IntoView {
    let sync = use_sync();
    let drafts = use_drafts();
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let device = RwSignal::new(guessed_device_name());
    let key = RwSignal::new(linked_key);
    let server = RwSignal::new(String::new());
    spawn_local(async move { server.set(chosen_server().await) });
    let error = RwSignal::new(None::<Bilingual>);
    // Why this page cannot keep an account now, if it cannot: checked before the server is
    // asked, so no account is opened that this device then forgets.
    let unable = move || match drafts.keeping.get_untracked() {
        Keeping::OnDevice => None,
        keeping if keeping.is_opening() => Some(Bilingual::fixed(
            "本设备上的草稿还在打开，请稍候再试。",
            "The drafts on this device are still opening; try again in a moment.",
        )),
        _ => Some(Bilingual::fixed(
            "草稿无法保存在本设备上，因此无法开通或加入同步（原因见上方）。",
            "Drafts cannot be kept on this device, so sync cannot be set up (see why above).",
        )),
    };
    let keep = move |joined: Joined, account_name: String| {
        let Some(store) = drafts.store() else {
            // The database was let go while the server answered (a newer version took over).
            error.set(Some(match joined.sync_key {
                Some(key) => Bilingual::new(
                    format!("同步账户已在服务器上开通，但此页面已无法把它保存在本设备上。请记下同步密钥，重新加载此页面后用它加入：{key}"),
                    format!("The sync account was opened on the server, but this page can no longer keep it on this device. Note the sync key, reload the page and join with it: {key}"),
                ),
                None => Bilingual::fixed(
                    "此页面已无法把同步账户保存在本设备上。请重新加载此页面，再加入一次。",
                    "This page can no longer keep the sync account on this device. Reload the page and join again.",
                ),
            }));
            return;
        };
        let account = joined_account(joined, server.get_untracked(), account_name);
        spawn_local(async move {
            match store.set_sync_account(Some(&account)).await {
                Ok(()) => {
                    sync.refresh();
                    sync.now();
                }
                Err(err) => error.set(Some(Bilingual::new(
                    format!("无法在本设备上保存同步账户：{err}"),
                    format!("The sync account cannot be kept on this device: {err}"),
                ))),
            }
        });
    };
    // The one request to the server, opening or joining: both buttons wait on it, and it ends
    // (so they come back) however it ends.
    let ask = Action::new_local(move |asked: &Ask| {
        let asked = asked.clone();
        async move {
            match asked {
                Ask::Open(api, request) => match api.open_account(&request).await {
                    Ok(joined) => {
                        revealed.set(joined.sync_key.clone());
                        keep(joined, request.name);
                    }
                    // Said plainly: nothing was opened and nothing left this device.
                    Err(Failure::Unreachable) => error.set(Some(Bilingual::fixed(
                        "无法连接同步服务器（可能没有网络）：同步账户没有开通，草稿也没有发送，仍只保存在本设备。联网后再点“开通同步”。",
                        "The sync server cannot be reached (perhaps no connection): no sync account was opened and no draft was sent; they stay on this device only. Try again once online.",
                    ))),
                    Err(failure) => error.set(Some(failure.message())),
                },
                Ask::Join(api, request) => match api.join(&request).await {
                    Ok(joined) => keep(joined, String::new()),
                    Err(Failure::Unreachable) => error.set(Some(Bilingual::fixed(
                        "无法连接同步服务器（可能没有网络）：本设备没有加入账户，草稿仍只保存在本设备。联网后再试。",
                        "The sync server cannot be reached (perhaps no connection): this device did not join, and the drafts stay on it only. Try again once online.",
                    ))),
                    Err(failure) => error.set(Some(failure.message())),
                },
            }
        }
    });
    let busy = ask.pending();
    let api = move || Api {
        server: server.get_untracked(),
        token: String::new(),
    };
    let open = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if let Some(why) = unable() {
            error.set(Some(why));
            return;
        }
        if name.get_untracked().trim().is_empty() {
            error.set(Some(Bilingual::fixed(
                "请填写机构名称。",
                "Give the institution's name.",
            )));
            return;
        }
        error.set(None);
        let request = NewAccount {
            name: name.get_untracked().trim().to_string(),
            contact: contact.get_untracked().trim().to_string(),
            device_name: device.get_untracked().trim().to_string(),
        };
        ask.dispatch_local(Ask::Open(api(), request));
    };
    let join = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if let Some(why) = unable() {
            error.set(Some(why));
            return;
        }
        error.set(None);
        let request = JoinAccount {
            sync_key: key.get_untracked().trim().to_string(),
            device_name: device.get_untracked().trim().to_string(),
        };
        ask.dispatch_local(Ask::Join(api(), request));
    };
    view! {
        {move || error.get().map(|e| view! { <p class="error-message" role="alert">{show(e)}</p> })}
        <div class="field">
            <label for="sync-device">{t("本设备的名称", "This device's name")}</label>
            <p class="hint">{t("在设备列表中用来区分，例如“办公室电脑”。", "To tell it apart in the list of devices, e.g. “office laptop”.")}</p>
            <input id="sync-device" type="text" prop:value=move || device.get() on:input=move |ev| device.set(event_target_value(&ev))/>
        </div>
        <form class="stack" novalidate on:submit=join>
            <h2>{t("加入已有的同步账户", "Join an existing sync account")}</h2>
            <div class="field">
                <label for="sync-key">{t("同步密钥或加入码", "Sync key or join code")}</label>
                <p class="hint">{t("在已加入账户的设备上点“添加设备”，会显示加入码（以 pji_ 开头，10 分钟内有效，只能用一次）；也可以输入开通账户时显示的同步密钥（以 pjk_ 开头），或用手机相机扫描二维码、打开加入链接。", "On a device already in the account, choose “Add a device” for a join code (it starts with pji_, works once, for 10 minutes); or type the sync key shown when the account was opened (it starts with pjk_), or scan the QR code or open the join link.")}</p>
                <input id="sync-key" type="text" autocomplete="off" spellcheck="false" prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev))/>
            </div>
            <button type="submit" prop:disabled=move || busy.get()>{t("加入", "Join")}</button>
        </form>
        <form class="stack" novalidate on:submit=open>
            <h2>{t("开通新的同步账户", "Open a new sync account")}</h2>
            <div class="field">
                <label for="sync-name">{t("机构名称", "Institution name")}</label>
                <input id="sync-name" type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="sync-contact">{t("联系人及电话（可选）", "Contact person and phone (optional)")}</label>
                <input id="sync-contact" type="text" prop:value=move || contact.get() on:input=move |ev| contact.set(event_target_value(&ev))/>
            </div>
            <button type="submit" prop:disabled=move || busy.get()>{t("开通", "Open")}</button>
        </form>
        <p class="hint">
            {move || {
                let shown = server.get();
                if shown.is_empty() { t("同步服务器：本网站。", "Sync server: this site.")().to_string() } else { format!("{} {shown}", t("同步服务器：", "Sync server:")()) }
            }}
            " "
            <Link page=Page::Settings>{t("在“设置”中更改", "Change it in Settings")}</Link>
        </p>
    }
}

/// What a device in an account asks of the server from the sync page.
#[derive(Clone)]
enum AccountRequest {
    Revoke {
        device_id: String,
        this_device: bool,
    },
    SignOutEverywhere,
    ReplaceKey,
    Export,
    Erase,
}

#[component]
fn AccountPanel(
    account: SyncAccount,
    revealed: RwSignal<Option<String>>,
    join_key: RwSignal<String>,
) -> impl IntoView {
    let sync = use_sync();
    let drafts = use_drafts();
    let lang = use_lang();
    let api = StoredValue::new(Api {
        server: account.server.clone(),
        token: account.token.clone(),
    });
    let devices = RwSignal::new(None::<Devices>);
    let error = RwSignal::new(None::<Bilingual>);
    let confirm_delete = RwSignal::new(false);
    let confirm_sign_out = RwSignal::new(false);
    let load_devices = move || {
        let api = api.get_value();
        spawn_local(async move {
            match api.devices().await {
                Ok(list) => devices.set(Some(list)),
                Err(failure) => error.set(Some(failure.message())),
            }
        });
    };
    if !account.signed_out {
        load_devices();
    }
    let leave = move || {
        let Some(store) = drafts.store() else { return };
        spawn_local(async move {
            match store.set_sync_account(None).await {
                Ok(()) => {
                    revealed.set(None);
                    sync.refresh();
                }
                Err(err) => error.set(Some(Bilingual::new(
                    format!("无法在本设备上移除同步账户（{err}）。请刷新页面后重试。"),
                    format!("The sync account cannot be removed from this device ({err}). Reload the page and try again."),
                ))),
            }
        });
    };
    let on_failure = move |failure: Failure| {
        if failure.signed_out() {
            leave();
        } else {
            error.set(Some(failure.message()));
        }
    };
    // What this page asks of the server for the account, one request at a time: its buttons
    // are disabled while one is pending (a second tap on "change the key" would otherwise
    // change it twice and show the key that no longer works), and come back however it ends.
    let request = Action::new_local(move |asked: &AccountRequest| {
        let asked = asked.clone();
        let api = api.get_value();
        async move {
            match asked {
                AccountRequest::Revoke {
                    device_id,
                    this_device,
                } => match api.revoke(&device_id).await {
                    Ok(()) if this_device => leave(),
                    Ok(()) => load_devices(),
                    Err(failure) => on_failure(failure),
                },
                // Signing every device out also changes the key: a lost phone that still shows
                // the old key could otherwise join again and read every roster.
                AccountRequest::SignOutEverywhere => {
                    let key = match api.replace_key().await {
                        Ok(key) => key,
                        Err(failure) => return on_failure(failure),
                    };
                    match api.revoke_all().await {
                        Ok(()) => {
                            join_key.set(key.sync_key);
                            leave();
                        }
                        Err(failure) => on_failure(failure),
                    }
                }
                AccountRequest::ReplaceKey => match api.replace_key().await {
                    Ok(key) => revealed.set(Some(key.sync_key)),
                    Err(failure) => on_failure(failure),
                },
                AccountRequest::Export => match api.export().await {
                    Ok(text) => crate::file_worker::save(
                        "pingjia-sync-export.json",
                        "application/json",
                        text.as_bytes(),
                    ),
                    Err(failure) => on_failure(failure),
                },
                AccountRequest::Erase => match api.delete_account().await {
                    Ok(()) => leave(),
                    Err(failure) => on_failure(failure),
                },
            }
        }
    });
    let busy = request.pending();
    let ask = move |asked: AccountRequest| {
        if !busy.get_untracked() {
            request.dispatch_local(asked);
        }
    };
    let signed_out = account.signed_out;
    view! {
        {move || error.get().map(|e| view! { <p class="error-message" role="alert">{show(e)}</p> })}
        {move || revealed.get().map(|key| {
            let link = join_link(&key);
            view! {
                <section class="panel" aria-labelledby="sync-key-heading">
                    <h2 id="sync-key-heading">{t("同步密钥（只显示这一次）", "Sync key (shown this once)")}</h2>
                    <p>{t("在其他设备上打开“同步”页，输入这个密钥，或打开下面的加入链接。请像密码一样保管：拿到它的人可以看到本机构的名单。", "On another device open the sync page and type this key, or open the join link below. Keep it like a password: whoever has it can see your rosters.")}</p>
                    <p><code data-sync-key="">{key.clone()}</code></p>
                    <CopyText value=key.clone()/>
                    <p><a href=link.clone() data-join-link="">{t("加入链接", "Join link")}</a></p>
                    <CopyText value=link.clone()/>
                    <QrImage text=link/>
                </section>
            }
        })}
        <section class="stack">
            <h2>{t("本设备", "This device")}</h2>
            {if signed_out {
                view! {
                    <p class="error-message">{t("本设备已退出同步账户（在其他设备上被移除，或账户已删除）。草稿仍在本设备上。", "This device was signed out of the sync account (removed from another device, or the account was erased). The drafts are still on this device.")}</p>
                    <button type="button" on:click=move |_| leave()>{t("重新开通或加入", "Open or join again")}</button>
                }.into_any()
            } else {
                view! {
                    <p>{move || {
                        let synced = sync.account.with(|a| a.as_ref().map_or(0.0, |a| a.synced_at));
                        let at = if synced > 0.0 { changed_at_text(synced) } else { String::new() };
                        let state = match sync.activity.get() {
                            Activity::Syncing => Bilingual::fixed("正在同步……", "Syncing…"),
                            Activity::Offline => Bilingual::fixed("暂时无法连接同步服务器，联网后自动同步。", "The sync server cannot be reached; it syncs once online."),
                            Activity::Failed(message) => message,
                            _ if synced > 0.0 => Bilingual::new(format!("上次同步：{at}"), format!("Last synced: {at}")),
                            _ => Bilingual::fixed("尚未同步。", "Not synced yet."),
                        };
                        show(state)
                    }}</p>
                    <button type="button" on:click=move |_| sync.now() prop:disabled=move || drafts.keeping.with(Keeping::only_in_memory)>{t("立即同步", "Sync now")}</button>
                }.into_any()
            }}
        </section>
        <Show when=move || !signed_out>
            <section class="stack">
                <h2>{t("账户中的设备", "Devices in the account")}</h2>
                <ul class="device-list">
                    {move || devices.get().map(|list| {
                        list.devices.into_iter().filter(|d| d.revoked_at.is_none()).map(|d| {
                            let id = d.device_id.clone();
                            let this_device = d.this_device;
                            view! {
                                <li>
                                    <span>{d.name.clone()}</span>
                                    {this_device.then(|| view! { <span class="tag">{t("本设备", "this device")}</span> })}
                                    <button type="button" class="secondary" prop:disabled=move || busy.get() on:click=move |_| ask(AccountRequest::Revoke { device_id: id.clone(), this_device })>
                                        {move || if this_device { tr(lang.get(), "在本设备退出", "Sign this device out") } else { tr(lang.get(), "移除", "Remove") }}
                                    </button>
                                </li>
                            }
                        }).collect_view()
                    })}
                </ul>
                <AddDevice api=api.get_value() on_failure=Callback::new(on_failure)/>
                <button type="button" class="secondary" prop:disabled=move || busy.get() on:click=move |_| ask(AccountRequest::ReplaceKey)>{t("更换同步密钥", "Change the sync key")}</button>
                <p class="hint">{t(
                    "更换后旧密钥立即失效，不能再加入设备；已加入的设备照常同步。新密钥只显示一次。",
                    "The old key stops working at once and joins no device; the devices already in go on syncing. The new key is shown once.",
                )}</p>
                <Show when=move || confirm_sign_out.get() fallback=move || view! {
                    <button type="button" class="secondary" on:click=move |_| confirm_sign_out.set(true)>{t("所有设备全部退出", "Sign out everywhere")}</button>
                }>
                    <p role="alert">{t(
                        "所有设备（包括本设备）都会退出同步账户，同步密钥也会更换：旧密钥和未用的加入码都不能再加入任何设备。本设备随后可用新密钥重新加入；各设备上的草稿都保留。新密钥只在本设备上显示一次：请记下它，否则没有设备能再加入这个账户，服务器上的草稿也就取不回来。",
                        "Every device, this one included, is signed out, and the sync key is changed: the old key and any unused join code join no device again. This device can then join again with the new key; the drafts on every device stay. The new key is shown once, on this device: write it down, or no device can join the account again and the drafts on the server cannot be reached.",
                    )}</p>
                    <button type="button" class="warning" prop:disabled=move || busy.get() on:click=move |_| ask(AccountRequest::SignOutEverywhere)>{t("全部退出并更换密钥", "Sign out everywhere and change the key")}</button>
                    <button type="button" class="secondary" on:click=move |_| confirm_sign_out.set(false)>{t("取消", "Cancel")}</button>
                </Show>
            </section>
            <section class="stack">
                <h2>{t("账户数据", "The account's data")}</h2>
                <p>{t("名单含有考生姓名和身份证号等敏感个人信息。您可以随时下载账户中的全部数据，或删除账户：服务器上的数据会被彻底删除（本设备上的草稿保留）。", "Rosters hold names and identity numbers, which are sensitive personal information. You can download everything the account holds, or erase the account: its data is deleted from the server (the drafts on this device stay).")}</p>
                <button type="button" class="secondary" prop:disabled=move || busy.get() on:click=move |_| ask(AccountRequest::Export)>{t("下载全部数据（JSON）", "Download all data (JSON)")}</button>
                <Show when=move || confirm_delete.get() fallback=move || view! {
                    <button type="button" class="warning" on:click=move |_| confirm_delete.set(true)>{t("删除同步账户", "Erase the sync account")}</button>
                }>
                    <p role="alert">{t("确定删除？服务器上本账户的所有名单和设备会被彻底删除，无法恢复。", "Erase it? Every roster and device of this account is deleted from the server for good.")}</p>
                    <button type="button" class="warning" prop:disabled=move || busy.get() on:click=move |_| ask(AccountRequest::Erase)>{t("确定删除", "Yes, erase it")}</button>
                    <button type="button" class="secondary" on:click=move |_| confirm_delete.set(false)>{t("取消", "Cancel")}</button>
                </Show>
            </section>
        </Show>
    }
}
