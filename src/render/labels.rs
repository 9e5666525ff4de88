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

/// Administrative suffixes a short label leaves off, longest first: a street office (街道办事处,
/// 街道), a residents' or villagers' committee (社区居委会, 居委会, 村委会), a community (社区).
/// The names of China's divisions below the county end in these (GB/T 2260 and the National
/// Bureau of Statistics' division codes: 街道, 社区居委会, 村委会).
const ADMIN_SUFFIXES: [&str; 6] = [
    "街道办事处",
    "社区居委会",
    "居委会",
    "村委会",
    "街道",
    "社区",
];

/// The short form of a cell's name, for a label the full name is too wide for: the name
/// without its parent's name in front (`下沃社区第1网格` under `下沃社区` → `第1网格`), then
/// without one administrative suffix at its end (`厦港街道` → `厦港`, `鸿山社区` → `鸿山`;
/// 街道办事处, 街道, 社区居委会, 居委会, 村委会 or 社区) when at least two characters are
/// left. `None` when nothing is left off (the short form would be the
/// name itself).
///
/// This is how Chinese maps label divisions at small scales (AMap and Baidu show `厦港` for
/// 厦港街道 until the label fits): the full name stays in the tooltip and the detail panel.
///
/// # Errors
/// None.
///
/// # Complexity
/// O(n) in the name's length.
pub fn short_name(name: &str, parent: Option<&str>) -> Option<String> {
    let mut t = name;
    if let Some(rest) = parent
        .filter(|p| !p.is_empty())
        .and_then(|p| t.strip_prefix(p))
    {
        if !rest.is_empty() {
            t = rest;
        }
    }
    for suffix in ADMIN_SUFFIXES {
        if let Some(rest) = t.strip_suffix(suffix) {
            if rest.chars().count() >= 2 {
                t = rest;
            }
            break;
        }
    }
    (t.len() < name.len()).then(|| t.to_string())
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
    /// How far the label may move up and down from its anchor and stay in its cell and on
    /// the canvas, CSS px (≥ 0): `[up, down]`.
    pub room: [f64; 2],
    /// Width of the label's short form, tried when the label collides; NaN when none.
    pub w_short: f64,
}

/// Greedy placement: candidates by priority (larger inscribed radius, then larger value, then
/// lower index); a label is placed when its box (grown by `padding`) overlaps no placed box
/// and no obstacle (`[x0, y0, x1, y1]`, CSS px: the markers drawn over the labels). A label
/// whose box at its anchor overlaps only obstacles moves above or below them, by steps of
/// half its height, as far as its [`Candidate::room`] allows and while its width stays within
/// `fit` times the chord of its cell's inscribed circle at that height (a name is not hidden
/// under a marker, nor dropped when its cell has room beside it). A label that cannot be
/// placed so is tried again as its short form ([`Candidate::w_short`]). Returns the indices
/// (into `cands`) of the placed labels, in priority order, each with its vertical offset from
/// its anchor (CSS px, negative up) and whether it is the short form. `size` is the canvas's,
/// CSS px (boxes are bucketed over it).
///
/// # Complexity
/// O(n log n + (n + m)·b) for m obstacles, with b the boxes in the same bucket (64 px, or
/// 1/64 of the canvas's longer side when larger).
pub(crate) fn place_labels(
    cands: &[Candidate],
    padding: f64,
    obstacles: &[[f64; 4]],
    size: [f64; 2],
    fit: f64,
) -> Vec<(usize, f64, bool)> {
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
    // boxes by bucket of a grid over the canvas, at most 64 × 64 buckets of 64 px or more;
    // boxes beyond the canvas go to its edge buckets (overlapping boxes still share one)
    let bs = 64f64.max(size[0].max(size[1]) / 64.0);
    let n = |v: f64| (v / bs).ceil().clamp(1.0, 64.0) as usize;
    let (nx, ny) = (n(size[0]), n(size[1]));
    // (box, whether it is an obstacle rather than a placed label)
    let mut buckets: Vec<Vec<([f64; 4], bool)>> = vec![Vec::new(); nx * ny];
    // the buckets `[x0, y0, x1, y1]` a box lies in (None for a box not finite)
    let range = |b: &[f64; 4]| {
        let at = |v: f64, n: usize| (v / bs).floor().clamp(0.0, (n - 1) as f64) as usize;
        b.iter()
            .all(|v| v.is_finite())
            .then(|| [at(b[0], nx), at(b[1], ny), at(b[2], nx), at(b[3], ny)])
    };
    let add = |buckets: &mut Vec<Vec<([f64; 4], bool)>>, b: [f64; 4], obstacle| {
        if let Some([x0, y0, x1, y1]) = range(&b) {
            for gy in y0..=y1 {
                for gx in x0..=x1 {
                    buckets[gy * nx + gx].push((b, obstacle));
                }
            }
        }
    };
    for &o in obstacles {
        add(&mut buckets, o, true);
    }
    // what a box overlaps: 0 nothing, 1 obstacles only, 2 a placed label
    let hit =
        |buckets: &Vec<Vec<([f64; 4], bool)>>, bx: &[f64; 4], [x0, y0, x1, y1]: [usize; 4]| {
            let mut out = 0;
            for gy in y0..=y1 {
                for (o, obstacle) in buckets[gy * nx + x0..=gy * nx + x1].iter().flatten() {
                    if bx[0] < o[2] && o[0] < bx[2] && bx[1] < o[3] && o[1] < bx[3] {
                        if !obstacle {
                            return 2;
                        }
                        out = 1;
                    }
                }
            }
            out
        };
    let mut placed = Vec::new();
    for i in order {
        let c = &cands[i];
        // its text, then its short form if it has one (NaN: none)
        let found = [c.w, c.w_short]
            .into_iter()
            .enumerate()
            .find_map(|(alt, w)| {
                let at = |dy: f64| {
                    [
                        c.x - w / 2.0 - padding,
                        c.y + dy - c.h / 2.0 - padding,
                        c.x + w / 2.0 + padding,
                        c.y + dy + c.h / 2.0 + padding,
                    ]
                };
                let r0 = range(&at(0.0))?;
                match hit(&buckets, &at(0.0), r0) {
                    0 => return Some((at(0.0), 0.0, alt == 1)),
                    2 => return None,
                    _ => {}
                }
                // under a marker: up or down by half a line at a time, while the label stays in
                // its cell's inscribed circle (as wide as `fit` allows at that height) and on the
                // canvas
                let step = c.h / 2.0;
                let mut k = 1.0;
                while k * step <= c.room[0].max(c.room[1]) {
                    for t in [-k * step, k * step] {
                        let room = if t < 0.0 { c.room[0] } else { c.room[1] };
                        let chord = (c.radius * c.radius - t * t).max(0.0).sqrt();
                        let b = at(t);
                        if t.abs() <= room
                            && w <= 2.0 * chord * fit
                            && range(&b).is_some_and(|r| hit(&buckets, &b, r) == 0)
                        {
                            return Some((b, t, alt == 1));
                        }
                    }
                    k += 1.0;
                }
                None
            });
        let Some((b, dy, short)) = found else {
            continue;
        };
        add(&mut buckets, b, false);
        placed.push((i, dy, short));
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_leave_off_the_parent_and_the_administrative_suffix() {
        let s = |n: &str, p: Option<&str>| short_name(n, p);
        assert_eq!(s("厦港街道", None).as_deref(), Some("厦港"));
        assert_eq!(s("鼓浪屿街道", None).as_deref(), Some("鼓浪屿"));
        assert_eq!(s("鸿山社区", Some("厦港街道")).as_deref(), Some("鸿山"));
        assert_eq!(s("下沃社区居委会", None).as_deref(), Some("下沃"));
        assert_eq!(
            s("下沃社区第1网格", Some("下沃社区")).as_deref(),
            Some("第1网格")
        );
        // without its parent, a grid's name has no suffix to leave off
        assert_eq!(s("下沃社区第1网格", None), None);
        // one character would be left: the suffix stays
        assert_eq!(s("东街道", None), None);
        assert_eq!(s("东社区", None), None);
        // the parent's name is the whole name: nothing is left off
        assert_eq!(s("鸿山社区", Some("鸿山社区")).as_deref(), Some("鸿山"));
        // the name as it is: white space is not trimmed
        assert_eq!(
            s("下沃社区 第2网格", Some("下沃社区")).as_deref(),
            Some(" 第2网格")
        );
        assert_eq!(s("Block 7", Some("")), None);
        assert_eq!(s("", None), None);
        // a name that only starts like its parent's (not a prefix): no change from the parent
        assert_eq!(s("中华街道", Some("中山街道")).as_deref(), Some("中华"));
    }

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
            room: [0.0, 0.0],
            w_short: f64::NAN,
        };
        let cands = vec![c(0, 0.0, 5.0), c(1, 10.0, 9.0), c(2, 40.0, 1.0)];
        assert_eq!(
            place_labels(&cands, 0.0, &[], [100.0, 100.0], 1.6),
            vec![(1, 0.0, false), (2, 0.0, false)]
        );
    }

    #[test]
    fn a_label_under_an_obstacle_moves_off_it_within_its_room_or_goes() {
        let c = |room: [f64; 2]| Candidate {
            cell: 0,
            x: 0.0,
            y: 0.0,
            w: 20.0,
            h: 10.0,
            radius: 20.0,
            value: f64::NAN,
            room,
            w_short: f64::NAN,
        };
        // a marker box 12 px high on the anchor: the label (10 high) needs 11+ px up or down
        let marker = [[-6.0, -6.0, 6.0, 6.0]];
        assert_eq!(
            place_labels(&[c([15.0, 15.0])], 0.0, &marker, [100.0, 100.0], 1.6),
            [(0, -15.0, false)]
        );
        // no room up: down
        assert_eq!(
            place_labels(&[c([0.0, 15.0])], 0.0, &marker, [100.0, 100.0], 1.6),
            [(0, 15.0, false)]
        );
        // room for 10 only: each step (5, 10) still overlaps: left out
        assert!(place_labels(&[c([10.0, 10.0])], 0.0, &marker, [100.0, 100.0], 1.6).is_empty());
        // clear of the marker: not moved
        assert_eq!(
            place_labels(
                &[c([15.0, 15.0])],
                0.0,
                &[[30.0, 0.0, 40.0, 9.0]],
                [100.0, 100.0],
                1.6
            ),
            [(0, 0.0, false)]
        );
        // hitting a placed label at its anchor: left out, not moved (as before obstacles)
        let mut two = vec![c([40.0, 40.0]), c([40.0, 40.0])];
        two[1].cell = 1;
        two[1].radius = 19.0;
        assert_eq!(
            place_labels(&two, 0.0, &[], [100.0, 100.0], 1.6),
            [(0, 0.0, false)]
        );
        // a moved label blocks the next one's move
        let moved = place_labels(&two, 0.0, &marker, [100.0, 100.0], 1.6);
        assert_eq!(moved[0], (0, -15.0, false));
        assert_eq!(moved, [(0, -15.0, false), (1, 15.0, false)]);
        // a label that collides in full is placed as its short form when that clears
        let mut short = vec![c([0.0, 0.0]), c([0.0, 0.0])];
        short[1].cell = 1;
        short[1].radius = 10.0;
        short[1].x = 18.0; // full 20 px wide (8…28): overlaps the first (−10…10) by 2 px
        short[1].w_short = 10.0; // 13…23: clear
        assert_eq!(
            place_labels(&short, 0.0, &[], [100.0, 100.0], 1.6),
            [(0, 0.0, false), (1, 0.0, true)]
        );
        // a move keeps the label within fit × the chord of its circle at that height: a
        // 36 px label in a circle of radius 20 fits at the anchor (≤ 64) but not 15 px up
        // (chord 2·√(400 − 225) ≈ 26.5, × 1.6 ≈ 42.3 ≥ 36: fits) nor 20 px (chord 0)
        let mut wide = c([15.0, 15.0]);
        wide.w = 36.0;
        assert_eq!(
            place_labels(&[wide.clone()], 0.0, &marker, [100.0, 100.0], 1.6),
            [(0, -15.0, false)]
        );
        wide.w = 44.0; // > 42.3
        assert!(place_labels(&[wide], 0.0, &marker, [100.0, 100.0], 1.6).is_empty());
    }
}
