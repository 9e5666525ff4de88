// GridMap through the built package: reading a small three-level map, assign with roll-ups and
// the boundary rule, datums, locate, determinism and free().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init, GridMap, GridMapView, convert } from 'jinlin';
import { diagnostics } from 'jinlin/diagnostics';

await init();

// Node has no canvas: a stand-in that passes the adapter's check (as render.test.mjs).
globalThis.CanvasRenderingContext2D ??= class CanvasRenderingContext2D {};
const fakeCanvas = () => {
  const ctx = new globalThis.CanvasRenderingContext2D();
  return { width: 0, height: 0, clientWidth: 0, clientHeight: 0, getContext: () => ctx };
};

const rect = (w, s, e, n) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const feature = (id, level, parent, coordinates, extra = {}) => ({
  type: 'Feature',
  properties: { id, name: `名称${id}`, level, ...(parent ? { parent } : {}), ...extra },
  geometry: { type: 'Polygon', coordinates },
});
// Street S = [118.00, 118.02] × [24.40, 24.42]; communities C1 (west half), C2 (east half);
// C1 has grids G1a (south) and G1b (north); C2 has one grid G2.
const features = [
  feature('S', 'street', null, rect(118.0, 24.4, 118.02, 24.42)),
  feature('C1', 'community', 'S', rect(118.0, 24.4, 118.01, 24.42)),
  feature('C2', 'community', 'S', rect(118.01, 24.4, 118.02, 24.42)),
  feature('G1a', 'grid', 'C1', rect(118.0, 24.4, 118.01, 24.41), { worker: '陈*华' }),
  feature('G1b', 'grid', 'C1', rect(118.0, 24.41, 118.01, 24.42), { worker: '林*' }),
  feature('G2', 'grid', 'C2', rect(118.01, 24.4, 118.02, 24.42), { worker: '王*明' }),
];
const fc = (fs) => ({ type: 'FeatureCollection', features: fs });
const grid = GridMap.fromGeoJSON(JSON.stringify(fc(features)), { datum: 'gcj02' });
const idx = (id) => grid.cellIndex(id);

test('fromGeoJSON: a DataView is read as the bytes it views (byteOffset and byteLength respected); a Response, Blob or Promise says what to pass', async () => {
  const text = JSON.stringify(fc(features));
  const bytes = new TextEncoder().encode(text);
  // the map's bytes between junk that would not parse: only the viewed bytes are read
  const buffer = new Uint8Array(bytes.length + 11);
  buffer.fill(0x7b); // '{'
  buffer.set(bytes, 5);
  const fromView = GridMap.fromGeoJSON(new DataView(buffer.buffer, 5, bytes.length), { datum: 'gcj02' });
  assert.deepEqual(fromView.cells(), grid.cells());
  fromView.free();
  assert.throws(() => GridMap.fromGeoJSON(new DataView(buffer.buffer, 4, bytes.length)), { code: 'GEOJSON_INVALID_JSON' });
  const hints = [
    [new Response(text), /^geojson: got a Response: pass its body, new Uint8Array\(await response\.arrayBuffer\(\)\) or await response\.text\(\)/],
    [new Blob([text]), /^geojson: got a Blob: pass its bytes, new Uint8Array\(await blob\.arrayBuffer\(\)\), or await blob\.text\(\)/],
    [Promise.resolve(text), /^geojson: got a Promise: await it first/],
    [{ then() {} }, /^geojson: got a Promise/],
  ];
  for (const [value, message] of hints) {
    // was GEOJSON_NOT_FEATURE_COLLECTION: JSON.stringify writes each of them as {}
    assert.throws(() => GridMap.fromGeoJSON(value, { datum: 'gcj02' }), { code: 'GEOJSON_INVALID_JSON', message });
    assert.throws(() => GridMapView.fromGeoJSON(fakeCanvas(), value, { datum: 'gcj02', widthCss: 100, heightCss: 100 }),
      { code: 'GEOJSON_INVALID_JSON', message });
  }
  // the Response's body, as the message says
  const fromResponse = GridMap.fromGeoJSON(new Uint8Array(await new Response(text).arrayBuffer()), { datum: 'gcj02' });
  assert.equal(fromResponse.length, grid.length);
  fromResponse.free();
  assert.equal(grid.cellIndex('G2'), idx('G2'), 'the map still answers');
});

test('fromGeoJSON reads the UTF-8 bytes (Uint8Array, ArrayBuffer) as it reads the text', () => {
  const text = JSON.stringify(fc(features));
  const bytes = new TextEncoder().encode(text);
  const withBom = Uint8Array.of(0xef, 0xbb, 0xbf, ...bytes);
  for (const input of [bytes, bytes.buffer, withBom, bytes.subarray(0)]) {
    const g = GridMap.fromGeoJSON(input, { datum: 'gcj02' });
    assert.deepEqual(g.cells(), grid.cells());
    assert.deepEqual(g.toFlat(), grid.toFlat());
    g.free();
  }
  // a view into a larger buffer: only its own bytes are read
  const padded = new Uint8Array(bytes.length + 8).fill(0x7b);
  padded.set(bytes, 4);
  const g = GridMap.fromGeoJSON(padded.subarray(4, 4 + bytes.length), { datum: 'gcj02' });
  assert.deepEqual(g.cells(), grid.cells());
  g.free();
});

test('bytes that are not UTF-8 are GEOJSON_INVALID_JSON naming the byte offset', () => {
  // the name's first byte (名, E5 90 8D) cut to a lone continuation byte
  const bytes = new TextEncoder().encode(JSON.stringify(fc(features)));
  const at = bytes.indexOf(0xe5);
  const bad = bytes.slice();
  bad[at] = 0x90;
  assert.throws(() => GridMap.fromGeoJSON(bad, { datum: 'gcj02' }), (e) => {
    assert.equal(e.code, 'GEOJSON_INVALID_JSON');
    assert.match(e.message, new RegExp(`invalid UTF-8 at byte offset ${at}$`));
    assert.match(e.message, /^invalid JSON at line 1, column \d+:/);
    return true;
  });
  assert.throws(() => GridMap.fromGeoJSON(Uint8Array.of(0x7b, 0x0a, 0xff)), {
    code: 'GEOJSON_INVALID_JSON',
    message: 'invalid JSON at line 2, column 1: invalid UTF-8 at byte offset 2',
  });
  // valid UTF-8 that is not JSON: the JSON reader's error
  assert.throws(() => GridMap.fromGeoJSON(new TextEncoder().encode('{"type":')), { code: 'GEOJSON_INVALID_JSON' });
  // other typed arrays are not bytes
  assert.throws(() => GridMap.fromGeoJSON(Uint16Array.of(0x7b)), { code: 'GEOJSON_NOT_FEATURE_COLLECTION' });
});

test('cells are read, sorted by id, with parents and workers', () => {
  assert.equal(grid.length, 6);
  assert.equal(grid.datum, 'gcj02');
  const cells = grid.cells();
  assert.deepEqual(cells.map((c) => c.id), ['C1', 'C2', 'G1a', 'G1b', 'G2', 'S']);
  const g1a = cells[idx('G1a')];
  assert.equal(g1a.parent, 'C1');
  assert.equal(g1a.parentIndex, idx('C1'));
  assert.equal(g1a.level, 'grid');
  assert.equal(g1a.worker, '陈*华');
  assert.equal(g1a.featureIndex, 3);
  assert.deepEqual(g1a.bbox, [118.0, 24.4, 118.01, 24.41]);
  assert.equal(cells[idx('S')].parent, null);
  assert.equal(idx('nope'), -1);
});

test('assign puts positions in grids and rolls counts up to community and street', () => {
  const positions = new Float64Array([
    118.005, 24.405, // G1a
    118.005, 24.415, // G1b
    118.015, 24.405, // G2
    118.015, 24.415, // G2
    118.03, 24.41, // outside
    NaN, 24.41, // invalid
    200, 24.41, // invalid: out of range
  ]);
  const persons = new Uint8Array([1, 2, 3, 4, 5, 6, 7]);
  const r = grid.assign(positions, { persons });
  assert.deepEqual([...r.cell], [idx('G1a'), idx('G1b'), idx('G2'), idx('G2'), -1, -1, -1]);
  assert.deepEqual(r.summary, { positions: 7, assigned: 4, outside: 1, invalid: 2, boundaryTies: 0 });
  const h = (id) => r.households[idx(id)];
  const p = (id) => r.persons[idx(id)];
  assert.deepEqual(['G1a', 'G1b', 'G2', 'C1', 'C2', 'S'].map(h), [1, 1, 2, 2, 2, 4]);
  assert.deepEqual(['G1a', 'G1b', 'G2', 'C1', 'C2', 'S'].map(p), [1, 2, 7, 3, 7, 10]);
  assert.equal(r.totalPersons, 10);
  // Without persons, each household counts one person.
  const r1 = grid.assign(positions);
  assert.equal(r1.persons[idx('S')], 4);
});

test('positions on shared edges and vertices go to exactly one cell: east, then north', () => {
  const positions = new Float64Array([
    118.005, 24.41, // on the edge G1a|G1b → north: G1b
    118.01, 24.405, // on the edge G1a|G2 → east: G2
    118.01, 24.41, // the vertex shared by G1a, G1b, G2 → G2
    118.0, 24.405, // on the west outline edge → east: G1a
    118.02, 24.405, // on the east outline edge → east is outside
    118.005, 24.42, // on the north outline edge → north is outside
    118.005, 24.4, // on the south outline edge → north: G1a
  ]);
  const r = grid.assign(positions);
  assert.deepEqual([...r.cell], [idx('G1b'), idx('G2'), idx('G2'), idx('G1a'), -1, -1, idx('G1a')]);
  assert.equal(r.summary.boundaryTies, 3);
  // Feature order does not matter.
  const shuffled = GridMap.fromGeoJSON(fc([...features].reverse()), { datum: 'gcj02' });
  assert.deepEqual([...shuffled.assign(positions).cell], [...r.cell]);
  assert.deepEqual(shuffled.cells(), grid.cells().map((c) => ({ ...c, featureIndex: 5 - c.featureIndex })));
  shuffled.free();
});

test('positions in another datum are converted before the test', () => {
  // Near the cells' north-west corners: the ~580 m datum shift moves them across edges.
  const gcj = new Float64Array([118.0005, 24.4095, 118.0105, 24.4195]);
  const wgs = convert(gcj, 'gcj02', 'wgs84');
  assert.ok(Math.abs(wgs[0] - gcj[0]) > 0.003, 'the datums differ by hundreds of metres here');
  assert.deepEqual([...grid.assign(wgs, { datum: 'wgs84' }).cell], [idx('G1a'), idx('G2')]);
  const bd = convert(gcj, 'gcj02', 'bd09');
  assert.deepEqual([...grid.assign(bd, { datum: 'bd09' }).cell], [idx('G1a'), idx('G2')]);
  // Read as GCJ-02 they would land elsewhere.
  assert.deepEqual([...grid.assign(wgs).cell], [-1, -1]);
});

test('locate routes an event to its grid, or to the nearest grid within maxDistanceM', () => {
  const hit = grid.locate(118.005, 24.415, { datum: 'gcj02' });
  assert.equal(hit.cellId, 'G1b');
  assert.equal(hit.worker, '林*');
  assert.equal(hit.distanceM, 0);
  assert.deepEqual(hit.path.map((p) => p.id), ['S', 'C1', 'G1b']);
  // 0.0005° of longitude east of the street at 24.41° N is about 50.7 m.
  const lng = 118.0205;
  assert.equal(grid.locate(lng, 24.415), null);
  assert.equal(grid.locate(lng, 24.415, { maxDistanceM: 40 }), null);
  const near = grid.locate(lng, 24.415, { maxDistanceM: 100 });
  assert.equal(near.cellId, 'G2');
  assert.ok(Math.abs(near.distanceM - 50.7) < 0.5, `distance ${near.distanceM}`);
});

test('bad positions and options throw with a code, and the instance still works', () => {
  assert.throws(() => grid.assign(new Float64Array(3)), { code: 'GEOCODE_ODD_LENGTH' });
  assert.throws(() => grid.assign('118,24'), { code: 'GEOCODE_INVALID_POSITIONS' });
  assert.throws(() => grid.assign(new Float64Array(4), { persons: new Uint8Array(3) }), { code: 'GEOCODE_PERSONS_LENGTH' });
  assert.throws(() => grid.assign(new Float64Array(2), { persons: [-1] }), { code: 'OPTIONS_INVALID' });
  assert.throws(() => grid.assign(new Float64Array(2), { datum: 'utm' }), { code: 'OPTIONS_INVALID' });
  assert.throws(() => grid.locate(NaN, 24.4), { code: 'GEOCODE_INVALID_POSITION' });
  assert.throws(() => grid.locate(118, 24.4, { maxDistanceM: -1 }), { code: 'OPTIONS_INVALID' });
  assert.deepEqual([...grid.assign(new Float64Array([118.005, 24.405])).cell], [idx('G1a')]);
});

test('free() releases the map; later calls throw', () => {
  const g = GridMap.fromGeoJSON(fc(features));
  assert.equal(g.length, 6);
  g.free();
  assert.throws(() => g.length);
});

test('diagnostics report overlaps, gaps and parts outside the parent in m²', () => {
  // Street S = [118.00, 118.02] × [24.40, 24.42]. Community A = [118.00, 118.011] × [24.40, 24.42]
  // overlaps community B = [118.01, 118.02] × [24.41, 24.42] by [118.01, 118.011] × [24.41, 24.42];
  // nothing covers [118.011, 118.02] × [24.40, 24.41] of S (a gap); A's grid pokes out of A by
  // [118.00, 118.011] × [24.42, 24.421].
  const fs = [
    feature('S', 'street', null, rect(118.0, 24.4, 118.02, 24.42)),
    feature('A', 'community', 'S', rect(118.0, 24.4, 118.011, 24.42)),
    feature('B', 'community', 'S', rect(118.01, 24.41, 118.02, 24.42)),
    feature('Ag', 'grid', 'A', rect(118.0, 24.4, 118.011, 24.421)),
  ];
  const d = diagnostics(fc(fs), { datum: 'wgs84' });
  // On the WGS-84 ellipsoid at 24.415° N: 1° of longitude = 101,422 m, 1° of latitude = 110,766 m.
  const m2 = (dLng, dLat) => dLng * 101_422 * dLat * 110_766;
  const close = (x, y) => Math.abs(x - y) / y < 0.005;
  assert.equal(d.overlaps.length, 1, JSON.stringify(d.overlaps));
  assert.deepEqual([d.overlaps[0].a, d.overlaps[0].b], ['A', 'B']);
  assert.ok(close(d.overlaps[0].areaM2, m2(0.001, 0.01)), `overlap ${d.overlaps[0].areaM2}`);
  const gap = d.gaps.find((x) => x.parent === 'S');
  assert.ok(gap && close(gap.areaM2, m2(0.009, 0.01)), `gaps ${JSON.stringify(d.gaps)}`);
  const out = d.outsideParent.find((x) => x.cell === 'Ag');
  assert.ok(out && out.parent === 'A' && close(out.areaM2, m2(0.011, 0.001)), `outside ${JSON.stringify(d.outsideParent)}`);
  assert.deepEqual(d.holes, []);
  assert.throws(() => diagnostics(fc(fs), { minAreaM2: -1 }), { code: 'OPTIONS_INVALID' });
  assert.throws(() => diagnostics(fc(fs), { minArea: 1 }), { code: 'OPTIONS_INVALID' });
  // its UTF-8 bytes, as GridMap.fromGeoJSON reads them: the same diagnostics
  const bytes = new TextEncoder().encode(JSON.stringify(fc(fs)));
  assert.deepEqual(diagnostics(bytes, { datum: 'wgs84' }), d);
  assert.deepEqual(diagnostics(bytes.buffer, { datum: 'wgs84' }), d);
  assert.throws(() => diagnostics(Uint8Array.of(0x7b, 0xff), { datum: 'wgs84' }), { code: 'GEOJSON_INVALID_JSON', message: /not UTF-8 \(at byte 1\)/ });
  assert.throws(() => diagnostics(fc(fs), { datum: 'x' }), { code: 'OPTIONS_INVALID', message: /unknown datum "x" \("wgs84", "gcj02" or "bd09"\)/ });
});
