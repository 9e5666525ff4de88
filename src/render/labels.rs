//! Label anchors (pole of inaccessibility), text width estimates and greedy label placement.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Where a cell's label goes: the pole of inaccessibility of its roomiest part.
///
/// # Units
/// `anchor` and `radius` in Web Mercator world units (y-down); `radius` is the distance from
/// the anchor to the nearest edge (the inscribed circle's radius, within the precision).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelAnchor {
    /// The anchor point.
    pub anchor: [f64; 2],
    /// Distance to the nearest edge.
    pub radius: f64,
}

/// Signed distance from `p` to the rings (positive inside, even–odd rule).
///
/// Every edge `a → b` (ring order, the last vertex to the first) is computed with the same
/// expressions in any order: the crossings' parity and the least squared distance do not
/// depend on it. The least is kept by comparison (`f64::min` is a call to `fmin` in wasm;
/// both ignore a NaN distance).
fn signed_distance(p: [f64; 2], rings: &[Vec<[f64; 2]>]) -> f64 {
    let mut inside = false;
    let mut min_d2 = f64::INFINITY;
    for r in rings {
        let Some(&last) = r.last() else { continue };
        let mut a = last;
        for &b in r {
            if (a[1] > p[1]) != (b[1] > p[1])
                && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
            {
                inside = !inside;
            }
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let l2 = dx * dx + dy * dy;
            let t = if l2 > 0.0 {
                (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (ex, ey) = (a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
            let d2 = ex * ex + ey * ey;
            if d2 < min_d2 {
                min_d2 = d2;
            }
            a = b;
        }
    }
    let d = min_d2.sqrt();
    if inside {
        d
    } else {
        -d
    }
}

#[derive(Clone, Copy)]
struct Probe {
    c: [f64; 2],
    h: f64,
    d: f64,
    max: f64,
}

impl Probe {
    fn new(c: [f64; 2], h: f64, rings: &[Vec<[f64; 2]>]) -> Self {
        let d = signed_distance(c, rings);
        Probe {
            c,
            h,
            d,
            max: d + h * std::f64::consts::SQRT_2,
        }
    }
}
impl PartialEq for Probe {
    fn eq(&self, o: &Self) -> bool {
        self.max == o.max
    }
}
impl Eq for Probe {}
impl PartialOrd for Probe {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Probe {
    fn cmp(&self, o: &Self) -> Ordering {
        self.max.total_cmp(&o.max)
    }
}

/// Most probes polylabel evaluates per polygon (bounds the time on pathological input).
const MAX_PROBES: usize = 20_000;

/// The pole of inaccessibility of a polygon: the interior point farthest from its outline.
///
/// `rings` is the exterior then the holes (open or closed). Returns `None` for fewer than 3
/// vertices or non-finite coordinates. `precision` is the acceptable error of the distance;
/// the search also stops after 20,000 probes.
///
/// # Units
/// Any planar units, same for input, `precision` and output (here: Web Mercator world units).
///
/// # Errors
/// None (`None` for degenerate input).
///
/// Source: polylabel (Mapbox; V. Agafonkin, "A new algorithm for finding a visual center of a
/// polygon", 2016): a quadtree search with a priority queue ordered by the best distance a
/// square could still contain.
pub fn polylabel(rings: &[Vec<[f64; 2]>], precision: f64) -> Option<LabelAnchor> {
    let ext = rings.first()?;
    if ext.len() < 3 || !ext.iter().all(|p| p[0].is_finite() && p[1].is_finite()) {
        return None;
    }
    let b = super::geometry::bbox_of(ext);
    let (w, h) = (b[2] - b[0], b[3] - b[1]);
    let size = w.min(h);
    let precision = if precision.is_finite() && precision > 0.0 {
        precision
    } else {
        w.max(h) * 1e-3
    };
    // centroid probe (area-weighted), then the bbox centre
    let mut best = {
        let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
        let n = ext.len();
        for i in 0..n {
            let (p, q) = (ext[i], ext[(i + 1) % n]);
            let f = p[0] * q[1] - q[0] * p[1];
            cx += (p[0] + q[0]) * f;
            cy += (p[1] + q[1]) * f;
            a += f * 3.0;
        }
        let c = if a != 0.0 && (cx / a).is_finite() {
            [cx / a, cy / a]
        } else {
            ext[0]
        };
        Probe::new(c, 0.0, rings)
    };
    let centre = Probe::new([b[0] + w / 2.0, b[1] + h / 2.0], 0.0, rings);
    if centre.d > best.d {
        best = centre;
    }
    if size.is_nan() || size <= 0.0 {
        return Some(LabelAnchor {
            anchor: best.c,
            radius: best.d.max(0.0),
        });
    }
    // cover the box with at most ~4096 squares, indexed (never a float loop that may not
    // advance)
    let size = size.max(w.max(h) / 4096.0);
    let nx = ((w / size).ceil() as usize).clamp(1, 4096);
    let ny = ((h / size).ceil() as usize).clamp(1, 4096);
    let half = size / 2.0;
    let mut heap = BinaryHeap::new();
    for i in 0..nx {
        for j in 0..ny {
            let c = [b[0] + i as f64 * size + half, b[1] + j as f64 * size + half];
            heap.push(Probe::new(c, half, rings));
        }
    }
    let mut probes = heap.len();
    while let Some(cell) = heap.pop() {
        if cell.d > best.d {
            best = cell;
        }
        if cell.max - best.d <= precision || probes > MAX_PROBES {
            continue;
        }
        let h2 = cell.h / 2.0;
        for (dx, dy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
            heap.push(Probe::new(
                [cell.c[0] + dx * h2, cell.c[1] + dy * h2],
                h2,
                rings,
            ));
        }
        probes += 4;
    }
    Some(LabelAnchor {
        anchor: best.c,
        radius: best.d.max(0.0),
    })
}

/// Estimated width of `text` in em: 1 em per full-width (CJK) character, 0.55 em otherwise.
///
/// # Units
/// em (multiply by the font size in px).
///
/// # Errors
/// None.
pub fn text_width_em(text: &str) -> f64 {
    crate::text::text_width_em(text)
}

/// A label that may be placed.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    /// Index of the cell.
    pub cell: usize,
    /// Centre of the text box, CSS px.
    pub x: f64,
    /// Centre of the text box, CSS px.
    pub y: f64,
    /// Box size, CSS px.
    pub w: f64,
    /// Box size, CSS px.
    pub h: f64,
    /// Inscribed radius, CSS px (priority).
    pub radius: f64,
    /// Cell value (priority after the radius; NaN last).
    pub value: f64,
}

/// Greedy placement: candidates by priority (larger inscribed radius, then larger value, then
/// lower index); a label is placed when its box (grown by `padding`) overlaps no placed box.
/// Returns the indices (into `cands`) of the placed labels, in priority order.
///
/// # Complexity
/// O(n log n + n·b) with b the boxes in the same 64-px buckets.
pub(crate) fn place_labels(cands: &[Candidate], padding: f64) -> Vec<usize> {
    use super::order::{f64_key, order_by2};
    // radius descending; then value descending, no data last; then cell ascending
    let radius: Vec<u64> = cands.iter().map(|c| !f64_key(c.radius)).collect();
    let value: Vec<u64> = cands
        .iter()
        .map(|c| {
            if c.value.is_finite() {
                !f64_key(c.value)
            } else {
                u64::MAX
            }
        })
        .collect();
    let cell: Vec<u64> = cands.iter().map(|c| c.cell as u64).collect();
    let mut tie = vec![0u64; cands.len()];
    for (r, &i) in order_by2(&value, &cell).iter().enumerate() {
        tie[i as usize] = r as u64;
    }
    let order: Vec<usize> = order_by2(&radius, &tie)
        .into_iter()
        .map(|i| i as usize)
        .collect();
    const B: f64 = 64.0;
    let mut buckets: std::collections::HashMap<(i64, i64), Vec<[f64; 4]>> = Default::default();
    let mut placed = Vec::new();
    for i in order {
        let c = &cands[i];
        let bx = [
            c.x - c.w / 2.0 - padding,
            c.y - c.h / 2.0 - padding,
            c.x + c.w / 2.0 + padding,
            c.y + c.h / 2.0 + padding,
        ];
        if !bx.iter().all(|v| v.is_finite()) {
            continue;
        }
        if ((bx[2] - bx[0]) / B + 1.0) * ((bx[3] - bx[1]) / B + 1.0) > 4096.0 {
            continue; // absurdly large box
        }
        let (x0, y0) = ((bx[0] / B).floor() as i64, (bx[1] / B).floor() as i64);
        let (x1, y1) = ((bx[2] / B).floor() as i64, (bx[3] / B).floor() as i64);
        let hit = (x0..=x1).any(|gx| {
            (y0..=y1).any(|gy| {
                buckets.get(&(gx, gy)).is_some_and(|v| {
                    v.iter()
                        .any(|o| bx[0] < o[2] && o[0] < bx[2] && bx[1] < o[3] && o[1] < bx[3])
                })
            })
        });
        if hit {
            continue;
        }
        for gx in x0..=x1 {
            for gy in y0..=y1 {
                buckets.entry((gx, gy)).or_default().push(bx);
            }
        }
        placed.push(i);
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polylabel_of_a_square_is_its_centre() {
        let r = vec![vec![[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]]];
        let a = polylabel(&r, 0.01).unwrap();
        assert!((a.anchor[0] - 5.0).abs() < 0.1 && (a.anchor[1] - 5.0).abs() < 0.1);
        assert!((a.radius - 5.0).abs() < 0.02);
        assert!(polylabel(&[vec![[0.0, 0.0], [1.0, 1.0]]], 0.1).is_none());
        assert!(polylabel(&[], 0.1).is_none());
        let nan = vec![vec![[0.0, 0.0], [f64::NAN, 0.0], [1.0, 1.0]]];
        assert!(polylabel(&nan, 0.1).is_none());
        // zero-area ring does not hang
        let flat = vec![vec![[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]]];
        assert!(polylabel(&flat, 0.0).is_some());
        // a sliver far from the origin (float steps smaller than the box) terminates
        let sliver = vec![vec![
            [0.8, 0.3],
            [0.8 + 1e-3, 0.3],
            [0.8 + 1e-3, 0.3 + 1e-17],
        ]];
        assert!(polylabel(&sliver, 0.0).is_some());
        let tiny = vec![vec![[0.8, 0.3], [0.8 + 1e-17, 0.3], [0.8, 0.3 + 1e-17]]];
        assert!(polylabel(&tiny, 0.0).is_some());
    }

    #[test]
    fn polylabel_avoids_holes() {
        let r = vec![
            vec![[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]],
            vec![[3.0, 3.0], [7.0, 3.0], [7.0, 7.0], [3.0, 7.0]],
        ];
        let a = polylabel(&r, 0.01).unwrap();
        let p = a.anchor;
        assert!(
            !(p[0] > 3.0 && p[0] < 7.0 && p[1] > 3.0 && p[1] < 7.0),
            "{p:?}"
        );
        assert!(a.radius > 1.0);
    }

    #[test]
    fn cjk_width() {
        assert_eq!(text_width_em("鹭江街道"), 4.0);
        assert!((text_width_em("A1网格") - 3.1).abs() < 1e-12);
        assert_eq!(text_width_em(""), 0.0);
    }

    #[test]
    fn greedy_placement_avoids_overlap_by_priority() {
        let c = |cell, x, radius| Candidate {
            cell,
            x,
            y: 0.0,
            w: 20.0,
            h: 10.0,
            radius,
            value: f64::NAN,
        };
        let cands = vec![c(0, 0.0, 5.0), c(1, 10.0, 9.0), c(2, 40.0, 1.0)];
        assert_eq!(place_labels(&cands, 0.0), vec![1, 2]);
    }
}
