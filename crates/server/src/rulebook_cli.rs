//! `pingjia rulebook check FILE` and `pingjia rulebook diff OLD NEW`: what the association's
//! staff run on a notice's data file before it is published (docs/new-notice.md). The checks
//! and the comparison are `pingjia_rulebook`'s, the same the build runs on the books it ships.
//! `keygen`, `publish` and `verify` make a publisher's key, sign books into a folder the app
//! can fetch, and open that folder as the app would.

use pingjia_rulebook::{HolidayBook, NoticeBook, Problem};
use std::io::Write;
use std::path::Path;

/// The file read and checked: a notice's book (`notice-*.toml`) or a year's holidays
/// (`holidays-*.toml`), told apart by what the file holds.
enum Book {
    Notice(Box<NoticeBook>),
    Holidays(HolidayBook),
}

fn read(path: &Path) -> Result<(String, Result<Book, Vec<Problem>>), String> {
    let source = std::fs::read_to_string(path)
        .map_err(|e| format!("无法读取 {}：{e}（cannot read it）", path.display()))?;
    let is_holidays = source
        .lines()
        .any(|l| l.trim_start().starts_with("year ") || l.trim_start().starts_with("year="));
    let checked = if is_holidays {
        pingjia_rulebook::check::holidays(&source).map(Book::Holidays)
    } else {
        pingjia_rulebook::check::notice(&source)
            .and_then(|book| {
                // The rules quote clauses of their own (二（三）, 四（一）, …): the book must hold them too.
                let quoted = pingjia_rules::clauses::quoted_by_rules();
                pingjia_rulebook::check::clauses_the_rules_quote(&book, &quoted).map(|()| book)
            })
            .map(|b| Book::Notice(Box::new(b)))
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
        Ok((_, Ok(Book::Holidays(_)))) => {
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
            Ok((_, Ok(Book::Holidays(_)))) => {
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

/// The file names `keygen` writes.
pub const SECRET_KEY_FILE: &str = "publisher.key";
pub const PUBLIC_KEY_FILE: &str = "publisher.pub";

/// Makes a publisher's key pair in `folder`: `publisher.key` (secret, readable by its owner
/// only) and `publisher.pub`. Never overwrites a key.
pub fn keygen(folder: &Path, out: &mut impl Write) -> bool {
    let secret_path = folder.join(SECRET_KEY_FILE);
    let public_path = folder.join(PUBLIC_KEY_FILE);
    for path in [&secret_path, &public_path] {
        if path.exists() {
            let _ = writeln!(
                out,
                "{} 已存在，未覆盖：换用另一个文件夹，或先把旧密钥移走。\n  ({} exists and is kept: choose another folder.)",
                path.display(),
                path.display()
            );
            return false;
        }
    }
    let mut seed = [0u8; 32];
    if let Err(e) = getrandom::fill(&mut seed) {
        let _ = writeln!(out, "无法取得随机数：{e}（no randomness）");
        return false;
    }
    let key = pingjia_rulebook::signed::SecretKey::from_seed(seed);
    let written = std::fs::create_dir_all(folder)
        .and_then(|()| write_secret(&secret_path, &format!("{}\n", key.to_text())))
        .and_then(|()| std::fs::write(&public_path, format!("{}\n", key.public().to_text())));
    match written {
        Ok(()) => {
            let _ = writeln!(
                out,
                "已生成发布密钥：\n  {}（私钥：只保存在发布人员的电脑上，不要上传，不要提交到代码库）\n  {}（公钥：放入 crates/rulebook/keys/，应用据此核验）\n(secret key: keep it offline; public key: goes into crates/rulebook/keys/)",
                secret_path.display(),
                public_path.display()
            );
            true
        }
        Err(e) => {
            let _ = writeln!(out, "无法写入 {}：{e}（cannot write）", folder.display());
            false
        }
    }
}

#[cfg(unix)]
fn write_secret(path: &Path, text: &str) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_secret(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// Checks `files` (notices and holiday years), signs them with the key in `key_file` and
/// writes the publication into `folder` (docs/new-notice.md): a compact file per book,
/// `index.json` and `index.sig`. Nothing is written if any book fails its check.
pub fn publish(
    files: &[std::path::PathBuf],
    key_file: &Path,
    folder: &Path,
    out: &mut impl Write,
) -> bool {
    use pingjia_rulebook::signed::{self, SecretKey};
    let key = match std::fs::read_to_string(key_file)
        .map_err(|e| {
            format!(
                "无法读取 {}：{e}（cannot read the key）",
                key_file.display()
            )
        })
        .and_then(|text| SecretKey::from_text(&text).map_err(|e| e.to_string()))
    {
        Ok(key) => key,
        Err(why) => {
            let _ = writeln!(out, "{why}");
            return false;
        }
    };
    let mut books = Vec::new();
    let mut passed = true;
    for path in files {
        match read(path) {
            Err(why) => {
                let _ = writeln!(out, "{why}");
                passed = false;
            }
            Ok((_, Err(problems))) => {
                report(out, path, &problems);
                passed = false;
            }
            Ok((_, Ok(Book::Notice(book)))) => books.push(signed::Book::Notice(book)),
            Ok((_, Ok(Book::Holidays(book)))) => books.push(signed::Book::Holidays(book)),
        }
    }
    if !passed {
        let _ = writeln!(
            out,
            "未发布：请先改正以上问题。(Nothing published: fix the problems above.)"
        );
        return false;
    }
    let publication = match signed::publish(&books, &key) {
        Ok(p) => p,
        Err(refused) => {
            let _ = writeln!(out, "{refused}");
            return false;
        }
    };
    let written = std::fs::create_dir_all(folder).and_then(|()| {
        // The index and its signature last: a reader never sees an index naming a file not
        // yet written.
        for (name, bytes) in &publication.files {
            let path = folder.join(name);
            let partial = folder.join(format!(".{name}.partial"));
            std::fs::write(&partial, bytes)?;
            std::fs::rename(&partial, &path)?;
        }
        Ok(())
    });
    if let Err(e) = written {
        let _ = writeln!(out, "无法写入 {}：{e}（cannot write）", folder.display());
        return false;
    }
    let _ = writeln!(out, "已发布到 {}（signed and written）：", folder.display());
    for entry in &publication.index.books {
        let _ = writeln!(out, "  {}", describe(entry));
    }
    true
}

fn describe(entry: &pingjia_rulebook::signed::Entry) -> String {
    use pingjia_rulebook::signed::Entry;
    match entry {
        Entry::Notice {
            version,
            notice,
            applies_from,
            valid_until,
            file,
            ..
        } => format!("{file}：{notice}（{version}），适用 {applies_from} 至 {valid_until}"),
        Entry::Holidays { year, file, .. } => format!("{file}：{year} 年放假安排"),
    }
}

/// A publication opened as the app opens it: the index's signature by the key in
/// `public_key_file`, then each book's hash and check, and for a notice the words of every
/// clause the rules quote. Each book with its line, or why it was refused.
type Opened = Vec<(String, Result<pingjia_rulebook::signed::Book, String>)>;

fn open_publication(folder: &Path, public_key_file: &Path) -> Result<Opened, String> {
    use pingjia_rulebook::signed::{self, PublicKey};
    let key_text = std::fs::read_to_string(public_key_file).map_err(|e| {
        format!(
            "无法读取 {}：{e}（cannot read the key）",
            public_key_file.display()
        )
    })?;
    let key = PublicKey::from_text(&key_text).map_err(|e| e.to_string())?;
    let read = |name: &str| {
        std::fs::read(folder.join(name)).map_err(|e| {
            format!(
                "无法读取 {}：{e}（cannot read it）",
                folder.join(name).display()
            )
        })
    };
    let signature = String::from_utf8_lossy(&read(signed::SIGNATURE_FILE)?).into_owned();
    let index = signed::open_index(&read(signed::INDEX_FILE)?, &signature, &[key])
        .map_err(|e| e.to_string())?;
    let quoted = pingjia_rules::clauses::quoted_by_rules();
    let mut opened = Vec::new();
    for entry in &index.books {
        let book = entry
            .open(&read(entry.file())?)
            .map_err(|why| why.to_string())
            .and_then(|book| match &book {
                signed::Book::Notice(notice) => {
                    pingjia_rulebook::check::clauses_the_rules_quote(notice, &quoted)
                        .map(|()| book)
                        .map_err(|problems| {
                            problems
                                .iter()
                                .map(|p| format!("{}: {p}", entry.file()))
                                .collect::<Vec<_>>()
                                .join("\n  ✗ ")
                        })
                }
                signed::Book::Holidays(_) => Ok(book),
            });
        opened.push((describe(entry), book));
    }
    Ok(opened)
}

/// The notices of a publication the server answers from beside its built-in ones, its years of
/// holidays installed in the calendar: every book must be accepted, or none is used (an answer
/// from half a publication could mix two notices' values without saying so).
pub fn answering_books(
    folder: &Path,
    public_key_file: &Path,
) -> Result<Vec<&'static pingjia_rules::rulebook::Rulebook>, String> {
    let mut books = Vec::new();
    let mut holidays = Vec::new();
    for (line, opened) in open_publication(folder, public_key_file)? {
        match opened {
            Ok(pingjia_rulebook::signed::Book::Notice(notice)) => books.push(
                pingjia_rules::rulebook::rulebook_from(&notice)
                    .map_err(|why| format!("{line}：{why}"))?,
            ),
            Ok(pingjia_rulebook::signed::Book::Holidays(year)) => holidays.push(
                pingjia_rules::rulebook::holidays_from(&year)
                    .map_err(|why| format!("{line}：{why}"))?,
            ),
            Err(why) => return Err(format!("{} ✗ {why}", folder.display())),
        }
    }
    // The process answers from this one folder: its years of holidays count working days
    // from now on (a year built in stays as built).
    pingjia_rules::calendar::install(holidays);
    Ok(books)
}

/// Opens a publication in `folder` as the app does: the index's signature by the key in
/// `public_key_file`, then each book's hash and check. True if everything is accepted.
pub fn verify(folder: &Path, public_key_file: &Path, out: &mut impl Write) -> bool {
    let opened = open_publication(folder, public_key_file).and_then(|opened| {
        let refused: Vec<String> = opened
            .iter()
            .filter_map(|(_, book)| book.as_ref().err().map(|why| format!("  ✗ {why}")))
            .collect();
        if refused.is_empty() {
            Ok(opened
                .iter()
                .map(|(line, _)| format!("  ✓ {line}"))
                .collect::<Vec<_>>())
        } else {
            Err(refused.join("\n"))
        }
    });
    match opened {
        Ok(lines) => {
            let _ = writeln!(
                out,
                "{}：签名与每份文件都核验通过。(verified)",
                folder.display()
            );
            for line in lines {
                let _ = writeln!(out, "{line}");
            }
            true
        }
        Err(why) => {
            let _ = writeln!(out, "{}：核验未通过。(refused)\n{why}", folder.display());
            false
        }
    }
}
