//! The JSON rules API: one request kind per question, one response per request. `pingjia eval`
//! (one request per line on stdin) and `POST /api/v1/eval` both answer through [`evaluate_json`],
//! so they cannot disagree. Documented, with tested examples, in docs/rules-api.md.

use crate::conduct;
use crate::dates::strict;
use crate::eligibility::{self, Candidate, Eligibility};
use crate::fees::{self, Fee, GroupFees, GroupMember, Subject};
use crate::id_number;
use crate::level::Level;
use crate::results;
use crate::retake::{self, RetakeAnswer, RetakeQuestion};
use crate::rulebook::{BankAccount, Phone, Rulebook, Session, Violation};
use crate::service::{self, WindowStatus};
use crate::sessions::{self, IndividualDeadline, Window};
use crate::{Bilingual, Citation, Reason, Source};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

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

/// An error with a stable code and a message in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiError {
    pub code: String,
    pub message: Bilingual,
}

impl ApiError {
    fn new(code: impl Into<String>, zh: String, en: String) -> ApiError {
        ApiError::said(code, Bilingual::new(zh, en))
    }

    fn said(code: impl Into<String>, message: Bilingual) -> ApiError {
        ApiError {
            code: code.into(),
            message,
        }
    }

    pub fn to_json(&self) -> Value {
        json!({ "code": self.code, "message": self.message })
    }
}

/// How much of a caller's input an error message may quote.
pub const QUOTE_LIMIT: usize = 80;

/// `text` cut to [`QUOTE_LIMIT`] characters, with "…" where it was cut.
fn cut(text: &str) -> String {
    let mut out: String = text.chars().take(QUOTE_LIMIT).collect();
    if text.chars().nth(QUOTE_LIMIT).is_some() {
        out.push('…');
    }
    out
}

/// A serde message with every quoted part (between backticks or double quotes) cut to
/// [`QUOTE_LIMIT`], so a huge bad value is never echoed whole.
fn shorten_quoted(detail: &str) -> String {
    let mut out = String::with_capacity(detail.len().min(400));
    let mut quoted: Option<(char, usize)> = None;
    for c in detail.chars() {
        match quoted {
            Some((close, _)) if c == close => {
                quoted = None;
                out.push(c);
            }
            Some((close, n)) => {
                if n < QUOTE_LIMIT {
                    out.push(c);
                } else if n == QUOTE_LIMIT {
                    out.push('…');
                }
                quoted = Some((close, n + 1));
            }
            None => {
                if c == '`' || c == '"' {
                    quoted = Some((c, 0));
                }
                out.push(c);
            }
        }
    }
    out
}

/// The first backtick-quoted part of a serde message: the field or value it is about.
fn first_quoted(detail: &str) -> String {
    let after = detail.split_once('`').map_or("", |(_, rest)| rest);
    cut(after.split_once('`').map_or(after, |(name, _)| name))
}

/// The names serde lists after "expected" (backtick-quoted): names from our own types.
fn expected_names(detail: &str) -> Vec<&str> {
    let rest = detail
        .split_once(", expected ")
        .map_or("", |(_, rest)| rest);
    rest.split('`').skip(1).step_by(2).collect()
}

/// Sorts a serde error into a code a client can act on, with a message in both languages that
/// quotes at most [`QUOTE_LIMIT`] characters of the input.
fn request_error(err: &serde_json::Error) -> ApiError {
    let detail = err.to_string();
    if let Some((code, rest)) = detail.split_once(strict::MARK) {
        let input = cut(rest.split(strict::MARK).next().unwrap_or(""));
        return if code == "date_out_of_range" {
            ApiError::new(
                code,
                format!(
                    "日期“{input}”超出可计算范围（{}），请核对。",
                    strict::range_text()
                ),
                format!(
                    "The date \"{input}\" is outside the range the rules support ({}); check it.",
                    strict::range_text()
                ),
            )
        } else {
            ApiError::new(
                "bad_date",
                format!(
                    "“{input}”不是有效日期：日期请写成 2025-06-01 的形式（四位年、两位月、两位日），时间写成 2025-06-06T10:00:00，且须真实存在。"
                ),
                format!(
                    "\"{input}\" is not a valid date: write dates as 2025-06-01 (four-digit year, two-digit month and day) and times as 2025-06-06T10:00:00, and the day must exist."
                ),
            )
        };
    }
    if detail.starts_with("unknown variant") {
        let value = first_quoted(&detail);
        let expected = expected_names(&detail);
        return ApiError::new(
            "unknown_value",
            format!(
                "无法识别的取值“{value}”；可用的取值：{}。",
                expected.join("、")
            ),
            format!(
                "Unknown value \"{value}\"; expected one of: {}.",
                expected.join(", ")
            ),
        );
    }
    if detail.starts_with("unknown field") {
        let field = first_quoted(&detail);
        let expected = expected_names(&detail);
        let (expected_zh, expected_en) = if expected.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!("（可用的字段：{}）", expected.join("、")),
                format!(" (expected one of: {})", expected.join(", ")),
            )
        };
        return ApiError::new(
            "unknown_field",
            format!("无法识别的字段“{field}”{expected_zh}：请检查拼写。"),
            format!("Unknown field \"{field}\"{expected_en}: check the spelling."),
        );
    }
    if detail.starts_with("missing field") {
        let field = first_quoted(&detail);
        return ApiError::new(
            "missing_field",
            format!("缺少必填字段“{field}”。"),
            format!("The field \"{field}\" is required."),
        );
    }
    let detail = shorten_quoted(&detail);
    if err.is_syntax() || err.is_eof() {
        return ApiError::new(
            "invalid_json",
            format!("不是有效的 JSON：{detail}"),
            format!("This is not valid JSON: {detail}"),
        );
    }
    ApiError::new(
        "invalid_request",
        format!("请求格式有误：{detail}"),
        format!("The request could not be read: {detail}"),
    )
}

#[derive(Serialize)]
struct FeeAnswer<'a> {
    fee: Fee,
    bank_account: &'a BankAccount,
    reasons: Vec<Reason>,
}

#[derive(Serialize)]
struct GroupFeesAnswer {
    #[serde(flatten)]
    group: GroupFees,
    reasons: Vec<Reason>,
}

#[derive(Serialize)]
struct SessionView {
    #[serde(flatten)]
    session: Session,
    window: Window,
    month_zh: String,
    month_en: String,
    earliest_ticket_date: NaiveDate,
    /// The last Friday an individual can apply in person (interpretations.md 14).
    individual_deadline: Option<IndividualDeadline>,
}

fn view(book: &Rulebook, session: Session, window: Window) -> SessionView {
    SessionView {
        month_zh: sessions::month_label_zh(&session),
        month_en: sessions::month_label_en(&session),
        earliest_ticket_date: session.earliest_ticket_date(book),
        individual_deadline: sessions::individual_deadline(book, &session),
        session,
        window,
    }
}

#[derive(Serialize)]
struct NextForLevel {
    level: Level,
    reasons: Vec<Reason>,
    /// True when the session is a projection from the 2025 pattern, not an official date.
    projected: bool,
    session: Option<SessionView>,
}

#[derive(Serialize)]
struct ConductEntry {
    #[serde(flatten)]
    violation: &'static Violation,
    consequence_zh: String,
    consequence_en: String,
    citation: Citation,
    /// What else applies: 附件2's closing paragraph, and for false materials the 四-1 bar.
    reasons: Vec<Reason>,
}

fn conduct_entry(book: &Rulebook, v: &'static Violation) -> ConductEntry {
    let c = v.consequence;
    let description = conduct::description(book, c);
    ConductEntry {
        violation: v,
        consequence_zh: description.zh.into_owned(),
        consequence_en: description.en.into_owned(),
        citation: c.citation(),
        reasons: conduct::related(v),
    }
}

#[derive(Serialize)]
struct ServiceAnswer<'a> {
    reasons: Vec<Reason>,
    #[serde(flatten)]
    status: WindowStatus,
    address_zh: &'a str,
    address_en: &'a str,
    phones: &'a [Phone],
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

/// Said when a request gives `on` to a rule that does not depend on it.
fn date_not_needed(on: Option<NaiveDate>) -> Vec<Reason> {
    on.map(|on| Reason {
        code: "date_not_needed",
        citation: Citation::interpretation(Source::Notice2025, "该规则与查询日期无关"),
        zh: format!("这个问题的答案与查询日期无关，所给日期{on}未被使用。"),
        en: format!("This answer does not depend on the date asked about; {on} was not used."),
    })
    .into_iter()
    .collect()
}

/// One answer: its kind, its body, and notes about the request itself.
pub struct Answer {
    pub kind: &'static str,
    pub body: Value,
    pub notes: Vec<Reason>,
}

fn answer(kind: &'static str, body: Value) -> Answer {
    Answer {
        kind,
        body,
        notes: vec![],
    }
}

/// Answers one request.
pub fn evaluate(book: &Rulebook, request: Request, today: NaiveDate) -> Result<Answer, ApiError> {
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
                .map(|l| eligibility::assess(book, &candidate, l, on))
                .collect::<Result<_, _>>()
                .map_err(|e| ApiError::said(e.code.code(), e.message()))?;
            Ok(answer("eligibility", to_value(answers)?))
        }
        Request::Fee { level, retake, on } => {
            let on = on.unwrap_or(today);
            let fee = if retake.is_empty() {
                fees::full_fee(book, on, level)
            } else {
                fees::fee(book, on, level, &retake)
            }
            .map_err(|e| ApiError::said(e.code(), e.message()))?;
            let reasons = fees::fee_reasons(book, on, &fee);
            Ok(answer(
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
            let group: GroupFees =
                fees::group_fees(book, on, &members).map_err(|(i, e)| match i {
                    0 => ApiError::said(e.code(), e.message()),
                    i => {
                        let m = e.message();
                        ApiError::new(
                            e.code(),
                            format!("第{i}位考生：{}", m.zh),
                            format!("Candidate {i}: {}", m.en),
                        )
                    }
                })?;
            let mut reasons: Vec<Reason> = book.currency_note(on).into_iter().collect();
            reasons.push(fees::pay_after_review());
            Ok(answer(
                "group_fees",
                to_value(GroupFeesAnswer { group, reasons })?,
            ))
        }
        Request::Sessions { level, on } => {
            let on = on.unwrap_or(today);
            let open: Vec<SessionView> = sessions::open_on(book, on, level)
                .into_iter()
                .map(|(s, w)| view(book, s, w))
                .collect();
            let levels: Vec<Level> = level.map_or(Level::OFFERED.to_vec(), |l| vec![l]);
            let next: Vec<NextForLevel> = levels
                .into_iter()
                .map(|l| {
                    let next = sessions::next_session(book, l, on);
                    NextForLevel {
                        level: l,
                        reasons: next
                            .as_ref()
                            .map(|n| n.reasons(book, l))
                            .unwrap_or_default(),
                        projected: next.as_ref().is_some_and(|n| n.projected),
                        session: next.map(|n| view(book, n.session, n.window)),
                    }
                })
                .collect();
            Ok(answer(
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
                    "reasons": [to_value(sessions::dates_may_change())?],
                    "citation": to_value(sessions::SCHEDULE_CITATION)?,
                }),
            ))
        }
        Request::Retake {
            level,
            first_evaluation,
            passed,
            from_competition,
            on,
        } => {
            let q = RetakeQuestion {
                level,
                first_evaluation,
                passed,
                on: on.unwrap_or(today),
                from_competition,
            };
            let result: RetakeAnswer =
                retake::retake(book, &q).map_err(|e| ApiError::said(e.code(), e.message()))?;
            let mut value = to_value(&result)?;
            value["reasons"] = to_value(result.reasons(book))?;
            Ok(answer("retake", value))
        }
        Request::ResultsDate { last_subject, on } => {
            let dates = results::results_dates(book, last_subject).ok_or_else(|| {
                ApiError::new(
                    "date_out_of_range",
                    format!("日期 {last_subject} 超出可计算范围。"),
                    format!("The date {last_subject} is out of range."),
                )
            })?;
            let mut body = to_value(dates)?;
            let places = book.results.where_to_look;
            let zh: Vec<&str> = places.iter().map(|p| p.zh.as_ref()).collect();
            let en: Vec<&str> = places.iter().map(|p| p.en.as_ref()).collect();
            body["where_to_look_zh"] = to_value(zh)?;
            body["where_to_look_en"] = to_value(en)?;
            Ok(Answer {
                notes: date_not_needed(on),
                ..answer("results_date", body)
            })
        }
        Request::ServiceWindow { at, on } => {
            let status = service::window_at(book, at);
            let body = to_value(ServiceAnswer {
                reasons: status.reasons(book),
                status,
                address_zh: &book.service.address.zh,
                address_en: &book.service.address.en,
                phones: book.service.phones,
            })?;
            Ok(Answer {
                notes: date_not_needed(on),
                ..answer("service_window", body)
            })
        }
        Request::Conduct { code, on } => {
            let on = on.unwrap_or(today);
            let entries: Vec<ConductEntry> = match code {
                Some(code) => {
                    let v = conduct::violation(book, &code).ok_or_else(|| {
                        let code = cut(&code);
                        ApiError::new(
                            "unknown_violation",
                            format!("没有编号为“{code}”的违纪行为；编号形如 1、2-1、3-1、4-7。"),
                            format!("No violation has the code \"{code}\"; codes look like 1, 2-1, 3-1, 4-7."),
                        )
                    })?;
                    vec![conduct_entry(book, v)]
                }
                None => book
                    .violations
                    .iter()
                    .map(|v| conduct_entry(book, v))
                    .collect(),
            };
            let reasons: Vec<Reason> = book.currency_note(on).into_iter().collect();
            Ok(answer(
                "conduct",
                json!({ "violations": to_value(entries)?, "reasons": to_value(reasons)? }),
            ))
        }
        Request::IdNumber { id_number, on } => {
            let on = on.unwrap_or(today);
            let mut body = to_value(id_number::check(&id_number, on))?;
            body["on"] = to_value(on)?;
            Ok(answer("id_number", body))
        }
        Request::AdmissionTicket { evaluation, on } => {
            let mut ticket = sessions::admission_ticket(book, evaluation);
            ticket.reasons.extend(book.currency_note(evaluation));
            Ok(Answer {
                notes: date_not_needed(on),
                ..answer("admission_ticket", to_value(ticket)?)
            })
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
        Ok(a) => {
            let mut response = json!({ "ok": true, "kind": a.kind, "rulebook_version": book.version, "answer": a.body });
            if !a.notes.is_empty() {
                response["notes"] = serde_json::to_value(a.notes).unwrap_or(Value::Null);
            }
            (response, true)
        }
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
                "bad_date",
            ),
            (
                r#"{"kind":"eligibility","candidate":{"id_number":"123"}}"#,
                "id_number_length",
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
