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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mesh::neighbours;

    /// A 3×3 block of unit squares (two triangles each); `keep` picks squares by (col, row).
    fn block(keep: &[(u32, u32)]) -> (Mesh, Vec<u32>, Vec<u32>) {
        let pts: Vec<[f64; 2]> = (0..16).map(|i| [(i % 4) as f64, (i / 4) as f64]).collect();
        let mut tris = Vec::new();
        let mut label = Vec::new();
        for r in 0..3u32 {
            for c in 0..3u32 {
                let v = |dc: u32, dr: u32| (r + dr) * 4 + c + dc;
                let l = if keep.contains(&(c, r)) { 0 } else { 1 };
                tris.push([v(0, 0), v(1, 0), v(1, 1)]);
                tris.push([v(0, 0), v(1, 1), v(0, 1)]);
                label.extend([l, l]);
            }
        }
        let nbr = neighbours(&tris);
        let n = tris.len();
        let mesh = Mesh {
            pts,
            n_outline: 0,
            tris,
            nbr,
            cen: vec![[0.0; 2]; n],
            area_m2: vec![1.0; n],
            inradius: vec![1.0; n],
            part: vec![0; n],
        };
        let mine = (0..n as u32).filter(|&t| label[t as usize] == 0).collect();
        (mesh, label, mine)
    }

    #[test]
    fn hole_touching_the_exterior_at_a_vertex_is_split_off() {
        // All squares but the centre (1,1) and the top-right corner (2,2): the hole and the
        // notch meet at vertex (2,2) = index 10.
        let keep = [(0, 0), (1, 0), (2, 0), (0, 1), (2, 1), (0, 2), (1, 2)];
        let (mesh, label, mine) = block(&keep);
        let polys = cell_polygons(&mesh, &label, 0, &mine);
        assert_eq!(polys.len(), 1, "one edge-connected component");
        let p = &polys[0];
        assert_eq!(p.len(), 2, "exterior and one hole");
        assert!(p[0].contains(&10) && p[1].contains(&10));
        assert_eq!(p[1].len(), 4);
        let area = |r: &Vec<u32>| {
            let pts: Vec<[f64; 2]> = r.iter().map(|&v| mesh.pts[v as usize]).collect();
            ring_area(&pts)
        };
        assert_eq!(area(&p[0]), 8.0);
        assert_eq!(area(&p[1]), -1.0);
        // Each vertex once per ring: the pinch splits the rings instead of crossing.
        for r in p {
            let mut s = r.clone();
            s.sort();
            s.dedup();
            assert_eq!(s.len(), r.len());
        }
    }

    #[test]
    fn squares_touching_at_a_corner_are_two_parts() {
        let (mesh, label, mine) = block(&[(0, 0), (1, 1)]);
        let polys = cell_polygons(&mesh, &label, 0, &mine);
        assert_eq!(polys.len(), 2);
        assert!(polys.iter().all(|p| p.len() == 1 && p[0].len() == 4));
    }
}
