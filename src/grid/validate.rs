//! Checks of rings (length, closure, self-intersection) and of the hierarchy (unique ids,
//! known parents, parent levels).
// The render-only wasm module keeps only the ring cleaning (see `check_polygon_rings`).
#![cfg_attr(
    not(any(feature = "grid", feature = "diagnostics")),
    allow(dead_code, unused_imports)
)]

use super::parse::RawCell;
use super::self_intersection::{cyclic_vertices, find_crossing};
use super::GridError;
use geo::coordinate_position::CoordPos;
use geo::{Coord, CoordinatePosition, LineString, Polygon};
use std::collections::HashMap;

/// Checks the rings of one polygon whose coordinates are already known to be valid, and
/// returns them cleaned: closed, without consecutive duplicates or zero-width spikes.
///
/// Per ring, in ring order: at least 4 positions ([`GridError::RingTooShort`]), last equal to
/// first ([`GridError::RingNotClosed`]), at least 3 distinct positions
/// ([`GridError::RingTooShort`], counted after removing duplicates and spikes, see
/// [`cyclic_vertices`]). Then the rings together must have no crossing or
/// overlapping edges ([`GridError::SelfIntersection`]); touching at a point is accepted.
/// The exterior ring must enclose at least [`MIN_EXTERIOR_AREA_DEG2`]
/// ([`GridError::InvalidGeometry`]): a cell of (nearly) no area is a mistake that no household
/// could ever be assigned to. Last, every interior ring must lie inside the exterior
/// ([`GridError::HoleOutside`]).
/// (A hole nested in another hole is not detected.) Without the `grid` and `diagnostics`
/// features (the render-only wasm module) the crossing and hole checks are left out.
pub(crate) fn check_polygon_rings(
    index: u32,
    id: &str,
    polygon: u32,
    rings: &[Vec<Coord<f64>>],
) -> Result<Vec<Vec<Coord<f64>>>, GridError> {
    let mut cyclic = Vec::with_capacity(rings.len());
    for (r, ring) in rings.iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        let vertices = cyclic_vertices(ring);
        let too_short = || GridError::RingTooShort {
            index,
            id: Some(id.to_string()),
            polygon,
            ring: r,
            positions: u32::try_from(ring.len()).unwrap_or(u32::MAX),
            distinct: u32::try_from(vertices.len()).unwrap_or(u32::MAX),
        };
        if ring.len() < 4 {
            return Err(too_short());
        }
        if ring.first() != ring.last() {
            return Err(GridError::RingNotClosed {
                index,
                id: Some(id.to_string()),
                polygon,
                ring: r,
            });
        }
        if vertices.len() < 3 {
            return Err(too_short());
        }
        cyclic.push(vertices);
    }
    // The render-only wasm module reads maps that `GridMap.fromGeoJSON` (the grid module) has
    // already checked (`GridMapView.fromGridMap`): it keeps the cleaning, not these two checks.
    #[cfg(any(feature = "grid", feature = "diagnostics"))]
    if let Some(c) = find_crossing(&cyclic) {
        return Err(GridError::SelfIntersection {
            index,
            id: Some(id.to_string()),
            polygon,
            ring: c.ring,
            other_ring: c.other_ring,
            at: [c.at.x, c.at.y],
        });
    }
    let closed: Vec<Vec<Coord<f64>>> = cyclic
        .into_iter()
        .map(|mut ring| {
            if let Some(&first) = ring.first() {
                ring.push(first);
            }
            ring
        })
        .collect();
    #[cfg(any(feature = "grid", feature = "diagnostics"))]
    if let Some(exterior) = closed.first() {
        let area = ring_area_deg2(exterior);
        if area.is_nan() || area < MIN_EXTERIOR_AREA_DEG2 {
            return Err(GridError::InvalidGeometry {
                index,
                id: Some(id.to_string()),
                message: format!(
                    "the exterior ring of polygon {polygon} encloses {area:.2e} square degrees, less than \
                     {MIN_EXTERIOR_AREA_DEG2:e} (about 0.01 m²): a degenerate cell"
                ),
            });
        }
    }
    #[cfg(any(feature = "grid", feature = "diagnostics"))]
    check_holes_inside(index, id, polygon, &closed)?;
    Ok(closed)
}

/// The least area of a polygon's exterior ring, in square degrees (`1e-12`: about 0.012 m² at
/// the equator, 0.011 m² at Xiamen, a square of 11 cm): a smaller cell is a degenerate or
/// mis-scaled geometry (a cell of 1e-300° would be accepted and never assigned).
pub const MIN_EXTERIOR_AREA_DEG2: f64 = 1e-12;

/// The unsigned area of a closed ring in square degrees (the shoelace formula about its first
/// vertex, so that the products stay small).
fn ring_area_deg2(ring: &[Coord<f64>]) -> f64 {
    let Some(&o) = ring.first() else { return 0.0 };
    let twice: f64 = ring
        .windows(2)
        .map(|w| (w[0].x - o.x) * (w[1].y - o.y) - (w[1].x - o.x) * (w[0].y - o.y))
        .sum();
    (twice / 2.0).abs()
}

/// Checks that every interior ring lies inside the exterior ring.
///
/// The rings do not cross (checked before), so one vertex of a hole not on the exterior's
/// boundary decides; if every vertex is on the boundary, the midpoint of an edge is tried.
///
/// # Complexity
/// O(h · n) for h holes and n exterior vertices.
fn check_holes_inside(
    index: u32,
    id: &str,
    polygon: u32,
    rings: &[Vec<Coord<f64>>],
) -> Result<(), GridError> {
    let Some((exterior, holes)) = rings.split_first() else {
        return Ok(());
    };
    if holes.is_empty() {
        return Ok(());
    }
    let shell = Polygon::new(LineString::new(exterior.clone()), vec![]);
    for (h, hole) in holes.iter().enumerate() {
        let midpoints = hole.windows(2).map(|w| Coord {
            x: (w[0].x + w[1].x) / 2.0,
            y: (w[0].y + w[1].y) / 2.0,
        });
        let position = hole
            .iter()
            .copied()
            .chain(midpoints)
            .map(|c| shell.coordinate_position(&c))
            .find(|p| *p != CoordPos::OnBoundary);
        if position == Some(CoordPos::Outside) {
            return Err(GridError::HoleOutside {
                index,
                id: Some(id.to_string()),
                polygon,
                ring: u32::try_from(h + 1).unwrap_or(u32::MAX),
            });
        }
    }
    Ok(())
}

/// Checks ids and parents across features; returns, per raw cell, the raw index of its parent.
///
/// In feature order: [`GridError::DuplicateId`] (at the later feature), then
/// [`GridError::UnknownParent`] and [`GridError::ParentLevel`]. Because a parent must be of a
/// strictly higher level, no chain of parents can loop; nothing here follows chains, so a cycle
/// in the input is reported as `ParentLevel` in O(n).
pub(crate) fn check_hierarchy(raw: &[RawCell]) -> Result<Vec<Option<usize>>, GridError> {
    let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(raw.len());
    for (k, cell) in raw.iter().enumerate() {
        if let Some(&first) = by_id.get(cell.id.as_str()) {
            return Err(GridError::DuplicateId {
                index: cell.feature_index,
                id: cell.id.clone(),
                first_index: raw[first].feature_index,
            });
        }
        by_id.insert(cell.id.as_str(), k);
    }
    let mut parents = Vec::with_capacity(raw.len());
    for cell in raw {
        let Some(parent_id) = &cell.parent else {
            parents.push(None);
            continue;
        };
        let Some(&p) = by_id.get(parent_id.as_str()) else {
            return Err(GridError::UnknownParent {
                index: cell.feature_index,
                id: cell.id.clone(),
                parent: parent_id.clone(),
            });
        };
        if raw[p].level >= cell.level {
            return Err(GridError::ParentLevel {
                index: cell.feature_index,
                id: cell.id.clone(),
                level: cell.level,
                parent: parent_id.clone(),
                parent_level: raw[p].level,
            });
        }
        parents.push(Some(p));
    }
    Ok(parents)
}
