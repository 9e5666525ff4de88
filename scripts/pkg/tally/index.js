// jinlin/tally for browsers and bundlers: the owners' assembly tally (业主大会电子投票计票), in
// two wasm modules of its own: web/ (counting, hashes, the Roster/BallotLog/Tally classes) and
// announce/web/ (`announcement`/`announcementSvg` from a result object).
// Call `await init()` once before anything else; further calls return the same promise.
import wbgInit from './web/jinlin.js';
import announceInit from './announce/web/jinlin.js';
import { needsCompat } from '../features.js';
import { Roster as RosterGlue, BallotLog, Tally } from './web/jinlin.js';
import { guardClasses, guardConstructor, checkInitOptions, checkReinit, isOptions, loadFailed, linkTallyAnnouncement } from '../guard.js';
import { announcementSvg } from './announce/web/jinlin.js';
export * from './web/jinlin.js';
export { announcement, announcementSvg } from './announce/web/jinlin.js';

// t.announcementSvg(matterId, status): drawn by the announcement module (see guard.js)
linkTallyAnnouncement(Tally, announcementSvg);
guardClasses({ Roster: RosterGlue, BallotLog: BallotLog, Tally: Tally });
/** The roster (see the glue's `Roster`); `new Roster(…)` before `init()` throws
 * `NOT_INITIALIZED`, as its static factories do. */
export var Roster = guardConstructor('Roster', RosterGlue);
var ready = null;
// what the call that made `ready` chose: a later call asking for something else is refused
var first = null;

/**
 * Loads and instantiates the WebAssembly modules. Idempotent: every call returns the same promise;
 * a later call asking for something else than the first (`{ compat: true }` after the default
 * build was chosen, another module URL) rejects with `OPTIONS_INVALID` instead of being ignored.
 * @param {string | URL | Request | Response | BufferSource | WebAssembly.Module |
 *   { compat?: boolean }} [moduleOrPath] where to load the tally `.wasm` from; defaults to the
 *   build this engine can run beside this file (`web/jinlin_bg.wasm` or
 *   `web/jinlin_bg.compat.wasm`); `{ compat: true }` forces the compatible build.
 * @returns {Promise<void>} rejects with `OPTIONS_INVALID` for an unknown option, `INIT_FAILED`
 *   when a module cannot be loaded
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
      checkReinit(first, o.compat === true, { tally: moduleOrPath });
    } catch (e) {
      return Promise.reject(e);
    }
  }
  if (ready === null) {
    first = { compat: o.compat === true || needsCompat(), sources: { tally: moduleOrPath } };
    var compat = o.compat === true || needsCompat();
    var path = moduleOrPath !== undefined ? moduleOrPath : compat
      ? new URL('./web/jinlin_bg.compat.wasm', import.meta.url)
      : new URL('./web/jinlin_bg.wasm', import.meta.url);
    var announce = compat
      ? new URL('./announce/web/jinlin_bg.compat.wasm', import.meta.url)
      : new URL('./announce/web/jinlin_bg.wasm', import.meta.url);
    ready = Promise.all([
      wbgInit({ module_or_path: path }).catch(loadFailed('the tally module', path)),
      announceInit({ module_or_path: announce }).catch(loadFailed('the announcement module', announce)),
    ])
      .then(function () { return undefined; })
      .catch(function (e) { ready = null; throw e; });
  }
  return ready;
}
export default init;
