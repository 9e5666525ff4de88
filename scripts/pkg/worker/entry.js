// The geocoding worker (jinlin/worker): scripts/build.sh bundles this file with the web glue of
// the grid module into pkg/worker/geocode.js, a classic worker script (no `import`: module
// workers need iOS 15, and the package reaches iOS 14), ES2017. It answers the messages of
// GeocodeWorker (../worker.js) one at a time, in order; a `cancel` is handled at once and stops
// its job at the next chunk. Replies: `{ id, ok: true, value }`, `{ id, ok: false, error }`
// (the error's name, message, code and other plain fields) and `{ id, progress: { done, total } }`.
import initGrid, { GridMap } from '../web/jinlin.js';
import { assignInChunks } from './assign.js';

var scope = self;
var ready = null;
var grid = null;
var queue = Promise.resolve();
var controllers = {};

function coded(code, message) {
  var e = new Error(message);
  e.code = code;
  return e;
}

function plainError(e) {
  var out = { name: 'Error', message: String(e), code: undefined, fields: {} };
  if (e !== null && typeof e === 'object') {
    out.name = typeof e.name === 'string' ? e.name : 'Error';
    out.message = String(e.message);
    out.code = typeof e.code === 'string' ? e.code : undefined;
    Object.keys(e).forEach(function (k) {
      var v = e[k];
      if (k !== 'code' && (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')) out.fields[k] = v;
    });
  }
  return out;
}

function loaded() {
  if (grid === null) throw coded('WORKER_NOT_LOADED', 'no grid map in the worker yet: call load(geojson, options) first');
  return grid;
}

async function handle(m) {
  if (m.type === 'init') {
    ready = initGrid({ module_or_path: m.wasm }).catch(function (e) {
      throw coded('WORKER_FAILED', 'the geocoding worker could not load the wasm module ' +
        (typeof m.wasm === 'string' ? m.wasm : '') + ': ' + (e && e.message ? e.message : String(e)));
    });
    await ready;
    return { value: undefined };
  }
  await ready;
  var now = function () { return typeof performance !== 'undefined' ? performance.now() : Date.now(); };
  switch (m.type) {
    case 'load': {
      var t0 = now();
      var next = GridMap.fromGeoJSON(m.geojson, m.options);
      var t1 = now();
      next.buildIndex();
      var t2 = now();
      if (grid !== null) grid.free();
      grid = next;
      return { value: { length: grid.length, datum: grid.datum, parseMs: t1 - t0, indexMs: t2 - t1 } };
    }
    case 'cells':
      return { value: loaded().cells() };
    case 'locate':
      return { value: loaded().locate(m.lng, m.lat, m.options) };
    case 'assign': {
      var map = loaded();
      var r = await assignInChunks(map, m.positions, m.options, {
        chunk: m.chunk,
        signal: controllers[m.id].signal,
        onProgress: function (p) { scope.postMessage({ id: m.id, progress: p }); },
      });
      return { value: r, transfer: [r.cell.buffer, r.households.buffer, r.persons.buffer] };
    }
    default:
      throw coded('WORKER_FAILED', 'unknown message ' + String(m.type));
  }
}

scope.onmessage = function (event) {
  var m = event.data;
  if (m === null || typeof m !== 'object') return;
  if (m.type === 'cancel') {
    if (controllers[m.id] !== undefined) controllers[m.id].abort();
    return;
  }
  if (m.type === 'assign') controllers[m.id] = new AbortController();
  queue = queue.then(function () {
    if (controllers[m.id] !== undefined && controllers[m.id].signal.aborted) {
      throw coded('GEOCODE_CANCELLED', 'the geocoding job was cancelled');
    }
    return handle(m);
  }).then(function (r) {
    scope.postMessage({ id: m.id, ok: true, value: r.value }, r.transfer || []);
  }).catch(function (e) {
    // A failed call, or a reply that could not be sent: the caller gets an error either way.
    scope.postMessage({ id: m.id, ok: false, error: plainError(e) });
  }).then(function () {
    delete controllers[m.id];
  });
};
