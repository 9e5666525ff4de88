// jinlin/diagnostics for Node.js (CommonJS). The module is instantiated synchronously on require;
// `init()` and `initSync()` exist so that code shared with browsers can call them.
const m = require('./jinlin.js');
const { checkNodeInit, nodeInitSync } = require('../../node/guard.cjs');
const ready = Promise.resolve();
function init(options) {
  try {
    checkNodeInit(options, false, ['compat']);
  } catch (e) {
    return Promise.reject(e);
  }
  return ready;
}
module.exports = Object.assign(Object.create(null), m, { init, initSync: nodeInitSync(m) });
