//! A sync server on 127.0.0.1 and a small client for the sync API, shared by the sync tests.
#![allow(dead_code)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

pub mod process;

use pingjia_server::connections::ConnectionLimits;
use pingjia_server::db::Database;
use pingjia_server::serve::{self, Options};
use pingjia_server::sync::SyncConfig;
use pingjia_server::sync::postgres::PgStore;
use reqwest::StatusCode;
use serde_json::{Value, json};

pub struct Server {
    pub base: String,
    pub dir: tempfile::TempDir,
    pub backend: Backend,
    /// The test's own PostgreSQL database, on that backend.
    pub postgres_url: Option<String>,
}

/// Where a test server keeps its data. Every sync test runs on both (`on_both_backends!`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests may create databases on, e.g.
/// `postgres://postgres@127.0.0.1:55432/postgres` (`cargo xtask test` starts a throw-away one).
pub const POSTGRES_ENV: &str = "PINGJIA_TEST_POSTGRES";
/// Set by `cargo xtask test`: a PostgreSQL suite that cannot run fails rather than skips, on any
/// machine, not only under CI.
pub const POSTGRES_REQUIRED_ENV: &str = "PINGJIA_TEST_POSTGRES_REQUIRED";

impl Backend {
    /// Whether the PostgreSQL tests can run. Under CI they must: a missing server fails them.
    pub fn postgres_available() -> bool {
        if std::env::var(POSTGRES_ENV).is_ok_and(|v| !v.is_empty()) {
            return true;
        }
        assert!(
            std::env::var("CI").is_err() && std::env::var(POSTGRES_REQUIRED_ENV).is_err(),
            "{POSTGRES_ENV} is not set: the sync tests must also run on PostgreSQL (cargo xtask test starts one)"
        );
        eprintln!("SKIPPED on PostgreSQL: {POSTGRES_ENV} is not set (cargo xtask test sets it)");
        false
    }
}

/// A database of the test's own on the PostgreSQL server, and its URL.
pub async fn fresh_postgres_database() -> String {
    let admin = std::env::var(POSTGRES_ENV).expect("a PostgreSQL server");
    let name = format!("pingjia_test_{:016x}", rand_u64());
    let create = format!("CREATE DATABASE {name}");
    let admin_url = admin.clone();
    tokio::task::spawn_blocking(move || {
        let mut client = postgres::Client::connect(&admin_url, postgres::NoTls)
            .expect("the PostgreSQL server answers");
        client.batch_execute(&create).expect("a test database");
    })
    .await
    .expect("created");
    let base = admin
        .rsplit_once('/')
        .map_or(admin.as_str(), |(base, _)| base);
    format!("{base}/{name}")
}

fn rand_u64() -> u64 {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("random");
    u64::from_le_bytes(bytes)
}

/// Runs each named `async fn name(backend: Backend)` as two tests, `name::sqlite` and
/// `name::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::common::Backend::Sqlite).await
            }
            #[tokio::test]
            async fn postgres() {
                if $crate::common::Backend::postgres_available() {
                    super::$name($crate::common::Backend::Postgres).await
                }
            }
        }
    )+};
}

/// Limits high enough that only a test about limits meets them.
pub fn roomy() -> Options {
    Options {
        sync: SyncConfig {
            account_quota_bytes: 100 * 1024 * 1024,
            requests_per_minute_per_ip: 0,
            requests_per_minute_per_token: 0,
            accounts_per_hour_per_ip: 0,
            failed_sign_ins_per_minute_per_ip: 0,
        },
        allow_origins: Vec::new(),
        rulebooks: None,
        library: Default::default(),
        connections: ConnectionLimits::default(),
    }
}

/// A server on `backend`, with a database of its own.
pub async fn start(backend: Backend, options: Options) -> Server {
    let limits = options.connections;
    let dir = tempfile::tempdir().expect("a temp dir");
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).expect("dist");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>pingjia</title>",
    )
    .expect("index");
    let mut postgres_url = None;
    let app = match backend {
        Backend::Sqlite => {
            let db = Database::open(&dir.path().join("sync.sqlite3")).expect("a database");
            serve::app_with(db, &dist, options)
        }
        Backend::Postgres => {
            let url = fresh_postgres_database().await;
            postgres_url = Some(url.clone());
            let store = tokio::task::spawn_blocking(move || PgStore::connect(&url, 8, None))
                .await
                .expect("connects")
                .expect("a PostgreSQL store");
            serve::app_on(store, &dist, options)
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    // The server's own accept loop, with its caps and deadlines, as `pingjia serve` runs it.
    tokio::spawn(pingjia_server::connections::serve(
        listener,
        app,
        limits,
        std::future::pending(),
    ));
    Server {
        base,
        dir,
        backend,
        postgres_url,
    }
}

/// One device of an account, as the app keeps it.
#[derive(Clone, Debug)]
pub struct Device {
    pub account_id: String,
    pub device_id: String,
    pub token: String,
    pub sync_key: Option<String>,
}

pub struct Answer {
    pub status: StatusCode,
    pub retry_after: Option<String>,
    pub body: Value,
}

pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
}

impl Client {
    pub fn new(base: &str) -> Client {
        Client {
            base: base.to_string(),
            // A client must not keep an idle connection longer than the server does (its
            // header deadline, 10 s): one closed by the server just as the client reuses it
            // fails the request with no answer, the race every keep-alive client avoids so.
            // Browsers retry such a request themselves.
            http: reqwest::Client::builder()
                .pool_idle_timeout(std::time::Duration::from_secs(5))
                .build()
                .unwrap_or_else(|_| reqwest::Client::new()),
        }
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<String>,
    ) -> Answer {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let text = response.text().await.expect("a body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
        };
        Answer {
            status,
            retry_after,
            body,
        }
    }

    pub async fn open_account(&self, name: &str) -> Device {
        let body =
            json!({ "name": name, "contact": "王老师 13800000000", "device_name": "办公室电脑" });
        let answer = self
            .send(
                reqwest::Method::POST,
                "/api/v1/sync/accounts",
                None,
                Some(body.to_string()),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        device(&answer.body)
    }

    pub async fn join(&self, key: &str, device_name: &str) -> Answer {
        let body = json!({ "sync_key": key, "device_name": device_name });
        self.send(
            reqwest::Method::POST,
            "/api/v1/sync/join",
            None,
            Some(body.to_string()),
        )
        .await
    }

    pub async fn push(&self, device: &Device, ops: &[Value]) -> Answer {
        let body = json!({ "device_id": device.device_id, "ops": ops });
        self.send(
            reqwest::Method::POST,
            "/api/v1/sync/push",
            Some(&device.token),
            Some(body.to_string()),
        )
        .await
    }

    /// The account's devices, as `device` sees them (`GET /devices`).
    pub async fn devices(&self, device: &Device) -> Answer {
        self.send(
            reqwest::Method::GET,
            "/api/v1/sync/devices",
            Some(&device.token),
            None,
        )
        .await
    }

    pub async fn pull(&self, device: &Device, cursor: &str, limit: usize) -> Answer {
        let path = format!("/api/v1/sync/pull?cursor={cursor}&limit={limit}");
        self.send(reqwest::Method::GET, &path, Some(&device.token), None)
            .await
    }

    /// Every record, following the cursor page by page; the pages' sizes too.
    pub async fn pull_all(&self, device: &Device, limit: usize) -> (Vec<Value>, Vec<usize>) {
        let mut cursor = String::new();
        let mut records = Vec::new();
        let mut pages = Vec::new();
        loop {
            let answer = self.pull(device, &cursor, limit).await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
            let page = answer.body["records"].as_array().expect("records").clone();
            pages.push(page.len());
            records.extend(page);
            cursor = answer.body["cursor"]
                .as_str()
                .expect("a cursor")
                .to_string();
            if answer.body["more"] != json!(true) {
                return (records, pages);
            }
        }
    }
}

pub fn device(body: &Value) -> Device {
    let text = |name: &str| {
        body[name]
            .as_str()
            .unwrap_or_else(|| panic!("{name} in {body}"))
            .to_string()
    };
    Device {
        account_id: text("account_id"),
        device_id: text("device_id"),
        token: text("device_token"),
        sync_key: body["sync_key"].as_str().map(str::to_string),
    }
}

/// A record id from a number, as the app's random ids look.
pub fn id(n: u64) -> String {
    format!("{:032x}", (n as u128) << 64 | 0x5eed)
}

pub fn draft(n: u64, revision: u64, institution: &str) -> Value {
    json!({
        "type": "draft", "id": id(n), "revision": revision, "life": "active", "changed_at": 1.75e12,
        "institution": institution, "contact": "王老师", "session": "2025-09",
        "application_date": "2025-06-01", "notes": "",
    })
}

pub fn candidate(n: u64, draft: u64, revision: u64, name: &str, id_number: &str) -> Value {
    json!({
        "type": "candidate", "id": id(n), "draft_id": id(draft), "revision": revision,
        "life": "active", "changed_at": 1.75e12, "position": n,
        "entry": {
            "name": name, "level": "three", "retake": [],
            "candidate": {
                "birth_date": "", "id_number": id_number,
                "schooling": [{ "school": "college", "status": "graduated", "related_specialty": true, "assessed": null }],
                "work": [{ "from": "2015-07-01", "until": "", "ongoing": true }],
                "certificates": [], "titles": [],
            },
        },
    })
}

pub fn op(op_id: u64, base_revision: u64, record: Value) -> Value {
    json!({ "op_id": op_id, "base_revision": base_revision, "record": record })
}
