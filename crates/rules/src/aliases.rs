//! The words people write for a choice — on a diploma, in an institution's spreadsheet — and
//! the choice each means: one table per kind, read after [`normalise`] (full-width letters and
//! digits as half-width, brackets as half-width, no spaces). Every label the app shows reads back
//! too. `docs/roster-format.md` lists these tables; a test holds the two together.

use crate::eligibility::{CertificateLevel, School, SchoolStatus, TitleGrade};
use crate::level::Level;

/// Schooling, as diplomas and spreadsheets name it.
pub const SCHOOLS: &[(&str, School)] = &[
    ("研究生", School::Postgraduate),
    ("硕士", School::Postgraduate),
    ("硕士研究生", School::Postgraduate),
    ("博士", School::Postgraduate),
    ("博士研究生", School::Postgraduate),
    ("研究生及以上", School::Postgraduate),
    ("本科", School::Bachelor),
    ("大学本科", School::Bachelor),
    ("本科及以上", School::Bachelor),
    ("大专", School::College),
    ("专科", School::College),
    ("大学专科", School::College),
    ("高专", School::College),
    ("高等专科学校", School::College),
    ("高职", School::HigherVocational),
    ("高职高专", School::HigherVocational),
    ("高等职业学校", School::HigherVocational),
    ("预备技师班", School::TechnicianClass),
    ("技师班", School::TechnicianClass),
    ("技师学院", School::TechnicianCollege),
    ("技师学院高级工班", School::TechnicianCollege),
    ("高级技工学校", School::SeniorTechnicalSchool),
    ("技工院校高级工班", School::TechnicalSchoolSeniorClass),
    ("高级工班", School::TechnicalSchoolSeniorClass),
    ("高中", School::SecondaryOrBelow),
    ("中专", School::SecondaryOrBelow),
    ("中职", School::SecondaryOrBelow),
    ("职高", School::SecondaryOrBelow),
    ("中技", School::SecondaryOrBelow),
    ("技校", School::SecondaryOrBelow),
    ("技工学校", School::SecondaryOrBelow),
    ("初中", School::SecondaryOrBelow),
    ("高中及以下", School::SecondaryOrBelow),
    ("初中及以下", School::SecondaryOrBelow),
];

/// Whether the schooling is finished, as spreadsheets say it.
pub const STATUSES: &[(&str, SchoolStatus)] = &[
    ("毕业", SchoolStatus::Graduated),
    ("已毕业", SchoolStatus::Graduated),
    ("应届", SchoolStatus::FinalYear),
    ("应届毕业生", SchoolStatus::FinalYear),
    ("在读应届", SchoolStatus::FinalYear),
    ("在读", SchoolStatus::Studying),
    ("非应届", SchoolStatus::Studying),
];

/// The level applied for, as institutions write it: the number, the worker's title, both.
pub const LEVELS: &[(&str, Level)] = &[
    ("三级", Level::Three),
    ("3级", Level::Three),
    ("3", Level::Three),
    ("高级工", Level::Three),
    ("三级/高级工", Level::Three),
    ("高级工/三级", Level::Three),
    ("二级", Level::Two),
    ("2级", Level::Two),
    ("2", Level::Two),
    ("技师", Level::Two),
    ("二级/技师", Level::Two),
    ("技师/二级", Level::Two),
    ("一级", Level::One),
    ("1级", Level::One),
    ("1", Level::One),
    ("高级技师", Level::One),
    ("一级/高级技师", Level::One),
    ("高级技师/一级", Level::One),
];

/// A certificate's level, short or long.
pub const CERTIFICATES: &[(&str, CertificateLevel)] = &[
    ("五级", CertificateLevel::Five),
    ("初级工", CertificateLevel::Five),
    ("四级", CertificateLevel::Four),
    ("中级工", CertificateLevel::Four),
    ("三级", CertificateLevel::Three),
    ("高级工", CertificateLevel::Three),
    ("二级", CertificateLevel::Two),
    ("技师", CertificateLevel::Two),
    ("一级", CertificateLevel::One),
    ("高级技师", CertificateLevel::One),
];

/// A professional title's grade.
pub const TITLES: &[(&str, TitleGrade)] = &[
    ("初级", TitleGrade::Junior),
    ("中级", TitleGrade::Intermediate),
    ("高级", TitleGrade::Senior),
];

/// Text as the tables compare it: full-width letters, digits and signs as half-width (the
/// ideographic space as a space), brackets half-width, every space removed.
pub fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            // The full-width forms of ASCII sit at a fixed offset from it.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '【' | '〔' => '(',
            '】' | '〕' => ')',
            '、' => '/',
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The choice `text` names in `table`, or the label of one of `labels` (the words the app shows
/// for each choice), compared after [`normalise`].
pub fn find<T: Copy>(
    text: &str,
    table: &[(&str, T)],
    labels: impl IntoIterator<Item = (String, T)>,
) -> Option<T> {
    let text = normalise(text);
    table
        .iter()
        .find(|(word, _)| normalise(word) == text)
        .map(|(_, v)| *v)
        .or_else(|| {
            labels
                .into_iter()
                .find(|(word, _)| normalise(word) == text)
                .map(|(_, v)| v)
        })
}

pub fn school(text: &str) -> Option<School> {
    use crate::codes::Code;
    find(
        text,
        SCHOOLS,
        School::ALL.iter().map(|s| (s.label().zh.into_owned(), *s)),
    )
}

pub fn status(text: &str) -> Option<SchoolStatus> {
    use crate::codes::Code;
    find(
        text,
        STATUSES,
        SchoolStatus::ALL
            .iter()
            .map(|s| (s.label().zh.into_owned(), *s)),
    )
}

pub fn level(text: &str) -> Option<Level> {
    find(
        text,
        LEVELS,
        Level::OFFERED
            .iter()
            .map(|l| (l.choice_label().zh.into_owned(), *l)),
    )
}

pub fn certificate(text: &str) -> Option<CertificateLevel> {
    use crate::codes::Code;
    find(
        text,
        CERTIFICATES,
        CertificateLevel::ALL.iter().flat_map(|c| {
            [
                (c.label().zh.into_owned(), *c),
                (format!("{}证书", c.short_label().zh), *c),
            ]
        }),
    )
}

pub fn title(text: &str) -> Option<TitleGrade> {
    use crate::codes::Code;
    find(
        text,
        TITLES,
        TitleGrade::ALL
            .iter()
            .map(|t| (t.label().zh.into_owned(), *t)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Code;

    #[test]
    fn the_words_on_diplomas_are_read_in_any_width_and_spacing() {
        for (text, want) in [
            ("硕士研究生", School::Postgraduate),
            ("硕士 研究生", School::Postgraduate),
            ("博士研究生", School::Postgraduate),
            ("大学本科", School::Bachelor),
            ("大学专科", School::College),
            ("高职", School::HigherVocational),
            ("中职", School::SecondaryOrBelow),
            ("技工学校", School::SecondaryOrBelow),
            ("技工院校高级工班", School::TechnicalSchoolSeniorClass),
            ("预备技师班", School::TechnicianClass),
            ("大专（普通高等学校专科）", School::College),
            ("大专(普通高等学校专科)", School::College),
            ("\u{3000}本科\u{3000}", School::Bachelor),
        ] {
            assert_eq!(school(text), Some(want), "{text}");
        }
        assert_eq!(school("MBA"), None);
        assert_eq!(level("３级"), Some(Level::Three));
        assert_eq!(level("高级工"), Some(Level::Three));
        assert_eq!(level("三级（高级工）"), Some(Level::Three));
        assert_eq!(status("应届"), Some(SchoolStatus::FinalYear));
        assert_eq!(certificate("四级证书"), Some(CertificateLevel::Four));
        assert_eq!(title("中级职称"), Some(TitleGrade::Intermediate));
    }

    #[test]
    fn every_label_the_app_shows_reads_back() {
        for s in School::ALL {
            assert_eq!(school(&s.label().zh), Some(*s));
        }
        for s in SchoolStatus::ALL {
            assert_eq!(status(&s.label().zh), Some(*s));
        }
        for l in Level::OFFERED {
            assert_eq!(level(&l.choice_label().zh), Some(l));
        }
        for c in CertificateLevel::ALL {
            assert_eq!(certificate(&c.label().zh), Some(*c));
        }
        for t in TitleGrade::ALL {
            assert_eq!(title(&t.label().zh), Some(*t));
        }
    }
}
