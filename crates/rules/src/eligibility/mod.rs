//! Eligibility (二（一） and 附录5): 年满16周岁, the minimum education 大学专科（或同等学力）,
//! and at least one route of the level. Each route reads like its clause; each answer says
//! which routes are met, what the others lack, and the first day the candidate qualifies if
//! nothing else changes.

use crate::candidate_draft::{Field, Problem, ProblemCode, candidate_problems};
use crate::citation::{Citation, NoticeClause, Reason, Source};
use crate::dates::{self, anniversary, cumulative_years_reached, reaches_age};
use crate::level::Level;
use crate::rulebook::Rulebook;
use crate::sessions::{self, NextSession};
use crate::text::Bilingual;
use chrono::NaiveDate;
use serde::Serialize;

mod candidate;
pub(crate) mod routes;

pub use candidate::*;
pub use routes::route_text;
use routes::{Facts, ROUTES, explain, has, wait_text};

/// How far the reconstructed text of a route can be trusted (appendix5-2023.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    High,
    /// Found in one reprint only: check the wording against the official text.
    Medium,
}

/// When a condition is met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", content = "date", rename_all = "snake_case")]
pub enum MetFrom {
    /// No time condition: met by what the candidate holds.
    Always,
    /// From this date on (possibly already).
    Date(NaiveDate),
    /// Time alone will not do it: something else must change.
    Never,
}

impl MetFrom {
    fn and(self, other: MetFrom) -> MetFrom {
        match (self, other) {
            (MetFrom::Always, x) | (x, MetFrom::Always) => x,
            (MetFrom::Date(a), MetFrom::Date(b)) => MetFrom::Date(a.max(b)),
            _ => MetFrom::Never,
        }
    }

    fn or(self, other: MetFrom) -> MetFrom {
        match (self, other) {
            (MetFrom::Always, _) | (_, MetFrom::Always) => MetFrom::Always,
            (MetFrom::Date(a), MetFrom::Date(b)) => MetFrom::Date(a.min(b)),
            (MetFrom::Date(a), MetFrom::Never) | (MetFrom::Never, MetFrom::Date(a)) => {
                MetFrom::Date(a)
            }
            (MetFrom::Never, MetFrom::Never) => MetFrom::Never,
        }
    }

    fn from_option(d: Option<NaiveDate>) -> MetFrom {
        d.map_or(MetFrom::Never, MetFrom::Date)
    }

    pub fn met_on(self, on: NaiveDate) -> bool {
        match self {
            MetFrom::Always => true,
            MetFrom::Date(d) => d <= on,
            MetFrom::Never => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RouteResult {
    /// e.g. "three-2" for 三级 route (2).
    pub id: String,
    pub number: u8,
    pub met: bool,
    pub met_from: MetFrom,
    pub confidence: Confidence,
    pub citation: Citation,
    pub text_zh: &'static str,
    /// What is missing, in the candidate's terms; empty when met.
    pub missing: Vec<Reason>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Eligibility {
    pub level: Level,
    pub on: NaiveDate,
    pub eligible: bool,
    /// The first day all conditions hold, if nothing else changes; today or earlier if eligible.
    pub qualifies_from: MetFrom,
    pub age: Condition,
    pub education: Condition,
    pub routes: Vec<RouteResult>,
    /// Interpretations relied on, and warnings a reader must see.
    pub notes: Vec<Reason>,
    /// The first session the candidate can enter once qualified (from `on`, or from the day
    /// they qualify), with its group and individual deadlines; `None` if time alone will not do.
    pub next_session: Option<NextSession>,
    /// When that session can no longer be entered in person by the candidate (its last open
    /// Friday has passed, or comes before they qualify): the next one an individual can enter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub individual_session: Option<NextSession>,
    /// That session in sentences: the dates, both deadlines, and that dates can move.
    pub session_reasons: Vec<Reason>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Condition {
    pub met: bool,
    pub met_from: MetFrom,
    pub reasons: Vec<Reason>,
}

/// 二（一）「年满16周岁」.
pub const MINIMUM_AGE: u32 = 16;
pub const AGE: NoticeClause = NoticeClause::quoted("二（一）");
pub const MINIMUM_EDUCATION: NoticeClause = NoticeClause::quoted("二（一）最低学历");
pub const EDUCATION_EQUIVALENT: NoticeClause =
    NoticeClause::reading("二（一）同等学力：技工院校高级工班及以上毕业");
pub const EDUCATION_AS_NAMED_STUDENT: NoticeClause =
    NoticeClause::reading("二（一）同等学力：附录5所列在读学生就该途径而言");
pub const AGE_DAY_READING: NoticeClause = NoticeClause::reading("二（一）年满16周岁：生日当天起算");
const CUMULATIVE_READING: Citation = Citation::interpretation(
    Source::Appendix5of2023,
    "满N年、累计满N年：至第N个周年日满足，多段经历首尾相接",
);
const HIGHER_GRADE_READING: Citation = Citation::interpretation(
    Source::Appendix5of2023,
    "高等级证书或职称满足要求较低等级的条件",
);

/// Checks the facts make sense before any rule is applied (the same checks as a typed draft's,
/// see `candidate_draft`); the first problem is the answer's error.
fn validate(c: &Candidate, on: NaiveDate) -> Result<NaiveDate, Problem> {
    if !dates::is_supported(on) {
        return Err(Problem {
            field: Field::AskedOn,
            code: ProblemCode::DateOutOfRange { date: on },
        });
    }
    candidate_problems(c, on).map_err(|problems| {
        // Never empty: `candidate_problems` fails only with a problem to report.
        problems.into_iter().next().unwrap_or(Problem {
            field: Field::BirthDate,
            code: ProblemCode::NoBirthDate,
        })
    })
}
/// The code of the reason for someone not yet 16: its text says from when.
pub const UNDER_16: &str = "under_16";

fn age_condition(book: &Rulebook, met_from: MetFrom, on: NaiveDate) -> Condition {
    let met = met_from.met_on(on);
    let reasons = if met {
        vec![]
    } else {
        let (wait_zh, wait_en) = wait_text(on, met_from);
        vec![Reason {
            code: UNDER_16,
            citation: book.cite(AGE),
            text: Bilingual::new(
                format!("须年满16周岁：{wait_zh}。"),
                format!("Candidates must be 16 or older: {wait_en}."),
            ),
        }]
    };
    Condition {
        met,
        met_from,
        reasons,
    }
}

/// What the schooling shows against the minimum education.
#[derive(Clone, Copy)]
struct Education {
    /// 大学专科 or higher, graduated or in the final year: as the notice says.
    quoted: bool,
    /// A senior-worker class or above at a technical school: our reading of 同等学力.
    equivalent: bool,
    /// Only a student of a programme a route itself names (三级(4), 二级(5)): 同等学力 for
    /// that route alone (interpretations.md 5); the clause of the route it holds for.
    as_named_student: Option<&'static str>,
}

impl Education {
    fn of(c: &Candidate) -> Education {
        Education {
            quoted: c
                .schooling
                .iter()
                .any(|s| s.school.is_higher_education() && s.diploma_or_final_year()),
            equivalent: c
                .schooling
                .iter()
                .any(|s| s.school.is_senior_technical() && s.status == SchoolStatus::Graduated),
            as_named_student: None,
        }
    }

    /// Whether the minimum education is met for `route`: everywhere, or as a student the
    /// route itself names.
    fn met_for(self, route: &routes::Route, c: &Candidate) -> bool {
        self.met()
            || route
                .names_students
                .is_some_and(|named| c.schooling.iter().any(named))
    }

    fn met(self) -> bool {
        self.quoted || self.equivalent
    }
}

fn education_condition(book: &Rulebook, found: Education) -> Condition {
    let reasons = if found.quoted {
        vec![]
    } else if let (false, Some(clause)) = (found.equivalent, found.as_named_student) {
        vec![Reason {
            code: "education_as_named_student",
            citation: book.cite(EDUCATION_AS_NAMED_STUDENT),
            text: Bilingual::new(
                format!(
                    "附录5{clause}本身列明了在读学生：按本工具的理解，这些学生就该途径而言按“同等学力”计入最低学历要求，其他途径不适用；通知未明确，请向协会确认。"
                ),
                format!(
                    "Appendix 5 {clause} itself names students: in our reading they meet the minimum education as equivalent for that route only, not for any other; the notice does not say, so confirm with the association."
                ),
            ),
        }]
    } else if found.equivalent {
        vec![Reason {
            code: "education_equivalent",
            citation: book.cite(EDUCATION_EQUIVALENT),
            text: Bilingual::new(
                "技工院校高级工班及以上毕业按“同等学力”计入大学专科学历要求：这是本工具的理解，通知未明确，请向协会确认。",
                "A senior-worker class or above at a technical school is counted as equivalent to a college diploma: this is our reading, not stated in the notice; confirm with the association.",
            ),
        }]
    } else {
        vec![Reason {
            code: "education_below_minimum",
            citation: book.cite(MINIMUM_EDUCATION),
            text: Bilingual::new(
                "各等级最低学历要求为大学专科毕业（或同等学力）；大专及以上学历的在读应届毕业生亦可。任何证书、职称或工作年限都不能代替这一要求。",
                "Every level requires at least a college (大专) diploma or equivalent; final-year students of a college-or-higher programme qualify too. No certificate, title or years of work can stand in for it.",
            ),
        }]
    };
    let met = found.met() || found.as_named_student.is_some();
    Condition {
        met,
        met_from: has(met),
        reasons,
    }
}

impl Eligibility {
    /// For a candidate who cannot apply yet, the one route to lead with: the route met soonest
    /// if time alone will do it, else the one that lacks the fewest things (appendix order
    /// breaks ties). `None` when eligible.
    pub fn nearest_route(&self) -> Option<&RouteResult> {
        if self.eligible {
            return None;
        }
        let unmet = || self.routes.iter().filter(|r| !r.met);
        unmet()
            .filter_map(|r| match r.met_from {
                MetFrom::Date(d) => Some((d, r)),
                MetFrom::Always | MetFrom::Never => None,
            })
            .min_by_key(|(d, r)| (*d, r.number))
            .map(|(_, r)| r)
            .or_else(|| unmet().min_by_key(|r| (r.missing.len(), r.number)))
    }
}

/// Every condition judged, nothing yet put into words: what [`judge`] and [`verdict`] share,
/// so the two can never disagree on who is eligible.
struct Judged {
    age: MetFrom,
    education: Education,
    /// Each route of the level, from when it is met, and what it needs.
    routes: Vec<(&'static routes::Route, MetFrom, Vec<routes::Need>)>,
    /// Whether the minimum education is met for each route (in the same order).
    schooled: Vec<bool>,
    used_higher_grade: bool,
}

impl Judged {
    fn of(candidate: &Candidate, level: Level, on: NaiveDate) -> Result<Judged, Problem> {
        let birth = validate(candidate, on)?;
        let facts = Facts {
            c: candidate,
            used_higher_grade: std::cell::Cell::new(false),
        };
        let mut education = Education::of(candidate);
        let mut schooled = Vec::new();
        let routes = ROUTES
            .iter()
            .filter(|r| r.level == level)
            .map(|r| {
                let (met_from, needs) = (r.judge)(&facts);
                let ok = education.met_for(r, candidate);
                if ok && !education.met() && met_from != MetFrom::Never {
                    education.as_named_student.get_or_insert(r.clause);
                }
                schooled.push(ok);
                (r, met_from, needs)
            })
            .collect();
        Ok(Judged {
            age: MetFrom::from_option(reaches_age(birth, MINIMUM_AGE)),
            education,
            routes,
            schooled,
            used_higher_grade: facts.used_higher_grade.get(),
        })
    }

    /// From when each route is met together with the minimum education for it.
    fn open_routes(&self) -> impl Iterator<Item = MetFrom> + '_ {
        self.routes
            .iter()
            .zip(&self.schooled)
            .map(|((_, m, _), ok)| m.and(has(*ok)))
    }

    fn eligible(&self, on: NaiveDate) -> bool {
        self.age.met_on(on) && self.open_routes().any(|m| m.met_on(on))
    }

    fn qualifies_from(&self) -> MetFrom {
        let any_route = self.open_routes().fold(MetFrom::Never, MetFrom::or);
        self.age.and(any_route)
    }
}

/// Whether a candidate can apply, by which routes and from when — without the sentences that
/// explain it. A roster of many judges every row this way and explains only those that cannot
/// apply ([`verdict`]); the two always agree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Judgement {
    pub eligible: bool,
    pub qualifies_from: MetFrom,
    /// The routes met on the day, by their numbers within the level.
    pub routes_met: Vec<u8>,
}

/// Whether `candidate` can apply for `level` on `on`, by which routes, and from when.
pub fn judge(candidate: &Candidate, level: Level, on: NaiveDate) -> Result<Judgement, Problem> {
    let judged = Judged::of(candidate, level, on)?;
    Ok(Judgement {
        eligible: judged.eligible(on),
        qualifies_from: judged.qualifies_from(),
        routes_met: judged
            .routes
            .iter()
            .filter(|(_, m, _)| m.met_on(on))
            .map(|(r, _, _)| r.number)
            .collect(),
    })
}

/// The verdict alone: the conditions and the routes, without the notes and the session that
/// [`assess`] adds for one person — what a roster of many needs for each row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub eligible: bool,
    pub qualifies_from: MetFrom,
    pub age: Condition,
    pub education: Condition,
    pub routes: Vec<RouteResult>,
    /// A route was met with a document of a higher grade than it names (interpretations.md 15).
    pub used_higher_grade: bool,
}

/// [`judge`], with what each unmet condition and route lacks, in sentences.
pub fn verdict(
    book: &Rulebook,
    candidate: &Candidate,
    level: Level,
    on: NaiveDate,
) -> Result<Verdict, Problem> {
    let judged = Judged::of(candidate, level, on)?;
    let eligible = judged.eligible(on);
    let qualifies_from = judged.qualifies_from();
    let routes: Vec<RouteResult> = judged
        .routes
        .iter()
        .map(|(r, met_from, needs)| {
            let met_from = *met_from;
            let citation = Citation::quoted(Source::Appendix5of2023, r.clause);
            let met = met_from.met_on(on);
            let mut missing: Vec<Reason> = if met {
                vec![]
            } else {
                needs
                    .iter()
                    .filter_map(|n| explain(n, on, citation))
                    .collect()
            };
            if !met && missing.is_empty() {
                // Every part is met on its own but not all together yet: say when.
                let (zh, en) = wait_text(on, met_from);
                missing.push(Reason {
                    code: "not_yet",
                    citation,
                    text: Bilingual::new(format!("{zh}。"), format!("{en}.")),
                });
            }
            RouteResult {
                id: format!("{}-{}", r.level.code(), r.number),
                number: r.number,
                met,
                met_from,
                confidence: r.confidence,
                citation,
                text_zh: r.text_zh,
                missing,
            }
        })
        .collect();
    Ok(Verdict {
        eligible,
        qualifies_from,
        age: age_condition(book, judged.age, on),
        education: education_condition(book, judged.education),
        routes,
        used_higher_grade: judged.used_higher_grade,
    })
}

/// On the 16th birthday or the day before it, the sentence that says how the app counts 年满16周岁
/// (interpretations.md 2): the reading decides the answer either way. `birthday` is the day
/// the candidate turns 16.
pub fn sixteenth_birthday_note(
    book: &Rulebook,
    birthday: NaiveDate,
    on: NaiveDate,
) -> Option<Reason> {
    if birthday != on && birthday.pred_opt() != Some(on) {
        return None;
    }
    let (zh, en) = if birthday == on {
        (
            format!(
                "所选日期{on}是16周岁生日：本工具按生日当天即为年满16周岁计算；通知未明确，另有从生日次日起算的理解，请向协会确认。"
            ),
            format!(
                "The chosen date {on} is the 16th birthday: we count 16 as reached on the birthday itself; the notice does not say, and another reading counts from the day after, so confirm with the association."
            ),
        )
    } else {
        (
            format!(
                "所选日期{on}是16周岁生日的前一天：本工具按生日当天（{birthday}）起年满16周岁计算；通知未明确，另有从生日次日起算的理解，请向协会确认。"
            ),
            format!(
                "The chosen date {on} is the day before the 16th birthday: we count 16 as reached on the birthday itself ({birthday}); the notice does not say, and another reading counts from the day after, so confirm with the association."
            ),
        )
    };
    Some(Reason {
        code: "sixteenth_birthday",
        citation: book.cite(AGE_DAY_READING),
        text: Bilingual::new(zh, en),
    })
}

/// [`verdict`], with the readings relied on and the first session the candidate can enter, in
/// sentences: the answer to one person.
pub fn assess(
    book: &Rulebook,
    candidate: &Candidate,
    level: Level,
    on: NaiveDate,
) -> Result<Eligibility, Problem> {
    let Verdict {
        eligible,
        qualifies_from,
        age,
        education,
        routes,
        used_higher_grade,
    } = verdict(book, candidate, level, on)?;

    let mut notes = Vec::new();
    notes.extend(book.currency_note(on));
    // Within a day of the 16th birthday the reading matters either way (interpretations.md 2).
    if let MetFrom::Date(birthday) = age.met_from {
        notes.extend(sixteenth_birthday_note(book, birthday, on));
    }
    if used_higher_grade {
        notes.push(Reason {
            code: "higher_grade_counts",
            citation: HIGHER_GRADE_READING,
            text: Bilingual::new(
                "要求某一等级证书或职称的条件，按本工具的理解也可由同系列更高等级的证书或职称满足（如中级职称满足初级职称的要求、三级证书满足四级证书的要求），自该证书或职称取得之日起算；请向协会确认。",
                "Where a route asks for a certificate or title of some grade, we also count one of a higher grade in the same line (an intermediate title for a junior one, a level-3 certificate for level 4), from its own date; this is our reading, so confirm with the association.",
            ),
        });
    }
    if routes.iter().any(|r| r.confidence == Confidence::Medium) {
        notes.push(Reason {
            code: "wording_to_check",
            citation: Citation::interpretation(Source::Appendix5of2023, level.short_zh()),
            text: Bilingual::new(
                format!("{}部分申报条件的文字仅见于一个转载版本，请以官方原文为准。", level.short_zh()),
                "Some conditions of this level are known from one reprint only; check them against the official text.",
            ),
        });
    }
    if !candidate.work.is_empty() {
        notes.push(Reason {
            code: "cumulative_reading",
            citation: CUMULATIVE_READING,
            text: Bilingual::new(
                "“满N年”到第N个周年日当天满足；多段工作经历首尾相接、自第一段开始之日起算，重叠部分只计一次；进行中的工作视为持续。",
                "\"N years\" are complete on the N-th anniversary; several periods are laid end to end from the start of the first, overlaps counted once; ongoing work is assumed to continue.",
            ),
        });
    }

    let next = match qualifies_from {
        MetFrom::Always => Some(on),
        MetFrom::Date(d) => Some(d.max(on)),
        MetFrom::Never => None,
    }
    .and_then(|from| sessions::next_session(book, level, from));
    let mut session_reasons = next
        .as_ref()
        .map(|n| n.reasons(book, level))
        .unwrap_or_default();
    // Past that session's last open Friday — on the day asked, or on the day the candidate
    // qualifies — only a group application remains for it; say so, and which session an
    // individual can still enter.
    let mut individual_session = None;
    if let Some(next) = &next {
        let (from, qualifies) = match qualifies_from {
            MetFrom::Date(d) if d > on => (d, Some(d)),
            _ => (on, None),
        };
        if let Some((reason, later)) = sessions::group_only(book, level, next, from, qualifies) {
            session_reasons.push(reason);
            individual_session = later;
        }
    }

    Ok(Eligibility {
        level,
        on,
        eligible,
        qualifies_from,
        age,
        education,
        routes,
        notes,
        next_session: next,
        individual_session,
        session_reasons,
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_nearest_route_is_the_one_met_soonest_or_lacking_least() {
        let c = adult(vec![Schooling {
            school: School::College,
            status: SchoolStatus::Graduated,
            related_specialty: false,
            assessed: false,
        }]);
        let mut with_work = c.clone();
        with_work.work = vec![Period {
            from: d("2020-01-01"),
            until: None,
        }];
        let e = assess(&with_work, Level::Three, d("2025-06-01")).expect("answer");
        let nearest = e.nearest_route().expect("not eligible");
        assert_eq!(nearest.met_from, MetFrom::Date(d("2030-01-01")));
        assert_eq!(nearest.number, 1);
        // Nothing time alone will do: the route that lacks least.
        let e = assess(&c, Level::Three, d("2025-06-01")).expect("answer");
        let nearest = e.nearest_route().expect("not eligible");
        assert!(
            e.routes
                .iter()
                .all(|r| r.missing.len() >= nearest.missing.len())
        );
    }

    use super::*;
    use crate::dates::Period;
    use CertificateLevel as C;
    use TitleGrade as T;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a test date")
    }

    fn assess(c: &Candidate, level: Level, on: NaiveDate) -> Result<Eligibility, Problem> {
        super::assess(crate::rulebook::current(), c, level, on)
    }

    fn college() -> Schooling {
        Schooling {
            school: School::College,
            status: SchoolStatus::Graduated,
            related_specialty: false,
            assessed: false,
        }
    }

    fn adult(schooling: Vec<Schooling>) -> Candidate {
        Candidate {
            birth_date: Some(d("1990-05-01")),
            schooling,
            ..Candidate::default()
        }
    }

    #[test]
    fn ten_years_of_work_opens_level_three_on_the_day_it_is_reached() {
        let mut c = adult(vec![college()]);
        c.work = vec![Period {
            from: d("2015-09-01"),
            until: None,
        }];
        let reached = d("2025-09-01");
        let before = assess(&c, Level::Three, reached.pred_opt().expect("date")).expect("answer");
        assert!(!before.eligible);
        assert_eq!(before.qualifies_from, MetFrom::Date(reached));
        assert!(
            before.routes[0].missing[0].text.zh.contains("还差1天"),
            "{:?}",
            before.routes[0].missing
        );
        let on = assess(&c, Level::Three, reached).expect("answer");
        assert!(on.eligible);
        assert!(on.routes[0].met);
    }

    #[test]
    fn without_the_minimum_education_no_route_is_enough() {
        let mut c = adult(vec![Schooling {
            school: School::SecondaryOrBelow,
            status: SchoolStatus::Graduated,
            related_specialty: false,
            assessed: false,
        }]);
        c.work = vec![Period {
            from: d("2000-01-01"),
            until: None,
        }];
        let e = assess(&c, Level::Three, d("2025-06-01")).expect("answer");
        assert!(e.routes[0].met);
        assert!(!e.education.met);
        assert!(!e.eligible);
        assert_eq!(e.qualifies_from, MetFrom::Never);
    }

    #[test]
    fn a_certificate_route_counts_only_work_after_the_certificate() {
        let mut c = adult(vec![college()]);
        c.work = vec![Period {
            from: d("2010-01-01"),
            until: None,
        }];
        c.certificates = vec![Certificate {
            level: C::Four,
            issued: d("2022-03-01"),
        }];
        let e = assess(&c, Level::Three, d("2025-06-01")).expect("answer");
        let route2 = &e.routes[1];
        assert!(!route2.met);
        assert_eq!(route2.met_from, MetFrom::Date(d("2026-03-01")));
        // Route 1 (ten years in total) is met anyway.
        assert!(e.eligible);
    }

    #[test]
    fn a_final_year_student_with_an_assessed_related_programme_meets_route_six() {
        let c = adult(vec![Schooling {
            school: School::HigherVocational,
            status: SchoolStatus::FinalYear,
            related_specialty: true,
            assessed: true,
        }]);
        let e = assess(&c, Level::Three, d("2025-06-01")).expect("answer");
        assert!(e.eligible);
        let met: Vec<u8> = e
            .routes
            .iter()
            .filter(|r| r.met)
            .map(|r| r.number)
            .collect();
        assert_eq!(met, vec![6]);
    }

    #[test]
    fn the_sixteenth_birthday_is_the_first_eligible_day() {
        let mut c = adult(vec![Schooling {
            school: School::College,
            status: SchoolStatus::FinalYear,
            related_specialty: true,
            assessed: true,
        }]);
        c.birth_date = Some(d("2009-06-01"));
        assert!(
            !assess(&c, Level::Three, d("2025-05-31"))
                .expect("answer")
                .eligible
        );
        let e = assess(&c, Level::Three, d("2025-06-01")).expect("answer");
        assert!(e.eligible);
        assert!(e.notes.iter().any(|n| n.code == "sixteenth_birthday"));
    }

    #[test]
    fn a_higher_grade_meets_a_lower_requirement_and_says_so() {
        let mut c = adult(vec![college()]);
        c.work = vec![Period {
            from: d("2020-01-01"),
            until: None,
        }];
        c.titles = vec![Title {
            grade: T::Intermediate,
            obtained: d("2023-05-10"),
        }];
        // 三级(3) asks for a junior title: the intermediate one counts from its own date.
        let e = assess(&c, Level::Three, d("2024-05-10")).expect("answer");
        assert!(e.routes[2].met);
        assert!(e.notes.iter().any(|n| n.code == "higher_grade_counts"));
        // A level-3 certificate counts where 三级(2) asks for level 4.
        let mut c = adult(vec![college()]);
        c.work = vec![Period {
            from: d("2015-01-01"),
            until: None,
        }];
        c.certificates = vec![Certificate {
            level: C::Three,
            issued: d("2020-06-01"),
        }];
        let e = assess(&c, Level::Three, d("2024-06-01")).expect("answer");
        assert!(e.routes[1].met);
    }

    #[test]
    fn level_one_by_senior_title_and_its_wording_warning() {
        let mut c = adult(vec![Schooling {
            school: School::Bachelor,
            status: SchoolStatus::Graduated,
            related_specialty: false,
            assessed: false,
        }]);
        c.titles = vec![Title {
            grade: T::Senior,
            obtained: d("2024-01-10"),
        }];
        c.work = vec![Period {
            from: d("2012-01-01"),
            until: None,
        }];
        let e = assess(&c, Level::One, d("2025-06-01")).expect("answer");
        assert!(e.eligible);
        assert!(e.notes.iter().any(|n| n.code == "wording_to_check"));
    }

    #[test]
    fn bad_facts_are_refused_with_what_to_fix() {
        let mut c = adult(vec![college()]);
        c.id_number = Some("11010519491231002X".into());
        assert!(matches!(
            assess(&c, Level::Three, d("2025-06-01")),
            Err(Problem {
                field: Field::BirthDate,
                code: ProblemCode::BirthDateMismatch { .. }
            })
        ));
        c.birth_date = None;
        assert!(assess(&c, Level::Three, d("2025-06-01")).is_ok());
        c.work = vec![Period {
            from: d("2020-01-01"),
            until: Some(d("2019-01-01")),
        }];
        let err = assess(&c, Level::Three, d("2025-06-01")).expect_err("backwards");
        assert_eq!(err.field, Field::WorkUntil(0));
        assert!(
            err.message().zh.contains("早于开始日期"),
            "{:?}",
            err.message()
        );
        let nobody = Candidate::default();
        assert_eq!(
            assess(&nobody, Level::Three, d("2025-06-01")),
            Err(Problem {
                field: Field::BirthDate,
                code: ProblemCode::NoBirthDate
            })
        );
    }
}
