//! `pingjia serve`: the built app (`dist/`) and the JSON API from one origin, on an embedded
//! SQLite database. It trusts nothing a client sends.

pub mod api;
pub mod clock;
pub mod connections;
pub mod db;
pub mod eval;
pub mod refusal;
pub mod rulebook_cli;
pub mod security;
pub mod serve;
pub mod static_files;
pub mod sync;
