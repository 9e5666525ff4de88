//! Paint batches: the whole visible map grouped by paint, for backends that keep paths between
//! frames (Canvas 2D `Path2D`) and only change a transform to pan and zoom.
//!
//! Fills are grouped per level and class colour (one path per colour); strokes are the shared
//! arcs, each stroked once, grouped per boundary style — an arc walked by a visible cell is
//! drawn in the style of the highest level that walks it (a grid border that is also a street
//! border looks like a street border). Coordinates are
//! relative to an origin and scaled to the simplification level, so that they stay small
//! enough for the single-precision floats of rasterisers at any zoom.

use super::*;
use crate::math::SameBits;
use crate::render::palette::Color;
use crate::render::viewport::TILE_SIZE_CSS;

/// One fill colour: the union of the visible cells of one level and class, as rings made of the
/// shared arcs, without the arcs between two of its cells (dissolved: fewer edges to rasterise).
///
/// # Units
/// Batch units (see [`PaintBatches`]); ring `i` is `points[ring_ends[i-1]..ring_ends[i]]`,
/// open.
///
/// # Guarantees
/// Outlines wind positively and holes negatively (in batch units), so the non-zero and the
/// even–odd rule fill the same area (cells of one level do not overlap). A ring may touch
/// itself at a vertex where cells meet corner to corner.
#[derive(Clone, Debug, PartialEq)]
pub struct FillBatch {
    /// Fill colour.
    pub color: Color,
    /// Vertices of all rings.
    pub points: Vec<[f64; 2]>,
    /// End offset of each ring.
    pub ring_ends: Vec<usize>,
}

/// One boundary style: the arcs drawn with it, each once.
///
/// # Units
/// Batch units; polyline `i` is `points[line_ends[i-1]..line_ends[i]]`. `width_px` in device
/// px (divide by the transform scale when stroking in batch units).
#[derive(Clone, Debug, PartialEq)]
pub struct StrokeBatch {
    /// Stroke colour.
    pub color: Color,
    /// Width, device px.
    pub width_px: f64,
    /// Vertices of all polylines.
    pub points: Vec<[f64; 2]>,
    /// End offset of each polyline.
    pub line_ends: Vec<usize>,
}

/// The visible map at one simplification level, grouped by paint.
///
/// # Units
/// Batch units: `(world − origin) · scale`, which is device px at the level's zoom
/// (`TILE_SIZE_CSS · 2^level` device px per world unit). Draw with
/// [`PaintBatches::transform`] of the current viewport.
#[derive(Clone, Debug, PartialEq)]
pub struct PaintBatches {
    /// Simplification level (see the viewport's zoom and device pixel ratio).
    pub level: i32,
    /// [`Scene::paint_version`] they were made at.
    pub version: u64,
    /// World units at batch `[0, 0]`.
    pub origin: [f64; 2],
    /// Batch units per world unit.
    pub scale: f64,
    /// Fills in drawing order (grid, community, street; classes ascending).
    pub fills: Vec<FillBatch>,
    /// Strokes in drawing order (grid, community, street boundaries).
    pub strokes: Vec<StrokeBatch>,
}

impl PaintBatches {
    /// The map from batch units to device px for a viewport, `[k, e, f]`:
    /// `x_px = k·x + e`, `y_px = k·y + f` (a canvas `setTransform(k, 0, 0, k, e, f)`).
    ///
    /// # Errors
    /// None.
    pub fn transform(&self, viewport: &Viewport) -> [f64; 3] {
        let t = viewport.transform_device();
        [
            t.scale / self.scale,
            self.origin[0] * t.scale + t.offset_x,
            self.origin[1] * t.scale + t.offset_y,
        ]
    }
}

impl Scene {
    /// The simplification level for the current viewport; batches made at another level are
    /// stale for drawing.
    ///
    /// # Errors
    /// None.
    pub fn paint_level(&self) -> i32 {
        level_for(self.viewport.zoom(), self.viewport.device_pixel_ratio())
    }

    /// Groups the visible map by paint at the current simplification level (see the module
    /// docs). Unaffected by pan; rebuild when [`Scene::paint_level`] or
    /// [`Scene::paint_version`] differ from the batches'.
    ///
    /// # Errors
    /// None.
    ///
    /// # Complexity
    /// O(V) expected for V vertices of the visible cells' arcs.
    pub fn paint_batches(&mut self) -> PaintBatches {
        let level = self.paint_level();
        let origin = self.bounds.map_or([0.0, 0.0], |b| [b[0], b[1]]);
        let scale = TILE_SIZE_CSS * f64::from(level).exp2_();
        let to = |p: [f64; 2]| [(p[0] - origin[0]) * scale, (p[1] - origin[1]) * scale];
        // fills: one batch per (rank, class), each the union of its cells with the arcs
        // between two of them dissolved (measured in Chromium's software raster, 1280×800 at
        // DPR 2, 600 grids: 33 → 25 ms per redraw against one ring per cell in 4 × 4 tiles;
        // the tiles, which once shortened the active edge lists, no longer pay)
        let colors = self.choropleth.palette_len() + 1;
        let arcs = self.topology.simplified_arcs(level_tolerance(level));
        let mut colors_of: Vec<Option<Color>> = vec![None; 3 * colors];
        let mut group_of: Vec<Option<usize>> = vec![None; self.cells.len()];
        for (i, group) in group_of.iter_mut().enumerate() {
            if !self.is_visible(i) {
                continue;
            }
            let rank = usize::from(level_rank(self.levels[i]));
            let (class, color) = self.choropleth.class_and_color(self.values[i]);
            let slot = rank * colors + class.map_or(0, |c| c + 1);
            *group = Some(slot);
            colors_of[slot] = Some(color);
        }
        let regions = self.topology.dissolve(&arcs, &group_of, colors_of.len());
        let fills = colors_of
            .into_iter()
            .zip(regions)
            .filter_map(|(color, rings)| {
                let mut b = FillBatch {
                    color: color?,
                    points: Vec::new(),
                    ring_ends: Vec::new(),
                };
                for ring in rings {
                    b.points.extend(ring.iter().map(|&p| to(p)));
                    b.ring_ends.push(b.points.len());
                }
                (!b.ring_ends.is_empty()).then_some(b)
            })
            .collect();
        // strokes: each arc once, in the style of its highest visible user
        let r = self.viewport.device_pixel_ratio();
        let style = &self.style;
        let styles = [
            style.grid_stroke,
            style.community_stroke,
            style.street_stroke,
        ];
        let mut strokes: Vec<StrokeBatch> = styles
            .iter()
            .map(|s| StrokeBatch {
                color: s.color,
                width_px: s.width_css * r,
                points: Vec::new(),
                line_ends: Vec::new(),
            })
            .collect();
        let users = self.arc_cells.get_or_init(|| self.topology.arc_cells());
        for (arc, cells) in arcs.iter().zip(users) {
            // drawn when a visible cell walks it; styled by the highest level walking it (a
            // grid border that is also a street border is drawn as a street border)
            if arc.len() < 2 || !cells.iter().any(|&c| self.is_visible(c as usize)) {
                continue;
            }
            let rank = cells
                .iter()
                .map(|&c| level_rank(self.levels[c as usize]))
                .max()
                .unwrap_or(0);
            let b = &mut strokes[usize::from(rank)];
            b.points.extend(arc.iter().map(|&p| to(p)));
            b.line_ends.push(b.points.len());
        }
        strokes.retain(|s| s.width_px > 0.0 && !s.line_ends.is_empty());
        PaintBatches {
            level,
            version: self.paint_version,
            origin,
            scale,
            fills,
            strokes,
        }
    }

    /// The hover and selection highlights in device px (as in [`Scene::display_list`]).
    ///
    /// # Errors
    /// None.
    pub fn highlights(&mut self) -> Vec<PathItem> {
        if self.hover.is_none() && self.selected.is_none() {
            return Vec::new();
        }
        let level = self.paint_level();
        let td = self.viewport.transform_device();
        let r = self.viewport.device_pixel_ratio();
        self.simplified(level);
        let rings_at = self
            .simplified
            .get(level)
            .map(|v| v.as_slice())
            .unwrap_or(&[]);
        let style = &self.style;
        let mut out = Vec::new();
        for (sel, role, stroke, fill) in [
            (
                self.hover,
                PathRole::Hover,
                style.hover_stroke,
                style.hover_fill,
            ),
            (
                self.selected,
                PathRole::Selected,
                style.selected_stroke,
                None,
            ),
        ] {
            let Some(i) = sel else { continue };
            let Some(parts) = rings_at.get(i) else {
                continue;
            };
            let mut points = Vec::new();
            let mut ring_ends = Vec::new();
            for ring in parts.iter().flatten() {
                points.extend(ring.iter().map(|&m| td.apply(m)));
                ring_ends.push(points.len());
            }
            if ring_ends.is_empty() {
                continue;
            }
            out.push(PathItem {
                cell: self.cells[i].number,
                role,
                points,
                ring_ends,
                fill,
                stroke: Some(stroke.color),
                stroke_width_px: stroke.width_css * r,
                title: String::new(),
            });
        }
        out
    }

    /// Labels and markers of the current view, in device px (as in [`Scene::display_list`]).
    ///
    /// # Errors
    /// None.
    pub fn labels_and_markers(&mut self) -> (Vec<LabelItem>, Vec<MarkerItem>) {
        let cells = self.cells_in_view();
        let markers = self.frame_markers();
        (self.frame_labels(&cells, &markers), markers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::square as sq;
    use geo::{LineString, Polygon};

    /// A street of two communities of two grids each (2 × 2 squares of 0.01°); the larger
    /// cells carry their children's vertices, as unions of them do.
    fn scene() -> Scene {
        let g = |i: u32, x: f64, y: f64| (i, vec![sq(118.0 + x, 24.4 + y, 0.01)]);
        let two = |i: u32, x: f64| {
            (
                i,
                vec![Polygon::new(
                    LineString::from(vec![
                        (118.0 + x, 24.4),
                        (118.01 + x, 24.4),
                        (118.01 + x, 24.41),
                        (118.01 + x, 24.42),
                        (118.0 + x, 24.42),
                        (118.0 + x, 24.41),
                        (118.0 + x, 24.4),
                    ]),
                    vec![],
                )],
            )
        };
        let street = (
            0,
            vec![Polygon::new(
                LineString::from(vec![
                    (118.0, 24.4),
                    (118.01, 24.4),
                    (118.02, 24.4),
                    (118.02, 24.41),
                    (118.02, 24.42),
                    (118.01, 24.42),
                    (118.0, 24.42),
                    (118.0, 24.41),
                    (118.0, 24.4),
                ]),
                vec![],
            )],
        );
        let cells = vec![
            street,
            two(1, 0.0),
            two(2, 0.01),
            g(3, 0.0, 0.0),
            g(4, 0.0, 0.01),
            g(5, 0.01, 0.0),
            g(6, 0.01, 0.01),
        ];
        let names: Vec<String> = (0..7).map(|i| format!("c{i}")).collect();
        let vp = Viewport::new(400.0, 400.0, 2.0, [0.0, 0.0], 0.0).unwrap();
        let mut s = Scene::new(&cells, &names, vp).unwrap();
        use Level::*;
        s.set_levels(&[Street, Community, Community, Grid, Grid, Grid, Grid])
            .unwrap();
        s.fit_bounds(10.0).unwrap();
        s
    }

    fn lines(b: &StrokeBatch) -> usize {
        b.line_ends.len()
    }

    #[test]
    fn grids_filled_once_and_each_boundary_stroked_once_in_its_highest_style() {
        let mut s = scene();
        let grids = [false, false, false, true, true, true, true];
        s.set_visible(Some(&grids)).unwrap();
        s.set_values(&[0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 2.0]).unwrap();
        let b = s.paint_batches();
        // grids 3, 4, 5 share a class (dissolved into one L-shaped ring), 6 has its own
        let rings: usize = b.fills.iter().map(|f| f.ring_ends.len()).sum();
        assert_eq!(
            rings, 2,
            "one ring per region of one class, hidden cells not filled"
        );
        // grid-only boundaries: the two inner half-edges between grids of one community;
        // the community border (x = 118.01) in community style; the outline in street style
        let total: f64 = b
            .strokes
            .iter()
            .flat_map(|st| {
                let mut start = 0;
                st.line_ends.iter().map(move |&e| {
                    let l: f64 = st.points[start..e]
                        .windows(2)
                        .map(|w| (w[1][0] - w[0][0]).hypot_(w[1][1] - w[0][1]))
                        .sum();
                    start = e;
                    l
                })
            })
            .sum();
        // every edge once: the outline (2W + 2H) and the inner cross (W + H), for the map's
        // width W and height H (Mercator stretches the height)
        let pts = || b.fills.iter().flat_map(|f| f.points.iter());
        let w = pts().map(|p| p[0]).fold(f64::MIN, f64::max)
            - pts().map(|p| p[0]).fold(f64::MAX, f64::min);
        let h = pts().map(|p| p[1]).fold(f64::MIN, f64::max)
            - pts().map(|p| p[1]).fold(f64::MAX, f64::min);
        let want = 3.0 * (w + h);
        let filled: f64 = b
            .fills
            .iter()
            .flat_map(|f| {
                let mut start = 0;
                f.ring_ends.iter().map(move |&e| {
                    let a = crate::render::geometry::ring_area(&f.points[start..e]);
                    start = e;
                    a
                })
            })
            .sum();
        assert!(
            (filled / (w * h) - 1.0).abs() < 1e-9,
            "filled {filled}, the four grids cover {}",
            w * h
        );
        assert!(
            (total / want - 1.0).abs() < 1e-9,
            "total stroke length {total}, each edge once would be {want}"
        );
        let style = s.style().clone();
        let street = b
            .strokes
            .iter()
            .find(|st| st.color == style.street_stroke.color)
            .expect("the outline is drawn as a street border");
        assert!(lines(street) >= 1);
        assert!(b
            .strokes
            .iter()
            .any(|st| st.color == style.community_stroke.color));
        // batch coordinates map back to the device px of the display list
        let [k, e, f] = b.transform(s.viewport());
        let dl = s.display_list();
        let p0 = dl.paths[0].points[0];
        let found = b
            .fills
            .iter()
            .flat_map(|f| f.points.iter())
            .any(|q| (q[0] * k + e - p0[0]).abs() < 0.2 && (q[1] * k + f - p0[1]).abs() < 0.2);
        assert!(
            found,
            "a display-list vertex is a batch vertex under the transform"
        );
    }

    #[test]
    fn exteriors_wind_positively_and_classes_split_fills() {
        let mut s = scene();
        s.set_visible(Some(&[false, false, false, true, true, true, true]))
            .unwrap();
        s.set_values(&[0.0, 0.0, 0.0, 1.0, 5.0, 9.0, 13.0]).unwrap();
        let b = s.paint_batches();
        let colors: std::collections::HashSet<_> = b
            .fills
            .iter()
            .map(|f| (f.color.r, f.color.g, f.color.b))
            .collect();
        assert!(colors.len() >= 3);
        for f in &b.fills {
            let mut start = 0;
            for &end in &f.ring_ends {
                let a = crate::render::geometry::ring_area(&f.points[start..end]);
                assert!(a > 0.0, "exterior with area {a}");
                start = end;
            }
        }
    }

    #[test]
    fn hidden_cells_are_not_picked_nor_classified() {
        let mut s = scene();
        let centre = [200.0, 200.0];
        assert_eq!(s.pick(centre[0] - 50.0, centre[1] + 50.0), Some(3));
        s.set_visible(Some(&[true, false, false, false, false, false, false]))
            .unwrap();
        assert_eq!(s.pick(centre[0] - 50.0, centre[1] + 50.0), Some(0));
        s.set_values(&[100.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
            .unwrap();
        let legend = s.legend();
        let n: u32 = legend.classes.iter().map(|c| c.count).sum();
        assert_eq!(n + legend.no_data_count, 1, "only the street is classified");
        assert!(
            !s.set_selected(Some(4)).unwrap(),
            "a hidden cell is not selected"
        );
        assert!(s.set_visible(Some(&[true])).is_err());
        let v0 = s.paint_version();
        s.pan_by(5.0, 0.0).unwrap();
        assert_eq!(s.paint_version(), v0, "panning keeps the paint batches");
    }
}
