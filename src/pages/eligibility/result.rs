//! The self-assessment's result: per level, the verdict, the routes met and what the others
//! lack, and the session the candidate can enter.

use super::first_incomplete;
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
    let draft = answers.draft.get_untracked();
    let today = today_in_shanghai();
    if let Some(step) = first_incomplete(level, &draft, today) {
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
    let outcomes: Vec<_> = levels
        .into_iter()
        .map(|l| {
            (
                l,
                eligibility::assess(rulebook::current(), &candidate, l, today),
            )
        })
        .collect();
    let sections = outcomes
        .into_iter()
        .map(|(level, outcome)| match outcome {
            Ok(e) => view! { <LevelResult e=e/> }.into_any(),
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
        <Stamp on=today/>
        <p class="hint">{t("结果依据您填写的情况，正式资格以协会审核为准。", "This rests on what you entered; the association's review decides.")}</p>
        <button type="button" class="secondary no-print" on:click=|_| { let _ = window().print(); }>{t("打印或存为PDF", "Print or save as PDF")}</button>
        <h2 class="no-print">{t("修改答案", "Change your answers")}</h2>
        <ul class="no-print">{change_links}</ul>
    }
    .into_any()
}

#[component]
fn LevelResult(e: Eligibility) -> impl IntoView {
    let lang = use_lang();
    let level = e.level;
    let eligible = e.eligible;
    let verdict = move || match (eligible, lang.get()) {
        (true, Lang::ZhCn) => "可以申报",
        (true, Lang::En) => "You can apply",
        (false, Lang::ZhCn) => "暂不符合申报条件",
        (false, Lang::En) => "You cannot apply yet",
    };
    let when = match e.qualifies_from {
        MetFrom::Date(d) if !eligible => Some(d),
        _ => None,
    };
    let never = !eligible && e.qualifies_from == MetFrom::Never;
    let met_routes: Vec<_> = e.routes.iter().filter(|r| r.met).cloned().collect();
    let unmet_routes: Vec<_> = e.routes.iter().filter(|r| !r.met).cloned().collect();
    let mut basics = e.age.reasons.clone();
    basics.extend(e.education.reasons.clone());
    let notes = e.notes.clone();
    let session_reasons = e.session_reasons.clone();
    view! {
        <section class=if eligible { "result eligible" } else { "result not-eligible" } data-level=format!("{level:?}")>
            <h2>{show(level.title())}</h2>
            <p class="verdict">{verdict}</p>
            {when.map(|d| view! { <p class="qualifies-from">{show(Bilingual::new(
                format!("如情况不变，{d}起符合条件。"),
                format!("If nothing else changes, you qualify from {d}."),
            ))}</p> })}
            {never.then(|| view! { <p class="qualifies-from">{t("按目前填写的情况，仅靠时间无法满足，需要新的学历、证书或职称。",
                "With what you entered, time alone will not do it: a new qualification, certificate or title is needed.")}</p> })}
            {(!basics.is_empty()).then(|| view! { <ReasonList reasons=basics/> })}
            {(!met_routes.is_empty()).then(|| view! {
                <h3>{t("符合的申报条件", "Routes you meet")}</h3>
                <ul class="routes">{met_routes.into_iter().map(|r| view! {
                    <li class="route met"><p>{r.text_zh}</p><ClauseRef citation=r.citation/></li>
                }).collect_view()}</ul>
            })}
            {(!eligible).then(|| view! {
                <h3>{t("其他申报条件还差什么", "What the other routes lack")}</h3>
                <ul class="routes">{unmet_routes.into_iter().map(|r| view! {
                    <li class="route"><p class="route-text">{r.text_zh}</p><ReasonList reasons=r.missing/></li>
                }).collect_view()}</ul>
            })}
            {(!notes.is_empty()).then(|| view! { <ReasonList reasons=notes/> })}
            {(!session_reasons.is_empty()).then(|| view! {
                <h3>{t("可以报名的考期", "The session you can enter")}</h3>
                <div class="next-session"><ReasonList reasons=session_reasons/></div>
            })}
        </section>
    }
}
