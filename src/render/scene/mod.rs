//! The scene: cells, values, classification, style, viewport, hover and selection, points —
//! everything a map view holds between frames, and the display list it makes.

use std::collections::HashMap;
use std::sync::OnceLock;

use geo::Polygon;

use super::cache::LevelCache;
use super::classify::{Choropleth, ClassBreaks, ClassMethod, Legend};
use super::display_list::{DisplayList, LabelItem, MarkerItem, PathItem, PathRole, Style};
use super::geometry::{project_cells, union_bbox, GeometryReport, ProjCell};
use super::labels::{place_labels, polylabel, short_name, text_width_em, Candidate, LabelAnchor};
use super::palette::DEFAULT_PALETTE;
use super::pick::PickIndex;
use super::points::{PointKind, PointLayer};
use super::simplify::{level_for, level_tolerance, CellRings, Topology};
use super::viewport::{lnglat_from_mercator, Viewport};
use super::RenderError;
use crate::grid::Level;

mod batch;
mod frame;

pub use batch::{FillBatch, PaintBatches, StrokeBatch};

/// How values are classified and coloured.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Classification {
    /// The method.
    pub method: ClassMethod,
    /// Number of classes (1–9); ignored for manual breaks.
    pub classes: usize,
    /// ColorBrewer palette name (see [`super::PALETTE_NAMES`]).
    pub palette: String,
    /// Edges for [`ClassMethod::Manual`].
    pub breaks: Option<Vec<f64>>,
}

impl Default for Classification {
    fn default() -> Self {
        Classification {
            method: ClassMethod::NaturalBreaks,
            classes: 5,
            palette: DEFAULT_PALETTE.to_string(),
            breaks: None,
        }
    }
}

/// A marker or cluster found by [`Scene::pick_marker`].
///
/// # Units
/// `lnglat` in degrees.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarkerHit {
    /// Index of the point layer.
    pub layer: u32,
    /// Kind of the points.
    pub kind: PointKind,
    /// Number of points in the cluster (1 for a single point).
    pub count: u32,
    /// Lowest id among them.
    pub first_id: u32,
    /// Centre of the cluster.
    pub lnglat: [f64; 2],
}

/// How many simplification levels are kept.
const CACHE_LEVELS: usize = 6;
/// Extra touch radius for markers, CSS px.
const TOUCH_SLOP_CSS: f64 = 4.0;

/// A map view's state and its display list builder.
///
/// Cells are projected to Web Mercator once; shared arcs are found once; label anchors are
/// computed once; simplified rings are cached per zoom level. Every mutation sets a dirty flag
/// ([`Scene::is_dirty`]) so a caller driving `requestAnimationFrame` draws only on change.
///
/// # Units
/// Cells in `[lng, lat]` degrees of one datum; screen positions in CSS px (y-down); the
/// display list in device px.
#[derive(Clone, Debug)]
pub struct Scene {
    cells: Vec<ProjCell>,
    report: GeometryReport,
    index_of: HashMap<u32, usize>,
    topology: Topology,
    /// per arc, the cells walking it (for paint batches; computed on first use)
    arc_cells: OnceLock<Vec<Vec<u32>>>,
    simplified: LevelCache<Vec<CellRings>>,
    /// computed on first use (polylabel per part)
    anchors: Vec<OnceLock<Option<LabelAnchor>>>,
    pick: PickIndex,
    names: Vec<String>,
    /// Each cell's short name for labels (`None`: the name has none), by [`short_name`].
    short_names: Vec<Option<String>>,
    values: Vec<f64>,
    levels: Vec<Level>,
    classification: Classification,
    choropleth: Choropleth,
    style: Style,
    viewport: Viewport,
    hover: Option<usize>,
    selected: Option<usize>,
    points: Vec<PointLayer>,
    bounds: Option<[f64; 4]>,
    /// cells drawn and picked; `None`: all
    visible: Option<Vec<bool>>,
    /// bumped whenever fills, strokes or the visible set change (not on pan/zoom)
    paint_version: u64,
    dirty: bool,
}

fn level_rank(l: Level) -> u8 {
    match l {
        Level::Grid => 0,
        Level::Community => 1,
        Level::Street => 2,
    }
}

impl Scene {
    /// Builds a scene: projects the cells, finds shared arcs, computes label anchors and the
    /// pick index. Values start as no data (NaN), levels as [`Level::Grid`].
    ///
    /// # Units
    /// `cells`: `(cell number, polygons)` with polygons in `[lng, lat]` degrees; `names` one
    /// per cell, same order.
    ///
    /// # Errors
    /// [`RenderError::ValuesLength`] when `names.len() != cells.len()`;
    /// [`RenderError::DuplicateCell`] when a cell number repeats. Invalid vertices and
    /// degenerate rings are dropped and counted in [`Scene::report`], never errors.
    ///
    /// # Complexity
    /// O(V) for V vertices plus polylabel per part.
    pub fn new(
        cells: &[(u32, Vec<Polygon<f64>>)],
        names: &[String],
        viewport: Viewport,
    ) -> Result<Self, RenderError> {
        if names.len() != cells.len() {
            return Err(RenderError::ValuesLength {
                what: "names",
                expected: cells.len(),
                actual: names.len(),
            });
        }
        let (cells, report) = project_cells(cells)?;
        let index_of = cells
            .iter()
            .enumerate()
            .map(|(i, c)| (c.number, i))
            .collect();
        let topology = Topology::new(&cells);
        let anchors = (0..cells.len()).map(|_| OnceLock::new()).collect();
        let pick = PickIndex::new(&cells);
        let bounds = cells
            .iter()
            .filter_map(|c| c.bbox)
            .fold(None, |acc, b| Some(union_bbox(acc, b)));
        let n = cells.len();
        let values = vec![f64::NAN; n];
        let classification = Classification::default();
        let choropleth = Choropleth::new(
            &values,
            classification.method,
            classification.classes,
            None,
            &classification.palette,
        )?;
        Ok(Scene {
            cells,
            report,
            index_of,
            topology,
            arc_cells: OnceLock::new(),
            simplified: LevelCache::new(CACHE_LEVELS),
            anchors,
            pick,
            names: names.to_vec(),
            short_names: names.iter().map(|n| short_name(n, None)).collect(),
            values,
            levels: vec![Level::Grid; n],
            classification,
            choropleth,
            style: Style::default(),
            viewport,
            hover: None,
            selected: None,
            points: Vec::new(),
            bounds,
            visible: None,
            paint_version: 0,
            dirty: true,
        })
    }

    /// What was dropped while projecting the cells.
    ///
    /// # Errors
    /// None.
    pub fn report(&self) -> GeometryReport {
        self.report
    }

    /// Number of cells.
    ///
    /// # Errors
    /// None.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether there are no cells.
    ///
    /// # Errors
    /// None.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Sets one value per cell (same order as the cells); NaN is no data. Reclassifies.
    ///
    /// # Units
    /// Any value units (households, events…).
    ///
    /// # Errors
    /// [`RenderError::ValuesLength`] when the length differs from the number of cells;
    /// [`RenderError::InvalidValue`] for a value that is ±∞ (NaN is no data); the errors of
    /// [`Scene::set_classification`]. The scene is unchanged on error.
    pub fn set_values(&mut self, values: &[f64]) -> Result<(), RenderError> {
        if values.len() != self.cells.len() {
            return Err(RenderError::ValuesLength {
                what: "values",
                expected: self.cells.len(),
                actual: values.len(),
            });
        }
        if let Some(index) = values.iter().position(|v| v.is_infinite()) {
            return Err(RenderError::InvalidValue {
                what: "values",
                index,
                value: values[index],
            });
        }
        self.choropleth = self.make_choropleth(values, &self.classification)?;
        self.values = values.to_vec();
        self.touch_paint();
        Ok(())
    }

    /// Sets each cell's parent (an index into the cells, as given to [`Scene::new`]) so that
    /// short labels leave the parent's name off (`下沃社区第1网格` under `下沃社区` is
    /// labelled `第1网格` when the full name does not fit; [`short_name`]). Without parents
    /// only administrative suffixes are left off.
    ///
    /// # Errors
    /// [`RenderError::ValuesLength`] when the length differs from the number of cells. A
    /// parent index out of range counts as no parent.
    pub fn set_parents(&mut self, parents: &[Option<usize>]) -> Result<(), RenderError> {
        if parents.len() != self.cells.len() {
            return Err(RenderError::ValuesLength {
                what: "parents",
                expected: self.cells.len(),
                actual: parents.len(),
            });
        }
        self.short_names = self
            .names
            .iter()
            .zip(parents)
            .map(|(n, p)| short_name(n, p.and_then(|p| self.names.get(p)).map(String::as_str)))
            .collect();
        self.dirty = true;
        Ok(())
    }

    /// Sets one level per cell (strokes and drawing order: grid, then community, then street
    /// boundaries on top).
    ///
    /// # Errors
    /// [`RenderError::ValuesLength`] when the length differs from the number of cells.
    pub fn set_levels(&mut self, levels: &[Level]) -> Result<(), RenderError> {
        if levels.len() != self.cells.len() {
            return Err(RenderError::ValuesLength {
                what: "levels",
                expected: self.cells.len(),
                actual: levels.len(),
            });
        }
        self.levels = levels.to_vec();
        self.touch_paint();
        Ok(())
    }

    /// Classifies the values of the visible cells only (hidden cells do not move the breaks).
    fn make_choropleth(
        &self,
        values: &[f64],
        c: &Classification,
    ) -> Result<Choropleth, RenderError> {
        let shown = self.visible_values(values);
        Choropleth::new(&shown, c.method, c.classes, c.breaks.as_deref(), &c.palette)
    }

    fn visible_values(&self, values: &[f64]) -> Vec<f64> {
        match &self.visible {
            None => values.to_vec(),
            Some(m) => values
                .iter()
                .zip(m)
                .filter_map(|(&v, &on)| on.then_some(v))
                .collect(),
        }
    }

    fn touch_paint(&mut self) {
        self.paint_version = self.paint_version.wrapping_add(1);
        self.dirty = true;
    }

    /// A counter that changes whenever fills, strokes or the visible cells change, and not on
    /// pan or zoom: backends that cache paths (see [`Scene::paint_batches`]) key them by it.
    ///
    /// # Errors
    /// None.
    pub fn paint_version(&self) -> u64 {
        self.paint_version
    }

    /// Restricts drawing, picking, labels and classification to the cells whose flag is set
    /// (drill-down: a street's communities, a community's grids); `None` shows every cell.
    ///
    /// # Errors
    /// [`RenderError::ValuesLength`] when the length differs from the number of cells. The
    /// scene is unchanged on error.
    pub fn set_visible(&mut self, visible: Option<&[bool]>) -> Result<(), RenderError> {
        if let Some(v) = visible {
            if v.len() != self.cells.len() {
                return Err(RenderError::ValuesLength {
                    what: "visible",
                    expected: self.cells.len(),
                    actual: v.len(),
                });
            }
        }
        let before = self.visible.take();
        self.visible = visible.map(<[bool]>::to_vec);
        match self.make_choropleth(&self.values, &self.classification) {
            Ok(c) => self.choropleth = c,
            Err(err) => {
                self.visible = before;
                return Err(err);
            }
        }
        if self.hover.is_some_and(|i| !self.is_visible(i)) {
            self.hover = None;
        }
        if self.selected.is_some_and(|i| !self.is_visible(i)) {
            self.selected = None;
        }
        for li in 0..self.points.len() {
            let shown = self.points_shown(&self.points[li]);
            self.points[li].set_shown(shown);
        }
        self.touch_paint();
        Ok(())
    }

    /// Whether cell slot `i` is drawn (see [`Scene::set_visible`]).
    pub(crate) fn is_visible(&self, i: usize) -> bool {
        self.visible
            .as_ref()
            .is_none_or(|m| m.get(i).copied().unwrap_or(false))
    }

    /// Fits the visible cells into the view with `padding_css`; nothing happens without any.
    ///
    /// # Units
    /// CSS px.
    ///
    /// # Errors
    /// [`RenderError::InvalidViewport`] when the padding is negative or not finite.
    pub fn fit_visible(&mut self, padding_css: f64) -> Result<(), RenderError> {
        if !(padding_css.is_finite() && padding_css >= 0.0) {
            return Err(RenderError::InvalidViewport {
                field: "padding",
                value: padding_css,
            });
        }
        if let Some(b) = self.shown_bounds() {
            self.view_op(|v| {
                v.fit_world(b, padding_css);
                Ok(())
            })?;
        }
        Ok(())
    }

    /// The bounds of the cells shown, world units `[min_x, min_y, max_x, max_y]`; `None`
    /// without any.
    fn shown_bounds(&self) -> Option<[f64; 4]> {
        if self.visible.is_none() {
            return self.bounds;
        }
        (0..self.cells.len())
            .filter(|&i| self.is_visible(i))
            .filter_map(|i| self.cells[i].bbox)
            .fold(None, |acc, b| Some(union_bbox(acc, b)))
    }

    /// The label anchor of cell slot `i`, computed on first use.
    pub(crate) fn anchor(&self, i: usize) -> Option<LabelAnchor> {
        let c = self.cells.get(i)?;
        *self.anchors[i].get_or_init(|| {
            c.parts
                .iter()
                .filter_map(|p| {
                    let (w, h) = (p.bbox[2] - p.bbox[0], p.bbox[3] - p.bbox[1]);
                    polylabel(&p.rings, w.max(h) * 3e-2)
                })
                .max_by(|a, b| a.radius.total_cmp(&b.radius))
        })
    }

    /// Sets the classification and recomputes the breaks.
    ///
    /// # Errors
    /// [`RenderError::InvalidClassCount`], [`RenderError::InvalidBreaks`],
    /// [`RenderError::UnknownPalette`]; the scene is unchanged on error.
    pub fn set_classification(&mut self, c: Classification) -> Result<(), RenderError> {
        self.choropleth = self.make_choropleth(&self.values, &c)?;
        self.classification = c;
        self.touch_paint();
        Ok(())
    }

    /// The classification.
    ///
    /// # Errors
    /// None.
    pub fn classification(&self) -> &Classification {
        &self.classification
    }

    /// The current class breaks.
    ///
    /// # Errors
    /// None.
    pub fn breaks(&self) -> &ClassBreaks {
        &self.choropleth.breaks
    }

    /// The legend: class ranges, colours, counts, and the no-data count.
    ///
    /// # Errors
    /// None.
    pub fn legend(&self) -> Legend {
        self.choropleth.legend(&self.visible_values(&self.values))
    }

    /// Sets the style.
    ///
    /// # Errors
    /// [`RenderError::InvalidStyle`]; the scene is unchanged on error.
    pub fn set_style(&mut self, style: Style) -> Result<(), RenderError> {
        style.validate()?;
        self.style = style;
        self.touch_paint();
        Ok(())
    }

    /// The style.
    ///
    /// # Errors
    /// None.
    pub fn style(&self) -> &Style {
        &self.style
    }

    /// The viewport.
    ///
    /// # Errors
    /// None.
    pub fn viewport(&self) -> &Viewport {
        &self.viewport
    }

    /// Replaces the viewport.
    ///
    /// # Errors
    /// None (a [`Viewport`] is valid by construction).
    pub fn set_viewport(&mut self, viewport: Viewport) {
        if viewport != self.viewport {
            self.viewport = viewport;
            self.dirty = true;
        }
    }

    fn view_op(
        &mut self,
        f: impl FnOnce(&mut Viewport) -> Result<(), RenderError>,
    ) -> Result<(), RenderError> {
        let before = self.viewport.clone();
        f(&mut self.viewport)?;
        if self.viewport != before {
            self.dirty = true;
        }
        Ok(())
    }

    /// Pans by a drag of `(dx, dy)` (see [`Viewport::pan_by`]), keeping the centre of the
    /// view over the bounding box of the cells shown: any point of the map can be dragged to
    /// the centre, and no further. A drag however far (`pan_by(1e20, 0)`) stops with the
    /// map's west edge at the centre of the view, and a drag back moves the map back at once
    /// (the centre is not clamped to the world's edge, 180° away, as a bare [`Viewport`] is).
    /// A centre outside the box (after a zoom out about a point beside the map, or
    /// [`Scene::set_viewport`]) moves towards it freely and no further away. Without cells,
    /// as [`Viewport::pan_by`].
    ///
    /// # Units
    /// CSS px.
    ///
    /// # Errors
    /// [`RenderError::InvalidViewport`] for non-finite input.
    pub fn pan_by(&mut self, dx_css: f64, dy_css: f64) -> Result<(), RenderError> {
        match self.shown_bounds() {
            Some(region) => self.view_op(|v| v.pan_within(dx_css, dy_css, region)),
            None => self.view_op(|v| v.pan_by(dx_css, dy_css)),
        }
    }

    /// Zooms by `factor` about a screen point; see [`Viewport::zoom_at`].
    ///
    /// # Units
    /// CSS px; `factor` a ratio.
    ///
    /// # Errors
    /// [`RenderError::InvalidViewport`] for non-finite input or `factor <= 0`.
    pub fn zoom_at(&mut self, x_css: f64, y_css: f64, factor: f64) -> Result<(), RenderError> {
        self.view_op(|v| v.zoom_at(x_css, y_css, factor))
    }

    /// Resizes the canvas keeping the centre; see [`Viewport::resize`].
    ///
    /// # Units
    /// CSS px; ratio device px / CSS px.
    ///
    /// # Errors
    /// [`RenderError::InvalidViewport`] for non-positive or non-finite sizes.
    pub fn resize(
        &mut self,
        width_css: f64,
        height_css: f64,
        device_pixel_ratio: f64,
    ) -> Result<(), RenderError> {
        self.view_op(|v| v.resize(width_css, height_css, device_pixel_ratio))
    }

    /// Fits all cells into the view with `padding_css`; nothing happens without cells.
    ///
    /// # Units
    /// CSS px.
    ///
    /// # Errors
    /// [`RenderError::InvalidViewport`] when the padding is negative or not finite.
    pub fn fit_bounds(&mut self, padding_css: f64) -> Result<(), RenderError> {
        if !(padding_css.is_finite() && padding_css >= 0.0) {
            return Err(RenderError::InvalidViewport {
                field: "padding",
                value: padding_css,
            });
        }
        if let Some(b) = self.bounds {
            self.view_op(|v| {
                v.fit_world(b, padding_css);
                Ok(())
            })?;
        }
        Ok(())
    }

    /// The bounds of all cells, `[west, south, east, north]`; `None` without cells.
    ///
    /// # Units
    /// Degrees.
    ///
    /// # Errors
    /// None.
    pub fn bbox(&self) -> Option<[f64; 4]> {
        self.bounds.map(|b| {
            let a = lnglat_from_mercator([b[0], b[3]]);
            let c = lnglat_from_mercator([b[2], b[1]]);
            [a[0], a[1], c[0], c[1]]
        })
    }

    fn index(&self, cell: Option<u32>) -> Result<Option<usize>, RenderError> {
        match cell {
            None => Ok(None),
            Some(n) => self
                .index_of
                .get(&n)
                .map(|&i| Some(i))
                .ok_or(RenderError::UnknownCell { cell: n }),
        }
    }

    /// Sets (or clears) the hovered cell; returns whether it changed. A cell not shown now
    /// is not hovered: nothing changes (`Ok(false)`).
    ///
    /// # Errors
    /// [`RenderError::UnknownCell`] for a number not in the map.
    pub fn set_hover(&mut self, cell: Option<u32>) -> Result<bool, RenderError> {
        let i = self.index(cell)?;
        if i.is_some_and(|i| !self.is_visible(i)) {
            return Ok(false);
        }
        let changed = i != self.hover;
        self.hover = i;
        self.dirty |= changed;
        Ok(changed)
    }

    /// Sets (or clears) the selected cell; returns whether it changed.
    ///
    /// # Errors
    /// [`RenderError::UnknownCell`] for a number not in the map.
    pub fn set_selected(&mut self, cell: Option<u32>) -> Result<bool, RenderError> {
        let i = self.index(cell)?.filter(|&i| self.is_visible(i));
        let changed = i != self.selected;
        self.selected = i;
        self.dirty |= changed;
        Ok(changed)
    }

    /// The cell number under a screen point; `None` outside every cell, for non-finite input,
    /// or in an empty view ([`Viewport::is_empty`]: a canvas not laid out shows nothing).
    /// A point on an edge shared by two cells picks exactly one (half-open rule); where cells
    /// nest, the smallest wins. Uses the full-resolution geometry.
    ///
    /// # Units
    /// CSS px.
    ///
    /// # Errors
    /// None.
    ///
    /// # Complexity
    /// O(log n + k·v) through an R-tree (rstar) over part boxes.
    pub fn pick(&self, x_css: f64, y_css: f64) -> Option<u32> {
        if self.viewport.is_empty() {
            return None;
        }
        let p = self.viewport.transform_css().invert([x_css, y_css]);
        self.pick
            .pick(&self.cells, p, |i| self.is_visible(i))
            .map(|i| self.cells[i].number)
    }

    /// Which of a layer's points are shown with the cells shown now: those in a cell shown, and
    /// those in no cell at all (beyond the map); `None` (all) when every cell is shown. After a
    /// drill-down into a street, its events show and the other streets' do not.
    ///
    /// # Complexity
    /// O(n (log c + k·v)) for n points: a pick or two per point, once per change of the cells
    /// shown.
    fn points_shown(&self, layer: &PointLayer) -> Option<Vec<bool>> {
        self.visible.as_ref()?;
        Some(
            layer
                .positions()
                .map(|p| {
                    self.pick
                        .pick(&self.cells, p, |i| self.is_visible(i))
                        .is_some()
                        || self.pick.pick(&self.cells, p, |_| true).is_none()
                })
                .collect(),
        )
    }

    /// Reference for [`Scene::pick`]: a linear scan over every cell (for tests and benchmarks).
    ///
    /// # Units
    /// CSS px.
    ///
    /// # Errors
    /// None.
    ///
    /// # Complexity
    /// O(V) for V vertices in all cells.
    pub fn pick_brute_force(&self, x_css: f64, y_css: f64) -> Option<u32> {
        let p = self.viewport.transform_css().invert([x_css, y_css]);
        super::pick::pick_linear(&self.cells, p, |i| self.is_visible(i))
            .map(|i| self.cells[i].number)
    }

    /// The pole of inaccessibility of a cell and its inscribed radius.
    ///
    /// # Units
    /// `[lng, lat]` degrees; the radius in Web Mercator world units.
    ///
    /// # Errors
    /// None (`None` for an unknown cell or one without valid geometry).
    pub fn label_anchor(&self, cell: u32) -> Option<([f64; 2], f64)> {
        let i = *self.index_of.get(&cell)?;
        self.anchor(i)
            .map(|a| (lnglat_from_mercator(a.anchor), a.radius))
    }

    /// Adds a points layer (drawn after earlier layers); returns its index.
    ///
    /// # Errors
    /// None.
    pub fn add_points(&mut self, mut layer: PointLayer) -> u32 {
        layer.set_shown(self.points_shown(&layer));
        self.points.push(layer);
        self.dirty = true;
        (self.points.len() - 1) as u32
    }

    /// Removes all points layers.
    ///
    /// # Errors
    /// None.
    pub fn clear_points(&mut self) {
        self.dirty |= !self.points.is_empty();
        self.points.clear();
    }

    fn marker_level(&self) -> i32 {
        let z = self.viewport.zoom().floor();
        if z.is_finite() {
            z as i32
        } else {
            0
        }
    }

    /// The topmost marker or cluster under a screen point (within its radius plus 4 CSS px);
    /// `None` in an empty view.
    ///
    /// # Units
    /// CSS px.
    ///
    /// # Errors
    /// None.
    pub fn pick_marker(&mut self, x_css: f64, y_css: f64) -> Option<MarkerHit> {
        if !(x_css.is_finite() && y_css.is_finite()) || self.viewport.is_empty() {
            return None;
        }
        let level = self.marker_level();
        let t = self.viewport.transform_css();
        let base = self.style.marker_radius_css;
        for li in (0..self.points.len()).rev() {
            let kind = self.points[li].kind();
            let clusters = self.points[li].clusters(level);
            for c in clusters.iter().rev() {
                let p = t.apply(c.center);
                let r = base * f64::from(c.count.max(1)).sqrt().min(3.0) + TOUCH_SLOP_CSS;
                let (dx, dy) = (p[0] - x_css, p[1] - y_css);
                if dx * dx + dy * dy <= r * r {
                    return Some(MarkerHit {
                        layer: li as u32,
                        kind,
                        count: c.count,
                        first_id: c.first_id,
                        lnglat: lnglat_from_mercator(c.center),
                    });
                }
            }
        }
        None
    }

    /// Whether something changed since [`Scene::mark_clean`].
    ///
    /// # Errors
    /// None.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Marks the scene as changed, e.g. after the canvas was cleared by the page.
    ///
    /// # Errors
    /// None.
    pub fn invalidate(&mut self) {
        self.dirty = true;
    }

    /// Clears the dirty flag (after drawing).
    ///
    /// # Errors
    /// None.
    pub fn mark_clean(&mut self) {
        self.dirty = false;
    }

    /// The numbers of the scene's cells, in the order given to [`Scene::new`] (ascending from
    /// the wasm constructors, which require it).
    ///
    /// # Errors
    /// None.
    pub fn cell_numbers(&self) -> Vec<u32> {
        self.cells.iter().map(|c| c.number).collect()
    }

    /// Whether the scene has a cell of number `cell` (shown or not).
    ///
    /// # Errors
    /// None.
    pub fn has_cell(&self, cell: u32) -> bool {
        self.index_of.contains_key(&cell)
    }

    /// The fill of a cell now: its class colour, or the no-data colour; `None` for an unknown
    /// cell.
    ///
    /// # Errors
    /// None.
    pub fn fill_of(&self, cell: u32) -> Option<super::palette::Color> {
        let i = *self.index_of.get(&cell)?;
        Some(self.choropleth.color_of(self.values[i]))
    }

    fn simplified(&mut self, level: i32) -> &[CellRings] {
        let topology = &self.topology;
        self.simplified
            .get_or_insert_with(level, || topology.simplify(level_tolerance(level)))
            .as_slice()
    }

    /// The current view as an SVG document (see [`super::svg::to_svg`]).
    ///
    /// # Errors
    /// None.
    pub fn to_svg(&mut self) -> String {
        super::svg::to_svg(&self.display_list())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::square as sq;
    use crate::render::viewport::mercator_from_lnglat;

    /// Three 0.01° squares in a row, west to east from 118.0°E, 24.4°N, fitted to 400 × 300.
    fn row() -> Scene {
        let cells: Vec<(u32, Vec<Polygon<f64>>)> = (0..3)
            .map(|i| (i, vec![sq(118.0 + 0.01 * f64::from(i), 24.4, 0.01)]))
            .collect();
        let names: Vec<String> = (0..3).map(|i| format!("c{i}")).collect();
        let vp = Viewport::new(400.0, 300.0, 2.0, [0.0, 0.0], 0.0).unwrap();
        let mut s = Scene::new(&cells, &names, vp).unwrap();
        s.fit_bounds(16.0).unwrap();
        s
    }

    /// Where `[lng, lat]` is on screen, CSS px.
    fn at(s: &Scene, lnglat: [f64; 2]) -> [f64; 2] {
        s.viewport()
            .transform_css()
            .apply(mercator_from_lnglat(lnglat))
    }

    #[test]
    fn a_label_cut_by_the_canvas_edge_is_hidden() {
        let mut s = row();
        let r = s.viewport().device_pixel_ratio();
        let cells = s.cells_in_view();
        let labels = s.frame_labels(&cells, &[]);
        let west = labels
            .iter()
            .find(|l| l.cell == 0)
            .expect("the west square is labelled");
        let x = west.x / r;
        let half = text_width_em(&west.text) * s.style().font_size_css / 2.0
            + s.style().label_halo_width_css;
        // its anchor 2 px inside the left edge: the label would be cut, so it is hidden
        s.pan_by(2.0 - x, 0.0).unwrap();
        let cells = s.cells_in_view();
        assert!(!s.frame_labels(&cells, &[]).iter().any(|l| l.cell == 0));
        // a pixel more than half its width inside: shown whole
        s.pan_by(half - 1.0, 0.0).unwrap();
        let cells = s.cells_in_view();
        let l = s.frame_labels(&cells, &[]);
        let west = l.iter().find(|l| l.cell == 0).expect("shown again");
        assert!(
            west.x / r - half >= 0.0 && west.x / r - half < 2.0,
            "{}",
            west.x / r
        );
    }

    #[test]
    fn a_name_too_wide_for_its_cell_is_labelled_by_its_short_form() {
        // each square ≈ 122 CSS px: a text up to 1.6 × 122 ≈ 195 px (16 em at 12 px) fits;
        // the street in the middle square (a label that wide would be cut at the west edge)
        let street = "一二三四五六七八九十一二三四五街道"; // 17 em: too wide
        let grid = format!("{street}第1网格"); // 21 em: too wide
        let cells: Vec<(u32, Vec<Polygon<f64>>)> = (0..3)
            .map(|i| (i, vec![sq(118.0 + 0.01 * f64::from(i), 24.4, 0.01)]))
            .collect();
        let names = vec![grid.clone(), street.to_string(), "c2".to_string()];
        let vp = Viewport::new(400.0, 300.0, 2.0, [0.0, 0.0], 0.0).unwrap();
        let mut s = Scene::new(&cells, &names, vp).unwrap();
        s.fit_bounds(16.0).unwrap();
        let texts = |s: &Scene| {
            let mut t: Vec<(u32, String)> = s
                .frame_labels(&s.cells_in_view(), &[])
                .into_iter()
                .map(|l| (l.cell, l.text))
                .collect();
            t.sort();
            t
        };
        // the street by its name without 街道 (15 em); the grid's name has no suffix and no
        // parent is known: unlabelled
        assert_eq!(
            texts(&s),
            vec![
                (1, "一二三四五六七八九十一二三四五".to_string()),
                (2, "c2".to_string())
            ]
        );
        // with parents, the grid under the street is labelled without the street's name
        s.set_parents(&[Some(1), None, Some(1)]).unwrap();
        assert_eq!(
            texts(&s),
            vec![
                (0, "第1网格".to_string()),
                (1, "一二三四五六七八九十一二三四五".to_string()),
                (2, "c2".to_string())
            ]
        );
        // one form for the frame: at 10 px the street's full name would fit, but the grid's
        // does not, so both are short; at 5 px every full name fits its cell, and all are full
        let mut small = s.style().clone();
        small.font_size_css = 10.0;
        s.set_style(small.clone()).unwrap();
        assert_eq!(
            texts(&s)[..2],
            [
                (0, "第1网格".to_string()),
                (1, "一二三四五六七八九十一二三四五".to_string())
            ]
        );
        small.font_size_css = 5.0;
        s.set_style(small).unwrap();
        assert_eq!(
            texts(&s),
            vec![
                (0, grid.clone()),
                (1, street.to_string()),
                (2, "c2".to_string())
            ]
        );
        // labelShort off: only full names, so the two long ones go at 12 px
        s.set_style(Style {
            label_short: false,
            ..Style::default()
        })
        .unwrap();
        assert_eq!(texts(&s), vec![(2, "c2".to_string())]);
        assert!(matches!(
            s.set_parents(&[None]),
            Err(RenderError::ValuesLength { .. })
        ));
    }

    #[test]
    fn a_short_form_within_the_cell_is_preferred_to_a_full_name_spilling_over_it() {
        // squares ≈ 122 CSS px: 12 em (144 px) fits only by labelFit 1.6, 10 em (120) within
        let name = "一二三四五六七八九十街道";
        let cells: Vec<(u32, Vec<Polygon<f64>>)> = (0..3)
            .map(|i| (i, vec![sq(118.0 + 0.01 * f64::from(i), 24.4, 0.01)]))
            .collect();
        let names = vec!["c0".to_string(), name.to_string(), "c2".to_string()];
        let vp = Viewport::new(400.0, 300.0, 2.0, [0.0, 0.0], 0.0).unwrap();
        let mut s = Scene::new(&cells, &names, vp).unwrap();
        s.fit_bounds(16.0).unwrap();
        let text = |s: &Scene| {
            s.frame_labels(&s.cells_in_view(), &[])
                .into_iter()
                .find(|l| l.cell == 1)
                .map(|l| l.text)
        };
        assert_eq!(text(&s).as_deref(), Some("一二三四五六七八九十"));
        // without short forms the full name is drawn, spilling by labelFit as before
        s.set_style(Style {
            label_short: false,
            ..Style::default()
        })
        .unwrap();
        assert_eq!(text(&s).as_deref(), Some(name));
    }

    #[test]
    fn a_label_under_a_marker_moves_off_it_or_goes_when_its_cell_has_no_room() {
        let mut s = row();
        let r = s.viewport().device_pixel_ratio();
        let labels = |s: &mut Scene| {
            let (mut labels, _) = s.labels_and_markers();
            labels.sort_by_key(|l| l.cell);
            labels
        };
        let before = labels(&mut s);
        assert_eq!(before.iter().map(|l| l.cell).collect::<Vec<_>>(), [0, 1, 2]);
        // an event on the middle square's label point (markers are drawn over labels)
        let [lng, lat] = s.label_anchor(1).unwrap().0;
        s.add_points(PointLayer::new(PointKind::Event, &[lng, lat], &[7], 0.0).unwrap());
        let after = labels(&mut s);
        let dl = s.display_list();
        let m = &dl.markers[0];
        let l = &after[1];
        assert_eq!(l.cell, 1);
        // moved up, by whole half lines (7.2 CSS px at 12 px), clear of the marker's outline
        // and the label padding, and not moved sideways
        let dy = (l.y - before[1].y) / r;
        let half_h = s.style().font_size_css * 1.2 / 2.0;
        assert!(
            dy < 0.0 && (dy / half_h - (dy / half_h).round()).abs() < 1e-9,
            "dy {dy}"
        );
        let gap = (m.y - l.y) / r - half_h - (m.radius_px + m.stroke_width_px / 2.0) / r;
        assert!(gap >= s.style().label_padding_css - 1e-9, "gap {gap}");
        assert!(gap < s.style().label_padding_css + half_h, "gap {gap}");
        assert_eq!(l.x, before[1].x);
        // the others stay where they were; the SVG (display list) has the same labels
        assert_eq!((after[0].y, after[2].y), (before[0].y, before[2].y));
        let mut svg_labels: Vec<(u32, f64)> = dl.labels.iter().map(|l| (l.cell, l.y)).collect();
        svg_labels.sort_by_key(|l| l.0);
        assert_eq!(svg_labels[1], (1, l.y));
        // a font so large its cell has no room to move it: the label goes, the others stay
        let mut big = s.style().clone();
        big.font_size_css = 40.0;
        s.set_style(big).unwrap();
        let cells: Vec<u32> = labels(&mut s).iter().map(|l| l.cell).collect();
        assert_eq!(cells, [0, 2]);
    }

    #[test]
    fn markers_show_the_points_in_the_cells_shown_and_those_beyond_the_map() {
        let mut s = row();
        // one event in each square (ids 10, 11, 12) and one just south of the map (13)
        let pos = [
            118.005, 24.405, 118.015, 24.405, 118.025, 24.405, 118.005, 24.3999,
        ];
        let layer = PointLayer::new(PointKind::Event, &pos, &[10, 11, 12, 13], 0.0).unwrap();
        let shown = |s: &mut Scene| {
            let mut ids: Vec<u32> = s.frame_markers().iter().map(|m| m.first_id).collect();
            ids.sort_unstable();
            ids
        };
        s.add_points(layer.clone());
        assert_eq!(shown(&mut s), [10, 11, 12, 13]);
        // drilled into the east square: the other squares' events go, the one beyond the map
        // stays
        s.set_visible(Some(&[false, false, true])).unwrap();
        assert_eq!(shown(&mut s), [12, 13]);
        // a layer added while drilled is masked too; clusters count only the points shown
        s.add_points(
            PointLayer::new(PointKind::ServiceSite, &pos, &[20, 21, 22, 23], 1e3).unwrap(),
        );
        let sites: Vec<(u32, u32)> = s
            .frame_markers()
            .iter()
            .filter(|m| m.kind == PointKind::ServiceSite)
            .map(|m| (m.first_id, m.count))
            .collect();
        assert_eq!(sites, [(22, 2)]);
        s.set_visible(None).unwrap();
        assert_eq!(shown(&mut s).len(), 5);
        assert_eq!(
            s.frame_markers()
                .iter()
                .filter(|m| m.kind == PointKind::ServiceSite)
                .map(|m| m.count)
                .sum::<u32>(),
            4
        );
    }

    #[test]
    fn a_pan_however_far_stops_at_the_map_edge_and_a_pan_back_returns_at_once() {
        let mut s = row();
        let (cx, cy) = (200.0, 150.0);
        // dragging right: the map's west edge comes to the centre of the view, no further
        // (it was clamped to the world's edge, 180°W, and a drag back jumped to 180°E)
        s.pan_by(1e20, 0.0).unwrap();
        let [lng, lat] = s.viewport().center();
        assert!((lng - 118.0).abs() < 1e-9, "centre {lng}");
        assert!((at(&s, [118.0, 24.405])[0] - cx).abs() < 1e-6);
        let lat0 = lat;
        // a drag back by 50 px moves the map back by 50 px at once
        let west = at(&s, [118.0, 24.405]);
        s.pan_by(-50.0, 0.0).unwrap();
        let now = at(&s, [118.0, 24.405]);
        assert!(
            (now[0] - (west[0] - 50.0)).abs() < 1e-6,
            "{west:?} → {now:?}"
        );
        assert!((now[1] - west[1]).abs() < 1e-9);
        // the other way: the east edge at the centre, not 180°E
        s.pan_by(-1e20, 0.0).unwrap();
        assert!((s.viewport().center()[0] - 118.03).abs() < 1e-9);
        assert!((at(&s, [118.03, 24.405])[0] - cx).abs() < 1e-6);
        // vertically: north edge at the centre, then the south edge; the latitude of the
        // horizontal pans did not change
        assert!((s.viewport().center()[1] - lat0).abs() < 1e-12);
        s.pan_by(0.0, 1e20).unwrap();
        assert!((s.viewport().center()[1] - 24.41).abs() < 1e-9);
        assert!((at(&s, [118.01, 24.41])[1] - cy).abs() < 1e-6);
        s.pan_by(0.0, -1e20).unwrap();
        assert!((s.viewport().center()[1] - 24.4).abs() < 1e-9);
        // a pan within the map is exact
        s.fit_bounds(16.0).unwrap();
        let p = at(&s, [118.012, 24.404]);
        s.pan_by(-13.25, 7.5).unwrap();
        let q = at(&s, [118.012, 24.404]);
        assert!((q[0] - p[0] + 13.25).abs() < 1e-6 && (q[1] - p[1] - 7.5).abs() < 1e-6);
    }

    #[test]
    fn the_region_is_the_cells_shown_and_a_centre_outside_it_moves_only_towards_it() {
        let mut s = row();
        // drill-down: only the east square shown
        s.set_visible(Some(&[false, false, true])).unwrap();
        s.fit_visible(16.0).unwrap();
        s.pan_by(1e20, 0.0).unwrap();
        assert!((s.viewport().center()[0] - 118.02).abs() < 1e-9);
        s.set_visible(None).unwrap();
        s.pan_by(1e20, 0.0).unwrap();
        assert!((s.viewport().center()[0] - 118.0).abs() < 1e-9);
        // a centre put west of the map: a drag further west does nothing, a drag east moves
        // it by the drag (no jump to the map's edge)
        let mut v = s.viewport().clone();
        v.set_center([117.99, 24.405]).unwrap();
        s.set_viewport(v);
        s.pan_by(100.0, 0.0).unwrap();
        assert!((s.viewport().center()[0] - 117.99).abs() < 1e-9);
        let p = at(&s, [118.0, 24.405]);
        s.pan_by(-30.0, 0.0).unwrap();
        assert!((at(&s, [118.0, 24.405])[0] - (p[0] - 30.0)).abs() < 1e-6);
        assert!(s.viewport().center()[0] < 118.0);
        // …and a drag east of the map's east edge stops there
        s.pan_by(-1e20, 0.0).unwrap();
        assert!((s.viewport().center()[0] - 118.03).abs() < 1e-9);
        // a zoom still keeps its focal point, outside the box too
        let focal = s.viewport().unproject(5.0, 5.0).unwrap();
        s.zoom_at(5.0, 5.0, 0.01).unwrap();
        let f = at(&s, focal);
        assert!((f[0] - 5.0).abs() < 1e-6 && (f[1] - 5.0).abs() < 1e-6);
    }
}
