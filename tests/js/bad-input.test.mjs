// The bad-input corpus through the JS API: every broken grid map of tests/fixtures/grid gives
// its documented error code (the same as natively) and message; nothing panics, and the same
// wasm instance still answers a good request correctly afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { init, GridMap } from 'jinlin';

await init();
const dir = new URL('../fixtures/grid/', import.meta.url);
const cases = readdirSync(dir).filter((d) => existsSync(new URL(`${d}/expected.json`, dir)));

const good = {
  type: 'FeatureCollection',
  features: [{
    type: 'Feature',
    properties: { id: 'g', name: '网格', level: 'grid' },
    geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] },
  }],
};
function stillWorks() {
  const g = GridMap.fromGeoJSON(good, { datum: 'wgs84' });
  const r = g.assign(new Float64Array([0.5, 0.5, 2, 2]));
  assert.deepEqual([...r.cell], [0, -1]);
  g.free();
}

test('the corpus is not empty', () => assert.ok(cases.length >= 20, `${cases.length} cases`));

for (const name of cases) {
  test(`grid corpus: ${name}`, () => {
    const input = readFileSync(new URL(`${name}/input.geojson`, dir), 'utf8');
    const expected = JSON.parse(readFileSync(new URL(`${name}/expected.json`, dir), 'utf8'));
    if (expected.code) {
      assert.throws(() => GridMap.fromGeoJSON(input, { datum: 'gcj02' }), (e) => {
        assert.ok(e instanceof Error);
        assert.equal(e.code, expected.code);
        assert.ok(e.message.includes(expected.message), `message ${JSON.stringify(e.message)} lacks ${JSON.stringify(expected.message)}`);
        return true;
      });
    } else {
      GridMap.fromGeoJSON(input, { datum: 'gcj02' }).free();
    }
    stillWorks();
  });
}

const grid = GridMap.fromGeoJSON(good, { datum: 'wgs84' });
const badPositions = [
  ['odd length', new Float64Array(5), 'GEOCODE_ODD_LENGTH'],
  ['a string', '0.5,0.5', 'GEOCODE_INVALID_POSITIONS'],
  ['a number', 42, 'GEOCODE_INVALID_POSITIONS'],
  ['null', null, 'GEOCODE_INVALID_POSITIONS'],
  ['an object', { lng: 1, lat: 2 }, 'GEOCODE_INVALID_POSITIONS'],
];
for (const [what, positions, code] of badPositions) {
  test(`assign rejects positions given as ${what} with ${code}`, () => {
    assert.throws(() => grid.assign(positions), { code });
    stillWorks();
  });
}

test('non-finite and out-of-range positions are counted as invalid, never dropped', () => {
  const r = grid.assign([NaN, 0.5, Infinity, 0.5, 0.5, -Infinity, 181, 0.5, 0.5, 91, 0.5, 0.5]);
  assert.deepEqual([...r.cell], [-1, -1, -1, -1, -1, 0]);
  assert.deepEqual(r.summary, { positions: 6, assigned: 1, outside: 0, invalid: 5, boundaryTies: 0 });
});

test('bad options are errors with a code', () => {
  assert.throws(() => GridMap.fromGeoJSON(good, { datum: 'mars' }), { code: 'OPTIONS_INVALID' });
  assert.throws(() => GridMap.fromGeoJSON(good, { datum: 'wgs84', colour: 'red' }), { code: 'OPTIONS_INVALID' });
  assert.throws(() => GridMap.fromGeoJSON(42), { code: 'GEOJSON_INVALID_JSON' });
  assert.throws(() => grid.assign(new Float64Array(2), 'wgs84'), { code: 'OPTIONS_INVALID' });
  assert.throws(() => grid.assign(new Float64Array(2), { persons: 'many' }), { code: 'OPTIONS_INVALID' });
  assert.throws(() => grid.assign(new Float64Array(2), { persons: [1.5] }), { code: 'OPTIONS_INVALID' });
  stillWorks();
});

test('a huge empty-handed input does not break the instance', () => {
  const big = new Float64Array(2_000_000).fill(NaN);
  const r = grid.assign(big);
  assert.equal(r.summary.invalid, 1_000_000);
  stillWorks();
});
