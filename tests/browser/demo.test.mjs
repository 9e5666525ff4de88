// The demo portal in real Chromium on the real Siming sample: the page geocodes every household
// and its totals must equal the sample's own counts; routing an event names a grid and worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, openPage } from './browser.mjs';

const manifest = JSON.parse(readFileSync(new URL('../../www/data/manifest.json', import.meta.url)));
const grid = JSON.parse(readFileSync(new URL('../../www/data/grid.geojson', import.meta.url)));
const perCell = new Map(manifest.per_cell.map((c) => [c.id, c]));
// truth.i32 numbers cells in ascending id order (as GridMap does).
const cellIds = grid.features.map((f) => f.properties.id).sort();
let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const num = (s) => Number(s.replace(/[^\d.-]/g, ''));

test('the demo geocodes the whole Siming sample and its totals equal the sample', async () => {
  const { page, errors, context } = await openPage(env.browser, `${env.base}/www/`);
  await page.waitForSelector('#status[data-ready]', { timeout: 60_000 });
  assert.equal(await page.getAttribute('#status', 'data-ready'), 'true', await page.textContent('#status'));
  const value = async (key) => num(await page.textContent(`[data-key="${key}"]`));
  assert.equal(await value('households'), manifest.counts.households);
  assert.equal(await value('assigned'), manifest.counts.households, 'every household is inside the district');
  assert.equal(await value('outside'), 0);
  assert.equal(await value('invalid'), 0);
  assert.equal(await value('total-households'), manifest.counts.households);
  assert.equal(await value('total-persons'), manifest.counts.persons);
  assert.equal(await value('persons'), manifest.counts.persons);
  // Every street row equals the sample's ground truth for that street.
  const rows = await page.$$eval('tr.street', (trs) => trs.map((tr) => [tr.dataset.id, tr.children[2].textContent]));
  assert.equal(rows.length, 10);
  for (const [id, households] of rows) {
    assert.equal(num(households), perCell.get(id).households, `street ${id}`);
  }
  const note = await page.textContent('#sample-note');
  assert.match(note, /网格边界为合成数据/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('routing an event names the grid and its worker, in any datum', async () => {
  const { page, errors, context } = await openPage(env.browser, `${env.base}/www/`);
  await page.waitForSelector('#status[data-ready="true"]', { timeout: 60_000 });
  // The first household of the sample, in GCJ-02, and its true grid.
  const h = await page.evaluate(async () => {
    const buf = await (await fetch('data/households.f64')).arrayBuffer();
    const truth = await (await fetch('data/truth.i32')).arrayBuffer();
    return [...new Float64Array(buf, 0, 2), new Int32Array(truth, 0, 1)[0]];
  });
  await page.fill('input[name=lng]', String(h[0]));
  await page.fill('input[name=lat]', String(h[1]));
  await page.selectOption('select[name=datum]', 'gcj02');
  await page.click('#route button');
  const cellId = await page.getAttribute('[data-key="route-cell"]', 'data-id');
  assert.equal(cellId, cellIds[h[2]]);
  assert.match(await page.textContent('[data-key="route-worker"]'), /网格员 \S+/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the web build: init() is idempotent and the package answers in the page', async () => {
  const { page, errors, context } = await openPage(env.browser, `${env.base}/www/`);
  await page.waitForSelector('#status[data-ready="true"]', { timeout: 60_000 });
  const r = await page.evaluate(async () => {
    const m = await import('/pkg/index.js');
    const a = m.init(), b = m.init();
    await a;
    const g = m.GridMap.fromGeoJSON({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { id: 'x', level: 'grid' },
        geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] } }],
    });
    const cell = [...g.assign(new Float64Array([0.5, 0.5, 1.5, 0.5])).cell];
    let code = null;
    try { g.assign(new Float64Array(3)); } catch (e) { code = e.code; }
    g.free();
    return { same: a === b, cell, code, isError: code !== null };
  });
  assert.deepEqual(r, { same: true, cell: [0, -1], code: 'GEOCODE_ODD_LENGTH', isError: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone (375 px) the street and community names stay on one line and the page does not scroll sideways', async () => {
  const { page, errors, context } = await openPage(env.browser, `${env.base}/www/`,
    { viewport: { width: 375, height: 667 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  await page.waitForSelector('#status[data-ready="true"]', { timeout: 60_000 });
  const m = await page.evaluate(() => {
    const names = [...document.querySelectorAll('#table tbody td:first-child')].map((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      return { name: td.textContent, lines, height: range.getBoundingClientRect().height, fontPx: parseFloat(getComputedStyle(td).fontSize) };
    });
    return { names, scrollWidth: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight };
  });
  assert.ok(m.names.length > 40, `${m.names.length} rows`);
  for (const n of m.names) assert.ok(n.lines === 1 && n.height < 2 * n.fontPx, JSON.stringify(n));
  assert.ok(m.scrollWidth <= 375, `page is ${m.scrollWidth} px wide`);
  assert.ok(m.height < 6500, `page is ${m.height} px tall`); // (one character a line: ~13,000)
  assert.deepEqual(errors, []);
  await context.close();
});
