//! The questions about one candidate — birth date, schooling, work, certificates, titles — as
//! editors of one [`CandidateDraft`] signal.
//!
//! Each editor takes its draft, a [`FieldIds`] prefix and the errors to show as props, and reads
//! no context but the language: a page can hold one of them (the self-assessment, one question
//! per page) or many side by side (an institution's roster). Each row of a list re-renders
//! alone: a keystroke in one period of work touches no other row and no other draft.

mod birth;
mod held;
mod schooling;
mod work;

pub use birth::{BirthDateField, BirthQuestions, IdNumberField};
pub use held::{CertificateRows, TitleRows};
pub use schooling::{SCHOOL_QUESTION, SCHOOLS, SchoolingQuestions};
pub use work::WorkRows;

use crate::ui::{FieldError, show};
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::candidate_draft::{Field, Problem};

/// The DOM ids of one draft's fields: a prefix (empty for the self-assessment, the candidate's
/// own for a roster row) before a name that says which field it is, e.g. `work-from-2`.
///
/// The ids also say how the questions are laid out, so that an error always leads to the
/// input that is on the page: one question at a time for a candidate ([`FieldIds::new`]), or
/// the short form of a clerk entering many people ([`FieldIds::compact`]), where the schooling
/// is one list and the birth date is read from the identity number, asked for only when it
/// cannot be.
#[derive(Clone, Copy)]
pub struct FieldIds(StoredValue<(String, bool)>);

impl FieldIds {
    pub fn new(prefix: impl Into<String>) -> FieldIds {
        FieldIds(StoredValue::new((prefix.into(), false)))
    }

    /// The short layout of an institution's candidate editor.
    pub fn compact(prefix: impl Into<String>) -> FieldIds {
        FieldIds(StoredValue::new((prefix.into(), true)))
    }

    pub fn is_compact(self) -> bool {
        self.0.with_value(|(_, compact)| *compact)
    }

    /// The id of `name` within this draft.
    pub fn named(self, name: &str) -> String {
        self.0.with_value(|(prefix, _)| format!("{prefix}{name}"))
    }

    /// The id of the input a problem with `field` leads to (for a choice, its first option).
    pub fn of(self, field: Field) -> String {
        self.named(&match field {
            Field::AskedOn => "on".to_string(),
            Field::BirthDate => "birth-date".to_string(),
            Field::IdNumber => "id-number".to_string(),
            Field::School(_) if self.is_compact() => "school".to_string(),
            Field::School(_) => "school-postgraduate".to_string(),
            Field::SchoolStatus(_) => "status-graduated".to_string(),
            Field::WorkFrom(i) => format!("work-from-{}", i + 1),
            Field::WorkUntil(i) => format!("work-until-{}", i + 1),
            Field::CertificateLevel(i) => format!("cert-{}", i + 1),
            Field::CertificateDate(i) => format!("cert-{}-date", i + 1),
            Field::TitleGrade(i) => format!("title-{}", i + 1),
            Field::TitleDate(i) => format!("title-{}-date", i + 1),
        })
    }
}

/// A draft's problems as errors beside its fields.
pub fn field_errors<'a>(
    problems: impl IntoIterator<Item = &'a Problem>,
    ids: FieldIds,
) -> Vec<FieldError> {
    problems
        .into_iter()
        .map(|p| FieldError {
            id: ids.of(p.field),
            message: p.message(),
        })
        .collect()
}

/// One option of a radio group. Not generic, so every group on every page shares one copy of
/// its code in the download.
fn radio(
    id: String,
    name: String,
    checked: Signal<bool>,
    pick: Callback<()>,
    label: Bilingual,
) -> impl IntoView {
    view! {
        <label class="choice" for=id.clone()>
            <input type="radio" id=id.clone() name=name
                prop:checked=checked
                on:change=move |_| pick.run(())/>
            {show(label)}
        </label>
    }
}
