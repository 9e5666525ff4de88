//! Shared-arc simplification on tessellations, pick against brute force, scene behaviour, and
//! (ignored) native timings.

mod common;

use common::Lcg;

use std::collections::{HashMap, HashSet};

use geo::{Coord, LineString, Polygon};
use jinlin::render::{
    mercator_from_lnglat, CellPolygons, ClassMethod, Classification, PathRole, PointKind,
    PointLayer, Scene, SharedArcs, SimplifiedCell, Viewport,
};

/// An nx × ny tessellation of irregular cells near Siming: jittered lattice corners, each
/// lattice edge subdivided into `seg` wiggly segments shared by both neighbours.
fn jittered_grid(nx: usize, ny: usize, seg: usize, seed: u64) -> Vec<(u32, Vec<Polygon<f64>>)> {
    grid_with(nx, ny, seg, seed, false).0
}

type Bits = (u64, u64);

/// As [`jittered_grid`]; with `t_junctions`, vertical edges are straight and only the cell on
/// their left has the intermediate vertices: the cell on the right sees them as T-junctions.
fn grid_with(
    nx: usize,
    ny: usize,
    seg: usize,
    seed: u64,
    t_junctions: bool,
) -> (Vec<CellPolygons>, HashSet<Bits>) {
    let mut rng = Lcg(seed);
    let deg = |x: f64, y: f64| Coord {
        x: 118.05 + x * 0.002,
        y: 24.44 + y * 0.002,
    };
    let corner: Vec<Vec<(f64, f64)>> = (0..=nx)
        .map(|i| {
            (0..=ny)
                .map(|j| {
                    let jx = if i == 0 || i == nx {
                        0.0
                    } else {
                        rng.next() * 0.6 - 0.3
                    };
                    let jy = if j == 0 || j == ny {
                        0.0
                    } else {
                        rng.next() * 0.6 - 0.3
                    };
                    (i as f64 + jx, j as f64 + jy)
                })
                .collect()
        })
        .collect();
    let mut wiggle = |a: (f64, f64), b: (f64, f64), straight: bool| -> Vec<(f64, f64)> {
        (1..seg)
            .map(|k| {
                let t = k as f64 / seg as f64;
                let n = rng.next() * 0.1 - 0.05;
                let n = if straight { 0.0 } else { n };
                let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                (a.0 + t * dx - n * dy, a.1 + t * dy + n * dx)
            })
            .collect()
    };
    let h: Vec<Vec<Vec<(f64, f64)>>> = (0..nx)
        .map(|i| {
            (0..=ny)
                .map(|j| wiggle(corner[i][j], corner[i + 1][j], false))
                .collect()
        })
        .collect();
    let v: Vec<Vec<Vec<(f64, f64)>>> = (0..=nx)
        .map(|i| {
            (0..ny)
                .map(|j| wiggle(corner[i][j], corner[i][j + 1], t_junctions))
                .collect()
        })
        .collect();
    // the outer boundary's vertices, projected as the renderer does
    let mut boundary = HashSet::new();
    let mut mark = |p: (f64, f64)| {
        let c = deg(p.0, p.1);
        boundary.insert(bits(mercator_from_lnglat([c.x, c.y])));
    };
    for i in 0..nx {
        for j in [0, ny] {
            mark(corner[i][j]);
            mark(corner[i + 1][j]);
            h[i][j].iter().for_each(|&p| mark(p));
        }
    }
    for j in 0..ny {
        for i in [0, nx] {
            mark(corner[i][j]);
            mark(corner[i][j + 1]);
            v[i][j].iter().for_each(|&p| mark(p));
        }
    }
    let mut cells = Vec::new();
    for i in 0..nx {
        for j in 0..ny {
            let mut r: Vec<(f64, f64)> = vec![corner[i][j]];
            r.extend(&h[i][j]);
            r.push(corner[i + 1][j]);
            r.extend(&v[i + 1][j]);
            r.push(corner[i + 1][j + 1]);
            r.extend(h[i][j + 1].iter().rev());
            r.push(corner[i][j + 1]);
            if !(t_junctions && i > 0) {
                r.extend(v[i][j].iter().rev());
            }
            let ls: LineString<f64> = r.iter().map(|&(x, y)| deg(x, y)).collect();
            cells.push(((i * ny + j + 1) as u32, vec![Polygon::new(ls, vec![])]));
        }
    }
    (cells, boundary)
}

fn nl_zones() -> Vec<(u32, Vec<Polygon<f64>>)> {
    common::nl_zones_cells()
}

fn area(cells: &[SimplifiedCell]) -> f64 {
    let ring_area = |r: &[[f64; 2]]| {
        let n = r.len();
        (0..n)
            .map(|i| r[i][0] * r[(i + 1) % n][1] - r[(i + 1) % n][0] * r[i][1])
            .sum::<f64>()
            .abs()
            / 2.0
    };
    cells
        .iter()
        .flat_map(|(_, parts)| parts)
        .map(|rings| ring_area(&rings[0]) - rings[1..].iter().map(|r| ring_area(r)).sum::<f64>())
        .sum()
}

fn vertex_count(cells: &[SimplifiedCell]) -> usize {
    cells
        .iter()
        .flat_map(|(_, p)| p)
        .flatten()
        .map(|r| r.len())
        .sum()
}

type Key = ((u64, u64), (u64, u64));
fn bits(p: [f64; 2]) -> (u64, u64) {
    (p[0].to_bits(), p[1].to_bits())
}

/// Directed edges per undirected edge: (cell, forward?).
fn edges(cells: &[SimplifiedCell]) -> HashMap<Key, Vec<(u32, bool)>> {
    let mut m: HashMap<Key, Vec<(u32, bool)>> = HashMap::new();
    for (n, parts) in cells {
        for ring in parts.iter().flatten() {
            for i in 0..ring.len() {
                let (a, b) = (bits(ring[i]), bits(ring[(i + 1) % ring.len()]));
                let fwd = a < b;
                m.entry(if fwd { (a, b) } else { (b, a) })
                    .or_default()
                    .push((*n, fwd));
            }
        }
    }
    m
}

/// The original outline: end points of edges used by one ring only (T-junctions included).
fn outline_of(original: &[SimplifiedCell]) -> HashSet<Bits> {
    edges(original)
        .into_iter()
        .filter(|(_, v)| v.len() == 1)
        .flat_map(|(k, _)| [k.0, k.1])
        .collect()
}

/// No gaps: along every edge of the simplified cells, the walks in one direction match the
/// walks in the other (two neighbours, or one ring's zero-width bridge), except on the outline
/// (`outline` holds its vertices), where one walk is unmatched.
fn assert_no_gaps(outline: &HashSet<Bits>, simplified: &[SimplifiedCell]) {
    let mut shared = 0;
    for (k, v) in edges(simplified) {
        let fwd = v.iter().filter(|x| x.1).count();
        let bwd = v.len() - fwd;
        if fwd == bwd {
            let cells: HashSet<u32> = v.iter().map(|x| x.0).collect();
            shared += (cells.len() > 1) as usize;
        } else {
            assert_eq!(
                fwd.abs_diff(bwd),
                1,
                "edge {k:?} walked {fwd}× one way, {bwd}× back"
            );
            assert!(
                outline.contains(&k.0) && outline.contains(&k.1),
                "unmatched interior edge {k:?}: a gap or sliver"
            );
        }
    }
    assert!(shared > 0);
}

#[test]
fn simplification_keeps_shared_edges_on_jittered_grid() {
    let (cells, boundary) = grid_with(12, 10, 8, 42, false);
    let arcs = SharedArcs::new(&cells).unwrap();
    let original = arcs.original();
    assert_eq!(outline_of(&original), boundary);
    // level 14: half a device px at zoom 14
    let tol = 0.5 / (256.0 * 2f64.powi(14));
    let simplified = arcs.simplify(tol);
    assert_no_gaps(&boundary, &simplified);
    let (a0, a1) = (area(&original), area(&simplified));
    assert!(((a1 - a0) / a0).abs() < 1e-3, "area {a0} → {a1}");
    let (v0, v1) = (vertex_count(&original), vertex_count(&simplified));
    assert!(v1 < v0 * 3 / 4, "vertices {v0} → {v1}");
    // heavier simplification still has no gaps
    assert_no_gaps(&boundary, &arcs.simplify(tol * 16.0));
}

#[test]
fn simplification_nodes_t_junctions() {
    let (cells, boundary) = grid_with(10, 8, 6, 5, true);
    let arcs = SharedArcs::new(&cells).unwrap();
    let original = arcs.original();
    // the T-junctions make interior edges look like outline in the input
    assert!(outline_of(&original).len() > boundary.len());
    // tolerance 0: the right-hand cells must have gained the T vertices (shared exactly)
    for tol in [
        0.0,
        0.5 / 256.0 / 4096.0,
        0.5 / 256.0 / 8192.0,
        0.5 / 256.0 / 65536.0,
    ] {
        assert_no_gaps(&boundary, &arcs.simplify(tol));
    }
    let simplified = arcs.simplify(0.5 / (256.0 * 2f64.powi(13)));
    let (a0, a1) = (area(&original), area(&simplified));
    assert!(((a1 - a0) / a0).abs() < 1e-3, "area {a0} → {a1}");
}

#[test]
fn simplification_keeps_shared_edges_on_nl_zones() {
    let cells = nl_zones();
    assert_eq!(cells.len(), 91);
    let arcs = SharedArcs::new(&cells).unwrap();
    let original = arcs.original();
    for level in [15, 16, 17] {
        let tol = 0.5 / (256.0 * 2f64.powi(level));
        let simplified = arcs.simplify(tol);
        assert_no_gaps(&outline_of(&original), &simplified);
        let (a0, a1) = (area(&original), area(&simplified));
        assert!(
            ((a1 - a0) / a0).abs() < 5e-3,
            "level {level}: area {a0} → {a1}"
        );
        let (v0, v1) = (vertex_count(&original), vertex_count(&simplified));
        assert!(v1 < v0, "level {level}: vertices {v0} → {v1}");
    }
}

fn scene(cells: &[(u32, Vec<Polygon<f64>>)]) -> Scene {
    let names: Vec<String> = cells.iter().map(|(n, _)| format!("网格{n}")).collect();
    let vp = Viewport::new(1280.0, 800.0, 2.0, [118.06, 24.45], 12.0).unwrap();
    let mut s = Scene::new(cells, &names, vp).unwrap();
    s.fit_bounds(16.0).unwrap();
    s
}

#[test]
fn pick_agrees_with_brute_force() {
    let cells = jittered_grid(20, 15, 5, 7);
    let mut s = scene(&cells);
    let mut rng = Lcg(99);
    for round in 0..3 {
        let mut inside = 0;
        for _ in 0..3000 {
            let (x, y) = (rng.next() * 1400.0 - 60.0, rng.next() * 900.0 - 50.0);
            let got = s.pick(x, y);
            assert_eq!(got, s.pick_brute_force(x, y), "at ({x}, {y}) round {round}");
            inside += got.is_some() as u32;
        }
        assert!(inside > 1000);
        s.zoom_at(640.0, 400.0, 2.5).unwrap();
        s.pan_by(-130.0, 77.0).unwrap();
    }
    assert_eq!(s.pick(f64::NAN, 1.0), None);
    assert_eq!(s.pick(-1e6, -1e6), None);
}

#[test]
fn pick_on_a_shared_edge_gives_exactly_one_cell() {
    // two unit squares sharing x = 118.001; screen point exactly on the edge
    let sq = |x: f64| {
        Polygon::new(
            LineString::from(vec![
                (x, 24.0),
                (x + 0.001, 24.0),
                (x + 0.001, 24.001),
                (x, 24.001),
            ]),
            vec![],
        )
    };
    let cells = vec![(1, vec![sq(118.0)]), (2, vec![sq(118.001)])];
    let s = scene(&cells);
    let p = s.viewport().project([118.001, 24.0005]);
    assert_eq!(s.pick(p[0], p[1]), Some(2));
}

#[test]
fn display_list_culls_highlights_and_labels_without_overlap() {
    let cells = jittered_grid(28, 25, 6, 3);
    let mut s = scene(&cells);
    let values: Vec<f64> = (0..cells.len())
        .map(|i| {
            if i % 17 == 0 {
                f64::NAN
            } else {
                (i * 37 % 101) as f64
            }
        })
        .collect();
    s.set_values(&values).unwrap();
    s.set_classification(Classification {
        method: ClassMethod::NaturalBreaks,
        classes: 6,
        palette: "YlOrRd".into(),
        breaks: None,
    })
    .unwrap();
    assert!(s.is_dirty());
    s.set_hover(Some(5)).unwrap();
    s.set_selected(Some(300)).unwrap();
    let dl = s.display_list();
    s.mark_clean();
    assert_eq!(dl.paths.len(), cells.len() + 2);
    let n = dl.paths.len();
    assert_eq!(dl.paths[n - 2].role, PathRole::Hover);
    assert_eq!(dl.paths[n - 1].role, PathRole::Selected);
    assert_eq!(dl.paths[n - 1].cell, 300);
    let legend = s.legend();
    assert_eq!(
        legend.no_data_count as usize,
        values.iter().filter(|v| v.is_nan()).count()
    );
    assert_eq!(
        legend.classes.iter().map(|c| c.count).sum::<u32>() + legend.no_data_count,
        cells.len() as u32
    );
    // labels: inside the canvas, not overlapping (estimated boxes)
    assert!(!dl.labels.is_empty());
    let boxes: Vec<[f64; 4]> = dl
        .labels
        .iter()
        .map(|l| {
            let w = jinlin::render::text_width_em(&l.text) * l.font_size_px;
            let h = l.font_size_px * 1.2;
            [l.x - w / 2.0, l.y - h / 2.0, l.x + w / 2.0, l.y + h / 2.0]
        })
        .collect();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            assert!(
                !(a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]),
                "overlap"
            );
        }
    }
    // nothing changed: not dirty; hovering the same cell again changes nothing
    assert!(!s.is_dirty());
    assert!(!s.set_hover(Some(5)).unwrap());
    assert!(!s.is_dirty());
    assert!(s.set_hover(Some(99_999)).is_err());
    // zoom into a corner: fewer paths (culled), and the hovered cell may be culled too
    s.zoom_at(10.0, 10.0, 16.0).unwrap();
    assert!(s.is_dirty());
    let dl = s.display_list();
    assert!(dl.paths.len() < cells.len() / 4, "{}", dl.paths.len());
    // culling is exact: a cell is drawn iff its projected box meets the canvas (8 px margin)
    let r = s.viewport().device_pixel_ratio();
    let drawn: HashSet<u32> = dl
        .paths
        .iter()
        .filter(|p| p.role == PathRole::Cell)
        .map(|p| p.cell)
        .collect();
    for (n, polys) in &cells {
        let pts: Vec<[f64; 2]> = polys[0]
            .exterior()
            .0
            .iter()
            .map(|c| s.viewport().project([c.x, c.y]))
            .collect();
        let (x0, x1) = pts
            .iter()
            .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p[0]), a.1.max(p[0])));
        let (y0, y1) = pts
            .iter()
            .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p[1]), a.1.max(p[1])));
        let (w, h) = (s.viewport().width_css(), s.viewport().height_css());
        let meets = x1 >= -8.0 && x0 <= w + 8.0 && y1 >= -8.0 && y0 <= h + 8.0;
        assert_eq!(
            drawn.contains(n),
            meets,
            "cell {n}: box [{x0}, {y0}, {x1}, {y1}]"
        );
    }
    assert!(dl.paths.iter().all(|p| p
        .points
        .iter()
        .all(|q| q[0].is_finite() && q[1].is_finite())));
    assert!(r > 0.0);
    // zoomed far out, cells are a few px: every label is hidden
    let mut far = s.clone();
    far.zoom_at(640.0, 400.0, 1.0 / 64.0).unwrap();
    let dl_far = far.display_list();
    assert!(dl_far.labels.is_empty(), "{} labels", dl_far.labels.len());
    assert!(!dl_far.paths.is_empty());
    // huge zoom and far pans never panic
    s.zoom_at(0.0, 0.0, 1e12).unwrap();
    s.pan_by(1e9, -1e9).unwrap();
    let _ = s.display_list();
    let _ = s.to_svg();
}

#[test]
fn bad_input_is_an_error_or_dropped_never_a_panic() {
    let cells = vec![
        (1, vec![]),
        (
            2,
            vec![Polygon::new(
                LineString::from(vec![(f64::NAN, 1.0), (f64::INFINITY, 2.0), (1.0, 1.0)]),
                vec![],
            )],
        ),
        (
            3,
            vec![Polygon::new(
                LineString::from(vec![(118.0, 24.0), (118.0, 24.0), (118.0, 24.0)]),
                vec![],
            )],
        ),
    ];
    let names = vec!["a".to_string(), "b".to_string(), "c".to_string()];
    let vp = Viewport::new(100.0, 100.0, 1.0, [118.0, 24.0], 10.0).unwrap();
    let mut s = Scene::new(&cells, &names, vp).unwrap();
    // geo closes the ring by repeating the first (NaN) vertex: 3 invalid vertices
    assert_eq!(s.report().invalid_vertices, 3);
    assert_eq!(s.report().degenerate_rings, 2);
    s.fit_bounds(10.0).unwrap();
    s.set_values(&[f64::NAN, 1.0, 2.0]).unwrap();
    // ±∞ is an error naming the entry (NaN is no data), and the values stay
    let e = s.set_values(&[f64::NAN, 1.0, f64::INFINITY]).unwrap_err();
    assert_eq!(e.code(), "RENDER_INVALID_VALUE");
    assert_eq!(
        e.to_string(),
        "values[2] = Infinity is not a finite number (NaN means no data)"
    );
    assert_eq!(s.legend().no_data_count, 1);
    assert_eq!(
        s.set_values(&[1.0]).unwrap_err().code(),
        "RENDER_VALUES_LENGTH"
    );
    for bad in [-1.0, f64::NAN, f64::INFINITY] {
        assert_eq!(
            s.resize(bad, 10.0, 1.0).unwrap_err().code(),
            "RENDER_INVALID_VIEWPORT"
        );
    }
    let bad = Classification {
        method: ClassMethod::Manual,
        classes: 3,
        palette: "Blues".into(),
        breaks: Some(vec![3.0, 1.0]),
    };
    assert_eq!(
        s.set_classification(bad).unwrap_err().code(),
        "RENDER_INVALID_BREAKS"
    );
    let dl = s.display_list();
    assert!(dl.paths.is_empty());
    assert_eq!(s.pick(50.0, 50.0), None);
    // an empty scene
    let mut e = Scene::new(
        &[],
        &[],
        Viewport::new(10.0, 10.0, 1.0, [0.0, 0.0], 0.0).unwrap(),
    )
    .unwrap();
    e.fit_bounds(0.0).unwrap();
    assert!(e.display_list().paths.is_empty());
    assert_eq!(e.legend().classes.len(), 0);
}

#[test]
fn markers_cluster_and_pick() {
    let cells = jittered_grid(4, 4, 2, 1);
    let mut s = scene(&cells);
    let pos = [118.051, 24.441, 118.0511, 24.4411, 118.057, 24.447];
    let layer = PointLayer::new(PointKind::Event, &pos, &[10, 11, 12], 40.0).unwrap();
    s.add_points(layer);
    s.set_viewport(Viewport::new(1280.0, 800.0, 2.0, [118.054, 24.444], 13.0).unwrap());
    let dl = s.display_list();
    assert_eq!(dl.markers.iter().map(|m| m.count).sum::<u32>(), 3);
    let m = dl
        .markers
        .iter()
        .find(|m| m.count == 2)
        .expect("a cluster of two");
    let hit = s.pick_marker(m.x / 2.0, m.y / 2.0).unwrap();
    assert_eq!((hit.count, hit.first_id), (2, 10));
    assert!(s.pick_marker(1.0, 1.0).is_none());
}

/// Native timings (release): `cargo test --release --test render_topology -- --ignored
/// --nocapture`. Prints; asserts nothing about time.
#[test]
#[ignore]
fn timings() {
    use std::time::Instant;
    let cells = jittered_grid(28, 25, 5, 11); // 700 cells, 20 vertices each
    let t = Instant::now();
    let arcs = SharedArcs::new(&cells).unwrap();
    let arcs_time = t.elapsed();
    let t = Instant::now();
    let simplified = arcs.simplify(0.5 / (256.0 * 2f64.powi(14)));
    let simplify_time = t.elapsed();
    let t = Instant::now();
    let mut s = scene(&cells);
    let build = t.elapsed();
    println!(
        "arcs {arcs_time:?} ({} arcs); simplify one level {simplify_time:?} ({} → {} vertices)",
        arcs.arc_count(),
        vertex_count(&arcs.original()),
        vertex_count(&simplified)
    );
    let values: Vec<f64> = (0..cells.len()).map(|i| (i * 7919 % 1000) as f64).collect();
    s.set_values(&values).unwrap();
    let _ = s.display_list(); // fills the simplification cache for this level
    let n = 200;
    let t = Instant::now();
    let mut paths = 0;
    for k in 0..n {
        s.pan_by(if k % 2 == 0 { 1.0 } else { -1.0 }, 0.0).unwrap();
        let dl = s.display_list();
        paths += dl.paths.len() + dl.labels.len();
    }
    let dl_time = t.elapsed() / n;
    let t = Instant::now();
    s.zoom_at(640.0, 400.0, 2.0).unwrap();
    let _ = s.display_list();
    let new_level = t.elapsed();
    let t = Instant::now();
    let svg = s.to_svg();
    let svg_time = t.elapsed();
    let mut rng = Lcg(5);
    let pts: Vec<(f64, f64)> = (0..100_000)
        .map(|_| (rng.next() * 1280.0, rng.next() * 800.0))
        .collect();
    let t = Instant::now();
    let mut hits = 0;
    for &(x, y) in &pts {
        hits += s.pick(x, y).is_some() as u32;
    }
    let pick = t.elapsed() / pts.len() as u32;
    let t = Instant::now();
    for &(x, y) in &pts[..10_000] {
        hits += s.pick_brute_force(x, y).is_some() as u32;
    }
    let brute = t.elapsed() / 10_000;
    println!(
        "scene build (project, arcs, polylabel, index) {build:?}; display list 700 cells + labels {dl_time:?} \
         (avg of {n}, {paths} items); first frame at a new zoom level {new_level:?}; SVG {svg_time:?} \
         ({} bytes); pick {pick:?} (brute force {brute:?}); hits {hits}",
        svg.len()
    );
}

mod props {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn base() -> &'static Scene {
        static S: OnceLock<Scene> = OnceLock::new();
        S.get_or_init(|| scene(&jittered_grid(15, 12, 4, 21)))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn pick_matches_brute_force_under_any_view(
            zoom_factor in 0.25f64..64.0,
            fx in 0.0f64..1280.0, fy in 0.0f64..800.0,
            dx in -800.0f64..800.0, dy in -800.0f64..800.0,
            x in -20.0f64..1300.0, y in -20.0f64..820.0,
        ) {
            let mut s = base().clone();
            s.zoom_at(fx, fy, zoom_factor).unwrap();
            s.pan_by(dx, dy).unwrap();
            prop_assert_eq!(s.pick(x, y), s.pick_brute_force(x, y));
        }

        #[test]
        fn zoom_at_keeps_the_focal_point(
            factor in 0.01f64..100.0, x in 0.0f64..1280.0, y in 0.0f64..800.0,
        ) {
            let mut s = base().clone();
            let before = s.viewport().unproject(x, y).unwrap();
            s.zoom_at(x, y, factor).unwrap();
            let p = s.viewport().project(before);
            prop_assert!((p[0] - x).abs() < 1e-6 && (p[1] - y).abs() < 1e-6);
        }
    }
}

/// A canvas not laid out (a hidden tab: `clientWidth` 0) gives a 0 × 0 view: accepted (it was
/// RENDER_INVALID_VIEWPORT), empty — nothing drawn, nothing picked — and fitted at the first
/// resize that holds the map, as a view made at 1 × 1 px is.
#[test]
fn a_view_of_a_hidden_canvas_is_empty_until_resized_then_fits() {
    let cells = jittered_grid(6, 4, 3, 11);
    let names: Vec<String> = cells.iter().map(|(id, _)| format!("网格{id}")).collect();
    let mut want = Scene::new(
        &cells,
        &names,
        Viewport::new(640.0, 400.0, 2.0, [0.0, 0.0], 0.0).unwrap(),
    )
    .unwrap();
    want.fit_bounds(16.0).unwrap();
    for (w, h) in [(0.0, 0.0), (0.0, 400.0), (640.0, 0.0)] {
        let vp = Viewport::new(w, h, 2.0, [0.0, 0.0], 0.0).unwrap();
        assert!(vp.is_empty());
        let mut s = Scene::new(&cells, &names, vp).unwrap();
        s.fit_bounds(16.0).unwrap();
        let dl = s.display_list();
        assert!(dl.paths.is_empty() && dl.labels.is_empty() && dl.markers.is_empty());
        assert_eq!(
            (dl.width_px, dl.height_px),
            (
                if w > 0.0 { 1280 } else { 1 },
                if h > 0.0 { 800 } else { 1 }
            )
        );
        // the map's centre is under the view's (empty) centre: it would be picked
        assert_eq!(s.pick(w / 2.0, h / 2.0), None);
        assert_eq!(s.pick_marker(w / 2.0, h / 2.0), None);
        s.resize(640.0, 400.0, 2.0).unwrap();
        assert_eq!(
            (s.viewport().zoom(), s.viewport().center()),
            (want.viewport().zoom(), want.viewport().center()),
            "fitted at the first resize"
        );
        assert!(s.pick(320.0, 200.0).is_some());
        assert!(!s.display_list().paths.is_empty());
        // hidden again: empty again, keeping centre and zoom
        s.resize(0.0, 0.0, 2.0).unwrap();
        assert_eq!(s.pick(0.0, 0.0), None);
        assert_eq!(s.viewport().zoom(), want.viewport().zoom());
    }
    for bad in [-1.0, f64::NAN] {
        assert_eq!(
            Viewport::new(bad, 400.0, 1.0, [0.0, 0.0], 0.0)
                .unwrap_err()
                .code(),
            "RENDER_INVALID_VIEWPORT"
        );
    }
}
