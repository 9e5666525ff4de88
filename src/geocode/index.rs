//! [`CellIndex`]: a uniform raster over the cells that answers most positions with one load.

use geo::{Coord, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;

use super::rule::{
    for_each_edge, on_segment, orient, perturbed_tail, ray_crosses, segment_crosses,
    side_of_moving, side_perturbed, valid_position,
};

/// Upper bound on `IndexOptions::max_raster_cells` (a 256 MiB raster).
const MAX_RASTER_CELLS: u32 = 1 << 26;
/// Upper bound on raster cells along one side.
const MAX_RASTER_SIDE: f64 = (1u32 << 15) as f64;
/// Raster entries with this bit set point into the boundary table.
const BOUNDARY_BIT: u32 = 1 << 31;
/// Raster entry (and dense index) meaning "no cell".
const NO_CELL: u32 = BOUNDARY_BIT - 1;
/// Boundary raster cells with more candidate polygons than this use the slow path.
const MAX_FAST_SLOTS: usize = 64;

/// One edge of a polygon ring, tagged with its polygon.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Edge {
    pub(crate) a: Coord<f64>,
    pub(crate) b: Coord<f64>,
    pub(crate) poly: u32,
}

/// One polygon: its cell (dense index) and its edges.
#[derive(Clone, Debug)]
pub(crate) struct PolyRec {
    pub(crate) dense: u32,
    pub(crate) edge_start: u32,
    pub(crate) edge_end: u32,
}

/// An edge registered in a boundary raster cell.
#[derive(Clone, Copy, Debug)]
struct BoundaryEdge {
    a: Coord<f64>,
    b: Coord<f64>,
    /// Local slot (bit) of the edge's polygon in this raster cell.
    slot: u8,
    /// Exact sign of orient2d(a, b, r + δ) for the raster cell's reference point r.
    side_r: i8,
    /// Both endpoints lie well outside the raster cell, so inside it the edge is the whole
    /// chord of its line: the segment r→p crosses it iff r and p are on opposite sides.
    spans: bool,
}

/// A boundary raster cell.
#[derive(Clone, Copy, Debug)]
struct BoundaryCell {
    /// Reference point (the raster cell's centre as computed in floating point).
    r: Coord<f64>,
    edge_start: u32,
    edge_end: u32,
    /// Slots (bits) whose polygon contains r + δ.
    init_mask: u64,
    /// Into `slot_dense` / `slot_poly`.
    slot_start: u32,
    slot_len: u32,
}

/// Tuning of the acceleration raster of a [`CellIndex`]; the defaults suit district-sized grids.
///
/// Options change speed and memory only, never answers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IndexOptions {
    /// Upper bound on the number of raster cells (4 bytes each, plus the boundary tables).
    /// Default 2¹⁸ (a 1 MiB raster); at most 2²⁶ is used.
    pub max_raster_cells: u32,
    /// Fraction of raster cells touched by edges the resolution aims at, in (0, 1]: smaller
    /// means a finer raster (more memory, fewer positions on the slower boundary path).
    /// Default 0.2.
    pub target_boundary_fraction: f64,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            max_raster_cells: 1 << 18,
            target_boundary_fraction: 0.2,
        }
    }
}

/// A polygon's bounding box in the R-tree used by `nearest_within`.
pub(crate) type PolyBox = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// Size figures of a built [`CellIndex`], for benchmarks and memory budgets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexStats {
    /// Distinct cell numbers with at least one usable polygon edge.
    pub cells: usize,
    /// Polygons (parts) with at least one usable edge.
    pub polygons: usize,
    /// Polygon edges (zero-length edges dropped).
    pub edges: usize,
    /// Raster columns.
    pub raster_width: usize,
    /// Raster rows.
    pub raster_height: usize,
    /// Raster cells touched by some edge (answered by the crossing walk).
    pub boundary_cells: usize,
    /// Edge registrations over all boundary raster cells.
    pub boundary_edges: usize,
    /// Approximate heap size of the index.
    ///
    /// # Units
    /// Bytes.
    pub heap_bytes: usize,
}

/// A spatial index over grid cells that puts positions into cells by the exact boundary rule
/// (see [`crate::geocode`]).
///
/// # Design
/// A uniform raster (acceleration grid) over the bounding box of all cells, with about
/// [`IndexOptions::target_boundary_fraction`] of its cells touched by edges and at most
/// [`IndexOptions::max_raster_cells`] cells. Every edge is registered in each raster cell whose
/// rectangle, expanded by a margin of 1/1000 of a raster cell, it touches, so floating-point
/// binning of a position can never miss an edge that matters to it.
///
/// - An **interior** raster cell (no edge registered) stores its one answer (a cell or none):
///   one load answers every position in it.
/// - A **boundary** raster cell stores its edges (coordinates inline, with the polygon's local
///   slot and the exact side of the reference point r, the raster cell's centre), and the set of
///   polygons containing r + δ as a bit mask. A position p is answered by toggling that mask
///   with the exact crossings of the segment r + δ → p + δ with the edges: both ends carry the
///   same symbolic displacement δ = (ε, ε²), so every degenerate orientation resolves exactly
///   (see `rule.rs`). An edge whose ends lie outside the raster cell is crossed iff r and p are
///   on opposite sides of it (one orientation test). Raster cells with more than 64 candidate
///   polygons fall back to the ray test on each candidate.
///
/// The answers of interior cells and of the reference points are computed at build time by
/// sweeping each raster row west to east from a point outside all cells, toggling the set of
/// containing polygons with the same exact segment-crossing test: no point-in-polygon test per
/// raster cell. Answers are the same for every raster resolution (tested).
#[derive(Debug)]
pub struct CellIndex {
    /// Dense index → cell number, ascending.
    pub(crate) cell_numbers: Vec<u32>,
    pub(crate) polys: Vec<PolyRec>,
    pub(crate) edges: Vec<Edge>,
    /// bbox of all edges: x0 ≤ x < x1, y0 ≤ y < y1 can be inside.
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    inv_dx: f64,
    inv_dy: f64,
    nx: usize,
    ny: usize,
    /// `nx - 1` and `ny - 1` as u32 (raster sides are at most 2¹⁵).
    nx_max: u32,
    ny_max: u32,
    /// Whether the bbox lies within |lng| ≤ 180, |lat| ≤ 90, so a position inside it is valid.
    bbox_valid: bool,
    raster: Vec<u32>,
    bcells: Vec<BoundaryCell>,
    bedges: Vec<BoundaryEdge>,
    slot_dense: Vec<u32>,
    slot_poly: Vec<u32>,
    pub(crate) tree: RTree<PolyBox>,
}

/// Result of locating one position: the cell (dense index) and whether the position lies on
/// the boundaries of two or more distinct cells.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit {
    pub(crate) dense: u32,
    pub(crate) tie: bool,
}

impl CellIndex {
    /// Builds the index from cells given as (cell number, polygons of that cell).
    ///
    /// Cell numbers are the grid's own indices and are returned unchanged by [`Self::locate`];
    /// several entries with the same number are merged. A MultiPolygon's parts are passed as
    /// separate polygons of one cell. Rings with a non-finite coordinate, or one of magnitude
    /// above 1e100, are ignored; rings are closed implicitly; zero-length edges are dropped.
    /// Nothing here can fail: degenerate input gives an index that places nothing in the
    /// affected cells.
    ///
    /// # Units
    /// Polygon coordinates are `(x = lng, y = lat)` in degrees, all in one datum.
    ///
    /// # Errors
    /// None.
    ///
    /// # Complexity
    /// O(e + r + b) time and memory for e edges, r raster cells (at most 2¹⁸ by default) and
    /// b edge registrations in boundary raster cells (at most about 4·r + 2·e); exact
    /// predicates are evaluated about twice per registration.
    pub fn new(cells: &[(u32, Vec<Polygon<f64>>)]) -> CellIndex {
        CellIndex::with_options(cells, IndexOptions::default())
    }

    /// Builds the index like [`Self::new`], with a tuned acceleration raster.
    ///
    /// # Units
    /// As [`Self::new`]; see [`IndexOptions`] for the options.
    ///
    /// # Errors
    /// None: out-of-range options are clamped (`max_raster_cells` to at least 1, a fraction
    /// outside (0, 1] or NaN to the default).
    ///
    /// # Complexity
    /// As [`Self::new`].
    pub fn with_options(cells: &[(u32, Vec<Polygon<f64>>)], options: IndexOptions) -> CellIndex {
        let mut cell_numbers: Vec<u32> = cells.iter().map(|(n, _)| *n).collect();
        cell_numbers.sort_unstable();
        cell_numbers.dedup();

        let mut polys: Vec<PolyRec> = Vec::new();
        let mut edges: Vec<Edge> = Vec::new();
        let mut boxes: Vec<PolyBox> = Vec::new();
        for (number, polygons) in cells {
            let dense = cell_numbers.binary_search(number).unwrap_or(0) as u32;
            for polygon in polygons {
                let start = edges.len();
                let poly = polys.len() as u32;
                let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
                for_each_edge(polygon, |a, b| {
                    edges.push(Edge { a, b, poly });
                    lo = [lo[0].min(a.x), lo[1].min(a.y)];
                    hi = [hi[0].max(a.x), hi[1].max(a.y)];
                });
                if edges.len() > start {
                    polys.push(PolyRec {
                        dense,
                        edge_start: start as u32,
                        edge_end: edges.len() as u32,
                    });
                    boxes.push(GeomWithData::new(Rectangle::from_corners(lo, hi), poly));
                }
            }
        }
        // Keep only cell numbers that have a polygon, renumbering densely (still ascending).
        let mut used = vec![false; cell_numbers.len()];
        for p in &polys {
            used[p.dense as usize] = true;
        }
        let mut remap = vec![0u32; cell_numbers.len()];
        let mut kept = Vec::new();
        for (i, n) in cell_numbers.iter().enumerate() {
            if used[i] {
                remap[i] = kept.len() as u32;
                kept.push(*n);
            }
        }
        for p in &mut polys {
            p.dense = remap[p.dense as usize];
        }
        let cell_numbers = kept;

        let mut index = CellIndex {
            cell_numbers,
            polys,
            edges,
            x0: 0.0,
            y0: 0.0,
            x1: 0.0,
            y1: 0.0,
            inv_dx: 0.0,
            inv_dy: 0.0,
            nx: 0,
            ny: 0,
            nx_max: 0,
            ny_max: 0,
            bbox_valid: false,
            raster: Vec::new(),
            bcells: Vec::new(),
            bedges: Vec::new(),
            slot_dense: Vec::new(),
            slot_poly: Vec::new(),
            tree: RTree::bulk_load(boxes),
        };
        index.build_raster(options);
        index
    }

    /// Builds the raster; leaves it empty when the cells have no area at all.
    fn build_raster(&mut self, options: IndexOptions) {
        let max_cells = f64::from(options.max_raster_cells.clamp(1, MAX_RASTER_CELLS));
        let fraction =
            if options.target_boundary_fraction > 0.0 && options.target_boundary_fraction <= 1.0 {
                options.target_boundary_fraction
            } else {
                IndexOptions::default().target_boundary_fraction
            };
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for e in &self.edges {
            x0 = x0.min(e.a.x);
            y0 = y0.min(e.a.y);
            x1 = x1.max(e.a.x);
            y1 = y1.max(e.a.y);
        }
        let (w, h) = (x1 - x0, y1 - y0);
        if self.edges.is_empty() || w.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            return;
        }
        if h.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            return;
        }
        // Resolution: square-ish raster cells of side s such that about
        // `fraction` of them are touched by edges. An edge touches about
        // (|Δx| + |Δy|) / s + 1 raster cells, so with L = Σ(|Δx| + |Δy|) and e edges,
        // (L·s + e·s²) = f·W·H. Capped at `max_cells`; coarsened if needed so that the edge
        // registrations (about L/s + 2e) stay below about 4·max_cells + 2e whatever the input
        // (memory stays bounded; queries in crowded raster cells just get slower); and never
        // finer than ~1e-9 of the coordinate magnitude (so centres and margins stay
        // representable).
        let e = self.edges.len() as f64;
        let l: f64 = self
            .edges
            .iter()
            .map(|e| (e.b.x - e.a.x).abs() + (e.b.y - e.a.y).abs())
            .sum();
        let fwh = fraction * w * h;
        let s = (-l + (l * l + 4.0 * e * fwh).sqrt()) / (2.0 * e);
        let s = s.max(l / (4.0 * max_cells));
        let target = (w * h / (s * s)).clamp(1.0, max_cells);
        let target = if target.is_nan() { max_cells } else { target };
        let magnitude = x0.abs().max(x1.abs()).max(y0.abs()).max(y1.abs());
        let min_step = magnitude * 1e-9;
        let max_nx = if min_step > 0.0 {
            (w / min_step).max(1.0)
        } else {
            MAX_RASTER_SIDE
        };
        let max_ny = if min_step > 0.0 {
            (h / min_step).max(1.0)
        } else {
            MAX_RASTER_SIDE
        };
        // Whole numbers of raster cells along each side (a fractional count would make the
        // cell size disagree with the number of cells).
        let nxf = (target * w / h)
            .sqrt()
            .round()
            .min(MAX_RASTER_SIDE.min(max_nx).min(target))
            .floor()
            .max(1.0);
        let nyf = (target / nxf)
            .round()
            .min(MAX_RASTER_SIDE.min(max_ny).min(target))
            .floor()
            .max(1.0);
        // (nx · ny ≤ target + nx ≤ 2·max_cells: no overflow even on 32-bit targets.)
        let (nx, ny) = (nxf as usize, nyf as usize);
        let (dx, dy) = (w / nxf, h / nyf);
        self.x0 = x0;
        self.y0 = y0;
        self.x1 = x1;
        self.y1 = y1;
        self.inv_dx = nxf / w;
        self.inv_dy = nyf / h;
        self.nx = nx;
        self.ny = ny;
        self.nx_max = (nx - 1) as u32;
        self.ny_max = (ny - 1) as u32;
        self.bbox_valid = valid_position(x0, y0) && valid_position(x1, y1);

        // Margins: a point binned into a raster cell lies inside its rectangle expanded by far
        // less than this, so every edge that can matter to it is registered there.
        let mx = dx * 1e-3 + magnitude * 1e-15;
        let my = dy * 1e-3 + magnitude * 1e-15;

        // Register edges in raster cells (pairs, then a counting sort by raster cell).
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for (id, e) in self.edges.iter().enumerate() {
            let (a, b) = (e.a, e.b);
            let (ylo, yhi) = (a.y.min(b.y), a.y.max(b.y));
            let j0 = self.bin_y(ylo - my);
            let j1 = self.bin_y(yhi + my);
            for j in j0..=j1 {
                let sy0 = y0 + j as f64 * dy - 2.0 * my;
                let sy1 = y0 + (j + 1) as f64 * dy + 2.0 * my;
                let (xa, xb) = if a.y == b.y {
                    (a.x.min(b.x), a.x.max(b.x))
                } else {
                    let t0 = ((sy0 - a.y) / (b.y - a.y)).clamp(0.0, 1.0);
                    let t1 = ((sy1 - a.y) / (b.y - a.y)).clamp(0.0, 1.0);
                    let u = a.x + t0 * (b.x - a.x);
                    let v = a.x + t1 * (b.x - a.x);
                    (u.min(v), u.max(v))
                };
                let i0 = self.bin_x(xa - 2.0 * mx);
                let i1 = self.bin_x(xb + 2.0 * mx);
                for i in i0..=i1 {
                    pairs.push(((j * nx + i) as u32, id as u32));
                }
            }
        }
        let cells = nx * ny;
        let mut offsets = vec![0u32; cells + 1];
        for &(g, _) in &pairs {
            offsets[g as usize + 1] += 1;
        }
        for g in 0..cells {
            offsets[g + 1] += offsets[g];
        }
        let mut fill = offsets.clone();
        let mut registered = vec![0u32; pairs.len()];
        for &(g, id) in &pairs {
            registered[fill[g as usize] as usize] = id;
            fill[g as usize] += 1;
        }
        drop(pairs);
        drop(fill);
        let reg = |g: usize| &registered[offsets[g] as usize..offsets[g + 1] as usize];

        // Sweep each raster row west to east, carrying the set of polygons that contain the
        // current reference point (displaced by δ), starting west of every polygon.
        let npoly = self.polys.len();
        let mut raster = vec![NO_CELL; cells];
        let mut in_state = vec![false; npoly];
        let mut state: Vec<u32> = Vec::new();
        let mut stamp = vec![0u32; self.edges.len()];
        let mut step = 0u32;
        let mut slot_of = vec![u32::MAX; npoly];
        let mut slot_tmp: Vec<u32> = Vec::new();
        for j in 0..ny {
            for &p in &state {
                in_state[p as usize] = false;
            }
            state.clear();
            let yc = y0 + (j as f64 + 0.5) * dy;
            let mut prev = Coord {
                x: x0 - 0.5 * dx,
                y: yc,
            };
            let mut prev_g: Option<usize> = None;
            for i in 0..nx {
                let g = j * nx + i;
                let cur = Coord {
                    x: x0 + (i as f64 + 0.5) * dx,
                    y: yc,
                };
                step = step.wrapping_add(1);
                let prev_edges = prev_g.map(reg).unwrap_or(&[]);
                for &id in prev_edges.iter().chain(reg(g).iter()) {
                    if stamp[id as usize] == step {
                        continue;
                    }
                    stamp[id as usize] = step;
                    let e = self.edges[id as usize];
                    if segment_crosses(prev, cur, e.a, e.b) {
                        let p = e.poly as usize;
                        if in_state[p] {
                            in_state[p] = false;
                            state.retain(|&q| q as usize != p);
                        } else {
                            in_state[p] = true;
                            state.push(p as u32);
                        }
                    }
                }
                let here = reg(g);
                if here.is_empty() {
                    raster[g] = state
                        .iter()
                        .map(|&p| self.polys[p as usize].dense)
                        .min()
                        .unwrap_or(NO_CELL);
                } else {
                    // Slots: polygons with an edge here, plus polygons containing cur + δ.
                    slot_tmp.clear();
                    for &id in here.iter() {
                        let p = self.edges[id as usize].poly;
                        if slot_of[p as usize] == u32::MAX {
                            slot_of[p as usize] = 0;
                            slot_tmp.push(p);
                        }
                    }
                    for &p in &state {
                        if slot_of[p as usize] == u32::MAX {
                            slot_of[p as usize] = 0;
                            slot_tmp.push(p);
                        }
                    }
                    let polys = &self.polys;
                    slot_tmp.sort_unstable_by_key(|&p| (polys[p as usize].dense, p));
                    let slot_start = self.slot_dense.len() as u32;
                    let mut init_mask = 0u64;
                    for (s, &p) in slot_tmp.iter().enumerate() {
                        slot_of[p as usize] = s as u32;
                        self.slot_dense.push(polys[p as usize].dense);
                        self.slot_poly.push(p);
                        if in_state[p as usize] && s < MAX_FAST_SLOTS {
                            init_mask |= 1u64 << s;
                        }
                    }
                    let edge_start = self.bedges.len() as u32;
                    if slot_tmp.len() <= MAX_FAST_SLOTS {
                        // The raster cell's rectangle, expanded well beyond where queries and
                        // the reference point can be.
                        let rx0 = x0 + i as f64 * dx - 4.0 * mx;
                        let rx1 = x0 + (i + 1) as f64 * dx + 4.0 * mx;
                        let ry0 = y0 + j as f64 * dy - 4.0 * my;
                        let ry1 = y0 + (j + 1) as f64 * dy + 4.0 * my;
                        let outside =
                            |c: Coord<f64>| c.x < rx0 || c.x > rx1 || c.y < ry0 || c.y > ry1;
                        for &id in here.iter() {
                            let e = self.edges[id as usize];
                            self.bedges.push(BoundaryEdge {
                                a: e.a,
                                b: e.b,
                                slot: slot_of[e.poly as usize] as u8,
                                side_r: side_perturbed(e.a, e.b, cur),
                                spans: outside(e.a) && outside(e.b),
                            });
                        }
                    }
                    for &p in &slot_tmp {
                        slot_of[p as usize] = u32::MAX;
                    }
                    raster[g] = BOUNDARY_BIT | self.bcells.len() as u32;
                    self.bcells.push(BoundaryCell {
                        r: cur,
                        edge_start,
                        edge_end: self.bedges.len() as u32,
                        init_mask,
                        slot_start,
                        slot_len: slot_tmp.len() as u32,
                    });
                }
                prev = cur;
                prev_g = Some(g);
            }
        }
        self.raster = raster;
    }

    /// Raster column of x, clamped.
    #[inline]
    fn bin_x(&self, x: f64) -> usize {
        // `as u32` saturates (NaN and negatives to 0) and is cheaper than `as usize`.
        (((x - self.x0) * self.inv_dx) as u32).min(self.nx_max) as usize
    }

    /// Raster row of y, clamped.
    #[inline]
    fn bin_y(&self, y: f64) -> usize {
        (((y - self.y0) * self.inv_dy) as u32).min(self.ny_max) as usize
    }

    /// Raster column (row) of an offset `d ≥ 0` from the bbox's west (south) side, for a
    /// position inside the bbox: `d · inv − ½` rounded to nearest by adding 1.5·2⁵² (the low 32
    /// bits of the sum are then the rounded value in two's complement), which is cheaper than a
    /// saturating float-to-int cast. It differs from the floor of `d · inv` only when that is
    /// within rounding error of a whole number, i.e. for a position on the common side of two
    /// raster cells, both of which registered every edge within their margin.
    #[inline(always)]
    fn bin_in_bbox(&self, d: f64, inv: f64, max: u32) -> usize {
        const MAGIC: f64 = 6_755_399_441_055_744.0;
        // −½ ≤ d · inv − ½ ≤ 2¹⁵, far inside the ±2⁵¹ where the trick is exact.
        let rounded = (d * inv - 0.5 + MAGIC).to_bits() as u32 as i32;
        (rounded.max(0) as u32).min(max) as usize
    }

    /// Whether p + δ can be inside some cell: x0 ≤ p.x < x1 and y0 ≤ p.y < y1 (false for NaN
    /// and for an empty raster).
    #[inline]
    pub(crate) fn in_bbox(&self, p: Coord<f64>) -> bool {
        p.x >= self.x0 && p.x < self.x1 && p.y >= self.y0 && p.y < self.y1
    }

    /// Whether every position in the bbox is a valid position.
    #[inline]
    pub(crate) fn bbox_valid(&self) -> bool {
        self.bbox_valid
    }

    /// Locates a valid position; `None` when outside every cell.
    #[inline]
    pub(crate) fn locate_hit(&self, p: Coord<f64>) -> Option<Hit> {
        if !self.in_bbox(p) {
            return None;
        }
        self.locate_in_bbox(p)
    }

    /// Locates a valid position known to be in the bbox: one raster load, unless the raster
    /// cell is a boundary cell.
    #[inline(always)]
    pub(crate) fn locate_in_bbox(&self, p: Coord<f64>) -> Option<Hit> {
        let g = self.bin_in_bbox(p.y - self.y0, self.inv_dy, self.ny_max) * self.nx
            + self.bin_in_bbox(p.x - self.x0, self.inv_dx, self.nx_max);
        let entry = *self.raster.get(g)?;
        if entry & BOUNDARY_BIT == 0 {
            return if entry == NO_CELL {
                None
            } else {
                Some(Hit {
                    dense: entry,
                    tie: false,
                })
            };
        }
        self.locate_boundary(entry & !BOUNDARY_BIT, p)
    }

    /// The boundary path: toggles the reference point's polygons by the exact crossings of the
    /// segment r + δ → p + δ with the raster cell's edges.
    #[inline(never)]
    fn locate_boundary(&self, k: u32, p: Coord<f64>) -> Option<Hit> {
        let bc = self.bcells.get(k as usize)?;
        if bc.slot_len as usize > MAX_FAST_SLOTS {
            return self.locate_slow(bc, p);
        }
        let r = bc.r;
        let (sx0, sx1) = if r.x <= p.x { (r.x, p.x) } else { (p.x, r.x) };
        let (sy0, sy1) = if r.y <= p.y { (r.y, p.y) } else { (p.y, r.y) };
        let mut mask = bc.init_mask;
        let mut touched = 0u64;
        let edges = self
            .bedges
            .get(bc.edge_start as usize..bc.edge_end as usize)
            .unwrap_or(&[]);
        for e in edges {
            let (a, b) = (e.a, e.b);
            // Exact rejection: the edge's bbox is strictly apart from the segment's.
            if !e.spans
                && ((a.x < sx0 && b.x < sx0)
                    || (a.x > sx1 && b.x > sx1)
                    || (a.y < sy0 && b.y < sy0)
                    || (a.y > sy1 && b.y > sy1))
            {
                continue;
            }
            let o = orient(a, b, p);
            let bit = 1u64 << (e.slot & 63);
            if o == 0
                && p.x >= a.x.min(b.x)
                && p.x <= a.x.max(b.x)
                && p.y >= a.y.min(b.y)
                && p.y <= a.y.max(b.y)
            {
                touched |= bit;
            }
            let sp = perturbed_tail(o, a, b);
            if sp != e.side_r && (e.spans || side_of_moving(r, p, a) * side_of_moving(r, p, b) < 0)
            {
                mask ^= bit;
            }
        }
        if mask == 0 {
            return None;
        }
        let start = bc.slot_start as usize;
        let dense = *self
            .slot_dense
            .get(start + mask.trailing_zeros() as usize)?;
        let tie = touched.count_ones() >= 2 && {
            let mut t = touched;
            let mut lo = u32::MAX;
            let mut hi = 0;
            while t != 0 {
                let s = t.trailing_zeros() as usize;
                t &= t - 1;
                let d = self.slot_dense.get(start + s).copied().unwrap_or(0);
                lo = lo.min(d);
                hi = hi.max(d);
            }
            lo != hi
        };
        Some(Hit { dense, tie })
    }

    /// Slow path for a raster cell with very many candidate polygons: the ray test on each.
    fn locate_slow(&self, bc: &BoundaryCell, p: Coord<f64>) -> Option<Hit> {
        let start = bc.slot_start as usize;
        let slots = self
            .slot_poly
            .get(start..start + bc.slot_len as usize)
            .unwrap_or(&[]);
        let mut best = NO_CELL;
        let mut touched_lo = u32::MAX;
        let mut touched_hi = 0u32;
        for &pi in slots {
            let Some(poly) = self.polys.get(pi as usize) else {
                continue;
            };
            let edges = self
                .edges
                .get(poly.edge_start as usize..poly.edge_end as usize)
                .unwrap_or(&[]);
            let mut inside = false;
            for e in edges {
                if ray_crosses(p, e.a, e.b) {
                    inside = !inside;
                }
                if on_segment(p, e.a, e.b) {
                    touched_lo = touched_lo.min(poly.dense);
                    touched_hi = touched_hi.max(poly.dense);
                }
            }
            if inside {
                best = best.min(poly.dense);
            }
        }
        (best != NO_CELL).then_some(Hit {
            dense: best,
            tie: touched_lo != u32::MAX && touched_lo != touched_hi,
        })
    }

    /// Finds the cell containing a position, by the boundary rule of [`crate::geocode`].
    ///
    /// # Units
    /// `lng`, `lat` in degrees, in the cells' datum. Returns the cell number given to
    /// [`Self::new`]. A position on an edge or vertex shared by several cells goes to exactly one
    /// of them: the one whose interior contains the position displaced infinitesimally east,
    /// then north.
    ///
    /// # Errors
    /// None: `None` means outside every cell, or an invalid position (non-finite, |lng| > 180,
    /// |lat| > 90).
    ///
    /// # Complexity
    /// O(1) for a position in a raster cell no edge touches; otherwise O(k) exact predicates for
    /// the k edges registered in its raster cell.
    ///
    /// # Examples
    /// ```
    /// use geo::polygon;
    /// use jinlin::CellIndex;
    /// let south = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 1.0), (x: 0.0, y: 1.0)];
    /// let north = polygon![(x: 0.0, y: 1.0), (x: 2.0, y: 1.0), (x: 2.0, y: 2.0), (x: 0.0, y: 2.0)];
    /// let index = CellIndex::new(&[(3, vec![south]), (4, vec![north])]);
    /// assert_eq!(index.locate(1.0, 1.0), Some(4)); // shared edge: the northern cell
    /// assert_eq!(index.locate(1.0, 0.0), Some(3)); // south edge of the union: inside
    /// assert_eq!(index.locate(2.0, 0.5), None); // east edge of the union: outside
    /// ```
    pub fn locate(&self, lng: f64, lat: f64) -> Option<u32> {
        if !valid_position(lng, lat) {
            return None;
        }
        let hit = self.locate_hit(Coord { x: lng, y: lat })?;
        self.cell_numbers.get(hit.dense as usize).copied()
    }

    /// Size figures of the index.
    ///
    /// # Units
    /// Counts; `heap_bytes` in bytes.
    ///
    /// # Errors
    /// None.
    ///
    /// # Complexity
    /// O(1).
    pub fn stats(&self) -> IndexStats {
        use std::mem::size_of;
        let heap_bytes = self.cell_numbers.len() * 4
            + self.polys.len() * size_of::<PolyRec>()
            + self.edges.len() * size_of::<Edge>()
            + self.raster.len() * 4
            + self.bcells.len() * size_of::<BoundaryCell>()
            + self.bedges.len() * size_of::<BoundaryEdge>()
            + self.slot_dense.len() * 8
            + self.tree.size() * size_of::<PolyBox>() * 2;
        IndexStats {
            cells: self.cell_numbers.len(),
            polygons: self.polys.len(),
            edges: self.edges.len(),
            raster_width: self.nx,
            raster_height: self.ny,
            boundary_cells: self.bcells.len(),
            boundary_edges: self.bedges.len(),
            heap_bytes,
        }
    }

    /// The largest cell number in the index, if any.
    pub(crate) fn max_cell_number(&self) -> Option<u32> {
        self.cell_numbers.last().copied()
    }
}
