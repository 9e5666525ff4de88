//! The grid map model on real and hand-made data: the Siming outline, a 3-level hierarchy with
//! known overlap, gap, hole and outside areas, order independence, hierarchy queries, datums.

mod common;

use geo::{Coord, GeodesicArea, Validation};
use jinlin::crs::{self, Datum};
use jinlin::grid::{GridMap, GridOptions, Level};
use serde_json::{json, Value};

const SIMING: &str = include_str!("../scripts/siming-sample/data/siming_boundary.geojson");

/// The real Siming outline (GCJ-02), wrapped as one street-level cell.
fn siming() -> Value {
    let mut v: Value = serde_json::from_str(SIMING).unwrap();
    for f in v["features"].as_array_mut().unwrap() {
        let adcode = f["properties"]["adcode"].clone();
        f["properties"]["id"] = adcode;
        f["properties"]["level"] = json!("street");
    }
    v
}

#[test]
fn siming_outline_parses_with_its_self_touching_ring() {
    let options = GridOptions {
        datum: Datum::Gcj02,
        ..GridOptions::default()
    };
    let map = GridMap::from_geojson_value(&siming(), &options).unwrap();
    assert_eq!(map.cells.len(), 1);
    let cell = &map.cells[0];
    assert_eq!((cell.id.as_str(), cell.name.as_str()), ("350203", "思明区"));
    assert_eq!(cell.polygons.len(), 3);
    // As given, the outline fails geo's OGC validation (the quantised ring goes out and back
    // on itself: vertex 66 = vertex 68 of part 2); we accept it, and store it cleaned, which
    // geo then finds valid.
    let raw: geo::MultiPolygon = {
        let g = &siming()["features"][0]["geometry"]["coordinates"];
        let ring = |r: &Value| -> geo::LineString {
            r.as_array()
                .unwrap()
                .iter()
                .map(|c| (c[0].as_f64().unwrap(), c[1].as_f64().unwrap()))
                .collect()
        };
        g.as_array()
            .unwrap()
            .iter()
            .map(|p| geo::Polygon::new(ring(&p[0]), vec![]))
            .collect()
    };
    assert!(!raw.is_valid());
    assert!(cell.polygons.iter().all(|p| p.is_valid()));
    assert_eq!(
        cell.polygons[2].exterior().0.len(),
        247,
        "246 corners after cleaning, closed"
    );
    let [w, s, e, n] = map.bbox().unwrap();
    assert!((w - 118.0566).abs() < 1e-3 && (s - 24.4199).abs() < 1e-3);
    assert!((e - 118.2080).abs() < 1e-3 && (n - 24.5049).abs() < 1e-3);
    assert_eq!(map.leaves(), vec![0]);
    // The district is about 76 km² (official figure: 75.3 km² land).
    let d = map.diagnostics(1.0);
    assert!(d.overlaps.is_empty() && d.gaps.is_empty() && d.outside_parent.is_empty());
}

#[test]
fn siming_to_wgs84_moves_about_580_m() {
    let options = GridOptions {
        datum: Datum::Gcj02,
        ..GridOptions::default()
    };
    let map = GridMap::from_geojson_value(&siming(), &options).unwrap();
    let wgs = map.to_datum(Datum::Wgs84);
    assert_eq!(wgs.datum, Datum::Wgs84);
    let a = map.cells[0].polygons[0].exterior().0[0];
    let b = wgs.cells[0].polygons[0].exterior().0[0];
    let (x, y) = crs::gcj02_to_wgs84(a.x, a.y);
    assert_eq!((b.x, b.y), (x, y));
    // Back to GCJ-02: within 1e-9° of the original everywhere.
    let back = wgs.to_datum(Datum::Gcj02);
    for (p, q) in map.cells[0].polygons.iter().zip(&back.cells[0].polygons) {
        for (c, d) in p.exterior().0.iter().zip(&q.exterior().0) {
            assert!((c.x - d.x).abs() < 1e-9 && (c.y - d.y).abs() < 1e-9);
        }
    }
}

/// Rectangle in units of 0.001° from (118.000, 24.460).
fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Value {
    let c = |x: f64, y: f64| json!([118.0 + x / 1000.0, 24.46 + y / 1000.0]);
    json!({"type": "Polygon", "coordinates": [[c(x0, y0), c(x1, y0), c(x1, y1), c(x0, y1), c(x0, y0)]]})
}

fn feature(id: &str, level: &str, parent: Option<&str>, geometry: Value) -> Value {
    json!({"type": "Feature", "geometry": geometry,
           "properties": {"id": id, "name": format!("{id} 名"), "level": level, "parent": parent}})
}

/// Three streets S, T, U; S has communities C1, C2; C1 has grids G1, G2 (an exact tiling).
/// In 0.001° units: S = [0,4]², T = [3.5,7.5]×[0,4] (overlaps S by 0.5×4), U an arch over
/// y ∈ [4,8] with a notch [2,5]×[4,5] that S and T close into a hole (3×1).
/// C1 = [0,2]×[0,3], C2 = [1.8,4.5]×[0,4]: they overlap by 0.2×3, reach 0.5×4 outside S, and
/// leave [0,1.8]×[3,4] of S uncovered.
fn hierarchy() -> Vec<Value> {
    let c = |x: f64, y: f64| json!([118.0 + x / 1000.0, 24.46 + y / 1000.0]);
    let arch = json!({"type": "Polygon", "coordinates": [[
        c(0., 4.), c(2., 4.), c(2., 5.), c(5., 5.), c(5., 4.), c(7.5, 4.), c(7.5, 8.), c(0., 8.), c(0., 4.)]]});
    vec![
        feature("S", "street", None, rect(0., 0., 4., 4.)),
        feature("T", "street", None, rect(3.5, 0., 7.5, 4.)),
        feature("U", "street", None, arch),
        feature("C1", "community", Some("S"), rect(0., 0., 2., 3.)),
        feature("C2", "community", Some("S"), rect(1.8, 0., 4.5, 4.)),
        feature("G1", "grid", Some("C1"), rect(0., 0., 1., 3.)),
        feature("G2", "grid", Some("C1"), rect(1., 0., 2., 3.)),
    ]
}

fn collection(features: Vec<Value>) -> Value {
    json!({"type": "FeatureCollection", "features": features})
}

/// Area in m² of a lng/lat rectangle of 0.001° units, by the ellipsoid's radii of curvature at
/// its mid-latitude (M·Δφ × N·cos φ·Δλ), independent of geo's geodesic area.
fn rect_m2(x0: f64, y0: f64, x1: f64, y1: f64) -> f64 {
    let a = 6_378_137.0;
    let f = 1.0 / 298.257_223_563;
    let e2 = f * (2.0 - f);
    let phi = (24.46 + (y0 + y1) / 2000.0).to_radians();
    let w = (1.0 - e2 * phi.sin().powi(2)).sqrt();
    let m = a * (1.0 - e2) / (w * w * w);
    let n = a / w;
    let d = |u: f64| (u / 1000.0).to_radians();
    m * d(y1 - y0) * n * phi.cos() * d(x1 - x0)
}

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() <= 0.005 * expected
}

#[test]
fn hierarchy_diagnostics_match_hand_computed_areas() {
    let map =
        GridMap::from_geojson_value(&collection(hierarchy()), &GridOptions::default()).unwrap();
    let d = map.diagnostics(1.0);
    eprintln!("{}", serde_json::to_string_pretty(&d).unwrap());

    let pairs: Vec<(&str, &str)> = d
        .overlaps
        .iter()
        .map(|o| (o.a.as_str(), o.b.as_str()))
        .collect();
    assert_eq!(pairs, vec![("C1", "C2"), ("S", "T")]);
    assert!(close(d.overlaps[0].area_m2, rect_m2(1.8, 0., 2., 3.)));
    assert!(close(d.overlaps[1].area_m2, rect_m2(3.5, 0., 4., 4.)));

    assert_eq!(d.gaps.len(), 1, "C1 is tiled exactly by G1, G2");
    assert_eq!(d.gaps[0].parent, "S");
    assert!(close(d.gaps[0].area_m2, rect_m2(0., 3., 1.8, 4.)));

    assert_eq!(d.outside_parent.len(), 1);
    assert_eq!(
        (
            d.outside_parent[0].cell.as_str(),
            d.outside_parent[0].parent.as_str()
        ),
        ("C2", "S")
    );
    assert!(close(d.outside_parent[0].area_m2, rect_m2(4., 0., 4.5, 4.)));

    assert_eq!(d.holes.len(), 1);
    assert!(close(d.holes[0].area_m2, rect_m2(2., 4., 5., 5.)));
    let [w, s, e, n] = d.holes[0].bbox;
    assert!((w - 118.002).abs() < 1e-9 && (s - 24.464).abs() < 1e-9);
    assert!((e - 118.005).abs() < 1e-9 && (n - 24.465).abs() < 1e-9);

    // A threshold above every area reports nothing.
    let none = map.diagnostics(1e9);
    assert!(none.overlaps.is_empty() && none.gaps.is_empty());
    assert!(none.holes.is_empty() && none.outside_parent.is_empty());

    // The JS edge receives camelCase keys.
    let v = serde_json::to_value(&d).unwrap();
    assert!(v["outsideParent"][0]["areaM2"].is_f64());
}

#[test]
fn diagnostics_convert_gcj02_to_wgs84_before_measuring() {
    let options = GridOptions {
        datum: Datum::Gcj02,
        ..GridOptions::default()
    };
    let gcj = GridMap::from_geojson_value(&collection(hierarchy()), &options).unwrap();
    let wgs =
        GridMap::from_geojson_value(&collection(hierarchy()), &GridOptions::default()).unwrap();
    let (a, b) = (gcj.diagnostics(1.0), wgs.diagnostics(1.0));
    // Same degrees, read in another datum: areas differ only by the GCJ-02 distortion (< 1%).
    assert!((a.gaps[0].area_m2 / b.gaps[0].area_m2 - 1.0).abs() < 0.01);
    assert_ne!(a.gaps[0].area_m2, b.gaps[0].area_m2);
}

#[test]
fn hierarchy_queries() {
    let map =
        GridMap::from_geojson_value(&collection(hierarchy()), &GridOptions::default()).unwrap();
    let ids: Vec<&str> = map.cells.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["C1", "C2", "G1", "G2", "S", "T", "U"]);
    let ix = |id: &str| map.cell_index(id).unwrap();
    assert_eq!(map.cell_index("nope"), None);
    assert_eq!(map.children(ix("S")), vec![ix("C1"), ix("C2")]);
    assert_eq!(map.children(ix("C1")), vec![ix("G1"), ix("G2")]);
    assert!(map.children(ix("T")).is_empty());
    assert!(map.children(999).is_empty());
    assert_eq!(
        map.leaves(),
        vec![ix("C2"), ix("G1"), ix("G2"), ix("T"), ix("U")]
    );
    assert_eq!(map.ancestors(ix("G2")), vec![ix("C1"), ix("S")]);
    assert!(map.ancestors(ix("S")).is_empty());
    assert!(map.ancestors(999).is_empty());
    assert_eq!(map.cells[ix("G1") as usize].level, Level::Grid);
    assert_eq!(map.cells[ix("G1") as usize].parent, Some(ix("C1")));
    assert_eq!(map.cells[ix("C2") as usize].feature_index, 4);
    let [w, s, e, n] = map.bbox().unwrap();
    assert_eq!([w, s, e, n], [118.0, 24.46, 118.0075, 24.468]);
}

#[test]
fn shuffled_features_give_identical_cells() {
    let base =
        GridMap::from_geojson_value(&collection(hierarchy()), &GridOptions::default()).unwrap();
    // A fixed set of permutations (seeded LCG Fisher–Yates).
    let mut seed: u64 = 0x5eed;
    for _ in 0..20 {
        let mut features = hierarchy();
        for i in (1..features.len()).rev() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let j = (seed >> 33) as usize % (i + 1);
            features.swap(i, j);
        }
        let map =
            GridMap::from_geojson_value(&collection(features), &GridOptions::default()).unwrap();
        assert_eq!(map.cells.len(), base.cells.len());
        for (a, b) in map.cells.iter().zip(&base.cells) {
            assert_eq!(
                (&a.id, &a.name, a.level, a.parent, &a.worker),
                (&b.id, &b.name, b.level, b.parent, &b.worker)
            );
            assert_eq!(a.polygons, b.polygons);
        }
        assert_eq!(map.diagnostics(1.0), base.diagnostics(1.0));
    }
}

#[test]
fn options_deserialize_with_camel_case_and_defaults() {
    let o: GridOptions = serde_json::from_str(r#"{"datum":"gcj02","idProperty":"code"}"#).unwrap();
    assert_eq!((o.datum, o.id_property.as_str()), (Datum::Gcj02, "code"));
    let o: GridOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(o, GridOptions::default());
    assert_eq!((o.datum, o.id_property.as_str()), (Datum::Wgs84, "id"));
    // With idProperty "code", the "code" property is the id.
    let features = vec![
        json!({"type": "Feature", "properties": {"code": 350203001, "level": "community"},
        "geometry": rect(0., 0., 1., 1.)}),
    ];
    let options = GridOptions {
        id_property: "code".into(),
        ..GridOptions::default()
    };
    let map = GridMap::from_geojson_value(&collection(features), &options).unwrap();
    assert_eq!(map.cells[0].id, "350203001");
    assert_eq!(map.cells[0].name, "350203001");
}

#[test]
fn rings_are_stored_counter_clockwise_and_large_rings_parse() {
    // A clockwise circle of 20,000 vertices (given clockwise on purpose).
    let n = 20_000;
    let mut ring: Vec<Value> = (0..n)
        .map(|k| {
            let t = -(k as f64) / n as f64 * std::f64::consts::TAU;
            json!([118.1 + 0.01 * t.cos(), 24.47 + 0.01 * t.sin()])
        })
        .collect();
    ring.push(ring[0].clone());
    let features = vec![
        json!({"type": "Feature", "properties": {"id": "big", "level": "grid"},
        "geometry": {"type": "Polygon", "coordinates": [ring]}}),
    ];
    let map = GridMap::from_geojson_value(&collection(features), &GridOptions::default()).unwrap();
    let ext = map.cells[0].polygons[0].exterior();
    let signed: f64 = ext
        .0
        .windows(2)
        .map(|w: &[Coord]| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum();
    assert!(signed > 0.0, "exterior stored counter-clockwise");
    assert_eq!(ext.0.len(), n + 1);
}

/// The parcels as GeoJSON polygon coordinates.
fn nl_zones_coordinates() -> Vec<Vec<Vec<[f64; 2]>>> {
    common::nl_zones()
        .iter()
        .map(|p| {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(|r| r.0.iter().map(|c| [c.x, c.y]).collect())
                .collect()
        })
        .collect()
}

/// 91 real adjacent cadastral parcels (shared vertices, T-junctions) read as top-level grid
/// cells. One parcel has a genuine crossing a few centimetres wide (geo's OGC validation
/// agrees); among the other 90, the only overlaps above 1 m² are parcels nested whole inside
/// another.
#[test]
fn nl_zones_parcels_validate_and_nested_parcels_overlap() {
    let polygons = nl_zones_coordinates();
    assert_eq!(polygons.len(), 91);
    let feature = |k: usize| {
        json!({"type": "Feature", "properties": {"id": format!("nl{k:03}"), "level": "grid"},
               "geometry": {"type": "Polygon", "coordinates": polygons[k]}})
    };
    let mut rejected = Vec::new();
    let t = std::time::Instant::now();
    for k in 0..polygons.len() {
        let one = collection(vec![feature(k)]);
        if let Err(e) = GridMap::from_geojson_value(&one, &GridOptions::default()) {
            assert_eq!(e.code(), "GEOJSON_SELF_INTERSECTION");
            rejected.push(k);
        }
    }
    eprintln!(
        "nl_zones: validated 91 parcels one by one in {:?}",
        t.elapsed()
    );
    assert_eq!(rejected, vec![88]);
    // geo's OGC validation (O(n²) per ring, so only on a few parcels) agrees.
    for k in [0, 1, 21, 88] {
        let geo_polygon = geo::Polygon::new(
            polygons[k][0].iter().map(|c| (c[0], c[1])).collect(),
            polygons[k][1..]
                .iter()
                .map(|r| r.iter().map(|c| (c[0], c[1])).collect())
                .collect(),
        );
        assert_eq!(geo_polygon.is_valid(), k != 88, "parcel {k}");
    }
    let all = collection((0..polygons.len()).map(feature).collect());
    let err = GridMap::from_geojson_value(&all, &GridOptions::default()).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "feature 88 (id \"nl088\"): ring 0 of polygon 0 intersects itself near [5.5410"
        ),
        "{err}"
    );

    let rest = collection(
        (0..polygons.len())
            .filter(|&k| k != 88)
            .map(feature)
            .collect(),
    );
    let map = GridMap::from_geojson_value(&rest, &GridOptions::default()).unwrap();
    assert_eq!(map.cells.len(), 90);
    let d = map.diagnostics(1.0);
    // The parcels are not a pure tessellation: 30 pairs overlap, and each overlap is a whole
    // parcel nested in another (the overlap's area equals the smaller parcel's area).
    assert_eq!(d.overlaps.len(), 30);
    let own_area = |id: &str| -> f64 {
        let c = &map.cells[map.cell_index(id).unwrap() as usize];
        c.polygons.iter().map(|p| p.geodesic_area_unsigned()).sum()
    };
    for o in &d.overlaps {
        let smaller = own_area(&o.a).min(own_area(&o.b));
        assert!(
            (o.area_m2 / smaller - 1.0).abs() < 0.005,
            "{o:?} vs {smaller}"
        );
    }
    assert_eq!(
        (d.overlaps[0].a.as_str(), d.overlaps[0].b.as_str()),
        ("nl000", "nl001")
    );
    assert!(d.gaps.is_empty() && d.outside_parent.is_empty());
}

#[test]
fn byte_order_mark_is_skipped() {
    let text = format!("\u{feff}{}", collection(hierarchy()));
    let map = GridMap::from_geojson(&text, &GridOptions::default()).unwrap();
    assert_eq!(map.cells.len(), 7);
}

/// A Siming-sized exact tiling (10 streets × 10 communities × 7 grids: 810 cells, 700 of
/// them grids, sharing edges) reports nothing above 1 m²: the floating noise of exact tilings
/// is filtered, and nothing is invented.
#[test]
fn exact_tiling_at_scale_reports_nothing() {
    let mut features = Vec::new();
    for s in 0..10 {
        let (sx, sy) = ((s % 5) as f64 * 10.0, (s / 5) as f64 * 10.0);
        let sid = format!("s{s}");
        features.push(feature(
            &sid,
            "street",
            None,
            rect(sx, sy, sx + 10.0, sy + 10.0),
        ));
        for c in 0..10 {
            let (cx, cy) = (sx + (c % 5) as f64 * 2.0, sy + (c / 5) as f64 * 5.0);
            let cid = format!("{sid}c{c}");
            features.push(feature(
                &cid,
                "community",
                Some(&sid),
                rect(cx, cy, cx + 2.0, cy + 5.0),
            ));
            // 7 grids: horizontal strips of the 2 × 5 community, at uneven heights.
            let cuts = [0.0, 0.5, 1.25, 2.0, 2.6, 3.3, 4.1, 5.0];
            for g in 0..7 {
                let gid = format!("{cid}g{g}");
                features.push(feature(
                    &gid,
                    "grid",
                    Some(&cid),
                    rect(cx, cy + cuts[g], cx + 2.0, cy + cuts[g + 1]),
                ));
            }
        }
    }
    let map = GridMap::from_geojson_value(&collection(features), &GridOptions::default()).unwrap();
    assert_eq!(map.cells.len(), 810);
    assert_eq!(map.leaves().len(), 700);
    let t = std::time::Instant::now();
    let d = map.diagnostics(1.0);
    eprintln!("diagnostics of 810 cells: {:?}", t.elapsed());
    assert_eq!(d, Default::default());
}
