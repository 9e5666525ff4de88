//! jinlin (近邻): the engine of a "smart neighbours" (智慧近邻) community-governance portal.
//!
//! Three jobs where the browser has to be right and fast:
//! - the grid map model (street 街道 › community 社区 › grid 网格), read from GeoJSON ([`GridMap`]);
//! - polygon geocoding of households and events into grid cells ([`GridIndex`], [`CellIndex`]);
//! - owners' assembly vote tallying by Civil Code Art. 278 (`tally`);
//! - the grid map renderer: choropleth, labels, picking, SVG and Canvas 2D backends ([`Scene`],
//!   [`render`]).
//!
//! Cargo features pick the domains (all by default): `grid` (crs, grid model, geocoding),
//! `render`, `map` (both), `diagnostics` (grid map checks), `tally`. The npm package is built
//! one `.wasm` per domain, so that each stays small.
//!
//! The core is plain Rust; `src/wasm/` is the only place that talks to JavaScript.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod crs;
#[cfg(feature = "grid")]
pub mod geocode;
#[cfg(any(feature = "grid", feature = "render", feature = "diagnostics"))]
pub mod grid;
#[cfg(feature = "render")]
pub mod render;
#[cfg(any(feature = "tally", feature = "tally-announce"))]
pub mod tally;

mod math;
#[cfg(any(
    feature = "grid",
    feature = "render",
    feature = "tally",
    feature = "tally-announce"
))]
mod text;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use crs::Datum;
pub use crs::{convert, CrsError};
#[cfg(feature = "grid")]
pub use geocode::{AssignSummary, Assignment, CellIndex, GeocodeError, GridIndex};
#[cfg(feature = "diagnostics")]
pub use grid::Diagnostics;
#[cfg(any(feature = "grid", feature = "render", feature = "diagnostics"))]
pub use grid::{Cell, GridError, GridMap, GridOptions, Level};
#[cfg(feature = "render")]
pub use render::{
    class_breaks, colorbrewer, ClassBreaks, ClassMethod, Classification, Color, DisplayList,
    Legend, RenderError, Scene, Style, Viewport,
};
