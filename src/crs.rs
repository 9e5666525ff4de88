//! Geodetic datums used in China: WGS-84, GCJ-02 and BD-09, and conversions between them.

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
