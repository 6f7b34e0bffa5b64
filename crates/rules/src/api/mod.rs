//! The JSON rules API: one request kind per question, one response per request. `pingjia eval`
//! (one request per line on stdin) and `POST /api/v1/eval` both answer through [`evaluate_json`],
//! so they cannot disagree. Documented, with tested examples, in docs/rules-api.md.
//!
//! Requests, answers ([`answers`]) and refusals ([`error`]) are typed and public, so the app
//! and the server share them; every refusal has one shape and the HTTP status of its kind.

pub mod answers;
pub mod error;

use crate::candidate_draft::Problem;
use crate::dates::strict;
use crate::eligibility::{self, Candidate};
use crate::fees::{self, GroupMember, Subject};
use crate::id_number;
use crate::level::Level;
use crate::results;
use crate::retake::{self, RetakeQuestion};
use crate::rulebook::{Library, Rulebook};
use crate::service;
use crate::sessions;
use crate::{Bilingual, NoticeClause, Reason};
pub use answers::*;
use chrono::{NaiveDate, NaiveDateTime};
use error::cut;
pub use error::{ApiError, ErrorKind, ErrorResponse, QUOTE_LIMIT, request_error};
use serde::Deserialize;
use serde_json::Value;

/// A question. `on` (the date it is asked for) is optional everywhere and defaults to the
/// caller's today (Asia/Shanghai); where the rule needs no date, the answer says so.
/// Every date is read strictly (`YYYY-MM-DD`, 1900–2199), and unknown fields are refused.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Request {
    Eligibility {
        candidate: Candidate,
        /// One level, or all three when absent.
        #[serde(default)]
        level: Option<Level>,
        #[serde(default, deserialize_with = "strict::optional_date")]
        on: Option<NaiveDate>,
    },
    Fee {
        level: Level,
        /// The subjects retaken; absent or empty for a first attempt.
        #[serde(default)]
        retake: Vec<Subject>,
        #[serde(default, deserialize_with = "strict::optional_date")]
        on: Option<NaiveDate>,
    },
    GroupFees {
        members: Vec<GroupMember>,
        #[serde(default, deserialize_with = "strict::optional_date")]
        on: Option<NaiveDate>,
    },
    Sessions {
        #[serde(default)]
        level: Option<Level>,
        #[serde(default, deserialize_with = "strict::optional_date")]
        on: Option<NaiveDate>,
    },
    Retake {
        level: Level,
        #[serde(deserialize_with = "strict::date")]
        first_evaluation: NaiveDate,
        #[serde(default)]
        passed: Vec<Subject>,
        #[serde(default)]
        from_competition: bool,
        /// The day of that attempt's last subject, when known (the 综合评审 of 二级/一级 may
        /// be held apart): results, and so the first usable session, are counted from it.
        #[serde(default, deserialize_with = "strict::optional_date")]
        last_subject: Option<NaiveDate>,
        #[serde(default, deserialize_with = "strict::optional_date")]
        on: Option<NaiveDate>,
    },
    ResultsDate {
        #[serde(deserialize_with = "strict::date")]
        last_subject: NaiveDate,
        #[serde(default, deserialize_with = "strict::optional_date")]
        on: Option<NaiveDate>,
    },
    ServiceWindow {
        /// Asia/Shanghai wall-clock time, e.g. "2025-06-06T10:00:00".
        #[serde(deserialize_with = "strict::date_time")]
        at: NaiveDateTime,
        #[serde(default, deserialize_with = "strict::optional_date")]
        on: Option<NaiveDate>,
    },
    Conduct {
        /// One violation by its code (e.g. "3-1"), or all when absent.
        #[serde(default)]
        code: Option<String>,
        #[serde(default, deserialize_with = "strict::optional_date")]
        on: Option<NaiveDate>,
    },
    IdNumber {
        id_number: String,
        #[serde(default, deserialize_with = "strict::optional_date")]
        on: Option<NaiveDate>,
    },
    AdmissionTicket {
        /// The evaluation date printed on the notice of the session.
        #[serde(deserialize_with = "strict::date")]
        evaluation: NaiveDate,
        #[serde(default, deserialize_with = "strict::optional_date")]
        on: Option<NaiveDate>,
    },
}

/// A rule that does not depend on the date asked about.
pub const DATE_NOT_NEEDED: NoticeClause = NoticeClause::reading("该规则与查询日期无关");

/// Said when a request gives `on` to a rule that does not depend on it.
fn date_not_needed(book: &Rulebook, on: Option<NaiveDate>) -> Vec<Reason> {
    on.map(|on| Reason {
        code: "date_not_needed",
        citation: book.cite(DATE_NOT_NEEDED),
        text: Bilingual::new(
            format!("这个问题的答案与查询日期无关，所给日期{on}未被使用。"),
            format!("This answer does not depend on the date asked about; {on} was not used."),
        ),
    })
    .into_iter()
    .collect()
}

/// A rule's refusal of a well-formed request.
fn refused(code: &str, message: Bilingual) -> ApiError {
    ApiError::new(ErrorKind::Unprocessable, code, message)
}

fn fee_error(e: &fees::FeeError) -> ApiError {
    let kind = match e {
        fees::FeeError::TooManyMembers { .. } | fees::FeeError::TotalOverflow => {
            ErrorKind::TooLarge
        }
        fees::FeeError::NoFeeTable => ErrorKind::Internal,
        fees::FeeError::SubjectNotInLevel { .. } | fees::FeeError::NoSubjects => {
            ErrorKind::Unprocessable
        }
    };
    ApiError::new(kind, e.code(), e.message())
}

fn problem_error(p: &Problem) -> ApiError {
    refused(p.code.code(), p.message())
}

impl Request {
    /// The day whose notice answers the request: the day asked about, or the day the rule is
    /// about (the evaluation, the last subject) where the answer depends on that day alone.
    fn day(&self, today: NaiveDate) -> NaiveDate {
        match self {
            Request::Eligibility { on, .. }
            | Request::Fee { on, .. }
            | Request::GroupFees { on, .. }
            | Request::Sessions { on, .. }
            | Request::Retake { on, .. }
            | Request::Conduct { on, .. }
            | Request::IdNumber { on, .. } => on.unwrap_or(today),
            Request::ResultsDate { last_subject, .. } => *last_subject,
            Request::ServiceWindow { at, .. } => at.date(),
            Request::AdmissionTicket { evaluation, .. } => *evaluation,
        }
    }
}

/// Answers one request from the notice in force on its day ([`Library::for_date`]).
pub fn evaluate(library: &Library, request: Request, today: NaiveDate) -> Result<Answer, ApiError> {
    let book = library.for_date(request.day(today));
    let answer = |body: AnswerBody| Answer {
        body,
        notes: vec![],
        rulebook_version: book.version,
    };
    match request {
        Request::Eligibility {
            candidate,
            level,
            on,
        } => {
            let on = on.unwrap_or(today);
            let levels: Vec<Level> = level.map_or(Level::OFFERED.to_vec(), |l| vec![l]);
            let answers = levels
                .into_iter()
                .map(|l| eligibility::assess(book, &candidate, l, on))
                .collect::<Result<_, _>>()
                .map_err(|p| problem_error(&p))?;
            Ok(answer(AnswerBody::Eligibility(answers)))
        }
        Request::Fee { level, retake, on } => {
            let on = on.unwrap_or(today);
            let fee = if retake.is_empty() {
                fees::full_fee(book, on, level)
            } else {
                fees::fee(book, on, level, &retake)
            }
            .map_err(|e| fee_error(&e))?;
            let reasons = fees::fee_reasons(book, on, &fee);
            Ok(answer(AnswerBody::Fee(FeeAnswer {
                fee,
                bank_account: book.bank_account.value,
                reasons,
            })))
        }
        Request::GroupFees { members, on } => {
            let on = on.unwrap_or(today);
            let group = fees::group_fees(book, on, &members).map_err(|(i, e)| {
                let error = fee_error(&e);
                match i {
                    0 => error,
                    i => ApiError {
                        message: Bilingual::new(
                            format!("第{i}位考生：{}", error.message.zh),
                            format!("Candidate {i}: {}", error.message.en),
                        ),
                        ..error
                    },
                }
            })?;
            let mut reasons: Vec<Reason> = book.currency_note(on).into_iter().collect();
            reasons.push(fees::pay_after_review(book));
            Ok(answer(AnswerBody::GroupFees(GroupFeesAnswer {
                group,
                reasons,
            })))
        }
        Request::Sessions { level, on } => {
            let on = on.unwrap_or(today);
            let open = sessions::open_on(book, on, level)
                .into_iter()
                .map(|(s, w)| SessionView::new(book, s, w))
                .collect();
            let levels: Vec<Level> = level.map_or(Level::OFFERED.to_vec(), |l| vec![l]);
            let next = levels
                .into_iter()
                .map(|l| {
                    let next = sessions::next_session(book, l, on);
                    let mut reasons = match &next {
                        Some(n) => n.reasons(book, l),
                        None => vec![sessions::no_schedule_known(book, on)],
                    };
                    let group_only = next
                        .as_ref()
                        .and_then(|n| sessions::group_only(book, l, n, on, None));
                    let individual_session = group_only.and_then(|(reason, later)| {
                        reasons.push(reason);
                        later.map(|n| SessionView::new(book, n.session, n.window))
                    });
                    NextForLevel {
                        level: l,
                        reasons,
                        projected: next.as_ref().is_some_and(|n| n.projected),
                        session: next.map(|n| SessionView::new(book, n.session, n.window)),
                        individual_session,
                    }
                })
                .collect();
            Ok(answer(AnswerBody::Sessions(SessionsAnswer {
                on,
                schedule_ended: sessions::schedule_ended(book, on),
                open,
                next,
                ticket_rule: TicketRuleView {
                    days_before_evaluation: book.ticket.days_before_evaluation,
                    citation: book.cite(sessions::TICKET),
                },
                reasons: vec![sessions::dates_may_change(book)],
                citation: book.cite(sessions::SCHEDULE),
            })))
        }
        Request::Retake {
            level,
            first_evaluation,
            passed,
            from_competition,
            last_subject,
            on,
        } => {
            let q = RetakeQuestion {
                level,
                first_evaluation,
                passed,
                on: on.unwrap_or(today),
                from_competition,
                last_subject,
            };
            let result = retake::retake(library, &q).map_err(|e| match e {
                retake::RetakeError::Fee(e) => fee_error(&e),
                retake::RetakeError::NoValidityRule => {
                    ApiError::new(ErrorKind::Internal, e.code(), e.message())
                }
                retake::RetakeError::AskedBeforeFirstEvaluation => refused(e.code(), e.message()),
            })?;
            let reasons = result.reasons(book);
            Ok(answer(AnswerBody::Retake(RetakeReply {
                answer: result,
                reasons,
            })))
        }
        Request::ResultsDate { last_subject, on } => {
            let dates = results::results_dates(book, last_subject).ok_or_else(|| {
                refused(
                    "date_out_of_range",
                    Bilingual::new(
                        format!("日期 {last_subject} 超出可计算范围。"),
                        format!("The date {last_subject} is out of range."),
                    ),
                )
            })?;
            let places = book.results.where_to_look;
            Ok(Answer {
                notes: date_not_needed(book, on),
                ..answer(AnswerBody::ResultsDate(ResultsAnswer {
                    dates,
                    where_to_look_zh: places.iter().map(|p| p.zh.to_string()).collect(),
                    where_to_look_en: places.iter().map(|p| p.en.to_string()).collect(),
                }))
            })
        }
        Request::ServiceWindow { at, on } => {
            let status = service::window_at(book, at);
            Ok(Answer {
                notes: date_not_needed(book, on),
                ..answer(AnswerBody::ServiceWindow(ServiceAnswer {
                    reasons: status.reasons(book),
                    status,
                    address_zh: book.service.address.zh.to_string(),
                    address_en: book.service.address.en.to_string(),
                    phones: book.service.phones,
                }))
            })
        }
        Request::Conduct { code, on } => {
            let on = on.unwrap_or(today);
            let violations = match code {
                Some(code) => {
                    let v = crate::conduct::violation(book, &code).ok_or_else(|| {
                        let code = cut(&code);
                        refused(
                            "unknown_violation",
                            Bilingual::new(
                                format!("没有编号为“{code}”的违纪行为；编号形如 1、2-1、3-1、4-7。"),
                                format!("No violation has the code \"{code}\"; codes look like 1, 2-1, 3-1, 4-7."),
                            ),
                        )
                    })?;
                    vec![ConductEntry::new(book, v)]
                }
                None => book
                    .violations
                    .iter()
                    .map(|v| ConductEntry::new(book, v))
                    .collect(),
            };
            let reasons = book.currency_note(on).into_iter().collect();
            Ok(answer(AnswerBody::Conduct(ConductAnswer {
                violations,
                reasons,
            })))
        }
        Request::IdNumber { id_number, on } => {
            let on = on.unwrap_or(today);
            let check = id_number::check(&id_number, on);
            let reasons = check
                .birth_date
                .filter(|_| check.valid)
                .and_then(|birth| crate::dates::reaches_age(birth, eligibility::MINIMUM_AGE))
                .and_then(|birthday| eligibility::sixteenth_birthday_note(book, birthday, on))
                .into_iter()
                .collect();
            Ok(answer(AnswerBody::IdNumber(IdNumberAnswer {
                check,
                on,
                reasons,
            })))
        }
        Request::AdmissionTicket { evaluation, on } => {
            let mut ticket = sessions::admission_ticket(book, evaluation);
            ticket.reasons.extend(book.currency_note(evaluation));
            Ok(Answer {
                notes: date_not_needed(book, on),
                ..answer(AnswerBody::AdmissionTicket(ticket))
            })
        }
    }
}

/// A response as JSON, with the HTTP status it goes with (200, or the error's).
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Reply {
    pub fn ok(&self) -> bool {
        self.status == 200
    }
}

/// Reads one JSON request and writes one JSON response; never panics on any input.
pub fn evaluate_json(library: &Library, input: &str, today: NaiveDate) -> Reply {
    // A refusal names the newest notice: no day was read, or its answer was not given.
    let book = library.newest();
    let result = serde_json::from_str::<Request>(input)
        .map_err(|e| request_error(&e))
        .and_then(|request| evaluate(library, request, today));
    let written = match result {
        Ok(a) => serde_json::to_value(AnswerResponse {
            ok: true,
            kind: a.body.kind(),
            answer: a.body,
            notes: a.notes,
            rulebook_version: a.rulebook_version,
        })
        .map(|body| Reply { status: 200, body }),
        Err(error) => refusal(book, error),
    };
    written.unwrap_or_else(|_| {
        refusal(book, ApiError::internal()).unwrap_or(Reply {
            status: 500,
            body: Value::Null,
        })
    })
}

fn refusal(book: &Rulebook, error: ApiError) -> Result<Reply, serde_json::Error> {
    let response = ErrorResponse::new(book, error);
    Ok(Reply {
        status: response.http_status(),
        body: serde_json::to_value(response)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    fn today() -> NaiveDate {
        "2025-06-01".parse().expect("date")
    }

    fn ask(input: &str) -> Value {
        evaluate_json(&Library::built_in(), input, today()).body
    }

    #[test]
    fn a_fee_request_is_answered_with_the_rulebook_version() {
        let r = ask(r#"{"kind":"fee","level":"two"}"#);
        assert_eq!(r["ok"], true);
        assert_eq!(r["rulebook_version"], "2025.1");
        assert_eq!(r["answer"]["fee"]["total"], 1368);
        assert_eq!(r["answer"]["bank_account"]["account_number"], "03005062038");
    }

    #[test]
    fn dates_at_the_edge_of_what_chrono_holds_get_an_answer_not_a_panic() {
        for date in ["+262142-12-31", "-262143-01-01", "0001-01-01", "9999-12-31"] {
            for request in [
                format!(r#"{{"kind":"fee","level":"one","on":"{date}"}}"#),
                format!(r#"{{"kind":"sessions","on":"{date}"}}"#),
                format!(
                    r#"{{"kind":"retake","level":"two","first_evaluation":"{date}","on":"{date}"}}"#
                ),
                format!(r#"{{"kind":"results_date","last_subject":"{date}"}}"#),
                format!(r#"{{"kind":"service_window","at":"{date}T10:00:00"}}"#),
                format!(
                    r#"{{"kind":"eligibility","on":"{date}","candidate":{{"birth_date":"{date}"}}}}"#
                ),
            ] {
                let reply = evaluate_json(&Library::built_in(), &request, today());
                let r = reply.body;
                assert!(
                    reply.status == 200 || r["error"]["code"].is_string(),
                    "{request}: {r}"
                );
                assert_ne!(reply.status, 500, "{request}: {r}");
            }
        }
    }

    #[test]
    fn bad_requests_get_a_code_both_languages_and_the_status_of_their_kind() {
        for (input, code, status) in [
            (r#"{"kind":"horoscope"}"#, "unknown_value", 400),
            (r#"{"kind":"fee"}"#, "missing_field", 400),
            (
                r#"{"kind":"fee","level":"two","colour":"red"}"#,
                "unknown_field",
                400,
            ),
            (
                r#"{"kind":"results_date","last_subject":"2025-02-30"}"#,
                "bad_date",
                400,
            ),
            (
                r#"{"kind":"results_date","last_subject":"2200-01-01"}"#,
                "date_out_of_range",
                422,
            ),
            (
                r#"{"kind":"eligibility","candidate":{"id_number":"123"}}"#,
                "id_number_length",
                422,
            ),
            (
                r#"{"kind":"fee","level":"three","retake":["review"]}"#,
                "subject_not_in_level",
                422,
            ),
            (
                r#"{"kind":"conduct","code":"9-9"}"#,
                "unknown_violation",
                422,
            ),
            ("not json at all", "invalid_json", 400),
            ("", "invalid_json", 400),
        ] {
            let reply = evaluate_json(&Library::built_in(), input, today());
            let r = reply.body;
            assert_eq!(reply.status, status, "{input}: {r}");
            assert_eq!(r["ok"], false, "{input}");
            assert_eq!(r["error"]["code"], code, "{input}: {r}");
            assert!(
                !r["error"]["message"]["zh-CN"]
                    .as_str()
                    .unwrap_or("")
                    .is_empty()
            );
            assert!(
                !r["error"]["message"]["en"]
                    .as_str()
                    .unwrap_or("")
                    .is_empty()
            );
        }
    }
}
