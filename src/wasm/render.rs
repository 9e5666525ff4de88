//! JS adapter for the renderer: `GridMapView` (Canvas 2D backend) over [`crate::render::Scene`].

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::Clamped;
use web_sys::{CanvasRenderingContext2d, CanvasWindingRule, HtmlCanvasElement, ImageData, Path2d};

#[cfg(feature = "grid")]
use super::grid::JsGridMap;
use super::{
    cell_arg, check_keys, field_names, from_js, get, integers_from_js, js_error, number_arg,
    numbers_from_js, optional_cell_arg, to_js, type_name, value_from_js, Coded,
};
use crate::crs::Datum;
use crate::grid::Level;
#[cfg(feature = "grid")]
use crate::grid::{GridMap, GridOptions};
use crate::render::{
    cells_from_flat, cells_from_flat_numbered, hierarchy_from_flat, Classification, Color,
    DisplayList, Drill, LabelItem, MarkerItem, PaintBatches, PathItem, PointKind, PointLayer,
    Raster, RenderError, Scene, Style, Transform, Viewport, HAIRLINE_MAX_PX,
};
use crate::render::{js_number, Stroke};

impl Coded for RenderError {
    fn code(&self) -> &'static str {
        RenderError::code(self)
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TS_VIEW: &'static str = r##"
/** Options of `new GridMapView(...)`. Lengths in CSS px. */
export interface GridMapViewOptions {
  /** CSS size of the canvas, in [0, 65536] (default: its clientWidth/clientHeight, else its
   * width/height attributes, 300 × 150 for a canvas without them). 0 is a canvas not laid out
   * (a hidden tab, `display: none`: pass `canvas.clientWidth` as it is): the view draws
   * nothing and picks nothing until `resize(widthCss, heightCss, devicePixelRatio)` when it is
   * shown, which also does the initial fit. */
  widthCss?: number;
  heightCss?: number;
  /** Device px per CSS px, in [0.1, 16] (pass `window.devicePixelRatio`; default 1). */
  devicePixelRatio?: number;
  /** Padding of the initial fit to all cells (default 16). */
  padding?: number;
  /** Zoom limits in [0, 30], `minZoom` ≤ `maxZoom`. */
  minZoom?: number;
  maxZoom?: number;
  /** How values are classified and coloured (default natural breaks, 5 classes, `"YlGnBu"`). */
  classification?: ClassificationOptions;
  /** Style overrides (see `GridMapStyle`; every key optional). */
  style?: GridMapStyle;
  /** `GridMapView.fromGridMap`, `fromGeoJSON` and `fromFlat` only: the level shown at the top
   * of the drill-down, `"street"`, `"community"` or `"grid"`; default: the highest level the
   * map has (`"community"` for a community's own map of community and grid cells). A level
   * the map has no cell of throws `OPTIONS_INVALID`. */
  show?: "street" | "community" | "grid";
  /** How fills and boundaries become pixels. `"scanline"` (default): jinlin's scanline
   * rasteriser draws them into one `ImageData` (fills without anti-aliasing — their edges lie
   * under the boundary strokes — and anti-aliased boundaries with round joins), put on the
   * canvas at once; in Chromium's software raster a redraw of the Siming map at 1280×800, DPR 2
   * takes 21 ms against 31 ms for `"canvas"` (bench/RESULTS.md). `"canvas"`: cached `Path2D`s filled and stroked by the canvas
   * (anti-aliased fills; may be faster where the canvas is GPU-accelerated). Labels,
   * highlights and markers are drawn by the canvas either way. */
  rasterizer?: "scanline" | "canvas";
}
/** A boundary or outline: both keys required. */
export interface StrokeStyle {
  /** `"#rrggbb"` or `"#rrggbbaa"`. */
  color: string;
  /** Width in CSS px, in [0, 32]. */
  widthCss: number;
}
/** How the map looks: `options.style` and `setStyle(style)`. Every key is optional (a key
 * left out takes its default; `setStyle` replaces the whole style); an unknown key is
 * `OPTIONS_INVALID` listing these, as is a value of the wrong type (naming its path,
 * `options.style.labelColor`) or a colour that is not a `"#rrggbb"` or `"#rrggbbaa"` string.
 * Lengths are CSS px in [0, 10000], stroke widths in [0, 32] (else `RENDER_INVALID_STYLE`). */
export interface GridMapStyle {
  /** Canvas background; `null` (default) leaves it transparent. */
  background?: string | null;
  /** Boundary of street (街道) cells (default `#333333`, 2.5). */
  streetStroke?: StrokeStyle;
  /** Boundary of community (社区) cells (default `#555555`, 1.5). */
  communityStroke?: StrokeStyle;
  /** Boundary of grid (网格) cells (default `#ffffff`, 0.75). */
  gridStroke?: StrokeStyle;
  /** Outline of the hovered cell (default `#222222`, 2). */
  hoverStroke?: StrokeStyle;
  /** Fill laid over the hovered cell (default `#ffffff40`); `null`: none. */
  hoverFill?: string | null;
  /** Outline of the selected cell (default `#e60012`, 3). */
  selectedStroke?: StrokeStyle;
  /** CSS font family list of labels (`"PingFang SC", sans-serif`; not a `font` shorthand:
   * `"12px Arial"` is `RENDER_INVALID_STYLE`). */
  fontFamily?: string;
  /** Label font size, CSS px, in (0, 1000] (default 12). */
  fontSizeCss?: number;
  /** Label text colour (default `#1a1a1a`). */
  labelColor?: string;
  /** Halo around label text (default `#ffffff`). */
  labelHaloColor?: string;
  /** Halo width, CSS px (default 2). */
  labelHaloWidthCss?: number;
  /** A label is hidden when its cell's inscribed circle has a smaller radius, CSS px
   * (default 6). */
  labelMinRadiusCss?: number;
  /** …or when its text is wider than this many inscribed diameters (default 1.6). */
  labelFit?: number;
  /** Space kept between label boxes, CSS px (default 2). */
  labelPaddingCss?: number;
  /** Whether labels are drawn at all (default `true`). */
  labels?: boolean;
  /** When a cell's full name does not fit it, label it with its short form: the name without
   * its parent's name in front and without an administrative suffix (`厦港街道` → `厦港`,
   * `下沃社区第1网格` → `第1网格`); then every label with a short form takes it, so that the map
   * shows one form of name at a time. Default `true`. */
  labelShort?: boolean;
  /** Fill of event (网格事) markers (default `#d94801`). */
  eventColor?: string;
  /** Fill of service-site (党群服务阵地) markers (default `#c8102e`). */
  siteColor?: string;
  /** Outline of markers (default `#ffffff`, 1.5). */
  markerStroke?: StrokeStyle;
  /** Radius of a single marker, CSS px (default 6); a cluster of n is √n times larger, at
   * most 3 times. */
  markerRadiusCss?: number;
}
/** The ColorBrewer sequential palettes built in (an unknown name is `RENDER_UNKNOWN_PALETTE`,
 * whose message lists these). */
export type PaletteName = "YlOrRd" | "Blues" | "Greens" | "Purples" | "Oranges" | "YlGnBu";
/** A level of the street › community › grid hierarchy. */
export type CellLevel = "street" | "community" | "grid";
/** `viewState()`: the centre `[lng, lat]` (degrees, the cells' datum), the Web Mercator zoom
 * and the canvas size in CSS px with its device pixel ratio. */
export interface ViewState {
  center: [number, number];
  zoom: number;
  widthCss: number;
  heightCss: number;
  devicePixelRatio: number;
}
/** `classification` of the view options and `setClassification`. */
export interface ClassificationOptions {
  /** Default `"naturalBreaks"`. `"manual"` takes `breaks`: its first and last classes are
   * open-ended (values below the first break are counted in the first class, values above the
   * last in the last; see `LegendClass`). */
  method?: "quantile" | "equalInterval" | "naturalBreaks" | "manual";
  /** 1–9 (default 5); ignored for manual breaks. */
  classes?: number;
  /** Default `"YlGnBu"` (colour-blind safe). */
  palette?: PaletteName;
  /** Ascending edges `[e0, …, ek]` of a manual classification (2–10 finite numbers). */
  breaks?: number[];
}
/** One class of `GridMapView.legend()`. Covers `[lo, hi)` — `lo` included, `hi` not —
 * unless `hiIncluded` (the last class of computed breaks, `[lo, hi]`), `openBelow` (the first
 * class of manual breaks also holds every value below `lo`) or `openAbove` (the last class of
 * manual breaks holds every value from `lo` up, also above `hi`). */
export interface LegendClass {
  lo: number;
  hi: number;
  hiIncluded: boolean;
  openBelow: boolean;
  openAbove: boolean;
  /** The range as text: `"[10, 20)"`, `"[20, 96401]"` (last computed class), `"96401"` (a
   * class of one value), `"< 30000"` (open below), `"≥ 60000"` (open above), `"all values"`
   * (a single manual class). Numbers rounded to 6 significant digits, never fewer than their
   * integer digits, trailing zeros trimmed (`26.400000000000002` reads `26.4`), with more
   * digits (up to 17) where two different breaks would read the same; `lo`/`hi` stay exact
   * (format them yourself for thousands separators). */
  label: string;
  /** `"#rrggbb"`. */
  color: string;
  /** Cells shown now in the class. */
  count: number;
}
/** `GridMapView.legend()`: the classes, low to high, and the no-data entry (NaN values). */
export interface Legend { classes: LegendClass[]; noDataColor: string; noDataCount: number; }
/** Options of `GridMapView.fromGeoJSON(...)`: the view's options and how to read the GeoJSON
 * (as `GridMap.fromGeoJSON`'s options). */
export interface GridMapViewGeoJSONOptions extends GridMapViewOptions {
  /** Datum of every position in the GeoJSON (default `"wgs84"`). */
  datum?: "wgs84" | "gcj02" | "bd09";
  /** Feature property holding the cell id (default `"id"`). */
  idProperty?: string;
  /** At most this many features (default 20,000): `GEOJSON_TOO_MANY_CELLS`. */
  maxCells?: number;
  /** At most this many positions in all rings (default 250,000): `GEOJSON_TOO_MANY_VERTICES`. */
  maxVertices?: number;
}
/** `GridMapView.pickMarker(x, y)`: the marker or cluster under the point. */
export interface MarkerHit {
  /** Index of the points layer, as `addPoints` returned it. */
  layer: number;
  /** Kind of the points (`addPoints`' `kind`). */
  kind: "event" | "serviceSite";
  /** Points in the cluster (1 for a single marker). */
  count: number;
  /** The lowest id among them (`addPoints`' `ids`). */
  firstId: number;
  /** Centre of the cluster `[lng, lat]`, degrees (the cells' datum). */
  lnglat: [number, number];
}
/** `GridMapView.report()`: vertices and rings dropped while building the view (both 0 for
 * views from flat arrays, a `GridMap` or GeoJSON, whose bad vertices and rings are errors). */
export interface GeometryReport { invalidVertices: number; degenerateRings: number; }
/** One step of `GridMapView.breadcrumb()`, top first. */
export interface BreadcrumbEntry { index: number; name: string; level: "street" | "community" | "grid"; }
"##;

/// How fills and boundaries become pixels (the `rasterizer` option).
#[derive(Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase", expecting = "\"scanline\" or \"canvas\"")]
enum Rasterizer {
    /// [`Raster`] into an `ImageData`.
    #[default]
    Scanline,
    /// Cached `Path2D`s filled and stroked by the canvas.
    Canvas,
}

/// Options of the constructor (see the TypeScript section).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ViewOptions {
    width_css: Option<f64>,
    height_css: Option<f64>,
    device_pixel_ratio: Option<f64>,
    padding: Option<f64>,
    min_zoom: Option<f64>,
    max_zoom: Option<f64>,
    classification: Option<Classification>,
    style: Option<Style>,
    show: Option<Level>,
    rasterizer: Option<Rasterizer>,
    /// `fromGeoJSON` only: how to read the grid map
    datum: Option<Datum>,
    id_property: Option<String>,
    max_cells: Option<u32>,
    max_vertices: Option<u32>,
}

/// Rejects unknown keys at every depth of the view options (`OPTIONS_INVALID`): a typo such as
/// `{ style: { colour } }` would otherwise be ignored silently.
fn check_view_options(options: &JsValue) -> Result<(), JsValue> {
    check_keys(options, field_names::<ViewOptions>(), "options")?;
    let classification = get(options, "classification")?;
    check_keys(
        &classification,
        field_names::<Classification>(),
        "options.classification",
    )?;
    let style = get(options, "style")?;
    check_style(&style, "options.style")?;
    // read here too (unknown keys first), so that a bad value is named by its path
    // (`options.style.labelColor`)
    from_js::<Style>(style, "options.style").map(|_| ())
}

/// Rejects unknown keys of a style object and of its strokes (`OPTIONS_INVALID`). (Values of
/// the wrong type are named by their path when read: [`from_js`].)
fn check_style(style: &JsValue, what: &str) -> Result<(), JsValue> {
    check_keys(style, field_names::<Style>(), what)?;
    for key in field_names::<Style>()
        .iter()
        .filter(|k| k.ends_with("Stroke"))
    {
        let stroke = get(style, key)?;
        check_keys(&stroke, field_names::<Stroke>(), &format!("{what}.{key}"))?;
    }
    Ok(())
}

impl ViewOptions {
    fn no_grid_options(&self, what: &str) -> Result<(), JsValue> {
        if self.datum.is_some()
            || self.id_property.is_some()
            || self.max_cells.is_some()
            || self.max_vertices.is_some()
        {
            return Err(js_error(
                "OPTIONS_INVALID",
                &format!(
                    "options datum, idProperty, maxCells and maxVertices are for GridMapView.fromGeoJSON, not {what}"
                ),
            ));
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct BreadcrumbEntry {
    index: u32,
    name: String,
    level: Level,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ViewState {
    center: [f64; 2],
    zoom: f64,
    width_css: f64,
    height_css: f64,
    device_pixel_ratio: f64,
}

/// A choropleth grid map drawn on a canvas: pan, zoom, pick, hover, select, legend, SVG.
#[wasm_bindgen(js_name = GridMapView)]
pub struct GridMapView {
    scene: Scene,
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    /// Path2D objects per simplification level (a few), reused across pans and zooms
    paints: Vec<CachedPaint>,
    rasterizer: Rasterizer,
    /// the scanline rasteriser's pixels, reused across frames
    raster: Raster,
    /// what they show (`None` after `invalidate`)
    raster_state: Option<RasterState>,
    /// a pan, pinch or wheel zoom is under way (`setInteracting`)
    interacting: bool,
    /// the last frame showed a resampled preview of the raster, not the raster
    previewed: bool,
    /// pixels the raster's preview buffer has been sized for ([`GridMapView::reserve_preview`])
    preview_reserved: usize,
    /// drill-down over the hierarchy (views made from a `GridMap`)
    drill: Option<Drill>,
    names: Vec<String>,
    levels: Vec<Level>,
}

/// Paint batches of one simplification level, and (for the canvas rasteriser) their
/// `Path2D`s with colours as CSS strings, made on first use.
struct CachedPaint {
    batches: PaintBatches,
    paths: Option<CanvasPaths>,
}

/// What a scanline raster was drawn from: the same key, the same pixels up to a pan.
#[derive(Clone, Copy, PartialEq, Debug)]
struct RasterKey {
    level: i32,
    version: u64,
    /// the scale `k` of the transform, as bits
    scale: u64,
    size: [u32; 2],
    background: Option<Color>,
}

/// A scanline raster's key and the translation it shows: `[e, f]` of the last whole draw
/// (in the paint batches' units, which differ between simplification levels), the same in
/// world units (`world`: device px per world unit and the device px of world `[0, 0]`, the
/// viewport's device transform), and the whole device px it has been shifted by since.
#[derive(Clone, Copy, PartialEq, Debug)]
struct RasterState {
    key: RasterKey,
    origin: [f64; 2],
    world: [f64; 3],
    shift: [i64; 2],
}

impl RasterState {
    /// The translation the pixels show, for the batches of `key`'s level.
    fn translation(&self) -> [f64; 2] {
        [
            self.origin[0] + self.shift[0] as f64,
            self.origin[1] + self.shift[1] as f64,
        ]
    }

    /// How the pixels map to those of a view whose device transform is `to`: `(scale,
    /// translate)` for [`Raster::resample`]. In world units, so that it holds across
    /// simplification levels (each level's batches have their own origin and scale).
    fn preview(&self, to: &Transform) -> (f64, [f64; 2]) {
        let [k0, x0, y0] = self.world;
        let (x0, y0) = (x0 + self.shift[0] as f64, y0 + self.shift[1] as f64);
        let scale = to.scale / k0;
        (scale, [to.offset_x - x0 * scale, to.offset_y - y0 * scale])
    }
}

/// How far (device px) a translation may be from a whole-pixel move of a raster for the
/// raster to be moved rather than drawn again (labels are drawn at the exact translation).
const SHIFT_TOLERANCE_PX: f64 = 1e-6;

/// Paint batches as `Path2D`s.
struct CanvasPaths {
    fills: Vec<(String, Path2d)>,
    strokes: Vec<(String, f64, Path2d)>,
}

/// How many simplification levels keep their `Path2D`s.
const PAINT_CACHE_LEVELS: usize = 3;

/// A plain JS array of numbers (not a `Float64Array`: `[x, y]` as the types say, and as
/// `JSON.stringify` writes it).
fn numbers(v: &[f64]) -> js_sys::Array {
    v.iter().map(|&x| JsValue::from_f64(x)).collect()
}

fn e(err: RenderError) -> JsValue {
    to_js(err)
}

/// As [`e`], the message starting with `call` (`"resize(widthCss, heightCss,
/// devicePixelRatio)"`, `"options"`) and saying what a viewport field must be.
/// `|err| e_at(err, call)`, one function for every call site.
fn at(call: &'static str) -> impl Fn(RenderError) -> JsValue {
    move |err| e_at(err, call)
}

#[cold]
#[inline(never)]
fn e_at(err: RenderError, call: &str) -> JsValue {
    let message = match &err {
        RenderError::InvalidViewport { field, value } => {
            let must = match *field {
                "devicePixelRatio" => "in [0.1, 16]",
                "widthCss" | "heightCss" => {
                    "in [0, 65536] CSS px (0: a canvas not laid out, drawn at its first resize)"
                }
                "minZoom" | "maxZoom" => "in [0, 30], minZoom ≤ maxZoom",
                "lng" => "in [-180, 180]",
                "lat" => "in [-90, 90]",
                "x" | "y" => "a finite number of CSS px",
                "padding" => "a finite number of CSS px ≥ 0 (default 16)",
                _ => "finite and in range",
            };
            format!("{call}: {field} = {}: must be {must}", js_number(*value))
        }
        other => format!("{call}: {other}"),
    };
    js_error(err.code(), &message)
}

/// A finite screen coordinate, else `RENDER_INVALID_VIEWPORT` naming it. (The npm package
/// checks that number arguments are numbers before they reach wasm, where wasm-bindgen would
/// coerce `"200"` to 200: scripts/pkg/link.js.)
fn css_arg(value: f64, call: &str, field: &'static str) -> Result<f64, JsValue> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(e_at(RenderError::InvalidViewport { field, value }, call))
    }
}

/// The padding of a fit when none is given (the view's first fit, `fitBounds()`, the
/// drill-down's), CSS px on every side.
const DEFAULT_PADDING_CSS: f64 = 16.0;

/// A fit's padding (CSS px, default [`DEFAULT_PADDING_CSS`]), checked before the call changes
/// anything: else `RENDER_INVALID_VIEWPORT` naming the call.
fn padding_arg(padding: Option<f64>, call: &str) -> Result<f64, JsValue> {
    let value = padding.unwrap_or(DEFAULT_PADDING_CSS);
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(e_at(
            RenderError::InvalidViewport {
                field: "padding",
                value,
            },
            call,
        ))
    }
}

/// The drill-down of a view, showing `show` first, by default the highest level the map has
/// (a community's own map has no street). `OPTIONS_INVALID` when no cell has `show`: the map
/// would be empty.
fn drill_for(
    parents: &[Option<usize>],
    levels: &[Level],
    show: Option<Level>,
) -> Result<Drill, JsValue> {
    let top = show
        .or_else(|| Drill::highest_level(levels))
        .unwrap_or(Level::Street);
    let drill = Drill::new(parents, levels, top);
    if !levels.is_empty() && !drill.has_level(top) {
        return Err(no_such_level(top, levels, "options.show"));
    }
    Ok(drill)
}

/// A canvas as the constructors read it: an object with `getContext` (an `HTMLCanvasElement`,
/// or a stand-in in tests), else `OPTIONS_INVALID`: wasm-bindgen does not check the class.
fn check_canvas(canvas: &HtmlCanvasElement) -> Result<(), JsValue> {
    let value: &JsValue = canvas.as_ref();
    let ok = value.is_object()
        && js_sys::Reflect::get(value, &JsValue::from_str("getContext"))
            .map(|f| f.is_function())
            .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        Err(js_error(
            "OPTIONS_INVALID",
            &format!(
                "canvas must be an HTMLCanvasElement, got {}",
                type_name(value)
            ),
        ))
    }
}

/// The rings and names of `new GridMapView` and `fromFlat`, read with their types checked:
/// numbers (not numeric strings), integers in range (a plain array would wrap modulo 2³²),
/// names strings.
struct FlatRings {
    positions: Vec<f64>,
    ring_ends: Vec<u32>,
    ring_cells: Vec<u32>,
    ring_holes: Vec<u8>,
    names: Vec<String>,
}

impl FlatRings {
    fn from_js(
        positions: &JsValue,
        ring_ends: &JsValue,
        ring_cells: &JsValue,
        ring_holes: &JsValue,
        names: &JsValue,
    ) -> Result<FlatRings, JsValue> {
        const BAD: &str = "OPTIONS_INVALID";
        let u32s = |v: &JsValue, what: &str| -> Result<Vec<u32>, JsValue> {
            Ok(integers_from_js(v, what, BAD, 0.0, f64::from(u32::MAX))?
                .into_iter()
                .map(|x| x as u32)
                .collect())
        };
        let positions = numbers_from_js(positions, "positions", BAD)?.ok_or_else(|| {
            js_error(
                BAD,
                "positions must be a Float64Array or an array of numbers",
            )
        })?;
        let names_array = names
            .dyn_ref::<js_sys::Array>()
            .ok_or_else(|| js_error(BAD, "names must be an array of strings"))?;
        if let Some((i, n)) = names_array.iter().enumerate().find(|(_, n)| !n.is_string()) {
            return Err(js_error(
                BAD,
                &format!("names[{i}] must be a string, got {}", type_name(&n)),
            ));
        }
        let name_list = super::strings_of(names_array);
        Ok(FlatRings {
            positions,
            ring_ends: u32s(ring_ends, "ringEnds")?,
            ring_cells: u32s(ring_cells, "ringCells")?,
            ring_holes: integers_from_js(ring_holes, "ringHoles", BAD, 0.0, 1.0)?
                .into_iter()
                .map(|x| x as u8)
                .collect(),
            names: name_list,
        })
    }
}

/// `OPTIONS_INVALID`: the map has no cell of `level`; names the levels it has.
#[cold]
fn no_such_level(level: Level, levels: &[Level], call: &str) -> JsValue {
    let name = |l: Level| match l {
        Level::Street => "street",
        Level::Community => "community",
        Level::Grid => "grid",
    };
    let has: Vec<&str> = [Level::Street, Level::Community, Level::Grid]
        .into_iter()
        .filter(|l| levels.contains(l))
        .map(name)
        .collect();
    js_error(
        "OPTIONS_INVALID",
        &format!(
            "{call} {:?}: the map has no {} cells (it has {}){}",
            name(level),
            name(level),
            has.join(", "),
            if call == "options.show" {
                "; leave show out to start at its top level"
            } else {
                ""
            }
        ),
    )
}

#[wasm_bindgen(js_class = GridMapView)]
impl GridMapView {
    /// Builds a view. Rings as flat typed arrays: `positions` `[lng, lat, …]` (degrees),
    /// `ringEnds` (vertex offsets: ring `i` is vertices `ringEnds[i-1]..ringEnds[i]`, from 0),
    /// `ringCells` (cell number per ring; a cell may have several rings), `ringHoles` (1 =
    /// hole of the preceding exterior); `names` one per cell, in order of first appearance in
    /// `ringCells`, which must be ascending cell number order (`[0, 0, 1, 2]`, `[3, 7]`; a
    /// cell's rings need not be contiguous). A ring has at least 4 positions and may repeat
    /// its first at the end (GeoJSON) or leave it out (closed implicitly).
    ///
    /// # Errors
    /// Nothing is dropped silently; each names the ring, cell or array at fault.
    /// `RENDER_INVALID_RINGS` for a vertex that is not finite or out of range (longitude in
    /// [-180, 180], latitude in [-90, 90]; naming the ring, its cell and the vertex), a ring
    /// of fewer than 4 positions or 3 distinct corners, an exterior enclosing less than 1e-12
    /// square degrees, ring ends that decrease or pass the end of `positions`, positions left
    /// over after the last ring's end, a hole with no exterior of its cell before it, or a
    /// cell that first appears after a higher-numbered one; `RENDER_EMPTY` for no ring at all;
    /// `RENDER_VALUES_LENGTH` for `positions` of odd length, `ringCells` or `ringHoles` not one
    /// per ring, or `names` not one per cell; `OPTIONS_INVALID` for an array of the wrong type
    /// or an entry that is not an integer in range (`ringHoles` 0 or 1), naming it, and for
    /// options; `RENDER_INVALID_VIEWPORT`, `RENDER_CANVAS_TOO_LARGE`, `RENDER_NO_CONTEXT`. In
    /// the npm package, before `init()`: `NOT_INITIALIZED`.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        canvas: HtmlCanvasElement,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] positions: JsValue,
        #[wasm_bindgen(js_name = ringEnds, unchecked_param_type = "Uint32Array | number[]")]
        ring_ends: JsValue,
        #[wasm_bindgen(js_name = ringCells, unchecked_param_type = "Uint32Array | number[]")]
        ring_cells: JsValue,
        #[wasm_bindgen(js_name = ringHoles, unchecked_param_type = "Uint8Array | number[]")]
        ring_holes: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] names: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GridMapViewOptions")] options: JsValue,
    ) -> Result<GridMapView, JsValue> {
        check_canvas(&canvas)?;
        let flat = FlatRings::from_js(&positions, &ring_ends, &ring_cells, &ring_holes, &names)?;
        let (positions, ring_ends, ring_cells, ring_holes, names) = (
            &flat.positions[..],
            &flat.ring_ends[..],
            &flat.ring_cells[..],
            &flat.ring_holes[..],
            flat.names,
        );
        check_view_options(&options)?;
        let o: ViewOptions = from_js(options, "options")?.unwrap_or_default();
        o.no_grid_options("new GridMapView")?;
        if o.show.is_some() {
            return Err(js_error(
                "OPTIONS_INVALID",
                "option show needs a hierarchy: use GridMapView.fromGridMap",
            ));
        }
        let cells = cells_from_flat(positions, ring_ends, ring_cells, ring_holes).map_err(e)?;
        // names and values pair with cells in order of first appearance: out of number order
        // names[0] would silently name a higher-numbered cell
        if let Some(w) = cells.windows(2).find(|w| w[0].0 > w[1].0) {
            let ring = ring_cells.iter().position(|&c| c == w[1].0).unwrap_or(0);
            return Err(e(RenderError::InvalidRings {
                ring,
                reason: "its cell first appears after a higher-numbered one (cells must first \
                         appear in ascending order: names[k] names the k-th)",
            }));
        }
        if names.len() != cells.len() {
            return Err(e(RenderError::ValuesLength {
                what: "names (one per distinct number in ringCells)",
                expected: cells.len(),
                actual: names.len(),
            }));
        }
        let n = names.len();
        GridMapView::build(canvas, &cells, names, vec![Level::Grid; n], None, o)
    }

    /// Builds a view of a `GridMap`'s cells (street › community › grid) with drill-down: cell
    /// numbers are the map's cell indices (as in `gridMap.cells()` and the `assign` counts),
    /// names and levels come from the map. Shows the `show` level first (default: the highest
    /// level the map has; `OPTIONS_INVALID` for a level it has no cell of).
    /// The geometry is passed inside the module, not through JS. (In the npm package GridMap
    /// and GridMapView live in two wasm modules: there the root entry supplies this method
    /// over `gridMap.toFlat()` and `fromFlat`.)
    #[cfg(feature = "grid")]
    #[wasm_bindgen(js_name = fromGridMap)]
    pub fn from_grid_map(
        canvas: HtmlCanvasElement,
        #[wasm_bindgen(js_name = gridMap)] grid_map: &JsGridMap,
        #[wasm_bindgen(unchecked_optional_param_type = "GridMapViewOptions")] options: JsValue,
    ) -> Result<GridMapView, JsValue> {
        check_canvas(&canvas)?;
        check_view_options(&options)?;
        let o: ViewOptions = from_js(options, "options")?.unwrap_or_default();
        o.no_grid_options("GridMapView.fromGridMap")?;
        GridMapView::from_core(canvas, grid_map.core(), o)
    }

    /// Builds a view of a cell hierarchy (street › community › grid) from flat typed arrays,
    /// as `gridMap.toFlat()` returns them, with drill-down as `fromGridMap`: rings as in `new
    /// GridMapView` (`ringCells` are cell numbers `0..names.length`), `levels` one per cell
    /// (0 street, 1 community, 2 grid), `parents` one per cell (parent's number, −1 at the
    /// top).
    ///
    /// # Errors
    /// As the constructor (`RENDER_INVALID_RINGS` also for a cell no ring belongs to);
    /// `RENDER_INVALID_HIERARCHY`; `RENDER_VALUES_LENGTH` naming the lengths of `names`,
    /// `levels` and `parents` unless they agree.
    #[wasm_bindgen(js_name = fromFlat)]
    #[allow(clippy::too_many_arguments)]
    pub fn from_flat(
        canvas: HtmlCanvasElement,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] positions: JsValue,
        #[wasm_bindgen(js_name = ringEnds, unchecked_param_type = "Uint32Array | number[]")]
        ring_ends: JsValue,
        #[wasm_bindgen(js_name = ringCells, unchecked_param_type = "Uint32Array | number[]")]
        ring_cells: JsValue,
        #[wasm_bindgen(js_name = ringHoles, unchecked_param_type = "Uint8Array | number[]")]
        ring_holes: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] names: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | number[]")] levels: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Int32Array | number[]")] parents: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GridMapViewOptions")] options: JsValue,
    ) -> Result<GridMapView, JsValue> {
        check_canvas(&canvas)?;
        let flat = FlatRings::from_js(&positions, &ring_ends, &ring_cells, &ring_holes, &names)?;
        let (positions, ring_ends, ring_cells, ring_holes, names) = (
            &flat.positions[..],
            &flat.ring_ends[..],
            &flat.ring_cells[..],
            &flat.ring_holes[..],
            flat.names,
        );
        let levels: Vec<u8> = integers_from_js(&levels, "levels", "OPTIONS_INVALID", 0.0, 255.0)?
            .into_iter()
            .map(|v| v as u8)
            .collect();
        let parents: Vec<i32> = integers_from_js(
            &parents,
            "parents",
            "OPTIONS_INVALID",
            f64::from(i32::MIN),
            f64::from(i32::MAX),
        )?
        .into_iter()
        .map(|v| v as i32)
        .collect();
        let (levels, parents) = (&levels[..], &parents[..]);
        check_view_options(&options)?;
        let o: ViewOptions = from_js(options, "options")?.unwrap_or_default();
        o.no_grid_options("GridMapView.fromFlat")?;
        if levels.len() != names.len() || parents.len() != names.len() {
            // one entry per cell in each: name all three lengths, not only the one compared
            return Err(js_error(
                "RENDER_VALUES_LENGTH",
                &format!(
                    "GridMapView.fromFlat: names, levels and parents need one entry per cell; got {} names, {} levels, {} parents",
                    names.len(),
                    levels.len(),
                    parents.len()
                ),
            ));
        }
        let (levels, parents) = hierarchy_from_flat(levels, parents).map_err(e)?;
        let cells =
            cells_from_flat_numbered(positions, ring_ends, ring_cells, ring_holes, names.len())
                .map_err(e)?;
        GridMapView::build(canvas, &cells, names, levels, Some(&parents), o)
    }

    /// Builds a view of the grid map in a GeoJSON FeatureCollection (its text, its UTF-8 bytes
    /// as a `Uint8Array`, `ArrayBuffer` or `DataView`, or a parsed object), read as `GridMap.fromGeoJSON(geojson, { datum, idProperty })` reads it: the same
    /// cells in the same order (sorted by id), so cell numbers are that `GridMap`'s indices;
    /// drill-down street › community › grid as with `fromGridMap`. Throws the same `GEOJSON_…`
    /// coded errors. (In the npm package the render module has no GeoJSON reader: there the
    /// root entry supplies this method over `GridMap.fromGeoJSON` and `fromFlat`.)
    #[cfg(feature = "grid")]
    #[wasm_bindgen(js_name = fromGeoJSON)]
    pub fn from_geojson(
        canvas: HtmlCanvasElement,
        #[wasm_bindgen(
            unchecked_param_type = "string | Uint8Array | ArrayBuffer | DataView | object"
        )]
        geojson: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GridMapViewGeoJSONOptions")]
        options: JsValue,
    ) -> Result<GridMapView, JsValue> {
        check_canvas(&canvas)?;
        check_view_options(&options)?;
        let o: ViewOptions = from_js(options, "options")?.unwrap_or_default();
        let mut core = GridOptions::default();
        if let Some(d) = o.datum {
            core.datum = d;
        }
        if let Some(p) = &o.id_property {
            core.id_property = p.clone();
        }
        if let Some(n) = o.max_cells {
            core.max_cells = n as usize;
        }
        if let Some(n) = o.max_vertices {
            core.max_vertices = n as usize;
        }
        let g = super::GeoJsonInput::from_js(&geojson)?.read(&core)?;
        GridMapView::from_core(canvas, &g, o)
    }

    #[cfg(feature = "grid")]
    fn from_core(
        canvas: HtmlCanvasElement,
        g: &GridMap,
        o: ViewOptions,
    ) -> Result<GridMapView, JsValue> {
        let cells: Vec<(u32, Vec<geo::Polygon<f64>>)> = g
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| (i as u32, c.polygons.clone()))
            .collect();
        let names = g.cells.iter().map(|c| c.name.clone()).collect();
        let levels: Vec<Level> = g.cells.iter().map(|c| c.level).collect();
        let parents: Vec<Option<usize>> = g
            .cells
            .iter()
            .map(|c| c.parent.map(|p| p as usize))
            .collect();
        GridMapView::build(canvas, &cells, names, levels, Some(&parents), o)
    }

    fn build(
        canvas: HtmlCanvasElement,
        cells: &[(u32, Vec<geo::Polygon<f64>>)],
        names: Vec<String>,
        levels: Vec<Level>,
        parents: Option<&[Option<usize>]>,
        o: ViewOptions,
    ) -> Result<GridMapView, JsValue> {
        // a hierarchy (parents) gives a drill-down, showing `o.show` first
        let drill = parents.map(|p| drill_for(p, &levels, o.show)).transpose()?;
        let fallback = |client: i32, attr: u32| {
            if client > 0 {
                f64::from(client)
            } else {
                f64::from(attr.max(1))
            }
        };
        let w = o
            .width_css
            .unwrap_or_else(|| fallback(canvas.client_width(), canvas.width()));
        let h = o
            .height_css
            .unwrap_or_else(|| fallback(canvas.client_height(), canvas.height()));
        let mut vp = Viewport::new(w, h, o.device_pixel_ratio.unwrap_or(1.0), [0.0, 0.0], 0.0)
            .map_err(at("options"))?;
        if o.min_zoom.is_some() || o.max_zoom.is_some() {
            let [lo, hi] = vp.zoom_limits();
            vp.set_zoom_limits(o.min_zoom.unwrap_or(lo), o.max_zoom.unwrap_or(hi))
                .map_err(at("options"))?;
        }
        let mut scene = Scene::new(cells, &names, vp).map_err(e)?;
        scene.set_levels(&levels).map_err(e)?;
        if let Some(p) = parents {
            scene.set_parents(p).map_err(e)?;
        }
        if let Some(s) = o.style {
            scene.set_style(s).map_err(at("options.style"))?;
        }
        if let Some(d) = &drill {
            scene.set_visible(Some(&d.visible())).map_err(e)?;
        }
        if let Some(c) = o.classification {
            scene
                .set_classification(c)
                .map_err(at("options.classification"))?;
        }
        let padding = o.padding.unwrap_or(DEFAULT_PADDING_CSS);
        if drill.is_some() {
            scene.fit_visible(padding).map_err(at("options"))?;
        } else {
            scene.fit_bounds(padding).map_err(at("options"))?;
        }
        let ctx = canvas
            .get_context("2d")
            .map_err(|_| js_error("RENDER_NO_CONTEXT", "canvas.getContext(\"2d\") threw"))?
            .ok_or_else(|| js_error("RENDER_NO_CONTEXT", "canvas has no 2d context"))?;
        // A canvas of another window (a same-origin iframe) or an OffscreenCanvas has a 2D
        // context of another class with the same interface: taken when it has the methods.
        let ctx: CanvasRenderingContext2d = if ctx.is_instance_of::<CanvasRenderingContext2d>()
            || is_2d_like(&ctx)
        {
            ctx.unchecked_into()
        } else {
            return Err(js_error(
                    "RENDER_NO_CONTEXT",
                    "canvas.getContext(\"2d\") did not return a 2D context (no putImageData, fillText or setTransform)",
                ));
        };
        let view = GridMapView {
            scene,
            canvas,
            ctx,
            paints: Vec::new(),
            rasterizer: o.rasterizer.unwrap_or_default(),
            raster: Raster::new(),
            raster_state: None,
            interacting: false,
            previewed: false,
            preview_reserved: 0,
            drill,
            names,
            levels,
        };
        view.size_canvas();
        Ok(view)
    }

    /// Shows the drill-down's cells and fits them with `padding` CSS px (checked by
    /// [`padding_arg`] before the drill-down changed).
    fn drill_changed(&mut self, padding: f64) -> Result<(), JsValue> {
        if let Some(d) = &self.drill {
            self.scene.set_visible(Some(&d.visible())).map_err(e)?;
            self.scene.fit_visible(padding).map_err(e)?;
        }
        Ok(())
    }

    /// Drill-down: shows the children of `cell` (a street's communities, a community's grids)
    /// and fits them; returns false when the cell has no children or the view was not made by
    /// `fromGridMap`. The cell need not be shown now (a deep link: `drillDown` of a community
    /// from the street level shows its grids; the breadcrumb follows).
    ///
    /// # Errors
    /// `OPTIONS_INVALID` for a value that is not a cell number; `RENDER_UNKNOWN_CELL` for a
    /// number the map does not have (as `setSelected`, `labelPoint`, `colorOf`, `setHover`);
    /// `RENDER_INVALID_VIEWPORT` for a `padding` (CSS px, default 16) that is negative or not
    /// finite. The view is left as it was on every error.
    #[wasm_bindgen(js_name = drillDown)]
    pub fn drill_down(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number")] cell: JsValue,
        padding: Option<f64>,
    ) -> Result<bool, JsValue> {
        let cell = self.known_cell(cell_arg(&cell, "drillDown(cell): cell")?, "drillDown(cell)")?;
        let padding = padding_arg(padding, "drillDown(cell, padding)")?;
        let Some(d) = &mut self.drill else {
            return Ok(false);
        };
        if !d.down(cell as usize) {
            return Ok(false);
        }
        self.drill_changed(padding)?;
        Ok(true)
    }

    /// Drill-down: goes one level up (the breadcrumb's previous step) and fits with `padding`
    /// CSS px (default 16); returns false at the top.
    ///
    /// # Errors
    /// `RENDER_INVALID_VIEWPORT` for a `padding` that is negative or not finite; the view is
    /// left as it was.
    #[wasm_bindgen(js_name = drillUp)]
    pub fn drill_up(&mut self, padding: Option<f64>) -> Result<bool, JsValue> {
        let padding = padding_arg(padding, "drillUp(padding)")?;
        let Some(d) = &mut self.drill else {
            return Ok(false);
        };
        if !d.up() {
            return Ok(false);
        }
        self.drill_changed(padding)?;
        Ok(true)
    }

    /// Shows every cell of a level (`"street"`, `"community"`, `"grid"`) and fits them; this
    /// becomes the top of the drill-down. Throws `OPTIONS_INVALID` (naming the levels the map
    /// has) for a level the map has no cell of, and leaves the view as it was: a community's own
    /// map has no street level. `RENDER_INVALID_VIEWPORT` for a `padding` (CSS px, default
    /// 16) that is negative or not finite, also before anything changes.
    #[wasm_bindgen(js_name = showLevel)]
    pub fn show_level(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "CellLevel")] level: JsValue,
        padding: Option<f64>,
    ) -> Result<(), JsValue> {
        let level: Level = value_from_js(level, "showLevel(level): level")?.ok_or_else(|| {
            js_error(
                "OPTIONS_INVALID",
                "showLevel(level): level is required (\"street\", \"community\" or \"grid\")",
            )
        })?;
        let padding = padding_arg(padding, "showLevel(level, padding)")?;
        let Some(d) = &mut self.drill else {
            return Err(js_error(
                "OPTIONS_INVALID",
                "showLevel needs a hierarchy: use GridMapView.fromGridMap",
            ));
        };
        if !d.has_level(level) {
            return Err(no_such_level(
                level,
                &self.levels,
                "showLevel(level): level",
            ));
        }
        d.show_level(level);
        self.drill_changed(padding)
    }

    /// The drill-down path from the top to the focused cell, `[{ index, name, level }]` (empty
    /// at the top).
    #[wasm_bindgen(unchecked_return_type = "BreadcrumbEntry[]")]
    pub fn breadcrumb(&self) -> Result<JsValue, JsValue> {
        let path = self.drill.as_ref().map(Drill::path).unwrap_or_default();
        let list: Vec<BreadcrumbEntry> = path
            .into_iter()
            .map(|i| BreadcrumbEntry {
                index: i as u32,
                name: self.names.get(i).cloned().unwrap_or_default(),
                level: self.levels.get(i).copied().unwrap_or(Level::Grid),
            })
            .collect();
        to_value(&list)
    }

    /// The cell numbers drawn now (drill-down), ascending: the numbers `pick`, `setSelected`,
    /// `labelPoint` and `colorOf` use (for the flat-array constructor, its `ringCells`).
    #[wasm_bindgen(js_name = visibleCells)]
    pub fn visible_cells(&self) -> Vec<u32> {
        match &self.drill {
            Some(d) => d
                .visible()
                .iter()
                .enumerate()
                .filter_map(|(i, &v)| v.then_some(i as u32))
                .collect(),
            None => self.scene.cell_numbers(),
        }
    }

    /// The label anchor of a cell: `[lng, lat]` of its pole of inaccessibility (every cell
    /// has one: cells are checked when the view is built).
    ///
    /// # Errors
    /// `OPTIONS_INVALID` for a value that is not a cell number; `RENDER_UNKNOWN_CELL` for a
    /// number the map does not have (as `setSelected`).
    #[wasm_bindgen(js_name = labelPoint, unchecked_return_type = "[number, number]")]
    pub fn label_point(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] cell: JsValue,
    ) -> Result<js_sys::Array, JsValue> {
        let cell = self.known_cell(
            cell_arg(&cell, "labelPoint(cell): cell")?,
            "labelPoint(cell)",
        )?;
        Ok(self
            .scene
            .label_anchor(cell)
            .map_or_else(js_sys::Array::new, |(p, _)| numbers(&p)))
    }

    /// Projects `[lng, lat]` (degrees, the cells' datum) to `[x, y]` CSS px of the canvas.
    ///
    /// # Errors
    /// `OPTIONS_INVALID` for an argument that is not a number; `RENDER_INVALID_POSITION` when
    /// `lng` is not finite in [-180, 180] or `lat` not in [-90, 90] (latitudes beyond ±85.0511°,
    /// the Web Mercator limit, project onto it).
    #[wasm_bindgen(js_name = project, unchecked_return_type = "[number, number]")]
    pub fn project(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] lng: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lat: JsValue,
    ) -> Result<js_sys::Array, JsValue> {
        let lng = number_arg(&lng, "project(lng, lat): lng")?;
        let lat = number_arg(&lat, "project(lng, lat): lat")?;
        if !(lng.is_finite() && lat.is_finite() && lng.abs() <= 180.0 && lat.abs() <= 90.0) {
            return Err(e_at(
                RenderError::InvalidPosition {
                    what: "[lng, lat]",
                    index: 0,
                    lng,
                    lat,
                },
                "project(lng, lat)",
            ));
        }
        let t = self.scene.viewport().transform_css();
        Ok(numbers(
            &t.apply(crate::render::mercator_from_lnglat([lng, lat])),
        ))
    }

    /// The fill colour of a cell now, `"#rrggbb"` (its class colour, or the no-data colour).
    ///
    /// # Errors
    /// As `labelPoint`.
    #[wasm_bindgen(js_name = colorOf)]
    pub fn color_of(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] cell: JsValue,
    ) -> Result<String, JsValue> {
        let cell = cell_arg(&cell, "colorOf(cell): cell")?;
        self.scene
            .fill_of(cell)
            .map(|c| c.to_css())
            .ok_or_else(|| e_at(RenderError::UnknownCell { cell }, "colorOf(cell)"))
    }

    /// Whether the canvas's backing store has the view's device size (a page may have reset
    /// it: see `render`).
    fn canvas_sized(&self) -> bool {
        let [w, h] = self.scene.viewport().size_device();
        self.canvas.width() == w && self.canvas.height() == h
    }

    fn size_canvas(&self) {
        let [w, h] = self.scene.viewport().size_device();
        if self.canvas.width() != w {
            self.canvas.set_width(w);
        }
        if self.canvas.height() != h {
            self.canvas.set_height(h);
        }
    }

    /// The number of cells (the length `setValues` takes).
    #[wasm_bindgen(getter, js_name = cellCount)]
    pub fn cell_count(&self) -> u32 {
        u32::try_from(self.scene.len()).unwrap_or(u32::MAX)
    }

    /// One value per cell, in the order of `names` (first appearance in `ringCells`); NaN is
    /// no data. Reclassifies.
    ///
    /// # Errors
    /// `RENDER_VALUES_LENGTH` unless one per cell; `OPTIONS_INVALID` for an entry that is not
    /// a number; `RENDER_INVALID_VALUE` naming the first entry that is ±Infinity.
    #[wasm_bindgen(js_name = setValues)]
    pub fn set_values(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] values: JsValue,
    ) -> Result<(), JsValue> {
        let values = numbers_from_js(&values, "values", "OPTIONS_INVALID")?.ok_or_else(|| {
            js_error(
                "OPTIONS_INVALID",
                "values must be a Float64Array or an array of numbers (NaN: no data)",
            )
        })?;
        self.scene
            .set_values(&values)
            .map_err(at("setValues(values)"))
    }

    /// The level of each cell of a view made by `new GridMapView(…)` (flat arrays without a
    /// hierarchy, every cell drawn as a grid until told): one of `"street"`, `"community"` or
    /// `"grid"` per cell, in cell order. A cell's level chooses its boundary style
    /// (`gridStroke`, `communityStroke`, `streetStroke`; drawn in that order, street
    /// boundaries on top).
    ///
    /// # Errors
    /// `OPTIONS_INVALID` for a value that is not such an array, or on a view with a hierarchy
    /// (`fromGridMap`, `fromGeoJSON`, `fromFlat`: its levels come from its map);
    /// `RENDER_VALUES_LENGTH` unless one per cell. The view is left as it was.
    #[wasm_bindgen(js_name = setLevels)]
    pub fn set_levels(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "CellLevel[]")] levels: JsValue,
    ) -> Result<(), JsValue> {
        if !js_sys::Array::is_array(&levels) {
            return Err(js_error(
                "OPTIONS_INVALID",
                "setLevels(levels): levels must be an array of \"street\", \"community\" or \"grid\", one per cell",
            ));
        }
        if self.drill.is_some() {
            return Err(js_error(
                "OPTIONS_INVALID",
                "setLevels(levels): this view's levels come from its map's hierarchy (fromGridMap, fromGeoJSON, fromFlat); setLevels is for new GridMapView(…)",
            ));
        }
        let l: Vec<Level> = value_from_js(levels, "setLevels(levels): levels")?.unwrap_or_default();
        self.scene.set_levels(&l).map_err(at("setLevels(levels)"))
    }

    /// `{ method, classes, palette, breaks }` (palettes: `YlGnBu` (default), `YlOrRd`, `Blues`,
    /// `Greens`, `Purples`, `Oranges`). Replaces the whole classification: keys left out take
    /// their defaults, and `setClassification()` or `(null)` restores the default one. `breaks`
    /// are read with `method: "manual"` only (the other methods compute theirs).
    ///
    /// # Errors
    /// `OPTIONS_INVALID` naming a key of the wrong type (`classification.classes`);
    /// `RENDER_UNKNOWN_PALETTE` (listing the palettes), `RENDER_INVALID_CLASS_COUNT`,
    /// `RENDER_INVALID_BREAKS`.
    #[wasm_bindgen(js_name = setClassification)]
    pub fn set_classification(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ClassificationOptions")] spec: JsValue,
    ) -> Result<(), JsValue> {
        check_keys(&spec, field_names::<Classification>(), "classification")?;
        let c: Classification = from_js(spec, "classification")?.unwrap_or_default();
        self.scene
            .set_classification(c)
            .map_err(at("setClassification(classification)"))
    }

    /// Replaces the style: keys left out take their defaults, and `setStyle()` or
    /// `setStyle(null)` restores the default style.
    ///
    /// # Errors
    /// `OPTIONS_INVALID` naming an unknown key (listing the keys: the `GridMapStyle` type), a
    /// key of the wrong type or a colour that is not `"#rrggbb"` or `"#rrggbbaa"`
    /// (`style.labelColor`; a stroke's value by the stroke, `style.hoverStroke`);
    /// `RENDER_INVALID_STYLE` for a length out of range or a `fontFamily` that is not a CSS
    /// family list (a canvas would ignore it silently).
    #[wasm_bindgen(js_name = setStyle)]
    pub fn set_style(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "GridMapStyle")] style: JsValue,
    ) -> Result<(), JsValue> {
        check_style(&style, "style")?;
        let s: Style = from_js(style, "style")?.unwrap_or_default();
        self.scene.set_style(s).map_err(at("setStyle(style)"))
    }

    /// New CSS size and device pixel ratio; resizes the canvas backing store.
    ///
    /// # Units
    /// `widthCss`, `heightCss` CSS px in [0, 65536] (0: hidden again; nothing is drawn or
    /// picked until the next resize); `devicePixelRatio` device px per CSS px in [0.1, 16]
    /// (`window.devicePixelRatio`).
    ///
    /// # Errors
    /// `RENDER_INVALID_VIEWPORT` (naming the argument) for one out of range;
    /// `RENDER_CANVAS_TOO_LARGE`; in the npm package, `OPTIONS_INVALID` for an argument that is
    /// not a number. The view is unchanged then.
    pub fn resize(
        &mut self,
        #[wasm_bindgen(js_name = widthCss)] width_css: f64,
        #[wasm_bindgen(js_name = heightCss)] height_css: f64,
        #[wasm_bindgen(js_name = devicePixelRatio)] dpr: f64,
    ) -> Result<(), JsValue> {
        const CALL: &str = "resize(widthCss, heightCss, devicePixelRatio)";
        self.scene
            .resize(width_css, height_css, dpr)
            .map_err(at(CALL))?;
        self.size_canvas();
        self.scene.invalidate();
        Ok(())
    }

    /// Pans by a drag of (dx, dy) CSS px, keeping the centre of the view over the bounding box
    /// of the cells shown: any point of the map can be dragged to the centre, and no further.
    /// A pan however far (`panBy(1e20, 0)`) stops with the map's edge at the centre, and a pan
    /// back moves the map back at once. A centre left off the map by a zoom out about a point
    /// beside it moves only towards the map.
    ///
    /// # Errors
    /// `RENDER_INVALID_VIEWPORT` for an argument not finite (in the npm package, one that is
    /// not a number is `OPTIONS_INVALID`).
    #[wasm_bindgen(js_name = panBy)]
    pub fn pan_by(&mut self, dx: f64, dy: f64) -> Result<(), JsValue> {
        const CALL: &str = "panBy(dx, dy)";
        self.scene.pan_by(dx, dy).map_err(at(CALL))
    }

    /// Zooms by `factor` about (x, y) CSS px (wheel, pinch).
    ///
    /// # Errors
    /// `RENDER_INVALID_VIEWPORT` for an argument not finite or a `factor` ≤ 0 (in the npm
    /// package, one that is not a number is `OPTIONS_INVALID`).
    #[wasm_bindgen(js_name = zoomAt)]
    pub fn zoom_at(&mut self, x: f64, y: f64, factor: f64) -> Result<(), JsValue> {
        const CALL: &str = "zoomAt(x, y, factor)";
        self.scene.zoom_at(x, y, factor).map_err(at(CALL))
    }

    /// Fits all cells with `padding` CSS px (default 16).
    ///
    /// # Errors
    /// `RENDER_INVALID_VIEWPORT` for a padding that is negative or not finite.
    #[wasm_bindgen(js_name = fitBounds)]
    pub fn fit_bounds(&mut self, padding: Option<f64>) -> Result<(), JsValue> {
        self.scene
            .fit_bounds(padding.unwrap_or(DEFAULT_PADDING_CSS))
            .map_err(at("fitBounds(padding)"))
    }

    /// Centre `[lng, lat]` (degrees) and zoom; a zoom beyond the view's `minZoom`/`maxZoom`
    /// is clamped to it (as a wheel zoom is), read it back with `viewState()`.
    ///
    /// # Errors
    /// `RENDER_INVALID_VIEWPORT` for a centre outside [-180, 180] × [-90, 90] or a zoom not
    /// finite (in the npm package, an argument that is not a number is `OPTIONS_INVALID`).
    #[wasm_bindgen(js_name = setView)]
    pub fn set_view(&mut self, lng: f64, lat: f64, zoom: f64) -> Result<(), JsValue> {
        const CALL: &str = "setView(lng, lat, zoom)";
        let mut v = self.scene.viewport().clone();
        v.set_center([lng, lat]).map_err(at(CALL))?;
        v.set_zoom(zoom).map_err(at(CALL))?;
        self.scene.set_viewport(v);
        Ok(())
    }

    /// Sets the zoom limits (the `minZoom` / `maxZoom` options) and clamps the current zoom
    /// into them: wheel and pinch zooms, `zoomAt`, `setView` and fits stay within. E.g. after
    /// the first fit, `setZoomLimits(view.viewState().zoom - 1, 20)` keeps a resident from
    /// zooming out until the district is a dot.
    ///
    /// # Units
    /// Web Mercator zoom levels (each step doubles the scale).
    ///
    /// # Errors
    /// `RENDER_INVALID_VIEWPORT` naming `minZoom` or `maxZoom` unless `0 ≤ minZoom ≤ maxZoom ≤
    /// 30` (in the npm package, an argument that is not a number is `OPTIONS_INVALID`); the
    /// limits are unchanged then.
    #[wasm_bindgen(js_name = setZoomLimits)]
    pub fn set_zoom_limits(&mut self, min_zoom: f64, max_zoom: f64) -> Result<(), JsValue> {
        let mut v = self.scene.viewport().clone();
        v.set_zoom_limits(min_zoom, max_zoom)
            .map_err(at("setZoomLimits(minZoom, maxZoom)"))?;
        self.scene.set_viewport(v);
        Ok(())
    }

    /// The zoom limits `[minZoom, maxZoom]` (default `[0, 22]`).
    #[wasm_bindgen(js_name = zoomLimits, unchecked_return_type = "[number, number]")]
    pub fn zoom_limits(&self) -> js_sys::Array {
        numbers(&self.scene.viewport().zoom_limits())
    }

    /// `{ center: [lng, lat], zoom, widthCss, heightCss, devicePixelRatio }`.
    #[wasm_bindgen(js_name = viewState, unchecked_return_type = "ViewState")]
    pub fn view_state(&self) -> Result<JsValue, JsValue> {
        let v = self.scene.viewport();
        to_value(&ViewState {
            center: v.center(),
            zoom: v.zoom(),
            width_css: v.width_css(),
            height_css: v.height_css(),
            device_pixel_ratio: v.device_pixel_ratio(),
        })
    }

    /// The cell number under (x, y) CSS px, or `undefined` where no cell shown now is (and
    /// while a gesture is under way: see `setInteracting`).
    ///
    /// # Errors
    /// `RENDER_INVALID_VIEWPORT` for an argument not finite (in the npm package, one that is
    /// not a number is `OPTIONS_INVALID`: `"200"` is not read as 200).
    pub fn pick(&self, x: f64, y: f64) -> Result<Option<u32>, JsValue> {
        const CALL: &str = "pick(x, y)";
        let (x, y) = (css_arg(x, CALL, "x")?, css_arg(y, CALL, "y")?);
        if self.interacting {
            return Ok(None);
        }
        Ok(self.scene.pick(x, y))
    }

    /// The marker or cluster under (x, y) CSS px:
    /// `{ layer, kind, count, firstId, lnglat }` or `null` (also while a gesture is under
    /// way: see `setInteracting`).
    ///
    /// # Errors
    /// As `pick`.
    #[wasm_bindgen(js_name = pickMarker, unchecked_return_type = "MarkerHit | null")]
    pub fn pick_marker(&mut self, x: f64, y: f64) -> Result<JsValue, JsValue> {
        const CALL: &str = "pickMarker(x, y)";
        let (x, y) = (css_arg(x, CALL, "x")?, css_arg(y, CALL, "y")?);
        if self.interacting {
            return Ok(JsValue::NULL);
        }
        match self.scene.pick_marker(x, y) {
            Some(h) => to_value(&h),
            None => Ok(JsValue::NULL),
        }
    }

    /// Selects a cell (or clears with `undefined`); returns whether the selection changed.
    /// A cell not shown now (another level or drill-down state) is revealed first, as a "find
    /// this grid" expects: the view drills to the cell's parent (its siblings shown, as
    /// `drillDown(parent)` does; `breadcrumb()` follows), or to the cell's level
    /// (`showLevel`) when the parent is above the top level shown, and fits what it shows
    /// (16 CSS px padding).
    ///
    /// # Errors
    /// `OPTIONS_INVALID` for a value that is not a cell number; `RENDER_UNKNOWN_CELL` for a
    /// number the map does not have (as `labelPoint`, `colorOf`, `setHover`, `drillDown`).
    #[wasm_bindgen(js_name = setSelected)]
    pub fn set_selected(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null")] cell: JsValue,
    ) -> Result<bool, JsValue> {
        let cell = optional_cell_arg(&cell, "setSelected(cell): cell")?;
        if let Some(c) = cell {
            self.known_cell(c, "setSelected(cell)")?;
            // (Drill::reveal changes nothing for a cell shown already)
            if self.drill.as_mut().is_some_and(|d| d.reveal(c as usize)) {
                self.drill_changed(DEFAULT_PADDING_CSS)?;
            }
        }
        self.scene
            .set_selected(cell)
            .map_err(at("setSelected(cell)"))
    }

    /// Hovers a cell (or clears with `undefined`); returns whether it changed. Hovering a cell
    /// not shown now (another level or drill-down state) changes nothing and returns false:
    /// a pointer cannot be over it.
    ///
    /// # Errors
    /// As `setSelected`.
    #[wasm_bindgen(js_name = setHover)]
    pub fn set_hover(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null")] cell: JsValue,
    ) -> Result<bool, JsValue> {
        let cell = optional_cell_arg(&cell, "setHover(cell): cell")?;
        self.scene.set_hover(cell).map_err(at("setHover(cell)"))
    }

    /// Adds a points layer: `kind` `"event"` (网格事) or `"serviceSite"` (党群服务阵地),
    /// `positions` `[lng, lat, …]`, one id per point, clustering grid in CSS px (default 40,
    /// 0 = off). Returns the layer index. After a drill-down only the points inside the cells
    /// shown (and any beyond the whole map) are drawn and clustered: a street's events, not
    /// its neighbours'.
    ///
    /// # Errors
    /// `OPTIONS_INVALID` for arrays of the wrong type or an unknown kind;
    /// `RENDER_VALUES_LENGTH` unless there are two positions per id; `RENDER_INVALID_POSITION`
    /// naming the first point whose longitude is not finite in [-180, 180] or latitude not in
    /// [-90, 90] (no point is dropped silently); `RENDER_INVALID_STYLE` for a negative
    /// `clusterPx`.
    #[wasm_bindgen(js_name = addPoints)]
    pub fn add_points(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "\"event\" | \"serviceSite\"")] kind: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] positions: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] ids: JsValue,
        #[wasm_bindgen(js_name = clusterPx)] cluster_px: Option<f64>,
    ) -> Result<u32, JsValue> {
        let positions =
            numbers_from_js(&positions, "positions", "OPTIONS_INVALID")?.ok_or_else(|| {
                js_error(
                    "OPTIONS_INVALID",
                    "positions must be a Float64Array or an array of numbers",
                )
            })?;
        let ids: Vec<u32> =
            integers_from_js(&ids, "ids", "OPTIONS_INVALID", 0.0, f64::from(u32::MAX))?
                .into_iter()
                .map(|v| v as u32)
                .collect();
        let (positions, ids) = (&positions[..], &ids[..]);
        let kind: PointKind =
            value_from_js(kind, "addPoints(kind, …): kind")?.ok_or_else(|| {
                js_error(
                    "OPTIONS_INVALID",
                    "addPoints(kind, …): kind is required (\"event\" or \"serviceSite\")",
                )
            })?;
        let layer = PointLayer::new(kind, positions, ids, cluster_px.unwrap_or(40.0))
            .map_err(at("addPoints(kind, positions, ids)"))?;
        Ok(self.scene.add_points(layer))
    }

    /// Removes all points layers.
    #[wasm_bindgen(js_name = clearPoints)]
    pub fn clear_points(&mut self) {
        self.scene.clear_points();
    }

    /// Says whether a pan, pinch or wheel zoom is under way (OpenLayers' `ViewHint.INTERACTING`):
    /// call `setInteracting(true)` when a drag, pinch or burst of wheel events starts and
    /// `setInteracting(false)` when it ends. While it is under way, `pick` and `pickMarker`
    /// hit nothing (`undefined`, `null`: no hit-testing while the map moves), the hover is
    /// cleared, and with the scanline rasteriser a zoom is drawn as a preview: the last raster
    /// scaled (nearest neighbour, the background where it has no pixels), labels and
    /// highlights drawn as usual; a pan by whole device px is drawn exactly, as always. Ending
    /// the gesture marks the view for a full-quality `render()`.
    ///
    /// The preview is drawn into a second pixel buffer the size of the raster (4 bytes per
    /// device px, as much again as the raster: 16 MB at 1280 × 800 CSS px, DPR 2).
    /// `setInteracting(true)` sizes it, so that no preview frame allocates: the first zoom
    /// frame of a gesture costs what the others do, and the allocation (a few ms, once per
    /// view and canvas size) falls in the input event that starts the gesture. (Made only
    /// once a raster has been drawn: a gesture started before the first `render()` sizes it
    /// at its first preview frame.) The buffer is kept when the gesture ends, for the next one:
    /// wasm memory never shrinks, so releasing it would not give the page its memory back.
    ///
    /// Returns whether the view needs a `render()` (the hover was cleared, or a preview is
    /// on the canvas).
    ///
    /// # Errors
    /// In the npm package: `OPTIONS_INVALID` for an argument that is not `true` or `false`
    /// (`"false"` would start a gesture); `OBJECT_FREED` after `free()`.
    #[wasm_bindgen(js_name = setInteracting)]
    pub fn set_interacting(&mut self, active: bool) -> Result<bool, JsValue> {
        self.interacting = active;
        if active {
            self.reserve_preview();
            return self.scene.set_hover(None).map_err(e);
        }
        if std::mem::take(&mut self.previewed) {
            self.scene.invalidate();
        }
        Ok(self.scene.is_dirty())
    }

    /// Whether a gesture is under way (see `setInteracting`).
    #[wasm_bindgen(getter)]
    pub fn interacting(&self) -> bool {
        self.interacting
    }

    /// Forces the next `render()` to draw, everything rasterised again. Call it after the
    /// page cleared the canvas without changing its size (`canvas.width = canvas.width`,
    /// `clearRect`): `render()` cannot notice that (see `render`).
    pub fn invalidate(&mut self) {
        self.scene.invalidate();
        self.raster_state = None;
    }

    /// Draws if anything changed since the last draw; returns whether it drew. Call it from
    /// `requestAnimationFrame`.
    ///
    /// It also draws when the canvas's backing store is not the size the view draws at
    /// (`canvas.width`, `canvas.height`: CSS size × `devicePixelRatio`, rounded): the page
    /// reset the canvas to another size (`canvas.width = 300`, a framework re-creating its
    /// attributes). The view then sets the canvas back to its own size and draws (the raster
    /// is reused, not rasterised again): its size changes only by `resize(widthCss,
    /// heightCss, devicePixelRatio)`, since a backing size alone does not say whether the CSS
    /// size or the ratio changed. A reset to the same size (`canvas.width = canvas.width`,
    /// which clears it) cannot be noticed at that cost: call `invalidate()` after it.
    pub fn render(&mut self) -> Result<bool, JsValue> {
        if !self.scene.is_dirty() && self.canvas_sized() {
            return Ok(false);
        }
        self.size_canvas();
        if self.scene.viewport().is_empty() {
            // a canvas not laid out (0 × 0 CSS px): nothing to draw until resize()
            self.scene.mark_clean();
            return Ok(false);
        }
        self.draw_cached()?;
        self.scene.mark_clean();
        Ok(true)
    }

    /// Draws through the display list with one path per cell (the reference backend, kept for
    /// comparison and tests), whether or not anything changed; returns `true`. The canvas then
    /// shows another backend's drawing than `render()`'s, so the view stays marked for
    /// `render()`: the next `render()` draws with the view's rasteriser (reusing its raster)
    /// and returns `true`.
    #[wasm_bindgen(js_name = renderDisplayList)]
    pub fn render_display_list(&mut self) -> Result<bool, JsValue> {
        self.size_canvas();
        let dl = self.scene.display_list();
        draw(&self.ctx, &dl)?;
        self.scene.invalidate();
        Ok(true)
    }

    /// `{ classes: [{ lo, hi, hiIncluded, openBelow, openAbove, label, color, count }],
    /// noDataColor, noDataCount }` (see the `LegendClass` type: which end of a range is
    /// included, and the open-ended end classes of manual breaks).
    #[wasm_bindgen(unchecked_return_type = "Legend")]
    pub fn legend(&self) -> Result<JsValue, JsValue> {
        to_value(&self.scene.legend())
    }

    /// The class edges `[e0, …, ek]`.
    pub fn breaks(&self) -> Vec<f64> {
        self.scene.breaks().edges().to_vec()
    }

    /// `{ invalidVertices, degenerateRings }` dropped while building: both 0 for views from
    /// flat arrays, a `GridMap` or GeoJSON (whose bad vertices and rings are errors).
    #[wasm_bindgen(unchecked_return_type = "GeometryReport")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_value(&self.scene.report())
    }

    /// The current view as an SVG document (names XML-escaped).
    #[wasm_bindgen(js_name = toSvg)]
    pub fn svg(&mut self) -> String {
        self.scene.to_svg()
    }
}

impl GridMapView {
    /// Sizes the raster's preview buffer ([`Raster::resample`]) for the raster drawn now, so
    /// that the first preview frame of a gesture does not allocate it (see `setInteracting`).
    /// Once per raster size: the buffer is kept (it never shrinks).
    fn reserve_preview(&mut self) {
        let n = self.raster.width() as usize * self.raster.height() as usize;
        if self.rasterizer == Rasterizer::Scanline && n > self.preview_reserved {
            // a scale of 0 is the cheapest call that sizes it: it fills it with the background
            // (no reads of the raster); a preview frame writes every pixel anyway
            self.raster.resample(0.0, [0.0, 0.0], None);
            self.preview_reserved = n;
        }
    }

    /// `cell` when the map has it, else `RENDER_UNKNOWN_CELL` from `call`.
    fn known_cell(&self, cell: u32, call: &str) -> Result<u32, JsValue> {
        if self.scene.has_cell(cell) {
            Ok(cell)
        } else {
            Err(e_at(RenderError::UnknownCell { cell }, call))
        }
    }

    /// The cached paint batches for the current level and paint version (made on a miss).
    fn paint_index(&mut self) -> usize {
        let level = self.scene.paint_level();
        let version = self.scene.paint_version();
        self.paints.retain(|p| p.batches.version == version);
        if let Some(i) = self.paints.iter().position(|p| p.batches.level == level) {
            return i;
        }
        let cached = CachedPaint {
            batches: self.scene.paint_batches(),
            paths: None,
        };
        if self.paints.len() >= PAINT_CACHE_LEVELS {
            let far = (0..self.paints.len())
                .max_by_key(|&i| (self.paints[i].batches.level - level).unsigned_abs())
                .unwrap_or(0);
            self.paints.swap_remove(far);
        }
        self.paints.push(cached);
        self.paints.len() - 1
    }

    /// The retained-mode Canvas 2D backend: the cached paint batches (one fill per class
    /// colour and one stroke per boundary style) through the view's rasteriser; highlights,
    /// labels and markers by the canvas, per frame.
    fn draw_cached(&mut self) -> Result<(), JsValue> {
        let pi = self.paint_index();
        let (highlights, (labels, markers)) =
            (self.scene.highlights(), self.scene.labels_and_markers());
        let ctx = &self.ctx;
        let vp = self.scene.viewport();
        let [w, h] = vp.size_device();
        let p = &mut self.paints[pi];
        let [k, e, f] = p.batches.transform(vp);
        let style = self.scene.style();
        let background = style.background;
        // a boundary style of width 0 leaves fill edges bare (see SEAL_WIDTH_PX)
        let seal = [
            style.street_stroke,
            style.community_stroke,
            style.grid_stroke,
        ]
        .iter()
        .any(|s| s.width_css == 0.0);
        ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
        match self.rasterizer {
            Rasterizer::Scanline => {
                // a hover or selection change leaves the fills and boundaries as they were; a
                // pan by whole device px moves them and draws only the band it exposes
                let key = RasterKey {
                    level: p.batches.level,
                    version: p.batches.version,
                    scale: k.to_bits(),
                    size: [w, h],
                    background,
                };
                let moved = self.raster_state.filter(|st| st.key == key).and_then(|st| {
                    let [x, y] = st.translation();
                    let (dx, dy) = (e - x, f - y);
                    let whole = |d: f64, n: u32| {
                        (d.is_finite()
                            && (d - d.round()).abs() <= SHIFT_TOLERANCE_PX
                            && d.abs() < f64::from(n))
                        .then_some(d.round() as i64)
                    };
                    Some((st, whole(dx, w)?, whole(dy, h)?))
                });
                // while a gesture is under way, a zoom shows the last raster resampled
                let preview = match (moved, self.raster_state) {
                    (None, Some(st))
                        if self.interacting
                            && st.key.version == key.version
                            && st.key.size == key.size
                            && st.key.background == key.background =>
                    {
                        Some(st.preview(&vp.transform_device()))
                    }
                    _ => None,
                };
                self.previewed = preview.is_some();
                match (moved, preview) {
                    (_, Some(_)) | (Some((_, 0, 0)), _) => {}
                    (Some((mut st, dx, dy)), None) => {
                        st.shift = [st.shift[0] + dx, st.shift[1] + dy];
                        let [x, y] = st.translation();
                        self.raster.pan(&p.batches, [k, x, y], [dx, dy], background);
                        self.raster_state = Some(st);
                    }
                    (None, None) => {
                        self.raster.draw(&p.batches, [k, e, f], w, h, background);
                        let t = vp.transform_device();
                        self.raster_state = Some(RasterState {
                            key,
                            origin: [e, f],
                            world: [t.scale, t.offset_x, t.offset_y],
                            shift: [0, 0],
                        });
                    }
                }
                let pixels = match preview {
                    Some((scale, translate)) => self.raster.resample(scale, translate, background),
                    None => self.raster.pixels(),
                };
                let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(pixels), w, h)?;
                ctx.put_image_data(&image, 0.0, 0.0)?;
            }
            Rasterizer::Canvas => {
                let (wf, hf) = (f64::from(w), f64::from(h));
                ctx.clear_rect(0.0, 0.0, wf, hf);
                if let Some(bg) = background {
                    ctx.set_fill_style_str(&bg.to_css());
                    ctx.fill_rect(0.0, 0.0, wf, hf);
                }
                let paths = match &mut p.paths {
                    Some(paths) => paths,
                    none => none.insert(CanvasPaths::new(&p.batches)?),
                };
                ctx.set_transform(k, 0.0, 0.0, k, e, f)?;
                ctx.set_line_join("round");
                if seal {
                    ctx.set_line_width(SEAL_WIDTH_PX / k);
                    for (color, path) in &paths.fills {
                        ctx.set_stroke_style_str(color);
                        ctx.stroke_with_path(path);
                    }
                }
                let mut last = "";
                for (color, path) in &paths.fills {
                    if color != last {
                        ctx.set_fill_style_str(color);
                        last = color;
                    }
                    ctx.fill_with_path_2d_and_winding(path, CanvasWindingRule::Nonzero);
                }
                ctx.set_line_cap("round");
                for (color, width_px, path) in &paths.strokes {
                    ctx.set_stroke_style_str(color);
                    ctx.set_line_width(stroke_width(*width_px) / k);
                    ctx.stroke_with_path(path);
                }
                ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
            }
        }
        ctx.set_line_cap("butt");
        draw_paths(ctx, &highlights);
        draw_labels(ctx, &labels, &self.scene.style().font_family)?;
        draw_markers(ctx, &markers, &self.scene.style().font_family)?;
        Ok(())
    }
}

/// Whether `ctx` has the 2D context methods the view calls (a context of another window).
fn is_2d_like(ctx: &js_sys::Object) -> bool {
    ["putImageData", "fillText", "setTransform", "fill", "stroke"]
        .iter()
        .all(|m| js_sys::Reflect::get(ctx, &JsValue::from_str(m)).is_ok_and(|f| f.is_function()))
}

/// Width, device px, of the underlay that closes the seams between anti-aliased fills of the
/// `"canvas"` rasteriser where a boundary style has width 0 (no stroke covers the edges):
/// each fill is first stroked this wide in its own colour, so a pixel an edge crosses (all of
/// it within √2 ≈ 1.41 px of the edge, less than half this width) is opaque under the partial
/// coverage of the fills on either side, instead of showing the background through both.
/// (Skia covers each side's share of such a pixel separately: two fills meeting there leave
/// it translucent.) The outline of the map grows by half this width.
const SEAL_WIDTH_PX: f64 = 3.0;

/// The device width a boundary is stroked with: thin boundaries (≤ [`HAIRLINE_MAX_PX`]) become
/// hairlines, as the scanline rasteriser draws them; others as given.
fn stroke_width(width_px: f64) -> f64 {
    if width_px <= HAIRLINE_MAX_PX {
        width_px.min(0.999)
    } else {
        width_px
    }
}

impl CanvasPaths {
    fn new(b: &PaintBatches) -> Result<CanvasPaths, JsValue> {
        let mut d = String::new();
        let mut path = |points: &[[f64; 2]], ends: &[usize], close: bool| {
            d.clear();
            svg_path(&mut d, points, ends, close);
            Path2d::new_with_path_string(&d)
        };
        let fills = b
            .fills
            .iter()
            .map(|f| Ok((f.color.to_css(), path(&f.points, &f.ring_ends, true)?)))
            .collect::<Result<_, JsValue>>()?;
        let strokes = b
            .strokes
            .iter()
            .map(|s| {
                Ok((
                    s.color.to_css(),
                    s.width_px,
                    path(&s.points, &s.line_ends, false)?,
                ))
            })
            .collect::<Result<_, JsValue>>()?;
        Ok(CanvasPaths { fills, strokes })
    }
}

/// Writes polylines (closed rings when `close`) as SVG path data, coordinates rounded to
/// 0.1 unit (batch units are device px at the level's zoom; the simplification tolerance is
/// 0.5 px).
fn svg_path(d: &mut String, points: &[[f64; 2]], ends: &[usize], close: bool) {
    d.reserve(points.len() * 14);
    let mut start = 0;
    for &end in ends {
        let line = points.get(start..end).unwrap_or(&[]);
        for (k, p) in line.iter().enumerate() {
            d.push(if k == 0 { 'M' } else { 'L' });
            push_tenths(d, p[0]);
            d.push(' ');
            push_tenths(d, p[1]);
        }
        if close && !line.is_empty() {
            d.push('Z');
        }
        start = end;
    }
}

/// Appends `x` rounded to one decimal, without float formatting.
fn push_tenths(d: &mut String, x: f64) {
    let t = (x * 10.0).round();
    let t = if t.is_finite() {
        t.clamp(-1e15, 1e15) as i64
    } else {
        0
    };
    if t < 0 {
        d.push('-');
    }
    let a = t.unsigned_abs();
    let (int, frac) = (a / 10, a % 10);
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut v = int;
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    d.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
    if frac != 0 {
        d.push('.');
        d.push(char::from(b'0' + frac as u8));
    }
}

fn draw_paths(ctx: &CanvasRenderingContext2d, paths: &[PathItem]) {
    for p in paths {
        ctx.begin_path();
        let mut start = 0;
        for &end in &p.ring_ends {
            let ring = p.points.get(start..end).unwrap_or(&[]);
            if let Some((first, rest)) = ring.split_first() {
                ctx.move_to(first[0], first[1]);
                for q in rest {
                    ctx.line_to(q[0], q[1]);
                }
                ctx.close_path();
            }
            start = end;
        }
        if let Some(f) = p.fill {
            ctx.set_fill_style_str(&f.to_css());
            ctx.fill_with_canvas_winding_rule(CanvasWindingRule::Evenodd);
        }
        if let Some(s) = p.stroke {
            ctx.set_line_join("round");
            ctx.set_stroke_style_str(&s.to_css());
            ctx.set_line_width(p.stroke_width_px);
            ctx.stroke();
        }
    }
}

/// Labels with one font: all halos first, then all text, so that styles are set twice.
fn draw_labels(
    ctx: &CanvasRenderingContext2d,
    labels: &[LabelItem],
    family: &str,
) -> Result<(), JsValue> {
    let Some(first) = labels.first() else {
        return Ok(());
    };
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    ctx.set_font(&format!("{}px {}", first.font_size_px, family));
    if first.halo_width_px > 0.0 {
        ctx.set_stroke_style_str(&first.halo_color.to_css());
        ctx.set_line_width(first.halo_width_px);
        ctx.set_line_join("round");
        for l in labels {
            ctx.stroke_text(&l.text, l.x, l.y)?;
        }
    }
    ctx.set_fill_style_str(&first.color.to_css());
    for l in labels {
        ctx.fill_text(&l.text, l.x, l.y)?;
    }
    Ok(())
}

fn draw_markers(
    ctx: &CanvasRenderingContext2d,
    markers: &[MarkerItem],
    family: &str,
) -> Result<(), JsValue> {
    // every circle first, then the counts of clusters: a marker drawn later (a service site
    // over an event cluster) must not hide a count
    let mut fill: Option<Color> = None;
    for m in markers {
        ctx.begin_path();
        ctx.arc(m.x, m.y, m.radius_px, 0.0, std::f64::consts::TAU)?;
        if fill != Some(m.fill) {
            ctx.set_fill_style_str(&m.fill.to_css());
            fill = Some(m.fill);
        }
        ctx.fill();
        if m.stroke_width_px > 0.0 {
            ctx.set_stroke_style_str(&m.stroke.to_css());
            ctx.set_line_width(m.stroke_width_px);
            ctx.stroke();
        }
    }
    ctx.set_fill_style_str("#ffffff");
    for m in markers.iter().filter(|m| m.count > 1) {
        ctx.set_font(&format!("{}px {}", m.radius_px, family));
        ctx.fill_text(&m.count.to_string(), m.x, m.y)?;
    }
    Ok(())
}

fn to_value<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|err| js_error("RENDER_SERIALIZE", &err.to_string()))
}

/// The Canvas 2D backend: draws a display list (device px, identity transform).
fn draw(ctx: &CanvasRenderingContext2d, dl: &DisplayList) -> Result<(), JsValue> {
    let (w, h) = (f64::from(dl.width_px), f64::from(dl.height_px));
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
    ctx.clear_rect(0.0, 0.0, w, h);
    if let Some(bg) = dl.background {
        ctx.set_fill_style_str(&bg.to_css());
        ctx.fill_rect(0.0, 0.0, w, h);
    }
    draw_paths(ctx, &dl.paths);
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let mut font = String::new();
    for l in &dl.labels {
        let f = format!("{}px {}", l.font_size_px, dl.font_family);
        if f != font {
            ctx.set_font(&f);
            font = f;
        }
        if l.halo_width_px > 0.0 {
            ctx.set_stroke_style_str(&l.halo_color.to_css());
            ctx.set_line_width(l.halo_width_px);
            ctx.stroke_text(&l.text, l.x, l.y)?;
        }
        ctx.set_fill_style_str(&l.color.to_css());
        ctx.fill_text(&l.text, l.x, l.y)?;
    }
    draw_markers(ctx, &dl.markers, &dl.font_family)
}
