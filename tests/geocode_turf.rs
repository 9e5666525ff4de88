//! Turf.js `boolean-point-in-polygon` fixtures: points in holes are outside, points in the
//! shell inside (the points are those of Turf's own test).

use geo::{Coord, LineString, Polygon};
use jinlin::geocode::{locate_brute_force, CellIndex};
use serde_json::Value;

fn ring(v: &Value) -> LineString<f64> {
    LineString::new(
        v.as_array()
            .unwrap()
            .iter()
            .map(|p| Coord {
                x: p[0].as_f64().unwrap(),
                y: p[1].as_f64().unwrap(),
            })
            .collect(),
    )
}

fn polygon(v: &Value) -> Polygon<f64> {
    let rings = v.as_array().unwrap();
    Polygon::new(ring(&rings[0]), rings[1..].iter().map(ring).collect())
}

/// Reads a fixture Feature into the parts of one cell.
fn parts(name: &str) -> Vec<Polygon<f64>> {
    let path = format!(
        "{}/tests/fixtures/geocode/turf/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let feature: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let geometry = &feature["geometry"];
    match geometry["type"].as_str().unwrap() {
        "Polygon" => vec![polygon(&geometry["coordinates"])],
        "MultiPolygon" => geometry["coordinates"]
            .as_array()
            .unwrap()
            .iter()
            .map(polygon)
            .collect(),
        other => panic!("unexpected geometry {other}"),
    }
}

const IN_HOLE: (f64, f64) = (-86.69208526611328, 36.20373274711739);
const IN_POLY: (f64, f64) = (-86.72229766845702, 36.20258997094334);

fn expect(cells: &[(u32, Vec<Polygon<f64>>)], p: (f64, f64), want: Option<u32>) {
    let index = CellIndex::new(cells);
    assert_eq!(index.locate(p.0, p.1), want, "{p:?}");
    assert_eq!(locate_brute_force(cells, p.0, p.1), want, "{p:?}");
}

#[test]
fn poly_with_hole() {
    let cells = vec![(1, parts("poly-with-hole.geojson"))];
    assert_eq!(cells[0].1.len(), 1);
    assert_eq!(cells[0].1[0].interiors().len(), 1);
    expect(&cells, IN_HOLE, None);
    expect(&cells, IN_POLY, Some(1));
    expect(&cells, (-86.75079345703125, 36.18527313913089), None);
}

#[test]
fn multipoly_with_hole() {
    let cells = vec![(2, parts("multipoly-with-hole.geojson"))];
    assert_eq!(cells[0].1.len(), 2);
    expect(&cells, IN_HOLE, None);
    expect(&cells, IN_POLY, Some(2));
    // In the second part (no hole).
    expect(&cells, (-86.75079345703125, 36.18527313913089), Some(2));
    expect(&cells, (-86.75302505493164, 36.23015046460186), None);
    // Every vertex of the hole lies on the hole's boundary: the rule decides, index and brute
    // force agree, and assign reports them as single-cell boundary points (no ties).
    let hole: Vec<f64> = cells[0].1[1].interiors()[0]
        .coords()
        .flat_map(|c| [c.x, c.y])
        .collect();
    let index = CellIndex::new(&cells);
    let (out, summary) = index.assign(&hole).unwrap();
    for (k, c) in hole.chunks_exact(2).enumerate() {
        let brute = locate_brute_force(&cells, c[0], c[1]);
        assert_eq!(out[k], brute.map_or(-1, |n| n as i32));
    }
    assert_eq!(summary.boundary_ties, 0);
}
