//! Text in the two languages pingjia speaks. A message is kept as a [`Bilingual`] (or as a code
//! that makes one) until the moment it is shown, so switching language re-words everything on
//! the screen, errors included.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;

/// A language of the interface. Chinese comes first: most users read it first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    ZhCn,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The BCP 47 tag, for `<html lang>` and the keys of a message in JSON.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language's name in itself, as a language switch shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::ZhCn => "简体中文",
            Lang::En => "English",
        }
    }
}

/// One sentence (or label) in Chinese and in English. In JSON it is
/// `{"zh-CN": "…", "en": "…"}`, the shape of every message the API sends.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Bilingual {
    pub zh: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

impl Bilingual {
    /// Fixed words, written side by side so a missing translation cannot compile.
    pub const fn fixed(zh: &'static str, en: &'static str) -> Self {
        Bilingual {
            zh: Cow::Borrowed(zh),
            en: Cow::Borrowed(en),
        }
    }

    /// Words made at run time (with a number or a date in them).
    pub fn new(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        Bilingual {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// The same words starting with a capital, for a heading or an option ("Level 5 (…)").
    pub fn capitalised(&self) -> Bilingual {
        let mut chars = self.en.chars();
        let en: String = chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        Bilingual::new(self.zh.clone(), en)
    }
}

impl Serialize for Bilingual {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry(Lang::ZhCn.tag(), &self.zh)?;
        map.serialize_entry(Lang::En.tag(), &self.en)?;
        map.end()
    }
}

/// The same shape as its `Serialize`: `{"zh-CN": …, "en": …}`.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Bilingual {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Bilingual".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A text in Chinese (zh-CN) and English (en).",
            "type": "object",
            "properties": {"zh-CN": {"type": "string"}, "en": {"type": "string"}},
            "required": ["zh-CN", "en"],
            "additionalProperties": false
        })
    }
}

/// Read back from the same shape, so a client of the API can keep the server's words.
impl<'de> Deserialize<'de> for Bilingual {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Shape {
            #[serde(rename = "zh-CN")]
            zh: String,
            en: String,
        }
        let shape = Shape::deserialize(deserializer)?;
        Ok(Bilingual::new(shape.zh, shape.en))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_serialises_with_its_language_tags() {
        let m = Bilingual::fixed("请核对。", "Check it.");
        assert_eq!(
            serde_json::to_string(&m).expect("serialises"),
            r#"{"zh-CN":"请核对。","en":"Check it."}"#
        );
        let back: Bilingual =
            serde_json::from_str(r#"{"zh-CN":"请核对。","en":"Check it."}"#).expect("reads");
        assert_eq!(back, m);
        assert_eq!(m.get(Lang::En), "Check it.");
        assert_eq!(Lang::default(), Lang::ZhCn);
    }
}
