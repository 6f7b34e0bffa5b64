//! The book reader on a publication as `pingjia rulebook publish` writes it: accepted whole, the
//! new notice kept in the form the app reads back and what it changes said; refused with its
//! reason when a byte, the key, the signature or a value is wrong.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

use pingjia_books::{accept, files, open};
use pingjia_rulebook::check;
use pingjia_rulebook::signed::{Book, INDEX_FILE, Publication, SIGNATURE_FILE, SecretKey, publish};
use pingjia_rules::rulebook::kept;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../rulebook/{path}", env!("CARGO_MANIFEST_DIR")))
        .expect(path)
}

fn notice(path: &str) -> Book {
    Book::Notice(Box::new(check::notice(&read(path)).expect("passes")))
}

fn publisher() -> SecretKey {
    SecretKey::from_seed([7; 32])
}

fn file(publication: &Publication, name: &str) -> Vec<u8> {
    publication
        .files
        .iter()
        .find(|(f, _)| f == name)
        .map(|(_, b)| b.clone())
        .expect(name)
}

/// The reader's two steps, as the app runs them, with the bytes served.
fn read_publication(
    served: impl Fn(&str) -> Vec<u8>,
    trusted: &SecretKey,
) -> Result<pingjia_books::Accepted, String> {
    let index = String::from_utf8(served(INDEX_FILE)).unwrap();
    let signature = String::from_utf8(served(SIGNATURE_FILE)).unwrap();
    let opened = open(&index, &signature, &[trusted.public()]).map_err(|t| t.zh)?;
    let bytes: Vec<Vec<u8>> = files(&opened).iter().map(|f| served(f)).collect();
    accept(&opened, &bytes).map_err(|t| t.zh)
}

fn test_publication() -> Publication {
    publish(
        &[
            notice("books/notice-2025.toml"),
            notice("tests/fixtures/notice-2026-test.toml"),
        ],
        &publisher(),
    )
    .expect("publishes")
}

#[test]
fn a_new_notice_is_kept_as_the_app_reads_it_with_what_it_changes() {
    let publication = test_publication();
    let accepted = read_publication(|f| file(&publication, f), &publisher()).expect("accepted");
    // The built-in 2025 notice is not kept again; the 2026 test notice is.
    let books = kept::read_all(&accepted.books);
    assert_eq!(
        books.iter().map(|b| b.version).collect::<Vec<_>>(),
        ["2026.test"]
    );
    assert_eq!(books[0].fees[0].value.theory, 160);
    let changes = accepted.changes.expect("what changed");
    assert_eq!(changes.version, "2026.test");
    assert_eq!(
        changes.since.as_deref(),
        Some("沪企保协〔2025〕17号（2025.1）")
    );
    assert!(
        changes.lines.iter().any(|(zh, _)| zh.contains("160")),
        "the fee change is said: {:?}",
        changes.lines
    );
}

#[test]
fn a_publication_of_the_new_notice_alone_is_compared_with_the_built_in_one() {
    let publication = publish(
        &[notice("tests/fixtures/notice-2026-test.toml")],
        &publisher(),
    )
    .expect("publishes");
    let accepted = read_publication(|f| file(&publication, f), &publisher()).expect("accepted");
    let changes = accepted.changes.expect("what changed");
    assert_eq!(
        changes.since.as_deref(),
        Some("沪企保协〔2025〕17号（2025.1）")
    );
    assert!(!changes.lines.is_empty());
}

#[test]
fn a_wrong_byte_key_signature_or_value_is_refused_with_its_reason() {
    let publication = test_publication();
    let served = |f: &str| file(&publication, f);

    let tampered = |f: &str| {
        let mut bytes = served(f);
        if f == "notice-2026.test.json" {
            let text = String::from_utf8(bytes).unwrap().replace("160", "16");
            bytes = text.into_bytes();
        }
        bytes
    };
    let why = read_publication(tampered, &publisher()).unwrap_err();
    assert!(why.contains("SHA-256"), "{why}");

    let why = read_publication(served, &SecretKey::from_seed([8; 32])).unwrap_err();
    assert!(why.contains("签名"), "another publisher: {why}");

    let unsigned = |f: &str| {
        if f == SIGNATURE_FILE {
            Vec::new()
        } else {
            served(f)
        }
    };
    let why = read_publication(unsigned, &publisher()).unwrap_err();
    assert!(why.contains("签名"), "no signature: {why}");

    // A book the publisher signed but the checks refuse: the 2026 fees' end before their start.
    let key = publisher();
    let invalid = {
        let mut p = test_publication();
        let name = "notice-2026.test.json";
        let text = String::from_utf8(file(&p, name)).unwrap();
        let broken = text.replacen("\"until\":\"2026-12-31\"", "\"until\":\"2026-01-01\"", 1);
        assert_ne!(text, broken, "the fixture's fees have an end to move");
        let digest = sha256_hex(broken.as_bytes());
        let index_text = String::from_utf8(file(&p, INDEX_FILE)).unwrap();
        let old_digest = sha256_hex(text.as_bytes());
        let index_text = index_text.replace(&old_digest, &digest);
        let signature = format!("{}\n", key.sign(index_text.as_bytes()));
        for (f, b) in &mut p.files {
            match f.as_str() {
                INDEX_FILE => *b = index_text.clone().into_bytes(),
                SIGNATURE_FILE => *b = signature.clone().into_bytes(),
                n if n == name => *b = broken.clone().into_bytes(),
                _ => {}
            }
        }
        p
    };
    let why = read_publication(|f| file(&invalid, f), &key).unwrap_err();
    assert!(why.contains("未通过检查"), "{why}");
}

#[test]
fn the_program_trusts_no_key_unless_one_is_listed_or_a_test_build_adds_one() {
    // crates/rulebook/keys/ holds none; a test build adds the test publisher's through
    // PINGJIA_RULEBOOK_TRUST.
    let listed = std::fs::read_dir(format!("{}/../rulebook/keys", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "pub")
        })
        .count();
    assert_eq!(listed, 0, "only a deployment adds its publisher's key");
    let from_env = option_env!("PINGJIA_RULEBOOK_TRUST").is_some_and(|v| !v.is_empty());
    assert_eq!(pingjia_books::trusted().is_empty(), !from_env);
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_page_script_compares_the_index_the_reader_keeps() {
    // public/offline.js decides whether to load this program by the index kept under this key.
    let script = include_str!("../../../public/offline.js");
    assert!(
        script.contains(&format!("'{}'", kept::storage::INDEX)),
        "offline.js reads {}",
        kept::storage::INDEX
    );
}

#[test]
fn only_plain_names_are_asked_for_before_the_signature_is_checked() {
    let publication = test_publication();
    let index = String::from_utf8(file(&publication, INDEX_FILE)).unwrap();
    assert_eq!(
        pingjia_books::named_before_checking(&index),
        ["notice-2025.1.json", "notice-2026.test.json"]
    );
    let hostile = index.replace("notice-2026.test.json", "../api/v1/sync");
    assert_eq!(
        pingjia_books::named_before_checking(&hostile),
        ["notice-2025.1.json"]
    );
    assert!(pingjia_books::named_before_checking("not an index").is_empty());
}

#[test]
fn a_published_year_of_holidays_is_kept_and_a_built_in_one_is_not() {
    let holidays = |path: &str| Book::Holidays(check::holidays(&read(path)).expect("passes"));
    let publication = publish(
        &[
            notice("books/notice-2025.toml"),
            holidays("books/holidays-2026.toml"),
            holidays("tests/fixtures/holidays-2027-test.toml"),
        ],
        &publisher(),
    )
    .expect("publishes");
    let accepted = read_publication(|f| file(&publication, f), &publisher()).expect("accepted");
    let years: Vec<i32> = kept::read_all_holidays(&accepted.holidays)
        .iter()
        .map(|y| y.year)
        .collect();
    assert_eq!(years, [2027]);
    assert!(accepted.books.is_empty(), "no notice the app lacks");
}
