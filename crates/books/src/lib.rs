//! The book reader: what the app does with a publication of rulebooks (`pingjia rulebook
//! publish`) once its index has changed. It accepts the publication only whole — the index
//! signed by a publisher this program was built to trust, every book with its indexed SHA-256,
//! every notice passing the checks of `pingjia rulebook check` and of the rules
//! (`rulebook_from`) — and then hands the page programs the notices and years of holidays they
//! do not have built in, in the kept form they read at start (`pingjia_rules::rulebook::kept`),
//! with what the newest notice changed. Anything less is refused with the reason, in both languages, and nothing kept
//! changes.
//!
//! It is its own program, loaded on demand, because reading and checking a book costs about
//! 88 KB brotli (decision 0012): the first visit has no room for it.

use pingjia_rulebook::format::{NoticeBook, Text};
use pingjia_rulebook::signed::{Book, Entry, Index, PublicKey, open_index};
use pingjia_rules::calendar::schedule_for;
use pingjia_rules::rulebook::kept::{self, BOOK_SEPARATOR, Changes};
use pingjia_rules::rulebook::{NOTICES, holidays_from, rulebook_from};

include!(concat!(env!("OUT_DIR"), "/built_in.rs"));

/// The keys this program was built to trust (`crates/rulebook/keys/`).
pub fn trusted() -> Vec<PublicKey> {
    TRUSTED
        .iter()
        .filter_map(|line| PublicKey::from_text(line).ok())
        .collect()
}

/// What the page programs keep once a publication is accepted.
#[derive(Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The notices not built in, in the kept form, separated by `BOOK_SEPARATOR`.
    pub books: String,
    /// What the newest of them changes, if there is one.
    pub changes: Option<Changes>,
    /// The years of holidays not built in, in the kept form, separated by `BOOK_SEPARATOR`.
    pub holidays: String,
}

/// The index, if its signature is one of `trusted` keys' (the program passes [`trusted`]);
/// the files it names are fetched next.
pub fn open(index: &str, signature: &str, trusted: &[PublicKey]) -> Result<Index, Text> {
    open_index(index.as_bytes(), signature, trusted).map_err(|r| r.message())
}

/// The publication of `index`, given each of its files' bytes in the index's order.
pub fn accept(index: &Index, files: &[Vec<u8>]) -> Result<Accepted, Text> {
    if files.len() != index.books.len() {
        return Err(Text {
            zh: "规则文件未能全部取得：不采用。".into(),
            en: "Not every rulebook file could be fetched: not taken.".into(),
        });
    }
    let mut published: Vec<NoticeBook> = Vec::new();
    let mut holidays = Vec::new();
    for (entry, bytes) in index.books.iter().zip(files) {
        match entry.open(bytes).map_err(|r| r.message())? {
            Book::Notice(book) => published.push(*book),
            // A year built in stays as built: only the others are kept.
            Book::Holidays(year) if schedule_for(year.year).is_none() => {
                let schedule = holidays_from(&year).map_err(|why| Text {
                    zh: format!("{} 年放假安排未通过检查：{why}", year.year),
                    en: format!("The {} holidays fail their check: {why}", year.year),
                })?;
                holidays.push(kept::write_holidays(schedule));
            }
            Book::Holidays(_) => {}
        }
    }
    let mut kept_books = Vec::new();
    let mut texts = Vec::new();
    for book in &published {
        let rulebook = rulebook_from(book).map_err(|why| Text {
            zh: format!("{} 未通过规则的检查：{why}", book.version),
            en: format!("{} fails the rules' checks: {why}", book.version),
        })?;
        if NOTICES.iter().any(|b| b.version == book.version) {
            continue;
        }
        texts.push(kept::write(rulebook));
        kept_books.push(book);
    }
    kept_books.sort_by_key(|b| (b.applies_from, b.published));
    let changes = kept_books.last().map(|newest| {
        let before = earlier_than(newest, &published);
        Changes {
            notice: newest.notice.clone(),
            version: newest.version.clone(),
            since: before
                .as_ref()
                .map(|b| format!("{}（{}）", b.notice, b.version)),
            lines: before
                .map(|b| pingjia_rulebook::diff::diff(&b, newest))
                .unwrap_or_default()
                .into_iter()
                .map(|t| (t.zh, t.en))
                .collect(),
        }
    });
    Ok(Accepted {
        books: texts.join(&BOOK_SEPARATOR.to_string()),
        changes,
        holidays: holidays.join(&BOOK_SEPARATOR.to_string()),
    })
}

/// The notice in force before `newest`: the newest one, built in or published, that began
/// before it.
fn earlier_than(newest: &NoticeBook, published: &[NoticeBook]) -> Option<NoticeBook> {
    let built_in = BUILT_IN_BOOKS
        .iter()
        .filter_map(|json| serde_json::from_str::<NoticeBook>(json).ok());
    published
        .iter()
        .cloned()
        .chain(built_in)
        .filter(|b| b.applies_from < newest.applies_from && b.notice != newest.notice)
        .max_by_key(|b| (b.applies_from, b.published))
}

/// The files an index names, read before its signature is checked, so that they can be asked
/// for at the same time as the signature: one wait for the network instead of two. Only plain
/// names beside the index are asked for; nothing is taken before `open` and `accept`.
pub fn named_before_checking(index: &str) -> Vec<String> {
    serde_json::from_str::<Index>(index)
        .map(|i| files(&i))
        .unwrap_or_default()
        .into_iter()
        .filter(|name| pingjia_rulebook::signed::is_plain_file_name(name))
        .collect()
}

/// The file names of the index, in its order, to fetch.
pub fn files(index: &Index) -> Vec<String> {
    index
        .books
        .iter()
        .map(|e| Entry::file(e).to_string())
        .collect()
}

/// A refusal in the form kept under `kept::storage::REFUSED`.
pub fn refusal_text(why: &Text) -> String {
    format!("{}\u{1f}{}", why.zh, why.en)
}
