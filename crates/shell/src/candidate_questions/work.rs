//! Periods of work in this or a related occupation: added and removed by the person, each a
//! start, an end or "still working there".

use super::FieldIds;
use crate::ui::{DateField, FieldError, show, t};
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::candidate_draft::{CandidateDraft, Field, WorkDraft};

#[component]
pub fn WorkRows(
    draft: RwSignal<CandidateDraft>,
    ids: FieldIds,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    /// Whether "have you any?" was asked before the rows (then an empty list is not offered as
    /// "just continue").
    #[prop(optional)]
    asked_first: bool,
) -> impl IntoView {
    // Rows are rebuilt when one is added or removed, never on a keystroke: each row follows
    // its own part of the draft.
    let count = Memo::new(move |_| draft.with(|d| d.work.len()));
    let hint = if asked_first {
        t(
            "多段经历会累计计算，重叠部分只算一次。",
            "Several periods add up; overlaps count once.",
        )
    } else {
        t(
            "没有相关工作经历可直接继续。多段经历会累计计算，重叠部分只算一次。",
            "If there is none, just continue. Several periods add up; overlaps count once.",
        )
    };
    view! {
        <p class="hint">{hint}</p>
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
            <DateField id=from_id label=Bilingual::fixed("开始日期", "Start date")
                example=Field::WorkFrom(i).example_date() errors=errors
                value=Signal::derive(move || row.with(|w| w.from.clone()))
                set=Callback::new(move |v: String| change(&|w| w.from = v.clone()))/>
            <DateField id=until_id label=Bilingual::fixed("结束日期", "End date")
                example=Field::WorkUntil(i).example_date() errors=errors
                disabled=Signal::derive(move || row.with(|w| w.ongoing))
                value=Signal::derive(move || row.with(|w| w.until.clone()))
                set=Callback::new(move |v: String| change(&|w| w.until = v.clone()))/>
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
