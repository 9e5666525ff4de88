//! The grid map renderer: viewport and Web Mercator projection, choropleth classes and
//! ColorBrewer palettes, topology-preserving simplification, label placement, picking, a
//! points layer, the display list, and the SVG backend.
//!
//! The core is independent of the grid model: it takes `(cell number, polygons)` slices,
//! names and values. [`Scene`] holds a view's state between frames and makes a
//! [`DisplayList`] in device pixels; backends draw it ([`to_svg`] here, Canvas 2D in the JS
//! adapter).

mod cache;
mod classify;
mod display_list;
mod drill;
mod error;
mod font;
mod geometry;
mod labels;
mod order;
mod palette;
mod pick;
mod points;
mod raster;
mod scene;
mod simplify;
mod svg;
mod viewport;

#[cfg_attr(not(target_arch = "wasm32"), allow(unused_imports))]
pub(crate) use crate::text::js_number;
pub use classify::{class_breaks, Choropleth, ClassBreaks, ClassMethod, Legend, LegendClass};
pub use display_list::{
    DisplayList, LabelItem, MarkerItem, PathItem, PathRole, Stroke, Style, MAX_LENGTH_CSS,
    MAX_STROKE_WIDTH_CSS,
};
pub use drill::{hierarchy_from_flat, Drill};
pub use error::RenderError;
pub use geometry::{cells_from_flat, cells_from_flat_numbered, CellPolygons, GeometryReport};
pub use labels::{polylabel, short_name, text_width_em, LabelAnchor};
pub use palette::{
    colorbrewer, Color, DEFAULT_PALETTE, MAX_PALETTE_CLASSES, MIN_PALETTE_CLASSES, NO_DATA_COLOR,
    PALETTE_NAMES,
};
pub use points::{Cluster, PointKind, PointLayer};
pub use raster::{Raster, HAIRLINE_MAX_PX};
pub use scene::{Classification, FillBatch, MarkerHit, PaintBatches, Scene, StrokeBatch};
pub use simplify::{SharedArcs, SimplifiedCell};
pub use svg::{escape_xml, to_svg};
pub use viewport::{
    lnglat_from_mercator, mercator_from_lnglat, Transform, Viewport, MAX_CANVAS_AREA_PX,
    MAX_CANVAS_SIDE_PX, MAX_DEVICE_PIXEL_RATIO, MAX_LATITUDE, MAX_SIZE_CSS, MIN_DEVICE_PIXEL_RATIO,
    TILE_SIZE_CSS, ZOOM_LIMIT,
};

/// A `w`-wide square with its corner at `(x, y)`, counter-clockwise from it, closed (for
/// tests of the scene, its batches and the shared arcs).
#[cfg(test)]
pub(crate) fn square(x: f64, y: f64, w: f64) -> geo::Polygon<f64> {
    geo::Polygon::new(
        geo::LineString::from(vec![(x, y), (x + w, y), (x + w, y + w), (x, y + w), (x, y)]),
        vec![],
    )
}
