//! A spreadsheet as rows of cells, whichever format it came in.

use calamine::{Data, Reader, Xlsx};
use pingjia_rules::Bilingual;
use std::io::Cursor;

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell Excel holds as a date, written 2025-06-01.
    Date(String),
    /// An Excel error value such as #N/A.
    Error(String),
}

impl Cell {
    /// The cell as a person reads it in the spreadsheet.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => format!("{n}"),
            Cell::Date(d) => d.clone(),
            Cell::Error(e) => e.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.shown().is_empty()
    }
}

/// Rows in file order, each with its number as the spreadsheet shows it (from 1) and its
/// cells from column A.
pub struct Table {
    pub rows: Vec<(usize, Vec<Cell>)>,
}

pub fn from_csv(text: &str) -> Result<Table, Bilingual> {
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    // A spreadsheet numbers every line, blank ones too, and a quoted cell may hold line
    // breaks: count rows from where each record starts, not by records.
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let (mut row, mut next_line) = (0usize, 1u64);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // The reader's line count includes the blank lines skipped before the record.
                let after = reader.position().line();
                let span = 1 + record
                    .iter()
                    .map(|c| c.matches('\n').count() as u64)
                    .sum::<u64>();
                row += 1 + (after - next_line).saturating_sub(span) as usize;
                next_line = after;
                let cells = record
                    .iter()
                    .map(|c| {
                        if c.trim().is_empty() {
                            Cell::Empty
                        } else {
                            // A formula neutralised by an export comes back as typed.
                            let typed = c
                                .strip_prefix('\'')
                                .filter(|rest| rest.starts_with(crate::FORMULA_STARTS))
                                .unwrap_or(c);
                            Cell::Text(typed.to_string())
                        }
                    })
                    .collect();
                rows.push((row, cells));
            }
            Err(e) => {
                let at = row + 1;
                return Err(Bilingual::new(
                    format!(
                        "第 {at} 行附近无法按 CSV 读取（{e}）。请用 Excel 或 WPS 打开后另存为 CSV 或 XLSX 再导入。"
                    ),
                    format!(
                        "Around row {at} the file cannot be read as CSV ({e}). Open it in a spreadsheet program, save it again as CSV or XLSX, and import that."
                    ),
                ));
            }
        }
    }
    Ok(Table { rows })
}

/// Excel writes CSV with commas; some locales use semicolons and a pasted table has tabs.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if first.contains(',') {
        b','
    } else if first.contains('\t') {
        b'\t'
    } else if first.contains(';') {
        b';'
    } else {
        b','
    }
}

/// The sheet named 考生名单 if there is one (an export has it first anyway), else the first.
pub fn from_xlsx(bytes: &[u8]) -> Result<Table, Bilingual> {
    let unreadable = |e: &dyn std::fmt::Display| {
        Bilingual::new(
            format!(
                "无法读取这个 XLSX 文件（{e}）。请用 Excel 或 WPS 打开后重新保存为 .xlsx 再导入。"
            ),
            format!(
                "This XLSX file cannot be read ({e}). Open it in a spreadsheet program, save it again as .xlsx, and import that."
            ),
        )
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let names = book.sheet_names();
    let name = names
        .iter()
        .find(|n| n.trim() == crate::export::ROSTER_SHEET)
        .or(names.first())
        .cloned()
        .ok_or_else(|| unreadable(&"no sheet"))?;
    let range = book.worksheet_range(&name).map_err(|e| unreadable(&e))?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let mut cells = vec![Cell::Empty; first_column as usize];
        cells.extend(row.iter().map(|d| match d {
            Data::Empty => Cell::Empty,
            Data::String(s) => Cell::Text(s.clone()),
            Data::Int(n) => Cell::Number(*n as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.to_string()),
            Data::DateTime(dt) => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                Cell::Date(format!("{y:04}-{m:02}-{d:02}"))
            }
            Data::DateTimeIso(s) => Cell::Text(s.get(..10).unwrap_or(s).to_string()),
            Data::DurationIso(s) => Cell::Text(s.clone()),
            Data::Error(e) => Cell::Error(format!("{e}")),
        }));
        rows.push((first_row as usize + i + 1, cells));
    }
    Ok(Table { rows })
}
