// Escaping in the demo pages (issue 6, item 3): cell names, grid worker names, matter titles
// and candidate names holding markup are shown as text, never parsed as markup. Each page is
// loaded in Chromium with hostile data swapped in for its own (page.route): a tiny grid map
// for www/index.html and www/map.html, the seeded assembly with hostile titles and candidates
// for www/assembly.html. Checked: no element was injected (no <img>, no extra <script>), no
// injected handler or script ran (window.__pwned stays unset, no request for the injected
// image), and the hostile text appears literally where the page shows names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openPage } from './browser.mjs';

// Each, if parsed as markup, sets window.__pwned (or requests /x-pwned-…).
const HOSTILE = {
  script: "<script>window.__pwned='script'</script>",
  img: `"><img src=/x-pwned-img onerror="window.__pwned='img'">`,
  text: "</text><img src=/x-pwned-text onerror=window.__pwned='text'>",
  svg: "</text><svg onload=\"window.__pwned='svg'\"><script>window.__pwned='svg-script'</script>",
  attr: "' onmouseover='window.__pwned=1' x='",
};

// A tiny grid map (GCJ-02): one street, two communities, three grids, every name hostile.
const rect = (w, s, e, n) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const feature = (id, name, level, parent, coordinates, worker) => ({
  type: 'Feature',
  properties: { id, name, level, ...(parent ? { parent } : {}), ...(worker ? { worker } : {}) },
  geometry: { type: 'Polygon', coordinates },
});
const GRID = {
  type: 'FeatureCollection',
  features: [
    feature('S', `街道${HOSTILE.script}`, 'street', null, rect(118.08, 24.46, 118.10, 24.48)),
    feature('C1', `社区${HOSTILE.img}`, 'community', 'S', rect(118.08, 24.46, 118.09, 24.48)),
    feature('C2', `社区${HOSTILE.text}`, 'community', 'S', rect(118.09, 24.46, 118.10, 24.48)),
    feature('G1', `网格${HOSTILE.svg}`, 'grid', 'C1', rect(118.08, 24.46, 118.09, 24.47), `网格员${HOSTILE.img}`),
    feature('G2', `网格${HOSTILE.attr}`, 'grid', 'C1', rect(118.08, 24.47, 118.09, 24.48), `网格员${HOSTILE.script}`),
    feature('G3', `网格${HOSTILE.text}`, 'grid', 'C2', rect(118.09, 24.46, 118.10, 24.48), `网格员${HOSTILE.text}`),
  ],
};
const byId = Object.fromEntries(GRID.features.map((f) => [f.properties.id, f.properties]));
// Households: 3 in G1, 2 in G2, 4 in G3; persons 1–4.
const HOUSEHOLDS = [
  [118.085, 24.465], [118.082, 24.462], [118.088, 24.468],
  [118.085, 24.475], [118.083, 24.478],
  [118.095, 24.465], [118.092, 24.47], [118.098, 24.475], [118.091, 24.479],
];
const positions = Buffer.from(Float64Array.from(HOUSEHOLDS.flat()).buffer);
const persons = Buffer.from(Uint8Array.from(HOUSEHOLDS.map((_, i) => 1 + (i % 4))));

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** Serves the hostile grid and households in place of the page's data/ files. */
async function hostileGrid(page) {
  const pwnedRequests = [];
  await page.route('**/x-pwned-*', (route) => { pwnedRequests.push(route.request().url()); route.fulfill({ status: 404 }); });
  await page.route('**/www/data/grid.geojson', (r) => r.fulfill({ contentType: 'application/geo+json', body: JSON.stringify(GRID) }));
  await page.route('**/www/data/households.f64', (r) => r.fulfill({ contentType: 'application/octet-stream', body: positions }));
  await page.route('**/www/data/persons.u8', (r) => r.fulfill({ contentType: 'application/octet-stream', body: persons }));
  await page.route('**/www/data/manifest.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify({ seed: 0 }) }));
  return pwnedRequests;
}

/** Opens `path` with the routes set up first; waits until the page says it is ready. */
async function open(path, setup) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  const pwnedRequests = await setup(page);
  await page.goto(`${env.base}${path}`);
  await page.waitForSelector('#status[data-ready]', { timeout: 60_000 });
  assert.equal(await page.getAttribute('#status', 'data-ready'), 'true', await page.textContent('#status'));
  return { page, context, errors, pwnedRequests };
}

/** Nothing was injected and nothing injected ran. */
async function assertClean({ page, errors, pwnedRequests }, scripts) {
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'an injected handler or script ran');
  assert.equal(await page.locator('img').count(), 0, 'an <img> was injected');
  assert.equal(await page.locator('script').count(), scripts, 'a <script> was injected');
  assert.equal(await page.locator('[onerror], [onload], [onmouseover]').count(), 0, 'an event handler attribute was injected');
  assert.deepEqual(pwnedRequests ?? [], [], 'the injected image was requested');
  assert.deepEqual(errors, []);
}

test('www/index.html: hostile street, community and worker names are table and result text', async () => {
  const env2 = await open('/www/', hostileGrid);
  const { page, context } = env2;
  const rows = await page.$$eval('#table tbody tr', (trs) => trs.map((tr) => [tr.dataset.id, tr.children[0].textContent, tr.children[2].textContent]));
  assert.deepEqual(rows, [
    ['S', byId.S.name, '9'],
    ['C1', byId.C1.name, '5'],
    ['C2', byId.C2.name, '4'],
  ]);
  // Route an event into G1: its path of names and its worker, as text.
  await page.fill('#route input[name=lng]', '118.085');
  await page.fill('#route input[name=lat]', '24.465');
  await page.selectOption('#route select[name=datum]', 'gcj02');
  await page.click('#route button[type=submit]');
  await page.waitForSelector('[data-key="route-cell"]');
  assert.equal(await page.getAttribute('[data-key="route-cell"]', 'data-id'), 'G1');
  assert.equal(await page.textContent('[data-key="route-cell"]'), [byId.S.name, byId.C1.name, byId.G1.name].join(' › '));
  assert.equal(await page.textContent('[data-key="route-worker"]'), ` · 网格员 ${byId.G1.worker}`);
  await assertClean(env2, 1);
  await context.close();
});

/** Clicks the list button whose name is exactly `name`. */
async function clickListed(page, name) {
  const k = await page.$$eval('#cell-list button span:first-child', (s, n) => s.findIndex((x) => x.textContent === n), name);
  assert.ok(k >= 0, `${name} is listed`);
  await page.locator('#cell-list button').nth(k).click();
}

test('www/map.html: hostile names in the list, breadcrumb, panel and tooltip are text', async () => {
  const env2 = await open('/www/map.html', hostileGrid);
  const { page, context } = env2;
  // List view: the one street.
  assert.deepEqual(await page.$$eval('#cell-list button span:first-child', (s) => s.map((x) => x.textContent)), [byId.S.name]);
  // Drill down from the list: street → its communities (breadcrumb and panel).
  await page.click('#cell-list button');
  await page.waitForFunction(() => document.getElementById('panel').dataset.index !== undefined);
  assert.equal(await page.textContent('#panel-title'), byId.S.name);
  assert.equal((await page.textContent('#crumbs [aria-current]')).trim(), byId.S.name);
  const communities = await page.$$eval('#cell-list button span:first-child', (s) => s.map((x) => x.textContent).sort());
  assert.deepEqual(communities, [byId.C1.name, byId.C2.name].sort());
  // Community C1 → its grids; then grid G2: the panel shows its hostile name and worker.
  await clickListed(page, byId.C1.name);
  await page.waitForFunction(() => document.querySelectorAll('#crumbs button').length === 3);
  const grids = await page.$$eval('#cell-list button span:first-child', (s) => s.map((x) => x.textContent).sort());
  assert.deepEqual(grids, [byId.G1.name, byId.G2.name].sort());
  await clickListed(page, byId.G2.name);
  await page.waitForFunction((name) => document.getElementById('panel-title').textContent === name, byId.G2.name);
  assert.equal(await page.textContent('#panel [data-key="worker"]'), byId.G2.worker);
  assert.equal(await page.textContent('#panel [data-key="households"]'), '2');
  // (A grid has no children: selecting it keeps the focus on its community.)
  assert.deepEqual(await page.$$eval('#crumbs button', (b) => b.map((x) => x.textContent)),
    ['思明区 Siming', byId.S.name, byId.C1.name]);
  // The tooltip of the hovered cell G1.
  const [x, y] = await page.evaluate(() => {
    const { view, cells } = window.__map;
    const i = cells.findIndex((c) => c.id === 'G1');
    return view.project(...view.labelPoint(i));
  });
  const box = await page.locator('#map').boundingBox();
  await page.mouse.move(box.x + x, box.y + y);
  await page.waitForSelector('#tooltip:not([hidden])');
  assert.equal(await page.textContent('#tooltip'), `${byId.G1.name} · 3 户`);
  // The legend: classes of numbers only, built as elements.
  assert.ok(await page.locator('#legend-list li .swatch').count() >= 1);
  await assertClean(env2, 1);
  await context.close();
});

test('www/assembly.html: hostile matter titles and candidate names are text, in the board and the 公示 SVG', async () => {
  const hostile = [HOSTILE.script, HOSTILE.img, HOSTILE.text, HOSTILE.svg, HOSTILE.attr];
  const env2 = await open('/www/assembly.html', async (page) => {
    // The page's own generator, wrapped: every title and candidate name gets a hostile part.
    await page.route('**/www/assembly.gen.mjs', async (route) => {
      const original = await (await route.fetch()).text();
      const body = original.replace('export function generate(', 'function generateOriginal(') + `
export function generate(options) {
  const r = generateOriginal(options);
  const H = ${JSON.stringify(hostile)};
  r.snapshot.matters.forEach((m, i) => {
    m.title = m.title + H[i % H.length];
    if (m.election) m.election.candidates.forEach((c, k) => { c.name = c.name + H[k % H.length]; });
  });
  return r;
}
window.__hostileTitles = true;`;
      await route.fulfill({ contentType: 'text/javascript', body });
    });
    return [];
  });
  const { page, context } = env2;
  assert.equal(await page.evaluate(() => window.__hostileTitles), true, 'the wrapped generator was used');
  const titles = await page.$$eval('article.matter h3', (hs) => hs.map((h) => h.firstChild.textContent));
  assert.equal(titles.length, 10);
  titles.forEach((t, i) => assert.ok(t.endsWith(hostile[i % hostile.length]), t));
  const options = await page.$$eval('#announce-form select[name=matter] option', (o) => o.map((x) => x.textContent));
  options.forEach((t, i) => assert.ok(t.endsWith(hostile[i % hostile.length]), t));
  const candidates = await page.$$eval('table.election tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
  assert.ok(candidates.length >= 5);
  // (Listed by rank, not in input order: each holds one of the hostile strings, as text.)
  candidates.forEach((c) => assert.ok(hostile.some((h) => c.includes(h)), c));
  assert.ok(hostile.every((h) => candidates.some((c) => c.includes(h))), 'every hostile candidate name shown');
  // The 公示 of each matter: one <svg> of <rect> and <text> only, the title as text.
  for (const [i, id] of ['M01', 'M02', 'M03', 'M04', 'M05'].entries()) {
    await page.selectOption('#announce-form select[name=matter]', id);
    await page.waitForFunction((m) => document.getElementById('announcement').dataset.matter === m, id);
    const shape = await page.$eval('#announcement', (d) => ({
      children: [...d.children].map((c) => c.localName),
      elements: [...new Set([...d.querySelectorAll('*')].map((e) => e.localName))].sort(),
      first: d.querySelector('text').textContent,
      texts: [...d.querySelectorAll('text')].map((t) => t.textContent),
    }));
    assert.deepEqual(shape.children, ['svg']);
    // (tspan: the lines a long text wraps into, at the box's width)
    assert.deepEqual(shape.elements.filter((e) => e !== 'tspan'), ['rect', 'svg', 'text']);
    assert.ok(shape.first.endsWith(hostile[i % hostile.length]), shape.first);
    if (id === 'M03') assert.ok(shape.texts.some((t) => t.startsWith('候选人') && t.includes(hostile[0])), shape.texts.join('\n'));
  }
  await assertClean(env2, 1);
  await context.close();
});
