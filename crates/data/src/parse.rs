//! Parsing one field's bytes into a typed value; shared by type inference and conversion so
//! that "what inference accepts" and "what import accepts" can never drift apart.

/// Missing-value markers and number format, as resolved for one import.
#[derive(Debug, Clone)]
pub(crate) struct ParseConfig {
    /// Numbers use a decimal comma (`1,5`).
    pub decimal_comma: bool,
    /// Exact texts (after trimming) that mean "missing".
    missing: Vec<Vec<u8>>,
    /// The longest marker: longer fields skip the comparisons (the hot path for numbers).
    longest: usize,
    /// Whether the empty string is a marker.
    empty_is_missing: bool,
}

/// The default missing-value markers.
pub const DEFAULT_MISSING: &[&str] = &[
    "", "NA", "N/A", "n/a", "null", "NULL", "None", "NaN", "nan", "-",
];

impl ParseConfig {
    pub(crate) fn new(decimal_comma: bool, missing: &[String]) -> Self {
        let missing: Vec<Vec<u8>> = missing
            .iter()
            .map(|m| m.trim().as_bytes().to_vec())
            .collect();
        Self {
            decimal_comma,
            longest: missing.iter().map(Vec::len).max().unwrap_or(0),
            empty_is_missing: missing.iter().any(Vec::is_empty),
            missing,
        }
    }

    /// Whether a raw field is a missing value.
    #[inline]
    pub(crate) fn is_missing(&self, raw: &[u8]) -> bool {
        let (Some(first), Some(last)) = (raw.first(), raw.last()) else {
            return self.empty_is_missing;
        };
        // A field longer than every marker matches only if spaces around it are trimmed away.
        if raw.len() > self.longest && !first.is_ascii_whitespace() && !last.is_ascii_whitespace() {
            return false;
        }
        let v = raw.trim_ascii();
        self.missing.iter().any(|m| m.as_slice() == v)
    }
}

/// A signed 64-bit integer: optional sign, ASCII digits, nothing else.
pub(crate) fn parse_int(raw: &[u8]) -> Option<i64> {
    let v = raw.trim_ascii();
    let (neg, digits) = match v.first()? {
        b'-' => (true, &v[1..]),
        b'+' => (false, &v[1..]),
        _ => (false, v),
    };
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    let mut n: i64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_sub(i64::from(b - b'0'))?;
    }
    if neg { Some(n) } else { n.checked_neg() }
}

/// A real number in decimal or scientific notation (decimal comma when configured).
pub(crate) fn parse_float(raw: &[u8], decimal_comma: bool) -> Option<f64> {
    let v = raw.trim_ascii();
    if v.is_empty() {
        return None;
    }
    if decimal_comma && v.contains(&b',') {
        if v.len() > 64 || v.contains(&b'.') {
            return None;
        }
        let mut buf = [0u8; 64];
        for (dst, &src) in buf.iter_mut().zip(v) {
            *dst = if src == b',' { b'.' } else { src };
        }
        return fast_float2::parse(&buf[..v.len()]).ok();
    }
    fast_float2::parse(v).ok()
}

/// true/false, yes/no (any case).
pub(crate) fn parse_bool(raw: &[u8]) -> Option<bool> {
    let v = raw.trim_ascii();
    if v.len() > 5 {
        return None;
    }
    let mut lower = [0u8; 5];
    for (d, s) in lower.iter_mut().zip(v) {
        *d = s.to_ascii_lowercase();
    }
    match &lower[..v.len()] {
        b"true" | b"yes" => Some(true),
        b"false" | b"no" => Some(false),
        _ => None,
    }
}

/// ISO 8601 date or date-time, as microseconds since the Unix epoch (UTC):
/// `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]]`, optionally `Z` or `±HH:MM`.
pub(crate) fn parse_datetime(raw: &[u8]) -> Option<i64> {
    let v = raw.trim_ascii();
    if v.len() < 10 || v[4] != b'-' || v[7] != b'-' {
        return None;
    }
    let year = digits(&v[0..4])?;
    let month = digits(&v[5..7])?;
    let day = digits(&v[8..10])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let mut micros = days * 86_400_000_000;
    let rest = &v[10..];
    if rest.is_empty() {
        return Some(micros);
    }
    if !(rest[0] == b'T' || rest[0] == b' ') || rest.len() < 6 || rest[3] != b':' {
        return None;
    }
    let hour = digits(&rest[1..3])?;
    let minute = digits(&rest[4..6])?;
    let mut i = 6;
    let mut second = 0;
    let mut frac_micros = 0i64;
    if rest.get(i) == Some(&b':') {
        second = digits(rest.get(i + 1..i + 3)?)?;
        i += 3;
        if rest.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while i < rest.len() && rest[i].is_ascii_digit() {
                i += 1;
            }
            let frac = &rest[start..i];
            if frac.is_empty() {
                return None;
            }
            let mut scaled = 0i64;
            for k in 0..6 {
                scaled = scaled * 10 + frac.get(k).map_or(0, |d| i64::from(d - b'0'));
            }
            frac_micros = scaled;
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset_minutes = match &rest[i..] {
        [] | [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let m = digits(&[*h1, *h2])? * 60 + digits(&[*m1, *m2])?;
            if *sign == b'+' { m } else { -m }
        }
        _ => return None,
    };
    micros += ((hour * 60 + minute - offset_minutes) * 60 + second) * 1_000_000 + frac_micros;
    Some(micros)
}

fn digits(b: &[u8]) -> Option<i64> {
    let mut n = 0i64;
    for &d in b {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(d - b'0');
    }
    Some(n)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        assert_eq!(parse_int(b" 42 "), Some(42));
        assert_eq!(parse_int(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int(b"9223372036854775808"), None);
        assert_eq!(parse_int(b"1.0"), None);
        assert_eq!(parse_int(b"-"), None);
        assert_eq!(parse_int(b""), None);
    }

    #[test]
    fn floats_with_point_and_comma() {
        assert_eq!(parse_float(b"1.5", false), Some(1.5));
        assert_eq!(parse_float(b"-2e-3", false), Some(-0.002));
        assert_eq!(parse_float(b"1,5", true), Some(1.5));
        assert_eq!(parse_float(b"1,5", false), None);
        assert_eq!(parse_float(b"1.000,5", true), None);
        assert_eq!(parse_float(b"abc", false), None);
    }

    #[test]
    fn booleans() {
        assert_eq!(parse_bool(b"TRUE"), Some(true));
        assert_eq!(parse_bool(b"no"), Some(false));
        assert_eq!(parse_bool(b"1"), None);
    }

    #[test]
    fn datetimes_match_known_epochs() {
        assert_eq!(parse_datetime(b"1970-01-01"), Some(0));
        // 2000-03-01 is day 11017 since the epoch (date -d 2000-03-01 +%s / 86400).
        assert_eq!(parse_datetime(b"2000-03-01"), Some(11_017 * 86_400_000_000));
        assert_eq!(
            parse_datetime(b"2024-02-29T12:30:15.25Z"),
            Some(1_709_209_815_250_000)
        );
        assert_eq!(
            parse_datetime(b"2024-02-29 14:30:15.25+02:00"),
            Some(1_709_209_815_250_000)
        );
        assert_eq!(parse_datetime(b"2023-02-29"), None);
        assert_eq!(parse_datetime(b"2024-13-01"), None);
        assert_eq!(parse_datetime(b"2024-01-01T25:00"), None);
        assert_eq!(parse_datetime(b"hello world"), None);
    }
}
