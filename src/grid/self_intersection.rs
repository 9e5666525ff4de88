//! Detection of proper crossings between the edges of a polygon's rings.
//!
//! A ring that touches itself (or another ring of its polygon) at a single point is accepted,
//! as the real Siming outline needs; two edges that cross, overlap along a line, or two
//! passages of the boundary that cross at a shared vertex are rejected.
//!
//! Predicates are exact (`geo`'s `RobustKernel`, Shewchuk's adaptive orientation test).
// The render-only wasm module keeps only the ring cleaning (see `check_polygon_rings`).
#![cfg_attr(
    not(any(feature = "grid", feature = "diagnostics")),
    allow(dead_code, unused_imports)
)]

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::Coord;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;
use std::collections::BTreeMap;

/// Where two rings (or one ring with itself) intersect improperly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Crossing {
    /// Ring number of the first edge.
    pub ring: u32,
    /// Ring number of the second edge.
    pub other_ring: u32,
    /// Approximate intersection point.
    pub at: Coord<f64>,
}

/// One edge: ring number, index of its start vertex in that ring's cyclic vertex list.
#[derive(Clone, Copy, Debug)]
struct Edge {
    ring: usize,
    start: usize,
}

/// A passage of the boundary through a touch point: a vertex, or the interior of an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Passage {
    Vertex { ring: usize, vertex: usize },
    Edge { ring: usize, start: usize },
}

fn orient(p: Coord<f64>, q: Coord<f64>, r: Coord<f64>) -> Orientation {
    RobustKernel::orient2d(p, q, r)
}

/// Whether `p`, known to be collinear with segment `a`–`b`, lies on the closed segment.
fn on_segment(a: Coord<f64>, b: Coord<f64>, p: Coord<f64>) -> bool {
    p.x >= a.x.min(b.x) && p.x <= a.x.max(b.x) && p.y >= a.y.min(b.y) && p.y <= a.y.max(b.y)
}

fn key(c: Coord<f64>) -> (u64, u64) {
    // +0.0 and -0.0 compare equal; give them one key.
    ((c.x + 0.0).to_bits(), (c.y + 0.0).to_bits())
}

/// Whether `b` is the tip of a zero-width spike `a → b → c`: the path turns back on itself
/// (`a`, `b`, `c` collinear and `a`, `c` on the same side of `b`), or `a == c`.
fn is_spike(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> bool {
    a == c
        || (orient(a, b, c) == Orientation::Collinear
            && RobustKernel::dot_product_sign(a - b, c - b) == Orientation::CounterClockwise)
}

/// The cyclic vertex list of a ring: without the closing position, consecutive duplicates or
/// the tips of zero-width spikes (`a → b → a`, or back along the same line), so that every
/// remaining corner encloses area on at least one side.
///
/// # Complexity
/// O(n): a stack pass, then a fix-up of spikes across the start of the ring.
pub(crate) fn cyclic_vertices(ring: &[Coord<f64>]) -> Vec<Coord<f64>> {
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(ring.len());
    let push = |out: &mut Vec<Coord<f64>>, c: Coord<f64>| {
        if out.last() == Some(&c) {
            return;
        }
        out.push(c);
        while out.len() >= 3 {
            let n = out.len();
            if !is_spike(out[n - 3], out[n - 2], out[n - 1]) {
                break;
            }
            out.remove(n - 2);
            if out.len() >= 2 && out[out.len() - 2] == out[out.len() - 1] {
                out.pop();
            }
        }
    };
    for &c in ring {
        push(&mut out, c);
    }
    // The ring is cyclic: remove the closing duplicate and spikes at the seam.
    loop {
        while out.len() > 1 && out.first() == out.last() {
            out.pop();
        }
        let n = out.len();
        if n < 3 {
            break;
        }
        if is_spike(out[n - 2], out[n - 1], out[0]) {
            out.pop();
        } else if is_spike(out[n - 1], out[0], out[1]) {
            out.remove(0);
        } else {
            break;
        }
    }
    out
}

/// Whether ray `r` from `p` lies strictly inside the counter-clockwise arc from ray `a` to ray
/// `b` (rays given by their far points). `r` must not point the same way as `a` or `b`.
fn in_arc(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>, r: Coord<f64>) -> bool {
    use Orientation::*;
    match orient(p, a, b) {
        CounterClockwise => {
            orient(p, a, r) == CounterClockwise && orient(p, r, b) == CounterClockwise
        }
        Clockwise => !(orient(p, b, r) == CounterClockwise && orient(p, r, a) == CounterClockwise),
        Collinear => orient(p, a, r) == CounterClockwise,
    }
}

/// Finds the first improper intersection among the rings of one polygon, or `None`.
///
/// `rings` are cyclic vertex lists (see [`cyclic_vertices`]), each with at least 3 vertices.
///
/// Most polygons have no crossing and no touch point: a uniform grid over the edges' bounding
/// boxes shows that cheaply ([`is_plainly_simple`]). Only otherwise are the pairs visited in
/// the order of an R-tree self-join, which decides which crossing is reported.
///
/// # Complexity
/// O(n log n + k) time for n edges and k pairs of edges with overlapping bounding boxes
/// (k is O(n) for ordinary boundaries, O(n²) at worst); O(n) memory.
pub(crate) fn find_crossing(rings: &[Vec<Coord<f64>>]) -> Option<Crossing> {
    if is_plainly_simple(rings) {
        return None;
    }
    find_crossing_in_rtree_order(rings)
}

/// The lesser of two numbers that are not NaN (the rings' coordinates are finite): `f64::min`
/// without its NaN rule, which wasm has no instruction for (it calls `fmin`).
fn lesser(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// The greater of two numbers that are not NaN (see [`lesser`]).
fn greater(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// The edges of `rings` in ring order, each with its bounding box `[min_x, min_y, max_x, max_y]`.
fn edges_with_boxes(rings: &[Vec<Coord<f64>>]) -> (Vec<Edge>, Vec<[f64; 4]>) {
    let n: usize = rings.iter().map(Vec::len).sum();
    let mut edges = Vec::with_capacity(n);
    let mut boxes = Vec::with_capacity(n);
    for (r, ring) in rings.iter().enumerate() {
        let n = ring.len();
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            boxes.push([
                lesser(a.x, b.x),
                lesser(a.y, b.y),
                greater(a.x, b.x),
                greater(a.y, b.y),
            ]);
            edges.push(Edge { ring: r, start: i });
        }
    }
    (edges, boxes)
}

/// Whether the rings certainly have no improper intersection: no pair of edges with
/// overlapping (closed) bounding boxes crosses, overlaps or touches apart from adjacent edges
/// meeting at their shared vertex. Each pair is classified by [`classify_pair`], as
/// [`find_crossing_in_rtree_order`] classifies the same set of pairs. `false` when a pair
/// crosses, any touch point is found (the touch points' passages are then weighed in R-tree
/// order), or the pairs are too many for this quick look.
///
/// Pairs are found in a uniform grid of about one bucket per edge over the rings' bbox (a
/// counting sort, no comparison sort): each edge is registered in the buckets its box overlaps,
/// and a pair is looked at in one bucket only, the one holding the lower-left corner of the
/// overlap of their boxes.
///
/// # Complexity
/// O(n) for n edges of ordinary rings; gives up (returns `false`) past O(n) registrations or
/// pairs looked at.
fn is_plainly_simple(rings: &[Vec<Coord<f64>>]) -> bool {
    let (edges, boxes) = edges_with_boxes(rings);
    let n = boxes.len();
    let Some(&first) = boxes.first() else {
        return true;
    };
    let bbox = boxes.iter().fold(first, |a, b| {
        [
            lesser(a[0], b[0]),
            lesser(a[1], b[1]),
            greater(a[2], b[2]),
            greater(a[3], b[3]),
        ]
    });
    let (w, h) = (bbox[2] - bbox[0], bbox[3] - bbox[1]);
    let aspect = if h > 0.0 { w / h } else { f64::INFINITY };
    let cols = ((n as f64 * aspect).sqrt().ceil() as usize).clamp(1, n);
    let rows = n.div_ceil(cols).clamp(1, n);
    // Monotone in the coordinate, so boxes that overlap share the bucket of their overlap's
    // lower-left corner.
    let bucket = |v: f64, lo: f64, extent: f64, k: usize| {
        if extent > 0.0 {
            (((v - lo) / extent * k as f64) as usize).min(k - 1)
        } else {
            0
        }
    };
    // Per edge: its first and last bucket column and row.
    let spans: Vec<[usize; 4]> = boxes
        .iter()
        .map(|b| {
            [
                bucket(b[0], bbox[0], w, cols),
                bucket(b[2], bbox[0], w, cols),
                bucket(b[1], bbox[1], h, rows),
                bucket(b[3], bbox[1], h, rows),
            ]
        })
        .collect();
    let budget = 8 * n + 64;
    let mut starts = vec![0u32; cols * rows + 1];
    let mut registrations = 0usize;
    for &[c0, c1, r0, r1] in &spans {
        registrations += (c1 - c0 + 1) * (r1 - r0 + 1);
        if registrations > budget {
            return false;
        }
        for r in r0..=r1 {
            for c in c0..=c1 {
                starts[r * cols + c + 1] += 1;
            }
        }
    }
    for k in 1..starts.len() {
        starts[k] += starts[k - 1];
    }
    let mut fill = starts.clone();
    let mut members = vec![0u32; registrations];
    for (e, &[c0, c1, r0, r1]) in spans.iter().enumerate() {
        for r in r0..=r1 {
            for c in c0..=c1 {
                let slot = &mut fill[r * cols + c];
                members[*slot as usize] = e as u32;
                *slot += 1;
            }
        }
    }
    let mut looked_at = 0usize;
    let mut touched = false;
    for k in 0..cols * rows {
        let list = &members[starts[k] as usize..starts[k + 1] as usize];
        for (i, &a) in list.iter().enumerate() {
            let (ba, sa) = (&boxes[a as usize], &spans[a as usize]);
            for &b in &list[i + 1..] {
                looked_at += 1;
                if looked_at > 4 * budget {
                    return false;
                }
                let (bb, sb) = (&boxes[b as usize], &spans[b as usize]);
                if sa[0].max(sb[0]) + sa[2].max(sb[2]) * cols != k
                    || bb[0] > ba[2]
                    || ba[0] > bb[2]
                    || bb[1] > ba[3]
                    || ba[1] > bb[3]
                {
                    continue;
                }
                // The R-tree join visits each pair once, the lower edge number first.
                let (ei, fi) = if a < b { (a, b) } else { (b, a) };
                let (e, f) = (edges[ei as usize], edges[fi as usize]);
                if classify_pair(rings, e, f, &mut |_, _| touched = true).is_some() || touched {
                    return false;
                }
            }
        }
    }
    true
}

/// [`find_crossing`] with the pairs of edges in the order of an R-tree self-join.
fn find_crossing_in_rtree_order(rings: &[Vec<Coord<f64>>]) -> Option<Crossing> {
    let (edges, _) = edges_with_boxes(rings);
    let boxes: Vec<_> = edges
        .iter()
        .enumerate()
        .map(|(k, e)| {
            let ring = &rings[e.ring];
            let (a, b) = (ring[e.start], ring[(e.start + 1) % ring.len()]);
            GeomWithData::new(Rectangle::from_corners([a.x, a.y], [b.x, b.y]), k)
        })
        .collect();

    let mut touches: BTreeMap<(u64, u64), (Coord<f64>, Vec<Passage>)> = BTreeMap::new();
    let mut touch = |p: Coord<f64>, passage: Passage| {
        let entry = touches.entry(key(p)).or_insert_with(|| (p, Vec::new()));
        if !entry.1.contains(&passage) {
            entry.1.push(passage);
        }
    };

    let tree = RTree::bulk_load(boxes);
    // Streamed, not collected: a pathological ring can have O(n²) candidate pairs. rstar's
    // traversal order depends only on the input, so the crossing reported is deterministic.
    let pairs = tree
        .intersection_candidates_with_other_tree(&tree)
        .filter(|(x, y)| x.data < y.data)
        .map(|(x, y)| (x.data, y.data));

    for (ei, fi) in pairs {
        if let Some(c) = classify_pair(rings, edges[ei], edges[fi], &mut touch) {
            return Some(c);
        }
    }

    // At each touch point, two passages of the boundary cross when their rays interleave.
    for (p, passages) in touches.values() {
        let rays: Vec<(usize, Coord<f64>, Coord<f64>)> = passages
            .iter()
            .map(|&passage| match passage {
                Passage::Vertex { ring, vertex } => {
                    let r = &rings[ring];
                    let n = r.len();
                    (ring, r[(vertex + n - 1) % n], r[(vertex + 1) % n])
                }
                Passage::Edge { ring, start } => {
                    let r = &rings[ring];
                    (ring, r[start], r[(start + 1) % r.len()])
                }
            })
            .collect();
        for i in 0..rays.len() {
            for j in i + 1..rays.len() {
                let (ri, a1, b1) = rays[i];
                let (rj, a2, b2) = rays[j];
                if in_arc(*p, a1, b1, a2) != in_arc(*p, a1, b1, b2) {
                    return Some(Crossing {
                        ring: ri.min(rj) as u32,
                        other_ring: ri.max(rj) as u32,
                        at: *p,
                    });
                }
            }
        }
    }
    None
}

/// Classifies one pair of edges whose bounding boxes overlap, `e` the lower edge number:
/// `Some` when they cross properly or overlap along a line; otherwise each point where they
/// touch (other than adjacent edges' shared vertex) is passed to `touch` with the passages of
/// the boundary through it.
fn classify_pair(
    rings: &[Vec<Coord<f64>>],
    e: Edge,
    f: Edge,
    touch: &mut impl FnMut(Coord<f64>, Passage),
) -> Option<Crossing> {
    let ends = |e: Edge| {
        let ring = &rings[e.ring];
        (ring[e.start], ring[(e.start + 1) % ring.len()])
    };
    let adjacent = |e: Edge, f: Edge| {
        if e.ring != f.ring {
            return false;
        }
        let n = rings[e.ring].len();
        (e.start + 1) % n == f.start || (f.start + 1) % n == e.start
    };
    let crossing = |e: Edge, f: Edge, at: Coord<f64>| Crossing {
        ring: e.ring.min(f.ring) as u32,
        other_ring: e.ring.max(f.ring) as u32,
        at,
    };
    let (p1, p2) = ends(e);
    let (q1, q2) = ends(f);
    let o1 = orient(p1, p2, q1);
    let o2 = orient(p1, p2, q2);
    use Orientation::Collinear;
    if o1 == Collinear && o2 == Collinear {
        // Collinear: project on the dominant axis and measure the overlap.
        let horizontal = (p2.x - p1.x).abs() >= (p2.y - p1.y).abs();
        let proj = |c: Coord<f64>| if horizontal { c.x } else { c.y };
        let lo = proj(p1).min(proj(p2)).max(proj(q1).min(proj(q2)));
        let hi = proj(p1).max(proj(p2)).min(proj(q1).max(proj(q2)));
        if lo < hi {
            let mid = if on_segment(q1, q2, p1) { p1 } else { q1 };
            return Some(crossing(e, f, mid));
        }
        if lo > hi || adjacent(e, f) {
            return None;
        }
        // They touch at one shared endpoint.
        for (c, edge) in [(p1, e), (p2, e)] {
            if c == q1 || c == q2 {
                let vertex = if c == p1 {
                    edge.start
                } else {
                    (edge.start + 1) % rings[edge.ring].len()
                };
                touch(
                    c,
                    Passage::Vertex {
                        ring: edge.ring,
                        vertex,
                    },
                );
                let fv = if c == q1 {
                    f.start
                } else {
                    (f.start + 1) % rings[f.ring].len()
                };
                touch(
                    c,
                    Passage::Vertex {
                        ring: f.ring,
                        vertex: fv,
                    },
                );
            }
        }
        return None;
    }
    if adjacent(e, f) {
        // Non-collinear adjacent edges meet only at their shared vertex. (Their shared vertex
        // makes `o1` or `o2` collinear, so they never reach the crossing test below: the most
        // common pair is settled with two orientation tests, not four.)
        return None;
    }
    let o3 = orient(q1, q2, p1);
    let o4 = orient(q1, q2, p2);
    if o1 != Collinear && o2 != Collinear && o3 != Collinear && o4 != Collinear {
        if o1 != o2 && o3 != o4 {
            // Proper crossing: report the intersection point.
            let d = (p2.x - p1.x) * (q2.y - q1.y) - (p2.y - p1.y) * (q2.x - q1.x);
            let t = ((q1.x - p1.x) * (q2.y - q1.y) - (q1.y - p1.y) * (q2.x - q1.x)) / d;
            let at = if t.is_finite() {
                Coord {
                    x: p1.x + t * (p2.x - p1.x),
                    y: p1.y + t * (p2.y - p1.y),
                }
            } else {
                p1
            };
            return Some(crossing(e, f, at));
        }
        return None;
    }
    // Touching: an endpoint of one edge lies on the other.
    let n_e = rings[e.ring].len();
    let n_f = rings[f.ring].len();
    let e_vertex = |c: Coord<f64>| {
        if c == p1 {
            e.start
        } else {
            (e.start + 1) % n_e
        }
    };
    let f_vertex = |c: Coord<f64>| {
        if c == q1 {
            f.start
        } else {
            (f.start + 1) % n_f
        }
    };
    for (o, c) in [(o1, q1), (o2, q2)] {
        if o == Collinear && on_segment(p1, p2, c) {
            touch(
                c,
                Passage::Vertex {
                    ring: f.ring,
                    vertex: f_vertex(c),
                },
            );
            if c == p1 || c == p2 {
                touch(
                    c,
                    Passage::Vertex {
                        ring: e.ring,
                        vertex: e_vertex(c),
                    },
                );
            } else {
                touch(
                    c,
                    Passage::Edge {
                        ring: e.ring,
                        start: e.start,
                    },
                );
            }
        }
    }
    for (o, c) in [(o3, p1), (o4, p2)] {
        if o == Collinear && on_segment(q1, q2, c) {
            touch(
                c,
                Passage::Vertex {
                    ring: e.ring,
                    vertex: e_vertex(c),
                },
            );
            if c == q1 || c == q2 {
                touch(
                    c,
                    Passage::Vertex {
                        ring: f.ring,
                        vertex: f_vertex(c),
                    },
                );
            } else {
                touch(
                    c,
                    Passage::Edge {
                        ring: f.ring,
                        start: f.start,
                    },
                );
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(v: &[(f64, f64)]) -> Vec<Coord<f64>> {
        cyclic_vertices(&v.iter().map(|&(x, y)| Coord { x, y }).collect::<Vec<_>>())
    }

    #[test]
    fn square_is_clean() {
        let r = ring(&[(0., 0.), (1., 0.), (1., 1.), (0., 1.), (0., 0.)]);
        assert_eq!(find_crossing(&[r]), None);
    }

    #[test]
    fn bow_tie_crosses() {
        let r = ring(&[(0., 0.), (1., 1.), (1., 0.), (0., 1.), (0., 0.)]);
        let c = find_crossing(&[r]).unwrap();
        assert_eq!((c.at.x, c.at.y), (0.5, 0.5));
    }

    #[test]
    fn touching_lobes_at_a_vertex_are_accepted() {
        // Two triangles meeting at (1, 1), both counter-clockwise.
        let r = ring(&[
            (0., 0.),
            (1., 1.),
            (2., 0.),
            (2., 2.),
            (1., 1.),
            (0., 2.),
            (0., 0.),
        ]);
        assert_eq!(find_crossing(&[r]), None);
    }

    #[test]
    fn crossing_through_a_shared_vertex_is_rejected() {
        let r = ring(&[
            (0., 0.),
            (1., 1.),
            (2., 2.),
            (2., 0.),
            (1., 1.),
            (0., 2.),
            (0., 0.),
        ]);
        let c = find_crossing(&[r]).unwrap();
        assert_eq!((c.at.x, c.at.y), (1., 1.));
    }

    #[test]
    fn vertex_touching_an_edge_is_accepted() {
        // The ring comes back to touch its bottom edge at (2, 0) from above.
        let r = ring(&[
            (0., 0.),
            (4., 0.),
            (4., 3.),
            (3., 3.),
            (2., 0.),
            (1., 3.),
            (0., 3.),
            (0., 0.),
        ]);
        assert_eq!(find_crossing(&[r]), None);
    }

    #[test]
    fn vertex_crossing_through_an_edge_is_rejected() {
        // The ring passes through (2, 0) on the bottom edge and continues below it.
        let r = ring(&[
            (0., 0.),
            (4., 0.),
            (4., 3.),
            (3., 3.),
            (2., 0.),
            (2., -1.),
            (1., 3.),
            (0., 3.),
            (0., 0.),
        ]);
        assert!(find_crossing(&[r]).is_some());
    }

    #[test]
    fn spikes_are_removed() {
        // An antenna (2,2) → (2,3) → (2,2) → (3,2) → (2,2) and a spike (0,2) → (-1,2) → (0,2).
        let r = ring(&[
            (0., 0.),
            (2., 0.),
            (2., 2.),
            (2., 3.),
            (2., 2.),
            (3., 2.),
            (2., 2.),
            (0., 2.),
            (-1., 2.),
            (0., 2.),
            (0., 0.),
        ]);
        let expect: Vec<Coord<f64>> = [(0., 0.), (2., 0.), (2., 2.), (0., 2.)]
            .iter()
            .map(|&(x, y)| Coord { x, y })
            .collect();
        assert_eq!(r, expect);
        assert_eq!(find_crossing(&[r]), None);
        // A spike back along an edge, not to the same point, is removed too.
        let r = ring(&[
            (0., 0.),
            (2., 0.),
            (2., 2.),
            (2., 3.),
            (2., 1.),
            (0., 2.),
            (0., 0.),
        ]);
        assert_eq!(r.len(), 4);
        // Spikes across the seam of the ring.
        let seam = ring(&[
            (1., 0.),
            (0., 0.),
            (2., 0.),
            (2., 2.),
            (0., 2.),
            (0., 0.),
            (1., 0.),
        ]);
        // (1, 0) remains as a straight-through vertex on the bottom edge.
        assert_eq!(seam.len(), 5);
        assert_eq!(seam[0], Coord { x: 1., y: 0. });
        assert_eq!(find_crossing(&[seam]), None);
        // A ring that is all spike has fewer than 3 corners left.
        assert!(ring(&[(0., 0.), (1., 0.), (2., 0.), (1., 0.), (0., 0.)]).len() < 3);
    }

    #[test]
    fn retraced_edge_is_rejected() {
        // Edges (2,0)→(2,2) and, later, (2,1)→(2,0) overlap along a line (not a spike).
        let r = ring(&[
            (0., 0.),
            (2., 0.),
            (2., 2.),
            (3., 2.),
            (3., 1.),
            (2., 1.),
            (2., 0.),
            (4., 0.),
            (4., 4.),
            (0., 4.),
            (0., 0.),
        ]);
        assert!(find_crossing(&[r]).is_some());
    }

    #[test]
    fn the_quick_look_agrees_with_the_rtree_order() {
        // Random rings on a small lattice (so with many collinear edges, shared vertices and
        // touches), one or two per polygon, from a fixed seed: find_crossing (the bucket grid
        // first) reports what the R-tree order alone reports. Also long rings on a larger
        // lattice, and random walks that seldom cross (for the grid's positive answers).
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let (mut crossing, mut simple, mut quick) = (0, 0, 0);
        for round in 0..30_000 {
            let (len, lattice) = match round % 3 {
                0 => (3 + next(6), 5),
                1 => (10 + next(40), 20),
                _ => (4 + next(60), 1000),
            };
            let rings: Vec<Vec<Coord<f64>>> = (0..1 + next(2))
                .map(|_| {
                    let (mut x, mut y) = (next(lattice) as f64, next(lattice) as f64);
                    let mut v: Vec<(f64, f64)> = (0..len)
                        .map(|_| {
                            if lattice == 1000 {
                                // a short step of a walk
                                x += next(21) as f64 - 10.0;
                                y += next(21) as f64 - 10.0;
                                (x, y)
                            } else {
                                (next(lattice) as f64, next(lattice) as f64)
                            }
                        })
                        .collect();
                    v.push(v[0]);
                    ring(&v)
                })
                .filter(|r| r.len() >= 3)
                .collect();
            if rings.is_empty() {
                continue;
            }
            let expect = find_crossing_in_rtree_order(&rings);
            assert_eq!(find_crossing(&rings), expect, "{rings:?}");
            if expect.is_some() {
                crossing += 1;
            } else {
                simple += 1;
                quick += usize::from(is_plainly_simple(&rings));
            }
        }
        assert!(crossing > 1000 && simple > 1000, "{crossing} {simple}");
        assert!(
            quick > 1000,
            "{quick} of {simple} simple ones seen by the quick look"
        );
        // A plainly simple ring is seen as such by the quick look.
        let square = ring(&[(0., 0.), (1., 0.), (1., 1.), (0., 1.), (0., 0.)]);
        assert!(is_plainly_simple(&[square]));
    }

    #[test]
    fn hole_crossing_the_exterior_is_rejected_touching_is_not() {
        let shell = ring(&[(0., 0.), (4., 0.), (4., 4.), (0., 4.), (0., 0.)]);
        let touching = ring(&[(0., 2.), (2., 1.), (2., 3.), (0., 2.)]);
        assert_eq!(find_crossing(&[shell.clone(), touching]), None);
        let crossing = ring(&[(-1., 2.), (2., 1.), (2., 3.), (-1., 2.)]);
        let c = find_crossing(&[shell, crossing]).unwrap();
        assert_eq!((c.ring, c.other_ring), (0, 1));
    }
}
