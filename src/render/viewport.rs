//! The viewport: Web Mercator projection, pan, zoom about a point, fit to bounds, resize.

use super::RenderError;
use crate::math::SameBits;

/// Largest latitude Web Mercator can show, in degrees: `atan(sinh(π))`.
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;
/// CSS pixels across the whole world at zoom 0 (the 256 px tile convention).
pub const TILE_SIZE_CSS: f64 = 256.0;
/// Highest zoom any viewport accepts (about 0.15 mm per CSS px at the equator).
pub const ZOOM_LIMIT: f64 = 30.0;
/// Largest device pixel ratio accepted.
pub const MAX_DEVICE_PIXEL_RATIO: f64 = 16.0;
/// Smallest device pixel ratio accepted (a page zoomed out to 25 % on a 1× screen has 0.25;
/// below 0.1 a canvas would have a tenth of a pixel per CSS px: a bug, not a screen).
pub const MIN_DEVICE_PIXEL_RATIO: f64 = 0.1;
/// Largest width or height accepted, in CSS px.
pub const MAX_SIZE_CSS: f64 = 65_536.0;

/// The most device px a side of the canvas may have (16,384: Chromium's and WebKit's limit).
pub const MAX_CANVAS_SIDE_PX: u32 = 16_384;

/// The most device px the canvas may have in all (2²⁶ = 67,108,864, 8192²: above it some
/// browsers draw nothing; iOS WebKit already above 16,777,216 on many devices, so a phone page
/// should stay under that).
pub const MAX_CANVAS_AREA_PX: u32 = 1 << 26;

/// Fails when `width_css` × `height_css` CSS px at `device_pixel_ratio` exceed the canvas caps.
fn check_canvas(
    width_css: f64,
    height_css: f64,
    device_pixel_ratio: f64,
) -> Result<(), RenderError> {
    let (w, h) = (
        (width_css * device_pixel_ratio).round(),
        (height_css * device_pixel_ratio).round(),
    );
    let side = f64::from(MAX_CANVAS_SIDE_PX);
    if w > side || h > side || w * h > f64::from(MAX_CANVAS_AREA_PX) {
        return Err(RenderError::CanvasTooLarge {
            width_px: w,
            height_px: h,
            width_css,
            height_css,
            device_pixel_ratio,
            max_side: MAX_CANVAS_SIDE_PX,
            max_area: MAX_CANVAS_AREA_PX,
        });
    }
    Ok(())
}

/// Projects `[lng, lat]` to Web Mercator world units.
///
/// # Units
/// In: degrees `[lng, lat]`. Out: `[x, y]` in world units, `x` in `[0, 1]` west to east, `y` in
/// `[0, 1]` north to south (y-down), i.e. EPSG:3857 scaled to the unit square. Latitudes are
/// clamped to ±[`MAX_LATITUDE`]. Non-finite input gives non-finite output (callers check).
///
/// # Errors
/// None.
///
/// Source: Web Mercator, EPSG:3857 (as used by OpenStreetMap and most web maps).
pub fn mercator_from_lnglat(lnglat: [f64; 2]) -> [f64; 2] {
    let x = (lnglat[0] + 180.0) / 360.0;
    let lat = lnglat[1].clamp(-MAX_LATITUDE, MAX_LATITUDE);
    let s = lat.to_radians().sin_();
    let y = 0.5 - ((1.0 + s) / (1.0 - s)).ln_() / (4.0 * std::f64::consts::PI);
    [x, y]
}

/// Inverse of [`mercator_from_lnglat`].
///
/// # Units
/// In: world units `[x, y]` (y-down, unit square). Out: degrees `[lng, lat]`.
///
/// # Errors
/// None.
///
/// Source: Web Mercator, EPSG:3857.
pub fn lnglat_from_mercator(m: [f64; 2]) -> [f64; 2] {
    let lng = m[0] * 360.0 - 180.0;
    let n = std::f64::consts::PI * (1.0 - 2.0 * m[1]);
    let lat = n.sinh_().atan_().to_degrees();
    [lng, lat]
}

/// An affine map from world units to pixels: `px = m * scale + offset`.
///
/// # Units
/// `scale` is pixels per world unit; `offset_x`, `offset_y` are pixels (CSS or device,
/// depending on who made it), y-down.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transform {
    /// Pixels per world unit.
    pub scale: f64,
    /// Pixel x of world x = 0.
    pub offset_x: f64,
    /// Pixel y of world y = 0.
    pub offset_y: f64,
}

impl Transform {
    /// Applies the transform to world units.
    ///
    /// # Units
    /// World units in, pixels out (y-down).
    ///
    /// # Errors
    /// None.
    #[inline]
    pub fn apply(&self, m: [f64; 2]) -> [f64; 2] {
        [
            m[0] * self.scale + self.offset_x,
            m[1] * self.scale + self.offset_y,
        ]
    }

    /// Inverse of [`Transform::apply`].
    ///
    /// # Units
    /// Pixels in, world units out.
    ///
    /// # Errors
    /// None.
    #[inline]
    pub fn invert(&self, p: [f64; 2]) -> [f64; 2] {
        [
            (p[0] - self.offset_x) / self.scale,
            (p[1] - self.offset_y) / self.scale,
        ]
    }
}

/// What the map shows: the canvas size, its device pixel ratio, the centre and the zoom.
///
/// # Guarantees
/// All fields finite; sizes in `(0, MAX_SIZE_CSS]`; the device pixel ratio in
/// `[MIN_DEVICE_PIXEL_RATIO, MAX_DEVICE_PIXEL_RATIO]`; `min_zoom <= zoom <= max_zoom` within `[0, ZOOM_LIMIT]`; the
/// centre within the world square. Every method checks its arguments, so drawing code never
/// re-checks.
///
/// # Units
/// Sizes and screen points in CSS px, y-down, origin top-left; device px = CSS px ×
/// `device_pixel_ratio`. The centre is `[lng, lat]` degrees. Zoom 0 shows the world in 256 CSS
/// px; each zoom step doubles the scale (Web Mercator, EPSG:3857).
#[derive(Clone, Debug, PartialEq)]
pub struct Viewport {
    width_css: f64,
    height_css: f64,
    device_pixel_ratio: f64,
    center_m: [f64; 2],
    zoom: f64,
    min_zoom: f64,
    max_zoom: f64,
    /// A fit the view was too small to hold (world box, padding in CSS px): done again at the
    /// next [`Viewport::resize`] to a size that holds it, unless the view was moved since.
    pending_fit: Option<([f64; 4], f64)>,
}

fn check(field: &'static str, value: f64, ok: bool) -> Result<f64, RenderError> {
    if value.is_finite() && ok {
        Ok(value)
    } else {
        Err(RenderError::InvalidViewport { field, value })
    }
}

/// A size in `[0, MAX_SIZE_CSS]`: 0 is a canvas not laid out (a hidden tab, `display: none`),
/// a view with nothing to show until it is resized.
fn check_size(field: &'static str, value: f64) -> Result<f64, RenderError> {
    check(field, value, (0.0..=MAX_SIZE_CSS).contains(&value))
}

fn check_dpr(value: f64) -> Result<f64, RenderError> {
    check(
        "devicePixelRatio",
        value,
        (MIN_DEVICE_PIXEL_RATIO..=MAX_DEVICE_PIXEL_RATIO).contains(&value),
    )
}

fn clamp_world(m: [f64; 2]) -> [f64; 2] {
    [m[0].clamp(0.0, 1.0), m[1].clamp(0.0, 1.0)]
}

impl Viewport {
    /// Makes a viewport with zoom limits `[0, 22]`.
    ///
    /// # Units
    /// `width_css`, `height_css` in CSS px; `center` `[lng, lat]` degrees; `zoom` as in web maps.
    ///
    /// A size of 0 is accepted: the canvas of a hidden tab (`display: none`) has no layout size
    /// (`clientWidth` 0), and a portal may make its view before the tab is shown. Such a view
    /// is empty ([`Viewport::is_empty`]): nothing is drawn and picks hit nothing; a fit is
    /// kept pending and done at the first [`Viewport::resize`] that holds it (see
    /// [`Viewport::fit_bounds`]), so call `resize` when the canvas is shown.
    ///
    /// # Errors
    /// [`RenderError::InvalidViewport`] when a size is negative, not finite or over
    /// [`MAX_SIZE_CSS`], the ratio is not in `[0.1, 16]`, the centre is not finite or outside
    /// `[-180, 180] × [-90, 90]`, or the zoom is not finite. The zoom is clamped to the limits.
    /// [`RenderError::CanvasTooLarge`] when the device size has a side over
    /// [`MAX_CANVAS_SIDE_PX`] or an area over [`MAX_CANVAS_AREA_PX`].
    pub fn new(
        width_css: f64,
        height_css: f64,
        device_pixel_ratio: f64,
        center: [f64; 2],
        zoom: f64,
    ) -> Result<Self, RenderError> {
        let width_css = check_size("widthCss", width_css)?;
        let height_css = check_size("heightCss", height_css)?;
        let device_pixel_ratio = check_dpr(device_pixel_ratio)?;
        check_canvas(width_css, height_css, device_pixel_ratio)?;
        check("lng", center[0], center[0].abs() <= 180.0)?;
        check("lat", center[1], center[1].abs() <= 90.0)?;
        let zoom = check("zoom", zoom, true)?;
        let (min_zoom, max_zoom) = (0.0, 22.0);
        Ok(Viewport {
            width_css,
            height_css,
            device_pixel_ratio,
            center_m: clamp_world(mercator_from_lnglat(center)),
            zoom: zoom.clamp(min_zoom, max_zoom),
            min_zoom,
            max_zoom,
            pending_fit: None,
        })
    }

    /// Sets the zoom limits and clamps the current zoom into them.
    ///
    /// # Units
    /// Zoom levels (each step doubles the scale).
    ///
    /// # Errors
    /// [`RenderError::InvalidViewport`] when a limit is not finite, outside `[0, ZOOM_LIMIT]`,
    /// or `min_zoom > max_zoom`.
    pub fn set_zoom_limits(&mut self, min_zoom: f64, max_zoom: f64) -> Result<(), RenderError> {
        check("minZoom", min_zoom, (0.0..=ZOOM_LIMIT).contains(&min_zoom))?;
        check(
            "maxZoom",
            max_zoom,
            (0.0..=ZOOM_LIMIT).contains(&max_zoom) && max_zoom >= min_zoom,
        )?;
        self.min_zoom = min_zoom;
        self.max_zoom = max_zoom;
        self.zoom = self.zoom.clamp(min_zoom, max_zoom);
        Ok(())
    }

    /// Width in CSS px.
    ///
    /// # Units
    /// CSS px.
    ///
    /// # Errors
    /// None.
    pub fn width_css(&self) -> f64 {
        self.width_css
    }

    /// Height in CSS px.
    ///
    /// # Units
    /// CSS px.
    ///
    /// # Errors
    /// None.
    pub fn height_css(&self) -> f64 {
        self.height_css
    }

    /// Device pixels per CSS pixel.
    ///
    /// # Units
    /// Ratio (device px / CSS px).
    ///
    /// # Errors
    /// None.
    pub fn device_pixel_ratio(&self) -> f64 {
        self.device_pixel_ratio
    }

    /// Whether the view has no area (a width or height of 0 CSS px: a canvas not laid out):
    /// nothing is drawn in it and picks hit nothing.
    ///
    /// # Errors
    /// None.
    pub fn is_empty(&self) -> bool {
        self.width_css == 0.0 || self.height_css == 0.0
    }

    /// The canvas backing-store size: CSS size × ratio, rounded, at least 1 (an empty view has
    /// a backing store of 1 device px, blank but for the background).
    ///
    /// # Units
    /// Device px `[width, height]`.
    ///
    /// # Errors
    /// None.
    pub fn size_device(&self) -> [u32; 2] {
        let w = (self.width_css * self.device_pixel_ratio).round().max(1.0);
        let h = (self.height_css * self.device_pixel_ratio).round().max(1.0);
        [w as u32, h as u32]
    }

    /// The current zoom.
    ///
    /// # Units
    /// Zoom level (scale = 256 · 2^zoom CSS px per world).
    ///
    /// # Errors
    /// None.
    pub fn zoom(&self) -> f64 {
        self.zoom
    }

    /// The zoom limits `[min, max]`.
    ///
    /// # Units
    /// Zoom levels.
    ///
    /// # Errors
    /// None.
    pub fn zoom_limits(&self) -> [f64; 2] {
        [self.min_zoom, self.max_zoom]
    }

    /// The centre of the view.
    ///
    /// # Units
    /// Degrees `[lng, lat]`.
    ///
    /// # Errors
    /// None.
    pub fn center(&self) -> [f64; 2] {
        lnglat_from_mercator(self.center_m)
    }

    /// CSS px per world unit at the current zoom.
    ///
    /// # Units
    /// CSS px per Web Mercator world unit.
    ///
    /// # Errors
    /// None.
    pub fn scale_css(&self) -> f64 {
        TILE_SIZE_CSS * self.zoom.exp2_()
    }

    /// The map from world units to CSS px.
    ///
    /// # Units
    /// World units → CSS px, y-down.
    ///
    /// # Errors
    /// None.
    pub fn transform_css(&self) -> Transform {
        let s = self.scale_css();
        Transform {
            scale: s,
            offset_x: self.width_css / 2.0 - self.center_m[0] * s,
            offset_y: self.height_css / 2.0 - self.center_m[1] * s,
        }
    }

    /// The map from world units to device px.
    ///
    /// # Units
    /// World units → device px, y-down.
    ///
    /// # Errors
    /// None.
    pub fn transform_device(&self) -> Transform {
        let t = self.transform_css();
        let r = self.device_pixel_ratio;
        Transform {
            scale: t.scale * r,
            offset_x: t.offset_x * r,
            offset_y: t.offset_y * r,
        }
    }

    /// Projects `[lng, lat]` to a screen point.
    ///
    /// # Units
    /// Degrees in; CSS px out (y-down, origin top-left).
    ///
    /// # Errors
    /// None; non-finite input gives non-finite output.
    pub fn project(&self, lnglat: [f64; 2]) -> [f64; 2] {
        self.transform_css().apply(mercator_from_lnglat(lnglat))
    }

    /// The `[lng, lat]` under a screen point.
    ///
    /// # Units
    /// CSS px in; degrees out.
    ///
    /// # Errors
    /// [`RenderError::InvalidViewport`] when a coordinate is not finite.
    pub fn unproject(&self, x_css: f64, y_css: f64) -> Result<[f64; 2], RenderError> {
        check("x", x_css, true)?;
        check("y", y_css, true)?;
        Ok(lnglat_from_mercator(
            self.transform_css().invert([x_css, y_css]),
        ))
    }

    /// Moves the map by a drag of `(dx, dy)`: the content follows the pointer.
    ///
    /// # Units
    /// CSS px.
    ///
    /// # Errors
    /// [`RenderError::InvalidViewport`] when `dx` or `dy` is not finite. The centre stays in
    /// the world square.
    pub fn pan_by(&mut self, dx_css: f64, dy_css: f64) -> Result<(), RenderError> {
        check("dx", dx_css, true)?;
        check("dy", dy_css, true)?;
        let s = self.scale_css();
        self.center_m = clamp_world([self.center_m[0] - dx_css / s, self.center_m[1] - dy_css / s]);
        self.pending_fit = None;
        Ok(())
    }

    /// As [`Viewport::pan_by`], keeping the centre within `region` (world units `[min_x,
    /// min_y, max_x, max_y]`, the bounds of what is drawn): on each axis the pan may take the
    /// centre anywhere in `region`, but no further out than the region or than where the
    /// centre already is (a zoom or [`Viewport::set_center`] may have put it outside). So a
    /// drag, however far, stops with the region's edge at the centre of the view, and a drag
    /// back moves the map back at once.
    ///
    /// # Units
    /// CSS px.
    ///
    /// # Errors
    /// [`RenderError::InvalidViewport`] when `dx` or `dy` is not finite.
    pub(crate) fn pan_within(
        &mut self,
        dx_css: f64,
        dy_css: f64,
        region: [f64; 4],
    ) -> Result<(), RenderError> {
        check("dx", dx_css, true)?;
        check("dy", dy_css, true)?;
        let s = self.scale_css();
        let [x, y] = self.center_m;
        let keep = |to: f64, from: f64, lo: f64, hi: f64| to.clamp(lo.min(from), hi.max(from));
        self.center_m = clamp_world([
            keep(x - dx_css / s, x, region[0], region[2]),
            keep(y - dy_css / s, y, region[1], region[3]),
        ]);
        self.pending_fit = None;
        Ok(())
    }

    /// Zooms by `factor` keeping the map point under `(x, y)` fixed on screen (mouse wheel,
    /// pinch with the focal point between the fingers).
    ///
    /// # Units
    /// `x_css`, `y_css` in CSS px; `factor` a scale ratio (2 = zoom in one level).
    ///
    /// # Errors
    /// [`RenderError::InvalidViewport`] when an argument is not finite or `factor <= 0`. The
    /// zoom is clamped to the limits (the focal point stays fixed also then, unless the centre
    /// would leave the world square).
    ///
    /// # Examples
    /// ```
    /// use jinlin::render::Viewport;
    /// let mut v = Viewport::new(800.0, 600.0, 2.0, [118.09, 24.46], 13.0)?;
    /// let under_finger = v.unproject(200.0, 150.0)?;
    /// v.zoom_at(200.0, 150.0, 1.5)?; // pinch out by 1.5×
    /// let p = v.project(under_finger);
    /// assert!((p[0] - 200.0).abs() < 1e-6 && (p[1] - 150.0).abs() < 1e-6);
    /// # Ok::<(), jinlin::render::RenderError>(())
    /// ```
    pub fn zoom_at(&mut self, x_css: f64, y_css: f64, factor: f64) -> Result<(), RenderError> {
        check("x", x_css, true)?;
        check("y", y_css, true)?;
        check("factor", factor, factor > 0.0)?;
        let focal = self.transform_css().invert([x_css, y_css]);
        let zoom = (self.zoom + factor.log2_()).clamp(self.min_zoom, self.max_zoom);
        if !zoom.is_finite() {
            return Err(RenderError::InvalidViewport {
                field: "factor",
                value: factor,
            });
        }
        self.zoom = zoom;
        let s = self.scale_css();
        self.center_m = clamp_world([
            focal[0] - (x_css - self.width_css / 2.0) / s,
            focal[1] - (y_css - self.height_css / 2.0) / s,
        ]);
        self.pending_fit = None;
        Ok(())
    }

    /// Sets the zoom, keeping the centre.
    ///
    /// # Units
    /// Zoom level.
    ///
    /// # Errors
    /// [`RenderError::InvalidViewport`] when `zoom` is not finite; it is clamped to the limits.
    pub fn set_zoom(&mut self, zoom: f64) -> Result<(), RenderError> {
        check("zoom", zoom, true)?;
        self.zoom = zoom.clamp(self.min_zoom, self.max_zoom);
        self.pending_fit = None;
        Ok(())
    }

    /// Centres the view on `[lng, lat]`.
    ///
    /// # Units
    /// Degrees.
    ///
    /// # Errors
    /// [`RenderError::InvalidViewport`] when not finite or out of range.
    pub fn set_center(&mut self, center: [f64; 2]) -> Result<(), RenderError> {
        check("lng", center[0], center[0].abs() <= 180.0)?;
        check("lat", center[1], center[1].abs() <= 90.0)?;
        self.center_m = clamp_world(mercator_from_lnglat(center));
        self.pending_fit = None;
        Ok(())
    }

    /// Fits `bbox` into the view with `padding_css` on every side (largest zoom that shows all
    /// of it, clamped to the limits; a point gives the largest allowed zoom). A view too small
    /// for the padding (a canvas not laid out yet, in a hidden tab: 1 × 1 CSS px) shows the
    /// smallest allowed zoom and fits again at the first [`Viewport::resize`] that holds the
    /// padding, unless it was panned or zoomed in between.
    ///
    /// # Units
    /// `bbox` is `[west, south, east, north]` in degrees; `padding_css` in CSS px.
    ///
    /// # Errors
    /// [`RenderError::InvalidBounds`] when `bbox` is not finite, out of range, or west > east or
    /// south > north; [`RenderError::InvalidViewport`] when the padding is negative or not
    /// finite.
    pub fn fit_bounds(&mut self, bbox: [f64; 4], padding_css: f64) -> Result<(), RenderError> {
        let [w, s, e, n] = bbox;
        let ok = bbox.iter().all(|v| v.is_finite())
            && w <= e
            && s <= n
            && w >= -180.0
            && e <= 180.0
            && s >= -90.0
            && n <= 90.0;
        if !ok {
            return Err(RenderError::InvalidBounds {
                west: w,
                south: s,
                east: e,
                north: n,
            });
        }
        check("padding", padding_css, padding_css >= 0.0)?;
        let a = mercator_from_lnglat([w, n]);
        let b = mercator_from_lnglat([e, s]);
        self.fit_world([a[0], a[1], b[0], b[1]], padding_css);
        Ok(())
    }

    /// Fits a world-unit box `[min_x, min_y, max_x, max_y]` (already checked finite).
    pub(crate) fn fit_world(&mut self, b: [f64; 4], padding_css: f64) {
        let dx = b[2] - b[0];
        let dy = b[3] - b[1];
        let aw = self.width_css - 2.0 * padding_css;
        let ah = self.height_css - 2.0 * padding_css;
        self.pending_fit = (aw <= 0.0 || ah <= 0.0).then_some((b, padding_css));
        let zoom = if self.pending_fit.is_some() {
            self.min_zoom
        } else if dx <= 0.0 && dy <= 0.0 {
            self.max_zoom
        } else {
            let zx = if dx > 0.0 {
                (aw / (dx * TILE_SIZE_CSS)).log2_()
            } else {
                f64::INFINITY
            };
            let zy = if dy > 0.0 {
                (ah / (dy * TILE_SIZE_CSS)).log2_()
            } else {
                f64::INFINITY
            };
            zx.min(zy)
        };
        self.zoom = if zoom.is_nan() {
            self.min_zoom
        } else {
            zoom.clamp(self.min_zoom, self.max_zoom)
        };
        self.center_m = clamp_world([(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0]);
    }

    /// Changes the canvas size and ratio, keeping the centre and zoom — except after a fit the
    /// view was too small to hold (see [`Viewport::fit_bounds`]) and no pan or zoom since: that
    /// fit is done again at the new size.
    ///
    /// # Units
    /// CSS px; ratio device px / CSS px.
    ///
    /// # Errors
    /// [`RenderError::InvalidViewport`] and [`RenderError::CanvasTooLarge`] as in
    /// [`Viewport::new`]; the viewport is unchanged then.
    pub fn resize(
        &mut self,
        width_css: f64,
        height_css: f64,
        device_pixel_ratio: f64,
    ) -> Result<(), RenderError> {
        let w = check_size("widthCss", width_css)?;
        let h = check_size("heightCss", height_css)?;
        let r = check_dpr(device_pixel_ratio)?;
        check_canvas(w, h, r)?;
        self.width_css = w;
        self.height_css = h;
        self.device_pixel_ratio = r;
        if let Some((b, padding)) = self.pending_fit {
            self.fit_world(b, padding);
        }
        Ok(())
    }

    /// The visible area in world units `[min_x, min_y, max_x, max_y]`.
    ///
    /// # Units
    /// Web Mercator world units (unit square, y-down).
    ///
    /// # Errors
    /// None.
    pub fn world_bounds(&self) -> [f64; 4] {
        let t = self.transform_css();
        let a = t.invert([0.0, 0.0]);
        let b = t.invert([self.width_css, self.height_css]);
        [a[0], a[1], b[0], b[1]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vp() -> Viewport {
        Viewport::new(800.0, 600.0, 2.0, [118.09, 24.46], 13.0).unwrap()
    }

    #[test]
    fn a_fit_too_big_for_the_view_is_done_again_at_the_first_resize_that_holds_it() {
        let bbox = [118.06, 24.42, 118.2, 24.5];
        let mut want = Viewport::new(800.0, 400.0, 1.0, [0.0, 0.0], 0.0).unwrap();
        want.fit_bounds(bbox, 16.0).unwrap();
        let mut v = Viewport::new(1.0, 1.0, 1.0, [0.0, 0.0], 0.0).unwrap();
        v.fit_bounds(bbox, 16.0).unwrap();
        assert_eq!(v.zoom(), 0.0);
        v.resize(20.0, 400.0, 1.0).unwrap(); // still too narrow for 2 × 16 px
        assert_eq!(v.zoom(), 0.0);
        v.resize(800.0, 400.0, 1.0).unwrap();
        assert_eq!((v.zoom(), v.center()), (want.zoom(), want.center()));
        assert!(v.zoom() > 10.0);
        // done once: later resizes keep centre and zoom
        v.resize(400.0, 200.0, 1.0).unwrap();
        assert_eq!(v.zoom(), want.zoom());
        // a pan, zoom or centre set in between is the user's view: kept
        for op in [0, 1, 2, 3] {
            let mut v = Viewport::new(1.0, 1.0, 1.0, [0.0, 0.0], 0.0).unwrap();
            v.fit_bounds(bbox, 16.0).unwrap();
            match op {
                0 => v.pan_by(1.0, 0.0).unwrap(),
                1 => v.zoom_at(0.5, 0.5, 2.0).unwrap(),
                2 => v.set_zoom(3.0).unwrap(),
                _ => v.set_center([118.1, 24.45]).unwrap(),
            }
            let zoom = v.zoom();
            v.resize(800.0, 400.0, 1.0).unwrap();
            assert_eq!(v.zoom(), zoom, "op {op}");
        }
    }

    #[test]
    fn the_canvas_is_capped_in_device_px() {
        // 8000 CSS px at DPR 3: 24,000 device px a side
        let e = Viewport::new(8000.0, 8000.0, 3.0, [118.0, 24.4], 10.0).unwrap_err();
        assert_eq!(e.code(), "RENDER_CANVAS_TOO_LARGE");
        assert!(e.to_string().contains("24000 × 24000 device px"), "{e}");
        // a side of 16,384 is fine, 16,385 is not; so is an area over 2^26
        assert!(Viewport::new(8192.0, 100.0, 2.0, [0.0, 0.0], 0.0).is_ok());
        assert!(Viewport::new(16385.0, 100.0, 1.0, [0.0, 0.0], 0.0).is_err());
        assert!(Viewport::new(8193.0, 8192.0, 1.0, [0.0, 0.0], 0.0).is_err());
        let mut v = Viewport::new(800.0, 600.0, 2.0, [0.0, 0.0], 0.0).unwrap();
        assert_eq!(
            v.resize(8000.0, 600.0, 3.0).unwrap_err().code(),
            "RENDER_CANVAS_TOO_LARGE"
        );
        assert_eq!(v.size_device(), [1600, 1200], "unchanged after the error");
    }

    #[test]
    fn mercator_round_trip_and_known_values() {
        assert_eq!(mercator_from_lnglat([0.0, 0.0]), [0.5, 0.5]);
        let m = mercator_from_lnglat([180.0, MAX_LATITUDE]);
        assert!((m[0] - 1.0).abs() < 1e-15 && m[1].abs() < 1e-9);
        let p = [118.0891, 24.4798];
        let q = lnglat_from_mercator(mercator_from_lnglat(p));
        assert!((p[0] - q[0]).abs() < 1e-12 && (p[1] - q[1]).abs() < 1e-12);
    }

    #[test]
    fn screen_lnglat_round_trip() {
        let v = vp();
        let c = v.project(v.center());
        assert!((c[0] - 400.0).abs() < 1e-6 && (c[1] - 300.0).abs() < 1e-6);
        for &(x, y) in &[(0.0, 0.0), (123.5, 456.25), (800.0, 600.0)] {
            let ll = v.unproject(x, y).unwrap();
            let p = v.project(ll);
            assert!((p[0] - x).abs() < 1e-6 && (p[1] - y).abs() < 1e-6, "{p:?}");
        }
    }

    #[test]
    fn zoom_at_keeps_focal_point_fixed() {
        let mut v = vp();
        let focal = v.unproject(100.0, 500.0).unwrap();
        v.zoom_at(100.0, 500.0, 1.7).unwrap();
        assert!((v.zoom() - (13.0 + 1.7f64.log2_())).abs() < 1e-12);
        let p = v.project(focal);
        assert!(
            (p[0] - 100.0).abs() < 1e-6 && (p[1] - 500.0).abs() < 1e-6,
            "{p:?}"
        );
        v.zoom_at(700.0, 20.0, 0.3).unwrap();
        v.zoom_at(10.0, 10.0, 1e300).unwrap();
        assert_eq!(v.zoom(), 22.0);
        assert!(v.zoom_at(1.0, 1.0, 0.0).is_err());
        assert!(v.zoom_at(f64::NAN, 1.0, 2.0).is_err());
    }

    #[test]
    fn pan_moves_content_with_pointer() {
        let mut v = vp();
        let ll = v.unproject(400.0, 300.0).unwrap();
        v.pan_by(50.0, -20.0).unwrap();
        let p = v.project(ll);
        assert!((p[0] - 450.0).abs() < 1e-6 && (p[1] - 280.0).abs() < 1e-6);
        assert!(v.pan_by(f64::INFINITY, 0.0).is_err());
    }

    #[test]
    fn fit_bounds_contains_the_bounds() {
        let mut v = vp();
        let bbox = [118.06, 24.43, 118.16, 24.50];
        v.fit_bounds(bbox, 20.0).unwrap();
        let a = v.project([bbox[0], bbox[3]]);
        let b = v.project([bbox[2], bbox[1]]);
        assert!(a[0] >= 20.0 - 1e-6 && a[1] >= 20.0 - 1e-6);
        assert!(b[0] <= 780.0 + 1e-6 && b[1] <= 580.0 + 1e-6);
        // tight in one dimension
        assert!((a[0] - 20.0).abs() < 1e-6 || (a[1] - 20.0).abs() < 1e-6);
        assert!(v.fit_bounds([1.0, 0.0, 0.0, 1.0], 0.0).is_err());
        v.fit_bounds([118.0, 24.0, 118.0, 24.0], 0.0).unwrap();
        assert_eq!(v.zoom(), 22.0);
        v.fit_bounds(bbox, 1000.0).unwrap();
        assert_eq!(v.zoom(), 0.0);
    }

    #[test]
    fn invalid_viewports_are_errors() {
        assert!(Viewport::new(-0.5, 1.0, 1.0, [0.0, 0.0], 0.0).is_err());
        assert!(Viewport::new(1.0, 65_537.0, 1.0, [0.0, 0.0], 0.0).is_err());
        // 0 is a canvas not laid out (a hidden tab): an empty view, not an error
        let empty = Viewport::new(0.0, 0.0, 1.0, [0.0, 0.0], 0.0).unwrap();
        assert!(empty.is_empty() && !vp().is_empty());
        assert_eq!(empty.size_device(), [1, 1]);
        assert!(Viewport::new(1.0, f64::NAN, 1.0, [0.0, 0.0], 0.0).is_err());
        assert!(Viewport::new(1.0, 1.0, 0.0, [0.0, 0.0], 0.0).is_err());
        assert!(Viewport::new(1.0, 1.0, 1.0, [200.0, 0.0], 0.0).is_err());
        let e = Viewport::new(1.0, 1.0, 1.0, [0.0, 0.0], f64::INFINITY).unwrap_err();
        assert_eq!(e.code(), "RENDER_INVALID_VIEWPORT");
        let mut v = vp();
        assert!(v.resize(-1.0, 10.0, 1.0).is_err());
        let c = v.center();
        v.resize(300.0, 200.0, 3.0).unwrap();
        assert_eq!(v.center(), c);
        assert_eq!(v.size_device(), [900, 600]);
        assert!(v.set_zoom_limits(5.0, 4.0).is_err());
    }
}
