//! The editor's shorter forms of two of the shared questions, for a clerk entering many people:
//! the identity number first, with the birth date read from it (asked only when it cannot be),
//! and the schooling as one list instead of nine radios. They live here, not in the shared
//! questions, so that a candidate's first visit does not download them.

use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::candidate_draft::{CandidateDraft, Field, SchoolingDraft};
use pingjia_rules::codes::Code;
use pingjia_shell::candidate_questions::{
    BirthDateField, FieldIds, IdNumberField, SCHOOL_QUESTION, SCHOOLS,
};
use pingjia_shell::context::use_lang;
use pingjia_shell::ui::{FieldError, field_class, field_error, show, t};

/// The number, then the birth date it gives, as a line. The date field comes back when the
/// number gives none, or when a birth date was already written (to correct or clear it).
#[component]
pub fn IdNumberThenBirth(
    draft: RwSignal<CandidateDraft>,
    ids: FieldIds,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    id_number_label: Bilingual,
    id_number_hint: Bilingual,
) -> impl IntoView {
    let lang = use_lang();
    let birth_id = ids.of(Field::BirthDate);
    let from_id_number = Memo::new(move |_| draft.with(CandidateDraft::birth_date_from_id_number));
    view! {
        <IdNumberField draft=draft ids=ids errors=errors label=id_number_label hint=id_number_hint/>
        {move || match from_id_number.get() {
            // A problem with this date (under 16, say) still has its place and its anchor.
            Some(birth) => view! {
                <div class=field_class(errors, birth_id.clone())>
                    <p class="field-error">{field_error(errors, birth_id.clone())}</p>
                    <p class="derived" id=birth_id.clone() tabindex="-1">
                        {move || Bilingual::new(
                            format!("出生日期：{birth}（从身份证号读出）"),
                            format!("Date of birth: {birth} (read from the identity number)"),
                        ).get(lang.get()).to_owned()}
                    </p>
                </div>
            }.into_any(),
            None => view! { <BirthDateField draft=draft ids=ids errors=errors/> }.into_any(),
        }}
    }
}

/// The highest schooling as one list; its id is the one errors about it lead to.
#[component]
pub fn SchoolList(
    draft: RwSignal<CandidateDraft>,
    ids: FieldIds,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let school = move || draft.with(|d| d.schooling.first().and_then(|s| s.school));
    let id = ids.of(Field::School(0));
    let options = SCHOOLS.into_iter().map(move |v| {
        view! {
            <option value=v.code() prop:selected=move || school() == Some(v)>
                {show(v.label().capitalised())}
            </option>
        }
    });
    let pick = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        let picked = SCHOOLS.into_iter().find(|v| v.code() == code);
        draft.update(|d| {
            if d.schooling.is_empty() {
                d.schooling.push(SchoolingDraft::default());
            }
            if let Some(s) = d.schooling.first_mut() {
                s.school = picked;
            }
        });
    };
    let (class, error, label_for) = (
        field_class(errors, id.clone()),
        field_error(errors, id.clone()),
        id.clone(),
    );
    view! {
        <div class=class>
            <label for=label_for>{show(SCHOOL_QUESTION)}</label>
            <p class="field-error">{error}</p>
            <select id=id on:change=pick>
                <option value="" prop:selected=move || school().is_none()>{t("请选择", "Choose one")}</option>
                {options.collect_view()}
            </select>
        </div>
    }
}
