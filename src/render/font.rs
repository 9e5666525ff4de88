//! The syntax of a CSS font family list, checked before a style is taken: a canvas ignores a
//! `font` it cannot parse and keeps drawing in its previous font, so a typo would be silent.

use super::RenderError;

/// Checks `family` against the CSS grammar of `font-family` (CSS Fonts 4, §2.1): a
/// comma-separated list of quoted strings (`"PingFang SC"`) or of names made of identifiers
/// separated by spaces (`Noto Sans CJK SC`, `sans-serif`); not a CSS-wide keyword. An
/// identifier holds ASCII letters, digits, `-`, `_` and any non-ASCII character (CSS Syntax 3,
/// "ident code point"; escapes are not read).
///
/// # Errors
/// [`RenderError::InvalidFontFamily`] naming what is wrong: empty, an empty entry (`a,,b`),
/// an unterminated string, a character an identifier cannot hold (`;`, `{`, `(`, …), an
/// identifier starting with a digit, or a CSS-wide keyword (`inherit`, `initial`, `unset`); longer than 1000
/// characters.
#[cold]
#[inline(never)]
pub(crate) fn check_font_family(family: &str) -> Result<(), RenderError> {
    match family_error(family.as_bytes()) {
        None => Ok(()),
        Some(reason) => Err(RenderError::InvalidFontFamily {
            // (at most its first 64 bytes: the message names the value, not echoes it whole)
            value: {
                let mut end = family.len().min(64);
                while !family.is_char_boundary(end) {
                    end -= 1;
                }
                let mut v = family[..end].to_string();
                if end < family.len() {
                    v.push('…');
                }
                v
            },
            reason,
        }),
    }
}

/// CSS whitespace (CSS Syntax 3, §4.2): space, tab, line feed, carriage return, form feed.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// An ident code point: ASCII letters and digits, `-`, `_`, any byte of a non-ASCII character.
fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c >= 0x80
}

/// What is wrong with the family list `b` (UTF-8), or `None`. Byte-wise: the delimiters are
/// ASCII, and a non-ASCII character's bytes are all ident code points.
fn family_error(b: &[u8]) -> Option<&'static str> {
    if b.len() > 1000 {
        return Some("longer than 1000 characters");
    }
    let skip_space = |mut i: usize| {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        i
    };
    let mut i = 0;
    loop {
        i = skip_space(i);
        match b.get(i).copied() {
            None => return Some("empty family name (a list like \"a, b\" is expected)"),
            Some(q @ (b'"' | b'\'')) => {
                i += 1;
                loop {
                    match b.get(i).copied() {
                        None => return Some("unterminated quoted name"),
                        Some(b'\\') => i += 2,
                        Some(c) => {
                            i += 1;
                            if c == q {
                                break;
                            }
                        }
                    }
                }
            }
            Some(_) => {
                let mut words = 0;
                let mut last = 0..0;
                loop {
                    let start = i;
                    while i < b.len() && is_ident(b[i]) {
                        i += 1;
                    }
                    let word = &b[start..i];
                    let Some(&first) = word.first() else {
                        return Some("a character a family name cannot hold (quote the name)");
                    };
                    let second = word.get(1).copied().unwrap_or(b'x');
                    if first.is_ascii_digit() || (first == b'-' && second.is_ascii_digit()) {
                        return Some("an unquoted name starts with a digit (quote the name)");
                    }
                    words += 1;
                    last = start..i;
                    i = skip_space(i);
                    if i == b.len() || b[i] == b',' {
                        break;
                    }
                }
                let word = &b[last];
                if words == 1
                    && (word.eq_ignore_ascii_case(b"inherit")
                        || word.eq_ignore_ascii_case(b"initial")
                        || word.eq_ignore_ascii_case(b"unset"))
                {
                    return Some("a CSS-wide keyword is not a family name");
                }
            }
        }
        i = skip_space(i);
        match b.get(i) {
            None => return None,
            Some(b',') => i += 1,
            Some(_) => return Some("expected a comma between family names"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_lists_as_css_reads_them() {
        for ok in [
            "sans-serif",
            "\"PingFang SC\", \"Noto Sans CJK SC\", \"Microsoft YaHei\", sans-serif",
            "Noto Sans CJK SC, serif",
            "'Times New Roman'",
            "微软雅黑, sans-serif",
            "\"a\\\"b\"",
        ] {
            assert!(check_font_family(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "  ",
            "a,,b",
            "a,",
            "\"open",
            "Arial; color: red",
            "12px Arial",
            "inherit",
            "sans-serif}",
            "\"a\" b",
        ] {
            let e = check_font_family(bad).unwrap_err();
            assert_eq!(e.code(), "RENDER_INVALID_STYLE", "{bad}");
        }
    }
}
