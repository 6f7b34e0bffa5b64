//! 考核费（补考费）: what a first attempt or a retake costs, for one person or a group
//! (二（四）, and interpretations.md 6). Money is whole yuan, never floating point.

use crate::citation::{Citation, NoticeClause, Reason};
use crate::level::Level;
use crate::rulebook::{FeeTable, Rulebook, in_force_or_nearest};
use crate::text::Bilingual;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The subjects of an evaluation, as the fee table heads them.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Subject {
    /// 理论知识
    Theory,
    /// 操作技能
    Skills,
    /// 综合测评 (综合评审): 二级 and 一级 only.
    Review,
}

impl Subject {
    pub fn name(self) -> Bilingual {
        match self {
            Subject::Theory => Bilingual::fixed("理论知识", "theory"),
            Subject::Skills => Bilingual::fixed("操作技能", "practical skills"),
            Subject::Review => Bilingual::fixed("综合测评", "comprehensive review"),
        }
    }

    /// The subjects a level is assessed in: 三级 has no 综合测评 ("-" in the table).
    pub fn of_level(level: Level) -> &'static [Subject] {
        match level {
            Level::Three => &[Subject::Theory, Subject::Skills],
            Level::Two | Level::One => &[Subject::Theory, Subject::Skills, Subject::Review],
        }
    }
}

impl FeeTable {
    /// The fee of one subject at one level, or `None` where the level has no such subject.
    pub fn subject_fee(&self, level: Level, subject: Subject) -> Option<u32> {
        match (level, subject) {
            (_, Subject::Theory) => Some(self.theory),
            (Level::Three, Subject::Skills) => Some(self.skills_level_three),
            (Level::Two | Level::One, Subject::Skills) => Some(self.skills_levels_two_one),
            (Level::Three, Subject::Review) => None,
            (Level::Two | Level::One, Subject::Review) => Some(self.review_levels_two_one),
        }
    }
}

/// The most candidates one group request may hold: an institution's roster is at most a few
/// thousand, and the answer grows with every member.
pub const MAX_GROUP_MEMBERS: usize = 10_000;

/// Why a fee cannot be given. (A date outside the rulebook is not one: the last known table
/// answers, labelled — interpretations.md 12.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FeeError {
    /// The rulebook holds no fee table at all.
    NoFeeTable,
    /// 三级 has no 综合测评.
    SubjectNotInLevel { level: Level, subject: Subject },
    /// A retake of no subject.
    NoSubjects,
    /// More members than one request may hold.
    TooManyMembers { count: usize, max: usize },
    /// A total that does not fit (cannot happen within the member cap; checked all the same).
    TotalOverflow,
}

impl FeeError {
    /// The stable code the API reports.
    pub fn code(&self) -> &'static str {
        match self {
            FeeError::NoFeeTable => "no_fee_table",
            FeeError::SubjectNotInLevel { .. } => "subject_not_in_level",
            FeeError::NoSubjects => "no_subjects",
            FeeError::TooManyMembers { .. } => "too_many_members",
            FeeError::TotalOverflow => "total_overflow",
        }
    }

    pub fn message(&self) -> Bilingual {
        match self {
            FeeError::NoFeeTable => Bilingual::fixed(
                "本规则没有收费表，请以协会最新通知为准。",
                "These rules hold no fee table; check the association's latest notice.",
            ),
            FeeError::TooManyMembers { count, max } => Bilingual::new(
                format!("一次最多计算{max}名考生的费用，这次有{count}名；请分批计算。"),
                format!(
                    "At most {max} candidates can be costed at once, and this has {count}; split the list."
                ),
            ),
            FeeError::TotalOverflow => Bilingual::fixed(
                "合计金额过大，无法计算；请分批计算。",
                "The total is too large to compute; split the list.",
            ),
            FeeError::SubjectNotInLevel { level, subject } => Bilingual::new(
                format!(
                    "{}没有“{}”科目，请只选择该等级的科目。",
                    level.title().zh,
                    subject.name().zh
                ),
                format!(
                    "{} has no {} subject; choose only that level's subjects.",
                    level.title().en,
                    subject.name().en
                ),
            ),
            FeeError::NoSubjects => Bilingual::fixed(
                "请至少选择一个补考科目。",
                "Choose at least one subject to retake.",
            ),
        }
    }
}

/// A fee with its parts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Fee {
    pub level: Level,
    pub subjects: Vec<(Subject, u32)>,
    pub total: u64,
    pub citation: Citation,
}

impl Fee {
    /// "三级考核费合计…元：理论知识…元＋操作技能…元。", with the figures of the table in force.
    pub fn reason(&self) -> Reason {
        let zh_parts: Vec<String> = self
            .subjects
            .iter()
            .map(|(s, a)| format!("{}{a}元", s.name().zh))
            .collect();
        let en_parts: Vec<String> = self
            .subjects
            .iter()
            .map(|(s, a)| format!("{} {a} yuan", s.name().en))
            .collect();
        Reason {
            code: "fee_total",
            citation: self.citation,
            text: Bilingual::new(
                format!(
                    "{}考核费合计{}元：{}。",
                    self.level.title().zh,
                    self.total,
                    zh_parts.join("＋")
                ),
                format!(
                    "{}: {} yuan in all ({}).",
                    self.level.title().en,
                    self.total,
                    en_parts.join(" + ")
                ),
            ),
        }
    }
}

/// 二（四）「经资格审核通过后，缴纳」.
pub const PAY_AFTER_REVIEW: NoticeClause = NoticeClause::quoted("二（四）");

/// 二（四）「经资格审核通过后，缴纳」: nobody should pay before the review (interpretations.md 17).
pub fn pay_after_review(book: &Rulebook) -> Reason {
    Reason {
        code: "pay_after_review",
        citation: book.cite(PAY_AFTER_REVIEW),
        text: Bilingual::new(
            "资格审核通过后再缴费：团体申报经培训机构或院校初审、协会审核，个人申报经协会审核；审核通过前请勿缴费。",
            "Pay only after the qualification review has been passed (the institution's and the association's for a group, the association's for an individual); do not pay before.",
        ),
    }
}

/// Everything a fee answer says, in order: the amount, the label if the date is outside the
/// rulebook, when to pay, and where.
pub fn fee_reasons(book: &Rulebook, on: NaiveDate, fee: &Fee) -> Vec<Reason> {
    let mut reasons = vec![fee.reason()];
    reasons.extend(book.currency_note(on));
    reasons.push(pay_after_review(book));
    reasons.push(where_to_pay(book));
    reasons
}

/// Where and by when the fee is paid (二（四）): the payment counts when it reaches the account.
pub fn where_to_pay(book: &Rulebook) -> Reason {
    let a = &book.bank_account;
    Reason {
        code: "where_to_pay",
        citation: a.citation,
        text: Bilingual::new(
            format!(
                "考核费须在缴费时间内交至协会职业技能等级认定办公室指定账户（户名：{}；账号：{}；开户银行：{}），以到账时间为准。",
                a.value.account_name, a.value.account_number, a.value.bank
            ),
            format!(
                "Pay the fee within the payment window into the association's account (name: {}; number: {}; bank: {}); it counts when it arrives.",
                a.value.account_name, a.value.account_number, a.value.bank
            ),
        ),
    }
}

/// The fee for `subjects` at `level` on `date`: all of the level's subjects for a first
/// attempt, or those retaken (interpretations.md 6: a retake costs each retaken subject's fee).
/// Outside the rulebook's dates the nearest table answers; [`fee_reasons`] labels it.
pub fn fee(
    book: &Rulebook,
    date: NaiveDate,
    level: Level,
    subjects: &[Subject],
) -> Result<Fee, FeeError> {
    let table = in_force_or_nearest(book.fees, date).ok_or(FeeError::NoFeeTable)?;
    if subjects.is_empty() {
        return Err(FeeError::NoSubjects);
    }
    if let Some(&subject) = subjects
        .iter()
        .find(|s| !Subject::of_level(level).contains(s))
    {
        return Err(FeeError::SubjectNotInLevel { level, subject });
    }
    // Each chosen subject once, in the level's order (no sort: the app carries this).
    let mut parts = Vec::with_capacity(subjects.len());
    for &subject in Subject::of_level(level) {
        if !subjects.contains(&subject) {
            continue;
        }
        let amount = table
            .value
            .subject_fee(level, subject)
            .ok_or(FeeError::SubjectNotInLevel { level, subject })?;
        parts.push((subject, amount));
    }
    Ok(Fee {
        level,
        total: parts.iter().map(|(_, a)| u64::from(*a)).sum(),
        subjects: parts,
        citation: table.citation,
    })
}

/// The fee of a first attempt: every subject of the level (the table's 合计 column).
pub fn full_fee(book: &Rulebook, date: NaiveDate, level: Level) -> Result<Fee, FeeError> {
    fee(book, date, level, Subject::of_level(level))
}

/// One candidate of a group application.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GroupMember {
    pub level: Level,
    /// Empty for a first attempt (all subjects); the retaken subjects otherwise.
    #[serde(default)]
    pub retake: Vec<Subject>,
}

/// A group's fees, with totals by level and by subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GroupFees {
    pub members: Vec<Fee>,
    pub by_level: BTreeMap<Level, u64>,
    pub by_subject: BTreeMap<Subject, u64>,
    pub total: u64,
}

/// Fees for every member of a group; the first member with an impossible choice is reported
/// with its position (from 1), so an institution can find it in its list. A list longer than
/// [`MAX_GROUP_MEMBERS`] is refused as a whole (position 0).
pub fn group_fees(
    book: &Rulebook,
    date: NaiveDate,
    members: &[GroupMember],
) -> Result<GroupFees, (usize, FeeError)> {
    if members.len() > MAX_GROUP_MEMBERS {
        return Err((
            0,
            FeeError::TooManyMembers {
                count: members.len(),
                max: MAX_GROUP_MEMBERS,
            },
        ));
    }
    let add = |sum: &mut u64, amount: u64, i: usize| -> Result<(), (usize, FeeError)> {
        *sum = sum
            .checked_add(amount)
            .ok_or((i, FeeError::TotalOverflow))?;
        Ok(())
    };
    let mut out = GroupFees {
        members: Vec::with_capacity(members.len()),
        by_level: BTreeMap::new(),
        by_subject: BTreeMap::new(),
        total: 0,
    };
    for (i, member) in members.iter().enumerate() {
        let fee = if member.retake.is_empty() {
            full_fee(book, date, member.level)
        } else {
            fee(book, date, member.level, &member.retake)
        }
        .map_err(|e| (i + 1, e))?;
        add(out.by_level.entry(fee.level).or_default(), fee.total, i + 1)?;
        for (subject, amount) in &fee.subjects {
            add(
                out.by_subject.entry(*subject).or_default(),
                u64::from(*amount),
                i + 1,
            )?;
        }
        add(&mut out.total, fee.total, i + 1)?;
        out.members.push(fee);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::current;

    fn on() -> NaiveDate {
        "2025-06-01".parse().expect("date")
    }

    #[test]
    fn full_fees_match_the_table_totals() {
        let book = current();
        assert_eq!(
            full_fee(book, on(), Level::Three).map(|f| f.total),
            Ok(1036)
        );
        assert_eq!(full_fee(book, on(), Level::Two).map(|f| f.total), Ok(1368));
        assert_eq!(full_fee(book, on(), Level::One).map(|f| f.total), Ok(1368));
    }

    #[test]
    fn a_retake_costs_the_retaken_subjects() {
        let book = current();
        let skills = fee(book, on(), Level::Three, &[Subject::Skills]).expect("fee");
        assert_eq!(skills.total, 883);
        let two = fee(
            book,
            on(),
            Level::Two,
            &[Subject::Review, Subject::Theory, Subject::Theory],
        )
        .expect("fee");
        assert_eq!(
            two.subjects,
            vec![(Subject::Theory, 153), (Subject::Review, 675)]
        );
        assert_eq!(two.total, 828);
    }

    #[test]
    fn impossible_choices_are_refused_with_a_reason() {
        let book = current();
        let err = fee(book, on(), Level::Three, &[Subject::Review]).expect_err("no review at 三级");
        assert_eq!(
            err,
            FeeError::SubjectNotInLevel {
                level: Level::Three,
                subject: Subject::Review
            }
        );
        assert!(err.message().zh.contains("综合测评"));
        assert_eq!(fee(book, on(), Level::Two, &[]), Err(FeeError::NoSubjects));
        // Applications opened on 05-16, before the notice's date: the table's fee.
        let before: NaiveDate = "2025-05-16".parse().expect("date");
        assert_eq!(
            full_fee(book, before, Level::Two).map(|f| f.total),
            Ok(1368)
        );
        let too_many = vec![
            GroupMember {
                level: Level::Three,
                retake: vec![]
            };
            MAX_GROUP_MEMBERS + 1
        ];
        assert!(matches!(
            group_fees(book, on(), &too_many),
            Err((0, FeeError::TooManyMembers { .. }))
        ));
    }

    #[test]
    fn each_error_code_is_its_serialised_tag() {
        let errors = [
            FeeError::NoFeeTable,
            FeeError::SubjectNotInLevel {
                level: Level::Three,
                subject: Subject::Review,
            },
            FeeError::NoSubjects,
            FeeError::TooManyMembers { count: 2, max: 1 },
            FeeError::TotalOverflow,
        ];
        for e in errors {
            let json = serde_json::to_value(&e).expect("serialises");
            assert_eq!(json["code"], e.code());
        }
    }

    #[test]
    fn a_group_is_totalled_by_level_and_by_subject() {
        let book = current();
        let members = [
            GroupMember {
                level: Level::Three,
                retake: vec![],
            },
            GroupMember {
                level: Level::Three,
                retake: vec![Subject::Theory],
            },
            GroupMember {
                level: Level::Two,
                retake: vec![],
            },
        ];
        let group = group_fees(book, on(), &members).expect("fees");
        assert_eq!(group.total, 1036 + 153 + 1368);
        assert_eq!(group.by_level[&Level::Three], 1189);
        assert_eq!(group.by_level[&Level::Two], 1368);
        assert_eq!(group.by_subject[&Subject::Theory], 153 * 3);
        assert_eq!(group.by_subject[&Subject::Skills], 883 + 540);
        assert_eq!(group.by_subject[&Subject::Review], 675);

        let bad = [
            members[0].clone(),
            GroupMember {
                level: Level::Three,
                retake: vec![Subject::Review],
            },
        ];
        assert_eq!(
            group_fees(book, on(), &bad).map(|g| g.total).unwrap_err().0,
            2
        );
    }
}
