//! An iCalendar (.ics) file of a session's dates, for "add to calendar".

use chrono::{Datelike, Days, NaiveDate};
use pingjia_rules::rulebook::{Rulebook, Session};
use pingjia_rules::sessions;

/// One all-day event.
pub struct Event {
    pub uid: String,
    pub summary: String,
    pub start: NaiveDate,
    /// The last day, included.
    pub last: NaiveDate,
    /// Shown under the event: the caveat that the dates can move (reading 13).
    pub description: String,
}

/// Text escaped as RFC 5545 requires.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets without splitting a character (RFC 5545 3.1).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out
}

/// A date in iCalendar's basic form, 20250615.
fn basic(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

pub fn calendar(events: &[Event], stamp: NaiveDate) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//pingjia//保卫管理员评价助手//ZH".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
    ];
    for e in events {
        let end = e.last.checked_add_days(Days::new(1)).unwrap_or(e.last);
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", e.uid));
        lines.push(format!("DTSTAMP:{}T000000Z", basic(stamp)));
        lines.push(format!("DTSTART;VALUE=DATE:{}", basic(e.start)));
        lines.push(format!("DTEND;VALUE=DATE:{}", basic(end)));
        lines.push(format!("SUMMARY:{}", escape(&e.summary)));
        lines.push(format!("DESCRIPTION:{}", escape(&e.description)));
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines
        .iter()
        .map(|l| fold(l))
        .collect::<Vec<_>>()
        .join("\r\n")
        + "\r\n"
}

/// The application deadline (group, and individual where there is one), payment deadline,
/// earliest ticket date and evaluation month. Every event carries the caveat that dates can
/// move, and a projected session says so in every title.
pub fn session_events(
    book: &Rulebook,
    session: &Session,
    label_zh: &str,
    projected: bool,
) -> Vec<Event> {
    let id = format!("{}{:02}", session.evaluation_year, session.evaluation_month);
    let label = if projected {
        format!("{label_zh}（推测，非官方）")
    } else {
        label_zh.to_string()
    };
    let label_zh = label.as_str();
    let mut caveat = sessions::dates_may_change(book).text.zh.into_owned();
    if projected {
        caveat = format!("{}{caveat}", sessions::projection_caveat(book).0);
    }
    let mut events = vec![
        Event {
            uid: format!("apply-{id}@pingjia"),
            summary: format!("保卫管理员{label_zh}考期：团体申报截止"),
            start: session.apply_until,
            last: session.apply_until,
            description: caveat.clone(),
        },
        Event {
            uid: format!("pay-{id}@pingjia"),
            summary: format!("保卫管理员{label_zh}考期：缴费截止（以到账为准）"),
            start: session.pay_until,
            last: session.pay_until,
            description: caveat.clone(),
        },
        Event {
            uid: format!("ticket-{id}@pingjia"),
            summary: format!(
                "保卫管理员{label_zh}考期：准考证最早可下载（考核日期前{}）",
                sessions::ticket_lead(book).zh
            ),
            start: session.earliest_ticket_date(book),
            last: session.earliest_ticket_date(book),
            description: caveat.clone(),
        },
        Event {
            uid: format!("evaluation-{id}@pingjia"),
            summary: format!("保卫管理员{label_zh}评价（具体日期见准考证）"),
            start: session.evaluation_month_start(),
            last: session.evaluation_month_end(),
            description: caveat.clone(),
        },
    ];
    if let Some(deadline) = sessions::individual_deadline(book, session) {
        events.insert(
            1,
            Event {
                uid: format!("apply-individual-{id}@pingjia"),
                summary: format!(
                    "保卫管理员{label_zh}考期：个人现场申报最后一个{}（业务窗口）",
                    pingjia_rules::service::weekday_names(book).0
                ),
                start: deadline.date,
                last: deadline.date,
                description: caveat.clone(),
            },
        );
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use pingjia_rules::rulebook;

    #[test]
    fn a_session_becomes_four_all_day_events() {
        let book = rulebook::current();
        let s = &book.sessions[0];
        let ics = calendar(&session_events(book, s, "2025年7月", false), s.apply_from);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        // Group deadline, individual deadline (Friday 06-13), payment, ticket, evaluation.
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 5);
        assert!(ics.contains("DTSTART;VALUE=DATE:20250613\r\nDTEND;VALUE=DATE:20250614"));
        assert_eq!(
            ics.matches("DESCRIPTION:以上日期可能").count(),
            5,
            "every event has the caveat"
        );
        assert!(ics.contains("DTSTART;VALUE=DATE:20250615\r\nDTEND;VALUE=DATE:20250616"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20250701\r\nDTEND;VALUE=DATE:20250801"));
        assert!(ics.lines().all(|l| l.len() <= 75), "lines are folded");
        let projected = calendar(&session_events(book, s, "2026年7月", true), s.apply_from);
        assert!(projected.contains("推测"));
    }

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(escape("a,b;c\\d"), "a\\,b\\;c\\\\d");
    }
}
