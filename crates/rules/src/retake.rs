//! Retakes (四): until when passed subjects stay valid, what remains and costs, which sessions
//! fall inside, and the two ways to lose the chance.

use crate::citation::{Citation, Reason, Source};
use crate::dates::anniversary;
use crate::fees::{self, Fee, FeeError, Subject};
use crate::level::Level;
use crate::rulebook::{Rulebook, in_force};
use crate::sessions::{Session, month_label_en, month_label_zh};
use chrono::NaiveDate;
use serde::Serialize;

pub const VALIDITY_CITATION: Citation = Citation::quoted(Source::Notice2025, "四（一）");
pub const VALIDITY_COUNTING: Citation =
    Citation::interpretation(Source::Notice2025, "四（一）：自首次考核日起计算");
pub const FORFEIT_CITATION: Citation = Citation::quoted(Source::Notice2025, "四（二）");
pub const MODE_CHANGE_CITATION: Citation = Citation::quoted(Source::Notice2025, "四（三）");
pub const COMPETITION_CITATION: Citation = Citation::quoted(Source::Notice2025, "四（四）");

/// What the candidate tells us about the first attempt.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RetakeQuestion {
    pub level: Level,
    /// The evaluation date of the first attempt.
    pub first_evaluation: NaiveDate,
    #[serde(default)]
    pub passed: Vec<Subject>,
    /// The date the question is asked for.
    pub on: NaiveDate,
    /// Failed a Shanghai vocational skills competition (职业技能竞赛) rather than an evaluation.
    #[serde(default)]
    pub from_competition: bool,
}

/// How a known session sits against the validity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fit {
    /// The whole evaluation month is inside the validity.
    Inside,
    /// The validity ends during the evaluation month: it depends on the day of the evaluation.
    DependsOnTheDay,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SessionInValidity {
    pub session: Session,
    pub fit: Fit,
    pub month_zh: String,
    pub month_en: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RetakeAnswer {
    /// 四（四）: a failed competition cannot be retaken.
    NotAllowedAfterCompetition { citation: Citation },
    /// Nothing is left to retake.
    NothingToRetake { citation: Citation },
    /// The validity has ended: every subject must be applied for again.
    Expired {
        valid_until: NaiveDate,
        full_fee: Option<Fee>,
        citation: Citation,
    },
    Open {
        valid_until: NaiveDate,
        validity_years: u32,
        remaining: Vec<Subject>,
        /// `None` when no fee table is in force on the date asked about.
        fee: Option<Fee>,
        sessions: Vec<SessionInValidity>,
        citations: Vec<Citation>,
    },
}

fn subjects_zh(subjects: &[Subject]) -> String {
    subjects
        .iter()
        .map(|s| s.name_zh())
        .collect::<Vec<_>>()
        .join("、")
}

fn subjects_en(subjects: &[Subject]) -> String {
    subjects
        .iter()
        .map(|s| s.name_en())
        .collect::<Vec<_>>()
        .join(", ")
}

impl RetakeAnswer {
    /// The answer in sentences, each with its clause.
    pub fn reasons(&self) -> Vec<Reason> {
        match self {
            RetakeAnswer::NotAllowedAfterCompetition { citation } => vec![Reason {
                code: "competition_no_retake",
                citation: *citation,
                zh: "参加本市职业技能竞赛成绩不合格者，不能进行补考。".into(),
                en:
                    "A candidate who failed a Shanghai vocational skills competition cannot retake."
                        .into(),
            }],
            RetakeAnswer::NothingToRetake { citation } => vec![Reason {
                code: "all_passed",
                citation: *citation,
                zh: "所有科目均已合格，无需补考。".into(),
                en: "Every subject is passed: there is nothing to retake.".into(),
            }],
            RetakeAnswer::Expired {
                valid_until,
                full_fee,
                citation,
            } => {
                let mut reasons = vec![Reason {
                    code: "validity_expired",
                    citation: *citation,
                    zh: format!("成绩有效期已于{valid_until}届满，须重新申报所有科目。"),
                    en: format!(
                        "Scores were valid until {valid_until}; every subject must be applied for again."
                    ),
                }];
                reasons.extend(full_fee.as_ref().map(Fee::reason));
                reasons
            }
            RetakeAnswer::Open {
                valid_until,
                validity_years,
                remaining,
                fee,
                sessions,
                ..
            } => {
                let mut reasons = vec![
                    Reason {
                        code: "valid_until",
                        citation: VALIDITY_CITATION,
                        zh: format!(
                            "成绩有效期为{validity_years}年，自首次考核日起算，至{valid_until}（含）止。"
                        ),
                        en: format!(
                            "Scores stay valid for {validity_years} years from the first evaluation, until {valid_until} inclusive."
                        ),
                    },
                    Reason {
                        code: "remaining_subjects",
                        citation: VALIDITY_CITATION,
                        zh: format!("尚需补考：{}。", subjects_zh(remaining)),
                        en: format!("Still to pass: {}.", subjects_en(remaining)),
                    },
                ];
                reasons.extend(fee.as_ref().map(Fee::reason));
                let (zh, en) = if sessions.is_empty() {
                    (
                        "有效期内已没有已公布、仍可报名的考期。".to_string(),
                        "No published session that can still be entered falls within the validity."
                            .to_string(),
                    )
                } else {
                    let zh: Vec<String> = sessions
                        .iter()
                        .map(|s| match s.fit {
                            Fit::Inside => s.month_zh.clone(),
                            Fit::DependsOnTheDay => format!("{}（取决于具体考核日期）", s.month_zh),
                        })
                        .collect();
                    let en: Vec<String> = sessions
                        .iter()
                        .map(|s| match s.fit {
                            Fit::Inside => s.month_en.clone(),
                            Fit::DependsOnTheDay => {
                                format!("{} (depends on the evaluation day)", s.month_en)
                            }
                        })
                        .collect();
                    (
                        format!("有效期内仍可报名的考期：{}。", zh.join("、")),
                        format!(
                            "Sessions within the validity you can still enter: {}.",
                            en.join(", ")
                        ),
                    )
                };
                reasons.push(Reason {
                    code: "sessions_in_validity",
                    citation: crate::sessions::SCHEDULE_CITATION,
                    zh,
                    en,
                });
                reasons.push(Reason {
                    code: "forfeit_warning",
                    citation: FORFEIT_CITATION,
                    zh: "注意：如在成绩有效期内重新申报同职业同等级，视为放弃补考机会，之前的合格科目成绩不再保留。".into(),
                    en: "Note: applying again for the same occupation and level within the validity forfeits the retake, and passed subjects are lost.".into(),
                });
                reasons.push(Reason {
                    code: "mode_change",
                    citation: MODE_CHANGE_CITATION,
                    zh: "补考有效期内考核模式如发生变化，应按公布的补考方案申报。".into(),
                    en: "If the assessment mode changes within the validity, apply under the published retake plan.".into(),
                });
                reasons
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RetakeError {
    /// The question is about a day before the first evaluation.
    AskedBeforeFirstEvaluation,
    /// A passed subject the level does not have.
    Fee(FeeError),
    /// The first evaluation is outside the rulebook's reach.
    NoValidityRuleOn { date: NaiveDate },
}

/// The last day scores stay valid: the day before the N-th anniversary of the first evaluation
/// (interpretations.md 7).
pub fn valid_until(
    book: &Rulebook,
    level: Level,
    first: NaiveDate,
) -> Result<(NaiveDate, u32), RetakeError> {
    let rule = in_force(book.retake_validity_years, first)
        .ok_or(RetakeError::NoValidityRuleOn { date: first })?;
    let years = rule.value.of(level);
    let end = anniversary(first, years)
        .and_then(|d| d.pred_opt())
        .ok_or(RetakeError::NoValidityRuleOn { date: first })?;
    Ok((end, years))
}

pub fn retake(book: &Rulebook, q: &RetakeQuestion) -> Result<RetakeAnswer, RetakeError> {
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
            citation: COMPETITION_CITATION,
        });
    }
    let remaining: Vec<Subject> = Subject::of_level(q.level)
        .iter()
        .copied()
        .filter(|s| !q.passed.contains(s))
        .collect();
    if remaining.is_empty() {
        return Ok(RetakeAnswer::NothingToRetake {
            citation: VALIDITY_CITATION,
        });
    }
    let (valid_until, validity_years) = valid_until(book, q.level, q.first_evaluation)?;
    if q.on > valid_until {
        return Ok(RetakeAnswer::Expired {
            valid_until,
            full_fee: fees::full_fee(book, q.on, q.level).ok(),
            citation: VALIDITY_CITATION,
        });
    }
    let sessions = book
        .sessions
        .iter()
        .filter(|s| s.offers(q.level))
        .filter(|s| s.apply_until >= q.on && s.evaluation_month_start() > q.first_evaluation)
        .filter(|s| s.evaluation_month_start() <= valid_until)
        .map(|s| SessionInValidity {
            session: *s,
            fit: if s.evaluation_month_end() <= valid_until {
                Fit::Inside
            } else {
                Fit::DependsOnTheDay
            },
            month_zh: month_label_zh(s),
            month_en: month_label_en(s),
        })
        .collect();
    Ok(RetakeAnswer::Open {
        valid_until,
        validity_years,
        fee: fees::fee(book, q.on, q.level, &remaining).ok(),
        remaining,
        sessions,
        citations: vec![
            VALIDITY_CITATION,
            VALIDITY_COUNTING,
            FORFEIT_CITATION,
            MODE_CHANGE_CITATION,
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
        }
    }

    #[test]
    fn level_three_scores_last_two_years_and_two_one_three() {
        let book = current();
        assert_eq!(
            valid_until(book, Level::Three, d("2025-07-12")),
            Ok((d("2027-07-11"), 2))
        );
        assert_eq!(
            valid_until(book, Level::Two, d("2025-07-12")),
            Ok((d("2028-07-11"), 3))
        );
        assert_eq!(
            valid_until(book, Level::One, d("2025-11-08")),
            Ok((d("2028-11-07"), 3))
        );
    }

    #[test]
    fn the_remaining_subjects_their_fee_and_the_sessions_inside_validity() {
        let book = current();
        let q = question(Level::Three, "2025-07-12", &[Subject::Theory], "2025-08-01");
        match retake(book, &q).expect("answer") {
            RetakeAnswer::Open {
                remaining,
                fee,
                sessions,
                valid_until,
                ..
            } => {
                assert_eq!(remaining, vec![Subject::Skills]);
                assert_eq!(fee.map(|f| f.total), Some(883));
                assert_eq!(valid_until, d("2027-07-11"));
                let months: Vec<u32> = sessions
                    .iter()
                    .map(|s| s.session.evaluation_month)
                    .collect();
                // August applications closed on 07-15.
                assert_eq!(months, vec![9, 10, 11, 12, 1]);
                assert!(sessions.iter().all(|s| s.fit == Fit::Inside));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn validity_ends_on_the_eve_of_the_anniversary() {
        let book = current();
        let last_day = question(Level::Three, "2025-07-12", &[], "2027-07-11");
        assert!(matches!(
            retake(book, &last_day),
            Ok(RetakeAnswer::Open { .. })
        ));
        let day_after = question(Level::Three, "2025-07-12", &[], "2027-07-12");
        assert!(matches!(
            retake(book, &day_after),
            Ok(RetakeAnswer::Expired { .. })
        ));
    }

    #[test]
    fn competitions_cannot_be_retaken_and_all_passed_needs_nothing() {
        let book = current();
        let mut q = question(Level::Two, "2025-08-09", &[], "2025-09-01");
        q.from_competition = true;
        assert!(matches!(
            retake(book, &q),
            Ok(RetakeAnswer::NotAllowedAfterCompetition { .. })
        ));
        let all = question(
            Level::Three,
            "2025-08-09",
            &[Subject::Theory, Subject::Skills],
            "2025-09-01",
        );
        assert!(matches!(
            retake(book, &all),
            Ok(RetakeAnswer::NothingToRetake { .. })
        ));
    }

    #[test]
    fn impossible_questions_are_refused() {
        let book = current();
        let early = question(Level::Three, "2025-08-09", &[], "2025-08-01");
        assert_eq!(
            retake(book, &early),
            Err(RetakeError::AskedBeforeFirstEvaluation)
        );
        let review = question(Level::Three, "2025-08-09", &[Subject::Review], "2025-09-01");
        assert!(matches!(retake(book, &review), Err(RetakeError::Fee(_))));
    }
}
