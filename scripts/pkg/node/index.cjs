// jinlin for Node.js (CommonJS): the grid and render modules, instantiated synchronously on
// require; `init()` exists so that code shared with browsers can call it.
const grid = require('./jinlin.js');
const render = require('../render/node/jinlin.js');
// GridMapView.fromGridMap across the two modules (see ../link.js)
require('./link.cjs').linkGridMapView(grid.GridMap, render.GridMapView);
const { wasmFeatures } = require('./features.cjs');
const ready = Promise.resolve();
const init = () => ready;
// This entry always loads the default build (Node.js has every feature it needs).
module.exports = Object.assign(Object.create(null), render, grid, {
  __esModule: true, init, default: init, isCompat: () => false, wasmFeatures,
});
