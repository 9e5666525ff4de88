//! Dissolving: the union of groups of cells (one fill colour) as rings of shared arcs, without
//! the arcs between two cells of the same group.

use std::collections::HashMap;

use super::Topology;

impl Topology {
    /// The outline of each group of cells as rings, from arcs already simplified (one
    /// polyline per arc, as [`Topology::simplified_arcs`] returns them): an arc walked by two
    /// cells of one group (in opposite directions) cancels, so neighbours of one colour are
    /// filled as one region without the edges between them. `group_of[c]` is the group of
    /// cell slot `c` (`None`: not drawn); the result has `groups` entries.
    ///
    /// # Guarantees
    /// Every ring is closed implicitly (open, first vertex not repeated). Rings wind as the
    /// cells' exteriors do after re-orientation: positively around a group's area (world
    /// units, `x·y′ − x′·y` summed), negatively around its holes, so the non-zero rule fills
    /// exactly the union of the group's cells (cells of one group must not overlap).
    ///
    /// # Complexity
    /// O(V) expected for V vertices in the arcs of the group's cells.
    pub(crate) fn dissolve(
        &self,
        arcs: &[Vec<[f64; 2]>],
        group_of: &[Option<usize>],
        groups: usize,
    ) -> Vec<Vec<Vec<[f64; 2]>>> {
        // net walks of each (group, arc): +1 forward, −1 backward, with every ring oriented so
        // that exteriors wind positively and holes negatively
        let mut net: HashMap<(usize, u32), i32> = HashMap::new();
        for (c, parts) in self.rings.iter().enumerate() {
            let Some(g) = group_of.get(c).copied().flatten() else {
                continue;
            };
            for rings in parts {
                for (ri, refs) in rings.iter().enumerate() {
                    let area = self.ring_area2(refs);
                    if area == 0.0 {
                        continue;
                    }
                    let flip = (ri == 0) != (area > 0.0);
                    for r in refs {
                        let forward = r.reversed == flip;
                        *net.entry((g, r.arc)).or_insert(0) += if forward { 1 } else { -1 };
                    }
                }
            }
        }
        // directed boundary edges per group, then closed walks through them (in a set of
        // closed rings every node has as many edges in as out, so a walk from a node can only
        // get stuck back at that node; any such decomposition winds the same)
        let mut edges: Vec<Vec<(u32, bool)>> = vec![Vec::new(); groups];
        // (ordered by group and arc through the renderer's one sort, `order::sort_pairs`: the
        // net count rides as the payload's bits)
        let mut keys: Vec<(u64, u32)> = net
            .into_iter()
            .filter(|&(_, n)| n != 0)
            .map(|((g, arc), n)| (((g as u64) << 32) | u64::from(arc), n as u32))
            .collect();
        crate::render::order::sort_pairs(&mut keys);
        for (k, n) in keys {
            let (g, arc, n) = ((k >> 32) as usize, k as u32, n as i32);
            for _ in 0..n.unsigned_abs() {
                edges[g].push((arc, n > 0));
            }
        }
        edges.iter().map(|list| self.walk(arcs, list)).collect()
    }

    /// Twice the signed area of a ring given by its arcs, full resolution.
    fn ring_area2(&self, refs: &[super::ArcRef]) -> f64 {
        let mut s = 0.0;
        for r in refs {
            let a = &self.arcs[r.arc as usize];
            let mut add = |w: &[u32]| {
                let (p, q) = (self.vertices[w[0] as usize], self.vertices[w[1] as usize]);
                s += p[0] * q[1] - q[0] * p[1];
            };
            if r.reversed {
                a.windows(2).rev().for_each(|w| add(&[w[1], w[0]]));
            } else {
                a.windows(2).for_each(&mut add);
            }
        }
        s
    }

    /// Closed walks through directed arcs (`(arc, forward)`), as rings of simplified points.
    fn walk(&self, arcs: &[Vec<[f64; 2]>], list: &[(u32, bool)]) -> Vec<Vec<[f64; 2]>> {
        let ends = |&(arc, forward): &(u32, bool)| {
            let a = &self.arcs[arc as usize];
            let (first, last) = (a.first().copied(), a.last().copied());
            if forward {
                (first, last)
            } else {
                (last, first)
            }
        };
        let mut out_of: HashMap<Option<u32>, Vec<usize>> = HashMap::new();
        for (i, e) in list.iter().enumerate().rev() {
            out_of.entry(ends(e).0).or_default().push(i);
        }
        let mut used = vec![false; list.len()];
        let mut rings = Vec::new();
        for start in 0..list.len() {
            if used[start] {
                continue;
            }
            let mut ring: Vec<[f64; 2]> = Vec::new();
            let mut e = start;
            loop {
                used[e] = true;
                let (arc, forward) = list[e];
                let pts = arcs.get(arc as usize).map_or(&[][..], |v| v.as_slice());
                let mut push = |p: &[f64; 2]| {
                    if ring.last() != Some(p) {
                        ring.push(*p);
                    }
                };
                if forward {
                    pts.iter().for_each(&mut push);
                } else {
                    pts.iter().rev().for_each(&mut push);
                }
                let node = ends(&list[e]).1;
                let next = out_of.get_mut(&node).and_then(|v| {
                    while let Some(i) = v.pop() {
                        if !used[i] {
                            return Some(i);
                        }
                    }
                    None
                });
                match next {
                    Some(n) => e = n,
                    None => break,
                }
            }
            while ring.len() > 1 && ring.first() == ring.last() {
                ring.pop();
            }
            if ring.len() >= 3 {
                rings.push(ring);
            }
        }
        rings
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::geometry::{project_cells, ring_area};
    use super::*;
    use geo::{LineString, Polygon};

    /// 3 × 3 squares of 0.01°, slot `3·row + col`.
    fn nine() -> (Topology, Vec<f64>) {
        // neighbours share exactly the same coordinates
        let (xs, ys) = ([118.0, 118.01, 118.02, 118.03], [24.4, 24.41, 24.42, 24.43]);
        let cells: Vec<_> = (0..9u32)
            .map(|k| {
                let (r, c) = ((k / 3) as usize, (k % 3) as usize);
                let (w, e, s, n) = (xs[c], xs[c + 1], ys[r], ys[r + 1]);
                let ring = vec![(w, s), (e, s), (e, n), (w, n), (w, s)];
                (k, vec![Polygon::new(LineString::from(ring), vec![])])
            })
            .collect();
        let (cells, _) = project_cells(&cells).unwrap();
        let areas = cells.iter().map(|c| c.area).collect();
        (Topology::new(&cells), areas)
    }

    #[test]
    fn a_ring_of_one_colour_around_another_keeps_its_hole() {
        let (t, areas) = nine();
        let arcs = t.simplified_arcs(0.0);
        let group_of: Vec<Option<usize>> = (0..9).map(|k| Some(usize::from(k == 4))).collect();
        let g = t.dissolve(&arcs, &group_of, 2);
        let signed =
            |rings: &[Vec<[f64; 2]>]| rings.iter().map(|r| ring_area(r)).collect::<Vec<_>>();
        let outer = signed(&g[0]);
        assert_eq!(outer.len(), 2, "the outline and the hole: {outer:?}");
        assert_eq!(outer.iter().filter(|&&a| a < 0.0).count(), 1, "one hole");
        let want: f64 = (0..9).filter(|&k| k != 4).map(|k| areas[k]).sum();
        let got: f64 = outer.iter().sum();
        assert!((got / want - 1.0).abs() < 1e-9, "{got} vs {want}");
        let inner = signed(&g[1]);
        assert_eq!(inner.len(), 1);
        assert!((inner[0] / areas[4] - 1.0).abs() < 1e-9);
        // no edge inside a group: the outline has the 8 outer edge vertices… of 12 in all
        assert_eq!(g[0].iter().map(Vec::len).sum::<usize>(), 12 + 4);
    }

    #[test]
    fn corners_touching_and_undrawn_cells() {
        let (t, areas) = nine();
        let arcs = t.simplified_arcs(0.0);
        // a checkerboard over the bottom two rows; the top row not drawn
        let group_of: Vec<Option<usize>> = (0..9)
            .map(|k| (k < 6).then_some((k / 3 + k % 3) % 2))
            .collect();
        let g = t.dissolve(&arcs, &group_of, 2);
        for (gi, rings) in g.iter().enumerate() {
            let want: f64 = (0..6)
                .filter(|&k| group_of[k] == Some(gi))
                .map(|k| areas[k])
                .sum();
            let got: f64 = rings.iter().map(|r| ring_area(r)).sum();
            assert!(
                (got / want - 1.0).abs() < 1e-9,
                "group {gi}: {got} vs {want}"
            );
            assert!(rings.iter().all(|r| ring_area(r) > 0.0));
        }
        assert!(t.dissolve(&arcs, &[None; 9], 1)[0].is_empty());
    }
}
