// jinlin/tally for Node.js (CommonJS). The module is instantiated synchronously on require;
// `init()` exists so that code shared with browsers can call it.
const m = require('./jinlin.js');
const announce = require('../announce/node/jinlin.js');
const ready = Promise.resolve();
module.exports = Object.assign(Object.create(null), m, {
  announcement: announce.announcement,
  announcementSvg: announce.announcementSvg,
  init: () => ready,
});
