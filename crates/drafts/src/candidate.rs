//! One candidate of a roster, edited with the self-assessment's own questions
//! (`candidate_questions`) plus what a group application adds: the name, the level, and the
//! subjects of a retake. The verdict is the roster's (`pingjia_rules::roster`), on the draft's
//! application date.

use super::application_date;
use super::records::{CandidateRecord, Life, RecordId};
use super::save_status::SaveStatus;
use super::short_questions::{IdNumberThenBirth, SchoolList};
use super::state::draft_signal;
use super::state::{Keeping, use_drafts};
use super::tasks::Missing;
use leptos::prelude::*;
use pingjia_rules::candidate_draft::CandidateDraft;
use pingjia_rules::codes::Code;
use pingjia_rules::fees::Subject;
use pingjia_rules::roster::{EntryProblem, Outcome, RosterEntry, check_roster, same_id_number};
use pingjia_rules::{Bilingual, Level};
use pingjia_shell::candidate_questions::{
    CertificateRows, FieldIds, SchoolingQuestions, TitleRows, WorkRows, field_errors,
};
use pingjia_shell::context::use_lang;
use pingjia_shell::router::{DraftTask, Link, Page, navigate};
use pingjia_shell::ui::{ErrorSummary, FieldError, field_class, field_error, show, t, tr};

const NAME_ID: &str = "c-name";
const LEVEL_ID: &str = "c-level-three";
const RETAKE_ID: &str = "c-retake";

/// The errors of one entry, each beside its field.
fn entry_errors(entry: &RosterEntry, on: chrono::NaiveDate, ids: FieldIds) -> Vec<FieldError> {
    let book = pingjia_rules::rulebook::current();
    let check = check_roster(book, on, std::slice::from_ref(entry));
    let Some(row) = check.rows.first() else {
        return Vec::new();
    };
    let Outcome::Incomplete(problems) = &row.outcome else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    for p in problems {
        let id = match p {
            EntryProblem::NameRequired => NAME_ID.to_string(),
            EntryProblem::LevelRequired => LEVEL_ID.to_string(),
            EntryProblem::IdNumberRequired => {
                ids.of(pingjia_rules::candidate_draft::Field::IdNumber)
            }
            EntryProblem::RetakeSubject(_) => RETAKE_ID.to_string(),
            EntryProblem::Candidate(problem) => {
                errors.extend(field_errors([problem], ids));
                continue;
            }
        };
        errors.push(FieldError {
            id,
            message: p.message(),
        });
    }
    errors
}

#[component]
pub fn CandidatePage(draft: RecordId, candidate: RecordId) -> impl IntoView {
    let drafts = use_drafts();
    drafts.load();
    drafts.open_draft(draft);
    let record = Memo::new(move |_| {
        drafts.candidates.with(|l| {
            l.iter()
                .find(|c| c.id == candidate && c.life != Life::Deleted)
                .map(|c| c.id)
        })
    });
    let waiting = Signal::derive(move || {
        drafts.keeping.with(Keeping::is_opening) || drafts.loaded.get() != Some(draft)
    });
    view! {
        <Show when=move || record.get().is_some() fallback=move || view! { <Missing waiting=waiting/> }>
            <Editor draft=draft candidate=candidate/>
        </Show>
    }
}

#[component]
fn Editor(draft: RecordId, candidate: RecordId) -> impl IntoView {
    let lang = use_lang();
    let drafts = use_drafts();
    let the_draft = draft_signal(draft);
    let read = move |f: fn(&CandidateRecord) -> RosterEntry| {
        drafts
            .candidates
            .with_untracked(|l| l.iter().find(|c| c.id == candidate).map(f))
    };
    let initial = read(|c| c.entry.clone()).unwrap_or_default();
    // "添加考生" makes the record at once; left with nothing typed or chosen, it is removed
    // again rather than kept in the roster as "（未填姓名）".
    on_cleanup(move || {
        let blank = drafts.candidates.with_untracked(|l| {
            l.iter()
                .any(|c| c.id == candidate && c.life == Life::Active && c.entry.is_blank())
        });
        if blank {
            drafts.edit_candidate(candidate, |c| c.life = Life::Deleted);
        }
    });
    // The shared questions edit a `CandidateDraft` signal of their own; each change is written
    // into the roster (and so saved).
    let answers = RwSignal::new(initial.candidate.clone());
    let stored_answers = Memo::new(move |_| {
        drafts.candidates.with(|l| {
            l.iter()
                .find(|c| c.id == candidate)
                .map(|c| c.entry.candidate.clone())
        })
    });
    Effect::new(move |first: Option<()>| {
        let typed: CandidateDraft = answers.get();
        if first.is_some() && stored_answers.get_untracked().as_ref() != Some(&typed) {
            drafts.edit_candidate(candidate, |c| c.entry.candidate = typed);
        }
    });
    // Another tab's saved change to this candidate shows here too.
    Effect::new(move |_| {
        if let Some(stored) = stored_answers.get()
            && answers.with_untracked(|a| *a != stored)
        {
            answers.set(stored);
        }
    });
    let entry = move || {
        drafts.candidates.with(|l| {
            l.iter()
                .find(|c| c.id == candidate)
                .map(|c| c.entry.clone())
        })
    };
    let edit = move |change: Box<dyn FnOnce(&mut RosterEntry)>| {
        drafts.edit_candidate(candidate, |c| change(&mut c.entry));
    };
    let ids = FieldIds::compact("c-");
    let on = move || {
        the_draft
            .with(|d| d.as_ref().map(application_date))
            .unwrap_or_else(pingjia_shell::today::today_in_shanghai)
    };
    let submitted = RwSignal::new(false);
    let errors = Signal::derive(move || {
        if !submitted.get() {
            return Vec::new();
        }
        entry()
            .map(|e| entry_errors(&e, on(), ids))
            .unwrap_or_default()
    });
    let position = move || {
        drafts.candidates.with(|l| {
            l.iter()
                .filter(|c| c.draft_id == draft && c.life != Life::Deleted)
                .position(|c| c.id == candidate)
        })
    };
    // This row alone is checked at each keystroke (a roster of 1,000 is not); the identity
    // number is compared with the others' as typed.
    let row = Memo::new(move |_| {
        let e = entry()?;
        let book = pingjia_rules::rulebook::current();
        let mut row = check_roster(book, on(), std::slice::from_ref(&e))
            .rows
            .pop()?;
        // The others' identity numbers, compared as the roster compares them; the names say
        // which rows they are.
        let (names, same) = drafts.candidates.with(|l| {
            let active: Vec<&CandidateRecord> = l
                .iter()
                .filter(|c| c.draft_id == draft && c.life != Life::Deleted)
                .collect();
            let same: Vec<usize> = active
                .iter()
                .enumerate()
                .filter(|(_, c)| c.id != candidate)
                .filter(|(_, c)| {
                    same_id_number(&c.entry.candidate.id_number, &e.candidate.id_number)
                })
                .map(|(i, _)| i)
                .collect();
            // Only the rows with the same number are named.
            let mut names = vec![String::new(); active.len()];
            for &i in &same {
                names[i].clone_from(&active[i].entry.name);
            }
            (names, same)
        });
        row.same_id_number = same;
        Some((row, names))
    });
    let verdict = move || {
        let lang = lang.get();
        row.with(|row| {
            let (row, names) = row.as_ref()?;
            let status = row.status();
            let mut lines: Vec<String> = vec![
                status.label().get(lang).to_owned(),
                row.summary(names).get(lang).to_owned(),
            ];
            if let Some(fee) = &row.fee {
                lines.push(fee.reason().text.get(lang).to_owned());
                if row.counted_fee().is_none() {
                    lines.push(tr(
                        lang,
                        "在符合条件之前，这笔费用不计入团体的费用合计。",
                        "This fee is not in the group's total until the candidate can apply.",
                    ).to_owned());
                }
            }
            Some(view! {
                <div class=format!("verdict-panel {}", status.code()) role="status" data-testid="verdict">
                    {lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
                </div>
            })
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        drafts.save_now();
        if errors.with_untracked(Vec::is_empty) {
            navigate(Page::Draft(draft, DraftTask::Candidates));
        }
    };
    let delete = move |_| {
        let question = tr(
            lang.get_untracked(),
            "从名单中删除这位考生？",
            "Remove this candidate from the roster?",
        );
        if window().confirm_with_message(question).unwrap_or(false) {
            drafts.edit_candidate(candidate, |c| c.life = Life::Deleted);
            drafts.just_deleted.set(Some(candidate));
            navigate(Page::Draft(draft, DraftTask::Candidates));
        }
    };
    let level = move || entry().and_then(|e| e.level);
    let retake = move || entry().map(|e| e.retake).unwrap_or_default();
    let is_retake = RwSignal::new(!initial.retake.is_empty());
    let level_choices = Level::OFFERED.into_iter().map(move |l| {
        let id = format!("c-level-{}", l.code());
        view! {
            <label class="choice" for=id.clone()>
                <input type="radio" id=id.clone() name="c-level" prop:checked=move || level() == Some(l)
                    on:change=move |_| edit(Box::new(move |e| {
                        e.level = Some(l);
                        // Keep only the retaken subjects the new level has.
                        e.retake.retain(|s| Subject::of_level(l).contains(s));
                    }))/>
                {show(l.choice_label().capitalised())}
            </label>
        }
    }).collect_view();
    let subject_choices = move || {
        let subjects = level().map_or(&[Subject::Theory, Subject::Skills][..], Subject::of_level);
        subjects.iter().map(|&s| {
            let id = format!("c-retake-{s:?}").to_lowercase();
            view! {
                <label class="choice" for=id.clone()>
                    <input type="checkbox" id=id.clone() prop:checked=move || retake().contains(&s)
                        on:change=move |_| edit(Box::new(move |e| {
                            match e.retake.iter().position(|x| *x == s) {
                                Some(p) => { e.retake.remove(p); }
                                None => { e.retake.push(s); e.retake.sort(); }
                            }
                        }))/>
                    {show(s.name().capitalised())}
                </label>
            }
        }).collect_view()
    };
    let name_value = move || entry().map(|e| e.name).unwrap_or_default();
    let heading = move || match (entry().map(|e| e.name), position()) {
        (Some(name), _) if !name.trim().is_empty() => name,
        (_, Some(i)) => format!("{} {}", tr(lang.get(), "考生", "Candidate"), i + 1),
        _ => tr(lang.get(), "考生", "Candidate").to_owned(),
    };
    view! {
        <Link page=Page::Draft(draft, DraftTask::Candidates) class="back-link">{t("返回名单", "Back to the roster")}</Link>
        <ErrorSummary errors=errors/>
        <form class="stack" novalidate on:submit=submit>
            <p class="caption">{t("考生", "Candidate")}</p>
            <h1 tabindex="-1">{heading}</h1>
            <SaveStatus/>
            {verdict}
            <h2>{t("申报信息", "The application")}</h2>
            <div class=field_class(errors, NAME_ID.to_string())>
                <label for=NAME_ID>{t("姓名", "Name")}</label>
                <p class="field-error">{field_error(errors, NAME_ID.to_string())}</p>
                <input id=NAME_ID type="text" autocomplete="off" prop:value=name_value
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        edit(Box::new(move |e| e.name = text));
                    }/>
            </div>
            <fieldset class=field_class(errors, LEVEL_ID.to_string())>
                <legend>{t("申报等级", "Level applied for")}</legend>
                <p class="field-error">{field_error(errors, LEVEL_ID.to_string())}</p>
                {level_choices}
            </fieldset>
            <fieldset class=field_class(errors, RETAKE_ID.to_string())>
                <legend>{t("首次参加还是补考？", "First attempt or retake?")}</legend>
                <p class="field-error">{field_error(errors, RETAKE_ID.to_string())}</p>
                <label class="choice" for=RETAKE_ID>
                    <input type="checkbox" id=RETAKE_ID prop:checked=move || is_retake.get()
                        on:change=move |_| {
                            let now = !is_retake.get_untracked();
                            is_retake.set(now);
                            if !now {
                                edit(Box::new(|e| e.retake.clear()));
                            }
                        }/>
                    {t("补考（只考未通过的科目）", "Retake (only the subjects not passed)")}
                </label>
                <Show when=move || is_retake.get()>
                    <div class="conditional">{subject_choices}</div>
                </Show>
            </fieldset>
            <h2>{t("身份证号与出生日期", "Identity number and birth date")}</h2>
            <IdNumberThenBirth draft=answers ids=ids errors=errors
                id_number_label=Bilingual::fixed("18位身份证号", "18-character identity number")
                id_number_hint=Bilingual::fixed(
                    "团体申报必填，出生日期从中读出。只保存在本设备；屏幕上的名单中会部分隐藏。",
                    "Required for a group application; the birth date is read from it. Kept on this device only; partly hidden in the roster on screen.")/>
            <h2>{t("学历", "Schooling")}</h2>
            <SchoolingQuestions draft=answers ids=ids errors=errors
                school_question=move || view! { <SchoolList draft=answers ids=ids errors=errors/> }/>
            <h2>{t("工作经历", "Work")}</h2>
            <WorkRows draft=answers ids=ids errors=errors/>
            <h2>{t("职业技能等级证书", "Skill certificates")}</h2>
            <CertificateRows draft=answers ids=ids errors=errors/>
            <h2>{t("职称", "Professional titles")}</h2>
            <TitleRows draft=answers ids=ids errors=errors/>
            <div class="actions">
                <button type="submit">{t("核对并返回名单", "Check and go back to the roster")}</button>
            </div>
        </form>
        // Away from the primary button: a slip of the thumb cannot remove a person.
        <div class="remove-record">
            <button type="button" class="warning" on:click=delete>{t("删除此考生", "Remove this candidate")}</button>
        </div>
    }
}
