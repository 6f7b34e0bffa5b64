//! What the server refuses in a record it is sent, and why, in both languages. A draft may be
//! incomplete or wrong in ways the roster shows the institution (a missing level, a check digit
//! that does not match): those are kept. What is refused is what no version of the app writes —
//! text beyond any real length, control characters, dates that are not dates — because
//! keeping it would only carry it to the institution's other devices.

use crate::codes::SyncErrorCode;
use crate::records::{CandidateRecord, SyncDraft, SyncRecord};
use chrono::NaiveDate;
use pingjia_rules::Bilingual;
use pingjia_rules::candidate_draft::ProblemCode;
use pingjia_rules::sessions::SessionKey;

/// The longest each kind of text may be, in characters.
pub const MAX_NAME: usize = 50;
pub const MAX_INSTITUTION: usize = 100;
pub const MAX_CONTACT: usize = 200;
pub const MAX_NOTES: usize = 4000;
pub const MAX_ID_NUMBER: usize = 40;
/// The most rows of schooling, work, certificates or titles one candidate may have.
pub const MAX_LIST: usize = 30;
/// The longest a date may be as typed (the longest form the rules read, with room for spaces).
pub const MAX_DATE_TEXT: usize = 40;
/// The highest revision a record may reach: a number every JavaScript engine holds exactly, so
/// a record can always be changed once more.
pub const MAX_REVISION: u64 = (1 << 53) - 1;
/// The most bytes one record may take as stored: far above any record the app writes (about
/// 1 KB a candidate), and what bounds a pull page's size.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

/// Why a record was refused: a stable code and the sentence for the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub code: SyncErrorCode,
    pub message: Bilingual,
}

fn reject(code: SyncErrorCode, zh: String, en: String) -> Rejection {
    Rejection {
        code,
        message: Bilingual::new(zh, en),
    }
}

/// Checks one record as the server receives it; `on` is the day it is received (Shanghai).
pub fn check_record(record: &SyncRecord, on: NaiveDate) -> Result<(), Rejection> {
    if record.revision() == 0 {
        return Err(reject(
            SyncErrorCode::RevisionMissing,
            "记录的修订号应从 1 开始。".into(),
            "A record's revision starts at 1.".into(),
        ));
    }
    if record.revision() > MAX_REVISION {
        return Err(reject(
            SyncErrorCode::RevisionOutOfRange,
            format!("记录的修订号最大为 {MAX_REVISION}。"),
            format!("A record's revision is at most {MAX_REVISION}."),
        ));
    }
    match record {
        SyncRecord::Draft(draft) => check_draft(draft),
        SyncRecord::Candidate(candidate) => check_candidate(candidate, on),
    }
}

fn check_draft(draft: &SyncDraft) -> Result<(), Rejection> {
    finite_time(draft.changed_at)?;
    text(
        "institution",
        "机构名称",
        &draft.institution,
        MAX_INSTITUTION,
        false,
    )?;
    text("contact", "联系人", &draft.contact, MAX_CONTACT, false)?;
    text("notes", "备注", &draft.notes, MAX_NOTES, true)?;
    if !draft.session.is_empty() && SessionKey::parse(&draft.session).is_none() {
        return Err(reject(
            SyncErrorCode::BadSession,
            format!(
                "考核批次应写成年月（如 2025-09），收到的是“{}”。",
                clip(&draft.session)
            ),
            format!(
                "The session is a month such as 2025-09, not “{}”.",
                clip(&draft.session)
            ),
        ));
    }
    if !draft.application_date.is_empty() {
        date("application_date", "申报日期", &draft.application_date)?;
    }
    Ok(())
}

fn check_candidate(candidate: &CandidateRecord, on: NaiveDate) -> Result<(), Rejection> {
    finite_time(candidate.changed_at)?;
    let entry = &candidate.entry;
    text("name", "姓名", &entry.name, MAX_NAME, false)?;
    let person = &entry.candidate;
    text(
        "id_number",
        "身份证号",
        &person.id_number,
        MAX_ID_NUMBER,
        false,
    )?;
    let lists = [
        ("schooling", "学历", person.schooling.len()),
        ("work", "工作经历", person.work.len()),
        ("certificates", "证书", person.certificates.len()),
        ("titles", "职称", person.titles.len()),
    ];
    for (field, label, len) in lists {
        if len > MAX_LIST {
            return Err(reject(
                SyncErrorCode::TooManyRows,
                format!("{label}最多 {MAX_LIST} 条，收到 {len} 条。"),
                format!("{field} has at most {MAX_LIST} rows, not {len}."),
            ));
        }
    }
    let mut retaken = entry.retake.clone();
    retaken.sort_by_key(|s| *s as u8);
    retaken.dedup();
    if retaken.len() != entry.retake.len() {
        return Err(reject(
            SyncErrorCode::RepeatedSubject,
            "补考科目中有重复：每个科目只能列一次。".into(),
            "A retaken subject is listed twice: list each subject once.".into(),
        ));
    }
    let dates = std::iter::once(("birth_date", &person.birth_date))
        .chain(
            person
                .work
                .iter()
                .flat_map(|w| [("work.from", &w.from), ("work.until", &w.until)]),
        )
        .chain(
            person
                .certificates
                .iter()
                .map(|h| ("certificates.since", &h.since)),
        )
        .chain(person.titles.iter().map(|h| ("titles.since", &h.since)));
    for (field, value) in dates {
        text(field, "日期", value, MAX_DATE_TEXT, false)?;
    }
    // The rules read every date as they would on the roster; a date they cannot read is
    // something the app never writes. Everything else they find stays for the roster to show.
    if let Err(problems) = person.check(on) {
        for problem in problems {
            if matches!(
                problem.code,
                ProblemCode::BadDate | ProblemCode::DateOutOfRange { .. }
            ) {
                let path = problem.field.path();
                return Err(reject(
                    SyncErrorCode::BadDate,
                    format!("{path} 不是日期（应写成 2025-06-01，且在 1900–2199 年间）。"),
                    format!(
                        "{path} is not a date (write it as 2025-06-01, between 1900 and 2199)."
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn text(field: &str, label: &str, value: &str, max: usize, lines: bool) -> Result<(), Rejection> {
    let length = value.chars().count();
    if length > max {
        return Err(reject(
            SyncErrorCode::TextTooLong,
            format!("{label}最多 {max} 个字，收到 {length} 个。"),
            format!("{field} has at most {max} characters, not {length}."),
        ));
    }
    let allowed = |c: char| {
        (!c.is_control() && !invisible(c)) || (lines && (c == '\n' || c == '\t' || c == '\r'))
    };
    if !value.chars().all(allowed) {
        return Err(reject(
            SyncErrorCode::ControlCharacter,
            format!("{label}含有不可见的控制字符，请删除后重试。"),
            format!("{field} holds an invisible control character; remove it and try again."),
        ));
    }
    Ok(())
}

/// A date as the app keeps it: what was typed, read by the rules' one typed reader (the same
/// reader the candidate's dates go through in `check_candidate`).
fn date(field: &str, label: &str, value: &str) -> Result<NaiveDate, Rejection> {
    pingjia_rules::dates::typed::read(value).map_err(|_| {
        reject(
            SyncErrorCode::BadDate,
            format!(
                "{label}应是 1900–2199 年间真实存在的日期（如 2025-06-01），收到的是“{}”。",
                clip(value)
            ),
            format!(
                "{field} is a real date between 1900 and 2199, such as 2025-06-01, not “{}”.",
                clip(value)
            ),
        )
    })
}

/// Characters that change how text around them is shown, or are not shown at all: direction
/// overrides and isolates (a name that reads one way and sorts another), zero-width characters,
/// and the line and paragraph separators, which break a line where none is seen.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{061C}'
            | '\u{180E}'
    )
}

/// The latest time a JavaScript `Date` can hold, in milliseconds since 1970.
const LATEST_TIME: f64 = 8.64e15;

fn finite_time(changed_at: f64) -> Result<(), Rejection> {
    if changed_at.is_finite() && (0.0..=LATEST_TIME).contains(&changed_at) {
        Ok(())
    } else {
        Err(reject(
            SyncErrorCode::BadTime,
            "修改时间无效。".into(),
            "changed_at is not a time.".into(),
        ))
    }
}

/// At most 20 characters of what was sent, so a refusal never echoes a whole field back.
fn clip(value: &str) -> String {
    value.chars().take(20).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Life, RecordId};
    use pingjia_rules::roster::RosterEntry;

    fn on() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).expect("a date")
    }

    fn candidate(entry: RosterEntry) -> SyncRecord {
        SyncRecord::Candidate(CandidateRecord {
            id: RecordId(1),
            draft_id: RecordId(2),
            revision: 1,
            life: Life::Active,
            changed_at: 0.0,
            position: 0,
            entry,
        })
    }

    #[test]
    fn a_time_no_clock_can_show_is_refused() {
        for changed_at in [-1.0, 8.64e15 + 1.0, 1.750_222_222_222e21, f64::INFINITY] {
            let mut record = candidate(RosterEntry::default());
            if let SyncRecord::Candidate(c) = &mut record {
                c.changed_at = changed_at;
            }
            assert_eq!(
                check_record(&record, on()).map_err(|r| r.code),
                Err(SyncErrorCode::BadTime),
                "{changed_at}"
            );
        }
    }

    #[test]
    fn an_incomplete_candidate_is_kept_for_the_roster_to_show() {
        let mut entry = RosterEntry::default();
        entry.candidate.id_number = "310101199001011234".into(); // wrong check digit
        assert_eq!(check_record(&candidate(entry), on()), Ok(()));
    }

    #[test]
    fn a_date_that_is_not_one_a_long_name_and_a_control_character_are_refused() {
        let mut entry = RosterEntry::default();
        entry.candidate.birth_date = "1990-13-01".into();
        let refused = check_record(&candidate(entry), on()).expect_err("refused");
        assert_eq!(refused.code, SyncErrorCode::BadDate);
        assert!(
            refused.message.zh.contains("birth_date"),
            "{:?}",
            refused.message
        );

        let entry = RosterEntry {
            name: "张".repeat(MAX_NAME + 1),
            ..RosterEntry::default()
        };
        assert_eq!(
            check_record(&candidate(entry), on()).map_err(|r| r.code),
            Err(SyncErrorCode::TextTooLong)
        );

        let entry = RosterEntry {
            name: "张\u{0}三".into(),
            ..RosterEntry::default()
        };
        assert_eq!(
            check_record(&candidate(entry), on()).map_err(|r| r.code),
            Err(SyncErrorCode::ControlCharacter)
        );
    }

    #[test]
    fn a_draft_needs_a_month_for_its_session_and_a_revision() {
        let draft = SyncDraft {
            id: RecordId(3),
            revision: 1,
            session: "2025-9月".into(),
            ..SyncDraft::default()
        };
        let refused = check_record(&SyncRecord::Draft(draft.clone()), on()).expect_err("refused");
        assert_eq!(refused.code, SyncErrorCode::BadSession);
        let unsaved = SyncDraft {
            revision: 0,
            session: "2025-09".into(),
            ..draft
        };
        assert_eq!(
            check_record(&SyncRecord::Draft(unsaved), on()).map_err(|r| r.code),
            Err(SyncErrorCode::RevisionMissing)
        );
    }

    #[test]
    fn an_application_date_is_read_as_the_rules_read_a_typed_date() {
        let draft = |application_date: &str| {
            SyncRecord::Draft(SyncDraft {
                id: RecordId(3),
                revision: 1,
                application_date: application_date.into(),
                ..SyncDraft::default()
            })
        };
        for typed in ["2025-06-01", "20250601", "2025年6月1日"] {
            assert_eq!(check_record(&draft(typed), on()), Ok(()), "{typed}");
        }
        for bad in ["1800-01-01", "2025-02-30", "6/1/2025"] {
            assert_eq!(
                check_record(&draft(bad), on()).map_err(|r| r.code),
                Err(SyncErrorCode::BadDate),
                "{bad}"
            );
        }
    }

    #[test]
    fn what_the_rules_could_never_use_is_refused() {
        let with = |f: &dyn Fn(&mut RosterEntry)| {
            let mut entry = RosterEntry::default();
            f(&mut entry);
            check_record(&candidate(entry), on()).map_err(|r| r.code)
        };
        use pingjia_rules::fees::Subject;
        assert_eq!(
            with(&|e| e.retake = vec![Subject::Theory; 100_000]),
            Err(SyncErrorCode::RepeatedSubject)
        );
        assert_eq!(
            with(&|e| e.retake = vec![Subject::Theory, Subject::Skills]),
            Ok(())
        );
        for name in [
            "张\u{202E}三",
            "张\u{200B}三",
            "张\u{2028}三",
            "\u{FEFF}张三",
        ] {
            assert_eq!(
                with(&|e| e.name = name.into()),
                Err(SyncErrorCode::ControlCharacter),
                "{name:?}"
            );
        }
        assert_eq!(
            with(&|e| e.candidate.birth_date = format!("{}2006-03-01", " ".repeat(100))),
            Err(SyncErrorCode::TextTooLong)
        );
        let mut at_the_top = candidate(RosterEntry::default());
        if let SyncRecord::Candidate(c) = &mut at_the_top {
            c.revision = u64::MAX;
        }
        assert_eq!(
            check_record(&at_the_top, on()).map_err(|r| r.code),
            Err(SyncErrorCode::RevisionOutOfRange)
        );
    }
}
