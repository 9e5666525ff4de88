//! Instants: RFC 3339 timestamps with an offset, and date-only deadlines (Civil Code Art. 203).

use serde::{Deserialize, Serialize};

use super::TallyError;

/// An instant on the UTC time line, exact to the nanosecond.
///
/// Ordered first by `epoch_ms`, then by `sub_ms_nanos`.
///
/// # Units
/// `epoch_ms`: milliseconds since 1970-01-01T00:00:00Z (negative before);
/// `sub_ms_nanos`: the nanoseconds within that millisecond, 0–999 999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Instant {
    /// Milliseconds since the Unix epoch.
    pub epoch_ms: i64,
    /// Nanoseconds within the millisecond (0–999 999).
    pub sub_ms_nanos: u32,
}

/// Beijing time (UTC+8) in milliseconds.
const BEIJING_OFFSET_MS: i64 = 8 * 3_600_000;

/// Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
                29
            } else {
                28
            }
        }
    }
}

fn digits(bytes: &[u8]) -> Option<i64> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        bytes
            .iter()
            .fold(0, |acc, b| acc * 10 + i64::from(b - b'0')),
    )
}

/// Parses `YYYY-MM-DD` at the start of `bytes` into days since the epoch.
fn parse_date(bytes: &[u8]) -> Result<i64, &'static str> {
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err("expected YYYY-MM-DD");
    }
    let year = digits(&bytes[0..4]).ok_or("expected YYYY-MM-DD")?;
    let month = digits(&bytes[5..7]).ok_or("expected YYYY-MM-DD")?;
    let day = digits(&bytes[8..10]).ok_or("expected YYYY-MM-DD")?;
    if !(1..=12).contains(&month) {
        return Err("month out of range");
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err("day out of range");
    }
    Ok(days_from_civil(year, month, day))
}

pub(crate) fn parse_rfc3339(text: &str) -> Result<Instant, &'static str> {
    let b = text.as_bytes();
    const SHAPE: &str = "expected RFC 3339 YYYY-MM-DDTHH:MM:SS with an offset";
    let days = parse_date(b).map_err(|e| if e.starts_with("expected") { SHAPE } else { e })?;
    if b.len() < 20 || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return Err(SHAPE);
    }
    let hour = digits(&b[11..13]).ok_or("bad hour")?;
    let minute = digits(&b[14..16]).ok_or("bad minute")?;
    let second = digits(&b[17..19]).ok_or("bad second")?;
    if hour > 23 || minute > 59 || second > 59 {
        return Err("time of day out of range (leap seconds are not accepted)");
    }
    let mut rest = &b[19..];
    let mut nanos: i64 = 0;
    if rest.first() == Some(&b'.') {
        let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 || n > 9 {
            return Err("fractional seconds need 1 to 9 digits");
        }
        let frac = digits(&rest[1..=n]).ok_or("bad fraction")?;
        nanos = frac * 10_i64.pow(9 - n as u32);
        rest = &rest[1 + n..];
    }
    let offset_min = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let oh = digits(&[*h1, *h2]).ok_or("bad offset")?;
            let om = digits(&[*m1, *m2]).ok_or("bad offset")?;
            if oh > 23 || om > 59 {
                return Err("offset out of range");
            }
            let o = oh * 60 + om;
            if *sign == b'-' {
                -o
            } else {
                o
            }
        }
        [] => return Err("missing offset (Z or ±HH:MM)"),
        _ => return Err("bad offset (expected Z or ±HH:MM)"),
    };
    let secs = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_min * 60;
    Ok(Instant {
        epoch_ms: secs * 1_000 + nanos / 1_000_000,
        sub_ms_nanos: (nanos % 1_000_000) as u32,
    })
}

/// Parses a server receipt time: RFC 3339 with an explicit offset, e.g.
/// `2024-07-01T00:00:00+08:00` or `2024-06-30T16:00:00.123Z`.
///
/// An electronic declaration takes effect when the system receives it (Civil Code Art. 137),
/// so this is the time compared with the deadline.
///
/// # Units
/// Fractional seconds of 1–9 digits are kept to the nanosecond.
///
/// # Errors
/// [`TallyError::InvalidTime`] naming `field`: missing offset, impossible date or time,
/// leap second, other syntax.
pub fn parse_instant(field: &str, text: &str) -> Result<Instant, TallyError> {
    parse_rfc3339(text).map_err(|reason| TallyError::InvalidTime {
        field: field.to_string(),
        value: text.to_string(),
        reason,
    })
}

/// Parses a deadline: an RFC 3339 instant, or a date `YYYY-MM-DD` meaning the end of that day
/// in Beijing time, i.e. 24:00 UTC+8 (Civil Code Art. 203: a period counted in days ends at
/// 24:00 of its last day). A ballot received at or after the returned instant is late.
///
/// # Units
/// `2024-06-30` → the instant `2024-07-01T00:00:00+08:00` (= `2024-06-30T16:00:00Z`).
///
/// # Errors
/// [`TallyError::InvalidTime`] naming `field`.
pub fn parse_deadline(field: &str, text: &str) -> Result<Instant, TallyError> {
    if text.len() == 10 {
        let days = parse_date(text.as_bytes()).map_err(|reason| TallyError::InvalidTime {
            field: field.to_string(),
            value: text.to_string(),
            reason,
        })?;
        return Ok(Instant {
            epoch_ms: (days + 1) * 86_400_000 - BEIJING_OFFSET_MS,
            sub_ms_nanos: 0,
        });
    }
    parse_instant(field, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_only_deadline_runs_to_beijing_midnight() {
        let d = parse_deadline("d", "2024-06-30").unwrap();
        let at = parse_instant("r", "2024-07-01T00:00:00+08:00").unwrap();
        assert_eq!(d, at);
        assert_eq!(d.epoch_ms, 1_719_763_200_000);
        let before = parse_instant("r", "2024-06-30T23:59:59.999999999+08:00").unwrap();
        assert!(before < d);
    }

    #[test]
    fn rejects_bad_times() {
        for bad in [
            "2024-02-30T00:00:00Z",
            "2024-06-30T00:00:00",
            "2024-06-30",
            "2024-06-30T24:00:00Z",
            "x",
            "2024-06-30T00:00:00.Z",
        ] {
            assert_eq!(
                parse_instant("r", bad).unwrap_err().code(),
                "TALLY_INVALID_TIME",
                "{bad}"
            );
        }
        assert!(parse_instant("r", "2024-02-29T12:00:00-05:30").is_ok());
        // a receipt time of another shape says the shape it needs, not only the date's
        let e = parse_instant("r", "garbage").unwrap_err().to_string();
        assert!(
            e.contains("expected RFC 3339 YYYY-MM-DDTHH:MM:SS with an offset"),
            "{e}"
        );
        let e = parse_instant("r", "2024-13-01T00:00:00Z")
            .unwrap_err()
            .to_string();
        assert!(e.contains("month out of range"), "{e}");
    }
}
