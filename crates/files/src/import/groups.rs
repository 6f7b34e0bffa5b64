//! The kind of a problem the rules found in a row, as a big file's report groups them: the
//! same title for every row with it, whatever the row's values.

use crate::columns::Column;
use pingjia_rules::Bilingual;
use pingjia_rules::candidate_draft::ProblemCode;
use pingjia_rules::id_number::IdNumberError;
use pingjia_rules::roster::EntryProblem;

pub fn of_rule(column: Column, problem: &EntryProblem) -> Bilingual {
    let heading = column.heading();
    let empty = || Bilingual::new(format!("{heading}未填"), format!("{heading}: empty"));
    let code = match problem {
        EntryProblem::NameRequired
        | EntryProblem::LevelRequired
        | EntryProblem::IdNumberRequired => return empty(),
        EntryProblem::RetakeSubject(_) => {
            return Bilingual::fixed(
                "补考科目不属于所选等级",
                "Retaken subjects the level does not have",
            );
        }
        EntryProblem::Candidate(p) => &p.code,
    };
    match code {
        ProblemCode::Required | ProblemCode::NoBirthDate => empty(),
        ProblemCode::BadDate => Bilingual::new(
            format!("{heading}：不是日期"),
            format!("{heading}: not a date"),
        ),
        ProblemCode::FutureDate { .. } => Bilingual::new(
            format!("{heading}晚于申报日期"),
            format!("{heading}: after the application date"),
        ),
        ProblemCode::DateOutOfRange { .. } => Bilingual::new(
            format!("{heading}超出可计算范围"),
            format!("{heading}: outside 1900-2199"),
        ),
        ProblemCode::PeriodBackwards { .. } => Bilingual::fixed(
            "工作结束日期早于开始日期",
            "Work that ends before it starts",
        ),
        ProblemCode::BirthDateMismatch { .. } => Bilingual::fixed(
            "出生日期与身份证号不一致",
            "Birth dates that differ from the identity number",
        ),
        ProblemCode::IdNumber(e) => match e {
            IdNumberError::Length { .. } => {
                Bilingual::fixed("身份证号位数不对", "Identity numbers of the wrong length")
            }
            IdNumberError::Characters { .. } => Bilingual::fixed(
                "身份证号含有不是数字的字符",
                "Identity numbers with characters that are not digits",
            ),
            IdNumberError::BirthDate { .. } => Bilingual::fixed(
                "身份证号中的出生日期无效",
                "Identity numbers whose birth date is not a date",
            ),
            IdNumberError::CheckDigit { .. } => Bilingual::fixed(
                "身份证号校验位不符",
                "Identity numbers whose check character does not match",
            ),
        },
    }
}
