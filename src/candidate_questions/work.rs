//! Periods of work in this or a related occupation: added and removed by the person, each a
//! start, an end or "still working there".

use super::FieldIds;
use crate::ui::{FieldError, field_class, field_error, show, t};
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::candidate_draft::{CandidateDraft, Field, WorkDraft};

#[component]
pub fn WorkRows(
    draft: RwSignal<CandidateDraft>,
    ids: FieldIds,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    // Rows are rebuilt when one is added or removed, never on a keystroke: each row follows
    // its own part of the draft.
    let count = Memo::new(move |_| draft.with(|d| d.work.len()));
    view! {
        <p class="hint">{t("没有相关工作经历可直接继续。多段经历会累计计算，重叠部分只算一次。",
            "If you have none, just continue. Several periods add up; overlaps count once.")}</p>
        {move || (0..count.get()).map(|i| view! { <WorkRow draft=draft ids=ids errors=errors i=i/> }).collect_view()}
        <button type="button" class="secondary"
            on:click=move |_| draft.update(|d| d.work.push(WorkDraft::default()))>
            {t("添加一段工作经历", "Add a period of work")}
        </button>
    }
}

/// Period `i` (from 0); it follows its own row of the draft only.
#[component]
fn WorkRow(
    draft: RwSignal<CandidateDraft>,
    ids: FieldIds,
    errors: Signal<Vec<FieldError>>,
    i: usize,
) -> impl IntoView {
    let row = Memo::new(move |_| draft.with(|d| d.work.get(i).cloned().unwrap_or_default()));
    let change = move |f: &dyn Fn(&mut WorkDraft)| {
        draft.update(|d| {
            if let Some(w) = d.work.get_mut(i) {
                f(w);
            }
        })
    };
    let from_id = ids.of(Field::WorkFrom(i));
    let until_id = ids.of(Field::WorkUntil(i));
    view! {
        <fieldset class="row">
            <legend>{show(Bilingual::new(format!("第{}段", i + 1), format!("Period {}", i + 1)))}</legend>
            <div class=field_class(errors, from_id.clone())>
                <label for=from_id.clone()>{t("开始日期（例如 2018-07-01）", "From (e.g. 2018-07-01)")}</label>
                <p class="field-error">{field_error(errors, from_id.clone())}</p>
                <input id=from_id.clone() type="text" inputmode="numeric"
                    prop:value=move || row.with(|w| w.from.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); change(&|w| w.from = v.clone()) }/>
            </div>
            <div class=field_class(errors, until_id.clone())>
                <label for=until_id.clone()>{t("结束日期", "Until")}</label>
                <p class="field-error">{field_error(errors, until_id.clone())}</p>
                <input id=until_id.clone() type="text" inputmode="numeric"
                    disabled=move || row.with(|w| w.ongoing)
                    prop:value=move || row.with(|w| w.until.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); change(&|w| w.until = v.clone()) }/>
            </div>
            <label class="choice">
                <input type="checkbox"
                    prop:checked=move || row.with(|w| w.ongoing)
                    on:change=move |_| change(&|w| w.ongoing = !w.ongoing)/>
                {t("至今仍在做", "Still working there")}
            </label>
            <button type="button" class="link" on:click=move |_| draft.update(|d| { if i < d.work.len() { d.work.remove(i); } })>
                {t("删除这一段", "Remove this period")}
            </button>
        </fieldset>
    }
}
