//! Unit tests of the boundary rule and the index on tiny literal geometries.

use geo::{polygon, LineString, Polygon};

use super::*;

type Cells = Vec<(u32, Vec<Polygon<f64>>)>;

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon<f64> {
    polygon![(x: x0, y: y0), (x: x1, y: y0), (x: x1, y: y1), (x: x0, y: y1)]
}

/// Locates with the index and brute force, asserts they agree, returns the answer.
fn both(cells: &Cells, x: f64, y: f64) -> Option<u32> {
    let index = CellIndex::new(cells);
    let a = index.locate(x, y);
    let b = locate_brute_force(cells, x, y);
    assert_eq!(a, b, "index vs brute force at ({x}, {y})");
    a
}

#[test]
fn two_squares_sharing_an_edge() {
    let cells: Cells = vec![
        (1, vec![rect(0.0, 0.0, 1.0, 1.0)]),
        (2, vec![rect(1.0, 0.0, 2.0, 1.0)]),
    ];
    assert_eq!(both(&cells, 0.5, 0.5), Some(1));
    assert_eq!(both(&cells, 1.5, 0.5), Some(2));
    // Shared edge x = 1: the eastern cell.
    assert_eq!(both(&cells, 1.0, 0.5), Some(2));
    // Its south end (1, 0) is on the south edge of the union: in, eastern cell.
    assert_eq!(both(&cells, 1.0, 0.0), Some(2));
    // Its north end (1, 1) is on the north edge: out.
    assert_eq!(both(&cells, 1.0, 1.0), None);
    // West edge in, east edge out, south-west corner in, other corners out.
    assert_eq!(both(&cells, 0.0, 0.5), Some(1));
    assert_eq!(both(&cells, 2.0, 0.5), None);
    assert_eq!(both(&cells, 0.0, 0.0), Some(1));
    assert_eq!(both(&cells, 2.0, 0.0), None);
    assert_eq!(both(&cells, 0.0, 1.0), None);
    let index = CellIndex::new(&cells);
    let (out, s) = index
        .assign(&[1.0, 0.5, 0.5, 0.5, 1.0, 0.0, 1.0, 1.0, 0.0, 0.5])
        .unwrap();
    assert_eq!(out, vec![2, 1, 2, -1, 1]);
    // (1, 0.5) and (1, 0) are on the shared edge and assigned; (1, 1) is not assigned.
    assert_eq!(
        s,
        AssignSummary {
            assigned: 4,
            outside: 1,
            invalid: 0,
            boundary_ties: 2
        }
    );
}

#[test]
fn four_squares_sharing_a_vertex() {
    // 10 = SW, 11 = SE, 12 = NW, 13 = NE around (1, 1).
    let cells: Cells = vec![
        (13, vec![rect(1.0, 1.0, 2.0, 2.0)]),
        (10, vec![rect(0.0, 0.0, 1.0, 1.0)]),
        (12, vec![rect(0.0, 1.0, 1.0, 2.0)]),
        (11, vec![rect(1.0, 0.0, 2.0, 1.0)]),
    ];
    assert_eq!(both(&cells, 1.0, 1.0), Some(13)); // east then north: NE
    assert_eq!(both(&cells, 0.5, 1.0), Some(12)); // horizontal shared edge: north
    assert_eq!(both(&cells, 1.0, 0.5), Some(11)); // vertical shared edge: east
    assert_eq!(both(&cells, 1.0, 1.5), Some(13));
    assert_eq!(both(&cells, 1.5, 1.0), Some(13));
    let index = CellIndex::new(&cells);
    let (out, s) = index
        .assign(&[1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 2.0, 1.0])
        .unwrap();
    assert_eq!(out, vec![13, 11, 12, -1]);
    assert_eq!(s.boundary_ties, 3);
    assert_eq!(s.outside, 1);
}

#[test]
fn t_junction() {
    // Cell 1 is the tall western rectangle; cells 2 and 3 are stacked to its east, meeting at
    // (1, 1), which lies on cell 1's east edge without being a vertex of it.
    let cells: Cells = vec![
        (1, vec![rect(0.0, 0.0, 1.0, 2.0)]),
        (2, vec![rect(1.0, 0.0, 2.0, 1.0)]),
        (3, vec![rect(1.0, 1.0, 2.0, 2.0)]),
    ];
    assert_eq!(both(&cells, 1.0, 1.0), Some(3));
    assert_eq!(both(&cells, 1.0, 0.999_999), Some(2));
    assert_eq!(both(&cells, 0.999_999_999, 1.0), Some(1));
    assert_eq!(both(&cells, 1.5, 1.0), Some(3));
    // Mirror: the long edge on the east side, the junction on the west cells' side.
    let cells: Cells = vec![
        (1, vec![rect(1.0, 0.0, 2.0, 2.0)]),
        (2, vec![rect(0.0, 0.0, 1.0, 1.0)]),
        (3, vec![rect(0.0, 1.0, 1.0, 2.0)]),
    ];
    assert_eq!(both(&cells, 1.0, 1.0), Some(1));
    assert_eq!(both(&cells, 0.5, 1.0), Some(3));
    let (_, s) = CellIndex::new(&cells)
        .assign(&[1.0, 1.0, 0.5, 1.0])
        .unwrap();
    assert_eq!(s.boundary_ties, 2);
}

#[test]
fn polygon_with_a_hole_and_a_cell_inside_it() {
    let outer = LineString::from(vec![(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]);
    let hole = LineString::from(vec![(1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0)]);
    let ring = Polygon::new(outer, vec![hole]);
    let cells: Cells = vec![(5, vec![ring.clone()])];
    assert_eq!(both(&cells, 2.0, 2.0), None); // in the hole
    assert_eq!(both(&cells, 0.5, 2.0), Some(5));
    // The hole's west edge belongs to the hole (east of it is the hole); its east edge to the ring.
    assert_eq!(both(&cells, 1.0, 2.0), None);
    assert_eq!(both(&cells, 3.0, 2.0), Some(5));
    // The hole's south edge: north of it is the hole.
    assert_eq!(both(&cells, 2.0, 1.0), None);
    assert_eq!(both(&cells, 2.0, 3.0), Some(5));
    // Fill the hole with another cell: the union is the whole square, no gaps.
    let cells: Cells = vec![(5, vec![ring]), (6, vec![rect(1.0, 1.0, 3.0, 3.0)])];
    assert_eq!(both(&cells, 1.0, 2.0), Some(6));
    assert_eq!(both(&cells, 3.0, 2.0), Some(5));
    assert_eq!(both(&cells, 1.0, 1.0), Some(6));
    assert_eq!(both(&cells, 3.0, 3.0), Some(5));
}

#[test]
fn multipolygon_parts_touching_at_a_vertex() {
    // One cell of two squares touching at (1, 1), passed as separate parts; a second cell fills
    // the other two quadrants (also two parts).
    let cells: Cells = vec![
        (0, vec![rect(0.0, 0.0, 1.0, 1.0), rect(1.0, 1.0, 2.0, 2.0)]),
        (1, vec![rect(1.0, 0.0, 2.0, 1.0), rect(0.0, 1.0, 1.0, 2.0)]),
    ];
    assert_eq!(both(&cells, 1.0, 1.0), Some(0));
    assert_eq!(both(&cells, 0.5, 0.5), Some(0));
    assert_eq!(both(&cells, 1.5, 0.5), Some(1));
    // The touching vertex of one cell is not a tie between cells... but cell 1 also touches it.
    let (_, s) = CellIndex::new(&cells).assign(&[1.0, 1.0]).unwrap();
    assert_eq!(s.boundary_ties, 1);
    // Alone, the two parts of cell 0 touching at a vertex are no tie.
    let alone: Cells = vec![(0, vec![rect(0.0, 0.0, 1.0, 1.0), rect(1.0, 1.0, 2.0, 2.0)])];
    assert_eq!(both(&alone, 1.0, 1.0), Some(0));
    let (_, s) = CellIndex::new(&alone).assign(&[1.0, 1.0]).unwrap();
    assert_eq!(s.boundary_ties, 0);
}

#[test]
fn overlap_goes_to_the_smallest_cell_number_in_any_order() {
    let a = rect(0.0, 0.0, 2.0, 2.0);
    let b = rect(1.0, 1.0, 3.0, 3.0);
    let one: Cells = vec![(8, vec![a.clone()]), (4, vec![b.clone()])];
    let two: Cells = vec![(4, vec![b]), (8, vec![a])];
    for cells in [one, two] {
        assert_eq!(both(&cells, 1.5, 1.5), Some(4));
        assert_eq!(both(&cells, 0.5, 0.5), Some(8));
        assert_eq!(both(&cells, 2.5, 2.5), Some(4));
    }
}

#[test]
fn slanted_shared_edge() {
    // Two triangles splitting the unit square along the diagonal y = x.
    let lower = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0)];
    let upper = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)];
    let cells: Cells = vec![(1, vec![lower]), (2, vec![upper])];
    // On the diagonal: displaced east lands in the lower-right triangle.
    assert_eq!(both(&cells, 0.5, 0.5), Some(1));
    assert_eq!(both(&cells, 0.0, 0.0), Some(1));
    // 0.1 is not exact, but (0.1, 0.1) lies exactly on y = x.
    assert_eq!(both(&cells, 0.1, 0.1), Some(1));
}

#[test]
fn invalid_and_degenerate_input_never_panics() {
    let nan_ring = polygon![(x: 0.0, y: 0.0), (x: f64::NAN, y: 0.0), (x: 1.0, y: 1.0)];
    let inf_ring = polygon![(x: 0.0, y: 0.0), (x: f64::INFINITY, y: 0.0), (x: 1.0, y: 1.0)];
    let huge = polygon![(x: -1e300, y: -1e300), (x: 1e300, y: -1e300), (x: 0.0, y: 1e300)];
    let line = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 1.0), (x: 2.0, y: 2.0)];
    let point = polygon![(x: 3.0, y: 3.0), (x: 3.0, y: 3.0)];
    let empty = Polygon::new(LineString::new(vec![]), vec![]);
    let bowtie = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 2.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0)];
    let cells: Cells = vec![
        (0, vec![nan_ring, inf_ring, huge, empty.clone()]),
        (1, vec![line, point]),
        (2, vec![bowtie]),
        (3, vec![]),
        (u32::MAX, vec![empty]),
    ];
    let index = CellIndex::new(&cells);
    let probes = [
        (f64::NAN, 0.0),
        (0.0, f64::INFINITY),
        (181.0, 0.0),
        (0.0, -90.5),
        (180.0, 90.0),
        (-180.0, -90.0),
        (0.5, 0.2),
        (1.0, 1.0),
        (1.0, 0.5),
        (1.5, 1.0),
        (0.0, 0.0),
        (f64::MIN_POSITIVE, 1e-300),
    ];
    for (x, y) in probes {
        assert_eq!(
            index.locate(x, y),
            locate_brute_force(&cells, x, y),
            "({x}, {y})"
        );
    }
    assert_eq!(index.locate(1.5, 1.0), Some(2)); // the bowtie's eastern lobe
    assert_eq!(index.locate(1.0, 0.5), None); // between its lobes
    assert_eq!(index.locate(f64::NAN, 0.0), None);
    // Cell numbers of empty cells are dropped, so u32::MAX does not block assign.
    let (out, s) = index
        .assign(&[1.5, 1.0, f64::NAN, 1.0, 500.0, 0.0])
        .unwrap();
    assert_eq!(out, vec![2, -1, -1]);
    assert_eq!((s.assigned, s.invalid, s.outside), (1, 2, 0));
    assert_eq!(index.nearest_within(f64::NAN, 0.0, 10.0), None);
    assert_eq!(index.nearest_within(0.5, 0.5, f64::NAN), None);
    assert_eq!(index.nearest_within(0.5, 0.5, -1.0), None);

    let nothing = CellIndex::new(&[]);
    assert_eq!(nothing.locate(0.0, 0.0), None);
    assert_eq!(nothing.assign(&[0.0, 0.0]).unwrap().0, vec![-1]);
    assert_eq!(nothing.nearest_within(0.0, 0.0, f64::INFINITY), None);
}

#[test]
fn assign_errors_have_codes() {
    let index = CellIndex::new(&[(1, vec![rect(0.0, 0.0, 1.0, 1.0)])]);
    let e = index.assign(&[0.0, 0.0, 1.0]).unwrap_err();
    assert_eq!(e, GeocodeError::OddLength { len: 3 });
    assert_eq!(e.code(), "GEOCODE_ODD_LENGTH");
    let mut out = [7; 3];
    let e = index.assign_into(&[0.5, 0.5], &mut out).unwrap_err();
    assert_eq!(
        e,
        GeocodeError::OutputLength {
            expected: 1,
            got: 3
        }
    );
    assert_eq!(e.code(), "GEOCODE_OUTPUT_LENGTH");
    assert_eq!(out, [7; 3]);
    let big = CellIndex::new(&[(u32::MAX, vec![rect(0.0, 0.0, 1.0, 1.0)])]);
    let e = big.assign(&[0.5, 0.5]).unwrap_err();
    assert_eq!(e.code(), "GEOCODE_CELL_NUMBER_TOO_LARGE");
    assert_eq!(big.locate(0.5, 0.5), Some(u32::MAX));
}

#[test]
fn nearest_within_measures_to_the_nearest_boundary() {
    // Two cells at Xiamen's latitude, 0.01° × 0.01°, with a 0.002° road between them.
    let west = rect(118.08, 24.45, 118.09, 24.46);
    let east = rect(118.092, 24.45, 118.102, 24.46);
    let index = CellIndex::new(&[(20, vec![west]), (21, vec![east])]);
    // By hand: at φ = 24.455°, N = a / sqrt(1 − e² sin²φ) = 6 381 798.9 m, so one degree of
    // longitude is N · cos φ · π/180 = 101 390.8 m; 0.0005° is 50.695 m.
    let (cell, d) = index.nearest_within(118.0905, 24.455, 100.0).unwrap();
    assert_eq!(cell, 20);
    assert!((d - 50.695).abs() < 0.01, "{d}");
    let (cell, d) = index.nearest_within(118.0915, 24.455, 100.0).unwrap();
    assert_eq!(cell, 21);
    assert!((d - 50.695).abs() < 0.01, "{d}");
    assert_eq!(index.nearest_within(118.0905, 24.455, 50.0), None);
    assert_eq!(index.nearest_within(118.085, 24.455, 0.0), Some((20, 0.0)));
    // North of the west cell by 0.001° of latitude: at φ = 24.461°,
    // M = a(1 − e²) / (1 − e² sin²φ)^1.5 gives M · π/180 = 110 764.9 m per degree.
    let (cell, d) = index.nearest_within(118.085, 24.461, 1000.0).unwrap();
    assert_eq!(cell, 20);
    assert!((d - 110.765).abs() < 0.01, "{d}");
    // Exactly in the middle (dyadic coordinates): equal distances, the smaller cell number.
    let index = CellIndex::new(&[
        (31, vec![rect(0.75, 0.0, 1.25, 0.5)]),
        (30, vec![rect(0.0, 0.0, 0.5, 0.5)]),
    ]);
    let (cell, d) = index.nearest_within(0.625, 0.25, 1e5).unwrap();
    assert_eq!(cell, 30);
    assert!(
        (d - 0.125 * 111_319.49 * 0.25f64.to_radians().cos()).abs() < 0.5,
        "{d}"
    );
}

#[test]
fn every_raster_resolution_gives_the_same_answers() {
    // Regression: a raster cap that made a fractional number of raster cells per side put the
    // reference points in the wrong place.
    let tri = polygon![(x: 2.0, y: 4.0), (x: 8.0, y: 1.0), (x: 11.0, y: 10.0), (x: 6.0, y: 10.0)];
    let cells: Cells = vec![
        (1, vec![rect(0.0, 0.0, 1.0, 1.0), rect(1.0, 1.0, 2.0, 2.0)]),
        (2, vec![rect(1.0, 0.0, 2.0, 1.0)]),
        (3, vec![rect(0.0, 1.0, 1.0, 2.0)]),
        (4, vec![tri]),
    ];
    let points: Vec<f64> = (0..=44)
        .flat_map(|i| (0..=44).flat_map(move |j| [f64::from(i) * 0.25, f64::from(j) * 0.25]))
        .collect();
    let expected: Vec<i32> = points
        .chunks_exact(2)
        .map(|p| locate_brute_force(&cells, p[0], p[1]).map_or(-1, |n| n as i32))
        .collect();
    for max_raster_cells in (1..=40).chain([1000, 1 << 18]) {
        for target_boundary_fraction in [0.05, 0.2, 1.0] {
            let options = IndexOptions {
                max_raster_cells,
                target_boundary_fraction,
            };
            let index = CellIndex::with_options(&cells, options);
            let (out, _) = index.assign(&points).unwrap();
            assert!(out == expected, "{options:?} {:?}", index.stats());
        }
    }
    // 64 in the squares plus 738 in the quadrilateral of area 46.5 (≈ 16 points per unit²).
    assert_eq!(expected.iter().filter(|&&c| c >= 0).count(), 802);
}
