//! The self-assessment's answers: the level to check and one candidate draft, kept on this
//! device so nothing typed is lost when the tab is closed mid-question.
//!
//! Stored in localStorage as the same JSON earlier versions wrote (one schooling, flat), so
//! what was saved before still reads. The identity number is never stored.

use crate::local_storage::{self, bool_or_null, code_or_null, coded, field, flag, rows, set, text};
use js_sys::{Array, Object};
use leptos::prelude::*;
use pingjia_rules::Level;
use pingjia_rules::candidate_draft::{CandidateDraft, HeldDraft, SchoolingDraft, WorkDraft};
use pingjia_rules::codes::Code;
use wasm_bindgen::JsValue;

const SELF_ASSESSMENT_KEY: &str = "pingjia.self-assessment";

/// How long typing may pause before the answers are written down; leaving the page writes at once.
const SAVE_AFTER_MS: u64 = 400;

/// Which levels to assess.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LevelChoice {
    Three,
    Two,
    One,
    All,
}

/// As earlier versions stored it.
impl Code for LevelChoice {
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
    pub fn levels(self) -> Vec<Level> {
        match self {
            LevelChoice::Three => vec![Level::Three],
            LevelChoice::Two => vec![Level::Two],
            LevelChoice::One => vec![Level::One],
            LevelChoice::All => Level::OFFERED.to_vec(),
        }
    }
}

/// The two halves of the self-assessment, each its own signal so the question editors take the
/// draft as they would take a roster row's.
#[derive(Clone, Copy)]
pub struct SelfAssessment {
    pub level: RwSignal<Option<LevelChoice>>,
    pub draft: RwSignal<CandidateDraft>,
}

impl SelfAssessment {
    pub fn clear(self) {
        self.level.set(None);
        self.draft.set(CandidateDraft::default());
        local_storage::remove(SELF_ASSESSMENT_KEY);
    }

    pub fn is_empty(self) -> bool {
        self.level.with(Option::is_none) && self.draft.with(is_blank)
    }
}

/// A draft with nothing in it but, perhaps, an unanswered schooling.
fn is_blank(d: &CandidateDraft) -> bool {
    let blank_schooling = d.schooling.iter().all(|s| *s == SchoolingDraft::default());
    CandidateDraft {
        schooling: Vec::new(),
        ..d.clone()
    } == CandidateDraft::default()
        && blank_schooling
}

/// Loads the saved answers and keeps saving them as they change: after a pause in typing, and
/// at once when the page is hidden or left. Empty answers leave nothing behind.
pub fn provide_self_assessment() {
    let (level, draft) = saved().unwrap_or_default();
    let answers = SelfAssessment {
        level: RwSignal::new(level),
        draft: RwSignal::new(draft),
    };
    provide_context(answers);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let write = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        if answers.is_empty() {
            local_storage::remove(SELF_ASSESSMENT_KEY);
        } else {
            answers.level.with_untracked(|level| {
                answers
                    .draft
                    .with_untracked(|d| local_storage::save(SELF_ASSESSMENT_KEY, &to_js(*level, d)))
            });
        }
    };
    Effect::new(move |first: Option<()>| {
        answers.level.track();
        answers.draft.track();
        if first.is_none() {
            return;
        }
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        match set_timeout_with_handle(write, std::time::Duration::from_millis(SAVE_AFTER_MS)) {
            Ok(handle) => pending.set_value(Some(handle)),
            Err(_) => write(),
        }
    });
    let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().hidden() {
            write();
        }
    });
    let leaving = window_event_listener(leptos::ev::pagehide, move |_| write());
    on_cleanup(move || {
        hidden.remove();
        leaving.remove();
    });
}

pub fn use_self_assessment() -> SelfAssessment {
    crate::app::provided::<SelfAssessment>()
}

/// The answers kept on this device, if any.
pub fn saved() -> Option<(Option<LevelChoice>, CandidateDraft)> {
    local_storage::load(SELF_ASSESSMENT_KEY).map(|v| from_js(&v))
}

/// Keeps the answers now (the page normally does this itself as they change).
pub fn save(level: Option<LevelChoice>, draft: &CandidateDraft) {
    local_storage::save(SELF_ASSESSMENT_KEY, &to_js(level, draft));
}

pub fn forget() {
    local_storage::remove(SELF_ASSESSMENT_KEY);
}

/// The stored object: the level, then the draft with its first schooling flat, as always.
pub fn to_js(level: Option<LevelChoice>, d: &CandidateDraft) -> JsValue {
    let o = Object::new();
    let school = d.schooling.first().copied().unwrap_or_default();
    set(&o, "level", code_or_null(level));
    set(&o, "birth_date", d.birth_date.as_str().into());
    set(&o, "school", code_or_null(school.school));
    set(&o, "status", code_or_null(school.status));
    set(
        &o,
        "related_specialty",
        bool_or_null(school.related_specialty),
    );
    set(&o, "assessed", bool_or_null(school.assessed));
    let work: Array = d
        .work
        .iter()
        .map(|w| {
            let row = Object::new();
            set(&row, "from", w.from.as_str().into());
            set(&row, "until", w.until.as_str().into());
            set(&row, "ongoing", w.ongoing.into());
            JsValue::from(row)
        })
        .collect();
    set(&o, "work", work.into());
    set(&o, "certificates", held_to_js(&d.certificates));
    set(&o, "titles", held_to_js(&d.titles));
    o.into()
}

/// Answers read back from a stored object; what is missing or unreadable is left empty.
pub fn from_js(v: &JsValue) -> (Option<LevelChoice>, CandidateDraft) {
    let school = SchoolingDraft {
        school: coded(v, "school"),
        status: coded(v, "status"),
        related_specialty: field(v, "related_specialty").as_bool(),
        assessed: field(v, "assessed").as_bool(),
    };
    let draft = CandidateDraft {
        birth_date: text(v, "birth_date"),
        id_number: String::new(),
        schooling: if school == SchoolingDraft::default() {
            Vec::new()
        } else {
            vec![school]
        },
        work: rows(v, "work")
            .map(|r| WorkDraft {
                from: text(&r, "from"),
                until: text(&r, "until"),
                ongoing: flag(&r, "ongoing"),
            })
            .collect(),
        certificates: held_from_js(v, "certificates"),
        titles: held_from_js(v, "titles"),
    };
    (coded(v, "level"), draft)
}

fn held_to_js<K: Code>(list: &[HeldDraft<K>]) -> JsValue {
    let rows: Array = list
        .iter()
        .map(|h| {
            let row = Object::new();
            set(&row, "kind", code_or_null(h.kind));
            set(&row, "since", h.since.as_str().into());
            JsValue::from(row)
        })
        .collect();
    rows.into()
}

fn held_from_js<K: Code>(v: &JsValue, name: &str) -> Vec<HeldDraft<K>> {
    rows(v, name)
        .map(|r| HeldDraft {
            kind: coded(&r, "kind"),
            since: text(&r, "since"),
        })
        .collect()
}
