// Determinism native vs wasm (issue #6, item 5): the bytes `cargo test --test determinism`
// writes natively into target/determinism/ (tests/determinism.rs) are computed again here
// through the built package (wasm) and compared byte for byte: the assignment of the Siming
// sample (plain and dense grid), datum conversion and an assignment through it, the SVG of the grid map coloured by households, and for every
// tally fixture the canonical result JSON and the hash chain of its log.
// Needs the sample in www/data (scripts/build.sh) and the native run (scripts/test.sh runs
// `cargo test` before the JS tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { init, GridMap, GridMapView, convert } from 'jinlin';
import { tallyJson, buildLog } from 'jinlin/tally';

await init();
const root = new URL('../../', import.meta.url);
const native = new URL('target/determinism/', root);
const data = new URL('www/data/', root);
const ready = existsSync(new URL('tally-fixtures.txt', native));
const missing = 'run `cargo test -p jinlin --test determinism` first (scripts/test.sh does)';

/** Compares bytes, naming the first difference. */
function sameBytes(actual, expectedFile, what) {
  const expected = readFileSync(new URL(expectedFile, native));
  const a = Buffer.from(actual.buffer ?? actual, actual.byteOffset ?? 0, actual.byteLength ?? actual.length);
  if (a.equals(expected)) return;
  let i = 0;
  while (i < a.length && a[i] === expected[i]) i++;
  assert.fail(`${what}: wasm and native differ at byte ${i} of ${a.length} / ${expected.length} ` +
    `(sha256 ${createHash('sha256').update(a).digest('hex').slice(0, 16)} vs ${createHash('sha256').update(expected).digest('hex').slice(0, 16)})`);
}

const f64s = (file) => {
  const b = readFileSync(new URL(file, data));
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

test('native results are there to compare with', () => assert.ok(ready, missing));

test('the assignment of the Siming sample is byte-identical natively and in wasm (plain and dense)', { skip: !ready && missing }, () => {
  const positions = f64s('households.f64');
  const persons = readFileSync(new URL('persons.u8', data));
  for (const name of ['grid', 'grid-dense']) {
    const grid = GridMap.fromGeoJSON(readFileSync(new URL(`${name}.geojson`, data), 'utf8'), { datum: 'gcj02' });
    const r = grid.assign(positions, { datum: 'gcj02', persons });
    assert.equal(r.summary.assigned, positions.length / 2);
    sameBytes(r.cell, `assign-${name}.cell.i32`, `${name}: cell per household`);
    sameBytes(r.households, `assign-${name}.households.u32`, `${name}: households per cell`);
    sameBytes(r.persons, `assign-${name}.persons.f64`, `${name}: persons per cell`);
    grid.free();
  }
});

test('datum conversion (GCJ-02 → WGS-84) and the assignment from WGS-84 are byte-identical natively and in wasm', { skip: !ready && missing }, () => {
  const wgs84 = convert(f64s('households.f64'), 'gcj02', 'wgs84');
  sameBytes(wgs84, 'convert-wgs84.f64', 'converted positions');
  const grid = GridMap.fromGeoJSON(readFileSync(new URL('grid.geojson', data), 'utf8'), { datum: 'gcj02' });
  sameBytes(grid.assign(wgs84, { datum: 'wgs84' }).cell, 'assign-grid-wgs84.cell.i32', 'cell per household from WGS-84');
  grid.free();
});

test('the SVG of the Siming grid map is byte-identical natively and in wasm', { skip: !ready && missing }, () => {
  globalThis.CanvasRenderingContext2D ??= class CanvasRenderingContext2D {};
  const ctx = new globalThis.CanvasRenderingContext2D();
  const canvas = { width: 0, height: 0, clientWidth: 0, clientHeight: 0, getContext: () => ctx };
  const grid = GridMap.fromGeoJSON(readFileSync(new URL('grid.geojson', data), 'utf8'), { datum: 'gcj02' });
  const { households } = grid.assign(f64s('households.f64'), { datum: 'gcj02' });
  grid.free();
  // The map with coordinates rounded to 1e-7° (written by the native test): the render module
  // parses numbers with serde_json's fast float parser, exact up to 15 significant digits but
  // up to one ulp off for the sample's 17 (see tests/determinism.rs).
  const text = readFileSync(new URL('grid-rounded.geojson', native), 'utf8');
  const view = GridMapView.fromGeoJSON(canvas, text, { datum: 'gcj02', widthCss: 1280, heightCss: 800, devicePixelRatio: 2 });
  view.setValues(Float64Array.from(households));
  const svg = view.toSvg();
  view.free();
  assert.ok(svg.startsWith('<svg') && svg.length > 10_000);
  sameBytes(Buffer.from(svg, 'utf8'), 'render-grid.svg', 'SVG');
});

test('every tally fixture: canonical result JSON and log hash chain byte-identical natively and in wasm', { skip: !ready && missing }, () => {
  const names = readFileSync(new URL('tally-fixtures.txt', native), 'utf8').split('\n');
  assert.ok(names.length >= 20);
  for (const name of names) {
    const text = readFileSync(new URL(`tests/fixtures/tally/${name}/input.json`, root), 'utf8');
    sameBytes(Buffer.from(tallyJson(text), 'utf8'), `tally-${name}.json`, `${name}: result JSON`);
    const { snapshot, ballots } = JSON.parse(text);
    const hashes = buildLog(snapshot, ballots).map((e) => e.hash).join('\n');
    sameBytes(Buffer.from(hashes, 'utf8'), `log-${name}.txt`, `${name}: log hashes`);
  }
});
