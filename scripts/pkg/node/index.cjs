// jinlin for Node.js (CommonJS): the grid and render modules, instantiated synchronously on
// require; `init()` and `initSync()` exist so that code shared with browsers can call them.
const grid = require('./jinlin.js');
const render = require('../render/node/jinlin.js');
// GridMapView.fromGridMap across the two modules (see ../link.js)
require('./link.cjs').linkGridMapView(grid.GridMap, render.GridMapView);
const { wasmFeatures } = require('./features.cjs');
const { guardClasses, checkNodeInit, nodeInitSync } = require('./guard.cjs');
guardClasses({ GridMap: grid.GridMap, GridMapView: render.GridMapView });
const ready = Promise.resolve();
// This entry always loads the default build (Node.js has every feature it needs).
function init(options) {
  try {
    checkNodeInit(options, false, ['grid', 'render', 'compat']);
  } catch (e) {
    return Promise.reject(e);
  }
  return ready;
}
module.exports = Object.assign(Object.create(null), render, grid, {
  __esModule: true, init, initSync: nodeInitSync(grid), default: init, isCompat: () => false, wasmFeatures,
});
