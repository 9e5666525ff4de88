// jinlin/tally for Node.js (ES modules): instantiated synchronously on import from the web glue,
// the compatible build when the engine needs it or `JINLIN_COMPAT=1`; `init()` exists so that
// code shared with browsers can call it.
import { readFileSync } from 'node:fs';
import { initSync } from '../web/jinlin.js';
import { initSync as initAnnounce } from '../announce/web/jinlin.js';
import { needsCompat } from '../../features.js';
import { Roster, BallotLog, Tally } from '../web/jinlin.js';
import { guardClasses, checkNodeInit, linkTallyAnnouncement } from '../../guard.js';
import { announcementSvg } from '../announce/web/jinlin.js';
export * from '../web/jinlin.js';
export { announcement, announcementSvg } from '../announce/web/jinlin.js';

const compat = needsCompat();
const file = compat ? 'jinlin_bg.compat.wasm' : 'jinlin_bg.wasm';
initSync({ module: readFileSync(new URL(`../web/${file}`, import.meta.url)) });
initAnnounce({ module: readFileSync(new URL(`../announce/web/${file}`, import.meta.url)) });
linkTallyAnnouncement(Tally, announcementSvg);
guardClasses({ Roster, BallotLog, Tally });
const ready = Promise.resolve();
/** As in browsers; the module is instantiated already (see ../../node/index.mjs). */
export function init(options) {
  try {
    checkNodeInit(options, compat, ['compat']);
  } catch (e) {
    return Promise.reject(e);
  }
  return ready;
}
export default init;
