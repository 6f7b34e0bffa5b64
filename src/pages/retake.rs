//! 补考: until when scores stay valid, what remains and costs, which sessions fall inside.

use chrono::NaiveDate;
use leptos::prelude::*;
use pingjia_rules::fees::Subject;
use pingjia_rules::retake::{self, RetakeQuestion};
use pingjia_rules::{Bilingual, Level, rulebook};
use pingjia_shell::context::use_lang;
use pingjia_shell::today::today_in_shanghai;
use pingjia_shell::ui::{
    DateField, ErrorSummary, FieldError, LevelRadios, ReasonList, Stamp, date_errors, parse_date,
    show, t, toggle, tr,
};

const FIRST_ID: &str = "first-evaluation";
const FIRST: Bilingual = Bilingual::fixed("首次考核日期", "Date of the first evaluation");
const FIRST_EXAMPLE: NaiveDate = pingjia_rules::dates::date(2025, 7, 12);
const LAST_ID: &str = "last-subject-taken";
const LAST: Bilingual = Bilingual::fixed(
    "最后一科考核日期（如知道，选填）",
    "Date of the last subject (optional, if you know it)",
);
const LAST_EXAMPLE: NaiveDate = pingjia_rules::dates::date(2025, 7, 26);

#[component]
pub fn RetakePage() -> impl IntoView {
    let lang = use_lang();
    let level = RwSignal::new(Level::Three);
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let passed = RwSignal::new(Vec::<Subject>::new());
    let competition = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let asked = RwSignal::new(None::<RetakeQuestion>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let today = today_in_shanghai();
        let mut problems = Vec::new();
        // Only the reading of the date is this page's; a date after today is refused by the rules.
        // The last subject is asked at levels 2 and 1 only, and is optional; typed but
        // unreadable, it is asked again, not ignored.
        let last_typed = if level.get_untracked() == Level::Three {
            String::new()
        } else {
            last.get_untracked()
        };
        let last_subject = parse_date(&last_typed);
        if !last_typed.trim().is_empty() && last_subject.is_none() {
            problems.extend(date_errors(LAST_ID, &LAST, LAST_EXAMPLE, &last_typed));
        }
        let typed = first.get_untracked();
        match parse_date(&typed) {
            None => problems.extend(date_errors(FIRST_ID, &FIRST, FIRST_EXAMPLE, &typed)),
            Some(d) => {
                let level = level.get_untracked();
                asked.set(Some(RetakeQuestion {
                    level,
                    first_evaluation: d,
                    passed: passed
                        .get_untracked()
                        .into_iter()
                        .filter(|s| Subject::of_level(level).contains(s))
                        .collect(),
                    on: today,
                    from_competition: competition.get_untracked(),
                    last_subject,
                }));
            }
        }
        if !problems.is_empty() {
            asked.set(None);
        }
        errors.set(problems);
    };

    let answer = move || {
        let q = asked.get()?;
        let lang_now = lang.get();
        Some(match retake::retake(rulebook::Library::installed(), &q) {
            Ok(answer) => view! {
                <section class="answer" aria-live="polite">
                    <h2>{tr(lang_now, "结果", "Answer")}</h2>
                    <ReasonList reasons=answer.reasons(rulebook::current())/>
                    <Stamp on=q.on/>
                </section>
            }
            .into_any(),
            Err(err) => {
                view! { <p class="field-error" role="status">{show(err.message())}</p> }.into_any()
            }
        })
    };

    view! {
        <h1 tabindex="-1">{t("补考", "Retakes")}</h1>
        <ErrorSummary errors=errors.into()/>
        <form class="stack" novalidate on:submit=submit>
            <fieldset>
                <legend>{t("等级", "Level")}</legend>
                <LevelRadios name="retake-level" level=level/>
            </fieldset>
            <DateField id=FIRST_ID.to_string() label=FIRST example=FIRST_EXAMPLE
                value=first set=Callback::new(move |v| first.set(v)) errors=errors/>
            <Show when=move || level.get() != Level::Three>
                <p class="hint">{t(
                    "二级、一级的综合评审可能与其他科目分开安排：如果知道最后一科的日期，请填写，可报的考期按它计算。",
                    "At levels 2 and 1 the comprehensive review may be held apart from the other subjects: if you know the last subject's date, give it, and sessions are counted from it.",
                )}</p>
                <DateField id=LAST_ID.to_string() label=LAST example=LAST_EXAMPLE
                    value=last set=Callback::new(move |v| last.set(v)) errors=errors/>
            </Show>
            <fieldset>
                <legend>{t("已合格的科目", "Subjects already passed")}</legend>
                {move || Subject::of_level(level.get()).iter().map(|&s| view! {
                    <label class="choice">
                        <input type="checkbox" prop:checked=move || passed.get().contains(&s) on:change=move |_| toggle(passed, s)/>
                        {show(s.name().capitalised())}
                    </label>
                }).collect_view()}
            </fieldset>
            <label class="choice">
                <input type="checkbox" prop:checked=move || competition.get() on:change=move |_| competition.update(|c| *c = !*c)/>
                {t("这是本市职业技能竞赛的成绩", "These are results of a Shanghai vocational skills competition")}
            </label>
            <button type="submit">{t("查看", "Show")}</button>
        </form>
        {answer}
    }
}
