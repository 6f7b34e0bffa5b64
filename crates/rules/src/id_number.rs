//! The 18-digit resident identity number (GB 11643-1999): its check digit and embedded birth date.

use chrono::NaiveDate;
use serde::Serialize;

/// Why an identity number was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum IdNumberError {
    /// Not 17 digits followed by a digit or X.
    #[serde(rename = "id_number_format")]
    Format { length: usize },
    /// Digits 7–14 are not a real date.
    #[serde(rename = "id_number_birth_date")]
    BirthDate { digits: String },
    /// The 18th character does not match the other 17.
    #[serde(rename = "id_number_check_digit")]
    CheckDigit { expected: char, found: char },
}

impl IdNumberError {
    pub fn message_zh(&self) -> String {
        match self {
            IdNumberError::Format { length } => format!(
                "身份证号应为18位：前17位是数字，最后一位是数字或X（现在是{length}位或含有其他字符）。"
            ),
            IdNumberError::BirthDate { digits } => {
                format!("身份证号第7至14位应为出生日期，但“{digits}”不是有效日期，请核对。")
            }
            IdNumberError::CheckDigit { .. } => {
                "身份证号校验位不符，可能有一位输错了，请逐位核对。".to_string()
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            IdNumberError::Format { length } => format!(
                "An identity number has 18 characters: 17 digits, then a digit or X (this one has {length}, or other characters)."
            ),
            IdNumberError::BirthDate { digits } => format!(
                "Characters 7–14 of an identity number are the birth date, but \"{digits}\" is not a real date; check it."
            ),
            IdNumberError::CheckDigit { .. } => {
                "The check digit does not match: one character is probably mistyped; check each one.".to_string()
            }
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

/// The birth date in a valid identity number. Spaces are ignored and a lower-case x is accepted,
/// as people type them on phones.
pub fn birth_date(id: &str) -> Result<NaiveDate, IdNumberError> {
    let chars: Vec<char> = id
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let format_error = IdNumberError::Format {
        length: chars.len(),
    };
    if chars.len() != 18 {
        return Err(format_error);
    }
    let mut digits = [0u32; 17];
    for (slot, c) in digits.iter_mut().zip(&chars) {
        *slot = c.to_digit(10).ok_or(format_error.clone())?;
    }
    let last = chars[17];
    if !(last.is_ascii_digit() || last == 'X') {
        return Err(format_error);
    }
    let date_digits: String = chars[6..14].iter().collect();
    let birth = NaiveDate::parse_from_str(&date_digits, "%Y%m%d").map_err(|_| {
        IdNumberError::BirthDate {
            digits: date_digits.clone(),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A number with a correct check character, built from 17 digits.
    fn with_check(first17: &str) -> String {
        let mut digits = [0u32; 17];
        for (slot, c) in digits.iter_mut().zip(first17.chars()) {
            *slot = c.to_digit(10).expect("digits");
        }
        format!("{first17}{}", check_char(&digits))
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
        assert!(matches!(
            birth_date("11010519491231003X"),
            Err(IdNumberError::CheckDigit { .. })
        ));
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
            Err(IdNumberError::Format { length: 4 })
        ));
        assert!(matches!(
            birth_date("3101012009021012AB"),
            Err(IdNumberError::Format { .. })
        ));
        let leap = with_check("31010120080229123");
        assert_eq!(birth_date(&leap), Ok("2008-02-29".parse().expect("date")));
        assert!(
            IdNumberError::Format { length: 4 }
                .message_zh()
                .contains("18位")
        );
    }
}
