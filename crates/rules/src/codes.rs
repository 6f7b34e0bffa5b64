//! Stable codes of the enums a person's answers are kept with: the same words as their JSON
//! names in the API, so stored answers read back however they were written, and a client can
//! store them without a JSON library.

use crate::eligibility::{CertificateLevel, School, SchoolStatus, TitleGrade};

pub trait Code: Sized + Copy + 'static {
    /// Every value, in a fixed order.
    const ALL: &'static [Self];

    fn code(self) -> &'static str;

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }
}

impl Code for School {
    const ALL: &'static [School] = &[
        School::SecondaryOrBelow,
        School::TechnicalSchoolSeniorClass,
        School::SeniorTechnicalSchool,
        School::TechnicianCollege,
        School::TechnicianClass,
        School::HigherVocational,
        School::College,
        School::Bachelor,
        School::Postgraduate,
    ];

    fn code(self) -> &'static str {
        match self {
            School::SecondaryOrBelow => "secondary_or_below",
            School::TechnicalSchoolSeniorClass => "technical_school_senior_class",
            School::SeniorTechnicalSchool => "senior_technical_school",
            School::TechnicianCollege => "technician_college",
            School::TechnicianClass => "technician_class",
            School::HigherVocational => "higher_vocational",
            School::College => "college",
            School::Bachelor => "bachelor",
            School::Postgraduate => "postgraduate",
        }
    }
}

impl Code for SchoolStatus {
    const ALL: &'static [SchoolStatus] = &[
        SchoolStatus::Graduated,
        SchoolStatus::FinalYear,
        SchoolStatus::Studying,
    ];

    fn code(self) -> &'static str {
        match self {
            SchoolStatus::Graduated => "graduated",
            SchoolStatus::FinalYear => "final_year",
            SchoolStatus::Studying => "studying",
        }
    }
}

impl Code for CertificateLevel {
    const ALL: &'static [CertificateLevel] = &[
        CertificateLevel::Five,
        CertificateLevel::Four,
        CertificateLevel::Three,
        CertificateLevel::Two,
        CertificateLevel::One,
    ];

    fn code(self) -> &'static str {
        match self {
            CertificateLevel::Five => "five",
            CertificateLevel::Four => "four",
            CertificateLevel::Three => "three",
            CertificateLevel::Two => "two",
            CertificateLevel::One => "one",
        }
    }
}

impl Code for TitleGrade {
    const ALL: &'static [TitleGrade] = &[
        TitleGrade::Junior,
        TitleGrade::Intermediate,
        TitleGrade::Senior,
    ];

    fn code(self) -> &'static str {
        match self {
            TitleGrade::Junior => "junior",
            TitleGrade::Intermediate => "intermediate",
            TitleGrade::Senior => "senior",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each code is the value's JSON name, and every value is listed once.
    fn codes_are_json_names<T: Code + serde::Serialize + PartialEq + std::fmt::Debug>() {
        for &v in T::ALL {
            let json = serde_json::to_string(&v).expect("serialises");
            assert_eq!(json, format!("\"{}\"", v.code()));
            assert_eq!(T::from_code(v.code()), Some(v));
        }
        let mut codes: Vec<&str> = T::ALL.iter().map(|v| v.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), T::ALL.len());
        assert_eq!(T::from_code("no such code"), None);
    }

    #[test]
    fn every_stored_enum_uses_its_json_name() {
        codes_are_json_names::<School>();
        codes_are_json_names::<SchoolStatus>();
        codes_are_json_names::<CertificateLevel>();
        codes_are_json_names::<TitleGrade>();
    }
}
