//! The display list: what to draw, in device pixels, for any backend (Canvas 2D, SVG).

use super::palette::Color;
use super::points::PointKind;
use super::RenderError;

/// A stroke: colour and width.
///
/// # Units
/// `width_css` in CSS px (backends multiply by the device pixel ratio).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Stroke {
    /// Colour.
    pub color: Color,
    /// Width, CSS px.
    pub width_css: f64,
}

/// How the map looks.
///
/// # Units
/// Every length in CSS px.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Style {
    /// Canvas background; `None` leaves it transparent.
    pub background: Option<Color>,
    /// Boundary of street (街道) cells.
    pub street_stroke: Stroke,
    /// Boundary of community (社区) cells.
    pub community_stroke: Stroke,
    /// Boundary of grid (网格) cells.
    pub grid_stroke: Stroke,
    /// Outline of the hovered cell, drawn over everything but labels and markers.
    pub hover_stroke: Stroke,
    /// Fill laid over the hovered cell (usually translucent), if any.
    pub hover_fill: Option<Color>,
    /// Outline of the selected cell, drawn last among the cells.
    pub selected_stroke: Stroke,
    /// CSS font family of labels.
    pub font_family: String,
    /// Label font size, CSS px.
    pub font_size_css: f64,
    /// Label text colour.
    pub label_color: Color,
    /// Halo around label text, for legibility over any fill.
    pub label_halo_color: Color,
    /// Halo width, CSS px.
    pub label_halo_width_css: f64,
    /// A label is hidden when the cell's inscribed circle radius is below this, CSS px.
    pub label_min_radius_css: f64,
    /// A label is hidden when its text is wider than this many inscribed diameters.
    pub label_fit: f64,
    /// Space kept between label boxes, CSS px.
    pub label_padding_css: f64,
    /// Whether to draw labels at all.
    pub labels: bool,
    /// Whether a cell whose full name does not fit is labelled with its short form instead
    /// (the name without its parent's name and administrative suffix:
    /// [`super::labels::short_name`]); once one label of a frame is short, every label with a
    /// short form is (one form of name on the map at a time).
    pub label_short: bool,
    /// Fill of event (网格事) markers.
    pub event_color: Color,
    /// Fill of service-site (党群服务阵地) markers.
    pub site_color: Color,
    /// Outline of markers.
    pub marker_stroke: Stroke,
    /// Radius of a single marker, CSS px; a cluster of n is √n times larger, at most 3 times.
    pub marker_radius_css: f64,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            background: None,
            street_stroke: Stroke {
                color: Color::rgb(0x33, 0x33, 0x33),
                width_css: 2.5,
            },
            community_stroke: Stroke {
                color: Color::rgb(0x55, 0x55, 0x55),
                width_css: 1.5,
            },
            grid_stroke: Stroke {
                color: Color::rgb(0xff, 0xff, 0xff),
                width_css: 0.75,
            },
            hover_stroke: Stroke {
                color: Color::rgb(0x22, 0x22, 0x22),
                width_css: 2.0,
            },
            hover_fill: Some(Color {
                r: 255,
                g: 255,
                b: 255,
                a: 0x40,
            }),
            selected_stroke: Stroke {
                color: Color::rgb(0xe6, 0x00, 0x12),
                width_css: 3.0,
            },
            font_family: "\"PingFang SC\", \"Noto Sans CJK SC\", \"Microsoft YaHei\", sans-serif"
                .to_string(),
            font_size_css: 12.0,
            label_color: Color::rgb(0x1a, 0x1a, 0x1a),
            label_halo_color: Color::rgb(0xff, 0xff, 0xff),
            label_halo_width_css: 2.0,
            label_min_radius_css: 6.0,
            label_fit: 1.6,
            label_padding_css: 2.0,
            labels: true,
            label_short: true,
            event_color: Color::rgb(0xd9, 0x48, 0x01),
            site_color: Color::rgb(0xc8, 0x10, 0x2e),
            marker_stroke: Stroke {
                color: Color::rgb(0xff, 0xff, 0xff),
                width_css: 1.5,
            },
            marker_radius_css: 6.0,
        }
    }
}

/// The widest stroke a style may set, CSS px (`RENDER_INVALID_STYLE` beyond).
pub const MAX_STROKE_WIDTH_CSS: f64 = 32.0;

/// The largest other length a style may set, CSS px.
pub const MAX_LENGTH_CSS: f64 = 1e4;

impl Style {
    /// Checks every length is finite and not negative, stroke widths at most
    /// [`MAX_STROKE_WIDTH_CSS`] and other lengths at most [`MAX_LENGTH_CSS`] (and the font size positive), and that
    /// the font family is a CSS family list (a canvas ignores a font it cannot parse).
    ///
    /// # Errors
    /// [`RenderError::InvalidStyle`] naming the first bad field;
    /// [`RenderError::InvalidFontFamily`] (code `RENDER_INVALID_STYLE`) for a family list
    /// that is not CSS (`"Arial; color: red"`, `"12px Arial"`, `""`).
    pub fn validate(&self) -> Result<(), RenderError> {
        // strokes are drawn by the raster in a time that grows with their width: a 100 CSS px
        // boundary took 107 ms a frame (a map's boundaries are 0.75–5 CSS px)
        let fields = [
            (
                "streetStroke.widthCss",
                self.street_stroke.width_css,
                MAX_STROKE_WIDTH_CSS,
            ),
            (
                "communityStroke.widthCss",
                self.community_stroke.width_css,
                MAX_STROKE_WIDTH_CSS,
            ),
            (
                "gridStroke.widthCss",
                self.grid_stroke.width_css,
                MAX_STROKE_WIDTH_CSS,
            ),
            (
                "hoverStroke.widthCss",
                self.hover_stroke.width_css,
                MAX_STROKE_WIDTH_CSS,
            ),
            (
                "selectedStroke.widthCss",
                self.selected_stroke.width_css,
                MAX_STROKE_WIDTH_CSS,
            ),
            (
                "labelHaloWidthCss",
                self.label_halo_width_css,
                MAX_LENGTH_CSS,
            ),
            (
                "labelMinRadiusCss",
                self.label_min_radius_css,
                MAX_LENGTH_CSS,
            ),
            ("labelFit", self.label_fit, MAX_LENGTH_CSS),
            ("labelPaddingCss", self.label_padding_css, MAX_LENGTH_CSS),
            (
                "markerStroke.widthCss",
                self.marker_stroke.width_css,
                MAX_STROKE_WIDTH_CSS,
            ),
            ("markerRadiusCss", self.marker_radius_css, MAX_LENGTH_CSS),
        ];
        for (field, value, max) in fields {
            if !(value.is_finite() && (0.0..=max).contains(&value)) {
                return Err(RenderError::InvalidStyle {
                    field,
                    value,
                    min_excluded: false,
                    max,
                });
            }
        }
        super::font::check_font_family(&self.font_family)?;
        let f = self.font_size_css;
        if !(f.is_finite() && f > 0.0 && f <= 1e3) {
            return Err(RenderError::InvalidStyle {
                field: "fontSizeCss",
                value: f,
                min_excluded: true,
                max: 1e3,
            });
        }
        Ok(())
    }
}

/// Why a path is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PathRole {
    /// A cell with its choropleth fill and level stroke.
    Cell,
    /// The hover highlight.
    Hover,
    /// The selection highlight.
    Selected,
}

/// A filled and/or stroked path: one cell's rings.
///
/// # Units
/// `points` in device px (y-down, origin top-left); ring `i` is
/// `points[ring_ends[i-1]..ring_ends[i]]` (from 0), open (the backend closes it). Fill rule:
/// even–odd. `stroke_width_px` in device px.
#[derive(Clone, Debug, PartialEq)]
pub struct PathItem {
    /// Cell number.
    pub cell: u32,
    /// Why it is drawn.
    pub role: PathRole,
    /// All rings' vertices.
    pub points: Vec<[f64; 2]>,
    /// End offset of each ring in `points`.
    pub ring_ends: Vec<usize>,
    /// Fill, if any.
    pub fill: Option<Color>,
    /// Stroke colour, if any.
    pub stroke: Option<Color>,
    /// Stroke width, device px.
    pub stroke_width_px: f64,
    /// The cell's full name for a [`PathRole::Cell`] path (the SVG's `<title>`: a tooltip
    /// and what a screen reader says), else empty.
    pub title: String,
}

/// A text label centred on a point.
///
/// # Units
/// `x`, `y`, `font_size_px`, `halo_width_px` in device px.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelItem {
    /// Cell number.
    pub cell: u32,
    /// The text (raw; backends escape it).
    pub text: String,
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
    /// Font size.
    pub font_size_px: f64,
    /// Text colour.
    pub color: Color,
    /// Halo colour.
    pub halo_color: Color,
    /// Halo width.
    pub halo_width_px: f64,
}

/// A marker: one point or a cluster of points.
///
/// # Units
/// `x`, `y`, `radius_px`, `stroke_width_px` in device px.
#[derive(Clone, Debug, PartialEq)]
pub struct MarkerItem {
    /// What the points are.
    pub kind: PointKind,
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
    /// Radius.
    pub radius_px: f64,
    /// Number of points (1 for a single marker; drawn as text when > 1).
    pub count: u32,
    /// Id of the (first) point.
    pub first_id: u32,
    /// Fill.
    pub fill: Color,
    /// Outline.
    pub stroke: Color,
    /// Outline width.
    pub stroke_width_px: f64,
}

/// Everything to draw, in order: background, paths (cells, then hover, then selection),
/// labels, markers.
///
/// # Units
/// Device px; `width_px`, `height_px` is the backing store size; `device_pixel_ratio` relates
/// it to CSS px.
#[derive(Clone, Debug, PartialEq)]
pub struct DisplayList {
    /// Width, device px.
    pub width_px: u32,
    /// Height, device px.
    pub height_px: u32,
    /// Device px per CSS px.
    pub device_pixel_ratio: f64,
    /// Background fill, if any.
    pub background: Option<Color>,
    /// CSS font family of labels.
    pub font_family: String,
    /// Paths in drawing order.
    pub paths: Vec<PathItem>,
    /// Labels in drawing order.
    pub labels: Vec<LabelItem>,
    /// Markers in drawing order.
    pub markers: Vec<MarkerItem>,
}
