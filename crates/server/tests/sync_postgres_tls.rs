//! PostgreSQL over TLS: with `sslmode=require` in the URL, the server's certificate is checked
//! against the public roots and the CA file given (`--db-ca-file`); without that CA the
//! connection is refused. The test turns TLS on in the throw-away cluster `cargo xtask test`
//! starts (never in a server of someone else's: it needs `PINGJIA_TEST_POSTGRES_THROWAWAY`), and
//! off again; alone in its test binary, as it changes the server the others use.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
mod common;

use common::Backend;
use pingjia_server::sync::postgres::PgStore;
use pingjia_server::sync::store::SyncStore;
use std::path::Path;

const THROWAWAY: &str = "PINGJIA_TEST_POSTGRES_THROWAWAY";

fn admin() -> postgres::Client {
    let url = std::env::var(common::POSTGRES_ENV).expect("a PostgreSQL server");
    postgres::Client::connect(&url, postgres::NoTls).expect("the PostgreSQL server answers")
}

/// Turns TLS off again however the test ends.
struct TlsOff;

impl Drop for TlsOff {
    fn drop(&mut self) {
        let mut client = admin();
        // One statement at a time: ALTER SYSTEM refuses to run in a transaction block.
        for statement in [
            "ALTER SYSTEM RESET ssl",
            "ALTER SYSTEM RESET ssl_cert_file",
            "ALTER SYSTEM RESET ssl_key_file",
            "SELECT pg_reload_conf()",
        ] {
            let _ = client.batch_execute(statement);
        }
    }
}

/// Gives `path` to the `postgres` user (the server reads it as that user when this runs as root).
fn give_to_postgres(path: &Path) {
    let id = |flag: &str| -> Option<u32> {
        let out = std::process::Command::new("id")
            .args([flag, "postgres"])
            .output()
            .ok()?;
        String::from_utf8(out.stdout).ok()?.trim().parse().ok()
    };
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    if let (true, Some(uid), Some(gid)) = (root, id("-u"), id("-g")) {
        std::os::unix::fs::chown(path, Some(uid), Some(gid)).expect("chown");
    }
}

/// Blocking throughout: the PostgreSQL client used here must not run inside an async runtime.
#[test]
fn tls_is_used_when_the_url_requires_it_and_the_servers_certificate_is_checked() {
    if !Backend::postgres_available() {
        return;
    }
    if std::env::var(THROWAWAY).is_err() {
        assert!(
            std::env::var("CI").is_err(),
            "{THROWAWAY} is not set (cargo xtask test sets it)"
        );
        eprintln!("SKIPPED: {THROWAWAY} is not set; this test reconfigures the PostgreSQL server");
        return;
    }
    // A CA, and a certificate for 127.0.0.1 it signed.
    let ca_key = rcgen::KeyPair::generate().expect("a key");
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).expect("a CA");
    let server_key = rcgen::KeyPair::generate().expect("a key");
    let server_params =
        rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).expect("params");
    let server_cert = server_params
        .signed_by(&server_key, &ca)
        .expect("a certificate");

    let dir = tempfile::tempdir().expect("a temp dir");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let (ca_file, cert_file, key_file) = (
        dir.path().join("ca.pem"),
        dir.path().join("server.crt"),
        dir.path().join("server.key"),
    );
    std::fs::write(&ca_file, ca.pem()).expect("ca");
    std::fs::write(&cert_file, server_cert.pem()).expect("cert");
    std::fs::write(&key_file, server_key.serialize_pem()).expect("key");
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    give_to_postgres(&cert_file);
    give_to_postgres(&key_file);

    let (cert, key) = (
        cert_file.display().to_string(),
        key_file.display().to_string(),
    );
    let _off = TlsOff;
    let mut client = admin();
    for statement in [
        format!("ALTER SYSTEM SET ssl_cert_file = '{cert}'"),
        format!("ALTER SYSTEM SET ssl_key_file = '{key}'"),
        "ALTER SYSTEM SET ssl = on".to_string(),
        "SELECT pg_reload_conf()".to_string(),
    ] {
        client.batch_execute(&statement).expect("TLS turned on");
    }
    // The reload is asynchronous: wait until a new connection sees it.
    let on = (0..50).any(|_| {
        let on: String = admin().query_one("SHOW ssl", &[]).expect("ssl").get(0);
        on == "on" || {
            std::thread::sleep(std::time::Duration::from_millis(100));
            false
        }
    });
    assert!(on, "TLS did not come on");

    let name = format!("pingjia_test_tls_{}", std::process::id());
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .expect("dropped");
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("a database");
    let admin_url = std::env::var(common::POSTGRES_ENV).expect("a server");
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url.as_str(), |(base, _)| base);
    let url = format!("{base}/{name}?sslmode=require");

    let store = PgStore::connect(&url, 2, Some(&ca_file)).expect("connects over TLS with the CA");
    assert_eq!(store.status().expect("status").backend, "postgres");
    // The connection really is encrypted: the server says so of this session.
    assert!(store.session_uses_tls().expect("asked"));
    let refused = PgStore::connect(&url, 2, None)
        .err()
        .map(|e| format!("{e:#}"))
        .expect("refused without the CA");
    assert!(
        refused.contains("cannot connect to PostgreSQL"),
        "{refused}"
    );
}
