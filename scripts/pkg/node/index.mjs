// jinlin for Node.js (ES modules). The module is instantiated synchronously on import;
// `init()` exists so that code shared with browsers can call it.
export * from './jinlin.js';
const ready = Promise.resolve();
export function init() { return ready; }
export default init;
