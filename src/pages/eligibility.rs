//! 资格自测: the GOV.UK question-page pattern — one question per page, a back link, answers kept
//! when going back, an error summary that takes focus, what was typed kept in the field — then
//! the result from `pingjia_rules::eligibility`. Answers are kept on the device.

use crate::app::use_lang;
use crate::i18n::Lang;
use crate::preferences;
use crate::router::{Link, Page, Step, navigate};
use crate::today::today_in_shanghai;
use crate::ui::{
    ClauseRef, ErrorSummary, FieldError, ReasonList, Stamp, error_for, parse_date, t, tr,
};
use chrono::NaiveDate;
use leptos::prelude::*;
use pingjia_rules::Level;
use pingjia_rules::dates::Period;
use pingjia_rules::eligibility::{
    self, Candidate, Certificate, CertificateLevel, Eligibility, MetFrom, School, SchoolStatus,
    Schooling, Title, TitleGrade,
};
use pingjia_rules::id_number;
use pingjia_rules::rulebook;
/// Which levels to assess.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LevelChoice {
    Three,
    Two,
    One,
    All,
}

/// As earlier versions stored it (see `preferences`).
impl pingjia_rules::codes::Code for LevelChoice {
    const ALL: &'static [LevelChoice] = &[
        LevelChoice::Three,
        LevelChoice::Two,
        LevelChoice::One,
        LevelChoice::All,
    ];

    fn code(self) -> &'static str {
        match self {
            LevelChoice::Three => "Three",
            LevelChoice::Two => "Two",
            LevelChoice::One => "One",
            LevelChoice::All => "All",
        }
    }
}

impl LevelChoice {
    fn levels(self) -> Vec<Level> {
        match self {
            LevelChoice::Three => vec![Level::Three],
            LevelChoice::Two => vec![Level::Two],
            LevelChoice::One => vec![Level::One],
            LevelChoice::All => Level::OFFERED.to_vec(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkRow {
    pub from: String,
    pub until: String,
    pub ongoing: bool,
}

/// Something held since a date: a certificate (its level) or a title (its grade), as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Held<K> {
    pub kind: Option<K>,
    pub since: String,
}

impl<K> Default for Held<K> {
    fn default() -> Self {
        Held {
            kind: None,
            since: String::new(),
        }
    }
}

/// Everything answered so far, as typed, so a wrong entry stays in its field to be corrected.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answers {
    pub level: Option<LevelChoice>,
    pub birth_date: String,
    /// Kept only in memory: an identity number is never written to the device's storage.
    pub id_number: String,
    pub school: Option<School>,
    pub status: Option<SchoolStatus>,
    pub related_specialty: Option<bool>,
    pub assessed: Option<bool>,
    pub work: Vec<WorkRow>,
    pub certificates: Vec<Held<CertificateLevel>>,
    pub titles: Vec<Held<TitleGrade>>,
}

/// The answers of this device, shared by the question pages and the settings page.
#[derive(Clone, Copy)]
pub struct SavedAnswers(pub RwSignal<Answers>);

/// Loads the saved answers and keeps saving them as they change, so nothing typed is lost when
/// the tab is closed mid-question. Empty answers leave nothing behind.
pub fn provide_answers() {
    let answers = RwSignal::new(preferences::saved_answers().unwrap_or_default());
    provide_context(SavedAnswers(answers));
    Effect::new(move |_| {
        answers.with(|a| {
            if *a == Answers::default() {
                preferences::forget_answers();
            } else {
                preferences::save_answers(a);
            }
        })
    });
}

pub fn use_answers() -> RwSignal<Answers> {
    match use_context::<SavedAnswers>() {
        Some(SavedAnswers(a)) => a,
        None => RwSignal::new(Answers::default()),
    }
}

fn problem(field: &'static str, lang: Lang, zh: &'static str, en: &'static str) -> FieldError {
    FieldError {
        field,
        message: tr(lang, zh, en).into(),
    }
}

/// The problems of one step's answers, in the user's language; empty when it may go on.
pub fn check_step(step: Step, a: &Answers, lang: Lang, today: NaiveDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let date_field = |errors: &mut Vec<FieldError>,
                      field: &'static str,
                      text: &str,
                      zh: &'static str,
                      en: &'static str| {
        match parse_date(text) {
            None => errors.push(problem(field, lang, zh, en)),
            Some(d) if d > today => errors.push(problem(
                field,
                lang,
                "日期不能晚于今天。",
                "The date cannot be after today.",
            )),
            Some(_) => {}
        }
    };
    match step {
        Step::Level => {
            if a.level.is_none() {
                errors.push(problem(
                    "level-three",
                    lang,
                    "请选择要自测的等级。",
                    "Choose the level to check.",
                ));
            }
        }
        Step::Birth => {
            let id = a.id_number.trim();
            if !id.is_empty() {
                match id_number::birth_date(id) {
                    Err(e) => errors.push(FieldError {
                        field: "id-number",
                        message: match lang {
                            Lang::ZhCn => e.message_zh(),
                            Lang::En => e.message_en(),
                        },
                    }),
                    Ok(birth) => {
                        if parse_date(&a.birth_date).is_some_and(|given| given != birth) {
                            errors.push(problem(
                                "birth-date",
                                lang,
                                "出生日期与身份证号中的不一致，请改正其中一项，或清空出生日期。",
                                "The birth date differs from the one in the identity number: correct one, or clear the birth date.",
                            ));
                        }
                    }
                }
            } else if a.birth_date.trim().is_empty() {
                errors.push(problem(
                    "birth-date",
                    lang,
                    "请填写出生日期，或填写身份证号。",
                    "Enter your birth date, or your identity number.",
                ));
            } else {
                date_field(
                    &mut errors,
                    "birth-date",
                    &a.birth_date,
                    "出生日期应写成 1990-05-01 的形式。",
                    "Write the birth date like 1990-05-01.",
                );
            }
        }
        Step::Education => {
            if a.school.is_none() {
                errors.push(problem(
                    "school-college",
                    lang,
                    "请选择最高学历或在读的学校类型。",
                    "Choose your highest schooling.",
                ));
            }
            if a.school.is_some_and(|s| s != School::SecondaryOrBelow) && a.status.is_none() {
                errors.push(problem(
                    "status-graduated",
                    lang,
                    "请选择已毕业还是在读。",
                    "Choose whether you graduated or are still studying.",
                ));
            }
        }
        Step::Work => {
            for (i, row) in a.work.iter().enumerate() {
                let from = parse_date(&row.from);
                if from.is_none_or(|d| d > today) {
                    errors.push(FieldError {
                        field: WORK_FROM_IDS[i.min(WORK_FROM_IDS.len() - 1)],
                        message: match lang {
                            Lang::ZhCn => format!("第{}段工作经历的开始日期无效（例如 2018-07-01，且不晚于今天）。", i + 1),
                            Lang::En => format!("Period {}: enter a real start date, like 2018-07-01, not after today.", i + 1),
                        },
                    });
                } else if !row.ongoing {
                    match parse_date(&row.until) {
                        Some(until) if from.is_some_and(|f| until >= f) => {}
                        _ => errors.push(FieldError {
                            field: WORK_UNTIL_IDS[i.min(WORK_UNTIL_IDS.len() - 1)],
                            message: match lang {
                                Lang::ZhCn => format!("第{}段工作经历：请填写不早于开始日期的结束日期，或勾选“至今”。", i + 1),
                                Lang::En => format!("Period {}: enter an end date not before the start, or tick \"still working\".", i + 1),
                            },
                        }),
                    }
                }
            }
        }
        Step::Certificates => {
            check_held(
                &a.certificates,
                &CERT_IDS,
                today,
                &mut errors,
                |i| match lang {
                    Lang::ZhCn => format!("第{i}张证书：请选择等级并填写不晚于今天的发证日期。"),
                    Lang::En => format!(
                        "Certificate {i}: choose its level and enter an issue date not after today."
                    ),
                },
            )
        }
        Step::Titles => check_held(&a.titles, &TITLE_IDS, today, &mut errors, |i| match lang {
            Lang::ZhCn => format!("第{i}个职称：请选择级别并填写不晚于今天的取得日期。"),
            Lang::En => {
                format!("Title {i}: choose its grade and enter the date obtained, not after today.")
            }
        }),
        Step::Result => {}
    }
    errors
}

/// Each row needs a kind and a real date not after today; `message` words the problem of row i (from 1).
fn check_held<K>(
    rows: &[Held<K>],
    ids: &[&'static str; MAX_ROWS],
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
    message: impl Fn(usize) -> String,
) {
    for (i, row) in rows.iter().enumerate() {
        if row.kind.is_none() || parse_date(&row.since).is_none_or(|d| d > today) {
            errors.push(FieldError {
                field: ids[i.min(MAX_ROWS - 1)],
                message: message(i + 1),
            });
        }
    }
}

const MAX_ROWS: usize = 6;
const WORK_FROM_IDS: [&str; MAX_ROWS] = [
    "work-from-1",
    "work-from-2",
    "work-from-3",
    "work-from-4",
    "work-from-5",
    "work-from-6",
];
const WORK_UNTIL_IDS: [&str; MAX_ROWS] = [
    "work-until-1",
    "work-until-2",
    "work-until-3",
    "work-until-4",
    "work-until-5",
    "work-until-6",
];
const CERT_IDS: [&str; MAX_ROWS] = ["cert-1", "cert-2", "cert-3", "cert-4", "cert-5", "cert-6"];
const TITLE_IDS: [&str; MAX_ROWS] = [
    "title-1", "title-2", "title-3", "title-4", "title-5", "title-6",
];

/// The first step whose answers are not complete, if any.
pub fn first_incomplete(a: &Answers, today: NaiveDate) -> Option<Step> {
    Step::QUESTIONS
        .into_iter()
        .find(|s| !check_step(*s, a, Lang::ZhCn, today).is_empty())
}

/// The answers as the rules' candidate; only called once every step checks out.
pub fn candidate(a: &Answers) -> Candidate {
    let schooling = a
        .school
        .map(|school| Schooling {
            school,
            status: a.status.unwrap_or(SchoolStatus::Graduated),
            related_specialty: a.related_specialty.unwrap_or(false),
            assessed: a.assessed.unwrap_or(false),
        })
        .into_iter()
        .collect();
    Candidate {
        // Both go to the rules, which refuse a birth date that contradicts the number.
        birth_date: parse_date(&a.birth_date),
        id_number: Some(a.id_number.trim().to_owned()).filter(|s| !s.is_empty()),
        schooling,
        work: a
            .work
            .iter()
            .filter_map(|w| {
                Some(Period {
                    from: parse_date(&w.from)?,
                    until: if w.ongoing {
                        None
                    } else {
                        parse_date(&w.until)
                    },
                })
            })
            .collect(),
        certificates: a
            .certificates
            .iter()
            .filter_map(|c| {
                Some(Certificate {
                    level: c.kind?,
                    issued: parse_date(&c.since)?,
                })
            })
            .collect(),
        titles: a
            .titles
            .iter()
            .filter_map(|t| {
                Some(Title {
                    grade: t.kind?,
                    obtained: parse_date(&t.since)?,
                })
            })
            .collect(),
    }
}

#[component]
pub fn EligibilityPage(step: Step) -> impl IntoView {
    match step {
        Step::Result => view! { <ResultPage/> }.into_any(),
        question => view! { <Question step=question/> }.into_any(),
    }
}

/// A radio button bound to one answer.
fn radio<T: Copy + PartialEq + Send + Sync + 'static>(
    id: &'static str,
    name: &'static str,
    value: T,
    get: impl Fn(&Answers) -> Option<T> + Copy + Send + Sync + 'static,
    set: impl Fn(&mut Answers, T) + Copy + Send + Sync + 'static,
    label: (&'static str, &'static str),
) -> impl IntoView {
    let answers = use_answers();
    let lang = use_lang();
    view! {
        <label class="choice" for=id>
            <input type="radio" id=id name=name
                prop:checked=move || answers.with(|a| get(a) == Some(value))
                on:change=move |_| answers.update(|a| set(a, value))/>
            {move || tr(lang.get(), label.0, label.1)}
        </label>
    }
}

#[component]
fn Question(step: Step) -> impl IntoView {
    let lang = use_lang();
    let answers = use_answers();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let problems = answers
            .with_untracked(|a| check_step(step, a, lang.get_untracked(), today_in_shanghai()));
        if problems.is_empty() && step == Step::Birth {
            // Keep the birth date the identity number gives, since the number itself is not stored.
            answers.update(|a| {
                if let Ok(birth) = id_number::birth_date(a.id_number.trim())
                    && a.birth_date.trim().is_empty()
                {
                    a.birth_date = birth.to_string();
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
    let err = move |field: &'static str| move || error_for(&errors.get(), field);

    let (heading, body) = match step {
        Step::Level => (
            ("您想自测哪个等级？", "Which level do you want to check?"),
            view! {
                <fieldset>
                    <legend class="visually-hidden">{t("等级", "Level")}</legend>
                    <p class="field-error">{err("level-three")}</p>
                    {radio("level-three", "level", LevelChoice::Three, |a| a.level, |a, v| a.level = Some(v), ("三级（高级工）", "Level 3 (senior worker)"))}
                    {radio("level-two", "level", LevelChoice::Two, |a| a.level, |a, v| a.level = Some(v), ("二级（技师）", "Level 2 (technician)"))}
                    {radio("level-one", "level", LevelChoice::One, |a| a.level, |a, v| a.level = Some(v), ("一级（高级技师）", "Level 1 (senior technician)"))}
                    {radio("level-all", "level", LevelChoice::All, |a| a.level, |a, v| a.level = Some(v), ("三个等级都看看", "All three"))}
                </fieldset>
            }
            .into_any(),
        ),
        Step::Birth => (
            ("您的出生日期", "Your date of birth"),
            view! {
                <div class=field_class(errors, "birth-date")>
                    <label for="birth-date">{t("出生日期", "Date of birth")}</label>
                    <p class="hint">{t("例如 1990-05-01", "For example 1990-05-01")}</p>
                    <p class="field-error">{err("birth-date")}</p>
                    <input id="birth-date" type="text" inputmode="numeric" autocomplete="bday"
                        prop:value=move || answers.with(|a| a.birth_date.clone())
                        on:input=move |ev| answers.update(|a| a.birth_date = event_target_value(&ev))/>
                </div>
                <div class=field_class(errors, "id-number")>
                    <label for="id-number">{t("或填写18位身份证号（只用来读出生日期，不会上传，也不会保存在本机）", "Or your 18-character identity number (used only to read the birth date; never sent or stored)")}</label>
                    <p class="field-error">{err("id-number")}</p>
                    <input id="id-number" type="text" autocomplete="off" spellcheck="false"
                        prop:value=move || answers.with(|a| a.id_number.clone())
                        on:input=move |ev| answers.update(|a| a.id_number = event_target_value(&ev))/>
                </div>
            }
            .into_any(),
        ),
        Step::Education => (
            ("您的学历", "Your schooling"),
            view! {
                <fieldset>
                    <legend>{t("最高学历（或正在就读的）", "Highest schooling (or what you are studying now)")}</legend>
                    <p class="field-error">{err("school-college")}</p>
                    {radio("school-postgraduate", "school", School::Postgraduate, |a| a.school, |a, v| a.school = Some(v), ("研究生", "Postgraduate"))}
                    {radio("school-bachelor", "school", School::Bachelor, |a| a.school, |a, v| a.school = Some(v), ("本科", "Bachelor's degree"))}
                    {radio("school-college", "school", School::College, |a| a.school, |a, v| a.school = Some(v), ("大专（普通高等学校专科）", "College (大专)"))}
                    {radio("school-higher-vocational", "school", School::HigherVocational, |a| a.school, |a, v| a.school = Some(v), ("高等职业学校（高职）", "Higher vocational school"))}
                    {radio("school-technician-class", "school", School::TechnicianClass, |a| a.school, |a, v| a.school = Some(v), ("技师学院预备技师班或技师班", "Technician college, technician class"))}
                    {radio("school-technician-college", "school", School::TechnicianCollege, |a| a.school, |a, v| a.school = Some(v), ("技师学院（高级工班）", "Technician college (senior-worker class)"))}
                    {radio("school-senior-technical", "school", School::SeniorTechnicalSchool, |a| a.school, |a, v| a.school = Some(v), ("高级技工学校", "Senior technical school"))}
                    {radio("school-senior-class", "school", School::TechnicalSchoolSeniorClass, |a| a.school, |a, v| a.school = Some(v), ("技工院校高级工班", "Technical school, senior-worker class"))}
                    {radio("school-secondary", "school", School::SecondaryOrBelow, |a| a.school, |a, v| a.school = Some(v), ("高中、中专、职高或以下", "Secondary school or below"))}
                </fieldset>
                <fieldset>
                    <legend>{t("是否已毕业？", "Have you graduated?")}</legend>
                    <p class="field-error">{err("status-graduated")}</p>
                    {radio("status-graduated", "status", SchoolStatus::Graduated, |a| a.status, |a, v| a.status = Some(v), ("已毕业", "Graduated"))}
                    {radio("status-final-year", "status", SchoolStatus::FinalYear, |a| a.status, |a, v| a.status = Some(v), ("在读，今年毕业（应届）", "Studying, final year"))}
                    {radio("status-studying", "status", SchoolStatus::Studying, |a| a.status, |a, v| a.status = Some(v), ("在读，非应届", "Studying, not the final year"))}
                </fieldset>
                <fieldset>
                    <legend>{t("所学专业与保卫管理员是否相同或相关？", "Is your specialty this occupation or a related one?")}</legend>
                    {radio("related-yes", "related", true, |a| a.related_specialty, |a, v| a.related_specialty = Some(v), ("是", "Yes"))}
                    {radio("related-no", "related", false, |a| a.related_specialty, |a, v| a.related_specialty = Some(v), ("否或不确定", "No, or not sure"))}
                </fieldset>
                <fieldset>
                    <legend>{t("该专业是否“经评估论证”？", "Was the programme assessed (经评估论证) for this occupation?")}</legend>
                    {radio("assessed-yes", "assessed", true, |a| a.assessed, |a, v| a.assessed = Some(v), ("是", "Yes"))}
                    {radio("assessed-no", "assessed", false, |a| a.assessed, |a, v| a.assessed = Some(v), ("否或不确定", "No, or not sure"))}
                </fieldset>
            }
            .into_any(),
        ),
        Step::Work => (
            ("保卫管理员或相关职业的工作经历", "Work in this or a related occupation"),
            view! { <WorkRows errors=errors/> }.into_any(),
        ),
        Step::Certificates => (
            ("本职业或相关职业的职业技能等级证书", "Skill certificates of this or a related occupation"),
            view! { <CertificateRows errors=errors/> }.into_any(),
        ),
        Step::Titles => (
            ("专业对应的职称", "Professional titles in a matching specialty"),
            view! { <TitleRows errors=errors/> }.into_any(),
        ),
        Step::Result => (("", ""), ().into_any()),
    };

    view! {
        <Link page=back class="back-link">{t("返回", "Back")}</Link>
        <ErrorSummary errors=errors.into()/>
        <p class="step-count">{move || match lang.get() {
            Lang::ZhCn => format!("第{number}题，共{}题", Step::QUESTIONS.len()),
            Lang::En => format!("Question {number} of {}", Step::QUESTIONS.len()),
        }}</p>
        <form class="stack" novalidate on:submit=submit>
            <h1 tabindex="-1">{move || tr(lang.get(), heading.0, heading.1)}</h1>
            {body}
            <button type="submit">{t("继续", "Continue")}</button>
        </form>
    }
}

fn field_class(errors: RwSignal<Vec<FieldError>>, id: &'static str) -> impl Fn() -> &'static str {
    move || {
        if error_for(&errors.get(), id).is_some() {
            "field has-error"
        } else {
            "field"
        }
    }
}

#[component]
fn WorkRows(errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let answers = use_answers();
    let lang = use_lang();
    let rows = move || {
        let count = answers.with(|a| a.work.len());
        (0..count)
            .map(|i| {
                let from_id = WORK_FROM_IDS[i.min(MAX_ROWS - 1)];
                let until_id = WORK_UNTIL_IDS[i.min(MAX_ROWS - 1)];
                view! {
                    <fieldset class="row">
                        <legend>{move || match lang.get() { Lang::ZhCn => format!("第{}段", i + 1), Lang::En => format!("Period {}", i + 1) }}</legend>
                        <div class=field_class(errors, from_id)>
                            <label for=from_id>{t("开始日期（例如 2018-07-01）", "From (e.g. 2018-07-01)")}</label>
                            <p class="field-error">{move || error_for(&errors.get(), from_id)}</p>
                            <input id=from_id type="text" inputmode="numeric"
                                prop:value=move || answers.with(|a| a.work.get(i).map(|w| w.from.clone()).unwrap_or_default())
                                on:input=move |ev| answers.update(|a| if let Some(w) = a.work.get_mut(i) { w.from = event_target_value(&ev) })/>
                        </div>
                        <div class=field_class(errors, until_id)>
                            <label for=until_id>{t("结束日期", "Until")}</label>
                            <p class="field-error">{move || error_for(&errors.get(), until_id)}</p>
                            <input id=until_id type="text" inputmode="numeric"
                                disabled=move || answers.with(|a| a.work.get(i).is_some_and(|w| w.ongoing))
                                prop:value=move || answers.with(|a| a.work.get(i).map(|w| w.until.clone()).unwrap_or_default())
                                on:input=move |ev| answers.update(|a| if let Some(w) = a.work.get_mut(i) { w.until = event_target_value(&ev) })/>
                        </div>
                        <label class="choice">
                            <input type="checkbox"
                                prop:checked=move || answers.with(|a| a.work.get(i).is_some_and(|w| w.ongoing))
                                on:change=move |_| answers.update(|a| if let Some(w) = a.work.get_mut(i) { w.ongoing = !w.ongoing })/>
                            {t("至今仍在做", "Still working there")}
                        </label>
                        <button type="button" class="link" on:click=move |_| answers.update(|a| { if i < a.work.len() { a.work.remove(i); } })>
                            {t("删除这一段", "Remove this period")}
                        </button>
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <p class="hint">{t("没有相关工作经历可直接继续。多段经历会累计计算，重叠部分只算一次。",
            "If you have none, just continue. Several periods add up; overlaps count once.")}</p>
        {rows}
        <button type="button" class="secondary" disabled=move || answers.with(|a| a.work.len() >= MAX_ROWS)
            on:click=move |_| answers.update(|a| a.work.push(WorkRow::default()))>
            {t("添加一段工作经历", "Add a period of work")}
        </button>
    }
}

const CERT_LEVELS: [(CertificateLevel, &str, &str); 5] = [
    (CertificateLevel::Five, "五级/初级工", "Level 5"),
    (CertificateLevel::Four, "四级/中级工", "Level 4"),
    (CertificateLevel::Three, "三级/高级工", "Level 3"),
    (CertificateLevel::Two, "二级/技师", "Level 2"),
    (CertificateLevel::One, "一级/高级技师", "Level 1"),
];

const GRADES: [(TitleGrade, &str, &str); 3] = [
    (TitleGrade::Junior, "初级职称", "Junior"),
    (TitleGrade::Intermediate, "中级职称", "Intermediate"),
    (TitleGrade::Senior, "高级职称", "Senior"),
];

/// The words of one list of held things (certificates or titles).
struct HeldText {
    legend: fn(Lang, usize) -> String,
    kind: (&'static str, &'static str),
    since: (&'static str, &'static str),
    remove: (&'static str, &'static str),
    hint: (&'static str, &'static str),
    add: (&'static str, &'static str),
}

const CERTIFICATE_TEXT: HeldText = HeldText {
    legend: |lang, n| match lang {
        Lang::ZhCn => format!("第{n}张证书"),
        Lang::En => format!("Certificate {n}"),
    },
    kind: ("等级", "Level"),
    since: ("发证日期（例如 2021-09-15）", "Issued on (e.g. 2021-09-15)"),
    remove: ("删除", "Remove"),
    hint: (
        "包括保安员等相关职业的证书。没有可直接继续。",
        "Include certificates of related occupations such as security guard. If you have none, just continue.",
    ),
    add: ("添加一张证书", "Add a certificate"),
};

const TITLE_TEXT: HeldText = HeldText {
    legend: |lang, n| match lang {
        Lang::ZhCn => format!("第{n}个职称"),
        Lang::En => format!("Title {n}"),
    },
    kind: ("级别", "Grade"),
    since: (
        "取得日期（例如 2020-12-01）",
        "Obtained on (e.g. 2020-12-01)",
    ),
    remove: ("删除", "Remove"),
    hint: (
        "只填写专业与保卫管理员对应的职称（专业技术人员职业资格）。没有可直接继续。",
        "Only titles whose specialty matches this occupation. If you have none, just continue.",
    ),
    add: ("添加一个职称", "Add a title"),
};

#[component]
fn CertificateRows(errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    view! {
        <HeldRows errors=errors rows=|a: &Answers| &a.certificates rows_mut=|a: &mut Answers| &mut a.certificates
            options=&CERT_LEVELS ids=&CERT_IDS text=&CERTIFICATE_TEXT/>
    }
}

#[component]
fn TitleRows(errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    view! {
        <HeldRows errors=errors rows=|a: &Answers| &a.titles rows_mut=|a: &mut Answers| &mut a.titles
            options=&GRADES ids=&TITLE_IDS text=&TITLE_TEXT/>
    }
}

/// Rows of things held since a date, each a kind chosen from `options` and a date; up to
/// `MAX_ROWS`, added and removed by the user.
#[component]
fn HeldRows<K>(
    errors: RwSignal<Vec<FieldError>>,
    rows: fn(&Answers) -> &Vec<Held<K>>,
    rows_mut: fn(&mut Answers) -> &mut Vec<Held<K>>,
    options: &'static [(K, &'static str, &'static str)],
    ids: &'static [&'static str; MAX_ROWS],
    text: &'static HeldText,
) -> impl IntoView
where
    K: Copy + PartialEq + std::fmt::Debug + Send + Sync + 'static,
{
    let answers = use_answers();
    let lang = use_lang();
    let row = move |i: usize| answers.with(|a| rows(a).get(i).cloned());
    let count = move || answers.with(|a| rows(a).len());
    let list = move || {
        (0..count())
            .map(|i| {
                let id = ids[i.min(MAX_ROWS - 1)];
                let date_id = format!("{id}-date");
                view! {
                    <fieldset class=field_class(errors, id)>
                        <legend>{move || (text.legend)(lang.get(), i + 1)}</legend>
                        <p class="field-error">{move || error_for(&errors.get(), id)}</p>
                        <label for=id>{move || tr(lang.get(), text.kind.0, text.kind.1)}</label>
                        <select id=id on:change=move |ev| {
                            let value = event_target_value(&ev);
                            let kind = options.iter().find(|(k, _, _)| format!("{k:?}") == value).map(|(k, _, _)| *k);
                            answers.update(|a| if let Some(r) = rows_mut(a).get_mut(i) { r.kind = kind });
                        }>
                            <option value="" selected=move || row(i).is_some_and(|r| r.kind.is_none())>{t("请选择", "Choose")}</option>
                            {options.iter().map(|(k, zh, en)| {
                                let k = *k;
                                view! { <option value=format!("{k:?}") selected=move || row(i).is_some_and(|r| r.kind == Some(k))>{move || tr(lang.get(), zh, en)}</option> }
                            }).collect_view()}
                        </select>
                        <label for=date_id.clone()>{move || tr(lang.get(), text.since.0, text.since.1)}</label>
                        <input id=date_id type="text" inputmode="numeric"
                            prop:value=move || row(i).map(|r| r.since).unwrap_or_default()
                            on:input=move |ev| answers.update(|a| if let Some(r) = rows_mut(a).get_mut(i) { r.since = event_target_value(&ev) })/>
                        <button type="button" class="link" on:click=move |_| answers.update(|a| { let list = rows_mut(a); if i < list.len() { list.remove(i); } })>
                            {move || tr(lang.get(), text.remove.0, text.remove.1)}
                        </button>
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <p class="hint">{move || tr(lang.get(), text.hint.0, text.hint.1)}</p>
        {list}
        <button type="button" class="secondary" disabled=move || { count() >= MAX_ROWS }
            on:click=move |_| answers.update(|a| rows_mut(a).push(Held::default()))>
            {move || tr(lang.get(), text.add.0, text.add.1)}
        </button>
    }
}

#[component]
fn ResultPage() -> impl IntoView {
    let lang = use_lang();
    let answers = use_answers().get_untracked();
    let today = today_in_shanghai();
    if let Some(step) = first_incomplete(&answers, today) {
        return view! {
            <h1 tabindex="-1">{t("还有问题未回答", "Some questions are unanswered")}</h1>
            <p><Link page=Page::Eligibility(step)>{t("继续回答", "Continue the questions")}</Link></p>
        }
        .into_any();
    }
    let candidate = candidate(&answers);
    let levels = answers.level.unwrap_or(LevelChoice::All).levels();
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
                    <h2>{move || match lang.get() { Lang::ZhCn => level.title_zh(), Lang::En => level.title_en() }}</h2>
                    <p class="field-error">{move || match lang.get() { Lang::ZhCn => err.message_zh(), Lang::En => err.message_en() }}</p>
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
            <h2>{move || match lang.get() { Lang::ZhCn => level.title_zh(), Lang::En => level.title_en() }}</h2>
            <p class="verdict">{verdict}</p>
            {when.map(|d| view! { <p class="qualifies-from">{move || match lang.get() {
                Lang::ZhCn => format!("如情况不变，{d}起符合条件。"),
                Lang::En => format!("If nothing else changes, you qualify from {d}."),
            }}</p> })}
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

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        "2025-06-01".parse().expect("date")
    }

    #[test]
    fn each_step_says_what_is_missing() {
        let mut a = Answers::default();
        assert_eq!(first_incomplete(&a, today()), Some(Step::Level));
        a.level = Some(LevelChoice::Three);
        assert_eq!(first_incomplete(&a, today()), Some(Step::Birth));
        a.birth_date = "1990-13-01".into();
        let errors = check_step(Step::Birth, &a, Lang::ZhCn, today());
        assert_eq!(errors[0].field, "birth-date");
        a.birth_date = "1990-05-01".into();
        a.school = Some(School::College);
        assert_eq!(first_incomplete(&a, today()), Some(Step::Education));
        a.status = Some(SchoolStatus::Graduated);
        a.work.push(WorkRow {
            from: "2018-07-01".into(),
            until: String::new(),
            ongoing: false,
        });
        assert_eq!(
            check_step(Step::Work, &a, Lang::En, today())[0].field,
            "work-until-1"
        );
        a.work[0].ongoing = true;
        assert_eq!(first_incomplete(&a, today()), None);
    }

    #[test]
    fn answers_become_the_rules_candidate() {
        let a = Answers {
            level: Some(LevelChoice::All),
            birth_date: "1990-05-01".into(),
            school: Some(School::College),
            status: Some(SchoolStatus::FinalYear),
            related_specialty: Some(true),
            work: vec![WorkRow {
                from: "2018-07-01".into(),
                until: "2020-06-30".into(),
                ongoing: false,
            }],
            certificates: vec![Held {
                kind: Some(CertificateLevel::Four),
                since: "2021-01-01".into(),
            }],
            ..Answers::default()
        };
        let c = candidate(&a);
        assert_eq!(c.birth_date, parse_date("1990-05-01"));
        assert_eq!(c.schooling[0].status, SchoolStatus::FinalYear);
        assert_eq!(c.work[0].until, parse_date("2020-06-30"));
        assert_eq!(c.certificates.len(), 1);
    }

    #[test]
    fn a_bad_identity_number_is_explained_in_the_users_language() {
        let a = Answers {
            id_number: "12345".into(),
            ..Answers::default()
        };
        let errors = check_step(Step::Birth, &a, Lang::ZhCn, today());
        assert!(errors[0].message.contains("18位"));
    }
}
