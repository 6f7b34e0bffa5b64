//! Stable codes of the enums a person's answers are kept with: the same words as their JSON
//! names in the API, so stored answers read back however they were written, and a client can
//! store them without a JSON library.

pub trait Code: Sized + Copy + 'static {
    /// Every value, in a fixed order (the order of declaration).
    const ALL: &'static [Self];

    fn code(self) -> &'static str;

    fn from_code(code: &str) -> Option<Self>;
}

/// Every enum that derives its names (strum, `snake_case`, the same words as serde's) has them as
/// codes: written once, on the enum.
impl<T> Code for T
where
    T: Copy + 'static + strum::VariantArray + Into<&'static str> + std::str::FromStr,
{
    const ALL: &'static [T] = T::VARIANTS;

    fn code(self) -> &'static str {
        self.into()
    }

    fn from_code(code: &str) -> Option<T> {
        code.parse().ok()
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

    use crate::eligibility::{CertificateLevel, School, SchoolStatus, TitleGrade};
    use crate::fees::Subject;
    use crate::level::Level;
    use crate::roster::Status;

    #[test]
    fn every_stored_enum_uses_its_json_name() {
        codes_are_json_names::<Level>();
        codes_are_json_names::<Subject>();
        codes_are_json_names::<Status>();
        codes_are_json_names::<School>();
        codes_are_json_names::<SchoolStatus>();
        codes_are_json_names::<CertificateLevel>();
        codes_are_json_names::<TitleGrade>();
    }
}
