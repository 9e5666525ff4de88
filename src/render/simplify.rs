//! Topology-preserving simplification: shared arcs are found once, simplified once, and every
//! cell's rings are rebuilt from them, so neighbours never open gaps or slivers.
//!
//! Arcs are maximal chains of edges between junctions, as in TopoJSON (M. Bostock, 2012): a
//! vertex is a junction when it has other than exactly two distinct neighbours in the edge
//! graph of all rings, or when a ring passes it twice. Each arc is simplified with
//! Douglas–Peucker (Douglas, Peucker 1973) keeping its end points, in world units at a
//! tolerance chosen from the zoom.

use crate::math::SameBits;
use std::collections::HashMap as StdHashMap;

/// A hash map with a fast, fixed-seed hasher (foldhash): the keys are vertex and edge ids and
/// coordinate bits, and nothing iterates a map in an order that could reach the output.
type HashMap<K, V> = StdHashMap<K, V, foldhash::fast::FixedState>;

use super::geometry::ProjCell;

mod dissolve;

/// One cell's rings at a simplification level: parts → rings (exterior first) → vertices.
pub(crate) type CellRings = Vec<Vec<Vec<[f64; 2]>>>;

/// A reference from a ring to an arc, possibly walked backwards.
#[derive(Clone, Copy, Debug)]
struct ArcRef {
    arc: u32,
    reversed: bool,
}

/// The arcs of a set of cells and how each ring is made of them.
#[derive(Clone, Debug)]
pub(crate) struct Topology {
    vertices: Vec<[f64; 2]>,
    arcs: Vec<Vec<u32>>,
    /// per arc vertex: the largest squared tolerance at which Douglas–Peucker keeps it
    importance: Vec<Vec<f64>>,
    /// cell → part → ring → arcs in order
    rings: Vec<Vec<Vec<Vec<ArcRef>>>>,
}

/// How close (world units) a vertex must be to another ring's edge to be inserted into it:
/// 1e-9 world units ≈ 4 cm on the ground at the equator (≈ 3.6 cm at Xiamen).
const T_JUNCTION_EPS: f64 = 1e-9;

/// Inserts into every ring edge the vertices (of any ring) lying on it within `eps`, strictly
/// between its ends: a T-junction, where a vertex of one cell lies on its neighbour's edge
/// without being a vertex there, becomes a shared vertex, so both sides get the same arcs.
/// Returns the number of insertions.
fn node_t_junctions(vertices: &[[f64; 2]], rings: &mut [Vec<Vec<Vec<u32>>>], eps: f64) -> usize {
    use super::pick::Entry;
    use rstar::primitives::{GeomWithData, Rectangle};
    use rstar::{RTree, AABB};
    // Only edges walked once can host a T-junction, and only their end points can be one:
    // in a clean tessellation that is the outline, so this stays cheap.
    let ekey = |a: u32, b: u32| if a < b { (a, b) } else { (b, a) };
    let mut uses: HashMap<(u32, u32), u32> = HashMap::default();
    for ring in rings.iter().flatten().flatten() {
        let m = ring.len();
        for i in 0..m {
            *uses.entry(ekey(ring[i], ring[(i + 1) % m])).or_insert(0) += 1;
        }
    }
    let mut candidate = vec![false; vertices.len()];
    for (&(a, b), &n) in &uses {
        if n == 1 {
            candidate[a as usize] = true;
            candidate[b as usize] = true;
        }
    }
    // the same entry type as the pick index: one rstar instantiation in the wasm
    let tree: RTree<Entry> = RTree::bulk_load(
        vertices
            .iter()
            .enumerate()
            .filter(|(i, _)| candidate[*i])
            .map(|(i, &p)| GeomWithData::new(Rectangle::from_corners(p, p), (i as u32, 0)))
            .collect(),
    );
    let eps2 = eps * eps;
    let mut inserted = 0;
    let mut on: Vec<(f64, u32)> = Vec::new();
    for ring in rings.iter_mut().flatten().flatten() {
        let m = ring.len();
        if m < 3 {
            continue;
        }
        let mut out: Vec<u32> = Vec::with_capacity(m);
        let mut changed = false;
        for i in 0..m {
            let (a, b) = (ring[i], ring[(i + 1) % m]);
            out.push(a);
            if uses.get(&ekey(a, b)) != Some(&1) {
                continue;
            }
            let (pa, pb) = (vertices[a as usize], vertices[b as usize]);
            let env = AABB::from_corners(
                [pa[0].min(pb[0]) - eps, pa[1].min(pb[1]) - eps],
                [pa[0].max(pb[0]) + eps, pa[1].max(pb[1]) + eps],
            );
            let (dx, dy) = (pb[0] - pa[0], pb[1] - pa[1]);
            let l2 = dx * dx + dy * dy;
            if l2 <= 0.0 || !l2.is_finite() {
                continue;
            }
            on.clear();
            for e in tree.locate_in_envelope_intersecting(&env) {
                let id = e.data.0;
                if id == a || id == b {
                    continue;
                }
                let p = vertices[id as usize];
                let t = ((p[0] - pa[0]) * dx + (p[1] - pa[1]) * dy) / l2;
                if t <= 0.0 || t >= 1.0 {
                    continue;
                }
                let (ex, ey) = (pa[0] + t * dx - p[0], pa[1] + t * dy - p[1]);
                if ex * ex + ey * ey <= eps2 {
                    on.push((t, id));
                }
            }
            if !on.is_empty() {
                super::order::insertion_sort_by(&mut on, |x, y| {
                    x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)).is_lt()
                });
                on.dedup_by_key(|x| x.1);
                out.extend(on.iter().map(|x| x.1));
                inserted += on.len();
                changed = true;
            }
        }
        if changed {
            *ring = out;
        }
    }
    inserted
}

fn key(p: [f64; 2]) -> (u64, u64) {
    // +0.0 and -0.0 are the same point
    ((p[0] + 0.0).to_bits(), (p[1] + 0.0).to_bits())
}

impl Topology {
    /// Builds the arcs.
    ///
    /// # Complexity
    /// O(V) expected (hashing) for V vertices in all rings.
    pub(crate) fn new(cells: &[ProjCell]) -> Self {
        let mut ids: HashMap<(u64, u64), u32> = HashMap::default();
        let mut vertices: Vec<[f64; 2]> = Vec::new();
        // rings as vertex ids
        let mut id_rings: Vec<Vec<Vec<Vec<u32>>>> = Vec::with_capacity(cells.len());
        for c in cells {
            let mut parts = Vec::with_capacity(c.parts.len());
            for p in &c.parts {
                let mut rings = Vec::with_capacity(p.rings.len());
                for r in &p.rings {
                    let mut ring: Vec<u32> = Vec::with_capacity(r.len());
                    for &v in r {
                        let next = vertices.len() as u32;
                        let id = *ids.entry(key(v)).or_insert_with(|| {
                            vertices.push(v);
                            next
                        });
                        if ring.last() != Some(&id) {
                            ring.push(id);
                        }
                    }
                    while ring.len() > 1 && ring.first() == ring.last() {
                        ring.pop();
                    }
                    rings.push(ring);
                }
                parts.push(rings);
            }
            id_rings.push(parts);
        }
        node_t_junctions(&vertices, &mut id_rings, T_JUNCTION_EPS);
        // neighbours (up to 3 distinct are enough to know "not 2")
        let n = vertices.len();
        let mut nb: Vec<[u32; 3]> = vec![[u32::MAX; 3]; n];
        let mut junction = vec![false; n];
        let add = |a: u32, b: u32, nb: &mut Vec<[u32; 3]>| {
            let s = &mut nb[a as usize];
            if s.contains(&b) {
                return;
            }
            if let Some(slot) = s.iter_mut().find(|x| **x == u32::MAX) {
                *slot = b;
            }
        };
        // the last ring each vertex was seen in (a vertex met twice in one ring is a junction):
        // a stamp per vertex rather than a set cleared per ring
        let mut seen_in_ring = vec![u32::MAX; n];
        let mut ring_no = 0u32;
        for parts in &id_rings {
            for rings in parts {
                for ring in rings {
                    let m = ring.len();
                    if m < 3 {
                        continue;
                    }
                    ring_no += 1;
                    for i in 0..m {
                        let a = ring[i];
                        let b = ring[(i + 1) % m];
                        add(a, b, &mut nb);
                        add(b, a, &mut nb);
                        if std::mem::replace(&mut seen_in_ring[a as usize], ring_no) == ring_no {
                            junction[a as usize] = true;
                        }
                    }
                }
            }
        }
        for (v, s) in nb.iter().enumerate() {
            if s[1] == u32::MAX || s[2] != u32::MAX {
                junction[v] = true;
            }
        }
        let mut arcs: Vec<Vec<u32>> = Vec::new();
        let mut arc_ids: HashMap<(u32, u32), u32> = HashMap::default();
        let mut out_rings = Vec::with_capacity(id_rings.len());
        for parts in &id_rings {
            let mut out_parts = Vec::with_capacity(parts.len());
            for rings in parts {
                let mut out_ring_list = Vec::with_capacity(rings.len());
                for ring in rings {
                    let m = ring.len();
                    if m < 3 {
                        out_ring_list.push(Vec::new());
                        continue;
                    }
                    let start = (0..m)
                        .find(|&i| junction[ring[i] as usize])
                        .unwrap_or_else(|| {
                            // a ring without junctions: start at its least vertex, which every ring
                            // with the same vertices also picks
                            (0..m)
                                .min_by(|&i, &j| {
                                    let (a, b) =
                                        (vertices[ring[i] as usize], vertices[ring[j] as usize]);
                                    a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1]))
                                })
                                .unwrap_or(0)
                        });
                    let mut refs = Vec::new();
                    let mut chain = vec![ring[start]];
                    for step in 1..=m {
                        let v = ring[(start + step) % m];
                        chain.push(v);
                        if step == m || junction[v as usize] {
                            let c = std::mem::replace(&mut chain, vec![v]);
                            refs.push(Self::intern(&mut arcs, &mut arc_ids, c));
                        }
                    }
                    out_ring_list.push(refs);
                }
                out_parts.push(out_ring_list);
            }
            out_rings.push(out_parts);
        }
        let importance = arcs.iter().map(|a| dp_importance(&vertices, a)).collect();
        Topology {
            vertices,
            arcs,
            importance,
            rings: out_rings,
        }
    }

    fn intern(
        arcs: &mut Vec<Vec<u32>>,
        arc_ids: &mut HashMap<(u32, u32), u32>,
        chain: Vec<u32>,
    ) -> ArcRef {
        let l = chain.len();
        let fwd = (chain[0], chain[1]);
        let rev = (chain[l - 1], chain[l - 2]);
        let canonical = fwd.min(rev);
        let reversed = canonical != fwd;
        let arc = *arc_ids.entry(canonical).or_insert_with(|| {
            let mut c = chain;
            if reversed {
                c.reverse();
            }
            arcs.push(c);
            (arcs.len() - 1) as u32
        });
        ArcRef { arc, reversed }
    }

    /// Number of arcs.
    pub(crate) fn arc_count(&self) -> usize {
        self.arcs.len()
    }

    /// The cells (slots) whose rings walk each arc, ascending, each once: one for an outline
    /// arc, two between neighbours, more where nested levels share a boundary.
    pub(crate) fn arc_cells(&self) -> Vec<Vec<u32>> {
        let mut users: Vec<Vec<u32>> = vec![Vec::new(); self.arcs.len()];
        for (ci, parts) in self.rings.iter().enumerate() {
            for r in parts.iter().flatten().flatten() {
                let u = &mut users[r.arc as usize];
                if u.last() != Some(&(ci as u32)) {
                    u.push(ci as u32);
                }
            }
        }
        for u in &mut users {
            // (a few cells an arc: an insertion sort, no sort instantiation of its own)
            super::order::insertion_sort_by(u, |a, b| a < b);
            u.dedup();
        }
        users
    }

    /// Every arc simplified at `tolerance` (world units), as a polyline; end points kept.
    pub(crate) fn simplified_arcs(&self, tolerance: f64) -> Vec<Vec<[f64; 2]>> {
        let tol2 = if tolerance.is_finite() && tolerance > 0.0 {
            tolerance * tolerance
        } else {
            -1.0
        };
        self.arcs
            .iter()
            .zip(&self.importance)
            .map(|(a, imp)| {
                a.iter()
                    .zip(imp)
                    .filter_map(|(&id, &w)| (w > tol2).then_some(self.vertices[id as usize]))
                    .collect()
            })
            .collect()
    }

    /// Simplifies every arc once at `tolerance` (world units) and rebuilds the rings. Rings
    /// that collapse below 3 vertices are dropped (a part whose exterior collapses is dropped).
    pub(crate) fn simplify(&self, tolerance: f64) -> Vec<CellRings> {
        let tol2 = if tolerance.is_finite() && tolerance > 0.0 {
            tolerance * tolerance
        } else {
            -1.0 // keep every vertex
        };
        // Douglas–Peucker at any tolerance is a filter on the precomputed importance
        let simplified: Vec<Vec<u32>> = self
            .arcs
            .iter()
            .zip(&self.importance)
            .map(|(a, imp)| {
                a.iter()
                    .zip(imp)
                    .filter_map(|(&id, &w)| (w > tol2).then_some(id))
                    .collect()
            })
            .collect();
        self.rings
            .iter()
            .map(|parts| {
                let mut out_parts = Vec::with_capacity(parts.len());
                for rings in parts {
                    let mut out_rings: Vec<Vec<[f64; 2]>> = Vec::with_capacity(rings.len());
                    for (ri, refs) in rings.iter().enumerate() {
                        let mut pts: Vec<[f64; 2]> = Vec::new();
                        for r in refs {
                            let a = &simplified[r.arc as usize];
                            let mut push = |id: &u32| {
                                let p = self.vertices[*id as usize];
                                if pts.last() != Some(&p) {
                                    pts.push(p);
                                }
                            };
                            if r.reversed {
                                a.iter().rev().for_each(&mut push);
                            } else {
                                a.iter().for_each(&mut push);
                            }
                        }
                        while pts.len() > 1 && pts.first() == pts.last() {
                            pts.pop();
                        }
                        if pts.len() >= 3 {
                            out_rings.push(pts);
                        } else if ri == 0 {
                            break;
                        }
                    }
                    if !out_rings.is_empty() {
                        out_parts.push(out_rings);
                    }
                }
                out_parts
            })
            .collect()
    }
}

/// One cell after simplification: parts → rings (exterior first) → vertices.
///
/// # Units
/// Web Mercator world units (unit square, y-down); rings open (first vertex not repeated).
pub type SimplifiedCell = (u32, Vec<Vec<Vec<[f64; 2]>>>);

/// The shared arcs of a tessellation, for topology-preserving simplification.
///
/// Each maximal chain of edges shared by the same rings (or on the outline) is one arc; arcs
/// are simplified once and every ring is rebuilt from them, so two neighbours always keep the
/// same vertices along their common boundary, in opposite directions — no gaps, no slivers.
///
/// Source: arcs and junctions as in TopoJSON (M. Bostock, 2012); line simplification by
/// Douglas–Peucker (D. Douglas, T. Peucker, "Algorithms for the reduction of the number of
/// points…", The Canadian Cartographer 10(2), 1973).
///
/// A vertex of one cell lying on an edge of its neighbour without being a vertex there (a
/// T-junction, common where community borders meet) is first inserted into that edge (within
/// 1e-9 world units, ≈ 4 cm), so both sides share it.
///
/// # Limits
/// Douglas–Peucker on separate arcs can still make two arcs cross at coarse tolerances
/// (no gap opens, but a small overlap can); the tolerance is kept at ½–1 device px.
#[derive(Clone, Debug)]
pub struct SharedArcs {
    cells: Vec<super::geometry::ProjCell>,
    topology: Topology,
}

impl SharedArcs {
    /// Projects the cells to Web Mercator and finds their arcs.
    ///
    /// # Units
    /// Polygons in `[lng, lat]` degrees.
    ///
    /// # Errors
    /// [`super::RenderError::DuplicateCell`] when a cell number repeats. Invalid vertices and
    /// degenerate rings are dropped.
    ///
    /// # Complexity
    /// O(V) expected for V vertices.
    pub fn new(cells: &[(u32, Vec<geo::Polygon<f64>>)]) -> Result<Self, super::RenderError> {
        let (cells, _) = super::geometry::project_cells(cells)?;
        let topology = Topology::new(&cells);
        Ok(SharedArcs { cells, topology })
    }

    /// Number of distinct arcs.
    ///
    /// # Errors
    /// None.
    pub fn arc_count(&self) -> usize {
        self.topology.arc_count()
    }

    /// The projected rings before simplification.
    ///
    /// # Units
    /// World units, as [`SimplifiedCell`].
    ///
    /// # Errors
    /// None.
    pub fn original(&self) -> Vec<SimplifiedCell> {
        self.cells
            .iter()
            .map(|c| (c.number, c.parts.iter().map(|p| p.rings.clone()).collect()))
            .collect()
    }

    /// Simplifies every arc once with tolerance `tolerance` and rebuilds every cell. Rings that
    /// collapse below 3 vertices are dropped.
    ///
    /// # Units
    /// `tolerance` in world units (1 world unit = 256 · 2^zoom CSS px); output as
    /// [`SimplifiedCell`].
    ///
    /// # Errors
    /// None (a non-finite or negative tolerance means no simplification).
    pub fn simplify(&self, tolerance: f64) -> Vec<SimplifiedCell> {
        self.topology
            .simplify(tolerance)
            .into_iter()
            .zip(&self.cells)
            .map(|(r, c)| (c.number, r))
            .collect()
    }
}

fn seg_dist2(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let l2 = dx * dx + dy * dy;
    let t = if l2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (x, y) = (a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
    x * x + y * y
}

/// For each vertex of a chain, the largest squared tolerance at which Douglas–Peucker keeps
/// it (∞ for the ends): its split distance, capped by its ancestors' in the split tree. Then
/// `douglas_peucker(chain, t)` keeps exactly the vertices with importance `> t`, so every zoom
/// level is a linear filter. Iterative (no recursion depth limit).
///
/// # Complexity
/// O(n log n) typical, O(n²) worst case, once per arc.
fn dp_importance(v: &[[f64; 2]], chain: &[u32]) -> Vec<f64> {
    let n = chain.len();
    let mut imp = vec![f64::INFINITY; n];
    if n <= 2 {
        return imp;
    }
    let mut stack = vec![(0usize, n - 1, f64::INFINITY)];
    while let Some((s, e, cap)) = stack.pop() {
        if e <= s + 1 {
            continue;
        }
        let (a, b) = (v[chain[s] as usize], v[chain[e] as usize]);
        let mut best = -1.0;
        let mut idx = s + 1;
        for (i, &id) in chain.iter().enumerate().take(e).skip(s + 1) {
            let d = seg_dist2(v[id as usize], a, b);
            if d > best {
                best = d;
                idx = i;
            }
        }
        let w = best.min(cap);
        imp[idx] = w;
        stack.push((s, idx, w));
        stack.push((idx, e, w));
    }
    imp
}

/// Douglas–Peucker on a chain of vertex ids, keeping both ends; `tol2` is the squared
/// tolerance. Iterative. The reference for [`dp_importance`].
#[cfg(test)]
fn douglas_peucker(v: &[[f64; 2]], chain: &[u32], tol2: f64) -> Vec<u32> {
    let n = chain.len();
    if n <= 2 || tol2 <= 0.0 {
        return chain.to_vec();
    }
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0usize, n - 1)];
    while let Some((s, e)) = stack.pop() {
        if e <= s + 1 {
            continue;
        }
        let (a, b) = (v[chain[s] as usize], v[chain[e] as usize]);
        let mut best = -1.0;
        let mut idx = s;
        for (i, &id) in chain.iter().enumerate().take(e).skip(s + 1) {
            let d = seg_dist2(v[id as usize], a, b);
            if d > best {
                best = d;
                idx = i;
            }
        }
        if best > tol2 {
            keep[idx] = true;
            stack.push((s, idx));
            stack.push((idx, e));
        }
    }
    chain
        .iter()
        .zip(keep)
        .filter_map(|(&id, k)| k.then_some(id))
        .collect()
}

/// The world-unit tolerance of simplification level `level`: half a device pixel at zoom
/// `level` (so between ½ and 1 device px at zooms in `[level, level + 1)`).
pub(crate) fn level_tolerance(level: i32) -> f64 {
    0.5 / (super::viewport::TILE_SIZE_CSS * f64::from(level).exp2_())
}

/// The simplification level for a zoom and device pixel ratio.
pub(crate) fn level_for(zoom: f64, device_pixel_ratio: f64) -> i32 {
    let l = (zoom + device_pixel_ratio.log2_()).floor();
    if l.is_finite() {
        l.clamp(0.0, 34.0) as i32
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::super::geometry::project_cells;
    use super::*;
    use crate::render::square as sq;
    use geo::{LineString, Polygon};

    #[test]
    fn two_squares_share_one_arc() {
        let (cells, _) =
            project_cells(&[(1, vec![sq(0.0, 0.0, 1.0)]), (2, vec![sq(1.0, 0.0, 1.0)])]).unwrap();
        let t = Topology::new(&cells);
        // junctions: (1,0) and (1,1); arcs: shared edge, left outline, right outline
        assert_eq!(t.arc_count(), 3);
        let r = t.simplify(0.0);
        assert_eq!(r[0][0][0].len(), 4);
    }

    #[test]
    fn ring_without_junctions_and_its_hole_filler_agree() {
        let outer = Polygon::new(
            LineString::from(vec![(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]),
            vec![LineString::from(vec![
                (1.0, 1.0),
                (1.0, 3.0),
                (3.0, 3.0),
                (3.0, 1.0),
            ])],
        );
        let inner = sq(1.0, 1.0, 2.0);
        let (cells, _) = project_cells(&[(1, vec![outer]), (2, vec![inner])]).unwrap();
        let t = Topology::new(&cells);
        assert_eq!(t.arc_count(), 2);
    }

    #[test]
    fn t_junctions_are_noded() {
        // A's right edge (1,0)-(1,2) carries the corner (1,1) of B and C without a vertex there
        let ring = |v: &[(f64, f64)]| Polygon::new(LineString::from(v.to_vec()), vec![]);
        let a = ring(&[(0.0, 0.0), (1.0, 0.0), (1.0, 2.0), (0.0, 2.0)]);
        let b = ring(&[(1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0)]);
        let c = ring(&[(1.0, 1.0), (2.0, 1.0), (2.0, 2.0), (1.0, 2.0)]);
        let (cells, _) = project_cells(&[(1, vec![a]), (2, vec![b]), (3, vec![c])]).unwrap();
        let t = Topology::new(&cells);
        let r = t.simplify(0.0);
        let mid = super::super::viewport::mercator_from_lnglat([1.0, 1.0]);
        assert!(r[0][0][0].contains(&mid), "{:?}", r[0][0][0]);
        // at a tolerance that flattens everything, A still meets B and C at the junction
        let r = t.simplify(1.0);
        assert!(r[0].is_empty() || r[0][0][0].contains(&mid));
        // shared arcs: A|B, A|C, B|C, and three outline arcs
        assert_eq!(t.arc_count(), 6);
    }

    #[test]
    fn douglas_peucker_keeps_ends() {
        let v: Vec<[f64; 2]> = (0..10)
            .map(|i| [i as f64, if i == 5 { 3.0 } else { 0.0 }])
            .collect();
        let chain: Vec<u32> = (0..10).collect();
        assert_eq!(douglas_peucker(&v, &chain, 1.0), vec![0, 4, 5, 6, 9]);
        assert_eq!(douglas_peucker(&v, &chain, 6.25), vec![0, 5, 9]);
        // the importance filter equals Douglas–Peucker at every tolerance (seeded wiggles)
        let mut s: u64 = 3;
        let w: Vec<[f64; 2]> = (0..200)
            .map(|i| {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1);
                [i as f64 * 0.1, ((s >> 40) % 1000) as f64 / 300.0]
            })
            .collect();
        let chain: Vec<u32> = (0..200).collect();
        let imp = dp_importance(&w, &chain);
        for tol2 in [0.0, 1e-4, 0.01, 0.1, 0.5, 1.0, 4.0, 100.0] {
            let filtered: Vec<u32> = chain
                .iter()
                .zip(&imp)
                .filter_map(|(&id, &x)| (x > tol2).then_some(id))
                .collect();
            if tol2 > 0.0 {
                assert_eq!(filtered, douglas_peucker(&w, &chain, tol2), "tol2 {tol2}");
            }
        }
        let short: Vec<u32> = (0..10).collect();
        assert_eq!(douglas_peucker(&v, &short, 100.0), vec![0, 9]);
        assert_eq!(level_for(f64::NAN, 1.0), 0);
        assert_eq!(level_for(13.5, 2.0), 14);
    }
}
