//! Reading a book and checking it before anyone relies on it: every field present and typed,
//! dates in order, periods that cover the book without gap or overlap, sessions that follow one
//! another, fees for every subject, the words of every clause a value cites. Each problem names
//! the field, the line where it can be found, and how to put it right, in Chinese and English.

use crate::format::{
    CONSEQUENCES, FORMAT, HolidayBook, LEVELS, NoticeBook, Session, Text, WEEKDAYS,
};
use chrono::{Datelike, Months, NaiveDate, NaiveTime};
use std::fmt;

/// One thing wrong with a book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where, as the file names it: `sessions[3].pay` (rows counted from 1).
    pub field: String,
    /// The line of the file, where it can be found.
    pub line: Option<usize>,
    pub message: Text,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "第 {line} 行，{}：", self.field)?,
            None => write!(f, "{}：", self.field)?,
        }
        write!(f, "{}\n    ({})", self.message.zh, self.message.en)
    }
}

fn text(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text {
        zh: zh.into(),
        en: en.into(),
    }
}

/// Reads and checks a notice's book.
pub fn notice(source: &str) -> Result<NoticeBook, Vec<Problem>> {
    let book: NoticeBook = toml::from_str(source).map_err(|e| vec![unreadable(source, &e)])?;
    let mut found = Found {
        source,
        problems: Vec::new(),
    };
    found.notice(&book);
    if found.problems.is_empty() {
        Ok(book)
    } else {
        Err(found.problems)
    }
}

/// Reads and checks a year's holiday schedule.
pub fn holidays(source: &str) -> Result<HolidayBook, Vec<Problem>> {
    let book: HolidayBook = toml::from_str(source).map_err(|e| vec![unreadable(source, &e)])?;
    let mut found = Found {
        source,
        problems: Vec::new(),
    };
    found.holidays(&book);
    if found.problems.is_empty() {
        Ok(book)
    } else {
        Err(found.problems)
    }
}

/// Checks a notice's book already read (a published compact file): the same checks, with no
/// line to point to.
pub fn notice_book(book: &NoticeBook) -> Result<(), Vec<Problem>> {
    let mut found = Found {
        source: "",
        problems: Vec::new(),
    };
    found.notice(book);
    if found.problems.is_empty() {
        Ok(())
    } else {
        Err(found.problems)
    }
}

/// Checks that a notice's book holds the words of each clause the rules quote (`numbers`, from
/// the rules crate): an answer under the book cites them, and "tap to read the clause" must
/// find their words. The rules are code, so their list comes from the caller that has them.
pub fn clauses_the_rules_quote(book: &NoticeBook, numbers: &[&str]) -> Result<(), Vec<Problem>> {
    let mut found = Found {
        source: "",
        problems: Vec::new(),
    };
    for number in numbers {
        found.clause("clauses", number, book);
    }
    if found.problems.is_empty() {
        Ok(())
    } else {
        Err(found.problems)
    }
}

/// Checks a year's holiday schedule already read.
pub fn holidays_book(book: &HolidayBook) -> Result<(), Vec<Problem>> {
    let mut found = Found {
        source: "",
        problems: Vec::new(),
    };
    found.holidays(book);
    if found.problems.is_empty() {
        Ok(())
    } else {
        Err(found.problems)
    }
}

/// A file that is not TOML, or a field missing, unknown or of the wrong type.
fn unreadable(source: &str, e: &toml::de::Error) -> Problem {
    let line = e.span().map(|span| {
        source[..span.start.min(source.len())]
            .lines()
            .count()
            .max(1)
    });
    let what = e.message().to_string();
    Problem {
        field: "文件 file".into(),
        line,
        message: text(
            format!(
                "无法读取：{what}。请对照 docs/rulebook-format.md 检查这一行的写法（字段名、引号、日期写成 \"2025-05-16\"）。"
            ),
            format!(
                "Cannot be read: {what}. Compare the line with docs/rulebook-format.md (field names, quotes, dates written \"2025-05-16\")."
            ),
        ),
    }
}

struct Found<'a> {
    source: &'a str,
    problems: Vec<Problem>,
}

impl Found<'_> {
    fn add(&mut self, field: impl Into<String>, zh: String, en: String) {
        let field = field.into();
        let line = locate(self.source, &field);
        self.problems.push(Problem {
            field,
            line,
            message: text(zh, en),
        });
    }

    fn filled(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.add(field, "不能为空。".into(), "must not be empty.".into());
        }
    }

    fn filled_text(&mut self, field: &str, value: &Text) {
        self.filled(&format!("{field}.zh"), &value.zh);
        self.filled(&format!("{field}.en"), &value.en);
    }

    fn ordered(&mut self, field: &str, first: NaiveDate, last: NaiveDate) {
        if first > last {
            self.add(
                field,
                format!("结束日期 {last} 早于开始日期 {first}。"),
                format!("ends ({last}) before it starts ({first})."),
            );
        }
    }

    fn clause(&mut self, field: &str, clause: &str, book: &NoticeBook) {
        if !book.clauses.contains_key(clause) {
            self.add(
                field,
                format!("引用的条款“{clause}”在 [clauses] 中没有原文：请在 [clauses] 中加上它的原文，或改正条款号。"),
                format!("cites clause \"{clause}\", whose words are not in [clauses]: add them there, or correct the number."),
            );
        }
    }

    /// Periods of one kind cover the book from its first day to its last, without gap or overlap.
    fn covering(&mut self, what: &str, periods: &[(NaiveDate, NaiveDate)], book: &NoticeBook) {
        let Some((first, last)) = periods.first().zip(periods.last()) else {
            self.add(
                what,
                "至少要有一段。".into(),
                "needs at least one period.".into(),
            );
            return;
        };
        for (i, (from, until)) in periods.iter().enumerate() {
            self.ordered(&format!("{what}[{}]", i + 1), *from, *until);
        }
        for (i, pair) in periods.windows(2).enumerate() {
            if pair[0].1.succ_opt() != Some(pair[1].0) {
                self.add(
                    format!("{what}[{}].from", i + 2),
                    format!("应紧接上一段的结束日期 {}（不重叠、不留空）。", pair[0].1),
                    format!(
                        "must follow the previous period's end, {}, with no overlap or gap.",
                        pair[0].1
                    ),
                );
            }
        }
        if first.0 != book.applies_from {
            self.add(
                format!("{what}[1].from"),
                format!(
                    "应从本规则的第一天 applies_from（{}）开始。",
                    book.applies_from
                ),
                format!(
                    "must start on the book's first day, applies_from ({}).",
                    book.applies_from
                ),
            );
        }
        if last.1 != book.valid_until {
            self.add(
                format!("{what}[{}].until", periods.len()),
                format!(
                    "应到本规则的最后一天 valid_until（{}）为止。",
                    book.valid_until
                ),
                format!(
                    "must end on the book's last day, valid_until ({}).",
                    book.valid_until
                ),
            );
        }
    }

    fn notice(&mut self, book: &NoticeBook) {
        if book.format != FORMAT {
            self.add(
                "format",
                format!("格式版本应为 {FORMAT}（本程序读取的格式）。"),
                format!("must be {FORMAT}, the format this program reads."),
            );
        }
        self.filled("version", &book.version);
        self.filled("notice", &book.notice);
        if !book.association_site.starts_with("http") {
            self.add(
                "association_site",
                "应是以 http:// 或 https:// 开头的网址。".into(),
                "must be an address starting with http:// or https://.".into(),
            );
        }
        self.ordered("valid_until", book.applies_from, book.valid_until);
        if book.published > book.valid_until {
            self.add(
                "published",
                "通知日期晚于本规则的最后一天 valid_until。".into(),
                "the notice is dated after the book's last day, valid_until.".into(),
            );
        }

        let fees: Vec<_> = book.fees.iter().map(|f| (f.from, f.until)).collect();
        self.covering("fees", &fees, book);
        for (i, f) in book.fees.iter().enumerate() {
            let at = format!("fees[{}]", i + 1);
            self.clause(&format!("{at}.clause"), &f.clause, book);
            for (name, amount) in [
                ("theory", f.theory),
                ("skills_level_three", f.skills_level_three),
                ("skills_levels_two_one", f.skills_levels_two_one),
                ("review_levels_two_one", f.review_levels_two_one),
            ] {
                if amount == 0 || amount > 100_000 {
                    self.add(
                        format!("{at}.{name}"),
                        format!("金额 {amount} 元不合理：请填写每人每科的考核费（元，正整数）。"),
                        format!("{amount} yuan is not a fee: give the fee per person per subject in whole yuan."),
                    );
                }
            }
        }
        let bank = &book.bank_account;
        self.covering("bank_account", &[(bank.from, bank.until)], book);
        self.clause("bank_account.clause", &bank.clause, book);
        self.filled("bank_account.account_name", &bank.account_name);
        self.filled("bank_account.account_number", &bank.account_number);
        self.filled("bank_account.bank", &bank.bank);

        let validity: Vec<_> = book
            .retake_validity_years
            .iter()
            .map(|v| (v.from, v.until))
            .collect();
        self.covering("retake_validity_years", &validity, book);
        for (i, v) in book.retake_validity_years.iter().enumerate() {
            let at = format!("retake_validity_years[{}]", i + 1);
            self.clause(&format!("{at}.clause"), &v.clause, book);
            for (name, years) in [
                ("level_three", v.level_three),
                ("levels_two_one", v.levels_two_one),
            ] {
                if !(1..=10).contains(&years) {
                    self.add(
                        format!("{at}.{name}"),
                        format!("有效期 {years} 年不合理（应为 1–10 年）。"),
                        format!("{years} years is not a validity (1 to 10)."),
                    );
                }
            }
        }

        self.sessions(book);

        if !(1..=60).contains(&book.ticket.days_before_evaluation) {
            self.add(
                "ticket.days_before_evaluation",
                "应为考核前的天数（1–60）。".into(),
                "must be the days before the evaluation (1 to 60).".into(),
            );
        }
        self.filled("ticket.site", &book.ticket.site);
        let r = &book.results;
        if r.working_days == 0 || r.working_days_with_marking < r.working_days {
            self.add(
                "results.working_days_with_marking",
                "工作日数应大于 0，且涉及阅卷或工件检测时不少于一般情况。".into(),
                "working days must be above 0, and no fewer with marking than without.".into(),
            );
        }
        if r.where_to_look.is_empty() {
            self.add(
                "results.where_to_look",
                "至少写一处查询成绩的地方。".into(),
                "name at least one place to look the results up.".into(),
            );
        }
        for (i, t) in r.where_to_look.iter().enumerate() {
            self.filled_text(&format!("results.where_to_look[{}]", i + 1), t);
        }

        self.service(book);

        for kind in CONSEQUENCES {
            let n = book.consequences.iter().filter(|c| c.kind == kind).count();
            if n != 1 {
                self.add(
                    "consequences",
                    format!("“{kind}”应写且只写一次（现有 {n} 次）。"),
                    format!("\"{kind}\" must appear exactly once (found {n})."),
                );
            }
        }
        for (i, c) in book.consequences.iter().enumerate() {
            let at = format!("consequences[{}]", i + 1);
            if !CONSEQUENCES.contains(&c.kind.as_str()) {
                self.add(
                    format!("{at}.kind"),
                    format!(
                        "“{}”不是已知的处理类别：可填 {}。",
                        c.kind,
                        CONSEQUENCES.join("、")
                    ),
                    format!(
                        "\"{}\" is not a known kind: use one of {}.",
                        c.kind,
                        CONSEQUENCES.join(", ")
                    ),
                );
            }
            self.filled_text(&format!("{at}.text"), &c.text);
        }
        for (i, v) in book.violations.iter().enumerate() {
            let at = format!("violations[{}]", i + 1);
            self.filled(&format!("{at}.code"), &v.code);
            if book.violations[..i].iter().any(|w| w.code == v.code) {
                self.add(
                    format!("{at}.code"),
                    format!("编号“{}”重复。", v.code),
                    format!("the code \"{}\" is used twice.", v.code),
                );
            }
            if !CONSEQUENCES.contains(&v.consequence.as_str()) {
                self.add(
                    format!("{at}.consequence"),
                    format!(
                        "“{}”不是已知的处理类别：可填 {}。",
                        v.consequence,
                        CONSEQUENCES.join("、")
                    ),
                    format!(
                        "\"{}\" is not a known kind: use one of {}.",
                        v.consequence,
                        CONSEQUENCES.join(", ")
                    ),
                );
            }
            self.filled_text(&format!("{at}.text"), &v.text);
        }
        for (number, words) in &book.clauses {
            if words.trim().is_empty() {
                self.add(
                    format!("clauses.\"{number}\""),
                    "条款原文不能为空。".into(),
                    "the clause's words must not be empty.".into(),
                );
            }
        }
    }

    fn sessions(&mut self, book: &NoticeBook) {
        if book.sessions.is_empty() {
            self.add(
                "sessions",
                "至少要有一期考核。".into(),
                "needs at least one session.".into(),
            );
            return;
        }
        let mut months = Vec::new();
        for (i, s) in book.sessions.iter().enumerate() {
            let at = format!("sessions[{}]", i + 1);
            self.ordered(&format!("{at}.apply"), s.apply[0], s.apply[1]);
            self.ordered(&format!("{at}.pay"), s.pay[0], s.pay[1]);
            if s.pay[0] < s.apply[0] || s.pay[1] < s.apply[1] {
                self.add(
                    format!("{at}.pay"),
                    "缴费不能早于申报开始，也不能早于申报截止前结束。".into(),
                    "payment cannot start before applications open, nor end before they close."
                        .into(),
                );
            }
            match evaluation_month(s) {
                Some(month) => {
                    if month <= s.apply[1] || month <= s.pay[1] {
                        self.add(
                            format!("{at}.evaluation"),
                            "考核月应在申报和缴费截止之后。".into(),
                            "the evaluation month must come after applications and payment close."
                                .into(),
                        );
                    }
                    months.push(month);
                }
                None => self.add(
                    format!("{at}.evaluation"),
                    format!("“{}”不是年月：请写成 \"2025-07\"。", s.evaluation),
                    format!(
                        "\"{}\" is not a month: write it like \"2025-07\".",
                        s.evaluation
                    ),
                ),
            }
            if s.levels.is_empty() {
                self.add(
                    format!("{at}.levels"),
                    "至少开考一个等级。".into(),
                    "at least one level must be evaluated.".into(),
                );
            }
            for (j, level) in s.levels.iter().enumerate() {
                if !LEVELS.iter().any(|(name, _)| name == level) || s.levels[..j].contains(level) {
                    self.add(
                        format!("{at}.levels"),
                        format!("“{level}”不是可选等级或重复了：可填 三级、二级、一级，各一次。"),
                        format!("\"{level}\" is not a level or is repeated: use 三级, 二级, 一级, each once."),
                    );
                }
            }
        }
        for (i, pair) in book.sessions.windows(2).enumerate() {
            if pair[1].apply[0] <= pair[0].apply[1] {
                self.add(
                    format!("sessions[{}].apply", i + 2),
                    format!("申报期与上一期（截至 {}）重叠：请按时间顺序排列，各期申报期不重叠。", pair[0].apply[1]),
                    format!("overlaps the previous session's applications (until {}): list sessions in order, without overlap.", pair[0].apply[1]),
                );
            }
        }
        if let Some(first) = book.sessions.first()
            && first.apply[0] != book.applies_from
        {
            self.add(
                "applies_from",
                format!("应是第一期的申报开始日 {}。", first.apply[0]),
                format!(
                    "must be the first session's first application day, {}.",
                    first.apply[0]
                ),
            );
        }
        if let Some(end) = months
            .last()
            .and_then(|m| m.checked_add_months(Months::new(1)))
            .and_then(|d| d.pred_opt())
            && end != book.valid_until
        {
            self.add(
                "valid_until",
                format!("应是最后一期考核月的最后一天 {end}。"),
                format!("must be the last day of the last evaluation month, {end}."),
            );
        }
    }

    fn service(&mut self, book: &NoticeBook) {
        let s = &book.service;
        self.filled_text("service.address", &s.address);
        if !WEEKDAYS.contains(&s.weekday.as_str()) {
            self.add(
                "service.weekday",
                format!("“{}”不是星期：可填 {}。", s.weekday, WEEKDAYS.join("、")),
                format!(
                    "\"{}\" is not a weekday: use one of {}.",
                    s.weekday,
                    WEEKDAYS.join(", ")
                ),
            );
        }
        let mut last_close: Option<NaiveTime> = None;
        for (i, [open, close]) in s.hours.iter().enumerate() {
            let at = format!("service.hours[{}]", i + 1);
            match (time(open), time(close)) {
                (Some(open), Some(close)) if open < close => {
                    if last_close.is_some_and(|last| open < last) {
                        self.add(
                            at,
                            "各时段应按时间先后排列且不重叠。".into(),
                            "openings must be in order and not overlap.".into(),
                        );
                    }
                    last_close = Some(close);
                }
                _ => self.add(
                    at,
                    format!("“{open}”–“{close}”不是时段：请写成 [\"09:30\", \"11:30\"]，开始早于结束。"),
                    format!("\"{open}\"–\"{close}\" is not an opening: write it like [\"09:30\", \"11:30\"], start before end."),
                ),
            }
        }
        if s.hours.is_empty() {
            self.add(
                "service.hours",
                "至少写一个受理时段。".into(),
                "give at least one opening.".into(),
            );
        }
        for (i, p) in s.phones.iter().enumerate() {
            let at = format!("service.phones[{}]", i + 1);
            self.filled(&format!("{at}.number"), &p.number);
            self.clause(&format!("{at}.clause"), &p.clause, book);
            self.filled_text(&format!("{at}.purpose"), &p.purpose);
            self.filled_text(&format!("{at}.hours"), &p.hours);
        }
    }

    fn holidays(&mut self, book: &HolidayBook) {
        if book.format != FORMAT {
            self.add(
                "format",
                format!("格式版本应为 {FORMAT}。"),
                format!("must be {FORMAT}."),
            );
        }
        self.filled("document", &book.document);
        let in_year = |d: NaiveDate| d.year() == book.year;
        for (i, [first, last]) in book.days_off.iter().enumerate() {
            let at = format!("days_off[{}]", i + 1);
            self.ordered(&at, *first, *last);
            // A break may run into the next year (a 元旦 from 12-31), but starts in this one.
            if !in_year(*first) {
                self.add(
                    at,
                    format!("应从 {} 年的日期开始。", book.year),
                    format!("must start in {}.", book.year),
                );
            }
        }
        for (i, pair) in book.days_off.windows(2).enumerate() {
            if pair[1][0] <= pair[0][1] {
                self.add(
                    format!("days_off[{}]", i + 2),
                    "各段假期应按时间先后排列且不重叠。".into(),
                    "days off must be in order and not overlap.".into(),
                );
            }
        }
        for (i, d) in book.make_up_working_days.iter().enumerate() {
            let at = format!("make_up_working_days[{}]", i + 1);
            if !in_year(*d) {
                self.add(
                    at.clone(),
                    format!("应是 {} 年的日期。", book.year),
                    format!("must be a day of {}.", book.year),
                );
            }
            if d.weekday().number_from_monday() < 6 {
                self.add(
                    at,
                    format!("{d} 不是周末：调休上班日是周六或周日。"),
                    format!(
                        "{d} is not a weekend day: make-up working days are Saturdays or Sundays."
                    ),
                );
            }
        }
    }
}

/// The first day of a session's evaluation month, from "2025-07".
pub fn evaluation_month(s: &Session) -> Option<NaiveDate> {
    let (year, month) = s.evaluation.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
}

/// "09:30" as a time of day.
pub fn time(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M").ok()
}

/// The line of `source` where `field` (`sessions[3].pay`, `service.phones[1].number`, `fees`)
/// is written: the n-th `[[table]]` of an array, then the key inside it.
fn locate(source: &str, field: &str) -> Option<usize> {
    let lines: Vec<&str> = source.lines().collect();
    let mut start = 0;
    let mut end = lines.len();
    let mut table = String::new();
    let mut key = None;
    for part in field.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        if !table.is_empty() {
            table.push('.');
        }
        table.push_str(name);
        match index {
            Some(n) => {
                let header = format!("[[{table}]]");
                let found = lines
                    .iter()
                    .enumerate()
                    .skip(start)
                    .filter(|(_, l)| l.trim() == header)
                    .nth(n.checked_sub(1)?)?;
                start = found.0;
                end = lines
                    .iter()
                    .enumerate()
                    .skip(start + 1)
                    .find(|(_, l)| l.trim_start().starts_with('['))
                    .map_or(lines.len(), |(i, _)| i);
                key = None;
            }
            None => {
                let header = format!("[{table}]");
                if let Some((i, _)) = lines
                    .iter()
                    .enumerate()
                    .skip(start)
                    .take(end - start)
                    .find(|(_, l)| l.trim() == header)
                {
                    start = i;
                    end = lines
                        .iter()
                        .enumerate()
                        .skip(start + 1)
                        .find(|(_, l)| l.trim_start().starts_with('['))
                        .map_or(lines.len(), |(i, _)| i);
                    key = None;
                } else {
                    key = Some(name.trim_matches('"').to_string());
                }
            }
        }
    }
    let line = match key {
        Some(key) => lines
            .iter()
            .enumerate()
            .skip(start)
            .take(end.saturating_sub(start))
            .find(|(_, l)| {
                let l = l.trim_start().trim_start_matches('"');
                l.starts_with(&key)
                    && l[key.len()..]
                        .trim_start_matches('"')
                        .trim_start()
                        .starts_with('=')
            })
            .map(|(i, _)| i)?,
        None => start,
    };
    Some(line + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_found_on_its_line() {
        let source = "format = 1\n\n[[sessions]]\napply = []\n\n[[sessions]]\npay = []\n\n[service]\nweekday = \"x\"\n\n[[service.phones]]\nnumber = \"1\"\n";
        assert_eq!(locate(source, "format"), Some(1));
        assert_eq!(locate(source, "sessions[2].pay"), Some(7));
        assert_eq!(locate(source, "sessions[1]"), Some(3));
        assert_eq!(locate(source, "service.weekday"), Some(10));
        assert_eq!(locate(source, "service.phones[1].number"), Some(13));
        assert_eq!(locate(source, "sessions[5].pay"), None);
    }
}

#[cfg(test)]
mod books {
    use super::*;

    fn read(name: &str) -> String {
        std::fs::read_to_string(format!("{}/books/{name}", env!("CARGO_MANIFEST_DIR")))
            .unwrap_or_default()
    }

    #[test]
    fn the_books_shipped_pass_their_check() {
        let notice = notice(&read("notice-2025.toml"));
        assert!(notice.is_ok(), "{:#?}", notice.err());
        for year in [2025, 2026] {
            let book = holidays(&read(&format!("holidays-{year}.toml")));
            assert!(book.is_ok(), "{year}: {:#?}", book.err());
        }
    }
}
