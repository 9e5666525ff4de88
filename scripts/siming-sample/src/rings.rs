//! Cell outlines from triangle sets: cancel shared edges, chain the rest into rings.

use crate::geom::ring_area;
use crate::mesh::{Mesh, NONE};

/// A polygon as rings of vertex indices (exterior first, counter-clockwise; holes clockwise;
/// first vertex not repeated).
pub type PolyIdx = Vec<Vec<u32>>;

/// The polygons of cell `cell` (triangles `tris`, labels `label` of the whole level): one per
/// edge-connected component of its triangles, in order of each component's lowest triangle.
pub fn cell_polygons(mesh: &Mesh, label: &[u32], cell: u32, tris: &[u32]) -> Vec<PolyIdx> {
    let mut seen: std::collections::BTreeSet<u32> = std::collections::BTreeSet::new();
    let mut polys = Vec::new();
    for &s in tris {
        if seen.contains(&s) {
            continue;
        }
        let mut comp = vec![s];
        seen.insert(s);
        let mut q = 0;
        let mut edges: Vec<(u32, u32)> = Vec::new();
        while q < comp.len() {
            let t = comp[q] as usize;
            q += 1;
            for k in 0..3 {
                let nb = mesh.nbr[t][k];
                if nb != NONE && label[nb as usize] == cell {
                    if seen.insert(nb) {
                        comp.push(nb);
                    }
                } else {
                    edges.push((mesh.tris[t][k], mesh.tris[t][(k + 1) % 3]));
                }
            }
        }
        polys.push(chain(mesh, edges));
    }
    polys
}

/// Chain directed boundary edges into rings. Where several edges leave a vertex (a pinch),
/// take the one first met turning counter-clockwise from the way back, which splits a
/// touching hole off the exterior (the OGC-valid form).
fn chain(mesh: &Mesh, mut edges: Vec<(u32, u32)>) -> PolyIdx {
    edges.sort_unstable();
    let n = edges.len();
    let mut used = vec![false; n];
    let mut rings: Vec<Vec<u32>> = Vec::new();
    let ang = |a: u32, b: u32| {
        let p = mesh.pts[a as usize];
        let q = mesh.pts[b as usize];
        (q[1] - p[1]).atan2(q[0] - p[0])
    };
    for s in 0..n {
        if used[s] {
            continue;
        }
        let mut ring = Vec::new();
        let mut e = s;
        loop {
            used[e] = true;
            let (a, b) = edges[e];
            ring.push(a);
            let lo = edges.partition_point(|x| x.0 < b);
            let hi = edges.partition_point(|x| x.0 <= b);
            let back = ang(b, a);
            let mut pick = None;
            let mut best = f64::INFINITY;
            for c in lo..hi {
                if used[c] && c != s {
                    continue;
                }
                let mut d = ang(b, edges[c].1) - back;
                if d <= 0.0 {
                    d += std::f64::consts::TAU;
                }
                if d < best {
                    best = d;
                    pick = Some(c);
                }
            }
            let c = pick.expect("open boundary chain");
            if c == s {
                break;
            }
            e = c;
        }
        rings.push(ring);
    }
    // Exterior (positive area) first; exactly one per edge-connected component.
    let areas: Vec<f64> = rings
        .iter()
        .map(|r| {
            let pts: Vec<[f64; 2]> = r.iter().map(|&v| mesh.pts[v as usize]).collect();
            ring_area(&pts)
        })
        .collect();
    let ext: Vec<usize> = (0..rings.len()).filter(|&i| areas[i] > 0.0).collect();
    assert_eq!(ext.len(), 1, "component with {} exterior rings", ext.len());
    let mut out = vec![rings[ext[0]].clone()];
    for (i, r) in rings.into_iter().enumerate() {
        if i != ext[0] {
            out.push(r);
        }
    }
    out
}
