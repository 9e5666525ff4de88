//! The grid map model: cells (street › community › grid), their hierarchy, GeoJSON input,
//! validation and diagnostics.

use crate::crs::Datum;
use geo::Polygon;

/// The level of a cell in the hierarchy street (街道) › community (社区) › grid (网格).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// 街道: a sub-district.
    Street,
    /// 社区: a residents' committee area.
    Community,
    /// 网格: a grid cell, served by one grid worker (网格员).
    Grid,
}

/// One cell of the grid map.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// Unique id (the `id` property, or the configured id property).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Level in the hierarchy.
    pub level: Level,
    /// Index (into [`GridMap::cells`]) of the enclosing cell; `None` at the top.
    pub parent: Option<u32>,
    /// Display name of the grid worker (网格员), if any.
    pub worker: Option<String>,
    /// The cell's polygons in the map's datum, `[lng, lat]` degrees. A GeoJSON MultiPolygon is
    /// stored as its parts.
    pub polygons: Vec<Polygon<f64>>,
    /// Index of the source feature in the input FeatureCollection.
    pub feature_index: u32,
}

/// A validated grid map: cells sorted by id, so that indices do not depend on feature order.
#[derive(Clone, Debug)]
pub struct GridMap {
    /// Cells in ascending order of `id`.
    pub cells: Vec<Cell>,
    /// The datum of every position in `cells`.
    pub datum: Datum,
}

/// Errors from reading or validating a grid map.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum GridError {
    /// Placeholder until the parser lands.
    #[error("invalid GeoJSON: {message}")]
    InvalidJson {
        /// What is wrong.
        message: String,
    },
}

impl GridError {
    /// The stable error code carried to JavaScript as `error.code`.
    pub fn code(&self) -> &'static str {
        match self {
            GridError::InvalidJson { .. } => "GEOJSON_INVALID_JSON",
        }
    }
}
