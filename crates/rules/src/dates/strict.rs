//! Dates and times read from a request: exactly `YYYY-MM-DD` (zero-padded) and
//! `YYYY-MM-DDTHH:MM[:SS]`, inside [`supported_range`]. chrono alone would take "2025-6-1";
//! a typed date that is read differently from how it was meant must be refused instead.

use super::supported_range;
use super::typed::Unreadable;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Deserializer, de::Error};

/// Why a date was refused; the code is what the API reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateInputError {
    /// Not of the form YYYY-MM-DD, or not a real day.
    BadDate,
    /// A real day outside 1900-01-01…2199-12-31.
    OutOfRange,
}

impl DateInputError {
    pub fn code(&self) -> &'static str {
        match self {
            DateInputError::BadDate => "bad_date",
            DateInputError::OutOfRange => "date_out_of_range",
        }
    }
}

/// Separates the code from the input in a serde error message, so the API can reword it.
pub const MARK: char = '\u{1f}';

fn shaped_like_a_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// The number written by ASCII digits only (chrono's own parser is left out on purpose:
/// its strftime machinery is a sizeable part of the app's download).
pub(crate) fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The wire form of a date: the one typed reader ([`super::typed::read`]), but only for text
/// already written the rules' way, so an API client's "2025-6-1" is refused, not guessed at.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateInputError> {
    if !shaped_like_a_date(text) {
        return Err(DateInputError::BadDate);
    }
    super::typed::read(text).map_err(|e| match e {
        Unreadable::OutOfRange(_) => DateInputError::OutOfRange,
        Unreadable::Empty | Unreadable::NotADate => DateInputError::BadDate,
    })
}

pub fn parse_date_time(text: &str) -> Result<NaiveDateTime, DateInputError> {
    let (day, time) = text.split_once('T').ok_or(DateInputError::BadDate)?;
    let day = parse_date(day)?;
    let shaped = |t: &str| {
        t.bytes().enumerate().all(|(i, c)| match i {
            2 | 5 => c == b':',
            _ => c.is_ascii_digit(),
        })
    };
    if !matches!(time.len(), 5 | 8) || !shaped(time) {
        return Err(DateInputError::BadDate);
    }
    let part = |range: std::ops::Range<usize>| time.get(range).and_then(number);
    let seconds = if time.len() == 8 { part(6..8) } else { Some(0) };
    let time = match (part(0..2), part(3..5), seconds) {
        (Some(h), Some(m), Some(s)) => NaiveTime::from_hms_opt(h, m, s),
        _ => None,
    }
    .ok_or(DateInputError::BadDate)?;
    Ok(day.and_time(time))
}

fn refuse<E: Error>(e: DateInputError, text: &str) -> E {
    E::custom(format!("{}{MARK}{text}{MARK}", e.code()))
}

pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(d)?;
    parse_date(&text).map_err(|e| refuse(e, &text))
}

pub fn optional_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(text) => parse_date(&text).map(Some).map_err(|e| refuse(e, &text)),
    }
}

pub fn date_time<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    let text = String::deserialize(d)?;
    parse_date_time(&text).map_err(|e| refuse(e, &text))
}

/// The range as the API's messages state it.
pub fn range_text() -> String {
    let (first, last) = supported_range();
    format!("{first}…{last}")
}
