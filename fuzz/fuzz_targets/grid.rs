//! Fuzz target: GeoJSON grid parsing, index build, assign and locate.
//!
//! Any text goes to `GridMap::from_geojson` (an error is fine; a panic is a bug). A map that
//! reads is indexed, and positions derived from its own vertices and bounding boxes (where the
//! boundary rule is hardest) are assigned in every datum and located. Checked: the counts add
//! up, every assigned cell is a leaf, and the index agrees with the brute-force boundary rule.
#![no_main]

use jinlin::crs::Datum;
use jinlin::geocode::{locate_brute_force, GridIndex};
use jinlin::grid::{GridMap, GridOptions};
use libfuzzer_sys::fuzz_target;

/// At most this many positions per input, so that brute force stays cheap.
const MAX_POSITIONS: usize = 96;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The id property and datum vary with the input's length, so every option is reached.
    let options = GridOptions {
        datum: [Datum::Wgs84, Datum::Gcj02, Datum::Bd09][data.len() % 3],
        id_property: if data.len() % 5 == 0 {
            "code".into()
        } else {
            "id".into()
        },
    };
    let Ok(map) = GridMap::from_geojson(text, &options) else {
        return;
    };
    assert!(!map.cells.is_empty(), "a map that reads has cells");
    let index = GridIndex::new(&map);
    let leaves = map.leaves();

    // Positions: every vertex, each bbox's corners and centre, and a few hostile values.
    let mut positions = vec![f64::NAN, 0.0, 181.0, 24.0, f64::INFINITY, -1e308];
    'cells: for cell in &map.cells {
        for polygon in &cell.polygons {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for c in ring.0.iter() {
                    if positions.len() >= 2 * MAX_POSITIONS {
                        break 'cells;
                    }
                    positions.extend([c.x, c.y]);
                    // Just inside or outside the vertex, in all four directions.
                    let e = 1e-9;
                    positions.extend([c.x + e, c.y + e, c.x - e, c.y - e]);
                }
            }
        }
    }
    let cells: Vec<_> = leaves
        .iter()
        .map(|&i| (i, map.cells[i as usize].polygons.clone()))
        .collect();
    let a = index
        .assign(&positions, map.datum, None)
        .expect("an even number of positions is accepted");
    let n = positions.len() / 2;
    assert_eq!(a.cell.len(), n);
    let s = a.summary;
    assert_eq!(
        u64::from(s.assigned) + u64::from(s.outside) + u64::from(s.invalid),
        n as u64,
        "assigned + outside + invalid = positions"
    );
    assert!(
        s.invalid >= 3,
        "NaN, out-of-range and infinite positions are invalid"
    );
    let mut leaf_total = 0u64;
    for &leaf in &leaves {
        leaf_total += u64::from(a.households[leaf as usize]);
    }
    assert_eq!(leaf_total, u64::from(s.assigned), "leaf counts add up");
    for (k, &c) in a.cell.iter().enumerate() {
        let (lng, lat) = (positions[2 * k], positions[2 * k + 1]);
        let brute = locate_brute_force(&cells, lng, lat);
        let got = (c >= 0).then_some(c as u32);
        if lng.is_finite() && lat.is_finite() && lng.abs() <= 180.0 && lat.abs() <= 90.0 {
            assert_eq!(
                got, brute,
                "index and brute force disagree at [{lng}, {lat}]"
            );
        } else {
            assert_eq!(got, None);
        }
        if let Some(c) = got {
            assert!(leaves.contains(&c), "assigned to a leaf");
            assert_eq!(index.locate(lng, lat, map.datum, 0.0), Some((c, 0.0)));
        }
    }
    // Other datums and persons: only "no panic" and the totals.
    let persons: Vec<u32> = (0..n as u32).map(|i| i % 7).collect();
    for datum in [Datum::Wgs84, Datum::Gcj02, Datum::Bd09] {
        let b = index.assign(&positions, datum, Some(&persons)).unwrap();
        assert_eq!(b.cell.len(), n);
        let _ = index.locate(positions[0], positions[1], datum, 250.0);
    }
    assert!(index
        .assign(&positions[..positions.len() - 1], map.datum, None)
        .is_err());
    assert!(index
        .assign(&positions, map.datum, Some(&persons[1..]))
        .is_err());
    for &(lng, lat) in &[(118.08, 24.46), (f64::NAN, 1.0), (0.0, 0.0)] {
        let _ = index.locate(lng, lat, map.datum, 1e7);
        let _ = index.locate(lng, lat, map.datum, f64::INFINITY);
        let _ = index.locate(lng, lat, map.datum, f64::NAN);
    }
});
