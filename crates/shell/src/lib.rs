//! What the candidate app and the institutions' drafts program both use: the contexts every
//! component reads (language, display), the router and its pages, the pieces every page is made
//! of (`ui`), the questions about one candidate (the self-assessment asks them, the roster's
//! editor too), the device's preferences and localStorage, and today's date in Shanghai.
//!
//! Each program links its own copy: the two are separate WebAssembly programs that share no
//! memory, only the page, its address and localStorage.

pub mod candidate_questions;
pub mod context;
pub mod kept_books;
pub mod local_storage;
pub mod preferences;
pub mod router;
pub mod today;
pub mod ui;
