//! What each choice a person makes is called, in both languages: the self-assessment's and
//! the roster's questions, the rules' sentences and exported files all take these words.
//! English labels are written as they read mid-sentence ("a level 4 (intermediate worker)
//! certificate"); [`Bilingual::capitalised`] makes a heading or an option of them.

use crate::eligibility::{CertificateLevel, School, SchoolStatus, TitleGrade};
use crate::level::Level;
use crate::text::Bilingual;

impl Level {
    /// The level as a choice, e.g. "三级（高级工）".
    pub fn choice_label(self) -> Bilingual {
        match self {
            Level::Three => Bilingual::fixed("三级（高级工）", "level 3 (senior worker)"),
            Level::Two => Bilingual::fixed("二级（技师）", "level 2 (technician)"),
            Level::One => Bilingual::fixed("一级（高级技师）", "level 1 (senior technician)"),
        }
    }
}

impl CertificateLevel {
    pub fn label(self) -> Bilingual {
        match self {
            CertificateLevel::Five => Bilingual::fixed("五级/初级工", "level 5 (junior worker)"),
            CertificateLevel::Four => {
                Bilingual::fixed("四级/中级工", "level 4 (intermediate worker)")
            }
            CertificateLevel::Three => Bilingual::fixed("三级/高级工", "level 3 (senior worker)"),
            CertificateLevel::Two => Bilingual::fixed("二级/技师", "level 2 (technician)"),
            CertificateLevel::One => {
                Bilingual::fixed("一级/高级技师", "level 1 (senior technician)")
            }
        }
    }

    /// As a clause names it before 「证书」, e.g. "四级".
    pub fn short_label(self) -> Bilingual {
        match self {
            CertificateLevel::Five => Bilingual::fixed("五级", "level 5"),
            CertificateLevel::Four => Bilingual::fixed("四级", "level 4"),
            CertificateLevel::Three => Bilingual::fixed("三级", "level 3"),
            CertificateLevel::Two => Bilingual::fixed("二级", "level 2"),
            CertificateLevel::One => Bilingual::fixed("一级", "level 1"),
        }
    }
}

impl TitleGrade {
    pub fn label(self) -> Bilingual {
        match self {
            TitleGrade::Junior => Bilingual::fixed("初级职称", "junior professional title"),
            TitleGrade::Intermediate => {
                Bilingual::fixed("中级职称", "intermediate professional title")
            }
            TitleGrade::Senior => Bilingual::fixed("高级职称", "senior professional title"),
        }
    }
}

impl School {
    pub fn label(self) -> Bilingual {
        match self {
            School::Postgraduate => Bilingual::fixed("研究生", "postgraduate"),
            School::Bachelor => Bilingual::fixed("本科", "bachelor's degree"),
            School::College => Bilingual::fixed("大专（普通高等学校专科）", "college (大专)"),
            School::HigherVocational => {
                Bilingual::fixed("高等职业学校（高职）", "higher vocational school")
            }
            School::TechnicianClass => Bilingual::fixed(
                "技师学院预备技师班或技师班",
                "technician college, technician class",
            ),
            School::TechnicianCollege => Bilingual::fixed(
                "技师学院（高级工班）",
                "technician college (senior-worker class)",
            ),
            School::SeniorTechnicalSchool => {
                Bilingual::fixed("高级技工学校", "senior technical school")
            }
            School::TechnicalSchoolSeniorClass => {
                Bilingual::fixed("技工院校高级工班", "technical school, senior-worker class")
            }
            School::SecondaryOrBelow => {
                Bilingual::fixed("高中、中专、职高或以下", "secondary school or below")
            }
        }
    }
}

impl SchoolStatus {
    pub fn label(self) -> Bilingual {
        match self {
            SchoolStatus::Graduated => Bilingual::fixed("已毕业", "graduated"),
            SchoolStatus::FinalYear => {
                Bilingual::fixed("在读，今年毕业（应届）", "studying, final year")
            }
            SchoolStatus::Studying => {
                Bilingual::fixed("在读，非应届", "studying, not the final year")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::codes::Code;
    use crate::eligibility::{CertificateLevel, School, SchoolStatus, TitleGrade};

    /// No two choices of one question may read alike, in either language.
    fn distinct<T: Code>(label: fn(T) -> crate::Bilingual) {
        let labels: Vec<_> = T::ALL.iter().map(|v| label(*v)).collect();
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(a.zh != b.zh && a.en != b.en, "{a:?} / {b:?}");
            }
        }
    }

    #[test]
    fn every_choice_has_its_own_words() {
        distinct::<School>(School::label);
        distinct::<SchoolStatus>(SchoolStatus::label);
        distinct::<CertificateLevel>(CertificateLevel::label);
        distinct::<CertificateLevel>(CertificateLevel::short_label);
        distinct::<TitleGrade>(TitleGrade::label);
    }
}
