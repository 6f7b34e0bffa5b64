//! pingjia, the app: a Leptos client-side WebAssembly program that answers a candidate's or an
//! institution's questions about the 2025 保卫管理员 skill evaluation. Every answer comes from
//! `pingjia-rules`; this crate only asks and shows.

pub mod app;
pub mod calendar_file;
pub mod candidate_questions;
pub mod drafts;
pub mod drafts_loader;
pub mod home;
pub mod i18n;
pub mod local_storage;
pub mod pages;
pub mod preferences;
pub mod router;
pub mod self_assessment;
pub mod sync;
pub mod today;
pub mod ui;
