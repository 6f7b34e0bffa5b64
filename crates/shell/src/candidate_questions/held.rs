//! Certificates and professional titles: rows of something held since a date, each a kind
//! chosen from a list and the date, added and removed by the person.
//!
//! Both lists share one (non-generic) row component: the list is reached through the
//! functions of a [`HeldList`], and kinds travel as their stable codes, so the download holds
//! the row's code once.

use super::FieldIds;
use crate::ui::{DateField, FieldError, field_class, field_error, show};
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::candidate_draft::{CandidateDraft, Field, HeldDraft};
use pingjia_rules::codes::Code;
use pingjia_rules::eligibility::{CertificateLevel, TitleGrade};

/// One row as shown: the chosen kind's code and the date as typed.
type Shown = (Option<&'static str>, String);

/// Which list of the draft a set of rows edits, and the words around it.
struct HeldList {
    len: fn(&CandidateDraft) -> usize,
    push: fn(&mut CandidateDraft),
    remove: fn(&mut CandidateDraft, usize),
    row: fn(&CandidateDraft, usize) -> Shown,
    set_kind: fn(&mut CandidateDraft, usize, &str),
    set_since: fn(&mut CandidateDraft, usize, String),
    /// Every kind: its code and its name.
    options: fn() -> Vec<(&'static str, Bilingual)>,
    kind_field: fn(usize) -> Field,
    date_field: fn(usize) -> Field,
    legend: fn(usize) -> Bilingual,
    kind: Bilingual,
    since: Bilingual,
    hint: Bilingual,
    add: Bilingual,
}

fn shown<K: Code>(rows: &[HeldDraft<K>], i: usize) -> Shown {
    rows.get(i)
        .map(|r| (r.kind.map(K::code), r.since.clone()))
        .unwrap_or_default()
}

fn options<K: Code>(label: fn(K) -> Bilingual) -> Vec<(&'static str, Bilingual)> {
    K::ALL
        .iter()
        .map(|&k| (k.code(), label(k).capitalised()))
        .collect()
}

fn remove_row<T>(rows: &mut Vec<T>, i: usize) {
    if i < rows.len() {
        rows.remove(i);
    }
}

static CERTIFICATES: HeldList = HeldList {
    len: |d| d.certificates.len(),
    push: |d| d.certificates.push(HeldDraft::default()),
    remove: |d, i| remove_row(&mut d.certificates, i),
    row: |d, i| shown(&d.certificates, i),
    set_kind: |d, i, code| {
        if let Some(r) = d.certificates.get_mut(i) {
            r.kind = CertificateLevel::from_code(code);
        }
    },
    set_since: |d, i, text| {
        if let Some(r) = d.certificates.get_mut(i) {
            r.since = text;
        }
    },
    options: || options(CertificateLevel::label),
    kind_field: Field::CertificateLevel,
    date_field: Field::CertificateDate,
    legend: |i| {
        Bilingual::new(
            format!("第{}张证书", i + 1),
            format!("Certificate {}", i + 1),
        )
    },
    kind: Bilingual::fixed("等级", "Level"),
    since: Bilingual::fixed("发证日期", "Date of issue"),
    hint: Bilingual::fixed(
        "包括保安员等相关职业的证书。",
        "Include certificates of related occupations such as security guard.",
    ),
    add: Bilingual::fixed("添加一张证书", "Add a certificate"),
};

static TITLES: HeldList = HeldList {
    len: |d| d.titles.len(),
    push: |d| d.titles.push(HeldDraft::default()),
    remove: |d, i| remove_row(&mut d.titles, i),
    row: |d, i| shown(&d.titles, i),
    set_kind: |d, i, code| {
        if let Some(r) = d.titles.get_mut(i) {
            r.kind = TitleGrade::from_code(code);
        }
    },
    set_since: |d, i, text| {
        if let Some(r) = d.titles.get_mut(i) {
            r.since = text;
        }
    },
    options: || options(TitleGrade::label),
    kind_field: Field::TitleGrade,
    date_field: Field::TitleDate,
    legend: |i| Bilingual::new(format!("第{}个职称", i + 1), format!("Title {}", i + 1)),
    kind: Bilingual::fixed("级别", "Grade"),
    since: Bilingual::fixed("取得日期", "Date obtained"),
    hint: Bilingual::fixed(
        "只填写专业与保卫管理员对应的职称（专业技术人员职业资格）。",
        "Only titles whose specialty matches this occupation.",
    ),
    add: Bilingual::fixed("添加一个职称", "Add a title"),
};

#[component]
pub fn CertificateRows(
    draft: RwSignal<CandidateDraft>,
    ids: FieldIds,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    /// Whether "do you have any?" was asked before the rows (then an empty list is not offered
    /// as "just continue").
    #[prop(optional)]
    asked_first: bool,
) -> impl IntoView {
    held_rows(draft, ids, errors, &CERTIFICATES, asked_first)
}

#[component]
pub fn TitleRows(
    draft: RwSignal<CandidateDraft>,
    ids: FieldIds,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    /// As for [`CertificateRows`].
    #[prop(optional)]
    asked_first: bool,
) -> impl IntoView {
    held_rows(draft, ids, errors, &TITLES, asked_first)
}

fn held_rows(
    draft: RwSignal<CandidateDraft>,
    ids: FieldIds,
    errors: Signal<Vec<FieldError>>,
    list: &'static HeldList,
    asked_first: bool,
) -> impl IntoView {
    // Rows are rebuilt when one is added or removed, never on a keystroke.
    let count = Memo::new(move |_| draft.with(list.len));
    let hint = if asked_first {
        list.hint.clone()
    } else {
        Bilingual::new(
            format!("{}没有可直接继续。", list.hint.zh),
            format!("{} If there are none, just continue.", list.hint.en),
        )
    };
    view! {
        <p class="hint">{show(hint)}</p>
        {move || (0..count.get()).map(|i| held_row(draft, ids, errors, list, i)).collect_view()}
        <button type="button" class="secondary" on:click=move |_| draft.update(list.push)>
            {show(list.add.clone())}
        </button>
    }
}

/// Row `i` (from 0); it follows its own row of the draft only.
fn held_row(
    draft: RwSignal<CandidateDraft>,
    ids: FieldIds,
    errors: Signal<Vec<FieldError>>,
    list: &'static HeldList,
    i: usize,
) -> impl IntoView {
    let row = Memo::new(move |_| draft.with(|d| (list.row)(d, i)));
    let kind_id = ids.of((list.kind_field)(i));
    let date_id = ids.of((list.date_field)(i));
    let options = (list.options)()
        .into_iter()
        .map(|(code, label)| {
            view! {
                <option value=code selected=move || row.with(|r| r.0 == Some(code))>{show(label)}</option>
            }
        })
        .collect_view();
    view! {
        <fieldset class=field_class(errors, kind_id.clone())>
            <legend>{show((list.legend)(i))}</legend>
            <p class="field-error">{field_error(errors, kind_id.clone())}</p>
            <label for=kind_id.clone()>{show(list.kind.clone())}</label>
            <select id=kind_id.clone() on:change=move |ev| {
                let code = event_target_value(&ev);
                draft.update(|d| (list.set_kind)(d, i, &code));
            }>
                <option value="" selected=move || row.with(|r| r.0.is_none())>{show(Bilingual::fixed("请选择", "Choose"))}</option>
                {options}
            </select>
            <DateField id=date_id label=list.since.clone()
                example=(list.date_field)(i).example_date() errors=errors
                value=Signal::derive(move || row.with(|r| r.1.clone()))
                set=Callback::new(move |text| draft.update(|d| (list.set_since)(d, i, text)))/>
            <button type="button" class="link" on:click=move |_| draft.update(|d| (list.remove)(d, i))>
                {show(Bilingual::fixed("删除", "Remove"))}
            </button>
        </fieldset>
    }
}
