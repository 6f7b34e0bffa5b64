//! The highest schooling (or what is being studied now), whether it is finished, and whether
//! the specialty is related and assessed — the first schooling of the draft.

use super::{FieldIds, radio};
use crate::ui::{FieldError, field_error, show, t};
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::candidate_draft::{Answer, CandidateDraft, Field, SchoolingDraft};
use pingjia_rules::codes::Code;
use pingjia_rules::eligibility::{School, SchoolStatus};

/// Highest first, as a person looks for theirs.
pub const SCHOOLS: [School; 9] = [
    School::Postgraduate,
    School::Bachelor,
    School::College,
    School::HigherVocational,
    School::TechnicianClass,
    School::TechnicianCollege,
    School::SeniorTechnicalSchool,
    School::TechnicalSchoolSeniorClass,
    School::SecondaryOrBelow,
];

/// The schooling question, as every form that asks it words it.
pub const SCHOOL_QUESTION: Bilingual = Bilingual::fixed(
    "最高学历（或正在就读的）",
    "Highest schooling (or what is being studied now)",
);

const YES: Bilingual = Bilingual::fixed("是", "Yes");
const NO: Bilingual = Bilingual::fixed("否", "No");
const DONT_KNOW: Bilingual = Bilingual::fixed("不知道", "I don't know");

#[component]
pub fn SchoolingQuestions(
    draft: RwSignal<CandidateDraft>,
    ids: FieldIds,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    /// Asks the schooling in place of the nine radios.
    #[prop(optional, into)]
    school_question: Option<ViewFn>,
) -> impl IntoView {
    let first = move || draft.with(|d| d.schooling.first().copied().unwrap_or_default());
    // The self-assessment asks for one schooling: the first of the draft, made on first answer.
    let change = move |f: &dyn Fn(&mut SchoolingDraft)| {
        draft.update(|d| {
            if d.schooling.is_empty() {
                d.schooling.push(SchoolingDraft::default());
            }
            if let Some(s) = d.schooling.first_mut() {
                f(s);
            }
        })
    };
    let name = move |n: &str| ids.named(n);
    let id = move |group: &str, code: &str| name(&format!("{group}-{}", code.replace('_', "-")));
    let schools = SCHOOLS.into_iter().map(move |v| {
        let checked = Signal::derive(move || first().school == Some(v));
        let pick = Callback::new(move |()| change(&|s| s.school = Some(v)));
        radio(
            id("school", v.code()),
            name("school"),
            checked,
            pick,
            v.label().capitalised(),
        )
    });
    let statuses = SchoolStatus::ALL.iter().map(move |&v| {
        let checked = Signal::derive(move || first().status == Some(v));
        let pick = Callback::new(move |()| change(&|s| s.status = Some(v)));
        radio(
            id("status", v.code()),
            name("status"),
            checked,
            pick,
            v.label().capitalised(),
        )
    });
    let yes_no = move |group: &str,
                       get: fn(&SchoolingDraft) -> Option<bool>,
                       set: fn(&mut SchoolingDraft, bool)| {
        [(true, "yes", YES), (false, "no", NO)].map(|(v, word, label)| {
            let checked = Signal::derive(move || get(&first()) == Some(v));
            let pick = Callback::new(move |()| change(&|s| set(s, v)));
            radio(id(group, word), name(group), checked, pick, label)
        })
    };
    let related = yes_no(
        "related",
        |s| s.related_specialty,
        |s, v| s.related_specialty = Some(v),
    );
    let assessed = [
        (Answer::Yes, "yes", YES),
        (Answer::No, "no", NO),
        (Answer::DontKnow, "unknown", DONT_KNOW),
    ]
    .map(|(v, word, label)| {
        let checked = Signal::derive(move || first().assessed == Some(v));
        let pick = Callback::new(move |()| change(&|s| s.assessed = Some(v)));
        radio(id("assessed", word), name("assessed"), checked, pick, label)
    });
    let school_legend = show(SCHOOL_QUESTION);
    let school_error = field_error(errors, ids.of(Field::School(0)));
    // A page that asks many people (an institution's editor) brings its own, shorter question.
    let school = match school_question {
        Some(question) => question.run(),
        None => view! {
            <fieldset>
                <legend>{school_legend}</legend>
                <p class="field-error">{school_error}</p>
                {schools.collect_view()}
            </fieldset>
        }
        .into_any(),
    };
    let assessed_hint = t(
        "“经评估论证”指该专业经过评估，确认与保卫管理员职业对应；附录5有一条申报途径专门针对这类专业的毕业生。可以查看学校的招生简章，或问学校的教务处或招生办。不确定就选“不知道”：结果会说明它取决于这一点。",
        "“Assessed” (经评估论证) means the programme was reviewed and found to match this occupation; one route of appendix 5 is for graduates of such programmes. The school's admissions brochure (招生简章) says so, or ask the school's office. If you are not sure, choose “I don't know”: the result then says what depends on it.",
    );
    let assessed_hint = if ids.is_compact() {
        view! {
            <details class="help">
                <summary>{t("这是什么意思？", "What does this mean?")}</summary>
                <p class="hint">{assessed_hint}</p>
            </details>
        }
        .into_any()
    } else {
        view! { <p class="hint">{assessed_hint}</p> }.into_any()
    };
    // Short answers side by side in the clerk's layout.
    let short_choices = if ids.is_compact() {
        "choices-inline"
    } else {
        "choices"
    };
    view! {
        {school}
        <fieldset>
            <legend>{t("是否已毕业？", "Have you graduated?")}</legend>
            <p class="field-error">{field_error(errors, ids.of(Field::SchoolStatus(0)))}</p>
            {statuses.collect_view()}
        </fieldset>
        <fieldset>
            <legend>{t("所学专业与保卫管理员是否相同或相关？", "Is your specialty this occupation or a related one?")}</legend>
            <div class=short_choices>{related.into_iter().collect_view()}</div>
        </fieldset>
        <fieldset>
            <legend>{t("该专业是否“经评估论证”？", "Was the programme assessed (经评估论证) for this occupation?")}</legend>
            {assessed_hint}
            <div class=short_choices>{assessed.into_iter().collect_view()}</div>
        </fieldset>
    }
}
