//! What a candidate tells us, in the rules' terms: dates read, choices made. A person's typing
//! becomes one of these through `candidate_draft`; the API receives one as JSON.

use crate::dates::{self, Period};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a candidate tells us, in terms a person can answer on a phone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// The birth date, or
    #[serde(default, deserialize_with = "dates::strict::optional_date")]
    pub birth_date: Option<NaiveDate>,
    /// an 18-digit identity number to take it from.
    #[serde(default)]
    pub id_number: Option<String>,
    /// Each school qualification, finished or in its final year.
    #[serde(default)]
    pub schooling: Vec<Schooling>,
    /// Periods of work in this occupation (保卫管理员) or a related one.
    #[serde(default)]
    pub work: Vec<Period>,
    /// Certificates of this or a related occupation.
    #[serde(default)]
    pub certificates: Vec<Certificate>,
    /// Professional titles whose specialty matches (符合专业对应关系).
    #[serde(default)]
    pub titles: Vec<Title>,
}

/// A kind of school programme, as appendix 5 distinguishes them.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Deserialize,
    Serialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum School {
    /// 高中、中专、职高 or below, or a 技工院校 中级工班.
    SecondaryOrBelow,
    /// 技工院校高级工班 (at a 技工学校).
    TechnicalSchoolSeniorClass,
    /// 高级技工学校.
    SeniorTechnicalSchool,
    /// 技师学院 (other than its 预备技师班/技师班).
    TechnicianCollege,
    /// 技师学院 预备技师班 or 技师班.
    TechnicianClass,
    /// 高等职业学校 (专科 level).
    HigherVocational,
    /// 普通高等学校 专科.
    College,
    /// 普通高等学校 本科.
    Bachelor,
    /// 研究生 (硕士 or 博士).
    Postgraduate,
}

impl School {
    pub(super) fn is_higher_education(self) -> bool {
        matches!(
            self,
            School::HigherVocational | School::College | School::Bachelor | School::Postgraduate
        )
    }

    /// 技工院校高级工班及以上.
    pub(super) fn is_senior_technical(self) -> bool {
        matches!(
            self,
            School::TechnicalSchoolSeniorClass
                | School::SeniorTechnicalSchool
                | School::TechnicianCollege
                | School::TechnicianClass
        )
    }
}

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Deserialize,
    Serialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SchoolStatus {
    Graduated,
    /// 在读应届毕业生: in the final year.
    FinalYear,
    /// In school, not in the final year.
    Studying,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Schooling {
    pub school: School,
    pub status: SchoolStatus,
    /// 本专业或相关专业.
    #[serde(default)]
    pub related_specialty: bool,
    /// 经评估论证 (a programme assessed for this occupation).
    #[serde(default)]
    pub assessed: bool,
}

impl Schooling {
    /// Holds the diploma, or is in the final year where the clause says 含在读应届毕业生.
    pub(super) fn diploma_or_final_year(&self) -> bool {
        matches!(
            self.status,
            SchoolStatus::Graduated | SchoolStatus::FinalYear
        )
    }
}

/// A level of vocational certificate; 五级 and 四级 exist for related occupations. Ordered from
/// the lowest grade to the highest, so `>=` reads "this grade or higher".
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Deserialize,
    Serialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CertificateLevel {
    Five,
    Four,
    Three,
    Two,
    One,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    pub level: CertificateLevel,
    #[serde(deserialize_with = "dates::strict::date")]
    pub issued: NaiveDate,
}

/// Ordered from the lowest grade to the highest.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Deserialize,
    Serialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TitleGrade {
    Junior,
    Intermediate,
    Senior,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Title {
    pub grade: TitleGrade,
    #[serde(deserialize_with = "dates::strict::date")]
    pub obtained: NaiveDate,
}
