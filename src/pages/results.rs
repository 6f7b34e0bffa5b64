//! 成绩与证书: when results can be looked up, where, and how certificates are collected.

use chrono::NaiveDate;
use leptos::prelude::*;
use pingjia_rules::{Bilingual, results, rulebook};
use pingjia_shell::context::use_lang;
use pingjia_shell::today::today_in_shanghai;
use pingjia_shell::ui::{
    ClauseRef, DateField, ReasonList, Stamp, date_errors, parse_date, show, t,
};

const LAST_SUBJECT: Bilingual = Bilingual::fixed("最后一科考核日期", "Date of the last subject");
const LAST_SUBJECT_EXAMPLE: NaiveDate = pingjia_rules::dates::date(2025, 7, 12);

#[component]
pub fn ResultsPage() -> impl IntoView {
    let lang = use_lang();
    let last = RwSignal::new(today_in_shanghai().to_string());

    // Both dates, since the notice does not say whether marking is involved (reading 16).
    let answer = move || {
        match parse_date(&last.get()).and_then(|d| results::results_dates(rulebook::for_date(d), d)) {
        Some(r) => view! {
            <div class="answer" aria-live="polite">
                <dl class="results-dates">
                    <dt>{show(Bilingual::new(
                        format!("一般（{}个工作日内）", r.usual.working_days),
                        format!("Usually ({} working days)", r.usual.working_days)))}</dt>
                    <dd class="amount" data-date=r.usual.available_by.to_string()>{r.usual.available_by.to_string()}</dd>
                    <dt>{show(Bilingual::new(
                        format!("涉及阅卷或工件检测（{}个工作日内）", r.with_marking.working_days),
                        format!("With marking or inspection ({} working days)", r.with_marking.working_days)))}</dt>
                    <dd class="amount" data-date-marking=r.with_marking.available_by.to_string()>{r.with_marking.available_by.to_string()}</dd>
                </dl>
                <ReasonList reasons=r.reasons/>
            </div>
        }
        .into_any(),
        None => ().into_any(),
    }
    };
    let places = move || {
        let lang = lang.get();
        rulebook::current()
            .results
            .where_to_look
            .iter()
            .map(|p| view! { <li>{p.get(lang).to_owned()}</li> })
            .collect_view()
    };

    view! {
        <h1 tabindex="-1">{t("成绩与证书", "Results and certificates")}</h1>
        <h2>{t("何时可查成绩", "When results are out")}</h2>
        <DateField id="last-subject".to_string() label=LAST_SUBJECT example=LAST_SUBJECT_EXAMPLE
            value=last set=Callback::new(move |v| last.set(v))
            errors=Signal::derive(move || date_errors("last-subject", &LAST_SUBJECT, LAST_SUBJECT_EXAMPLE, &last.get()))/>
        {answer}
        <Stamp on=today_in_shanghai()/>
        <h2>{t("在哪里查", "Where to look")}</h2>
        <ul>{places}</ul>
        <h2>{t("领取证书", "Collecting the certificate")}</h2>
        <ul>
            <li>{t("团体申报：由申报机构凭领证通知单领取。", "Group applications: the applying institution collects them with the collection slip.")}</li>
            <li>{t("本人领取：凭领证通知和本人身份证原件，到协会业务窗口领取。", "In person: bring the collection notice and your own ID card (original) to the association's service window.")}</li>
            <li>{t("委托他人：凭领证通知、委托书及委托人身份证原件领取。", "By proxy: bring the collection notice, the letter of authorisation and the original ID card of the candidate who gave it (委托人).")}</li>
        </ul>
        <ClauseRef citation=rulebook::current().cite(results::CERTIFICATES)/>
    }
}
