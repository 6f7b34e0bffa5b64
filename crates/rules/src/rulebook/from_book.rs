//! A notice's book read at run time (a published file, a test fixture) made into the rules'
//! `Rulebook`: the same values `build.rs` writes as constants for the books it ships, so the
//! rules answer from either alike. `tests/books_at_run_time.rs` holds the two to each other on
//! the 2025 notice.
//!
//! The values live as long as the program (the rules take `&'static` data): a reader makes a
//! book once and keeps it, never once per question.

use super::{
    BankAccount, Consequence, Dated, FeeTable, Phone, ResultsRule, Rulebook, ServiceWindow,
    Session, TicketRule, ValidityYears, Violation,
};
use crate::citation::{Citation, Source};
use crate::codes::Code;
use crate::level::Level;
use crate::text::Bilingual;
use chrono::{Datelike, NaiveTime, Weekday};
use pingjia_rulebook::format::{HolidayBook, LEVELS, NoticeBook, Text};

/// A check's problems, one per line, each naming its field and how to fix it.
fn in_words(problems: &[pingjia_rulebook::check::Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rulebook of `book`, once it passes the same checks as `pingjia rulebook check`; the
/// problems, in words, if it does not.
pub fn rulebook_from(book: &NoticeBook) -> Result<&'static Rulebook, String> {
    pingjia_rulebook::check::notice_book(book).map_err(|problems| in_words(&problems))?;
    pingjia_rulebook::check::clauses_the_rules_quote(book, &crate::clauses::quoted_by_rules())
        .map_err(|problems| in_words(&problems))?;
    let source = Source::Notice {
        year: book.published.year(),
        number: keep(&book.notice),
    };
    let cite = |clause: &str| Citation::quoted(source, keep(clause));
    let sessions = book
        .sessions
        .iter()
        .map(|s| {
            let month = pingjia_rulebook::check::evaluation_month(s)
                .ok_or_else(|| format!("sessions: {} is not a month", s.evaluation))?;
            let levels = s
                .levels
                .iter()
                .map(|l| level(l).ok_or_else(|| format!("sessions: {l} is not a level")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Session {
                apply_from: s.apply[0],
                apply_until: s.apply[1],
                pay_from: s.pay[0],
                pay_until: s.pay[1],
                evaluation_year: month.year(),
                evaluation_month: month.month(),
                levels: levels.leak(),
                source,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let hours = book
        .service
        .hours
        .iter()
        .map(|[from, until]| match (time(from), time(until)) {
            (Some(a), Some(b)) => Ok((a, b)),
            _ => Err(format!("service.hours: {from}–{until} is not a time")),
        })
        .collect::<Result<Vec<_>, String>>()?;
    let violations = book
        .violations
        .iter()
        .map(|v| {
            Ok(Violation {
                code: keep(&v.code),
                consequence: consequence(&v.consequence)?,
                text_zh: keep(&v.text.zh),
                text_en: keep(&v.text.en),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let consequences = book
        .consequences
        .iter()
        .map(|k| Ok((consequence(&k.kind)?, text(&k.text))))
        .collect::<Result<Vec<_>, String>>()?;
    let b = &book.bank_account;
    let rulebook = Rulebook {
        version: keep(&book.version),
        notice: keep(&book.notice),
        published: book.published,
        applies_from: book.applies_from,
        valid_until: book.valid_until,
        fees: book
            .fees
            .iter()
            .map(|f| Dated {
                from: f.from,
                until: f.until,
                value: FeeTable {
                    theory: f.theory,
                    skills_level_three: f.skills_level_three,
                    skills_levels_two_one: f.skills_levels_two_one,
                    review_levels_two_one: f.review_levels_two_one,
                },
                citation: cite(&f.clause),
            })
            .collect::<Vec<_>>()
            .leak(),
        bank_account: Dated {
            from: b.from,
            until: b.until,
            value: BankAccount {
                account_name: keep(&b.account_name),
                account_number: keep(&b.account_number),
                bank: keep(&b.bank),
            },
            citation: cite(&b.clause),
        },
        sessions: sessions.leak(),
        retake_validity_years: book
            .retake_validity_years
            .iter()
            .map(|v| Dated {
                from: v.from,
                until: v.until,
                value: ValidityYears {
                    level_three: v.level_three,
                    levels_two_one: v.levels_two_one,
                },
                citation: cite(&v.clause),
            })
            .collect::<Vec<_>>()
            .leak(),
        ticket: TicketRule {
            days_before_evaluation: u64::from(book.ticket.days_before_evaluation),
            site: keep(&book.ticket.site),
        },
        results: ResultsRule {
            working_days: book.results.working_days,
            working_days_with_marking: book.results.working_days_with_marking,
            where_to_look: book
                .results
                .where_to_look
                .iter()
                .map(text)
                .collect::<Vec<_>>()
                .leak(),
        },
        service: ServiceWindow {
            address: text(&book.service.address),
            weekday: weekday(&book.service.weekday)?,
            hours: hours.leak(),
            phones: book
                .service
                .phones
                .iter()
                .map(|p| Phone {
                    number: keep(&p.number),
                    purpose_zh: keep(&p.purpose.zh),
                    purpose_en: keep(&p.purpose.en),
                    hours_zh: keep(&p.hours.zh),
                    hours_en: keep(&p.hours.en),
                    citation: cite(&p.clause),
                })
                .collect::<Vec<_>>()
                .leak(),
        },
        association_site: keep(&book.association_site),
        violations: violations.leak(),
        consequences: consequences.leak(),
        clauses: book
            .clauses
            .iter()
            .map(|(number, words)| (keep(number), keep(words)))
            .collect::<Vec<_>>()
            .leak(),
    };
    Ok(Box::leak(Box::new(rulebook)))
}

/// The working-day calendar of a year's published holidays, once it passes the same checks as
/// `pingjia rulebook check`; the problems, in words, if it does not.
pub fn holidays_from(book: &HolidayBook) -> Result<&'static crate::calendar::YearSchedule, String> {
    pingjia_rulebook::check::holidays_book(book).map_err(|problems| in_words(&problems))?;
    Ok(Box::leak(Box::new(crate::calendar::YearSchedule {
        year: book.year,
        document: keep(&book.document),
        days_off: book
            .days_off
            .iter()
            .map(|[from, until]| (*from, *until))
            .collect::<Vec<_>>()
            .leak(),
        make_up_working_days: book.make_up_working_days.clone().leak(),
    })))
}

/// A text kept for the program's life.
fn keep(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

fn text(t: &Text) -> Bilingual {
    Bilingual::new(keep(&t.zh), keep(&t.en))
}

fn time(text: &str) -> Option<NaiveTime> {
    pingjia_rulebook::check::time(text)
}

/// A session's level as the file names it ("三级"), through the format's one table of names.
fn level(name: &str) -> Option<Level> {
    LEVELS
        .iter()
        .find(|(written, _)| *written == name)
        .and_then(|(_, code)| Level::from_code(code))
}

/// A consequence as the file names it: the name it has in JSON (`Consequence`'s serde names).
fn consequence(kind: &str) -> Result<Consequence, String> {
    serde_json::from_value(serde_json::Value::from(kind))
        .map_err(|_| format!("{kind} is not a consequence"))
}

fn weekday(name: &str) -> Result<Weekday, String> {
    name.parse::<Weekday>()
        .map_err(|_| format!("service.weekday: {name} is not a weekday"))
}
