// Benchmark: assign every household of the Siming sample to its grid cell, in one page:
// jinlin (wasm) against the best plain-JS approach (flatbush over polygon bboxes +
// point-in-polygon-hao) and Turf (booleanPointInPolygon in a loop over every cell, on a subset).
// Runs on the plain sample and on its densified variant (~70 vertices per cell).
// Results go to window.__results (read by bench/run.mjs) and to the page.
import { init, GridMap } from 'jinlin';
import Flatbush from 'flatbush';
import pointInPolygon from 'point-in-polygon-hao';

const params = new URLSearchParams(location.search);
const RUNS = Number(params.get('runs') ?? 9);
const TURF_SUBSET = Number(params.get('turf') ?? 5000);
const out = document.getElementById('out');
const log = (s) => { out.textContent += s + '\n'; };

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
function time(fn, runs, warmup = 2) {
  const ts = [];
  let result;
  for (let i = 0; i < warmup; i++) fn();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    ts.push(performance.now() - t0);
  }
  return { median: median(ts), min: Math.min(...ts), result };
}

// Leaf cells (grids) as [cellIndex, polygons] in the same numbering as GridMap (ascending id).
function leaves(geojson) {
  const ids = geojson.features.map((f) => f.properties.id).sort();
  const rank = new Map(ids.map((id, i) => [id, i]));
  const parents = new Set(geojson.features.map((f) => f.properties.parent).filter(Boolean));
  const out = [];
  for (const f of geojson.features) {
    if (parents.has(f.properties.id)) continue;
    const g = f.geometry;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    out.push([rank.get(f.properties.id), polys, f]);
  }
  return out;
}

function flatbushAssign(cells, positions) {
  const parts = [];
  for (const [cell, polys] of cells) for (const p of polys) parts.push([cell, p]);
  const index = new Flatbush(parts.length);
  for (const [, p] of parts) {
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    for (const [x, y] of p[0]) { if (x < w) w = x; if (x > e) e = x; if (y < s) s = y; if (y > n) n = y; }
    index.add(w, s, e, n);
  }
  index.finish();
  return { index, parts };
}
function flatbushQuery({ index, parts }, positions) {
  const n = positions.length / 2;
  const cell = new Int32Array(n);
  const pt = [0, 0];
  for (let i = 0; i < n; i++) {
    pt[0] = positions[2 * i]; pt[1] = positions[2 * i + 1];
    const hits = index.search(pt[0], pt[1], pt[0], pt[1]);
    let c = -1;
    for (const h of hits) {
      if (pointInPolygon(pt, parts[h][1]) !== false) { c = parts[h][0]; break; }
    }
    cell[i] = c;
  }
  return cell;
}
function turfQuery(cells, positions, count) {
  const cell = new Int32Array(count);
  const features = cells.map(([c, , f]) => [c, f]);
  for (let i = 0; i < count; i++) {
    const p = turf.point([positions[2 * i], positions[2 * i + 1]]);
    let c = -1;
    for (const [k, f] of features) if (turf.booleanPointInPolygon(p, f)) { c = k; break; }
    cell[i] = c;
  }
  return cell;
}

async function bench(name, geojsonText, positions, truth) {
  const geojson = JSON.parse(geojsonText);
  const cells = leaves(geojson);
  const n = positions.length / 2;
  const r = { sample: name, positions: n, cells: geojson.features.length, leafCells: cells.length };
  r.vertices = cells.reduce((s, [, polys]) => s + polys.reduce((t, p) => t + p.reduce((u, ring) => u + ring.length - 1, 0), 0), 0);
  r.verticesPerLeaf = r.vertices / cells.length;

  // jinlin: parse + index build once (first assign builds the index), then warm assigns.
  let t0 = performance.now();
  const grid = GridMap.fromGeoJSON(geojsonText, { datum: 'gcj02' });
  r.jinlinParseMs = performance.now() - t0;
  t0 = performance.now();
  grid.buildIndex();
  r.jinlinIndexMs = performance.now() - t0;
  const j = time(() => grid.assign(positions), RUNS);
  r.jinlinAssignMs = j.median;

  t0 = performance.now();
  const fb = flatbushAssign(cells, positions);
  r.flatbushBuildMs = performance.now() - t0;
  const f = time(() => flatbushQuery(fb, positions), RUNS);
  r.flatbushAssignMs = f.median;

  const tcount = Math.min(TURF_SUBSET, n);
  const t = time(() => turfQuery(cells, positions, tcount), 1, 0);
  r.turfSubset = tcount;
  r.turfSubsetMs = t.median;
  r.turfExtrapolatedMs = (t.median * n) / tcount;

  // Agreement: every position gets the same cell from jinlin and flatbush+hao (no position of
  // the sample lies on an edge), and the sample's ground truth.
  const jc = j.result.cell, fc = f.result;
  let disagree = 0, wrong = 0;
  for (let i = 0; i < n; i++) { if (jc[i] !== fc[i]) disagree++; if (truth && jc[i] !== truth[i]) wrong++; }
  for (let i = 0; i < tcount; i++) if (t.result[i] !== jc[i]) disagree++;
  r.disagreements = disagree;
  r.wrongVsTruth = truth ? wrong : null;
  r.ratioVsFlatbush = r.flatbushAssignMs / r.jinlinAssignMs;
  r.ratioVsTurf = r.turfExtrapolatedMs / r.jinlinAssignMs;
  grid.free();
  return r;
}

async function main() {
  await init();
  const get = (u) => fetch(u).then((r) => { if (!r.ok) throw new Error(`${u}: ${r.status}`); return r; });
  const [plain, dense, hh, truth] = await Promise.all([
    get('../www/data/grid.geojson').then((r) => r.text()),
    get('../www/data/grid-dense.geojson').then((r) => r.text()),
    get('../www/data/households.f64').then((r) => r.arrayBuffer()),
    get('../www/data/truth.i32').then((r) => r.arrayBuffer()),
  ]);
  const positions = new Float64Array(hh);
  const truthCells = new Int32Array(truth);
  // A warm-up pass over both samples first, so that V8 has tiered up both the wasm (Liftoff →
  // TurboFan) and the JS peers before anything is timed.
  for (const text of [plain, dense]) {
    const g = GridMap.fromGeoJSON(text, { datum: 'gcj02' });
    for (let i = 0; i < 3; i++) g.assign(positions);
    g.free();
    const fb = flatbushAssign(leaves(JSON.parse(text)), positions);
    for (let i = 0; i < 2; i++) flatbushQuery(fb, positions);
  }
  const results = [];
  for (const [name, text] of [['plain', plain], ['dense', dense]]) {
    const r = await bench(name, text, positions, truthCells);
    results.push(r);
    log(JSON.stringify(r, null, 1));
  }
  window.__results = { userAgent: navigator.userAgent, runs: RUNS, results };
}
main().catch((e) => { log(`ERROR ${e.code ?? ''} ${e.stack}`); window.__results = { error: String(e.stack) }; });
