//! `pingjia serve` over real HTTP on 127.0.0.1: static files, caching, compression, the API.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
use pingjia_server::db::Database;
use pingjia_server::serve;
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE};
use std::path::Path;

const WASM: &str = "pingjia-0123456789abcdef_bg.wasm";
const INDEX: &str = "<!doctype html><html lang=\"zh-CN\"><title>保卫管理员</title><script type=module>import init from '/pingjia-0123456789abcdef.js';</script><script src=/offline.js defer></script></html>";

/// A dist/ folder like Trunk's, with precompressed siblings like cargo xtask writes.
fn fake_dist(dir: &Path) {
    std::fs::write(dir.join("index.html"), INDEX).unwrap();
    std::fs::write(dir.join("index.html.br"), b"brotli bytes of index").unwrap();
    std::fs::write(dir.join(WASM), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join(format!("{WASM}.gz")), b"gzip bytes of wasm").unwrap();
    std::fs::write(dir.join("manifest.webmanifest"), b"{}").unwrap();
    std::fs::write(
        dir.join("sw.js"),
        b"self.addEventListener('fetch', () => {});",
    )
    .unwrap();
}

struct Running {
    base: String,
    _dir: tempfile::TempDir,
}

async fn start() -> Running {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    fake_dist(&dist);
    let db = Database::open(&dir.path().join("db.sqlite3")).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = serve::app(db, &dist);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Running { base, _dir: dir }
}

fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> &str {
    response
        .headers()
        .get(&name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn index_html_is_served_and_always_revalidated() {
    let server = start().await;
    let response = reqwest::get(format!("{}/", server.base)).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(header(&response, CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(header(&response, CACHE_CONTROL), "no-cache");
    assert_eq!(response.text().await.unwrap(), INDEX);
}

#[tokio::test]
async fn hashed_assets_are_immutable_with_their_content_type() {
    let server = start().await;
    let response = reqwest::get(format!("{}/{WASM}", server.base))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, CONTENT_TYPE), "application/wasm");
    assert_eq!(
        header(&response, CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    let manifest = reqwest::get(format!("{}/manifest.webmanifest", server.base))
        .await
        .unwrap();
    assert_eq!(header(&manifest, CONTENT_TYPE), "application/manifest+json");
    assert_eq!(header(&manifest, CACHE_CONTROL), "no-cache");
}

#[tokio::test]
async fn precompressed_files_are_served_when_accepted() {
    let server = start().await;
    let client = reqwest::Client::new();
    let br = client
        .get(format!("{}/", server.base))
        .header(ACCEPT_ENCODING, "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&br, CONTENT_ENCODING), "br");
    assert_eq!(br.text().await.unwrap(), "brotli bytes of index");

    let gz = client
        .get(format!("{}/{WASM}", server.base))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&gz, CONTENT_ENCODING), "gzip");
    assert_eq!(header(&gz, CONTENT_TYPE), "application/wasm");
    assert_eq!(gz.text().await.unwrap(), "gzip bytes of wasm");

    let plain = client
        .get(format!("{}/{WASM}", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(header(&plain, CONTENT_ENCODING), "");
}

#[tokio::test]
async fn app_urls_get_the_app_and_missing_assets_get_404() {
    let server = start().await;
    let page = reqwest::get(format!("{}/fees/retake", server.base))
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.text().await.unwrap(), INDEX);

    let missing = reqwest::get(format!("{}/pingjia-fedcba9876543210.js", server.base))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert!(!header(&missing, CONTENT_TYPE).starts_with("text/html"));

    // No rulebooks published: the index the app asks for at each start is "no content", not
    // an error (a published folder is served by `--rulebooks`, tests/cli.rs).
    let index = reqwest::get(format!("{}/rulebooks/index.json", server.base))
        .await
        .unwrap();
    assert_eq!(index.status(), 204);
    let other = reqwest::get(format!("{}/rulebooks/notice-2026.1.json", server.base))
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
}

#[tokio::test]
async fn health_reports_the_version_and_the_database() {
    let server = start().await;
    let response = reqwest::get(format!("{}/api/health", server.base))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["database"]["status"], "ok");
    assert_eq!(body["database"]["schema_version"], 3);
    assert_eq!(body["database"]["backend"], "sqlite");
}

#[tokio::test]
async fn unknown_api_paths_get_a_bilingual_json_error() {
    let server = start().await;
    let response = reqwest::get(format!("{}/api/no-such-thing", server.base))
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unknown_endpoint");
    assert!(
        body["error"]["message"]["zh-CN"]
            .as_str()
            .unwrap()
            .contains("接口")
    );
    assert!(
        body["error"]["message"]["en"]
            .as_str()
            .unwrap()
            .contains("endpoint")
    );
}

#[tokio::test]
async fn rules_questions_are_answered_over_http() {
    let server = start().await;
    let client = reqwest::Client::new();
    let ok = client
        .post(format!("{}/api/v1/eval", server.base))
        .body(r#"{"kind":"fee","level":"three","retake":["skills"],"on":"2025-06-01"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let body: serde_json::Value = ok.json().await.unwrap();
    assert_eq!(body["answer"]["fee"]["total"], 883);

    let bad = client
        .post(format!("{}/api/v1/eval", server.base))
        .body(r#"{"kind":"fee","level":"four"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let body: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unknown_value");

    let wrong_method = reqwest::get(format!("{}/api/v1/eval", server.base))
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), 405);
    let body: serde_json::Value = wrong_method.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
}

/// Every refusal has one shape — `ok: false`, a code, a message in both languages, the rulebook
/// version — and the status of its kind.
#[tokio::test]
async fn every_refusal_has_one_shape_and_the_status_that_fits() {
    let server = start().await;
    let client = reqwest::Client::new();
    let eval = |body: String| {
        client
            .post(format!("{}/api/v1/eval", server.base))
            .body(body)
            .send()
    };
    let too_large = "x".repeat(pingjia_server::refusal::BODY_LIMIT + 1);
    let cases = [
        (eval("not json".into()).await.unwrap(), 400, "invalid_json"),
        (
            eval(r#"{"kind":"eligibility","on":"2025-06-01","candidate":{"id_number":"11010519491231003X"}}"#.into())
                .await
                .unwrap(),
            422,
            "id_number_check_digit",
        ),
        (eval(too_large).await.unwrap(), 413, "body_too_large"),
        (
            reqwest::get(format!("{}/api/nothing-here", server.base))
                .await
                .unwrap(),
            404,
            "unknown_endpoint",
        ),
        (
            client
                .delete(format!("{}/api/health", server.base))
                .send()
                .await
                .unwrap(),
            405,
            "method_not_allowed",
        ),
    ];
    for (response, status, code) in cases {
        assert_eq!(response.status(), status, "{code}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["ok"], false, "{code}: {body}");
        assert_eq!(body["error"]["code"], code, "{body}");
        assert_eq!(body["rulebook_version"], "2025.1", "{body}");
        for lang in ["zh-CN", "en"] {
            assert!(
                body["error"]["message"][lang]
                    .as_str()
                    .is_some_and(|m| !m.is_empty()),
                "{body}"
            );
        }
        let mut keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["error", "ok", "rulebook_version"], "{body}");
    }
}

#[tokio::test]
async fn a_broken_database_makes_health_503_without_exposing_its_details() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    fake_dist(&dist);
    let db_path = dir.path().join("secret-name.sqlite3");
    let db = Database::open(&db_path).unwrap();
    // Damage it from outside, as a bad migration or a hand edit would.
    rusqlite::Connection::open(&db_path)
        .unwrap()
        .execute_batch("DROP TABLE server_info;")
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = serve::app(db, &dist);
    tokio::spawn(async move { axum::serve(listener, app).await });

    let response = reqwest::get(format!("{base}/api/health")).await.unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "5");
    let body = response.text().await.unwrap();
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    // A refusal like any other, in the one shape, with when to ask again.
    assert_eq!(json["ok"], false);
    assert_eq!(json["error"]["code"], "storage_unavailable");
    assert!(!body.contains("secret-name"), "{body}");
    assert!(!body.contains("server_info"), "{body}");
}

#[tokio::test]
async fn large_groups_are_capped_and_each_group_at_the_cap_is_costed_in_full() {
    let server = start().await;
    let client = reqwest::Client::new();
    let group = |n: usize| {
        let members = vec![serde_json::json!({"level": "two"}); n];
        serde_json::json!({"kind": "group_fees", "on": "2025-06-01", "members": members})
            .to_string()
    };
    let over = client
        .post(format!("{}/api/v1/eval", server.base))
        .body(group(10_001))
        .send()
        .await
        .unwrap();
    assert_eq!(over.status(), 413);
    let body: serde_json::Value = over.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_members");

    // Four groups at the cap at once, each costed in full, with health answering meanwhile.
    // (That the rules run off the async workers is a property of `http_eval`, not timed here.)
    let costed: Vec<_> = (0..4)
        .map(|_| {
            let request = client
                .post(format!("{}/api/v1/eval", server.base))
                .body(group(10_000));
            tokio::spawn(async move {
                request
                    .send()
                    .await
                    .unwrap()
                    .json::<serde_json::Value>()
                    .await
                    .unwrap()
            })
        })
        .collect();
    let health = client
        .get(format!("{}/api/health", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    for task in costed {
        let body = task.await.unwrap();
        assert_eq!(body["answer"]["total"], 13_680_000, "{}", body["error"]);
    }
}

/// Every kind of response — the page, an app path, hashed and fixed files, the worker, the API,
/// a 404 — carries the same security headers, and the policy allows the page's inline loader
/// by its hash and no other inline script.
#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let server = start().await;
    let client = reqwest::Client::new();
    let expected_hash = pingjia_server::security::inline_script_hashes(INDEX);
    assert_eq!(expected_hash.len(), 1, "one inline script in the page");
    for path in [
        "/",
        "/eligibility/birth",
        &format!("/{WASM}"),
        "/manifest.webmanifest",
        "/sw.js",
        "/missing.js",
        "/api/health",
        "/api/nothing",
    ] {
        let response = client
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        let csp = header(&response, reqwest::header::CONTENT_SECURITY_POLICY).to_string();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains(&expected_hash[0]), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(
            header(&response, reqwest::header::X_CONTENT_TYPE_OPTIONS),
            "nosniff",
            "{path}"
        );
        assert_eq!(
            header(&response, reqwest::header::REFERRER_POLICY),
            "no-referrer",
            "{path}"
        );
        assert!(
            response
                .headers()
                .get("permissions-policy")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("geolocation=()")),
            "{path}"
        );
    }
    // The worker is always revalidated and needs no wider scope than the root it is served from.
    let worker = client
        .get(format!("{}/sw.js", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(header(&worker, CACHE_CONTROL), "no-cache");
    assert!(worker.headers().get("service-worker-allowed").is_none());
}
