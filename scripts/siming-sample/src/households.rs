//! The synthetic density field, households per triangle, their positions and sizes.

use crate::geom::{d2, to_deg, to_m, SplitMix64};
use crate::mesh::Mesh;

/// Households in the sample (Siming: ~410,000 households, ~1.07 M residents).
pub const TARGET_HOUSEHOLDS: f64 = 410_000.0;
/// Minimum distance of a household from every edge of its triangle, in metres (≥ 3 m required).
pub const EDGE_CLEARANCE_M: f64 = 3.5;
/// Triangles with a smaller inradius (m) get no households.
pub const MIN_INRADIUS_M: f64 = 7.0;

/// Persons per household 1..=6 (cumulative): 25 %, 30 %, 21 %, 13 %, 7 %, 4 % — mean 2.59,
/// close to Siming's 1.07 M residents / 410 k households.
const PERSONS_CDF: [f64; 6] = [0.25, 0.55, 0.76, 0.89, 0.96, 1.0];

/// A Gaussian bump: centre (GCJ-02 degrees), peak households per km², sigma in metres.
struct Bump(f64, f64, f64, f64);

/// Named density centres (rough real locations, GCJ-02): dense old town and central streets.
const BUMPS: &[Bump] = &[
    Bump(118.083, 24.458, 9000.0, 700.0), // 中山路 old town (中华/鹭江)
    Bump(118.086, 24.468, 6500.0, 650.0), // 鹭江 north, 开禾路
    Bump(118.093, 24.447, 6000.0, 600.0), // 厦港, 沙坡尾
    Bump(118.103, 24.472, 6500.0, 900.0), // 开元, 斗西路
    Bump(118.118, 24.474, 6000.0, 800.0), // 梧村, 火车站
    Bump(118.104, 24.487, 5500.0, 1000.0), // 筼筜湖
    Bump(118.127, 24.489, 5500.0, 900.0), // 嘉莲, 莲坂
    Bump(118.147, 24.482, 5500.0, 1100.0), // 莲前 west
    Bump(118.172, 24.486, 3500.0, 1000.0), // 莲前 east, 前埔
    Bump(118.118, 24.438, 2000.0, 700.0), // 滨海 白城/曾厝垵
    Bump(118.165, 24.443, 800.0, 1200.0), // 黄厝
    Bump(118.067, 24.447, 1200.0, 600.0), // 鼓浪屿
];

/// Hills and parks (GCJ-02 centre, sigma m): density multiplied by 1 − 0.9·g.
const HILLS: &[(f64, f64, f64)] = &[
    (118.112, 24.456, 1100.0), // 万石山 botanical garden
    (118.140, 24.459, 1300.0), // 东坪山 / 云顶山
    (118.104, 24.481, 350.0),  // 筼筜湖 (the lake itself)
];

/// Households per km² at a point (metres frame): background + named bumps + seeded bumps,
/// damped on hills.
pub fn density(p: [f64; 2], extra: &[(f64, f64, f64, f64)]) -> f64 {
    let mut d = 600.0;
    for b in BUMPS {
        let c = to_m([b.0, b.1]);
        d += b.2 * (-d2(p, c) / (2.0 * b.3 * b.3)).exp();
    }
    for &(x, y, a, s) in extra {
        d += a * (-d2(p, [x, y]) / (2.0 * s * s)).exp();
    }
    for &(x, y, s) in HILLS {
        let c = to_m([x, y]);
        d *= 1.0 - 0.9 * (-d2(p, c) / (2.0 * s * s)).exp();
    }
    d
}

/// Seeded extra bumps (metres frame) inside the island's bounding box.
pub fn extra_bumps(seed: u64) -> Vec<(f64, f64, f64, f64)> {
    let mut rng = SplitMix64::keyed(seed, 2, 0);
    let (lo, hi) = (to_m([118.075, 24.430]), to_m([118.195, 24.500]));
    (0..16)
        .map(|_| {
            (
                rng.range(lo[0], hi[0]),
                rng.range(lo[1], hi[1]),
                rng.range(1000.0, 4000.0),
                rng.range(250.0, 700.0),
            )
        })
        .collect()
}

/// Households per triangle: density × area × a lognormal "building" factor, scaled to the
/// target and rounded by seeded randomised rounding.
pub fn allocate(mesh: &Mesh, seed: u64) -> Vec<u32> {
    let extra = extra_bumps(seed);
    let mut w = Vec::with_capacity(mesh.len());
    for t in 0..mesh.len() {
        if mesh.inradius[t] < MIN_INRADIUS_M {
            w.push(0.0);
            continue;
        }
        let mut rng = SplitMix64::keyed(seed, 3, t as u64);
        let f = (0.7 * rng.normal()).exp();
        w.push(density(mesh.cen[t], &extra) * mesh.area_m2[t] * f);
    }
    let sum: f64 = w.iter().sum();
    w.iter()
        .enumerate()
        .map(|(t, &x)| {
            let e = TARGET_HOUSEHOLDS * x / sum;
            let mut rng = SplitMix64::keyed(seed, 4, t as u64);
            (e + rng.f64()).floor() as u32
        })
        .collect()
}

/// Place `n` households uniformly in triangle `t`, shrunk about its incentre so every point is
/// at least EDGE_CLEARANCE_M from each edge.
pub fn place(mesh: &Mesh, t: usize, n: u32, seed: u64, out: &mut Vec<[f64; 2]>) {
    if n == 0 {
        return;
    }
    let tri = mesh.tris[t];
    let [a, b, c] = tri.map(|v| mesh.pts[v as usize]);
    let [am, bm, cm] = [a, b, c].map(to_m);
    let (la, lb, lc) = (d2(bm, cm).sqrt(), d2(cm, am).sqrt(), d2(am, bm).sqrt());
    let per = la + lb + lc;
    let inc_m = [
        (la * am[0] + lb * bm[0] + lc * cm[0]) / per,
        (la * am[1] + lb * bm[1] + lc * cm[1]) / per,
    ];
    let inc = to_deg(inc_m);
    let r = mesh.inradius[t];
    let f = (r - EDGE_CLEARANCE_M) / r;
    let mut rng = SplitMix64::keyed(seed, 5, t as u64);
    for _ in 0..n {
        let (mut u, mut v) = (rng.f64(), rng.f64());
        if u + v > 1.0 {
            u = 1.0 - u;
            v = 1.0 - v;
        }
        let q = [
            a[0] + u * (b[0] - a[0]) + v * (c[0] - a[0]),
            a[1] + u * (b[1] - a[1]) + v * (c[1] - a[1]),
        ];
        out.push([inc[0] + f * (q[0] - inc[0]), inc[1] + f * (q[1] - inc[1])]);
    }
}

/// Persons in one household, 1..=6.
pub fn persons(rng: &mut SplitMix64) -> u8 {
    let x = rng.f64();
    PERSONS_CDF.iter().position(|&c| x < c).unwrap_or(5) as u8 + 1
}
