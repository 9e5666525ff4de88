// The package as consumers see it (issue #5): one wasm module per domain, each within the
// 150 KB gzip budget, behind `jinlin` (grid + render), `jinlin/tally` and
// `jinlin/diagnostics`; conditional exports for ESM and CommonJS; idempotent `init()`;
// `sideEffects: false`; every exported file present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import * as jinlin from 'jinlin';
import * as tally from 'jinlin/tally';
import * as diagnostics from 'jinlin/diagnostics';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '../../pkg');
const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const require = createRequire(import.meta.url);

const rect = (w, s, e, n) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const fc = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { id: 'S', name: '街道', level: 'street' }, geometry: { type: 'Polygon', coordinates: rect(0, 0, 2, 1) } },
    { type: 'Feature', properties: { id: 'A', name: '甲', level: 'community', parent: 'S' }, geometry: { type: 'Polygon', coordinates: rect(0, 0, 1.2, 1) } },
    { type: 'Feature', properties: { id: 'B', name: '乙', level: 'community', parent: 'S' }, geometry: { type: 'Polygon', coordinates: rect(1, 0, 2, 1) } },
  ],
};

test('jinlin exports the grid and render APIs and one version', () => {
  for (const name of ['init', 'GridMap', 'GridMapView', 'convert', 'version', 'isCompat', 'wasmFeatures']) {
    assert.equal(typeof jinlin[name], 'function', name);
  }
  assert.equal(jinlin.version(), manifest.version);
  assert.equal(jinlin.tally, undefined, 'the tally lives in jinlin/tally');
});

test('init() of each entry is idempotent: the same promise every time', async () => {
  for (const m of [jinlin, tally, diagnostics]) {
    const p = m.init();
    assert.equal(m.init(), p);
    assert.equal(await p, undefined);
  }
});

test('jinlin/tally counts; jinlin/diagnostics measures the overlap of two siblings', () => {
  assert.equal(typeof tally.tally, 'function');
  assert.equal(typeof tally.Roster, 'function');
  assert.equal(tally.GridMap, undefined);
  const d = diagnostics.diagnostics(fc, { minAreaM2: 1 });
  assert.equal(d.overlaps.length, 1);
  assert.deepEqual([d.overlaps[0].a, d.overlaps[0].b], ['A', 'B']);
  // 0.2° × 1° at the equator: about 22.26 km × 110.57 km.
  assert.ok(Math.abs(d.overlaps[0].areaM2 / 2.4617e9 - 1) < 0.01, String(d.overlaps[0].areaM2));
  assert.throws(() => diagnostics.diagnostics(fc, { minArea: 1 }), { code: 'OPTIONS_INVALID' });
  assert.throws(() => diagnostics.diagnostics('{', {}), { code: 'GEOJSON_INVALID_JSON' });
});

test('CommonJS require gives the same API for the three entries', () => {
  const cjs = require('jinlin');
  const map = cjs.GridMap.fromGeoJSON(fc, {});
  assert.equal(map.length, 3);
  map.free();
  assert.equal(typeof cjs.GridMapView, 'function');
  assert.equal(typeof require('jinlin/tally').tallyJson, 'function');
  assert.equal(typeof require('jinlin/diagnostics').diagnostics, 'function');
  // what the root's types declare is there too; `default` for TypeScript's esModuleInterop
  assert.equal(cjs.isCompat(), false);
  assert.deepEqual(Object.keys(cjs.wasmFeatures()).sort(),
    ['bulkMemory', 'multiValue', 'nontrappingFptoint', 'referenceTypes', 'signExt']);
  assert.equal(cjs.default, cjs.init);
  assert.equal(cjs.__esModule, true);
});

test('CommonJS: initSync is there for portable code, as in ESM: loads nothing, returns the exports', () => {
  const bytes = readFileSync(join(pkgDir, 'node/jinlin_bg.wasm'));
  for (const [entry, file] of [['jinlin', 'node'], ['jinlin/tally', 'tally/node'], ['jinlin/diagnostics', 'diagnostics/node']]) {
    const cjs = require(entry);
    assert.equal(typeof cjs.initSync, 'function', entry);
    const own = readFileSync(join(pkgDir, file, 'jinlin_bg.wasm'));
    for (const arg of [undefined, { module: own }, own, new WebAssembly.Module(own)]) {
      assert.ok(cjs.initSync(arg).memory instanceof WebAssembly.Memory, entry);
    }
    assert.throws(() => cjs.initSync('jinlin_bg.wasm'), (e) => e.code === 'OPTIONS_INVALID' && /initSync\(module\): module must be/.test(e.message));
    assert.equal(Object.keys(cjs).includes('__wbindgen_wasm'), false, 'not an export');
  }
  // the module keeps working after initSync
  const cjs = require('jinlin');
  cjs.initSync({ module: bytes });
  const map = cjs.GridMap.fromGeoJSON(fc, {});
  assert.equal(map.length, 3);
  map.free();
});

test('init(options): unknown keys and compat in Node.js are coded errors, in every entry and module system', async () => {
  for (const m of [jinlin, require('jinlin')]) {
    await assert.rejects(m.init({ compt: true }), (e) => e.code === 'OPTIONS_INVALID' && /unknown option "compt"/.test(e.message));
    await assert.rejects(m.init({ compat: 'yes' }), (e) => e.code === 'OPTIONS_INVALID' && /compat must be true or false/.test(e.message));
    // a module source is not needed in Node.js: accepted, for code shared with browsers
    assert.equal(await m.init(new Uint8Array(0)), undefined);
    assert.equal(await m.init({ compat: false }), undefined);
  }
  for (const m of [tally, diagnostics, require('jinlin/tally'), require('jinlin/diagnostics')]) {
    await assert.rejects(m.init({ grid: 'x' }), (e) => e.code === 'OPTIONS_INVALID' && /unknown option "grid"/.test(e.message));
  }
  // compat: true is honoured where that build runs (JINLIN_COMPAT=1), else says how to get it
  const compat = process.env.JINLIN_COMPAT === '1';
  for (const m of [jinlin, tally, diagnostics]) {
    if (compat) assert.equal(await m.init({ compat: true }), undefined);
    else await assert.rejects(m.init({ compat: true }), (e) => e.code === 'OPTIONS_INVALID' && /JINLIN_COMPAT=1/.test(e.message));
  }
  await assert.rejects(require('jinlin').init({ compat: true }), (e) => e.code === 'OPTIONS_INVALID' && /default build only/.test(e.message));
});

test('the browser entry imported by path in Node.js: init() rejects INIT_FAILED saying to import the package by name', async () => {
  // A fresh process: in this one the Node.js entry has instantiated the glue these files share.
  const script = `
    const errors = [];
    for (const f of ['index.js', 'tally/index.js']) {
      const m = await import(new URL('../../pkg/' + f, ${JSON.stringify(import.meta.url)}).href);
      await m.init().then(() => errors.push(null), (e) => errors.push({ code: e.code, message: e.message, cause: e.cause instanceof Error }));
    }
    console.log(JSON.stringify(errors));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  assert.equal(out[0].code, 'INIT_FAILED');
  assert.match(out[0].message, /grid module could not be loaded from file:.*in Node\.js import 'jinlin'/);
  assert.equal(out[0].cause, true);
  assert.equal(out[1].code, 'INIT_FAILED');
  assert.match(out[1].message, /tally module could not be loaded/);
});

test('package.json: no side effects but the polyfill and the root entry (it joins GridMap to GridMapView.fromGridMap), types for every entry, every exported file exists', () => {
  assert.deepEqual(manifest.sideEffects, ['./text-polyfill.js', './index.js', './tally/index.js']);
  for (const entry of ['.', './tally', './diagnostics', './worker']) {
    assert.ok(manifest.exports[entry].types, entry);
  }
  const files = [];
  (function walk(v) {
    if (typeof v === 'string') files.push(v);
    else for (const x of Object.values(v)) walk(x);
  })(manifest.exports);
  for (const f of files) assert.ok(existsSync(join(pkgDir, f)), f);
});

test('every .wasm in the package, default and compatible, is within 150 KB gzip', () => {
  const wasm = [];
  for (const dir of ['web', 'render/web', 'tally/web', 'tally/announce/web', 'diagnostics/web']) {
    for (const f of ['jinlin_bg.wasm', 'jinlin_bg.compat.wasm']) {
      const p = join(pkgDir, dir, f);
      if (existsSync(p)) wasm.push(p);
    }
  }
  assert.ok(wasm.length >= 10, wasm.join());
  for (const p of wasm) {
    const gz = gzipSync(readFileSync(p), { level: 9 }).length;
    assert.ok(gz <= 150_000, `${p}: ${gz} bytes gzip`);
  }
});
