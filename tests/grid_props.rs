//! Property tests: the grid reader never panics, never rejects what geo's OGC validation
//! accepts, and its results do not depend on feature order.

use geo::{Area, Validation};
use jinlin::grid::{GridMap, GridOptions, MIN_EXTERIOR_AREA_DEG2};
use proptest::prelude::*;
use serde_json::{json, Value};

fn junk() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        (-200i64..200).prop_map(|i| json!(i)),
        prop_oneof![
            Just("FeatureCollection"),
            Just("Feature"),
            Just("Polygon"),
            Just("MultiPolygon"),
            Just("street"),
            Just("grid"),
            Just("id"),
            Just("a"),
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("type"),
                        Just("features"),
                        Just("geometry"),
                        Just("properties"),
                        Just("coordinates"),
                        Just("id"),
                        Just("level"),
                        Just("parent"),
                        Just("name"),
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

fn ring_of(points: &[(i32, i32)]) -> Vec<[f64; 2]> {
    let mut r: Vec<[f64; 2]> = points
        .iter()
        .map(|&(x, y)| [118.0 + x as f64 * 0.001, 24.4 + y as f64 * 0.001])
        .collect();
    r.push(r[0]);
    r
}

fn fc(features: Vec<Value>) -> Value {
    json!({"type": "FeatureCollection", "features": features})
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Arbitrary JSON, arbitrary GeoJSON-shaped junk, and arbitrary text never panic.
    #[test]
    fn never_panics_on_junk(v in junk(), text in ".{0,40}") {
        let _ = GridMap::from_geojson_value(&v, &GridOptions::default());
        let wrapped = json!({"type": "FeatureCollection", "features": [v]});
        if let Ok(map) = GridMap::from_geojson_value(&wrapped, &GridOptions::default()) {
            let _ = map.diagnostics(0.0);
        }
        let _ = GridMap::from_geojson(&text, &GridOptions::default());
    }

    /// Random rings on a small integer lattice (many collinear and touching cases): no panic;
    /// whenever geo's OGC validation accepts the polygon and it has area (at least
    /// `MIN_EXTERIOR_AREA_DEG2`: a collinear ring's rounding leaves ~1e-18 square degrees, which
    /// geo accepts and jinlin rejects as degenerate), jinlin accepts it too; whatever jinlin
    /// accepts, its diagnostics and bbox work.
    #[test]
    fn random_rings_agree_with_geo_when_geo_accepts(
        points in prop::collection::vec((0i32..5, 0i32..5), 3..9)
    ) {
        let ring = ring_of(&points);
        let doc = fc(vec![json!({"type": "Feature", "properties": {"id": "x", "level": "grid"},
            "geometry": {"type": "Polygon", "coordinates": [ring.clone()]}})]);
        let result = GridMap::from_geojson_value(&doc, &GridOptions::default());
        let polygon = geo::Polygon::new(ring.iter().map(|c| (c[0], c[1])).collect(), vec![]);
        if polygon.is_valid() && polygon.unsigned_area() >= MIN_EXTERIOR_AREA_DEG2 {
            prop_assert!(result.is_ok(), "{:?} rejected: {:?}", points, result.err());
        }
        if let Ok(map) = result {
            prop_assert!(map.bbox().is_some());
            let d = map.diagnostics(0.0);
            prop_assert!(d.overlaps.is_empty());
        }
    }

    /// A square with a random hole on the lattice (inside, outside, touching, crossing): when
    /// geo's OGC validation accepts and the hole has area, jinlin accepts; when jinlin says the
    /// hole is outside or crosses, geo rejects too.
    #[test]
    fn random_holes_agree_with_geo(
        points in prop::collection::vec((-1i32..6, -1i32..6), 3..7)
    ) {
        let shell = ring_of(&[(0, 0), (4, 0), (4, 4), (0, 4)]);
        let hole = ring_of(&points);
        let doc = fc(vec![json!({"type": "Feature", "properties": {"id": "x", "level": "grid"},
            "geometry": {"type": "Polygon", "coordinates": [shell.clone(), hole.clone()]}})]);
        let result = GridMap::from_geojson_value(&doc, &GridOptions::default());
        let ls = |r: &[[f64; 2]]| r.iter().map(|c| (c[0], c[1])).collect::<geo::LineString>();
        let polygon = geo::Polygon::new(ls(&shell), vec![ls(&hole)]);
        let hole_area = geo::Polygon::new(ls(&hole), vec![]).unsigned_area();
        if polygon.is_valid() && hole_area > 0.0 {
            prop_assert!(result.is_ok(), "{:?} rejected: {:?}", points, result.err());
        }
        if let Err(e) = &result {
            if e.code() == "GEOJSON_HOLE_OUTSIDE" || e.code() == "GEOJSON_SELF_INTERSECTION" {
                prop_assert!(!polygon.is_valid(), "{:?}: {}", points, e);
            }
        }
    }

    /// Random hierarchies of lattice rectangles: reading is independent of feature order, and
    /// every reported area is finite and at least the threshold, in sorted order.
    #[test]
    fn random_hierarchies_are_order_independent(
        rects in prop::collection::vec((0i32..6, 0i32..6, 1i32..4, 1i32..4, 0usize..3, any::<u16>()), 1..10),
        rotation in 0usize..10,
    ) {
        let levels = ["street", "community", "grid"];
        let mut features = Vec::new();
        for (k, &(x, y, w, h, level, pick)) in rects.iter().enumerate() {
            // A parent among earlier features of a higher level, if any.
            let candidates: Vec<usize> = (0..k).filter(|&j| rects[j].4 < level).collect();
            let parent = if candidates.is_empty() || pick % 3 == 0 {
                Value::Null
            } else {
                json!(format!("c{}", candidates[pick as usize % candidates.len()]))
            };
            let ring = ring_of(&[(x, y), (x + w, y), (x + w, y + h), (x, y + h)]);
            features.push(json!({"type": "Feature",
                "properties": {"id": format!("c{k}"), "level": levels[level], "parent": parent},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}));
        }
        let a = GridMap::from_geojson_value(&fc(features.clone()), &GridOptions::default()).unwrap();
        let n = features.len();
        features.rotate_left(rotation % n);
        features.reverse();
        let b = GridMap::from_geojson_value(&fc(features), &GridOptions::default()).unwrap();
        for (p, q) in a.cells.iter().zip(&b.cells) {
            prop_assert_eq!((&p.id, p.parent, &p.polygons), (&q.id, q.parent, &q.polygons));
        }
        let (da, db) = (a.diagnostics(1.0), b.diagnostics(1.0));
        prop_assert_eq!(&da, &db);
        for o in &da.overlaps {
            prop_assert!(o.a < o.b && o.area_m2.is_finite() && o.area_m2 >= 1.0);
        }
        prop_assert!(da.overlaps.windows(2).all(|w| (&w[0].a, &w[0].b) < (&w[1].a, &w[1].b)));
        for g in &da.gaps {
            prop_assert!(g.area_m2.is_finite() && g.area_m2 >= 1.0);
        }
    }
}
