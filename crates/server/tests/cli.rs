//! The `pingjia` binary as a user runs it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn pingjia() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pingjia"));
    for var in [
        "PINGJIA_ADDR",
        "PINGJIA_DB",
        "PINGJIA_DIST",
        "PINGJIA_LOG",
        "PINGJIA_ALLOW_ORIGIN",
        "PINGJIA_ACCOUNT_QUOTA_MB",
        "PINGJIA_RATE_PER_IP",
        "PINGJIA_RATE_PER_TOKEN",
        "PINGJIA_DB_POOL",
        "PINGJIA_DB_CA_FILE",
        "PINGJIA_RULEBOOKS",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// The address a started `pingjia serve` prints on its first line.
fn listening_on(child: &mut std::process::Child) -> String {
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    line.trim()
        .strip_prefix("pingjia listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned()
}

/// A built app of one page, in `dir/dist`.
fn app_folder(dir: &std::path::Path) -> std::path::PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>x</title>").unwrap();
    dist
}

#[test]
fn help_names_every_flag_and_its_environment_variable() {
    let out = pingjia().args(["serve", "--help"]).output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for (flag, var) in [
        ("--addr", "PINGJIA_ADDR"),
        ("--db", "PINGJIA_DB"),
        ("--dist", "PINGJIA_DIST"),
        ("--log", "PINGJIA_LOG"),
        ("--allow-origin", "PINGJIA_ALLOW_ORIGIN"),
        ("--account-quota-mb", "PINGJIA_ACCOUNT_QUOTA_MB"),
        ("--rate-per-ip", "PINGJIA_RATE_PER_IP"),
        ("--rate-per-token", "PINGJIA_RATE_PER_TOKEN"),
        ("--db-pool", "PINGJIA_DB_POOL"),
        ("--db-ca-file", "PINGJIA_DB_CA_FILE"),
        ("--rulebooks", "PINGJIA_RULEBOOKS"),
        ("--rulebook-key", "PINGJIA_RULEBOOK_KEY"),
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
        assert!(
            help.contains(&format!("env: {var}")),
            "{var} missing from:\n{help}"
        );
    }
}

#[test]
fn a_missing_app_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = pingjia()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .arg("--dist")
        .arg(dir.path().join("nothing-here"))
        .arg("--db")
        .arg(dir.path().join("db.sqlite3"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no built app at"), "{err}");
    assert!(err.contains("nothing-here"), "{err}");
}

#[test]
fn serve_prints_its_address_answers_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let dist = app_folder(dir.path());
    let db = dir.path().join("data/pingjia.sqlite3");
    let mut child = pingjia()
        .arg("serve")
        .env("PINGJIA_ADDR", "127.0.0.1:0")
        .env("PINGJIA_DIST", &dist)
        .env("PINGJIA_DB", &db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = listening_on(&mut child);

    let health = http_get::blocking_get(&format!("{base}/api/health"));
    assert!(health.contains("\"status\":\"ok\""), "{health}");
    assert!(db.is_file(), "the database file is created on first run");

    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert!(status.success(), "graceful stop exits 0, got {status}");
}

mod http_get {
    /// One GET over a plain TCP socket: this test runs outside any async runtime.
    pub fn blocking_get(url: &str) -> String {
        use std::io::{Read, Write};
        let rest = url.strip_prefix("http://").unwrap();
        let (host, path) = rest.split_once('/').unwrap();
        let mut stream = std::net::TcpStream::connect(host).unwrap();
        write!(
            stream,
            "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }

    /// One POST of a JSON body, the same way.
    pub fn blocking_post(url: &str, body: &str) -> String {
        use std::io::{Read, Write};
        let rest = url.strip_prefix("http://").unwrap();
        let (host, path) = rest.split_once('/').unwrap();
        let mut stream = std::net::TcpStream::connect(host).unwrap();
        write!(
            stream,
            "POST /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }
}

#[test]
fn eval_answers_every_line_and_fails_if_one_failed() {
    use std::io::Write;
    let mut child = pingjia()
        .arg("eval")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"kind\":\"fee\",\"level\":\"one\",\"on\":\"2025-06-01\"}\n{\"kind\":\"fee\"}\n{\"kind\":\"conduct\",\"code\":\"4-4\"}\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[0].contains("\"total\":1368"));
    assert!(lines[1].contains("\"missing_field\""));
    assert!(lines[2].contains("\"4-4\""));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("1 request(s) failed")
    );
}

#[test]
fn a_database_url_of_another_kind_is_refused_not_taken_for_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let dist = app_folder(dir.path());
    let out = pingjia()
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--db",
            "mysql://u:secret@db/pingjia",
        ])
        .arg("--dist")
        .arg(&dist)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("postgres://") && err.contains("sqlite://"),
        "{err}"
    );
    assert!(
        !err.contains("secret"),
        "the URL's password is not repeated: {err}"
    );
    assert!(
        std::fs::read_dir(dir.path()).unwrap().count() == 1,
        "no file was created"
    );

    let out = pingjia()
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--db",
            "postgres://u:secret@127.0.0.1:1/none",
        ])
        .arg("--dist")
        .arg(&dist)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("cannot connect to PostgreSQL"), "{err}");
    assert!(
        !err.contains("secret"),
        "the URL's password is not repeated: {err}"
    );
}

#[test]
fn an_allowed_origin_with_a_path_is_refused_with_the_form_it_takes() {
    let dir = tempfile::tempdir().unwrap();
    let dist = app_folder(dir.path());
    for wrong in [
        "https://app.example.cn/drafts",
        "app.example.cn",
        "https://me@app.example.cn",
    ] {
        let out = pingjia()
            .args(["serve", "--addr", "127.0.0.1:0", "--allow-origin", wrong])
            .arg("--dist")
            .arg(&dist)
            .arg("--db")
            .arg(dir.path().join("pingjia.sqlite3"))
            .output()
            .unwrap();
        assert!(!out.status.success(), "{wrong} was accepted");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("is not an origin") && err.contains("https://"),
            "{err}"
        );
    }
}

#[test]
fn rulebook_check_names_each_problem_s_line_and_diff_says_what_changed() {
    let books = concat!(env!("CARGO_MANIFEST_DIR"), "/../rulebook");
    let shipped = format!("{books}/books/notice-2025.toml");
    let out = pingjia()
        .args(["rulebook", "check", &shipped])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("通过检查"));

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("notice-broken.toml");
    let source = std::fs::read_to_string(&shipped).unwrap().replacen(
        "weekday = \"friday\"",
        "weekday = \"星期五\"",
        1,
    );
    std::fs::write(&broken, &source).unwrap();
    let out = pingjia()
        .arg("rulebook")
        .arg("check")
        .arg(&broken)
        .output()
        .unwrap();
    assert!(!out.status.success(), "a broken book fails");
    let said = String::from_utf8_lossy(&out.stdout);
    let line = source.lines().position(|l| l.contains("星期五")).unwrap() + 1;
    assert!(
        said.contains(&format!("第 {line} 行，service.weekday：")),
        "{said}"
    );

    let test_book = format!("{books}/tests/fixtures/notice-2026-test.toml");
    let out = pingjia()
        .args(["rulebook", "diff", &shipped, &test_book])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("考核费 理论知识：153 元 → 160 元"));
}

fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn rulebook_keygen_publish_and_verify_sign_books_the_app_can_check() {
    let books = concat!(env!("CARGO_MANIFEST_DIR"), "/../rulebook");
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    let (ok, said) = run(pingjia().args(["rulebook", "keygen", "--out"]).arg(&keys));
    assert!(ok, "{said}");
    let secret = std::fs::read_to_string(keys.join("publisher.key")).unwrap();
    assert!(secret.starts_with("pingjia-rulebook-secret-key:"));
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(keys.join("publisher.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the secret key is its owner's alone");
    }
    // A second keygen into the same folder keeps the first key.
    let (ok, said) = run(pingjia().args(["rulebook", "keygen", "--out"]).arg(&keys));
    assert!(!ok && said.contains("已存在"), "{said}");
    assert_eq!(
        std::fs::read_to_string(keys.join("publisher.key")).unwrap(),
        secret
    );

    let published = dir.path().join("rulebooks");
    let (ok, said) = run(pingjia()
        .args(["rulebook", "publish"])
        .arg(format!("{books}/books/notice-2025.toml"))
        .arg(format!("{books}/tests/fixtures/notice-2026-test.toml"))
        .arg(format!("{books}/books/holidays-2026.toml"))
        .arg("--key")
        .arg(keys.join("publisher.key"))
        .arg("--out")
        .arg(&published));
    assert!(ok, "{said}");
    assert!(said.contains("notice-2026.test.json：测试用通知"), "{said}");
    let verify = |folder: &std::path::Path, key: &std::path::Path| {
        run(pingjia()
            .args(["rulebook", "verify"])
            .arg(folder)
            .arg("--public-key")
            .arg(key))
    };
    let (ok, said) = verify(&published, &keys.join("publisher.pub"));
    assert!(ok && said.contains("核验通过"), "{said}");
    assert_eq!(said.matches('✓').count(), 3, "{said}");

    // Another publisher's key does not verify it.
    let other = dir.path().join("other");
    assert!(run(pingjia().args(["rulebook", "keygen", "--out"]).arg(&other)).0);
    let (ok, said) = verify(&published, &other.join("publisher.pub"));
    assert!(!ok && said.contains("签名不是可信发布者的签名"), "{said}");

    // A book changed after signing is refused by name; the others still verify.
    let book = published.join("notice-2026.test.json");
    let text = std::fs::read_to_string(&book).unwrap();
    std::fs::write(&book, text.replacen("\"theory\":160", "\"theory\":1", 1)).unwrap();
    let (ok, said) = verify(&published, &keys.join("publisher.pub"));
    assert!(!ok, "{said}");
    assert!(
        said.contains("notice-2026.test.json 的内容与索引记录的 SHA-256 不符"),
        "{said}"
    );

    // A book that fails its check is not published, and nothing is written.
    let broken = dir.path().join("notice-broken.toml");
    std::fs::write(
        &broken,
        std::fs::read_to_string(format!("{books}/books/notice-2025.toml"))
            .unwrap()
            .replacen("weekday = \"friday\"", "weekday = \"星期五\"", 1),
    )
    .unwrap();
    let empty = dir.path().join("not-published");
    let (ok, said) = run(pingjia()
        .args(["rulebook", "publish"])
        .arg(&broken)
        .arg("--key")
        .arg(keys.join("publisher.key"))
        .arg("--out")
        .arg(&empty));
    assert!(
        !ok && said.contains("service.weekday") && said.contains("未发布"),
        "{said}"
    );
    assert!(!empty.exists(), "nothing written");

    // A public key is not a secret key.
    let (ok, said) = run(pingjia()
        .args(["rulebook", "publish"])
        .arg(format!("{books}/books/notice-2025.toml"))
        .arg("--key")
        .arg(keys.join("publisher.pub"))
        .arg("--out")
        .arg(&empty));
    assert!(!ok && said.contains("密钥文件无法读取"), "{said}");
}

#[test]
fn a_rulebooks_folder_that_holds_no_publication_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let dist = app_folder(dir.path());
    let out = pingjia()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .arg("--dist")
        .arg(&dist)
        .arg("--db")
        .arg(dir.path().join("db.sqlite3"))
        .arg("--rulebooks")
        .arg(dir.path().join("rulebookz"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no published rulebooks at"), "{err}");
    assert!(err.contains("rulebookz"), "{err}");
}

#[test]
fn serve_serves_a_published_folder_at_rulebooks() {
    let dir = tempfile::tempdir().unwrap();
    let dist = app_folder(dir.path());
    let published = dir.path().join("published");
    std::fs::create_dir(&published).unwrap();
    std::fs::write(published.join("index.json"), "{\"format\":1,\"books\":[]}").unwrap();
    let mut child = pingjia()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .arg("--dist")
        .arg(&dist)
        .arg("--db")
        .arg(dir.path().join("db.sqlite3"))
        .arg("--rulebooks")
        .arg(&published)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = listening_on(&mut child);
    let index = http_get::blocking_get(&format!("{base}/rulebooks/index.json"));
    assert!(index.starts_with("HTTP/1.1 200"), "{index}");
    assert!(index.contains("{\"format\":1,\"books\":[]}"), "{index}");
    assert!(
        index
            .to_ascii_lowercase()
            .contains("cache-control: no-cache"),
        "{index}"
    );
    // A file it does not hold is a 404, not the app's page.
    let missing = http_get::blocking_get(&format!("{base}/rulebooks/notice-2030.1.json"));
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn serve_answers_from_a_verified_publication_on_the_days_of_its_notices() {
    let books = concat!(env!("CARGO_MANIFEST_DIR"), "/../rulebook");
    let dir = tempfile::tempdir().unwrap();
    let dist = app_folder(dir.path());
    let keys = dir.path().join("keys");
    assert!(run(pingjia().args(["rulebook", "keygen", "--out"]).arg(&keys)).0);
    let published = dir.path().join("rulebooks");
    let (ok, said) = run(pingjia()
        .args(["rulebook", "publish"])
        .arg(format!("{books}/tests/fixtures/notice-2026-test.toml"))
        .arg("--key")
        .arg(keys.join("publisher.key"))
        .arg("--out")
        .arg(&published));
    assert!(ok, "{said}");
    let serve = |key: &std::path::Path| {
        pingjia()
            .args(["serve", "--addr", "127.0.0.1:0"])
            .arg("--dist")
            .arg(&dist)
            .arg("--db")
            .arg(dir.path().join("db.sqlite3"))
            .arg("--rulebooks")
            .arg(&published)
            .arg("--rulebook-key")
            .arg(key)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut child = serve(&keys.join("publisher.pub"));
    let base = listening_on(&mut child);
    let fee = |on: &str| {
        http_get::blocking_post(
            &format!("{base}/api/v1/eval"),
            &format!(r#"{{"kind":"fee","level":"three","on":"{on}"}}"#),
        )
    };
    // A day of the published test notice: its fee and its version, with no out-of-date label.
    let new = fee("2026-03-01");
    assert!(new.starts_with("HTTP/1.1 200"), "{new}");
    assert!(new.contains(r#""rulebook_version":"2026.test""#), "{new}");
    assert!(new.contains(r#"["theory",160]"#), "{new}");
    assert!(!new.contains("rulebook_out_of_date"), "{new}");
    // A day of the built-in 2025 notice still answers from it.
    let old = fee("2025-06-01");
    assert!(old.contains(r#""rulebook_version":"2025.1""#), "{old}");
    assert!(old.contains(r#"["theory",153]"#), "{old}");
    let _ = child.kill();
    let _ = child.wait();

    // `pingjia eval` answers from the same notices with the same flags.
    let mut eval = pingjia()
        .arg("eval")
        .arg("--rulebooks")
        .arg(&published)
        .arg("--rulebook-key")
        .arg(keys.join("publisher.pub"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = eval.stdin.take().unwrap();
        writeln!(
            stdin,
            r#"{{"kind":"fee","level":"three","on":"2026-03-01"}}"#
        )
        .unwrap();
    }
    let out = eval.wait_with_output().unwrap();
    assert!(out.status.success());
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(line.contains(r#""rulebook_version":"2026.test""#), "{line}");

    // Under another publisher's key the folder is refused, and the server does not start.
    let other = dir.path().join("other");
    assert!(run(pingjia().args(["rulebook", "keygen", "--out"]).arg(&other)).0);
    let refused = serve(&other.join("publisher.pub"))
        .wait_with_output()
        .unwrap();
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("cannot be answered from") && said.contains("签名不是可信发布者的签名"),
        "{said}"
    );
}
