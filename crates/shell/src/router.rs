//! A small router of our own: each page has its own URL (shareable, survives a reload), links
//! are plain `<a href>` that the app follows without reloading, and Back works. We do not use
//! leptos_router: it costs about 55 KB gzip of wasm for features these few pages do not need
//! (see ARCHITECTURE.md).

use leptos::prelude::*;
use pingjia_sync::records::RecordId;
use wasm_bindgen::JsValue;

/// Every page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    Eligibility(Step),
    Fees,
    Sessions,
    Retake,
    Results,
    Service,
    Conduct,
    Settings,
    /// The notices the answers follow, and what a new one changed.
    Rulebooks,
    /// An institution's group application drafts.
    Drafts,
    Draft(RecordId, DraftTask),
    /// Syncing the drafts between the institution's devices.
    DraftsSync,
    /// One candidate of a draft, in the editor.
    DraftCandidate(RecordId, RecordId),
    NotFound,
}

/// The parts of a draft, each a task of its task list, and the list itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftTask {
    Overview,
    Details,
    Session,
    Candidates,
    /// Adding candidates from a CSV or XLSX file.
    Import,
    Check,
    /// The roster on A4 paper.
    Print,
    /// Records changed on two devices, to choose between.
    Conflicts,
}

impl DraftTask {
    const ALL: [DraftTask; 8] = [
        DraftTask::Overview,
        DraftTask::Details,
        DraftTask::Session,
        DraftTask::Candidates,
        DraftTask::Import,
        DraftTask::Check,
        DraftTask::Print,
        DraftTask::Conflicts,
    ];

    fn slug(self) -> &'static str {
        match self {
            DraftTask::Overview => "",
            DraftTask::Details => "details",
            DraftTask::Session => "session",
            DraftTask::Candidates => "candidates",
            DraftTask::Import => "import",
            DraftTask::Check => "check",
            DraftTask::Print => "print",
            DraftTask::Conflicts => "conflicts",
        }
    }
}

/// The questions of the self-assessment, one per page, then the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Level,
    Birth,
    Education,
    Work,
    Certificates,
    Titles,
    Result,
}

impl Step {
    pub const QUESTIONS: [Step; 6] = [
        Step::Level,
        Step::Birth,
        Step::Education,
        Step::Work,
        Step::Certificates,
        Step::Titles,
    ];

    fn slug(self) -> &'static str {
        match self {
            Step::Level => "level",
            Step::Birth => "birth",
            Step::Education => "education",
            Step::Work => "work",
            Step::Certificates => "certificates",
            Step::Titles => "titles",
            Step::Result => "result",
        }
    }

    pub fn next(self) -> Step {
        match self {
            Step::Level => Step::Birth,
            Step::Birth => Step::Education,
            Step::Education => Step::Work,
            Step::Work => Step::Certificates,
            Step::Certificates => Step::Titles,
            Step::Titles | Step::Result => Step::Result,
        }
    }

    pub fn previous(self) -> Option<Step> {
        match self {
            Step::Level => None,
            Step::Birth => Some(Step::Level),
            Step::Education => Some(Step::Birth),
            Step::Work => Some(Step::Education),
            Step::Certificates => Some(Step::Work),
            Step::Titles => Some(Step::Certificates),
            Step::Result => Some(Step::Titles),
        }
    }
}

impl Page {
    pub fn from_path(path: &str) -> Page {
        let path = path.trim_end_matches('/');
        match path {
            "" => Page::Home,
            "/eligibility" => Page::Eligibility(Step::Level),
            "/fees" => Page::Fees,
            "/sessions" => Page::Sessions,
            "/retake" => Page::Retake,
            "/results" => Page::Results,
            "/service" => Page::Service,
            "/conduct" => Page::Conduct,
            "/settings" => Page::Settings,
            "/rules" => Page::Rulebooks,
            "/drafts" => Page::Drafts,
            "/drafts/sync" => Page::DraftsSync,
            other if other.starts_with("/drafts/") => draft_page(&other["/drafts/".len()..]),
            other => other
                .strip_prefix("/eligibility/")
                .and_then(|slug| {
                    Step::QUESTIONS
                        .iter()
                        .chain([Step::Result].iter())
                        .find(|s| s.slug() == slug)
                })
                .map_or(Page::NotFound, |s| Page::Eligibility(*s)),
        }
    }

    pub fn path(self) -> String {
        match self {
            Page::Home | Page::NotFound => "/".into(),
            Page::Eligibility(step) => format!("/eligibility/{}", step.slug()),
            Page::Fees => "/fees".into(),
            Page::Sessions => "/sessions".into(),
            Page::Retake => "/retake".into(),
            Page::Results => "/results".into(),
            Page::Service => "/service".into(),
            Page::Conduct => "/conduct".into(),
            Page::Settings => "/settings".into(),
            Page::Rulebooks => "/rules".into(),
            Page::Drafts => "/drafts".into(),
            Page::DraftsSync => "/drafts/sync".into(),
            Page::Draft(id, DraftTask::Overview) => format!("/drafts/{id}"),
            Page::Draft(id, task) => format!("/drafts/{id}/{}", task.slug()),
            Page::DraftCandidate(draft, candidate) => {
                format!("/drafts/{draft}/candidates/{candidate}")
            }
        }
    }
}

/// `{draft}`, `{draft}/{task}` or `{draft}/candidates/{candidate}`.
fn draft_page(rest: &str) -> Page {
    let mut parts = rest.split('/');
    let Some(draft) = parts.next().and_then(RecordId::parse) else {
        return Page::NotFound;
    };
    match (parts.next(), parts.next(), parts.next()) {
        (None, ..) => Page::Draft(draft, DraftTask::Overview),
        (Some("candidates"), Some(candidate), None) => {
            RecordId::parse(candidate).map_or(Page::NotFound, |c| Page::DraftCandidate(draft, c))
        }
        (Some(slug), None, _) => DraftTask::ALL
            .into_iter()
            .find(|t| t.slug() == slug && *t != DraftTask::Overview)
            .map_or(Page::NotFound, |t| Page::Draft(draft, t)),
        _ => Page::NotFound,
    }
}

/// The current page, shared through context.
#[derive(Clone, Copy)]
pub struct CurrentPage(pub RwSignal<Page>);

fn current_path() -> String {
    window()
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".into())
}

/// Creates the page signal from the address bar and follows Back and Forward.
pub fn provide_router() -> RwSignal<Page> {
    let page = RwSignal::new(Page::from_path(&current_path()));
    provide_context(CurrentPage(page));
    let listener = window_event_listener(leptos::ev::popstate, move |_| {
        page.set(Page::from_path(&current_path()));
    });
    on_cleanup(move || listener.remove());
    page
}

/// The page signal provided by [`provide_router`]; without it a link would change the address
/// bar but not the page.
pub fn use_page() -> RwSignal<Page> {
    crate::context::provided::<CurrentPage>().0
}

/// Adds `path` to the history, and says so with a `popstate` event: the drafts program (a
/// second module on the page, with a router of its own) and the app both follow the address bar.
fn push(path: &str) {
    if let Ok(history) = window().history() {
        // A refused pushState (rare sandboxes) still changes the page, only without an entry.
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(path));
    }
    if let Ok(event) = web_sys::Event::new("popstate") {
        let _ = window().dispatch_event(&event);
    }
}

/// Goes to `page`, adding it to the history so Back returns here.
pub fn navigate(page: Page) {
    let current = use_page();
    let path = page.path();
    push(&path);
    current.set(page);
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

/// A link to a page of the app: a real `<a href>`, followed without a reload.
#[component]
pub fn Link(
    page: Page,
    #[prop(optional, into)] class: Option<String>,
    children: Children,
) -> impl IntoView {
    let current = use_page();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
            return; // let the browser open a new tab or window
        }
        ev.prevent_default();
        push(&page.path());
        current.set(page);
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };
    view! {
        <a href=page.path() class=class on:click=on_click>
            {children()}
        </a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_a_path_that_leads_back_to_it() {
        let pages = [
            Page::Home,
            Page::Fees,
            Page::Sessions,
            Page::Retake,
            Page::Results,
            Page::Service,
            Page::Conduct,
            Page::Settings,
            Page::Eligibility(Step::Result),
            Page::Drafts,
            Page::DraftsSync,
            Page::DraftCandidate(RecordId(1), RecordId(u128::MAX)),
        ]
        .into_iter()
        .chain(DraftTask::ALL.map(|t| Page::Draft(RecordId(0xabc), t)))
        .chain(Step::QUESTIONS.map(Page::Eligibility));
        for page in pages {
            assert_eq!(Page::from_path(&page.path()), page, "{}", page.path());
        }
        assert_eq!(
            Page::from_path("/eligibility"),
            Page::Eligibility(Step::Level)
        );
        assert_eq!(Page::from_path("/fees/"), Page::Fees);
        assert_eq!(Page::from_path("/nope"), Page::NotFound);
        assert_eq!(Page::from_path("/eligibility/nope"), Page::NotFound);
        assert_eq!(Page::from_path("/drafts/xyz"), Page::NotFound);
        let draft = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            Page::from_path(&format!("/drafts/{draft}/nope")),
            Page::NotFound
        );
        assert_eq!(
            Page::from_path(&format!("/drafts/{draft}/candidates/1")),
            Page::NotFound
        );
    }

    #[test]
    fn the_questions_run_in_order_to_the_result() {
        let mut step = Step::Level;
        let mut seen = vec![step];
        while step != Step::Result {
            step = step.next();
            seen.push(step);
        }
        assert_eq!(seen.len(), 7);
        assert_eq!(Step::Result.previous(), Some(Step::Titles));
        assert_eq!(Step::Level.previous(), None);
    }
}
