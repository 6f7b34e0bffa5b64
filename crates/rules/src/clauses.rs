//! The words of the clauses rules cite, so a reader can check an answer against its source:
//! the notice's from the rulebook, appendix 5's from its routes.

use crate::citation::{Citation, NoticeClause, Source};
use crate::rulebook::{Consequence, Rulebook};

/// Every clause of the notice a rule cites, quoted or read. A notice's book must hold the words
/// of each quoted one, since an answer under that book cites it (`rulebook_from` refuses a book
/// without them); a test holds that the answers cite no other.
pub const RULE_CLAUSES: &[NoticeClause] = &[
    crate::level::Level::OFFERED_CLAUSE,
    crate::eligibility::AGE,
    crate::eligibility::MINIMUM_EDUCATION,
    crate::eligibility::EDUCATION_EQUIVALENT,
    crate::eligibility::EDUCATION_AS_NAMED_STUDENT,
    crate::eligibility::AGE_DAY_READING,
    crate::sessions::SCHEDULE,
    crate::sessions::TICKET,
    crate::sessions::PROJECTION,
    crate::sessions::INDIVIDUAL,
    crate::sessions::DATES_MAY_CHANGE,
    crate::fees::PAY_AFTER_REVIEW,
    crate::results::RESULTS,
    crate::results::COUNTING,
    crate::results::BOTH_DATES,
    crate::results::CERTIFICATES,
    crate::retake::VALIDITY,
    crate::retake::VALIDITY_COUNTING,
    crate::retake::RESULTS_FIRST,
    crate::retake::FORFEIT,
    crate::retake::MODE_CHANGE,
    crate::retake::COMPETITION,
    crate::service::ADDRESS,
    crate::service::HOURS,
    crate::service::FRIDAYS_ONLY,
    crate::conduct::AFTER_THE_EVENT,
    Consequence::QualificationCancelled.clause(),
    Consequence::SubjectCancelled.clause(),
    Consequence::AllCancelledBarredThisYear.clause(),
    Consequence::AllCancelledBarredTwoOrFiveYears.clause(),
    crate::rulebook::OUT_OF_DATE,
    crate::api::DATE_NOT_NEEDED,
];

/// The numbers of the notice's clauses the rules quote: a notice's book must hold their words.
pub fn quoted_by_rules() -> Vec<&'static str> {
    let mut numbers: Vec<&'static str> = RULE_CLAUSES
        .iter()
        .filter(|c| c.kind == crate::SourceKind::Quoted)
        .map(|c| c.clause)
        .collect();
    numbers.dedup();
    numbers
}

/// The text of a quoted clause. An interpretation's "clause" names the question it answers,
/// and its text is the reading itself, so it has none here.
pub fn text(book: &Rulebook, citation: &Citation) -> Option<&'static str> {
    match citation.source {
        Source::Notice { .. } => book.clause_text(citation.clause),
        Source::Appendix5of2023 => crate::eligibility::route_text(citation.clause),
        Source::HolidaySchedule => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::citation::SourceKind;

    #[test]
    fn every_quoted_notice_clause_the_rules_cite_has_its_text() {
        let book = crate::rulebook::current();
        for clause in RULE_CLAUSES {
            if clause.kind == SourceKind::Quoted {
                let c = book.cite(*clause);
                assert!(text(book, &c).is_some(), "no text for {}", c.label().zh);
            }
        }
        let values = book
            .fees
            .iter()
            .map(|f| f.citation)
            .chain([book.bank_account.citation])
            .chain(book.service.phones.iter().map(|p| p.citation));
        for c in values {
            assert_eq!(c.kind, SourceKind::Quoted);
            assert!(text(book, &c).is_some(), "no text for {}", c.label().zh);
        }
    }

    #[test]
    fn appendix_routes_have_their_text() {
        let c = Citation::quoted(Source::Appendix5of2023, "二级(3)");
        assert!(text(crate::rulebook::current(), &c).is_some_and(|t| t.contains("中级职称")));
        assert!(
            text(
                crate::rulebook::current(),
                &Citation::quoted(Source::Appendix5of2023, "四级(9)")
            )
            .is_none()
        );
    }
}
