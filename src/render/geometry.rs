//! Cells projected once to Web Mercator world units, and the flat (typed-array) input form.

use geo::{Coord, LineString, Polygon};

use super::viewport::mercator_from_lnglat;
use super::RenderError;

/// A ring in world units: open (first vertex not repeated), no consecutive duplicates,
/// at least 3 vertices.
pub(crate) type Ring = Vec<[f64; 2]>;

/// One polygon part: exterior first, then holes.
#[derive(Clone, Debug)]
pub(crate) struct Part {
    pub rings: Vec<Ring>,
    /// `[min_x, min_y, max_x, max_y]` of the exterior.
    pub bbox: [f64; 4],
}

/// One cell: its number and its parts.
#[derive(Clone, Debug)]
pub(crate) struct ProjCell {
    pub number: u32,
    pub parts: Vec<Part>,
    /// Union of the parts' boxes; `None` when the cell has no valid part.
    pub bbox: Option<[f64; 4]>,
    pub area: f64,
}

/// What was dropped while projecting (never silently).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeometryReport {
    /// Vertices with a non-finite or out-of-range coordinate, skipped.
    pub invalid_vertices: u32,
    /// Rings with fewer than 3 distinct valid vertices, skipped (with their holes when an
    /// exterior).
    pub degenerate_rings: u32,
}

pub(crate) fn ring_area(r: &[[f64; 2]]) -> f64 {
    let n = r.len();
    let mut s = 0.0;
    for i in 0..n {
        let a = r[i];
        let b = r[(i + 1) % n];
        s += a[0] * b[1] - b[0] * a[1];
    }
    s / 2.0
}

fn project_ring(ls: &LineString<f64>, report: &mut GeometryReport) -> Option<Ring> {
    let mut out: Ring = Vec::with_capacity(ls.0.len());
    for c in &ls.0 {
        let ok = c.x.is_finite() && c.y.is_finite() && c.x.abs() <= 180.0 && c.y.abs() <= 90.0;
        if !ok {
            report.invalid_vertices = report.invalid_vertices.saturating_add(1);
            continue;
        }
        let m = mercator_from_lnglat([c.x, c.y]);
        if out.last() != Some(&m) {
            out.push(m);
        }
    }
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    if out.len() < 3 {
        report.degenerate_rings = report.degenerate_rings.saturating_add(1);
        return None;
    }
    Some(out)
}

pub(crate) fn bbox_of(r: &[[f64; 2]]) -> [f64; 4] {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for p in r {
        b[0] = b[0].min(p[0]);
        b[1] = b[1].min(p[1]);
        b[2] = b[2].max(p[0]);
        b[3] = b[3].max(p[1]);
    }
    b
}

pub(crate) fn union_bbox(a: Option<[f64; 4]>, b: [f64; 4]) -> [f64; 4] {
    match a {
        None => b,
        Some(a) => [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ],
    }
}

/// Projects every cell to world units, dropping invalid vertices and degenerate rings.
pub(crate) fn project_cells(
    cells: &[(u32, Vec<Polygon<f64>>)],
) -> Result<(Vec<ProjCell>, GeometryReport), RenderError> {
    let mut report = GeometryReport::default();
    let mut seen = std::collections::HashSet::with_capacity(cells.len());
    let mut out = Vec::with_capacity(cells.len());
    for (number, polygons) in cells {
        if !seen.insert(*number) {
            return Err(RenderError::DuplicateCell { cell: *number });
        }
        let mut parts = Vec::with_capacity(polygons.len());
        let mut bbox = None;
        let mut area = 0.0;
        for poly in polygons {
            let Some(ext) = project_ring(poly.exterior(), &mut report) else {
                report.degenerate_rings = report
                    .degenerate_rings
                    .saturating_add(poly.interiors().len() as u32);
                continue;
            };
            let b = bbox_of(&ext);
            let mut a = ring_area(&ext).abs();
            let mut rings = vec![ext];
            for hole in poly.interiors() {
                if let Some(h) = project_ring(hole, &mut report) {
                    a -= ring_area(&h).abs();
                    rings.push(h);
                }
            }
            bbox = Some(union_bbox(bbox, b));
            area += a.max(0.0);
            parts.push(Part { rings, bbox: b });
        }
        out.push(ProjCell {
            number: *number,
            parts,
            bbox,
            area,
        });
    }
    Ok((out, report))
}

/// A cell number with its polygons, `[lng, lat]` degrees: the renderer's input form.
pub type CellPolygons = (u32, Vec<Polygon<f64>>);

/// Builds cells from flat arrays, the form typed arrays cross the JS boundary in.
///
/// Ring `i` has vertices `ring_ends[i-1]..ring_ends[i]` (from 0 for the first) of
/// `positions`; it belongs to cell `ring_cells[i]`; `ring_holes[i] != 0` makes it a hole of
/// the nearest exterior before it (which must be of the same cell). Cells come out in order
/// of first appearance; a cell's rings need not be contiguous.
///
/// # Units
/// `positions` interleaved `[lng0, lat0, lng1, lat1, …]` in degrees; offsets count vertices.
///
/// # Errors
/// [`RenderError::Empty`] when there is no ring; [`RenderError::ValuesLength`] when
/// `positions` has odd length or `ring_cells`/`ring_holes` differ in length from `ring_ends`;
/// [`RenderError::InvalidRings`] when offsets decrease or pass the end, positions go on past
/// the last ring's end (they would belong to no ring), or a hole has no exterior of its cell
/// before it; [`RenderError::InvalidCellGeometry`] for a ring of fewer than 4 positions (as in
/// GeoJSON: a ring may repeat its first position at the end or be closed implicitly, but a
/// ring of 3 is more often a misplaced ring end than a triangle);
/// [`RenderError::InvalidVertex`] (code `RENDER_INVALID_RINGS`) for a vertex that is not finite
/// or out of range (longitude −180..=180, latitude −90..=90), naming the ring, its cell and
/// the vertex; [`RenderError::InvalidCellGeometry`] (the same code) for a ring with fewer than 3
/// distinct corners or an exterior enclosing less than
/// [`crate::grid::MIN_EXTERIOR_AREA_DEG2`] square degrees. Nothing is dropped silently.
pub fn cells_from_flat(
    positions: &[f64],
    ring_ends: &[u32],
    ring_cells: &[u32],
    ring_holes: &[u8],
) -> Result<Vec<CellPolygons>, RenderError> {
    if positions.len() % 2 != 0 {
        return Err(RenderError::ValuesLength {
            what: "positions (must be even)",
            expected: positions.len() + 1,
            actual: positions.len(),
        });
    }
    for (what, len) in [
        ("ringCells", ring_cells.len()),
        ("ringHoles", ring_holes.len()),
    ] {
        if len != ring_ends.len() {
            return Err(RenderError::ValuesLength {
                what,
                expected: ring_ends.len(),
                actual: len,
            });
        }
    }
    if ring_ends.is_empty() {
        return Err(RenderError::Empty);
    }
    let nverts = positions.len() / 2;
    let mut order: Vec<u32> = Vec::new();
    let mut by_cell: std::collections::HashMap<u32, Vec<Polygon<f64>>> = Default::default();
    let mut start = 0usize;
    let mut last_exterior: Option<(u32, usize)> = None; // (cell, index of polygon)
    for (i, &end) in ring_ends.iter().enumerate() {
        let end = end as usize;
        if end < start || end > nverts {
            return Err(RenderError::InvalidRings {
                ring: i,
                reason: "ring end before its start or past the end of positions",
            });
        }
        let cell = ring_cells[i];
        if end - start < 4 {
            return Err(RenderError::InvalidCellGeometry {
                cell,
                ring: Some(i),
                reason: "the ring has fewer than 4 positions (at least 4, as in GeoJSON: a \
                         triangle repeats its first position at the end; check ringEnds)",
            });
        }
        let ls: LineString<f64> = (start..end)
            .map(|v| {
                let (lng, lat) = (positions[2 * v], positions[2 * v + 1]);
                if lng.is_finite() && lat.is_finite() && lng.abs() <= 180.0 && lat.abs() <= 90.0 {
                    Ok(Coord { x: lng, y: lat })
                } else {
                    Err(RenderError::InvalidVertex {
                        ring: i,
                        cell,
                        vertex: v,
                        lng,
                        lat,
                    })
                }
            })
            .collect::<Result<_, _>>()?;
        start = end;
        check_ring(&ls, i, cell, ring_holes[i] == 0)?;
        let polys = by_cell.entry(cell).or_insert_with(|| {
            order.push(cell);
            Vec::new()
        });
        if ring_holes[i] != 0 {
            match last_exterior {
                Some((c, p)) if c == cell => {
                    if let Some(poly) = polys.get_mut(p) {
                        poly.interiors_push(ls);
                    }
                }
                _ => {
                    return Err(RenderError::InvalidRings {
                        ring: i,
                        reason: "a hole must follow an exterior ring of the same cell",
                    })
                }
            }
        } else {
            polys.push(Polygon::new(ls, Vec::new()));
            last_exterior = Some((cell, polys.len() - 1));
        }
    }
    if start != nverts {
        return Err(RenderError::InvalidRings {
            ring: ring_ends.len() - 1,
            reason: "positions go on past the last ring's end (every position must belong to \
                     a ring; check ringEnds)",
        });
    }
    Ok(order
        .into_iter()
        .map(|c| {
            let p = by_cell.remove(&c).unwrap_or_default();
            (c, p)
        })
        .collect())
}

/// Fails unless `ring` (degrees) has 3 corners (distinct consecutive positions, the closing
/// one not counted) and, when an exterior, encloses at least
/// [`crate::grid::MIN_EXTERIOR_AREA_DEG2`] square degrees, as the grid map's GeoJSON reader
/// requires.
fn check_ring(
    ring: &LineString<f64>,
    index: usize,
    cell: u32,
    exterior: bool,
) -> Result<(), RenderError> {
    let mut corners: Vec<[f64; 2]> = Vec::with_capacity(ring.0.len());
    for c in &ring.0 {
        if corners.last() != Some(&[c.x, c.y]) {
            corners.push([c.x, c.y]);
        }
    }
    while corners.len() > 1 && corners.first() == corners.last() {
        corners.pop();
    }
    let bad = |reason| {
        Err(RenderError::InvalidCellGeometry {
            cell,
            ring: Some(index),
            reason,
        })
    };
    if corners.len() < 3 {
        return bad("the ring has fewer than 3 distinct corners");
    }
    if exterior && ring_area(&corners).abs() < crate::grid::MIN_EXTERIOR_AREA_DEG2 {
        return bad("the exterior ring encloses less than 1e-12 square degrees (about 0.01 m²): collinear corners, or a ring crossing itself whose lobes cancel");
    }
    Ok(())
}

/// Builds exactly `cells` cells from flat arrays (as [`cells_from_flat`]) in cell-number order:
/// slot `k` is cell `k`, with no polygons when no ring belongs to it. The form of a grid map's
/// cells (`GridMap.toFlat()`), whose cell numbers are its indices.
///
/// # Units
/// As [`cells_from_flat`].
///
/// # Errors
/// As [`cells_from_flat`]; [`RenderError::InvalidRings`] when a ring's cell number is `cells`
/// or more; [`RenderError::InvalidCellGeometry`] for a cell no ring belongs to.
pub fn cells_from_flat_numbered(
    positions: &[f64],
    ring_ends: &[u32],
    ring_cells: &[u32],
    ring_holes: &[u8],
    cells: usize,
) -> Result<Vec<CellPolygons>, RenderError> {
    if let Some(ring) = ring_cells.iter().position(|&c| c as usize >= cells) {
        return Err(RenderError::InvalidRings {
            ring,
            reason: "cell number not below the number of names",
        });
    }
    let mut out: Vec<CellPolygons> = (0..cells).map(|k| (k as u32, Vec::new())).collect();
    for (c, polygons) in cells_from_flat(positions, ring_ends, ring_cells, ring_holes)? {
        if let Some(slot) = out.get_mut(c as usize) {
            slot.1 = polygons;
        }
    }
    if let Some((cell, _)) = out.iter().find(|(_, p)| p.is_empty()) {
        return Err(RenderError::InvalidCellGeometry {
            cell: *cell,
            ring: None,
            reason: "no ring belongs to the cell (every cell named needs an exterior ring)",
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_input_round_trip() {
        // cell 7: open square with a closed triangular hole; cell 3: open quadrilateral
        let pos = [
            0.0, 0.0, 4.0, 0.0, 4.0, 4.0, 0.0, 4.0, // ext
            1.0, 1.0, 2.0, 1.0, 2.0, 2.0, 1.0, 1.0, // hole
            5.0, 0.0, 6.0, 0.0, 6.0, 1.0, 5.0, 1.0, // quadrilateral
        ];
        let cells = cells_from_flat(&pos, &[4, 8, 12], &[7, 7, 3], &[0, 1, 0]).unwrap();
        assert_eq!(cells.len(), 2);
        assert_eq!(cells[0].0, 7);
        assert_eq!(cells[0].1[0].interiors().len(), 1);
        assert_eq!(cells[0].1[0].interiors()[0].0.len(), 4); // closed already
        assert_eq!(cells[1].1[0].exterior().0.len(), 5); // closed by geo
        assert!(cells_from_flat(&pos, &[4, 3, 12], &[1, 1, 1], &[0, 0, 0]).is_err());
        assert!(cells_from_flat(&pos, &[4, 99], &[1, 1], &[0, 0]).is_err());
        assert!(cells_from_flat(&pos, &[4], &[1, 1], &[0]).is_err());
        assert!(cells_from_flat(&pos[..3], &[], &[], &[]).is_err());
        let e = cells_from_flat(&pos, &[4, 8, 12], &[1, 2, 2], &[0, 1, 0]).unwrap_err();
        assert_eq!(e.code(), "RENDER_INVALID_RINGS");
    }

    #[test]
    fn flat_input_rejects_short_rings_stray_positions_and_no_rings() {
        let sq = [0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
        // an open triangle of 3 positions, or a ring end one short: ring 0 has 3 positions
        let tri = [5.0, 0.0, 6.0, 0.0, 5.0, 1.0];
        let e = cells_from_flat(&tri, &[3], &[2], &[0]).unwrap_err();
        assert_eq!(e.code(), "RENDER_INVALID_RINGS");
        assert!(
            matches!(
                e,
                RenderError::InvalidCellGeometry {
                    cell: 2,
                    ring: Some(0),
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("fewer than 4 positions"), "{e}");
        let two = [sq, sq.map(|v| v + 2.0)].concat();
        let e = cells_from_flat(&two, &[3, 8], &[0, 1], &[0, 0]).unwrap_err();
        assert!(
            matches!(e, RenderError::InvalidCellGeometry { ring: Some(0), .. }),
            "{e:?}"
        );
        // an empty ring (a ring end equal to its start)
        let e = cells_from_flat(&two, &[4, 4, 8], &[0, 1, 1], &[0, 0, 0]).unwrap_err();
        assert!(
            matches!(e, RenderError::InvalidCellGeometry { ring: Some(1), .. }),
            "{e:?}"
        );
        // positions after the last ring end would belong to no ring
        let e = cells_from_flat(&two, &[4], &[0], &[0]).unwrap_err();
        assert_eq!(e.code(), "RENDER_INVALID_RINGS");
        assert!(
            matches!(e, RenderError::InvalidRings { ring: 0, .. }),
            "{e:?}"
        );
        assert!(e.to_string().contains("past the last ring's end"), "{e}");
        // no rings at all: an empty view
        for pos in [&[][..], &sq[..]] {
            let e = cells_from_flat(pos, &[], &[], &[]).unwrap_err();
            assert_eq!((e.code(), e), ("RENDER_EMPTY", RenderError::Empty));
        }
        assert_eq!(
            cells_from_flat_numbered(&[], &[], &[], &[], 0).unwrap_err(),
            RenderError::Empty
        );
    }

    #[test]
    fn numbered_flat_input_keeps_cell_order_and_empty_cells() {
        let pos = [
            0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 5.0, 0.0, 6.0, 0.0, 5.0, 1.0, 5.0, 0.0,
        ];
        let cells = cells_from_flat_numbered(&pos, &[4, 8], &[1, 0], &[0, 0], 2).unwrap();
        assert_eq!(
            cells.iter().map(|c| (c.0, c.1.len())).collect::<Vec<_>>(),
            [(0, 1), (1, 1)]
        );
        // a cell no ring belongs to is an error naming it
        let e = cells_from_flat_numbered(&pos, &[4, 8], &[2, 0], &[0, 0], 3).unwrap_err();
        assert_eq!(e.code(), "RENDER_INVALID_RINGS");
        assert_eq!(
            e,
            RenderError::InvalidCellGeometry {
                cell: 1,
                ring: None,
                reason: "no ring belongs to the cell (every cell named needs an exterior ring)"
            }
        );
        let e = cells_from_flat_numbered(&pos, &[4, 8], &[2, 3], &[0, 0], 3).unwrap_err();
        assert_eq!(e.code(), "RENDER_INVALID_RINGS");
    }

    #[test]
    fn flat_input_names_bad_vertices_and_degenerate_rings() {
        let sq = [0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
        for (k, bad) in [f64::NAN, f64::INFINITY, 181.0].into_iter().enumerate() {
            let mut pos = sq.to_vec();
            pos.extend_from_slice(&[5.0, 0.0, 6.0, 0.0, 6.0, 1.0, 5.0, 0.0]);
            pos[9 - (k % 2)] = if k == 2 { 95.0 } else { bad }; // lat of vertex 4 / lng
            let e = cells_from_flat(&pos, &[4, 8], &[3, 8], &[0, 0]).unwrap_err();
            assert_eq!(e.code(), "RENDER_INVALID_RINGS");
            assert!(
                matches!(
                    e,
                    RenderError::InvalidVertex {
                        ring: 1,
                        cell: 8,
                        vertex: 4,
                        ..
                    }
                ),
                "{e:?}"
            );
            assert!(e.to_string().contains("vertex 4 (positions[8..])"));
        }
        // two corners only; a zero-area exterior (collinear)
        for pos in [
            &[0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0][..],
            &[0.0, 0.0, 1.0, 0.0, 2.0, 0.0, 0.0, 0.0][..],
        ] {
            let e = cells_from_flat(pos, &[4], &[5], &[0]).unwrap_err();
            assert!(
                matches!(
                    e,
                    RenderError::InvalidCellGeometry {
                        cell: 5,
                        ring: Some(0),
                        ..
                    }
                ),
                "{e:?}"
            );
            assert_eq!(e.code(), "RENDER_INVALID_RINGS");
        }
        assert!(cells_from_flat(&sq, &[4], &[0], &[0]).is_ok());
    }

    #[test]
    fn projection_drops_bad_vertices_and_counts_them() {
        let p = Polygon::new(
            LineString::from(vec![
                (0.0, 0.0),
                (f64::NAN, 1.0),
                (1.0, 0.0),
                (1.0, 1.0),
                (1.0, 1.0),
                (0.0, 0.0),
            ]),
            vec![LineString::from(vec![(0.2, 0.2), (0.3, 0.3)])],
        );
        let (cells, rep) = project_cells(&[(1, vec![p]), (2, vec![])]).unwrap();
        assert_eq!(rep.invalid_vertices, 1);
        assert_eq!(rep.degenerate_rings, 1);
        assert_eq!(cells[0].parts[0].rings[0].len(), 3);
        assert!(cells[1].bbox.is_none());
        assert!(project_cells(&[(1, vec![]), (1, vec![])]).is_err());
    }
}
