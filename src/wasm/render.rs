//! JS adapter for the renderer: `GridMapView` (Canvas 2D backend) over [`crate::render::Scene`].

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, CanvasWindingRule, HtmlCanvasElement};

use super::{from_js, js_error, to_js, Coded};
use crate::grid::Level;
use crate::render::{
    cells_from_flat, Classification, DisplayList, PointKind, PointLayer, RenderError, Scene, Style,
    Viewport,
};

impl Coded for RenderError {
    fn code(&self) -> &'static str {
        RenderError::code(self)
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TS_VIEW: &'static str = r##"
/** Options of `new GridMapView(...)`. Lengths in CSS px. */
export interface GridMapViewOptions {
  /** CSS size of the canvas (default: its clientWidth/clientHeight, else its width/height). */
  widthCss?: number;
  heightCss?: number;
  /** Device px per CSS px (pass `window.devicePixelRatio`; default 1). */
  devicePixelRatio?: number;
  /** Padding of the initial fit to all cells (default 16). */
  padding?: number;
  minZoom?: number;
  maxZoom?: number;
  /** `{ method: "quantile" | "equalInterval" | "naturalBreaks" | "manual", classes, palette, breaks }`. */
  classification?: object;
  /** Style overrides (colours as "#rrggbb" or "#rrggbbaa"). */
  style?: object;
}
"##;

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
}

fn e(err: RenderError) -> JsValue {
    to_js(err)
}

#[wasm_bindgen(js_class = GridMapView)]
impl GridMapView {
    /// Builds a view. Rings as flat typed arrays: `positions` `[lng, lat, …]` (degrees),
    /// `ringEnds` (vertex offsets), `ringCells` (cell number per ring), `ringHoles` (1 = hole
    /// of the preceding exterior); `names` one per cell in order of first appearance.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        canvas: HtmlCanvasElement,
        positions: &[f64],
        #[wasm_bindgen(js_name = ringEnds)] ring_ends: &[u32],
        #[wasm_bindgen(js_name = ringCells)] ring_cells: &[u32],
        #[wasm_bindgen(js_name = ringHoles)] ring_holes: &[u8],
        names: Vec<String>,
        options: JsValue,
    ) -> Result<GridMapView, JsValue> {
        let o: ViewOptions = from_js(options, "options")?.unwrap_or_default();
        let cells = cells_from_flat(positions, ring_ends, ring_cells, ring_holes).map_err(e)?;
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
        let mut vp =
            Viewport::new(w, h, o.device_pixel_ratio.unwrap_or(1.0), [0.0, 0.0], 0.0).map_err(e)?;
        if o.min_zoom.is_some() || o.max_zoom.is_some() {
            let [lo, hi] = vp.zoom_limits();
            vp.set_zoom_limits(o.min_zoom.unwrap_or(lo), o.max_zoom.unwrap_or(hi))
                .map_err(e)?;
        }
        let mut scene = Scene::new(&cells, &names, vp).map_err(e)?;
        if let Some(s) = o.style {
            scene.set_style(s).map_err(e)?;
        }
        if let Some(c) = o.classification {
            scene.set_classification(c).map_err(e)?;
        }
        scene.fit_bounds(o.padding.unwrap_or(16.0)).map_err(e)?;
        let ctx = canvas
            .get_context("2d")?
            .ok_or_else(|| js_error("RENDER_NO_CONTEXT", "canvas has no 2d context"))?
            .dyn_into::<CanvasRenderingContext2d>()?;
        let view = GridMapView { scene, canvas, ctx };
        view.size_canvas();
        Ok(view)
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

    /// One value per cell, in the order of `names` (first appearance in `ringCells`); NaN is
    /// no data. Reclassifies.
    #[wasm_bindgen(js_name = setValues)]
    pub fn set_values(&mut self, values: &[f64]) -> Result<(), JsValue> {
        self.scene.set_values(values).map_err(e)
    }

    /// One level per cell: `"street"`, `"community"` or `"grid"`.
    #[wasm_bindgen(js_name = setLevels)]
    pub fn set_levels(&mut self, levels: JsValue) -> Result<(), JsValue> {
        let l: Vec<Level> = from_js(levels, "levels")?.unwrap_or_default();
        self.scene.set_levels(&l).map_err(e)
    }

    /// `{ method, classes, palette, breaks }`.
    #[wasm_bindgen(js_name = setClassification)]
    pub fn set_classification(&mut self, spec: JsValue) -> Result<(), JsValue> {
        let c: Classification = from_js(spec, "classification")?.unwrap_or_default();
        self.scene.set_classification(c).map_err(e)
    }

    /// Replaces the style (missing fields take defaults).
    #[wasm_bindgen(js_name = setStyle)]
    pub fn set_style(&mut self, style: JsValue) -> Result<(), JsValue> {
        let s: Style = from_js(style, "style")?.unwrap_or_default();
        self.scene.set_style(s).map_err(e)
    }

    /// New CSS size and device pixel ratio; resizes the canvas backing store.
    pub fn resize(
        &mut self,
        #[wasm_bindgen(js_name = widthCss)] width_css: f64,
        #[wasm_bindgen(js_name = heightCss)] height_css: f64,
        dpr: f64,
    ) -> Result<(), JsValue> {
        self.scene.resize(width_css, height_css, dpr).map_err(e)?;
        self.size_canvas();
        self.scene.invalidate();
        Ok(())
    }

    /// Pans by a drag of (dx, dy) CSS px.
    #[wasm_bindgen(js_name = panBy)]
    pub fn pan_by(&mut self, dx: f64, dy: f64) -> Result<(), JsValue> {
        self.scene.pan_by(dx, dy).map_err(e)
    }

    /// Zooms by `factor` about (x, y) CSS px (wheel, pinch).
    #[wasm_bindgen(js_name = zoomAt)]
    pub fn zoom_at(&mut self, x: f64, y: f64, factor: f64) -> Result<(), JsValue> {
        self.scene.zoom_at(x, y, factor).map_err(e)
    }

    /// Fits all cells with `padding` CSS px (default 16).
    #[wasm_bindgen(js_name = fitBounds)]
    pub fn fit_bounds(&mut self, padding: Option<f64>) -> Result<(), JsValue> {
        self.scene.fit_bounds(padding.unwrap_or(16.0)).map_err(e)
    }

    /// Centre `[lng, lat]` and zoom.
    #[wasm_bindgen(js_name = setView)]
    pub fn set_view(&mut self, lng: f64, lat: f64, zoom: f64) -> Result<(), JsValue> {
        let mut v = self.scene.viewport().clone();
        v.set_center([lng, lat]).map_err(e)?;
        v.set_zoom(zoom).map_err(e)?;
        self.scene.set_viewport(v);
        Ok(())
    }

    /// `{ center: [lng, lat], zoom, widthCss, heightCss, devicePixelRatio }`.
    #[wasm_bindgen(js_name = viewState)]
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

    /// The cell number under (x, y) CSS px, or `undefined`.
    pub fn pick(&self, x: f64, y: f64) -> Option<u32> {
        self.scene.pick(x, y)
    }

    /// The marker or cluster under (x, y) CSS px:
    /// `{ layer, kind, count, firstId, lnglat }` or `null`.
    #[wasm_bindgen(js_name = pickMarker)]
    pub fn pick_marker(&mut self, x: f64, y: f64) -> Result<JsValue, JsValue> {
        match self.scene.pick_marker(x, y) {
            Some(h) => to_value(&h),
            None => Ok(JsValue::NULL),
        }
    }

    /// Selects a cell (or clears with `undefined`); returns whether it changed.
    #[wasm_bindgen(js_name = setSelected)]
    pub fn set_selected(&mut self, cell: Option<u32>) -> Result<bool, JsValue> {
        self.scene.set_selected(cell).map_err(e)
    }

    /// Hovers a cell (or clears with `undefined`); returns whether it changed.
    #[wasm_bindgen(js_name = setHover)]
    pub fn set_hover(&mut self, cell: Option<u32>) -> Result<bool, JsValue> {
        self.scene.set_hover(cell).map_err(e)
    }

    /// Adds a points layer: `kind` `"event"` (网格事) or `"serviceSite"` (党群服务阵地),
    /// `positions` `[lng, lat, …]`, one id per point, clustering grid in CSS px (default 40,
    /// 0 = off). Returns the layer index.
    #[wasm_bindgen(js_name = addPoints)]
    pub fn add_points(
        &mut self,
        kind: JsValue,
        positions: &[f64],
        ids: &[u32],
        #[wasm_bindgen(js_name = clusterPx)] cluster_px: Option<f64>,
    ) -> Result<u32, JsValue> {
        let kind: PointKind = from_js(kind, "kind")?
            .ok_or_else(|| js_error("OPTIONS_INVALID", "kind is required"))?;
        let layer = PointLayer::new(kind, positions, ids, cluster_px.unwrap_or(40.0)).map_err(e)?;
        Ok(self.scene.add_points(layer))
    }

    /// Removes all points layers.
    #[wasm_bindgen(js_name = clearPoints)]
    pub fn clear_points(&mut self) {
        self.scene.clear_points();
    }

    /// Forces the next `render()` to draw.
    pub fn invalidate(&mut self) {
        self.scene.invalidate();
    }

    /// Draws if anything changed since the last draw; returns whether it drew. Call it from
    /// `requestAnimationFrame`.
    pub fn render(&mut self) -> Result<bool, JsValue> {
        if !self.scene.is_dirty() {
            return Ok(false);
        }
        self.size_canvas();
        let dl = self.scene.display_list();
        draw(&self.ctx, &dl)?;
        self.scene.mark_clean();
        Ok(true)
    }

    /// `{ classes: [{ lo, hi, color, count }], noDataColor, noDataCount }`.
    pub fn legend(&self) -> Result<JsValue, JsValue> {
        to_value(&self.scene.legend())
    }

    /// The class edges `[e0, …, ek]`.
    pub fn breaks(&self) -> Vec<f64> {
        self.scene.breaks().edges().to_vec()
    }

    /// `{ invalidVertices, degenerateRings }` dropped while building.
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_value(&self.scene.report())
    }

    /// The current view as an SVG document (names XML-escaped).
    #[wasm_bindgen(js_name = toSvg)]
    pub fn svg(&mut self) -> String {
        self.scene.to_svg()
    }
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
    ctx.set_line_join("round");
    for p in &dl.paths {
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
            ctx.set_stroke_style_str(&s.to_css());
            ctx.set_line_width(p.stroke_width_px);
            ctx.stroke();
        }
    }
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
    for m in &dl.markers {
        ctx.begin_path();
        ctx.arc(m.x, m.y, m.radius_px, 0.0, std::f64::consts::TAU)?;
        ctx.set_fill_style_str(&m.fill.to_css());
        ctx.fill();
        if m.stroke_width_px > 0.0 {
            ctx.set_stroke_style_str(&m.stroke.to_css());
            ctx.set_line_width(m.stroke_width_px);
            ctx.stroke();
        }
        if m.count > 1 {
            ctx.set_font(&format!("{}px {}", m.radius_px, dl.font_family));
            font.clear();
            ctx.set_fill_style_str("#ffffff");
            ctx.fill_text(&m.count.to_string(), m.x, m.y)?;
        }
    }
    Ok(())
}
