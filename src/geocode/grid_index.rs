//! Geocoding against a whole grid map: the index over its leaf cells, datum conversion of the
//! input, and counts rolled up the hierarchy.

use std::borrow::Cow;

use super::{count_per_cell, AssignSummary, CellIndex, GeocodeError};
use crate::crs::{self, Datum};
use crate::grid::GridMap;

/// Default of [`GridIndex::max_positions`]: 2,000,000 positions per `assign` call (Siming has
/// ~410,000 households, all of Xiamen ~1.9 million). At the cap a call from JS grows the wasm
/// memory by about 72 MB (measured: 16 bytes per position in, 4 out, 16 more when the datum is
/// converted).
pub const DEFAULT_MAX_POSITIONS: usize = 2_000_000;

/// The most a cap on the positions of one call may be raised to in wasm32 (the `maxPositions`
/// option of the npm package): 50,000,000 positions take about 2 GB of wasm memory (~40 bytes a
/// position: the positions, persons, cells and a converted copy), half of what a wasm32 memory
/// can address and all that some engines give it; above, an assignment would fail to allocate
/// (a trap, not an error).
pub const MAX_POSITIONS_LIMIT: usize = 50_000_000;

/// A [`CellIndex`] over the leaf cells (cells without children) of a [`GridMap`], with the
/// hierarchy needed to roll counts up to community and street.
///
/// # Units
/// Positions are `[lng, lat]` degrees; inputs in another datum than the map's are converted to
/// the map's datum before any test (at Siming WGS-84 and GCJ-02 differ by about 580 m).
#[derive(Debug)]
pub struct GridIndex {
    index: CellIndex,
    parents: Vec<Option<u32>>,
    datum: Datum,
    max_positions: usize,
}

/// The result of [`GridIndex::assign`].
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    /// Leaf cell index (into [`GridMap::cells`]) per position; −1 for none.
    pub cell: Vec<i32>,
    /// Households (positions) per cell, each ancestor counting its descendants.
    pub households: Vec<u32>,
    /// Persons per cell, rolled up likewise; one per household when no persons were given.
    pub persons: Vec<u64>,
    /// Persons in all assigned households.
    pub total_persons: u64,
    /// Counts of assigned, outside and invalid positions and of boundary ties.
    pub summary: AssignSummary,
}

impl GridIndex {
    /// Builds the index over the leaf cells of `grid`.
    ///
    /// # Complexity
    /// See [`CellIndex::new`]: about 10 ms for the 600 grids of the Siming sample natively.
    pub fn new(grid: &GridMap) -> GridIndex {
        let cells: Vec<_> = grid
            .leaves()
            .into_iter()
            .map(|i| (i, grid.cells[i as usize].polygons.clone()))
            .collect();
        GridIndex {
            index: CellIndex::new(&cells),
            parents: grid.cells.iter().map(|c| c.parent).collect(),
            datum: grid.datum,
            max_positions: DEFAULT_MAX_POSITIONS,
        }
    }

    /// The index with another cap on the positions of one [`GridIndex::assign`] call.
    pub fn with_max_positions(mut self, max_positions: usize) -> GridIndex {
        self.max_positions = max_positions;
        self
    }

    /// The cap on the positions of one [`GridIndex::assign`] call (default
    /// [`DEFAULT_MAX_POSITIONS`]).
    pub fn max_positions(&self) -> usize {
        self.max_positions
    }

    /// The index over the leaf cells.
    pub fn cell_index(&self) -> &CellIndex {
        &self.index
    }

    /// Puts each household into its leaf cell and counts households and persons per cell, with
    /// roll-ups to every ancestor (community, street).
    ///
    /// # Units
    /// `positions` is interleaved `[lng0, lat0, lng1, lat1, …]` in degrees in `datum`;
    /// `persons`, when given, holds persons per household (one per position).
    ///
    /// # Errors
    /// [`GeocodeError::OddLength`] for an odd number of values;
    /// [`GeocodeError::TooManyPositions`] for more than [`GridIndex::max_positions`] positions
    /// (before anything is allocated); [`GeocodeError::PersonsLength`]
    /// when `persons` does not have one entry per position; the errors of [`CellIndex::assign`].
    /// Non-finite or out-of-range positions are not errors: they get −1 and are counted in
    /// [`AssignSummary::invalid`].
    pub fn assign(
        &self,
        positions: &[f64],
        datum: Datum,
        persons: Option<&[u32]>,
    ) -> Result<Assignment, GeocodeError> {
        if positions.len() % 2 != 0 {
            return Err(GeocodeError::OddLength {
                len: positions.len(),
            });
        }
        if positions.len() / 2 > self.max_positions {
            return Err(GeocodeError::TooManyPositions {
                len: positions.len() / 2,
                limit: self.max_positions,
            });
        }
        let positions = self.in_own_datum(Cow::Borrowed(positions), datum);
        let (cell, summary) = self.index.assign(&positions)?;
        let counts = count_per_cell(&cell, persons, &self.parents)?;
        let persons_per_cell: Vec<u64> = match counts.persons {
            Some(p) => p,
            None => counts.households.iter().map(|&n| u64::from(n)).collect(),
        };
        let total_persons = match persons {
            Some(p) => cell
                .iter()
                .zip(p)
                .filter(|(c, _)| **c >= 0)
                .map(|(_, &n)| u64::from(n))
                .sum(),
            None => u64::from(summary.assigned),
        };
        Ok(Assignment {
            cell,
            households: counts.households,
            persons: persons_per_cell,
            total_persons,
            summary,
        })
    }

    /// Routes one event (网格事) at `[lng, lat]` in `datum` to the leaf cell containing it, or to
    /// the nearest leaf cell within `max_distance_m` metres (an event reported on a road between
    /// cells). Returns `(cell index, distance in metres)`, the distance 0 when inside; `None`
    /// when there is no such cell or the position is not finite and in range.
    pub fn locate(
        &self,
        lng: f64,
        lat: f64,
        datum: Datum,
        max_distance_m: f64,
    ) -> Option<(u32, f64)> {
        let (lng, lat) = crs::convert(lng, lat, datum, self.datum);
        match self.index.locate(lng, lat) {
            Some(c) => Some((c, 0.0)),
            None if max_distance_m > 0.0 => self.index.nearest_within(lng, lat, max_distance_m),
            None => None,
        }
    }

    fn in_own_datum<'a>(&self, positions: Cow<'a, [f64]>, datum: Datum) -> Cow<'a, [f64]> {
        if datum == self.datum {
            return positions;
        }
        let mut owned = positions.into_owned();
        // The length is even (checked by the caller), so conversion cannot fail.
        let _ = crs::convert_in_place(&mut owned, datum, self.datum);
        Cow::Owned(owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::GridOptions;

    fn grid() -> GridMap {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"id":"s","level":"street"},"geometry":{"type":"Polygon","coordinates":[[[118,24.4],[118.02,24.4],[118.02,24.42],[118,24.42],[118,24.4]]]}},
          {"type":"Feature","properties":{"id":"a","level":"grid","parent":"s"},"geometry":{"type":"Polygon","coordinates":[[[118,24.4],[118.01,24.4],[118.01,24.42],[118,24.42],[118,24.4]]]}},
          {"type":"Feature","properties":{"id":"b","level":"grid","parent":"s"},"geometry":{"type":"Polygon","coordinates":[[[118.01,24.4],[118.02,24.4],[118.02,24.42],[118.01,24.42],[118.01,24.4]]]}}
        ]}"#;
        GridMap::from_geojson(
            text,
            &GridOptions {
                datum: Datum::Gcj02,
                ..Default::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn assign_rolls_up_and_converts_datums() {
        let g = grid();
        let idx = GridIndex::new(&g);
        let (a, b, s) = (0, 1, 2); // sorted ids: a, b, s
        let gcj = [118.005, 24.41, 118.015, 24.41, 118.01, 24.41, 119.0, 24.41];
        let r = idx.assign(&gcj, Datum::Gcj02, Some(&[2, 3, 4, 5])).unwrap();
        assert_eq!(r.cell, vec![a, b, b, -1]);
        assert_eq!(r.households, vec![1, 2, 3]);
        assert_eq!(r.persons, vec![2, 7, 9]);
        assert_eq!(r.total_persons, 9);
        assert_eq!(r.summary.boundary_ties, 1);
        let _ = s;
        let mut wgs = gcj.to_vec();
        crs::convert_in_place(&mut wgs, Datum::Gcj02, Datum::Wgs84).unwrap();
        let r2 = idx.assign(&wgs, Datum::Wgs84, None).unwrap();
        assert_eq!(
            r2.cell, r.cell,
            "WGS-84 input is converted to the map's GCJ-02"
        );
        assert_eq!(
            r2.persons,
            vec![1, 2, 3],
            "one person per household without persons"
        );
        let r3 = idx.assign(&wgs, Datum::Gcj02, None).unwrap();
        assert_ne!(
            r3.cell, r.cell,
            "read as GCJ-02, the WGS-84 positions land elsewhere"
        );
        assert_eq!(
            idx.assign(&gcj[..3], Datum::Gcj02, None),
            Err(GeocodeError::OddLength { len: 3 })
        );
    }

    #[test]
    fn the_position_cap_names_limit_and_count() {
        let idx = GridIndex::new(&grid()).with_max_positions(3);
        assert_eq!(idx.max_positions(), 3);
        let four = [118.005, 24.41, 118.015, 24.41, 118.01, 24.41, 119.0, 24.41];
        let e = idx.assign(&four, Datum::Gcj02, None).unwrap_err();
        assert_eq!(e, GeocodeError::TooManyPositions { len: 4, limit: 3 });
        assert_eq!(e.code(), "GEOCODE_TOO_MANY_POSITIONS");
        assert_eq!(
            e.to_string(),
            "4 positions, more than the limit maxPositions = 3"
        );
        assert_eq!(
            idx.assign(&four[..6], Datum::Gcj02, None).unwrap().cell,
            vec![0, 1, 1]
        );
        assert_eq!(
            GridIndex::new(&grid()).max_positions(),
            DEFAULT_MAX_POSITIONS
        );
    }

    #[test]
    fn locate_inside_and_nearest() {
        let idx = GridIndex::new(&grid());
        assert_eq!(
            idx.locate(118.005, 24.41, Datum::Gcj02, 0.0),
            Some((0, 0.0))
        );
        assert_eq!(idx.locate(118.0205, 24.41, Datum::Gcj02, 0.0), None);
        let (c, d) = idx.locate(118.0205, 24.41, Datum::Gcj02, 100.0).unwrap();
        assert_eq!(c, 1);
        assert!((d - 50.7).abs() < 0.5, "{d}");
        assert_eq!(idx.locate(f64::NAN, 24.41, Datum::Gcj02, 100.0), None);
    }
}
