//! The draft's own answers: the institution and its contact, the target session and the
//! application date the roster is checked for. Every keystroke is saved (`state.rs`).

use super::application_date;
use super::records::RecordId;
use super::save_status::SaveStatus;
use super::state::draft_signal;
use super::state::use_drafts;
use chrono::NaiveDate;
use leptos::prelude::*;
use pingjia_rules::Bilingual;
use pingjia_rules::sessions::month_label;
use pingjia_shell::context::use_lang;
use pingjia_shell::router::{DraftTask, Link, Page, navigate};
use pingjia_shell::ui::{DateField, date_errors, show, t};

/// A text field of the draft, saved as typed.
fn draft_field(
    id: RecordId,
    field_id: &'static str,
    label: Bilingual,
    hint: Option<Bilingual>,
    read: fn(&super::records::Draft) -> String,
    write: fn(&mut super::records::Draft, String),
    multiline: bool,
) -> impl IntoView {
    let drafts = use_drafts();
    let draft = draft_signal(id);
    let value = move || draft.with(|d| d.as_ref().map(read).unwrap_or_default());
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        drafts.edit_draft(id, |d| write(d, text));
    };
    view! {
        <div class="field">
            <label for=field_id>{show(label)}</label>
            {hint.map(|h| view! { <p class="hint">{show(h)}</p> })}
            {if multiline {
                view! { <textarea id=field_id rows="4" prop:value=value on:input=on_input></textarea> }.into_any()
            } else {
                view! { <input id=field_id type="text" prop:value=value on:input=on_input/> }.into_any()
            }}
        </div>
    }
}

/// The frame of a task page of a draft: back to the task list, the heading, whether it is
/// saved, and "save and go back" (every change is saved as it is typed; the button only leaves).
#[component]
fn TaskForm(id: RecordId, heading: Bilingual, children: Children) -> impl IntoView {
    let done = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        navigate(Page::Draft(id, DraftTask::Overview));
    };
    view! {
        <Link page=Page::Draft(id, DraftTask::Overview) class="back-link">{t("返回任务列表", "Back to the tasks")}</Link>
        <form class="stack" novalidate on:submit=done>
            <h1 tabindex="-1">{show(heading)}</h1>
            <SaveStatus/>
            {children()}
            <button type="submit">{t("保存并返回", "Save and go back")}</button>
        </form>
    }
}

#[component]
pub fn DetailsTask(id: RecordId) -> impl IntoView {
    view! {
        <TaskForm id=id heading=Bilingual::fixed("机构信息", "Institution details")>
            {draft_field(id, "draft-institution", Bilingual::fixed("机构名称", "Institution name"),
                Some(Bilingual::fixed("与团体申报时填写的单位名称一致。", "As on the group application.")),
                |d| d.institution.clone(), |d, v| d.institution = v, false)}
            {draft_field(id, "draft-contact", Bilingual::fixed("联系人及电话", "Contact person and phone"),
                None, |d| d.contact.clone(), |d, v| d.contact = v, false)}
            {draft_field(id, "draft-notes", Bilingual::fixed("备注（可选）", "Notes (optional)"),
                None, |d| d.notes.clone(), |d, v| d.notes = v, true)}
        </TaskForm>
    }
}

const APPLICATION_DATE_ID: &str = "draft-application-date";
const APPLICATION_DATE: Bilingual = Bilingual::fixed("申报日期", "Application date");
const APPLICATION_DATE_EXAMPLE: NaiveDate = pingjia_rules::dates::date(2025, 6, 1);

#[component]
pub fn SessionTask(id: RecordId) -> impl IntoView {
    let lang = use_lang();
    let drafts = use_drafts();
    let draft = draft_signal(id);
    let book = pingjia_rules::rulebook::current();
    let chosen = move || draft.with(|d| d.as_ref().map(|d| d.session.clone()).unwrap_or_default());
    let option = move |key: String, label: Bilingual, hint: Option<Bilingual>| {
        let input_id = format!("session-{}", if key.is_empty() { "none" } else { &key });
        let value = key.clone();
        view! {
            <label class="choice" for=input_id.clone()>
                <input type="radio" id=input_id.clone() name="session"
                    prop:checked=move || chosen() == key
                    on:change=move |_| {
                        let value = value.clone();
                        drafts.edit_draft(id, move |d| d.session = value);
                    }/>
                {show(label)}
                {hint.map(|h| view! { <span class="hint">" — "{show(h)}</span> })}
            </label>
        }
    };
    let sessions = book
        .sessions
        .iter()
        .map(|s| {
            let label = month_label(s);
            let hint = Bilingual::new(
                format!("团体申报 {} 至 {}", s.apply_from, s.apply_until),
                format!("group applications {} to {}", s.apply_from, s.apply_until),
            );
            option(s.key().to_string(), label, Some(hint))
        })
        .collect_view();
    let date_text = move || {
        draft.with(|d| {
            d.as_ref()
                .map(|d| d.application_date.clone())
                .unwrap_or_default()
        })
    };
    // An unreadable date is said beside the field; until it is corrected the roster is
    // checked for today, as the status line below says.
    let date_error = move || {
        let typed = date_text();
        if typed.trim().is_empty() {
            return Vec::new();
        }
        date_errors(
            APPLICATION_DATE_ID,
            &APPLICATION_DATE,
            APPLICATION_DATE_EXAMPLE,
            &typed,
        )
    };
    let checked_for = move || {
        draft.with(|d| d.as_ref().map(application_date)).map(|on| {
            Bilingual::new(
                format!("名单按 {on} 核对。"),
                format!("The roster is checked for {on}."),
            )
            .get(lang.get())
            .to_owned()
        })
    };
    view! {
        <TaskForm id=id heading=Bilingual::fixed("考期与申报日期", "Session and application date")>
            <fieldset>
                <legend>{t("申报哪一期？", "Which session?")}</legend>
                {option(String::new(), Bilingual::fixed("尚未确定", "Not chosen yet"), None)}
                {sessions}
            </fieldset>
            <DateField id=APPLICATION_DATE_ID.to_string() label=APPLICATION_DATE
                example=APPLICATION_DATE_EXAMPLE value=Signal::derive(date_text)
                set=Callback::new(move |text| drafts.edit_draft(id, |d| d.application_date = text))
                errors=Signal::derive(date_error)/>
            <p class="hint">{t("名单中每位考生按这一天核对年龄、年限等条件。留空即按今天。",
                "Each candidate's age and years are checked for this day; leave it empty for today.")}</p>
            <p role="status">{checked_for}</p>
        </TaskForm>
    }
}
