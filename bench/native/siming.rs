//! Native benchmark of geocoding the real Siming sample (generated into `www/data/` by
//! `scripts/build.sh`): index build and ns per household for a sweep of index options, checked
//! against the sample's ground truth. Run: `cargo bench --bench siming`.

use std::time::Instant;

use jinlin::geocode::{CellIndex, IndexOptions};
use jinlin::{Datum, GridMap};

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/data");
    let Ok(households) = std::fs::read(dir.join("households.f64")) else {
        eprintln!("no www/data: run scripts/build.sh first");
        return;
    };
    let positions: Vec<f64> = households
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes(b.try_into().unwrap()))
        .collect();
    let truth: Vec<i32> = std::fs::read(dir.join("truth.i32"))
        .unwrap()
        .chunks_exact(4)
        .map(|b| i32::from_le_bytes(b.try_into().unwrap()))
        .collect();
    let options = jinlin::grid::GridOptions {
        datum: Datum::Gcj02,
        ..Default::default()
    };
    for file in ["grid.geojson", "grid-dense.geojson"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let t = Instant::now();
        let grid = GridMap::from_geojson(&text, &options).unwrap();
        let parse_ms = t.elapsed().as_secs_f64() * 1e3;
        let cells: Vec<_> = grid
            .leaves()
            .into_iter()
            .map(|i| (i, grid.cells[i as usize].polygons.clone()))
            .collect();
        println!("{file}: parse {parse_ms:.1} ms, {} leaf cells", cells.len());
        for &(max_cells, fraction) in &[
            (1u32 << 18, 0.2),
            (1 << 18, 0.1),
            (1 << 20, 0.2),
            (1 << 20, 0.1),
            (1 << 20, 0.05),
            (1 << 22, 0.05),
        ] {
            let t = Instant::now();
            let index = CellIndex::with_options(
                &cells,
                IndexOptions {
                    max_raster_cells: max_cells,
                    target_boundary_fraction: fraction,
                },
            );
            let build_ms = t.elapsed().as_secs_f64() * 1e3;
            let mut out = vec![0i32; truth.len()];
            let mut best = f64::INFINITY;
            for _ in 0..5 {
                let t = Instant::now();
                index.assign_into(&positions, &mut out).unwrap();
                best = best.min(t.elapsed().as_secs_f64());
            }
            assert_eq!(out, truth, "assignment differs from the sample's truth");
            let s = index.stats();
            println!(
                "  max {max_cells:>8} frac {fraction:<4}: raster {}x{} boundary {} ({:.1} MB) build {build_ms:6.1} ms, assign {:5.1} ms = {:4.1} ns/household",
                s.raster_width,
                s.raster_height,
                s.boundary_cells,
                s.heap_bytes as f64 / 1e6,
                best * 1e3,
                best * 1e9 / truth.len() as f64
            );
        }
    }
}
