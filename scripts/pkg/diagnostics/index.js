// jinlin/diagnostics for browsers and bundlers: grid map checks (overlaps, gaps, holes: GridMap with diagnostics()), its own wasm module.
// Call `await init()` once before anything else; further calls return the same promise.
import wbgInit from './web/jinlin.js';
import { needsCompat } from '../features.js';
import { checkInitOptions, checkReinit, isOptions, loadFailed } from '../guard.js';
export * from './web/jinlin.js';

var ready = null;
// what the call that made `ready` chose: a later call asking for something else is refused
var first = null;

/**
 * Loads and instantiates the WebAssembly module. Idempotent: every call returns the same promise;
 * a later call asking for something else than the first (`{ compat: true }` after the default
 * build was chosen, another module URL) rejects with `OPTIONS_INVALID` instead of being ignored.
 * @param {string | URL | Request | Response | BufferSource | WebAssembly.Module |
 *   { compat?: boolean }} [moduleOrPath] where to load the `.wasm` from; defaults to the build
 *   this engine can run beside this file (`web/jinlin_bg.wasm` or `web/jinlin_bg.compat.wasm`);
 *   `{ compat: true }` forces the compatible build.
 * @returns {Promise<void>} rejects with `OPTIONS_INVALID` for an unknown option, `INIT_FAILED`
 *   when the module cannot be loaded
 */
export function init(moduleOrPath) {
  var o = {};
  if (isOptions(moduleOrPath)) {
    try {
      checkInitOptions(moduleOrPath, ['compat']);
    } catch (e) {
      return Promise.reject(e);
    }
    o = moduleOrPath;
    moduleOrPath = undefined;
  }
  if (ready !== null) {
    try {
      checkReinit(first, o.compat === true, { diagnostics: moduleOrPath });
    } catch (e) {
      return Promise.reject(e);
    }
  }
  if (ready === null) {
    first = { compat: o.compat === true || needsCompat(), sources: { diagnostics: moduleOrPath } };
    var path = moduleOrPath !== undefined ? moduleOrPath : o.compat === true || needsCompat()
      ? new URL('./web/jinlin_bg.compat.wasm', import.meta.url)
      : new URL('./web/jinlin_bg.wasm', import.meta.url);
    ready = wbgInit({ module_or_path: path }).catch(loadFailed('the diagnostics module', path))
      .then(function () { return undefined; })
      .catch(function (e) { ready = null; throw e; });
  }
  return ready;
}
export default init;
