//! Where a rule comes from: the document, the clause, and whether we quote it or read it.

use crate::text::Bilingual;
use serde::Serialize;

/// A document a rule can cite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A notice of the association: its number as printed (沪企保协〔2025〕17号) and the year
    /// it was published. In JSON `notice<year>`, e.g. `notice2025`.
    Notice { year: i32, number: &'static str },
    /// 《国家职业标准编制技术规程（2023年版）》附录5, the application conditions (the notice's 附件1).
    Appendix5of2023,
    /// The State Council's published holiday schedule for a year.
    HolidaySchedule,
}

impl Source {
    /// 沪企保协〔2025〕17号, as its book cites it. Answers never cite it by this name: a rule's
    /// clause and a book's value both cite the book that answered (`Rulebook::cite`).
    pub const NOTICE_2025: Source = Source::Notice {
        year: 2025,
        number: "沪企保协〔2025〕17号",
    };

    pub fn title(self) -> Bilingual {
        match self {
            Source::Notice { number, .. } => Bilingual::new(number, format!("Notice {number}")),
            Source::Appendix5of2023 => Bilingual::fixed(
                "《国家职业标准编制技术规程（2023年版）》附录5",
                "Appendix 5 of the 2023 technical rules for national occupational standards",
            ),
            Source::HolidaySchedule => {
                Bilingual::fixed("国务院办公厅节假日安排", "State Council holiday schedule")
            }
        }
    }

    /// As the API writes it: `notice2025`, `appendix5of2023`, `holiday_schedule`.
    pub fn code(self) -> std::borrow::Cow<'static, str> {
        match self {
            Source::Notice { year, .. } => format!("notice{year}").into(),
            Source::Appendix5of2023 => "appendix5of2023".into(),
            Source::HolidaySchedule => "holiday_schedule".into(),
        }
    }
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.code())
    }
}

/// The same shape as its `Serialize`: a notice by its year, or one of the other documents.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Source {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Source".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A document a rule can cite: an association notice by its year (notice2025), appendix 5 of 2023, or the State Council's holiday schedule.",
            "type": "string",
            "pattern": "^(notice[0-9]{4}|appendix5of2023|holiday_schedule)$"
        })
    }
}

/// Whether a rule states what the text says, or is the reading we take where the text is silent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Quoted,
    Interpretation,
}

/// The clause a rule relied on, e.g. 沪企保协〔2025〕17号 二（一）.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

    /// How the app shows it, e.g. "沪企保协〔2025〕17号 一" / "Notice 沪企保协〔2025〕17号, clause 1".
    pub fn label(&self) -> Bilingual {
        let title = self.source.title();
        Bilingual::new(
            format!("{} {}", title.zh, self.clause),
            format!("{}, clause {}", title.en, clause_in_english(self.clause)),
        )
    }
}

/// A clause of the notice as a rule cites it. The rule is code and holds under every year's
/// notice; which notice it cites is the book it answered from (`Rulebook::cite`), so an answer
/// under a new notice never names the old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoticeClause {
    /// The clause as the notice numbers it, e.g. "二（三）"; a reading adds its question after "：".
    pub clause: &'static str,
    pub kind: SourceKind,
}

impl NoticeClause {
    pub const fn quoted(clause: &'static str) -> Self {
        NoticeClause {
            clause,
            kind: SourceKind::Quoted,
        }
    }

    pub const fn reading(clause: &'static str) -> Self {
        NoticeClause {
            clause,
            kind: SourceKind::Interpretation,
        }
    }

    /// This clause of the notice `source`.
    pub const fn of(self, source: Source) -> Citation {
        Citation {
            source,
            clause: self.clause,
            kind: self.kind,
        }
    }
}

/// A clause's number as an English reader reads it: 二（四） → 2(4), 附件2 四-1 → attachment 2,
/// 4-1, 三级(2) → level 3 (2). A reading's own note after "：" is left out (the words are in
/// the expandable clause); anything else is kept as the document writes it.
pub fn clause_in_english(clause: &str) -> String {
    let clause = clause.split('：').next().unwrap_or(clause);
    let named = [
        ("考核费（补考费）表", ", fee table"),
        ("末段", ", last paragraph"),
        ("附件", "attachment "),
        ("附录", "appendix "),
        ("注", ", note"),
    ];
    let mut out = String::new();
    let mut rest = clause;
    'outer: while let Some(c) = rest.chars().next() {
        for (zh, en) in named {
            if let Some(after) = rest.strip_prefix(zh) {
                out.push_str(en);
                rest = after;
                continue 'outer;
            }
        }
        let numeral: String = rest
            .chars()
            .take_while(|c| numeral_value(*c).is_some())
            .collect();
        if !numeral.is_empty() {
            rest = &rest[numeral.len()..];
            // A numeral this reader does not know stays as written, never a wrong number.
            let number = chinese_number(&numeral).map_or(numeral.clone(), |n| n.to_string());
            if let Some(after) = rest.strip_prefix('级') {
                out.push_str(&format!("level {number} "));
                rest = after;
            } else {
                // "附件2 四": a number after a number is the next level of the clause.
                let kept = out.trim_end().len();
                if out[..kept].ends_with(|c: char| c.is_ascii_digit()) {
                    out.truncate(kept);
                    out.push_str(", ");
                }
                out.push_str(&number);
            }
            continue;
        }
        match c {
            '（' => out.push('('),
            '）' => out.push(')'),
            ' ' if out.ends_with(' ') => {}
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out.trim().replace("  ", " ").replace(" ,", ",")
}

fn numeral_value(c: char) -> Option<u32> {
    "零一二三四五六七八九十"
        .chars()
        .position(|n| n == c)
        .map(|v| v as u32)
}

/// 一 … 九十九, as the documents number their clauses; `None` for anything else.
fn chinese_number(text: &str) -> Option<u32> {
    let digits: Vec<u32> = text.chars().filter_map(numeral_value).collect();
    match digits.as_slice() {
        [10] => Some(10),
        [10, units] if *units < 10 => Some(10 + units),
        [tens, 10] if (2..10).contains(tens) => Some(tens * 10),
        [tens, 10, units] if (2..10).contains(tens) && (1..10).contains(units) => {
            Some(tens * 10 + units)
        }
        [single] if (1..10).contains(single) => Some(*single),
        _ => None,
    }
}

impl Citation {
    /// The short form shown at the end of a sentence, tapped to read the rest: the clause of a
    /// quoted text (the stamp of every answer names the notice), or "our reading".
    pub fn short_label(&self) -> Bilingual {
        match (self.kind, self.source) {
            (SourceKind::Interpretation, _) => Bilingual::fixed("本工具的理解", "our reading"),
            (SourceKind::Quoted, Source::Notice { .. }) => Bilingual::new(
                format!("通知{}", self.clause),
                format!("notice, {}", clause_in_english(self.clause)),
            ),
            (SourceKind::Quoted, Source::Appendix5of2023) => Bilingual::new(
                format!("附录5 {}", self.clause),
                format!("appendix 5, {}", clause_in_english(self.clause)),
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

/// The same shape as its `Serialize`: the code, the citation, and the sentence as `zh` and `en`.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Reason {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Reason".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let citation = generator.subschema_for::<Citation>();
        schemars::json_schema!({
            "description": "One sentence of explanation in both languages, with a stable code and its clause.",
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "citation": citation,
                "zh": {"type": "string"},
                "en": {"type": "string"}
            },
            "required": ["code", "citation", "zh", "en"],
            "additionalProperties": false
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_the_document_and_the_clause() {
        let c = Citation::quoted(Source::NOTICE_2025, "二（一）");
        assert_eq!(c.label().zh, "沪企保协〔2025〕17号 二（一）");
        assert_eq!(c.label().en, "Notice 沪企保协〔2025〕17号, clause 2(1)");
        assert_eq!(c.kind, SourceKind::Quoted);
    }

    #[test]
    fn a_later_notice_is_cited_by_its_own_number_and_year() {
        let later = Source::Notice {
            year: 2026,
            number: "沪企保协〔2026〕3号",
        };
        let c = Citation::quoted(later, "二（四）");
        assert_eq!(c.label().zh, "沪企保协〔2026〕3号 二（四）");
        assert_eq!(later.code(), "notice2026");
        assert_eq!(
            serde_json::to_value(c).expect("JSON")["source"],
            "notice2026"
        );
        // The 2025 notice keeps the code the API has always written.
        assert_eq!(Source::NOTICE_2025.code(), "notice2025");
        assert_eq!(Source::Appendix5of2023.code(), "appendix5of2023");
        assert_eq!(Source::HolidaySchedule.code(), "holiday_schedule");
    }

    #[test]
    fn clause_numbers_read_in_english() {
        for (zh, en) in [
            ("一", "1"),
            ("二（四）", "2(4)"),
            ("二（三）注", "2(3), note"),
            ("二（四）考核费（补考费）表", "2(4), fee table"),
            ("六（四）2", "6(4)2"),
            ("附件2 四", "attachment 2, 4"),
            ("附件2 四-1", "attachment 2, 4-1"),
            ("附件2 末段", "attachment 2, last paragraph"),
            ("三级(2)", "level 3 (2)"),
            ("四级(9)", "level 4 (9)"),
            ("三：自最后一科次日起计工作日", "3"),
            ("十二", "12"),
            ("二十一", "21"),
            // Not a clause number this reader knows: kept as written.
            ("十十", "十十"),
            ("零", "零"),
        ] {
            assert_eq!(clause_in_english(zh), en, "{zh}");
        }
    }
}
