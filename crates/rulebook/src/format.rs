//! The rulebook file: what one notice fixes, as the association's staff write it (TOML, one
//! file per notice), and one file per year's holiday schedule. `docs/rulebook-format.md`
//! explains every field against the notice's clauses.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of this format a book declares (`format = 1`); a book of another format is
/// refused, never half read.
pub const FORMAT: u32 = 1;

/// Text in both languages, as `{ zh = "…", en = "…" }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

/// One notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeBook {
    pub format: u32,
    /// Reported with every answer, e.g. "2025.1"; a corrected book raises it ("2025.2").
    pub version: String,
    /// The notice's number, e.g. "沪企保协〔2025〕17号".
    pub notice: String,
    /// The date printed on the notice.
    pub published: NaiveDate,
    /// The first day the book speaks for (the first application day may come before the
    /// notice's date).
    pub applies_from: NaiveDate,
    /// The last day it speaks for: the end of its last evaluation month.
    pub valid_until: NaiveDate,
    /// Where newer notices and schedules appear (六（五）).
    pub association_site: String,
    pub fees: Vec<Fees>,
    pub bank_account: BankAccount,
    pub sessions: Vec<Session>,
    pub retake_validity_years: Vec<Validity>,
    pub ticket: Ticket,
    pub results: Results,
    pub service: Service,
    pub consequences: Vec<ConsequenceText>,
    pub violations: Vec<Violation>,
    /// The words of the clauses the rules cite, by the clause's number ("二（一）").
    pub clauses: BTreeMap<String, String>,
}

/// The fee table (yuan per person per subject) for a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fees {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub clause: String,
    pub theory: u32,
    pub skills_level_three: u32,
    pub skills_levels_two_one: u32,
    pub review_levels_two_one: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankAccount {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub clause: String,
    pub account_name: String,
    pub account_number: String,
    pub bank: String,
}

/// A row of the schedule table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// First and last application day.
    pub apply: [NaiveDate; 2],
    /// First and last day of payment.
    pub pay: [NaiveDate; 2],
    /// The evaluation month, "2025-07": the day is on the admission ticket.
    pub evaluation: String,
    /// The levels evaluated: "三级", "二级", "一级".
    pub levels: Vec<String>,
}

/// How many years scores stay valid for a retake, for a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validity {
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub clause: String,
    pub level_three: u32,
    pub levels_two_one: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ticket {
    pub days_before_evaluation: u32,
    pub site: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Results {
    pub working_days: u32,
    /// Where marking or workpiece inspection is involved.
    pub working_days_with_marking: u32,
    pub where_to_look: Vec<Text>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub address: Text,
    /// "monday" … "sunday".
    pub weekday: String,
    /// Each opening as ["09:30", "11:30"]: open from the first, closed from the second.
    pub hours: Vec<[String; 2]>,
    pub phones: Vec<Phone>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phone {
    pub number: String,
    pub clause: String,
    pub purpose: Text,
    pub hours: Text,
}

/// What a kind of violation costs, in the notice's words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsequenceText {
    /// One of [`CONSEQUENCES`].
    pub kind: String,
    pub text: Text,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Violation {
    /// "2-1" for 附件2 二 item 1.
    pub code: String,
    /// One of [`CONSEQUENCES`].
    pub consequence: String,
    pub text: Text,
}

/// The kinds of consequence the rules know (附件2 一 to 四).
pub const CONSEQUENCES: [&str; 4] = [
    "qualification_cancelled",
    "subject_cancelled",
    "all_cancelled_barred_this_year",
    "all_cancelled_barred_two_or_five_years",
];

/// The levels as a session lists them, and the rules' name of each.
pub const LEVELS: [(&str, &str); 3] = [("三级", "three"), ("二级", "two"), ("一级", "one")];

/// The weekdays as the service window names them.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// One year's holiday schedule, as the State Council publishes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayBook {
    pub format: u32,
    pub year: i32,
    /// The document that published it.
    pub document: String,
    /// Days off, each as [first, last] (both included).
    pub days_off: Vec<[NaiveDate; 2]>,
    /// Saturdays and Sundays that are working days (调休上班).
    pub make_up_working_days: Vec<NaiveDate>,
}
