//! The birth date, or the identity number it can be read from.

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
    let birth_id = ids.of(Field::BirthDate);
    let id_number_id = ids.of(Field::IdNumber);
    view! {
        <DateField id=birth_id label=Bilingual::fixed("出生日期", "Date of birth")
            example=Field::BirthDate.example_date() autocomplete="bday" errors=errors
            value=Signal::derive(move || draft.with(|d| d.birth_date.clone()))
            set=Callback::new(move |v| draft.update(|d| d.birth_date = v))/>
        <div class=field_class(errors, id_number_id.clone())>
            <label for=id_number_id.clone()>{show(id_number_label)}</label>
            <p class="hint">{show(id_number_hint)}</p>
            <p class="field-error">{field_error(errors, id_number_id.clone())}</p>
            <input id=id_number_id.clone() type="text" autocomplete="off" spellcheck="false"
                prop:value=move || draft.with(|d| d.id_number.clone())
                on:input=move |ev| draft.update(|d| d.id_number = event_target_value(&ev))/>
        </div>
    }
}
