// Memory of the built package (issue #5): repeated geocoding does not grow the wasm memory,
// exported classes can be freed (`free()` and `Symbol.dispose`), and results are copies, not
// views of wasm memory that a later call could move.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GridMap, GridMapView } from 'jinlin';
import { Roster } from 'jinlin/tally';
import { initSync } from 'jinlin/web';

// The grid module's exports (initSync returns them once the module is instantiated).
const memory = initSync(undefined).memory;

const rect = (w, s, e, n) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const features = [];
for (let i = 0; i < 10; i++) {
  for (let j = 0; j < 10; j++) {
    features.push({
      type: 'Feature',
      properties: { id: `g${i}-${j}`, name: `网格${i}-${j}`, level: 'grid' },
      geometry: { type: 'Polygon', coordinates: rect(118 + i * 0.01, 24.4 + j * 0.01, 118.01 + i * 0.01, 24.41 + j * 0.01) },
    });
  }
}
const map = GridMap.fromGeoJSON({ type: 'FeatureCollection', features }, {});

function positions(n, seed) {
  const out = new Float64Array(2 * n);
  let x = seed;
  for (let i = 0; i < out.length; i += 2) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out[i] = 117.995 + (x / 2147483648) * 0.11;
    x = (x * 1103515245 + 12345) % 2147483648;
    out[i + 1] = 24.395 + (x / 2147483648) * 0.11;
  }
  return out;
}

test('1,000 assign calls of 10,000 positions leave the wasm memory flat after the first few', () => {
  const pos = positions(10_000, 7);
  const persons = new Uint8Array(10_000).fill(2);
  const first = map.assign(pos, { persons });
  const sizes = [];
  for (let i = 0; i < 1000; i++) {
    const r = map.assign(pos, { persons });
    if (i === 999) assert.deepEqual(r.cell, first.cell);
    sizes.push(memory.buffer.byteLength);
  }
  assert.equal(sizes[999], sizes[9], `memory grew from ${sizes[9]} to ${sizes[999]} bytes after call 10`);
  // 0.10² of the 0.11² sampled square is inside the grid: about 82.6 % assigned.
  assert.ok(Math.abs(first.summary.assigned / 10_000 - 0.826) < 0.02, JSON.stringify(first.summary));
});

test('results are copies: they survive a later call that grows the memory', () => {
  const a = map.assign(positions(1_000, 3), {});
  const cells = Array.from(a.cell);
  const before = memory.buffer.byteLength;
  map.assign(positions(400_000, 5), {}); // large enough to grow the memory
  assert.ok(memory.buffer.byteLength >= before);
  assert.equal(a.cell.buffer === memory.buffer, false, 'a result must not be a view of wasm memory');
  assert.deepEqual(Array.from(a.cell), cells);
});

test('exported classes have free() and Symbol.dispose', () => {
  for (const cls of [GridMap, GridMapView, Roster]) {
    assert.equal(typeof cls.prototype.free, 'function', cls.name);
    if (typeof Symbol.dispose === 'symbol') {
      assert.equal(typeof cls.prototype[Symbol.dispose], 'function', `${cls.name}[Symbol.dispose]`);
    }
  }
  const m = GridMap.fromGeoJSON({ type: 'FeatureCollection', features: features.slice(0, 1) }, {});
  if (typeof Symbol.dispose === 'symbol') {
    m[Symbol.dispose]();
    assert.throws(() => m.length);
  } else {
    m.free();
  }
});
