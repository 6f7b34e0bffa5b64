//! Exam conduct (附件2): every listed violation (in the rulebook) and its consequence.

use crate::citation::{NoticeClause, Reason};
use crate::rulebook::{Consequence, Rulebook, Violation};
use crate::text::Bilingual;

impl Consequence {
    /// The clause of 附件2 that says what this kind of violation costs.
    pub const fn clause(self) -> NoticeClause {
        let clause = match self {
            Consequence::QualificationCancelled => "附件2 一",
            Consequence::SubjectCancelled => "附件2 二",
            Consequence::AllCancelledBarredThisYear => "附件2 三",
            Consequence::AllCancelledBarredTwoOrFiveYears => "附件2 四",
        };
        NoticeClause::quoted(clause)
    }
}

/// 附件2, closing paragraph: violations found after the evaluation are handled the same way,
/// and certificates already issued are declared invalid.
pub const AFTER_THE_EVENT: NoticeClause = NoticeClause::quoted("附件2 末段");

pub fn violation(book: &Rulebook, code: &str) -> Option<&'static Violation> {
    book.violations.iter().find(|v| v.code == code)
}

/// What a consequence means, in the notice's words.
pub fn description(book: &Rulebook, c: Consequence) -> Bilingual {
    book.consequences
        .iter()
        .find(|(of, _)| *of == c)
        .map(|(_, text)| text.clone())
        .unwrap_or(Bilingual::fixed("", ""))
}

/// 附件2's closing paragraph, which applies to every violation in it.
pub fn after_the_event(book: &Rulebook) -> Reason {
    Reason {
        code: "found_after_the_event",
        citation: book.cite(AFTER_THE_EVENT),
        text: Bilingual::new(
            "评价结束后才查实的违纪违规行为同样按以上规定处理；已颁发的证书宣布评价成绩无效，证书及网上数据作相应处理。",
            "A violation confirmed after the evaluation is handled the same way; a certificate already issued is declared invalid and its records are corrected.",
        ),
    }
}

/// What else a reader of one violation must know: false materials (附件2 一) that were used to
/// obtain the right to sit are also 四-1, with its 2- or 5-year bar.
pub fn related(book: &Rulebook, v: &Violation) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if v.code == "1" {
        reasons.push(Reason {
            code: "also_barred",
            citation: book.cite(Consequence::AllCancelledBarredTwoOrFiveYears.clause()),
            text: Bilingual::new(
                "以虚假承诺、虚假材料等非正当手段取得参加评价资格的，另按附件2 四-1处理：取消当次全部科目成绩，情节轻微的2年内、情节严重的5年内不得参加评价，并可能移送有关部门。",
                "Obtaining the right to sit by false promises or materials is also attachment 2, 4-1: all scores of the sitting cancelled, and barred for 2 years (minor) or 5 years (serious), with possible referral.",
            ),
        });
    }
    reasons.push(after_the_event(book));
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::current;
    use Consequence::*;

    #[test]
    fn every_item_of_each_section_is_listed_once() {
        let violations = current().violations;
        let count = |c: Consequence| violations.iter().filter(|v| v.consequence == c).count();
        assert_eq!(count(QualificationCancelled), 1);
        assert_eq!(count(SubjectCancelled), 4);
        assert_eq!(count(AllCancelledBarredThisYear), 5);
        assert_eq!(count(AllCancelledBarredTwoOrFiveYears), 7);
        let mut codes: Vec<_> = violations.iter().map(|v| v.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), violations.len());
        for c in [
            QualificationCancelled,
            SubjectCancelled,
            AllCancelledBarredThisYear,
            AllCancelledBarredTwoOrFiveYears,
        ] {
            assert!(
                !description(current(), c).zh.is_empty(),
                "{c:?} has its words"
            );
        }
    }

    #[test]
    fn a_phone_in_the_exam_costs_every_subject_and_the_year() {
        let phone = violation(current(), "3-1").expect("listed");
        assert_eq!(phone.consequence, AllCancelledBarredThisYear);
        assert_eq!(phone.consequence.clause().clause, "附件2 三");
        assert!(violation(current(), "9-9").is_none());
    }

    #[test]
    fn false_materials_also_name_the_two_or_five_year_bar() {
        let codes: Vec<&str> = related(current(), violation(current(), "1").expect("listed"))
            .iter()
            .map(|r| r.code)
            .collect();
        assert_eq!(codes, ["also_barred", "found_after_the_event"]);
        for v in current().violations {
            assert!(
                related(current(), v)
                    .iter()
                    .any(|r| r.code == "found_after_the_event")
            );
        }
    }
}
