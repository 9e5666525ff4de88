//! Bulk assignment of positions to cells.

use geo::Coord;

use super::rule::valid_position;
use super::{CellIndex, GeocodeError};

/// What happened to the positions of one [`CellIndex::assign`] call.
///
/// `assigned + outside + invalid` equals the number of positions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AssignSummary {
    /// Positions put into a cell.
    pub assigned: u32,
    /// Valid positions outside every cell.
    pub outside: u32,
    /// Positions with a non-finite coordinate, |lng| > 180 or |lat| > 90 (written as −1).
    pub invalid: u32,
    /// Assigned positions lying exactly on an edge or vertex shared by two or more distinct
    /// cells, resolved by the boundary rule (a subset of `assigned`).
    pub boundary_ties: u32,
}

impl CellIndex {
    /// Puts each position into the cell that contains it, writing into a caller's buffer.
    ///
    /// # Units
    /// `positions` is interleaved `[lng0, lat0, lng1, lat1, …]` in degrees, in the cells' datum.
    /// `out[i]` receives the cell number of position i, or −1 when no cell contains it (or the
    /// position is invalid). The boundary rule is that of [`crate::geocode`].
    ///
    /// # Errors
    /// - [`GeocodeError::OddLength`] when `positions.len()` is odd;
    /// - [`GeocodeError::OutputLength`] when `out.len() != positions.len() / 2`;
    /// - [`GeocodeError::TooManyPositions`] when there are more than `u32::MAX` positions;
    /// - [`GeocodeError::CellNumberTooLarge`] when some cell number exceeds `i32::MAX` and so
    ///   cannot be written to `out`.
    ///
    /// Invalid positions are not errors: they get −1 and are counted in
    /// [`AssignSummary::invalid`]. On error `out` is left untouched.
    ///
    /// # Complexity
    /// O(n) for n positions: one raster load for most, a short exact crossing walk near edges.
    /// No allocation.
    pub fn assign_into(
        &self,
        positions: &[f64],
        out: &mut [i32],
    ) -> Result<AssignSummary, GeocodeError> {
        if positions.len() % 2 != 0 {
            return Err(GeocodeError::OddLength {
                len: positions.len(),
            });
        }
        let n = positions.len() / 2;
        if out.len() != n {
            return Err(GeocodeError::OutputLength {
                expected: n,
                got: out.len(),
            });
        }
        if u32::try_from(n).is_err() {
            return Err(GeocodeError::TooManyPositions {
                len: n,
                limit: u32::MAX as usize,
            });
        }
        if let Some(max) = self.max_cell_number() {
            if i32::try_from(max).is_err() {
                return Err(GeocodeError::CellNumberTooLarge { cell: max });
            }
        }
        let mut summary = AssignSummary::default();
        let bbox_valid = self.bbox_valid();
        for (pos, slot) in positions.chunks_exact(2).zip(out.iter_mut()) {
            let p = Coord {
                x: pos[0],
                y: pos[1],
            };
            // Fast path: inside the bbox (which lies in the valid range) means valid.
            let in_bbox = self.in_bbox(p);
            let valid = (in_bbox && bbox_valid) || valid_position(p.x, p.y);
            if !valid {
                summary.invalid += 1;
                *slot = -1;
                continue;
            }
            let hit = if in_bbox {
                self.locate_in_bbox(p)
            } else {
                None
            };
            match hit {
                Some(hit) => {
                    summary.assigned += 1;
                    summary.boundary_ties += u32::from(hit.tie);
                    *slot = self
                        .cell_numbers
                        .get(hit.dense as usize)
                        .map_or(-1, |&c| c as i32);
                }
                None => {
                    summary.outside += 1;
                    *slot = -1;
                }
            }
        }
        Ok(summary)
    }

    /// Puts each position into the cell that contains it.
    ///
    /// # Units
    /// As [`Self::assign_into`]: interleaved `[lng, lat, …]` degrees in; one cell number per
    /// position out, −1 for none.
    ///
    /// # Errors
    /// As [`Self::assign_into`] (except `OutputLength`, which cannot happen here).
    ///
    /// # Complexity
    /// O(n) for n positions; allocates the n-element result.
    ///
    /// # Examples
    /// ```
    /// use geo::polygon;
    /// use jinlin::CellIndex;
    /// let square = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)];
    /// let index = CellIndex::new(&[(5, vec![square])]);
    /// let (cells, summary) = index.assign(&[0.5, 0.5, 3.0, 3.0, f64::NAN, 0.0]).unwrap();
    /// assert_eq!(cells, vec![5, -1, -1]);
    /// assert_eq!((summary.assigned, summary.outside, summary.invalid), (1, 1, 1));
    /// ```
    pub fn assign(&self, positions: &[f64]) -> Result<(Vec<i32>, AssignSummary), GeocodeError> {
        if positions.len() % 2 != 0 {
            return Err(GeocodeError::OddLength {
                len: positions.len(),
            });
        }
        let mut out = vec![-1; positions.len() / 2];
        let summary = self.assign_into(positions, &mut out)?;
        Ok((out, summary))
    }
}
