//! Native benchmark of the Rust side of the grid map's first render on the Siming sample
//! (generated into `www/data/` by `scripts/build.sh`): `GridMap::from_geojson` (with the JSON
//! parse alone for scale), then what `GridMapView.fromGridMap` + `render()` compute before any
//! Canvas call (scene build, paint batches, labels). Best of several runs, in ms.
//! Run: `cargo bench --bench first_render` (`RUNS=n` runs each, best kept; `ONLY=parse` times
//! only `from_geojson`, e.g. under `perf stat`).

#[path = "../../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use jinlin::{Datum, GridMap, Level};

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
        out = Some(r);
    }
    (best, out.unwrap())
}

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/data");
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    let options = jinlin::grid::GridOptions {
        datum: Datum::Gcj02,
        ..Default::default()
    };
    for file in ["grid.geojson", "grid-dense.geojson"] {
        let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
            eprintln!("no www/data: run scripts/build.sh first");
            return;
        };
        let (json_ms, _) = best(runs, || {
            serde_json::from_str::<serde_json::Value>(&text).unwrap()
        });
        let (parse_ms, grid) = best(runs, || GridMap::from_geojson(&text, &options).unwrap());
        if std::env::var("ONLY").is_ok_and(|o| o == "parse") {
            println!("{file}: from_geojson {parse_ms:.2} ms");
            continue;
        }
        // as `GridMapView.fromGridMap(canvas, map, { show: 'grid' })` builds it
        let (scene_ms, mut scene) = best(runs, || common::scene_of(&grid, Level::Grid));
        let values: Vec<f64> = (0..grid.cells.len())
            .map(|i| (i * 37 % 101) as f64)
            .collect();
        scene.set_values(&values).unwrap();
        let t = Instant::now();
        let batches = scene.paint_batches();
        let batches_ms = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        let (labels, _) = scene.labels_and_markers();
        let labels_ms = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "{file}: serde_json Value {json_ms:.2} ms; from_geojson {parse_ms:.2} ms; \
             scene build {scene_ms:.2} ms; first paint batches {batches_ms:.2} ms ({} fills); \
             first labels {labels_ms:.2} ms ({} labels)",
            batches.fills.len(),
            labels.len()
        );
    }
}
