//! "Now" for the app: the device's clock, read as Asia/Shanghai time (UTC+8, no daylight
//! saving), which is where the notice's dates and hours apply.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

const SHANGHAI_OFFSET_MS: i64 = 8 * 60 * 60 * 1000;

pub fn now_in_shanghai() -> NaiveDateTime {
    let ms = js_sys::Date::now() as i64 + SHANGHAI_OFFSET_MS;
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.naive_utc())
        .unwrap_or_default()
}

pub fn today_in_shanghai() -> NaiveDate {
    now_in_shanghai().date()
}
