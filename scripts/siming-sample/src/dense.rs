//! Densified cell outlines: every undirected mesh edge gets its extra points once.

use crate::geom::{d2, to_m, SplitMix64, MX, MY};
use crate::mesh::Mesh;
use crate::rings::PolyIdx;
use std::collections::BTreeMap;

/// Largest perpendicular displacement of an inserted point, metres (households are ≥ 3.5 m
/// from every triangle edge, so ground truth is unchanged).
pub const MAX_WIGGLE_M: f64 = 0.8;

/// Per undirected edge (lo, hi): length (m) and the largest offset allowed to the left and to
/// the right of lo→hi. Outside the outline the allowance is 0, so outline edges only move
/// inward. Inside a triangle an edge's wiggle stays in the sub-triangle whose angles at the
/// edge's ends are ≤ 45 % of the triangle's angles there, so wiggled edges never cross.
struct EdgeInfo {
    len_m: f64,
    left: f64,
    right: f64,
}

/// Densifier with a cache keyed by sorted endpoints.
pub struct Densifier<'a> {
    mesh: &'a Mesh,
    seed: u64,
    info: BTreeMap<(u32, u32), EdgeInfo>,
    cache: BTreeMap<(u32, u32), Vec<[f64; 2]>>,
    /// Spacing of inserted points along an edge, metres.
    pub spacing_m: f64,
}

fn angle(at: [f64; 2], p: [f64; 2], q: [f64; 2]) -> f64 {
    let u = [p[0] - at[0], p[1] - at[1]];
    let v = [q[0] - at[0], q[1] - at[1]];
    let cross = u[0] * v[1] - u[1] * v[0];
    let dot = u[0] * v[0] + u[1] * v[1];
    cross.abs().atan2(dot)
}

impl<'a> Densifier<'a> {
    /// Build edge information for the whole mesh.
    pub fn new(mesh: &'a Mesh, seed: u64) -> Self {
        let mut info: BTreeMap<(u32, u32), EdgeInfo> = BTreeMap::new();
        for tri in &mesh.tris {
            for k in 0..3 {
                let (u, v, w) = (tri[k], tri[(k + 1) % 3], tri[(k + 2) % 3]);
                let [pu, pv, pw] = [u, v, w].map(|i| to_m(mesh.pts[i as usize]));
                let len = d2(pu, pv).sqrt();
                let a = angle(pu, pv, pw).min(angle(pv, pu, pw));
                let amp = (0.5 * len * (0.45 * a).tan()).min(MAX_WIGGLE_M);
                let e = info.entry((u.min(v), u.max(v))).or_insert(EdgeInfo {
                    len_m: len,
                    left: 0.0,
                    right: 0.0,
                });
                // The triangle lies left of u→v (counter-clockwise).
                if u < v {
                    e.left = amp;
                } else {
                    e.right = amp;
                }
            }
        }
        Densifier {
            mesh,
            seed,
            info,
            cache: BTreeMap::new(),
            spacing_m: 1.0,
        }
    }

    fn count(&self, len_m: f64) -> usize {
        (len_m / self.spacing_m).floor() as usize
    }

    /// Choose the spacing so the given polygons average `target` vertices each.
    pub fn fit_spacing(&mut self, polys: &[&[PolyIdx]], target: f64) {
        let mut lens = Vec::new();
        for cell in polys {
            for poly in cell.iter() {
                for ring in poly {
                    for i in 0..ring.len() {
                        let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
                        lens.push(self.info[&(a.min(b), a.max(b))].len_m);
                    }
                }
            }
        }
        let want = target * polys.len() as f64;
        let (mut lo, mut hi) = (0.5f64, 5000.0f64);
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            let total: f64 = lens.iter().map(|&l| 1.0 + (l / mid).floor()).sum();
            if total > want {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        self.spacing_m = hi;
    }

    /// Inserted points of edge (lo, hi), in the direction lo→hi; computed once.
    fn points(&mut self, lo: u32, hi: u32) -> &[[f64; 2]] {
        if !self.cache.contains_key(&(lo, hi)) {
            let info = &self.info[&(lo, hi)];
            let k = self.count(info.len_m);
            let a = self.mesh.pts[lo as usize];
            let b = self.mesh.pts[hi as usize];
            let (am, bm) = (to_m(a), to_m(b));
            let n = [-(bm[1] - am[1]) / info.len_m, (bm[0] - am[0]) / info.len_m];
            let mut rng = SplitMix64::keyed(self.seed, 6, ((lo as u64) << 32) | hi as u64);
            let mut pts = Vec::with_capacity(k);
            for i in 0..k {
                let t = (i + 1) as f64 / (k + 1) as f64;
                let tent = 1.0 - (2.0 * t - 1.0).abs();
                let o = tent * rng.range(-info.right, info.left);
                pts.push([
                    a[0] + t * (b[0] - a[0]) + o * n[0] / MX,
                    a[1] + t * (b[1] - a[1]) + o * n[1] / MY,
                ]);
            }
            self.cache.insert((lo, hi), pts);
        }
        &self.cache[&(lo, hi)]
    }

    /// A densified ring (first vertex not repeated).
    pub fn ring(&mut self, ring: &[u32]) -> Vec<[f64; 2]> {
        let mut out = Vec::new();
        for i in 0..ring.len() {
            let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
            out.push(self.mesh.pts[a as usize]);
            if a < b {
                out.extend_from_slice(self.points(a, b));
            } else {
                out.extend(self.points(b, a).iter().rev());
            }
        }
        out
    }
}
