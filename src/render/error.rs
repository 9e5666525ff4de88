//! The one error type of the renderer.

use crate::text::js_number;

/// Errors of the render core: bad viewports, class breaks, palettes, styles or input lengths.
///
/// # Errors
/// Each variant has a stable [`RenderError::code`] that the JS edge carries as `error.code`.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// A viewport field is not finite or out of range (sizes must be positive, zoom finite…).
    #[error("invalid viewport: {field} = {value}")]
    InvalidViewport {
        /// The offending field or argument by its JS name, e.g. `"widthCss"`, `"devicePixelRatio"`.
        field: &'static str,
        /// Its value.
        value: f64,
    },
    /// A bounding box is not finite or has west > east or south > north.
    #[error("invalid bounds [{west}, {south}, {east}, {north}]")]
    InvalidBounds {
        /// West, degrees.
        west: f64,
        /// South, degrees.
        south: f64,
        /// East, degrees.
        east: f64,
        /// North, degrees.
        north: f64,
    },
    /// Manual class breaks are not finite or not strictly ascending.
    #[error("invalid class breaks at index {index}: {reason}")]
    InvalidBreaks {
        /// Index of the offending break.
        index: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The number of classes is out of range.
    #[error("class count {classes} out of range {min}..={max}")]
    InvalidClassCount {
        /// Requested classes.
        classes: usize,
        /// Smallest allowed.
        min: usize,
        /// Largest allowed.
        max: usize,
    },
    /// A per-cell or per-point array has the wrong length.
    #[error("{what}: expected {expected} entries, got {actual}")]
    ValuesLength {
        /// Which array, e.g. `"values"`.
        what: &'static str,
        /// Expected length.
        expected: usize,
        /// Actual length.
        actual: usize,
    },
    /// No ColorBrewer palette of that name is built in; the message lists
    /// [`super::PALETTE_NAMES`].
    #[error(
        "unknown palette {name:?}: expected one of {}",
        super::palette::PALETTE_LIST
    )]
    UnknownPalette {
        /// The name asked for.
        name: String,
    },
    /// A value is ±∞ (`RENDER_INVALID_VALUE`): NaN is "no data", an infinite count is a bug
    /// upstream (a division by zero) that would otherwise be drawn as no data.
    #[error("{what}[{index}] = {} is not a finite number (NaN means no data)", js_number(*value))]
    InvalidValue {
        /// Which array, e.g. `"values"`.
        what: &'static str,
        /// Index of the entry.
        index: usize,
        /// Its value.
        value: f64,
    },
    /// A point position is not finite or out of range (`RENDER_INVALID_POSITION`): longitude
    /// must be in −180..=180 and latitude in −90..=90 degrees.
    #[error(
        "{what}: point {index} = [{}, {}] is out of range{RANGE}",
        js_number(*lng), js_number(*lat)
    )]
    InvalidPosition {
        /// Which input, e.g. `"positions"`.
        what: &'static str,
        /// Index of the point (pair), from 0.
        index: usize,
        /// Its longitude, degrees.
        lng: f64,
        /// Its latitude, degrees.
        lat: f64,
    },
    /// A ring vertex of flat input is not finite or out of range (`RENDER_INVALID_RINGS`).
    #[error(
        "invalid rings at ring {ring} (cell {cell}): vertex {vertex} (positions[{}..]) = [{}, {}] \
         is out of range{RANGE}",
        2 * vertex, js_number(*lng), js_number(*lat)
    )]
    InvalidVertex {
        /// Index of the ring.
        ring: usize,
        /// Its cell number.
        cell: u32,
        /// Index of the vertex in `positions` (pairs), from 0.
        vertex: usize,
        /// Its longitude, degrees.
        lng: f64,
        /// Its latitude, degrees.
        lat: f64,
    },
    /// A ring of flat input encloses no area, or a cell has no ring (`RENDER_INVALID_RINGS`).
    #[error("invalid rings: cell {cell}{}: {reason}", ring.map(|r| format!(", ring {r}")).unwrap_or_default())]
    InvalidCellGeometry {
        /// The cell number.
        cell: u32,
        /// Index of the offending ring, `None` when the cell has none.
        ring: Option<usize>,
        /// What is wrong.
        reason: &'static str,
    },
    /// A font family list is not one a canvas accepts (`RENDER_INVALID_STYLE`): the canvas
    /// would ignore the whole font and draw labels in its default font.
    #[error("invalid style: fontFamily = {value:?}: {reason}")]
    InvalidFontFamily {
        /// The string given (its first 64 bytes and `…` when longer).
        value: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A colour string is not `#rrggbb` or `#rrggbbaa`.
    #[error("invalid colour {value:?} (expected #rrggbb or #rrggbbaa)")]
    InvalidColor {
        /// The string given.
        value: String,
    },
    /// Two cells carry the same cell number.
    #[error("duplicate cell number {cell}")]
    DuplicateCell {
        /// The repeated number.
        cell: u32,
    },
    /// A cell number that is not in the map.
    #[error("unknown cell number {cell}")]
    UnknownCell {
        /// The number asked for.
        cell: u32,
    },
    /// Flat ring input is malformed (offsets out of order or past the end, a hole before any
    /// exterior).
    #[error("invalid rings at ring {ring}: {reason}")]
    InvalidRings {
        /// Index of the offending ring.
        ring: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// Flat ring input has no ring (`RENDER_EMPTY`): a view needs at least one cell.
    #[error("no cells: ringEnds is empty (a view needs at least one ring)")]
    Empty,
    /// Flat hierarchy input is malformed: an unknown level code, a parent out of range, or a
    /// parent whose level is not strictly higher than its child's.
    #[error("invalid hierarchy at cell {cell}: {reason}")]
    InvalidHierarchy {
        /// Index of the offending cell.
        cell: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A style number is not finite, below its minimum (0, or above 0 when `min_excluded`) or
    /// over its maximum.
    #[error("invalid style: {field} = {value} (a number in {}0, {max}])", if *.min_excluded { "(" } else { "[" })]
    InvalidStyle {
        /// The field.
        field: &'static str,
        /// Its value.
        value: f64,
        /// Whether 0 itself is out of range.
        min_excluded: bool,
        /// The largest value allowed.
        max: f64,
    },
    /// A points layer's clustering grid is negative or not finite (`RENDER_INVALID_STYLE`).
    #[error("clusterPx = {value}: must be a number of CSS px ≥ 0 (0: no clustering)")]
    InvalidClusterPx {
        /// Its value.
        value: f64,
    },
    /// The canvas would be larger than browsers draw (`RENDER_CANVAS_TOO_LARGE`): a side over
    /// [`super::MAX_CANVAS_SIDE_PX`] or an area over [`super::MAX_CANVAS_AREA_PX`] device px.
    #[error(
        "a canvas of {width_px} × {height_px} device px ({width_css} × {height_css} CSS px at device pixel ratio {device_pixel_ratio}) \
         is larger than the limit of {max_side} px a side and {max_area} px in all: lower the size or the devicePixelRatio"
    )]
    CanvasTooLarge {
        /// Device px across.
        width_px: f64,
        /// Device px down.
        height_px: f64,
        /// CSS px across.
        width_css: f64,
        /// CSS px down.
        height_css: f64,
        /// Device px per CSS px.
        device_pixel_ratio: f64,
        /// [`super::MAX_CANVAS_SIDE_PX`].
        max_side: u32,
        /// [`super::MAX_CANVAS_AREA_PX`].
        max_area: u32,
    },
}

/// What a `[lng, lat]` position must be, for messages.
const RANGE: &str = " (lng -180..=180, lat -90..=90 degrees, finite)";

impl RenderError {
    /// The stable code of this error, e.g. `"RENDER_INVALID_VIEWPORT"`.
    ///
    /// # Errors
    /// None: this maps a variant to its constant code.
    pub fn code(&self) -> &'static str {
        match self {
            RenderError::InvalidViewport { .. } => "RENDER_INVALID_VIEWPORT",
            RenderError::InvalidBounds { .. } => "RENDER_INVALID_BOUNDS",
            RenderError::InvalidBreaks { .. } => "RENDER_INVALID_BREAKS",
            RenderError::InvalidClassCount { .. } => "RENDER_INVALID_CLASS_COUNT",
            RenderError::ValuesLength { .. } => "RENDER_VALUES_LENGTH",
            RenderError::UnknownPalette { .. } => "RENDER_UNKNOWN_PALETTE",
            RenderError::InvalidColor { .. } => "RENDER_INVALID_COLOR",
            RenderError::InvalidValue { .. } => "RENDER_INVALID_VALUE",
            RenderError::InvalidPosition { .. } => "RENDER_INVALID_POSITION",
            RenderError::InvalidVertex { .. } | RenderError::InvalidCellGeometry { .. } => {
                "RENDER_INVALID_RINGS"
            }
            RenderError::InvalidFontFamily { .. } => "RENDER_INVALID_STYLE",
            RenderError::DuplicateCell { .. } => "RENDER_DUPLICATE_CELL",
            RenderError::UnknownCell { .. } => "RENDER_UNKNOWN_CELL",
            RenderError::InvalidRings { .. } => "RENDER_INVALID_RINGS",
            RenderError::Empty => "RENDER_EMPTY",
            RenderError::InvalidHierarchy { .. } => "RENDER_INVALID_HIERARCHY",
            RenderError::InvalidStyle { .. } | RenderError::InvalidClusterPx { .. } => {
                "RENDER_INVALID_STYLE"
            }
            RenderError::CanvasTooLarge { .. } => "RENDER_CANVAS_TOO_LARGE",
        }
    }
}
