//! The rulebooks are data (`crates/rulebook/books/*.toml`, one per notice and one per year's
//! holiday schedule): this script checks each with `pingjia_rulebook::check` — a book with a
//! problem stops the build with the problem's field, line and fix — and writes them as the
//! rules' constants (`$OUT_DIR/notices.rs`, `$OUT_DIR/holidays.rs`). The app therefore carries
//! no reader for them: a first visit pays for the values alone.

use pingjia_rulebook::format::{HolidayBook, LEVELS, NoticeBook, Text};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let books = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rulebook/books");
    println!("cargo:rerun-if-changed={}", books.display());
    let mut names: Vec<PathBuf> = match std::fs::read_dir(&books) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect(),
        Err(e) => fail(&format!("cannot read {}: {e}", books.display())),
    };
    names.sort();
    let mut notices = Vec::new();
    let mut holidays = Vec::new();
    for path in &names {
        println!("cargo:rerun-if-changed={}", path.display());
        let source = std::fs::read_to_string(path)
            .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())));
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("notice-") {
            match pingjia_rulebook::check::notice(&source) {
                Ok(book) => notices.push(book),
                Err(problems) => fail_book(path, &problems),
            }
        } else if name.starts_with("holidays-") {
            match pingjia_rulebook::check::holidays(&source) {
                Ok(book) => holidays.push(book),
                Err(problems) => fail_book(path, &problems),
            }
        }
    }
    if notices.is_empty() {
        fail("no notice-*.toml in crates/rulebook/books");
    }
    notices.sort_by_key(|b| b.applies_from);
    holidays.sort_by_key(|b| b.year);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| fail("no OUT_DIR")));
    write(&out.join("notices.rs"), &notices_code(&notices));
    write(&out.join("holidays.rs"), &holidays_code(&holidays));
}

fn fail(why: &str) -> ! {
    eprintln!("error: {why}");
    std::process::exit(1)
}

fn fail_book(path: &Path, problems: &[pingjia_rulebook::Problem]) -> ! {
    eprintln!("error: {} does not pass its check:", path.display());
    for p in problems {
        eprintln!("  {p}");
    }
    std::process::exit(1)
}

fn write(path: &Path, code: &str) {
    if let Err(e) = std::fs::write(path, code) {
        fail(&format!("cannot write {}: {e}", path.display()));
    }
}

/// A Rust string literal.
fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn text(t: &Text) -> String {
    format!("Bilingual::fixed({}, {})", lit(&t.zh), lit(&t.en))
}

fn date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("date({}, {}, {})", d.year(), d.month(), d.day())
}

/// A clause of `book`'s notice.
fn quoted(book: &NoticeBook, clause: &str) -> String {
    use chrono::Datelike;
    format!(
        "Citation::quoted(Source::Notice {{ year: {}, number: {} }}, {})",
        book.published.year(),
        lit(&book.notice),
        lit(clause)
    )
}

fn variant(snake: &str) -> String {
    snake
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn hm(text: &str) -> String {
    let (h, m) = text.split_once(':').unwrap_or(("0", "0"));
    format!(
        "hm({}, {})",
        h.trim_start_matches('0').parse::<u32>().unwrap_or(0),
        m.trim_start_matches('0').parse::<u32>().unwrap_or(0)
    )
}

fn notices_code(books: &[NoticeBook]) -> String {
    use chrono::Datelike;
    let mut c = String::from("// Written by build.rs from crates/rulebook/books: do not edit.\n\n");
    let mut names = Vec::new();
    for book in books {
        let name = format!("NOTICE_{}", book.version.replace(['.', '-'], "_"));
        let _ = writeln!(c, "pub static {name}: Rulebook = Rulebook {{");
        let _ = writeln!(c, "    version: {},", lit(&book.version));
        let _ = writeln!(c, "    notice: {},", lit(&book.notice));
        let _ = writeln!(c, "    published: {},", date(book.published));
        let _ = writeln!(c, "    applies_from: {},", date(book.applies_from));
        let _ = writeln!(c, "    valid_until: {},", date(book.valid_until));
        c.push_str("    fees: &[\n");
        for f in &book.fees {
            let _ = writeln!(
                c,
                "        Dated {{ from: {}, until: {}, value: FeeTable {{ theory: {}, skills_level_three: {}, skills_levels_two_one: {}, review_levels_two_one: {} }}, citation: {} }},",
                date(f.from),
                date(f.until),
                f.theory,
                f.skills_level_three,
                f.skills_levels_two_one,
                f.review_levels_two_one,
                quoted(book, &f.clause)
            );
        }
        c.push_str("    ],\n");
        let b = &book.bank_account;
        let _ = writeln!(
            c,
            "    bank_account: Dated {{ from: {}, until: {}, value: BankAccount {{ account_name: {}, account_number: {}, bank: {} }}, citation: {} }},",
            date(b.from),
            date(b.until),
            lit(&b.account_name),
            lit(&b.account_number),
            lit(&b.bank),
            quoted(book, &b.clause)
        );
        c.push_str("    sessions: &[\n");
        for s in &book.sessions {
            let (year, month) = s.evaluation.split_once('-').unwrap_or(("0", "0"));
            let levels: Vec<String> = s
                .levels
                .iter()
                .filter_map(|l| LEVELS.iter().find(|(name, _)| name == l))
                .map(|(_, code)| format!("Level::{}", variant(code)))
                .collect();
            let _ = writeln!(
                c,
                "        Session {{ apply_from: {}, apply_until: {}, pay_from: {}, pay_until: {}, evaluation_year: {}, evaluation_month: {}, levels: &[{}], source: Source::Notice {{ year: {}, number: {} }} }},",
                date(s.apply[0]),
                date(s.apply[1]),
                date(s.pay[0]),
                date(s.pay[1]),
                year.parse::<i32>().unwrap_or(0),
                month.trim_start_matches('0').parse::<u32>().unwrap_or(0),
                levels.join(", "),
                book.published.year(),
                lit(&book.notice)
            );
        }
        c.push_str("    ],\n    retake_validity_years: &[\n");
        for v in &book.retake_validity_years {
            let _ = writeln!(
                c,
                "        Dated {{ from: {}, until: {}, value: ValidityYears {{ level_three: {}, levels_two_one: {} }}, citation: {} }},",
                date(v.from),
                date(v.until),
                v.level_three,
                v.levels_two_one,
                quoted(book, &v.clause)
            );
        }
        c.push_str("    ],\n");
        let _ = writeln!(
            c,
            "    ticket: TicketRule {{ days_before_evaluation: {}, site: {} }},",
            book.ticket.days_before_evaluation,
            lit(&book.ticket.site)
        );
        let r = &book.results;
        let places: Vec<String> = r.where_to_look.iter().map(text).collect();
        let _ = writeln!(
            c,
            "    results: ResultsRule {{ working_days: {}, working_days_with_marking: {}, where_to_look: &[{}] }},",
            r.working_days,
            r.working_days_with_marking,
            places.join(", ")
        );
        let s = &book.service;
        let hours: Vec<String> = s
            .hours
            .iter()
            .map(|[a, b]| format!("({}, {})", hm(a), hm(b)))
            .collect();
        let weekday = match s.weekday.as_str() {
            "monday" => "Mon",
            "tuesday" => "Tue",
            "wednesday" => "Wed",
            "thursday" => "Thu",
            "friday" => "Fri",
            "saturday" => "Sat",
            _ => "Sun",
        };
        let _ = writeln!(
            c,
            "    service: ServiceWindow {{ address: {}, weekday: Weekday::{weekday}, hours: &[{}], phones: &[",
            text(&s.address),
            hours.join(", ")
        );
        for p in &s.phones {
            let _ = writeln!(
                c,
                "        Phone {{ number: {}, purpose_zh: {}, purpose_en: {}, hours_zh: {}, hours_en: {}, citation: {} }},",
                lit(&p.number),
                lit(&p.purpose.zh),
                lit(&p.purpose.en),
                lit(&p.hours.zh),
                lit(&p.hours.en),
                quoted(book, &p.clause)
            );
        }
        c.push_str("    ] },\n");
        let _ = writeln!(c, "    association_site: {},", lit(&book.association_site));
        c.push_str("    violations: &[\n");
        for v in &book.violations {
            let _ = writeln!(
                c,
                "        Violation {{ code: {}, consequence: Consequence::{}, text_zh: {}, text_en: {} }},",
                lit(&v.code),
                variant(&v.consequence),
                lit(&v.text.zh),
                lit(&v.text.en)
            );
        }
        c.push_str("    ],\n    consequences: &[\n");
        for k in &book.consequences {
            let _ = writeln!(
                c,
                "        (Consequence::{}, {}),",
                variant(&k.kind),
                text(&k.text)
            );
        }
        c.push_str("    ],\n    clauses: &[\n");
        for (number, words) in &book.clauses {
            let _ = writeln!(c, "        ({}, {}),", lit(number), lit(words));
        }
        c.push_str("    ],\n};\n\n");
        names.push(name);
    }
    let refs: Vec<String> = names.iter().map(|n| format!("&{n}")).collect();
    let _ = writeln!(
        c,
        "/// Every notice's rulebook, by the day it starts to apply.\npub static NOTICES: [&Rulebook; {}] = [{}];",
        names.len(),
        refs.join(", ")
    );
    c
}

fn holidays_code(books: &[HolidayBook]) -> String {
    let mut c = String::from("// Written by build.rs from crates/rulebook/books: do not edit.\n\n");
    let _ = writeln!(
        c,
        "pub static SCHEDULES: [YearSchedule; {}] = [",
        books.len()
    );
    for b in books {
        let days: Vec<String> = b
            .days_off
            .iter()
            .map(|[a, z]| format!("({}, {})", date(*a), date(*z)))
            .collect();
        let make_up: Vec<String> = b.make_up_working_days.iter().map(|d| date(*d)).collect();
        let _ = writeln!(
            c,
            "    YearSchedule {{ year: {}, document: {}, days_off: &[{}], make_up_working_days: &[{}] }},",
            b.year,
            lit(&b.document),
            days.join(", "),
            make_up.join(", ")
        );
    }
    c.push_str("];\n");
    c
}
