//! Where a rule comes from: the document, the clause, and whether we quote it or read it.

use crate::text::Bilingual;
use serde::Serialize;

/// A document a rule can cite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// 沪企保协〔2025〕17号, the notice itself.
    Notice2025,
    /// 《国家职业标准编制技术规程（2023年版）》附录5, the application conditions (the notice's 附件1).
    Appendix5of2023,
    /// The State Council's published holiday schedule for a year.
    HolidaySchedule,
}

impl Source {
    pub fn title(self) -> Bilingual {
        match self {
            Source::Notice2025 => {
                Bilingual::fixed("沪企保协〔2025〕17号", "Notice 沪企保协〔2025〕17号")
            }
            Source::Appendix5of2023 => Bilingual::fixed(
                "《国家职业标准编制技术规程（2023年版）》附录5",
                "Appendix 5 of the 2023 technical rules for national occupational standards",
            ),
            Source::HolidaySchedule => {
                Bilingual::fixed("国务院办公厅节假日安排", "State Council holiday schedule")
            }
        }
    }
}

/// Whether a rule states what the text says, or is the reading we take where the text is silent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Quoted,
    Interpretation,
}

/// The clause a rule relied on, e.g. 沪企保协〔2025〕17号 二（一）.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Citation {
    pub source: Source,
    /// The clause as the document numbers it, e.g. "二（一）" or "三级(2)".
    pub clause: &'static str,
    pub kind: SourceKind,
}

impl Citation {
    pub const fn quoted(source: Source, clause: &'static str) -> Self {
        Citation {
            source,
            clause,
            kind: SourceKind::Quoted,
        }
    }

    pub const fn interpretation(source: Source, clause: &'static str) -> Self {
        Citation {
            source,
            clause,
            kind: SourceKind::Interpretation,
        }
    }

    /// How the app shows it, e.g. "沪企保协〔2025〕17号 一" / "Notice 沪企保协〔2025〕17号, clause 一".
    pub fn label(&self) -> Bilingual {
        let title = self.source.title();
        Bilingual::new(
            format!("{} {}", title.zh, self.clause),
            format!("{}, clause {}", title.en, self.clause),
        )
    }
}

impl Citation {
    /// The short form shown at the end of a sentence, tapped to read the rest: the clause of a
    /// quoted text (the stamp of every answer names the notice), or "our reading".
    pub fn short_label(&self) -> Bilingual {
        match (self.kind, self.source) {
            (SourceKind::Interpretation, _) => Bilingual::fixed("本工具的理解", "our reading"),
            (SourceKind::Quoted, Source::Notice2025) => Bilingual::new(
                format!("通知{}", self.clause),
                format!("notice, {}", self.clause),
            ),
            (SourceKind::Quoted, Source::Appendix5of2023) => Bilingual::new(
                format!("附录5 {}", self.clause),
                format!("appendix 5, {}", self.clause),
            ),
            (SourceKind::Quoted, Source::HolidaySchedule) => self.label(),
        }
    }
}

/// One sentence of explanation in both languages, with a stable code and its clause. In JSON
/// the sentence is two fields, `zh` and `en`, beside the code and the citation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub code: &'static str,
    pub citation: Citation,
    pub text: Bilingual,
}

impl Reason {
    /// Whether the reason is a wait (age, work years, years since a certificate or title): its
    /// text already says until when, or that time alone will not do.
    pub fn is_about_time(&self) -> bool {
        use crate::eligibility::UNDER_16;
        use crate::eligibility::routes::{HELD_TOO_SHORT, NOT_ENOUGH_WORK};
        [UNDER_16, NOT_ENOUGH_WORK, HELD_TOO_SHORT].contains(&self.code)
    }
}

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Reason", 4)?;
        s.serialize_field("code", self.code)?;
        s.serialize_field("citation", &self.citation)?;
        s.serialize_field("zh", &self.text.zh)?;
        s.serialize_field("en", &self.text.en)?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_the_document_and_the_clause() {
        let c = Citation::quoted(Source::Notice2025, "二（一）");
        assert_eq!(c.label().zh, "沪企保协〔2025〕17号 二（一）");
        assert_eq!(c.label().en, "Notice 沪企保协〔2025〕17号, clause 二（一）");
        assert_eq!(c.kind, SourceKind::Quoted);
    }
}
