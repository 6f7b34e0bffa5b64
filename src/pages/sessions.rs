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
    let book = rulebook::current();
    let date_text = RwSignal::new(today_in_shanghai().to_string());
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
        let open = sessions::open_on(book, on, None);
        let open_list = if open.is_empty() {
            view! { <p>{tr(lang_now, "这一天没有正在申报或缴费的考期。", "No application or payment window is open on this day.")}</p> }.into_any()
        } else {
            open.into_iter()
                .map(|(s, w)| {
                    let month = sessions::month_label(&s);
                    view! { <li>{format!("{}：{}", month.get(lang_now), window_name(w))}</li> }
                })
                .collect_view()
                .into_any()
        };
        let ended = sessions::schedule_ended(book, on);
        let next = Level::OFFERED
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
                <p class="banner">{move || tr(lang.get(),
                    "2025年通知公布的考期已全部结束，暂无官方日程；以下“下一期”为按2025年规律的推测，请以协会官网为准。",
                    "Every session of the 2025 notice is over and no official schedule is known; the \"next\" sessions below are projected from the 2025 pattern. Check the association's site.")}</p>
            </Show>
            <h2>{tr(lang_now, "这一天的申报与缴费", "Open on this day")}</h2>
            <ul>{open_list}</ul>
            <h2>{tr(lang_now, "各等级的下一期", "Next session for each level")}</h2>
            <ul class="plain">{next}</ul>
            <Stamp on=on/>
        }
        .into_any()
    };

    view! {
        <h1 tabindex="-1">{t("考期", "Sessions")}</h1>
        <DateField id="sessions-date".to_string() label=DATE_LABEL example=DATE_EXAMPLE
            value=date_text set=Callback::new(move |v| date_text.set(v))
            errors=Signal::derive(move || date_errors("sessions-date", &DATE_LABEL, DATE_EXAMPLE, &date_text.get()))/>
        {body}
    }
}
