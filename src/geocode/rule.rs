//! The boundary rule: exact orientation predicates, the half-open crossing test, and the
//! brute-force reference [`locate_brute_force`].
//!
//! See the module documentation of [`crate::geocode`] for the rule in words.

use geo::kernels::{Kernel, RobustKernel};
use geo::{Coord, Orientation, Polygon};

/// Ring coordinates with a larger magnitude than this are treated like non-finite ones (the
/// ring is ignored), so that the exact orientation arithmetic can never overflow.
pub(crate) const MAX_ABS_COORD: f64 = 1e100;

/// Whether `(lng, lat)` is a valid position: finite, |lng| ≤ 180 and |lat| ≤ 90.
#[inline]
pub(crate) fn valid_position(lng: f64, lat: f64) -> bool {
    // NaN fails both comparisons; infinities fail them too.
    lng.abs() <= 180.0 && lat.abs() <= 90.0
}

/// Exact sign of orient2d(a, b, c): +1 when c is left of a→b (counter-clockwise), −1 when right,
/// 0 when collinear.
///
/// The floating-point determinant with the static error bound of the `robust` crate (Ozaki et
/// al., BIT 2016; the same constant and the same test as `robust::orient2d`) decides the sign in
/// almost every case; otherwise geo's [`RobustKernel`] (Shewchuk's adaptive exact predicate)
/// does. Inlining the filter here avoids the kernel's conversions on the hot path; the answer is
/// the kernel's.
#[inline]
pub(crate) fn orient(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> i8 {
    /// Relative error bound of the determinant (as in `robust::orient2d`).
    const THETA: f64 = 3.330_669_062_177_372_2e-16;
    let detleft = (a.x - c.x) * (b.y - c.y);
    let detright = (a.y - c.y) * (b.x - c.x);
    let det = detleft - detright;
    let errbound = THETA * (detleft + detright).abs();
    if det >= errbound || -det >= errbound {
        // Same early return as robust::orient2d: the sign of det is exact here (det == 0 only
        // when both products are 0).
        return if det > 0.0 {
            1
        } else if det < 0.0 {
            -1
        } else {
            0
        };
    }
    match <RobustKernel as Kernel<f64>>::orient2d(a, b, c) {
        Orientation::CounterClockwise => 1,
        Orientation::Clockwise => -1,
        Orientation::Collinear => 0,
    }
}

/// Exact sign of orient2d(a, b, q + δ) with δ = (ε, ε²), ε → 0⁺.
///
/// orient(a, b, q + δ) = orient(a, b, q) − (b.y − a.y)·ε + (b.x − a.x)·ε². Zero only when a == b.
/// `o` is the already computed orient(a, b, q).
#[inline]
pub(crate) fn perturbed_tail(o: i8, a: Coord<f64>, b: Coord<f64>) -> i8 {
    if o != 0 {
        o
    } else if b.y != a.y {
        // The sign of a float difference is exact (gradual underflow).
        if b.y > a.y {
            -1
        } else {
            1
        }
    } else if b.x != a.x {
        if b.x > a.x {
            1
        } else {
            -1
        }
    } else {
        0
    }
}

/// Exact sign of orient2d(a, b, q + δ).
#[inline]
pub(crate) fn side_perturbed(a: Coord<f64>, b: Coord<f64>, q: Coord<f64>) -> i8 {
    perturbed_tail(orient(a, b, q), a, b)
}

/// Exact sign of orient2d(c + δ, p + δ, a): on which side of the moving segment c'→p' the fixed
/// point a lies.
///
/// orient(c + δ, p + δ, a) = orient(c, p, a) + (p.y − c.y)·ε − (p.x − c.x)·ε². Zero only when
/// c == p.
#[inline]
pub(crate) fn side_of_moving(c: Coord<f64>, p: Coord<f64>, a: Coord<f64>) -> i8 {
    let o = orient(c, p, a);
    if o != 0 {
        o
    } else if p.y != c.y {
        if p.y > c.y {
            1
        } else {
            -1
        }
    } else if p.x != c.x {
        if p.x > c.x {
            -1
        } else {
            1
        }
    } else {
        0
    }
}

/// Whether the segment c'→p' (both displaced by δ) properly crosses the edge a→b.
///
/// With the symbolic displacement no endpoint of either segment lies on the other, so crossing
/// is a clean yes/no and the parity of crossings with a polygon's rings tells whether c' and p'
/// are on the same side of it.
#[inline]
pub(crate) fn segment_crosses(c: Coord<f64>, p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> bool {
    let s1 = side_perturbed(a, b, c);
    let s2 = side_perturbed(a, b, p);
    if s1 * s2 >= 0 {
        return false;
    }
    side_of_moving(c, p, a) * side_of_moving(c, p, b) < 0
}

/// Whether the eastward ray from p' = p + δ crosses the edge a→b: the half-open crossing test.
#[inline]
pub(crate) fn ray_crosses(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> bool {
    let (low, high) = if a.y <= b.y { (a, b) } else { (b, a) };
    low.y <= p.y && p.y < high.y && orient(low, high, p) > 0
}

/// Whether p lies on the closed segment a–b (exact).
#[inline]
pub(crate) fn on_segment(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> bool {
    p.x >= a.x.min(b.x)
        && p.x <= a.x.max(b.x)
        && p.y >= a.y.min(b.y)
        && p.y <= a.y.max(b.y)
        && orient(a, b, p) == 0
}

/// Whether every coordinate of the ring is usable (finite, magnitude ≤ [`MAX_ABS_COORD`]).
pub(crate) fn ring_usable(coords: &[Coord<f64>]) -> bool {
    coords
        .iter()
        .all(|c| c.x.abs() <= MAX_ABS_COORD && c.y.abs() <= MAX_ABS_COORD)
}

/// Calls `f(a, b)` for every edge of every usable ring of `polygon` (exterior and interiors),
/// closing each ring, skipping zero-length edges.
pub(crate) fn for_each_edge(polygon: &Polygon<f64>, mut f: impl FnMut(Coord<f64>, Coord<f64>)) {
    let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors().iter());
    for ring in rings {
        let coords = &ring.0;
        if coords.len() < 2 || !ring_usable(coords) {
            continue;
        }
        let n = coords.len();
        for i in 0..n {
            let a = coords[i];
            let b = coords[(i + 1) % n];
            if a != b {
                f(a, b);
            }
        }
    }
}

/// Whether p' = p + δ lies inside `polygon` by the even-odd rule over all its rings.
pub(crate) fn polygon_contains_perturbed(polygon: &Polygon<f64>, p: Coord<f64>) -> bool {
    let mut inside = false;
    for_each_edge(polygon, |a, b| {
        if ray_crosses(p, a, b) {
            inside = !inside;
        }
    });
    inside
}

/// Finds the cell containing a position by testing every edge of every polygon: the reference
/// implementation of the boundary rule, with no acceleration.
///
/// The rule (simulation of simplicity): the position p belongs to the cell whose interior
/// contains p + (ε, ε²) for an infinitesimal ε > 0, i.e. p displaced east and then, even less,
/// north. A polygon contains that displaced point when the eastward ray from it crosses the
/// polygon's rings (exterior and holes) an odd number of times; an edge from `low` to `high`
/// (`low.y <= high.y`) is crossed iff `low.y <= p.y < high.y` and `orient2d(low, high, p) > 0`
/// exactly (collinear is not crossing). The parts of a cell are tested separately; if cells
/// overlap, the smallest cell number wins. See [`crate::geocode`] for the consequences.
///
/// Rings with a non-finite coordinate, or one of magnitude above 1e100, are ignored.
///
/// # Units
/// `lng`, `lat` in degrees, in the same datum as the cells. Cell numbers are returned unchanged.
/// Invalid positions (non-finite, |lng| > 180 or |lat| > 90) return `None`.
///
/// # Errors
/// None: `None` means no cell contains the position (or it was invalid).
///
/// # Complexity
/// O(e) for e edges in total; no allocation.
///
/// # Examples
/// ```
/// use geo::polygon;
/// use jinlin::geocode::locate_brute_force;
/// let west = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)];
/// let east = polygon![(x: 1.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 1.0), (x: 1.0, y: 1.0)];
/// let cells = vec![(7, vec![west]), (8, vec![east])];
/// // On the shared edge x = 1: the point belongs to the cell to its east.
/// assert_eq!(locate_brute_force(&cells, 1.0, 0.5), Some(8));
/// // On the north edge of the union: outside.
/// assert_eq!(locate_brute_force(&cells, 0.5, 1.0), None);
/// ```
pub fn locate_brute_force(cells: &[(u32, Vec<Polygon<f64>>)], lng: f64, lat: f64) -> Option<u32> {
    if !valid_position(lng, lat) {
        return None;
    }
    let p = Coord { x: lng, y: lat };
    let mut best: Option<u32> = None;
    for (number, polygons) in cells {
        if best.is_some_and(|b| b <= *number) {
            continue;
        }
        if polygons.iter().any(|pg| polygon_contains_perturbed(pg, p)) {
            best = Some(*number);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    #[test]
    fn perturbed_segment_crossing_resolves_degenerate_cases() {
        // Segment along y = 0 from (0,0) to (2,0); edge vertical at x = 1 from (1,0) to (1,1):
        // the displaced segment runs at y = ε² > 0, so it crosses.
        assert!(segment_crosses(
            c(0.0, 0.0),
            c(2.0, 0.0),
            c(1.0, 0.0),
            c(1.0, 1.0)
        ));
        // Edge from (1,-1) to (1,0): ends at y = 0 < ε², not crossed.
        assert!(!segment_crosses(
            c(0.0, 0.0),
            c(2.0, 0.0),
            c(1.0, -1.0),
            c(1.0, 0.0)
        ));
        // Collinear overlapping horizontal edge: the displaced segment is above it.
        assert!(!segment_crosses(
            c(0.0, 0.0),
            c(2.0, 0.0),
            c(0.5, 0.0),
            c(1.5, 0.0)
        ));
        // Segment ending exactly on the edge x = 1 from the west: p' is east of it, crossed.
        assert!(segment_crosses(
            c(0.0, 0.5),
            c(1.0, 0.5),
            c(1.0, 0.0),
            c(1.0, 1.0)
        ));
        // Segment from the edge going east: c' already east, not crossed.
        assert!(!segment_crosses(
            c(1.0, 0.5),
            c(2.0, 0.5),
            c(1.0, 0.0),
            c(1.0, 1.0)
        ));
    }

    #[test]
    fn ray_test_is_half_open() {
        let (a, b) = (c(1.0, 0.0), c(1.0, 1.0));
        assert!(ray_crosses(c(0.0, 0.0), a, b)); // at the low end: counts
        assert!(!ray_crosses(c(0.0, 1.0), a, b)); // at the high end: does not
        assert!(!ray_crosses(c(1.0, 0.5), a, b)); // on the edge: p' is east of it
        assert!(ray_crosses(c(0.999, 0.5), a, b));
    }
}
