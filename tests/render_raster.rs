//! The scanline rasteriser (`jinlin::render::Raster`): exact coverage rules on small cases,
//! watertight fills on a random tessellation (every pixel centre checked against an exact
//! point-in-polygon test), and the Siming sample against `tiny-skia` (Skia's Rust port) as an
//! oracle. Timings of both are in an ignored test.

mod common;

use common::Lcg;
use jinlin::crs::Datum;
use jinlin::grid::{GridMap, GridOptions, Level};
use jinlin::render::{Color, FillBatch, PaintBatches, Raster, Scene, StrokeBatch};

const WHITE: Color = Color::rgb(255, 255, 255);

fn batches(fills: Vec<FillBatch>, strokes: Vec<StrokeBatch>) -> PaintBatches {
    PaintBatches {
        level: 0,
        version: 0,
        origin: [0.0, 0.0],
        scale: 1.0,
        fills,
        strokes,
    }
}

fn line(points: Vec<[f64; 2]>, width_px: f64, color: Color) -> StrokeBatch {
    let n = points.len();
    StrokeBatch {
        color,
        width_px,
        points,
        line_ends: vec![n],
    }
}

/// The alpha (coverage) of column `x` in each row of a raster drawn over transparency.
fn column_alpha(r: &Raster, x: u32) -> Vec<u8> {
    (0..r.height()).map(|y| r.pixel(x, y).unwrap()[3]).collect()
}

#[test]
fn a_stroke_covers_the_rows_within_half_its_width() {
    let black = Color::rgb(0, 0, 0);
    let mut r = Raster::new();
    // 3 px wide along y = 10.5: the centres of rows 9, 10, 11 are within 1 px (fully
    // covered), those of rows 8 and 12 at 2 px (= w/2 + 1/2: not covered)
    let b = batches(
        vec![],
        vec![line(vec![[2.0, 10.5], [28.0, 10.5]], 3.0, black)],
    );
    r.draw(&b, [1.0, 0.0, 0.0], 30, 20, None);
    let mut want = vec![0u8; 20];
    want[9..12].fill(255);
    assert_eq!(column_alpha(&r, 15), want);
    assert_eq!(r.pixel(15, 10).unwrap(), [0, 0, 0, 255]);
    // a 1 px line on the boundary between rows 9 and 10 covers each half
    let b = batches(
        vec![],
        vec![line(vec![[2.0, 10.0], [28.0, 10.0]], 1.0, black)],
    );
    r.draw(&b, [1.0, 0.0, 0.0], 30, 20, None);
    let mut want = vec![0u8; 20];
    want[9] = 128;
    want[10] = 128;
    assert_eq!(column_alpha(&r, 15), want);
    // round caps: half a width beyond each end, then nothing
    let b = batches(
        vec![],
        vec![line(vec![[5.0, 10.5], [25.0, 10.5]], 4.0, black)],
    );
    r.draw(&b, [1.0, 0.0, 0.0], 30, 20, None);
    let row: Vec<u8> = (0..30).map(|x| r.pixel(x, 10).unwrap()[3]).collect();
    // centres 3.5 and 26.5 are 1.5 px beyond the ends (inner radius 1.5: full), 2.5 and 27.5
    // at 2.5 px (outer radius 2.5: none)
    assert_eq!(row[3], 255);
    assert_eq!(row[26], 255);
    assert_eq!(row[2], 0);
    assert_eq!(row[27], 0);
    assert!(row[4..26].iter().all(|&a| a == 255));
}

#[test]
fn overlapping_segments_of_a_batch_cover_a_pixel_once() {
    // a segment drawn twice in one batch: each pixel's partial coverage is the larger of the
    // two, not painted twice (a join would otherwise show as a darker dot)
    let red = Color::rgb(200, 0, 0);
    let mut one = Raster::new();
    let mut two = Raster::new();
    let seg = vec![[5.0, 5.3], [35.0, 25.7]];
    one.draw(
        &batches(vec![], vec![line(seg.clone(), 3.0, red)]),
        [1.0, 0.0, 0.0],
        40,
        30,
        Some(WHITE),
    );
    // the same segment twice in one batch
    let twice = StrokeBatch {
        color: red,
        width_px: 3.0,
        points: [seg.clone(), seg].concat(),
        line_ends: vec![2, 4],
    };
    two.draw(
        &batches(vec![], vec![twice]),
        [1.0, 0.0, 0.0],
        40,
        30,
        Some(WHITE),
    );
    assert_eq!(one.pixels(), two.pixels());
    // and the line did draw, with anti-aliased edges
    let px: Vec<&[u8]> = one.pixels().chunks(4).collect();
    assert!(px.iter().filter(|p| **p == [200, 0, 0, 255]).count() > 60);
    assert!(px.iter().any(|p| p[1] > 0 && p[1] < 255));
}

#[test]
fn translucent_colours_blend_source_over() {
    let mut r = Raster::new();
    let fill = FillBatch {
        color: Color::from_hex("#ff000080").unwrap(),
        points: vec![[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]],
        ring_ends: vec![4],
    };
    r.draw(
        &batches(vec![fill.clone()], vec![]),
        [1.0, 0.0, 0.0],
        10,
        10,
        Some(WHITE),
    );
    // 0x80 = 128/255 red over white: 255·(1 − a) + 255·a = 255 for red, 127 for green/blue
    assert_eq!(r.pixel(5, 5).unwrap(), [255, 127, 127, 255]);
    // over transparency: straight alpha keeps the colour, alpha is the colour's
    r.draw(&batches(vec![fill], vec![]), [1.0, 0.0, 0.0], 10, 10, None);
    assert_eq!(r.pixel(5, 5).unwrap(), [255, 0, 0, 128]);
}

#[test]
fn bad_coordinates_and_empty_buffers_draw_nothing_and_do_not_panic() {
    let mut r = Raster::new();
    let nan = f64::NAN;
    let fill = FillBatch {
        color: WHITE,
        points: vec![
            [nan, 0.0],
            [1e300, 5.0],
            [-1e300, 1e300],
            [0.0, f64::INFINITY],
        ],
        ring_ends: vec![4],
    };
    let stroke = line(vec![[nan, nan], [1e308, -1e308], [3.0, 3.0]], 2.0, WHITE);
    let b = batches(vec![fill], vec![stroke]);
    r.draw(&b, [1.0, 0.0, 0.0], 0, 0, None);
    assert!(r.pixels().is_empty());
    r.draw(&b, [1.0, 0.0, 0.0], 16, 16, None);
    assert_eq!(r.pixels().len(), 16 * 16 * 4);
    r.draw(&b, [nan, nan, nan], 16, 16, None);
    assert!(r.pixels().iter().all(|&v| v == 0));
}

/// Whether `p` is inside the ring (crossing number; `p` never on an edge here).
fn inside(ring: &[[f64; 2]], p: [f64; 2]) -> bool {
    let mut c = false;
    let mut j = ring.len() - 1;
    for i in 0..ring.len() {
        let (a, b) = (ring[i], ring[j]);
        if (a[1] > p[1]) != (b[1] > p[1]) {
            let x = a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
            if p[0] < x {
                c = !c;
            }
        }
        j = i;
    }
    c
}

/// Distance from `p` to the ring's nearest edge.
fn edge_distance(ring: &[[f64; 2]], p: [f64; 2]) -> f64 {
    let mut best = f64::INFINITY;
    for i in 0..ring.len() {
        let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
        let d = [b[0] - a[0], b[1] - a[1]];
        let t = (((p[0] - a[0]) * d[0] + (p[1] - a[1]) * d[1]) / (d[0] * d[0] + d[1] * d[1]))
            .clamp(0.0, 1.0);
        let q = [a[0] + t * d[0] - p[0], a[1] + t * d[1] - p[1]];
        best = best.min((q[0] * q[0] + q[1] * q[1]).sqrt());
    }
    best
}

#[test]
fn fills_of_a_tessellation_cover_every_pixel_centre_exactly_once() {
    // a 12 × 9 lattice of jittered quads (shared corners, so no gaps by construction), at a
    // fractional scale and offset; each cell its own colour
    let (nx, ny) = (12usize, 9usize);
    let mut rng = Lcg(7);
    let corner: Vec<Vec<[f64; 2]>> = (0..=nx)
        .map(|i| {
            (0..=ny)
                .map(|j| {
                    let inner = i > 0 && i < nx && j > 0 && j < ny;
                    let (jx, jy) = if inner {
                        (rng.next() * 0.7 - 0.35, rng.next() * 0.7 - 0.35)
                    } else {
                        (0.0, 0.0)
                    };
                    [i as f64 + jx, j as f64 + jy]
                })
                .collect()
        })
        .collect();
    let mut rings = Vec::new();
    for i in 0..nx {
        for j in 0..ny {
            // alternate the winding: the rule must not depend on it
            let mut ring = vec![
                corner[i][j],
                corner[i + 1][j],
                corner[i + 1][j + 1],
                corner[i][j + 1],
            ];
            if (i + j) % 2 == 1 {
                ring.reverse();
            }
            rings.push(ring);
        }
    }
    let color_of = |k: usize| Color::rgb((k % 250) as u8 + 1, (k / 250) as u8 + 1, 7);
    let fills = rings
        .iter()
        .enumerate()
        .map(|(k, ring)| FillBatch {
            color: color_of(k),
            points: ring.clone(),
            ring_ends: vec![4],
        })
        .collect();
    let (k, e, f) = (23.37, 4.25, 3.6);
    let (w, h) = (300u32, 220u32);
    let mut r = Raster::new();
    r.draw(&batches(fills, vec![]), [k, e, f], w, h, None);
    let mut checked = 0;
    for y in 0..h {
        for x in 0..w {
            // the pixel centre in batch units
            let p = [(x as f64 + 0.5 - e) / k, (y as f64 + 0.5 - f) / k];
            let owners: Vec<usize> = (0..rings.len()).filter(|&c| inside(&rings[c], p)).collect();
            assert!(owners.len() <= 1, "cells overlap at {p:?}");
            if rings.iter().any(|ring| edge_distance(ring, p) < 1e-9) {
                continue; // on an edge: either neighbour is right
            }
            let got = r.pixel(x, y).unwrap();
            let want = owners.first().map_or([0, 0, 0, 0], |&c| {
                let c = color_of(c);
                [c.r, c.g, c.b, 255]
            });
            assert_eq!(got, want, "pixel ({x}, {y}), centre {p:?}");
            checked += 1;
        }
    }
    assert!(checked > 60_000);
}

#[test]
fn overlapping_fills_show_the_last_one_drawn_and_translucent_ones_lie_over_each_other_in_order() {
    // 70 random squares, overlapping (more fills than a 64-bit word of the scan's windings),
    // some wound the other way, and one ring with a hole; drawn whole and by regions
    let mut rng = Lcg(11);
    let mut rings: Vec<Vec<Vec<[f64; 2]>>> = (0..70)
        .map(|k| {
            let (x, y) = (rng.next() * 150.0, rng.next() * 100.0);
            let a = 10.0 + rng.next() * 60.0;
            let mut sq = vec![[x, y], [x + a, y], [x + a, y + a], [x, y + a]];
            if k % 3 == 0 {
                sq.reverse();
            }
            vec![sq]
        })
        .collect();
    // fill 5 gets a hole, wound the other way
    let sq = rings[5][0].clone();
    let (cx, cy) = ((sq[0][0] + sq[2][0]) / 2.0, (sq[0][1] + sq[2][1]) / 2.0);
    rings[5].push(vec![
        [cx - 3.0, cy - 3.0],
        [cx - 3.0, cy + 3.0],
        [cx + 3.0, cy + 3.0],
        [cx + 3.0, cy - 3.0],
    ]);
    let colour = |k: usize, a: u8| Color {
        r: (k * 3) as u8,
        g: 255 - k as u8,
        b: (k * 7 % 256) as u8,
        a,
    };
    let fills = |a: &dyn Fn(usize) -> u8| -> Vec<FillBatch> {
        rings
            .iter()
            .enumerate()
            .map(|(k, rs)| {
                let mut points = Vec::new();
                let mut ring_ends = Vec::new();
                for r in rs {
                    points.extend_from_slice(r);
                    ring_ends.push(points.len());
                }
                FillBatch {
                    color: colour(k, a(k)),
                    points,
                    ring_ends,
                }
            })
            .collect()
    };
    let covers = |k: usize, p: [f64; 2]| -> bool {
        // a point inside the outer square and not in the hole (crossing parity over rings)
        rings[k].iter().filter(|r| inside(r, p)).count() % 2 == 1
    };
    // a pixel centre on an edge: either side is right
    let on_edge = |p: [f64; 2]| {
        rings
            .iter()
            .flatten()
            .any(|ring| edge_distance(ring, p) < 1e-9)
    };
    let (w, h) = (220u32, 170u32);
    let t = [1.0, 0.25, 0.125];
    let bg = Color::rgb(9, 9, 9);
    // opaque: each pixel centre takes the colour of the last fill covering it
    let opaque = batches(fills(&|_| 255), vec![]);
    let mut r = Raster::new();
    r.draw(&opaque, t, w, h, Some(bg));
    let mut checked = 0;
    for y in 0..h {
        for x in 0..w {
            let p = [x as f64 + 0.5 - t[1], y as f64 + 0.5 - t[2]];
            if on_edge(p) {
                continue;
            }
            let want = (0..rings.len())
                .rev()
                .find(|&k| covers(k, p))
                .map_or(bg, |k| colour(k, 255));
            let got = r.pixel(x, y).unwrap();
            assert_eq!(got, [want.r, want.g, want.b, 255], "pixel ({x}, {y})");
            checked += 1;
        }
    }
    assert!(checked > 30_000);
    // translucent (every other fill half transparent): a pixel covered by fills i < j is
    // fill j laid over fill i laid over the background; the scan composes the colour of each
    // run once, so it must equal laying the fills one after another, as a one-fill draw does
    let translucent = batches(fills(&|k| if k % 2 == 0 { 128 } else { 255 }), vec![]);
    r.draw(&translucent, t, w, h, None);
    let mut layered = 0;
    for y in (0..h).step_by(7) {
        for x in (0..w).step_by(5) {
            let p = [x as f64 + 0.5 - t[1], y as f64 + 0.5 - t[2]];
            if on_edge(p) {
                continue;
            }
            // the reference: one draw per covering fill, each over the previous picture
            let mut one = Raster::new();
            let mut px = [0u8; 4];
            for k in (0..rings.len()).filter(|&k| covers(k, p)) {
                let c = colour(k, if k % 2 == 0 { 128 } else { 255 });
                let under = Color {
                    r: px[0],
                    g: px[1],
                    b: px[2],
                    a: px[3],
                };
                let b = batches(
                    vec![FillBatch {
                        color: c,
                        points: vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]],
                        ring_ends: vec![4],
                    }],
                    vec![],
                );
                one.draw(&b, [1.0, 0.0, 0.0], 1, 1, (px[3] > 0).then_some(under));
                px = one.pixel(0, 0).unwrap();
            }
            layered += usize::from(px[3] > 0 && px[3] < 255);
            assert_eq!(r.pixel(x, y).unwrap(), px, "pixel ({x}, {y})");
        }
    }
    assert!(layered > 50, "{layered}");
    // regions (left, right, whole rows) draw the same pixels as the whole draw
    for b in [&opaque, &translucent] {
        let mut whole = Raster::new();
        whole.draw(b, t, w, h, Some(bg));
        for region in [[13, 7, 90, 150], [120, 20, 219, 160], [0, 40, w, 77]] {
            let mut part = Raster::new();
            part.draw(b, [1.3, 5.0, -4.0], w, h, Some(Color::rgb(1, 2, 3)));
            part.draw_region(b, t, region, Some(bg));
            for y in region[1]..region[3] {
                for x in region[0]..region[2] {
                    assert_eq!(part.pixel(x, y), whole.pixel(x, y), "{region:?} ({x}, {y})");
                }
            }
        }
    }
}

/// The Siming sample's grid level, fitted to 1280 × 800 CSS px at DPR 2, coloured by cell
/// number (as the benchmark, bench/render.js).
fn siming_scene() -> Scene {
    let text = common::siming_grid_geojson();
    let options = GridOptions {
        datum: Datum::Gcj02,
        ..Default::default()
    };
    let map = GridMap::from_geojson(&text, &options).unwrap();
    let mut s = common::scene_of(&map, Level::Grid);
    let values: Vec<f64> = (0..map.cells.len()).map(|i| (i % 37) as f64).collect();
    s.set_values(&values).unwrap();
    s
}

/// The batches drawn by tiny-skia: fills anti-aliased (non-zero), strokes with round joins
/// and caps, thin ones (≤ 1.5 px) as hairlines — what the canvas backend asks of Skia.
fn tiny_skia_draw(b: &PaintBatches, [k, e, f]: [f64; 3], w: u32, h: u32) -> Vec<u8> {
    use tiny_skia::{FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, Transform};
    let mut pm = Pixmap::new(w, h).unwrap();
    pm.fill(tiny_skia::Color::WHITE);
    let tr = Transform::from_row(k as f32, 0.0, 0.0, k as f32, e as f32, f as f32);
    let path = |points: &[[f64; 2]], ends: &[usize], close: bool| {
        let mut pb = PathBuilder::new();
        let mut s = 0;
        for &end in ends {
            let part = &points[s..end];
            s = end;
            pb.move_to(part[0][0] as f32, part[0][1] as f32);
            for p in &part[1..] {
                pb.line_to(p[0] as f32, p[1] as f32);
            }
            if close {
                pb.close();
            }
        }
        pb.finish().unwrap()
    };
    let paint = |c: Color| {
        let mut p = Paint::default();
        p.set_color_rgba8(c.r, c.g, c.b, c.a);
        p.anti_alias = true;
        p
    };
    for fb in &b.fills {
        let p = path(&fb.points, &fb.ring_ends, true);
        pm.fill_path(&p, &paint(fb.color), FillRule::Winding, tr, None);
    }
    for sb in &b.strokes {
        let p = path(&sb.points, &sb.line_ends, false);
        let width = if sb.width_px <= 1.5 {
            0.0
        } else {
            sb.width_px / k
        } as f32;
        let stroke = Stroke {
            width,
            line_join: LineJoin::Round,
            line_cap: LineCap::Round,
            ..Default::default()
        };
        pm.stroke_path(&p, &paint(sb.color), &stroke, tr, None);
    }
    pm.data().to_vec()
}

/// Per-pixel largest channel difference: (mean, share of pixels differing by more than 64).
fn difference(a: &[u8], b: &[u8]) -> (f64, f64) {
    let (mut sum, mut big, mut n) = (0u64, 0u64, 0u64);
    for (p, q) in a.chunks_exact(4).zip(b.chunks_exact(4)) {
        let d = p.iter().zip(q).map(|(x, y)| x.abs_diff(*y)).max().unwrap();
        sum += u64::from(d);
        big += u64::from(d > 64);
        n += 1;
    }
    (sum as f64 / n as f64, big as f64 / n as f64)
}

#[test]
fn the_siming_map_matches_tiny_skia() {
    let mut s = siming_scene();
    let b = s.paint_batches();
    let t = b.transform(s.viewport());
    let (w, h) = (2560, 1600);
    let mut r = Raster::new();
    // boundaries alone, then the whole map
    let strokes_only = PaintBatches {
        fills: vec![],
        ..b.clone()
    };
    r.draw(&strokes_only, t, w, h, Some(WHITE));
    let (mean, big) = difference(r.pixels(), &tiny_skia_draw(&strokes_only, t, w, h));
    println!(
        "boundaries: mean difference {mean:.3}, > 64 on {:.3} % of pixels",
        100.0 * big
    );
    assert!(mean < 0.6 && big < 0.0005, "{mean} {big}");
    r.draw(&b, t, w, h, Some(WHITE));
    let (mean, big) = difference(r.pixels(), &tiny_skia_draw(&b, t, w, h));
    println!(
        "map: mean difference {mean:.3}, > 64 on {:.3} % of pixels",
        100.0 * big
    );
    assert!(mean < 0.6 && big < 0.0005, "{mean} {big}");
    // a boundary drawn a pixel off, or a fill missing, is far outside those bounds
    let shifted = [t[0], t[1] + 1.0, t[2]];
    r.draw(&strokes_only, shifted, w, h, Some(WHITE));
    let (mean, big) = difference(r.pixels(), &tiny_skia_draw(&strokes_only, t, w, h));
    assert!(mean > 2.0 || big > 0.01, "{mean} {big}");
}

#[test]
fn a_region_draws_the_pixels_of_a_whole_draw_and_no_others() {
    let mut s = siming_scene();
    let b = s.paint_batches();
    let t = b.transform(s.viewport());
    let (w, h) = (1280, 800);
    let t = [t[0] / 2.0, t[1] / 2.0, t[2] / 2.0];
    let mut whole = Raster::new();
    whole.draw(&b, t, w, h, Some(WHITE));
    // the background, a translucent background and none: each gap-filling path; regions in
    // the left half (fill edges right of them left out), the right half (those left of them
    // left out) and whole rows (none left out)
    let regions = [[301, 97, 777, 512], [900, 50, 1270, 790], [0, 640, w, 700]];
    for (bg, region) in [
        Some(WHITE),
        Some(Color {
            r: 10,
            g: 20,
            b: 30,
            a: 128,
        }),
        None,
    ]
    .into_iter()
    .flat_map(|bg| regions.map(|r| (bg, r)))
    {
        whole.draw(&b, t, w, h, bg);
        let mut r = Raster::new();
        // a different picture first, so that every pixel the region draws is overwritten
        r.draw(
            &b,
            [t[0] * 1.1, t[1] + 40.0, t[2] - 30.0],
            w,
            h,
            Some(Color::rgb(1, 2, 3)),
        );
        let before = r.pixels().to_vec();
        r.draw_region(&b, t, region, bg);
        let mut changed = 0;
        for y in 0..h {
            for x in 0..w {
                let i = 4 * (y * w + x) as usize;
                let inside =
                    (region[0]..region[2]).contains(&x) && (region[1]..region[3]).contains(&y);
                let expected = if inside {
                    &whole.pixels()[i..i + 4]
                } else {
                    &before[i..i + 4]
                };
                assert_eq!(
                    &r.pixels()[i..i + 4],
                    expected,
                    "pixel {x}, {y} (bg {bg:?}, {region:?})"
                );
                changed += usize::from(inside && before[i..i + 4] != r.pixels()[i..i + 4]);
            }
        }
        // the region was not already right
        assert!(changed > 10_000, "{changed}");
        // regions off the buffer or empty draw nothing
        let now = r.pixels().to_vec();
        r.draw_region(&b, t, [w, 0, w + 10, h], bg);
        r.draw_region(&b, t, [10, 10, 10, 500], bg);
        assert_eq!(r.pixels(), &now[..]);
    }
}

#[test]
fn a_shift_and_the_exposed_bands_drawn_again_make_the_panned_picture() {
    let mut s = siming_scene();
    let b = s.paint_batches();
    let t0 = b.transform(s.viewport());
    let (w, h) = (640, 400);
    let t0 = [t0[0] / 4.0, t0[1] / 4.0, t0[2] / 4.0];
    for (dx, dy) in [
        (7, 0),
        (-7, 0),
        (0, 12),
        (0, -12),
        (-5, 9),
        (13, -3),
        (639, 0),
        (0, -400),
    ] {
        let mut r = Raster::new();
        r.draw(&b, t0, w, h, Some(WHITE));
        let t = [t0[0], t0[1] + dx as f64, t0[2] + dy as f64];
        // the shift, then the band of rows and the band of columns drawn at `t`
        r.pan(&b, t, [dx, dy], Some(WHITE));
        let (ux, uy) = (dx.unsigned_abs() as u32, dy.unsigned_abs() as u32);
        let mut fresh = Raster::new();
        fresh.draw(&b, t, w, h, Some(WHITE));
        // (x·k + e) + dx and x·k + (e + dx) may round apart: a crossing within an ulp of a
        // pixel centre could land on either side; on this map none does
        let differ = r
            .pixels()
            .chunks(4)
            .zip(fresh.pixels().chunks(4))
            .filter(|(a, b)| a != b)
            .count();
        assert!(differ <= 2, "({dx}, {dy}): {differ} pixels differ");
        // …while a shift the wrong way is far off
        let mut wrong = Raster::new();
        wrong.draw(&b, t0, w, h, Some(WHITE));
        wrong.shift(-dx, -dy);
        if ux < w && uy < h {
            let off = wrong
                .pixels()
                .chunks(4)
                .zip(fresh.pixels().chunks(4))
                .filter(|(a, b)| a != b)
                .count();
            assert!(off > 1000, "({dx}, {dy}): {off}");
        }
    }
}

#[test]
fn a_resampled_preview_moves_and_scales_the_last_draw() {
    let mut s = siming_scene();
    let b = s.paint_batches();
    let t = b.transform(s.viewport());
    let (w, h) = (320u32, 200u32);
    let t = [t[0] / 8.0, t[1] / 8.0, t[2] / 8.0];
    let mut r = Raster::new();
    r.draw(&b, t, w, h, Some(WHITE));
    let drawn = r.pixels().to_vec();
    let px = |buf: &[u8], x: u32, y: u32| -> [u8; 4] {
        let i = 4 * (y * w + x) as usize;
        buf[i..i + 4].try_into().unwrap()
    };
    let bg = [9, 8, 7, 255];
    let bg_color = Some(Color::rgb(9, 8, 7));
    // moved by whole pixels: the pixels themselves, and the background where nothing was
    let moved = r.resample(1.0, [5.0, -3.0], bg_color).to_vec();
    for (x, y) in [(0, 0), (4, 10), (5, 10), (200, 196), (200, 197), (319, 199)] {
        let want = if x >= 5 && y + 3 < h {
            px(&drawn, x - 5, y + 3)
        } else {
            bg
        };
        assert_eq!(px(&moved, x, y), want, "({x}, {y})");
    }
    // zoomed 2× about the origin: each pixel shows the one under half its centre
    let zoomed = r.resample(2.0, [0.0, 0.0], bg_color).to_vec();
    for y in 0..h {
        for x in 0..w {
            assert_eq!(px(&zoomed, x, y), px(&drawn, x / 2, y / 2), "({x}, {y})");
        }
    }
    // zoomed out about the centre: the old picture in the middle (each pixel the one under
    // (centre − 80, 50) / 0.5), the background around
    let out = r.resample(0.5, [80.0, 50.0], bg_color).to_vec();
    let mut inside = 0;
    for y in 0..h {
        for x in 0..w {
            let (sx, sy) = ((2 * x + 1).checked_sub(160), (2 * y + 1).checked_sub(100));
            let want = match (sx, sy) {
                (Some(sx), Some(sy)) if sx < w && sy < h => {
                    inside += 1;
                    px(&drawn, sx, sy)
                }
                _ => bg,
            };
            assert_eq!(px(&out, x, y), want, "({x}, {y})");
        }
    }
    assert_eq!(inside, 160 * 100);
    // the raster's own pixels are untouched; bad numbers give the background (transparent)
    assert_eq!(r.pixels(), &drawn[..]);
    for (scale, tr) in [
        (f64::NAN, [0.0, 0.0]),
        (0.0, [0.0, 0.0]),
        (-1.0, [0.0, 0.0]),
        (1.0, [f64::INFINITY, 0.0]),
    ] {
        assert!(
            r.resample(scale, tr, None).iter().all(|&v| v == 0),
            "{scale} {tr:?}"
        );
    }
}

/// Native timings of both rasterisers on the Siming map (not a test: `cargo test --release
/// --test render_raster -- --ignored --nocapture`).
#[test]
#[ignore]
fn timings_against_tiny_skia() {
    use std::time::Instant;
    let mut s = siming_scene();
    let b = s.paint_batches();
    let t = b.transform(s.viewport());
    let median = |f: &mut dyn FnMut()| {
        let mut ts: Vec<f64> = (0..9)
            .map(|_| {
                let t0 = Instant::now();
                f();
                t0.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        ts.sort_by(f64::total_cmp);
        ts[4]
    };
    let mut r = Raster::new();
    let ours = median(&mut || r.draw(&b, t, 2560, 1600, Some(WHITE)));
    let theirs = median(&mut || {
        tiny_skia_draw(&b, t, 2560, 1600);
    });
    println!("Siming map 2560×1600: jinlin Raster {ours:.2} ms, tiny-skia {theirs:.2} ms");
}
