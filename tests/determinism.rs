//! Determinism (issue #6, item 5): the same input gives the same result whatever the order of
//! the input where the rules say so, and the same bytes natively and in wasm.
//!
//! `native_bytes_for_the_wasm_comparison` writes, for fixed inputs, the canonical bytes of
//! every kind of result into `target/determinism/`: the assignment of the Siming sample (cell
//! per household as i32 LE, households per cell as u32 LE, persons per cell as f64 LE; plain
//! and dense grid), the households converted to WGS-84 and assigned from there, the SVG of the grid map coloured by households (1280×800 CSS px at DPR 2,
//! the street level as `GridMapView.fromGeoJSON` shows it; its coordinates rounded to 1e-7°, see
//! below), and for every tally fixture the
//! canonical result JSON and the hash chain of its log. `tests/js/determinism.test.mjs`
//! computes the same through the built npm package (wasm) and compares byte for byte.

use std::path::PathBuf;

mod common;

use jinlin::tally::{build_log, result_json, tally, TallyInput};
use jinlin::{Datum, GridIndex, GridMap, GridOptions, Level};

fn sample_files() -> Vec<(String, Vec<u8>)> {
    let sample = siming_sample::generate(siming_sample::DEFAULT_SEED);
    siming_sample::output::render(&sample).files
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &files.iter().find(|(n, _)| n == name).expect(name).1
}

/// The sample's household positions, `[lng, lat, …]` (GCJ-02 degrees).
fn households(files: &[(String, Vec<u8>)]) -> Vec<f64> {
    file(files, "households.f64")
        .chunks_exact(8)
        .map(|b| f64::from_le_bytes(b.try_into().unwrap()))
        .collect()
}

fn options() -> GridOptions {
    GridOptions {
        datum: Datum::Gcj02,
        ..Default::default()
    }
}

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/determinism");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn le<T: Copy, const N: usize>(values: &[T], to: fn(T) -> [u8; N]) -> Vec<u8> {
    values.iter().flat_map(|&v| to(v)).collect()
}

/// The SVG `GridMapView.fromGeoJSON(canvas, text, { widthCss: 1280, heightCss: 800,
/// devicePixelRatio: 2 })` then `setValues(values)` and `toSvg()` give (src/wasm/render.rs).
fn svg_of(map: &GridMap, values: &[f64]) -> String {
    let mut scene = common::scene_of(map, Level::Street);
    scene.set_values(values).unwrap();
    scene.to_svg()
}

/// The GeoJSON with every coordinate rounded to 1e-7°.
fn rounded_coordinates(text: &str) -> String {
    fn round(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Array(a) => a.iter_mut().for_each(round),
            serde_json::Value::Number(n) => {
                let x = (n.as_f64().unwrap() * 1e7).round() / 1e7;
                *v = serde_json::json!(x);
            }
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
    for f in value["features"].as_array_mut().unwrap() {
        round(&mut f["geometry"]["coordinates"]);
    }
    serde_json::to_string(&value).unwrap()
}

#[test]
fn native_bytes_for_the_wasm_comparison() {
    let files = sample_files();
    let dir = out_dir();
    let positions = households(&files);
    let persons: Vec<u32> = file(&files, "persons.u8")
        .iter()
        .map(|&p| p.into())
        .collect();
    for name in ["grid", "grid-dense"] {
        let text = std::str::from_utf8(file(&files, &format!("{name}.geojson"))).unwrap();
        let map = GridMap::from_geojson(text, &options()).unwrap();
        let r = GridIndex::new(&map)
            .assign(&positions, Datum::Gcj02, Some(&persons))
            .unwrap();
        assert_eq!(r.summary.assigned as usize, positions.len() / 2);
        let persons_f64: Vec<f64> = r.persons.iter().map(|&p| p as f64).collect();
        let w = |suffix: &str, bytes: Vec<u8>| {
            std::fs::write(dir.join(format!("assign-{name}.{suffix}")), bytes).unwrap()
        };
        w("cell.i32", le(&r.cell, i32::to_le_bytes));
        w("households.u32", le(&r.households, u32::to_le_bytes));
        w("persons.f64", le(&persons_f64, f64::to_le_bytes));
        if name == "grid" {
            // The render module parses GeoJSON numbers with serde_json's fast float parser
            // (Cargo.toml: correctly rounded parsing is for geocoding only), which can be one
            // ulp off for 17 significant digits; with at most 15 it is exact. The SVG is compared
            // on the map with its coordinates rounded to 1e-7° (~1 cm), written here for the JS
            // test to read.
            let rounded = rounded_coordinates(text);
            std::fs::write(dir.join("grid-rounded.geojson"), &rounded).unwrap();
            let rounded_map = GridMap::from_geojson(&rounded, &options()).unwrap();
            let values: Vec<f64> = r.households.iter().map(|&h| f64::from(h)).collect();
            let svg = svg_of(&rounded_map, &values);
            assert!(svg.starts_with("<svg") && svg.len() > 10_000);
            std::fs::write(dir.join("render-grid.svg"), svg).unwrap();
        }
    }
    // Datum conversion (sin, cos, sqrt: src/math.rs) and an assignment through it.
    let mut wgs84 = positions.clone();
    jinlin::crs::convert_in_place(&mut wgs84, Datum::Gcj02, Datum::Wgs84).unwrap();
    std::fs::write(dir.join("convert-wgs84.f64"), le(&wgs84, f64::to_le_bytes)).unwrap();
    let text = std::str::from_utf8(file(&files, "grid.geojson")).unwrap();
    let r = GridIndex::new(&GridMap::from_geojson(text, &options()).unwrap())
        .assign(&wgs84, Datum::Wgs84, None)
        .unwrap();
    std::fs::write(
        dir.join("assign-grid-wgs84.cell.i32"),
        le(&r.cell, i32::to_le_bytes),
    )
    .unwrap();
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tally");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("input.json").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 20, "{names:?}");
    for name in &names {
        let text = std::fs::read_to_string(fixtures.join(name).join("input.json")).unwrap();
        let input: TallyInput = serde_json::from_str(&text).unwrap();
        let json = result_json(&tally(&input).unwrap()).unwrap();
        std::fs::write(dir.join(format!("tally-{name}.json")), json).unwrap();
        let hashes: Vec<String> = build_log(&input.snapshot, &input.ballots)
            .unwrap()
            .into_iter()
            .map(|e| e.hash)
            .collect();
        std::fs::write(dir.join(format!("log-{name}.txt")), hashes.join("\n")).unwrap();
    }
    std::fs::write(dir.join("tally-fixtures.txt"), names.join("\n")).unwrap();
}

/// A deterministic permutation (an LCG Fisher–Yates with a fixed seed).
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut s = seed;
    for i in (1..items.len()).rev() {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        items.swap(i, (s >> 33) as usize % (i + 1));
    }
}

#[test]
fn feature_order_part_order_and_ring_start_do_not_change_the_assignment() {
    let files = sample_files();
    let positions = households(&files);
    let text = std::str::from_utf8(file(&files, "grid.geojson")).unwrap();
    let map = GridMap::from_geojson(text, &options()).unwrap();
    // Every vertex of every cell, on shared edges and vertices: where order could matter.
    let mut probes = positions.clone();
    for c in &map.cells {
        for p in &c.polygons {
            for q in p.exterior().coords() {
                probes.extend([q.x, q.y]);
            }
        }
    }
    let reference = GridIndex::new(&map)
        .assign(&probes, Datum::Gcj02, None)
        .unwrap();
    assert!(reference.summary.boundary_ties > 1000);

    let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
    for seed in [1u64, 2, 3] {
        let features = value["features"].as_array_mut().unwrap();
        shuffle(features, seed);
        for f in features.iter_mut() {
            let g = &mut f["geometry"];
            if g["type"] == "MultiPolygon" {
                g["coordinates"].as_array_mut().unwrap().reverse();
            }
            // Start every exterior ring at another vertex (closing it again).
            let polygons: Vec<&mut serde_json::Value> = if g["type"] == "MultiPolygon" {
                g["coordinates"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .collect()
            } else {
                vec![&mut g["coordinates"]]
            };
            for p in polygons {
                let ring = p[0].as_array_mut().unwrap();
                ring.pop();
                let k = (seed as usize) % ring.len();
                ring.rotate_left(k);
                let first = ring[0].clone();
                ring.push(first);
            }
        }
        let shuffled = GridMap::from_geojson_value(&value, &options()).unwrap();
        let ids = |m: &GridMap| m.cells.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&shuffled), ids(&map), "cells are sorted by id");
        let r = GridIndex::new(&shuffled)
            .assign(&probes, Datum::Gcj02, None)
            .unwrap();
        assert_eq!(r, reference, "seed {seed}");
    }
}

#[test]
fn household_order_permutes_the_cells_and_keeps_the_counts() {
    let files = sample_files();
    let positions = households(&files);
    let text = std::str::from_utf8(file(&files, "grid.geojson")).unwrap();
    let index = GridIndex::new(&GridMap::from_geojson(text, &options()).unwrap());
    let a = index.assign(&positions, Datum::Gcj02, None).unwrap();
    let mut order: Vec<usize> = (0..positions.len() / 2).collect();
    shuffle(&mut order, 7);
    let permuted: Vec<f64> = order
        .iter()
        .flat_map(|&i| [positions[2 * i], positions[2 * i + 1]])
        .collect();
    let b = index.assign(&permuted, Datum::Gcj02, None).unwrap();
    assert_eq!(b.households, a.households);
    assert_eq!(b.persons, a.persons);
    assert_eq!(b.summary, a.summary);
    for (k, &i) in order.iter().enumerate() {
        assert_eq!(b.cell[k], a.cell[i]);
    }
}
