//! A published book the app accepted, kept between visits as plain text and made into a
//! `Rulebook` again at the next start.
//!
//! Reading a published book (JSON, its SHA-256, the index's Ed25519 signature, the checks of
//! `pingjia rulebook check`) costs about 88 KB brotli (decision 0012), far more than the first
//! visit has room for. So that is done once, by the book reader loaded on demand
//! (`crates/books`), which hands over the accepted `Rulebook` in this form: its values in a
//! fixed order, separated by U+001F, numbers in decimal, days as days since 0001-01-01. The
//! app reads it back with no parser and no checks beyond "is this what was written" — the
//! checks were done before the text was written, by the same code as the server's.
//!
//! Every value of a book cites its own notice (`Rulebook::source`), so a citation is kept as
//! its clause alone.

use super::{
    BankAccount, Consequence, Dated, FeeTable, Phone, ResultsRule, Rulebook, ServiceWindow,
    Session, TicketRule, ValidityYears, Violation,
};
use crate::calendar::YearSchedule;
use crate::citation::{Citation, Source};
use crate::level::Level;
use crate::text::Bilingual;
use chrono::{NaiveDate, NaiveTime, Weekday};

/// The first value of every kept book: a text of another form is not read (and the book
/// reader writes it again from the published file).
pub const FORM: &str = "pingjia-kept-book-1";

const SEPARATOR: char = '\u{1f}';
/// Between the kept books (and between the lines of the changes) in one stored value.
pub const BOOK_SEPARATOR: char = '\u{1e}';

/// Where the page programs and the book reader keep what it accepted: the browser's
/// localStorage, which the app reads synchronously at start, before its first answer, so a
/// kept book answers from the first screen on, offline too.
pub mod storage {
    /// The kept books, each as [`super::read`] takes it, separated by [`super::BOOK_SEPARATOR`].
    pub const BOOKS: &str = "pingjia.rulebooks.books";
    /// What the newest kept notice changed ([`super::Changes`]).
    pub const CHANGES: &str = "pingjia.rulebooks.changes";
    /// The exact text of the published index the kept books come from: while it is unchanged
    /// the book reader is not loaded at all.
    pub const INDEX: &str = "pingjia.rulebooks.index";
    /// Why the last publication was refused, Chinese then English separated by U+001F; removed
    /// when one is accepted.
    pub const REFUSED: &str = "pingjia.rulebooks.refused";
    /// The kept years of holidays, each as [`super::read_holidays`] takes it, separated by
    /// [`super::BOOK_SEPARATOR`].
    pub const HOLIDAYS: &str = "pingjia.rulebooks.holidays";
    /// The version of the newest kept notice the app has announced ("规则已更新").
    pub const ANNOUNCED: &str = "pingjia.rulebooks.announced";
}

/// The books kept under [`storage::BOOKS`]; a text this version cannot read is left out.
pub fn read_all(stored: &str) -> Vec<&'static Rulebook> {
    stored.split(BOOK_SEPARATOR).filter_map(read).collect()
}

/// The first value of every kept year of holidays.
pub const HOLIDAYS_FORM: &str = "pingjia-kept-holidays-1";

/// The years of holidays kept under [`storage::HOLIDAYS`]; a text this version cannot read is
/// left out.
pub fn read_all_holidays(stored: &str) -> Vec<&'static YearSchedule> {
    stored
        .split(BOOK_SEPARATOR)
        .filter_map(read_holidays)
        .collect()
}

/// A published year's holidays, kept for the program's life; `None` if the text is not one
/// this version wrote.
pub fn read_holidays(text: &str) -> Option<&'static YearSchedule> {
    let mut r = Values {
        parts: text.split(SEPARATOR),
        wrong: false,
    };
    if r.text() != HOLIDAYS_FORM {
        return None;
    }
    let schedule = YearSchedule {
        year: r.number(),
        document: r.text(),
        days_off: r.list(|r| (r.date(), r.date())),
        make_up_working_days: r.list(Values::date),
    };
    if r.wrong || r.parts.next().is_some() {
        return None;
    }
    Some(Box::leak(Box::new(schedule)))
}

/// A year's holidays in the form [`read_holidays`] takes back (the book reader writes it).
#[cfg(feature = "runtime-books")]
pub fn write_holidays(schedule: &YearSchedule) -> String {
    let mut w = Written(vec![HOLIDAYS_FORM.to_owned()]);
    w.number(schedule.year);
    w.text(schedule.document);
    w.list(schedule.days_off, |w, (from, until)| {
        w.date(*from);
        w.date(*until);
    });
    w.list(schedule.make_up_working_days, |w, d| w.date(*d));
    w.0.join(&SEPARATOR.to_string())
}

/// What a newly accepted notice changes from the one before it, in sentences (the text of
/// `pingjia rulebook diff`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changes {
    pub notice: String,
    pub version: String,
    /// The notice the changes are counted from; `None` when none is known to the reader.
    pub since: Option<String>,
    pub lines: Vec<(String, String)>,
}

impl Changes {
    /// The stored text: the notice, the version, the earlier notice (or nothing), then each
    /// line's Chinese and English, all separated by [`BOOK_SEPARATOR`] and U+001F.
    pub fn to_text(&self) -> String {
        let mut parts = vec![
            self.notice.clone(),
            self.version.clone(),
            self.since.clone().unwrap_or_default(),
        ];
        parts.extend(
            self.lines
                .iter()
                .map(|(zh, en)| format!("{zh}{SEPARATOR}{en}")),
        );
        parts.join(&BOOK_SEPARATOR.to_string())
    }

    pub fn from_text(text: &str) -> Option<Changes> {
        let mut parts = text.split(BOOK_SEPARATOR);
        let notice = parts.next()?.to_owned();
        let version = parts.next()?.to_owned();
        let since = Some(parts.next()?.to_owned()).filter(|s| !s.is_empty());
        let lines = parts
            .map(|line| {
                let (zh, en) = line.split_once(SEPARATOR)?;
                Some((zh.to_owned(), en.to_owned()))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Changes {
            notice,
            version,
            since,
            lines,
        })
    }
}

/// The order the levels and consequences are numbered in.
const LEVELS: [Level; 3] = [Level::Three, Level::Two, Level::One];
const CONSEQUENCES: [Consequence; 4] = [
    Consequence::QualificationCancelled,
    Consequence::SubjectCancelled,
    Consequence::AllCancelledBarredThisYear,
    Consequence::AllCancelledBarredTwoOrFiveYears,
];

/// The rulebook a kept text holds, kept for the program's life; `None` if the text is not one
/// this version wrote (damaged, or of another form).
///
/// The values are read straight through, a missing or wrong one noted rather than returned at
/// once, and the whole refused at the end: the app carries this code in its first visit, and a
/// return at each of the hundred values cost it about 1 KB more.
pub fn read(text: &str) -> Option<&'static Rulebook> {
    let mut r = Values {
        parts: text.split(SEPARATOR),
        wrong: false,
    };
    if r.text() != FORM {
        return None;
    }
    let version = r.text();
    let notice = r.text();
    let published = r.date();
    let source = Source::Notice {
        year: chrono::Datelike::year(&published),
        number: notice,
    };
    let applies_from = r.date();
    let valid_until = r.date();
    let fees = r.list(|r| {
        r.dated(source, |r| FeeTable {
            theory: r.number(),
            skills_level_three: r.number(),
            skills_levels_two_one: r.number(),
            review_levels_two_one: r.number(),
        })
    });
    let bank_account = r.dated(source, |r| BankAccount {
        account_name: r.text(),
        account_number: r.text(),
        bank: r.text(),
    });
    let sessions = r.list(|r| Session {
        apply_from: r.date(),
        apply_until: r.date(),
        pay_from: r.date(),
        pay_until: r.date(),
        evaluation_year: r.number(),
        evaluation_month: r.number(),
        levels: r.list(|r| r.one_of(&LEVELS)),
        source,
    });
    let retake_validity_years = r.list(|r| {
        r.dated(source, |r| ValidityYears {
            level_three: r.number(),
            levels_two_one: r.number(),
        })
    });
    let ticket = TicketRule {
        days_before_evaluation: r.number(),
        site: r.text(),
    };
    let results = ResultsRule {
        working_days: r.number(),
        working_days_with_marking: r.number(),
        where_to_look: r.list(Values::bilingual),
    };
    let service = ServiceWindow {
        address: r.bilingual(),
        weekday: r.one_of(&WEEKDAYS),
        hours: r.list(|r| (r.time(), r.time())),
        phones: r.list(|r| Phone {
            number: r.text(),
            purpose_zh: r.text(),
            purpose_en: r.text(),
            hours_zh: r.text(),
            hours_en: r.text(),
            citation: Citation::quoted(source, r.text()),
        }),
    };
    let association_site = r.text();
    let violations = r.list(|r| Violation {
        code: r.text(),
        consequence: r.one_of(&CONSEQUENCES),
        text_zh: r.text(),
        text_en: r.text(),
    });
    let consequences = r.list(|r| (r.one_of(&CONSEQUENCES), r.bilingual()));
    let clauses = r.list(|r| (r.text(), r.text()));
    if r.wrong || r.parts.next().is_some() {
        return None;
    }
    Some(Box::leak(Box::new(Rulebook {
        version,
        notice,
        published,
        applies_from,
        valid_until,
        fees,
        bank_account,
        sessions,
        retake_validity_years,
        ticket,
        results,
        service,
        association_site,
        violations,
        consequences,
        clauses,
    })))
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The values of a kept text, in the order they were written. A value missing or not of its
/// kind reads as a stand-in and marks the text `wrong`, which `read` then refuses.
struct Values<'a> {
    parts: std::str::Split<'a, char>,
    wrong: bool,
}

impl Values<'_> {
    // The readers of one value are not inlined: each is called at dozens of places.

    #[inline(never)]
    fn next(&mut self) -> &str {
        match self.parts.next() {
            Some(part) => part,
            None => {
                self.wrong = true;
                ""
            }
        }
    }

    /// A text, kept for the program's life.
    #[inline(never)]
    fn text(&mut self) -> &'static str {
        Box::leak(self.next().to_owned().into_boxed_str())
    }

    /// A number, as the type it is kept in: one parser for them all, the one the app already
    /// reads typed dates with (every kept number is a count, a year, a day number or minutes,
    /// none below zero).
    #[inline(never)]
    fn whole(&mut self) -> u32 {
        let read = self.next().parse().ok();
        self.wrong |= read.is_none();
        read.unwrap_or_default()
    }

    fn number<T: TryFrom<u32> + Default>(&mut self) -> T {
        let read = T::try_from(self.whole()).ok();
        self.wrong |= read.is_none();
        read.unwrap_or_default()
    }

    #[inline(never)]
    fn date(&mut self) -> NaiveDate {
        let read = NaiveDate::from_num_days_from_ce_opt(self.number());
        self.wrong |= read.is_none();
        read.unwrap_or_default()
    }

    fn time(&mut self) -> NaiveTime {
        let minutes: u32 = self.number();
        let read = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0);
        self.wrong |= read.is_none();
        read.unwrap_or_default()
    }

    fn bilingual(&mut self) -> Bilingual {
        Bilingual::fixed(self.text(), self.text())
    }

    /// One of `all` (never empty), by its position.
    fn one_of<T: Copy>(&mut self, all: &[T]) -> T {
        let at: usize = self.number();
        self.wrong |= at >= all.len();
        all[at.min(all.len() - 1)]
    }

    fn dated<T>(&mut self, source: Source, value: impl FnOnce(&mut Self) -> T) -> Dated<T> {
        Dated {
            from: self.date(),
            until: self.date(),
            citation: Citation::quoted(source, self.text()),
            value: value(self),
        }
    }

    /// A count, then that many items (fewer if the text ends first: each item reads a value).
    fn list<T>(&mut self, item: impl Fn(&mut Self) -> T) -> &'static [T] {
        let count: usize = self.number();
        let mut items = Vec::new();
        for _ in 0..count {
            if self.wrong {
                break;
            }
            items.push(item(self));
        }
        items.leak()
    }
}

/// A rulebook in the kept form [`read`] takes back. Written by the book reader once a book is
/// accepted, never by the app.
#[cfg(feature = "runtime-books")]
pub fn write(book: &Rulebook) -> String {
    use chrono::Timelike;
    let mut w = Written(vec![FORM.to_owned()]);
    w.text(book.version);
    w.text(book.notice);
    w.date(book.published);
    w.date(book.applies_from);
    w.date(book.valid_until);
    w.list(book.fees, |w, f| {
        w.dated(f);
        let v = f.value;
        for n in [
            v.theory,
            v.skills_level_three,
            v.skills_levels_two_one,
            v.review_levels_two_one,
        ] {
            w.number(n);
        }
    });
    let b = &book.bank_account;
    w.dated(b);
    w.text(b.value.account_name);
    w.text(b.value.account_number);
    w.text(b.value.bank);
    w.list(book.sessions, |w, s| {
        for d in [s.apply_from, s.apply_until, s.pay_from, s.pay_until] {
            w.date(d);
        }
        w.number(s.evaluation_year);
        w.number(s.evaluation_month);
        w.list(s.levels, |w, l| w.number(position(&LEVELS, l)));
    });
    w.list(book.retake_validity_years, |w, v| {
        w.dated(v);
        w.number(v.value.level_three);
        w.number(v.value.levels_two_one);
    });
    w.number(book.ticket.days_before_evaluation);
    w.text(book.ticket.site);
    w.number(book.results.working_days);
    w.number(book.results.working_days_with_marking);
    w.list(book.results.where_to_look, Written::bilingual);
    w.bilingual(&book.service.address);
    w.number(book.service.weekday.num_days_from_monday());
    w.list(book.service.hours, |w, (open, close)| {
        w.number(open.hour() * 60 + open.minute());
        w.number(close.hour() * 60 + close.minute());
    });
    w.list(book.service.phones, |w, p| {
        for t in [p.number, p.purpose_zh, p.purpose_en, p.hours_zh, p.hours_en] {
            w.text(t);
        }
        w.text(p.citation.clause);
    });
    w.text(book.association_site);
    w.list(book.violations, |w, v| {
        w.text(v.code);
        w.number(position(&CONSEQUENCES, &v.consequence));
        w.text(v.text_zh);
        w.text(v.text_en);
    });
    w.list(book.consequences, |w, (kind, text)| {
        w.number(position(&CONSEQUENCES, kind));
        w.bilingual(text);
    });
    w.list(book.clauses, |w, (number, words)| {
        w.text(number);
        w.text(words);
    });
    w.0.join(&SEPARATOR.to_string())
}

#[cfg(feature = "runtime-books")]
fn position<T: PartialEq>(all: &[T], one: &T) -> usize {
    all.iter().position(|x| x == one).unwrap_or(usize::MAX)
}

#[cfg(feature = "runtime-books")]
struct Written(Vec<String>);

#[cfg(feature = "runtime-books")]
impl Written {
    /// A text; the separator cannot be typed, but a book holding it is written so that it
    /// does not read back, never as other values.
    fn text(&mut self, t: &str) {
        self.0
            .push(t.replace([SEPARATOR, BOOK_SEPARATOR], "\u{fffd}"));
    }

    fn number(&mut self, n: impl ToString) {
        self.0.push(n.to_string());
    }

    fn date(&mut self, d: NaiveDate) {
        self.number(chrono::Datelike::num_days_from_ce(&d));
    }

    fn bilingual(&mut self, t: &Bilingual) {
        self.text(&t.zh);
        self.text(&t.en);
    }

    fn dated<T>(&mut self, d: &Dated<T>) {
        self.date(d.from);
        self.date(d.until);
        self.text(d.citation.clause);
    }

    fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.number(items.len());
        for i in items {
            item(self, i);
        }
    }
}

#[cfg(all(test, feature = "runtime-books"))]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_book_reads_back_as_it_was() {
        for book in super::super::NOTICES {
            let text = write(book);
            let again = read(&text).expect("a written book reads back");
            assert_eq!(format!("{again:?}"), format!("{book:?}"));
        }
    }

    #[test]
    fn kept_books_and_changes_read_back_together() {
        let stored = [super::super::current(), super::super::current()]
            .map(write)
            .join(&BOOK_SEPARATOR.to_string());
        assert_eq!(read_all(&stored).len(), 2);
        assert_eq!(
            read_all(&format!("{stored}{BOOK_SEPARATOR}damaged")).len(),
            2
        );
        let changes = Changes {
            notice: "N".into(),
            version: "2026.1".into(),
            since: None,
            lines: vec![("考核费".into(), "Fees".into())],
        };
        assert_eq!(Changes::from_text(&changes.to_text()), Some(changes));
    }

    #[test]
    fn every_built_in_year_of_holidays_reads_back_as_it_was() {
        for schedule in &crate::calendar::SCHEDULES {
            let again = read_holidays(&write_holidays(schedule)).expect("reads back");
            assert_eq!(again.year, schedule.year);
            assert_eq!(again.document, schedule.document);
            assert_eq!(again.days_off, schedule.days_off);
            assert_eq!(again.make_up_working_days, schedule.make_up_working_days);
            // A notice is not a year of holidays, nor the other way round.
            assert!(read(&write_holidays(schedule)).is_none());
        }
        assert!(read_holidays(&write(super::super::current())).is_none());
    }

    #[test]
    fn a_damaged_or_foreign_text_is_not_read() {
        let text = write(super::super::current());
        assert!(read(&text[..text.len() / 2]).is_none(), "cut short");
        assert!(
            read(&format!("{text}\u{1f}extra")).is_none(),
            "more than written"
        );
        assert!(read(&text.replacen(FORM, "pingjia-kept-book-0", 1)).is_none());
        assert!(read("").is_none());
    }
}
