//! Reading a roster file: every row becomes an entry or a list of bad cells, each with its row,
//! its column, how to put it right and the kind of problem (a big file's report groups by it).
//! Nothing is added to a draft here; the page shows the report and the person chooses.

mod cells;
mod groups;

use crate::columns::{self, Column, RESULT_HEADINGS};
use crate::protocol::{CellProblem, ImportReport, ImportedRow, RowNote};
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

/// The file's rows that have problems, as the file holds them, and each row's problems in one
/// sentence: what `export::problem_rows` writes, to fix in the spreadsheet and import again.
pub struct ProblemRows {
    pub headings: Vec<String>,
    pub rows: Vec<(Vec<String>, String)>,
}

pub fn problem_rows(
    book: &Rulebook,
    bytes: &[u8],
    decode: Decode,
    on: NaiveDate,
    existing_id_numbers: &[String],
) -> Result<ProblemRows, Bilingual> {
    let table = read_table(bytes, decode)?;
    let report = rows(book, &table, on, existing_id_numbers);
    if let Some(problem) = report.file_problems.first() {
        return Err(problem.clone());
    }
    let mut filled = table
        .rows
        .iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let headings = filled
        .next()
        .map(|(_, cells)| cells.iter().map(Cell::shown).collect())
        .unwrap_or_default();
    let rows = filled
        .filter_map(|(row, cells)| {
            let said: Vec<String> = report
                .problems
                .iter()
                .filter(|p| p.row == *row)
                .map(|p| format!("{}（{}列）：{}", p.heading, p.column, p.message.zh))
                .collect();
            (!said.is_empty()).then(|| (cells.iter().map(Cell::shown).collect(), said.join("；")))
        })
        .collect();
    Ok(ProblemRows { headings, rows })
}

/// "“身份证号码”列按“身份证号”读取。", with a word of care where the alias is looser than the
/// column (a first job's date is not always this occupation's).
fn aliased(text: &str, column: Column) -> Bilingual {
    let heading = column.heading();
    let (care_zh, care_en) = if column == Column::WorkFrom {
        (
            "如该日期早于开始从事本职业的时间，请在导入后改正，否则工作年限会算多。",
            " If that date is before the candidate began this occupation, correct it after importing, or the years of work count too many.",
        )
    } else {
        ("", "")
    };
    Bilingual::new(
        format!("“{}”列按“{heading}”读取。{care_zh}", text.trim()),
        format!(
            "The column \"{}\" was read as \"{heading}\".{care_en}",
            text.trim()
        ),
    )
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
    let guidance = |cells: &Vec<Cell>| {
        cells
            .first()
            .is_some_and(|c| c.shown().trim_start().starts_with(crate::GUIDANCE_MARK))
    };
    // The CSV template's row of guidance is neither a candidate nor a blank row.
    let filled = |cells: &Vec<Cell>| cells.iter().any(|c| !c.is_empty()) && !guidance(cells);
    let mut table_rows = table.rows.iter().filter(|(_, cells)| filled(cells));
    let Some((heading_row, heading)) = table_rows.next() else {
        return refused(Bilingual::new(
            "文件是空的。请在模板中填写考生后再导入。",
            "The file is empty. Fill in the template and import it.",
        ));
    };

    let mut slots = Vec::new();
    let mut seen: HashMap<Column, usize> = HashMap::new();
    for (i, cell) in heading.iter().enumerate() {
        let text = cell.shown();
        let slot = if let Some((column, by_alias)) = Column::read_heading(&text) {
            if by_alias {
                report.notices.push(aliased(&text, column));
            }
            if let Some(first) = seen.insert(column, i) {
                report.file_problems.push(Bilingual::new(
                    format!("“{}”列出现了两次（{} 列和 {} 列）。请删去一列后再导入。", column.heading(), columns::letter(first), columns::letter(i)),
                    format!("The column \"{}\" appears twice (columns {} and {}). Delete one and import again.", column.heading(), columns::letter(first), columns::letter(i)),
                ));
            }
            Slot::Column(column)
        } else if RESULT_HEADINGS.contains(&text.as_str()) || text == crate::export::PROBLEM_HEADING
        {
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

    // Blank rows after the heading are skipped, and counted, so the rows read match the sheet.
    let last_filled = table
        .rows
        .iter()
        .rev()
        .find(|(_, c)| filled(c))
        .map_or(0, |(r, _)| *r);
    // Lines with nothing at all are not in the table (a CSV reader skips them): count the gaps.
    let filled_between = table
        .rows
        .iter()
        .filter(|(r, c)| *r > *heading_row && *r <= last_filled && (filled(c) || guidance(c)))
        .count();
    report.blank_rows = last_filled
        .saturating_sub(*heading_row)
        .saturating_sub(filled_between);
    if report.blank_rows > 0 {
        report.notices.push(Bilingual::new(
            format!("跳过 {} 个空行。", report.blank_rows),
            format!("{} blank rows were skipped.", report.blank_rows),
        ));
    }

    let mut found: Vec<(usize, RosterEntry, Vec<CellProblem>, Vec<Bilingual>)> = Vec::new();
    for (row, cells) in table_rows {
        if found.len() == MAX_ROWS {
            return refused(Bilingual::new(
                format!("文件超过 {MAX_ROWS} 行。请分成几个文件导入。"),
                format!("The file has more than {MAX_ROWS} rows. Split it into several files."),
            ));
        }
        let mut entry = RosterEntry::default();
        let mut problems = Vec::new();
        let mut repairs = Vec::new();
        for (i, slot) in slots.iter().enumerate() {
            let Slot::Column(column) = slot else { continue };
            let cell = cells.get(i).unwrap_or(&Cell::Empty);
            if let Err(e) = cells::read(*column, cell, &mut entry, &mut repairs) {
                problems.push(problem(*row, i, *column, cell.shown(), e.message, e.group));
            }
        }
        columns::finish(&mut entry);
        found.push((*row, entry, problems, repairs));
    }
    report.rows_read = found.len();

    let entries: Vec<RosterEntry> = found.iter().map(|(_, e, _, _)| e.clone()).collect();
    let checked = roster::check_roster(book, on, &entries);
    // A column the rules need that the file lacks is said once, and its rows come in
    // incomplete (the roster shows what to fill in), never as a problem of column A per row.
    let mut missing: Vec<Column> = Vec::new();
    for ((row, entry, problems, _), check) in found.iter_mut().zip(&checked.rows) {
        if let Outcome::Incomplete(rules_problems) = &check.outcome {
            for p in rules_problems {
                let Some(column) = column_of(p) else { continue };
                let Some(&i) = seen.get(&column) else {
                    if !missing.contains(&column) {
                        missing.push(column);
                    }
                    continue;
                };
                if problems.iter().any(|q| q.heading == column.heading()) {
                    continue; // already said of this cell, in the file's words
                }
                problems.push(problem(
                    *row,
                    i,
                    column,
                    column.write(entry),
                    p.message(),
                    groups::of_rule(column, p),
                ));
            }
        }
    }
    for column in missing {
        let heading = column.heading();
        report.notices.push(Bilingual::new(
            format!("文件缺少“{heading}”列：请添加该列，或在导入后逐人填写。缺这一项的考生导入后显示为“待补全”。"),
            format!("The file has no \"{heading}\" column: add it, or fill it in for each candidate after importing. Candidates who need it come in as incomplete."),
        ));
    }
    // Rows with the same number, named by their spreadsheet rows, then numbers already in the draft.
    let row_numbers: Vec<usize> = found.iter().map(|(r, _, _, _)| *r).collect();
    for ((row, entry, problems, _), check) in found.iter_mut().zip(&checked.rows) {
        let i = seen.get(&Column::IdNumber).copied().unwrap_or(0);
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
            ), Bilingual::fixed("身份证号在文件中重复", "Identity numbers repeated in the file")));
        }
        if existing.iter().any(|e| roster::same_id_number(e, &number)) {
            problems.push(problem(*row, i, Column::IdNumber, number, Bilingual::new(
                "草稿中已有这个身份证号的考生。请删去这一行，或在草稿中修改原有的考生。",
                "The draft already has a candidate with this identity number. Delete this row, or edit that candidate in the draft.",
            ), Bilingual::fixed("草稿中已有这个身份证号", "Identity numbers already in the draft")));
        }
    }

    for ((row, entry, mut problems, repairs), check) in found.into_iter().zip(&checked.rows) {
        if problems.is_empty() {
            // Imported, but the candidate cannot apply yet: counted apart from "no problem".
            if matches!(check.outcome, Outcome::NotEligible { .. }) {
                report.not_eligible.push(RowNote {
                    row,
                    name: entry.name.clone(),
                    note: check.summary(&[]),
                });
            }
            report
                .repaired
                .extend(repairs.into_iter().map(|note| RowNote {
                    row,
                    name: entry.name.clone(),
                    note,
                }));
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
    group: Bilingual,
) -> CellProblem {
    // On a screen others may see: the page shows what the cell holds, an identity number
    // masked (the file itself is the person's own).
    let value = if column == Column::IdNumber {
        pingjia_rules::id_number::masked(&value)
    } else {
        value
    };
    CellProblem {
        row,
        column: columns::letter(index),
        heading: column.heading().to_string(),
        value,
        message,
        group,
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
