// The compatible build (DESIGN.md, "Reach"): the feature probes that choose it, the
// `target_features` rewrite, and the same results from both builds behind one glue.
// `JINLIN_COMPAT=1 node --test tests/js/` runs the whole suite on the compatible build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probes, wasmFeatures } from '../../pkg/features.js';
import { dropFeatures, targetFeatures } from '../../scripts/wasm-features.mjs';
import { isCompat } from 'jinlin';

const MVP = ['--disable-saturating-float-to-int', '--disable-sign-extension', '--disable-multi-value',
  '--disable-bulk-memory', '--disable-reference-types', '--disable-mutable-globals', '--disable-simd'];
const tmp = mkdtempSync(join(tmpdir(), 'jinlin-compat-'));
function validates(bytes, flags) {
  const f = join(tmp, 'm.wasm');
  writeFileSync(f, bytes);
  try { execFileSync('wasm-validate', [...flags, f], { stdio: 'pipe' }); return true; } catch { return false; }
}

test('each feature probe is valid, and invalid for an MVP engine (wasm-validate)', () => {
  for (const [name, bytes] of Object.entries(probes)) {
    const b = Uint8Array.from(bytes);
    assert.equal(WebAssembly.validate(b), true, name);
    assert.equal(validates(b, []), true, `${name} with every feature`);
    assert.equal(validates(b, MVP), false, `${name} as MVP`);
  }
  assert.deepEqual(Object.values(wasmFeatures()), [true, true, true, true, true]);
});

test('the loaded build is the one JINLIN_COMPAT asks for', () => {
  assert.equal(isCompat(), process.env.JINLIN_COMPAT === '1');
});

test('target_features rewrite drops exactly the named features and keeps the module valid', () => {
  // A module with one custom section: target_features = +multivalue +reference-types +sign-ext.
  const name = Buffer.from('target_features');
  const entries = ['multivalue', 'reference-types', 'sign-ext']
    .map((n) => Buffer.concat([Buffer.from('+'), Buffer.from([n.length]), Buffer.from(n)]));
  const body = Buffer.concat([Buffer.from([name.length]), name, Buffer.from([3]), ...entries]);
  const mod = Buffer.concat([Buffer.from([0, 97, 115, 109, 1, 0, 0, 0, 0, body.length]), body]);
  assert.deepEqual(targetFeatures(mod), [['+', 'multivalue'], ['+', 'reference-types'], ['+', 'sign-ext']]);
  const out = dropFeatures(mod, ['reference-types', 'multivalue']);
  assert.deepEqual(targetFeatures(out), [['+', 'sign-ext']]);
  assert.equal(WebAssembly.validate(out), true);
});

test('both builds give the same assignment and tally through the same glue', () => {
  const script = `
    import { GridMap, isCompat } from 'jinlin';
    import { tallyJson } from 'jinlin/tally';
    import { readFileSync } from 'node:fs';
    const rect = (w, s, e, n) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
    const fc = { type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { id: 'A', name: 'A', level: 'grid' }, geometry: { type: 'Polygon', coordinates: rect(0, 0, 1, 1) } },
      { type: 'Feature', properties: { id: 'B', name: 'B', level: 'grid' }, geometry: { type: 'Polygon', coordinates: rect(1, 0, 2, 1) } } ] };
    const map = GridMap.fromGeoJSON(fc, {});
    const pos = new Float64Array(2000);
    let x = 12345;
    for (let i = 0; i < pos.length; i++) { x = (x * 1103515245 + 12345) % 2147483648; pos[i] = (x / 2147483648) * 2.2 - 0.1; }
    const a = map.assign(pos, {});
    const input = readFileSync('tests/fixtures/tally/election_seats/input.json', 'utf8');
    console.log(JSON.stringify({ compat: isCompat(), cells: Array.from(a.cell), summary: a.summary,
      households: Array.from(a.households), tally: tallyJson(input) }));
  `;
  const run = (env) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script],
    { env: { ...process.env, JINLIN_COMPAT: env }, encoding: 'utf8', cwd: new URL('../..', import.meta.url) }).trim().split('\n').pop());
  const modern = run('0');
  const compat = run('1');
  assert.equal(modern.compat, false);
  assert.equal(compat.compat, true);
  delete modern.compat; delete compat.compat;
  assert.deepEqual(compat, modern);
  assert.ok(modern.cells.includes(0) && modern.cells.includes(1) && modern.cells.includes(-1));
  assert.match(modern.tally, /"matters"/);
});
