// jinlin for browsers and bundlers that understand `new URL(..., import.meta.url)` (Vite,
// webpack 5, plain <script type="module">): the grid map model, geocoding and datum conversion
// (web/) and the renderer (render/web/), two wasm modules behind one API (./link.js joins
// GridMap to GridMapView.fromGridMap). Call `await init()`
// once before anything else; further calls return the same promise. The tally is
// `jinlin/tally`, the grid map checks `jinlin/diagnostics`. Each module comes in two builds
// with one JS glue: the default and the compatible one for engines without post-MVP wasm
// features (see ./features.js); `init()` picks. ES2017.
import initGrid from './web/jinlin.js';
import initRender from './render/web/jinlin.js';
import { GridMap, convert as convertGlue } from './web/jinlin.js';
import { GridMapView as GridMapViewGlue } from './render/web/jinlin.js';
import { needsCompat } from './features.js';
import { linkGridMapView } from './link.js';
import { guardClasses, guardConstructor, guardFunction, checkInitOptions, checkReinit, isOptions, loadFailed } from './guard.js';
export * from './web/jinlin.js';
export * from './render/web/jinlin.js';
import { version as versionGlue } from './web/jinlin.js';
export { initSync } from './web/jinlin.js';
export { wasmFeatures } from './features.js';

// GridMapView.fromGridMap across the two modules (see ./link.js)
linkGridMapView(GridMap, GridMapViewGlue);
guardClasses({ GridMap: GridMap, GridMapView: GridMapViewGlue });
/** The map view (see the glue's `GridMapView`); `new GridMapView(…)` before `init()` throws
 * `NOT_INITIALIZED`, as its static factories do. */
export var GridMapView = guardConstructor('GridMapView', GridMapViewGlue);
/** Datum conversion (see the glue's `convert`), with the package's coded errors. */
export var convert = guardFunction('convert', convertGlue);
/** The package version (see the glue's `version`); `NOT_INITIALIZED` before `init()`. */
export var version = guardFunction('version', versionGlue);

var ready = null;
var compatLoaded = false;
// what the call that made `ready` chose: a later call asking for something else is refused
var first = null;

/**
 * Loads and instantiates the WebAssembly modules. Idempotent: every call returns the same
 * promise; a later call that asks for something else than the first (`{ compat: true }` after
 * the default build was chosen, another module URL) rejects with `OPTIONS_INVALID` instead of
 * being ignored.
 * @param {string | URL | Request | Response | BufferSource | WebAssembly.Module |
 *   { grid?: any, render?: any, compat?: boolean }} [options] where to load the grid module
 *   from (default: beside this file, the build this engine can run), or an object naming both
 *   modules; `compat: true` forces the compatible build (as `?jinlin-compat=1` in the URL).
 * @returns {Promise<void>} rejects with `OPTIONS_INVALID` for an unknown option or a later call
 *   asking for another build or module, `INIT_FAILED`
 *   when a module cannot be loaded (naming it; in Node.js this file is the wrong entry)
 */
export function init(options) {
  if (isOptions(options)) {
    try {
      checkInitOptions(options, ['grid', 'render', 'compat']);
    } catch (e) {
      return Promise.reject(e);
    }
  }
  var o = isOptions(options) ? options : { grid: options };
  if (ready !== null) {
    try {
      checkReinit(first, o.compat === true, { grid: o.grid, render: o.render });
    } catch (e) {
      return Promise.reject(e);
    }
  }
  if (ready === null) {
    var compat = o.compat === true || needsCompat();
    first = { compat: compat, sources: { grid: o.grid, render: o.render } };
    var grid = o.grid !== undefined ? o.grid : compat
      ? new URL('./web/jinlin_bg.compat.wasm', import.meta.url)
      : new URL('./web/jinlin_bg.wasm', import.meta.url);
    var render = o.render !== undefined ? o.render : compat
      ? new URL('./render/web/jinlin_bg.compat.wasm', import.meta.url)
      : new URL('./render/web/jinlin_bg.wasm', import.meta.url);
    ready = Promise.all([
      initGrid({ module_or_path: grid }).catch(loadFailed('the grid module', grid)),
      initRender({ module_or_path: render }).catch(loadFailed('the render module', render)),
    ])
      .then(function () { compatLoaded = compat; })
      .catch(function (e) { ready = null; throw e; });
  }
  return ready;
}

/** True when `init()` loaded the compatible build. */
export function isCompat() { return compatLoaded; }
export default init;
