//! One cell read into its column, as the people who fill spreadsheets write it: what can be
//! repaired is (and said: "已将 x 改为 X"), what Excel did to a value is explained, and what
//! cannot be read says what the column takes.

use crate::columns::{self, Column};
use crate::table::Cell;
use chrono::Datelike;
use pingjia_rules::roster::RosterEntry;
use pingjia_rules::{Bilingual, aliases};

/// Why a cell could not be read, and the kind of problem for the report's groups.
pub struct CellError {
    pub message: Bilingual,
    pub group: Bilingual,
}

/// Reads `cell` into `entry`; what was repaired on the way goes to `repairs`.
pub fn read(
    column: Column,
    cell: &Cell,
    entry: &mut RosterEntry,
    repairs: &mut Vec<Bilingual>,
) -> Result<(), CellError> {
    let heading = column.heading();
    let text = match cell {
        Cell::Error(e) => {
            return Err(CellError {
                message: Bilingual::new(
                    format!("单元格是错误值 {e}。请填入{heading}。"),
                    format!("The cell holds the error value {e}. Enter the {heading} instead."),
                ),
                group: Bilingual::new(
                    format!("{heading}：单元格是错误值"),
                    format!("{heading}: an error value"),
                ),
            });
        }
        // Excel keeps at most 15 significant digits of a number: an 18-digit number typed into
        // a number cell has already lost its last digits, and nothing here can restore them.
        Cell::Number(n) if column == Column::IdNumber && n.abs() >= 1e15 => {
            return Err(CellError {
                message: Bilingual::fixed(
                    "身份证号被存成了数字，Excel 已丢掉末几位。请把这一列设为“文本”，重新输入身份证号后再导入。",
                    "The identity number was stored as a number, and the spreadsheet has dropped its last digits. Format the column as text, type the numbers again and import.",
                ),
                group: Bilingual::fixed(
                    "身份证号被存成了数字",
                    "Identity numbers stored as numbers",
                ),
            });
        }
        Cell::Text(t) if column == Column::IdNumber && looks_like_scientific(t) => {
            return Err(CellError {
                message: Bilingual::fixed(
                    "身份证号被写成了科学计数法（如 1.10105E+17），末几位已丢失。请在 Excel 中把这一列设为“文本”，重新输入后再导出 CSV。",
                    "The identity number was written in scientific notation (like 1.10105E+17) and its last digits are lost. Format the column as text in the spreadsheet, type the numbers again and save the CSV again.",
                ),
                group: Bilingual::fixed(
                    "身份证号被写成了科学计数法",
                    "Identity numbers in scientific notation",
                ),
            });
        }
        // A date column holding a plain number: Excel's day count (1900 system) shown
        // unformatted, in an XLSX cell or as the text of a CSV saved from it.
        Cell::Number(_) | Cell::Text(_) if column.is_date() => {
            let shown = cell.shown();
            let serial = match cell {
                Cell::Number(n) => Some(*n),
                _ if shown.trim().len() == 5
                    && shown.trim().bytes().all(|b| b.is_ascii_digit()) =>
                {
                    shown.trim().parse().ok()
                }
                _ => None,
            };
            match serial.and_then(excel_serial_date) {
                Some(date) => {
                    // The same words for every row, so the report lists the rows under one line.
                    repairs.push(Bilingual::new(
                        format!("{heading}填的是 Excel 的日期序号（例如 45809 即 2025-06-01），已换算为日期"),
                        format!("{heading} held Excel's day numbers (45809 is 2025-06-01, say), read as dates"),
                    ));
                    date.to_string()
                }
                None => shown,
            }
        }
        Cell::Text(_) | Cell::Number(_) if column == Column::IdNumber => {
            id_number_as_written(&cell.shown(), repairs)?
        }
        other => other.shown(),
    };
    if column == Column::Level
        && let Some(level) = aliases::level(&text)
    {
        let label = level.choice_label().zh;
        let typed = aliases::normalise(&text);
        if typed != aliases::normalise(&label) && typed != level.short_zh() {
            repairs.push(Bilingual::new(
                format!("申报等级“{}”按“{label}”导入", text.trim()),
                format!(
                    "The level \"{}\" was read as {}",
                    text.trim(),
                    level.choice_label().en
                ),
            ));
        }
    }
    columns::read(column, &text, entry).map_err(|columns::Unreadable| {
        if column.is_date() {
            CellError {
                message: Bilingual::new(
                    format!("“{text}”不是日期。请按年、月、日写，如 2025-06-01 或 20250601。"),
                    format!(
                        "\"{text}\" is not a date. Write year, month, day, like 2025-06-01 or 20250601."
                    ),
                ),
                group: Bilingual::new(
                    format!("{heading}：不是日期"),
                    format!("{heading}: not a date"),
                ),
            }
        } else {
            CellError {
                message: Bilingual::new(
                    format!("“{text}”不是{heading}可选的内容。可填：{}", column.choices()),
                    format!(
                        "\"{text}\" is not a choice of {heading}. It takes: {}",
                        column.choices()
                    ),
                ),
                group: Bilingual::new(
                    format!("{heading}“{text}”无法识别"),
                    format!("{heading} \"{text}\" is not recognised"),
                ),
            }
        }
    })
}

/// An identity number as typed: full-width digits, spaces and a lower-case x are repaired
/// (and said); a 15-digit number is the first-generation card's; 17 digits whose check
/// character would be X most likely lost it.
fn id_number_as_written(text: &str, repairs: &mut Vec<Bilingual>) -> Result<String, CellError> {
    let typed = text.trim();
    let half_width = aliases::normalise(typed);
    let mut fixed = half_width.clone();
    if half_width != typed.replace(' ', "") {
        repairs.push(Bilingual::fixed(
            "已将身份证号中的全角字符改为半角",
            "Full-width characters of the identity number were made half-width",
        ));
    }
    if typed.chars().any(char::is_whitespace) {
        repairs.push(Bilingual::fixed(
            "已删去身份证号中的空格",
            "Spaces were taken out of the identity number",
        ));
    }
    if fixed.ends_with('x') {
        fixed.pop();
        fixed.push('X');
        repairs.push(Bilingual::fixed("已将 x 改为 X", "x was made X"));
    }
    let digits = fixed.chars().all(|c| c.is_ascii_digit());
    if digits && fixed.len() == 15 {
        return Err(CellError {
            message: Bilingual::fixed(
                "这是 15 位的第一代身份证号。请改填 18 位的第二代居民身份证号。",
                "This is a 15-digit first-generation identity number. Enter the 18-character second-generation number instead.",
            ),
            group: Bilingual::fixed(
                "15 位的第一代身份证号",
                "15-digit first-generation identity numbers",
            ),
        });
    }
    if digits
        && fixed.len() == 17
        && pingjia_rules::id_number::complete(&fixed).is_some_and(|n| n.ends_with('X'))
    {
        return Err(CellError {
            message: Bilingual::fixed(
                "身份证号只有 17 位，可能丢失了末位 X（Excel 把它当成数字时会丢掉）。请补上 X，并把这一列设为“文本”。",
                "The identity number has 17 characters and has probably lost its final X (a spreadsheet drops it when it takes the cell for a number). Add the X and format the column as text.",
            ),
            group: Bilingual::fixed(
                "身份证号可能丢失了末位 X",
                "Identity numbers that probably lost their final X",
            ),
        });
    }
    Ok(fixed)
}

/// Excel's day number in its 1900 system (1 is 1900-01-01, with its phantom 29 February
/// 1900). Only a whole number whose day is from 1920 on is read so: every date column here is
/// a birth, study, work or certificate date of someone living, and a small number (12) is more
/// likely a typing slip than 11 January 1900.
fn excel_serial_date(n: f64) -> Option<chrono::NaiveDate> {
    if n.fract() != 0.0 || !(1.0..=110_000.0).contains(&n) {
        return None;
    }
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(chrono::Days::new(n as u64))
        .filter(|d| d.year() >= 1920 && pingjia_rules::dates::is_supported(*d))
}

fn looks_like_scientific(text: &str) -> bool {
    let t = text.trim();
    (t.contains("E+") || t.contains("e+"))
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'E' | 'e' | '+'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_numbers_are_the_days_excel_shows() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().ok();
        assert_eq!(excel_serial_date(43709.0), d("2019-09-01"));
        assert_eq!(excel_serial_date(45809.0), d("2025-06-01"));
        assert_eq!(excel_serial_date(43709.5), None);
        assert_eq!(
            excel_serial_date(12.0),
            None,
            "1900-01-11: not a plausible date here"
        );
    }

    #[test]
    fn identity_numbers_are_repaired_and_excel_losses_explained() {
        let mut repairs = Vec::new();
        let fixed = id_number_as_written(" 11010519491231002x ", &mut repairs).ok();
        assert_eq!(fixed.as_deref(), Some("11010519491231002X"));
        assert!(repairs.iter().any(|r| r.zh == "已将 x 改为 X"));
        let mut repairs = Vec::new();
        let fixed = id_number_as_written("１１０１０５１９４９１２３１００２Ｘ", &mut repairs).ok();
        assert_eq!(fixed.as_deref(), Some("11010519491231002X"));
        assert!(!repairs.is_empty());
        let first_generation = id_number_as_written("110105491231002", &mut Vec::new());
        assert!(first_generation.is_err_and(|e| e.message.zh.contains("第一代")));
        let lost_x = id_number_as_written("11010519491231002", &mut Vec::new());
        assert!(lost_x.is_err_and(|e| e.message.zh.contains("可能丢失了末位 X")));
    }
}
