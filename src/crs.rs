//! Geodetic datums used in China: WGS-84, GCJ-02 and BD-09, and conversions between them.
//!
//! # The out-of-China rule
//! GCJ-02 and BD-09 are only defined for positions in China. Every conversion here leaves a
//! position unchanged when it lies outside the rough China bounding box used by the npm
//! package `gcoord` 1.0.7 (`isInChinaBbox` in `dist/gcoord.cjs.js`): longitude in
//! [72.004, 137.8347] and latitude in [0.8293, 55.8271] degrees, bounds inclusive. gcoord uses
//! only this bbox (no polygon of the border), and so does jinlin. The test is made on the
//! input of each step (the WGS-84 position for WGS-84 → GCJ-02, the GCJ-02 position for
//! GCJ-02 → WGS-84 and GCJ-02 → BD-09, the BD-09 position for BD-09 → GCJ-02).
//!
//! One deliberate difference from gcoord: gcoord applies the BD-09 offset everywhere on Earth
//! (it turns `[0, 0]` into `[0.0065, 0.006]` and can push latitude past 90°); jinlin applies the
//! same bbox rule to BD-09, so a position outside China passes through every conversion
//! unchanged. Inside the bbox, results agree with gcoord to floating-point noise (forward) and
//! jinlin's GCJ-02 → WGS-84 inverse is more exact than gcoord's (which stops at 1e-6°).
//!
//! Non-finite inputs (NaN, ±∞) pass through unchanged; no function here panics.

use crate::math::SameBits;
use serde::{Deserialize, Serialize};

/// A geodetic datum (coordinate reference) for `[lng, lat]` positions in degrees.
///
/// - `Wgs84`: GPS, OpenStreetMap, international services (EPSG:4326).
/// - `Gcj02`: the obfuscated datum required for maps published in mainland China
///   (AMap/高德, Tencent, WeChat `wx.getLocation({type: 'gcj02'})`).
/// - `Bd09`: Baidu's further offset of GCJ-02.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Datum {
    /// WGS-84 (EPSG:4326).
    Wgs84,
    /// GCJ-02 (国测局坐标, "Mars coordinates").
    Gcj02,
    /// BD-09 (百度坐标).
    Bd09,
}

/// Errors from the datum conversions.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum CrsError {
    /// An interleaved `[lng, lat, …]` array has an odd number of values.
    #[error("interleaved positions must have an even length, got {len}")]
    OddLength {
        /// The length of the array.
        len: usize,
    },
    /// A position is not a `[lng, lat]` in `[-180, 180] × [-90, 90]` (not finite or out of
    /// range).
    #[error(
        "position {index} ([{lng}, {lat}]) is not a [lng, lat] in [-180, 180] × [-90, 90] degrees"
    )]
    InvalidPosition {
        /// Its index (the pair at `2 × index`, `2 × index + 1`).
        index: usize,
        /// Its longitude as given.
        lng: f64,
        /// Its latitude as given.
        lat: f64,
    },
}

impl CrsError {
    /// The stable error code carried to JavaScript as `error.code`.
    pub fn code(&self) -> &'static str {
        match self {
            CrsError::OddLength { .. } => "CRS_ODD_LENGTH",
            CrsError::InvalidPosition { .. } => "CRS_INVALID_POSITION",
        }
    }
}

/// Semi-major axis of the Krasovsky 1940 ellipsoid used by the GCJ-02 formula, in metres.
const KRASOVSKY_A: f64 = 6_378_245.0;
/// First eccentricity squared of the Krasovsky 1940 ellipsoid, written as published (the
/// extra digits round to the same f64).
#[allow(clippy::excessive_precision)]
const KRASOVSKY_EE: f64 = 0.006_693_421_622_965_943_23;
/// Baidu's angular factor `x_pi = π · 3000 / 180`.
const X_PI: f64 = std::f64::consts::PI * 3000.0 / 180.0;
/// Maximum iterations of the GCJ-02 → WGS-84 inverse (it converges in 3–6).
const MAX_INVERSE_ITERATIONS: usize = 30;
/// Stop the inverse when a step is below this many degrees (about 1e-8 m).
const INVERSE_TOLERANCE_DEG: f64 = 1e-13;

/// Whether a position lies in the rough China bbox where GCJ-02 and BD-09 apply.
///
/// # Units
/// `[lng, lat]` in degrees (any of the three datums). Returns `false` for non-finite input.
///
/// # Source
/// The bbox of `isInChinaBbox` in the npm package `gcoord` 1.0.7: longitude in
/// [72.004, 137.8347], latitude in [0.8293, 55.8271], bounds inclusive. It is a bbox, not the
/// border: parts of neighbouring countries and the sea are "in China" by this rule.
pub fn is_in_china_bbox(lng: f64, lat: f64) -> bool {
    (72.004..=137.8347).contains(&lng) && (0.8293..=55.8271).contains(&lat)
}

fn transform_lat(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    ret += (20.0 * (6.0 * x * PI).sin_() + 20.0 * (2.0 * x * PI).sin_()) * 2.0 / 3.0;
    ret += (20.0 * (y * PI).sin_() + 40.0 * (y / 3.0 * PI).sin_()) * 2.0 / 3.0;
    ret += (160.0 * (y / 12.0 * PI).sin_() + 320.0 * (y * PI / 30.0).sin_()) * 2.0 / 3.0;
    ret
}

fn transform_lng(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    ret += (20.0 * (6.0 * x * PI).sin_() + 20.0 * (2.0 * x * PI).sin_()) * 2.0 / 3.0;
    ret += (20.0 * (x * PI).sin_() + 40.0 * (x / 3.0 * PI).sin_()) * 2.0 / 3.0;
    ret += (150.0 * (x / 12.0 * PI).sin_() + 300.0 * (x / 30.0 * PI).sin_()) * 2.0 / 3.0;
    ret
}

/// The GCJ-02 offset `(dlng, dlat)` in degrees at a WGS-84 position (no bbox test).
fn gcj_delta(lng: f64, lat: f64) -> (f64, f64) {
    use std::f64::consts::PI;
    let d_lng = transform_lng(lng - 105.0, lat - 35.0);
    let d_lat = transform_lat(lng - 105.0, lat - 35.0);
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - KRASOVSKY_EE * rad_lat.sin_() * rad_lat.sin_();
    let sqrt_magic = magic.sqrt();
    let d_lng = d_lng * 180.0 / (KRASOVSKY_A / sqrt_magic * rad_lat.cos_() * PI);
    let d_lat = d_lat * 180.0 / (KRASOVSKY_A * (1.0 - KRASOVSKY_EE) / (magic * sqrt_magic) * PI);
    (d_lng, d_lat)
}

fn finite(lng: f64, lat: f64) -> bool {
    lng.is_finite() && lat.is_finite()
}

/// Converts a WGS-84 position to GCJ-02.
///
/// # Units
/// `[lng, lat]` in degrees, WGS-84 in, GCJ-02 out. At Xiamen the offset is about 580 m.
/// Positions outside the China bbox (see [`is_in_china_bbox`]) and non-finite positions are
/// returned unchanged.
///
/// # Source
/// The published GCJ-02 forward formula (Krasovsky a = 6378245.0, ee = 0.00669342162296594323),
/// as implemented by `gcoord` 1.0.7 (`WGS84ToGCJ02`) and eviltransform.
pub fn wgs84_to_gcj02(lng: f64, lat: f64) -> (f64, f64) {
    if !finite(lng, lat) || !is_in_china_bbox(lng, lat) {
        return (lng, lat);
    }
    let (d_lng, d_lat) = gcj_delta(lng, lat);
    (lng + d_lng, lat + d_lat)
}

/// Converts a GCJ-02 position to WGS-84 by inverting [`wgs84_to_gcj02`] numerically.
///
/// # Units
/// `[lng, lat]` in degrees, GCJ-02 in, WGS-84 out. Positions outside the China bbox (tested on
/// the GCJ-02 input) and non-finite positions are returned unchanged.
///
/// # Accuracy
/// Fixed-point iteration `w ← w − (gcj02(w) − g)`, at most 30 steps, stopping when a step is
/// below 1e-13°. The forward map's Jacobian differs from the identity by about 1e-3, so each
/// step gains about three digits; the round trip `gcj02_to_wgs84(wgs84_to_gcj02(p))` is within
/// 1e-6 m of `p` across mainland China (tested on a grid including Xinjiang, Heilongjiang and
/// Hainan). Near the bbox edge (a sliver ~600 m wide, at sea or outside China) the forward and
/// inverse bbox tests can disagree and the round trip is not exact.
pub fn gcj02_to_wgs84(lng: f64, lat: f64) -> (f64, f64) {
    if !finite(lng, lat) || !is_in_china_bbox(lng, lat) {
        return (lng, lat);
    }
    let (mut w_lng, mut w_lat) = (lng, lat);
    for _ in 0..MAX_INVERSE_ITERATIONS {
        let (d_lng, d_lat) = gcj_delta(w_lng, w_lat);
        let step_lng = w_lng + d_lng - lng;
        let step_lat = w_lat + d_lat - lat;
        w_lng -= step_lng;
        w_lat -= step_lat;
        if step_lng.abs() < INVERSE_TOLERANCE_DEG && step_lat.abs() < INVERSE_TOLERANCE_DEG {
            break;
        }
    }
    if finite(w_lng, w_lat) {
        (w_lng, w_lat)
    } else {
        (lng, lat)
    }
}

/// Converts a GCJ-02 position to BD-09.
///
/// # Units
/// `[lng, lat]` in degrees, GCJ-02 in, BD-09 out. At Xiamen BD-09 lies about 960 m further
/// from GCJ-02. Positions outside the China bbox (tested on the GCJ-02 input) and non-finite
/// positions are returned unchanged (gcoord would offset them; see the module docs).
///
/// # Source
/// Baidu's published formula (x_pi = π·3000/180; z = √(x²+y²) + 2e-5·sin(y·x_pi);
/// θ = atan2(y, x) + 3e-6·cos(x·x_pi); then `[z·cos θ + 0.0065, z·sin θ + 0.006]`), as in
/// gcoord 1.0.7 `GCJ02ToBD09`.
pub fn gcj02_to_bd09(lng: f64, lat: f64) -> (f64, f64) {
    if !finite(lng, lat) || !is_in_china_bbox(lng, lat) {
        return (lng, lat);
    }
    let z = (lng * lng + lat * lat).sqrt() + 0.00002 * (lat * X_PI).sin_();
    let theta = lat.atan2_(lng) + 0.000003 * (lng * X_PI).cos_();
    (z * theta.cos_() + 0.0065, z * theta.sin_() + 0.006)
}

/// Converts a BD-09 position to GCJ-02.
///
/// # Units
/// `[lng, lat]` in degrees, BD-09 in, GCJ-02 out. Positions outside the China bbox (tested on
/// the BD-09 input) and non-finite positions are returned unchanged.
///
/// # Source
/// Starts from Baidu's published approximate inverse (x = lng − 0.0065, y = lat − 0.006;
/// z = √(x²+y²) − 2e-5·sin(y·x_pi); θ = atan2(y, x) − 3e-6·cos(x·x_pi)), as in gcoord 1.0.7
/// `BD09ToGCJ02`, which alone errs by up to ~0.3 m. jinlin then refines it by fixed-point
/// iteration on [`gcj02_to_bd09`] (at most 30 steps, stop below 1e-13°), so the round trip
/// GCJ-02 → BD-09 → GCJ-02 is exact to ~1e-6 m; results differ from gcoord's by up to ~0.3 m.
pub fn bd09_to_gcj02(lng: f64, lat: f64) -> (f64, f64) {
    if !finite(lng, lat) || !is_in_china_bbox(lng, lat) {
        return (lng, lat);
    }
    let x = lng - 0.0065;
    let y = lat - 0.006;
    let z = (x * x + y * y).sqrt() - 0.00002 * (y * X_PI).sin_();
    let theta = y.atan2_(x) - 0.000003 * (x * X_PI).cos_();
    let (mut g_lng, mut g_lat) = (z * theta.cos_(), z * theta.sin_());
    for _ in 0..MAX_INVERSE_ITERATIONS {
        let (b_lng, b_lat) = gcj02_to_bd09(g_lng, g_lat);
        let step_lng = b_lng - lng;
        let step_lat = b_lat - lat;
        g_lng -= step_lng;
        g_lat -= step_lat;
        if step_lng.abs() < INVERSE_TOLERANCE_DEG && step_lat.abs() < INVERSE_TOLERANCE_DEG {
            break;
        }
    }
    if finite(g_lng, g_lat) {
        (g_lng, g_lat)
    } else {
        (lng, lat)
    }
}

/// Converts one position between any two datums.
///
/// # Units
/// `[lng, lat]` in degrees, in datum `from` in and datum `to` out. `from == to` returns the
/// input. WGS-84 ↔ BD-09 goes through GCJ-02. The out-of-China rule of the module applies at
/// each step; non-finite positions are returned unchanged.
///
/// # Examples
/// ```
/// use jinlin::crs::{convert, Datum};
/// // Siming, Xiamen: GCJ-02 lies ~500 m east and ~290 m south of WGS-84 here. The expected
/// // values are gcoord 1.0.7's `transform([118.0894, 24.4798], WGS84, GCJ02)`.
/// let (lng, lat) = convert(118.0894, 24.4798, Datum::Wgs84, Datum::Gcj02);
/// assert!((lng - 118.09437708358346).abs() < 1e-9 && (lat - 24.477153231953347).abs() < 1e-9);
/// let (back_lng, back_lat) = convert(lng, lat, Datum::Gcj02, Datum::Wgs84);
/// assert!((back_lng - 118.0894).abs() < 1e-12 && (back_lat - 24.4798).abs() < 1e-12);
/// // Outside China's bbox nothing moves.
/// assert_eq!(convert(2.35, 48.85, Datum::Wgs84, Datum::Bd09), (2.35, 48.85));
/// ```
pub fn convert(lng: f64, lat: f64, from: Datum, to: Datum) -> (f64, f64) {
    use Datum::*;
    match (from, to) {
        (Wgs84, Wgs84) | (Gcj02, Gcj02) | (Bd09, Bd09) => (lng, lat),
        (Wgs84, Gcj02) => wgs84_to_gcj02(lng, lat),
        (Gcj02, Wgs84) => gcj02_to_wgs84(lng, lat),
        (Gcj02, Bd09) => gcj02_to_bd09(lng, lat),
        (Bd09, Gcj02) => bd09_to_gcj02(lng, lat),
        (Wgs84, Bd09) => {
            let (x, y) = wgs84_to_gcj02(lng, lat);
            gcj02_to_bd09(x, y)
        }
        (Bd09, Wgs84) => {
            let (x, y) = bd09_to_gcj02(lng, lat);
            gcj02_to_wgs84(x, y)
        }
    }
}

/// Checks interleaved positions `[lng0, lat0, lng1, lat1, …]` for [`convert_in_place`] where a
/// position that is not a longitude and latitude is an error rather than passed through (the
/// JS `convert`; `assign` instead reports such positions in its summary).
///
/// # Units
/// Degrees.
///
/// # Errors
/// [`CrsError::OddLength`] when `positions.len()` is odd; [`CrsError::InvalidPosition`] for the
/// first position with a coordinate not finite, `|lng| > 180` or `|lat| > 90`.
///
/// # Examples
/// ```
/// use jinlin::crs::check_positions;
/// assert!(check_positions(&[118.09, 24.46, -180.0, 90.0]).is_ok());
/// let err = check_positions(&[118.09, 24.46, 500.0, 24.0]).unwrap_err();
/// assert_eq!(err.code(), "CRS_INVALID_POSITION");
/// assert_eq!(
///     err.to_string(),
///     "position 1 ([500, 24]) is not a [lng, lat] in [-180, 180] × [-90, 90] degrees"
/// );
/// ```
pub fn check_positions(positions: &[f64]) -> Result<(), CrsError> {
    if positions.len() % 2 != 0 {
        return Err(CrsError::OddLength {
            len: positions.len(),
        });
    }
    match positions
        .chunks_exact(2)
        .position(|p| !(p[0].abs() <= 180.0 && p[1].abs() <= 90.0))
    {
        Some(index) => Err(CrsError::InvalidPosition {
            index,
            lng: positions[2 * index],
            lat: positions[2 * index + 1],
        }),
        None => Ok(()),
    }
}

/// Converts interleaved positions `[lng0, lat0, lng1, lat1, …]` between datums, in place.
///
/// # Units
/// Degrees, `[lng, lat]` pairs, datum `from` in and datum `to` out; see [`convert`].
///
/// # Errors
/// [`CrsError::OddLength`] when `positions.len()` is odd; the slice is then left untouched.
///
/// # Complexity
/// O(n); the GCJ-02 → WGS-84 inverse costs a few forward evaluations per position.
pub fn convert_in_place(positions: &mut [f64], from: Datum, to: Datum) -> Result<(), CrsError> {
    if positions.len() % 2 != 0 {
        return Err(CrsError::OddLength {
            len: positions.len(),
        });
    }
    if from == to {
        return Ok(());
    }
    for pair in positions.chunks_exact_mut(2) {
        let (x, y) = convert(pair[0], pair[1], from, to);
        pair[0] = x;
        pair[1] = y;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_passes_through() {
        for d in [Datum::Wgs84, Datum::Gcj02, Datum::Bd09] {
            for e in [Datum::Wgs84, Datum::Gcj02, Datum::Bd09] {
                let (x, y) = convert(f64::NAN, 24.0, d, e);
                assert!(x.is_nan() && y == 24.0);
                let (x, y) = convert(118.0, f64::INFINITY, d, e);
                assert!(x == 118.0 && y == f64::INFINITY);
            }
        }
    }

    #[test]
    fn outside_bbox_unchanged() {
        assert_eq!(convert(0.0, 0.0, Datum::Wgs84, Datum::Bd09), (0.0, 0.0));
        assert_eq!(
            convert(139.7, 35.7, Datum::Bd09, Datum::Wgs84),
            (139.7, 35.7)
        );
        assert!(is_in_china_bbox(72.004, 0.8293));
        assert!(!is_in_china_bbox(72.003_9, 30.0));
    }

    #[test]
    fn odd_length_is_an_error() {
        let mut v = [118.0, 24.0, 1.0];
        let err = convert_in_place(&mut v, Datum::Wgs84, Datum::Gcj02).unwrap_err();
        assert_eq!(err.code(), "CRS_ODD_LENGTH");
        assert_eq!(v, [118.0, 24.0, 1.0]);
    }
}
