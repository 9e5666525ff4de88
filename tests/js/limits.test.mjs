// Limits through the built package (issue #6, item 4): caps on cells, vertices, positions,
// units and ballots throw coded errors naming the limit and the count — before the input is
// copied into wasm memory where the API can tell — and the same instance keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { init, GridMap } from 'jinlin';
import { Roster } from 'jinlin/tally';
import { initSync } from 'jinlin/web';

await init();
const memory = initSync(undefined).memory;

function throwsCode(fn, code, ...words) {
  let err;
  assert.throws(fn, (e) => { err = e; return e instanceof Error && e.code === code; }, `expected ${code}`);
  for (const w of words) assert.ok(err.message.includes(w), `${err.message} should name ${w}`);
  return err;
}

const square = (i) => {
  const [w, s] = [118 + 0.001 * (i % 100), 24.4 + 0.001 * Math.floor(i / 100)];
  return {
    type: 'Feature',
    properties: { id: `g${i}`, level: 'grid' },
    geometry: { type: 'Polygon', coordinates: [[[w, s], [w + 0.001, s], [w + 0.001, s + 0.001], [w, s + 0.001], [w, s]]] },
  };
};
const collection = (n) => ({ type: 'FeatureCollection', features: Array.from({ length: n }, (_, i) => square(i)) });

test('maxCells and maxVertices: the limit and the count are named; string and object input alike', () => {
  const fc = collection(10); // 10 features, 50 positions
  for (const input of [fc, JSON.stringify(fc)]) {
    throwsCode(() => GridMap.fromGeoJSON(input, { maxCells: 9 }), 'GEOJSON_TOO_MANY_CELLS', '10 features', 'maxCells = 9');
    throwsCode(() => GridMap.fromGeoJSON(input, { maxVertices: 49 }), 'GEOJSON_TOO_MANY_VERTICES', '50 positions', 'maxVertices = 49');
    const ok = GridMap.fromGeoJSON(input, { maxCells: 10, maxVertices: 50 });
    assert.equal(ok.length, 10);
    ok.free();
  }
  throwsCode(() => GridMap.fromGeoJSON(fc, { maxVertex: 50 }), 'OPTIONS_INVALID', 'maxVertex');
  throwsCode(() => GridMap.fromGeoJSON(fc, { maxCells: 'many' }), 'OPTIONS_INVALID');
  throwsCode(() => GridMap.fromGeoJSON(fc, { maxCells: -1 }), 'OPTIONS_INVALID');
});

test('the default caps: 20,000 cells and 250,000 vertices', () => {
  throwsCode(() => GridMap.fromGeoJSON(collection(20_001)), 'GEOJSON_TOO_MANY_CELLS', '20001 features', 'maxCells = 20000');
  const big = GridMap.fromGeoJSON(collection(20_001), { maxCells: 20_001 });
  assert.equal(big.length, 20_001);
  big.free();
  // One ring of 250,001 positions (a circle): refused before it is parsed into a tree.
  const n = 250_000;
  const ring = Array.from({ length: n + 1 }, (_, i) => [118 + 0.01 * Math.cos((2 * Math.PI * i) / n), 24.4 + 0.01 * Math.sin((2 * Math.PI * i) / n)]);
  ring[n] = ring[0];
  const text = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'c', level: 'grid' }, geometry: { type: 'Polygon', coordinates: [ring] } }] });
  throwsCode(() => GridMap.fromGeoJSON(text), 'GEOJSON_TOO_MANY_VERTICES', '250001 positions', 'maxVertices = 250000');
});

test('maxPositions: assign refuses more positions before copying them into wasm memory', () => {
  const grid = GridMap.fromGeoJSON(collection(4), { maxPositions: 2 });
  const three = new Float64Array([118.0005, 24.4005, 118.0015, 24.4005, 0, 0]);
  throwsCode(() => grid.assign(three), 'GEOCODE_TOO_MANY_POSITIONS', '3 positions', 'maxPositions = 2');
  throwsCode(() => grid.assign(Array.from(three)), 'GEOCODE_TOO_MANY_POSITIONS', '3 positions');
  assert.deepEqual([...grid.assign(three.subarray(0, 4)).cell], [grid.cellIndex('g0'), grid.cellIndex('g1')]);
  grid.free();
  // The default, 2,000,000: 2,000,001 positions (32 MB) are refused and the memory does not grow.
  const fine = GridMap.fromGeoJSON(collection(4));
  fine.assign(three);
  const before = memory.buffer.byteLength;
  throwsCode(() => fine.assign(new Float64Array(2 * 2_000_001)), 'GEOCODE_TOO_MANY_POSITIONS', '2000001 positions', 'maxPositions = 2000000');
  assert.equal(memory.buffer.byteLength, before, 'the refused positions were not copied into wasm memory');
  assert.equal(fine.assign(three).summary.assigned, 2, 'the instance still works');
  fine.free();
});

test('maxPositions cannot be raised beyond what wasm32 memory holds (50,000,000): OPTIONS_INVALID, not a trap at assign', () => {
  throwsCode(() => GridMap.fromGeoJSON(collection(4), { maxPositions: 2 ** 32 - 1 }), 'OPTIONS_INVALID',
    'maxPositions = 4294967295 is more than wasm32 memory can hold: at most 50000000');
  throwsCode(() => GridMap.fromGeoJSON(collection(4), { maxPositions: 50_000_001 }), 'OPTIONS_INVALID', 'maxPositions = 50000001');
  // a limit of 0 would refuse every map or every later assign: refused at once, by name
  for (const name of ['maxCells', 'maxVertices', 'maxPositions']) {
    throwsCode(() => GridMap.fromGeoJSON(collection(4), { [name]: 0 }), 'OPTIONS_INVALID', `options.${name} = 0`, 'at least 1');
  }
  const most = GridMap.fromGeoJSON(collection(4), { maxPositions: 50_000_000 });
  assert.equal(most.maxPositions, 50_000_000);
  most.free();
});

test('maxVertices counts the positions of geometries only: not a bbox, not numeric arrays among the properties', () => {
  const fc = collection(1);
  fc.bbox = [118, 24.4, 118.001, 24.401];
  fc.features[0].properties.history = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]];
  fc.features[0].bbox = [118, 24.4, 118.001, 24.401];
  const ring = fc.features[0].geometry.coordinates[0].length;
  for (const input of [fc, JSON.stringify(fc)]) {
    const g = GridMap.fromGeoJSON(input, { maxVertices: ring });
    assert.equal(g.length, 1);
    g.free();
    throwsCode(() => GridMap.fromGeoJSON(input, { maxVertices: ring - 1 }), 'GEOJSON_TOO_MANY_VERTICES', `${ring} positions`);
  }
});

test('maxUnits and maxBallots of a Roster: TALLY_TOO_LARGE names the limit and the count', () => {
  const { snapshot, ballots } = JSON.parse(readFileSync(new URL('../fixtures/tally/w3/input.json', import.meta.url), 'utf8'));
  const units = snapshot.units.length;
  throwsCode(() => new Roster(snapshot, { maxUnits: units - 1 }), 'TALLY_TOO_LARGE', `${units} units`, `limit of ${units - 1}`);
  throwsCode(() => Roster.fromJson(JSON.stringify(snapshot), { maxUnits: units - 1 }), 'TALLY_TOO_LARGE', `${units} units`);
  // a typo or a bad value: OPTIONS_INVALID naming the key
  throwsCode(() => new Roster(snapshot, { maxUnit: 1 }), 'OPTIONS_INVALID', 'limits.maxUnit: expected { maxUnits?, maxBallots? }');
  throwsCode(() => Roster.fromJson(JSON.stringify(snapshot), { maxBalots: 1 }), 'OPTIONS_INVALID', 'limits.maxBalots');
  throwsCode(() => new Roster(snapshot, { maxUnits: -1 }), 'OPTIONS_INVALID', 'limits.maxUnits: expected');
  throwsCode(() => new Roster(snapshot, { maxBallots: '10' }), 'OPTIONS_INVALID', 'limits.maxBallots');
  const roster = new Roster(snapshot, { maxBallots: ballots.length - 1 });
  const words = [`${ballots.length} ballots`, `limit of ${ballots.length - 1}`];
  throwsCode(() => roster.ballots(ballots), 'TALLY_TOO_LARGE', ...words);
  throwsCode(() => roster.ballotsJson(JSON.stringify(ballots)), 'TALLY_TOO_LARGE', ...words);
  const entries = ballots.map((ballot) => ({ ballot, hash: '0'.repeat(64) }));
  throwsCode(() => roster.log(entries), 'TALLY_TOO_LARGE', ...words);
  throwsCode(() => roster.logJson(JSON.stringify(entries)), 'TALLY_TOO_LARGE', ...words);
  const log = roster.ballots(ballots.slice(1));
  assert.equal(log.length, ballots.length - 1, 'the roster still works');
  log.free(); roster.free();
  // The default, 200,000 ballots: an array of 200,001 is refused before it is serialised.
  const r = new Roster(snapshot);
  throwsCode(() => r.ballots(new Array(200_001).fill(ballots[0])), 'TALLY_TOO_LARGE', '200001 ballots', 'limit of 200000');
  r.free();
});
