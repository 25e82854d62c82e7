//! Timestamps as stored: RFC 3339 text in UTC, which sorts and compares as text.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The current time as stored in every `created_at` column.
pub(crate) fn now() -> String {
    format(OffsetDateTime::now_utc())
}

/// Formats a timestamp the way the store writes it.
pub(crate) fn format(t: OffsetDateTime) -> String {
    // Formatting a UTC OffsetDateTime as RFC 3339 cannot fail for years 0..=9999.
    t.format(&Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}
