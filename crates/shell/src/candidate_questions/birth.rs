//! The birth date, or the identity number it can be read from.
//!
//! The two fields are separate components so that a page can order them as it asks: the
//! self-assessment asks the date first ([`BirthQuestions`]); an institution's editor asks the
//! number first and reads the date from it.

use super::FieldIds;
use crate::ui::{DateField, FieldError, field_class, field_error, show};
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::candidate_draft::{CandidateDraft, Field};

/// `id_number_hint` says what becomes of the number on this page (kept or not, sent or not);
/// `id_number_label` replaces "or the identity number" where the number is required.
#[component]
pub fn BirthQuestions(
    draft: RwSignal<CandidateDraft>,
    ids: FieldIds,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    id_number_hint: Bilingual,
    #[prop(optional)] id_number_label: Option<Bilingual>,
) -> impl IntoView {
    let id_number_label = id_number_label.unwrap_or_else(|| {
        Bilingual::fixed("或填写18位身份证号", "Or the 18-character identity number")
    });
    view! {
        <BirthDateField draft=draft ids=ids errors=errors/>
        <IdNumberField draft=draft ids=ids errors=errors label=id_number_label hint=id_number_hint/>
    }
}

#[component]
pub fn BirthDateField(
    draft: RwSignal<CandidateDraft>,
    ids: FieldIds,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    view! {
        <DateField id=ids.of(Field::BirthDate) label=Bilingual::fixed("出生日期", "Date of birth")
            example=Field::BirthDate.example_date() autocomplete="bday" errors=errors
            value=Signal::derive(move || draft.with(|d| d.birth_date.clone()))
            set=Callback::new(move |v| draft.update(|d| d.birth_date = v))/>
    }
}

#[component]
pub fn IdNumberField(
    draft: RwSignal<CandidateDraft>,
    ids: FieldIds,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    label: Bilingual,
    hint: Bilingual,
) -> impl IntoView {
    let id = ids.of(Field::IdNumber);
    let (class, error, label_for) = (
        field_class(errors, id.clone()),
        field_error(errors, id.clone()),
        id.clone(),
    );
    view! {
        <div class=class>
            <label for=label_for>{show(label)}</label>
            <p class="hint">{show(hint)}</p>
            <p class="field-error">{error}</p>
            <input id=id type="text" autocomplete="off" spellcheck="false"
                prop:value=move || draft.with(|d| d.id_number.clone())
                on:input=move |ev| draft.update(|d| d.id_number = event_target_value(&ev))/>
        </div>
    }
}
