//! Small geometric helpers: a local metric frame, a documented PRNG, exact predicates.

/// Metres per degree of longitude near 24.46° N (Siming).
pub const MX: f64 = 101_387.0;
/// Metres per degree of latitude near 24.46° N.
pub const MY: f64 = 110_765.0;
/// Origin of the local metric frame (degrees).
pub const ORIGIN: [f64; 2] = [118.0, 24.0];

/// Degrees (GCJ-02) to a local equirectangular frame in metres (for heuristics only).
pub fn to_m(p: [f64; 2]) -> [f64; 2] {
    [(p[0] - ORIGIN[0]) * MX, (p[1] - ORIGIN[1]) * MY]
}

/// Local metres back to degrees.
pub fn to_deg(p: [f64; 2]) -> [f64; 2] {
    [p[0] / MX + ORIGIN[0], p[1] / MY + ORIGIN[1]]
}

/// Squared distance.
pub fn d2(a: [f64; 2], b: [f64; 2]) -> f64 {
    let dx = a[0] - b[0];
    let dy = a[1] - b[1];
    dx * dx + dy * dy
}

/// SplitMix64 (Steele, Lea, Flood 2014): state += 0x9E3779B97F4A7C15, then the
/// xor-shift-multiply finaliser. Small, fast, fully specified, so output is reproducible.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator with the given state.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }
    /// A generator keyed by (seed, stream, index): independent of the order of use.
    pub fn keyed(seed: u64, stream: u64, index: u64) -> Self {
        let mut g = SplitMix64(seed ^ mix(stream.wrapping_mul(0xD1B5_4A32_D192_ED03)));
        let s = g.next_u64() ^ mix(index.wrapping_add(0x2545_F491_4F6C_DD1D));
        SplitMix64(s)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    /// Uniform in [0, 1) with 53 bits.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }
    /// Uniform integer in [0, n).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }
    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.f64();
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// The SplitMix64 finaliser.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Exact orientation: > 0 if c is left of a→b, < 0 right, 0 collinear (Shewchuk, `robust`).
pub fn orient(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> f64 {
    robust::orient2d(
        robust::Coord { x: a[0], y: a[1] },
        robust::Coord { x: b[0], y: b[1] },
        robust::Coord { x: c[0], y: c[1] },
    )
}

/// Exact even-odd (parity) test of `p` against closed rings given as vertex sequences (first
/// vertex not repeated). `Some(true)` inside, `Some(false)` outside, `None` exactly on an edge.
pub fn parity<'a, I>(p: [f64; 2], rings: I) -> Option<bool>
where
    I: IntoIterator<Item = &'a [[f64; 2]]>,
{
    let mut inside = false;
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let a = ring[i];
            let b = ring[(i + 1) % n];
            if (a[1] > p[1]) != (b[1] > p[1]) {
                let o = orient(a, b, p);
                if o == 0.0 {
                    return None;
                }
                // Upward edge: p left of it means the edge crosses the ray to the right of p.
                if (b[1] > a[1]) == (o > 0.0) {
                    inside = !inside;
                }
            } else if a[1] == p[1] && b[1] == p[1] {
                // Horizontal edge through p's height: on it?
                if (a[0] <= p[0] && p[0] <= b[0]) || (b[0] <= p[0] && p[0] <= a[0]) {
                    return None;
                }
            } else if (a == p) || (b == p) {
                return None;
            }
        }
    }
    Some(inside)
}

/// Signed area (shoelace) of a ring, first vertex not repeated; positive if counter-clockwise.
pub fn ring_area(ring: &[[f64; 2]]) -> f64 {
    let n = ring.len();
    let mut s = 0.0;
    for i in 0..n {
        let a = ring[i];
        let b = ring[(i + 1) % n];
        s += a[0] * b[1] - b[0] * a[1];
    }
    0.5 * s
}

/// Distance from p to segment ab (metric frame).
pub fn seg_dist(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let ab = [b[0] - a[0], b[1] - a[1]];
    let ap = [p[0] - a[0], p[1] - a[1]];
    let l2 = ab[0] * ab[0] + ab[1] * ab[1];
    let t = if l2 > 0.0 {
        ((ap[0] * ab[0] + ap[1] * ab[1]) / l2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    d2(p, [a[0] + t * ab[0], a[1] + t * ab[1]]).sqrt()
}
