//! "Now" for the app: the device's clock, read as Shanghai time, where the notice's dates and
//! hours apply.

use chrono::{NaiveDate, NaiveDateTime};
use pingjia_rules::dates::shanghai_time;

pub fn now_in_shanghai() -> NaiveDateTime {
    shanghai_time(js_sys::Date::now() as i64).unwrap_or_default()
}

pub fn today_in_shanghai() -> NaiveDate {
    now_in_shanghai().date()
}
