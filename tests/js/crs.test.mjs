// Datum conversions of the built package against the npm package gcoord, on 1,000 seeded random
// positions over mainland China and a few outside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import gcoord from 'gcoord';
import { convert } from 'jinlin';

// mulberry32: a small seeded PRNG, so runs are comparable.
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20261129);
const N = 1000;
const positions = new Float64Array(2 * N);
for (let i = 0; i < N; i++) {
  // Inside mainland China's bbox, where gcoord applies the offset.
  positions[2 * i] = 75 + random() * 58; // 75..133 E
  positions[2 * i + 1] = 18.5 + random() * 34; // 18.5..52.5 N
}
const G = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 };
const metres = (a, b) => {
  const k = 111_320;
  return Math.hypot((a[0] - b[0]) * k * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * k);
};

// Forward conversions are closed formulas: jinlin and gcoord must agree to the millimetre.
// gcoord's inverses are approximations (measured here: up to 0.14 m for GCJ-02 → WGS-84 and
// 0.22 m for BD-09 → GCJ-02); jinlin's are iterated to ~1e-9 m, so they may differ from gcoord's
// by gcoord's own error, and are checked against the truth by the round-trip tests below.
for (const [from, to, tolM] of [
  ['wgs84', 'gcj02', 0.001], ['gcj02', 'bd09', 0.001], ['wgs84', 'bd09', 0.001],
  ['bd09', 'gcj02', 0.3], ['gcj02', 'wgs84', 0.3], ['bd09', 'wgs84', 0.4],
]) {
  test(`${from} → ${to} agrees with gcoord within ${tolM} m on ${N} positions`, () => {
    const out = convert(positions, from, to);
    assert.equal(out.length, positions.length);
    let worst = 0;
    for (let i = 0; i < N; i++) {
      const p = [positions[2 * i], positions[2 * i + 1]];
      const ref = gcoord.transform(p, G[from], G[to]);
      const d = metres([out[2 * i], out[2 * i + 1]], ref);
      worst = Math.max(worst, d);
      // The conversion really moved the position (a no-op would fail here).
      assert.ok(metres(p, ref) > 1, `position ${i} should be offset`);
    }
    assert.ok(worst <= tolM, `worst difference ${worst} m`);
  });
}

for (const [a, b] of [['wgs84', 'gcj02'], ['gcj02', 'bd09'], ['wgs84', 'bd09']]) {
  test(`${b} → ${a} inverts ${a} → ${b} within 1 mm, closer to the truth than gcoord`, () => {
    const there = convert(positions, a, b);
    const back = convert(there, b, a);
    let worst = 0, worstGcoord = 0;
    for (let i = 0; i < N; i++) {
      const p = [positions[2 * i], positions[2 * i + 1]];
      worst = Math.max(worst, metres([back[2 * i], back[2 * i + 1]], p));
      const g = gcoord.transform(gcoord.transform(p, G[a], G[b]), G[b], G[a]);
      worstGcoord = Math.max(worstGcoord, metres(g, p));
    }
    assert.ok(worst <= 0.001, `jinlin round trip ${worst} m`);
    assert.ok(worst < worstGcoord, `jinlin ${worst} m vs gcoord ${worstGcoord} m`);
  });
}

test('positions outside China pass through unchanged (GCJ-02 as gcoord does)', () => {
  const outside = new Float64Array([2.3522, 48.8566, -74.006, 40.7128, 139.6917, 35.6895, 151.2093, -33.8688]);
  for (const [from, to] of [['wgs84', 'gcj02'], ['gcj02', 'wgs84']]) {
    const out = convert(outside, from, to);
    for (let i = 0; i < outside.length; i += 2) {
      const ref = gcoord.transform([outside[i], outside[i + 1]], G[from], G[to]);
      assert.ok(metres([out[i], out[i + 1]], ref) < 0.01, `${from}→${to} ${outside[i]},${outside[i + 1]}`);
    }
  }
  // gcoord applies Baidu's offset everywhere; jinlin applies the same China bbox to BD-09 too,
  // so every datum passes positions outside China through unchanged (documented in crs.rs).
  for (const [from, to] of [['wgs84', 'gcj02'], ['gcj02', 'wgs84'], ['wgs84', 'bd09'], ['bd09', 'gcj02']]) {
    assert.deepEqual([...convert(outside, from, to)], [...outside], `${from}→${to}`);
  }
});

test('at Siming, WGS-84 and GCJ-02 differ by about 580 m', () => {
  const p = new Float64Array([118.0894, 24.4798]);
  const g = convert(p, 'wgs84', 'gcj02');
  const d = metres([g[0], g[1]], [p[0], p[1]]);
  assert.ok(d > 500 && d < 700, `${d} m`);
});

test('bad input to convert throws with a code', () => {
  assert.throws(() => convert(new Float64Array(3), 'wgs84', 'gcj02'), { code: 'CRS_ODD_LENGTH' });
  // a position that is not a [lng, lat] is named, not passed through (nothing converted)
  assert.throws(() => convert([118.09, 24.46, 500, 24], 'gcj02', 'wgs84'),
    { code: 'CRS_INVALID_POSITION', message: 'position 1 ([500, 24]) is not a [lng, lat] in [-180, 180] × [-90, 90] degrees' });
  assert.throws(() => convert(new Float64Array([NaN, 24]), 'gcj02', 'wgs84'), { code: 'CRS_INVALID_POSITION', message: /^position 0 \(\[NaN, 24\]\)/ });
  assert.throws(() => convert([118, -Infinity], 'wgs84', 'wgs84'), { code: 'CRS_INVALID_POSITION', message: /^position 0 \(\[118, -inf\]\)/ });
  assert.deepEqual([...convert([-180, -90, 180, 90], 'wgs84', 'gcj02')], [-180, -90, 180, 90], 'the world\'s corners are positions');
  assert.throws(() => convert('nope', 'wgs84', 'gcj02'), { code: 'GEOCODE_INVALID_POSITIONS' });
  assert.throws(() => convert(new Float64Array(2), 'utm', 'gcj02'), { code: 'CRS_UNKNOWN_DATUM' });
  // numbers where the datum names go (positions are one array): the message says so
  assert.throws(() => convert(118, 24, 'wgs84'), { code: 'CRS_UNKNOWN_DATUM', message: /^from: expected a datum name, "wgs84", "gcj02" or "bd09", got the number 24$/ });
  assert.throws(() => convert(new Float64Array(2), 'gcj02', null), { code: 'CRS_UNKNOWN_DATUM', message: /to: expected a datum name.*got a value of type object$/ });
});
