// jinlin/worker in Chromium (issue #5, "off the main thread"): the demo geocodes the Siming
// sample in a Web Worker while the main thread stays free (no long task ≥ 50 ms, recorded by a
// PerformanceObserver set before the page runs), its progress bar advances through intermediate
// values, its counts equal the main thread's GridMap.assign, and cancel works and the page runs
// again; through the API: the worker's result equals GridMap.assign byte for byte (default and
// compatible builds), errors keep their codes, cancel/abort/terminate, and the worker really
// stops at a cancel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, openPage } from './browser.mjs';

const manifest = JSON.parse(readFileSync(new URL('../../www/data/manifest.json', import.meta.url)));
let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

// Installed before any script of the page runs: long tasks, every change of the progress bar,
// and a heartbeat (a timer chain) whose longest gap bounds the longest task from above.
function instrument() {
  window.__longtasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  window.__progress = [];
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.target.id === 'progress' && r.attributeName === 'value') {
        window.__progress.push({ t: performance.now(), value: r.target.value, max: r.target.max });
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['value'] });
  window.__beats = [];
  const beat = () => { window.__beats.push(performance.now()); if (!window.__stopBeat) setTimeout(beat, 0); };
  setTimeout(beat, 0);
}

const num = (s) => Number(s.replace(/[^\d.-]/g, ''));

test('the demo geocodes the sample in a worker: no long task, the progress bar advances, the counts are the main thread\'s', async () => {
  const { page, errors, context } = await openPage(env.browser, `${env.base}/www/`, {}, instrument);
  await page.waitForSelector('#status[data-ready]', { timeout: 60_000 });
  assert.equal(await page.getAttribute('#status', 'data-ready'), 'true', await page.textContent('#status'));
  const m = await page.evaluate(() => {
    window.__stopBeat = true;
    const mark = (name) => performance.getEntriesByName(name).at(-1).startTime;
    const start = mark('jinlin:geocode:start'), end = mark('jinlin:geocode:end');
    const during = (t) => t >= start && t <= end;
    const beats = window.__beats.filter(during);
    let gap = 0;
    for (let i = 1; i < beats.length; i++) gap = Math.max(gap, beats[i] - beats[i - 1]);
    return {
      start, end, gap, beats: beats.length,
      longtasks: window.__longtasks.filter((e) => e.start < end && e.start + e.duration > start),
      progress: window.__progress.filter((p) => during(p.t)),
    };
  });
  const n = manifest.counts.households;
  const longest = Math.max(0, ...m.longtasks.map((e) => e.duration));
  console.log(`# geocoding in the worker: ${(m.end - m.start).toFixed(1)} ms; longest main-thread task ${longest.toFixed(1)} ms `
    + `(long tasks: ${m.longtasks.length}); longest heartbeat gap ${m.gap.toFixed(1)} ms over ${m.beats} beats; `
    + `${m.progress.length} progress updates`);
  assert.ok(longest < 50, `long tasks on the main thread while geocoding (${m.start.toFixed(1)}–${m.end.toFixed(1)} ms): ${JSON.stringify(m.longtasks)}`);
  assert.ok(m.beats >= 2, 'the main thread ran timers while the worker geocoded');
  // The bar starts at 0, rises through intermediate values, and ends full.
  const values = m.progress.map((p) => p.value);
  assert.equal(values[0], 0);
  assert.equal(values.at(-1), n);
  assert.ok(m.progress.every((p) => p.max === n));
  for (let i = 1; i < values.length; i++) assert.ok(values[i] > values[i - 1], values.join());
  const intermediate = values.filter((v) => v > 0 && v < n);
  assert.ok(intermediate.length >= 5, values.join());
  assert.deepEqual(intermediate.slice(0, 3), [20000, 40000, 60000]);

  // The long task observer works here: a 120 ms task on the main thread is seen.
  await page.evaluate(() => new Promise((ok) => setTimeout(() => {
    const t = performance.now();
    while (performance.now() - t < 120) { /* busy */ }
    setTimeout(ok, 200);
  }, 0)));
  const seen = await page.evaluate(() => Math.max(0, ...window.__longtasks.map((e) => e.duration)));
  assert.ok(seen >= 100, `the busy task was not reported as a long task: ${seen}`);

  // Every street and community row equals GridMap.assign on the main thread.
  const rows = await page.$$eval('#table tbody tr', (trs) => trs.map((tr) => [tr.dataset.id, tr.children[2].textContent, tr.children[3].textContent]));
  const gridCounts = await page.$$eval('#table tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent));
  const main = await page.evaluate(async (ids) => {
    const { init, GridMap } = await import('/pkg/index.js');
    await init();
    const [geojson, h, p] = await Promise.all([fetch('data/grid.geojson').then((r) => r.text()),
      fetch('data/households.f64').then((r) => r.arrayBuffer()), fetch('data/persons.u8').then((r) => r.arrayBuffer())]);
    const grid = GridMap.fromGeoJSON(geojson, { datum: 'gcj02' });
    const r = grid.assign(new Float64Array(h), { datum: 'gcj02', persons: new Uint8Array(p) });
    // grids under each street or community, by the parents of the map's cells
    const cells = grid.cells();
    const parentOf = new Map(cells.map((c) => [c.id, c.parent]));
    const gridsUnder = (id) => cells.filter((c) => c.level === 'grid'
      && (c.parent === id || parentOf.get(c.parent) === id)).length;
    const out = ids.map((id) => [r.households[grid.cellIndex(id)], r.persons[grid.cellIndex(id)], gridsUnder(id)]);
    grid.free();
    return out;
  }, rows.map((r) => r[0]));
  assert.equal(rows.length, 10 + 99);
  rows.forEach(([id, h, p], i) => assert.deepEqual([num(h), num(p), num(gridCounts[i])], main[i], id));
  // (the communities' grid counts sum to their street's: 600 grids in all)
  assert.equal(main.filter((_, i) => i < rows.length).reduce((n, m, i) => n + (rows[i][0].length === 9 ? m[2] : 0), 0), 600);
  assert.equal(num(await page.textContent('[data-key="total-households"]')), n);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the demo\'s cancel button stops the job; the page runs again to the same totals', async () => {
  const { page, errors, context } = await openPage(env.browser, `${env.base}/www/`);
  await page.waitForSelector('#status[data-ready="true"]', { timeout: 60_000 });
  assert.equal(await page.textContent('#run'), '重新落格 Run again');
  // Press cancel as soon as the bar shows the first chunk done.
  await page.evaluate(() => {
    const bar = document.getElementById('progress');
    const ob = new MutationObserver(() => {
      if (bar.value > 0 && bar.value < bar.max) { ob.disconnect(); window.__cancelledAt = bar.value; document.getElementById('run').click(); }
    });
    ob.observe(bar, { attributes: true, attributeFilter: ['value'] });
  });
  await page.click('#run');
  await page.waitForSelector('#status[data-ready="cancelled"]', { timeout: 60_000 });
  assert.match(await page.textContent('#status'), /已取消.*上一次的结果/);
  // the first run's figures stay, greyed and said to be the previous run's
  assert.deepEqual(await page.evaluate(() => ['summary', 'table'].map((id) => document.getElementById(id).classList.contains('stale'))), [true, true]);
  const at = await page.evaluate(() => window.__cancelledAt);
  assert.equal(at, 20000);
  assert.equal(await page.evaluate(() => document.getElementById('progress').value), 20000, 'no progress after the cancel');
  assert.equal(await page.textContent('#run'), '重新落格 Run again');
  await page.click('#run');
  await page.waitForSelector('#status[data-ready="true"]', { timeout: 60_000 });
  assert.equal(num(await page.textContent('[data-key="total-households"]')), manifest.counts.households);
  assert.equal(num(await page.textContent('[data-key="total-persons"]')), manifest.counts.persons);
  assert.equal(await page.evaluate(() => document.querySelectorAll('.stale').length), 0, 'fresh figures are not greyed');
  // the routing form: text that is not a number is asked for again, not sent as NaN
  await page.fill('input[name="lng"]', 'abc');
  await page.click('#route button[type="submit"]');
  await page.waitForSelector('[data-key="route-error"]');
  assert.match(await page.textContent('[data-key="route-error"]'), /请输入经度和纬度/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('GeocodeWorker: byte for byte GridMap.assign (both builds), coded errors, transfer, cancel, abort, terminate', async () => {
  const { page, errors, context } = await openPage(env.browser, `${env.base}/www/`);
  await page.waitForSelector('#status[data-ready="true"]', { timeout: 60_000 });
  const r = await page.evaluate(async () => {
    const { GeocodeWorker } = await import('/pkg/worker.js');
    const { init, GridMap } = await import('/pkg/index.js');
    await init();
    const [geojson, h, p] = await Promise.all([fetch('data/grid.geojson').then((x) => x.text()),
      fetch('data/households.f64').then((x) => x.arrayBuffer()), fetch('data/persons.u8').then((x) => x.arrayBuffer())]);
    const positions = new Float64Array(h), persons = new Uint8Array(p);
    const grid = GridMap.fromGeoJSON(geojson, { datum: 'gcj02' });
    const want = grid.assign(positions, { datum: 'wgs84', persons });
    const bytes = (a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const same = (a, b) => a.constructor === b.constructor && a.length === b.length && bytes(a).every((v, i) => v === bytes(b)[i]);
    const sameResult = (got) => ['cell', 'households', 'persons'].every((k) => same(got[k], want[k]))
      && got.totalPersons === want.totalPersons && JSON.stringify(got.summary) === JSON.stringify(want.summary)
      && JSON.stringify(Object.keys(got)) === JSON.stringify(Object.keys(want));
    const codeOf = async (promise) => { try { await promise; return 'resolved'; } catch (e) { return e instanceof Error ? `${e.code}: ${e.message}` : `not an Error: ${e}`; } };
    const mainError = (f) => { try { f(); return 'no error'; } catch (e) { return `${e.code}: ${e.message}`; } };
    const out = {};

    for (const compat of [false, true]) {
      const w = new GeocodeWorker({ compat });
      const loaded = await w.load(geojson, { datum: 'gcj02' });
      const progress = [];
      const copy = positions.slice(), personsCopy = persons.slice();
      const got = await w.assign(copy, { datum: 'wgs84', persons: personsCopy, transfer: true, chunk: 50000,
        onProgress: (x) => progress.push(x.done) }).result;
      out[compat ? 'compat' : 'default'] = {
        compat: w.compat, length: loaded.length === grid.length, same: sameResult(got), progress,
        detached: copy.length, personsKept: personsCopy.length,
      };
      w.terminate();
    }

    const w = new GeocodeWorker();
    out.notLoaded = await codeOf(w.assign(positions.slice(0, 4)).result);
    out.badJson = [await codeOf(w.load('{', {})), mainError(() => GridMap.fromGeoJSON('{', {}))];
    out.badFeature = await codeOf(w.load({ type: 'FeatureCollection', features: [1, 2] }, {}));
    await w.load(geojson, { datum: 'gcj02' });
    out.cells = JSON.stringify(await w.cells()) === JSON.stringify(grid.cells());
    // the file's UTF-8 bytes (a Uint8Array or an ArrayBuffer) load the same map, after another one
    const tiny = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature',
      properties: { id: 'S', name: '街道', level: 'street' },
      geometry: { type: 'Polygon', coordinates: [[[118, 24.4], [118.01, 24.4], [118.01, 24.41], [118, 24.4]]] } }] });
    const utf8 = new TextEncoder().encode(geojson);
    out.fromBytes = [];
    for (const input of [utf8, utf8.buffer]) {
      const small = await w.load(tiny, {});
      const loaded = await w.load(input, { datum: 'gcj02' });
      out.fromBytes.push([small.length, loaded.length === grid.length,
        JSON.stringify(await w.cells()) === JSON.stringify(grid.cells())]);
    }
    out.badBytes = [await codeOf(w.load(new Uint8Array([0x7b, 0xff]), {})),
      mainError(() => GridMap.fromGeoJSON(new Uint8Array([0x7b, 0xff]), {}))];
    out.locate = JSON.stringify(await w.locate(positions[0], positions[1], { maxDistanceM: 10 }))
      === JSON.stringify(grid.locate(positions[0], positions[1], { maxDistanceM: 10 }));
    const odd = new Float64Array(7);
    out.odd = [await codeOf(w.assign(odd.slice()).result), mainError(() => grid.assign(odd, {}))];
    const short = persons.subarray(0, 10);
    out.personsLength = [await codeOf(w.assign(positions.slice(), { persons: short }).result), mainError(() => grid.assign(positions, { persons: short }))];
    const bad = Array.from(persons.subarray(0, 3)); bad[1] = -2;
    out.personsValue = [await codeOf(w.assign(positions.slice(0, 6), { persons: bad }).result), mainError(() => grid.assign(positions.subarray(0, 6), { persons: bad }))];
    out.datum = [await codeOf(w.assign(positions.slice(0, 6), { datum: 'epsg3857' }).result), mainError(() => grid.assign(positions.subarray(0, 6), { datum: 'epsg3857' }))];
    out.unknown = [await codeOf(w.assign(positions.slice(0, 6), { persns: [1, 1, 1] }).result), mainError(() => grid.assign(positions.subarray(0, 6), { persns: [1, 1, 1] }))];
    out.chunk = await codeOf(w.assign(positions.slice(0, 6), { chunk: 0 }).result);
    out.onProgress = await codeOf(w.assign(positions.slice(0, 6), { onProgress: 'yes' }).result);
    out.clone = await codeOf(w.assign(positions.slice(0, 6), { datum: () => 'wgs84' }).result);
    const kept = positions.slice(0, 6);
    await w.assign(kept, { transfer: false }).result;
    out.keptLength = kept.length;

    // cancel() at the first progress: rejects at once with GEOCODE_CANCELLED; the worker answers next.
    let job;
    job = w.assign(positions.slice(), { persons, chunk: 1000, onProgress: () => job.cancel() });
    out.cancel = await codeOf(job.result);
    const again = await w.assign(positions.slice(), { datum: 'wgs84', persons }).result;
    out.afterCancel = sameResult(again);
    const controller = new AbortController();
    const aborted = w.assign(positions.slice(), { chunk: 1000, signal: controller.signal, onProgress: () => controller.abort() });
    out.abort = await codeOf(aborted.result);
    const pre = new AbortController(); pre.abort();
    out.preAborted = await codeOf(w.assign(positions.slice(0, 6), { signal: pre.signal }).result);
    out.throwing = await codeOf(w.assign(positions.slice(), { chunk: 1000, onProgress: () => { const e = new Error('stop'); e.code = 'MY_STOP'; throw e; } }).result);
    const pending = w.assign(positions.slice(), { chunk: 1000 });
    w.terminate();
    out.terminated = [await codeOf(pending.result), await codeOf(w.cells())];
    w.terminate();

    out.noWasm = await codeOf(new GeocodeWorker({ wasm: 'data/nope.wasm' }).load(geojson, {}));
    out.noScript = await codeOf(new GeocodeWorker({ workerUrl: 'data/nope.js' }).load(geojson, {}));
    out.options = mainError(() => new GeocodeWorker({ compt: true }));
    grid.free();
    return out;
  });
  for (const build of ['default', 'compat']) {
    const b = r[build];
    assert.deepEqual({ ...b, progress: undefined }, {
      compat: build === 'compat', length: true, same: true, progress: undefined, detached: 0, personsKept: manifest.counts.households,
    }, build);
    const n = manifest.counts.households;
    assert.deepEqual(b.progress, Array.from({ length: Math.ceil(n / 50000) }, (_, i) => Math.min(n, (i + 1) * 50000)));
  }
  assert.match(r.notLoaded, /^WORKER_NOT_LOADED: /);
  assert.equal(r.badJson[0], r.badJson[1]);
  assert.match(r.badJson[0], /^GEOJSON_INVALID_JSON: /);
  assert.match(r.badFeature, /^GEOJSON_/);
  assert.ok(r.cells && r.locate);
  assert.deepEqual(r.fromBytes, [[1, true, true], [1, true, true]]);
  assert.equal(r.badBytes[0], r.badBytes[1]);
  assert.match(r.badBytes[0], /^GEOJSON_INVALID_JSON: .*invalid UTF-8 at byte offset 1/);
  for (const k of ['odd', 'personsLength', 'personsValue', 'datum']) {
    assert.equal(r[k][0], r[k][1], k);
  }
  assert.match(r.odd[0], /^GEOCODE_ODD_LENGTH: /);
  assert.match(r.personsLength[0], /^GEOCODE_PERSONS_LENGTH: /);
  assert.match(r.personsValue[0], /^OPTIONS_INVALID: persons\[1\]/);
  assert.match(r.datum[0], /^OPTIONS_INVALID: /);
  // GridMap.assign's message; the worker's lists its job options too (checked before postMessage)
  assert.equal(r.unknown[1], 'OPTIONS_INVALID: unknown option "persns" in options; expected one of ["datum", "persons"]');
  assert.equal(r.unknown[0], 'OPTIONS_INVALID: unknown option "persns" in options; expected one of ["datum", "persons", "chunk", "onProgress", "signal", "transfer"]');
  assert.match(r.chunk, /^OPTIONS_INVALID: chunk/);
  assert.match(r.onProgress, /^OPTIONS_INVALID: onProgress/);
  assert.match(r.clone, /^OPTIONS_INVALID: /);
  assert.equal(r.keptLength, 6);
  assert.match(r.cancel, /^GEOCODE_CANCELLED: /);
  assert.equal(r.afterCancel, true);
  assert.match(r.abort, /^GEOCODE_CANCELLED: /);
  assert.match(r.preAborted, /^GEOCODE_CANCELLED: /);
  assert.equal(r.throwing, 'MY_STOP: stop');
  assert.match(r.terminated[0], /^WORKER_TERMINATED: /);
  assert.match(r.terminated[1], /^WORKER_TERMINATED: /);
  assert.match(r.noWasm, /^WORKER_FAILED: .*nope\.wasm/);
  assert.match(r.noScript, /^WORKER_FAILED: /);
  assert.match(r.options, /^OPTIONS_INVALID: .*compt/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the worker stops at a cancel message: few chunks after it, then GEOCODE_CANCELLED', async () => {
  const { page, errors, context } = await openPage(env.browser, `${env.base}/www/`);
  await page.waitForSelector('#status[data-ready="true"]', { timeout: 60_000 });
  // The worker's own protocol (worker/entry.js), without GeocodeWorker's immediate rejection.
  const r = await page.evaluate(async () => {
    const [geojson, h] = await Promise.all([fetch('data/grid.geojson').then((x) => x.text()),
      fetch('data/households.f64').then((x) => x.arrayBuffer())]);
    const w = new Worker('../pkg/worker/geocode.js');
    const replies = [];
    const done = new Promise((ok) => {
      w.onmessage = (e) => {
        replies.push(e.data);
        if (e.data.id === 3 && e.data.progress && e.data.progress.done === 1000) w.postMessage({ type: 'cancel', id: 3 });
        if (e.data.id === 3 && e.data.ok !== undefined) ok();
      };
    });
    w.postMessage({ type: 'init', id: 1, wasm: new URL('../pkg/web/jinlin_bg.wasm', location.href).href });
    w.postMessage({ type: 'load', id: 2, geojson, options: { datum: 'gcj02' } });
    w.postMessage({ type: 'assign', id: 3, positions: new Float64Array(h), options: {}, chunk: 1000 }, [h]);
    await done;
    w.terminate();
    const job = replies.filter((x) => x.id === 3);
    return { progress: job.filter((x) => x.progress).length, last: job.at(-1), total: new Float64Array(0).length };
  });
  const chunks = Math.ceil(manifest.counts.households / 1000);
  assert.equal(r.last.ok, false);
  assert.equal(r.last.error.code, 'GEOCODE_CANCELLED');
  assert.ok(r.progress >= 1 && r.progress < chunks / 2, `${r.progress} of ${chunks} chunks ran`);
  console.log(`# chunks run after the cancel was posted: ${r.progress - 1} (of ${chunks})`);
  assert.deepEqual(errors, []);
  await context.close();
});
