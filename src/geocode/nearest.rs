//! The nearest cell within a distance, for events reported on a road between cells.

use crate::math::SameBits;
use geo::Coord;
use rstar::AABB;

use super::rule::valid_position;
use super::CellIndex;

/// WGS-84 semi-major axis, metres.
const WGS84_A: f64 = 6_378_137.0;
/// WGS-84 flattening.
const WGS84_F: f64 = 1.0 / 298.257_223_563;

/// Metres per degree of longitude and of latitude at latitude `lat_deg` on the WGS-84
/// ellipsoid (prime-vertical radius N·cos φ, meridional radius M).
pub(crate) fn metres_per_degree(lat_deg: f64) -> (f64, f64) {
    let e2 = WGS84_F * (2.0 - WGS84_F);
    let phi = lat_deg.to_radians();
    let s2 = phi.sin_() * phi.sin_();
    let w = (1.0 - e2 * s2).sqrt();
    let n = WGS84_A / w;
    let m = WGS84_A * (1.0 - e2) / (w * w * w);
    let k = std::f64::consts::PI / 180.0;
    (n * phi.cos_().abs() * k, m * k)
}

/// Distance from the origin to the segment a–b in the plane.
fn point_segment_distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (-(a.0 * dx + a.1 * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (x, y) = (a.0 + t * dx, a.1 + t * dy);
    x.hypot_(y)
}

impl CellIndex {
    /// Finds the cell containing a position or, failing that, the cell whose boundary is
    /// nearest, if within `max_distance_m`: for events (网格事) reported on a road between cells.
    ///
    /// Returns `(cell number, distance)`; the distance is 0 when [`Self::locate`] finds a cell.
    /// Among cells at exactly the same distance the smallest cell number wins.
    ///
    /// # Units
    /// `lng`, `lat` in degrees, in the cells' datum; `max_distance_m` and the returned distance
    /// in metres. Distances use a local tangent-plane approximation of the WGS-84 ellipsoid
    /// centred on the position (east scale N·cos φ, north scale M, the ellipsoid's radii of
    /// curvature at the position's latitude φ). Its relative error grows with distance and
    /// latitude, about |Δφ|·tan φ + (d/R)²: under 0.1 % for d ≤ 10 km at |φ| ≤ 60° (Xiamen is
    /// at 24.5° N); it is not meant for distances of hundreds of kilometres, and longitudes do
    /// not wrap at ±180°.
    ///
    /// # Errors
    /// None: `None` for an invalid position, a NaN or negative `max_distance_m`, or when no cell
    /// boundary is within the distance. An infinite `max_distance_m` considers every cell.
    ///
    /// # Complexity
    /// O(log c + k) for the k edges of the polygons whose bounding boxes come within the
    /// distance, after an O(1)-ish [`Self::locate`].
    ///
    /// # Examples
    /// ```
    /// use geo::polygon;
    /// use jinlin::CellIndex;
    /// let square = polygon![(x: 0.0, y: 0.0), (x: 0.001, y: 0.0), (x: 0.001, y: 0.001), (x: 0.0, y: 0.001)];
    /// let index = CellIndex::new(&[(9, vec![square])]);
    /// let (cell, d) = index.nearest_within(0.002, 0.0005, 500.0).unwrap();
    /// assert_eq!(cell, 9);
    /// assert!((d - 111.32).abs() < 0.1); // 0.001° of longitude at the equator
    /// assert_eq!(index.nearest_within(0.002, 0.0005, 100.0), None);
    /// ```
    pub fn nearest_within(&self, lng: f64, lat: f64, max_distance_m: f64) -> Option<(u32, f64)> {
        if !valid_position(lng, lat) || max_distance_m.is_nan() || max_distance_m < 0.0 {
            return None;
        }
        if let Some(cell) = self.locate(lng, lat) {
            return Some((cell, 0.0));
        }
        let (kx, ky) = metres_per_degree(lat);
        let dlat = (max_distance_m / ky).min(360.0);
        let dlng = if kx > 0.0 {
            (max_distance_m / kx).min(360.0)
        } else {
            360.0
        };
        let envelope = AABB::from_corners([lng - dlng, lat - dlat], [lng + dlng, lat + dlat]);
        let p = Coord { x: lng, y: lat };
        let mut best: Option<(u32, f64)> = None;
        for item in self.tree.locate_in_envelope_intersecting(&envelope) {
            let Some(poly) = self.polys.get(item.data as usize) else {
                continue;
            };
            let edges = self
                .edges
                .get(poly.edge_start as usize..poly.edge_end as usize)
                .unwrap_or(&[]);
            let mut d = f64::INFINITY;
            for e in edges {
                let a = ((e.a.x - p.x) * kx, (e.a.y - p.y) * ky);
                let b = ((e.b.x - p.x) * kx, (e.b.y - p.y) * ky);
                d = d.min(point_segment_distance(a, b));
            }
            if d > max_distance_m {
                continue;
            }
            let Some(&cell) = self.cell_numbers.get(poly.dense as usize) else {
                continue;
            };
            best = match best {
                Some((bc, bd)) if bd < d || (bd == d && bc <= cell) => Some((bc, bd)),
                _ => Some((cell, d)),
            };
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metres_per_degree_matches_wgs84_tables() {
        // Equator: 111 319.49 m per degree of longitude, 110 574.27 m of latitude.
        let (kx, ky) = metres_per_degree(0.0);
        assert!((kx - 111_319.49).abs() < 0.01, "{kx}");
        assert!((ky - 110_574.27).abs() < 0.01, "{ky}");
        // 45°: 78 846.8 m (standard tables) and M·π/180 = 111 131.78 m.
        let (kx, ky) = metres_per_degree(45.0);
        assert!((kx - 78_846.8).abs() < 0.1, "{kx}");
        assert!((ky - 111_131.78).abs() < 0.01, "{ky}");
    }
}
