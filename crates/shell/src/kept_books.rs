//! The notices and years of holidays the book reader (`crates/books`) accepted on an earlier
//! visit: installed as the program's library and calendar before its first answer, so a page opened offline answers from them too.
//! Both page programs do it, each for its own copy of the rules.

use crate::local_storage;
use pingjia_rules::rulebook::kept::{self, storage};
use pingjia_rules::rulebook::{Library, NOTICES, Rulebook};

/// Installs the built-in notices and the kept ones as the program's library, and the kept
/// years of holidays into its calendar. Kept text this version cannot read is left out (the
/// reader writes it again when the index next changes).
pub fn install() {
    let kept = local_storage::load_text(storage::BOOKS)
        .map(|text| kept::read_all(&text))
        .unwrap_or_default();
    if !kept.is_empty() {
        let _ = Library::of(NOTICES.iter().copied().chain(kept)).install();
    }
    if let Some(text) = local_storage::load_text(storage::HOLIDAYS) {
        pingjia_rules::calendar::install(kept::read_all_holidays(&text));
    }
}

/// The newest notice in force in the program, if it is one read at run time rather than
/// built in: the one "规则已更新" names.
pub fn newest_kept() -> Option<&'static Rulebook> {
    let newest = Library::installed().newest();
    (!NOTICES.iter().any(|b| b.version == newest.version)).then_some(newest)
}
