//! Published books as a reader meets them: what `publish` writes opens back as the very books
//! written; a changed byte, another key, no signature, an index naming files outside its folder
//! or a book that is not what the index says are each refused with their reason.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

use pingjia_rulebook::check;
use pingjia_rulebook::signed::{
    Book, INDEX_FILE, Index, PublicKey, Publication, Refused, SIGNATURE_FILE, SecretKey,
    open_index, publish,
};

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect(path)
}

fn books() -> Vec<Book> {
    vec![
        Book::Notice(Box::new(
            check::notice(&read("books/notice-2025.toml")).expect("passes"),
        )),
        Book::Notice(Box::new(
            check::notice(&read("tests/fixtures/notice-2026-test.toml")).expect("passes"),
        )),
        Book::Holidays(check::holidays(&read("books/holidays-2025.toml")).expect("passes")),
        Book::Holidays(check::holidays(&read("books/holidays-2026.toml")).expect("passes")),
    ]
}

fn publisher() -> SecretKey {
    SecretKey::from_seed([42; 32])
}

fn file<'p>(publication: &'p Publication, name: &str) -> &'p [u8] {
    publication
        .files
        .iter()
        .find(|(f, _)| f == name)
        .map(|(_, b)| b.as_slice())
        .expect(name)
}

fn signature(publication: &Publication) -> String {
    String::from_utf8(file(publication, SIGNATURE_FILE).to_vec()).expect("text")
}

/// Every book of the publication, opened as a reader opens them.
fn open_all(publication: &Publication, trusted: &[PublicKey]) -> Result<Vec<Book>, Refused> {
    let index = open_index(
        file(publication, INDEX_FILE),
        &signature(publication),
        trusted,
    )?;
    index
        .books
        .iter()
        .map(|entry| entry.open(file(publication, entry.file())))
        .collect()
}

#[test]
fn what_is_published_opens_back_as_the_books_written() {
    let written = books();
    let publication = publish(&written, &publisher()).expect("published");
    let names: Vec<&str> = publication.files.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        names,
        [
            "notice-2025.1.json",
            "notice-2026.test.json",
            "holidays-2025.json",
            "holidays-2026.json",
            INDEX_FILE,
            SIGNATURE_FILE
        ]
    );
    assert_eq!(
        open_all(&publication, &[publisher().public()]).expect("opens"),
        written
    );
    // Another trusted key beside the publisher's changes nothing.
    let other = SecretKey::from_seed([9; 32]).public();
    assert!(open_all(&publication, &[other, publisher().public()]).is_ok());
}

#[test]
fn an_index_signed_with_another_key_or_not_signed_is_refused() {
    let publication = publish(&books(), &SecretKey::from_seed([9; 32])).expect("published");
    assert_eq!(
        open_all(&publication, &[publisher().public()]),
        Err(Refused::BadSignature)
    );
    let index = file(&publication, INDEX_FILE);
    for signature in ["", "not hex", &"0".repeat(128)] {
        assert_eq!(
            open_index(index, signature, &[publisher().public()]),
            Err(Refused::BadSignature),
            "{signature:?}"
        );
    }
    assert_eq!(
        open_index(index, &signature(&publication), &[]),
        Err(Refused::NoTrustedKey)
    );
}

#[test]
fn a_changed_index_is_refused() {
    let publication = publish(&books(), &publisher()).expect("published");
    let changed = String::from_utf8(file(&publication, INDEX_FILE).to_vec())
        .expect("text")
        .replacen("2025-05-16", "2025-05-17", 1);
    assert_eq!(
        open_index(
            changed.as_bytes(),
            &signature(&publication),
            &[publisher().public()]
        ),
        Err(Refused::BadSignature)
    );
}

#[test]
fn a_changed_book_is_refused_and_the_others_still_open() {
    let mut publication = publish(&books(), &publisher()).expect("published");
    let (_, bytes) = publication
        .files
        .iter_mut()
        .find(|(f, _)| f == "notice-2026.test.json")
        .expect("the test notice");
    let text = String::from_utf8(bytes.clone()).expect("text");
    *bytes = text
        .replacen("\"theory\":160", "\"theory\":16", 1)
        .into_bytes();
    let index = open_index(
        file(&publication, INDEX_FILE),
        &signature(&publication),
        &[publisher().public()],
    )
    .expect("the index is untouched");
    let opened: Vec<_> = index
        .books
        .iter()
        .map(|e| e.open(file(&publication, e.file())))
        .collect();
    assert_eq!(
        opened[1],
        Err(Refused::WrongHash {
            file: "notice-2026.test.json".into()
        })
    );
    assert!(opened[0].is_ok() && opened[2].is_ok() && opened[3].is_ok());
}

/// An index signed by the publisher over entries it wrote by hand (what a mistaken or
/// hand-made publication would hold).
fn signed_by_hand(index: &Index) -> (Vec<u8>, String) {
    let bytes = serde_json::to_vec(index).expect("json");
    let signature = publisher().sign(&bytes);
    (bytes, signature)
}

#[test]
fn a_signed_book_that_fails_its_check_or_is_not_what_the_index_says_is_refused() {
    let publication = publish(&books(), &publisher()).expect("published");
    let mut index = open_index(
        file(&publication, INDEX_FILE),
        &signature(&publication),
        &[publisher().public()],
    )
    .expect("opens");

    // A book whose sessions are out of order, hashed and signed: its check refuses it.
    let mut broken = check::notice(&read("tests/fixtures/notice-2026-test.toml")).expect("passes");
    broken.sessions.reverse();
    let bytes = serde_json::to_vec(&broken).expect("json");
    let sha = sha256_hex(&bytes);
    if let pingjia_rulebook::signed::Entry::Notice { sha256, .. } = &mut index.books[1] {
        *sha256 = sha;
    }
    let (index_bytes, sig) = signed_by_hand(&index);
    let reopened = open_index(&index_bytes, &sig, &[publisher().public()]).expect("signed");
    match reopened.books[1].open(&bytes) {
        Err(Refused::Problems { file, problems }) => {
            assert_eq!(file, "notice-2026.test.json");
            assert!(
                problems.iter().any(|p| p.field.starts_with("sessions")),
                "{problems:?}"
            );
        }
        other => panic!("{other:?}"),
    }

    // The 2025 notice's bytes under the test notice's entry: the hash fits, the book does not.
    let bytes_2025 = file(&publication, "notice-2025.1.json").to_vec();
    if let pingjia_rulebook::signed::Entry::Notice { sha256, .. } = &mut index.books[1] {
        *sha256 = sha256_hex(&bytes_2025);
    }
    let (index_bytes, sig) = signed_by_hand(&index);
    let reopened = open_index(&index_bytes, &sig, &[publisher().public()]).expect("signed");
    assert_eq!(
        reopened.books[1].open(&bytes_2025),
        Err(Refused::NotAsIndexed {
            file: "notice-2026.test.json".into()
        })
    );
}

#[test]
fn an_index_of_another_format_or_naming_files_elsewhere_is_refused() {
    let publication = publish(&books(), &publisher()).expect("published");
    let index = open_index(
        file(&publication, INDEX_FILE),
        &signature(&publication),
        &[publisher().public()],
    )
    .expect("opens");

    let mut newer = index.clone();
    newer.format = 2;
    let (bytes, sig) = signed_by_hand(&newer);
    assert_eq!(
        open_index(&bytes, &sig, &[publisher().public()]),
        Err(Refused::IndexFormat { found: 2 })
    );

    let text = String::from_utf8(serde_json::to_vec(&index).expect("json"))
        .expect("text")
        .replace("holidays-2025.json", "../holidays-2025.json");
    let sig = publisher().sign(text.as_bytes());
    assert_eq!(
        open_index(text.as_bytes(), &sig, &[publisher().public()]),
        Err(Refused::BadFileName {
            file: "../holidays-2025.json".into()
        })
    );
}

#[test]
fn two_books_of_one_version_are_not_published() {
    let mut twice = books();
    twice.push(twice[0].clone());
    assert_eq!(
        publish(&twice, &publisher()).map(|_| ()),
        Err(Refused::BadFileName {
            file: "notice-2025.1.json".into()
        })
    );
}

#[test]
fn every_refusal_says_why_in_both_languages() {
    for refusal in [
        Refused::NoTrustedKey,
        Refused::BadSignature,
        Refused::WrongHash {
            file: "a.json".into(),
        },
        Refused::IndexFormat { found: 2 },
        Refused::NotAsIndexed {
            file: "a.json".into(),
        },
    ] {
        let message = refusal.message();
        assert!(!message.zh.is_empty() && !message.en.is_empty());
        assert!(
            message
                .zh
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        );
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
