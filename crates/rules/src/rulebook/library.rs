//! The notices known at once. Each notice's book speaks for its own dates: an answer for a day
//! comes from the notice in force on it (a 2025 first attempt's validity under the 2025 notice, a
//! 2026 session under the 2026 one), and the labels of interpretations.md 12 apply only past
//! the newest. The sessions are the one exception: every book answers with the sessions of
//! all, each cited from its own notice, so on the last days of one notice the next one's
//! published sessions are the "next session" rather than a projection, and a retake's
//! validity lists the sessions of both.

use super::{NOTICES, Rulebook, Session};
use chrono::NaiveDate;
use std::sync::OnceLock;

/// The program's library, once it is set at start (`Library::install`).
static INSTALLED: OnceLock<Library> = OnceLock::new();

/// One or more notices' books, oldest first; never empty.
#[derive(Clone, Debug)]
pub struct Library {
    /// The books as given.
    books: Vec<&'static Rulebook>,
    /// The same books, each with the sessions of all (the books themselves where there is one).
    answering: Vec<&'static Rulebook>,
}

impl Library {
    /// The notices built into the program: already in order, one book per notice (build.rs
    /// writes them so), so the app links no sorting for them.
    pub fn built_in() -> Library {
        Library {
            books: NOTICES.to_vec(),
            answering: NOTICES.to_vec(),
        }
    }

    /// One book alone: every day is answered from it.
    pub fn single(book: &'static Rulebook) -> Library {
        Library {
            books: vec![book],
            answering: vec![book],
        }
    }

    /// The built-in notices and the given ones (read at run time, already checked). A book of a
    /// notice already known replaces it: that is a corrected version.
    pub fn of(books: impl IntoIterator<Item = &'static Rulebook>) -> Library {
        // Put in order as they come rather than sorted after: the app makes its library at
        // start, and a sort of its own costs it about 2 KB of the first visit.
        let mut kept: Vec<&'static Rulebook> = Vec::new();
        for book in books {
            kept.retain(|k| k.notice != book.notice);
            let order = |b: &Rulebook| (b.applies_from, b.published);
            let at = kept.partition_point(|k| order(k) <= order(book));
            kept.insert(at, book);
        }
        if kept.is_empty() {
            kept.push(newest_built_in());
        }
        let answering = with_every_session(&kept);
        Library {
            books: kept,
            answering,
        }
    }

    /// This library with `book` added (or put in place of its notice's older version).
    pub fn with(&self, book: &'static Rulebook) -> Library {
        Library::of(self.books.iter().copied().chain([book]))
    }

    /// Makes this the library every answer of the program comes from (`installed`, and so
    /// `rulebook::current`). Once, at start, before the first answer: the app installs the
    /// books it accepted on an earlier visit. A second call changes nothing and returns the
    /// library it was given.
    pub fn install(self) -> Result<(), Library> {
        INSTALLED.set(self)
    }

    /// The program's library: what `install` set, else the built-in notices. Not inlined:
    /// every answer asks for it.
    #[inline(never)]
    pub fn installed() -> &'static Library {
        INSTALLED.get_or_init(Library::built_in)
    }

    /// The book of the notice `source` names (whose clauses a citation quotes), or the newest.
    pub fn citing(&self, source: crate::citation::Source) -> &'static Rulebook {
        self.answering
            .iter()
            .copied()
            .find(|b| b.source() == source)
            .unwrap_or_else(|| self.newest())
    }

    pub fn books(&self) -> &[&'static Rulebook] {
        &self.books
    }

    /// The newest notice: the one a refusal, or a question with no date, names.
    pub fn newest(&self) -> &'static Rulebook {
        self.answering
            .last()
            .copied()
            .unwrap_or_else(newest_built_in)
    }

    /// The book that answers for `d`: the newest in force on it; else, in a gap between two
    /// notices or after the last, the newest that began before it (its answer is labelled);
    /// else, before them all, the oldest.
    pub fn for_date(&self, d: NaiveDate) -> &'static Rulebook {
        let newest_first = || self.answering.iter().rev().copied();
        newest_first()
            .find(|b| b.speaks_for(d))
            .or_else(|| newest_first().find(|b| b.applies_from <= d))
            .or_else(|| self.answering.first().copied())
            .unwrap_or_else(newest_built_in)
    }
}

/// The newest notice built in (the build refuses to go on without one). Not `current()`: that
/// asks the installed library, which may be the one asking.
fn newest_built_in() -> &'static Rulebook {
    NOTICES[NOTICES.len() - 1]
}

/// Each of `books` (oldest first) with the sessions of all of them, by the day applications
/// open; where two notices list a session of the same month, the newer one's. Made once per
/// library of more than one book (a server's, at its start) and kept for the program's life,
/// as books read at run time are (`rulebook_from`).
fn with_every_session(books: &[&'static Rulebook]) -> Vec<&'static Rulebook> {
    if books.len() < 2 {
        return books.to_vec();
    }
    let mut sessions: Vec<Session> = Vec::new();
    for book in books {
        for session in book.sessions {
            sessions.retain(|s| s.key() != session.key());
            // In order as they come, as `Library::of` does with the books.
            let order = |s: &Session| (s.apply_from, s.evaluation_year, s.evaluation_month);
            let at = sessions.partition_point(|s| order(s) <= order(session));
            sessions.insert(at, *session);
        }
    }
    let sessions: &'static [Session] = Box::leak(sessions.into_boxed_slice());
    books
        .iter()
        .map(|book| {
            &*Box::leak(Box::new(Rulebook {
                sessions,
                ..(*book).clone()
            }))
        })
        .collect()
}

/// The built-in notices.
impl Default for Library {
    fn default() -> Library {
        Library::built_in()
    }
}

impl From<&'static Rulebook> for Library {
    fn from(book: &'static Rulebook) -> Library {
        Library::single(book)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_notices_are_as_a_library_would_order_them() {
        let built_in = Library::built_in();
        let ordered = Library::of(NOTICES.iter().copied());
        let versions = |l: &Library| l.books().iter().map(|b| b.version).collect::<Vec<_>>();
        assert_eq!(versions(&built_in), versions(&ordered));
        // Should a second notice be built in, its sessions must reach the first one's answers
        // as they do in a library made at run time: build.rs would have to write them so.
        for (b, o) in built_in.answering.iter().zip(&ordered.answering) {
            assert_eq!(b.sessions, o.sessions, "{}", b.version);
        }
        assert_eq!(built_in.newest().version, super::super::current().version);
    }
}
