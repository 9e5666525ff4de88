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

for (const [from, to, tolM] of [
  ['wgs84', 'gcj02', 0.001], ['gcj02', 'bd09', 0.001], ['bd09', 'gcj02', 0.001],
  ['wgs84', 'bd09', 0.01], ['gcj02', 'wgs84', 0.1], ['bd09', 'wgs84', 0.1],
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

test('GCJ-02 → WGS-84 inverts WGS-84 → GCJ-02 within 0.1 m', () => {
  const there = convert(positions, 'wgs84', 'gcj02');
  const back = convert(there, 'gcj02', 'wgs84');
  for (let i = 0; i < N; i++) {
    const d = metres([back[2 * i], back[2 * i + 1]], [positions[2 * i], positions[2 * i + 1]]);
    assert.ok(d <= 0.1, `position ${i}: ${d} m`);
  }
});

test('positions outside China pass through unchanged, like gcoord', () => {
  const outside = new Float64Array([2.3522, 48.8566, -74.006, 40.7128, 139.6917, 35.6895, 151.2093, -33.8688]);
  for (const [from, to] of [['wgs84', 'gcj02'], ['gcj02', 'wgs84'], ['wgs84', 'bd09']]) {
    const out = convert(outside, from, to);
    for (let i = 0; i < outside.length; i += 2) {
      const ref = gcoord.transform([outside[i], outside[i + 1]], G[from], G[to]);
      assert.ok(metres([out[i], out[i + 1]], ref) < 0.01, `${from}→${to} ${outside[i]},${outside[i + 1]}`);
    }
  }
  assert.deepEqual([...convert(outside, 'wgs84', 'gcj02')], [...outside]);
});

test('at Siming, WGS-84 and GCJ-02 differ by about 580 m', () => {
  const p = new Float64Array([118.0894, 24.4798]);
  const g = convert(p, 'wgs84', 'gcj02');
  const d = metres([g[0], g[1]], [p[0], p[1]]);
  assert.ok(d > 500 && d < 700, `${d} m`);
});

test('bad input to convert throws with a code', () => {
  assert.throws(() => convert(new Float64Array(3), 'wgs84', 'gcj02'), { code: 'CRS_ODD_LENGTH' });
  assert.throws(() => convert('nope', 'wgs84', 'gcj02'), { code: 'GEOCODE_INVALID_POSITIONS' });
  assert.throws(() => convert(new Float64Array(2), 'utm', 'gcj02'), { code: 'CRS_UNKNOWN_DATUM' });
});
