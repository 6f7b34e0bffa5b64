//! Exam conduct (附件2): every listed violation and its consequence.

use crate::citation::{Citation, Reason, Source};
use serde::Serialize;

/// What happens to a candidate who commits a violation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Consequence {
    /// 附件2 一: qualification and scores cancelled, materials and fee not returned, certificate voided.
    QualificationCancelled,
    /// 附件2 二: that subject's score cancelled for this sitting.
    SubjectCancelled,
    /// 附件2 三: all subjects cancelled for this sitting, and barred for the rest of the year.
    AllCancelledBarredThisYear,
    /// 附件2 四: all subjects cancelled; barred 2 years (minor) or 5 years and referred (serious).
    AllCancelledBarredTwoOrFiveYears,
}

impl Consequence {
    pub fn description_zh(self) -> &'static str {
        match self {
            Consequence::QualificationCancelled => {
                "取消考试资格及考试成绩，虚假材料及考核评价费不予退还，已获得的证书作无效处理。"
            }
            Consequence::SubjectCancelled => "取消当次该科目成绩。",
            Consequence::AllCancelledBarredThisYear => "取消当次全部科目成绩，且当年不得参加评价。",
            Consequence::AllCancelledBarredTwoOrFiveYears => {
                "取消当次全部科目成绩。情节轻微的，2年内不得参加评价；情节严重的，5年内不得参加评价，并依据有关法律法规移送有关部门。"
            }
        }
    }

    pub fn description_en(self) -> &'static str {
        match self {
            Consequence::QualificationCancelled => {
                "Qualification and scores cancelled; false materials and the fee are not returned; any certificate obtained is void."
            }
            Consequence::SubjectCancelled => {
                "The score of that subject at this sitting is cancelled."
            }
            Consequence::AllCancelledBarredThisYear => {
                "All scores of this sitting are cancelled, and the candidate may not be evaluated again this year."
            }
            Consequence::AllCancelledBarredTwoOrFiveYears => {
                "All scores of this sitting are cancelled. Minor cases are barred for 2 years; serious ones for 5 years and referred to the authorities."
            }
        }
    }

    pub fn citation(self) -> Citation {
        let clause = match self {
            Consequence::QualificationCancelled => "附件2 一",
            Consequence::SubjectCancelled => "附件2 二",
            Consequence::AllCancelledBarredThisYear => "附件2 三",
            Consequence::AllCancelledBarredTwoOrFiveYears => "附件2 四",
        };
        Citation::quoted(Source::Notice2025, clause)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// A stable code, e.g. "2-1" for 附件2 二 item 1.
    pub code: &'static str,
    pub consequence: Consequence,
    pub text_zh: &'static str,
    pub text_en: &'static str,
}

use Consequence::*;

const fn v(
    code: &'static str,
    consequence: Consequence,
    text_zh: &'static str,
    text_en: &'static str,
) -> Violation {
    Violation {
        code,
        consequence,
        text_zh,
        text_en,
    }
}

pub const VIOLATIONS: [Violation; 17] = [
    v(
        "1",
        QualificationCancelled,
        "不符合申报条件或申报材料虚假伪造的",
        "Not meeting the application conditions, or false or forged application materials",
    ),
    v(
        "2-1",
        SubjectCancelled,
        "携带禁携物品（包括与评价内容相关的书籍、资料、电子产品、通讯设备以及规定以外的工具等）进入座位（或考位）或未将禁携物品放在指定位置，经提醒拒不改正的",
        "Bringing prohibited items (related books or materials, electronics, communication devices, tools not allowed) to the seat, or not leaving them where directed, and refusing to correct this when reminded",
    ),
    v(
        "2-2",
        SubjectCancelled,
        "未在规定的座位（或考位）参加评价，或未经工作人员允许擅自离开座位（或考位），经提醒拒不改正的",
        "Not sitting in the assigned seat, or leaving it without the staff's permission, and refusing to correct this when reminded",
    ),
    v(
        "2-3",
        SubjectCancelled,
        "在考场（或考区）禁止的范围内，喧哗、吸烟或实施其他影响考场秩序的行为，经提醒拒不改正的",
        "Making noise, smoking or otherwise disturbing order in the exam area, and refusing to stop when reminded",
    ),
    v(
        "2-4",
        SubjectCancelled,
        "其他违反考场规则但尚未构成作弊的行为",
        "Any other breach of exam-room rules that is not cheating",
    ),
    v(
        "3-1",
        AllCancelledBarredThisYear,
        "在评价过程中使用规定以外的带拍照、存储、传输或通讯功能的电子设备（如相机、手机、耳机、U 盘、手提电脑、智能手表、智能手环等）或其他电子用品的",
        "Using an unauthorised device that can photograph, store, transmit or communicate (camera, phone, earphones, USB drive, laptop, smart watch or band, etc.) during the evaluation",
    ),
    v(
        "3-2",
        AllCancelledBarredThisYear,
        "抄袭或协助他人抄袭试题答案或与评价内容相关资料等的",
        "Copying answers or related materials, or helping someone else do so",
    ),
    v(
        "3-3",
        AllCancelledBarredThisYear,
        "故意损毁试卷、工件或考试材料的",
        "Deliberately damaging papers, workpieces or exam materials",
    ),
    v(
        "3-4",
        AllCancelledBarredThisYear,
        "擅自将试题、答卷或者有关内容带出考场的",
        "Taking questions, answer sheets or related content out of the exam room",
    ),
    v(
        "3-5",
        AllCancelledBarredThisYear,
        "存在其他作弊但对其他应试人员未造成严重干扰的行为",
        "Other cheating that does not seriously disturb other candidates",
    ),
    v(
        "4-1",
        AllCancelledBarredTwoOrFiveYears,
        "通过虚假承诺、提供虚假材料以及其他非正当手段取得参加评价资格的",
        "Obtaining the right to sit by false promises, false materials or other improper means",
    ),
    v(
        "4-2",
        AllCancelledBarredTwoOrFiveYears,
        "评价前以非正当手段获得试题或答案或进行传播的",
        "Obtaining or spreading questions or answers by improper means before the evaluation",
    ),
    v(
        "4-3",
        AllCancelledBarredTwoOrFiveYears,
        "抢夺、窃取他人试卷或胁迫他人配合作弊、偷换工量器具或工件等的",
        "Snatching or stealing another's paper, coercing others into cheating, or swapping tools, gauges or workpieces",
    ),
    v(
        "4-4",
        AllCancelledBarredTwoOrFiveYears,
        "由他人冒名顶替参加评价或替他人参加评价的",
        "Having someone sit in one's place, or sitting in someone else's",
    ),
    v(
        "4-5",
        AllCancelledBarredTwoOrFiveYears,
        "串通作弊或参与有组织作弊的",
        "Colluding in cheating or taking part in organised cheating",
    ),
    v(
        "4-6",
        AllCancelledBarredTwoOrFiveYears,
        "故意损毁评价设备（含视频监控系统）、材料，造成设备事故、人身伤害或设备主要零部件损坏的",
        "Deliberately damaging evaluation equipment (including video surveillance) or materials, causing an equipment accident, injury or damage to major parts",
    ),
    v(
        "4-7",
        AllCancelledBarredTwoOrFiveYears,
        "其他影响恶劣或严重扰乱评价管理秩序的行为",
        "Other conduct with a bad effect or that seriously disrupts the evaluation",
    ),
];

/// 附件2, closing paragraph: violations found after the evaluation are handled the same way,
/// and certificates already issued are declared invalid.
pub const AFTER_THE_EVENT_CITATION: Citation = Citation::quoted(Source::Notice2025, "附件2 末段");

pub fn violation(code: &str) -> Option<&'static Violation> {
    VIOLATIONS.iter().find(|v| v.code == code)
}

/// 附件2's closing paragraph, which applies to every violation in it.
pub fn after_the_event() -> Reason {
    Reason {
        code: "found_after_the_event",
        citation: AFTER_THE_EVENT_CITATION,
        zh: "评价结束后才查实的违纪违规行为同样按以上规定处理；已颁发的证书宣布评价成绩无效，证书及网上数据作相应处理。".into(),
        en: "A violation confirmed after the evaluation is handled the same way; a certificate already issued is declared invalid and its records are corrected.".into(),
    }
}

/// What else a reader of one violation must know: false materials (附件2 一) that were used to
/// obtain the right to sit are also 四-1, with its 2- or 5-year bar.
pub fn related(v: &Violation) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if v.code == "1" {
        reasons.push(Reason {
            code: "also_barred",
            citation: Consequence::AllCancelledBarredTwoOrFiveYears.citation(),
            zh: "以虚假承诺、虚假材料等非正当手段取得参加评价资格的，另按附件2 四-1处理：取消当次全部科目成绩，情节轻微的2年内、情节严重的5年内不得参加评价，并可能移送有关部门。".into(),
            en: "Obtaining the right to sit by false promises or materials is also 附件2 四-1: all scores of the sitting cancelled, and barred for 2 years (minor) or 5 years (serious), with possible referral.".into(),
        });
    }
    reasons.push(after_the_event());
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_of_each_section_is_listed_once() {
        let count = |c: Consequence| VIOLATIONS.iter().filter(|v| v.consequence == c).count();
        assert_eq!(count(QualificationCancelled), 1);
        assert_eq!(count(SubjectCancelled), 4);
        assert_eq!(count(AllCancelledBarredThisYear), 5);
        assert_eq!(count(AllCancelledBarredTwoOrFiveYears), 7);
        let mut codes: Vec<_> = VIOLATIONS.iter().map(|v| v.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), VIOLATIONS.len());
    }

    #[test]
    fn a_phone_in_the_exam_costs_every_subject_and_the_year() {
        let phone = violation("3-1").expect("listed");
        assert_eq!(phone.consequence, AllCancelledBarredThisYear);
        assert_eq!(phone.consequence.citation().clause, "附件2 三");
        assert!(violation("9-9").is_none());
    }

    #[test]
    fn false_materials_also_name_the_two_or_five_year_bar() {
        let codes: Vec<&str> = related(violation("1").expect("listed"))
            .iter()
            .map(|r| r.code)
            .collect();
        assert_eq!(codes, ["also_barred", "found_after_the_event"]);
        for v in &VIOLATIONS {
            assert!(related(v).iter().any(|r| r.code == "found_after_the_event"));
        }
    }
}
