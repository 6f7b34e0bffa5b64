//! Reading a roster file: every row becomes an entry or a list of bad cells, each with its row,
//! its column and how to put it right. Nothing is added to a draft here; the page shows the
//! report and the person chooses.

use crate::columns::{self, Column, RESULT_HEADINGS};
use crate::protocol::{CellProblem, ImportReport, ImportedRow};
use crate::table::{self, Cell, Table};
use chrono::NaiveDate;
use pingjia_rules::Bilingual;
use pingjia_rules::candidate_draft::Field;
use pingjia_rules::roster::{self, EntryProblem, Outcome, RosterEntry};
use pingjia_rules::rulebook::Rulebook;
use std::collections::HashMap;

/// Beyond this a file is refused whole: no group is this large (fees::MAX_GROUP_MEMBERS).
pub const MAX_ROWS: usize = pingjia_rules::fees::MAX_GROUP_MEMBERS;
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// How a CSV's bytes become text: in the worker, the browser's `TextDecoder` (strict UTF-8,
/// then GB18030); in native tests, UTF-8 alone.
pub type Decode<'a> = &'a dyn Fn(&[u8]) -> Result<String, Bilingual>;

pub fn import(
    book: &Rulebook,
    bytes: &[u8],
    decode: Decode,
    on: NaiveDate,
    existing_id_numbers: &[String],
) -> ImportReport {
    let table = match read_table(bytes, decode) {
        Ok(table) => table,
        Err(problem) => return refused(problem),
    };
    rows(book, &table, on, existing_id_numbers)
}

fn refused(problem: Bilingual) -> ImportReport {
    ImportReport {
        file_problems: vec![problem],
        ..ImportReport::default()
    }
}

fn read_table(bytes: &[u8], decode: Decode) -> Result<Table, Bilingual> {
    if bytes.len() > MAX_BYTES {
        return Err(Bilingual::new(
            format!(
                "文件太大（{} MB），最多 20 MB。请分成几个文件导入。",
                bytes.len() / (1024 * 1024)
            ),
            format!(
                "The file is too large ({} MB); the most is 20 MB. Split it into several files.",
                bytes.len() / (1024 * 1024)
            ),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return table::from_xlsx(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Bilingual::new(
            "这是旧版 Excel（.xls）文件。请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再导入。",
            "This is an old Excel (.xls) file. Save it as .xlsx or CSV in your spreadsheet program, then import that.",
        ));
    }
    if bytes.iter().take(4096).any(|&b| b == 0) {
        return Err(Bilingual::new(
            "这不是 CSV 或 XLSX 文件。请导入用模板填写的 .csv 或 .xlsx 文件。",
            "This is not a CSV or XLSX file. Import a .csv or .xlsx file filled in from the template.",
        ));
    }
    table::from_csv(&decode(bytes)?)
}

enum Slot {
    Column(Column),
    /// A result column of an export, skipped.
    Result,
    Ignored,
}

fn rows(book: &Rulebook, table: &Table, on: NaiveDate, existing: &[String]) -> ImportReport {
    let mut report = ImportReport::default();
    let mut table_rows = table
        .rows
        .iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let Some((_, heading)) = table_rows.next() else {
        return refused(Bilingual::new(
            "文件是空的。请在模板中填写考生后再导入。",
            "The file is empty. Fill in the template and import it.",
        ));
    };

    let mut slots = Vec::new();
    let mut seen: HashMap<Column, usize> = HashMap::new();
    for (i, cell) in heading.iter().enumerate() {
        let text = cell.shown();
        let slot = if let Some(column) = Column::from_heading(&text) {
            if let Some(first) = seen.insert(column, i) {
                report.file_problems.push(Bilingual::new(
                    format!("“{}”列出现了两次（{} 列和 {} 列）。请删去一列后再导入。", column.heading(), columns::letter(first), columns::letter(i)),
                    format!("The column \"{}\" appears twice (columns {} and {}). Delete one and import again.", column.heading(), columns::letter(first), columns::letter(i)),
                ));
            }
            Slot::Column(column)
        } else if RESULT_HEADINGS.contains(&text.as_str()) {
            Slot::Result
        } else {
            if !text.is_empty() {
                report
                    .ignored_columns
                    .push(format!("{}（{} 列）", text, columns::letter(i)));
            }
            Slot::Ignored
        };
        slots.push(slot);
    }
    for column in Column::ALL
        .into_iter()
        .filter(|c| c.required() && !seen.contains_key(c))
    {
        report.file_problems.push(Bilingual::new(
            format!("缺少“{}”列。第一行须是模板的列名；请下载模板对照修改。", column.heading()),
            format!("The column \"{}\" is missing. The first row must hold the template's headings; download the template to compare.", column.heading()),
        ));
    }
    if !report.file_problems.is_empty() {
        return report;
    }

    let mut found: Vec<(usize, RosterEntry, Vec<CellProblem>)> = Vec::new();
    for (row, cells) in table_rows {
        if found.len() == MAX_ROWS {
            return refused(Bilingual::new(
                format!("文件超过 {MAX_ROWS} 行。请分成几个文件导入。"),
                format!("The file has more than {MAX_ROWS} rows. Split it into several files."),
            ));
        }
        let mut entry = RosterEntry::default();
        let mut problems = Vec::new();
        for (i, slot) in slots.iter().enumerate() {
            let Slot::Column(column) = slot else { continue };
            let cell = cells.get(i).unwrap_or(&Cell::Empty);
            if let Err(message) = read_cell(*column, cell, &mut entry) {
                problems.push(problem(*row, i, *column, cell.shown(), message));
            }
        }
        columns::finish(&mut entry);
        found.push((*row, entry, problems));
    }
    report.rows_read = found.len();

    let entries: Vec<RosterEntry> = found.iter().map(|(_, e, _)| e.clone()).collect();
    let checked = roster::check_roster(book, on, &entries);
    let letter_of = |column: Column| seen.get(&column).copied().unwrap_or(0);
    for ((row, entry, problems), check) in found.iter_mut().zip(&checked.rows) {
        if let Outcome::Incomplete(rules_problems) = &check.outcome {
            for p in rules_problems {
                let Some(column) = column_of(p) else { continue };
                if problems.iter().any(|q| q.heading == column.heading()) {
                    continue; // already said of this cell, in the file's words
                }
                let i = letter_of(column);
                problems.push(problem(*row, i, column, column.write(entry), p.message()));
            }
        }
    }
    // Rows with the same number, named by their spreadsheet rows, then numbers already in the draft.
    let row_numbers: Vec<usize> = found.iter().map(|(r, _, _)| *r).collect();
    for ((row, entry, problems), check) in found.iter_mut().zip(&checked.rows) {
        let i = letter_of(Column::IdNumber);
        let number = entry.candidate.id_number.clone();
        if !check.same_id_number.is_empty() {
            let others: Vec<String> = check
                .same_id_number
                .iter()
                .map(|&j| row_numbers[j].to_string())
                .collect();
            problems.push(problem(*row, i, Column::IdNumber, number.clone(), Bilingual::new(
                format!("与第 {} 行的身份证号相同：同一人只能申报一次。请删去重复的行。", others.join("、")),
                format!("Same identity number as row {}: a person applies once. Delete the repeated row.", others.join(", ")),
            )));
        }
        if existing.iter().any(|e| roster::same_id_number(e, &number)) {
            problems.push(problem(*row, i, Column::IdNumber, number, Bilingual::new(
                "草稿中已有这个身份证号的考生。请删去这一行，或在草稿中修改原有的考生。",
                "The draft already has a candidate with this identity number. Delete this row, or edit that candidate in the draft.",
            )));
        }
    }

    for (row, entry, mut problems) in found {
        if problems.is_empty() {
            report.good.push(ImportedRow { row, entry });
        } else {
            problems.sort_by_key(|p| (p.column.len(), p.column.clone()));
            report.problems.append(&mut problems);
        }
    }
    report
}

fn problem(
    row: usize,
    index: usize,
    column: Column,
    value: String,
    message: Bilingual,
) -> CellProblem {
    CellProblem {
        row,
        column: columns::letter(index),
        heading: column.heading().to_string(),
        value,
        message,
    }
}

/// The column a rule's problem is about.
fn column_of(p: &EntryProblem) -> Option<Column> {
    Some(match p {
        EntryProblem::NameRequired => Column::Name,
        EntryProblem::LevelRequired => Column::Level,
        EntryProblem::IdNumberRequired => Column::IdNumber,
        EntryProblem::RetakeSubject(_) => Column::Retake,
        EntryProblem::Candidate(p) => match p.field {
            Field::AskedOn => return None,
            Field::BirthDate => Column::BirthDate,
            Field::IdNumber => Column::IdNumber,
            Field::School(_) => Column::School,
            Field::SchoolStatus(_) => Column::SchoolStatus,
            Field::WorkFrom(_) => Column::WorkFrom,
            Field::WorkUntil(_) => Column::WorkUntil,
            Field::CertificateLevel(_) => Column::Certificate,
            Field::CertificateDate(_) => Column::CertificateDate,
            Field::TitleGrade(_) => Column::Title,
            Field::TitleDate(_) => Column::TitleDate,
        },
    })
}

fn read_cell(column: Column, cell: &Cell, entry: &mut RosterEntry) -> Result<(), Bilingual> {
    let text = match cell {
        Cell::Error(e) => {
            return Err(Bilingual::new(
                format!("单元格是错误值 {e}。请填入{}。", column.heading()),
                format!(
                    "The cell holds the error value {e}. Enter the {} instead.",
                    column.heading()
                ),
            ));
        }
        // Excel keeps at most 15 significant digits of a number: an 18-digit number typed into
        // a number cell has already lost its last digits, and nothing here can restore them.
        Cell::Number(n) if column == Column::IdNumber && n.abs() >= 1e14 => {
            return Err(Bilingual::new(
                "身份证号被存成了数字，Excel 已丢掉末几位。请把这一列设为“文本”，重新输入身份证号后再导入。",
                "The identity number was stored as a number, and the spreadsheet has dropped its last digits. Format the column as text, type the numbers again and import.",
            ));
        }
        Cell::Text(t) if column == Column::IdNumber && looks_like_scientific(t) => {
            return Err(Bilingual::new(
                "身份证号被写成了科学计数法（如 1.10105E+17），末几位已丢失。请在 Excel 中把这一列设为“文本”，重新输入后再导出 CSV。",
                "The identity number was written in scientific notation (like 1.10105E+17) and its last digits are lost. Format the column as text in the spreadsheet, type the numbers again and save the CSV again.",
            ));
        }
        other => other.shown(),
    };
    columns::read(column, &text, entry).map_err(|columns::Unreadable| {
        if column.is_date() {
            Bilingual::new(
                format!("“{text}”不是日期。请写成 2025-06-01 的样子。"),
                format!("\"{text}\" is not a date. Write it like 2025-06-01."),
            )
        } else {
            Bilingual::new(
                format!("“{text}”不是{}可选的内容。可填：{}", column.heading(), column.accepts()),
                format!("\"{text}\" is not a choice of {}. See the template's notes for what it accepts.", column.heading()),
            )
        }
    })
}

fn looks_like_scientific(text: &str) -> bool {
    let t = text.trim();
    (t.contains("E+") || t.contains("e+"))
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'E' | 'e' | '+'))
}
