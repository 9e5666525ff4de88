//! Navigating the hierarchy of a [`GridMap`], its bbox and datum conversion.

use super::GridMap;
use crate::crs::{self, Datum};
use geo::MapCoords;

impl GridMap {
    /// The index in [`GridMap::cells`] of the cell with this id.
    ///
    /// # Complexity
    /// O(log n) (binary search; the cells are sorted by id).
    pub fn cell_index(&self, id: &str) -> Option<u32> {
        self.cells
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .ok()
            .and_then(|i| u32::try_from(i).ok())
    }

    /// The indices of the cells whose parent is cell `i`, in ascending order (so by id).
    ///
    /// An index out of range has no children.
    ///
    /// # Complexity
    /// O(n) per call.
    pub fn children(&self, i: u32) -> Vec<u32> {
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.parent == Some(i))
            .filter_map(|(k, _)| u32::try_from(k).ok())
            .collect()
    }

    /// The indices of the cells that have no children, in ascending order. These are the cells
    /// geocoding assigns households to.
    ///
    /// # Complexity
    /// O(n).
    pub fn leaves(&self) -> Vec<u32> {
        let mut has_child = vec![false; self.cells.len()];
        for c in &self.cells {
            if let Some(slot) = c.parent.and_then(|p| has_child.get_mut(p as usize)) {
                *slot = true;
            }
        }
        has_child
            .iter()
            .enumerate()
            .filter(|(_, &h)| !h)
            .filter_map(|(k, _)| u32::try_from(k).ok())
            .collect()
    }

    /// The indices of the ancestors of cell `i`, nearest first (parent, grandparent, …).
    ///
    /// An index out of range has no ancestors. The walk stops after `cells.len()` steps, so a
    /// hand-built map with a parent cycle cannot loop (maps from
    /// [`GridMap::from_geojson`] have none).
    ///
    /// # Complexity
    /// O(depth).
    pub fn ancestors(&self, i: u32) -> Vec<u32> {
        let mut out = Vec::new();
        let mut current = self.cells.get(i as usize).and_then(|c| c.parent);
        while let Some(p) = current {
            if out.len() >= self.cells.len() {
                break;
            }
            out.push(p);
            current = self.cells.get(p as usize).and_then(|c| c.parent);
        }
        out
    }

    /// The bounding box of every position of every cell.
    ///
    /// # Units
    /// `[west, south, east, north]` in degrees in the map's datum. `None` when the map has no
    /// finite position. (Maps crossing the antimeridian are not supported.)
    pub fn bbox(&self) -> Option<[f64; 4]> {
        let mut b: Option<[f64; 4]> = None;
        let coords = self
            .cells
            .iter()
            .flat_map(|c| c.polygons.iter())
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .flat_map(|r| r.0.iter())
            .filter(|c| c.x.is_finite() && c.y.is_finite());
        for c in coords {
            b = Some(match b {
                None => [c.x, c.y, c.x, c.y],
                Some([w, s, e, n]) => [w.min(c.x), s.min(c.y), e.max(c.x), n.max(c.y)],
            });
        }
        b
    }

    /// A copy of the map with every position converted to `datum`.
    ///
    /// # Units
    /// `[lng, lat]` degrees, from [`GridMap::datum`] to `datum`, by [`crs::convert`] (positions
    /// outside China's bbox are unchanged; see [`crate::crs`]).
    pub fn to_datum(&self, datum: Datum) -> GridMap {
        let from = self.datum;
        let mut out = self.clone();
        out.datum = datum;
        if from == datum {
            return out;
        }
        for cell in &mut out.cells {
            for polygon in &mut cell.polygons {
                *polygon = polygon.map_coords(|c| {
                    let (x, y) = crs::convert(c.x, c.y, from, datum);
                    geo::Coord { x, y }
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Cell, GridMap, Level};
    use crate::crs::Datum;
    use geo::polygon;

    #[test]
    fn empty_and_hand_built_maps_do_not_panic() {
        let empty = GridMap {
            cells: vec![],
            datum: Datum::Gcj02,
        };
        assert_eq!(empty.bbox(), None);
        assert!(empty.leaves().is_empty());
        assert_eq!(empty.diagnostics(0.0), Default::default());
        // A hand-built cycle (0 ↔ 1), a dangling parent and a NaN position.
        let cell = |id: &str, parent| Cell {
            id: id.into(),
            name: id.into(),
            level: Level::Grid,
            parent,
            worker: None,
            polygons: vec![polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: f64::NAN, y: 1.0)]],
            feature_index: 0,
        };
        let map = GridMap {
            cells: vec![cell("a", Some(1)), cell("b", Some(0)), cell("c", Some(99))],
            datum: Datum::Wgs84,
        };
        assert_eq!(map.ancestors(0).len(), 3);
        assert!(map.leaves() == vec![2]);
        assert_eq!(map.bbox(), Some([0.0, 0.0, 1.0, 0.0]));
        let d = map.diagnostics(0.0);
        assert!(d.overlaps.is_empty() && d.gaps.is_empty());
        let _ = map.to_datum(Datum::Bd09);
    }
}
