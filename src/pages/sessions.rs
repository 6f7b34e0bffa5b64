//! 考期: which windows are open on a date, the next session for each level, its ticket date
//! and results estimate, and an .ics file of its dates.

use crate::calendar_file::{calendar, session_events};
use crate::i18n::Lang;
use chrono::NaiveDate;
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::sessions::{self, Window};
use pingjia_rules::{Level, results, rulebook};
use pingjia_shell::context::use_lang;
use pingjia_shell::today::today_in_shanghai;
use pingjia_shell::ui::{DateField, ReasonList, Stamp, date_errors, parse_date, t, tr};
use wasm_bindgen::JsCast;

/// Offers `text` as a file download named `name`.
fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/calendar;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document().create_element("a") {
        let a = a.unchecked_into::<web_sys::HtmlAnchorElement>();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

const DATE_LABEL: Bilingual = Bilingual::fixed("查询日期", "Date to look at");
const DATE_EXAMPLE: NaiveDate = pingjia_rules::dates::date(2025, 6, 1);

#[component]
pub fn SessionsPage() -> impl IntoView {
    let lang = use_lang();
    let book = rulebook::for_date(today_in_shanghai());
    let date_text = RwSignal::new(today_in_shanghai().to_string());
    let filter = RwSignal::new(None::<Level>);
    let on = move || parse_date(&date_text.get());

    let window_name = move |w: Window| match (w, lang.get()) {
        (Window::ApplicationsOpen, Lang::ZhCn) => "正在申报",
        (Window::ApplicationsOpen, Lang::En) => "applications open",
        (Window::PaymentOnly, Lang::ZhCn) => "申报已截止，仍可缴费",
        (Window::PaymentOnly, Lang::En) => "applications closed, payment open",
        (Window::Upcoming, Lang::ZhCn) => "尚未开始申报",
        (Window::Upcoming, Lang::En) => "not open yet",
        (Window::Closed, Lang::ZhCn) => "已截止",
        (Window::Closed, Lang::En) => "closed",
        (Window::Projected, Lang::ZhCn) => "推测，非官方日程",
        (Window::Projected, Lang::En) => "projected, not official",
    };

    let body = move || {
        let Some(on) = on() else {
            return ().into_any();
        };
        let lang_now = lang.get();
        let rows = sessions::schedule_from(book, on, filter.get(), 6);
        // What is open on the day: official windows, or else a projected one (said as such).
        let open_now: Vec<&sessions::ScheduleRow> = rows
            .iter()
            .filter(|r| matches!(r.window, Window::ApplicationsOpen | Window::PaymentOnly))
            .collect();
        let open_list = match open_now.first() {
            None => view! { <p data-today="none">{tr(lang_now, "这一天没有正在申报或缴费的考期。", "No application or payment window is open on this day.")}</p> }.into_any(),
            Some(r) if r.projected => {
                let month = sessions::month_label(&r.session);
                view! { <p class="banner" data-today="projected">{Bilingual::new(
                    format!("按最近一份通知（{}年）的安排推测，这一天可能正处于{}评价这一期的{}；这只是推测，须以协会官网的通知为准。", book.year(), month.zh, if r.window == Window::ApplicationsOpen { "申报期" } else { "缴费期" }),
                    format!("Projected from the last known notice ({}), this day may fall in the {} window of the {} session; this is only a projection: check the association's site.", book.year(), if r.window == Window::ApplicationsOpen { "application" } else { "payment" }, month.en),
                ).get(lang_now).to_owned()}</p> }.into_any()
            }
            Some(_) => view! { <ul data-today="open">{open_now.iter().map(|r| {
                let month = sessions::month_label(&r.session);
                let left = r.days_left.map(|n| Bilingual::new(format!("，还剩 {n} 天"), format!(", {n} days left")).get(lang_now).to_owned()).unwrap_or_default();
                view! { <li>{format!("{}：{}{left}", month.get(lang_now), window_name(r.window))}</li> }
            }).collect_view()}</ul> }.into_any(),
        };
        let table_rows = rows
            .iter()
            .map(|r| {
                let s = r.session;
                let month = sessions::month_label(&s);
                let levels = s.levels.iter().map(|l| l.choice_label().get(lang_now).to_owned()).collect::<Vec<_>>().join(tr(lang_now, "、", ", "));
                let individual = r.individual_deadline.map(|d| d.date.to_string()).unwrap_or_else(|| tr(lang_now, "无", "none").to_string());
                let status = match r.days_left {
                    Some(n) => Bilingual::new(format!("申报中，还剩 {n} 天"), format!("open, {n} days left")).get(lang_now).to_owned(),
                    None => window_name(r.window).to_string(),
                };
                let label = |zh: &'static str, en: &'static str| tr(lang_now, zh, en);
                view! {
                    <tr class=if r.projected { "projected" } else { "official" } data-month=format!("{}-{:02}", s.evaluation_year, s.evaluation_month)>
                        <th scope="row" data-label=label("评价月", "Evaluated")>{month.get(lang_now).to_owned()}{r.projected.then(|| label("（推测）", " (projected)"))}</th>
                        <td data-label=label("团体申报截止", "Group applications close")>{s.apply_until.to_string()}</td>
                        <td data-label=label("个人申报最后一个周五", "Last Friday to apply in person")>{individual}</td>
                        <td data-label=label("缴费截止", "Payment closes")>{s.pay_until.to_string()}</td>
                        <td data-label=label("准考证最早", "Admission ticket from")>{s.earliest_ticket_date(book).to_string()}</td>
                        <td data-label=label("等级", "Levels")>{levels}</td>
                        <td data-label=label("状态", "Status")>{status}</td>
                    </tr>
                }
            })
            .collect_view();
        let ended = sessions::schedule_ended(book, on);
        let next = filter
            .get()
            .map_or(Level::OFFERED.to_vec(), |l| vec![l])
            .into_iter()
            .map(|level| {
                let Some(next) = sessions::next_session(book, level, on) else {
                    return view! { <li>{level.title().get(lang_now).to_owned()}</li> }.into_any();
                };
                let session = next.session;
                let label_zh = sessions::month_label(&session).zh.into_owned();
                let results = results::results_dates(book, session.evaluation_month_end());
                let results_line = results.map(|r| Bilingual::new(
                    format!("若在该月最后一天考核，一般约{}前可查成绩；涉及阅卷或工件检测的约{}前（工作日推算）。", r.usual.available_by, r.with_marking.available_by),
                    format!("If evaluated on the month's last day, results usually by about {}, or {} where marking is involved (working days).", r.usual.available_by, r.with_marking.available_by),
                ).get(lang_now).to_owned());
                let projected = next.projected;
                let file = format!("pingjia-{}-{:02}.ics", session.evaluation_year, session.evaluation_month);
                let add = move |_| {
                    let ics = calendar(&session_events(rulebook::current(), &session, &label_zh, projected), on);
                    download(&file, &ics);
                };
                view! {
                    <li class="next-session">
                        <ReasonList reasons=next.reasons(rulebook::current(), level)/>
                        <p>{results_line}</p>
                        <button type="button" class="secondary" on:click=add>
                            {tr(lang_now, "加入日历（.ics）", "Add to calendar (.ics)")}
                        </button>
                    </li>
                }
                .into_any()
            })
            .collect_view();
        view! {
            <Show when=move || ended>
                <p class="banner">{move || { let year = book.year(); Bilingual::new(
                    format!("{year}年通知公布的考期已全部结束，暂无官方日程；以下“下一期”为按{year}年规律的推测，请以协会官网为准。"),
                    format!("Every session of the {year} notice is over and no official schedule is known; the \"next\" sessions below are projected from the {year} pattern. Check the association's site."),
                ).get(lang.get()).to_owned() }}</p>
            </Show>
            <h2>{tr(lang_now, "这一天的申报与缴费", "Open on this day")}</h2>
            {open_list}
            <h2>{tr(lang_now, "考期一览", "The sessions")}</h2>
            <table class="schedule">
                <thead><tr>
                    <th scope="col">{tr(lang_now, "评价月", "Evaluated")}</th>
                    <th scope="col">{tr(lang_now, "团体申报截止", "Group applications close")}</th>
                    <th scope="col">{tr(lang_now, "个人申报最后一个周五", "Last Friday to apply in person")}</th>
                    <th scope="col">{tr(lang_now, "缴费截止", "Payment closes")}</th>
                    <th scope="col">{tr(lang_now, "准考证最早", "Admission ticket from")}</th>
                    <th scope="col">{tr(lang_now, "等级", "Levels")}</th>
                    <th scope="col">{tr(lang_now, "状态", "Status")}</th>
                </tr></thead>
                <tbody>{table_rows}</tbody>
            </table>
            <p class="hint">{tr(lang_now, "以上日期可能根据国家及本市要求或节假日调整，请以协会通知为准。", "These dates can be adjusted (national or city requirements, holidays); the association's notices decide.")}</p>
            <h2>{tr(lang_now, "各等级的下一期", "Next session for each level")}</h2>
            <ul class="plain">{next}</ul>
            <Stamp on=on/>
        }
        .into_any()
    };

    let level_choice = move |choice: Option<Level>,
                             id: &'static str,
                             zh: &'static str,
                             en: &'static str| {
        view! {
            <label class="choice" for=id>
                <input type="radio" id=id name="sessions-level" prop:checked=move || filter.get() == choice
                    on:change=move |_| filter.set(choice)/>
                {t(zh, en)}
            </label>
        }
    };
    view! {
        <h1 tabindex="-1">{t("考期", "Sessions")}</h1>
        <DateField id="sessions-date".to_string() label=DATE_LABEL example=DATE_EXAMPLE
            value=date_text set=Callback::new(move |v| date_text.set(v))
            errors=Signal::derive(move || date_errors("sessions-date", &DATE_LABEL, DATE_EXAMPLE, &date_text.get()))/>
        <fieldset class="inline-choices">
            <legend>{t("等级", "Level")}</legend>
            {level_choice(None, "sessions-all", "全部", "All")}
            {level_choice(Some(Level::Three), "sessions-three", "三级", "Level 3")}
            {level_choice(Some(Level::Two), "sessions-two", "二级", "Level 2")}
            {level_choice(Some(Level::One), "sessions-one", "一级", "Level 1")}
        </fieldset>
        {body}
    }
}
