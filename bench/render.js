// Benchmark: draw the Siming grid map (600 grids, labels, choropleth by households) on a
// 1280×800 CSS px canvas at devicePixelRatio 2, in one page: jinlin's GridMapView against an
// ECharts `map` series (its `geo` coordinate system) given the same GeoJSON, the same values and
// the same canvas size. Every timing ends with a one-pixel getImageData read-back, so the
// raster work is counted, not just the recording of commands.
// Results go to window.__results (read by bench/run.mjs) and to the page.
import { init, isCompat, GridMap, GridMapView } from 'jinlin';

const params = new URLSearchParams(location.search);
const RUNS = Number(params.get('runs') ?? 41);
const FIRST_RUNS = Number(params.get('first') ?? 11);
const PICKS = Number(params.get('picks') ?? 2000);
const W = 1280, H = 800, DPR = 2;
const out = document.getElementById('out');
const log = (s) => { out.textContent += s + '\n'; };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const flush = (canvas) => canvas.getContext('2d').getImageData(0, 0, 1, 1).data[3];

// A seeded generator (mulberry32) so that every run picks the same points.
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main() {
  await init();
  // The map as its UTF-8 bytes (what `response.arrayBuffer()` gives: jinlin reads them with
  // no decoding to a string) and as text (ECharts' JSON.parse, and jinlin from text for the
  // record); neither side's decoding of the response is timed.
  const bytes = new Uint8Array(await (await fetch('../www/data/grid.geojson')).arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const geojson = JSON.parse(text);
  const households = new Float64Array(await (await fetch('../www/data/households.f64')).arrayBuffer());
  const persons = new Uint8Array(await (await fetch('../www/data/persons.u8')).arrayBuffer());
  // Values: households per grid from geocoding the sample (not timed).
  const map0 = GridMap.fromGeoJSON(text, { datum: 'gcj02' });
  const cells = map0.cells();
  const counts = map0.assign(households, { persons }).households;
  map0.free();
  const gridIds = new Set(cells.filter((c) => c.level === 'grid').map((c) => c.id));
  const byId = new Map(cells.map((c) => [c.id, c]));
  const leafFeatures = geojson.features.filter((f) => gridIds.has(f.properties.id));
  const leafText = JSON.stringify({ type: 'FeatureCollection', features: leafFeatures });
  const values = cells.map((c) => counts[c.index]);

  // ---- jinlin ----
  const canvas = document.getElementById('jl');
  const hasFactory = typeof GridMapView.fromGridMap === 'function';
  // GridMap.fromGeoJSON of bytes where the package takes them (older ones: text only)
  let bytesOk = true;
  try { GridMap.fromGeoJSON(bytes, { datum: 'gcj02' }).free(); } catch (e) { bytesOk = false; }
  function jinlinFirst(input) {
    const gm = GridMap.fromGeoJSON(input, { datum: 'gcj02' });
    let view;
    if (hasFactory) {
      view = GridMapView.fromGridMap(canvas, gm, { devicePixelRatio: DPR, widthCss: W, heightCss: H, show: 'grid' });
      view.setValues(Float64Array.from(values));
    } else {
      // the flat-array constructor (before GridMapView.fromGridMap existed): grids only
      const pos = [], ends = [], ringCells = [], holes = [], names = [], vals = [];
      leafFeatures.forEach((f, k) => {
        const g = f.geometry;
        for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
          poly.forEach((ring, ri) => {
            for (const [x, y] of ring) pos.push(x, y);
            ends.push(pos.length / 2); ringCells.push(k); holes.push(ri > 0 ? 1 : 0);
          });
        }
        names.push(f.properties.name);
        vals.push(counts[byId.get(f.properties.id).index]);
      });
      view = new GridMapView(canvas, Float64Array.from(pos), Uint32Array.from(ends),
        Uint32Array.from(ringCells), Uint8Array.from(holes), names,
        { devicePixelRatio: DPR, widthCss: W, heightCss: H });
      view.setValues(Float64Array.from(vals));
    }
    view.render();
    flush(canvas);
    return { gm, view };
  }
  // ---- ECharts ----
  const ecDom = document.getElementById('ec');
  const gridValues = leafFeatures.map((f) => counts[byId.get(f.properties.id).index]);
  const option = () => ({
    animation: false,
    visualMap: { type: 'piecewise', splitNumber: 5, min: Math.min(...gridValues), max: Math.max(...gridValues),
      inRange: { color: ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'] }, show: false },
    series: [{
      // the same 16 px padding as jinlin's fit; aspect as Mercator at Siming's latitude;
      // overlapping labels hidden, as jinlin's placement does
      type: 'map', map: 'siming', roam: true, aspectScale: Math.cos((24.45 * Math.PI) / 180),
      left: 16, right: 16, top: 16, bottom: 16, labelLayout: { hideOverlap: true },
      label: { show: true, fontSize: 12, color: '#1a1a1a', textBorderColor: '#fff', textBorderWidth: 2 },
      itemStyle: { borderColor: '#fff', borderWidth: 0.75 },
      data: leafFeatures.map((f, k) => ({ name: f.properties.name, value: gridValues[k] })),
    }],
  });
  const ecCanvasOf = () => ecDom.querySelector('canvas');
  function echartsFirst() {
    if (chart) chart.dispose();
    echarts.registerMap('siming', JSON.parse(leafText));
    chart = echarts.init(ecDom, null, { renderer: 'canvas', devicePixelRatio: DPR, width: W, height: H });
    chart.setOption(option());
    chart.getZr().flush();
    flush(ecCanvasOf());
  }
  // jinlin and ECharts interleaved (which goes first alternates), so that both see the same
  // load on this shared machine: the ratios are what the budgets are about.
  // jinlin's first render from bytes (the recorded one) and, for the record, from text, in
  // turn with ECharts' (the order rotates).
  const firstTimes = [], firstTextTimes = [], ecFirstTimes = [];
  let jl, chart;
  const orders = [['jl', 'jlText', 'ec'], ['ec', 'jl', 'jlText'], ['jlText', 'ec', 'jl']];
  for (let i = 0; i < FIRST_RUNS + 1; i++) {
    for (const who of orders[i % 3]) {
      if (who !== 'ec') {
        if (jl) { jl.view.free(); jl.gm.free(); }
        const fromText = who === 'jlText' || !bytesOk;
        const t0 = performance.now();
        jl = jinlinFirst(fromText ? text : bytes);
        const t = performance.now() - t0;
        // the first one also compiles and warms up
        if (i > 0) (who === 'jlText' ? firstTextTimes : firstTimes).push(t);
      } else {
        const t0 = performance.now();
        echartsFirst();
        const t = performance.now() - t0;
        if (i > 0) ecFirstTimes.push(t);
      }
    }
  }
  const view = jl.view;
  const ecCanvas = ecCanvasOf();
  // the same map through the canvas's own path filling (rasterizer: 'canvas'), for comparison
  const canvasC = document.getElementById('jlc');
  const viewC = hasFactory && GridMapView.fromGridMap(canvasC, jl.gm,
    { devicePixelRatio: DPR, widthCss: W, heightCss: H, show: 'grid', rasterizer: 'canvas' });
  if (viewC) { viewC.setValues(Float64Array.from(values)); viewC.render(); }
  const canvasRedrawT = [];
  // redraws, interleaved: a pan or a zoom of jinlin, then the same of ECharts
  const panT = [], zoomT = [], ecPanT = [], ecZoomT = [];
  for (let i = 0; i < 2 * (RUNS + 3); i++) {
    const pan = i % 2 === 0;
    const sign = (i >> 1) % 2 ? 1 : -1;
    if (pan) view.panBy(7 * sign, 0);
    else view.zoomAt(W / 2, H / 2, sign > 0 ? 1.25 : 0.8);
    let t0 = performance.now();
    view.render();
    flush(canvas);
    const t = performance.now() - t0;
    if (i >= 6) (pan ? panT : zoomT).push(t);
    if (viewC) {
      if (pan) viewC.panBy(7 * sign, 0);
      else viewC.zoomAt(W / 2, H / 2, sign > 0 ? 1.25 : 0.8);
      t0 = performance.now();
      viewC.render();
      flush(canvasC);
      if (i >= 6) canvasRedrawT.push(performance.now() - t0);
    }
    t0 = performance.now();
    if (pan) chart.dispatchAction({ type: 'geoRoam', componentType: 'series', seriesIndex: 0, dx: 7 * sign, dy: 0 });
    else chart.dispatchAction({ type: 'geoRoam', componentType: 'series', seriesIndex: 0, zoom: sign > 0 ? 1.25 : 0.8, originX: W / 2, originY: H / 2 });
    chart.getZr().flush();
    flush(ecCanvas);
    if (i >= 6) (pan ? ecPanT : ecZoomT).push(performance.now() - t0);
  }
  const redraw = (fn) => {
    const ts = [];
    for (let i = 0; i < RUNS + 3; i++) {
      fn(i);
      const t0 = performance.now();
      view.render();
      flush(canvas);
      if (i >= 3) ts.push(performance.now() - t0);
    }
    return ts;
  };
  view.fitBounds();
  view.render();
  const jlRedraw = median([...panT, ...zoomT]);
  // the full-view redraw with nothing changed but forced
  const fullT = redraw(() => view.invalidate());
  // hover moving from cell to cell: only the highlight and labels are drawn again
  const shown = [...view.visibleCells()];
  const hoverT = redraw((i) => view.setHover(shown[(i * 37) % shown.length]));
  view.setHover(undefined);
  // zoom frames while a gesture is under way: the last raster resampled (setInteracting)
  let previewT = null;
  if (typeof view.setInteracting === 'function') {
    view.setInteracting(true);
    previewT = redraw((i) => view.zoomAt(W / 2, H / 2, i % 2 ? 1.1 : 1 / 1.1));
    view.setInteracting(false);
    view.fitBounds();
    view.render();
  }
  const jinlinShot = canvas.toDataURL('image/png');

  // pick: random points over the canvas, median of batch means
  const rand = rng(42);
  const pts = new Float64Array(PICKS * 2).map((_, i) => (i % 2 ? rand() * H : rand() * W));
  const batch = [];
  let hits = 0;
  for (let b = 0; b < 15; b++) {
    const t0 = performance.now();
    for (let i = 0; i < PICKS; i++) if (view.pick(pts[2 * i], pts[2 * i + 1]) !== undefined) hits++;
    batch.push(((performance.now() - t0) * 1000) / PICKS);
  }
  const pickUs = median(batch);

  // back to the initial view for the screenshot
  chart.setOption(option(), true);
  chart.getZr().flush();
  const echartsShot = ecCanvas.toDataURL('image/png');

  const r = {
    runs: RUNS, firstRuns: FIRST_RUNS, picks: PICKS, width: W, height: H, dpr: DPR, compat: isCompat(),
    cells: leafFeatures.length, api: hasFactory ? 'GridMapView.fromGridMap' : 'new GridMapView (flat arrays)',
    jinlin: {
      firstMs: median(firstTimes), firstFromTextMs: median(firstTextTimes), firstFromBytes: bytesOk, redrawMs: jlRedraw, panMs: median(panT), zoomMs: median(zoomT),
      forcedMs: median(fullT), hoverMs: median(hoverT), previewMs: previewT && median(previewT), pickUs, pickHitRate: hits / (15 * PICKS),
      canvasRasterizerRedrawMs: viewC ? median(canvasRedrawT) : null,
    },
    echarts: { version: echarts.version, firstMs: median(ecFirstTimes), redrawMs: median([...ecPanT, ...ecZoomT]),
      panMs: median(ecPanT), zoomMs: median(ecZoomT) },
  };
  r.ratioFirst = r.echarts.firstMs / r.jinlin.firstMs;
  r.ratioFirstFromText = r.echarts.firstMs / r.jinlin.firstFromTextMs;
  r.ratioRedraw = r.echarts.redrawMs / r.jinlin.redrawMs;
  log(JSON.stringify(r, null, 2));
  window.__shots = { jinlin: jinlinShot, echarts: echartsShot };
  window.__results = r;
}
main().catch((e) => { log(String(e.stack ?? e)); window.__results = { error: String(e.stack ?? e) }; });
