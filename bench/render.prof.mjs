// Where the redraw time goes: the bench page's view redrawn with parts of the style turned off.
// Usage: node bench/render.prof.mjs
import { start } from '../tests/browser/browser.mjs';
const env = await start();
try {
  const page = await env.browser.newPage();
  page.on('console', (m) => console.log(m.text()));
  await page.goto(`${env.base}/bench/render.html?runs=3&first=1&picks=10`);
  await page.waitForFunction(() => window.__results, null, { timeout: 600_000 });
  const out = await page.evaluate(async () => {
    const { GridMap, GridMapView } = await import('jinlin');
    const text = await (await fetch('../www/data/grid.geojson')).text();
    const gm = GridMap.fromGeoJSON(text, { datum: 'gcj02' });
    const canvas = document.getElementById('jl');
    const view = GridMapView.fromGridMap(canvas, gm, { devicePixelRatio: 2, widthCss: 1280, heightCss: 800, show: 'grid' });
    view.setValues(Float64Array.from(gm.cells(), (c) => c.index % 37));
    const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
    const time = (fn, n = 15) => { const ts = []; for (let i = 0; i < n; i++) { view.panBy(i % 2 ? 3 : -3, 0); const t0 = performance.now(); fn(); canvas.getContext('2d').getImageData(0, 0, 1, 1); ts.push(performance.now() - t0); } return med(ts); };
    const r = {};
    r.full = time(() => view.render());
    view.setStyle({ labels: false }); r.noLabels = time(() => view.render());
    view.setStyle({ labels: false, gridStroke: { color: '#ffffff', widthCss: 0 }, communityStroke: { color: '#555555', widthCss: 0 }, streetStroke: { color: '#333333', widthCss: 0 } });
    r.fillsOnly = time(() => view.render());
    view.setStyle({ labels: false, gridStroke: { color: '#ffffff', widthCss: 0 } }); r.thickOnly = time(() => view.render());
    view.setStyle({ labels: false, gridStroke: { color: '#ffffff', widthCss: 0 }, communityStroke: { color: '#555555', widthCss: 0 } }); r.streetOnly = time(() => view.render());
    view.setStyle({}); r.displayList = time(() => { view.invalidate(); view.renderDisplayList(); });
    const ctx = canvas.getContext('2d');
    r.clearOnly = time(() => { ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.clearRect(0, 0, 2560, 1600); });
    r.fillRect = time(() => { ctx.fillStyle = '#abc'; ctx.fillRect(0, 0, 2560, 1600); });
    const names = gm.cells().filter((c) => c.level === 'grid').map((c) => c.name).slice(0, 200);
    ctx.font = '24px "Noto Sans CJK SC", sans-serif'; ctx.lineWidth = 4; ctx.strokeStyle = '#fff'; ctx.fillStyle = '#111';
    r.fillText200 = time(() => { names.forEach((n, i) => ctx.fillText(n, (i % 20) * 120 + 20, ((i / 20) | 0) * 150 + 30)); });
    r.strokeText200 = time(() => { names.forEach((n, i) => ctx.strokeText(n, (i % 20) * 120 + 20, ((i / 20) | 0) * 150 + 30)); });
    return r;
  });
  console.log(JSON.stringify(out, null, 1));
} finally { await env.close(); }
