//! Picking: which cell is under a screen point, through an R-tree over the parts' boxes and an
//! exact point-in-polygon test with a half-open rule.

use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

use super::geometry::{Part, ProjCell};

/// An R-tree entry: a box with (cell index, part index) — also used for vertices (point boxes)
/// so the wasm carries one rstar instantiation.
pub(crate) type Entry = GeomWithData<Rectangle<[f64; 2]>, (u32, u32)>;

/// Point in a part, even–odd over all its rings, half-open: an edge counts when it crosses the
/// horizontal line through `p` with one end strictly above and one at or below, and `p` lies
/// strictly left of the crossing. A point on an edge shared by two cells is in exactly one.
pub(crate) fn part_contains(part: &Part, p: [f64; 2]) -> bool {
    let mut inside = false;
    for r in &part.rings {
        let n = r.len();
        let mut j = n.wrapping_sub(1);
        for i in 0..n {
            let (a, b) = (r[j], r[i]);
            if (a[1] > p[1]) != (b[1] > p[1]) {
                let x = a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
                if p[0] < x {
                    inside = !inside;
                }
            }
            j = i;
        }
    }
    inside
}

/// An R-tree over the world-unit boxes of every cell part.
#[derive(Clone, Debug)]
pub(crate) struct PickIndex {
    tree: RTree<Entry>,
}

impl PickIndex {
    pub(crate) fn new(cells: &[ProjCell]) -> Self {
        let mut entries = Vec::new();
        for (ci, c) in cells.iter().enumerate() {
            for (pi, p) in c.parts.iter().enumerate() {
                let b = p.bbox;
                entries.push(GeomWithData::new(
                    Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]),
                    (ci as u32, pi as u32),
                ));
            }
        }
        PickIndex {
            tree: RTree::bulk_load(entries),
        }
    }

    /// The index of the cell containing world point `p`: among several (nested levels), the
    /// one with the least area, then the lowest index. `None` when outside every cell or `p`
    /// is not finite.
    ///
    /// # Complexity
    /// O(log n + k·v) for k candidate parts of v vertices.
    pub(crate) fn pick(
        &self,
        cells: &[ProjCell],
        p: [f64; 2],
        visible: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        if !(p[0].is_finite() && p[1].is_finite()) {
            return None;
        }
        let mut best: Option<usize> = None;
        for e in self.tree.locate_all_at_point(&p) {
            let (ci, pi) = (e.data.0 as usize, e.data.1 as usize);
            if !visible(ci) {
                continue;
            }
            let Some(part) = cells.get(ci).and_then(|c| c.parts.get(pi)) else {
                continue;
            };
            if !part_contains(part, p) {
                continue;
            }
            best = match best {
                Some(b) if (cells[b].area, b) <= (cells[ci].area, ci) => Some(b),
                _ => Some(ci),
            };
        }
        best
    }

    /// Indices of the cells whose part boxes meet the world box `b`, each once, ascending.
    pub(crate) fn cells_in(&self, b: [f64; 4]) -> Vec<usize> {
        let env = AABB::from_corners([b[0], b[1]], [b[2], b[3]]);
        let mut v: Vec<(u64, u32)> = self
            .tree
            .locate_in_envelope_intersecting(&env)
            .map(|e| (u64::from(e.data.0), 0))
            .collect();
        super::order::sort_pairs(&mut v);
        v.dedup();
        v.into_iter().map(|(i, _)| i as usize).collect()
    }
}

/// Brute force reference of [`PickIndex::pick`] (for tests and benchmarks).
pub(crate) fn pick_linear(
    cells: &[ProjCell],
    p: [f64; 2],
    visible: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (ci, c) in cells.iter().enumerate() {
        if visible(ci) && c.parts.iter().any(|part| part_contains(part, p)) {
            best = match best {
                Some(b) if (cells[b].area, b) <= (c.area, ci) => Some(b),
                _ => Some(ci),
            };
        }
    }
    best
}
