//! 资格自测: the GOV.UK question-page pattern — one question per page, a back link, answers kept
//! when going back, an error summary that takes focus, what was typed kept in the field — then
//! the result from `pingjia_rules::eligibility`. The questions are the shared candidate editors
//! (`candidate_questions`) over the one draft of this device; the checks are the rules'.

mod lists;
mod result;

use crate::self_assessment::{LevelChoice, SaidNone, SelfAssessment, use_self_assessment};
use chrono::NaiveDate;
use leptos::prelude::*;
use lists::{AskFirst, List};
use pingjia_rules::candidate_draft::{CandidateDraft, Field, SchoolingDraft};
use pingjia_rules::codes::Code;
use pingjia_rules::{Bilingual, Level, id_number};
use pingjia_shell::candidate_questions::{
    BirthQuestions, FieldIds, SchoolingQuestions, field_errors,
};
use pingjia_shell::context::use_lang;
use pingjia_shell::router::{Link, Page, Step, navigate};
use pingjia_shell::today::today_in_shanghai;
use pingjia_shell::ui::{ErrorSummary, FieldError, field_error, show, t, tr};
use result::ResultPage;

/// The question a field is asked on.
fn step_of(field: Field) -> Step {
    match field {
        Field::AskedOn | Field::BirthDate | Field::IdNumber => Step::Birth,
        Field::School(_) | Field::SchoolStatus(_) => Step::Education,
        Field::WorkFrom(_) | Field::WorkUntil(_) => Step::Work,
        Field::CertificateLevel(_) | Field::CertificateDate(_) => Step::Certificates,
        Field::TitleGrade(_) | Field::TitleDate(_) => Step::Titles,
    }
}

const LEVEL_ID: &str = "level-three";

/// The problems of one question's answers (the rules' checks of the draft, for `today`); empty
/// when it may go on. A list answered "no" has none, whatever rows it still holds (they go when
/// the person goes on); a list answered neither way is a problem even when empty.
pub fn check_step(
    step: Step,
    level: Option<LevelChoice>,
    said_none: SaidNone,
    draft: &CandidateDraft,
    today: NaiveDate,
) -> Vec<FieldError> {
    if step == Step::Level {
        return match level {
            Some(_) => Vec::new(),
            None => vec![FieldError {
                id: LEVEL_ID.into(),
                message: Bilingual::fixed("请选择要自测的等级。", "Choose the level to check."),
            }],
        };
    }
    if let Some(list) = List::of(step) {
        if list.said_none(said_none) {
            return Vec::new();
        }
        if list.rows(draft) == 0 {
            return vec![list.unanswered()];
        }
    }
    // The self-assessment asks for the highest schooling: an unanswered one is a problem.
    let mut draft = draft.clone();
    if draft.schooling.is_empty() {
        draft.schooling.push(SchoolingDraft::default());
    }
    match draft.check(today) {
        Ok(_) => Vec::new(),
        Err(problems) => field_errors(
            problems.iter().filter(|p| step_of(p.field) == step),
            FieldIds::new(""),
        ),
    }
}

/// The first question whose answers are not complete, if any.
pub fn first_incomplete(
    level: Option<LevelChoice>,
    said_none: SaidNone,
    draft: &CandidateDraft,
    today: NaiveDate,
) -> Option<Step> {
    Step::QUESTIONS
        .into_iter()
        .find(|s| !check_step(*s, level, said_none, draft, today).is_empty())
}

#[component]
pub fn EligibilityPage(step: Step) -> impl IntoView {
    match step {
        Step::Result => view! { <ResultPage/> }.into_any(),
        question => view! { <Question step=question/> }.into_any(),
    }
}

#[component]
fn Question(step: Step) -> impl IntoView {
    let lang = use_lang();
    let answers = use_self_assessment();
    let draft = answers.draft;
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let said_none = answers.said_none.get_untracked();
        // "No" with rows still typed (then hidden): going on is the answer, so they go now.
        if let Some(list) = List::of(step)
            && list.said_none(said_none)
            && draft.with_untracked(|d| list.rows(d)) > 0
        {
            draft.update(|d| list.clear(d));
        }
        let problems = draft.with_untracked(|d| {
            check_step(
                step,
                answers.level.get_untracked(),
                said_none,
                d,
                today_in_shanghai(),
            )
        });
        if problems.is_empty() && step == Step::Birth {
            // Keep the birth date the identity number gives, since the number itself is not stored.
            draft.update(|d| {
                if let Ok(birth) = id_number::birth_date(d.id_number.trim())
                    && d.birth_date.trim().is_empty()
                {
                    d.birth_date = birth.to_string();
                }
            });
        }
        if problems.is_empty() {
            errors.set(Vec::new());
            navigate(Page::Eligibility(step.next()));
        } else {
            errors.set(problems);
        }
    };
    let number = Step::QUESTIONS
        .iter()
        .position(|s| *s == step)
        .map_or(0, |i| i + 1);
    let back = step.previous().map_or(Page::Home, Page::Eligibility);
    let ids = FieldIds::new("");
    let shown: Signal<Vec<FieldError>> = errors.into();
    let said_none = answers.said_none;
    let ask_first = move |list: List| {
        view! { <AskFirst list=list draft=draft said_none=said_none ids=ids errors=shown/> }
            .into_any()
    };

    let (heading, body) = match step {
        Step::Level => (
            ("您想自测哪个等级？", "Which level do you want to check?"),
            view! { <LevelQuestion answers=answers errors=shown/> }.into_any(),
        ),
        Step::Birth => (
            ("您的出生日期", "Your date of birth"),
            view! {
                <BirthQuestions draft=draft ids=ids errors=shown
                    id_number_hint=Bilingual::fixed(
                        "只用来读出生日期，不会上传，也不会保存在本机。",
                        "Used only to read the birth date; never sent or stored.")/>
            }
            .into_any(),
        ),
        Step::Education => (
            ("您的学历", "Your schooling"),
            view! { <SchoolingQuestions draft=draft ids=ids errors=shown/> }.into_any(),
        ),
        Step::Work => (
            (
                "保卫管理员或相关职业的工作经历",
                "Work in this or a related occupation",
            ),
            ask_first(List::Work),
        ),
        Step::Certificates => (
            (
                "本职业或相关职业的职业技能等级证书",
                "Skill certificates of this or a related occupation",
            ),
            ask_first(List::Certificates),
        ),
        Step::Titles => (
            (
                "专业对应的职称",
                "Professional titles in a matching specialty",
            ),
            ask_first(List::Titles),
        ),
        Step::Result => (("", ""), ().into_any()),
    };

    let set_aside = move || {
        (step == Step::Level)
            .then(|| answers.set_aside.get())
            .flatten()
            .map(|note| view! { <p class="banner" role="status">{show(note)}</p> })
    };
    view! {
        <Link page=back class="back-link">{t("返回", "Back")}</Link>
        {set_aside}
        <ErrorSummary errors=shown/>
        <p class="step-count">{show(Bilingual::new(
            format!("第{number}题，共{}题", Step::QUESTIONS.len()),
            format!("Question {number} of {}", Step::QUESTIONS.len()),
        ))}</p>
        <form class="stack" novalidate on:submit=submit>
            <h1 tabindex="-1">{move || tr(lang.get(), heading.0, heading.1)}</h1>
            {body}
            <button type="submit">{t("继续", "Continue")}</button>
        </form>
    }
}

/// The levels to check: one of the three, or all.
#[component]
fn LevelQuestion(answers: SelfAssessment, errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let choices = LevelChoice::ALL.iter().map(|&choice| {
        let (id, label) = match choice {
            LevelChoice::Three => ("level-three", Level::Three.choice_label()),
            LevelChoice::Two => ("level-two", Level::Two.choice_label()),
            LevelChoice::One => ("level-one", Level::One.choice_label()),
            LevelChoice::All => ("level-all", Bilingual::fixed("三个等级都看看", "all three")),
        };
        view! {
            <label class="choice" for=id>
                <input type="radio" id=id name="level"
                    prop:checked=move || answers.level.get() == Some(choice)
                    on:change=move |_| answers.level.set(Some(choice))/>
                {show(label.capitalised())}
            </label>
        }
    });
    view! {
        <fieldset>
            <legend class="visually-hidden">{t("等级", "Level")}</legend>
            <p class="field-error">{field_error(errors, LEVEL_ID.to_string())}</p>
            {choices.collect_view()}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pingjia_rules::candidate_draft::WorkDraft;
    use pingjia_rules::eligibility::{School, SchoolStatus};

    fn today() -> NaiveDate {
        "2025-06-01".parse().expect("date")
    }

    #[test]
    fn each_step_says_what_is_missing() {
        let mut level = None;
        let mut none = SaidNone::default();
        let mut d = CandidateDraft::default();
        assert_eq!(
            first_incomplete(level, none, &d, today()),
            Some(Step::Level)
        );
        level = Some(LevelChoice::Three);
        assert_eq!(
            first_incomplete(level, none, &d, today()),
            Some(Step::Birth)
        );
        d.birth_date = "1990-13-01".into();
        let errors = check_step(Step::Birth, level, none, &d, today());
        assert_eq!(errors[0].id, "birth-date");
        d.birth_date = "1990-05-01".into();
        assert_eq!(
            first_incomplete(level, none, &d, today()),
            Some(Step::Education)
        );
        d.schooling = vec![SchoolingDraft {
            school: Some(School::College),
            ..SchoolingDraft::default()
        }];
        assert_eq!(
            first_incomplete(level, none, &d, today()),
            Some(Step::Education)
        );
        d.schooling[0].status = Some(SchoolStatus::Graduated);
        d.work.push(WorkDraft {
            from: "2018-07-01".into(),
            until: String::new(),
            ongoing: false,
        });
        assert_eq!(
            check_step(Step::Work, level, none, &d, today())[0].id,
            "work-until-1"
        );
        d.work[0].ongoing = true;
        // Certificates and titles were answered neither way: asked, not skipped.
        assert_eq!(
            first_incomplete(level, none, &d, today()),
            Some(Step::Certificates)
        );
        assert_eq!(
            check_step(Step::Certificates, level, none, &d, today())[0].id,
            "has-certificates-yes"
        );
        none.certificates = true;
        none.titles = true;
        assert_eq!(first_incomplete(level, none, &d, today()), None);
    }

    #[test]
    fn a_list_answered_no_needs_no_rows_and_ignores_those_left() {
        let level = Some(LevelChoice::Three);
        let mut d = CandidateDraft::default();
        d.work.push(WorkDraft::default());
        let mut none = SaidNone::default();
        assert_eq!(
            check_step(Step::Work, level, none, &d, today())[0].id,
            "work-from-1",
            "yes with an empty row: the row is asked for"
        );
        none.work = true;
        assert!(check_step(Step::Work, level, none, &d, today()).is_empty());
    }

    #[test]
    fn a_bad_identity_number_is_explained_in_both_languages() {
        let d = CandidateDraft {
            id_number: "12345".into(),
            ..CandidateDraft::default()
        };
        let errors = check_step(
            Step::Birth,
            Some(LevelChoice::All),
            SaidNone::default(),
            &d,
            today(),
        );
        assert_eq!(errors[0].id, "id-number");
        assert!(errors[0].message.zh.contains("18位"));
        assert!(errors[0].message.en.contains("18 characters"));
    }
}
