//! Building a frame: the display list of a [`Scene`] for its current state.

use super::*;

impl Scene {
    /// Builds the display list for the current state: visible cells (those whose box meets the
    /// view) with their class fill and level stroke, simplified for the zoom; the hover and
    /// selection highlights; labels at the poles of inaccessibility that fit and do not
    /// collide; point markers and clusters.
    ///
    /// # Units
    /// Output in device px.
    ///
    /// # Errors
    /// None.
    pub fn display_list(&mut self) -> DisplayList {
        let vp = self.viewport.clone();
        let [width_px, height_px] = vp.size_device();
        let td = vp.transform_device();
        let tc = vp.transform_css();
        let level = level_for(vp.zoom(), vp.device_pixel_ratio());
        let r = vp.device_pixel_ratio();
        // cull with a margin of the widest stroke
        let margin = 8.0 / tc.scale;
        let wb = vp.world_bounds();
        let mut visible = self.pick.cells_in([
            wb[0] - margin,
            wb[1] - margin,
            wb[2] + margin,
            wb[3] + margin,
        ]);
        // an empty view (a canvas not laid out) shows nothing
        visible.retain(|&i| self.is_visible(i) && !vp.is_empty());
        let levels = self.levels.clone();
        // grid, then community, then street; ascending index within (cells_in is ascending)
        let mut ordered = Vec::with_capacity(visible.len());
        for r in 0..3u8 {
            ordered.extend(
                visible
                    .iter()
                    .copied()
                    .filter(|&i| level_rank(levels[i]) == r),
            );
        }
        let visible = ordered;
        // make sure the cache has this level, then borrow immutably
        self.simplified(level);
        let style = &self.style;
        let rings_at = self
            .simplified
            .get(level)
            .map(|v| v.as_slice())
            .unwrap_or(&[]);
        let path_of = |i: usize| -> Option<(Vec<[f64; 2]>, Vec<usize>)> {
            let parts = rings_at.get(i)?;
            let mut pts = Vec::new();
            let mut ends = Vec::new();
            for part in parts {
                for ring in part {
                    pts.extend(ring.iter().map(|&m| td.apply(m)));
                    ends.push(pts.len());
                }
            }
            (!ends.is_empty()).then_some((pts, ends))
        };
        let mut paths = Vec::with_capacity(visible.len() + 2);
        for &i in &visible {
            let Some((points, ring_ends)) = path_of(i) else {
                continue;
            };
            let stroke = match levels[i] {
                Level::Street => style.street_stroke,
                Level::Community => style.community_stroke,
                Level::Grid => style.grid_stroke,
            };
            paths.push(PathItem {
                cell: self.cells[i].number,
                role: PathRole::Cell,
                points,
                ring_ends,
                fill: Some(self.choropleth.color_of(self.values[i])),
                stroke: (stroke.width_css > 0.0).then_some(stroke.color),
                stroke_width_px: stroke.width_css * r,
                title: self.names[i].clone(),
            });
        }
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
            if visible
                .binary_search_by_key(&(level_rank(levels[i]), i), |&j| (level_rank(levels[j]), j))
                .is_err()
            {
                continue;
            }
            if let Some((points, ring_ends)) = path_of(i) {
                paths.push(PathItem {
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
        }
        let markers = if vp.is_empty() {
            Vec::new()
        } else {
            self.frame_markers()
        };
        let labels = self.frame_labels(&visible, &markers);
        DisplayList {
            width_px,
            height_px,
            device_pixel_ratio: r,
            background: self.style.background,
            font_family: self.style.font_family.clone(),
            paths,
            labels,
            markers,
        }
    }

    /// The cells (slots) whose boxes meet the view, visible ones only, ascending.
    pub(crate) fn cells_in_view(&self) -> Vec<usize> {
        let vp = &self.viewport;
        let margin = 8.0 / vp.transform_css().scale;
        let wb = vp.world_bounds();
        let mut v = self.pick.cells_in([
            wb[0] - margin,
            wb[1] - margin,
            wb[2] + margin,
            wb[3] + margin,
        ]);
        v.retain(|&i| self.is_visible(i));
        v
    }

    /// Labels of the given cells (slots) that fit their cell and do not collide, at the poles
    /// of inaccessibility, in device px: each cell's name, or its short form
    /// ([`Style::label_short`], [`super::labels::short_name`]) when only that fits. A label
    /// that would lie under one of `markers` (drawn over labels) moves above or below it within
    /// its cell, or is left out.
    pub(crate) fn frame_labels(&self, cells: &[usize], markers: &[MarkerItem]) -> Vec<LabelItem> {
        let style = &self.style;
        let mut labels = Vec::new();
        if !style.labels {
            return labels;
        }
        let vp = &self.viewport;
        let tc = vp.transform_css();
        let r = vp.device_pixel_ratio();
        let font = style.font_size_css;
        let (wc, hc) = (vp.width_css(), vp.height_css());
        let mut cands = Vec::new();
        // each candidate's text and its short form ("" when none)
        let mut texts: Vec<[&str; 2]> = Vec::new();
        let h = font * 1.2;
        for &i in cells {
            let name = self.names[i].as_str();
            if name.trim().is_empty() {
                continue;
            }
            // the full name, then its short form (when the style allows one), with their
            // widths in CSS px; the last is the narrowest
            let short = match &self.short_names[i] {
                Some(t) if style.label_short => Some(t.as_str()),
                _ => None,
            };
            let tries = [Some(name), short];
            let width = |t: &str| text_width_em(t) * font;
            let narrowest = width(short.unwrap_or(name));
            // The inscribed radius is at most half the box's shorter side: a cell whose box
            // rules every text out needs no anchor (polylabel runs lazily, on first need).
            let side = self.cells[i]
                .bbox
                .map_or(f64::INFINITY, |b| (b[2] - b[0]).min(b[3] - b[1]) * tc.scale);
            if side < 2.0 * style.label_min_radius_css
                || narrowest > side * style.label_fit
                || h > side
            {
                continue;
            }
            let Some(a) = self.anchor(i) else { continue };
            let p = tc.apply(a.anchor);
            let radius = a.radius * tc.scale;
            if radius < style.label_min_radius_css || h > 2.0 * radius {
                continue;
            }
            // the first text that fits the cell and lies wholly on the canvas, halo included
            // (not cut at its edge)
            // A text within the inscribed circle's diameter is preferred (the full name, then
            // the short form); then one within `labelFit` diameters (a name a little wider
            // than its cell spills over its neighbour's label: 筼筜街道 hid 嘉莲).
            let mut chosen = None;
            'fits: for fit in [style.label_fit.min(1.0), style.label_fit] {
                for t in tries.into_iter().flatten() {
                    let w = width(t);
                    let hw = w / 2.0 + style.label_halo_width_css;
                    if w <= side * fit
                        && w <= 2.0 * radius * fit
                        && p[0] - hw >= 0.0
                        && p[0] + hw <= wc
                        && p[1] - h / 2.0 >= 0.0
                        && p[1] + h / 2.0 <= hc
                    {
                        chosen = Some((t, w));
                        break 'fits;
                    }
                }
            }
            let Some((text, w)) = chosen else { continue };
            // the short form, to try if the full name collides
            let alt = short.filter(|_| text == name).unwrap_or("");
            // how far it may move up or down (off a marker): within the inscribed circle and
            // the canvas
            let room = |edge: f64| (radius - h / 2.0).min(edge - h / 2.0).max(0.0);
            cands.push(Candidate {
                cell: i,
                x: p[0],
                y: p[1],
                w,
                h,
                radius,
                value: self.values[i],
                room: [room(p[1]), room(hc - p[1])],
                w_short: if alt.is_empty() { f64::NAN } else { width(alt) },
            });
            texts.push([text, alt]);
        }
        // markers are drawn over labels: a label under one is not placed (CSS px boxes)
        let obstacles: Vec<[f64; 4]> = markers
            .iter()
            .map(|m| {
                let e = (m.radius_px + m.stroke_width_px / 2.0) / r;
                let (x, y) = (m.x / r, m.y / r);
                [x - e, y - e, x + e, y + e]
            })
            .collect();
        let mut placed = place_labels(
            &cands,
            style.label_padding_css,
            &obstacles,
            [wc, hc],
            style.label_fit,
        );
        // One form for the frame: once a placed label is a short form, every label that has
        // one takes it (厦港 beside 中华街道 reads as two kinds of name), placed again — a
        // narrower box collides with less, so a label left out may now find room.
        let is_short = |k: usize, short: bool| short || texts[k][0] != self.names[cands[k].cell];
        if placed.iter().any(|&(k, _, short)| is_short(k, short)) {
            for (c, t) in cands.iter_mut().zip(&mut texts) {
                if !t[1].is_empty() {
                    c.w = c.w_short;
                    c.w_short = f64::NAN;
                    *t = [t[1], ""];
                }
            }
            placed = place_labels(
                &cands,
                style.label_padding_css,
                &obstacles,
                [wc, hc],
                style.label_fit,
            );
        }
        for (k, dy, short) in placed {
            let c = &cands[k];
            labels.push(LabelItem {
                cell: self.cells[c.cell].number,
                text: texts[k][usize::from(short)].to_string(),
                x: c.x * r,
                y: (c.y + dy) * r,
                font_size_px: font * r,
                color: style.label_color,
                halo_color: style.label_halo_color,
                halo_width_px: style.label_halo_width_css * r,
            });
        }
        labels
    }

    /// Point markers and clusters in the view, in device px.
    pub(crate) fn frame_markers(&mut self) -> Vec<MarkerItem> {
        let vp = self.viewport.clone();
        let tc = vp.transform_css();
        let r = vp.device_pixel_ratio();
        let mlevel = self.marker_level();
        let mut markers = Vec::new();
        let (wc, hc) = (vp.width_css(), vp.height_css());
        for li in 0..self.points.len() {
            let kind = self.points[li].kind();
            let fill = match kind {
                PointKind::Event => self.style.event_color,
                PointKind::ServiceSite => self.style.site_color,
            };
            let stroke = self.style.marker_stroke;
            let base = self.style.marker_radius_css;
            for c in self.points[li].clusters(mlevel) {
                let p = tc.apply(c.center);
                let rad = base * f64::from(c.count.max(1)).sqrt().min(3.0);
                if p[0] + rad < 0.0 || p[0] - rad > wc || p[1] + rad < 0.0 || p[1] - rad > hc {
                    continue;
                }
                markers.push(MarkerItem {
                    kind,
                    x: p[0] * r,
                    y: p[1] * r,
                    radius_px: rad * r,
                    count: c.count,
                    first_id: c.first_id,
                    fill,
                    stroke: stroke.color,
                    stroke_width_px: stroke.width_css * r,
                });
            }
        }
        markers
    }
}
