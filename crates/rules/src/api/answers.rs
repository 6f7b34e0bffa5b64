//! The answer of each request kind, as typed values: what `POST /api/v1/eval` and
//! `pingjia eval` send under `answer`, and what a Rust client (the app, the sync server) can
//! build or inspect without going through JSON.

use crate::conduct;
use crate::eligibility::Eligibility;
use crate::fees::{Fee, GroupFees};
use crate::id_number::IdNumberCheck;
use crate::level::Level;
use crate::results::ResultsDates;
use crate::retake::RetakeAnswer;
use crate::rulebook::{BankAccount, Phone, Rulebook, Session, Violation};
use crate::service::WindowStatus;
use crate::sessions::{self, IndividualDeadline, TicketAnswer, Window};
use crate::{Citation, Reason};
use chrono::NaiveDate;
use serde::Serialize;

/// One answer: its body (which names its kind) and notes about the request itself.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Answer {
    pub body: AnswerBody,
    pub notes: Vec<Reason>,
    /// The version of the notice's book that answered (the one in force on the day asked).
    #[serde(skip)]
    pub rulebook_version: &'static str,
}

/// The answer of each kind of request.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum AnswerBody {
    /// One per level asked about.
    Eligibility(Vec<Eligibility>),
    Fee(FeeAnswer),
    GroupFees(GroupFeesAnswer),
    Sessions(SessionsAnswer),
    Retake(RetakeReply),
    ResultsDate(ResultsAnswer),
    ServiceWindow(ServiceAnswer),
    Conduct(ConductAnswer),
    IdNumber(IdNumberAnswer),
    AdmissionTicket(TicketAnswer),
}

impl AnswerBody {
    /// The request kind it answers, as the request names it.
    pub fn kind(&self) -> &'static str {
        match self {
            AnswerBody::Eligibility(_) => "eligibility",
            AnswerBody::Fee(_) => "fee",
            AnswerBody::GroupFees(_) => "group_fees",
            AnswerBody::Sessions(_) => "sessions",
            AnswerBody::Retake(_) => "retake",
            AnswerBody::ResultsDate(_) => "results_date",
            AnswerBody::ServiceWindow(_) => "service_window",
            AnswerBody::Conduct(_) => "conduct",
            AnswerBody::IdNumber(_) => "id_number",
            AnswerBody::AdmissionTicket(_) => "admission_ticket",
        }
    }
}

/// The envelope of an answer: `{"ok": true, "kind", "answer", "notes"?, "rulebook_version"}`.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AnswerResponse {
    pub ok: bool,
    pub kind: &'static str,
    pub answer: AnswerBody,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Reason>,
    pub rulebook_version: &'static str,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeeAnswer {
    pub fee: Fee,
    pub bank_account: BankAccount,
    pub reasons: Vec<Reason>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GroupFeesAnswer {
    #[serde(flatten)]
    pub group: GroupFees,
    pub reasons: Vec<Reason>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionView {
    #[serde(flatten)]
    pub session: Session,
    pub window: Window,
    pub month_zh: String,
    pub month_en: String,
    pub earliest_ticket_date: NaiveDate,
    /// The last Friday an individual can apply in person (interpretations.md 14).
    pub individual_deadline: Option<IndividualDeadline>,
}

impl SessionView {
    pub fn new(book: &Rulebook, session: Session, window: Window) -> SessionView {
        SessionView {
            month_zh: sessions::month_label(&session).zh.into_owned(),
            month_en: sessions::month_label(&session).en.into_owned(),
            earliest_ticket_date: session.earliest_ticket_date(book),
            individual_deadline: sessions::individual_deadline(book, &session),
            session,
            window,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NextForLevel {
    pub level: Level,
    pub reasons: Vec<Reason>,
    /// True when the session is a projection from the 2025 pattern, not an official date.
    pub projected: bool,
    /// `None` only when no session is known at all; `reasons` then says where to look.
    pub session: Option<SessionView>,
    /// When `session` can no longer be entered in person (its last open Friday has passed):
    /// the next session an individual can enter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub individual_session: Option<SessionView>,
}

/// 二（五）, as the sessions answer states it.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TicketRuleView {
    pub days_before_evaluation: u64,
    pub citation: Citation,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionsAnswer {
    pub on: NaiveDate,
    /// True after the last evaluation month of the table.
    pub schedule_ended: bool,
    /// Sessions whose application or payment window is open on `on`.
    pub open: Vec<SessionView>,
    pub next: Vec<NextForLevel>,
    pub ticket_rule: TicketRuleView,
    pub reasons: Vec<Reason>,
    pub citation: Citation,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RetakeReply {
    #[serde(flatten)]
    pub answer: RetakeAnswer,
    pub reasons: Vec<Reason>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResultsAnswer {
    #[serde(flatten)]
    pub dates: ResultsDates,
    pub where_to_look_zh: Vec<String>,
    pub where_to_look_en: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ServiceAnswer {
    pub reasons: Vec<Reason>,
    #[serde(flatten)]
    pub status: WindowStatus,
    pub address_zh: String,
    pub address_en: String,
    pub phones: &'static [Phone],
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConductEntry {
    #[serde(flatten)]
    pub violation: &'static Violation,
    pub consequence_zh: String,
    pub consequence_en: String,
    pub citation: Citation,
    /// What else applies: 附件2's closing paragraph, and for false materials the 四-1 bar.
    pub reasons: Vec<Reason>,
}

impl ConductEntry {
    pub fn new(book: &Rulebook, v: &'static Violation) -> ConductEntry {
        let c = v.consequence;
        let description = conduct::description(book, c);
        ConductEntry {
            violation: v,
            consequence_zh: description.zh.into_owned(),
            consequence_en: description.en.into_owned(),
            citation: book.cite(c.clause()),
            reasons: conduct::related(book, v),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConductAnswer {
    pub violations: Vec<ConductEntry>,
    pub reasons: Vec<Reason>,
}

#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IdNumberAnswer {
    #[serde(flatten)]
    pub check: IdNumberCheck,
    pub on: NaiveDate,
    /// The reading of 年满16周岁 on the 16th birthday or the day before (interpretations.md 2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
}
