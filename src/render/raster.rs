//! A raster backend for the map's fills and boundaries: [`PaintBatches`] straight into an RGBA
//! pixel buffer that a canvas takes with one `putImageData`.
//!
//! Why not the canvas's own path filling: in Chromium's software raster, and in `tiny-skia`
//! (Skia's Rust port) measured natively on the same batches, anti-aliased path filling costs
//! several ns per covered pixel, so the fills of a 2560 × 1600 canvas alone take 14–25 ms and
//! the boundaries as much again (bench/RESULTS.md). A grid map needs less than a general
//! rasteriser:
//!
//! - **Fills** tile the plane and every edge between two of them is under a boundary stroke,
//!   so they are filled without anti-aliasing: a pixel takes the colour of the fill that covers
//!   its centre (non-zero winding). Edges are put in one direction (`y0 < y1`) before their
//!   crossings are computed, so two cells sharing an edge compute the same crossing bit for bit
//!   and meet without a gap or an overlap. All fills are scanned together: one active edge
//!   list kept sorted by x from row to row (nearly sorted already, so an insertion sort is
//!   linear), a winding per fill, and each run of pixels between two crossings written once
//!   with the colour of the last fill covering it (or every covering fill laid over the
//!   background when one is translucent), the background in the gaps.
//! - **Boundaries** are polylines of constant width with round joins and caps. A pixel's
//!   coverage is `clamp(w/2 + 1/2 − d, 0, 1)` for the distance `d` from its centre to the
//!   nearest segment of the batch (a one-pixel box filter across the line's edge), so joins
//!   and overlaps are covered once, not painted twice.
//!
//! Everything is drawn a row at a time (scanline order: fills, then each boundary style, in
//! drawing order), so the pixels of a row stay in cache while all layers are drawn into them.
//! Pixels are straight (not premultiplied) RGBA bytes in row-major order, as `ImageData`
//! holds them.

use super::palette::Color;
use super::scene::PaintBatches;

/// Boundaries at most this wide (device px) are drawn as 1 px hairlines, by both backends
/// (the 0.75 CSS px grid boundary at DPR 2; Skia strokes hairlines about 10× faster than a
/// 1.5 px line, measured in Chromium's software raster).
pub const HAIRLINE_MAX_PX: f64 = 1.5;

/// An RGBA pixel buffer the map's fills and boundaries are rasterised into.
///
/// # Units
/// Device px; [`Raster::pixels`] is `width × height × 4` bytes, rows top to bottom, straight
/// alpha (the layout of a canvas `ImageData`).
#[derive(Clone, Debug, Default)]
pub struct Raster {
    width: u32,
    height: u32,
    /// One `u32` per pixel whose little-endian bytes are R, G, B, A.
    pixels: Vec<u32>,
    /// One row's stroke coverage (0–255).
    coverage: Vec<u8>,
    /// The fill edges crossing the current row: x of the crossing and edge index, by x.
    crossings: Vec<(f64, u32)>,
    /// One row's fill or stroke spans.
    spans: Vec<(u32, u32)>,
    /// The last [`Raster::resample`]d picture.
    resampled: Vec<u32>,
    /// Its source column per column.
    source_columns: Vec<u32>,
}

/// An edge of a fill, top to bottom.
#[derive(Clone, Copy, Debug)]
struct Edge {
    y0: f64,
    y1: f64,
    x0: f64,
    /// dx/dy.
    slope: f64,
    winding: i32,
    /// Index of its fill in drawing order.
    layer: u32,
}

/// A boundary style prepared for scanline drawing: its segments sorted by their first row,
/// and those crossing the current row.
struct Layer {
    color: Color,
    items: Vec<Segment>,
    /// Each item's first row.
    first: Vec<u32>,
    next: usize,
    active: Vec<u32>,
}

impl Layer {
    /// Activates the segments starting at or above `row` and drops those ending above it.
    fn advance(&mut self, row: u32) {
        while self.next < self.items.len() && self.first[self.next] <= row {
            self.active.push(self.next as u32);
            self.next += 1;
        }
        let items = &self.items;
        let row = f64::from(row);
        self.active.retain(|&i| items[i as usize].hy - 0.5 > row);
    }
}

/// `items` ordered by their first row, `⌈top(item)⌉` clamped to `[0, rows]`, and those rows:
/// a counting sort (linear; a comparison sort of a few thousand edges cost about as much as
/// scanning them). Stable. `top` NaN counts as row 0.
fn by_first_row<T: Copy>(items: &[T], top: impl Fn(&T) -> f64, rows: u32) -> (Vec<T>, Vec<u32>) {
    let first: Vec<u32> = items
        .iter()
        .map(|it| {
            let v = top(it).ceil();
            if v > 0.0 {
                // (`as` saturates)
                (v as u32).min(rows)
            } else {
                0
            }
        })
        .collect();
    let mut start = vec![0u32; rows as usize + 2];
    for &f in &first {
        start[f as usize + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut order = vec![0u32; items.len()];
    for (i, &f) in first.iter().enumerate() {
        let slot = &mut start[f as usize];
        order[*slot as usize] = i as u32;
        *slot += 1;
    }
    let sorted = order.iter().map(|&i| items[i as usize]).collect();
    let first = order.iter().map(|&i| first[i as usize]).collect();
    (sorted, first)
}

/// One segment of a boundary, with what its rows and pixels need precomputed.
#[derive(Clone, Copy, Debug)]
struct Segment {
    a: [f64; 2],
    /// b − a.
    d: [f64; 2],
    /// 1 / |b − a|² (0 for a point).
    inv_len2: f64,
    /// r·|b − a| / |dy| (half the width of the band on a row), or ∞ when horizontal.
    band: f64,
    /// dx / dy (0 when horizontal).
    dxdy: f64,
    /// 1 / |b − a| (0 for a point).
    inv_len: f64,
    /// Bounding box grown by the coverage radius.
    lx: f64,
    hx: f64,
    ly: f64,
    hy: f64,
}

impl Segment {
    fn new(a: [f64; 2], b: [f64; 2], r: f64) -> Segment {
        let d = [b[0] - a[0], b[1] - a[1]];
        let len2 = d[0] * d[0] + d[1] * d[1];
        let len = len2.sqrt();
        Segment {
            a,
            d,
            inv_len2: if len2 > 0.0 { 1.0 / len2 } else { 0.0 },
            band: if d[1] != 0.0 {
                (r * len / d[1]).abs()
            } else {
                f64::INFINITY
            },
            dxdy: if d[1] != 0.0 { d[0] / d[1] } else { 0.0 },
            inv_len: if len > 0.0 { 1.0 / len } else { 0.0 },
            lx: a[0].min(b[0]) - r,
            hx: a[0].max(b[0]) + r,
            ly: a[1].min(b[1]) - r,
            hy: a[1].max(b[1]) + r,
        }
    }

    /// Distance from `a + (ax, ay)` to the segment.
    #[inline]
    fn distance(&self, ax: f64, ay: f64) -> f64 {
        let s = (ax * self.d[0] + ay * self.d[1]) * self.inv_len2;
        if s <= 0.0 {
            (ax * ax + ay * ay).sqrt()
        } else if s >= 1.0 {
            let (bx, by) = (ax - self.d[0], ay - self.d[1]);
            (bx * bx + by * by).sqrt()
        } else {
            ((ax * self.d[1] - ay * self.d[0]) * self.inv_len).abs()
        }
    }

    /// An x interval on the row through `y` holding every point within the coverage radius of
    /// the segment: its grown bounding box cut by the band around its line.
    #[inline]
    fn span(&self, y: f64) -> (f64, f64) {
        let c = self.a[0] + (y - self.a[1]) * self.dxdy;
        let (lo, hi) = (c - self.band, c + self.band);
        // (comparisons rather than `f64::max`/`min`: cheaper in wasm, and nothing here is NaN)
        (
            if lo > self.lx { lo } else { self.lx },
            if hi < self.hx { hi } else { self.hx },
        )
    }
}

/// Pixels `[x0, x1)` whose centres lie in `[lo, hi)`, within the clip's columns.
#[inline]
fn columns(lo: f64, hi: f64, clip: Clip) -> (usize, usize) {
    // NaN fails both comparisons and becomes `clip.x0`
    let at = |v: f64| {
        let v = (v - 0.5).ceil();
        let v = if v > clip.x0 { v } else { clip.x0 };
        (if v < clip.x1 { v } else { clip.x1 }) as usize
    };
    (at(lo), at(hi))
}

impl Raster {
    /// An empty raster (0 × 0); [`Raster::draw`] sizes it.
    pub fn new() -> Raster {
        Raster::default()
    }

    /// Width, device px.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height, device px.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The pixels as bytes: `width × height × 4`, RGBA straight alpha, row-major.
    pub fn pixels(&self) -> &[u8] {
        bytemuck::cast_slice(&self.pixels)
    }

    /// The pixel at `(x, y)` as `[r, g, b, a]`; `None` outside.
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        (x < self.width && y < self.height)
            .then(|| self.pixels[y as usize * self.width as usize + x as usize].to_le_bytes())
    }

    /// Draws the batches' fills, then their strokes, over `background` (transparent when
    /// `None`), at `transform` `[k, e, f]` from batch units to device px (see
    /// [`PaintBatches::transform`]), into a `width × height` buffer.
    ///
    /// Strokes of at most [`HAIRLINE_MAX_PX`] are drawn 1 px wide, as hairlines (as the Canvas
    /// 2D backend draws them).
    ///
    /// # Errors
    /// None: edges and segments with coordinates that are not finite, or off the buffer, draw
    /// nothing.
    ///
    /// # Complexity
    /// O(E + H·A + P) for E edges and segments (ordered by their first row with a counting
    /// sort), H rows, A edges and segments active on a row (the fill crossings kept sorted
    /// from row to row: linear while edges do not cross), and P covered pixels; edges and
    /// segments off the buffer cost O(1) each.
    pub fn draw(
        &mut self,
        batches: &PaintBatches,
        transform: [f64; 3],
        width: u32,
        height: u32,
        background: Option<Color>,
    ) {
        self.width = width;
        self.height = height;
        self.pixels.resize(width as usize * height as usize, 0);
        self.draw_region(batches, transform, [0, 0, width, height], background);
    }

    /// Moves the pixels `dx` px right and `dy` px down (negative: left, up), as a pan of the
    /// view by `(dx, dy)` device px moves its picture. The pixels the move exposes (a band
    /// `|dx|` wide on the left or right, `|dy|` high at the top or bottom) hold stale values:
    /// draw them with [`Raster::draw_region`] at the panned transform. A move by the width or
    /// height or more exposes everything and moves nothing.
    ///
    /// # Errors
    /// None.
    ///
    /// # Complexity
    /// O(width × height): one copy of the buffer (a `memory.copy` in wasm).
    pub fn shift(&mut self, dx: i64, dy: i64) {
        let (w, h) = (i64::from(self.width), i64::from(self.height));
        if dx.abs() >= w || dy.abs() >= h {
            return;
        }
        // one copy by the offset of the move in row-major order; rows wrap into the exposed
        // band, which is drawn again
        let n = self.pixels.len();
        let offset = dy * w + dx;
        let by = offset.unsigned_abs() as usize;
        if offset > 0 {
            self.pixels.copy_within(..n - by, by);
        } else if offset < 0 {
            self.pixels.copy_within(by.., 0);
        }
    }

    /// A pan of the view by `(dx, dy)` whole device px: [`Raster::shift`], then
    /// [`Raster::draw_region`] of the bands the move exposes (a row band `|dy|` high, a column
    /// band `|dx|` wide) at `transform`, the transform after the pan. Pixels agree with a
    /// whole [`Raster::draw`] at `transform` up to rounding: `(x·k + e) + dx` and
    /// `x·k + (e + dx)` may round apart, so a boundary pixel's coverage can differ by a level.
    ///
    /// # Errors
    /// None, as [`Raster::draw`]; a move by the width or height or more draws everything.
    ///
    /// # Complexity
    /// O(width × height) for the copy, and [`Raster::draw_region`] of the bands.
    pub fn pan(
        &mut self,
        batches: &PaintBatches,
        transform: [f64; 3],
        [dx, dy]: [i64; 2],
        background: Option<Color>,
    ) {
        let (w, h) = (self.width, self.height);
        self.shift(dx, dy);
        // (a move of the whole size or more: `min` makes the band everything)
        let ux = u32::try_from(dx.unsigned_abs()).unwrap_or(u32::MAX).min(w);
        let uy = u32::try_from(dy.unsigned_abs()).unwrap_or(u32::MAX).min(h);
        let rows = if dy >= 0 {
            [0, 0, w, uy]
        } else {
            [0, h - uy, w, h]
        };
        let cols = if dx >= 0 {
            [0, 0, ux, h]
        } else {
            [w - ux, 0, w, h]
        };
        for band in [rows, cols] {
            self.draw_region(batches, transform, band, background);
        }
    }

    /// Draws the pixels of `region` `[x0, y0, x1, y1)` (device px, clamped to the buffer) as
    /// [`Raster::draw`] would, leaving the others as they are: after a [`Raster::shift`], the
    /// exposed band. The buffer keeps its size (set by the last [`Raster::draw`]). Drawn at
    /// the same transform, a region's pixels equal those of a whole draw bit for bit.
    ///
    /// # Errors
    /// None, as [`Raster::draw`].
    ///
    /// # Complexity
    /// As [`Raster::draw`], with H the rows of the region and P its covered pixels.
    pub fn draw_region(
        &mut self,
        batches: &PaintBatches,
        transform: [f64; 3],
        region: [u32; 4],
        background: Option<Color>,
    ) {
        let (width, height) = (self.width, self.height);
        let [rx0, ry0] = [region[0].min(width), region[1].min(height)];
        let [rx1, ry1] = [region[2].min(width), region[3].min(height)];
        if rx0 >= rx1 || ry0 >= ry1 {
            return;
        }
        self.coverage.clear();
        self.coverage.resize(width as usize, 0);
        let cull = if rx0 == 0 && rx1 == width {
            Cull::None
        } else if u64::from(rx0) + u64::from(rx1) <= u64::from(width) {
            Cull::Right
        } else {
            Cull::Left
        };
        let clip = Clip {
            x0: f64::from(rx0),
            x1: f64::from(rx1),
            cull,
        };
        let hf = f64::from(height);
        let [k, e, f] = transform;
        let to = |p: [f64; 2]| [p[0] * k + e, p[1] * k + f];
        let mut edges = Vec::new();
        for (layer, b) in batches.fills.iter().enumerate() {
            fill_edges(
                &b.points,
                &b.ring_ends,
                &to,
                hf,
                clip,
                layer as u32,
                &mut edges,
            );
        }
        // (an edge is active on the rows whose centre y + ½ is in [y0, y1): from ⌈y0 − ½⌉;
        // y0 − ½ is exact for 1 ≤ y0 < 2⁵² and rounds within row 0 below)
        let (edges, first) = by_first_row(&edges, |e| e.y0 - 0.5, height);
        let mut fills = Fills {
            first,
            colors: batches.fills.iter().map(|b| b.color).collect(),
            opaque: batches.fills.iter().all(|b| b.color.a == 255),
            edges,
            next: 0,
            winding: vec![0; batches.fills.len()],
            inside: vec![0; batches.fills.len().div_ceil(64)],
        };
        let mut strokes: Vec<(f64, Layer)> = batches
            .strokes
            .iter()
            .map(|b| {
                let w = if b.width_px <= HAIRLINE_MAX_PX {
                    1.0
                } else {
                    b.width_px
                };
                let r = w / 2.0 + 0.5;
                let items = segments(&b.points, &b.line_ends, &to, r, clip, hf);
                let (items, first) = by_first_row(&items, |s| s.ly - 0.5, height);
                let layer = Layer {
                    color: b.color,
                    items,
                    first,
                    next: 0,
                    active: Vec::new(),
                };
                (r, layer)
            })
            .collect();
        let bg = background.map_or(0, pack);
        let stride = width as usize;
        let spans = &mut self.spans;
        self.crossings.clear();
        let rows = self
            .pixels
            .chunks_exact_mut(stride.max(1))
            .enumerate()
            .take(ry1 as usize)
            .skip(ry0 as usize);
        for (row, line) in rows {
            let yc = row as f64 + 0.5;
            fills.row(yc, line, &mut self.crossings, bg, clip);
            for (r, layer) in &mut strokes {
                layer.advance(row as u32);
                if !layer.active.is_empty() {
                    stroke_row(layer, *r, yc, line, &mut self.coverage, spans, clip);
                }
            }
        }
    }

    /// The picture moved and scaled, for a preview while a pinch or wheel zoom is under way:
    /// what was drawn at device px `p` shows at `p · scale + translate`. Nearest neighbour;
    /// pixels with no source (zoomed out beyond the raster's edge) take `background`
    /// (transparent when `None`). The raster's own pixels are left as they are, so every
    /// preview of a gesture is made from the last [`Raster::draw`], not from another preview.
    ///
    /// # Units
    /// `scale` is a ratio (> 0); `translate` device px. Returns `width × height × 4` bytes,
    /// RGBA straight alpha, row-major, as [`Raster::pixels`].
    ///
    /// # Errors
    /// None: a `scale` or `translate` that is not finite, or a `scale` ≤ 0, gives the
    /// background everywhere.
    ///
    /// # Complexity
    /// O(width × height).
    pub fn resample(
        &mut self,
        scale: f64,
        translate: [f64; 2],
        background: Option<Color>,
    ) -> &[u8] {
        let (w, h) = (self.width as usize, self.height as usize);
        let bg = background.map_or(0, pack);
        // every pixel is written below: no clearing pass
        self.resampled.resize(w * h, bg);
        let ok = scale > 0.0 && scale.is_finite() && translate.iter().all(|t| t.is_finite());
        if !ok || w == 0 {
            fill(&mut self.resampled, bg);
            return bytemuck::cast_slice(&self.resampled);
        }
        // the source of the pixel centred at c is the pixel under (c − translate) / scale
        let source = |c: usize, t: f64, n: usize| {
            let s = ((c as f64 + 0.5 - t) / scale).floor();
            (s >= 0.0 && s < n as f64).then_some(s as usize)
        };
        self.source_columns.clear();
        self.source_columns
            .extend((0..w).map(|x| source(x, translate[0], w).map_or(u32::MAX, |s| s as u32)));
        for (y, row) in self.resampled.chunks_exact_mut(w).enumerate() {
            let Some(sy) = source(y, translate[1], h) else {
                fill(row, bg);
                continue;
            };
            let from = &self.pixels[sy * w..(sy + 1) * w];
            for (p, &sx) in row.iter_mut().zip(&self.source_columns) {
                *p = from.get(sx as usize).copied().unwrap_or(bg);
            }
        }
        bytemuck::cast_slice(&self.resampled)
    }
}

/// The columns a region draws: pixel centres in `[x0, x1)`; and which fill edges it may
/// leave out.
#[derive(Clone, Copy, Debug)]
struct Clip {
    x0: f64,
    x1: f64,
    cull: Cull,
}

/// Fill edges a region leaves out. Their crossings fall outside the region's columns, so
/// they only decide the winding: the edges right of a region do not (a row is read left to
/// right); those left of it do, and the winding they leave is minus the sum over the others
/// (a row crosses closed rings with windings summing to zero).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cull {
    /// Every edge (a whole row).
    None,
    /// Edges wholly right of the region (a region in the left half).
    Right,
    /// Edges wholly left of the region (a region in the right half).
    Left,
}

impl Clip {
    /// Whether a fill edge with x extent `[lo, hi]` is left out of the region.
    fn culls(&self, lo: f64, hi: f64) -> bool {
        match self.cull {
            Cull::None => false,
            // its crossings x ≥ x1 start no column of the region (columns start at
            // ⌈x − ½⌉), nor x ≤ x0 end one
            Cull::Right => lo >= self.x1,
            Cull::Left => hi <= self.x0,
        }
    }
}

/// Appends a fill's edges in device px, top to bottom, to `edges`; horizontal edges and those
/// crossing no row centre of the buffer are left out.
fn fill_edges(
    points: &[[f64; 2]],
    ring_ends: &[usize],
    to: &impl Fn([f64; 2]) -> [f64; 2],
    height: f64,
    clip: Clip,
    layer: u32,
    edges: &mut Vec<Edge>,
) {
    let mut start = 0;
    for &end in ring_ends {
        let ring = &points[start..end];
        start = end;
        let Some(&last) = ring.last() else {
            continue;
        };
        let mut prev = to(last);
        for &p in ring {
            let q = to(p);
            let (a, b, winding) = if prev[1] < q[1] {
                (prev, q, 1)
            } else {
                (q, prev, -1)
            };
            prev = q;
            if a[1] == b[1]
                || b[1] <= 0.5
                || a[1] >= height - 0.5
                || !(b[1] - a[1]).is_finite()
                || clip.culls(a[0].min(b[0]), a[0].max(b[0]))
            {
                continue;
            }
            edges.push(Edge {
                y0: a[1],
                y1: b[1],
                x0: a[0],
                slope: (b[0] - a[0]) / (b[1] - a[1]),
                winding,
                layer,
            });
        }
    }
}

/// All fills of a draw, scanned together: one list of edges sorted by their top, and per fill
/// its winding at the current crossing.
struct Fills {
    colors: Vec<Color>,
    /// Every fill opaque: a pixel takes the colour of the last fill covering it.
    opaque: bool,
    edges: Vec<Edge>,
    /// Each edge's first row.
    first: Vec<u32>,
    /// The first edge not yet active.
    next: usize,
    winding: Vec<i32>,
    /// Bit `l` set when fill `l`'s winding is not zero.
    inside: Vec<u64>,
}

impl Fills {
    /// Fills one row: each run of pixels between two crossings takes the colour of the fills
    /// covering it (non-zero winding), laid over `bg` in drawing order; every pixel of the
    /// clip's columns is written once. `active` holds the edges crossing the previous row
    /// (by x) and is updated to this one's.
    fn row(
        &mut self,
        yc: f64,
        line: &mut [u32],
        active: &mut Vec<(f64, u32)>,
        bg: u32,
        clip: Clip,
    ) {
        let edges = &self.edges;
        let row = yc as u32;
        while self.next < edges.len() && self.first[self.next] <= row {
            active.push((0.0, self.next as u32));
            self.next += 1;
        }
        active.retain_mut(|(x, i)| {
            let e = &edges[*i as usize];
            *x = e.x0 + (yc - e.y0) * e.slope;
            e.y1 > yc
        });
        // the crossings move little from row to row: nearly sorted already
        insertion_sort(active, |a, b| a.0 < b.0);
        self.winding.fill(0);
        self.inside.fill(0);
        if clip.cull == Cull::Left {
            // the winding the culled edges left of the region leave: minus the sum over the
            // kept crossings, per fill
            for &(_, i) in active.iter() {
                let e = &edges[i as usize];
                self.winding[e.layer as usize] -= e.winding;
            }
            for (l, &w) in self.winding.iter().enumerate() {
                if w != 0 {
                    self.inside[l / 64] |= 1 << (l % 64);
                }
            }
        }
        let mut from = f64::NEG_INFINITY;
        for k in 0..=active.len() {
            let to = active.get(k).map_or(f64::INFINITY, |c| c.0);
            let (x0, x1) = columns(from, to, clip);
            if x0 < x1 {
                fill(&mut line[x0..x1], self.color(bg));
            }
            if let Some(&(_, i)) = active.get(k) {
                let e = &edges[i as usize];
                let l = e.layer as usize;
                self.winding[l] += e.winding;
                let bit = 1 << (l % 64);
                if self.winding[l] != 0 {
                    self.inside[l / 64] |= bit;
                } else {
                    self.inside[l / 64] &= !bit;
                }
            }
            from = to;
        }
    }

    /// The colour of a pixel inside the fills whose bits are set: the last of them when every
    /// fill is opaque, else each laid over `bg` in drawing order.
    fn color(&self, bg: u32) -> u32 {
        if self.opaque {
            for (w, &bits) in self.inside.iter().enumerate().rev() {
                if bits != 0 {
                    return pack(self.colors[w * 64 + 63 - bits.leading_zeros() as usize]);
                }
            }
            return bg;
        }
        let mut c = bg;
        for (w, &bits) in self.inside.iter().enumerate() {
            let mut bits = bits;
            while bits != 0 {
                c = over(c, self.colors[w * 64 + bits.trailing_zeros() as usize], 255);
                bits &= bits - 1;
            }
        }
        c
    }
}

/// A boundary style's segments in device px; those off the buffer are
/// left out. A polyline of one point is a dot.
fn segments(
    points: &[[f64; 2]],
    line_ends: &[usize],
    to: &impl Fn([f64; 2]) -> [f64; 2],
    r: f64,
    clip: Clip,
    height: f64,
) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut start = 0;
    for &end in line_ends {
        let line = &points[start..end];
        start = end;
        let Some(&first) = line.first() else {
            continue;
        };
        let mut a = to(first);
        for &p in line.iter().skip(usize::from(line.len() > 1)) {
            let b = to(p);
            let s = Segment::new(a, b, r);
            a = b;
            // (NaN fails every comparison and is left out)
            if s.hx > clip.x0 && s.lx < clip.x1 && s.hy > 0.0 && s.ly < height {
                out.push(s);
            }
        }
    }
    out
}

/// Strokes one row of a boundary style: each pixel's coverage is that of its nearest active
/// segment; then the colour is laid over the row at that coverage.
fn stroke_row(
    layer: &Layer,
    r: f64,
    yc: f64,
    line: &mut [u32],
    coverage: &mut [u8],
    spans: &mut Vec<(u32, u32)>,
    clip: Clip,
) {
    spans.clear();
    for &i in &layer.active {
        let s = &layer.items[i as usize];
        let (a, b) = s.span(yc);
        let (x0, x1) = columns(a, b, clip);
        if x0 >= x1 {
            continue;
        }
        spans.push((x0 as u32, x1 as u32));
        // along the row, the segment parameter t and the signed distance from the line
        // change by constant steps; the distance to an end is needed only beyond the ends
        let (ax, ay) = (x0 as f64 + 0.5 - s.a[0], yc - s.a[1]);
        let [dx, dy] = s.d;
        let mut t = (ax * dx + ay * dy) * s.inv_len2;
        let mut n = (ax * dy - ay * dx) * s.inv_len;
        let (dt, dn) = (dx * s.inv_len2, dy * s.inv_len);
        let t_last = t + (x1 - x0 - 1) as f64 * dt;
        // (r − d)·255 + ½ saturates to 255 for d ≤ r − 1 and to 0 for d ≥ r
        let run = &mut coverage[x0..x1];
        if t > 0.0 && t < 1.0 && t_last > 0.0 && t_last < 1.0 {
            // the whole run beside the segment, not beyond an end: the distance is |n|
            for c in run {
                let v = ((r - n.abs()) * 255.0 + 0.5) as u8;
                n += dn;
                *c = (*c).max(v);
            }
            continue;
        }
        for (j, c) in run.iter_mut().enumerate() {
            let d = if t > 0.0 && t < 1.0 {
                n.abs()
            } else {
                s.distance(ax + j as f64, ay)
            };
            t += dt;
            n += dn;
            let v = ((r - d) * 255.0 + 0.5) as u8;
            *c = (*c).max(v);
        }
    }
    // lay the colour over the pixels the spans cover, once each (a pixel's coverage is
    // cleared when it is laid)
    let color = layer.color;
    let packed = pack(color);
    let opaque = color.a == 255;
    for &(x0, x1) in spans.iter() {
        let (x0, x1) = (x0 as usize, x1 as usize);
        for (p, c) in line[x0..x1].iter_mut().zip(&mut coverage[x0..x1]) {
            match *c {
                0 => continue,
                255 if opaque => *p = packed,
                v => *p = over(*p, color, v),
            }
            *c = 0;
        }
    }
}

/// Sets every pixel of `run` to `v`: the first few one by one, then by copying what is set
/// onto the rest, doubling (a `memory.copy` in wasm, much faster there than a loop of stores).
#[inline]
fn fill(run: &mut [u32], v: u32) {
    const SEED: usize = 16;
    if run.len() <= 2 * SEED {
        run.fill(v);
        return;
    }
    run[..SEED].fill(v);
    let mut done = SEED;
    while done < run.len() {
        let n = done.min(run.len() - done);
        run.copy_within(..n, done);
        done += n;
    }
}

/// Sorts `v` by `less`, stably, by insertion: for a row's few crossings and spans it is as
/// fast as a general sort and much smaller in wasm (each general sort is a few KB of code per
/// element type). NaN keys (never less) keep their places relative to each other.
fn insertion_sort<T: Copy>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let x = v[i];
        let mut j = i;
        while j > 0 && less(&x, &v[j - 1]) {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

/// A colour as the `u32` whose little-endian bytes are R, G, B, A.
fn pack(c: Color) -> u32 {
    u32::from_le_bytes([c.r, c.g, c.b, c.a])
}

/// Source-over of `color` at coverage `cov` (0–255) on a straight-alpha pixel.
#[inline]
fn over(dst: u32, color: Color, cov: u8) -> u32 {
    let [dr, dg, db, da] = dst.to_le_bytes();
    if da == 255 && color.a == 255 {
        // both opaque: a linear mix, x / 255 rounded to nearest as (x + 128 + ((x + 128) >> 8))
        // >> 8 (exact for x ≤ 255²: Blinn, "Three wrongs make a right", IEEE CG&A 1995), two
        // channels at once: each 16-bit lane holds at most 255² + 128 + 254 < 2¹⁶, so none
        // carries into the next
        let (s, d) = (u32::from(cov), 255 - u32::from(cov));
        let src = pack(color);
        let rb = (src & 0x00ff_00ff) * s + (dst & 0x00ff_00ff) * d + 0x0080_0080;
        let rb = ((rb + ((rb >> 8) & 0x00ff_00ff)) >> 8) & 0x00ff_00ff;
        let ga = ((src >> 8) & 0x00ff_00ff) * s + ((dst >> 8) & 0x00ff_00ff) * d + 0x0080_0080;
        let ga = (ga + ((ga >> 8) & 0x00ff_00ff)) & 0xff00_ff00;
        return rb | ga;
    }
    let sa = u32::from(color.a) * u32::from(cov); // source alpha, 255² units
    if sa == 0 {
        return dst;
    }
    let da2 = u32::from(da) * (65025 - sa) / 255; // dst alpha × (1 − source alpha), 255² units
    let oa = sa + da2;
    let mix = |s: u8, d: u8| ((u32::from(s) * sa + u32::from(d) * da2 + oa / 2) / oa) as u8;
    u32::from_le_bytes([
        mix(color.r, dr),
        mix(color.g, dg),
        mix(color.b, db),
        ((oa + 127) / 255) as u8,
    ])
}
