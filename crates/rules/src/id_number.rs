//! The 18-digit resident identity number (GB 11643-1999): its check digit and embedded birth date.

use crate::text::Bilingual;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Why an identity number was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum IdNumberError {
    /// Not 18 characters (spaces aside).
    #[serde(rename = "id_number_length")]
    Length { length: usize },
    /// A character that is not a digit (or, last, X), at this position (from 1).
    #[serde(rename = "id_number_characters")]
    Characters { position: usize, found: char },
    /// Digits 7–14 are not a real date.
    #[serde(rename = "id_number_birth_date")]
    BirthDate { digits: String },
    /// The 18th character does not match the other 17.
    #[serde(rename = "id_number_check_digit")]
    CheckDigit { expected: char, found: char },
}

impl IdNumberError {
    /// The stable code, as the API reports it.
    pub fn code(&self) -> &'static str {
        match self {
            IdNumberError::Length { .. } => "id_number_length",
            IdNumberError::Characters { .. } => "id_number_characters",
            IdNumberError::BirthDate { .. } => "id_number_birth_date",
            IdNumberError::CheckDigit { .. } => "id_number_check_digit",
        }
    }

    pub fn message(&self) -> Bilingual {
        match self {
            IdNumberError::Length { length } => Bilingual::new(
                format!("身份证号应为18位：前17位是数字，最后一位是数字或X（现在是{length}位）。"),
                format!(
                    "An identity number has 18 characters: 17 digits, then a digit or X (this one has {length})."
                ),
            ),
            IdNumberError::Characters { position, found } => Bilingual::new(
                format!(
                    "身份证号第{position}位“{found}”不是数字：前17位只能是数字，最后一位是数字或X。"
                ),
                format!(
                    "Character {position} of the identity number, \"{found}\", is not a digit: the first 17 are digits, the last a digit or X."
                ),
            ),
            IdNumberError::BirthDate { digits } => Bilingual::new(
                format!("身份证号第7至14位应为出生日期，但“{digits}”不是有效日期，请核对。"),
                format!(
                    "Characters 7–14 of an identity number are the birth date, but \"{digits}\" is not a real date; check it."
                ),
            ),
            IdNumberError::CheckDigit { expected, found } => Bilingual::new(
                format!(
                    "身份证号校验位不符：按前17位，最后一位应为{expected}，现在是{found}；可能有一位输错了，请逐位核对。"
                ),
                format!(
                    "The check character does not match: from the first 17 digits it should be {expected}, not {found}; one character is probably mistyped."
                ),
            ),
        }
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character for the first 17 digits.
pub fn check_char(first17: &[u32; 17]) -> char {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// The whole identity number whose first 17 characters are `first17`: those and their check
/// character. None unless `first17` is exactly 17 digits. For made-up numbers (samples, tests);
/// what a person types is read by [`check`].
pub fn complete(first17: &str) -> Option<String> {
    let mut digits = [0u32; 17];
    let mut given = first17.chars();
    for slot in &mut digits {
        *slot = given.next()?.to_digit(10)?;
    }
    if given.next().is_some() {
        return None;
    }
    Some(format!("{first17}{}", check_char(&digits)))
}

/// The birth date in a valid identity number. Spaces are ignored and a lower-case x is accepted,
/// as people type them on phones.
pub fn birth_date(id: &str) -> Result<NaiveDate, IdNumberError> {
    // Read into a fixed array, not a collection: a roster's check reads every row's number
    // (more than once), and building a `Vec` and a `String` each time was about half of this
    // function's cost there (`cargo bench -p pingjia-rules --bench roster`).
    let mut chars = ['\0'; 18];
    let mut length = 0;
    for c in id.chars().filter(|c| !c.is_whitespace()) {
        if let Some(slot) = chars.get_mut(length) {
            *slot = c.to_ascii_uppercase();
        }
        length += 1;
    }
    if length != 18 {
        return Err(IdNumberError::Length { length });
    }
    let mut digits = [0u32; 17];
    for (i, (slot, &c)) in digits.iter_mut().zip(&chars).enumerate() {
        *slot = c
            .to_digit(10)
            .filter(|_| c.is_ascii_digit())
            .ok_or(IdNumberError::Characters {
                position: i + 1,
                found: c,
            })?;
    }
    let last = chars[17];
    if !(last.is_ascii_digit() || last == 'X') {
        return Err(IdNumberError::Characters {
            position: 18,
            found: last,
        });
    }
    let number = |range: std::ops::Range<usize>| {
        range
            .map(|i| digits.get(i).copied().unwrap_or(0))
            .fold(0, |n, d| n * 10 + d)
    };
    let birth = i32::try_from(number(6..10))
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, number(10..12), number(12..14)))
        .ok_or_else(|| IdNumberError::BirthDate {
            digits: chars[6..14].iter().collect(),
        })?;
    let expected = check_char(&digits);
    if expected != last {
        return Err(IdNumberError::CheckDigit {
            expected,
            found: last,
        });
    }
    Ok(birth)
}

/// An identity number checked on its own (the `id_number` request): valid with the birth date
/// and age, or the exact fault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IdNumberCheck {
    pub valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// Whole years (周岁) on the date asked about; absent if invalid or born after it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    /// 年满16周岁 on that date (二（一）).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sixteen_or_older: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<IdNumberError>,
    /// A well-formed number whose birth date the rules refuse (`date_out_of_range`,
    /// `future_date`), as eligibility refuses it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_zh: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_en: Option<String>,
}

/// Whole years (周岁) from `birth` to `on`, counted as [`crate::dates::reaches_age`] does.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < birth {
        return None;
    }
    let mut years = on.year_ce().1.saturating_sub(birth.year_ce().1);
    while years > 0 && crate::dates::reaches_age(birth, years).is_none_or(|d| d > on) {
        years -= 1;
    }
    Some(years)
}

/// The number read and its birth date checked as the candidate's questions check it (in the
/// supported range, not after `on`), so this answer and eligibility refuse the same numbers
/// with the same words.
pub fn check(id: &str, on: NaiveDate) -> IdNumberCheck {
    let read =
        birth_date(id).map(|birth| (birth, crate::candidate_draft::birth_date_problem(birth, on)));
    match read {
        Ok((birth, Some(problem))) => {
            let message = problem.message();
            IdNumberCheck {
                valid: false,
                birth_date: Some(birth),
                age: None,
                sixteen_or_older: None,
                error: None,
                problem: Some(problem.code.code()),
                message_zh: Some(message.zh.into_owned()),
                message_en: Some(message.en.into_owned()),
            }
        }
        Ok((birth, None)) => {
            let age = age_on(birth, on);
            IdNumberCheck {
                valid: true,
                birth_date: Some(birth),
                age,
                sixteen_or_older: Some(age.is_some_and(|a| a >= crate::eligibility::MINIMUM_AGE)),
                error: None,
                problem: None,
                message_zh: None,
                message_en: None,
            }
        }
        Err(error) => {
            let message = error.message();
            IdNumberCheck {
                valid: false,
                birth_date: None,
                age: None,
                sixteen_or_older: None,
                message_zh: Some(message.zh.into_owned()),
                message_en: Some(message.en.into_owned()),
                error: Some(error),
                problem: None,
            }
        }
    }
}

/// An identity number as shown on a screen others may see: the first 3 and the last 4
/// characters, the rest as `*` (a number of 7 characters or fewer is shown as typed).
pub fn masked(id_number: &str) -> String {
    let chars: Vec<char> = id_number.trim().chars().collect();
    if chars.len() <= 7 {
        return chars.iter().collect();
    }
    let mut shown: String = chars[..3].iter().collect();
    shown.extend(std::iter::repeat_n('*', chars.len() - 7));
    shown.extend(&chars[chars.len() - 4..]);
    shown
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_masked_number_keeps_its_first_three_and_last_four_characters() {
        assert_eq!(masked(" 11010519491231002X "), "110***********002X");
        assert_eq!(masked("1234567"), "1234567");
        assert_eq!(masked("12345678"), "123*5678");
    }

    use super::*;

    /// A number with a correct check character, built from 17 digits.
    fn with_check(first17: &str) -> String {
        complete(first17).expect("17 digits")
    }

    #[test]
    fn a_number_is_completed_only_from_17_digits() {
        assert_eq!(
            complete("11010519491231002").as_deref(),
            Some("11010519491231002X")
        );
        assert_eq!(complete("1101051949123100"), None);
        assert_eq!(complete("110105194912310021"), None);
        assert_eq!(complete("1101051949123100X"), None);
    }

    #[test]
    fn the_standard_example_is_valid() {
        // The worked example of GB 11643-1999: 11010519491231002X.
        assert_eq!(
            birth_date("11010519491231002X"),
            Ok("1949-12-31".parse().expect("date"))
        );
        assert_eq!(
            birth_date("110105 19491231 002x"),
            Ok("1949-12-31".parse().expect("date"))
        );
    }

    #[test]
    fn a_mistyped_digit_is_caught_by_the_check_character() {
        let err = birth_date("11010519491231003X").expect_err("mistyped");
        assert!(matches!(err, IdNumberError::CheckDigit { found: 'X', .. }));
        assert!(err.message().zh.contains("最后一位应为"));
    }

    #[test]
    fn ages_are_whole_years_reached_on_the_birthday() {
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        assert_eq!(age_on(d("2009-06-01"), d("2025-05-31")), Some(15));
        assert_eq!(age_on(d("2009-06-01"), d("2025-06-01")), Some(16));
        assert_eq!(age_on(d("2008-02-29"), d("2025-02-28")), Some(16));
        assert_eq!(age_on(d("2008-02-29"), d("2024-02-28")), Some(15));
        assert_eq!(age_on(d("2025-06-02"), d("2025-06-01")), None);
    }

    #[test]
    fn impossible_dates_and_wrong_shapes_are_refused() {
        let feb30 = with_check("31010120090230123");
        assert!(matches!(
            birth_date(&feb30),
            Err(IdNumberError::BirthDate { .. })
        ));
        assert!(matches!(
            birth_date("1234"),
            Err(IdNumberError::Length { length: 4 })
        ));
        // One character too many is counted as typed, not cut to 18 and read as a number.
        assert_eq!(
            birth_date("11010519491231002X1"),
            Err(IdNumberError::Length { length: 19 })
        );
        assert_eq!(
            birth_date("110105 19491231 002X 00"),
            Err(IdNumberError::Length { length: 20 })
        );
        assert_eq!(
            birth_date("3101012009021012AB"),
            Err(IdNumberError::Characters {
                position: 17,
                found: 'A'
            })
        );
        let leap = with_check("31010120080229123");
        assert_eq!(birth_date(&leap), Ok("2008-02-29".parse().expect("date")));
        assert!(
            IdNumberError::Length { length: 4 }
                .message()
                .zh
                .contains("18位")
        );
    }
}
