// jinlin for browsers and bundlers that understand `new URL(..., import.meta.url)` (Vite,
// webpack 5, plain <script type="module">). Call `await init()` once before anything else;
// further calls return the same promise.
import wbgInit from './web/jinlin.js';
export * from './web/jinlin.js';

let ready = null;

/**
 * Loads and instantiates the WebAssembly module. Idempotent: every call returns the same promise.
 * @param {string | URL | Request | Response | BufferSource | WebAssembly.Module} [moduleOrPath]
 *   where to load the `.wasm` from; defaults to `jinlin_bg.wasm` beside this file.
 * @returns {Promise<void>}
 */
export function init(moduleOrPath) {
  if (ready === null) {
    ready = wbgInit(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath })
      .then(() => undefined)
      .catch((e) => { ready = null; throw e; });
  }
  return ready;
}
export default init;
