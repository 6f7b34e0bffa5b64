//! The import's code run once before the person's file arrives. WebAssembly functions are
//! compiled the first time they are called, and run as quickly compiled code until the browser
//! finds them hot: a first import of 5,000 rows spent 350–548 ms in the worker, the same file
//! read again by the same worker 153–233 ms. The import page asks for this when it opens
//! (`Request::Prepare`), while the person chooses a file: a roster of [`ROWS`] made-up people,
//! written as XLSX and read back through the same reading and checking as a real import.

use crate::export;
use crate::import::{self, Decode};
use crate::protocol::{ExportRoster, ExportRow, Format};
use chrono::NaiveDate;
use pingjia_rules::Bilingual;
use pingjia_rules::Level;
use pingjia_rules::candidate_draft::{CandidateDraft, SchoolingDraft, WorkDraft};
use pingjia_rules::eligibility::{School, SchoolStatus};
use pingjia_rules::id_number;
use pingjia_rules::roster::RosterEntry;
use pingjia_rules::rulebook::Rulebook;

/// Rows of the made-up roster: enough for the reading and checking loops to run many times,
/// few enough to take a small part of what a real import takes.
pub const ROWS: usize = 200;

/// Writes and imports the made-up roster; returns how many of its rows were read without a
/// problem (all of them, unless the reading or the rules changed under it).
pub fn warm_up(book: &Rulebook, decode: Decode) -> Result<usize, Bilingual> {
    let on = NaiveDate::from_ymd_opt(2025, 6, 6).unwrap_or_default();
    let file = export::export(Format::Xlsx, &sample(on))?;
    let report = import::import(book, &file, decode, on, &[]);
    Ok(report.good.len())
}

fn sample(on: NaiveDate) -> ExportRoster {
    ExportRoster {
        title: "warm-up".into(),
        institution: String::new(),
        session: String::new(),
        checked_on: on,
        rulebook_version: String::new(),
        rows: (0..ROWS).map(row).collect(),
        totals: Vec::new(),
        grand_total: None,
        counted: 0,
    }
}

fn row(i: usize) -> ExportRow {
    let birth = format!("{}{:02}{:02}", 1970 + i % 25, 1 + i % 12, 1 + i % 28);
    ExportRow {
        entry: RosterEntry {
            name: format!("示例{}", i + 1),
            level: Some(Level::Three),
            retake: Vec::new(),
            candidate: CandidateDraft {
                // Always 17 digits; were it not, the row would be incomplete, which the
                // warm-up's test catches.
                id_number: id_number::complete(&format!("310101{birth}{:03}", i % 1000))
                    .unwrap_or_default(),
                schooling: vec![SchoolingDraft {
                    school: Some(School::College),
                    status: Some(SchoolStatus::Graduated),
                    related_specialty: Some(false),
                    assessed: None,
                }],
                work: vec![WorkDraft {
                    from: "2012-03-01".into(),
                    until: String::new(),
                    ongoing: true,
                }],
                ..CandidateDraft::default()
            },
        },
        status: String::new(),
        summary: String::new(),
        fee: None,
    }
}
