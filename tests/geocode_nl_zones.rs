//! The boundary rule on 91 real adjacent parcels (Dutch Kadaster, via georust/geo's
//! `nl_zones.wkt`): positions exactly on shared vertices, shared edges and T-junctions.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use geo::kernels::{Kernel, RobustKernel};
use geo::{Coord, LineString, Orientation, Polygon};
use jinlin::geocode::{locate_brute_force, CellIndex};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

type Cells = Vec<(u32, Vec<Polygon<f64>>)>;

fn load_parcels() -> Vec<Polygon<f64>> {
    common::nl_zones()
}

fn orient(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> Orientation {
    <RobustKernel as Kernel<f64>>::orient2d(a, b, c)
}

/// An undirected edge by the bit patterns of its endpoints, smaller first.
type EdgeKey = ((u64, u64), (u64, u64));

fn key(c: Coord<f64>) -> (u64, u64) {
    (c.x.to_bits(), c.y.to_bits())
}

fn edges_of(p: &Polygon<f64>) -> Vec<(Coord<f64>, Coord<f64>)> {
    std::iter::once(p.exterior())
        .chain(p.interiors())
        .flat_map(|r| r.lines().map(|l| (l.start, l.end)))
        .filter(|(a, b)| a != b)
        .collect()
}

/// A small deterministic generator (SplitMix64) for shuffles and random points.
struct SplitMix(u64);
impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The test positions: every vertex shared by ≥ 2 parcels, every T-junction vertex, and the
/// exactly representable midpoints of shared edges.
struct Probes {
    distinct_vertices: usize,
    shared: Vec<Coord<f64>>,
    t_junctions: Vec<Coord<f64>>,
    midpoints: Vec<Coord<f64>>,
}

fn probes(parcels: &[Polygon<f64>]) -> Probes {
    let mut owners: BTreeMap<(u64, u64), (Coord<f64>, BTreeSet<usize>)> = BTreeMap::new();
    let mut edge_owners: BTreeMap<EdgeKey, BTreeSet<usize>> = BTreeMap::new();
    let mut boxes = Vec::new();
    for (i, p) in parcels.iter().enumerate() {
        for (a, b) in edges_of(p) {
            owners
                .entry(key(a))
                .or_insert((a, BTreeSet::new()))
                .1
                .insert(i);
            let k = if key(a) < key(b) {
                (key(a), key(b))
            } else {
                (key(b), key(a))
            };
            edge_owners.entry(k).or_default().insert(i);
            boxes.push(GeomWithData::new(
                Rectangle::from_corners([a.x, a.y], [b.x, b.y]),
                (i, a, b),
            ));
        }
    }
    let tree = RTree::bulk_load(boxes);
    let shared: Vec<Coord<f64>> = owners
        .values()
        .filter(|(_, o)| o.len() >= 2)
        .map(|(c, _)| *c)
        .collect();
    // T-junctions: a vertex lying exactly inside an edge of a parcel it is not a vertex of.
    let mut t_junctions = Vec::new();
    for (c, own) in owners.values() {
        let env = AABB::from_point([c.x, c.y]);
        let on_foreign_edge = tree.locate_in_envelope_intersecting(&env).any(|g| {
            let (i, a, b) = g.data;
            !own.contains(&i) && *c != a && *c != b && orient(a, b, *c) == Orientation::Collinear
        });
        if on_foreign_edge {
            t_junctions.push(*c);
        }
    }
    let mut midpoints = Vec::new();
    for ((ka, kb), own) in &edge_owners {
        if own.len() < 2 {
            continue;
        }
        let a = Coord {
            x: f64::from_bits(ka.0),
            y: f64::from_bits(ka.1),
        };
        let b = Coord {
            x: f64::from_bits(kb.0),
            y: f64::from_bits(kb.1),
        };
        let m = Coord {
            x: (a.x + b.x) / 2.0,
            y: (a.y + b.y) / 2.0,
        };
        if m != a && m != b && orient(a, b, m) == Orientation::Collinear {
            midpoints.push(m);
        }
    }
    Probes {
        distinct_vertices: owners.len(),
        shared,
        t_junctions,
        midpoints,
    }
}

/// Makes T-junctions on real geometry: for every shared edge whose floating-point midpoint lies
/// exactly on it, inserts the midpoint as a vertex into the ring of the lowest-numbered owner
/// only, so it lies inside the other owners' edge without being a vertex there.
fn with_t_junctions(parcels: &[Polygon<f64>]) -> Vec<Polygon<f64>> {
    let mut owners: BTreeMap<EdgeKey, BTreeSet<usize>> = BTreeMap::new();
    for (i, p) in parcels.iter().enumerate() {
        for (a, b) in edges_of(p) {
            let k = if key(a) < key(b) {
                (key(a), key(b))
            } else {
                (key(b), key(a))
            };
            owners.entry(k).or_default().insert(i);
        }
    }
    let split = |i: usize, a: Coord<f64>, b: Coord<f64>| -> Option<Coord<f64>> {
        let k = if key(a) < key(b) {
            (key(a), key(b))
        } else {
            (key(b), key(a))
        };
        let own = owners.get(&k)?;
        if own.len() < 2 || own.first() != Some(&i) {
            return None;
        }
        let m = Coord {
            x: (a.x + b.x) / 2.0,
            y: (a.y + b.y) / 2.0,
        };
        (m != a && m != b && orient(a, b, m) == Orientation::Collinear).then_some(m)
    };
    let ring = |i: usize, r: &LineString<f64>| -> LineString<f64> {
        let mut out = Vec::new();
        for l in r.lines() {
            out.push(l.start);
            if let Some(m) = split(i, l.start, l.end) {
                out.push(m);
            }
        }
        out.extend(r.0.last().copied());
        LineString::new(out)
    };
    parcels
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Polygon::new(
                ring(i, p.exterior()),
                p.interiors().iter().map(|r| ring(i, r)).collect(),
            )
        })
        .collect()
}

fn one_cell_per_parcel(parcels: &[Polygon<f64>]) -> Cells {
    parcels
        .iter()
        .enumerate()
        .map(|(i, p)| (i as u32, vec![p.clone()]))
        .collect()
}

fn interleave(points: &[Coord<f64>]) -> Vec<f64> {
    points.iter().flat_map(|c| [c.x, c.y]).collect()
}

fn reflect(cells: &Cells, sx: f64, sy: f64) -> Cells {
    use geo::MapCoords;
    cells
        .iter()
        .map(|(n, ps)| {
            let ps = ps
                .iter()
                .map(|p| {
                    p.map_coords(|c| Coord {
                        x: sx * c.x,
                        y: sy * c.y,
                    })
                })
                .collect();
            (*n, ps)
        })
        .collect()
}

#[test]
fn fixture_has_the_documented_shared_vertices_and_t_junctions() {
    let parcels = load_parcels();
    assert_eq!(parcels.len(), 91);
    let p = probes(&parcels);
    assert_eq!(p.distinct_vertices, 14_390);
    assert_eq!(p.shared.len(), 4_973);
    // The data has no exact T-junctions (decimal coordinates are rarely exactly collinear) …
    assert_eq!(p.t_junctions.len(), 0);
    assert_eq!(p.midpoints.len(), EXACT_MIDPOINTS);
    // … so we make one at every exactly representable shared-edge midpoint.
    let p = probes(&with_t_junctions(&parcels));
    assert_eq!(p.distinct_vertices, 14_390 + EXACT_MIDPOINTS);
    assert_eq!(p.t_junctions.len(), EXACT_MIDPOINTS);
    assert_eq!(p.midpoints.len(), 0);
}

/// Shared edges whose floating-point midpoint lies exactly on the edge.
const EXACT_MIDPOINTS: usize = 2_596;

/// The parcels (cell numbers) whose interior contains p + δ, by brute force per parcel.
/// A parcel can only claim p + δ when p lies in its closed bounding box.
fn claims(cells: &Cells, c: Coord<f64>) -> Vec<u32> {
    use geo::BoundingRect;
    cells
        .iter()
        .filter(|cell| {
            cell.1.iter().any(|p| {
                p.bounding_rect().is_some_and(|r| {
                    r.min().x <= c.x && c.x <= r.max().x && r.min().y <= c.y && c.y <= r.max().y
                })
            })
        })
        .filter(|cell| locate_brute_force(std::slice::from_ref(*cell), c.x, c.y).is_some())
        .map(|cell| cell.0)
        .collect()
}

/// Checks every probe of `parcels`; returns (probes, assigned, interior, overlapping).
fn check_probes(parcels: &[Polygon<f64>]) -> (usize, u32, usize, usize) {
    let cells = one_cell_per_parcel(parcels);
    let index = CellIndex::new(&cells);
    let p = probes(parcels);
    let points: Vec<Coord<f64>> = p
        .shared
        .iter()
        .chain(&p.t_junctions)
        .chain(&p.midpoints)
        .copied()
        .collect();
    let (out, summary) = index.assign(&interleave(&points)).unwrap();
    // Displacements into the other three quadrants, by reflecting the geometry.
    let mirrors = [(-1.0, 1.0), (1.0, -1.0), (-1.0, -1.0)]
        .map(|(sx, sy)| (sx, sy, CellIndex::new(&reflect(&cells, sx, sy))));
    let (mut interior, mut overlapping) = (0, 0);
    for (i, c) in points.iter().enumerate() {
        let brute = locate_brute_force(&cells, c.x, c.y);
        assert_eq!(index.locate(c.x, c.y), brute, "probe {i} at {c:?}");
        assert_eq!(out[i], brute.map_or(-1, |n| n as i32), "probe {i}");
        // Exactly one answer: the smallest parcel claiming the displaced point (the data has
        // overlapping parcels; most probes are claimed by exactly one).
        let claimed = claims(&cells, *c);
        assert_eq!(brute, claimed.first().copied(), "probe {i} at {c:?}");
        overlapping += usize::from(claimed.len() > 1);
        // Inside the union in all four displaced directions: must be assigned.
        if mirrors
            .iter()
            .all(|(sx, sy, m)| m.locate(sx * c.x, sy * c.y).is_some())
        {
            interior += 1;
            assert!(brute.is_some(), "interior probe {i} at {c:?} unassigned");
        }
    }
    // Every probe lies on the boundaries of two or more parcels, so each assigned one is a tie.
    assert_eq!(summary.boundary_ties, summary.assigned);
    assert_eq!(summary.invalid, 0);
    assert_eq!(summary.assigned + summary.outside, points.len() as u32);
    (points.len(), summary.assigned, interior, overlapping)
}

#[test]
fn every_shared_vertex_and_edge_probe_goes_to_exactly_one_parcel() {
    let parcels = load_parcels();
    // 4,973 shared vertices + 2,596 shared-edge midpoints; 12 are unassigned (on the union's
    // boundary, outside by the rule), 40 are outside the union in some displaced direction, and
    // 276 lie where parcels of the data overlap.
    assert_eq!(check_probes(&parcels), (7_569, 7_557, 7_529, 276));
}

#[test]
fn every_t_junction_probe_goes_to_exactly_one_parcel() {
    let parcels = with_t_junctions(&load_parcels());
    // 4,973 shared vertices + 2,596 T-junctions: the same answers as the midpoints they were.
    assert_eq!(check_probes(&parcels), (7_569, 7_557, 7_529, 276));
}

#[test]
fn shuffling_and_renumbering_cells_changes_nothing() {
    let parcels = with_t_junctions(&load_parcels());
    let cells = one_cell_per_parcel(&parcels);
    let p = probes(&parcels);
    let mut rng = SplitMix(0x5EED_2026);
    let (x0, y0, x1, y1) = (5.5430, 52.3145, 5.5705, 52.3300);
    let mut points: Vec<Coord<f64>> = p.shared.iter().chain(&p.t_junctions).copied().collect();
    for _ in 0..3_000 {
        points.push(Coord {
            x: x0 + (x1 - x0) * rng.unit(),
            y: y0 + (y1 - y0) * rng.unit(),
        });
    }
    let positions = interleave(&points);
    let (base, base_summary) = CellIndex::new(&cells).assign(&positions).unwrap();
    assert!(base.iter().filter(|&&c| c >= 0).count() > 5_000);

    // Same numbers, shuffled order (Fisher–Yates with a fixed seed): identical.
    let mut order: Vec<usize> = (0..cells.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, (rng.next() % (i as u64 + 1)) as usize);
    }
    let shuffled: Cells = order.iter().map(|&i| cells[i].clone()).collect();
    let (again, summary) = CellIndex::new(&shuffled).assign(&positions).unwrap();
    assert!(again == base, "shuffled order changed an answer");
    assert_eq!(summary, base_summary);

    // Renumbered by shuffled position, then mapped back: identical where one parcel claims the
    // point; where parcels overlap, the smallest *new* number wins.
    let renumbered: Cells = order
        .iter()
        .enumerate()
        .map(|(new, &old)| (new as u32, cells[old].1.clone()))
        .collect();
    let mut new_of = vec![0u32; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_of[old] = new as u32;
    }
    let (again, summary) = CellIndex::new(&renumbered).assign(&positions).unwrap();
    let mut differ = 0;
    for (i, c) in points.iter().enumerate() {
        let claimed = claims(&cells, *c);
        let expected = claimed
            .iter()
            .map(|&old| new_of[old as usize])
            .min()
            .map_or(-1, |n| n as i32);
        assert_eq!(again[i], expected, "position {i} at {c:?}");
        differ += usize::from(claimed.len() > 1);
        if claimed.len() <= 1 {
            let back = if again[i] < 0 {
                -1
            } else {
                order[again[i] as usize] as i32
            };
            assert_eq!(back, base[i]);
        }
    }
    assert_eq!(summary.assigned, base_summary.assigned);
    assert_eq!(summary.boundary_ties, base_summary.boundary_ties);
    assert_eq!(differ, OVERLAPPING_SHUFFLE_POSITIONS);
}

/// Positions of the shuffle test claimed by two or more (overlapping) parcels.
const OVERLAPPING_SHUFFLE_POSITIONS: usize = 344;

#[test]
fn random_points_match_brute_force() {
    let parcels = load_parcels();
    let cells = one_cell_per_parcel(&parcels);
    let index = CellIndex::new(&cells);
    let mut rng = SplitMix(42);
    let (x0, y0, x1, y1) = (5.5430, 52.3145, 5.5705, 52.3300);
    let mut inside = 0;
    for _ in 0..3_000 {
        let (x, y) = (x0 + (x1 - x0) * rng.unit(), y0 + (y1 - y0) * rng.unit());
        let got = index.locate(x, y);
        assert_eq!(got, locate_brute_force(&cells, x, y), "({x}, {y})");
        inside += usize::from(got.is_some());
    }
    assert!(inside > 1_000, "{inside}");
}
