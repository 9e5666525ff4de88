// jinlin/tally for Node.js (CommonJS). The module is instantiated synchronously on require;
// `init()` and `initSync()` exist so that code shared with browsers can call them.
const m = require('./jinlin.js');
const announce = require('../announce/node/jinlin.js');
const { guardClasses, checkNodeInit, nodeInitSync, linkTallyAnnouncement } = require('../../node/guard.cjs');
linkTallyAnnouncement(m.Tally, announce.announcementSvg);
guardClasses({ Roster: m.Roster, BallotLog: m.BallotLog, Tally: m.Tally });
const ready = Promise.resolve();
function init(options) {
  try {
    checkNodeInit(options, false, ['compat']);
  } catch (e) {
    return Promise.reject(e);
  }
  return ready;
}
module.exports = Object.assign(Object.create(null), m, {
  announcement: announce.announcement,
  announcementSvg: announce.announcementSvg,
  init,
  initSync: nodeInitSync(m),
});
