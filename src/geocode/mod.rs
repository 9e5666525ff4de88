//! Polygon geocoding: a spatial index over grid cells, the boundary rule, assign and locate.

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
}

impl GeocodeError {
    /// The stable error code carried to JavaScript as `error.code`.
    pub fn code(&self) -> &'static str {
        match self {
            GeocodeError::OddLength { .. } => "GEOCODE_ODD_LENGTH",
        }
    }
}

/// Placeholder for the spatial index over cells.
#[derive(Debug)]
pub struct CellIndex;
