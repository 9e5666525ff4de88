//! The grid map model: cells (street › community › grid), their hierarchy, GeoJSON input,
//! validation and diagnostics.
//!
//! Read a map with [`GridMap::from_geojson`]; the GeoJSON contract is in DESIGN.md
//! ("Data contracts") and on that function. Check a valid map's geometry with
//! [`GridMap::diagnostics`].

use crate::crs::Datum;
use geo::Polygon;

#[cfg(feature = "diagnostics")]
mod diagnostics;
mod error;
mod hierarchy;
mod limits;
mod parse;
// The fast path of `from_geojson`, in the grid module only: the diagnostics module (for the
// administrators who check a map) keeps within its size budget on the `Value` path alone.
#[cfg(feature = "grid")]
mod parse_text;
mod self_intersection;
mod validate;

#[cfg(feature = "diagnostics")]
pub use diagnostics::{Diagnostics, Gap, Hole, OutsideParent, Overlap};
pub use error::GridError;
pub use limits::{DEFAULT_MAX_CELLS, DEFAULT_MAX_VERTICES};
pub use validate::MIN_EXTERIOR_AREA_DEG2;

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

impl Level {
    /// The GeoJSON spelling of the level: `"street"`, `"community"` or `"grid"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Street => "street",
            Level::Community => "community",
            Level::Grid => "grid",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
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
    /// stored as its parts. Maps read by [`GridMap::from_geojson`] have every ring closed and
    /// cleaned (no consecutive duplicate positions, no zero-width spikes `a → b → a`),
    /// exteriors counter-clockwise and interiors clockwise (RFC 7946 §3.1.6).
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

/// Options for reading a grid map.
///
/// Deserialises from a JS object `{ datum?: "wgs84" | "gcj02" | "bd09", idProperty?: string,
/// maxCells?: number, maxVertices?: number }`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GridOptions {
    /// The datum of the input positions (default WGS-84, as RFC 7946 requires). The map keeps
    /// this datum; convert with [`GridMap::to_datum`].
    pub datum: Datum,
    /// The name of the property holding each feature's id (default `"id"`).
    pub id_property: String,
    /// At most this many features (default [`DEFAULT_MAX_CELLS`]); more fail with
    /// [`GridError::TooManyCells`] before the map is built.
    pub max_cells: usize,
    /// At most this many positions in all rings of all features (default
    /// [`DEFAULT_MAX_VERTICES`]; a `bbox` or a numeric array among the properties counts as one
    /// too); more fail with [`GridError::TooManyVertices`] before the map is built (reading
    /// stops at the cap).
    pub max_vertices: usize,
}

impl Default for GridOptions {
    fn default() -> Self {
        GridOptions {
            datum: Datum::Wgs84,
            id_property: "id".to_string(),
            max_cells: DEFAULT_MAX_CELLS,
            max_vertices: DEFAULT_MAX_VERTICES,
        }
    }
}

impl GridMap {
    /// Reads and validates a grid map from GeoJSON text.
    ///
    /// # Contract
    /// A `FeatureCollection` of at least one `Feature`. Each feature has:
    /// - geometry `Polygon` or `MultiPolygon` (a MultiPolygon's parts become separate polygons
    ///   of one cell); rings of at least 4 positions, closed, with no crossing or overlapping
    ///   edges (touching at a point is accepted), holes inside their exterior; extra numbers in a position (altitude) are
    ///   ignored. Rings are stored cleaned: consecutive duplicate positions and zero-width
    ///   spikes (the path going out and straight back, as in the quantised Siming outline) are
    ///   removed, and rings are re-oriented to RFC 7946 (exterior counter-clockwise);
    /// - `properties[options.id_property]`: the id, a non-empty string or an integer (an
    ///   integer is converted to its decimal string, so `350203001` and `"350203001"` are the
    ///   same id). If the property is absent or null, the Feature's own `id` member is used;
    /// - `level`: `"street"`, `"community"` or `"grid"`;
    /// - `parent`: the id (string or integer) of the enclosing cell, of a strictly higher level;
    ///   absent, null or `""` at the top. Any level may be at the top;
    /// - `name` (string; defaults to the id) and `worker` (string or null), both optional.
    ///
    /// Other members and properties are ignored, and so is a leading UTF-8 byte order mark.
    /// Cells are sorted by id (byte order), so the result does not depend on the order of the
    /// features.
    ///
    /// # Units
    /// Positions are `[lng, lat]` in degrees in `options.datum`; the map keeps that datum.
    ///
    /// # Errors
    /// The first problem found, checking the features in input order, then ids and parents
    /// in input order. See [`GridError`] for each variant and its `code()`:
    /// `GEOJSON_INVALID_JSON`, `GEOJSON_NOT_FEATURE_COLLECTION`, `GEOJSON_EMPTY`,
    /// `GEOJSON_INVALID_FEATURE`, `GEOJSON_MISSING_ID`, `GEOJSON_INVALID_ID`,
    /// `GEOJSON_INVALID_PROPERTY`, `GEOJSON_UNKNOWN_LEVEL`, `GEOJSON_INVALID_GEOMETRY`,
    /// `GEOJSON_INVALID_COORDINATE`, `GEOJSON_RING_TOO_SHORT`, `GEOJSON_RING_NOT_CLOSED`,
    /// `GEOJSON_SELF_INTERSECTION`, `GEOJSON_HOLE_OUTSIDE`, `GEOJSON_DUPLICATE_ID`, `GEOJSON_UNKNOWN_PARENT`,
    /// `GEOJSON_PARENT_LEVEL` (also for parent cycles). Before anything else, the caps:
    /// `GEOJSON_TOO_MANY_VERTICES` when the text holds more positions (arrays starting with a
    /// number) than `options.max_vertices` (counted on the text, before it is parsed into a
    /// tree, or while it is read straight into the cells: never past the cap),
    /// `GEOJSON_TOO_MANY_CELLS` when there are more features than `options.max_cells` (before
    /// any cell is built).
    ///
    /// # Complexity
    /// O(n log n) in the number of positions for typical maps (the self-intersection test uses
    /// an R-tree over each polygon's edges).
    ///
    /// # Examples
    /// ```
    /// use jinlin::grid::{GridMap, GridOptions};
    /// let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature",
    ///   "properties":{"id":"s1","name":"Street","level":"street"},
    ///   "geometry":{"type":"Polygon","coordinates":[[[118,24],[118.01,24],[118.01,24.01],[118,24]]]}}]}"#;
    /// let map = GridMap::from_geojson(text, &GridOptions::default()).unwrap();
    /// assert_eq!(map.cells[0].id, "s1");
    /// let err = GridMap::from_geojson("[]", &GridOptions::default()).unwrap_err();
    /// assert_eq!(err.code(), "GEOJSON_NOT_FEATURE_COLLECTION");
    /// ```
    pub fn from_geojson(text: &str, options: &GridOptions) -> Result<GridMap, GridError> {
        // A UTF-8 byte order mark (as Windows GIS tools write) is not JSON; skip it.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // The fast path: straight into typed features, counting the positions as it goes and
        // stopping at the vertex cap. It gives up on anything but the shape of a valid map's
        // features within the caps; the `Value` path below then reads the text and names the
        // problem (see parse_text.rs).
        #[cfg(feature = "grid")]
        if let Some(result) = parse_text::read(text, options) {
            return result;
        }
        // The vertex cap, before the text is parsed into a tree (~150 bytes per position).
        let positions = limits::positions_in_text(text);
        if positions > options.max_vertices {
            return Err(GridError::TooManyVertices {
                count: positions,
                limit: options.max_vertices,
            });
        }
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            let full = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            GridError::InvalidJson {
                message: full.strip_suffix(&suffix).unwrap_or(&full).to_string(),
                line: e.line(),
                column: e.column(),
            }
        })?;
        Self::from_geojson_value(&value, options)
    }

    /// Reads and validates a GeoJSON FeatureCollection of cells from its UTF-8 bytes (as a file
    /// or an HTTP response body holds them), as [`GridMap::from_geojson`] reads the text.
    ///
    /// # Units
    /// As [`GridMap::from_geojson`]; `bytes` is UTF-8 (RFC 8259, 8.1), a leading byte order mark
    /// allowed.
    ///
    /// # Errors
    /// `GEOJSON_INVALID_JSON` ([`GridError::InvalidJson`]) when `bytes` is not UTF-8: the message
    /// names the byte offset of the first invalid sequence, `line` and `column` (1-based, the
    /// column counted in bytes) where it is. Otherwise as [`GridMap::from_geojson`].
    ///
    /// # Examples
    /// ```
    /// use jinlin::grid::{GridMap, GridOptions};
    /// let err = GridMap::from_geojson_bytes(b"{\n \"a\": \"\xff\"}", &GridOptions::default())
    ///     .unwrap_err();
    /// assert_eq!(err.code(), "GEOJSON_INVALID_JSON");
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid JSON at line 2, column 8: invalid UTF-8 at byte offset 9"
    /// );
    /// ```
    pub fn from_geojson_bytes(bytes: &[u8], options: &GridOptions) -> Result<GridMap, GridError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Self::from_geojson(text, options),
            Err(e) => {
                let offset = e.valid_up_to();
                let before = &bytes[..offset];
                let line_start = before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                Err(GridError::InvalidJson {
                    message: format!("invalid UTF-8 at byte offset {offset}"),
                    line: before.iter().filter(|&&b| b == b'\n').count() + 1,
                    column: offset - line_start + 1,
                })
            }
        }
    }

    /// Reads and validates a grid map from an already parsed GeoJSON value.
    ///
    /// # Units
    /// As [`GridMap::from_geojson`].
    ///
    /// # Errors
    /// As [`GridMap::from_geojson`], except `GEOJSON_INVALID_JSON`; the caps are checked on the
    /// value before any cell is built.
    pub fn from_geojson_value(
        value: &serde_json::Value,
        options: &GridOptions,
    ) -> Result<GridMap, GridError> {
        limits::size_of_value(value).check(options)?;
        parse::parse_collection(value, options)
    }
}
