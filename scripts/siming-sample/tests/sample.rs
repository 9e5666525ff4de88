//! Properties of the generated Siming sample. Run with `cargo test -p siming-sample --release`.

use serde_json::Value;
use siming_sample::geom::{parity, ring_area};
use siming_sample::output::{self, Rendered};
use siming_sample::{generate, register, Level, Sample, DEFAULT_SEED};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

type Geoms = Vec<Vec<Vec<Vec<[f64; 2]>>>>;

struct Fixture {
    sample: Sample,
    rendered: Rendered,
    plain: Geoms,
    dense: Geoms,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let sample = generate(DEFAULT_SEED);
        let rendered = output::render(&sample);
        let plain = parse_geoms(file(&rendered, "grid.geojson"));
        let dense = parse_geoms(file(&rendered, "grid-dense.geojson"));
        Fixture {
            sample,
            rendered,
            plain,
            dense,
        }
    })
}

fn file<'a>(r: &'a Rendered, name: &str) -> &'a [u8] {
    &r.files.iter().find(|f| f.0 == name).expect(name).1
}

fn features(bytes: &[u8]) -> Vec<Value> {
    let v: Value = serde_json::from_slice(bytes).expect("valid JSON");
    assert_eq!(v["type"], "FeatureCollection");
    v["features"].as_array().expect("features").clone()
}

/// Geometry of each feature as polygons of rings (closing vertex removed, checked).
fn parse_geoms(bytes: &[u8]) -> Geoms {
    features(bytes)
        .iter()
        .map(|f| {
            let g = &f["geometry"];
            let polys: Vec<&Value> = match g["type"].as_str() {
                Some("Polygon") => vec![&g["coordinates"]],
                Some("MultiPolygon") => g["coordinates"].as_array().unwrap().iter().collect(),
                t => panic!("unexpected geometry {t:?}"),
            };
            if g["type"] == "MultiPolygon" {
                assert!(polys.len() >= 2, "MultiPolygon with one part");
            }
            polys
                .iter()
                .map(|p| {
                    p.as_array()
                        .unwrap()
                        .iter()
                        .map(|r| {
                            let mut ring: Vec<[f64; 2]> = r
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|c| [c[0].as_f64().unwrap(), c[1].as_f64().unwrap()])
                                .collect();
                            let last = ring.pop().unwrap();
                            assert_eq!(last, ring[0], "ring not closed");
                            assert!(ring.len() >= 3);
                            ring
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

fn cell_area(polys: &[Vec<Vec<[f64; 2]>>]) -> f64 {
    polys.iter().flatten().map(|r| ring_area(r)).sum()
}

fn key(p: [f64; 2]) -> (u64, u64) {
    (p[0].to_bits(), p[1].to_bits())
}

type Edge = ((u64, u64), (u64, u64));

/// Directed edges of the cells of one level: edge → cell index. Panics on a repeated edge.
fn level_edges(s: &Sample, g: &Geoms, level: Level) -> BTreeMap<Edge, usize> {
    let mut m = BTreeMap::new();
    for (ci, cell) in s.cells.iter().enumerate() {
        if cell.level != level {
            continue;
        }
        for ring in g[ci].iter().flatten() {
            for i in 0..ring.len() {
                let e = (key(ring[i]), key(ring[(i + 1) % ring.len()]));
                assert!(e.0 != e.1, "degenerate edge in {}", cell.id);
                assert!(m.insert(e, ci).is_none(), "edge twice in {:?}", level);
            }
        }
    }
    m
}

const LEVELS: [Level; 3] = [Level::Street, Level::Community, Level::Grid];

#[test]
fn determinism_same_seed_same_bytes() {
    let dirs: Vec<std::path::PathBuf> = ["a", "b"]
        .iter()
        .map(|x| std::env::temp_dir().join(format!("siming-sample-{}-{x}", std::process::id())))
        .collect();
    let mut shas = Vec::new();
    for d in &dirs {
        let r = output::render(&generate(DEFAULT_SEED));
        output::write(d, &r).unwrap();
        let mut m = BTreeMap::new();
        for (name, _) in &r.files {
            let b = std::fs::read(d.join(name)).unwrap();
            m.insert(name.clone(), output::sha256_hex(&b));
        }
        shas.push(m);
    }
    assert_eq!(shas[0], shas[1]);
    assert_eq!(shas[0].len(), 6);
    // The manifest records the SHA-256 of every other file.
    let man: Value =
        serde_json::from_slice(&std::fs::read(dirs[0].join("manifest.json")).unwrap()).unwrap();
    for (name, sha) in &shas[0] {
        if name != "manifest.json" {
            assert_eq!(man["files"][name]["sha256"], sha.as_str(), "{name}");
        }
    }
    for d in &dirs {
        std::fs::remove_dir_all(d).unwrap();
    }
    // And the in-memory fixture is the same sample.
    assert_eq!(
        output::sha256_hex(file(&fixture().rendered, "manifest.json")),
        shas[0]["manifest.json"]
    );
}

#[test]
fn another_seed_gives_another_sample() {
    let a = output::sha256_hex(file(&fixture().rendered, "grid.geojson"));
    let r = output::render(&generate(DEFAULT_SEED + 1));
    assert_ne!(a, output::sha256_hex(file(&r, "grid.geojson")));
}

/// Every edge of a level's cells is shared by exactly two cells in opposite directions, except
/// the outline's edges, each of which is used exactly once (in its own direction).
#[test]
fn tiling_plain_shared_edges_and_outline() {
    let f = fixture();
    let s = &f.sample;
    let mut outline: BTreeSet<Edge> = BTreeSet::new();
    for ring in s.outline.rings() {
        for i in 0..ring.len() {
            outline.insert((key(ring[i]), key(ring[(i + 1) % ring.len()])));
        }
    }
    for level in LEVELS {
        let m = level_edges(s, &f.plain, level);
        let mut unpaired = BTreeSet::new();
        for (e, &c) in &m {
            match m.get(&(e.1, e.0)) {
                Some(&c2) => assert_ne!(c, c2, "edge and its reverse in one cell"),
                None => {
                    unpaired.insert(*e);
                }
            }
        }
        assert_eq!(
            unpaired, outline,
            "{level:?}: unshared edges must be the outline"
        );
    }
}

/// The densified file is an exact tiling too: shared edges pair up, and the unshared edges are
/// the same at every level (the densified outline).
#[test]
fn tiling_dense_shared_edges() {
    let f = fixture();
    let s = &f.sample;
    let mut outer: Option<BTreeSet<Edge>> = None;
    for level in LEVELS {
        let m = level_edges(s, &f.dense, level);
        let mut unpaired = BTreeSet::new();
        for (e, &c) in &m {
            match m.get(&(e.1, e.0)) {
                Some(&c2) => assert_ne!(c, c2),
                None => {
                    unpaired.insert(*e);
                }
            }
        }
        match &outer {
            None => outer = Some(unpaired),
            Some(o) => assert_eq!(o, &unpaired, "{level:?}"),
        }
    }
    let grids = s.cells.iter().filter(|c| c.level == Level::Grid).count();
    let avg = |g: &Geoms| {
        s.cells
            .iter()
            .zip(g)
            .filter(|(c, _)| c.level == Level::Grid)
            .map(|(_, p)| p.iter().flatten().map(|r| r.len()).sum::<usize>())
            .sum::<usize>() as f64
            / grids as f64
    };
    let (ap, ad) = (avg(&f.plain), avg(&f.dense));
    assert!((60.0..=80.0).contains(&ad), "dense average {ad}");
    assert!(ap < ad);
}

#[test]
fn areas_sum_to_the_outline() {
    let f = fixture();
    let s = &f.sample;
    let outline = s.outline.area();
    let mut dense_sums = Vec::new();
    for level in LEVELS {
        let mut sum = 0.0;
        for (ci, c) in s.cells.iter().enumerate() {
            if c.level == level {
                let a = cell_area(&f.plain[ci]);
                assert!(a > 0.0, "{}", c.id);
                sum += a;
            }
        }
        assert!(
            ((sum - outline) / outline).abs() < 1e-9,
            "{level:?}: {sum} vs {outline}"
        );
        let dsum: f64 = s
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.level == level)
            .map(|(ci, _)| cell_area(&f.dense[ci]))
            .sum();
        // Outline edges wiggle only inward (< 0.8 m): slightly less, never more.
        assert!(dsum <= outline * (1.0 + 1e-12), "dense {level:?} grew");
        assert!((outline - dsum) / outline < 5e-4, "dense {level:?}: {dsum}");
        dense_sums.push(dsum);
    }
    for d in &dense_sums {
        assert!(((d - dense_sums[0]) / dense_sums[0]).abs() < 1e-9);
    }
}

#[test]
fn rings_follow_rfc7946_orientation() {
    let f = fixture();
    for g in [&f.plain, &f.dense] {
        for cell in g {
            for poly in cell {
                assert!(
                    ring_area(&poly[0]) > 0.0,
                    "exterior must be counter-clockwise"
                );
                for hole in &poly[1..] {
                    assert!(ring_area(hole) < 0.0, "holes must be clockwise");
                }
            }
        }
    }
}

/// Each cell's triangles lie in its parent; each level partitions the mesh.
#[test]
fn parents_contain_children() {
    let s = &fixture().sample;
    for (ci, c) in s.cells.iter().enumerate() {
        assert!(!c.tris.is_empty(), "{}", c.id);
        let lvl = LEVELS.iter().position(|&l| l == c.level).unwrap();
        match c.parent {
            None => assert_eq!(c.level, Level::Street),
            Some(p) => {
                assert_eq!(LEVELS[lvl - 1], s.cells[p].level);
                assert!(c.id.starts_with(&s.cells[p].id));
                for &t in &c.tris {
                    assert_eq!(s.labels[lvl - 1][t as usize] as usize, p, "{}", c.id);
                    assert_eq!(s.labels[lvl][t as usize] as usize, ci);
                }
            }
        }
    }
    for lab in &s.labels {
        assert_eq!(lab.len(), s.mesh.len());
    }
    // Only a cell that really has several parts is a MultiPolygon: its parts must be separate
    // components of the mesh, i.e. no part shares an edge with another part (checked by the
    // tiling test) — and here: exactly one multi-part cell per level, the islet's owner.
    for level in LEVELS {
        let multi = s
            .cells
            .iter()
            .filter(|c| c.level == level && c.polys.len() > 1)
            .count();
        assert_eq!(multi, 1, "{level:?}: only the islet's owner has two parts");
    }
}

#[test]
fn counts_in_range() {
    let f = fixture();
    let s = &f.sample;
    let reg = register();
    let streets: Vec<_> = s
        .cells
        .iter()
        .filter(|c| c.level == Level::Street)
        .collect();
    let comms: Vec<_> = s
        .cells
        .iter()
        .filter(|c| c.level == Level::Community)
        .collect();
    assert_eq!(streets.len(), 10);
    assert_eq!(comms.len(), 99);
    let ids: BTreeSet<&str> = s.cells.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), s.cells.len(), "duplicate ids");
    let sorted: Vec<&str> = s.cells.iter().map(|c| c.id.as_str()).collect();
    assert!(
        sorted.windows(2).all(|w| w[0] < w[1]),
        "features in id order"
    );
    for st in &reg {
        let c = s.cells.iter().find(|c| c.id == st.code).expect("street");
        assert_eq!(c.name, st.name);
        for (code, name) in &st.communities {
            let cc = s.cells.iter().find(|c| &c.id == code).expect("community");
            assert_eq!(&cc.full_name, name);
            assert_eq!(cc.name, name.trim_end_matches("居委会"));
            let grids: Vec<_> = s
                .cells
                .iter()
                .filter(|g| {
                    g.level == Level::Grid && g.parent.map(|p| &s.cells[p].id) == Some(code)
                })
                .collect();
            assert!((3..=15).contains(&grids.len()), "{code}: {}", grids.len());
            for g in grids {
                assert_eq!(g.id.len(), 14);
                let w = g.worker.as_ref().expect("worker");
                assert_eq!(w.chars().nth(1), Some('*'));
            }
        }
    }
    let ngrids = s.cells.len() - 109;
    assert!((550..=650).contains(&ngrids), "{ngrids} grids");
    let n = s.households.len();
    assert!((400_000..=420_000).contains(&n), "{n} households");
    assert_eq!(s.persons.len(), n);
    assert_eq!(s.truth.len(), n);
    assert!(s.persons.iter().all(|&p| (1..=6).contains(&p)));
    let mean = s.persons.iter().map(|&p| p as f64).sum::<f64>() / n as f64;
    assert!((2.5..=2.7).contains(&mean), "mean persons {mean}");
    // Roll-ups are consistent.
    for (ci, c) in s.cells.iter().enumerate() {
        let kids: Vec<_> = s.cells.iter().filter(|k| k.parent == Some(ci)).collect();
        if !kids.is_empty() {
            assert_eq!(c.households, kids.iter().map(|k| k.households).sum::<u64>());
            assert_eq!(c.persons, kids.iter().map(|k| k.persons).sum::<u64>());
        }
    }
    assert_eq!(streets.iter().map(|c| c.households).sum::<u64>(), n as u64);
    // The manifest says the same.
    let man: Value = serde_json::from_slice(file(&f.rendered, "manifest.json")).unwrap();
    assert_eq!(man["counts"]["households"], n);
    assert_eq!(man["counts"]["grids"], ngrids);
    assert_eq!(man["seed"], DEFAULT_SEED);
    assert!(man["note"]
        .as_str()
        .unwrap()
        .contains("grid geometry is synthetic; outline and names are real"));
    let cells = man["per_cell"].as_array().unwrap();
    assert_eq!(cells.len(), s.cells.len());
    for (i, c) in s.cells.iter().enumerate() {
        assert_eq!(cells[i]["id"], c.id.as_str());
        assert_eq!(cells[i]["households"], c.households);
        assert_eq!(cells[i]["persons"], c.persons);
    }
    // Binary files decode to the in-memory arrays.
    let hb = file(&f.rendered, "households.f64");
    assert_eq!(hb.len(), 16 * n);
    let x0 = f64::from_le_bytes(hb[0..8].try_into().unwrap());
    assert_eq!(x0, s.households[0][0]);
    let tb = file(&f.rendered, "truth.i32");
    assert_eq!(tb.len(), 4 * n);
    assert_eq!(
        i32::from_le_bytes(tb[4 * (n - 1)..].try_into().unwrap()),
        s.truth[n - 1]
    );
}

/// Every household lies strictly inside its truth grid and in no other grid (exact parity),
/// for the plain and the dense geometry.
#[test]
fn every_household_in_exactly_its_truth_cell() {
    let f = fixture();
    let s = &f.sample;
    for g in [&f.plain, &f.dense] {
        let grids: Vec<(usize, [f64; 4])> = s
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.level == Level::Grid)
            .map(|(i, _)| {
                let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
                for p in g[i].iter().flatten().flatten() {
                    b = [
                        b[0].min(p[0]),
                        b[1].min(p[1]),
                        b[2].max(p[0]),
                        b[3].max(p[1]),
                    ];
                }
                (i, b)
            })
            .collect();
        let inside = |p: [f64; 2], i: usize| -> Option<bool> {
            parity(p, g[i].iter().flatten().map(|r| r.as_slice()))
        };
        for (h, &p) in s.households.iter().enumerate() {
            let t = s.truth[h] as usize;
            assert_eq!(s.cells[t].level, Level::Grid);
            assert_eq!(inside(p, t), Some(true), "household {h} not in its cell");
            let mut n = 0;
            for &(i, b) in &grids {
                if p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3] {
                    match inside(p, i) {
                        Some(true) => n += 1,
                        Some(false) => {}
                        None => panic!("household {h} on an edge"),
                    }
                }
            }
            assert_eq!(n, 1, "household {h} in {n} grids");
        }
    }
}

/// The dense rings are the plain rings with extra points, each within 0.8 m of its edge.
#[test]
fn dense_rings_extend_plain_rings_within_a_metre() {
    use siming_sample::geom::{seg_dist, to_m};
    let f = fixture();
    let mut inserted = 0usize;
    for (pc, dc) in f.plain.iter().zip(&f.dense) {
        assert_eq!(pc.len(), dc.len());
        for (pp, dp) in pc.iter().zip(dc) {
            assert_eq!(pp.len(), dp.len());
            for (pr, dr) in pp.iter().zip(dp) {
                assert_eq!(pr[0], dr[0], "rings start at the same vertex");
                let mut j = 0;
                for i in 0..pr.len() {
                    let (a, b) = (pr[i], pr[(i + 1) % pr.len()]);
                    assert_eq!(dr[j], a);
                    j += 1;
                    while j < dr.len() && dr[j] != b {
                        let d = seg_dist(to_m(dr[j]), to_m(a), to_m(b));
                        assert!(d <= 0.8 + 1e-6, "dense point {d} m off its edge");
                        inserted += 1;
                        j += 1;
                    }
                }
                assert_eq!(j, dr.len());
            }
        }
    }
    assert!(inserted > 10_000);
}

/// No slivers: every grid is at least 1 ha and reasonably compact (4πA/P² ≥ 0.1).
#[test]
fn no_slivers() {
    use siming_sample::geom::to_m;
    let f = fixture();
    for (c, g) in f.sample.cells.iter().zip(&f.plain) {
        let mut area = 0.0;
        let mut per = 0.0;
        for r in g.iter().flatten() {
            let m: Vec<[f64; 2]> = r.iter().map(|&p| to_m(p)).collect();
            area += ring_area(&m);
            for i in 0..m.len() {
                let (a, b) = (m[i], m[(i + 1) % m.len()]);
                per += ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
            }
        }
        assert!(area >= 10_000.0, "{}: {area} m²", c.id);
        let compact = 4.0 * std::f64::consts::PI * area / (per * per);
        assert!(compact >= 0.1, "{}: compactness {compact}", c.id);
    }
}
