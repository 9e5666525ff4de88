// jinlin/worker: geocoding of large inputs in a Web Worker, with progress and cancellation
// (issue #5, "off the main thread"). `new GeocodeWorker()` starts ./worker/geocode.js (a classic
// worker script holding the grid module's web glue and ./worker/assign.js), which loads the wasm
// build that `init()` would choose on this page; `assign` sends the positions (their buffer is
// transferred, not copied) and the worker assigns them in chunks, posting progress after each
// and yielding between chunks so that `cancel()` gets through. The result equals one
// `GridMap.assign` call value for value; errors keep their `code`. ES2017.
import { needsCompat } from './features.js';
import { cancelledError } from './worker/assign.js';
export { assignInChunks, DEFAULT_CHUNK } from './worker/assign.js';

/**
 * What to pass instead of a fetch `Response`, a `Blob` (`File`) or a `Promise`, in the words of
 * `GridMap.fromGeoJSON`'s error (src/wasm/mod.rs, `body_hint`); `null` for anything else.
 * @param {unknown} x
 * @returns {string | null}
 */
function bodyHint(x) {
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return null;
  var name = x.constructor && typeof x.constructor.name === 'string' ? x.constructor.name : '';
  var what = name === 'Response'
    ? 'a Response: pass its body, new Uint8Array(await response.arrayBuffer()) or await response.text()'
    : name === 'Blob' || name === 'File'
      ? 'a Blob: pass its bytes, new Uint8Array(await blob.arrayBuffer()), or await blob.text()'
      : typeof x.then === 'function'
        ? 'a Promise: await it first (GridMap.fromGeoJSON(await response.text()))'
        : null;
  return what === null ? null : 'geojson: got ' + what +
    ' (a GeoJSON string, a Uint8Array, ArrayBuffer or DataView of its UTF-8 bytes, or a parsed object is expected)';
}

function coded(code, message) {
  var e = new Error(message);
  e.code = code;
  return e;
}

function revive(plain) {
  var e = new Error(plain.message);
  if (plain.name !== 'Error') {
    try { e.name = plain.name; } catch (x) { /* read-only */ }
  }
  Object.keys(plain.fields).forEach(function (k) { e[k] = plain.fields[k]; });
  if (plain.code !== undefined) e.code = plain.code;
  return e;
}

function baseUrl() {
  if (typeof document !== 'undefined' && document.baseURI) return document.baseURI;
  if (typeof location !== 'undefined') return location.href;
  return undefined;
}

function isObject(x) { return x !== null && typeof x === 'object' && !Array.isArray(x); }

function checkKeys(o, allowed, what) {
  Object.keys(o).forEach(function (k) {
    if (allowed.indexOf(k) < 0) {
      throw coded('OPTIONS_INVALID', 'unknown ' + what + ' option "' + k + '"; expected one of ' + allowed.join(', '));
    }
  });
}

// A typed array ready to transfer: itself when it spans a whole ArrayBuffer and may be
// detached, else a copy (a view of part of a buffer would clone the whole buffer).
function transferable(a, mayDetach) {
  if (mayDetach && a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) return a;
  return a.slice();
}

var WORKER_OPTIONS = ['compat', 'wasm', 'workerUrl'];
var JOB_OPTIONS = ['chunk', 'onProgress', 'signal', 'transfer'];
// GridMap.assign's options, checked here too: a typo holding a function (`onProgres`) could not
// even be sent to the worker.
var ASSIGN_OPTIONS = ['datum', 'persons'];

/**
 * A geocoding worker: one grid map (`load`), then as many `assign` jobs as needed, run one after
 * the other off the main thread.
 *
 * # Errors
 * The constructor throws `WORKER_UNSUPPORTED` where there is no `Worker` and `OPTIONS_INVALID`
 * for an unknown option. Every method's promise rejects with the error `GridMap` throws on the
 * main thread (same `code`: `GEOJSON_…`, `GEOCODE_…`, `OPTIONS_INVALID`), or `WORKER_NOT_LOADED`
 * (no `load` yet), `WORKER_FAILED` (the worker script or the wasm could not be loaded),
 * `WORKER_TERMINATED` (after `terminate()`), `GEOCODE_CANCELLED` (a cancelled job).
 */
export class GeocodeWorker {
  /**
   * Starts the worker and has it load the grid module: the compatible build where `init()`
   * would choose it (an engine without post-MVP features, `?jinlin-compat=1`) or when
   * `options.compat` is true.
   * @param {{ compat?: boolean, wasm?: string | URL | BufferSource | WebAssembly.Module,
   *   workerUrl?: string | URL }} [options] `wasm`: the grid module to load instead (a URL is
   *   resolved against the page); `workerUrl`: where `worker/geocode.js` of the package is served
   *   when not beside this file (a copy on your own origin: workers must be same-origin)
   */
  constructor(options) {
    var o = options === undefined || options === null ? {} : options;
    if (!isObject(o)) throw coded('OPTIONS_INVALID', 'options must be an object');
    checkKeys(o, WORKER_OPTIONS, 'GeocodeWorker');
    if (typeof Worker !== 'function') {
      throw coded('WORKER_UNSUPPORTED', 'this engine has no Web Worker; use GridMap.assign or assignInChunks on this thread');
    }
    /** True when the worker loads the compatible build. */
    this.compat = o.compat === true || needsCompat();
    var wasm = o.wasm !== undefined ? o.wasm : this.compat
      ? new URL('./web/jinlin_bg.compat.wasm', import.meta.url)
      : new URL('./web/jinlin_bg.wasm', import.meta.url);
    // The worker resolves relative URLs against its own script: resolve them here.
    if (wasm instanceof URL) wasm = wasm.href;
    else if (typeof wasm === 'string') wasm = new URL(wasm, baseUrl()).href;
    this._pending = new Map();
    this._nextId = 1;
    this._closed = null;
    var worker = o.workerUrl !== undefined
      ? new Worker(o.workerUrl)
      : new Worker(new URL('./worker/geocode.js', import.meta.url));
    this._worker = worker;
    var that = this;
    worker.onmessage = function (event) { that._receive(event.data); };
    worker.onerror = function (event) {
      if (event && typeof event.preventDefault === 'function') event.preventDefault();
      that._closeWith(coded('WORKER_FAILED', 'the geocoding worker failed' +
        (event && event.message ? ': ' + event.message : ' to start (is worker/geocode.js served?)')));
    };
    worker.onmessageerror = function () {
      that._closeWith(coded('WORKER_FAILED', 'a message from the geocoding worker could not be read'));
    };
    // Every later call waits for this in the worker, and fails with its error if it failed.
    this._request({ type: 'init', wasm: wasm }, []).promise.catch(function () { /* reported by each call */ });
  }

  _request(message, transfer, onProgress) {
    var that = this;
    var id = this._nextId++;
    var entry = { resolve: null, reject: null, onProgress: onProgress };
    var promise = new Promise(function (resolve, reject) { entry.resolve = resolve; entry.reject = reject; });
    if (this._closed !== null) {
      entry.reject(this._closed);
      return { id: id, promise: promise };
    }
    message.id = id;
    try {
      this._worker.postMessage(message, transfer);
    } catch (e) {
      entry.reject(coded('OPTIONS_INVALID', 'the arguments cannot be sent to the worker: ' + (e && e.message ? e.message : String(e))));
      return { id: id, promise: promise };
    }
    this._pending.set(id, entry);
    promise.then(function () { that._pending.delete(id); }, function () { that._pending.delete(id); });
    return { id: id, promise: promise };
  }

  _receive(m) {
    var entry = m === null || typeof m !== 'object' ? undefined : this._pending.get(m.id);
    if (entry === undefined) return; // settled already (cancelled)
    if (m.progress !== undefined) {
      if (typeof entry.onProgress === 'function') {
        try {
          entry.onProgress(m.progress);
        } catch (e) {
          this._pending.delete(m.id);
          this._worker.postMessage({ type: 'cancel', id: m.id });
          entry.reject(e);
        }
      }
      return;
    }
    this._pending.delete(m.id);
    if (m.ok) entry.resolve(m.value);
    else entry.reject(revive(m.error));
  }

  _closeWith(error, final) {
    if (this._closed === null || final) this._closed = error;
    var pending = this._pending;
    this._pending = new Map();
    pending.forEach(function (entry) { entry.reject(error); });
  }

  /**
   * Reads the grid map (as `GridMap.fromGeoJSON`) and builds its spatial index, in the worker;
   * replaces the map loaded before.
   * @param {string | Uint8Array | ArrayBuffer | DataView | object} geojson a FeatureCollection
   *   of cells: its text, its UTF-8 bytes (copied to the worker, the caller's buffer kept) or
   *   parsed. A fetch `Response`, a `Blob` or a `Promise` rejects with `GEOJSON_INVALID_JSON`
   *   saying what to pass (`await response.text()`), as `GridMap.fromGeoJSON` throws.
   * @param {{ datum?: string, idProperty?: string }} [options] as `GridMap.fromGeoJSON`
   * @returns {Promise<{ length: number, datum: string, parseMs: number, indexMs: number }>}
   *   the number of cells, the map's datum and the time taken in the worker
   */
  load(geojson, options) {
    // these cannot be sent to the worker (postMessage would throw DataCloneError): the
    // message GridMap.fromGeoJSON gives them on the main thread
    var hint = bodyHint(geojson);
    if (hint !== null) return Promise.reject(coded('GEOJSON_INVALID_JSON', hint));
    return this._request({ type: 'load', geojson: geojson, options: options }, []).promise;
  }

  /**
   * Every cell of the loaded map in index order, as `GridMap.cells()`.
   * @returns {Promise<any[]>}
   */
  cells() {
    return this._request({ type: 'cells' }, []).promise;
  }

  /**
   * Routes one event (网格事) as `GridMap.locate`, in the worker (after any running job).
   * @returns {Promise<any>} the `Located`, or null
   */
  locate(lng, lat, options) {
    return this._request({ type: 'locate', lng: lng, lat: lat, options: options }, []).promise;
  }

  /**
   * Starts a geocoding job: `GridMap.assign(positions, options)` in the worker, in chunks.
   *
   * # Units
   * As `GridMap.assign`: `positions` interleaved `[lng, lat, …]` in degrees, in `options.datum`.
   * A `Float64Array` of positions spanning its whole buffer is transferred to the worker and is
   * empty (detached) afterwards; pass `transfer: false` (or a copy) to keep it. `persons` is
   * copied.
   *
   * # Errors
   * `result` rejects with the error of `GridMap.assign` (same `code`), `OPTIONS_INVALID` for a
   * bad `chunk`, `onProgress` or `signal`, `GEOCODE_CANCELLED` after `cancel()` or an abort of
   * `signal`, or the error `onProgress` threw (the job is then cancelled).
   *
   * @param {Float64Array | number[]} positions
   * @param {{ datum?: string, persons?: ArrayLike<number>, chunk?: number,
   *   onProgress?: (p: { done: number, total: number }) => void, signal?: AbortSignal,
   *   transfer?: boolean }} [options] the options of `GridMap.assign`, and: households per chunk
   *   (default 20000); called on this thread after each chunk with the households done so far;
   *   cancels the job when aborted; false to copy `positions` instead of transferring it
   * @returns {{ result: Promise<any>, cancel(): void }} the job; `result` resolves to the
   *   `Assignment` (`cell`, `households`, `persons`, `totalPersons`, `summary`)
   */
  assign(positions, options) {
    var that = this;
    var o = options === undefined || options === null ? {} : options;
    var rest = {};
    var failure = null;
    if (!isObject(o)) failure = coded('OPTIONS_INVALID', 'options must be an object');
    else {
      Object.keys(o).forEach(function (k) { if (JOB_OPTIONS.indexOf(k) < 0) rest[k] = o[k]; });
      var unknown = Object.keys(o).filter(function (k) { return JOB_OPTIONS.indexOf(k) < 0 && ASSIGN_OPTIONS.indexOf(k) < 0; });
      if (unknown.length > 0) {
        // GridMap.assign's message, listing the job's options too
        failure = coded('OPTIONS_INVALID', 'unknown option "' + unknown[0] + '" in options; expected one of ' +
          JSON.stringify(ASSIGN_OPTIONS.concat(JOB_OPTIONS)).replace(/,/g, ', '));
      } else if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
        failure = coded('OPTIONS_INVALID', 'onProgress must be a function');
      } else if (o.signal !== undefined && (o.signal === null || typeof o.signal.aborted !== 'boolean' ||
        typeof o.signal.addEventListener !== 'function')) {
        failure = coded('OPTIONS_INVALID', 'signal must be an AbortSignal');
      } else if (o.chunk !== undefined && (typeof o.chunk !== 'number' || !(o.chunk >= 1) ||
        o.chunk > 2147483647 || Math.floor(o.chunk) !== o.chunk)) {
        failure = coded('OPTIONS_INVALID', 'chunk must be an integer number of households ≥ 1, got ' + String(o.chunk));
      }
    }
    if (failure !== null) {
      return { result: Promise.reject(failure), cancel: function () {} };
    }
    var mayDetach = o.transfer !== false;
    var transfer = [];
    var sent = positions;
    // as GridMap.assign reads an array of numbers; anything else (a numeric string) goes as it is,
    // for GridMap.assign in the worker to reject it
    if (Array.isArray(positions) && positions.every(function (x) { return typeof x === 'number'; })) {
      sent = new Float64Array(positions);
    }
    else if (positions instanceof Float64Array) sent = transferable(positions, mayDetach);
    if (sent instanceof Float64Array && sent.buffer instanceof ArrayBuffer) transfer.push(sent.buffer);
    // persons (a byte or so per household) is copied, never detached: pages reuse it.
    var persons = rest.persons;
    if (ArrayBuffer.isView(persons) && !(persons instanceof DataView)) rest.persons = transferable(persons, false);
    var request = this._request({ type: 'assign', positions: sent, options: rest, chunk: o.chunk }, transfer, o.onProgress);
    var signal = o.signal;
    var cancel = function () {
      var entry = that._pending.get(request.id);
      if (entry === undefined) return;
      that._pending.delete(request.id);
      that._worker.postMessage({ type: 'cancel', id: request.id });
      entry.reject(cancelledError());
    };
    if (signal !== undefined) {
      if (signal.aborted) cancel();
      else {
        signal.addEventListener('abort', cancel);
        var off = function () { signal.removeEventListener('abort', cancel); };
        request.promise.then(off, off);
      }
    }
    return { result: request.promise, cancel: cancel };
  }

  /**
   * Stops the worker at once; pending and later calls reject with `WORKER_TERMINATED`.
   * Idempotent.
   */
  terminate() {
    if (this._closed !== null && this._closed.code === 'WORKER_TERMINATED') return;
    this._worker.terminate();
    this._closeWith(coded('WORKER_TERMINATED', 'the geocoding worker was terminated'), true);
  }
}
