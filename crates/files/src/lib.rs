//! An institution's roster as a file: read from CSV (UTF-8 or GB18030) or XLSX, written as CSV
//! (UTF-8 with a BOM, so Excel shows the Chinese) or XLSX, with the columns of
//! `docs/roster-format.md`.
//!
//! The readers and writers (feature `formats`) run in a web worker (`src/main.rs`), which the
//! drafts pages start only when someone imports or exports, so their weight never reaches a
//! candidate's first visit. Without the feature this crate is only [`protocol`]: the messages
//! the pages and the worker exchange.

pub mod protocol;

#[cfg(feature = "formats")]
pub mod columns;
#[cfg(feature = "formats")]
pub mod export;
#[cfg(feature = "formats")]
pub mod import;
#[cfg(feature = "formats")]
pub mod qr;
#[cfg(feature = "formats")]
mod table;
#[cfg(feature = "formats")]
pub mod warm_up;
#[cfg(feature = "formats")]
pub mod worker;

/// How a cell a spreadsheet would take for a formula starts (OWASP's list): an export writes
/// such a cell after an apostrophe, and an import takes the apostrophe off.
#[cfg(feature = "formats")]
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// How the CSV template's row of guidance starts (under the headings, a cell per column saying
/// what it takes): the import skips a row whose first cell starts so.
#[cfg(feature = "formats")]
const GUIDANCE_MARK: &str = "【填写说明，导入时跳过本行】";
