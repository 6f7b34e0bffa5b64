//! Roster files as an institution imports them: raw bytes (any file picked by mistake) and,
//! structure-aware, a grid of cells under the template's headings written as a real CSV or
//! XLSX file, so most inputs get past the format and into the column readers.

use arbitrary::{Arbitrary, Unstructured};
use pingjia_files::columns::Column;
use pingjia_files::import;
use pingjia_files::protocol::ImportReport;
use pingjia_rules::Bilingual;

fn utf8(bytes: &[u8]) -> Result<String, Bilingual> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    String::from_utf8(bytes.to_vec())
        .map_err(|_| Bilingual::fixed("不是 UTF-8 文本。", "Not UTF-8 text."))
}

fn read(bytes: &[u8], on: chrono::NaiveDate) -> ImportReport {
    let book = pingjia_rules::rulebook::current();
    let report = import::import(book, bytes, &utf8, on, &[]);
    holds(&report);
    // The file the person downloads to fix the rows with problems is built from the same
    // bytes: it must be built, or refused with a reason, never crash.
    let _ = import::problem_rows(book, bytes, &utf8, on, &[]);
    report
}

/// Promises of the import report the pages rely on: problems in file order (the report groups
/// and counts them that way), good rows in file order and never among the rows with problems,
/// and every row read either good or with a problem.
fn holds(report: &ImportReport) {
    if report.problems.windows(2).any(|w| w[0].row > w[1].row) {
        panic!("problems out of file order");
    }
    if report.good.windows(2).any(|w| w[0].row >= w[1].row) {
        panic!("good rows out of file order");
    }
    if let Some(both) = report
        .good
        .iter()
        .find(|g| report.problems.iter().any(|p| p.row == g.row))
    {
        panic!("row {} is both good and has a problem", both.row);
    }
    if report.file_problems.is_empty() && report.good.len() + report.bad_rows() != report.rows_read
    {
        panic!(
            "{} good + {} with problems != {} read",
            report.good.len(),
            report.bad_rows(),
            report.rows_read
        );
    }
}

/// Any bytes as a `.csv` file.
pub fn csv_bytes(data: &[u8]) {
    let (on, rest) = crate::day(data);
    read(rest, on);
}

/// Any bytes as a `.xlsx` file (the reader looks at the bytes, not the name).
pub fn xlsx_bytes(data: &[u8]) {
    csv_bytes(data);
}

/// Values a clerk's spreadsheet really holds, so that generated rows reach every column
/// reader's accepting and refusing paths.
const LIKELY: &[&str] = &[
    "",
    " ",
    "张三",
    "欧阳某某",
    "三级",
    "二级",
    "一级",
    "高级工",
    "技师",
    "高级技师",
    "11010519491231002X",
    "110105194912310021",
    "310101200001011234",
    "2019-07-01",
    "2019/7/1",
    "2019.07.01",
    "2019年7月1日",
    "20190701",
    "43647",
    "1800-01-01",
    "2025-02-30",
    "至今",
    "大专",
    "本科",
    "硕士研究生",
    "中专",
    "技工学校",
    "毕业",
    "在读",
    "是",
    "否",
    "理论",
    "技能",
    "综合评审",
    "理论、技能",
    "四级",
    "=1+1",
    "\u{202e}名",
];

#[derive(Arbitrary, Debug)]
enum Cell {
    Likely(u8),
    Text(String),
    Number(f64),
}

#[derive(Arbitrary, Debug)]
struct Grid {
    /// Which template columns, in which order (indices into `Column::ALL`, repeats allowed).
    columns: Vec<u8>,
    rows: Vec<Vec<Cell>>,
    xlsx: bool,
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Likely(i) => LIKELY[usize::from(*i) % LIKELY.len()].to_string(),
            Cell::Text(text) => text.clone(),
            Cell::Number(n) => n.to_string(),
        }
    }
}

/// A grid of cells under template headings, written as CSV or XLSX and imported.
pub fn grid(data: &[u8]) {
    let (on, rest) = crate::day(data);
    let Ok(grid) = Grid::arbitrary(&mut Unstructured::new(rest)) else {
        return;
    };
    let headings: Vec<&str> = grid
        .columns
        .iter()
        .take(20)
        .map(|i| Column::ALL[usize::from(*i) % Column::ALL.len()].heading())
        .collect();
    let rows: Vec<&Vec<Cell>> = grid.rows.iter().take(60).collect();
    let bytes = if grid.xlsx {
        xlsx(&headings, &rows)
    } else {
        csv(&headings, &rows)
    };
    let Some(bytes) = bytes else { return };
    let report = read(&bytes, on);
    let written = rows.len();
    if report.rows_read + report.blank_rows > written {
        panic!(
            "{} rows read and {} blank from {written} written",
            report.rows_read, report.blank_rows
        );
    }
}

fn csv(headings: &[&str], rows: &[&Vec<Cell>]) -> Option<Vec<u8>> {
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    out.write_record(headings).ok()?;
    for row in rows {
        let cells: Vec<String> = row.iter().take(24).map(Cell::text).collect();
        if cells.is_empty() {
            out.write_record([""]).ok()?;
        } else {
            out.write_record(&cells).ok()?;
        }
    }
    out.into_inner().ok()
}

fn xlsx(headings: &[&str], rows: &[&Vec<Cell>]) -> Option<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, heading) in headings.iter().enumerate() {
        sheet.write_string(0, c as u16, *heading).ok()?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().take(24).enumerate() {
            let c = c as u16;
            match cell {
                Cell::Number(n) if n.is_finite() => sheet.write_number(r, c, *n).ok()?,
                other => sheet.write_string(r, c, other.text()).ok()?,
            };
        }
    }
    book.save_to_buffer().ok()
}
