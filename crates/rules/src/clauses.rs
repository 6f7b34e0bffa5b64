//! The words of the clauses rules cite, so a reader can check an answer against its source:
//! the notice's from the rulebook, appendix 5's from its routes.

use crate::citation::{Citation, Source};
use crate::rulebook::Rulebook;

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
        let cited = [
            crate::level::Level::OFFERED_CITATION,
            crate::sessions::SCHEDULE_CITATION,
            crate::sessions::TICKET_CITATION,
            crate::sessions::DATES_MAY_CHANGE_CITATION,
            crate::fees::pay_after_review().citation,
            crate::results::RESULTS_CITATION,
            crate::retake::VALIDITY_CITATION,
            crate::retake::FORFEIT_CITATION,
            crate::retake::MODE_CHANGE_CITATION,
            crate::retake::COMPETITION_CITATION,
            crate::service::ADDRESS_CITATION,
            crate::service::HOURS_CITATION,
            crate::conduct::AFTER_THE_EVENT_CITATION,
            crate::rulebook::current().bank_account.citation,
            crate::rulebook::current().fees[0].citation,
        ];
        let book = crate::rulebook::current();
        let phones = book.service.phones.iter().map(|p| p.citation);
        let conduct = book.violations.iter().map(|v| v.consequence.citation());
        for c in cited.into_iter().chain(phones).chain(conduct) {
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
