//! Geometric diagnostics of a valid grid map: overlaps between siblings, gaps inside parents,
//! holes in the top level, and parts of cells outside their parent.

use super::GridMap;
use crate::crs::{self, Datum};
use geo::orient::{Direction, Orient};
use geo::{unary_union, BooleanOps, BoundingRect, GeodesicArea, MapCoords, MultiPolygon, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;
use serde::Serialize;

/// The geometric problems of a grid map, each with its area. All lists are sorted.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostics {
    /// Pairs of sibling cells (same parent, or both at the top) whose interiors overlap,
    /// sorted by `(a, b)`.
    pub overlaps: Vec<Overlap>,
    /// Parents not fully covered by their children, sorted by `parent`.
    pub gaps: Vec<Gap>,
    /// Holes enclosed by the union of the top-level cells, sorted by `bbox`.
    pub holes: Vec<Hole>,
    /// Cells that reach outside their parent, sorted by `cell`.
    pub outside_parent: Vec<OutsideParent>,
}

/// Two sibling cells that overlap.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Overlap {
    /// The smaller id of the pair.
    pub a: String,
    /// The larger id of the pair.
    pub b: String,
    /// Area of the intersection, square metres.
    pub area_m2: f64,
}

/// The part of a parent cell that none of its children covers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Gap {
    /// The parent's id.
    pub parent: String,
    /// Uncovered area, square metres.
    pub area_m2: f64,
}

/// A hole in the union of the top-level cells: an area enclosed by cells but in none.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hole {
    /// Bounding box of the hole, `[west, south, east, north]` in degrees in the map's datum.
    pub bbox: [f64; 4],
    /// Area of the hole, square metres.
    pub area_m2: f64,
}

/// The part of a cell outside its parent.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutsideParent {
    /// The cell's id.
    pub cell: String,
    /// The parent's id.
    pub parent: String,
    /// Area of the cell outside the parent, square metres.
    pub area_m2: f64,
}

/// Geodesic area in m² of a multipolygon given in `datum`: converted to WGS-84 first, then
/// measured on the WGS-84 ellipsoid by Karney's algorithm (geo's `GeodesicArea`).
fn area_m2(shape: &MultiPolygon<f64>, datum: Datum) -> f64 {
    shape
        .0
        .iter()
        .map(|p| {
            let p = if datum == Datum::Wgs84 {
                p.clone()
            } else {
                p.map_coords(|c| {
                    let (x, y) = crs::convert(c.x, c.y, datum, Datum::Wgs84);
                    geo::Coord { x, y }
                })
            };
            p.geodesic_area_signed().abs()
        })
        .sum()
}

fn finite(p: &Polygon<f64>) -> bool {
    std::iter::once(p.exterior())
        .chain(p.interiors())
        .all(|r| r.0.iter().all(|c| c.x.is_finite() && c.y.is_finite()))
}

impl GridMap {
    /// Finds overlaps between siblings, gaps inside parents, holes in the top level and parts
    /// of cells outside their parent.
    ///
    /// - `overlaps`: for each pair of cells with the same parent (or both without a parent)
    ///   whose bboxes intersect (found through an R-tree, not all pairs), the area of their
    ///   intersection;
    /// - `gaps`: for each cell with children, the area of the cell minus the union of its
    ///   children;
    /// - `holes`: each interior ring of the union of the top-level cells;
    /// - `outside_parent`: for each cell with a parent, the area of the cell minus its parent.
    ///
    /// Areas below `min_area_m2` (the floating-point slivers of an exact tiling) are not
    /// reported; zero areas never are. A NaN threshold counts as 0. Polygon operations are geo's `BooleanOps` (i_overlay); the parts of a cell
    /// are first merged by a union, and a polygon with a non-finite position (only possible in
    /// a hand-built map) is left out.
    ///
    /// # Units
    /// Areas in square metres: each result piece is converted to WGS-84 (see
    /// [`crate::crs::convert`]) and measured geodesically on the WGS-84 ellipsoid (Karney,
    /// "Algorithms for geodesics", J. Geodesy 2013, via geographiclib-rs), not by the
    /// spherical Chamberlain–Duquette approximation. `min_area_m2` is in square metres.
    /// Hole bboxes are in the map's datum.
    ///
    /// # Complexity
    /// O(k) boolean operations for k candidate sibling pairs, plus one union per parent.
    pub fn diagnostics(&self, min_area_m2: f64) -> Diagnostics {
        let datum = self.datum;
        let keep = |a: f64| a.is_finite() && a > 0.0 && (a >= min_area_m2 || min_area_m2.is_nan());
        let shapes: Vec<MultiPolygon<f64>> = self
            .cells
            .iter()
            .map(|c| {
                let parts: Vec<Polygon<f64>> = c
                    .polygons
                    .iter()
                    .filter(|p| finite(p))
                    .map(|p| p.orient(Direction::Default))
                    .collect();
                // Merge the parts (non-zero fill), so parts that overlap or share an edge
                // count once rather than cancelling out under the even-odd rule.
                match parts.len() {
                    0 | 1 => MultiPolygon::new(parts),
                    _ => unary_union(parts.iter()),
                }
            })
            .collect();

        // Overlaps between siblings, through an R-tree of cell bboxes.
        let boxes: Vec<GeomWithData<Rectangle<[f64; 2]>, usize>> = shapes
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let r = s.bounding_rect()?;
                Some(GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i,
                ))
            })
            .collect();
        let tree = RTree::bulk_load(boxes);
        let mut pairs: Vec<(usize, usize)> = tree
            .intersection_candidates_with_other_tree(&tree)
            .map(|(x, y)| (x.data, y.data))
            .filter(|&(i, j)| i < j && self.cells[i].parent == self.cells[j].parent)
            .collect();
        pairs.sort_unstable();
        let mut overlaps = Vec::new();
        for (i, j) in pairs {
            let area = area_m2(&shapes[i].intersection(&shapes[j]), datum);
            if keep(area) {
                overlaps.push(Overlap {
                    a: self.cells[i].id.clone(),
                    b: self.cells[j].id.clone(),
                    area_m2: area,
                });
            }
        }

        // Gaps inside parents and parts outside parents.
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); self.cells.len()];
        let mut outside_parent = Vec::new();
        for (i, cell) in self.cells.iter().enumerate() {
            let Some(p) = cell.parent.map(|p| p as usize) else {
                continue;
            };
            let Some(list) = children.get_mut(p) else {
                continue;
            };
            list.push(i);
            let area = area_m2(&shapes[i].difference(&shapes[p]), datum);
            if keep(area) {
                outside_parent.push(OutsideParent {
                    cell: cell.id.clone(),
                    parent: self.cells[p].id.clone(),
                    area_m2: area,
                });
            }
        }
        let mut gaps = Vec::new();
        for (p, list) in children.iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            let union = unary_union(list.iter().map(|&i| &shapes[i]));
            let area = area_m2(&shapes[p].difference(&union), datum);
            if keep(area) {
                gaps.push(Gap {
                    parent: self.cells[p].id.clone(),
                    area_m2: area,
                });
            }
        }

        // Holes in the union of the top level.
        let top = unary_union(
            self.cells
                .iter()
                .zip(&shapes)
                .filter(|(c, _)| c.parent.is_none())
                .map(|(_, s)| s),
        );
        let mut holes = Vec::new();
        for polygon in &top.0 {
            for ring in polygon.interiors() {
                let hole = MultiPolygon::new(vec![Polygon::new(ring.clone(), vec![])]);
                let area = area_m2(&hole, datum);
                if let (true, Some(r)) = (keep(area), hole.bounding_rect()) {
                    holes.push(Hole {
                        bbox: [r.min().x, r.min().y, r.max().x, r.max().y],
                        area_m2: area,
                    });
                }
            }
        }

        overlaps.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
        gaps.sort_by(|x, y| x.parent.cmp(&y.parent));
        outside_parent.sort_by(|x, y| x.cell.cmp(&y.cell));
        holes.sort_by(|x, y| {
            x.bbox
                .iter()
                .zip(&y.bbox)
                .map(|(a, b)| a.total_cmp(b))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(x.area_m2.total_cmp(&y.area_m2))
        });
        Diagnostics {
            overlaps,
            gaps,
            holes,
            outside_parent,
        }
    }
}
