// GridMapView through the built package in Node (no drawing: a stand-in canvas): SVG output
// escapes hostile names, bad input throws coded errors, fromGridMap drills down the hierarchy,
// free().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

test('a canvas whose getContext gives no 2D context, or throws, is RENDER_NO_CONTEXT (an Error, not the thrown value)', () => {
  const err = (fn) => { try { fn(); } catch (e) { return e; } return null; };
  const pos = Float64Array.of(118.0, 24.4, 118.01, 24.4, 118.01, 24.41, 118.0, 24.41);
  const make = (canvas) => new GridMapView(canvas, pos, Uint32Array.of(4), Uint32Array.of(0), Uint8Array.of(0), ['a'], opts);
  const cases = [
    [{ width: 0, height: 0, getContext: () => ({}) }, /did not return a 2D context/],
    [{ width: 0, height: 0, getContext: () => { throw 'nope'; } }, /getContext\("2d"\) threw/],
    [{ width: 0, height: 0, getContext: () => null }, /no 2d context/],
  ];
  for (const [canvas, message] of cases) {
    const e = err(() => make(canvas));
    assert.ok(e instanceof Error, String(e));
    assert.equal(e.code, 'RENDER_NO_CONTEXT');
    assert.match(e.message, message);
  }
  // a context of another window: not our class, the same methods
  const foreign = { putImageData() {}, fillText() {}, setTransform() {}, fill() {}, stroke() {} };
  assert.doesNotThrow(() => make({ width: 0, height: 0, getContext: () => foreign }).free());
});

test('setValues of the wrong length is RENDER_VALUES_LENGTH before the array is copied into wasm', () => {
  const view = flatSquares(['a', 'b']);
  assert.equal(view.cellCount, 2);
  const err = (fn) => { try { fn(); } catch (e) { return e; } return null; };
  for (const values of [new Float64Array(1), new Float64Array(3), new Float64Array(5e6), [1, 2, 3]]) {
    const e = err(() => view.setValues(values));
    assert.equal(e?.code, 'RENDER_VALUES_LENGTH', String(values.length));
    assert.equal(e.message, `values: expected 2 entries, got ${values.length}`);
  }
  view.setValues(Float64Array.of(1, 2));
  assert.deepEqual(view.breaks().length > 1, true);
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

test('setZoomLimits clamps the zoom now and every zoom after; zoomLimits reads them; bad limits are refused', () => {
  const gm = GridMap.fromGeoJSON(fc, { datum: 'gcj02' });
  const view = GridMapView.fromGridMap(fakeCanvas(), gm, opts);
  assert.deepEqual(view.zoomLimits(), [0, 22]);
  const fit = view.viewState().zoom;
  view.setZoomLimits(fit - 1, fit + 2);
  assert.deepEqual(view.zoomLimits(), [fit - 1, fit + 2]);
  view.zoomAt(200, 150, 1e-6);
  assert.equal(view.viewState().zoom, fit - 1);
  view.setView(118.01, 24.41, 30);
  assert.equal(view.viewState().zoom, fit + 2);
  view.setZoomLimits(3, 4); // clamps the current zoom at once
  assert.equal(view.viewState().zoom, 4);
  const codeOf = (fn) => { try { fn(); } catch (e) { return `${e.code}: ${e.message}`; } return 'no error'; };
  assert.match(codeOf(() => view.setZoomLimits(5, 3)), /^RENDER_INVALID_VIEWPORT: setZoomLimits\(minZoom, maxZoom\): .*maxZoom/);
  assert.match(codeOf(() => view.setZoomLimits(-1, 3)), /^RENDER_INVALID_VIEWPORT: .*minZoom/);
  assert.match(codeOf(() => view.setZoomLimits(0, 31)), /^RENDER_INVALID_VIEWPORT: .*maxZoom/);
  assert.match(codeOf(() => view.setZoomLimits('1', 3)), /^OPTIONS_INVALID: setZoomLimits\(minZoom, maxZoom\): minZoom must be a number/);
  assert.deepEqual(view.zoomLimits(), [3, 4], 'unchanged by the refused calls');
  view.free();
  gm.free();
});

test('a view made while its canvas has no size (a hidden tab) fits at the first resize that holds the map', () => {
  const gm = GridMap.fromGeoJSON(fc, { datum: 'gcj02' });
  const fitted = GridMapView.fromGridMap(fakeCanvas(), gm, { widthCss: 800, heightCss: 400, devicePixelRatio: 1 });
  const want = fitted.viewState();
  // a 0 × 0 canvas and no size given: the view is 1 × 1 CSS px, too small for the 16 px padding
  const hidden = GridMapView.fromGridMap(fakeCanvas(), gm, { devicePixelRatio: 1 });
  assert.equal(hidden.viewState().zoom, 0);
  hidden.resize(800, 400, 1);
  const got = hidden.viewState();
  assert.ok(Math.abs(got.zoom - want.zoom) < 1e-9 && want.zoom > 10, `zoom ${got.zoom} vs ${want.zoom}`);
  assert.ok(Math.abs(got.center[0] - want.center[0]) < 1e-9 && Math.abs(got.center[1] - want.center[1]) < 1e-9);
  // once fitted, a resize keeps centre and zoom; so does one after a pan or zoom while hidden
  hidden.resize(400, 200, 1);
  assert.equal(hidden.viewState().zoom, got.zoom);
  const moved = GridMapView.fromGridMap(fakeCanvas(), gm, { widthCss: 1, heightCss: 1, devicePixelRatio: 1 });
  moved.zoomAt(0, 0, 4);
  moved.resize(800, 400, 1);
  assert.equal(moved.viewState().zoom, 2);
  for (const v of [fitted, hidden, moved]) v.free();
  gm.free();
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

test('a map with no street level (a community\'s own portal) starts at its top level; a level it lacks is OPTIONS_INVALID', () => {
  // one community of the Siming sample with its grids, the community made the top (no parent)
  const siming = JSON.parse(readFileSync(new URL('../../www/data/grid.geojson', import.meta.url), 'utf8'));
  const community = siming.features.find((f) => f.properties.level === 'community');
  const cid = community.properties.id;
  const grids = siming.features.filter((f) => f.properties.parent === cid);
  assert.ok(grids.length >= 2, `${grids.length} grids`);
  const { parent, ...top } = community.properties;
  const own = { type: 'FeatureCollection', features: [{ ...community, properties: top }, ...grids] };
  const gm = GridMap.fromGeoJSON(own, { datum: 'gcj02' });
  for (const view of [GridMapView.fromGridMap(fakeCanvas(), gm, opts), GridMapView.fromGeoJSON(fakeCanvas(), own, { ...opts, datum: 'gcj02' })]) {
    assert.deepEqual([...view.visibleCells()], [gm.cellIndex(cid)], 'the community, not an empty street level');
    assert.equal(view.drillDown(gm.cellIndex(cid)), true);
    assert.equal(view.visibleCells().length, grids.length);
    // showLevel of a level the map lacks: a coded error, and the view is unchanged
    assert.throws(() => view.showLevel('street'), (e) => e.code === 'OPTIONS_INVALID' &&
      /^showLevel\(level\): level "street": the map has no street cells \(it has community, grid\)$/.test(e.message));
    assert.equal(view.visibleCells().length, grids.length);
    view.showLevel('grid');
    assert.equal(view.visibleCells().length, grids.length);
    view.free();
  }
  assert.throws(() => GridMapView.fromGridMap(fakeCanvas(), gm, { ...opts, show: 'street' }),
    (e) => e.code === 'OPTIONS_INVALID' && /no street cells/.test(e.message));
  // the Siming map itself still starts at its 10 streets
  const full = GridMapView.fromGeoJSON(fakeCanvas(), siming, { ...opts, datum: 'gcj02' });
  assert.equal(full.visibleCells().length, 10);
  full.free();
  gm.free();
});

test('cell numbers, arrays and canvases are checked, not wrapped modulo 2³² or coerced: OPTIONS_INVALID naming the argument', () => {
  const gm = GridMap.fromGeoJSON(fc, { datum: 'gcj02' });
  const view = GridMapView.fromGridMap(fakeCanvas(), gm, opts);
  const fails = (fn, re) => assert.throws(fn, (e) => e.code === 'OPTIONS_INVALID' && re.test(e.message), String(re));
  fails(() => view.drillDown(NaN), /drillDown\(cell\): cell must be a cell number \(an integer ≥ 0\), got NaN/);
  fails(() => view.drillDown('0'), /drillDown\(cell\): cell must be a number, got string/);
  assert.deepEqual([...view.visibleCells()], [gm.cellIndex('S')], 'NaN did not drill into cell 0');
  fails(() => view.setSelected(1.5), /setSelected\(cell\): cell must be a cell number \(an integer ≥ 0\), got 1\.5/);
  fails(() => view.setSelected(-5), /got -5/);
  fails(() => view.setHover(2 ** 32), /setHover\(cell\).*got 4294967296/);
  fails(() => view.colorOf(-1), /colorOf\(cell\)/);
  fails(() => view.labelPoint(0.5), /labelPoint\(cell\)/);
  fails(() => view.project('118', 24.4), /project\(lng, lat\): lng must be a number, got string/);
  fails(() => view.setValues(['1', '2', '3', '4', '5', '6']), /values\[0\] is not a number \(string\)/);
  assert.equal(view.setSelected(gm.cellIndex('S')), true);
  assert.equal(view.setSelected(undefined), true, 'undefined clears');
  assert.equal(view.setSelected(null), false, 'null clears too (nothing selected now)');
  // plain arrays with negative, too large or fractional numbers, numeric strings, names not strings
  const sq = [118.0, 24.4, 118.01, 24.4, 118.01, 24.41, 118.0, 24.41];
  const flat = (over) => {
    const a = { positions: sq, ringEnds: [4], ringCells: [0], ringHoles: [0], names: ['a'], levels: [2], parents: [-1], ...over };
    return () => GridMapView.fromFlat(fakeCanvas(), a.positions, a.ringEnds, a.ringCells, a.ringHoles, a.names, a.levels, a.parents, opts);
  };
  flat({})().free();
  fails(flat({ ringEnds: [-4] }), /ringEnds\[0\] = -4 is not an integer in 0 \.\.= 4294967295/);
  fails(flat({ ringEnds: [4 + 2 ** 32] }), /ringEnds\[0\] = 4294967300/);
  fails(flat({ ringCells: [0.5] }), /ringCells\[0\] = 0\.5/);
  fails(flat({ ringHoles: [256] }), /ringHoles\[0\] = 256 is not an integer in 0 \.\.= 1/);
  fails(flat({ levels: [-2] }), /levels\[0\] = -2/);
  fails(flat({ parents: [2 ** 31] }), /parents\[0\] = 2147483648/);
  fails(flat({ positions: sq.map(String) }), /positions\[0\] is not a number \(string\); numeric strings are not read as numbers/);
  fails(flat({ positions: new BigInt64Array(8) }), /positions must be an array or typed array of numbers, not a DataView or BigInt array/);
  fails(flat({ names: [7] }), /names\[0\] must be a string, got number/);
  fails(() => new GridMapView(fakeCanvas(), sq, [-4], [0], [0], ['a'], opts), /ringEnds\[0\] = -4/);
  fails(() => new GridMapView(fakeCanvas(), sq, [4], [2 ** 32], [0], ['a'], opts), /ringCells\[0\] = 4294967296/);
  // the canvas: null or not a canvas
  fails(() => GridMapView.fromGridMap(null, gm, opts), /canvas must be an HTMLCanvasElement, got null/);
  fails(() => GridMapView.fromGeoJSON({}, fc, opts), /canvas must be an HTMLCanvasElement, got object/);
  fails(() => new GridMapView(undefined, sq, [4], [0], [0], ['a'], opts), /got undefined/);
  view.free();
  gm.free();
});

test('a canvas larger than browsers draw is RENDER_CANVAS_TOO_LARGE (8000 CSS px at DPR 3), at build and on resize', () => {
  const code = (fn) => { try { fn(); } catch (e) { return [e.code, e.message]; } return ['no error']; };
  const [c, message] = code(() => flatSquares(['a', 'b'], { widthCss: 8000, heightCss: 8000, devicePixelRatio: 3 }));
  assert.equal(c, 'RENDER_CANVAS_TOO_LARGE');
  assert.match(message, /24000 × 24000 device px \(8000 × 8000 CSS px at device pixel ratio 3\) is larger than the limit of 16384 px a side and 67108864 px in all/);
  const view = flatSquares(['a', 'b']);
  assert.equal(code(() => view.resize(8000, 600, 3))[0], 'RENDER_CANVAS_TOO_LARGE');
  assert.deepEqual(view.viewState().widthCss, 400, 'unchanged');
  view.resize(1920, 1080, 3); // 5760 × 3240 device px: fine
  view.free();
});

test('a method called from a getter of an option object of the same view: OBJECT_BUSY, not an uncoded glue error', () => {
  const view = flatSquares(['a', 'b']);
  assert.throws(() => view.setStyle({ get labels() { view.pick(1, 1); return false; } }),
    (e) => e.code === 'OBJECT_BUSY' && /GridMapView\.pick\(\): the object is in use by a call that has not returned/.test(e.message));
  // the outer call was left by an exception: the view stays busy (documented), and cannot be freed
  assert.throws(() => view.legend(), { code: 'OBJECT_BUSY' });
  assert.throws(() => view.free(), (e) => e.code === 'OBJECT_BUSY' && /GridMapView\.free\(\)/.test(e.message));
  assert.throws(() => view.legend(), { code: 'OBJECT_FREED' }, 'gone for JS');
});

// --- findings of a fresh-user trial of the map API ---

const codeOf = (fn) => { try { fn(); } catch (e) { return [e.code, e.message]; } return ['no error', '']; };
const throwsWith = (fn, code, re) => {
  const [c, m] = codeOf(fn);
  assert.equal(c, code, m);
  if (re) assert.match(m, re);
};

test('legend: manual breaks have open end classes that count the values outside them; ranges say which end is included', () => {
  const view = flatSquares(['a', 'b']);
  view.setClassification({ method: 'manual', breaks: [0, 30000, 60000], palette: 'Blues' });
  view.setValues(Float64Array.of(96401, -3));
  const l = view.legend();
  assert.deepEqual(l.classes.map((c) => [c.label, c.count, c.openBelow, c.openAbove, c.hiIncluded]),
    [['< 30000', 1, true, false, false], ['≥ 30000', 1, false, true, false]],
    '96,401 is counted in "≥ 30000", not shown as inside 30,000–60,000');
  assert.deepEqual([l.classes[1].lo, l.classes[1].hi], [30000, 60000], 'lo and hi stay the breaks');
  // computed breaks: half-open classes, the last closed; a class of one value reads as that value
  view.setClassification({ method: 'quantile', classes: 2, palette: 'Blues' });
  view.setValues(Float64Array.of(10, 96401));
  assert.deepEqual(view.legend().classes.map((c) => [c.label, c.hiIncluded, c.openBelow, c.openAbove]),
    [['[10, 96401)', false, false, false], ['96401', true, false, false]]);
  view.setValues(Float64Array.of(10, 20));
  view.setClassification({ method: 'equalInterval', classes: 1, palette: 'Blues' });
  assert.deepEqual(view.legend().classes.map((c) => c.label), ['[10, 20]']);
  view.free();
});

test('legend labels: float noise in the breaks is rounded away (6 significant digits, more where two breaks would read the same); lo and hi stay exact', () => {
  const view = flatSquares(['a', 'b']);
  view.setClassification({ method: 'equalInterval', classes: 5, palette: 'Blues' });
  view.setValues(Float64Array.of(0, 132));
  const breaks = Array.from(view.breaks());
  assert.ok(breaks.some((b) => String(b).length > 12), `the breaks carry float noise: ${breaks}`);
  const l = view.legend();
  assert.deepEqual(l.classes.map((c) => c.label), ['[0, 26.4)', '[26.4, 52.8)', '[52.8, 79.2)', '[79.2, 105.6)', '[105.6, 132]']);
  assert.deepEqual(l.classes.flatMap((c) => [c.lo, c.hi]), breaks.flatMap((b, i) => (i === 0 || i === breaks.length - 1 ? [b] : [b, b])),
    'lo and hi are the exact breaks, not the rounded text');
  // integer digits are kept; a third is cut to 6 digits; open classes too
  view.setClassification({ method: 'manual', breaks: [1 / 3, 1234567.89, 0.1 + 0.2 + 2e6], palette: 'Blues' });
  assert.deepEqual(view.legend().classes.map((c) => c.label), ['< 1234568', '≥ 1234568']);
  view.setValues(Float64Array.of(0.1, 0.2));
  view.setClassification({ method: 'manual', breaks: [0.1 + 0.2, 0.7 + 0.1, 5], palette: 'Blues' });
  assert.deepEqual(view.legend().classes.map((c) => c.label), ['< 0.8', '≥ 0.8']);
  view.setClassification({ method: 'manual', breaks: [0.1 + 0.2, 0.7 + 0.1, 5, 6], palette: 'Blues' });
  assert.deepEqual(view.legend().classes.map((c) => c.label), ['< 0.8', '[0.8, 5)', '≥ 5']);
  // breaks that 6 digits would merge get the digits that tell them apart, in the whole legend
  view.setClassification({ method: 'manual', breaks: [0, 1, 1.0000001, 2], palette: 'Blues' });
  assert.deepEqual(view.legend().classes.map((c) => c.label), ['< 1', '[1, 1.0000001)', '≥ 1.0000001']);
  view.free();
});

test('a hidden canvas (clientWidth 0): a 0 × 0 view is accepted, draws and picks nothing, and fits at the first resize; negative and NaN sizes stay errors', () => {
  const shown = flatSquares(['a', 'b']);
  const view = flatSquares(['a', 'b'], { widthCss: 0, heightCss: 0 }); // was RENDER_INVALID_VIEWPORT
  assert.deepEqual([view.viewState().widthCss, view.viewState().heightCss], [0, 0]);
  assert.equal(view.pick(0, 0), undefined, 'nothing under a tap on an empty view');
  view.resize(400, 300, 2);
  const [v, w] = [view.viewState(), shown.viewState()];
  assert.deepEqual([v.zoom, v.center], [w.zoom, w.center], 'fitted at the first resize, as a view made at that size');
  assert.equal(view.pick(200, 150), shown.pick(200, 150));
  assert.notEqual(view.pick(200, 150), undefined);
  for (const bad of [-1, NaN]) {
    assert.throws(() => flatSquares(['a', 'b'], { widthCss: bad, heightCss: 10 }),
      { code: 'RENDER_INVALID_VIEWPORT', message: /^options: widthCss = (-1|NaN): must be in \[0, 65536\] CSS px/ });
    assert.throws(() => view.resize(400, bad, 1), { code: 'RENDER_INVALID_VIEWPORT', message: /heightCss/ });
  }
  view.free(); shown.free();
});

test('setSelected of a cell not shown drills to it (find this grid); setHover of one is a no-op returning false', () => {
  const gm = GridMap.fromGeoJSON(fc, { datum: 'gcj02' });
  const view = GridMapView.fromGridMap(fakeCanvas(), gm, opts);
  const idx = (id) => gm.cellIndex(id);
  assert.deepEqual([...view.visibleCells()], [idx('S')]);
  assert.equal(view.setHover(idx('G2')), false, 'a hidden cell is not hovered');
  assert.equal(view.setHover(idx('S')), true);
  assert.equal(view.setHover(idx('G2')), false, 'and the hover stays');
  assert.equal(view.setSelected(idx('G2')), true);
  assert.deepEqual([...view.visibleCells()], [idx('G2')], 'drilled to the grid\'s community: its grids shown');
  assert.deepEqual(view.breadcrumb().map((b) => b.index), [idx('S'), idx('C2')]);
  const [x, y] = view.project(...view.labelPoint(idx('G2')));
  assert.ok(x > 0 && x < 400 && y > 0 && y < 300, 'fitted: the selected cell is on the canvas');
  assert.equal(view.setSelected(idx('G2')), false, 'selected already');
  // back to the street: a cell of the top level
  assert.equal(view.setSelected(idx('S')), true);
  assert.deepEqual([...view.visibleCells()], [idx('S')]);
  assert.deepEqual(view.breadcrumb(), []);
  // a street from a showLevel('grid') view: the top becomes the street level
  view.showLevel('grid');
  assert.equal(view.setSelected(idx('S')), true);
  assert.deepEqual([...view.visibleCells()], [idx('S')]);
  view.free();
  gm.free();
});

test('option type errors name the JS option; viewport errors use JS names; an unknown palette lists the palettes', () => {
  throwsWith(() => flatSquares(['a', 'b'], { widthCss: '400' }), 'OPTIONS_INVALID',
    /^options\.widthCss: invalid type: string "400", expected a number$/);
  throwsWith(() => flatSquares(['a', 'b'], { maxZoom: 99 }), 'RENDER_INVALID_VIEWPORT', /^options: maxZoom = 99: must be in \[0, 30\]/);
  throwsWith(() => flatSquares(['a', 'b'], { devicePixelRatio: 0 }), 'RENDER_INVALID_VIEWPORT', /devicePixelRatio = 0: must be in \[0\.1, 16\]/);
  throwsWith(() => flatSquares(['a', 'b'], { style: { labelColor: 5 } }), 'OPTIONS_INVALID', /^options\.style\.labelColor: invalid type/);
  throwsWith(() => flatSquares(['a', 'b'], { style: { hoverStroke: { widthCss: 'x' } } }), 'OPTIONS_INVALID',
    /^options\.style\.hoverStroke: invalid type: string "x", expected a number$/);
  throwsWith(() => flatSquares(['a', 'b'], { classification: { classes: 'five' } }), 'OPTIONS_INVALID', /^options\.classification: invalid type: string "five", expected an integer ≥ 0/);
  throwsWith(() => flatSquares(['a', 'b'], { rasterizer: 'gpu' }), 'OPTIONS_INVALID', /^options\.rasterizer: unknown variant `gpu`/);
  // in JS terms: null, not serde's unit value; an object, not the Rust struct's name
  throwsWith(() => flatSquares(['a', 'b'], { style: { gridStroke: null } }), 'OPTIONS_INVALID', /^options\.style\.gridStroke: invalid type: null, expected an object$/);
  throwsWith(() => flatSquares(['a', 'b'], { maxCells: -1 }), 'OPTIONS_INVALID', /^options\.maxCells: invalid type: floating point `-1(\.0)?`, expected an integer ≥ 0$/);
  const palettes = /expected one of YlOrRd, Blues, Greens, Purples, Oranges, YlGnBu$/;
  throwsWith(() => flatSquares(['a', 'b'], { classification: { palette: 'Viridis' } }), 'RENDER_UNKNOWN_PALETTE', palettes);
  const view = flatSquares(['a', 'b']);
  throwsWith(() => view.setClassification({ palette: 'viridis' }), 'RENDER_UNKNOWN_PALETTE', palettes);
  throwsWith(() => view.setStyle({ fontSizeCss: '12' }), 'OPTIONS_INVALID', /^style\.fontSizeCss: invalid type/);
  view.free();
});

test('numbers: non-finite or out-of-range coordinates, ratios, values and positions are coded errors; a bad cell the same everywhere', () => {
  const view = flatSquares(['a', 'b']);
  throwsWith(() => view.pick(NaN, 0), 'RENDER_INVALID_VIEWPORT', /^pick\(x, y\): x = NaN: must be a finite number of CSS px$/);
  throwsWith(() => view.pick(0, Infinity), 'RENDER_INVALID_VIEWPORT', /y = Infinity/);
  throwsWith(() => view.pick('a', 0), 'OPTIONS_INVALID', /pick\(x, y\): x must be a number, got string/);
  throwsWith(() => view.pick('200', '150'), 'OPTIONS_INVALID', /got string/);
  throwsWith(() => view.pickMarker(NaN, 0), 'RENDER_INVALID_VIEWPORT', /pickMarker/);
  assert.equal(view.pick(200, 150) !== undefined, true);
  // while a gesture is under way nothing is hit (still checked); the flag is a boolean
  throwsWith(() => view.setInteracting('false'), 'OPTIONS_INVALID', /setInteracting\(active\): active must be true or false, got string/);
  throwsWith(() => view.setInteracting(), 'OPTIONS_INVALID', /got undefined/);
  assert.equal(view.interacting, false);
  view.setInteracting(true);
  assert.equal(view.interacting, true);
  assert.equal(view.pick(200, 150), undefined);
  assert.equal(view.pickMarker(200, 150), null);
  throwsWith(() => view.pick(NaN, 0), 'RENDER_INVALID_VIEWPORT', /x = NaN/);
  view.setInteracting(false);
  assert.equal(view.pick(200, 150) !== undefined, true);
  throwsWith(() => view.panBy('5', 0), 'OPTIONS_INVALID', /panBy\(dx, dy\): dx must be a number/);
  throwsWith(() => view.zoomAt(0, NaN, 2), 'RENDER_INVALID_VIEWPORT', /zoomAt\(x, y, factor\): y = NaN/);
  throwsWith(() => view.setView(118, 24.4, '12'), 'OPTIONS_INVALID', /setView\(lng, lat, zoom\): zoom must be a number/);
  throwsWith(() => view.setView(118, 95, 12), 'RENDER_INVALID_VIEWPORT', /lat = 95/);
  throwsWith(() => view.project(NaN, 0), 'RENDER_INVALID_POSITION', /^project\(lng, lat\): \[lng, lat\]: point 0 = \[NaN, 0\] is out of range/);
  throwsWith(() => view.project(118, 95), 'RENDER_INVALID_POSITION', /\[118, 95\]/);
  throwsWith(() => view.project(181, 0), 'RENDER_INVALID_POSITION');
  throwsWith(() => view.resize(400, 300, 1e-9), 'RENDER_INVALID_VIEWPORT',
    /^resize\(widthCss, heightCss, devicePixelRatio\): devicePixelRatio = 0\.000000001: must be in \[0\.1, 16\]$/);
  throwsWith(() => view.resize(400, 300, 17), 'RENDER_INVALID_VIEWPORT', /devicePixelRatio = 17/);
  throwsWith(() => view.resize('400', 300, 1), 'OPTIONS_INVALID', /widthCss must be a number/);
  // paddings: a number or left out, never coerced ("16" was taken as 16, "abc" as NaN)
  throwsWith(() => view.fitBounds('16'), 'OPTIONS_INVALID', /^fitBounds\(padding\): padding must be a number or left out, got string$/);
  throwsWith(() => view.fitBounds(true), 'OPTIONS_INVALID', /padding must be a number or left out, got boolean/);
  throwsWith(() => view.drillDown(0, 'x'), 'OPTIONS_INVALID', /^drillDown\(cell, padding\): padding must be/);
  throwsWith(() => view.drillUp('x'), 'OPTIONS_INVALID', /^drillUp\(padding\): padding must be/);
  throwsWith(() => view.showLevel('grid', null), 'OPTIONS_INVALID', /^showLevel\(level, padding\): padding must be a number or left out, got null$/);
  view.fitBounds();
  view.fitBounds(8);
  throwsWith(() => view.setLevels('x'), 'OPTIONS_INVALID', /^setLevels\(levels\): levels must be an array of "street", "community" or "grid", one per cell$/);
  view.resize(400, 300, 0.25); // a page zoomed out
  assert.equal(view.viewState().devicePixelRatio, 0.25);
  throwsWith(() => view.setValues(Float64Array.of(1, Infinity)), 'RENDER_INVALID_VALUE', /^setValues\(values\): values\[1\] = Infinity is not a finite number \(NaN means no data\)$/);
  throwsWith(() => view.setValues([-Infinity, 1]), 'RENDER_INVALID_VALUE', /values\[0\] = -Infinity/);
  view.setValues([NaN, 1]); // NaN stays no data
  assert.equal(view.legend().noDataCount, 1);
  throwsWith(() => view.addPoints('event', Float64Array.of(118, 24.4, 118, 95), Uint32Array.of(1, 2)), 'RENDER_INVALID_POSITION',
    /addPoints\(kind, positions, ids\): positions: point 1 = \[118, 95\] is out of range/);
  throwsWith(() => view.addPoints('event', [NaN, 24.4], [1]), 'RENDER_INVALID_POSITION', /point 0 = \[NaN, 24\.4\]/);
  throwsWith(() => view.addPoints('alarm', [118, 24.4], [1]), 'OPTIONS_INVALID', /addPoints\(kind, …\): kind: unknown variant `alarm`/);
  assert.equal(view.addPoints('event', [118.005, 24.405], [1]), 0);
  for (const family of ['Arial; color: red', '12px Arial', '', 'inherit', '"unterminated']) {
    throwsWith(() => view.setStyle({ fontFamily: family }), 'RENDER_INVALID_STYLE', /^setStyle\(style\): invalid style: fontFamily = /);
  }
  view.setStyle({ fontFamily: '"Noto Sans CJK SC", sans-serif' });
  // stroke widths at most 32 CSS px (a raster frame's time grows with them), other lengths 1e4
  throwsWith(() => view.setStyle({ streetStroke: { color: '#000000', widthCss: 33 } }), 'RENDER_INVALID_STYLE',
    /^setStyle\(style\): invalid style: streetStroke\.widthCss = 33 \(a number in \[0, 32\]\)$/);
  throwsWith(() => view.setStyle({ gridStroke: { color: '#000000', widthCss: -1 } }), 'RENDER_INVALID_STYLE', /gridStroke\.widthCss = -1/);
  view.setStyle({ streetStroke: { color: '#000000', widthCss: 32 }, labelPaddingCss: 40 });
  throwsWith(() => view.setStyle({ labelPaddingCss: 10001 }), 'RENDER_INVALID_STYLE', /labelPaddingCss = 10001 \(a number in \[0, 10000\]\)/);
  // a cell number the map does not have: RENDER_UNKNOWN_CELL from every method taking one
  for (const call of [(v) => v.labelPoint(7), (v) => v.colorOf(7), (v) => v.setSelected(7), (v) => v.setHover(7), (v) => v.drillDown(7)]) {
    throwsWith(() => call(view), 'RENDER_UNKNOWN_CELL', /unknown cell number 7/);
  }
  assert.equal(view.labelPoint(1).length, 2);
  // points are plain [x, y] arrays (as typed, and as JSON writes them), not Float64Arrays
  assert.ok(Array.isArray(view.labelPoint(1)));
  const [lng, lat] = view.labelPoint(1);
  assert.equal(JSON.stringify(view.project(lng, lat)), JSON.stringify(Array.from(view.project(lng, lat))));
  assert.ok(Array.isArray(view.project(lng, lat)) && view.project(lng, lat).every(Number.isFinite));
  view.free();
});

test('fromFlat and new GridMapView: bad vertices, cells without rings and zero-area rings are RENDER_INVALID_RINGS naming them', () => {
  const sq = [118.0, 24.4, 118.01, 24.4, 118.01, 24.41, 118.0, 24.41];
  const make = (positions, ringEnds, ringCells, names) => () => GridMapView.fromFlat(fakeCanvas(), positions, ringEnds, ringCells,
    ringEnds.map(() => 0), names, names.map(() => 2), names.map(() => -1), opts);
  const two = [...sq, ...sq.map((v, i) => (i % 2 === 0 ? v + 0.01 : v))];
  for (const [bad, shown] of [[NaN, 'NaN'], [Infinity, 'Infinity'], [95, '95']]) {
    const p = two.slice();
    p[11] = bad; // lat of vertex 5 (ring 1, cell 1)
    throwsWith(make(p, [4, 8], [0, 1], ['a', 'b']), 'RENDER_INVALID_RINGS',
      new RegExp(`^invalid rings at ring 1 \\(cell 1\\): vertex 5 \\(positions\\[10\\.\\.\\]\\) = \\[118\\.02\\d*, ${shown}\\] is out of range`));
    throwsWith(() => new GridMapView(fakeCanvas(), p, [4, 8], [0, 1], [0, 0], ['a', 'b'], opts), 'RENDER_INVALID_RINGS', /vertex 5/);
  }
  throwsWith(make(sq, [4], [1], ['a', 'b']), 'RENDER_INVALID_RINGS', /^invalid rings: cell 0: no ring belongs to the cell/);
  const line = [118.0, 24.4, 118.01, 24.4, 118.02, 24.4, 118.0, 24.4];
  throwsWith(make(line, [4], [0], ['a']), 'RENDER_INVALID_RINGS', /^invalid rings: cell 0, ring 0: the exterior ring encloses less than 1e-12 square degrees/);
  throwsWith(make([118, 24.4, 118.01, 24.4, 118.01, 24.4, 118, 24.4], [4], [0], ['a']), 'RENDER_INVALID_RINGS', /fewer than 3 distinct corners/);
  throwsWith(() => new GridMapView(fakeCanvas(), line, [4], [0], [0], ['a'], opts), 'RENDER_INVALID_RINGS', /cell 0, ring 0/);
  const ok = make(sq, [4], [0], ['a'])();
  assert.deepEqual(ok.report(), { invalidVertices: 0, degenerateRings: 0 });
  ok.free();
});

test('new GridMapView refuses odd flat input with a coded error naming it: nothing is dropped or re-paired silently', () => {
  const sq = [118.0, 24.4, 118.01, 24.4, 118.01, 24.41, 118.0, 24.41];
  const sq2 = sq.map((v, i) => (i % 2 === 0 ? v + 0.01 : v));
  const two = [...sq, ...sq2];
  const make = (positions, ringEnds, ringCells, ringHoles, names) => () =>
    new GridMapView(fakeCanvas(), positions, ringEnds, ringCells, ringHoles, names, opts);
  // a ring of 3 positions: an open triangle, or a ring end one short of a closed square
  const tri = [118.0, 24.4, 118.01, 24.4, 118.0, 24.41];
  throwsWith(make(tri, [3], [0], [0], ['a']), 'RENDER_INVALID_RINGS',
    /^invalid rings: cell 0, ring 0: the ring has fewer than 4 positions/);
  const closed = [...sq, sq[0], sq[1], ...sq2, sq2[0], sq2[1]];
  throwsWith(make(closed, [3, 10], [0, 1], [0, 0], ['a', 'b']), 'RENDER_INVALID_RINGS', /cell 0, ring 0: .*fewer than 4 positions/);
  // the same triangle closed (4 positions) is a cell
  make([...tri, tri[0], tri[1]], [4], [0], [0], ['a'])().free();
  // ring ends: decreasing, equal (an empty ring), past the positions, short of them
  throwsWith(make(two, [8, 4], [0, 1], [0, 0], ['a', 'b']), 'RENDER_INVALID_RINGS', /^invalid rings at ring 1: ring end before its start/);
  throwsWith(make(two, [4, 4, 8], [0, 1, 1], [0, 0, 0], ['a', 'b']), 'RENDER_INVALID_RINGS', /cell 1, ring 1: .*fewer than 4 positions/);
  throwsWith(make(two, [4, 9], [0, 1], [0, 0], ['a', 'b']), 'RENDER_INVALID_RINGS', /ring 1: .*past the end of positions/);
  throwsWith(make(two, [4], [0], [0], ['a']), 'RENDER_INVALID_RINGS', /^invalid rings at ring 0: positions go on past the last ring's end/);
  // ringCells and ringHoles one per ring; holes 0 or 1
  throwsWith(make(two, [4, 8], [0], [0, 0], ['a', 'b']), 'RENDER_VALUES_LENGTH', /^ringCells: expected 2 entries, got 1/);
  throwsWith(make(two, [4, 8], [0, 1], [0, 0, 0], ['a', 'b']), 'RENDER_VALUES_LENGTH', /^ringHoles: expected 2 entries, got 3/);
  throwsWith(make(two, [4, 8], [0, 1], [0, 2], ['a', 'b']), 'OPTIONS_INVALID', /ringHoles\[1\] = 2/);
  // cells in order of first appearance must be ascending: names[0] would name cell 1
  throwsWith(make(two, [4, 8], [1, 0], [0, 0], ['a', 'b']), 'RENDER_INVALID_RINGS',
    /^invalid rings at ring 1: its cell first appears after a higher-numbered one/);
  const gaps = make(two, [4, 8], [3, 7], [0, 0], ['a', 'b'])(); // numbers need not be contiguous
  assert.equal(gaps.pick(...gaps.project(118.015, 24.405)), 7);
  gaps.free();
  // names: one per cell
  for (const names of [['a'], ['a', 'b', 'c']]) {
    throwsWith(make(two, [4, 8], [0, 1], [0, 0], names), 'RENDER_VALUES_LENGTH',
      new RegExp(`^names \\(one per distinct number in ringCells\\): expected 2 entries, got ${names.length}`));
  }
  // positions: odd length, not finite
  throwsWith(make(two.slice(0, -1), [4, 8], [0, 1], [0, 0], ['a', 'b']), 'RENDER_VALUES_LENGTH', /^positions \(must be even\)/);
  throwsWith(make([...sq.slice(0, 3), NaN, ...sq.slice(4)], [4], [0], [0], ['a']), 'RENDER_INVALID_RINGS', /vertex 1 \(positions\[2\.\.\]\) = \[118\.01, NaN\]/);
  // an empty view: no rings
  for (const positions of [[], sq]) {
    throwsWith(make(positions, [], [], [], []), 'RENDER_EMPTY', /^no cells: ringEnds is empty/);
  }
  throwsWith(() => GridMapView.fromFlat(fakeCanvas(), [], [], [], [], [], [], [], opts), 'RENDER_EMPTY');
});

test('messages name the method and argument at fault', () => {
  const gm = GridMap.fromGeoJSON(fc, { datum: 'gcj02' });
  const f = gm.toFlat();
  throwsWith(() => GridMapView.fromFlat(fakeCanvas(), f.positions, f.ringEnds, f.ringCells, f.ringHoles, f.names.slice(1),
    f.levels, f.parents, opts), 'RENDER_VALUES_LENGTH',
  /^GridMapView\.fromFlat: names, levels and parents need one entry per cell; got 5 names, 6 levels, 6 parents$/);
  throwsWith(() => GridMapView.fromGridMap(fakeCanvas(), gm, { ...opts, maxCells: 10 }), 'OPTIONS_INVALID',
    /^options maxCells: for GridMapView\.fromGeoJSON \(how to read GeoJSON\), not GridMapView\.fromGridMap/);
  throwsWith(() => GridMapView.fromGridMap(fakeCanvas(), gm, { ...opts, datum: 'wgs84', maxVertices: 9 }), 'OPTIONS_INVALID',
    /^options datum, maxVertices: for GridMapView\.fromGeoJSON/);
  const view = GridMapView.fromGridMap(fakeCanvas(), gm, opts);
  throwsWith(() => view.showLevel('block'), 'OPTIONS_INVALID', /^showLevel\(level\): level: unknown variant `block`/);
  throwsWith(() => view.showLevel(), 'OPTIONS_INVALID', /^showLevel\(level\): level is required/);
  throwsWith(() => GridMapView.fromGridMap(fakeCanvas(), gm, { ...opts, show: 'block' }), 'OPTIONS_INVALID', /^options\.show: unknown variant `block`/);
  view.free();
  gm.free();
});

// A stand-in canvas that render() can draw on: every context method records its name, and the
// backing size is a plain width/height pair a page can reset.
globalThis.ImageData ??= class ImageData {
  constructor(data, width, height) { this.data = data; this.width = width; this.height = height; }
};
function drawingCanvas() {
  const calls = [];
  const ctx = new Proxy(new globalThis.CanvasRenderingContext2D(), {
    get(target, key) {
      if (typeof key !== 'string' || key === 'then' || key in target) return target[key];
      return () => { calls.push(key); };
    },
  });
  const canvas = { width: 0, height: 0, clientWidth: 0, clientHeight: 0, getContext: () => ctx };
  const count = (name) => calls.filter((c) => c === name).length;
  return { canvas, count };
}

test('render() notices a canvas reset to another size: it puts the view\'s size back and draws; a same-size reset needs invalidate()', () => {
  const { canvas, count } = drawingCanvas();
  const gm = GridMap.fromGeoJSON(fc, {});
  const view = GridMapView.fromGridMap(canvas, gm, opts); // 400 × 300 CSS px at DPR 2
  assert.deepEqual([canvas.width, canvas.height], [800, 600]);
  assert.equal(view.render(), true);
  assert.equal(view.render(), false, 'nothing changed');
  assert.equal(count('putImageData'), 1);
  // the page sets another size (which clears the canvas): the next frame draws again
  canvas.width = 300;
  assert.equal(view.render(), true, 'a canvas of another size is drawn again');
  assert.deepEqual([canvas.width, canvas.height], [800, 600], 'the view\'s own size, not the page\'s');
  assert.equal(count('putImageData'), 2);
  canvas.height = 1;
  assert.equal(view.render(), true);
  assert.deepEqual([canvas.width, canvas.height], [800, 600]);
  assert.equal(view.render(), false);
  // the same size again cannot be told from an untouched canvas: invalidate() says so
  canvas.width = canvas.width;
  assert.equal(view.render(), false);
  view.invalidate();
  assert.equal(view.render(), true);
  assert.equal(count('putImageData'), 4);
  // resize() is how the size changes; render() then keeps the new one
  view.resize(200, 100, 1);
  assert.equal(view.render(), true);
  assert.deepEqual([canvas.width, canvas.height], [200, 100]);
  assert.equal(view.render(), false);
  view.free();
  gm.free();
});

test('renderDisplayList() draws at once and leaves the view for render() to draw again with its rasteriser', () => {
  const { canvas, count } = drawingCanvas();
  const gm = GridMap.fromGeoJSON(fc, {});
  const view = GridMapView.fromGridMap(canvas, gm, opts);
  assert.equal(view.render(), true);
  const puts = count('putImageData');
  const fills = count('fill');
  assert.equal(view.renderDisplayList(), true);
  assert.ok(count('fill') > fills, 'the display list fills its paths on the canvas');
  assert.equal(count('putImageData'), puts, 'the display list does not put the raster');
  // the canvas shows the display list now, not the raster: render() draws (it returned
  // false here, the canvas keeping the other backend's picture)
  assert.equal(view.render(), true);
  assert.equal(count('putImageData'), puts + 1);
  assert.equal(view.render(), false);
  // during a gesture too, setInteracting(false) asks for it
  view.setInteracting(true);
  view.renderDisplayList();
  assert.equal(view.setInteracting(false), true);
  view.free();
  gm.free();
});

test('panBy however far stops with the map\'s edge at the centre, and a pan back moves the map back at once', () => {
  const gm = GridMap.fromGeoJSON(fc, {});
  const view = GridMapView.fromGridMap(fakeCanvas(), gm, opts); // the street: 118.00–118.02°E, 24.40–24.42°N
  const close = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a}, expected ${b}`);
  const lat = view.viewState().center[1];
  view.panBy(1e20, 0);
  // the west edge of the map at the centre (it was 180°W, and a pan back jumped to 180°E)
  close(view.viewState().center[0], 118.0, 'centre after a pan east by 1e20');
  close(view.project(118.0, lat)[0], 200, 'the west edge on screen');
  view.panBy(-50, 0);
  close(view.project(118.0, lat)[0], 150, 'the west edge 50 px back');
  view.panBy(-1e20, 0);
  close(view.viewState().center[0], 118.02, 'centre after a pan west by 1e20');
  view.panBy(0, -1e20);
  close(view.viewState().center[1], 24.4, 'the south edge');
  close(view.viewState().center[0], 118.02, 'a vertical pan keeps the longitude');
  view.panBy(0, 1e20);
  close(view.viewState().center[1], 24.42, 'the north edge');
  // drilled down, the region is the cells shown: the east community is 118.01–118.02°E
  view.drillDown(gm.cellIndex('S'));
  view.drillDown(gm.cellIndex('C2'));
  view.panBy(1e20, 0);
  close(view.viewState().center[0], 118.01, 'the west edge of the east community');
  view.free();
  gm.free();
});

test('the GridMapStyle type lists exactly the style keys the view accepts (and StrokeStyle a stroke\'s)', () => {
  const dts = readFileSync(new URL('../../pkg/render/web/jinlin.d.ts', import.meta.url), 'utf8');
  const keysOf = (name) => {
    const body = dts.match(new RegExp(`export interface ${name} \\{\\n([\\s\\S]*?)\\n\\}`))?.[1];
    assert.ok(body, `interface ${name} in the .d.ts`);
    return [...body.matchAll(/^ +(\w+)\??:/gm)].map((m) => m[1]).sort();
  };
  const listed = (style) => {
    const view = flatSquares(['a', 'b']);
    try { view.setStyle(style); } catch (e) {
      assert.equal(e.code, 'OPTIONS_INVALID');
      return JSON.parse(e.message.match(/expected one of (\[.*\])$/)[1]).sort();
    } finally { view.free(); }
    assert.fail('an unknown key was accepted');
  };
  const style = keysOf('GridMapStyle');
  assert.equal(style.length, 21); // (labelShort added in session 7)
  assert.deepEqual(style, listed({ colour: '#ffffff' }));
  assert.deepEqual(keysOf('StrokeStyle'), listed({ gridStroke: { colour: '#ffffff', widthCss: 1 } }));
  assert.match(dts, /style\?: GridMapStyle;/);
  assert.match(dts, /setStyle\(style: GridMapStyle\): void;/);
});

test('a bad padding of drillDown, drillUp or showLevel throws before anything changes, naming the call', () => {
  const gm = GridMap.fromGeoJSON(fc, { datum: 'gcj02' });
  const view = GridMapView.fromGridMap(fakeCanvas(), gm, opts);
  const idx = (id) => gm.cellIndex(id);
  const state = () => JSON.stringify([view.breadcrumb(), [...view.visibleCells()], view.viewState()]);
  const before = state();
  throwsWith(() => view.drillDown(idx('S'), -5), 'RENDER_INVALID_VIEWPORT', /^drillDown\(cell, padding\): padding = -5: must be a finite number of CSS px ≥ 0/);
  assert.equal(state(), before, 'drillDown with a bad padding changed the view');
  assert.equal(view.drillDown(idx('S'), 8), true);
  const down = state();
  throwsWith(() => view.drillUp(NaN), 'RENDER_INVALID_VIEWPORT', /^drillUp\(padding\): padding = NaN/);
  assert.equal(state(), down, 'drillUp with a bad padding changed the view');
  throwsWith(() => view.showLevel('grid', -1), 'RENDER_INVALID_VIEWPORT', /^showLevel\(level, padding\): padding = -1/);
  assert.equal(state(), down, 'showLevel with a bad padding changed the view');
  assert.equal(view.drillUp(0), true);
  assert.deepEqual([view.breadcrumb(), [...view.visibleCells()]], JSON.parse(before).slice(0, 2), 'a good padding drills up');
  view.free();
  gm.free();
});

test('visibleCells gives the cell numbers the other methods take, also for ringCells that skip numbers', () => {
  const pos = Float64Array.of(118.0, 24.4, 118.01, 24.4, 118.01, 24.41, 118.0, 24.41,
    118.01, 24.4, 118.02, 24.4, 118.02, 24.41, 118.01, 24.41);
  const view = new GridMapView(fakeCanvas(), pos, Uint32Array.of(4, 8), Uint32Array.of(3, 7), Uint8Array.of(0, 0), ['A', 'B'], opts);
  assert.deepEqual([...view.visibleCells()], [3, 7]);
  for (const c of view.visibleCells()) {
    assert.match(view.colorOf(c), /^#[0-9a-f]{6}$/);
    const [x, y] = view.project(...view.labelPoint(c));
    assert.equal(view.pick(x, y), c);
  }
  view.free();
});

test('style and points messages: the font family is clipped, ranges say which ends are included, clusterPx is not called a style', () => {
  const view = flatSquares(['a', 'b']);
  const [code, message] = codeOf(() => view.setStyle({ fontFamily: 'a'.repeat(100000) }));
  assert.equal(code, 'RENDER_INVALID_STYLE');
  assert.ok(message.length < 300, `a ${message.length}-character message`);
  assert.match(message, /^setStyle\(style\): invalid style: fontFamily = "a{64}…": longer than 1000 characters$/);
  throwsWith(() => view.setStyle({ fontSizeCss: 0 }), 'RENDER_INVALID_STYLE', /fontSizeCss = 0 \(a number in \(0, 1000\]\)$/);
  throwsWith(() => view.setStyle({ labelFit: -1 }), 'RENDER_INVALID_STYLE', /labelFit = -1 \(a number in \[0, /);
  throwsWith(() => view.addPoints('event', [118.005, 24.405], [1], -1), 'RENDER_INVALID_STYLE',
    /^addPoints\(kind, positions, ids\): clusterPx = -1: must be a number of CSS px ≥ 0 \(0: no clustering\)$/);
  view.free();
});

test('setLevels: an array for new GridMapView; null, or a view with a hierarchy, is OPTIONS_INVALID', () => {
  const view = flatSquares(['a', 'b']);
  throwsWith(() => view.setLevels(null), 'OPTIONS_INVALID', /^setLevels\(levels\): levels must be an array/);
  throwsWith(() => view.setLevels(['street']), 'RENDER_VALUES_LENGTH', /^setLevels\(levels\): /);
  const gridSvg = view.toSvg();
  view.setLevels(['street', 'street']);
  assert.notEqual(view.toSvg(), gridSvg, 'street boundaries are drawn in the street style');
  view.free();
  const gm = GridMap.fromGeoJSON(fc, { datum: 'gcj02' });
  const h = GridMapView.fromGridMap(fakeCanvas(), gm, opts);
  throwsWith(() => h.setLevels(Array(gm.length).fill('grid')), 'OPTIONS_INVALID', /come from its map's hierarchy/);
  h.free();
  gm.free();
});

test('GeoJSON given as an object: a JSON or coordinate error says it was read as JSON.stringify text (NaN is null there)', () => {
  const nan = { type: 'FeatureCollection', features: [feature('S', 's', 'street', null, [[[118, 24], [118.01, NaN], [118.01, 24.01], [118, 24]]])] };
  throwsWith(() => GridMap.fromGeoJSON(nan, { datum: 'gcj02' }), 'GEOJSON_INVALID_COORDINATE', /null.*geojson was an object, read as its JSON\.stringify text: there NaN and ±Infinity are null/);
  const lone = { type: 'FeatureCollection', features: [feature('S', '\ud800lone', 'street', null, rect(118.0, 24.4, 118.02, 24.42))] };
  throwsWith(() => GridMap.fromGeoJSON(lone, { datum: 'gcj02' }), 'GEOJSON_INVALID_JSON', /a lone surrogate/);
  // text input is not given the note (its lines and columns are the caller's)
  const [, m] = codeOf(() => GridMap.fromGeoJSON(JSON.stringify(nan), { datum: 'gcj02' }));
  assert.doesNotMatch(m, /JSON\.stringify/);
});
