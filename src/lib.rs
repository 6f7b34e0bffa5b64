//! pingjia, the candidate app: a Leptos client-side WebAssembly program that answers a
//! candidate's questions about the 2025 保卫管理员 skill evaluation. Every answer comes from
//! `pingjia-rules`; this crate only asks and shows. The institutions' pages are another program
//! (`crates/drafts`), which this one loads only when one of them opens (`drafts_loader`): this
//! crate does not depend on it, so nothing of it can reach a candidate's download.

pub mod app;
pub mod calendar_file;
pub mod drafts_loader;
pub mod home;
pub mod i18n;
pub mod pages;
pub mod rulebook_updates;
pub mod self_assessment;
