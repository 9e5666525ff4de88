// jinlin for Node.js (CommonJS): the grid and render modules, instantiated synchronously on
// require; `init()` exists so that code shared with browsers can call it.
const grid = require('./jinlin.js');
const render = require('../render/node/jinlin.js');
// GridMapView.fromGridMap across the two modules (see ../link.js)
require('./link.cjs').linkGridMapView(grid.GridMap, render.GridMapView);
const ready = Promise.resolve();
module.exports = Object.assign(Object.create(null), render, grid, { init: () => ready });
