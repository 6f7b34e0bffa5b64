//! A notice as data: the file the association's staff write for each new notice (and for each
//! year's holiday schedule), checked before anyone relies on it, and compared with the last one
//! in words. The rules crate's build script turns the books in `books/` into the rules' data;
//! `pingjia rulebook check` and `pingjia rulebook diff` run the same checks and comparison for
//! a book being written; `pingjia rulebook publish` signs books for readers that load them at
//! run time (`signed`). `docs/rulebook-format.md` describes every field.

pub mod check;
pub mod diff;
pub mod format;
#[cfg(feature = "signed")]
pub mod signed;

pub use check::Problem;
pub use format::{HolidayBook, NoticeBook, Text};
