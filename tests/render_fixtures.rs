//! SVG golden fixtures: `tests/fixtures/render/<case>/{input.json, expected.svg}`, compared
//! exactly. `UPDATE_FIXTURES=1 cargo test --test render_fixtures` regenerates them.

use std::path::Path;

use geo::{Contains, Coord, LineString, Point, Polygon};
use jinlin::render::{Classification, PointKind, PointLayer, Scene, Style, Viewport};
use jinlin::Level;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Input {
    viewport: Vp,
    classification: Option<Classification>,
    style: Option<Style>,
    hover: Option<u32>,
    selected: Option<u32>,
    cells: Vec<CellIn>,
    #[serde(default)]
    points: Vec<PointsIn>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Vp {
    width_css: f64,
    height_css: f64,
    device_pixel_ratio: f64,
    padding: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CellIn {
    number: u32,
    name: String,
    value: Option<f64>,
    level: Option<Level>,
    polygons: Vec<Vec<Vec<[f64; 2]>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PointsIn {
    kind: PointKind,
    positions: Vec<f64>,
    ids: Vec<u32>,
    cluster_px: f64,
}

fn ls(r: &[[f64; 2]]) -> LineString<f64> {
    r.iter().map(|p| Coord { x: p[0], y: p[1] }).collect()
}

fn polygons(c: &CellIn) -> Vec<Polygon<f64>> {
    c.polygons
        .iter()
        .map(|rings| Polygon::new(ls(&rings[0]), rings[1..].iter().map(|r| ls(r)).collect()))
        .collect()
}

fn scene_of(input: &Input) -> Scene {
    let cells: Vec<(u32, Vec<Polygon<f64>>)> = input
        .cells
        .iter()
        .map(|c| (c.number, polygons(c)))
        .collect();
    let names: Vec<String> = input.cells.iter().map(|c| c.name.clone()).collect();
    let v = &input.viewport;
    let vp = Viewport::new(
        v.width_css,
        v.height_css,
        v.device_pixel_ratio,
        [0.0, 0.0],
        0.0,
    )
    .unwrap();
    let mut scene = Scene::new(&cells, &names, vp).unwrap();
    scene.fit_bounds(v.padding).unwrap();
    if let Some(s) = &input.style {
        scene.set_style(s.clone()).unwrap();
    }
    if let Some(c) = &input.classification {
        scene.set_classification(c.clone()).unwrap();
    }
    let values: Vec<f64> = input
        .cells
        .iter()
        .map(|c| c.value.unwrap_or(f64::NAN))
        .collect();
    scene.set_values(&values).unwrap();
    let levels: Vec<Level> = input
        .cells
        .iter()
        .map(|c| c.level.unwrap_or(Level::Grid))
        .collect();
    scene.set_levels(&levels).unwrap();
    scene.set_hover(input.hover).unwrap();
    scene.set_selected(input.selected).unwrap();
    for p in &input.points {
        scene.add_points(PointLayer::new(p.kind, &p.positions, &p.ids, p.cluster_px).unwrap());
    }
    scene
}

fn load(case: &str) -> Input {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/render")
        .join(case);
    let text = std::fs::read_to_string(dir.join("input.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn check_case(case: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/render")
        .join(case);
    let svg = scene_of(&load(case)).to_svg();
    let expected = dir.join("expected.svg");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&expected, &svg).unwrap();
    } else {
        let want = std::fs::read_to_string(&expected)
            .unwrap_or_else(|_| panic!("{case}: run with UPDATE_FIXTURES=1 to create it"));
        assert_eq!(svg, want, "{case}: SVG differs from expected.svg");
    }
    svg
}

#[test]
fn fixture_squares_2x2_escapes_hostile_names() {
    let svg = check_case("squares_2x2");
    for bad in ["<script", "<img", "</text></text>", "onerror=x>"] {
        assert!(!svg.contains(bad), "unescaped {bad:?} in\n{svg}");
    }
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(svg.contains("&quot;&gt;&lt;img onerror=x&gt;"));
    assert!(svg.contains("&lt;/text&gt;"));
    assert!(svg.contains("鹭江街道 &amp; &#39;A&#39;"));
    // hover and selection drawn after every cell, selection last
    let hover = svg.find(r#"class="hover""#).unwrap();
    let selected = svg.find(r#"class="selected""#).unwrap();
    let last_cell = svg.rfind(r#"class="cell""#).unwrap();
    assert!(last_cell < hover && hover < selected);
    // the no-data cell is grey
    assert!(svg.contains(r##"data-cell="11" d="##));
    assert!(svg.contains("#d9d9d9"));
    // two events clustered into one marker of 2, one apart; one service site
    assert!(svg.contains(r#"class="event" data-id="3""#));
    assert!(svg.contains(">2</text>"));
    assert!(svg.contains(r#"class="site" data-id="1""#));
}

#[test]
fn fixture_l_shape_label_inside_where_centroid_is_not() {
    let input = load("l_shape");
    let scene = scene_of(&input);
    let l = polygons(&input.cells[0]).remove(0);
    let centroid = geo::Centroid::centroid(&l).unwrap();
    assert!(
        !l.contains(&centroid),
        "the L's centroid should be outside it"
    );
    let (anchor, radius) = scene.label_anchor(1).unwrap();
    assert!(l.contains(&Point::new(anchor[0], anchor[1])), "{anchor:?}");
    assert!(radius > 0.0);
    let svg = check_case("l_shape");
    assert!(svg.contains("拐角网格"));
}

#[test]
fn fixture_hole_and_multipart() {
    let input = load("hole");
    let scene = scene_of(&input);
    let outer = polygons(&input.cells[0]).remove(0);
    let (anchor, _) = scene.label_anchor(1).unwrap();
    assert!(
        outer.contains(&Point::new(anchor[0], anchor[1])),
        "label in the hole: {anchor:?}"
    );
    let svg = check_case("hole");
    // the holed cell is one path with two rings (two Z)
    let line = svg
        .lines()
        .find(|l| l.contains(r#"data-cell="1""#))
        .unwrap();
    assert_eq!(line.matches('Z').count(), 2);
    let line = svg
        .lines()
        .find(|l| l.contains(r#"data-cell="3""#))
        .unwrap();
    assert_eq!(line.matches('Z').count(), 2);
    // community boundary drawn after grid cells
    let c1 = svg.find(r#"data-cell="1" d"#).unwrap();
    let c2 = svg.find(r#"data-cell="2" d"#).unwrap();
    assert!(c2 < c1);
}
