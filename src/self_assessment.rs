//! The self-assessment's answers: the level to check and one candidate draft, kept on this
//! device so nothing typed is lost when the tab is closed mid-question.
//!
//! Stored in localStorage as the same JSON earlier versions wrote (one schooling, flat), now
//! with a `format` number, so what was saved before still reads. What this version cannot read
//! (damaged text, or a newer format) is set aside under its own key and said, never dropped.
//! The identity number is never stored.

use js_sys::{Array, Object};
use leptos::prelude::*;
use pingjia_rules::candidate_draft::{
    Answer, CandidateDraft, HeldDraft, SchoolingDraft, WorkDraft,
};
use pingjia_rules::codes::Code;
use pingjia_rules::{Bilingual, Level};
use pingjia_shell::local_storage::{
    self, bool_or_null, code_or_null, coded, field, flag, rows, set, text,
};
use wasm_bindgen::JsValue;

const SELF_ASSESSMENT_KEY: &str = "pingjia.self-assessment";
/// Where answers this version cannot read are kept, untouched, until the user clears them:
/// this key, then the same with `.2` … `.9` if one is already taken by other text.
pub const SET_ASIDE_KEY: &str = "pingjia.self-assessment.set-aside";

fn set_aside_keys() -> impl Iterator<Item = String> {
    std::iter::once(SET_ASIDE_KEY.to_string())
        .chain((2..=9).map(|n| format!("{SET_ASIDE_KEY}.{n}")))
}

/// The format this version writes. Text without `format` was written before it had one, in the
/// same shape, and reads as this format.
const FORMAT: u32 = 1;

/// How long typing may pause before the answers are written down; leaving the page writes at once.
const SAVE_AFTER_MS: u64 = 400;

/// Which levels to assess. Stored by its name as earlier versions stored it ("Three", "All").
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString, strum::VariantArray,
)]
pub enum LevelChoice {
    Three,
    Two,
    One,
    All,
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

/// The "add another" questions answered "no": the person has none of these. (An answer "yes"
/// is the list itself, which then has rows.) Asked first, as GOV.UK asks, so that an empty list
/// is an answer given, never a page skipped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SaidNone {
    pub work: bool,
    pub certificates: bool,
    pub titles: bool,
}

impl SaidNone {
    /// Stored as a list of these names, only those answered "no".
    const NAMES: [&'static str; 3] = ["work", "certificates", "titles"];

    fn flags(self) -> [bool; 3] {
        [self.work, self.certificates, self.titles]
    }
}

/// The parts of the self-assessment, each its own signal so the question editors take the
/// draft as they would take a roster row's; and what to tell the user about answers set aside.
#[derive(Clone, Copy)]
pub struct SelfAssessment {
    pub level: RwSignal<Option<LevelChoice>>,
    pub draft: RwSignal<CandidateDraft>,
    pub said_none: RwSignal<SaidNone>,
    pub set_aside: RwSignal<Option<Bilingual>>,
}

/// What the device holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Saved {
    Nothing,
    Answers(Option<LevelChoice>, CandidateDraft, SaidNone),
    /// Text this version cannot read, and why.
    Unreadable {
        text: String,
        reason: Bilingual,
    },
}

impl SelfAssessment {
    /// Forgets the answers, and any set aside.
    pub fn clear(self) {
        self.level.set(None);
        self.draft.set(CandidateDraft::default());
        self.said_none.set(SaidNone::default());
        self.set_aside.set(None);
        local_storage::remove(SELF_ASSESSMENT_KEY);
        for key in set_aside_keys() {
            local_storage::remove(&key);
        }
    }

    pub fn is_empty(self) -> bool {
        self.level.with(Option::is_none)
            && self.draft.with(is_blank)
            && self.said_none.get_untracked() == SaidNone::default()
    }
}

/// A draft with nothing in it but, perhaps, an unanswered schooling.
fn is_blank(d: &CandidateDraft) -> bool {
    d.birth_date.is_empty()
        && d.id_number.is_empty()
        && d.work.is_empty()
        && d.certificates.is_empty()
        && d.titles.is_empty()
        && d.schooling.iter().all(|s| *s == SchoolingDraft::default())
}

/// Loads the saved answers and keeps saving them as they change: after a pause in typing, and
/// at once when the page is hidden or left. Empty answers leave nothing behind.
pub fn provide_self_assessment() {
    let (level, draft, said_none, set_aside) = match saved() {
        Saved::Nothing => (None, CandidateDraft::default(), SaidNone::default(), None),
        Saved::Answers(level, draft, said_none) => (level, draft, said_none, None),
        Saved::Unreadable { text, reason } => (
            None,
            CandidateDraft::default(),
            SaidNone::default(),
            set_aside(&text, reason),
        ),
    };
    // Answers set aside earlier stay mentioned until cleared.
    let set_aside = set_aside.or_else(|| {
        set_aside_keys()
            .any(|key| local_storage::load_text(&key).is_some())
            .then_some(SET_ASIDE_NOTE)
    });
    let answers = SelfAssessment {
        level: RwSignal::new(level),
        draft: RwSignal::new(draft),
        said_none: RwSignal::new(said_none),
        set_aside: RwSignal::new(set_aside),
    };
    provide_context(answers);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let write = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        // A save scheduled just before the page (or a test's view) was torn down finds nothing to do.
        if answers.level.is_disposed()
            || answers.draft.is_disposed()
            || answers.said_none.is_disposed()
        {
            return;
        }
        if answers.is_empty() {
            local_storage::remove(SELF_ASSESSMENT_KEY);
        } else {
            let said_none = answers.said_none.get_untracked();
            answers.level.with_untracked(|level| {
                answers.draft.with_untracked(|d| {
                    local_storage::save(SELF_ASSESSMENT_KEY, &to_js(*level, d, said_none))
                })
            });
        }
    };
    Effect::new(move |first: Option<()>| {
        answers.level.track();
        answers.draft.track();
        answers.said_none.track();
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
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    });
}

pub fn use_self_assessment() -> SelfAssessment {
    pingjia_shell::context::provided::<SelfAssessment>()
}

const SET_ASIDE_NOTE: Bilingual = Bilingual::fixed(
    "本机有一份无法读取的资格自测答案，已原样另存，不会被覆盖；可在“设置”中清除。",
    "Self-assessment answers on this device could not be read; they are kept aside as they were, not overwritten, and can be cleared in Settings.",
);

/// Copies unreadable text aside (to the first free key, unless it is already there), so the
/// answers typed from now on can be saved without losing it; the message to show, with the reason.
fn set_aside(text: &str, reason: Bilingual) -> Option<Bilingual> {
    let mut kept = false;
    for key in set_aside_keys() {
        match local_storage::load_text(&key) {
            Some(there) if there == text => kept = true,
            Some(_) => continue,
            None => kept = local_storage::save_text(&key, text),
        }
        break;
    }
    if !kept {
        leptos::logging::warn!("could not set aside the unreadable self-assessment");
    }
    Some(Bilingual::new(
        format!("{}{}", reason.zh, SET_ASIDE_NOTE.zh),
        format!("{} {}", reason.en, SET_ASIDE_NOTE.en),
    ))
}

/// What the device holds under the self-assessment's key.
pub fn saved() -> Saved {
    let Some(text) = local_storage::load_text(SELF_ASSESSMENT_KEY) else {
        return Saved::Nothing;
    };
    let Some(value) = local_storage::parse(&text).filter(JsValue::is_object) else {
        return Saved::Unreadable {
            text,
            reason: Bilingual::fixed("保存的答案已损坏。", "The saved answers are damaged."),
        };
    };
    match field(&value, "format").as_f64() {
        None => {}
        Some(f) if f == f64::from(FORMAT) => {}
        Some(f) => {
            // Shown as a whole number: formatting a float would bring several KB of code.
            let format = if f.fract() == 0.0 && (0.0..1e9).contains(&f) {
                (f as u64).to_string()
            } else {
                "?".to_string()
            };
            return Saved::Unreadable {
                text,
                reason: Bilingual::new(
                    format!("保存的答案来自更新版本的本工具（格式{format}）。"),
                    format!(
                        "The saved answers come from a newer version of this tool (format {format})."
                    ),
                ),
            };
        }
    }
    let (level, draft, said_none) = from_js(&value);
    Saved::Answers(level, draft, said_none)
}

/// Keeps the answers now (the page normally does this itself as they change).
pub fn save(level: Option<LevelChoice>, draft: &CandidateDraft, said_none: SaidNone) {
    local_storage::save(SELF_ASSESSMENT_KEY, &to_js(level, draft, said_none));
}

pub fn forget() {
    local_storage::remove(SELF_ASSESSMENT_KEY);
}

/// The stored object: the level, then the draft with its first schooling flat, as always, and
/// `none` (the lists answered "no") only when there is one, so earlier answers write as before.
pub fn to_js(level: Option<LevelChoice>, d: &CandidateDraft, said_none: SaidNone) -> JsValue {
    let o = Object::new();
    let school = d.schooling.first().copied().unwrap_or_default();
    set(&o, "format", FORMAT.into());
    set(&o, "level", code_or_null(level));
    set(&o, "birth_date", d.birth_date.as_str().into());
    set(&o, "school", code_or_null(school.school));
    set(&o, "status", code_or_null(school.status));
    set(
        &o,
        "related_specialty",
        bool_or_null(school.related_specialty),
    );
    // true, false or "unknown", as serde writes an `Answer`.
    let assessed = match school.assessed {
        Some(Answer::Yes) => JsValue::TRUE,
        Some(Answer::No) => JsValue::FALSE,
        Some(Answer::DontKnow) => JsValue::from_str("unknown"),
        None => JsValue::NULL,
    };
    set(&o, "assessed", assessed);
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
    if said_none != SaidNone::default() {
        let none: Array = SaidNone::NAMES
            .iter()
            .zip(said_none.flags())
            .filter(|(_, no)| *no)
            .map(|(name, _)| JsValue::from_str(name))
            .collect();
        set(&o, "none", none.into());
    }
    o.into()
}

/// Answers read back from a stored object; what is missing or unreadable is left empty.
pub fn from_js(v: &JsValue) -> (Option<LevelChoice>, CandidateDraft, SaidNone) {
    let school = SchoolingDraft {
        school: coded(v, "school"),
        status: coded(v, "status"),
        related_specialty: field(v, "related_specialty").as_bool(),
        assessed: {
            let value = field(v, "assessed");
            match value.as_bool() {
                Some(true) => Some(Answer::Yes),
                Some(false) => Some(Answer::No),
                None if value.as_string().as_deref() == Some("unknown") => Some(Answer::DontKnow),
                None => None,
            }
        },
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
    let none = field(v, "none");
    let said = |name: &str| {
        Array::is_array(&none)
            && Array::from(&none)
                .iter()
                .any(|n| n.as_string().as_deref() == Some(name))
    };
    let said_none = SaidNone {
        work: said("work"),
        certificates: said("certificates"),
        titles: said("titles"),
    };
    (coded(v, "level"), draft, said_none)
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
