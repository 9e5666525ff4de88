// jinlin/tally for browsers and bundlers: the owners' assembly tally (业主大会电子投票计票), in
// two wasm modules of its own: web/ (counting, hashes, the Roster/BallotLog/Tally classes) and
// announce/web/ (`announcement`/`announcementSvg` from a result object).
// Call `await init()` once before anything else; further calls return the same promise.
import wbgInit from './web/jinlin.js';
import announceInit from './announce/web/jinlin.js';
import { needsCompat } from '../features.js';
export * from './web/jinlin.js';
export { announcement, announcementSvg } from './announce/web/jinlin.js';

var ready = null;

/**
 * Loads and instantiates the WebAssembly modules. Idempotent: every call returns the same promise.
 * @param {string | URL | Request | Response | BufferSource | WebAssembly.Module} [moduleOrPath]
 *   where to load the tally `.wasm` from; defaults to the build this engine can run
 *   beside this file (`web/jinlin_bg.wasm` or `web/jinlin_bg.compat.wasm`).
 * @returns {Promise<void>}
 */
export function init(moduleOrPath) {
  if (ready === null) {
    var compat = needsCompat();
    var path = moduleOrPath !== undefined ? moduleOrPath : compat
      ? new URL('./web/jinlin_bg.compat.wasm', import.meta.url)
      : new URL('./web/jinlin_bg.wasm', import.meta.url);
    var announce = compat
      ? new URL('./announce/web/jinlin_bg.compat.wasm', import.meta.url)
      : new URL('./announce/web/jinlin_bg.wasm', import.meta.url);
    ready = Promise.all([wbgInit({ module_or_path: path }), announceInit({ module_or_path: announce })])
      .then(function () { return undefined; })
      .catch(function (e) { ready = null; throw e; });
  }
  return ready;
}
export default init;
