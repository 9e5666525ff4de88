// Demo portal, page 1: geocode every household of the Siming sample in a Web Worker
// (jinlin/worker) with a progress bar and a cancel button, the page staying responsive; show
// households and persons per street and community; route an event (网格事) to its grid.
// Imports the built package's browser entry, by URL (see the import).
// The package by its URL in this repository (its browser entry, what the package's "exports"
// give a browser), not by name: a bare name needs an import map, which WeChat's Android XWeb
// (Chromium 86) and iOS before 16.4 lack, and no demo page started there. In a portal, with a
// bundler (Vite, webpack) or an import map, write:
//   import { GeocodeWorker } from 'jinlin/worker';
import { GeocodeWorker } from '../pkg/worker.js';

const $ = (sel) => document.querySelector(sel);
// Thousands separators as zh-CN writes them (1,234,567), without Intl: the first
// toLocaleString('zh-CN') loads locale data and blocks the main thread for 100–250 ms here.
const fmt = (n) => (Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(n));
const text = (tag, content, attrs = {}) => {
  const el = document.createElement(tag);
  el.textContent = content;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
};

async function fetchBytes(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

async function main() {
  const status = $('#status');
  const progress = $('#progress');
  const progressText = $('#progress-text');
  const button = $('#run');
  // The map is read and indexed in the worker: the main thread never blocks on wasm.
  const worker = new GeocodeWorker();
  const [geojson, householdsBuf, personsBuf, manifest] = await Promise.all([
    fetch('data/grid.geojson').then((r) => r.arrayBuffer()), // the UTF-8 bytes: no decoding to a string and back
    fetchBytes('data/households.f64'),
    fetchBytes('data/persons.u8'),
    fetch('data/manifest.json').then((r) => r.json()),
  ]);
  const households = householdsBuf.byteLength / 16;
  const persons = new Uint8Array(personsBuf);
  // The positions are transferred to the worker, not copied: the first run takes the fetched
  // buffer, a later run fetches it again (from the HTTP cache).
  let spare = householdsBuf;
  const loaded = await worker.load(geojson, { datum: 'gcj02' });
  const cells = await worker.cells();
  setUpRouting(worker);

  let job = null;
  const setProgress = (done, total) => {
    progress.max = Math.max(total, 1);
    progress.value = done;
    progressText.textContent = `${total > 0 ? Math.floor((100 * done) / total) : 100} %`;
  };

  async function run() {
    delete status.dataset.ready;
    status.className = '';
    status.textContent = `正在后台线程中落格 ${fmt(households)} 户… Geocoding in a worker…`;
    setProgress(0, households);
    button.disabled = true;
    const positions = new Float64Array(spare != null ? spare : await fetchBytes('data/households.f64'));
    spare = null;
    button.textContent = '取消 Cancel';
    button.disabled = false;
    performance.mark('jinlin:geocode:start');
    const t0 = performance.now();
    job = worker.assign(positions, {
      datum: 'gcj02', persons, chunk: 20000,
      onProgress: ({ done, total }) => setProgress(done, total),
    });
    try {
      const result = await job.result;
      performance.mark('jinlin:geocode:end');
      show(result, performance.now() - t0);
    } catch (e) {
      performance.mark('jinlin:geocode:end');
      if (e.code !== 'GEOCODE_CANCELLED') throw e;
      // the figures below, if any, are the previous run's: say so, and grey them
      const previous = $('#summary').childElementCount > 0;
      status.textContent = previous
        ? '已取消落格；下方为上一次的结果。Geocoding cancelled; the figures below are from the previous run.'
        : '已取消落格。Geocoding cancelled.';
      status.dataset.ready = 'cancelled';
      for (const el of [$('#summary'), $('#table')]) el.classList.toggle('stale', previous);
    } finally {
      job = null;
      button.textContent = '重新落格 Run again';
    }
  }

  function show(result, assignMs) {
    const s = result.summary;
    const items = [
      ['户数 households', s.positions, 'households'],
      ['已落格 assigned', s.assigned, 'assigned'],
      ['区外 outside', s.outside, 'outside'],
      ['无效坐标 invalid', s.invalid, 'invalid'],
      ['边界判定 boundary ties', s.boundaryTies, 'ties'],
      ['人口 persons', result.totalPersons, 'persons'],
      ['网格数 cells', loaded.length, 'cells'],
      ['读图 parse (ms, worker)', loaded.parseMs.toFixed(1), 'parse-ms'],
      ['建索引 index (ms, worker)', loaded.indexMs.toFixed(1), 'index-ms'],
      ['落格 assign (ms, worker)', assignMs.toFixed(1), 'assign-ms'],
    ];
    const dl = $('#summary');
    dl.replaceChildren(...items.map(([label, value, key]) => {
      const div = document.createElement('div');
      div.append(text('dt', label), text('dd', typeof value === 'number' ? fmt(value) : value, { 'data-key': key }));
      return div;
    }));
    showTable(cells, result);
    for (const el of [$('#summary'), $('#table')]) el.classList.remove('stale');
    status.textContent = `${fmt(s.positions)} 户已在后台线程中落格，用时 ${assignMs.toFixed(1)} ms（样本种子 ${manifest.seed}）。`;
    status.dataset.ready = 'true';
  }

  button.addEventListener('click', () => {
    if (job !== null) job.cancel();
    else run().catch(fail);
  });
  await run();
}

function showTable(cells, result) {
  // Table: streets, then their communities.
  const tbody = $('#table tbody');
  const rows = [];
  const childrenOf = new Map();
  for (const c of cells) {
    const key = c.parent != null ? c.parent : '';
    if (!childrenOf.has(key)) childrenOf.set(key, []);
    childrenOf.get(key).push(c);
  }
  let totalH = 0, totalP = 0;
  for (const street of childrenOf.get('') || []) {
    const communities = childrenOf.get(street.id) || [];
    const grids = communities.reduce((n, c) => n + (childrenOf.get(c.id) || []).length, 0);
    totalH += result.households[street.index];
    totalP += result.persons[street.index];
    const tr = document.createElement('tr');
    tr.className = 'street';
    tr.dataset.id = street.id;
    tr.append(text('td', street.name), text('td', fmt(grids)),
      text('td', fmt(result.households[street.index])), text('td', fmt(result.persons[street.index])));
    rows.push(tr);
    for (const c of communities) {
      const r = document.createElement('tr');
      r.className = 'community';
      r.dataset.id = c.id;
      r.append(text('td', c.name), text('td', fmt((childrenOf.get(c.id) || []).length)),
        text('td', fmt(result.households[c.index])), text('td', fmt(result.persons[c.index])));
      rows.push(r);
    }
  }
  tbody.replaceChildren(...rows);
  const foot = document.createElement('tr');
  foot.append(text('td', '合计 total'), text('td', fmt(cells.filter((c) => c.level === 'grid').length)),
    text('td', fmt(totalH), { 'data-key': 'total-households' }), text('td', fmt(totalP), { 'data-key': 'total-persons' }));
  $('#table tfoot').replaceChildren(foot);
}

function setUpRouting(worker) {
  $('#route').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    const out = $('#route-result');
    const lng = Number(f.get('lng')), lat = Number(f.get('lat'));
    if (f.get('lng') === '' || f.get('lat') === '' || !Number.isFinite(lng) || !Number.isFinite(lat)) {
      out.replaceChildren(text('span', '请输入经度和纬度（数字，小数点用“.”，如 118.0894, 24.4798）。Enter a longitude and a latitude as numbers, e.g. 118.0894, 24.4798.', { class: 'error', 'data-key': 'route-error' }));
      return;
    }
    try {
      const hit = await worker.locate(lng, lat, {
        datum: f.get('datum'), maxDistanceM: Number(f.get('maxDistanceM') || 0),
      });
      if (!hit) {
        out.replaceChildren(text('span', '不在任何网格内，也不在最大距离内。Not in or near any grid.'));
        return;
      }
      const names = hit.path.map((p) => p.name).join(' › ');
      out.replaceChildren(
        text('strong', names, { 'data-key': 'route-cell', 'data-id': hit.cellId }),
        text('span', ` · 网格员 ${hit.worker != null ? hit.worker : '—'}`, { 'data-key': 'route-worker' }),
        text('span', hit.distanceM > 0 ? ` · 距网格 ${hit.distanceM.toFixed(1)} m` : ' · 在网格内', { 'data-key': 'route-distance' }),
      );
    } catch (e) {
      out.replaceChildren(text('span', `${e.code != null ? e.code : 'ERROR'}: ${e.message}`, { class: 'error' }));
    }
  });
}

function fail(e) {
  const status = $('#status');
  status.textContent = `出错 Error: ${e.code != null ? e.code : ''} ${e.message}`;
  status.className = 'error';
  status.dataset.ready = 'error';
  console.error(e);
}

main().catch(fail);
