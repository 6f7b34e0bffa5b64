//! Every rule of the 2025 Shanghai 保卫管理员 skill-evaluation notice (沪企保协〔2025〕17号),
//! each with the clause it comes from.
//!
//! This crate does no I/O and reads no clock: "today" is always an argument. It builds for
//! wasm32 (the app) and natively (the server and CLI), so both give the same answers.

pub mod aliases;
pub mod api;
pub mod calendar;
pub mod candidate_draft;
pub mod citation;
pub mod clauses;
pub mod codes;
pub mod conduct;
pub mod dates;
pub mod eligibility;
pub mod fees;
pub mod id_number;
pub mod labels;
pub mod level;
pub mod results;
pub mod retake;
pub mod roster;
pub mod rulebook;
pub mod service;
pub mod sessions;
pub mod text;

pub use citation::{Citation, NoticeClause, Reason, Source, SourceKind};
pub use level::Level;
pub use text::{Bilingual, Lang};
