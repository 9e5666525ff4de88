//! Fuzz target: SVG rendering with arbitrary names and values, and the announcement (公示)
//! SVG with arbitrary titles and candidate names.
//!
//! Input layout: byte 0 the number of cells and their size, bytes 1–3 the classification and
//! zoom; the rest split at 0xFF: one name per cell (lossy UTF-8), then values as 8-byte
//! floats (any bit pattern: NaN, infinities, subnormals). Checked: no panic, and the SVG
//! has only the elements the renderer writes — text from data never becomes markup.
#![no_main]

use geo::{LineString, Polygon};
use jinlin::grid::Level;
use jinlin::render::{ClassMethod, Classification, Scene, Viewport};
use jinlin::tally::{announcement_svg, tally, Announcement, AnnouncementStatus, TallyInput};
use libfuzzer_sys::fuzz_target;

/// A closed square ring `[lng, lat]` as a polygon.
fn square(x: f64, y: f64, d: f64) -> Polygon<f64> {
    Polygon::new(
        LineString::from(vec![(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)]),
        vec![],
    )
}

/// Every element name the two SVG writers emit; anything else after a `<` is injected markup.
fn assert_only_elements(svg: &str, allowed: &[&str]) {
    let mut rest = svg;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect();
        assert!(
            allowed.contains(&name.trim_start_matches('/')),
            "unexpected element <{name}> in {svg}"
        );
    }
    assert_eq!(
        svg.matches("<text").count(),
        svg.matches("</text>").count(),
        "every <text> is closed exactly once"
    );
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let n = 1 + usize::from(data[0] % 6);
    let d = 10f64.powi(-i32::from(data[0] / 6 % 8));
    let mut parts = data[4..].split(|&b| b == 0xFF);
    let names: Vec<String> = (0..n)
        .map(|_| String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned())
        .collect();
    let rest: Vec<u8> = parts.flatten().copied().collect();
    let mut values: Vec<f64> = rest
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    values.resize(n, f64::NAN);

    // Map cells: a row of squares near Xiamen, one level each, streets first.
    let cells: Vec<(u32, Vec<Polygon<f64>>)> = (0..n)
        .map(|i| (i as u32, vec![square(118.08 + i as f64 * d, 24.46, d)]))
        .collect();
    let levels: Vec<Level> = (0..n)
        .map(|i| [Level::Street, Level::Community, Level::Grid][i % 3])
        .collect();
    let dpr = 1.0 + f64::from(data[3] % 3);
    let vp = Viewport::new(800.0, 600.0, dpr, [118.08, 24.46], 12.0).unwrap();
    let mut scene = Scene::new(&cells, &names, vp).unwrap();
    scene.set_levels(&levels).unwrap();
    let _ = scene.set_values(&values);
    let method = [
        ClassMethod::Quantile,
        ClassMethod::EqualInterval,
        ClassMethod::NaturalBreaks,
        ClassMethod::Manual,
    ][usize::from(data[1] % 4)];
    let _ = scene.set_classification(Classification {
        method,
        classes: usize::from(data[2] % 11),
        breaks: (method == ClassMethod::Manual).then(|| values.clone()),
        ..Classification::default()
    });
    let _ = scene.fit_bounds(16.0);
    let _ = scene.zoom_at(400.0, 300.0, f64::from(data[2]) / 64.0);
    let _ = scene.set_hover(Some(0));
    let _ = scene.set_selected(Some((n - 1) as u32));
    let legend = scene.legend();
    let _ = legend;
    let svg = scene.to_svg();
    assert_only_elements(&svg, &["svg", "rect", "path", "text", "circle"]);
    for name in &names {
        if name.contains('<') {
            assert!(
                !svg.contains(name.as_str()),
                "a name with markup appears raw"
            );
        }
    }
    let _ = scene.pick(400.0, 300.0);

    // The announcement of a matter whose title, id and candidates come from the input.
    let mut input: serde_json::Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/tally/election_seats/input.json"
    ))
    .unwrap();
    input["snapshot"]["matters"][0]["title"] = names[0].clone().into();
    for (k, c) in input["snapshot"]["matters"][0]["election"]["candidates"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        c["name"] = names[k % n].clone().into();
    }
    input["snapshot"]["assembly"]["id"] = names[n - 1].clone().into();
    let Ok(input) = serde_json::from_value::<TallyInput>(input) else {
        return;
    };
    let Ok(result) = tally(&input) else {
        return;
    };
    let status = if data[1] % 2 == 0 {
        AnnouncementStatus::Final
    } else {
        AnnouncementStatus::Preliminary {
            objection_period_ends: names[n - 1].clone(),
        }
    };
    let a = Announcement::from_result(&result, "E", status).unwrap();
    let svg = announcement_svg(&a);
    assert_only_elements(&svg, &["svg", "rect", "text"]);
});
