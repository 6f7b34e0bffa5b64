//! The sync API as this device calls it (`docs/sync-api.md`): `fetch`, with bodies made and
//! read by the browser's `JSON`, and every failure sorted into what the person can do about it.

use pingjia_rules::Bilingual;
use pingjia_sync::codes::SyncErrorCode;
use pingjia_sync::protocol::{
    AccountExport, Devices, JoinAccount, JoinCode, Joined, NewAccount, NewKey, PullResponse,
    PushOp, PushRequest, PushResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a call did not give an answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// No answer at all: offline, or the server cannot be reached.
    Unreachable,
    /// The server refused, in its words.
    Refused {
        status: u16,
        code: SyncErrorCode,
        message: Bilingual,
        /// Seconds to wait before trying again (429, 503).
        retry_after: Option<u32>,
    },
    /// An answer this app cannot read (another server at that address?).
    Unreadable,
    /// This device's own storage failed before anything was asked of the server.
    DeviceStorage,
}

impl Failure {
    pub fn message(&self) -> Bilingual {
        match self {
            Failure::Unreachable => Bilingual::fixed(
                "无法连接同步服务器（可能没有网络）；修改都保存在本设备上，联网后会自动同步。",
                "The sync server cannot be reached (perhaps no connection); every change is kept on this device and syncs once online.",
            ),
            Failure::Refused { message, .. } => message.clone(),
            Failure::Unreadable => Bilingual::fixed(
                "同步服务器的回答无法识别：请在“同步”页核对服务器地址。",
                "The sync server's answer cannot be read: check the server's address on the sync page.",
            ),
            Failure::DeviceStorage => Bilingual::fixed(
                "本设备的存储出错，暂时无法同步；修改仍在本设备上。",
                "This device's storage failed; syncing waits. Your changes are still on this device.",
            ),
        }
    }

    /// The device was signed out (or its account erased): only joining again helps.
    pub fn signed_out(&self) -> bool {
        matches!(
            self,
            Failure::Refused {
                code: SyncErrorCode::DeviceRevoked | SyncErrorCode::TokenInvalid,
                ..
            }
        )
    }
}

/// Where the API is, and this device's token.
#[derive(Clone, Debug)]
pub struct Api {
    /// `https://host` or empty for the app's own origin.
    pub server: String,
    pub token: String,
}

impl Api {
    fn url(&self, path: &str) -> String {
        format!("{}/api/v1/sync{path}", self.server.trim_end_matches('/'))
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
    ) -> Result<T, Failure> {
        let text = self.call_text(method, path, body).await?;
        serde_json::from_str(&text).map_err(|_| Failure::Unreadable)
    }

    async fn call_text(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
    ) -> Result<String, Failure> {
        let init = web_sys::RequestInit::new();
        init.set_method(method);
        let headers = web_sys::Headers::new().map_err(|_| Failure::Unreachable)?;
        if !self.token.is_empty() {
            let _ = headers.set("Authorization", &format!("Bearer {}", self.token));
        }
        if let Some(text) = body {
            let _ = headers.set("Content-Type", "application/json");
            init.set_body(&JsValue::from_str(&text));
        }
        init.set_headers(&headers);
        let request = web_sys::Request::new_with_str_and_init(&self.url(path), &init)
            .map_err(|_| Failure::Unreachable)?;
        let window = web_sys::window().ok_or(Failure::Unreachable)?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|_| Failure::Unreachable)?
            .dyn_into()
            .map_err(|_| Failure::Unreachable)?;
        let text = JsFuture::from(response.text().map_err(|_| Failure::Unreachable)?)
            .await
            .map_err(|_| Failure::Unreachable)?
            .as_string()
            .unwrap_or_default();
        if response.ok() {
            return Ok(text);
        }
        let retry_after = response
            .headers()
            .get("Retry-After")
            .ok()
            .flatten()
            .and_then(|v| v.parse().ok());
        let refusal = serde_json::from_str::<Refusal>(&text).ok();
        match refusal {
            Some(r) => Err(Failure::Refused {
                status: response.status(),
                code: r.error.code,
                message: r.error.message,
                retry_after,
            }),
            // A proxy's own error page: the server was not reached.
            None if response.status() >= 500 => Err(Failure::Unreachable),
            None => Err(Failure::Unreadable),
        }
    }

    pub async fn open_account(&self, request: &NewAccount) -> Result<Joined, Failure> {
        self.call("POST", "/accounts", Some(json_body(request)?))
            .await
    }

    pub async fn join(&self, request: &JoinAccount) -> Result<Joined, Failure> {
        self.call("POST", "/join", Some(json_body(request)?)).await
    }

    pub async fn devices(&self) -> Result<Devices, Failure> {
        self.call("GET", "/devices", None).await
    }

    pub async fn revoke(&self, device_id: &str) -> Result<(), Failure> {
        self.call_text("DELETE", &format!("/devices/{device_id}"), None)
            .await
            .map(|_| ())
    }

    pub async fn revoke_all(&self) -> Result<(), Failure> {
        self.call_text("POST", "/devices/revoke-all", None)
            .await
            .map(|_| ())
    }

    /// A join code for one more device (shown this once; it works once, for minutes).
    pub async fn join_code(&self) -> Result<JoinCode, Failure> {
        self.call("POST", "/devices/join-code", None).await
    }

    /// A new sync key for the account (shown this once); the old one joins no device after.
    pub async fn replace_key(&self) -> Result<NewKey, Failure> {
        self.call("POST", "/account/key", None).await
    }

    pub async fn push(&self, device_id: &str, ops: Vec<PushOp>) -> Result<PushResponse, Failure> {
        let request = PushRequest {
            device_id: device_id.to_string(),
            ops,
        };
        self.call("POST", "/push", Some(json_body(&request)?)).await
    }

    pub async fn pull(&self, cursor: &str, limit: u32) -> Result<PullResponse, Failure> {
        let cursor = js_sys::encode_uri_component(cursor);
        self.call("GET", &format!("/pull?cursor={cursor}&limit={limit}"), None)
            .await
    }

    /// The account's data as the server sends it, to be saved as a file.
    pub async fn export(&self) -> Result<String, Failure> {
        let text = self.call_text("GET", "/account/export", None).await?;
        // Checked, so a page that is not the export is never offered as one.
        serde_json::from_str::<AccountExport>(&text).map_err(|_| Failure::Unreadable)?;
        Ok(text)
    }

    pub async fn delete_account(&self) -> Result<(), Failure> {
        self.call_text("DELETE", "/account", None).await.map(|_| ())
    }
}

#[derive(serde::Deserialize)]
struct Refusal {
    error: RefusalError,
}

#[derive(serde::Deserialize)]
struct RefusalError {
    /// A code this version does not know reads as `Other`, and the message still shows.
    code: SyncErrorCode,
    message: Bilingual,
}

/// A request's body: the same JSON text the server reads, written by serde_json (the one codec
/// of the drafts program).
fn json_body<T: Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(|_| Failure::Unreadable)
}
