//! Text width estimates shared by the map labels and the announcement (公示): no font is read
//! (the core has none), so widths are estimated per character; and numbers as JS messages
//! write them.

/// Whether a character is drawn full width (CJK ideographs, kana, hangul, full-width forms
/// and CJK punctuation; East Asian Width W and F, roughly).
#[cfg(any(feature = "render", feature = "tally", feature = "tally-announce"))]
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Estimated width of `text` in em: 1 em per full-width (CJK) character, 0.55 em otherwise.
#[cfg(feature = "render")]
pub(crate) fn text_width_em(text: &str) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { 1.0 } else { 0.55 })
        .sum()
}

/// A number as a message shows it to a JS caller: `Infinity`, `-Infinity`, `NaN` as JavaScript
/// writes them (Rust writes `inf`), and a magnitude of 1e21 or more in exponent form, where
/// JavaScript switches to it too (Rust would write all 301 digits of 1e300).
///
/// # Errors
/// None.
#[cfg(any(feature = "grid", feature = "render"))]
pub(crate) fn js_number(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if v.abs() >= 1e21 {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}
