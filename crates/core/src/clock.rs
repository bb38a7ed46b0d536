//! The one place that reads the clock. Dates are calendar dates in Asia/Shanghai (UTC+8, no
//! daylight saving since 1991, so a fixed offset is exact). `REGDESK_NOW` (RFC 3339) pins
//! "now" for tests and reproducible runs.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

pub const NOW_ENV: &str = "REGDESK_NOW";

/// Asia/Shanghai as a fixed offset.
pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// Now, in Asia/Shanghai. An unparsable `REGDESK_NOW` is ignored rather than fatal, with the
/// real clock used instead: a typo in a test variable must not corrupt user data.
pub fn now() -> DateTime<FixedOffset> {
    if let Ok(text) = std::env::var(NOW_ENV) {
        if let Ok(t) = DateTime::parse_from_rfc3339(text.trim()) {
            return t.with_timezone(&shanghai());
        }
    }
    Utc::now().with_timezone(&shanghai())
}

/// Today's calendar date in Asia/Shanghai.
pub fn today() -> NaiveDate {
    now().date_naive()
}

/// Unix milliseconds, the storage form of timestamps.
pub fn now_millis() -> i64 {
    now().timestamp_millis()
}

/// A stored timestamp shown as RFC 3339 in Asia/Shanghai.
pub fn millis_to_rfc3339(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&shanghai()).to_rfc3339())
        .unwrap_or_default()
}
