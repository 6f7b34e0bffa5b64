//! Published books: what `pingjia rulebook publish` writes and what a reader (the app, the
//! server) accepts. A publication is a folder of
//!
//! - one compact file per book (`notice-2026.1.json`, `holidays-2027.json`: the book's fields
//!   as JSON, the same names as the TOML file);
//! - `index.json`: the format, and for each book its kind, version or year, the days it speaks
//!   for, its file name and its SHA-256;
//! - `index.sig`: an Ed25519 signature of the exact bytes of `index.json`, by the publisher's
//!   secret key.
//!
//! A reader trusts only the public keys it was built with. It accepts the index only when the
//! signature is one of those keys', and a book only when its bytes have the indexed SHA-256,
//! it reads, passes the same checks as `pingjia rulebook check`, and is the book the index
//! says. Anything else is refused with the reason, in both languages; nothing is half taken.

use crate::check::{self, Problem};
use crate::format::{HolidayBook, NoticeBook, Text};
use chrono::NaiveDate;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

pub const INDEX_FILE: &str = "index.json";
pub const SIGNATURE_FILE: &str = "index.sig";
/// The version of the index's shape; a reader refuses an index of a format it does not know.
pub const INDEX_FORMAT: u32 = 1;

const PUBLIC_PREFIX: &str = "pingjia-rulebook-public-key:";
const SECRET_PREFIX: &str = "pingjia-rulebook-secret-key:";

/// A publisher's public key, as the one line of its `.pub` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    pub fn from_text(text: &str) -> Result<PublicKey, Refused> {
        let bytes = keyed_hex(text, PUBLIC_PREFIX)?;
        VerifyingKey::from_bytes(&bytes)
            .map(PublicKey)
            .map_err(|_| Refused::BadKey {
                why: "not a point of the curve".into(),
            })
    }

    pub fn to_text(&self) -> String {
        format!("{PUBLIC_PREFIX}{}", hex(self.0.as_bytes()))
    }
}

/// A publisher's secret key, as the one line of its `.key` file. Whoever holds it can publish
/// books every app accepts: keep it off the web server and out of the repository.
pub struct SecretKey(SigningKey);

impl SecretKey {
    /// From 32 random bytes (`pingjia rulebook keygen` takes them from the system).
    pub fn from_seed(seed: [u8; 32]) -> SecretKey {
        SecretKey(SigningKey::from_bytes(&seed))
    }

    pub fn from_text(text: &str) -> Result<SecretKey, Refused> {
        keyed_hex(text, SECRET_PREFIX).map(SecretKey::from_seed)
    }

    pub fn to_text(&self) -> String {
        format!("{SECRET_PREFIX}{}", hex(&self.0.to_bytes()))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// The signature of `bytes`, as the text of `index.sig`.
    pub fn sign(&self, bytes: &[u8]) -> String {
        hex(&self.0.sign(bytes).to_bytes())
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

/// The signed list of published books.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    pub format: u32,
    pub books: Vec<Entry>,
}

/// One published book, as the index names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Entry {
    Notice {
        version: String,
        notice: String,
        applies_from: NaiveDate,
        valid_until: NaiveDate,
        file: String,
        sha256: String,
    },
    Holidays {
        year: i32,
        file: String,
        sha256: String,
    },
}

/// A book as published: a notice or a year's holidays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Book {
    Notice(Box<NoticeBook>),
    Holidays(HolidayBook),
}

impl Book {
    /// The compact file's name: `notice-<version>.json`, `holidays-<year>.json`.
    pub fn file_name(&self) -> String {
        match self {
            Book::Notice(b) => format!("notice-{}.json", b.version),
            Book::Holidays(b) => format!("holidays-{}.json", b.year),
        }
    }

    fn compact(&self) -> Result<Vec<u8>, serde_json::Error> {
        match self {
            Book::Notice(b) => serde_json::to_vec(b),
            Book::Holidays(b) => serde_json::to_vec(b),
        }
    }

    fn entry(&self, file: String, sha256: String) -> Entry {
        match self {
            Book::Notice(b) => Entry::Notice {
                version: b.version.clone(),
                notice: b.notice.clone(),
                applies_from: b.applies_from,
                valid_until: b.valid_until,
                file,
                sha256,
            },
            Book::Holidays(b) => Entry::Holidays {
                year: b.year,
                file,
                sha256,
            },
        }
    }
}

impl Entry {
    pub fn file(&self) -> &str {
        match self {
            Entry::Notice { file, .. } | Entry::Holidays { file, .. } => file,
        }
    }

    fn sha256(&self) -> &str {
        match self {
            Entry::Notice { sha256, .. } | Entry::Holidays { sha256, .. } => sha256,
        }
    }

    /// The book in `bytes`, if they are exactly the indexed file and the book passes its checks.
    pub fn open(&self, bytes: &[u8]) -> Result<Book, Refused> {
        let file = self.file().to_string();
        if hex(&Sha256::digest(bytes)) != self.sha256() {
            return Err(Refused::WrongHash { file });
        }
        let unreadable = |e: serde_json::Error| Refused::UnreadableBook {
            file: file.clone(),
            why: e.to_string(),
        };
        let problems = |problems: Vec<Problem>| Refused::Problems {
            file: file.clone(),
            problems,
        };
        let book = match self {
            Entry::Notice {
                version,
                notice,
                applies_from,
                valid_until,
                ..
            } => {
                let book: NoticeBook = serde_json::from_slice(bytes).map_err(unreadable)?;
                check::notice_book(&book).map_err(problems)?;
                let as_indexed = &book.version == version
                    && &book.notice == notice
                    && book.applies_from == *applies_from
                    && book.valid_until == *valid_until;
                if !as_indexed {
                    return Err(Refused::NotAsIndexed { file });
                }
                Book::Notice(Box::new(book))
            }
            Entry::Holidays { year, .. } => {
                let book: HolidayBook = serde_json::from_slice(bytes).map_err(unreadable)?;
                check::holidays_book(&book).map_err(problems)?;
                if book.year != *year {
                    return Err(Refused::NotAsIndexed { file });
                }
                Book::Holidays(book)
            }
        };
        if book.file_name() != self.file() {
            return Err(Refused::NotAsIndexed { file });
        }
        Ok(book)
    }
}

/// The index in `index`, if `signature` (the text of `index.sig`) is one of `trusted` keys'
/// signature of exactly those bytes, and it names its books soundly.
pub fn open_index(index: &[u8], signature: &str, trusted: &[PublicKey]) -> Result<Index, Refused> {
    if trusted.is_empty() {
        return Err(Refused::NoTrustedKey);
    }
    let signature = unhex::<64>(signature.trim())
        .map(|bytes| Signature::from_bytes(&bytes))
        .ok_or(Refused::BadSignature)?;
    if !trusted
        .iter()
        .any(|key| key.0.verify_strict(index, &signature).is_ok())
    {
        return Err(Refused::BadSignature);
    }
    let read: Index = serde_json::from_slice(index)
        .map_err(|e| Refused::UnreadableIndex { why: e.to_string() })?;
    if read.format != INDEX_FORMAT {
        return Err(Refused::IndexFormat { found: read.format });
    }
    let mut seen = std::collections::BTreeSet::new();
    for entry in &read.books {
        let file = entry.file();
        if !is_plain_file_name(file) || !seen.insert(file.to_string()) {
            return Err(Refused::BadFileName {
                file: file.to_string(),
            });
        }
    }
    Ok(read)
}

/// The files of a publication, by name: each book's compact file, `index.json`, `index.sig`.
#[derive(Debug)]
pub struct Publication {
    pub index: Index,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Writes `books` as a publication signed with `key`, and opens it again as a reader would
/// (with `key`'s public half) before it is handed back.
pub fn publish(books: &[Book], key: &SecretKey) -> Result<Publication, Refused> {
    let mut files = Vec::new();
    let mut entries = Vec::new();
    for book in books {
        let file = book.file_name();
        if !is_plain_file_name(&file) || files.iter().any(|(f, _)| *f == file) {
            return Err(Refused::BadFileName { file });
        }
        let bytes = book.compact().map_err(|e| Refused::UnreadableBook {
            file: file.clone(),
            why: e.to_string(),
        })?;
        entries.push(book.entry(file.clone(), hex(&Sha256::digest(&bytes))));
        files.push((file, bytes));
    }
    let index = Index {
        format: INDEX_FORMAT,
        books: entries,
    };
    let index_bytes = serde_json::to_vec_pretty(&index)
        .map_err(|e| Refused::UnreadableIndex { why: e.to_string() })?;
    let signature = key.sign(&index_bytes);
    let reopened = open_index(&index_bytes, &signature, &[key.public()])?;
    for entry in &reopened.books {
        let bytes = files
            .iter()
            .find(|(f, _)| f == entry.file())
            .map(|(_, b)| b.as_slice())
            .unwrap_or_default();
        entry.open(bytes)?;
    }
    files.push((INDEX_FILE.to_string(), index_bytes));
    files.push((
        SIGNATURE_FILE.to_string(),
        format!("{signature}\n").into_bytes(),
    ));
    Ok(Publication { index, files })
}

/// A name a reader may fetch beside the index: no folder, no dot at the start, `.json`.
pub fn is_plain_file_name(name: &str) -> bool {
    name.ends_with(".json")
        && !name.starts_with('.')
        && name.len() <= 80
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
}

/// Why a publication, or a part of it, was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    NoTrustedKey,
    BadKey {
        why: String,
    },
    BadSignature,
    UnreadableIndex {
        why: String,
    },
    IndexFormat {
        found: u32,
    },
    BadFileName {
        file: String,
    },
    WrongHash {
        file: String,
    },
    UnreadableBook {
        file: String,
        why: String,
    },
    Problems {
        file: String,
        problems: Vec<Problem>,
    },
    NotAsIndexed {
        file: String,
    },
}

impl Refused {
    pub fn message(&self) -> Text {
        let (zh, en) = match self {
            Refused::NoTrustedKey => (
                "没有可信的发布公钥，无法核验任何规则文件。".to_string(),
                "No publisher's public key is trusted: no rulebook can be verified.".to_string(),
            ),
            Refused::BadKey { why } => (
                format!("密钥文件无法读取（{why}）：应为一行，以 pingjia-rulebook- 开头，由 pingjia rulebook keygen 生成。"),
                format!("The key file cannot be read ({why}): it is one line starting pingjia-rulebook-, as pingjia rulebook keygen writes it."),
            ),
            Refused::BadSignature => (
                "索引的签名不是可信发布者的签名（文件被改动，或用了别的密钥）：不采用。".to_string(),
                "The index is not signed by a trusted publisher (changed, or signed with another key): not taken.".to_string(),
            ),
            Refused::UnreadableIndex { why } => (
                format!("索引无法读取：{why}。"),
                format!("The index cannot be read: {why}."),
            ),
            Refused::IndexFormat { found } => (
                format!("索引格式 {found} 本版本不认识（认识 {INDEX_FORMAT}）：请先更新应用。"),
                format!("Index format {found} is not known to this version (it knows {INDEX_FORMAT}): update the app first."),
            ),
            Refused::BadFileName { file } => (
                format!("文件名“{file}”不可用（重复，或不是同一文件夹中的 .json 文件）。"),
                format!("The file name “{file}” is not allowed (repeated, or not a .json file in the same folder)."),
            ),
            Refused::WrongHash { file } => (
                format!("{file} 的内容与索引记录的 SHA-256 不符（文件被改动或不完整）：不采用。"),
                format!("{file} does not have the SHA-256 the index gives (changed or incomplete): not taken."),
            ),
            Refused::UnreadableBook { file, why } => (
                format!("{file} 无法读取：{why}。"),
                format!("{file} cannot be read: {why}."),
            ),
            Refused::Problems { file, problems } => (
                format!(
                    "{file} 未通过检查（{} 处问题）：{}",
                    problems.len(),
                    problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("；")
                ),
                format!("{file} fails its check ({} problem(s)).", problems.len()),
            ),
            Refused::NotAsIndexed { file } => (
                format!("{file} 与索引所记的版本、年份或日期不符：不采用。"),
                format!("{file} is not the version, year or dates the index gives: not taken."),
            ),
        };
        Text { zh, en }
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.message();
        write!(f, "{}\n    ({})", message.zh, message.en)
    }
}

impl std::error::Error for Refused {}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

fn keyed_hex(text: &str, prefix: &str) -> Result<[u8; 32], Refused> {
    let text = text.trim();
    let body = text.strip_prefix(prefix).ok_or_else(|| Refused::BadKey {
        why: format!("it does not start {prefix}"),
    })?;
    unhex::<32>(body).ok_or_else(|| Refused::BadKey {
        why: "not 64 hexadecimal digits".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_reads_back_what_it_writes_and_refuses_the_rest() {
        let bytes: [u8; 32] = std::array::from_fn(|i| (i * 37) as u8);
        assert_eq!(unhex::<32>(&hex(&bytes)), Some(bytes));
        assert_eq!(unhex::<32>("zz"), None);
        assert_eq!(unhex::<2>("0g00"), None);
        assert_eq!(unhex::<2>("é0"), None);
    }

    #[test]
    fn keys_read_back_and_a_public_key_is_not_a_secret_one() {
        let key = SecretKey::from_seed([7; 32]);
        let again = SecretKey::from_text(&key.to_text()).expect("reads");
        assert_eq!(again.public(), key.public());
        assert_eq!(
            PublicKey::from_text(&key.public().to_text()).expect("reads"),
            key.public()
        );
        assert!(matches!(
            SecretKey::from_text(&key.public().to_text()),
            Err(Refused::BadKey { .. })
        ));
        assert!(matches!(
            PublicKey::from_text(&key.to_text()),
            Err(Refused::BadKey { .. })
        ));
    }

    #[test]
    fn file_names_stay_in_their_folder() {
        assert!(is_plain_file_name("notice-2026.1.json"));
        for bad in [
            "../index.json",
            "a/b.json",
            ".json",
            "notice.toml",
            "通知.json",
        ] {
            assert!(!is_plain_file_name(bad), "{bad}");
        }
    }
}
