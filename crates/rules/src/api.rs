//! The JSON rules API: one request kind per question, one response per request. `pingjia eval`
//! (one request per line on stdin) and `POST /api/v1/eval` both answer through [`evaluate_json`],
//! so they cannot disagree. Documented, with tested examples, in docs/rules-api.md.

use crate::conduct::{self, Consequence, VIOLATIONS, Violation};
use crate::eligibility::{self, Candidate, Eligibility};
use crate::fees::{self, Fee, GroupFees, GroupMember, Subject};
use crate::level::Level;
use crate::results::{self, ResultsDate};
use crate::retake::{self, RetakeAnswer, RetakeQuestion};
use crate::rulebook::{BankAccount, Rulebook};
use crate::service::{self, Phone, WindowStatus};
use crate::sessions::{self, NextSession, Session, Window};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// A question. `on` defaults to the caller's today (Asia/Shanghai) where it is optional.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Request {
    Eligibility {
        candidate: Candidate,
        /// One level, or all three when absent.
        #[serde(default)]
        level: Option<Level>,
        #[serde(default)]
        on: Option<NaiveDate>,
    },
    Fee {
        level: Level,
        /// The subjects retaken; absent or empty for a first attempt.
        #[serde(default)]
        retake: Vec<Subject>,
        #[serde(default)]
        on: Option<NaiveDate>,
    },
    GroupFees {
        members: Vec<GroupMember>,
        #[serde(default)]
        on: Option<NaiveDate>,
    },
    Sessions {
        #[serde(default)]
        level: Option<Level>,
        #[serde(default)]
        on: Option<NaiveDate>,
    },
    Retake(RetakeQuestion),
    ResultsDate {
        last_subject: NaiveDate,
        #[serde(default)]
        marking_or_inspection: bool,
    },
    ServiceWindow {
        /// Asia/Shanghai wall-clock time, e.g. "2025-06-06T10:00:00".
        at: NaiveDateTime,
    },
    Conduct {
        /// One violation by its code (e.g. "3-1"), or all when absent.
        #[serde(default)]
        code: Option<String>,
    },
}

/// An error with a stable code and a message in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiError {
    pub code: String,
    pub message_zh: String,
    pub message_en: String,
}

impl ApiError {
    fn new(code: impl Into<String>, zh: String, en: String) -> ApiError {
        ApiError {
            code: code.into(),
            message_zh: zh,
            message_en: en,
        }
    }

    pub fn to_json(&self) -> Value {
        json!({ "code": self.code, "message": { "zh-CN": self.message_zh, "en": self.message_en } })
    }
}

/// The `code` field of a domain error's own serialisation (they are tagged by `code`).
fn code_of<E: Serialize>(e: &E) -> String {
    serde_json::to_value(e)
        .ok()
        .and_then(|v| v.get("code").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_else(|| "invalid_input".into())
}

/// Sorts a serde error into a code a client can act on, keeping its detail.
fn request_error(err: &serde_json::Error) -> ApiError {
    let detail = err.to_string();
    let (code, zh) = if detail.contains("unknown variant") {
        (
            "unknown_value",
            "有一个取值无法识别（例如请求种类 kind 或等级、科目）",
        )
    } else if detail.contains("missing field") {
        ("missing_field", "缺少必填字段")
    } else if detail.contains("unknown field") {
        ("unknown_field", "含有无法识别的字段")
    } else if detail.contains("input contains invalid characters")
        || detail.contains("input is out of range")
        || detail.contains("premature end of input")
        || detail.contains("trailing input")
    {
        (
            "invalid_date",
            "日期或时间无效，日期请写成 2025-06-01 的形式，且须真实存在",
        )
    } else if err.is_syntax() || err.is_eof() {
        ("invalid_json", "不是有效的 JSON")
    } else {
        ("invalid_request", "请求格式有误")
    };
    ApiError::new(
        code,
        format!("{zh}：{detail}"),
        format!("The request could not be read: {detail}"),
    )
}

#[derive(Serialize)]
struct FeeAnswer<'a> {
    fee: Fee,
    bank_account: &'a BankAccount,
    reasons: Vec<crate::Reason>,
}

#[derive(Serialize)]
struct SessionView {
    #[serde(flatten)]
    session: Session,
    window: Window,
    month_zh: String,
    month_en: String,
    earliest_ticket_date: NaiveDate,
}

fn view(session: Session, window: Window) -> SessionView {
    SessionView {
        month_zh: sessions::month_label_zh(&session),
        month_en: sessions::month_label_en(&session),
        earliest_ticket_date: session.earliest_ticket_date(),
        session,
        window,
    }
}

#[derive(Serialize)]
struct NextForLevel {
    level: Level,
    reason: Option<crate::Reason>,
    /// True when the session is a projection from the 2025 pattern, not an official date.
    projected: bool,
    session: Option<SessionView>,
}

#[derive(Serialize)]
struct ConductEntry {
    #[serde(flatten)]
    violation: &'static Violation,
    consequence_zh: &'static str,
    consequence_en: &'static str,
    citation: crate::Citation,
}

fn conduct_entry(v: &'static Violation) -> ConductEntry {
    let c: Consequence = v.consequence;
    ConductEntry {
        violation: v,
        consequence_zh: c.description_zh(),
        consequence_en: c.description_en(),
        citation: c.citation(),
    }
}

#[derive(Serialize)]
struct ServiceAnswer {
    reasons: Vec<crate::Reason>,
    #[serde(flatten)]
    status: WindowStatus,
    address_zh: &'static str,
    address_en: &'static str,
    phones: &'static [Phone],
}

fn to_value<T: Serialize>(t: T) -> Result<Value, ApiError> {
    serde_json::to_value(t).map_err(|e| {
        ApiError::new(
            "internal",
            format!("无法生成答复：{e}"),
            format!("The answer could not be written: {e}"),
        )
    })
}

/// Answers one request.
pub fn evaluate(
    book: &Rulebook,
    request: Request,
    today: NaiveDate,
) -> Result<(&'static str, Value), ApiError> {
    match request {
        Request::Eligibility {
            candidate,
            level,
            on,
        } => {
            let on = on.unwrap_or(today);
            let levels: Vec<Level> = level.map_or(Level::OFFERED.to_vec(), |l| vec![l]);
            let answers: Vec<Eligibility> = levels
                .into_iter()
                .map(|l| eligibility::assess(&candidate, l, on))
                .collect::<Result<_, _>>()
                .map_err(|e| ApiError::new(code_of(&e), e.message_zh(), e.message_en()))?;
            Ok(("eligibility", to_value(answers)?))
        }
        Request::Fee { level, retake, on } => {
            let on = on.unwrap_or(today);
            let fee = if retake.is_empty() {
                fees::full_fee(book, on, level)
            } else {
                fees::fee(book, on, level, &retake)
            }
            .map_err(|e| ApiError::new(code_of(&e), e.message_zh(), e.message_en()))?;
            let reasons = vec![fee.reason(), fees::where_to_pay(book)];
            Ok((
                "fee",
                to_value(FeeAnswer {
                    fee,
                    bank_account: &book.bank_account.value,
                    reasons,
                })?,
            ))
        }
        Request::GroupFees { members, on } => {
            let on = on.unwrap_or(today);
            let group: GroupFees = fees::group_fees(book, on, &members).map_err(|(i, e)| {
                ApiError::new(
                    code_of(&e),
                    format!("第{i}位考生：{}", e.message_zh()),
                    format!("Candidate {i}: {}", e.message_en()),
                )
            })?;
            Ok(("group_fees", to_value(group)?))
        }
        Request::Sessions { level, on } => {
            let on = on.unwrap_or(today);
            let open: Vec<SessionView> = sessions::open_on(book, on)
                .into_iter()
                .map(|(s, w)| view(s, w))
                .collect();
            let levels: Vec<Level> = level.map_or(Level::OFFERED.to_vec(), |l| vec![l]);
            let next: Vec<NextForLevel> = levels
                .into_iter()
                .map(|l| {
                    let next = sessions::next_session(book, l, on);
                    let reason = next.as_ref().map(|n| n.reason(l));
                    let projected = matches!(next, Some(NextSession::Projected { .. }));
                    let session = next.map(|n| match n {
                        NextSession::Official { session, window }
                        | NextSession::Projected { session, window } => view(session, window),
                    });
                    NextForLevel {
                        level: l,
                        reason,
                        projected,
                        session,
                    }
                })
                .collect();
            Ok((
                "sessions",
                json!({
                    "on": on,
                    "schedule_ended": sessions::schedule_ended(book, on),
                    "open": to_value(open)?,
                    "next": to_value(next)?,
                    "ticket_rule": {
                        "days_before_evaluation": 7,
                        "citation": to_value(sessions::TICKET_CITATION)?,
                    },
                    "citation": to_value(sessions::SCHEDULE_CITATION)?,
                }),
            ))
        }
        Request::Retake(q) => {
            let answer: RetakeAnswer = retake::retake(book, &q).map_err(|e| match e {
                retake::RetakeError::Fee(f) => ApiError::new(code_of(&f), f.message_zh(), f.message_en()),
                retake::RetakeError::AskedBeforeFirstEvaluation => ApiError::new(
                    "asked_before_first_evaluation",
                    "查询日期早于首次考核日期，请核对。".into(),
                    "The date asked about is before the first evaluation; check it.".into(),
                ),
                retake::RetakeError::NoValidityRuleOn { date } => ApiError::new(
                    "no_validity_rule",
                    format!("{date} 不在本规则所依据通知的适用期内，请以协会最新通知为准。"),
                    format!("{date} is outside the period the notice covers; check the association's latest notice."),
                ),
            })?;
            let mut value = to_value(&answer)?;
            value["reasons"] = to_value(answer.reasons())?;
            Ok(("retake", value))
        }
        Request::ResultsDate {
            last_subject,
            marking_or_inspection,
        } => {
            let answer: ResultsDate = results::results_date(last_subject, marking_or_inspection)
                .ok_or_else(|| {
                    ApiError::new(
                        "date_out_of_range",
                        format!("日期 {last_subject} 超出可计算范围。"),
                        format!("The date {last_subject} is out of range."),
                    )
                })?;
            Ok((
                "results_date",
                json!({
                    "reasons": to_value(answer.reasons())?,
                    "result": to_value(answer)?,
                    "where_to_look_zh": results::WHERE_TO_LOOK_ZH,
                    "where_to_look_en": results::WHERE_TO_LOOK_EN,
                }),
            ))
        }
        Request::ServiceWindow { at } => Ok((
            "service_window",
            to_value({
                let status = service::window_at(at);
                ServiceAnswer {
                    reasons: status.reasons(),
                    status,
                    address_zh: service::ADDRESS_ZH,
                    address_en: service::ADDRESS_EN,
                    phones: &service::PHONES,
                }
            })?,
        )),
        Request::Conduct { code } => {
            let entries: Vec<ConductEntry> = match code {
                Some(code) => {
                    let v = conduct::violation(&code).ok_or_else(|| {
                        ApiError::new(
                            "unknown_violation",
                            format!("没有编号为“{code}”的违纪行为；编号形如 2-1、3-1、4-7。"),
                            format!("No violation has the code \"{code}\"; codes look like 2-1, 3-1, 4-7."),
                        )
                    })?;
                    vec![conduct_entry(v)]
                }
                None => VIOLATIONS.iter().map(conduct_entry).collect(),
            };
            Ok(("conduct", to_value(entries)?))
        }
    }
}

/// Reads one JSON request and writes one JSON response; never panics on any input.
/// The second value is false when the response is an error.
pub fn evaluate_json(book: &Rulebook, input: &str, today: NaiveDate) -> (Value, bool) {
    let result = serde_json::from_str::<Request>(input)
        .map_err(|e| request_error(&e))
        .and_then(|request| evaluate(book, request, today));
    match result {
        Ok((kind, answer)) => (
            json!({ "ok": true, "kind": kind, "rulebook_version": book.version, "answer": answer }),
            true,
        ),
        Err(err) => (
            json!({ "ok": false, "rulebook_version": book.version, "error": err.to_json() }),
            false,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::current;

    fn today() -> NaiveDate {
        "2025-06-01".parse().expect("date")
    }

    fn ask(input: &str) -> Value {
        evaluate_json(current(), input, today()).0
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
                let (r, ok) = evaluate_json(current(), &request, today());
                assert!(ok || r["error"]["code"].is_string(), "{request}: {r}");
            }
        }
    }

    #[test]
    fn bad_requests_get_a_code_and_both_languages() {
        for (input, code) in [
            (r#"{"kind":"horoscope"}"#, "unknown_value"),
            (r#"{"kind":"fee"}"#, "missing_field"),
            (
                r#"{"kind":"fee","level":"two","colour":"red"}"#,
                "unknown_field",
            ),
            (
                r#"{"kind":"results_date","last_subject":"2025-02-30"}"#,
                "invalid_date",
            ),
            (
                r#"{"kind":"eligibility","candidate":{"id_number":"123"}}"#,
                "id_number_format",
            ),
            (
                r#"{"kind":"fee","level":"three","retake":["review"]}"#,
                "subject_not_in_level",
            ),
            ("not json at all", "invalid_json"),
            ("", "invalid_json"),
        ] {
            let (r, ok) = evaluate_json(current(), input, today());
            assert!(!ok, "{input}");
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
