//! Wasm build of the native bench cases (bench/native/geocode.rs), timed from Node by run.mjs.
//!
//! ```text
//! cd bench/geocode_wasm
//! cargo build --release --target wasm32-unknown-unknown
//! node run.mjs
//! ```
//! Exports `setup(case)` (0 = siming-like, 1 = siming-like-70; builds cells, index and 410,000
//! seeded positions), `build()` and `run()`; no wasm-bindgen, no clock inside the module.

use geo::{Coord, LineString, Polygon};
use jinlin::geocode::CellIndex;
use std::cell::RefCell;

type Cells = Vec<(u32, Vec<Polygon<f64>>)>;

struct SplitMix(u64);
impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const BBOX: [f64; 4] = [118.0566, 24.4199, 118.2080, 24.5049];

/// A jittered nx × ny lattice over BBOX; each lattice edge a shared polyline of `seg` segments.
fn lattice(nx: usize, ny: usize, seg: usize, seed: u64) -> Cells {
    let mut rng = SplitMix(seed);
    let [x0, y0, x1, y1] = BBOX;
    let (dx, dy) = ((x1 - x0) / nx as f64, (y1 - y0) / ny as f64);
    // Quantise to 1e-7° like real data.
    let q = |v: f64| (v * 1e7).round() / 1e7;
    let mut node = vec![vec![Coord { x: 0.0, y: 0.0 }; nx + 1]; ny + 1];
    for (j, row) in node.iter_mut().enumerate() {
        for (i, c) in row.iter_mut().enumerate() {
            let jx = if i == 0 || i == nx {
                0.0
            } else {
                (rng.unit() - 0.5) * 0.6 * dx
            };
            let jy = if j == 0 || j == ny {
                0.0
            } else {
                (rng.unit() - 0.5) * 0.6 * dy
            };
            *c = Coord {
                x: q(x0 + i as f64 * dx + jx),
                y: q(y0 + j as f64 * dy + jy),
            };
        }
    }
    // Shared interior points of each edge, keyed by its two nodes.
    let mut polyline = std::collections::HashMap::new();
    let mut edge = |a: (usize, usize), b: (usize, usize), rng: &mut SplitMix| -> Vec<Coord<f64>> {
        let (k, flip) = if a <= b {
            ((a, b), false)
        } else {
            ((b, a), true)
        };
        let pts = polyline
            .entry(k)
            .or_insert_with(|| {
                let (pa, pb) = (node[k.0 .0][k.0 .1], node[k.1 .0][k.1 .1]);
                let len = ((pb.x - pa.x).powi(2) + (pb.y - pa.y).powi(2)).sqrt();
                (1..seg)
                    .map(|s| {
                        let t = s as f64 / seg as f64;
                        let wob = (rng.unit() - 0.5) * 0.04 * len;
                        let (nxv, nyv) = (-(pb.y - pa.y) / len, (pb.x - pa.x) / len);
                        Coord {
                            x: q(pa.x + t * (pb.x - pa.x) + wob * nxv),
                            y: q(pa.y + t * (pb.y - pa.y) + wob * nyv),
                        }
                    })
                    .collect::<Vec<_>>()
            })
            .clone();
        if flip {
            pts.into_iter().rev().collect()
        } else {
            pts
        }
    };
    let mut cells = Vec::new();
    for j in 0..ny {
        for i in 0..nx {
            let corners = [(j, i), (j, i + 1), (j + 1, i + 1), (j + 1, i)];
            let mut ring = Vec::new();
            for k in 0..4 {
                let (a, b) = (corners[k], corners[(k + 1) % 4]);
                ring.push(node[a.0][a.1]);
                ring.extend(edge(a, b, &mut rng));
            }
            cells.push((
                (j * nx + i) as u32,
                vec![Polygon::new(LineString::new(ring), vec![])],
            ));
        }
    }
    cells
}

fn positions(n: usize, bbox: [f64; 4], seed: u64) -> Vec<f64> {
    let mut rng = SplitMix(seed);
    let mut v = Vec::with_capacity(2 * n);
    for _ in 0..n {
        v.push(bbox[0] + (bbox[2] - bbox[0]) * rng.unit());
        v.push(bbox[1] + (bbox[3] - bbox[1]) * rng.unit());
    }
    v
}

fn bbox_of(cells: &Cells) -> [f64; 4] {
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for (_, ps) in cells {
        for p in ps {
            for c in p.exterior().coords() {
                b = [b[0].min(c.x), b[1].min(c.y), b[2].max(c.x), b[3].max(c.y)];
            }
        }
    }
    b
}

struct State {
    cells: Cells,
    index: CellIndex,
    pos: Vec<f64>,
    out: Vec<i32>,
}
thread_local! { static S: RefCell<Option<State>> = RefCell::new(None); }

#[no_mangle]
pub extern "C" fn setup(case: u32) -> u32 {
    let cells = if case == 1 {
        lattice(30, 20, 17, 2)
    } else {
        lattice(30, 20, 1, 1)
    };
    let pos = positions(410_000, bbox_of(&cells), 2026);
    let index = CellIndex::new(&cells);
    let b = index.stats().boundary_cells as u32;
    S.with(|s| {
        *s.borrow_mut() = Some(State {
            cells,
            index,
            pos,
            out: vec![0; 410_000],
        })
    });
    b
}

#[no_mangle]
pub extern "C" fn build() -> u32 {
    S.with(|s| {
        let mut s = s.borrow_mut();
        let st = s.as_mut().unwrap();
        st.index = CellIndex::new(&st.cells);
        st.index.stats().boundary_cells as u32
    })
}

#[no_mangle]
pub extern "C" fn run() -> u32 {
    S.with(|s| {
        let mut s = s.borrow_mut();
        let st = s.as_mut().unwrap();
        let State {
            index, pos, out, ..
        } = st;
        index.assign_into(pos, out).unwrap().assigned
    })
}
