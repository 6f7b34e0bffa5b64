//! The three "add another" questions (work, certificates, titles), asked as GOV.UK asks them:
//! "have you any?" first, with the rows shown only after "yes". Going on with neither answer is
//! an error, so an empty list is always an answer the person gave, never a page they skipped.

use crate::self_assessment::SaidNone;
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::candidate_draft::{CandidateDraft, HeldDraft, WorkDraft};
use pingjia_shell::candidate_questions::{CertificateRows, FieldIds, TitleRows, WorkRows};
use pingjia_shell::router::Step;
use pingjia_shell::ui::{FieldError, field_error, show};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    Work,
    Certificates,
    Titles,
}

impl List {
    pub fn of(step: Step) -> Option<List> {
        match step {
            Step::Work => Some(List::Work),
            Step::Certificates => Some(List::Certificates),
            Step::Titles => Some(List::Titles),
            _ => None,
        }
    }

    pub fn rows(self, d: &CandidateDraft) -> usize {
        match self {
            List::Work => d.work.len(),
            List::Certificates => d.certificates.len(),
            List::Titles => d.titles.len(),
        }
    }

    pub fn said_none(self, s: SaidNone) -> bool {
        match self {
            List::Work => s.work,
            List::Certificates => s.certificates,
            List::Titles => s.titles,
        }
    }

    fn set_said_none(self, s: &mut SaidNone, none: bool) {
        match self {
            List::Work => s.work = none,
            List::Certificates => s.certificates = none,
            List::Titles => s.titles = none,
        }
    }

    fn add_row(self, d: &mut CandidateDraft) {
        match self {
            List::Work => d.work.push(WorkDraft::default()),
            List::Certificates => d.certificates.push(HeldDraft::default()),
            List::Titles => d.titles.push(HeldDraft::default()),
        }
    }

    /// Empties the list: the person answered "no" and went on.
    pub fn clear(self, d: &mut CandidateDraft) {
        match self {
            List::Work => d.work.clear(),
            List::Certificates => d.certificates.clear(),
            List::Titles => d.titles.clear(),
        }
    }

    /// The radios' name; "-yes" and "-no" make their ids.
    fn name(self) -> &'static str {
        match self {
            List::Work => "has-work",
            List::Certificates => "has-certificates",
            List::Titles => "has-titles",
        }
    }

    /// Where the error summary sends the person: the "yes" radio.
    pub fn first_id(self) -> String {
        format!("{}-yes", self.name())
    }

    fn question(self) -> Bilingual {
        match self {
            List::Work => Bilingual::fixed(
                "您是否做过保卫管理员或相关职业的工作？",
                "Have you worked in this or a related occupation?",
            ),
            List::Certificates => Bilingual::fixed(
                "您是否持有本职业或相关职业的职业技能等级证书？",
                "Do you hold a skill certificate of this or a related occupation?",
            ),
            List::Titles => Bilingual::fixed(
                "您是否有专业与本职业对应的职称？",
                "Do you hold a professional title in a matching specialty?",
            ),
        }
    }

    /// The error when neither answer is chosen.
    pub fn unanswered(self) -> FieldError {
        let message = match self {
            List::Work => Bilingual::fixed(
                "请选择是否做过相关工作：选“有”并填写经历，或选“没有”。",
                "Select yes if you have worked in this or a related occupation, or no.",
            ),
            List::Certificates => Bilingual::fixed(
                "请选择是否持有相关证书：选“有”并填写证书，或选“没有”。",
                "Select yes if you hold a skill certificate of this or a related occupation, or no.",
            ),
            List::Titles => Bilingual::fixed(
                "请选择是否有对应的职称：选“有”并填写职称，或选“没有”。",
                "Select yes if you hold a professional title in a matching specialty, or no.",
            ),
        };
        FieldError {
            id: self.first_id(),
            message,
        }
    }
}

/// "Have you any?" and, after "yes", the rows (one ready to fill in). "No" hides the rows; they
/// are emptied only when the person goes on, so a slip of the finger loses nothing.
#[component]
pub fn AskFirst(
    list: List,
    draft: RwSignal<CandidateDraft>,
    said_none: RwSignal<SaidNone>,
    ids: FieldIds,
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let none = Memo::new(move |_| list.said_none(said_none.get()));
    let yes = Memo::new(move |_| !none.get() && draft.with(|d| list.rows(d)) > 0);
    let pick_yes = move |_| {
        said_none.update(|s| list.set_said_none(s, false));
        if draft.with_untracked(|d| list.rows(d)) == 0 {
            draft.update(|d| list.add_row(d));
        }
    };
    let pick_no = move |_| said_none.update(|s| list.set_said_none(s, true));
    let name = list.name();
    let (yes_id, no_id) = (format!("{name}-yes"), format!("{name}-no"));
    let rows = move || {
        yes.get().then(|| match list {
            List::Work => {
                view! { <WorkRows draft=draft ids=ids errors=errors asked_first=true/> }.into_any()
            }
            List::Certificates => {
                view! { <CertificateRows draft=draft ids=ids errors=errors asked_first=true/> }
                    .into_any()
            }
            List::Titles => {
                view! { <TitleRows draft=draft ids=ids errors=errors asked_first=true/> }.into_any()
            }
        })
    };
    view! {
        <fieldset>
            <legend>{show(list.question())}</legend>
            <p class="field-error">{field_error(errors, list.first_id())}</p>
            <label class="choice" for=yes_id.clone()>
                <input type="radio" id=yes_id.clone() name=name prop:checked=yes on:change=pick_yes/>
                {show(Bilingual::fixed("有", "Yes"))}
            </label>
            <label class="choice" for=no_id.clone()>
                <input type="radio" id=no_id.clone() name=name prop:checked=none on:change=pick_no/>
                {show(Bilingual::fixed("没有", "No"))}
            </label>
        </fieldset>
        {rows}
    }
}
