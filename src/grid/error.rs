//! The error enum of the grid module.

/// Errors from reading or validating a grid map.
///
/// Every variant that concerns one feature carries `index` (0-based position of the feature in
/// the input `features` array) and `id` (the feature's id when it could be read), and its
/// message starts with `feature {index} (id "{id}")`. Polygon and ring numbers are 0-based
/// positions in the GeoJSON `coordinates` (for a `Polygon`, the polygon number is 0; ring 0 is
/// the exterior).
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum GridError {
    /// The text is not JSON (`GEOJSON_INVALID_JSON`).
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    InvalidJson {
        /// What the JSON parser reported.
        message: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// The top level is not a GeoJSON `FeatureCollection` (`GEOJSON_NOT_FEATURE_COLLECTION`).
    #[error("expected a GeoJSON FeatureCollection, found {found}")]
    NotFeatureCollection {
        /// What was found instead (a JSON type, or the `type` member).
        found: String,
    },
    /// The `FeatureCollection` has more features than [`GridOptions::max_cells`]
    /// (`GEOJSON_TOO_MANY_CELLS`); checked before the map is built.
    ///
    /// [`GridOptions::max_cells`]: super::GridOptions::max_cells
    #[error("the FeatureCollection has {count} features, more than the limit maxCells = {limit}")]
    TooManyCells {
        /// Number of features.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// The geometries hold more positions than [`GridOptions::max_vertices`]
    /// (`GEOJSON_TOO_MANY_VERTICES`); checked before the map is built.
    ///
    /// [`GridOptions::max_vertices`]: super::GridOptions::max_vertices
    #[error("the FeatureCollection has {count} positions in its geometries, more than the limit maxVertices = {limit}")]
    TooManyVertices {
        /// Number of positions in all rings of all features.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// The `FeatureCollection` has no features (`GEOJSON_EMPTY`).
    #[error("the FeatureCollection has no features")]
    Empty,
    /// A member of `features` is not a valid GeoJSON `Feature` (`GEOJSON_INVALID_FEATURE`).
    #[error("feature {index}: {message}")]
    InvalidFeature {
        /// Index of the feature.
        index: u32,
        /// What is wrong.
        message: String,
    },
    /// The feature has no id property (`GEOJSON_MISSING_ID`).
    #[error("feature {index}: missing id property \"{property}\"")]
    MissingId {
        /// Index of the feature.
        index: u32,
        /// The configured id property name.
        property: String,
    },
    /// The id property is not a non-empty string or an integer (`GEOJSON_INVALID_ID`).
    #[error("feature {index}: id property \"{property}\" must be a non-empty string or an integer, found {found}")]
    InvalidId {
        /// Index of the feature.
        index: u32,
        /// The configured id property name.
        property: String,
        /// The JSON found, abbreviated.
        found: String,
    },
    /// Two features have the same id (`GEOJSON_DUPLICATE_ID`).
    #[error("{}: duplicate id, first used by feature {first_index}", who(*index, Some(id)))]
    DuplicateId {
        /// Index of the later feature.
        index: u32,
        /// The id.
        id: String,
        /// Index of the first feature with this id.
        first_index: u32,
    },
    /// A property other than the id has the wrong JSON type (`GEOJSON_INVALID_PROPERTY`).
    #[error("{}: property \"{property}\" must be {expected}", who(*index, id.as_deref()))]
    InvalidProperty {
        /// Index of the feature.
        index: u32,
        /// The feature's id.
        id: Option<String>,
        /// The property name.
        property: String,
        /// What was expected, e.g. "a string".
        expected: String,
    },
    /// `level` is missing or not `street`, `community` or `grid` (`GEOJSON_UNKNOWN_LEVEL`).
    #[error("{}: {}", who(*index, id.as_deref()), match level { Some(l) => format!("unknown level \"{l}\" (expected street, community or grid)"), None => "missing level (expected street, community or grid)".to_string() })]
    UnknownLevel {
        /// Index of the feature.
        index: u32,
        /// The feature's id.
        id: Option<String>,
        /// The level found, `None` when absent.
        level: Option<String>,
    },
    /// `parent` names no feature of the collection (`GEOJSON_UNKNOWN_PARENT`).
    #[error("{}: parent \"{parent}\" is not the id of any feature", who(*index, Some(id)))]
    UnknownParent {
        /// Index of the feature.
        index: u32,
        /// The feature's id.
        id: String,
        /// The parent id given.
        parent: String,
    },
    /// The parent's level is not above the cell's (street › community › grid)
    /// (`GEOJSON_PARENT_LEVEL`). A cell that is its own parent, or any parent cycle, is reported
    /// this way: a cycle cannot have strictly rising levels.
    #[error("{}: parent \"{parent}\" is a {parent_level} cell, not above this {level} cell (a parent must be of a higher level: street › community › grid, so parents cannot form a cycle)", who(*index, Some(id)))]
    ParentLevel {
        /// Index of the feature.
        index: u32,
        /// The feature's id.
        id: String,
        /// The feature's level.
        level: crate::grid::Level,
        /// The parent id.
        parent: String,
        /// The parent's level.
        parent_level: crate::grid::Level,
    },
    /// Geometry is null, not a `Polygon`/`MultiPolygon`, or malformed
    /// (`GEOJSON_INVALID_GEOMETRY`).
    #[error("{}: {message}", who(*index, id.as_deref()))]
    InvalidGeometry {
        /// Index of the feature.
        index: u32,
        /// The feature's id.
        id: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A ring has fewer than 4 positions, or fewer than 3 corners once consecutive duplicates
    /// and zero-width spikes are removed, so it encloses no area (`GEOJSON_RING_TOO_SHORT`).
    #[error("{}: ring {ring} of polygon {polygon} {}", who(*index, id.as_deref()), if *positions < 4 { format!("has {positions} positions (a ring needs at least 4, the last equal to the first)") } else { format!("has {positions} positions but only {distinct} corners once repeated positions and zero-width spikes are removed (a ring needs 3 corners enclosing an area)") })]
    RingTooShort {
        /// Index of the feature.
        index: u32,
        /// The feature's id.
        id: Option<String>,
        /// Polygon number within the geometry.
        polygon: u32,
        /// Ring number within the polygon (0 = exterior).
        ring: u32,
        /// Number of positions in the ring.
        positions: u32,
        /// Number of corners left after removing the closing position, consecutive duplicates
        /// and zero-width spikes.
        distinct: u32,
    },
    /// A ring's last position differs from its first (`GEOJSON_RING_NOT_CLOSED`).
    #[error("{}: ring {ring} of polygon {polygon} is not closed", who(*index, id.as_deref()))]
    RingNotClosed {
        /// Index of the feature.
        index: u32,
        /// The feature's id.
        id: Option<String>,
        /// Polygon number within the geometry.
        polygon: u32,
        /// Ring number within the polygon (0 = exterior).
        ring: u32,
    },
    /// A position is not two finite numbers within |lng| ≤ 180, |lat| ≤ 90
    /// (`GEOJSON_INVALID_COORDINATE`).
    #[error("{}: position {position} of ring {ring} of polygon {polygon}: {message}", who(*index, id.as_deref()))]
    InvalidCoordinate {
        /// Index of the feature.
        index: u32,
        /// The feature's id.
        id: Option<String>,
        /// Polygon number within the geometry.
        polygon: u32,
        /// Ring number within the polygon (0 = exterior).
        ring: u32,
        /// Position number within the ring.
        position: u32,
        /// What is wrong.
        message: String,
    },
    /// An interior ring (a hole) lies outside its polygon's exterior ring
    /// (`GEOJSON_HOLE_OUTSIDE`).
    #[error("{}: ring {ring} of polygon {polygon} is a hole outside the exterior ring 0", who(*index, id.as_deref()))]
    HoleOutside {
        /// Index of the feature.
        index: u32,
        /// The feature's id.
        id: Option<String>,
        /// Polygon number within the geometry.
        polygon: u32,
        /// Ring number of the hole (≥ 1).
        ring: u32,
    },
    /// Two edges of a polygon's rings cross or overlap along a line
    /// (`GEOJSON_SELF_INTERSECTION`). Rings that merely touch at a point are accepted.
    #[error("{}: {} near [{}, {}]", who(*index, id.as_deref()), if ring == other_ring { format!("ring {ring} of polygon {polygon} intersects itself") } else { format!("ring {ring} of polygon {polygon} crosses ring {other_ring}") }, degrees(at[0]), degrees(at[1]))]
    SelfIntersection {
        /// Index of the feature.
        index: u32,
        /// The feature's id.
        id: Option<String>,
        /// Polygon number within the geometry.
        polygon: u32,
        /// Ring number of the first edge.
        ring: u32,
        /// Ring number of the second edge (equal to `ring` for a self-intersecting ring).
        other_ring: u32,
        /// Approximate position of the intersection, `[lng, lat]` degrees.
        at: [f64; 2],
    },
}

/// Degrees with at most 7 decimals (about 1 cm), trailing zeros removed: `118.081`.
fn degrees(v: f64) -> String {
    let s = format!("{v:.7}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// `feature 17 (id "350203001001")`, or `feature 17` when the id is unknown.
fn who(index: u32, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("feature {index} (id {id:?})"),
        None => format!("feature {index}"),
    }
}

impl GridError {
    /// The stable error code carried to JavaScript as `error.code`.
    pub fn code(&self) -> &'static str {
        match self {
            GridError::InvalidJson { .. } => "GEOJSON_INVALID_JSON",
            GridError::NotFeatureCollection { .. } => "GEOJSON_NOT_FEATURE_COLLECTION",
            GridError::Empty => "GEOJSON_EMPTY",
            GridError::TooManyCells { .. } => "GEOJSON_TOO_MANY_CELLS",
            GridError::TooManyVertices { .. } => "GEOJSON_TOO_MANY_VERTICES",
            GridError::InvalidFeature { .. } => "GEOJSON_INVALID_FEATURE",
            GridError::MissingId { .. } => "GEOJSON_MISSING_ID",
            GridError::InvalidId { .. } => "GEOJSON_INVALID_ID",
            GridError::DuplicateId { .. } => "GEOJSON_DUPLICATE_ID",
            GridError::InvalidProperty { .. } => "GEOJSON_INVALID_PROPERTY",
            GridError::UnknownLevel { .. } => "GEOJSON_UNKNOWN_LEVEL",
            GridError::UnknownParent { .. } => "GEOJSON_UNKNOWN_PARENT",
            GridError::ParentLevel { .. } => "GEOJSON_PARENT_LEVEL",
            GridError::InvalidGeometry { .. } => "GEOJSON_INVALID_GEOMETRY",
            GridError::RingTooShort { .. } => "GEOJSON_RING_TOO_SHORT",
            GridError::RingNotClosed { .. } => "GEOJSON_RING_NOT_CLOSED",
            GridError::InvalidCoordinate { .. } => "GEOJSON_INVALID_COORDINATE",
            GridError::SelfIntersection { .. } => "GEOJSON_SELF_INTERSECTION",
            GridError::HoleOutside { .. } => "GEOJSON_HOLE_OUTSIDE",
        }
    }

    /// The index of the feature at fault, when the error concerns one feature.
    pub fn feature_index(&self) -> Option<u32> {
        match self {
            GridError::InvalidJson { .. }
            | GridError::NotFeatureCollection { .. }
            | GridError::Empty
            | GridError::TooManyCells { .. }
            | GridError::TooManyVertices { .. } => None,
            GridError::InvalidFeature { index, .. }
            | GridError::MissingId { index, .. }
            | GridError::InvalidId { index, .. }
            | GridError::DuplicateId { index, .. }
            | GridError::InvalidProperty { index, .. }
            | GridError::UnknownLevel { index, .. }
            | GridError::UnknownParent { index, .. }
            | GridError::ParentLevel { index, .. }
            | GridError::InvalidGeometry { index, .. }
            | GridError::RingTooShort { index, .. }
            | GridError::RingNotClosed { index, .. }
            | GridError::InvalidCoordinate { index, .. }
            | GridError::SelfIntersection { index, .. }
            | GridError::HoleOutside { index, .. } => Some(*index),
        }
    }
}
