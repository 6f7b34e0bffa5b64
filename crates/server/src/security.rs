//! The headers every response carries: a Content-Security-Policy that allows no inline script
//! except those of index.html (the loader Trunk writes, and the line that fetches the drafts
//! program's wasm early), allowed by their hashes, computed here from the very file served; and
//! the usual hardening headers. A CDN must send the same; the README
//! says how to read the exact values off `pingjia serve`.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The camera stays available to the app itself (scanning a sync QR code); nothing else is.
pub const PERMISSIONS_POLICY: &str =
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
pub const REFERRER_POLICY: &str = "no-referrer";

/// `'sha256-…'` of every inline `<script>` in `html` (those without `src`), as CSP sources.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let attributes = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !attributes.contains("src=") {
            let digest = Sha256::digest(&body.as_bytes()[..close]);
            let encoded = base64::engine::general_purpose::STANDARD.encode(digest);
            hashes.push(format!("'sha256-{encoded}'"));
        }
        rest = &body[close..];
    }
    hashes
}

/// The policy for the app: its own files only; WebAssembly may be compiled; inline script only
/// by hash; no inline style; no framing; the API on the same origin, and the sync server the
/// deploy's `config.json` names, if it is elsewhere.
pub fn content_security_policy(script_hashes: &[String], sync_server: Option<&str>) -> String {
    let mut scripts = vec!["'self'", "'wasm-unsafe-eval'"];
    scripts.extend(script_hashes.iter().map(String::as_str));
    [
        "default-src 'self'".to_string(),
        format!("script-src {}", scripts.join(" ")),
        "style-src 'self'".into(),
        "img-src 'self' data: blob:".into(),
        match sync_server {
            Some(origin) => format!("connect-src 'self' {origin}"),
            None => "connect-src 'self'".into(),
        },
        "manifest-src 'self'".into(),
        "worker-src 'self'".into(),
        "object-src 'none'".into(),
        "base-uri 'none'".into(),
        "form-action 'self'".into(),
        "frame-ancestors 'none'".into(),
    ]
    .join("; ")
}

/// The origin of the sync server `dist/config.json` names (`{"sync_server": "https://…"}`), if
/// it is a well-formed origin; the app may then call it.
fn configured_sync_server(dist: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dist.join("config.json")).ok()?;
    let config: serde_json::Value = serde_json::from_str(&text).ok()?;
    let server = config.get("sync_server")?.as_str()?.trim();
    if server.is_empty() {
        return None;
    }
    crate::serve::parse_origin(server)
        .ok()
        .and_then(|v| v.to_str().ok().map(str::to_string))
}

/// The headers, fixed once at start from `dist/index.html`.
#[derive(Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
}

impl SecurityHeaders {
    /// Reads `dist/index.html` (if there is none, the policy allows no inline script at all).
    pub fn for_dist(dist: &Path) -> SecurityHeaders {
        let html = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
        let policy = content_security_policy(
            &inline_script_hashes(&html),
            configured_sync_server(dist).as_deref(),
        );
        SecurityHeaders {
            csp: HeaderValue::from_str(&policy)
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'")),
        }
    }

    pub async fn apply(self, request: Request, next: Next) -> Response {
        let mut response = next.run(request).await;
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_SECURITY_POLICY, self.csp.clone());
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static(REFERRER_POLICY),
        );
        headers.insert(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS_POLICY),
        );
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed_exactly_as_written() {
        let html = "<script type=module>import init from '/a.js';</script><script src=/offline.js defer></script><script>x</script>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        // `echo -n x | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            hashes[1],
            "'sha256-LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE='"
        );
        let policy = content_security_policy(&hashes, None);
        assert!(policy.contains("connect-src 'self';"));
        let elsewhere = content_security_policy(&hashes, Some("https://api.example.cn"));
        assert!(elsewhere.contains("connect-src 'self' https://api.example.cn;"));
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(!policy.contains("unsafe-inline"));
    }
}
