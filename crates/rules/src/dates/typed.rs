//! The one reader of a date a person writes — in a form, or in a roster file's cell.
//!
//! A phone's numeric keypad (iOS has no "-" on it) gives `20060301`; people also write
//! `2006-3-1`, `2006/03/01`, `2006.3.1`, `2006 3 1`, `2006年3月1日`, with full-width digits or
//! spaces. All of these are read, always in the order year, month, day, with a four-digit
//! year first: `3/1/2006` or `060301` is refused rather than guessed, since either could be
//! read two ways. Every date is then held to the rules' range ([`super::supported_range`]).
//! What was typed stays as typed; the date read is written the rules' way by [`canonical`].

use super::is_supported;
use crate::text::Bilingual;
use chrono::NaiveDate;

/// Why a typed date could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// Nothing but spaces.
    Empty,
    /// Not year, month and day in that order, or not a day that exists.
    NotADate,
    /// A real day outside the dates the rules support (1900–2199).
    OutOfRange(NaiveDate),
}

/// Reads a typed date. Leading and trailing spaces are ignored.
pub fn read(text: &str) -> Result<NaiveDate, Unreadable> {
    let text = ascii_form(text);
    let text = text.trim();
    if text.is_empty() {
        return Err(Unreadable::Empty);
    }
    let (y, m, d) = if text.bytes().all(|c| c.is_ascii_digit()) {
        // Digits alone: only YYYYMMDD is unambiguous (2006311 could be 3/11 or 31/1).
        if text.len() != 8 {
            return Err(Unreadable::NotADate);
        }
        (&text[0..4], &text[4..6], &text[6..8])
    } else {
        split_parts(text).ok_or(Unreadable::NotADate)?
    };
    let number = |digits: &str| digits.parse::<u32>().ok();
    let date = match (number(y), number(m), number(d)) {
        (Some(y), Some(m), Some(d)) => i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d)),
        _ => None,
    }
    .ok_or(Unreadable::NotADate)?;
    if is_supported(date) {
        Ok(date)
    } else {
        Err(Unreadable::OutOfRange(date))
    }
}

/// The rules' way of writing a date, `YYYY-MM-DD` (what the API, the files and the sync send).
pub fn canonical(date: NaiveDate) -> String {
    date.to_string()
}

/// How a date can be typed, with `example` written both ways; the hint beside a date field and
/// the error under it use the same example, so a person sees one pattern.
pub fn hint(example: NaiveDate) -> Bilingual {
    let (dashed, digits) = example_forms(example);
    Bilingual::new(
        format!("按年、月、日填写，例如 {digits} 或 {dashed}"),
        format!("Year, month, day, for example {digits} or {dashed}"),
    )
}

/// What is wrong with a date typed in the field `label` names, and what to write instead.
pub fn message(error: Unreadable, label: &Bilingual, example: NaiveDate) -> Bilingual {
    let (zh, en) = (&label.zh, label.capitalised().en);
    match error {
        Unreadable::Empty => {
            Bilingual::new(format!("请填写{zh}。"), format!("Enter {}.", label.en))
        }
        Unreadable::NotADate => {
            let (dashed, digits) = example_forms(example);
            Bilingual::new(
                format!("{zh}须是真实存在的日期，按年、月、日填写，例如 {digits} 或 {dashed}。"),
                format!(
                    "{en} must be a real date, written year, month, day, for example {digits} or {dashed}."
                ),
            )
        }
        Unreadable::OutOfRange(date) => Bilingual::new(
            format!("{zh}（{date}）超出可计算范围（1900–2199年），请核对。"),
            format!("{en} ({date}) is outside the range the rules support (1900–2199); check it."),
        ),
    }
}

fn example_forms(example: NaiveDate) -> (String, String) {
    let dashed = canonical(example);
    let digits = dashed.replace('-', "");
    (dashed, digits)
}

/// Full-width digits and separators (as a Chinese input method types them) as ASCII.
fn ascii_form(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '－' | '—' | '–' => '-',
            '／' => '/',
            '．' | '。' => '.',
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Year, month and day from text with separators: a 4-digit year, then 1–2 digits of month and
/// day, each pair of numbers parted by one of `- / .`, a space, 年 or 月 (with spaces around it
/// allowed), and nothing after the day but 日 or 号.
fn split_parts(text: &str) -> Option<(&str, &str, &str)> {
    let text = text
        .strip_suffix('日')
        .or_else(|| text.strip_suffix('号'))
        .unwrap_or(text)
        .trim_end();
    let mut numbers = Vec::with_capacity(3);
    let mut rest = text;
    loop {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return None;
        }
        numbers.push(&rest[..digits]);
        rest = &rest[digits..];
        if rest.is_empty() {
            break;
        }
        // One separator, perhaps with spaces around it, or spaces alone.
        let after_spaces = rest.trim_start_matches(' ');
        let after_mark = after_spaces
            .strip_prefix(['-', '/', '.', '年', '月'])
            .unwrap_or(after_spaces);
        let next = after_mark.trim_start_matches(' ');
        if next.len() == rest.len() {
            return None;
        }
        rest = next;
        if numbers.len() == 3 {
            return None;
        }
    }
    match numbers[..] {
        [y, m, d] if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) => {
            Some((y, m, d))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a test date")
    }

    #[test]
    fn every_way_people_write_a_day_is_read_as_that_day() {
        for typed in [
            "2006-03-01",
            "2006-3-1",
            "20060301",
            "2006 3 1",
            "2006  03  01",
            "2006.3.1",
            "2006/03/01",
            "2006年3月1日",
            "2006年03月01日",
            "2006 年 3 月 1 日",
            "2006年3月1号",
            "2006年3月1",
            "２００６年３月１日",
            "２００６０３０１",
            "２００６－０３－０１",
            "2006 - 03 - 01",
            " 2006-03-01 ",
            "\u{3000}2006.03.01\u{3000}",
        ] {
            assert_eq!(read(typed), Ok(d("2006-03-01")), "{typed:?}");
        }
    }

    #[test]
    fn what_could_be_read_two_ways_is_refused() {
        for typed in [
            "3/1/2006",
            "01-03-2006",
            "060301",
            "2006031",
            "200631",
            "2006301",
            "200603011",
            "06-3-1",
            "2006-03",
            "2006--03-01",
            "2006-03-01-",
            "2006-003-01",
            "2006-03-01T00:00",
            "2006年3月1日x",
            "明年",
            "2006-02-30",
            "2006-13-01",
            "20060230",
            "-2006-03-01",
            "2006- -03-01",
        ] {
            assert_eq!(read(typed), Err(Unreadable::NotADate), "{typed:?}");
        }
        assert_eq!(read(""), Err(Unreadable::Empty));
        assert_eq!(read("   "), Err(Unreadable::Empty));
    }

    #[test]
    fn a_real_day_outside_the_supported_range_is_refused_with_the_day() {
        assert_eq!(
            read("18000101"),
            Err(Unreadable::OutOfRange(d("1800-01-01")))
        );
        assert_eq!(
            read("2200-01-01"),
            Err(Unreadable::OutOfRange(d("2200-01-01")))
        );
        assert_eq!(read("1900-01-01"), Ok(d("1900-01-01")));
        assert_eq!(read("2199-12-31"), Ok(d("2199-12-31")));
    }

    #[test]
    fn the_hint_and_the_problem_give_the_same_example() {
        let example = d("1990-05-01");
        let hint = hint(example);
        let problem = message(
            Unreadable::NotADate,
            &Bilingual::fixed("出生日期", "the birth date"),
            example,
        );
        for text in [&hint.zh, &problem.zh, &hint.en, &problem.en] {
            assert!(
                text.contains("19900501") && text.contains("1990-05-01"),
                "{text}"
            );
        }
        assert!(problem.en.starts_with("The birth date"), "{}", problem.en);
    }
}
