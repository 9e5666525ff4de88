//! Property: `CellIndex::locate` and `CellIndex::assign` agree with `locate_brute_force`, on
//! random tilings with shared vertices, slanted edges and T-junctions, at random points and at
//! points snapped exactly onto vertices and edges.

mod common;

use geo::{Coord, LineString, Polygon};
use jinlin::geocode::{locate_brute_force, CellIndex, IndexOptions};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

type Cells = Vec<(u32, Vec<Polygon<f64>>)>;

struct SplitMix(u64);
impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A jittered nx × ny lattice of quadrilaterals with even integer vertices (so edge midpoints
/// are exact), some cells split in two through the midpoints of their south and north edges
/// (T-junctions for their neighbours), some pairs merged into two-part cells, numbers shuffled.
/// Returns the cells and the exact probe points (vertices and edge midpoints).
fn tiling(nx: usize, ny: usize, seed: u64) -> (Cells, Vec<Coord<f64>>) {
    let mut rng = SplitMix(seed);
    let node: Vec<Vec<Coord<f64>>> = (0..=ny)
        .map(|j| {
            (0..=nx)
                .map(|i| Coord {
                    x: (16 * i) as f64 + 2.0 * (rng.below(7) as f64 - 3.0),
                    y: (16 * j) as f64 + 2.0 * (rng.below(7) as f64 - 3.0),
                })
                .collect()
        })
        .collect();
    let mid = |a: Coord<f64>, b: Coord<f64>| Coord {
        x: (a.x + b.x) / 2.0,
        y: (a.y + b.y) / 2.0,
    };
    let mut polys: Vec<Polygon<f64>> = Vec::new();
    let mut probes = Vec::new();
    for j in 0..ny {
        for i in 0..nx {
            let (sw, se) = (node[j][i], node[j][i + 1]);
            let (ne, nw) = (node[j + 1][i + 1], node[j + 1][i]);
            probes.extend([sw, mid(sw, se), mid(se, ne), mid(ne, nw), mid(nw, sw)]);
            if rng.below(3) == 0 {
                let (ms, mn) = (mid(sw, se), mid(nw, ne));
                probes.push(mid(ms, mn));
                polys.push(Polygon::new(LineString::from(vec![sw, ms, mn, nw]), vec![]));
                polys.push(Polygon::new(LineString::from(vec![ms, se, ne, mn]), vec![]));
            } else {
                polys.push(Polygon::new(LineString::from(vec![sw, se, ne, nw]), vec![]));
            }
        }
    }
    probes.extend(node.iter().flatten().copied());
    // Shuffled numbers; every fifth polygon joins the previous one's cell as a second part.
    let mut numbers: Vec<u32> = (0..polys.len() as u32).map(|k| k * 3 + 1).collect();
    for k in (1..numbers.len()).rev() {
        numbers.swap(k, rng.below(k as u64 + 1) as usize);
    }
    let mut cells: Cells = Vec::new();
    for (k, p) in polys.into_iter().enumerate() {
        if k % 5 == 4 {
            if let Some(last) = cells.last_mut() {
                last.1.push(p);
                continue;
            }
        }
        cells.push((numbers[k], vec![p]));
    }
    (cells, probes)
}

fn check(cells: &Cells, index: &CellIndex, points: &[Coord<f64>]) -> Result<(), TestCaseError> {
    let flat: Vec<f64> = points.iter().flat_map(|c| [c.x, c.y]).collect();
    let (out, summary) = index.assign(&flat).unwrap();
    let mut assigned = 0;
    for (i, c) in points.iter().enumerate() {
        let brute = locate_brute_force(cells, c.x, c.y);
        prop_assert_eq!(index.locate(c.x, c.y), brute, "at {:?}", c);
        prop_assert_eq!(out[i], brute.map_or(-1, |n| n as i32), "at {:?}", c);
        assigned += u32::from(brute.is_some());
    }
    prop_assert_eq!(summary.assigned, assigned);
    prop_assert_eq!(
        summary.assigned + summary.outside + summary.invalid,
        points.len() as u32
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 128,
        rng_seed: RngSeed::Fixed(20_261_129),
        ..ProptestConfig::default()
    })]

    #[test]
    fn index_agrees_with_brute_force_on_random_tilings(
        nx in 1usize..6,
        ny in 1usize..6,
        seed in any::<u64>(),
        coarse in any::<bool>(),
        random in proptest::collection::vec((-8.0f64..100.0, -8.0f64..100.0), 40),
        integer in proptest::collection::vec((-8i32..100, -8i32..100), 40),
        picks in proptest::collection::vec(any::<usize>(), 40),
    ) {
        let (cells, probes) = tiling(nx, ny, seed);
        // A coarse raster puts many edges and polygons into each raster cell.
        let options = if coarse {
            IndexOptions { max_raster_cells: 4, ..IndexOptions::default() }
        } else {
            IndexOptions::default()
        };
        let index = CellIndex::with_options(&cells, options);
        let mut points: Vec<Coord<f64>> = random.iter().map(|&(x, y)| Coord { x, y }).collect();
        // Integer points are often collinear with edges or equal to vertices.
        points.extend(integer.iter().map(|&(x, y)| Coord { x: x.into(), y: y.into() }));
        points.extend(picks.iter().map(|&k| probes[k % probes.len()]));
        check(&cells, &index, &points)?;
    }
}

fn nl_zones() -> Cells {
    common::nl_zones_cells()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        rng_seed: RngSeed::Fixed(5_543_052),
        ..ProptestConfig::default()
    })]

    #[test]
    fn index_agrees_with_brute_force_on_nl_zones(
        random in proptest::collection::vec((5.5430f64..5.5705, 52.3145f64..52.3300), 12),
        picks in proptest::collection::vec((any::<usize>(), any::<usize>()), 12),
    ) {
        thread_local! {
            static DATA: (Cells, CellIndex, Vec<Coord<f64>>) = {
                let cells = nl_zones();
                let index = CellIndex::new(&cells);
                let vertices = cells.iter().flat_map(|c| c.1[0].exterior().0.clone()).collect();
                (cells, index, vertices)
            };
        }
        DATA.with(|(cells, index, vertices)| {
            let mut points: Vec<Coord<f64>> =
                random.iter().map(|&(x, y)| Coord { x, y }).collect();
            for &(k, m) in &picks {
                let v = vertices[k % vertices.len()];
                points.push(v);
                // The same latitude as a vertex, or the same longitude: ray-test degeneracies.
                let w = vertices[m % vertices.len()];
                points.push(Coord { x: w.x, y: v.y });
            }
            check(cells, index, &points)
        })?;
    }
}

#[test]
fn slow_path_with_more_than_64_polygons_in_one_raster_cell() {
    // One raster cell for 150-odd polygons: every query takes the many-candidates path.
    let (cells, probes) = tiling(12, 12, 7);
    let one = IndexOptions {
        max_raster_cells: 1,
        ..IndexOptions::default()
    };
    let index = CellIndex::with_options(&cells, one);
    assert_eq!(index.stats().raster_width * index.stats().raster_height, 1);
    let mut points = probes.clone();
    for y in -8..200 {
        for x in (-8..200).step_by(3) {
            points.push(Coord {
                x: x.into(),
                y: f64::from(y) + 0.5 * f64::from(x % 2),
            });
        }
    }
    check(&cells, &index, &points).unwrap();
    // And the same answers as the default raster.
    let default = CellIndex::new(&cells);
    let flat: Vec<f64> = points.iter().flat_map(|c| [c.x, c.y]).collect();
    assert_eq!(index.assign(&flat).unwrap(), default.assign(&flat).unwrap());
}
