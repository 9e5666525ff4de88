//! The SVG backend: a display list as an SVG document string.

use std::fmt::Write;

use super::display_list::{DisplayList, PathRole};
use super::points::PointKind;

/// Escapes text for XML content and attribute values: `&`, `<`, `>`, `"`, `'`; drops control
/// characters XML 1.0 forbids.
///
/// # Errors
/// None.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Formats a number rounded to hundredths (half away from zero), without trailing zeros
/// (`-0` as `0`; non-finite as `0`). Integer arithmetic only: no float formatting code in the
/// wasm.
fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let r = (v * 100.0).round();
    if r.abs() >= 9.0e15 {
        return (v.round() as i64).to_string();
    }
    let c = r as i64;
    let (int, frac) = (c.unsigned_abs() / 100, c.unsigned_abs() % 100);
    let mut s = String::new();
    if c < 0 {
        s.push('-');
    }
    s.push_str(&int.to_string());
    if frac != 0 {
        s.push('.');
        s.push(char::from(b'0' + (frac / 10) as u8));
        if frac % 10 != 0 {
            s.push(char::from(b'0' + (frac % 10) as u8));
        }
    }
    s
}

/// Renders a display list as an SVG 1.1 document.
///
/// Paths use `fill-rule="evenodd"` and carry `data-cell`, a cell's path its full name as its
/// `<title>` (a tooltip; what a screen reader says); labels are `<text>` with a halo
/// (`paint-order="stroke"`); markers are circles, clusters with their count. Every string from
/// data (cell names, font family) is XML-escaped.
///
/// # Units
/// `width`/`height` in CSS px, `viewBox` in device px (so the drawing scales by the device
/// pixel ratio).
///
/// # Errors
/// None.
pub fn to_svg(list: &DisplayList) -> String {
    let r = if list.device_pixel_ratio > 0.0 {
        list.device_pixel_ratio
    } else {
        1.0
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}">"#,
        num(f64::from(list.width_px) / r),
        num(f64::from(list.height_px) / r),
        list.width_px,
        list.height_px
    );
    if let Some(bg) = list.background {
        let _ = writeln!(
            s,
            r#"<rect width="{}" height="{}" fill="{}"/>"#,
            list.width_px,
            list.height_px,
            bg.to_css()
        );
    }
    for p in &list.paths {
        let mut d = String::new();
        let mut start = 0;
        for &end in &p.ring_ends {
            let ring = p.points.get(start..end).unwrap_or(&[]);
            for (k, pt) in ring.iter().enumerate() {
                d.push(if k == 0 { 'M' } else { 'L' });
                d.push_str(&num(pt[0]));
                d.push(' ');
                d.push_str(&num(pt[1]));
            }
            if !ring.is_empty() {
                d.push('Z');
            }
            start = end;
        }
        let role = match p.role {
            PathRole::Cell => "cell",
            PathRole::Hover => "hover",
            PathRole::Selected => "selected",
        };
        let fill = p.fill.map(|c| c.to_css()).unwrap_or_else(|| "none".into());
        let _ = write!(
            s,
            r#"<path class="{role}" data-cell="{}" d="{d}" fill="{fill}" fill-rule="evenodd""#,
            p.cell
        );
        if let Some(c) = p.stroke {
            let _ = write!(
                s,
                r#" stroke="{}" stroke-width="{}" stroke-linejoin="round""#,
                c.to_css(),
                num(p.stroke_width_px)
            );
        }
        if p.title.is_empty() {
            s.push_str("/>\n");
        } else {
            let _ = writeln!(s, "><title>{}</title></path>", escape_xml(&p.title));
        }
    }
    let font = escape_xml(&list.font_family);
    for l in &list.labels {
        let _ = writeln!(
            s,
            r#"<text data-cell="{}" x="{}" y="{}" font-family="{font}" font-size="{}" text-anchor="middle" dominant-baseline="central" fill="{}" stroke="{}" stroke-width="{}" stroke-linejoin="round" paint-order="stroke">{}</text>"#,
            l.cell,
            num(l.x),
            num(l.y),
            num(l.font_size_px),
            l.color.to_css(),
            l.halo_color.to_css(),
            num(l.halo_width_px),
            escape_xml(&l.text)
        );
    }
    for m in &list.markers {
        let kind = match m.kind {
            PointKind::Event => "event",
            PointKind::ServiceSite => "site",
        };
        let _ = write!(
            s,
            r#"<circle class="{kind}" data-id="{}" cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="{}"/>"#,
            m.first_id,
            num(m.x),
            num(m.y),
            num(m.radius_px),
            m.fill.to_css(),
            m.stroke.to_css(),
            num(m.stroke_width_px)
        );
        s.push('\n');
    }
    // the counts of clusters after every circle (a later marker must not hide a count)
    for m in list.markers.iter().filter(|m| m.count > 1) {
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" font-family="{font}" font-size="{}" text-anchor="middle" dominant-baseline="central" fill="#ffffff">{}</text>"##,
            num(m.x),
            num(m.y),
            num(m.radius_px),
            m.count
        );
        s.push('\n');
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_dangerous() {
        for (raw, want) in [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            ("\"><img onerror=x>", "&quot;&gt;&lt;img onerror=x&gt;"),
            ("</text>", "&lt;/text&gt;"),
            ("a&b 'c'", "a&amp;b &#39;c&#39;"),
            ("鹭江\u{0}街道\u{1b}", "鹭江街道"),
        ] {
            assert_eq!(escape_xml(raw), want);
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.234), "1.23");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(10.50), "10.5");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(-1.5), "-1.5");
        assert_eq!(num(0.05), "0.05");
        assert_eq!(num(-0.05), "-0.05");
        assert_eq!(num(1e300), "9223372036854775807");
        assert_eq!(num(123456.789), "123456.79");
    }
}
