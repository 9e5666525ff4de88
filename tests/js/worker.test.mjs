// jinlin/worker in Node.js (issue #5, "off the main thread"): the chunked assignment the
// geocoding worker runs (assignInChunks) equals one GridMap.assign call value for value and byte
// for byte, on the Siming sample and on edge cases (ties, invalid and outside positions, datum
// conversion, every chunk size); progress, yielding, cancellation; the same errors as
// GridMap.assign. The worker itself runs in Chromium: tests/browser/worker.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { init, GridMap } from 'jinlin';
import * as worker from 'jinlin/worker';
import { assignInChunks, DEFAULT_CHUNK, GeocodeWorker } from 'jinlin/worker';

await init();

const rect = (w, s, e, n) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const feature = (id, level, parent, coordinates) => ({
  type: 'Feature',
  properties: { id, name: `名称${id}`, level, ...(parent ? { parent } : {}) },
  geometry: { type: 'Polygon', coordinates },
});
// As in grid.test.mjs: street S, communities C1 (west) and C2 (east), grids G1a, G1b, G2.
const small = GridMap.fromGeoJSON({
  type: 'FeatureCollection',
  features: [
    feature('S', 'street', null, rect(118.0, 24.4, 118.02, 24.42)),
    feature('C1', 'community', 'S', rect(118.0, 24.4, 118.01, 24.42)),
    feature('C2', 'community', 'S', rect(118.01, 24.4, 118.02, 24.42)),
    feature('G1a', 'grid', 'C1', rect(118.0, 24.4, 118.01, 24.41)),
    feature('G1b', 'grid', 'C1', rect(118.0, 24.41, 118.01, 24.42)),
    feature('G2', 'grid', 'C2', rect(118.01, 24.4, 118.02, 24.42)),
  ],
}, { datum: 'gcj02' });
// Inside each grid, on the shared edges and the vertex where three grids meet (ties), outside,
// NaN, out of range, and more of the same so that chunks end in the middle of every kind.
const kinds = [
  118.005, 24.405, 118.005, 24.415, 118.015, 24.41, // one per grid
  118.01, 24.405, 118.005, 24.41, 118.01, 24.41, // ties: edge C1|C2, edge G1a|G1b, the vertex
  119.5, 25.5, NaN, 24.41, 118.005, 91, 200, 24.4, // outside, invalid ×3
];
const smallPositions = new Float64Array(Array.from({ length: 5 }, () => kinds).flat());
const smallN = smallPositions.length / 2;
const smallPersons = Uint8Array.from({ length: smallN }, (_, i) => (i * 7) % 6);

const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
function assertSame(got, want) {
  assert.deepEqual(Object.keys(got), Object.keys(want));
  for (const k of ['cell', 'households', 'persons']) {
    assert.equal(got[k].constructor, want[k].constructor, k);
    assert.ok(bytes(got[k]).equals(bytes(want[k])), `${k} differs`);
  }
  assert.equal(got.totalPersons, want.totalPersons);
  assert.deepEqual(Object.keys(got.summary), Object.keys(want.summary));
  assert.deepEqual(got.summary, want.summary);
}

test('jinlin/worker exports GeocodeWorker, assignInChunks and DEFAULT_CHUNK', () => {
  assert.deepEqual(Object.keys(worker).sort(), ['DEFAULT_CHUNK', 'GeocodeWorker', 'assignInChunks']);
  assert.equal(DEFAULT_CHUNK, 20000);
  const manifest = JSON.parse(readFileSync(new URL('../../pkg/package.json', import.meta.url), 'utf8'));
  assert.deepEqual(manifest.exports['./worker'], { types: './worker.d.ts', default: './worker.js' });
  for (const f of ['worker.js', 'worker.d.ts', 'worker/assign.js', 'worker/geocode.js']) {
    assert.ok(existsSync(new URL(`../../pkg/${f}`, import.meta.url)), f);
  }
  assert.ok(!existsSync(new URL('../../pkg/worker/entry.js', import.meta.url)), 'the entry is bundled into geocode.js');
});

test('the worker script is a classic script: no import or export statement', () => {
  const text = readFileSync(new URL('../../pkg/worker/geocode.js', import.meta.url), 'utf8');
  assert.doesNotMatch(text, /^\s*(import|export)\s/m);
  assert.match(text, /onmessage/);
});

test('in chunks of every size the result equals one GridMap.assign, byte for byte', async () => {
  for (const options of [{}, { persons: smallPersons }, { datum: 'gcj02', persons: Array.from(smallPersons) },
    { datum: 'wgs84' }, { datum: 'bd09', persons: smallPersons }]) {
    const want = small.assign(smallPositions, options);
    // In the map's datum the ties are in the input; converted, positions move off the edges.
    if ((options.datum ?? 'gcj02') === 'gcj02') assert.equal(want.summary.boundaryTies, 15);
    assert.equal(want.summary.invalid, 15);
    for (const chunk of [1, 2, 3, 7, 10, smallN - 1, smallN, smallN + 5, DEFAULT_CHUNK]) {
      const got = await assignInChunks(small, smallPositions, options, { chunk });
      assertSame(got, want);
    }
  }
  // Arrays as GridMap.assign reads them; no positions at all.
  assertSame(await assignInChunks(small, Array.from(smallPositions), {}, { chunk: 3 }), small.assign(Array.from(smallPositions), {}));
  assertSame(await assignInChunks(small, new Float64Array(0), undefined, { chunk: 3 }), small.assign(new Float64Array(0)));
});

test('the Siming sample in chunks of 20000 equals one GridMap.assign, byte for byte', async (t) => {
  const data = new URL('../../www/data/', import.meta.url);
  if (!existsSync(new URL('households.f64', data))) return t.skip('no sample: run scripts/build.sh');
  const map = GridMap.fromGeoJSON(readFileSync(new URL('grid.geojson', data), 'utf8'), { datum: 'gcj02' });
  const positions = new Float64Array(readFileSync(new URL('households.f64', data)).buffer.slice(0));
  const persons = new Uint8Array(readFileSync(new URL('persons.u8', data)));
  const want = map.assign(positions, { datum: 'gcj02', persons });
  const progress = [];
  const got = await assignInChunks(map, positions, { datum: 'gcj02', persons }, { onProgress: (p) => progress.push(p) });
  assertSame(got, want);
  const n = positions.length / 2;
  assert.ok(n > 400000, String(n));
  assert.equal(progress.length, Math.ceil(n / 20000));
  assert.deepEqual(progress.at(-1), { done: n, total: n });
  progress.forEach((p, i) => assert.equal(p.done, Math.min(n, (i + 1) * 20000)));
  map.free();
});

test('between chunks it awaits the yield hook; an abort there cancels with GEOCODE_CANCELLED', async () => {
  let yields = 0;
  await assignInChunks(small, smallPositions, {}, { chunk: 10, yield: async () => { yields++; } });
  assert.equal(yields, Math.ceil(smallN / 10) - 1);

  const controller = new AbortController();
  const seen = [];
  await assert.rejects(assignInChunks(small, smallPositions, {}, {
    chunk: 10, signal: controller.signal,
    onProgress: (p) => { seen.push(p.done); if (p.done === 20) controller.abort(); },
  }), { code: 'GEOCODE_CANCELLED', message: /cancelled/ });
  assert.deepEqual(seen, [10, 20]);
  await assert.rejects(assignInChunks(small, smallPositions, {}, { signal: controller.signal }), { code: 'GEOCODE_CANCELLED' });
  // The default yield is a macrotask: a message (such as the worker's cancel) posted before the
  // job is handled before it ends.
  const ch = new MessageChannel();
  let received = false;
  ch.port1.onmessage = () => { received = true; ch.port1.close(); };
  ch.port2.postMessage('cancel');
  await assignInChunks(small, smallPositions, {}, { chunk: 10 });
  assert.ok(received);
});

test('bad input: the same Error, code and message as GridMap.assign', async () => {
  const cases = [
    [new Float64Array(5), {}],
    [smallPositions, { persons: new Uint8Array(3) }],
    [smallPositions, { persons: Array.from(smallPersons, (v, i) => (i === 4 ? 1.5 : v)) }],
    [smallPositions, { persons: Array.from(smallPersons, (v, i) => (i === 6 ? -1 : v)) }],
    [smallPositions, { persons: 'many' }],
    [smallPositions, { datum: 'epsg3857' }],
    [smallPositions, { dataum: 'wgs84' }],
    [smallPositions, 'wgs84'],
    ['118,24', {}],
    [null, {}],
  ];
  for (const [positions, options] of cases) {
    let want;
    try { small.assign(positions, options); } catch (e) { want = e; }
    assert.ok(want instanceof Error && typeof want.code === 'string', `${JSON.stringify(options)} must throw`);
    await assert.rejects(assignInChunks(small, positions, options, { chunk: 4 }), (e) => {
      assert.ok(e instanceof Error);
      assert.equal(e.code, want.code);
      assert.equal(e.message, want.message);
      return true;
    });
  }
  for (const chunk of [0, -1, 1.5, NaN, '100', 2 ** 31]) {
    await assert.rejects(assignInChunks(small, smallPositions, {}, { chunk }), { code: 'OPTIONS_INVALID', message: /chunk/ });
  }
  // The map still answers: nothing panicked.
  assert.equal(small.assign(new Float64Array([118.005, 24.405])).cell[0], small.cellIndex('G1a'));
});

test('the map\'s maxPositions caps the whole chunked input, as one assign call (not each chunk)', async () => {
  const text = JSON.stringify({
    type: 'FeatureCollection',
    features: [feature('S', 'street', null, rect(118.0, 24.4, 118.02, 24.42)),
      feature('G', 'grid', 'S', rect(118.0, 24.4, 118.02, 24.42))],
  });
  const capped = GridMap.fromGeoJSON(text, { maxPositions: 10 });
  assert.equal(capped.maxPositions, 10);
  assert.equal(small.maxPositions, 2000000);
  const fifty = new Float64Array(100);
  for (let i = 0; i < 50; i++) { fifty[2 * i] = 118.001 + i * 1e-4; fifty[2 * i + 1] = 24.405; }
  const want = (() => { try { capped.assign(fifty); } catch (e) { return e; } return null; })();
  assert.equal(want?.code, 'GEOCODE_TOO_MANY_POSITIONS');
  for (const chunk of [5, 10, 20000]) {
    await assert.rejects(assignInChunks(capped, fifty, {}, { chunk }), (e) => {
      assert.equal(e.code, want.code);
      assert.equal(e.message, want.message);
      return true;
    });
  }
  // at the cap it is chunked and counts every position
  const ten = fifty.subarray(0, 20);
  const r = await assignInChunks(capped, ten, {}, { chunk: 3 });
  assert.deepEqual([...r.cell], new Array(10).fill(capped.cellIndex('G')));
  // cellIndex takes a string id; anything else is a coded error, and the map still answers
  for (const bad of [5, null, undefined, {}, true]) {
    assert.throws(() => capped.cellIndex(bad), { code: 'OPTIONS_INVALID', message: /must be a string/ });
  }
  assert.equal(capped.cells()[capped.cellIndex('G')].id, 'G');
  capped.free();
});

test('GeocodeWorker: WORKER_UNSUPPORTED where there is no Web Worker (Node.js), OPTIONS_INVALID for a typo', () => {
  assert.equal(typeof globalThis.Worker, 'undefined');
  assert.throws(() => new GeocodeWorker(), { code: 'WORKER_UNSUPPORTED' });
  assert.throws(() => new GeocodeWorker({ compt: true }), { code: 'OPTIONS_INVALID', message: /compt/ });
  assert.throws(() => new GeocodeWorker('x'), { code: 'OPTIONS_INVALID' });
});

test('GeocodeWorker.load: a Response, Blob or Promise rejects GEOJSON_INVALID_JSON saying what to pass, as GridMap.fromGeoJSON throws (not a DataCloneError)', async () => {
  // a stand-in Worker that records what is posted to it
  const posted = [];
  globalThis.Worker = class { postMessage(m) { posted.push(m.type); } terminate() {} };
  try {
    const geocoder = new GeocodeWorker();
    const text = '{"type":"FeatureCollection","features":[]}';
    for (const [value, message] of [
      [new Response(text), /^geojson: got a Response: pass its body, new Uint8Array\(await response\.arrayBuffer\(\)\) or await response\.text\(\)/],
      [new Blob([text]), /^geojson: got a Blob/],
      [Promise.resolve(text), /^geojson: got a Promise: await it first/],
    ]) {
      await assert.rejects(geocoder.load(value, { datum: 'gcj02' }), { code: 'GEOJSON_INVALID_JSON', message });
      let main;
      try { GridMap.fromGeoJSON(value, { datum: 'gcj02' }); } catch (e) { main = e; }
      await geocoder.load(value).catch((e) => assert.equal(e.message, main.message, 'the same words on both threads'));
    }
    assert.deepEqual(posted, ['init'], 'nothing was sent to the worker');
    geocoder.load(new DataView(new ArrayBuffer(2))).catch(() => {}); // rejected by terminate()
    assert.deepEqual(posted, ['init', 'load'], 'a DataView is sent (the worker reads it as GridMap.fromGeoJSON does)');
    geocoder.terminate();
  } finally {
    delete globalThis.Worker;
  }
});

test('assignInChunks: unknown hooks and GridMap.assign options put in hooks are OPTIONS_INVALID naming the key', async () => {
  await assert.rejects(assignInChunks(small, smallPositions, {}, { chunck: 4 }),
    { code: 'OPTIONS_INVALID', message: /unknown hook "chunck"; expected one of chunk, onProgress, signal, yield/ });
  // persons in hooks would have counted every household as one person
  await assert.rejects(assignInChunks(small, smallPositions, {}, { chunk: 4, persons: smallPersons }),
    { code: 'OPTIONS_INVALID', message: /"persons" is an option of GridMap.assign: pass it in options/ });
  await assert.rejects(assignInChunks(small, smallPositions, {}, { onProgress: 'bar' }),
    { code: 'OPTIONS_INVALID', message: /hooks\.onProgress must be a function/ });
  await assert.rejects(assignInChunks(small, smallPositions, {}, [4]), { code: 'OPTIONS_INVALID', message: /hooks must be an object/ });
});

test('GeocodeWorker.assign: an option typo is OPTIONS_INVALID naming the key (not a DataCloneError from postMessage)', async () => {
  // A stand-in Worker that clones messages as a real one does: a function cannot be cloned.
  const sent = [];
  globalThis.Worker = class {
    postMessage(m) { sent.push(structuredClone(m)); }
    terminate() {}
  };
  try {
    const geocoder = new GeocodeWorker({ wasm: new Uint8Array(0) });
    const before = sent.length;
    for (const [options, key] of [[{ onProgres: () => {} }, 'onProgres'], [{ dataum: 'gcj02' }, 'dataum'], [{ chunks: 4 }, 'chunks']]) {
      await assert.rejects(geocoder.assign(new Float64Array(2), options).result, (e) => {
        assert.equal(e.code, 'OPTIONS_INVALID');
        assert.equal(e.message, `unknown option "${key}" in options; expected one of ["datum", "persons", "chunk", "onProgress", "signal", "transfer"]`);
        return true;
      });
    }
    assert.equal(sent.length, before, 'nothing was sent');
    // an array holding a numeric string is not made numbers on the way: GridMap.assign in the worker rejects it
    geocoder.assign(['118.08', 24.45]);
    assert.deepEqual(sent.at(-1).positions, ['118.08', 24.45]);
    geocoder.assign(new Float64Array(2), { datum: 'gcj02', persons: [1], chunk: 4, transfer: false });
    assert.equal(sent.length, before + 2);
    assert.deepEqual(sent.at(-1).options, { datum: 'gcj02', persons: [1] });
    geocoder.terminate();
  } finally {
    delete globalThis.Worker;
  }
});
