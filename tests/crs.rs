//! Datum conversions against gcoord reference values, round trips and the Siming offsets.

use geo::{Distance, Geodesic, Point};
use jinlin::crs::{self, Datum};
use serde_json::Value;

fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    Geodesic.distance(Point::new(a.0, a.1), Point::new(b.0, b.1))
}

fn pair(v: &Value) -> (f64, f64) {
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

fn rows() -> Vec<Value> {
    let text = include_str!("fixtures/crs/gcoord_reference.json");
    let v: Value = serde_json::from_str(text).unwrap();
    v["rows"].as_array().unwrap().clone()
}

/// Forward conversions agree with gcoord to 1e-9° (gcoord and Rust differ only by libm ulps).
#[test]
fn forward_matches_gcoord() {
    let rows = rows();
    assert!(rows.len() >= 1_300);
    let mut inside = 0;
    for (i, r) in rows.iter().enumerate() {
        let w = pair(&r["wgs84"]);
        let g = crs::wgs84_to_gcj02(w.0, w.1);
        let expect_g = pair(&r["gcj02"]);
        assert!(
            (g.0 - expect_g.0).abs() < 1e-9 && (g.1 - expect_g.1).abs() < 1e-9,
            "row {i}: {g:?} vs {expect_g:?}"
        );
        if crs::is_in_china_bbox(w.0, w.1) {
            inside += 1;
            // BD-09 agrees with gcoord inside the bbox; outside, jinlin passes through.
            let b = crs::convert(w.0, w.1, Datum::Wgs84, Datum::Bd09);
            let expect_b = pair(&r["bd09"]);
            assert!(
                (b.0 - expect_b.0).abs() < 1e-9 && (b.1 - expect_b.1).abs() < 1e-9,
                "row {i}: {b:?} vs {expect_b:?}"
            );
            // jinlin's BD-09 inverse is exact; gcoord's one-step formula errs by up to ~0.3 m.
            let bg = crs::bd09_to_gcj02(expect_b.0, expect_b.1);
            assert!(metres(bg, expect_g) < 1e-6, "row {i}");
            assert!(metres(bg, pair(&r["bd09ToGcj02"])) < 0.5, "row {i}");
        } else {
            assert_eq!(g, w, "row {i}: outside the bbox passes through");
            assert_eq!(crs::convert(w.0, w.1, Datum::Wgs84, Datum::Bd09), w);
        }
    }
    assert!(inside >= 1_000, "{inside} rows inside China");
}

/// GCJ-02 → WGS-84 lands within 0.1 m of the true WGS-84 (and within 0.2 m of gcoord's own
/// inverse, which stops at 1e-6°); in fact within 1e-6 m.
#[test]
fn inverse_matches_truth_and_gcoord() {
    let mut worst = 0.0f64;
    for (i, r) in rows().iter().enumerate() {
        let truth = pair(&r["wgs84"]);
        let g = pair(&r["gcj02"]);
        let w = crs::gcj02_to_wgs84(g.0, g.1);
        let err = metres(w, truth);
        assert!(err <= 0.1, "row {i}: {err} m");
        assert!(metres(w, pair(&r["gcj02ToWgs84"])) <= 0.2, "row {i}");
        worst = worst.max(err);
    }
    assert!(worst < 1e-6, "worst inverse error {worst} m");
}

/// Round trips on a seeded grid across mainland China (incl. the Xinjiang, Heilongjiang and
/// Hainan corners): WGS→GCJ→WGS ≤ 1e-6 m; WGS→BD→WGS ≤ 1e-6 m.
#[test]
fn round_trip_grid_across_china() {
    let mut worst_gcj = 0.0f64;
    let mut worst_bd = 0.0f64;
    let mut pts = vec![
        (73.5, 39.4),   // Kashgar / western Xinjiang
        (87.6, 49.1),   // northern Xinjiang
        (135.0, 48.4),  // eastern Heilongjiang
        (122.5, 53.5),  // Mohe, northern Heilongjiang
        (108.6, 18.2),  // southern Hainan
        (109.5, 18.25), // Sanya
        (118.0894, 24.4798),
    ];
    for i in 0..=62 {
        for j in 0..=35 {
            pts.push((73.0 + i as f64 + 0.37, 18.0 + j as f64 + 0.61));
        }
    }
    for p in pts {
        let g = crs::convert(p.0, p.1, Datum::Wgs84, Datum::Gcj02);
        let back = crs::convert(g.0, g.1, Datum::Gcj02, Datum::Wgs84);
        worst_gcj = worst_gcj.max(metres(p, back));
        let b = crs::convert(p.0, p.1, Datum::Wgs84, Datum::Bd09);
        let back = crs::convert(b.0, b.1, Datum::Bd09, Datum::Wgs84);
        worst_bd = worst_bd.max(metres(p, back));
    }
    eprintln!("worst round trip: gcj {worst_gcj:e} m, bd {worst_bd:e} m");
    assert!(worst_gcj <= 1e-6, "{worst_gcj} m");
    assert!(worst_bd <= 1e-6, "{worst_bd} m");
}

/// At Siming, WGS-84 ↔ GCJ-02 differ by about 580 m and BD-09 lies another ~960 m away.
#[test]
fn siming_offsets() {
    let w = (118.0894, 24.4798); // Siming district government, roughly
    let g = crs::wgs84_to_gcj02(w.0, w.1);
    let b = crs::gcj02_to_bd09(g.0, g.1);
    let wg = metres(w, g);
    let gb = metres(g, b);
    eprintln!("Siming: WGS↔GCJ {wg:.1} m, GCJ↔BD {gb:.1} m");
    assert!((540.0..620.0).contains(&wg), "{wg}");
    assert!((900.0..1020.0).contains(&gb), "{gb}");
}

#[test]
fn convert_in_place_matches_convert() {
    let mut v = vec![118.0894, 24.4798, 0.0, 0.0, f64::NAN, 1.0, 121.47, 31.23];
    let orig = v.clone();
    crs::convert_in_place(&mut v, Datum::Bd09, Datum::Wgs84).unwrap();
    for k in 0..4 {
        let (x, y) = crs::convert(orig[2 * k], orig[2 * k + 1], Datum::Bd09, Datum::Wgs84);
        assert!(x.to_bits() == v[2 * k].to_bits() && y.to_bits() == v[2 * k + 1].to_bits());
    }
    assert_eq!((v[2], v[3]), (0.0, 0.0));
}
