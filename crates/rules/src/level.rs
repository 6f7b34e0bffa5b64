//! The three levels of 保卫管理员 that the notice offers.

use crate::citation::NoticeClause;
use crate::text::Bilingual;
use serde::{Deserialize, Serialize};

/// A level of the 保卫管理员 vocational skill certificate.
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
pub enum Level {
    /// 三级 / 高级工
    Three,
    /// 二级 / 技师
    Two,
    /// 一级 / 高级技师
    One,
}

impl Level {
    /// The levels the association evaluates in 2025, in the order the notice lists them.
    pub const OFFERED: [Level; 3] = [Level::Three, Level::Two, Level::One];

    /// Section 一 lists the three evaluation items.
    pub const OFFERED_CLAUSE: NoticeClause = NoticeClause::quoted("一");

    /// The name as the notice writes it, e.g. "保卫管理员（高级工/三级）".
    pub fn title(self) -> Bilingual {
        match self {
            Level::Three => Bilingual::fixed(
                "保卫管理员（高级工/三级）",
                "Security administrator, level 3 (senior worker)",
            ),
            Level::Two => Bilingual::fixed(
                "保卫管理员（技师/二级）",
                "Security administrator, level 2 (technician)",
            ),
            Level::One => Bilingual::fixed(
                "保卫管理员（高级技师/一级）",
                "Security administrator, level 1 (senior technician)",
            ),
        }
    }

    /// "三级", as the appendix heads a level's routes.
    pub fn short_zh(self) -> &'static str {
        match self {
            Level::Three => "三级",
            Level::Two => "二级",
            Level::One => "一级",
        }
    }

    /// The stable code used in JSON and in ids, e.g. "three".
    pub fn code(self) -> &'static str {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_offers_three_levels_from_senior_worker_up() {
        assert_eq!(Level::OFFERED, [Level::Three, Level::Two, Level::One]);
        assert_eq!(Level::OFFERED_CLAUSE.clause, "一");
        assert!(
            Level::OFFERED
                .iter()
                .all(|l| l.title().zh.starts_with("保卫管理员（"))
        );
    }

    #[test]
    fn levels_serialise_as_stable_codes() {
        // The app and the API exchange levels by these codes; renaming one breaks saved drafts.
        let codes: Vec<String> = Level::OFFERED
            .iter()
            .map(|l| serde_json::to_string(l).expect("a level serialises"))
            .collect();
        assert_eq!(codes, [r#""three""#, r#""two""#, r#""one""#]);
        for level in Level::OFFERED {
            let json = serde_json::to_string(&level).expect("a level serialises");
            assert_eq!(json, format!("\"{}\"", level.code()));
        }
        let back: Level = serde_json::from_str(r#""two""#).expect("a known code parses");
        assert_eq!(back, Level::Two);
        assert!(serde_json::from_str::<Level>(r#""four""#).is_err());
    }
}
