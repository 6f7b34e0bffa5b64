//! Retakes (四): until when passed subjects stay valid, what remains and costs, which sessions
//! fall inside, and the two ways to lose the chance.

use crate::citation::{Citation, NoticeClause, Reason};
use crate::dates::corresponding_day;
use crate::fees::{self, Fee, FeeError, Subject};
use crate::level::Level;
use crate::rulebook::Session;
use crate::rulebook::{Library, Rulebook, in_force_or_nearest};
use crate::sessions::month_label;
use crate::text::Bilingual;
use chrono::NaiveDate;
use serde::Serialize;

pub const VALIDITY: NoticeClause = NoticeClause::quoted("四（一）");
pub const VALIDITY_COUNTING: NoticeClause =
    NoticeClause::reading("四（一）：自首次考核日起按《民法典》期间规则计算，至对应日止");
pub const RESULTS_FIRST: NoticeClause =
    NoticeClause::reading("四（一）：补考须在上次成绩可查询之后申报");
pub const FORFEIT: NoticeClause = NoticeClause::quoted("四（二）");
pub const MODE_CHANGE: NoticeClause = NoticeClause::quoted("四（三）");
pub const COMPETITION: NoticeClause = NoticeClause::quoted("四（四）");

/// What the candidate tells us about the first attempt. (The API reads it as the `retake`
/// request, where `on` is optional.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RetakeQuestion {
    pub level: Level,
    /// The evaluation date of the first attempt.
    pub first_evaluation: NaiveDate,
    pub passed: Vec<Subject>,
    /// The date the question is asked for.
    pub on: NaiveDate,
    /// Failed a Shanghai vocational skills competition (职业技能竞赛) rather than an evaluation.
    pub from_competition: bool,
    /// The day of the last subject of that attempt, when known (for 二级/一级 the 综合评审 may
    /// be held apart from the others): results are counted from it. Else the first evaluation.
    pub last_subject: Option<NaiveDate>,
}

/// How a known session sits against the validity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Fit {
    /// The whole evaluation month is inside the validity.
    Inside,
    /// The validity ends during the evaluation month: it depends on the day of the evaluation.
    DependsOnTheDay,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionInValidity {
    pub session: Session,
    pub fit: Fit,
    /// Its application window closes after the usual (20-working-day) results date but before
    /// the later one (30, where marking is involved): usable only if results come by the first
    /// (interpretations.md 7, 16).
    pub needs_early_results: bool,
    /// Repeats the last notice's pattern after the table ended: a guess, not an official session.
    pub projected: bool,
    pub month_zh: String,
    pub month_en: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RetakeAnswer {
    /// 四（四）: a failed competition cannot be retaken.
    NotAllowedAfterCompetition { citation: Citation },
    /// Nothing is left to retake.
    NothingToRetake { citation: Citation },
    /// No subject was passed: this is a full new application, not a retake (四（一） speaks of
    /// 「部分科目…不合格」).
    NothingPassed {
        full_fee: Option<Fee>,
        out_of_date: Option<Reason>,
        citation: Citation,
    },
    /// Still valid, but no session the candidate can still enter falls within the validity,
    /// and none can be added (the schedule covers it): the chance to retake is gone in fact.
    NoSessionLeft {
        valid_until: NaiveDate,
        remaining: Vec<Subject>,
        full_fee: Option<Fee>,
        out_of_date: Option<Reason>,
        /// The validity outlasts the published schedule: the conclusion rests on the last notice's
        /// pattern projected, and the association's notices decide.
        projected: bool,
        citation: Citation,
    },
    /// The validity has ended: every subject must be applied for again.
    Expired {
        valid_until: NaiveDate,
        full_fee: Option<Fee>,
        out_of_date: Option<Reason>,
        citation: Citation,
    },
    Open {
        valid_until: NaiveDate,
        validity_years: u32,
        remaining: Vec<Subject>,
        /// From the table in force on the date asked about, or the last known one (labelled).
        fee: Option<Fee>,
        /// Official sessions first, then projections (labelled) after the table ends.
        sessions: Vec<SessionInValidity>,
        /// True when the validity outlasts the published table: sessions after it are unknown.
        beyond_the_table: bool,
        /// The label when the date asked about is outside the rulebook.
        out_of_date: Option<Reason>,
        /// The day results are counted from: the last subject, if given, else the first
        /// evaluation.
        counted_from: NaiveDate,
        /// 二级/一级 without the last subject's day: the 综合评审 may have been held later.
        review_may_be_apart: bool,
        /// The clauses relied on; the first is 四（一） of the notice in force on the first
        /// attempt, which the validity follows.
        citations: Vec<Citation>,
    },
}

fn subjects_zh(subjects: &[Subject]) -> String {
    subjects
        .iter()
        .map(|s| s.name().zh)
        .collect::<Vec<_>>()
        .join("、")
}

fn subjects_en(subjects: &[Subject]) -> String {
    subjects
        .iter()
        .map(|s| s.name().en)
        .collect::<Vec<_>>()
        .join(", ")
}

impl RetakeAnswer {
    /// The answer in sentences, each with its clause.
    pub fn reasons(&self, book: &Rulebook) -> Vec<Reason> {
        match self {
            RetakeAnswer::NotAllowedAfterCompetition { citation } => vec![Reason {
                code: "competition_no_retake",
                citation: *citation,
                text: Bilingual::new(
                    "参加本市职业技能竞赛成绩不合格者，不能进行补考。",
                    "A candidate who failed a Shanghai vocational skills competition cannot retake.",
                ),
            }],
            RetakeAnswer::NothingToRetake { citation } => vec![Reason {
                code: "all_passed",
                citation: *citation,
                text: Bilingual::new(
                    "所有科目均已合格，无需补考。",
                    "Every subject is passed: there is nothing to retake.",
                ),
            }],
            RetakeAnswer::NothingPassed {
                full_fee,
                out_of_date,
                citation,
            } => {
                let mut reasons = vec![Reason {
                    code: "nothing_passed",
                    citation: *citation,
                    text: Bilingual::new(
                        "没有已合格的科目：补考只适用于部分科目不合格的情况，您需要重新申报全部科目（即新的申报，不是补考）。",
                        "No subject was passed: a retake is only for those who failed some subjects, so this is a full new application for every subject, not a retake.",
                    ),
                }];
                reasons.extend(full_fee.as_ref().map(Fee::reason));
                reasons.extend(out_of_date.clone());
                reasons
            }
            RetakeAnswer::NoSessionLeft {
                valid_until,
                remaining,
                full_fee,
                out_of_date,
                projected,
                citation,
            } => {
                let (by_zh, by_en) = if *projected {
                    (
                        format!(
                            "（推测：按{}年安排；之后的考期尚未公布，请以协会官网 {} 为准）",
                            book.year(),
                            book.association_site
                        ),
                        format!(
                            " (a projection from the {} pattern: later sessions are not published yet, so check the association's site {})",
                            book.year(),
                            book.association_site
                        ),
                    )
                } else {
                    (String::new(), String::new())
                };
                let mut reasons = vec![Reason {
                    code: "no_session_left",
                    citation: *citation,
                    text: Bilingual::new(
                        format!(
                            "成绩有效期至{valid_until}，但有效期内已没有仍可报名的考期{by_zh}：已无法补考{}；之后须重新申报所有科目。",
                            subjects_zh(remaining)
                        ),
                        format!(
                            "Scores are valid until {valid_until}, but no session you can still enter falls within that{by_en}: {} can no longer be retaken; after it every subject must be applied for again.",
                            subjects_en(remaining)
                        ),
                    ),
                }];
                reasons.extend(full_fee.as_ref().map(Fee::reason));
                reasons.extend(out_of_date.clone());
                reasons
            }
            RetakeAnswer::Expired {
                valid_until,
                full_fee,
                out_of_date,
                citation,
            } => {
                let mut reasons = vec![Reason {
                    code: "validity_expired",
                    citation: *citation,
                    text: Bilingual::new(
                        format!("成绩有效期已于{valid_until}届满，须重新申报所有科目。"),
                        format!(
                            "Scores were valid until {valid_until}; every subject must be applied for again."
                        ),
                    ),
                }];
                reasons.extend(full_fee.as_ref().map(Fee::reason));
                reasons.extend(out_of_date.clone());
                reasons
            }
            RetakeAnswer::Open {
                valid_until,
                validity_years,
                remaining,
                fee,
                sessions,
                beyond_the_table,
                out_of_date,
                counted_from,
                review_may_be_apart,
                citations,
            } => {
                // 四（一） of the notice of the first attempt, which the validity follows.
                let validity = citations.first().copied().unwrap_or(book.cite(VALIDITY));
                let mut reasons = vec![
                    Reason {
                        code: "valid_until",
                        citation: validity,
                        text: Bilingual::new(
                            format!(
                                "成绩有效期为{validity_years}年，自首次考核日起算，至{valid_until}（含）止。"
                            ),
                            format!(
                                "Scores stay valid for {validity_years} years from the first evaluation, until {valid_until} inclusive."
                            ),
                        ),
                    },
                    Reason {
                        code: "remaining_subjects",
                        citation: validity,
                        text: Bilingual::new(
                            format!("尚需补考：{}。", subjects_zh(remaining)),
                            format!("Still to pass: {}.", subjects_en(remaining)),
                        ),
                    },
                ];
                reasons.extend(fee.as_ref().map(Fee::reason));
                reasons.extend(out_of_date.clone());
                reasons.push(Reason {
                    code: "results_counted_from",
                    citation: book.cite(RESULTS_FIRST),
                    text: if *review_may_be_apart {
                        Bilingual::new(
                            format!(
                                "可报的考期按上次成绩可查询之后计算，自{counted_from}起算；二级、一级的综合评审可能另行安排，如果最后一科晚于这一天，请填写最后一科的日期，按它计算。"
                            ),
                            format!(
                                "Sessions are counted from when the last results can be known, from {counted_from}; at levels 2 and 1 the comprehensive review may be held apart, so if the last subject was later, give its date to count from it."
                            ),
                        )
                    } else {
                        Bilingual::new(
                            format!("可报的考期按上次成绩可查询之后计算，自最后一科{counted_from}起算。"),
                            format!(
                                "Sessions are counted from when the last results can be known, from the last subject on {counted_from}."
                            ),
                        )
                    },
                });
                let official: Vec<&SessionInValidity> =
                    sessions.iter().filter(|s| !s.projected).collect();
                let projected: Vec<&SessionInValidity> =
                    sessions.iter().filter(|s| s.projected).collect();
                let list_zh = |list: &[&SessionInValidity]| {
                    list.iter()
                        .map(|s| {
                            let mut text = s.month_zh.clone();
                            if s.fit == Fit::DependsOnTheDay {
                                text.push_str("（取决于具体考核日期）");
                            }
                            if s.needs_early_results {
                                text.push_str("（须成绩在20个工作日内公布）");
                            }
                            text
                        })
                        .collect::<Vec<_>>()
                        .join("、")
                };
                let list_en = |list: &[&SessionInValidity]| {
                    list.iter()
                        .map(|s| {
                            let mut text = s.month_en.clone();
                            if s.fit == Fit::DependsOnTheDay {
                                text.push_str(" (depends on the evaluation day)");
                            }
                            if s.needs_early_results {
                                text.push_str(" (only if results come within 20 working days)");
                            }
                            text
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                if !official.is_empty() {
                    reasons.push(Reason {
                        code: "sessions_in_validity",
                        citation: book.cite(crate::sessions::SCHEDULE),
                        text: Bilingual::new(
                            format!("有效期内仍可报名的考期：{}。", list_zh(&official)),
                            format!(
                                "Sessions within the validity you can still enter: {}.",
                                list_en(&official)
                            ),
                        ),
                    });
                } else if !beyond_the_table {
                    reasons.push(Reason {
                        code: "no_session_in_validity",
                        citation: book.cite(crate::sessions::SCHEDULE),
                        text: Bilingual::new(
                            "有效期内已没有仍可报名的考期。",
                            "No session you can still enter falls within the validity.",
                        ),
                    });
                }
                if *beyond_the_table {
                    reasons.push(Reason {
                        code: "sessions_after_the_table",
                        citation: book.cite(crate::rulebook::OUT_OF_DATE),
                        text: Bilingual::new(
                            format!(
                            "有效期延续到{year}年通知的考期表之后，之后的考期尚未公布：请关注协会官网 {site}，在{valid_until}前参加补考。",
                            year = book.year(),
                            site = book.association_site
                        ),
                            format!(
                            "The validity outlasts the {year} notice's schedule, and later sessions are not published yet: watch the association's site {site} and retake by {valid_until}.",
                            year = book.year(),
                            site = book.association_site
                        ),
                        ),
                    });
                }
                if !projected.is_empty() {
                    reasons.push(Reason {
                        code: "projected_sessions_in_validity",
                        citation: book.cite(crate::sessions::PROJECTION),
                        text: Bilingual::new(
                            format!(
                            "推测，非官方日程：按{}年安排，有效期内或有以下考期：{}。",
                            book.year(),
                            list_zh(&projected)
                        ),
                            format!(
                            "A projection, not an official schedule: repeating the {} pattern, sessions within the validity might be {}.",
                            book.year(),
                            list_en(&projected)
                        ),
                        ),
                    });
                }
                if sessions.iter().any(|s| s.needs_early_results) {
                    reasons.push(Reason {
                        code: "needs_early_results",
                        citation: book.cite(RESULTS_FIRST),
                        text: Bilingual::new(
                            "标注“须成绩在20个工作日内公布”的考期，申报截止早于涉及阅卷时的30个工作日成绩日：只有成绩在20个工作日内公布，才能赶上该期申报。",
                            "A session marked \"only if results come within 20 working days\" closes its applications before the 30-working-day results date that applies where marking is involved: it can be entered only if results come within 20 working days.",
                        ),
                    });
                }
                if !sessions.is_empty() {
                    reasons.push(crate::sessions::dates_may_change(book));
                }
                reasons.push(Reason {
                    code: "forfeit_warning",
                    citation: book.cite(FORFEIT),
                    text: Bilingual::new(
                        "注意：如在成绩有效期内重新申报同职业同等级，视为放弃补考机会，之前的合格科目成绩不再保留。",
                        "Note: applying again for the same occupation and level within the validity forfeits the retake, and passed subjects are lost.",
                    ),
                });
                reasons.push(Reason {
                    code: "mode_change",
                    citation: book.cite(MODE_CHANGE),
                    text: Bilingual::new(
                        "补考有效期内考核模式如发生变化，应按公布的补考方案申报。",
                        "If the assessment mode changes within the validity, apply under the published retake plan.",
                    ),
                });
                reasons
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RetakeError {
    /// The question is about a day before the first evaluation.
    AskedBeforeFirstEvaluation,
    /// A passed subject the level does not have.
    Fee(FeeError),
    /// The rulebook holds no validity rule at all, or the end is past the supported dates.
    NoValidityRule,
}

impl RetakeError {
    pub fn code(&self) -> &'static str {
        match self {
            RetakeError::AskedBeforeFirstEvaluation => "asked_before_first_evaluation",
            RetakeError::Fee(e) => e.code(),
            RetakeError::NoValidityRule => "no_validity_rule",
        }
    }

    pub fn message(&self) -> Bilingual {
        match self {
            RetakeError::AskedBeforeFirstEvaluation => Bilingual::fixed(
                "查询日期早于首次考核日期：首次考核日期不能晚于查询日期，请核对。",
                "The date asked about is before the first evaluation: the first evaluation cannot be later; check it.",
            ),
            RetakeError::Fee(e) => e.message(),
            RetakeError::NoValidityRule => Bilingual::fixed(
                "无法计算成绩有效期，请以协会最新通知为准。",
                "The validity cannot be worked out; check the association's latest notice.",
            ),
        }
    }
}

/// The last day scores stay valid: the corresponding day N years after the first evaluation
/// (the Civil Code's period rules; no such day → the month's last day), interpretations.md 7.
/// 四（一） is general, so a first attempt before the notice is counted by it too.
pub fn valid_until(
    book: &Rulebook,
    level: Level,
    first: NaiveDate,
) -> Result<(NaiveDate, u32), RetakeError> {
    let rule = in_force_or_nearest(book.retake_validity_years, first)
        .ok_or(RetakeError::NoValidityRule)?;
    let years = rule.value.of(level);
    let end = corresponding_day(first, years).ok_or(RetakeError::NoValidityRule)?;
    Ok((end, years))
}

/// The retake answer for `q`: validity under the notice in force on the first attempt (its
/// 四（一）), fees and sessions under the one in force on the day asked.
pub fn retake(library: &Library, q: &RetakeQuestion) -> Result<RetakeAnswer, RetakeError> {
    let book = library.for_date(q.on);
    let first_attempt = library.for_date(q.first_evaluation);
    if q.on < q.first_evaluation {
        return Err(RetakeError::AskedBeforeFirstEvaluation);
    }
    if let Some(&subject) = q
        .passed
        .iter()
        .find(|s| !Subject::of_level(q.level).contains(s))
    {
        return Err(RetakeError::Fee(FeeError::SubjectNotInLevel {
            level: q.level,
            subject,
        }));
    }
    if q.from_competition {
        return Ok(RetakeAnswer::NotAllowedAfterCompetition {
            citation: book.cite(COMPETITION),
        });
    }
    let remaining: Vec<Subject> = Subject::of_level(q.level)
        .iter()
        .copied()
        .filter(|s| !q.passed.contains(s))
        .collect();
    if remaining.is_empty() {
        return Ok(RetakeAnswer::NothingToRetake {
            citation: first_attempt.cite(VALIDITY),
        });
    }
    if q.passed.is_empty() {
        return Ok(RetakeAnswer::NothingPassed {
            full_fee: fees::full_fee(book, q.on, q.level).ok(),
            out_of_date: book.currency_note(q.on),
            citation: first_attempt.cite(VALIDITY),
        });
    }
    let (valid_until, validity_years) = valid_until(first_attempt, q.level, q.first_evaluation)?;
    let out_of_date = book.currency_note(q.on);
    if q.on > valid_until {
        return Ok(RetakeAnswer::Expired {
            valid_until,
            full_fee: fees::full_fee(book, q.on, q.level).ok(),
            out_of_date,
            citation: first_attempt.cite(VALIDITY),
        });
    }
    // A retake can be applied for only once the previous results can be known, counted from
    // the last subject taken (interpretations.md 7, revised): a window that closes after the
    // later (30-working-day) results date is usable; one that closes between the usual
    // (20-day) and the later date only if results come by the first; earlier, not at all.
    let last_subject = q
        .last_subject
        .unwrap_or(q.first_evaluation)
        .max(q.first_evaluation);
    let results_by = |marking| {
        crate::results::results_date(book, last_subject, marking)
            .map_or(last_subject, |r| r.available_by)
    };
    let (usual_results, later_results) = (results_by(false), results_by(true));
    let usable = |s: &Session| {
        s.offers(q.level)
            && s.apply_until >= q.on
            && s.apply_until >= usual_results
            && s.evaluation_month_start() > last_subject
            && s.evaluation_month_start() <= valid_until
    };
    let in_validity = |s: Session, projected: bool| SessionInValidity {
        fit: if s.evaluation_month_end() <= valid_until {
            Fit::Inside
        } else {
            Fit::DependsOnTheDay
        },
        needs_early_results: s.apply_until < later_results,
        projected,
        month_zh: month_label(&s).zh.into_owned(),
        month_en: month_label(&s).en.into_owned(),
        session: s,
    };
    let mut sessions: Vec<SessionInValidity> = book
        .sessions
        .iter()
        .filter(|s| usable(s))
        .map(|s| in_validity(*s, false))
        .collect();
    sessions.extend(
        crate::sessions::projections(book)
            .filter(|s| usable(s))
            .map(|s| in_validity(s, true)),
    );
    let table_ends = book
        .sessions
        .iter()
        .map(Session::evaluation_month_end)
        .max()
        .unwrap_or(book.valid_until);
    let beyond_the_table = valid_until > table_ends;
    // No session, official or projected, fits: the chance is gone in fact (on the last valid
    // day, always), whatever the validity still says.
    if sessions.is_empty() {
        return Ok(RetakeAnswer::NoSessionLeft {
            valid_until,
            full_fee: fees::full_fee(book, q.on, q.level).ok(),
            remaining,
            out_of_date,
            projected: beyond_the_table,
            citation: first_attempt.cite(VALIDITY),
        });
    }
    Ok(RetakeAnswer::Open {
        valid_until,
        validity_years,
        fee: fees::fee(book, q.on, q.level, &remaining).ok(),
        remaining,
        sessions,
        beyond_the_table,
        out_of_date,
        counted_from: last_subject,
        review_may_be_apart: q.last_subject.is_none() && q.level != Level::Three,
        citations: vec![
            first_attempt.cite(VALIDITY),
            first_attempt.cite(VALIDITY_COUNTING),
            book.cite(RESULTS_FIRST),
            book.cite(FORFEIT),
            book.cite(MODE_CHANGE),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::current;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a test date")
    }

    fn question(level: Level, first: &str, passed: &[Subject], on: &str) -> RetakeQuestion {
        RetakeQuestion {
            level,
            first_evaluation: d(first),
            passed: passed.to_vec(),
            on: d(on),
            from_competition: false,
            last_subject: None,
        }
    }

    #[test]
    fn level_three_scores_last_two_years_and_two_one_three() {
        let book = current();
        assert_eq!(
            valid_until(book, Level::Three, d("2025-07-12")),
            Ok((d("2027-07-12"), 2))
        );
        assert_eq!(
            valid_until(book, Level::Two, d("2025-07-12")),
            Ok((d("2028-07-12"), 3))
        );
        assert_eq!(
            valid_until(book, Level::One, d("2025-11-08")),
            Ok((d("2028-11-08"), 3))
        );
        // Before the notice too (四（一） is general); 29 February ends on the 28th.
        assert_eq!(
            valid_until(book, Level::Three, d("2024-02-29")),
            Ok((d("2026-02-28"), 2))
        );
    }

    #[test]
    fn the_remaining_subjects_their_fee_and_the_sessions_inside_validity() {
        let book = current();
        let q = question(Level::Three, "2025-07-12", &[Subject::Theory], "2025-08-01");
        match retake(&Library::single(book), &q).expect("answer") {
            RetakeAnswer::Open {
                remaining,
                fee,
                sessions,
                valid_until,
                ..
            } => {
                assert_eq!(remaining, vec![Subject::Skills]);
                assert_eq!(fee.map(|f| f.total), Some(883));
                assert_eq!(valid_until, d("2027-07-12"));
                let months: Vec<(i32, u32, bool)> = sessions
                    .iter()
                    .map(|s| {
                        (
                            s.session.evaluation_year,
                            s.session.evaluation_month,
                            s.projected,
                        )
                    })
                    .collect();
                // August applications closed on 07-15; then the table, then projections up
                // to the validity's end (July 2027 depends on the day).
                assert_eq!(
                    &months[..5],
                    &[
                        (2025, 9, false),
                        (2025, 10, false),
                        (2025, 11, false),
                        (2025, 12, false),
                        (2026, 1, false)
                    ]
                );
                assert_eq!(months[5], (2026, 7, true));
                assert_eq!(months.last(), Some(&(2027, 7, true)));
                assert_eq!(sessions.last().map(|s| s.fit), Some(Fit::DependsOnTheDay));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn validity_ends_on_the_corresponding_day() {
        let book = current();
        let last_day = question(Level::Three, "2025-07-12", &[Subject::Theory], "2027-07-12");
        // Still valid, but no session can be entered on its last day: not "open".
        assert!(matches!(
            retake(&Library::single(book), &last_day),
            Ok(RetakeAnswer::NoSessionLeft { .. })
        ));
        let day_after = question(Level::Three, "2025-07-12", &[Subject::Theory], "2027-07-13");
        assert!(matches!(
            retake(&Library::single(book), &day_after),
            Ok(RetakeAnswer::Expired { .. })
        ));
    }

    #[test]
    fn competitions_cannot_be_retaken_and_all_passed_needs_nothing() {
        let book = current();
        let mut q = question(Level::Two, "2025-08-09", &[], "2025-09-01");
        q.from_competition = true;
        assert!(matches!(
            retake(&Library::single(book), &q),
            Ok(RetakeAnswer::NotAllowedAfterCompetition { .. })
        ));
        let all = question(
            Level::Three,
            "2025-08-09",
            &[Subject::Theory, Subject::Skills],
            "2025-09-01",
        );
        assert!(matches!(
            retake(&Library::single(book), &all),
            Ok(RetakeAnswer::NothingToRetake { .. })
        ));
    }

    #[test]
    fn a_window_closing_before_the_results_cannot_be_used() {
        let book = current();
        // Evaluated 2025-07-05: results by about 08-01, so the September window (closing 08-15)
        // can be used and the August one (closed 07-15) cannot.
        let q = question(Level::Three, "2025-07-05", &[Subject::Theory], "2025-07-06");
        let Ok(RetakeAnswer::Open { sessions, .. }) = retake(&Library::single(book), &q) else {
            panic!("open");
        };
        assert_eq!(sessions[0].session.evaluation_month, 9);
        // Evaluated 2025-07-28: results by about 08-22, after the September window closes.
        let q = question(Level::Three, "2025-07-28", &[Subject::Theory], "2025-07-29");
        let Ok(RetakeAnswer::Open { sessions, .. }) = retake(&Library::single(book), &q) else {
            panic!("open");
        };
        assert_eq!(sessions[0].session.evaluation_month, 10);
    }

    #[test]
    fn after_the_table_the_answer_points_ahead_instead_of_saying_none_is_left() {
        let book = current();
        let q = question(Level::Two, "2025-11-08", &[Subject::Theory], "2026-11-25");
        let answer = retake(&Library::single(book), &q).expect("answer");
        let codes: Vec<&str> = answer
            .reasons(crate::rulebook::current())
            .iter()
            .map(|r| r.code)
            .collect();
        assert!(codes.contains(&"sessions_after_the_table"), "{codes:?}");
        assert!(codes.contains(&"rulebook_out_of_date"), "{codes:?}");
        assert!(!codes.contains(&"no_session_in_validity"), "{codes:?}");
        let RetakeAnswer::Open { fee, .. } = answer else {
            panic!("open");
        };
        assert_eq!(fee.map(|f| f.total), Some(1215));
    }

    #[test]
    fn impossible_questions_are_refused() {
        let book = current();
        let early = question(Level::Three, "2025-08-09", &[], "2025-08-01");
        assert_eq!(
            retake(&Library::single(book), &early),
            Err(RetakeError::AskedBeforeFirstEvaluation)
        );
        let review = question(Level::Three, "2025-08-09", &[Subject::Review], "2025-09-01");
        assert!(matches!(
            retake(&Library::single(book), &review),
            Err(RetakeError::Fee(_))
        ));
    }
}
