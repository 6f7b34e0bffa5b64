//! A candidate as a person types them — in the self-assessment, in an institution's roster, or
//! as the sync server receives them — and the one way it becomes the rules' [`Candidate`].
//!
//! Every field is optional and kept as typed, so a wrong entry stays in its field to be
//! corrected. [`CandidateDraft::check`] reads it: either a `Candidate` every rule can take, or
//! every [`Problem`] at once, each a field and a stable code, worded in either language only when
//! shown. The rules' own checks of a candidate ([`candidate_problems`]) are the same functions, so
//! the app, the API and the server refuse the same things with the same words.

use crate::dates::{self, Period};
use crate::eligibility::{
    Candidate, Certificate, CertificateLevel, School, SchoolStatus, Schooling, Title, TitleGrade,
};
use crate::id_number::{self, IdNumberError};
use crate::text::Bilingual;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};

/// What was typed about one person. Enums are kept by their stable codes (`codes.rs`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CandidateDraft {
    /// As typed, e.g. "1990-05-01".
    pub birth_date: String,
    /// As typed; the birth date is read from it when given.
    pub id_number: String,
    pub schooling: Vec<SchoolingDraft>,
    pub work: Vec<WorkDraft>,
    pub certificates: Vec<HeldDraft<CertificateLevel>>,
    pub titles: Vec<HeldDraft<TitleGrade>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SchoolingDraft {
    pub school: Option<School>,
    /// Not asked for secondary schooling or below, where it changes nothing.
    pub status: Option<SchoolStatus>,
    pub related_specialty: Option<bool>,
    /// Whether the programme was 经评估论证: many candidates cannot tell, so "I don't know" is
    /// an answer of its own, not a no.
    pub assessed: Option<Answer>,
}

/// The answer to a yes/no question a person may not know the answer to. In JSON `true`,
/// `false` or `"unknown"`, so answers kept as booleans before read as they were.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Answer {
    Yes,
    No,
    DontKnow,
}

impl Answer {
    /// As the rules count it: only a yes is a yes (a programme not known to be assessed is not
    /// counted as assessed).
    pub fn is_yes(self) -> bool {
        self == Answer::Yes
    }
}

impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Answer::Yes => serializer.serialize_bool(true),
            Answer::No => serializer.serialize_bool(false),
            Answer::DontKnow => serializer.serialize_str("unknown"),
        }
    }
}

/// The same shape as its `Serialize`: `true`, `false` or `"unknown"`.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Answer {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Answer".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"oneOf": [{"type": "boolean"}, {"const": "unknown"}]})
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Answer;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("true, false or \"unknown\"")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Answer, E> {
                Ok(if v { Answer::Yes } else { Answer::No })
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Answer, E> {
                match v {
                    "unknown" => Ok(Answer::DontKnow),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A period of work as typed; `ongoing` stands for "until now", leaving `until` aside.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct WorkDraft {
    pub from: String,
    pub until: String,
    pub ongoing: bool,
}

/// Something held since a date: a certificate (its level) or a title (its grade).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct HeldDraft<K> {
    pub kind: Option<K>,
    pub since: String,
}

impl<K> Default for HeldDraft<K> {
    fn default() -> Self {
        HeldDraft {
            kind: None,
            since: String::new(),
        }
    }
}

/// A field of a draft; rows are counted from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The day the draft is checked for (a request's `on`).
    AskedOn,
    BirthDate,
    IdNumber,
    School(usize),
    SchoolStatus(usize),
    WorkFrom(usize),
    WorkUntil(usize),
    CertificateLevel(usize),
    CertificateDate(usize),
    TitleGrade(usize),
    TitleDate(usize),
}

impl Field {
    /// The field's path in the draft's JSON, e.g. `work.0.from`.
    pub fn path(self) -> String {
        match self {
            Field::AskedOn => "on".into(),
            Field::BirthDate => "birth_date".into(),
            Field::IdNumber => "id_number".into(),
            Field::School(i) => format!("schooling.{i}.school"),
            Field::SchoolStatus(i) => format!("schooling.{i}.status"),
            Field::WorkFrom(i) => format!("work.{i}.from"),
            Field::WorkUntil(i) => format!("work.{i}.until"),
            Field::CertificateLevel(i) => format!("certificates.{i}.kind"),
            Field::CertificateDate(i) => format!("certificates.{i}.since"),
            Field::TitleGrade(i) => format!("titles.{i}.kind"),
            Field::TitleDate(i) => format!("titles.{i}.since"),
        }
    }

    /// The field as a sentence names it, e.g. "第2段工作经历的开始日期" / "the start date of period 2".
    pub fn label(self) -> Bilingual {
        let n = |i: usize| i + 1;
        match self {
            Field::AskedOn => Bilingual::fixed("查询日期", "the date asked about"),
            Field::BirthDate => Bilingual::fixed("出生日期", "the birth date"),
            Field::IdNumber => Bilingual::fixed("身份证号", "the identity number"),
            Field::School(0) => Bilingual::fixed("学历", "the schooling"),
            Field::School(i) => {
                Bilingual::new(format!("第{}项学历", n(i)), format!("schooling {}", n(i)))
            }
            Field::SchoolStatus(_) => Bilingual::fixed("是否已毕业", "whether you graduated"),
            Field::WorkFrom(i) => Bilingual::new(
                format!("第{}段工作经历的开始日期", n(i)),
                format!("the start date of period {} of work", n(i)),
            ),
            Field::WorkUntil(i) => Bilingual::new(
                format!("第{}段工作经历的结束日期", n(i)),
                format!("the end date of period {} of work", n(i)),
            ),
            Field::CertificateLevel(i) => Bilingual::new(
                format!("第{}张证书的等级", n(i)),
                format!("the level of certificate {}", n(i)),
            ),
            Field::CertificateDate(i) => Bilingual::new(
                format!("第{}张证书的发证日期", n(i)),
                format!("the issue date of certificate {}", n(i)),
            ),
            Field::TitleGrade(i) => Bilingual::new(
                format!("第{}个职称的级别", n(i)),
                format!("the grade of title {}", n(i)),
            ),
            Field::TitleDate(i) => Bilingual::new(
                format!("第{}个职称的取得日期", n(i)),
                format!("the date title {} was obtained", n(i)),
            ),
        }
    }

    /// The example date shown beside this field and in its error (one per kind of date, so the
    /// hint and the error a person reads give the same day).
    pub fn example_date(self) -> NaiveDate {
        // Constants, so the dates are checked when the crate is built.
        const BIRTH: NaiveDate = dates::date(1990, 5, 1);
        const WORK_FROM: NaiveDate = dates::date(2018, 7, 1);
        const WORK_UNTIL: NaiveDate = dates::date(2023, 6, 30);
        const CERTIFICATE: NaiveDate = dates::date(2021, 9, 15);
        const TITLE: NaiveDate = dates::date(2020, 12, 1);
        const ASKED_ON: NaiveDate = dates::date(2025, 6, 1);
        match self {
            Field::BirthDate | Field::IdNumber => BIRTH,
            Field::WorkFrom(_) => WORK_FROM,
            Field::WorkUntil(_) => WORK_UNTIL,
            Field::CertificateDate(_) | Field::CertificateLevel(_) => CERTIFICATE,
            Field::TitleDate(_) | Field::TitleGrade(_) => TITLE,
            Field::AskedOn | Field::School(_) | Field::SchoolStatus(_) => ASKED_ON,
        }
    }

    /// Whether the person picks a value (rather than typing one).
    fn is_choice(self) -> bool {
        matches!(
            self,
            Field::School(_)
                | Field::SchoolStatus(_)
                | Field::CertificateLevel(_)
                | Field::TitleGrade(_)
        )
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.path())
    }
}

/// What is wrong with a field. The codes are the API's error codes, where the API has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemCode {
    /// Left empty, and needed.
    Required,
    /// Neither a birth date nor an identity number.
    NoBirthDate,
    /// Not a date written like 2025-06-01, or a day that does not exist.
    BadDate,
    /// After the day the draft is checked for, where only a past date makes sense.
    FutureDate {
        date: NaiveDate,
        on: NaiveDate,
    },
    /// A period that ends before it starts.
    PeriodBackwards {
        from: NaiveDate,
        until: NaiveDate,
    },
    /// Outside the dates the rules support (1900–2199).
    DateOutOfRange {
        date: NaiveDate,
    },
    /// The birth date given and the one in the identity number differ.
    BirthDateMismatch {
        given: NaiveDate,
        in_id_number: NaiveDate,
    },
    IdNumber(IdNumberError),
}

impl ProblemCode {
    pub fn code(&self) -> &'static str {
        match self {
            ProblemCode::Required => "required",
            ProblemCode::NoBirthDate => "no_birth_date",
            ProblemCode::BadDate => "bad_date",
            ProblemCode::FutureDate { .. } => "future_date",
            ProblemCode::PeriodBackwards { .. } => "period_backwards",
            ProblemCode::DateOutOfRange { .. } => "date_out_of_range",
            ProblemCode::BirthDateMismatch { .. } => "birth_date_mismatch",
            ProblemCode::IdNumber(e) => e.code(),
        }
    }
}

/// One thing to correct in a draft: where, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    pub code: ProblemCode,
}

impl Problem {
    fn new(field: Field, code: ProblemCode) -> Problem {
        Problem { field, code }
    }

    /// What is wrong and how to put it right.
    pub fn message(&self) -> Bilingual {
        let label = self.field.label();
        let (zh, en) = (&label.zh, &label.capitalised().en);
        match &self.code {
            ProblemCode::Required if self.field == Field::School(0) => Bilingual::fixed(
                "请选择最高学历或在读的学校类型。",
                "Choose your highest schooling.",
            ),
            ProblemCode::Required if self.field == Field::WorkUntil(self.row()) => Bilingual::new(
                format!("请填写{zh}（不早于开始日期），或勾选“至今仍在做”。"),
                format!(
                    "Enter {}, not before its start, or tick \"still working there\".",
                    label.en
                ),
            ),
            ProblemCode::Required if self.field.is_choice() => {
                Bilingual::new(format!("请选择{zh}。"), format!("Choose {}.", label.en))
            }
            ProblemCode::Required => {
                Bilingual::new(format!("请填写{zh}。"), format!("Enter {}.", label.en))
            }
            ProblemCode::NoBirthDate => Bilingual::fixed(
                "请填写出生日期，或填写身份证号。",
                "Enter your birth date, or your identity number.",
            ),
            ProblemCode::BadDate => dates::typed::message(
                dates::typed::Unreadable::NotADate,
                &label,
                self.field.example_date(),
            ),
            ProblemCode::FutureDate { date, on } => Bilingual::new(
                format!("{zh}（{date}）晚于查询日期 {on}，请核对。"),
                format!("{en} ({date}) is after the date asked about, {on}; check it."),
            ),
            ProblemCode::PeriodBackwards { from, until } => Bilingual::new(
                format!("{zh}（{until}）早于开始日期（{from}），请核对。"),
                format!("{en} ({until}) is before the start ({from}); check it."),
            ),
            ProblemCode::DateOutOfRange { date } => dates::typed::message(
                dates::typed::Unreadable::OutOfRange(*date),
                &label,
                self.field.example_date(),
            ),
            ProblemCode::BirthDateMismatch {
                given,
                in_id_number,
            } => Bilingual::new(
                format!(
                    "出生日期 {given} 与身份证号中的 {in_id_number} 不一致，请改正其中一项，或清空出生日期。"
                ),
                format!(
                    "The birth date {given} differs from {in_id_number} in the identity number: correct one, or clear the birth date."
                ),
            ),
            ProblemCode::IdNumber(e) => e.message(),
        }
    }

    /// The row the field is in (0 for a field that is not in a list).
    pub fn row(&self) -> usize {
        match self.field {
            Field::AskedOn | Field::BirthDate | Field::IdNumber => 0,
            Field::School(i)
            | Field::SchoolStatus(i)
            | Field::WorkFrom(i)
            | Field::WorkUntil(i)
            | Field::CertificateLevel(i)
            | Field::CertificateDate(i)
            | Field::TitleGrade(i)
            | Field::TitleDate(i) => i,
        }
    }
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("field", &self.field)?;
        map.serialize_entry("code", self.code.code())?;
        map.serialize_entry("message", &self.message())?;
        map.end()
    }
}

impl CandidateDraft {
    /// Nothing typed or chosen: empty texts, and list rows with nothing in them (a question
    /// shows an empty row to fill in).
    pub fn is_blank(&self) -> bool {
        self.birth_date.trim().is_empty()
            && self.id_number.trim().is_empty()
            && self
                .schooling
                .iter()
                .all(|s| *s == SchoolingDraft::default())
            && self
                .work
                .iter()
                .all(|w| w.from.trim().is_empty() && w.until.trim().is_empty() && !w.ongoing)
            && self
                .certificates
                .iter()
                .all(|h| h.kind.is_none() && h.since.trim().is_empty())
            && self
                .titles
                .iter()
                .all(|h| h.kind.is_none() && h.since.trim().is_empty())
    }

    /// The birth date the rules read from the identity number, when none is typed: what a form
    /// may show instead of asking for the date again. `None` when a date is typed (it is checked
    /// against the number) or the number gives none.
    pub fn birth_date_from_id_number(&self) -> Option<NaiveDate> {
        if !self.birth_date.trim().is_empty() {
            return None;
        }
        crate::id_number::birth_date(self.id_number.trim()).ok()
    }

    /// The same answers with every "I don't know" taken as yes, when there is one: what the
    /// result would be if the unknown turned out yes (the answer as given counts it as no).
    pub fn if_unknowns_were_yes(&self) -> Option<CandidateDraft> {
        let unknown = self
            .schooling
            .iter()
            .any(|s| s.assessed == Some(Answer::DontKnow));
        unknown.then(|| {
            let mut yes = self.clone();
            for s in &mut yes.schooling {
                if s.assessed == Some(Answer::DontKnow) {
                    s.assessed = Some(Answer::Yes);
                }
            }
            yes
        })
    }

    /// The candidate the rules take, or every problem to correct first. `on` is the day the
    /// draft is checked for (today in the self-assessment, the application date in a roster):
    /// no date may be after it.
    pub fn check(&self, on: NaiveDate) -> Result<Candidate, Vec<Problem>> {
        let mut problems = Vec::new();
        let date = |field: Field, text: &str, problems: &mut Vec<Problem>| match parse_date(text) {
            Ok(d) => Some(d),
            Err(code) => {
                problems.push(Problem::new(field, code));
                None
            }
        };

        let id_number = Some(self.id_number.trim().to_owned()).filter(|s| !s.is_empty());
        let birth_date = match self.birth_date.trim() {
            "" => None,
            typed => date(Field::BirthDate, typed, &mut problems),
        };
        let birth_typed = !self.birth_date.trim().is_empty();
        if let Err(found) = check_birth(birth_date, id_number.as_deref(), on) {
            // A birth date that could not be read is already reported; "no birth date" adds nothing.
            if !(birth_typed && found.code == ProblemCode::NoBirthDate) {
                problems.push(found);
            }
        }

        let mut schooling = Vec::new();
        for (i, s) in self.schooling.iter().enumerate() {
            let Some(school) = s.school else {
                problems.push(Problem::new(Field::School(i), ProblemCode::Required));
                continue;
            };
            let status = match (school, s.status) {
                (_, Some(status)) => status,
                (School::SecondaryOrBelow, None) => SchoolStatus::Graduated,
                (_, None) => {
                    problems.push(Problem::new(Field::SchoolStatus(i), ProblemCode::Required));
                    continue;
                }
            };
            schooling.push(Schooling {
                school,
                status,
                related_specialty: s.related_specialty.unwrap_or(false),
                assessed: s.assessed.is_some_and(Answer::is_yes),
            });
        }

        let mut work = Vec::new();
        for (i, w) in self.work.iter().enumerate() {
            let from = date(Field::WorkFrom(i), &w.from, &mut problems);
            let until = match (w.ongoing, w.until.trim()) {
                (true, _) => Some(None),
                (false, "") => {
                    problems.push(Problem::new(Field::WorkUntil(i), ProblemCode::Required));
                    None
                }
                (false, typed) => date(Field::WorkUntil(i), typed, &mut problems).map(Some),
            };
            if let (Some(from), Some(until)) = (from, until) {
                let period = Period { from, until };
                problems.extend(check_period(i, &period, on));
                work.push(period);
            }
        }

        let mut certificates = Vec::new();
        for (i, c) in self.certificates.iter().enumerate() {
            let issued = held(
                c,
                Field::CertificateLevel(i),
                Field::CertificateDate(i),
                on,
                &mut problems,
            );
            if let (Some(level), Some(issued)) = (c.kind, issued) {
                certificates.push(Certificate { level, issued });
            }
        }
        let mut titles = Vec::new();
        for (i, t) in self.titles.iter().enumerate() {
            let obtained = held(
                t,
                Field::TitleGrade(i),
                Field::TitleDate(i),
                on,
                &mut problems,
            );
            if let (Some(grade), Some(obtained)) = (t.kind, obtained) {
                titles.push(Title { grade, obtained });
            }
        }

        if problems.is_empty() {
            Ok(Candidate {
                birth_date,
                id_number,
                schooling,
                work,
                certificates,
                titles,
            })
        } else {
            Err(problems)
        }
    }
}

/// A certificate's or a title's kind and date; the date if it can be used.
fn held<K>(
    row: &HeldDraft<K>,
    kind: Field,
    since: Field,
    on: NaiveDate,
    problems: &mut Vec<Problem>,
) -> Option<NaiveDate> {
    if row.kind.is_none() {
        problems.push(Problem::new(kind, ProblemCode::Required));
    }
    let d = match parse_date(&row.since) {
        Ok(d) => d,
        Err(code) => {
            problems.push(Problem::new(since, code));
            return None;
        }
    };
    match check_date(since, d, on) {
        Some(p) => {
            problems.push(p);
            None
        }
        None => Some(d),
    }
}

/// A date as typed, by the one typed reader ([`dates::typed::read`]): 2025-06-01, 20250601,
/// 2025年6月1日 and the other forms people write.
pub fn parse_date(text: &str) -> Result<NaiveDate, ProblemCode> {
    dates::typed::read(text).map_err(|e| match e {
        dates::typed::Unreadable::Empty => ProblemCode::Required,
        dates::typed::Unreadable::NotADate => ProblemCode::BadDate,
        dates::typed::Unreadable::OutOfRange(date) => ProblemCode::DateOutOfRange { date },
    })
}

/// What is wrong with a birth date (typed, or read from an identity number) on `on`: the one
/// check both the candidate's questions and the identity-number answer make.
pub fn birth_date_problem(birth: NaiveDate, on: NaiveDate) -> Option<Problem> {
    check_date(Field::BirthDate, birth, on)
}

/// A date the candidate gives about the past: within the supported range and not after `on`.
fn check_date(field: Field, date: NaiveDate, on: NaiveDate) -> Option<Problem> {
    if !dates::is_supported(date) {
        Some(Problem::new(field, ProblemCode::DateOutOfRange { date }))
    } else if date > on {
        Some(Problem::new(field, ProblemCode::FutureDate { date, on }))
    } else {
        None
    }
}

/// Period `i`: it starts no later than `on`, and does not end before it starts. An end after
/// `on` is allowed: a period recorded as ending later is taken as planned.
fn check_period(i: usize, p: &Period, on: NaiveDate) -> Vec<Problem> {
    let mut problems: Vec<Problem> = check_date(Field::WorkFrom(i), p.from, on)
        .into_iter()
        .collect();
    if let Some(until) = p.until {
        if !dates::is_supported(until) {
            problems.push(Problem::new(
                Field::WorkUntil(i),
                ProblemCode::DateOutOfRange { date: until },
            ));
        } else if until < p.from {
            problems.push(Problem::new(
                Field::WorkUntil(i),
                ProblemCode::PeriodBackwards {
                    from: p.from,
                    until,
                },
            ));
        }
    }
    problems
}

/// The birth date, from what was typed and the identity number; they must agree.
fn check_birth(
    given: Option<NaiveDate>,
    id_number: Option<&str>,
    on: NaiveDate,
) -> Result<NaiveDate, Problem> {
    let in_id = match id_number {
        Some(id) => Some(
            id_number::birth_date(id)
                .map_err(|e| Problem::new(Field::IdNumber, ProblemCode::IdNumber(e)))?,
        ),
        None => None,
    };
    let birth = match (given, in_id) {
        (Some(given), Some(in_id_number)) if given != in_id_number => {
            return Err(Problem::new(
                Field::BirthDate,
                ProblemCode::BirthDateMismatch {
                    given,
                    in_id_number,
                },
            ));
        }
        (Some(d), _) | (None, Some(d)) => d,
        (None, None) => return Err(Problem::new(Field::BirthDate, ProblemCode::NoBirthDate)),
    };
    match birth_date_problem(birth, on) {
        Some(p) => Err(p),
        None => Ok(birth),
    }
}

/// Every problem of a candidate already in the rules' terms (as the API receives one), checked
/// for `on`, in the order of its fields; the birth date when there are none.
pub fn candidate_problems(c: &Candidate, on: NaiveDate) -> Result<NaiveDate, Vec<Problem>> {
    let id_number = c
        .id_number
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let birth = check_birth(c.birth_date, id_number, on);
    let mut problems: Vec<Problem> = birth.as_ref().err().cloned().into_iter().collect();
    for (i, cert) in c.certificates.iter().enumerate() {
        problems.extend(check_date(Field::CertificateDate(i), cert.issued, on));
    }
    for (i, title) in c.titles.iter().enumerate() {
        problems.extend(check_date(Field::TitleDate(i), title.obtained, on));
    }
    for (i, p) in c.work.iter().enumerate() {
        problems.extend(check_period(i, p, on));
    }
    match birth {
        Ok(b) if problems.is_empty() => Ok(b),
        _ => Err(problems),
    }
}
