//! Exact areas: decimal strings of m² with up to 4 decimals, held as integers of 0.0001 m².

use serde::{Deserialize, Serialize};

use super::TallyError;

/// The most digits accepted before the decimal point of one unit's area (m²).
///
/// 13 digits keep one area below 10¹⁷ units of 0.0001 m², so sums of up to 2³² units fit in
/// `u128` with room for the ×4 of the threshold comparisons.
pub const MAX_INTEGER_DIGITS: usize = 13;

/// Parses an area in m² written as a plain decimal with at most 4 decimals into 0.0001 m².
///
/// Accepted: `"100"`, `"100.5"`, `"226421.0857"`. Rejected: empty text, a sign (`"-1"`,
/// `"+1"`), more than 4 decimals, exponents (`"1e3"`), `"NaN"`, `"inf"`, spaces, a bare
/// point (`"1."`, `".5"`), more than [`MAX_INTEGER_DIGITS`] integer digits.
/// Areas are never rounded (Interpretation 法释〔2009〕7号 Art. 8: the exclusive-part area).
///
/// # Units
/// Input in m²; output in 0.0001 m² (`area_e4`).
///
/// # Errors
/// [`TallyError::InvalidDecimal`] naming `field` and the reason.
///
/// # Examples
/// ```
/// use jinlin::tally::parse_area_e4;
/// assert_eq!(parse_area_e4("unit \"A\" area", "226421.0857"), Ok(2_264_210_857));
/// let e = parse_area_e4("unit \"A\" area", "1.23456").unwrap_err();
/// assert_eq!(e.code(), "TALLY_INVALID_DECIMAL");
/// assert!(e.to_string().contains("unit \"A\" area"));
/// ```
pub fn parse_area_e4(field: &str, text: &str) -> Result<u64, TallyError> {
    let fail = |reason: &'static str| TallyError::InvalidDecimal {
        field: field.to_string(),
        value: text.to_string(),
        reason,
    };
    if text.is_empty() {
        return Err(fail("empty"));
    }
    if text.starts_with('-') {
        return Err(fail("negative"));
    }
    if text.starts_with('+') {
        return Err(fail("a sign is not allowed"));
    }
    if text.contains(['e', 'E'])
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b"eE.+-".contains(&b))
    {
        return Err(fail("exponent notation is not allowed"));
    }
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int_part) || !frac_part.is_none_or(all_digits) {
        return Err(fail(
            "not a plain decimal number (digits and one point only)",
        ));
    }
    if int_part.is_empty() {
        return Err(fail("no digits before the decimal point"));
    }
    let frac = frac_part.unwrap_or("");
    if frac_part.is_some() && frac.is_empty() {
        return Err(fail("no digits after the decimal point"));
    }
    if frac.len() > 4 {
        return Err(fail("more than 4 decimals (areas are exact to 0.0001 m²)"));
    }
    let int_digits = int_part.trim_start_matches('0');
    if int_digits.len() > MAX_INTEGER_DIGITS {
        return Err(fail("too large"));
    }
    let mut value: u64 = 0;
    for b in int_digits.bytes() {
        value = value * 10 + u64::from(b - b'0');
    }
    for i in 0..4 {
        let d = frac.as_bytes().get(i).map_or(0, |b| u64::from(b - b'0'));
        value = value * 10 + d;
    }
    Ok(value)
}

/// Formats an area of 0.0001 m² as m² with exactly 4 decimals: `1000000` → `"100.0000"`.
///
/// # Units
/// Input in 0.0001 m² (a sum, hence `u128`); output in m².
pub fn format_area_e4(area_e4: u128) -> String {
    format!("{}.{:04}", area_e4 / 10_000, area_e4 % 10_000)
}

/// An exact fraction for display beside a floored percentage.
///
/// The decision never uses it: thresholds are decided by integer cross-multiplication
/// (Civil Code Art. 278 ¶2); this is what the announcement shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct Fraction {
    /// The numerator as a decimal string (heads: an integer; areas: m² with 4 decimals).
    pub numerator: String,
    /// The denominator, written like the numerator.
    pub denominator: String,
    /// `numerator / denominator` in percent, floored to 2 decimals (`"66.66"`); `None` when
    /// the denominator is zero. Display only.
    pub percent: Option<String>,
}

impl Fraction {
    /// A fraction of head counts.
    pub fn heads(numerator: u128, denominator: u128) -> Self {
        Fraction {
            numerator: numerator.to_string(),
            denominator: denominator.to_string(),
            percent: percent_floor_2dp(numerator, denominator),
        }
    }

    /// A fraction of areas given in 0.0001 m².
    pub fn area(numerator_e4: u128, denominator_e4: u128) -> Self {
        Fraction {
            numerator: format_area_e4(numerator_e4),
            denominator: format_area_e4(denominator_e4),
            percent: percent_floor_2dp(numerator_e4, denominator_e4),
        }
    }
}

/// `numerator / denominator` in percent, floored (never rounded up) to 2 decimals.
///
/// 2/3 reads `"66.66"`, never `"66.67"`: a rounded-up display could hide a failing 2/3.
/// Returns `None` when `denominator` is 0. Products saturate only beyond 10³⁴, far past any
/// roster this crate accepts.
pub fn percent_floor_2dp(numerator: u128, denominator: u128) -> Option<String> {
    if denominator == 0 {
        return None;
    }
    let basis_points = numerator.saturating_mul(10_000) / denominator;
    Some(format!("{}.{:02}", basis_points / 100, basis_points % 100))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_values() {
        assert_eq!(parse_area_e4("a", "226421.0857"), Ok(2_264_210_857));
        assert_eq!(parse_area_e4("a", "33.33"), Ok(333_300));
        assert_eq!(parse_area_e4("a", "0"), Ok(0));
        assert_eq!(parse_area_e4("a", "007.5"), Ok(75_000));
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "", "-1", "+1", "1.23456", "NaN", "1e3", "1E3", "inf", " 1", "1.", ".5", "1,5", "1.2.3",
        ] {
            let e = parse_area_e4("a", bad).unwrap_err();
            assert_eq!(e.code(), "TALLY_INVALID_DECIMAL", "{bad}");
        }
    }

    #[test]
    fn formats_and_floors() {
        assert_eq!(format_area_e4(2_264_210_857), "226421.0857");
        assert_eq!(percent_floor_2dp(2, 3).as_deref(), Some("66.66"));
        assert_eq!(
            percent_floor_2dp(666_600, 999_900).as_deref(),
            Some("66.66")
        );
        assert_eq!(percent_floor_2dp(1, 0), None);
    }
}
