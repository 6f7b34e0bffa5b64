//! `pingjia rulebook check FILE` and `pingjia rulebook diff OLD NEW`: what the association's
//! staff run on a notice's data file before it is published (docs/new-notice.md). The checks
//! and the comparison are `pingjia_rulebook`'s, the same the build runs on the books it ships.

use pingjia_rulebook::{NoticeBook, Problem};
use std::io::Write;
use std::path::Path;

/// The file read and checked: a notice's book (`notice-*.toml`) or a year's holidays
/// (`holidays-*.toml`), told apart by what the file holds.
enum Book {
    Notice(Box<NoticeBook>),
    Holidays,
}

fn read(path: &Path) -> Result<(String, Result<Book, Vec<Problem>>), String> {
    let source = std::fs::read_to_string(path)
        .map_err(|e| format!("无法读取 {}：{e}（cannot read it）", path.display()))?;
    let is_holidays = source
        .lines()
        .any(|l| l.trim_start().starts_with("year ") || l.trim_start().starts_with("year="));
    let checked = if is_holidays {
        pingjia_rulebook::check::holidays(&source).map(|_| Book::Holidays)
    } else {
        pingjia_rulebook::check::notice(&source).map(|b| Book::Notice(Box::new(b)))
    };
    Ok((source, checked))
}

fn report(out: &mut impl Write, path: &Path, problems: &[Problem]) {
    let _ = writeln!(
        out,
        "{}：{} 处问题（{} problem(s)）",
        path.display(),
        problems.len(),
        problems.len()
    );
    for p in problems {
        let _ = writeln!(out, "  {p}");
    }
}

/// Checks a book; true if it passes. Each problem names the field, its line and the fix.
pub fn check(path: &Path, out: &mut impl Write) -> bool {
    match read(path) {
        Err(why) => {
            let _ = writeln!(out, "{why}");
            false
        }
        Ok((_, Err(problems))) => {
            report(out, path, &problems);
            false
        }
        Ok((_, Ok(Book::Notice(book)))) => {
            let _ = writeln!(
                out,
                "{}：通过检查。{}（{}），适用 {} 至 {}，{} 期考核。\n  (passes: {} sessions)",
                path.display(),
                book.notice,
                book.version,
                book.applies_from,
                book.valid_until,
                book.sessions.len(),
                book.sessions.len()
            );
            true
        }
        Ok((_, Ok(Book::Holidays))) => {
            let _ = writeln!(out, "{}：通过检查。(passes)", path.display());
            true
        }
    }
}

/// What changed from one notice's book to the next, in words; false if either fails its check.
pub fn diff(old: &Path, new: &Path, out: &mut impl Write) -> bool {
    let mut books = Vec::new();
    for path in [old, new] {
        match read(path) {
            Err(why) => {
                let _ = writeln!(out, "{why}");
                return false;
            }
            Ok((_, Err(problems))) => {
                report(out, path, &problems);
                return false;
            }
            Ok((_, Ok(Book::Holidays))) => {
                let _ = writeln!(
                    out,
                    "{}：这是节假日文件，只能比较两份通知（compare two notices' books）。",
                    path.display()
                );
                return false;
            }
            Ok((_, Ok(Book::Notice(book)))) => books.push(book),
        }
    }
    let (Some(old), Some(new)) = (books.first(), books.get(1)) else {
        return false;
    };
    let changes = pingjia_rulebook::diff::diff(old, new);
    if changes.is_empty() {
        let _ = writeln!(out, "两份通知的内容相同。(No differences.)");
    }
    for c in changes {
        let _ = writeln!(out, "- {}\n  {}", c.zh, c.en);
    }
    true
}
