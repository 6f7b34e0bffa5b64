//! One module per page of the app.

pub mod conduct;
pub mod eligibility;
pub mod fees;
pub mod results;
pub mod retake;
pub mod service;
pub mod sessions;
pub mod settings;
