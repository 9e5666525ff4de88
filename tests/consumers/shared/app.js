// What both bundler consumers run in the page (tests/browser/compat-consumers.test.mjs checks
// it): geocode a few households into a small grid map, on the page and in jinlin/worker's Web
// Worker (which the bundler must emit with its wasm), route an event, count a tiny vote, and
// write the answers as JSON into #out.
import { init, GridMap, isCompat } from 'jinlin';
import { GeocodeWorker } from 'jinlin/worker';
import { init as initTally, tallyJson } from 'jinlin/tally';

const rect = (w, s, e, n) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const feature = (id, level, parent, coordinates) => ({
  type: 'Feature',
  properties: { id, name: `网格${id}`, level, ...(parent ? { parent } : {}), worker: `员${id}` },
  geometry: { type: 'Polygon', coordinates },
});

export async function run(out, tallyInput) {
  try {
    await Promise.all([init(), initTally()]);
    const geojson = {
      type: 'FeatureCollection',
      features: [
        feature('S', 'street', null, rect(118.0, 24.4, 118.02, 24.42)),
        feature('A', 'grid', 'S', rect(118.0, 24.4, 118.01, 24.42)),
        feature('B', 'grid', 'S', rect(118.01, 24.4, 118.02, 24.42)),
      ],
    };
    const map = GridMap.fromGeoJSON(geojson, {});
    const positions = [118.005, 24.41, 118.015, 24.41, 118.019, 24.419, 119, 25];
    const r = map.assign(new Float64Array(positions), {});
    const worker = new GeocodeWorker();
    await worker.load(geojson, {});
    const progress = [];
    const w = await worker.assign(new Float64Array(positions), { chunk: 3, onProgress: (p) => progress.push(p.done) }).result;
    worker.terminate();
    const cells = map.cells().map((c) => c.id);
    const located = map.locate(118.015, 24.405, {});
    const result = JSON.parse(tallyJson(tallyInput));
    out.textContent = JSON.stringify({
      cells: Array.from(r.cell, (i) => (i < 0 ? null : cells[i])),
      households: Object.fromEntries(cells.map((id, i) => [id, r.households[i]])),
      summary: r.summary,
      located: located && { cellId: located.cellId, worker: located.worker },
      matters: result.matters.map((m) => m.figures.outcome),
      compat: isCompat(),
      worker: { cell: Array.from(w.cell), households: Array.from(w.households), summary: w.summary, progress, compat: worker.compat },
    });
    out.dataset.ready = 'true';
  } catch (e) {
    out.textContent = String(e && e.stack || e);
    out.dataset.ready = 'false';
  }
}
