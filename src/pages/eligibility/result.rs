//! The self-assessment's result: per level, the verdict, the routes met and what the others
//! lack, and the session the candidate can enter.

use super::first_incomplete;
use super::lists::List;
use crate::i18n::Lang;
use crate::self_assessment::{LevelChoice, use_self_assessment};
use leptos::prelude::*;
use pingjia_rules::eligibility::{self, Eligibility, MetFrom};
use pingjia_rules::{Bilingual, rulebook};
use pingjia_shell::context::use_lang;
use pingjia_shell::router::{Link, Page, Step};
use pingjia_shell::today::today_in_shanghai;
use pingjia_shell::ui::{ClauseRef, ReasonList, Stamp, show, t};

#[component]
pub(super) fn ResultPage() -> impl IntoView {
    let answers = use_self_assessment();
    let level = answers.level.get_untracked();
    let said_none = answers.said_none.get_untracked();
    let mut draft = answers.draft.get_untracked();
    // A list answered "no" counts as empty, whatever rows were typed before the answer.
    for list in [List::Work, List::Certificates, List::Titles] {
        if list.said_none(said_none) {
            list.clear(&mut draft);
        }
    }
    let today = today_in_shanghai();
    if let Some(step) = first_incomplete(level, said_none, &draft, today) {
        return view! {
            <h1 tabindex="-1">{t("还有问题未回答", "Some questions are unanswered")}</h1>
            <p><Link page=Page::Eligibility(step)>{t("继续回答", "Continue the questions")}</Link></p>
        }
        .into_any();
    }
    // Every question checks out (first_incomplete), so the draft reads as a candidate.
    let candidate = match draft.check(today) {
        Ok(candidate) => candidate,
        Err(problems) => {
            let messages = problems
                .into_iter()
                .map(|p| view! { <li>{show(p.message())}</li> })
                .collect_view();
            return view! {
                <h1 tabindex="-1">{t("还有问题未回答", "Some questions are unanswered")}</h1>
                <ul class="field-error">{messages}</ul>
            }
            .into_any();
        }
    };
    let levels = level.unwrap_or(LevelChoice::All).levels();
    // An "I don't know" counts as no; the same answers with it as yes say what depends on it.
    let if_yes = draft
        .if_unknowns_were_yes()
        .and_then(|d| d.check(today).ok());
    let outcomes: Vec<_> = levels
        .into_iter()
        .map(|l| {
            let book = rulebook::current();
            let alternative = if_yes
                .as_ref()
                .and_then(|c| eligibility::assess(book, c, l, today).ok());
            (
                l,
                eligibility::assess(book, &candidate, l, today),
                alternative,
            )
        })
        .collect();
    let sections = outcomes
        .into_iter()
        .map(|(level, outcome, if_yes)| match outcome {
            Ok(e) => {
                // Only when the unknown answer changes the verdict or its date does it lead.
                let if_yes = if_yes
                    .filter(|y| y.eligible != e.eligible || y.qualifies_from != e.qualifies_from);
                view! { <LevelResult e=e if_yes=if_yes/> }.into_any()
            }
            Err(err) => view! {
                <section class="result">
                    <h2>{show(level.title())}</h2>
                    <p class="field-error">{show(err.message())}</p>
                </section>
            }
            .into_any(),
        })
        .collect_view();
    let change_links = Step::QUESTIONS
        .into_iter()
        .map(|s| {
            let (zh, en) = match s {
                Step::Level => ("等级", "Level"),
                Step::Birth => ("出生日期", "Date of birth"),
                Step::Education => ("学历", "Schooling"),
                Step::Work => ("工作经历", "Work"),
                Step::Certificates => ("证书", "Certificates"),
                Step::Titles | Step::Result => ("职称", "Titles"),
            };
            view! { <li><Link page=Page::Eligibility(s)>{t("修改", "Change")}" "{t(zh, en)}</Link></li> }
        })
        .collect_view();
    view! {
        <Link page=Page::Eligibility(Step::Titles) class="back-link">{t("返回", "Back")}</Link>
        <h1 tabindex="-1">{t("自测结果", "Your result")}</h1>
        {sections}
        <div class="result-meta">
            <Stamp on=today/>
            <p class="hint">{t("结果依据您填写的情况，正式资格以协会审核为准。", "This rests on what you entered; the association's review decides.")}</p>
            <button type="button" class="secondary no-print" on:click=|_| { let _ = window().print(); }>{t("打印或存为PDF", "Print or save as PDF")}</button>
        </div>
        <details class="no-print change-answers">
            <summary>{t("修改答案", "Change your answers")}</summary>
            <ul class="change-links">{change_links}</ul>
        </details>
    }
    .into_any()
}

/// One level's result, GOV.UK style: the verdict and its date first, then what to do — for a
/// candidate who cannot apply yet, the one nearest route (what it lacks, and from when) or, if
/// the minimum education is missing, that first, since nothing else can stand in for it. The
/// other routes and the readings relied on fold away.
#[component]
fn LevelResult(e: Eligibility, if_yes: Option<Eligibility>) -> impl IntoView {
    let lang = use_lang();
    let level = e.level;
    let eligible = e.eligible;
    let maybe = !eligible && if_yes.as_ref().is_some_and(|y| y.eligible);
    let verdict = move || match (eligible, maybe, lang.get()) {
        (true, _, Lang::ZhCn) => "可以申报",
        (true, _, Lang::En) => "You can apply",
        (false, true, Lang::ZhCn) => "可能符合申报条件",
        (false, true, Lang::En) => "You may be able to apply",
        (false, false, Lang::ZhCn) => "暂不符合申报条件",
        (false, false, Lang::En) => "You cannot apply yet",
    };
    // What each answer to the unknown question would give, said first.
    let depends = if_yes.map(|y| {
        let with_yes = match (y.eligible, y.qualifies_from) {
            (true, _) => {
                let routes: Vec<String> = y.routes.iter().filter(|r| r.met).map(|r| r.number.to_string()).collect();
                Bilingual::new(
                    format!("如果是：可以申报（附录5第{}条）", routes.join("、")),
                    format!("If it was: you can apply (appendix 5, route {})", routes.join(", ")),
                )
            }
            (false, MetFrom::Date(d)) => Bilingual::new(format!("如果是：{d}起符合条件"), format!("If it was: you qualify from {d}")),
            (false, _) => Bilingual::fixed("如果是：仍暂不符合", "If it was: you still cannot apply"),
        };
        let with_no = match (eligible, e.qualifies_from) {
            (true, _) => Bilingual::fixed("如果否：也可以申报", "If it was not: you can apply too"),
            (false, MetFrom::Date(d)) => Bilingual::new(format!("如果否：{d}起符合条件"), format!("If it was not: you qualify from {d}")),
            (false, _) => Bilingual::fixed("如果否：暂不符合申报条件", "If it was not: you cannot apply yet"),
        };
        Bilingual::new(
            format!("结果取决于您答“不知道”的问题：该专业是否经评估论证。{}；{}。请向学校确认（招生简章或教务处）。", with_yes.zh, with_no.zh),
            format!("The result depends on the question you answered “I don't know”: whether the programme was assessed. {}; {}. Ask the school (its admissions brochure or office).", with_yes.en, with_no.en),
        )
    });
    let when = match e.qualifies_from {
        MetFrom::Date(d) if !eligible => Some(d),
        _ => None,
    };
    let never = !eligible && e.qualifies_from == MetFrom::Never;
    let education_missing = !e.education.met;
    let nearest = e.nearest_route().cloned();
    let met_routes: Vec<_> = e.routes.iter().filter(|r| r.met).cloned().collect();
    let other_routes: Vec<_> = e
        .routes
        .iter()
        .filter(|r| !r.met && nearest.as_ref().is_none_or(|n| n.id != r.id))
        .cloned()
        .collect();
    // The minimum education leads when it is missing; the age, when it is what waits.
    let mut basics = Vec::new();
    if education_missing {
        basics.extend(e.education.reasons.clone());
    }
    basics.extend(e.age.reasons.clone());
    let education_notes = if education_missing {
        Vec::new()
    } else {
        e.education.reasons.clone()
    };
    let mut notes = education_notes;
    notes.extend(e.notes.clone());
    let session_reasons = e.session_reasons.clone();
    let other_heading = if eligible {
        t("其他申报途径", "Other routes")
    } else {
        t("其他申报途径还差什么", "What the other routes lack")
    };
    view! {
        <section class=if eligible { "result eligible" } else if maybe { "result maybe" } else { "result not-eligible" } data-level=level.code()>
            <h2>{show(level.title())}</h2>
            <p class="verdict">{verdict}</p>
            {depends.map(|text| view! { <p class="depends-on" data-depends="assessed">{show(text)}</p> })}
            {when.map(|d| view! { <p class="qualifies-from">{show(Bilingual::new(
                format!("如情况不变，{d}起符合条件。"),
                format!("If nothing else changes, you qualify from {d}."),
            ))}</p> })}
            {never.then(|| view! { <p class="qualifies-from">{if education_missing {
                t("仅靠时间无法满足：首先需要达到最低学历要求。", "Time alone will not do it: the minimum education comes first.")
            } else {
                t("按目前填写的情况，仅靠时间无法满足，需要新的学历、证书或职称。",
                    "With what you entered, time alone will not do it: a new qualification, certificate or title is needed.")
            }}</p> })}
            {(!basics.is_empty()).then(|| view! { <div class="lead-reasons"><ReasonList reasons=basics/></div> })}
            {(!met_routes.is_empty()).then(|| view! {
                <h3>{t("符合的申报途径", "The route you meet")}</h3>
                <ul class="routes">{met_routes.into_iter().map(|r| view! {
                    <li class="route met"><div class="reason-text">{r.text_zh}" "<ClauseRef citation=r.citation/></div></li>
                }).collect_view()}</ul>
            })}
            {nearest.filter(|_| !education_missing).map(|r| view! {
                <h3>{t("最接近的申报途径", "Your nearest route")}</h3>
                <div class="route nearest" data-route=r.id.clone()>
                    <p class="route-text">{r.text_zh}</p>
                    <ReasonList reasons=r.missing/>
                </div>
            })}
            {(!session_reasons.is_empty()).then(|| view! {
                <h3>{t("可以报名的考期", "The session you can enter")}</h3>
                <div class="next-session"><ReasonList reasons=session_reasons/></div>
            })}
            {(!other_routes.is_empty()).then(|| view! {
                <details class="other-routes">
                    <summary>{other_heading}</summary>
                    <ul class="routes">{other_routes.into_iter().map(|r| view! {
                        <li class="route"><p class="route-text">{r.text_zh}</p><ReasonList reasons=r.missing/></li>
                    }).collect_view()}</ul>
                </details>
            })}
            {(!notes.is_empty()).then(|| view! {
                <details class="readings">
                    <summary>{t("本结果所依据的理解", "The readings this rests on")}</summary>
                    <ReasonList reasons=notes/>
                </details>
            })}
        </section>
    }
}
