//! Polygon geocoding: a spatial index over grid cells, the boundary rule, assign and locate.
//!
//! # The boundary rule
//!
//! Every position inside the union of the cells belongs to exactly one cell, also a position
//! exactly on an edge or vertex shared by two or three cells, and at a T-junction (a vertex of
//! one cell lying on a neighbour's edge without being a vertex there). The rule is simulation of
//! simplicity (Edelsbrunner & Mücke, 1990):
//!
//! > a position p belongs to the cell whose interior contains p + (ε, ε²) for an infinitesimal
//! > ε > 0 — p displaced east, then (even less) north.
//!
//! It is evaluated exactly by the half-open crossing-number test with Shewchuk's exact
//! orientation predicate (geo's `RobustKernel`): an edge from `low` to `high`, oriented so that
//! `low.y <= high.y`, is crossed by the eastward ray from the displaced point iff
//! `low.y <= p.y < high.y` and `orient2d(low, high, p) > 0` (collinear is not crossing). Each
//! polygon is tested by the parity of crossings over all its rings (exterior and holes); the
//! parts of a MultiPolygon are separate polygons of one cell (so parts touching at a vertex do
//! not cancel). If cells overlap, the smallest cell number wins. The answer does not depend on
//! the order of cells, polygons or rings.
//!
//! Consequences, for a single cell:
//! - points on its **south** edges and **west** edges are **in**; points on its **north** edges
//!   and **east** edges are **out** (for a slanted edge: in if the cell lies east of it, or, for
//!   a horizontal edge, north of it);
//! - of a square's corners only the south-west one is in;
//! - a point on an edge shared by two cells goes to the cell east of it (for a horizontal shared
//!   edge, the cell north of it); a point on a vertex shared by several cells goes to the cell
//!   that contains the region just east (then north) of the vertex;
//! - a point on a hole's boundary follows the same rule, with the hole as the outside;
//! - points outside the union — including on its north and east boundary — are in no cell.
//!
//! `geo`'s `contains`, `intersects` and `coordinate_position` follow other conventions (a shared
//! edge in no cell, or in both) and are not used here.
//!
//! # Invalid data
//!
//! Positions with a non-finite coordinate, |lng| > 180 or |lat| > 90 are in no cell and are
//! counted as invalid by [`CellIndex::assign`]. Polygon rings with a non-finite coordinate, or
//! one of magnitude above 1e100, are ignored. Nothing panics.

mod assign;
mod counts;
mod grid_index;
mod index;
mod nearest;
mod rule;

pub use assign::AssignSummary;
pub use counts::{count_per_cell, CellCounts};
pub use grid_index::{Assignment, GridIndex, DEFAULT_MAX_POSITIONS, MAX_POSITIONS_LIMIT};
pub use index::{CellIndex, IndexOptions, IndexStats};
pub use rule::locate_brute_force;

/// Errors from geocoding.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum GeocodeError {
    /// `positions` has an odd number of values.
    #[error("positions has odd length {len}: expected interleaved [lng, lat, …]")]
    OddLength {
        /// The length given.
        len: usize,
    },
    /// The output buffer does not have one slot per position.
    #[error("output has length {got}, expected {expected} (one per position)")]
    OutputLength {
        /// Number of positions.
        expected: usize,
        /// Length of the buffer given.
        got: usize,
    },
    /// More positions than the limit: [`GridIndex::max_positions`] (default
    /// [`DEFAULT_MAX_POSITIONS`]), checked before any buffer is allocated, or the `u32`
    /// counters (4294967295).
    #[error("{len} positions, more than the limit maxPositions = {limit}")]
    TooManyPositions {
        /// Number of positions.
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// A cell number does not fit the `i32` output (−1 means none).
    #[error("cell number {cell} exceeds 2147483647 and cannot be written as an i32")]
    CellNumberTooLarge {
        /// The largest cell number of the index.
        cell: u32,
    },
    /// `persons` was given with a length other than the number of positions.
    #[error("persons has length {persons}, expected {positions} (one per position)")]
    PersonsLength {
        /// Number of positions.
        positions: usize,
        /// Length of `persons`.
        persons: usize,
    },
    /// A position's cell index is neither −1 nor a valid cell index.
    #[error("position {position} has cell {cell}, which is not −1 or a cell index")]
    CellOutOfRange {
        /// Index of the position.
        position: usize,
        /// The cell index given.
        cell: i32,
    },
    /// A cell's parent index is not a cell index.
    #[error("cell {cell} has parent {parent}, which is not a cell index")]
    ParentOutOfRange {
        /// Index of the cell.
        cell: usize,
        /// The parent index given.
        parent: u32,
    },
    /// The parent links contain a cycle.
    #[error("the parents of cell {cell} form a cycle")]
    ParentCycle {
        /// A cell on or above the cycle.
        cell: usize,
    },
}

impl GeocodeError {
    /// The stable error code carried to JavaScript as `error.code`.
    ///
    /// # Units
    /// None (an upper-case ASCII identifier).
    ///
    /// # Errors
    /// None.
    ///
    /// # Complexity
    /// O(1).
    pub fn code(&self) -> &'static str {
        match self {
            GeocodeError::OddLength { .. } => "GEOCODE_ODD_LENGTH",
            GeocodeError::OutputLength { .. } => "GEOCODE_OUTPUT_LENGTH",
            GeocodeError::TooManyPositions { .. } => "GEOCODE_TOO_MANY_POSITIONS",
            GeocodeError::CellNumberTooLarge { .. } => "GEOCODE_CELL_NUMBER_TOO_LARGE",
            GeocodeError::PersonsLength { .. } => "GEOCODE_PERSONS_LENGTH",
            GeocodeError::CellOutOfRange { .. } => "GEOCODE_CELL_OUT_OF_RANGE",
            GeocodeError::ParentOutOfRange { .. } => "GEOCODE_PARENT_OUT_OF_RANGE",
            GeocodeError::ParentCycle { .. } => "GEOCODE_PARENT_CYCLE",
        }
    }
}

#[cfg(test)]
mod tests;
