// GridMapView through the built package in Node (no drawing: a stand-in canvas): SVG output
// escapes hostile names, bad input throws coded errors, fromGridMap drills down the hierarchy,
// free().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init, GridMap, GridMapView } from 'jinlin';

await init();

// Node has no canvas: a stand-in that passes the adapter's `instanceof` check. Nothing is drawn
// (render() is not called); toSvg, pick, legend and the drill-down do not touch the context.
globalThis.CanvasRenderingContext2D ??= class CanvasRenderingContext2D {};
const fakeCanvas = () => {
  const ctx = new globalThis.CanvasRenderingContext2D();
  return { width: 0, height: 0, clientWidth: 0, clientHeight: 0, getContext: () => ctx };
};
const opts = { widthCss: 400, heightCss: 300, devicePixelRatio: 2 };

const rect = (w, s, e, n) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const feature = (id, name, level, parent, coordinates, extra = {}) => ({
  type: 'Feature',
  properties: { id, name, level, ...(parent ? { parent } : {}), ...extra },
  geometry: { type: 'Polygon', coordinates },
});
const HOSTILE = '<script>alert("x")</script>&';
const fc = {
  type: 'FeatureCollection',
  features: [
    feature('S', '街道<b>', 'street', null, rect(118.0, 24.4, 118.02, 24.42)),
    feature('C1', HOSTILE, 'community', 'S', rect(118.0, 24.4, 118.01, 24.42)),
    feature('C2', '社区二', 'community', 'S', rect(118.01, 24.4, 118.02, 24.42)),
    feature('G1a', '网格一', 'grid', 'C1', rect(118.0, 24.4, 118.01, 24.41), { worker: '陈*华' }),
    feature('G1b', '网格二', 'grid', 'C1', rect(118.0, 24.41, 118.01, 24.42), { worker: '林*' }),
    feature('G2', '网格三', 'grid', 'C2', rect(118.01, 24.4, 118.02, 24.42), { worker: '王*明' }),
  ],
};

function flatSquares(names, extra = {}) {
  // two unit-ish squares side by side
  const pos = [118.0, 24.4, 118.01, 24.4, 118.01, 24.41, 118.0, 24.41,
    118.01, 24.4, 118.02, 24.4, 118.02, 24.41, 118.01, 24.41];
  return new GridMapView(fakeCanvas(), Float64Array.from(pos), Uint32Array.of(4, 8),
    Uint32Array.of(0, 1), Uint8Array.of(0, 0), names, { ...opts, ...extra });
}

test('toSvg escapes names: no raw <script> from data reaches the SVG', () => {
  const view = flatSquares([HOSTILE, 'ok']);
  view.setValues(Float64Array.of(1, 2));
  const svg = view.toSvg();
  assert.ok(svg.startsWith('<svg'), svg.slice(0, 40));
  assert.ok(!svg.includes('<script'), 'raw <script> in the SVG');
  assert.ok(svg.includes('&lt;script&gt;'), 'the name is written escaped');
  assert.ok(!/&(?!amp;|lt;|gt;|quot;|apos;|#)/.test(svg), 'a bare & in the SVG');
  view.free();
});

test('rasterizer is "scanline" or "canvas"; anything else is OPTIONS_INVALID naming the value', () => {
  const err = (fn) => { try { fn(); } catch (e) { return e; } return null; };
  for (const rasterizer of ['scanline', 'canvas', undefined]) {
    assert.equal(err(() => flatSquares(['a', 'b'], { rasterizer })), null, String(rasterizer));
  }
  for (const rasterizer of ['webgl', 'Canvas', 1, true]) {
    const e = err(() => flatSquares(['a', 'b'], { rasterizer }));
    assert.equal(e?.code, 'OPTIONS_INVALID', String(rasterizer));
    assert.match(e.message, /scanline/, String(rasterizer));
  }
});

test('unknown option keys are rejected at every depth, naming the key and where it is', () => {
  const err = (fn) => { try { fn(); } catch (e) { return e; } return null; };
  const cases = [
    [() => flatSquares(['a', 'b'], { colour: 'red' }), 'colour', 'in options;'],
    [() => flatSquares(['a', 'b'], { style: { labelColour: '#000' } }), 'labelColour', 'in options.style;'],
    [() => flatSquares(['a', 'b'], { style: { gridStroke: { color: '#000', width: 2 } } }), 'width', 'in options.style.gridStroke;'],
    [() => flatSquares(['a', 'b'], { classification: { method: 'quantile', colors: 3 } }), 'colors', 'in options.classification;'],
  ];
  for (const [fn, key, where] of cases) {
    const e = err(fn);
    assert.equal(e?.code, 'OPTIONS_INVALID', key);
    assert.match(e.message, new RegExp(`"${key}" ${where.replace('.', '\\.')}`));
  }
  const view = flatSquares(['a', 'b']);
  assert.equal(err(() => view.setStyle({ hoverStroke: { color: '#000', widthCss: 1, dash: [2] } }))?.code, 'OPTIONS_INVALID');
  assert.equal(err(() => view.setClassification({ method: 'quantile', clases: 3 }))?.code, 'OPTIONS_INVALID');
  // the known keys at every depth still pass, and the view still answers
  view.setStyle({ gridStroke: { color: '#123456', widthCss: 2 }, labels: false });
  view.setClassification({ method: 'quantile', classes: 2, palette: 'Blues' });
  view.setValues(Float64Array.of(1, 2));
  assert.equal(view.legend().classes.length, 2);
  view.free();
});

test('bad input throws coded errors and leaves the view usable', () => {
  const view = flatSquares(['a', 'b']);
  const code = (fn) => { try { fn(); } catch (e) { return e.code; } return 'no error'; };
  assert.equal(code(() => view.setValues(Float64Array.of(1, 2, 3))), 'RENDER_VALUES_LENGTH');
  assert.equal(code(() => view.setClassification({ method: 'quantile', classes: 5, palette: 'Nope' })), 'RENDER_UNKNOWN_PALETTE');
  assert.equal(code(() => view.setClassification({ method: 'quantile', classes: 50 })), 'RENDER_INVALID_CLASS_COUNT');
  assert.equal(code(() => view.setSelected(7)), 'RENDER_UNKNOWN_CELL');
  assert.equal(code(() => view.zoomAt(0, 0, -1)), 'RENDER_INVALID_VIEWPORT');
  assert.equal(code(() => view.setStyle({ gridStroke: { color: 'red', widthCss: 1 } })), 'OPTIONS_INVALID');
  assert.equal(code(() => new GridMapView(fakeCanvas(), Float64Array.of(0, 0, 1, 0, 1, 1, 0, 1), Uint32Array.of(9),
    Uint32Array.of(0), Uint8Array.of(0), ['x'], opts)), 'RENDER_INVALID_RINGS');
  assert.equal(code(() => flatSquares(['a', 'b']).showLevel('grid')), 'OPTIONS_INVALID');
  // still works
  view.setValues(Float64Array.of(3, 4));
  assert.deepEqual(view.legend().classes.reduce((n, c) => n + c.count, 0), 2);
  view.free();
});

test('fromGridMap: cell numbers are GridMap indices; drill-down street › community › grid', () => {
  const gm = GridMap.fromGeoJSON(fc, { datum: 'gcj02' });
  const view = GridMapView.fromGridMap(fakeCanvas(), gm, opts);
  const idx = (id) => gm.cellIndex(id);
  assert.deepEqual([...view.visibleCells()], [idx('S')], 'the top shows the street');
  assert.deepEqual(view.breadcrumb(), []);
  // the centre of the canvas is the street
  assert.equal(view.pick(200, 150), idx('S'));
  assert.equal(view.drillDown(idx('S')), true);
  assert.deepEqual([...view.visibleCells()].sort(), [idx('C1'), idx('C2')].sort());
  assert.equal(view.drillDown(idx('C1')), true);
  assert.deepEqual([...view.visibleCells()].sort(), [idx('G1a'), idx('G1b')].sort());
  assert.deepEqual(view.breadcrumb().map((b) => [b.index, b.level]), [[idx('S'), 'street'], [idx('C1'), 'community']]);
  assert.equal(view.breadcrumb()[1].name, HOSTILE, 'names pass through unchanged (the page escapes)');
  assert.equal(view.drillDown(idx('G1a')), false, 'a grid has no children');
  // only visible cells are picked: the east grid's community is hidden now
  const [x, y] = view.project(118.015, 24.41);
  assert.equal(view.pick(x, y), undefined);
  const [x2, y2] = view.project(118.005, 24.405);
  assert.equal(view.pick(x2, y2), idx('G1a'));
  assert.ok(!view.toSvg().includes('<script'));
  assert.equal(view.drillUp(), true);
  assert.equal(view.drillUp(), true);
  assert.equal(view.drillUp(), false);
  view.showLevel('grid');
  assert.equal(view.visibleCells().length, 3);
  // values one per GridMap cell; classes over the visible cells only
  const values = new Float64Array(gm.length);
  values[idx('G1a')] = 10; values[idx('G1b')] = 20; values[idx('G2')] = 30; values[idx('S')] = 1e6;
  view.setValues(values);
  const legend = view.legend();
  assert.equal(legend.classes.reduce((n, c) => n + c.count, 0) + legend.noDataCount, 3);
  assert.ok(legend.classes.at(-1).hi <= 30, 'the hidden street does not stretch the classes');
  assert.match(view.colorOf(idx('G2')), /^#[0-9a-f]{6}$/);
  view.free();
  gm.free();
});

test('fromGridMap across the two wasm modules: the map\'s cells cross as flat typed arrays', () => {
  // GridMap (grid module) and GridMapView (render module) live in separate wasm modules; the
  // root entry copies the map's cells out with gridMap.toFlat() into GridMapView.fromFlat, and
  // fromGeoJSON reads through GridMap.fromGeoJSON (the render module has no GeoJSON reader).
  // the ids under another property, the GeoJSON as text
  const asText = JSON.stringify({ ...fc, features: fc.features.map((f) => {
    const { id, ...rest } = f.properties;
    return { ...f, properties: { ...rest, code: id } };
  }) });
  const gm = GridMap.fromGeoJSON(asText, { datum: 'gcj02', idProperty: 'code' });
  const view = GridMapView.fromGridMap(fakeCanvas(), gm, { ...opts, show: 'grid' });
  const direct = GridMapView.fromGeoJSON(fakeCanvas(), asText, { ...opts, show: 'grid', datum: 'gcj02', idProperty: 'code' });
  assert.deepEqual([...view.visibleCells()], [...direct.visibleCells()]);
  for (const id of ['G1a', 'G1b', 'G2']) {
    const [x, y] = view.project(...direct.labelPoint(gm.cellIndex(id)));
    assert.equal(view.pick(x, y), gm.cellIndex(id), id);
  }
  const code = (fn) => { try { fn(); } catch (e) { return e.code; } return 'no error'; };
  assert.equal(code(() => GridMapView.fromGridMap(fakeCanvas(), {}, opts)), 'OPTIONS_INVALID');
  assert.equal(code(() => GridMapView.fromGridMap(fakeCanvas(), gm, { datum: 'wgs84' })), 'OPTIONS_INVALID');
  assert.equal(code(() => new GridMapView(fakeCanvas(), Float64Array.of(), Uint32Array.of(), Uint32Array.of(),
    Uint8Array.of(), [], { datum: 'wgs84' })), 'OPTIONS_INVALID');
  assert.equal(code(() => GridMapView.fromGeoJSON(fakeCanvas(), '[]', opts)), 'GEOJSON_NOT_FEATURE_COLLECTION');
  assert.equal(code(() => GridMapView.fromGeoJSON(fakeCanvas(), asText, { ...opts, datum: 'mars' })), 'OPTIONS_INVALID');
  // the flat form: cell index order, levels 0 street … 2 grid, parents -1 at the top
  const f = gm.toFlat();
  assert.equal(f.names.length, gm.length);
  assert.deepEqual([...f.levels].sort(), [0, 1, 1, 2, 2, 2]);
  assert.equal(f.parents[gm.cellIndex('G2')], gm.cellIndex('C2'));
  assert.equal(f.parents[gm.cellIndex('S')], -1);
  assert.equal(f.ringEnds.at(-1) * 2, f.positions.length);
  const fromFlat = (g) => () => GridMapView.fromFlat(fakeCanvas(), g.positions, g.ringEnds, g.ringCells,
    g.ringHoles, g.names, g.levels, g.parents, opts);
  const flat = fromFlat(f)();
  assert.equal(flat.pick(200, 150), gm.cellIndex('S'));
  flat.free();
  assert.equal(code(fromFlat({ ...f, levels: Uint8Array.from(f.levels, (l) => l + 3) })), 'RENDER_INVALID_HIERARCHY');
  assert.equal(code(fromFlat({ ...f, parents: Int32Array.from(f.parents, (p) => (p < 0 ? p : 99)) })), 'RENDER_INVALID_HIERARCHY');
  assert.equal(code(fromFlat({ ...f, parents: Int32Array.from(f.parents).reverse() })), 'RENDER_INVALID_HIERARCHY');
  assert.equal(code(fromFlat({ ...f, parents: f.parents.subarray(1) })), 'RENDER_VALUES_LENGTH');
  assert.equal(code(fromFlat({ ...f, ringCells: Uint32Array.from(f.ringCells, () => 6) })), 'RENDER_INVALID_RINGS');
  assert.equal(code(fromFlat({ ...f, names: f.names.slice(1) })), 'RENDER_VALUES_LENGTH');
  view.free();
  direct.free();
  gm.free();
});
