// jinlin/tally for browsers and bundlers: the owners' assembly tally (业主大会电子投票计票), its own wasm module.
// Call `await init()` once before anything else; further calls return the same promise.
import wbgInit from './web/jinlin.js';
import { needsCompat } from '../features.js';
export * from './web/jinlin.js';

var ready = null;

/**
 * Loads and instantiates the WebAssembly module. Idempotent: every call returns the same promise.
 * @param {string | URL | Request | Response | BufferSource | WebAssembly.Module} [moduleOrPath]
 *   where to load the `.wasm` from; defaults to the build this engine can run
 *   beside this file (`web/jinlin_bg.wasm` or `web/jinlin_bg.compat.wasm`).
 * @returns {Promise<void>}
 */
export function init(moduleOrPath) {
  if (ready === null) {
    var path = moduleOrPath !== undefined ? moduleOrPath : needsCompat()
      ? new URL('./web/jinlin_bg.compat.wasm', import.meta.url)
      : new URL('./web/jinlin_bg.wasm', import.meta.url);
    ready = wbgInit({ module_or_path: path })
      .then(function () { return undefined; })
      .catch(function (e) { ready = null; throw e; });
  }
  return ready;
}
export default init;
