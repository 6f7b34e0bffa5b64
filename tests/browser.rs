//! The app's components and storage in a real headless Chromium (wasm-bindgen-test).
//! Run by `cargo xtask test`; on the host this file compiles to nothing.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

use leptos::prelude::*;
use pingjia::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the page to mount into, with the address bar at the home page.
fn container() -> HtmlElement {
    let _ = window().history().expect("history").replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some("/"),
    );
    let document = document();
    let div = document
        .create_element("div")
        .expect("the page can create a div")
        .unchecked_into::<HtmlElement>();
    document
        .body()
        .expect("the page has a body")
        .append_child(&div)
        .expect("the div goes into the body");
    div
}

fn button_named(root: &HtmlElement, name: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").expect("a valid selector");
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|node| node.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no button named {name}"))
}

fn text_of(root: &HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

/// Lets the reactive system run the effects a click scheduled.
async fn settle() {
    let promise = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("a resolved promise resolves");
    next_macrotask().await;
}

async fn next_macrotask() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .expect("a timeout can be set");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("a timeout resolves");
}

#[wasm_bindgen_test]
async fn switching_to_english_relabels_the_page_and_is_remembered() {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage is available")
        .clear()
        .expect("localStorage can be cleared");
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), App);
    settle().await;

    assert_eq!(text_of(&root, "h1"), "保卫管理员职业技能评价助手");
    let english = button_named(&root, "English");
    assert_eq!(
        english.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );

    english.click();
    settle().await;

    assert_eq!(
        text_of(&root, "h1"),
        "Security administrator skill evaluation helper"
    );
    assert_eq!(
        english.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    let html_lang = document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"));
    assert_eq!(html_lang.as_deref(), Some("en"));
    assert_eq!(
        pingjia_shell::preferences::saved_language(),
        pingjia_rules::Lang::En
    );

    button_named(&root, "简体中文").click();
    settle().await;
    assert_eq!(text_of(&root, "h1"), "保卫管理员职业技能评价助手");
    assert_eq!(
        pingjia_shell::preferences::saved_language(),
        pingjia_rules::Lang::ZhCn
    );
}

#[wasm_bindgen_test]
async fn the_home_page_lists_the_three_levels_with_their_clause() {
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), App);
    settle().await;
    let levels = root
        .query_selector_all("ul.levels li")
        .expect("a valid selector");
    assert_eq!(levels.length(), 3);
    assert!(text_of(&root, ".citation").contains("沪企保协〔2025〕17号 一"));
}

#[wasm_bindgen_test]
async fn the_error_summary_takes_focus_when_errors_appear() {
    use pingjia_rules::Bilingual;
    use pingjia_rules::Lang;
    use pingjia_shell::ui::{ErrorSummary, FieldError};
    let root = container();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let lang = RwSignal::new(None::<RwSignal<Lang>>);
    let _view = leptos::mount::mount_to(root.clone(), move || {
        let (current, _) = pingjia_shell::context::provide_preferences();
        current.set(Lang::ZhCn);
        lang.set(Some(current));
        view! { <ErrorSummary errors=errors.into()/> }
    });
    settle().await;
    assert!(
        root.query_selector(".error-summary")
            .expect("selector")
            .is_none()
    );
    errors.set(vec![FieldError {
        id: "birth-date".into(),
        message: Bilingual::fixed("请填写出生日期。", "Enter your birth date."),
    }]);
    settle().await;
    let active = document().active_element().expect("something has focus");
    assert!(active.class_list().contains("error-summary"));
    let link = root
        .query_selector(".error-summary a")
        .expect("selector")
        .expect("a link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("#birth-date"));
    assert_eq!(text_of(&root, ".error-summary a"), "请填写出生日期。");
    // A message raised in Chinese is re-worded when the language changes.
    lang.get_untracked().expect("mounted").set(Lang::En);
    settle().await;
    assert_eq!(text_of(&root, ".error-summary a"), "Enter your birth date.");
}

#[wasm_bindgen_test]
async fn searching_the_exam_rules_filters_them() {
    use pingjia::pages::conduct::ConductPage;
    let root = container();
    let _view = leptos::mount::mount_to(root.clone(), || {
        pingjia_shell::context::provide_preferences();
        view! { <ConductPage/> }
    });
    settle().await;
    // The violations themselves; the reasons under them carry data-code too.
    const ITEMS: &str = "section.consequence > ul > li[data-code]";
    let count = || root.query_selector_all(ITEMS).expect("selector").length();
    assert_eq!(count(), 17);
    // 附件2's closing paragraph once for all of them.
    assert_eq!(
        root.query_selector_all("li.reason[data-code='found_after_the_event']")
            .expect("selector")
            .length(),
        1
    );
    let input = root
        .query_selector("#conduct-search")
        .expect("selector")
        .expect("the search box")
        .unchecked_into::<web_sys::HtmlInputElement>();
    input.set_value("冒名顶替");
    input
        .dispatch_event(&web_sys::Event::new("input").expect("an event"))
        .expect("dispatched");
    settle().await;
    assert_eq!(count(), 1);
    assert!(text_of(&root, ITEMS).contains("冒名顶替"));
}

#[wasm_bindgen_test]
async fn following_a_link_changes_the_page_without_a_reload() {
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), App);
    settle().await;
    let link = root
        .query_selector("a[href='/fees']")
        .expect("selector")
        .expect("a link to the fees")
        .unchecked_into::<HtmlElement>();
    link.click();
    settle().await;
    assert_eq!(window().location().pathname().expect("a path"), "/fees");
    assert_eq!(text_of(&root, "main h1"), "费用");
    // Back to the home page through the browser's own history.
    window().history().expect("history").back().expect("back");
    for _ in 0..20 {
        if window().location().pathname().ok().as_deref() == Some("/") {
            break;
        }
        settle().await;
    }
    settle().await;
    assert_eq!(text_of(&root, "main h1"), "保卫管理员职业技能评价助手");
}

fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .expect("a window")
        .local_storage()
        .expect("storage allowed")
        .expect("localStorage")
}

#[wasm_bindgen_test]
fn answers_saved_by_earlier_versions_still_read_and_a_bad_field_loses_only_itself() {
    use pingjia::self_assessment::{self as answers, LevelChoice, SaidNone};
    use pingjia_rules::candidate_draft::{CandidateDraft, HeldDraft, SchoolingDraft, WorkDraft};
    use pingjia_rules::eligibility::{CertificateLevel, School, SchoolStatus};
    // Exactly what the serde_json-based versions wrote.
    let earlier = r#"{"level":"All","birth_date":"1990-05-01","school":"college","status":"final_year","related_specialty":true,"assessed":null,"work":[{"from":"2018-07-01","until":"","ongoing":true}],"certificates":[{"kind":"four","since":"2021-01-01"}],"titles":[]}"#;
    local_storage()
        .set_item("pingjia.self-assessment", earlier)
        .expect("stored");
    let expected = CandidateDraft {
        birth_date: "1990-05-01".into(),
        schooling: vec![SchoolingDraft {
            school: Some(School::College),
            status: Some(SchoolStatus::FinalYear),
            related_specialty: Some(true),
            assessed: None,
        }],
        work: vec![WorkDraft {
            from: "2018-07-01".into(),
            until: String::new(),
            ongoing: true,
        }],
        certificates: vec![HeldDraft {
            kind: Some(CertificateLevel::Four),
            since: "2021-01-01".into(),
        }],
        ..CandidateDraft::default()
    };
    assert_eq!(
        answers::saved(),
        answers::Saved::Answers(
            Some(LevelChoice::All),
            expected.clone(),
            SaidNone::default()
        )
    );

    // Written back, it is the same JSON with its format number, and the identity number is
    // never part of it.
    let mut typed = expected.clone();
    typed.id_number = "11010519491231002X".into();
    answers::save(Some(LevelChoice::All), &typed, SaidNone::default());
    let stored = local_storage()
        .get_item("pingjia.self-assessment")
        .expect("readable")
        .expect("stored");
    assert_eq!(stored, earlier.replacen('{', "{\"format\":1,", 1));
    assert_eq!(
        answers::saved(),
        answers::Saved::Answers(
            Some(LevelChoice::All),
            expected.clone(),
            SaidNone::default()
        )
    );

    // Lists answered "no" are kept by name, and read back.
    let none = SaidNone {
        work: false,
        certificates: true,
        titles: true,
    };
    answers::save(Some(LevelChoice::All), &expected, none);
    let stored = local_storage()
        .get_item("pingjia.self-assessment")
        .expect("readable")
        .expect("stored");
    assert!(
        stored.ends_with(r#""none":["certificates","titles"]}"#),
        "{stored}"
    );
    assert_eq!(
        answers::saved(),
        answers::Saved::Answers(Some(LevelChoice::All), expected, none)
    );

    // An unknown level code drops the level, not the birth date beside it.
    local_storage()
        .set_item(
            "pingjia.self-assessment",
            r#"{"level":"Nine","birth_date":"1990-05-01","work":"not a list"}"#,
        )
        .expect("stored");
    let answers::Saved::Answers(level, draft, _) = answers::saved() else {
        panic!("readable");
    };
    assert_eq!(level, None);
    assert_eq!(draft.birth_date, "1990-05-01");
    assert!(draft.work.is_empty());
    answers::forget();
    assert_eq!(answers::saved(), answers::Saved::Nothing);
}

#[wasm_bindgen_test]
fn language_and_display_are_stored_as_before() {
    use pingjia_rules::Lang;
    use pingjia_shell::preferences::{self, Display};
    local_storage()
        .set_item("pingjia.language", "\"en\"")
        .expect("stored");
    assert_eq!(preferences::saved_language(), Lang::En);
    preferences::save_language(Lang::ZhCn);
    assert_eq!(
        local_storage()
            .get_item("pingjia.language")
            .ok()
            .flatten()
            .as_deref(),
        Some("\"zh-CN\"")
    );
    local_storage()
        .set_item("pingjia.language", "not json")
        .expect("stored");
    assert_eq!(preferences::saved_language(), Lang::ZhCn);

    let display = Display {
        large_text: true,
        high_contrast: false,
    };
    preferences::save_display(display);
    assert_eq!(
        local_storage()
            .get_item("pingjia.display")
            .ok()
            .flatten()
            .as_deref(),
        Some(r#"{"large_text":true,"high_contrast":false}"#)
    );
    assert_eq!(preferences::saved_display(), display);
    local_storage()
        .remove_item("pingjia.display")
        .expect("removed");
    local_storage()
        .remove_item("pingjia.language")
        .expect("removed");
}

fn input(root: &HtmlElement, selector: &str) -> web_sys::HtmlInputElement {
    root.query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

fn type_into(field: &web_sys::HtmlInputElement, text: &str) {
    field.set_value(text);
    field
        .dispatch_event(&web_sys::Event::new("input").expect("an event"))
        .expect("dispatched");
}

/// The candidate editors placed twice on one page, as a roster will: each edits its own draft,
/// its ids are its own, its errors stay beside its fields, and a row re-renders alone.
#[wasm_bindgen_test]
async fn two_drafts_side_by_side_are_edited_independently() {
    use pingjia_rules::Bilingual;
    use pingjia_rules::candidate_draft::{CandidateDraft, WorkDraft};
    use pingjia_shell::candidate_questions::{
        BirthQuestions, CertificateRows, FieldIds, WorkRows, field_errors,
    };
    use pingjia_shell::ui::FieldError;
    let root = container();
    let period = |from: &str| WorkDraft {
        from: from.into(),
        until: String::new(),
        ongoing: true,
    };
    let a = RwSignal::new(CandidateDraft::default());
    let b_start = CandidateDraft {
        birth_date: "1980-01-15".into(),
        work: vec![period("2010-03-01"), period("2015-03-01")],
        ..CandidateDraft::default()
    };
    let b = RwSignal::new(b_start.clone());
    let a_errors = RwSignal::new(Vec::<FieldError>::new());
    let b_errors = RwSignal::new(Vec::<FieldError>::new());
    let hint = Bilingual::fixed("随名单保存。", "Kept with the roster.");
    let _view = leptos::mount::mount_to(root.clone(), move || {
        pingjia_shell::context::provide_preferences()
            .0
            .set(pingjia_rules::Lang::ZhCn);
        let (ids_a, ids_b) = (FieldIds::new("a-"), FieldIds::new("b-"));
        view! {
            <section id="draft-a">
                <BirthQuestions draft=a ids=ids_a errors=a_errors id_number_hint=hint.clone()/>
                <WorkRows draft=a ids=ids_a errors=a_errors/>
                <CertificateRows draft=a ids=ids_a errors=a_errors/>
            </section>
            <section id="draft-b">
                <BirthQuestions draft=b ids=ids_b errors=b_errors id_number_hint=hint.clone()/>
                <WorkRows draft=b ids=ids_b errors=b_errors/>
                <CertificateRows draft=b ids=ids_b errors=b_errors/>
            </section>
        }
    });
    settle().await;
    let section_a: HtmlElement = root
        .query_selector("#draft-a")
        .expect("selector")
        .expect("draft a")
        .unchecked_into();
    assert_eq!(input(&root, "#b-work-from-2").value(), "2015-03-01");

    // Adding and typing in A changes A only.
    button_named(&section_a, "添加一段工作经历").click();
    settle().await;
    type_into(&input(&root, "#a-work-from-1"), "2018-07-01");
    type_into(&input(&root, "#a-birth-date"), "1990-05-01");
    settle().await;
    assert_eq!(a.get_untracked().work[0].from, "2018-07-01");
    assert_eq!(a.get_untracked().birth_date, "1990-05-01");
    assert_eq!(b.get_untracked(), b_start);
    assert_eq!(input(&root, "#b-birth-date").value(), "1980-01-15");

    // Editing B's first period leaves its second row's elements in place: only the row re-renders.
    let second_row = input(&root, "#b-work-from-2");
    let first_row = input(&root, "#b-work-from-1");
    type_into(&first_row, "2011-04-01");
    settle().await;
    assert_eq!(b.get_untracked().work[0].from, "2011-04-01");
    assert_eq!(b.get_untracked().work[1].from, "2015-03-01");
    assert!(second_row.is_same_node(Some(&input(&root, "#b-work-from-2"))));
    assert!(first_row.is_same_node(Some(&input(&root, "#b-work-from-1"))));

    // A's problems, from the rules' check, show beside A's fields and nowhere in B.
    let today = "2025-06-01".parse().expect("date");
    let problems = a.with_untracked(|d| d.check(today).expect_err("a period without an end"));
    a_errors.set(field_errors(&problems, FieldIds::new("a-")));
    settle().await;
    assert!(text_of(&root, "#draft-a .has-error .field-error").contains("第1段工作经历的结束日期"));
    assert!(
        root.query_selector("#draft-b .has-error")
            .expect("selector")
            .is_none()
    );

    // Every id on the page is used once.
    let all = root.query_selector_all("[id]").expect("selector");
    let mut ids: Vec<String> = (0..all.length())
        .filter_map(|i| all.item(i))
        .map(|n| n.unchecked_into::<web_sys::Element>().id())
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids");
}

/// Answers this version cannot read — a newer format, or damaged text — are set aside as they
/// were and said, never dropped; new answers are then saved beside them; clearing removes both.
#[wasm_bindgen_test]
async fn unreadable_answers_are_set_aside_and_said_not_dropped() {
    use pingjia::self_assessment::{self as answers, SET_ASIDE_KEY, Saved, use_self_assessment};
    let storage = local_storage();
    let _ = storage.remove_item(SET_ASIDE_KEY);
    let newer = r#"{"format":9,"applicant":{"birth":"1990-05-01"}}"#;
    storage
        .set_item("pingjia.self-assessment", newer)
        .expect("stored");
    assert!(matches!(answers::saved(), Saved::Unreadable { ref text, .. } if text == newer));

    let found = RwSignal::new(None::<pingjia::self_assessment::SelfAssessment>);
    let _view = leptos::mount::mount_to(container(), move || {
        pingjia_shell::context::provide_preferences();
        answers::provide_self_assessment();
        found.set(Some(use_self_assessment()));
    });
    settle().await;
    let assessment = found.get_untracked().expect("provided");
    let note = assessment
        .set_aside
        .get_untracked()
        .expect("the user is told");
    assert!(note.zh.contains("格式9"), "{}", note.zh);
    assert!(note.en.contains("newer version"), "{}", note.en);
    let set_aside = |key: &str| storage.get_item(key).expect("readable");
    assert_eq!(set_aside(SET_ASIDE_KEY).as_deref(), Some(newer));

    // New answers are saved; what was set aside stays as it was.
    answers::save(
        None,
        &pingjia_rules::candidate_draft::CandidateDraft {
            birth_date: "1985-01-01".into(),
            ..Default::default()
        },
        Default::default(),
    );
    assert!(
        matches!(answers::saved(), Saved::Answers(None, ref d, _) if d.birth_date == "1985-01-01")
    );
    assert_eq!(set_aside(SET_ASIDE_KEY).as_deref(), Some(newer));

    // Damaged text is set aside too, beside the first, not over it.
    storage
        .set_item("pingjia.self-assessment", "{\"level\":")
        .expect("stored");
    assert!(matches!(answers::saved(), Saved::Unreadable { .. }));
    let _again = leptos::mount::mount_to(container(), move || {
        pingjia_shell::context::provide_preferences();
        answers::provide_self_assessment();
    });
    settle().await;
    let second = format!("{SET_ASIDE_KEY}.2");
    assert_eq!(set_aside(&second).as_deref(), Some("{\"level\":"));
    assert_eq!(set_aside(SET_ASIDE_KEY).as_deref(), Some(newer));

    assessment.clear();
    assert_eq!(set_aside(SET_ASIDE_KEY), None);
    assert_eq!(set_aside(&second), None);
    assert_eq!(answers::saved(), Saved::Nothing);
    assert_eq!(assessment.set_aside.get_untracked(), None);
}
