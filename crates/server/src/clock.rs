//! The server's readings of the clock, in one place: the rules take "today" as an argument, and
//! the stores write times as text.

use chrono::NaiveDate;

/// Today's date in Shanghai: the default for requests without `on`, and the day a record is
/// received on.
pub fn today_in_shanghai() -> NaiveDate {
    pingjia_rules::dates::shanghai_time(chrono::Utc::now().timestamp_millis())
        .map_or_else(|| chrono::Utc::now().date_naive(), |t| t.date())
}

/// Now in UTC, as the stores keep a moment: `2025-06-01T08:30:00Z`.
pub fn now_text() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
