// jinlin for Node.js (ES modules): the grid and render modules, instantiated synchronously on
// import from the web glue (the same glue as in browsers), the compatible build when the engine
// needs it or `JINLIN_COMPAT=1`; `init()` exists so that code shared with browsers can call it.
import { readFileSync } from 'node:fs';
import { initSync as initGrid } from '../web/jinlin.js';
import { initSync as initRender } from '../render/web/jinlin.js';
import { GridMap } from '../web/jinlin.js';
import { GridMapView } from '../render/web/jinlin.js';
import { needsCompat } from '../features.js';
import { linkGridMapView } from '../link.js';
import { guardClasses, checkNodeInit } from '../guard.js';
export * from '../web/jinlin.js';
export * from '../render/web/jinlin.js';
export { version, initSync } from '../web/jinlin.js';
export { wasmFeatures } from '../features.js';

const compat = needsCompat();
const file = compat ? 'jinlin_bg.compat.wasm' : 'jinlin_bg.wasm';
initGrid({ module: readFileSync(new URL(`../web/${file}`, import.meta.url)) });
initRender({ module: readFileSync(new URL(`../render/web/${file}`, import.meta.url)) });
// GridMapView.fromGridMap across the two modules (see ../link.js)
linkGridMapView(GridMap, GridMapView);
guardClasses({ GridMap, GridMapView });
const ready = Promise.resolve();
/**
 * As in browsers; the modules are instantiated already, so a module source is not needed and
 * `compat: true` is honoured only when the compatible build runs (`JINLIN_COMPAT=1`).
 */
export function init(options) {
  try {
    checkNodeInit(options, compat, ['grid', 'render', 'compat']);
  } catch (e) {
    return Promise.reject(e);
  }
  return ready;
}
/** True when the compatible build was loaded. */
export function isCompat() { return compat; }
export default init;
