//! The messages between the drafts pages and the file worker. Each is JSON text, with any file
//! as a byte array beside it (`{request, bytes}` one way, `{response, bytes}` the other), so
//! neither side needs the other's memory layout.

use chrono::NaiveDate;
use pingjia_rules::roster::RosterEntry;
use pingjia_rules::text::Bilingual;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Csv => "text/csv;charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

// Externally tagged (serde's own form, `{"import": {…}}`), not `tag = "kind"`: an internally
// tagged enum is read through a buffer that compiles every type inside it once more, which
// cost the drafts program bytes on every open. The two programs are deployed together, so the
// form is theirs alone to choose.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Read the file sent beside the request and check every row on `on`.
    Import {
        file_name: String,
        on: NaiveDate,
        /// The identity numbers already in the draft: a row repeating one is reported.
        existing_id_numbers: Vec<String>,
    },
    Export {
        format: Format,
        roster: ExportRoster,
    },
    /// An empty roster with the column headings, and in XLSX a sheet explaining each column.
    Template { format: Format },
    /// The rows of the file sent beside the request that have problems, as the file holds them,
    /// with a 问题 column saying what to fix: to correct in the spreadsheet and import again.
    ProblemRows {
        format: Format,
        on: NaiveDate,
        existing_id_numbers: Vec<String>,
    },
    /// A QR code of `text` (the sync page's join link), as an SVG image.
    QrCode { text: String },
    /// Run the import's code once on a made-up roster, so that the person's import runs on
    /// compiled code (see `warm_up`). Answered with `Prepared`.
    Prepare,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    Imported(ImportReport),
    /// A file to save, sent beside the response.
    File {
        file_name: String,
        mime: String,
    },
    Failed {
        message: Bilingual,
    },
    /// The import's code has run (`Request::Prepare`).
    Prepared,
}

/// What an import found. Nothing is added to a draft until the person has seen this and
/// chosen to add the rows without problems.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Rows with something in them, the heading aside.
    pub rows_read: usize,
    /// Rows with no problem, in file order. The worker sends them beside the report, in chunks
    /// of JSON text (`worker::Reply::rows`), and this list arrives empty: there are
    /// [`ImportReport::good_rows`] of them.
    pub good: Vec<ImportedRow>,
    /// Every bad cell, in file order; a row with one is not among `good`.
    pub problems: Vec<CellProblem>,
    /// Problems with the file as a whole (not a roster, a column missing): nothing can be read.
    pub file_problems: Vec<Bilingual>,
    /// Columns that are neither the template's nor the export's results; they are not imported.
    pub ignored_columns: Vec<String>,
    /// Rows with nothing in them, skipped (and said so).
    #[serde(default)]
    pub blank_rows: usize,
    /// What the person should know that stops nothing: a column the rules need that the file
    /// lacks (its rows come in incomplete), dates read from Excel's serial numbers.
    #[serde(default)]
    pub notices: Vec<Bilingual>,
    /// Rows that import but whose candidate cannot apply yet, with the reason in short.
    #[serde(default)]
    pub not_eligible: Vec<RowNote>,
    /// What was changed in reading a row ("已将 x 改为 X"), one note per change: the rows'
    /// entries hold the repaired values.
    #[serde(default)]
    pub repaired: Vec<RowNote>,
}

/// A row, the name in it, and a short sentence about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowNote {
    pub row: usize,
    pub name: String,
    pub note: Bilingual,
}

impl ImportReport {
    /// How many rows have no problem: every row read is either good or has a bad cell.
    pub fn good_rows(&self) -> usize {
        self.rows_read.saturating_sub(self.bad_rows())
    }

    /// The rows (as the spreadsheet numbers them) with at least one problem.
    pub fn bad_rows(&self) -> usize {
        let mut rows: Vec<usize> = self.problems.iter().map(|p| p.row).collect();
        rows.dedup();
        rows.len()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedRow {
    /// The row as the spreadsheet numbers it (the heading is row 1).
    pub row: usize,
    pub entry: RosterEntry,
}

/// One bad cell: where it is, what it holds, and how to put it right.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellProblem {
    /// As the spreadsheet numbers it (the heading is row 1).
    pub row: usize,
    /// The column's letter, e.g. "B".
    pub column: String,
    /// The column's heading, e.g. "身份证号".
    pub heading: String,
    /// What the cell holds, as shown; an identity number masked like the roster shows it.
    pub value: String,
    pub message: Bilingual,
    /// The kind of problem, the same for every row with it ("学历「硕士」无法识别"): a big file's
    /// report groups by it.
    pub group: Bilingual,
}

/// A checked roster, ready to write: what the institution typed and the verdict of each row.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExportRoster {
    /// The draft's name, which becomes the file's name.
    pub title: String,
    pub institution: String,
    pub session: String,
    pub checked_on: NaiveDate,
    pub rulebook_version: String,
    pub rows: Vec<ExportRow>,
    /// Totals as the check task shows them: by level (with the people counted), then by
    /// subject.
    pub totals: Vec<TotalLine>,
    /// The grand total in yuan, when the fees could be totalled.
    pub grand_total: Option<u64>,
    /// How many rows the grand total counts: those that can apply.
    #[serde(default)]
    pub counted: usize,
}

/// A line of the totals: what it counts, how many people (for a level), and how much.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalLine {
    pub what: String,
    pub people: Option<usize>,
    pub yuan: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportRow {
    pub entry: RosterEntry,
    /// 符合条件 / 暂不符合 / 待补全.
    pub status: String,
    pub summary: String,
    /// In yuan, the fee this row adds to the total: `None` for a row that cannot apply or is
    /// incomplete, written as "—（不计）" so the column adds up to the total.
    pub fee: Option<u64>,
}
