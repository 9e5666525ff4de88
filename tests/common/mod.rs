//! Helpers shared by the integration tests and the native benchmarks (included with `mod common;`
//! or `#[path]`).
#![allow(dead_code)]

use geo::{MultiPolygon, Polygon};
use wkt::TryFromWkt;

/// The 91 real cadastral parcels of `tests/fixtures/geocode/nl_zones/input.wkt` (WGS-84,
/// `[lng, lat]` degrees), in file order, parsed with the georust `wkt` crate.
pub fn nl_zones() -> Vec<Polygon<f64>> {
    let text = include_str!("../fixtures/geocode/nl_zones/input.wkt");
    MultiPolygon::<f64>::try_from_wkt_str(text)
        .expect("nl_zones.wkt is one MULTIPOLYGON")
        .0
}

/// The parcels of [`nl_zones`] as cells, one polygon each, numbered in file order.
pub fn nl_zones_cells() -> Vec<(u32, Vec<Polygon<f64>>)> {
    nl_zones()
        .into_iter()
        .enumerate()
        .map(|(i, p)| (i as u32, vec![p]))
        .collect()
}

/// The view of a grid map as `GridMapView.fromGridMap(canvas, map, { widthCss: 1280,
/// heightCss: 800, devicePixelRatio: 2, show: top })` builds it (src/wasm/render.rs): the
/// drill-down's top level shown and fitted with 16 CSS px of padding; no values yet.
pub fn scene_of(map: &jinlin::grid::GridMap, top: jinlin::grid::Level) -> jinlin::render::Scene {
    use jinlin::render::{Drill, Scene, Viewport};
    let cells: Vec<(u32, Vec<Polygon<f64>>)> = map
        .cells
        .iter()
        .enumerate()
        .map(|(i, c)| (i as u32, c.polygons.clone()))
        .collect();
    let names: Vec<String> = map.cells.iter().map(|c| c.name.clone()).collect();
    let levels: Vec<jinlin::grid::Level> = map.cells.iter().map(|c| c.level).collect();
    let parents: Vec<Option<usize>> = map
        .cells
        .iter()
        .map(|c| c.parent.map(|p| p as usize))
        .collect();
    let drill = Drill::new(&parents, &levels, top);
    let vp = Viewport::new(1280.0, 800.0, 2.0, [0.0, 0.0], 0.0).unwrap();
    let mut scene = Scene::new(&cells, &names, vp).unwrap();
    scene.set_levels(&levels).unwrap();
    scene.set_visible(Some(&drill.visible())).unwrap();
    scene.fit_visible(16.0).unwrap();
    scene
}

/// Deterministic LCG (seeded) returning values in [0, 1).
pub struct Lcg(pub u64);

impl Lcg {
    /// The next value in [0, 1).
    pub fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64) / ((1u64 << 53) as f64)
    }
}

/// The Siming sample's `grid.geojson`, generated here (as `scripts/build.sh` writes it to
/// www/data/, which a clean checkout does not have yet).
pub fn siming_grid_geojson() -> String {
    let sample = siming_sample::generate(siming_sample::DEFAULT_SEED);
    let files = siming_sample::output::render(&sample).files;
    let (_, bytes) = files
        .into_iter()
        .find(|(name, _)| name == "grid.geojson")
        .expect("the sample has grid.geojson");
    String::from_utf8(bytes).expect("UTF-8")
}
