export * from './web/jinlin.js';
export { announcement, announcementSvg } from './announce/web/jinlin.js';
/**
 * Loads and instantiates the WebAssembly module. Idempotent: every call returns the same promise;
 * in a browser a later call asking for something else than the first (`{ compat: true }` after
 * the default build was chosen, another module URL) rejects with `OPTIONS_INVALID`.
 * In Node.js the module is loaded synchronously on import and `init()` resolves at once.
 */
export function init(moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module | {
  /** Load the compatible build (MVP wasm) even where the engine could run the default one (in Node.js: needs `JINLIN_COMPAT=1`). */
  compat?: boolean;
}): Promise<void>;
export default init;

import type { AnnouncementStatus } from './web/jinlin.js';
declare module './web/jinlin.js' {
  interface Tally {
    /**
     * `t.announcementSvg(matterId, status, options?)` → the 公示 of one matter as an SVG
     * string (text escaped; long lines wrapped within its width: `options.widthPx`, an integer
     * from 240 to 4000, default 900 — a phone passes its own width so the text is full size),
     * drawn by the announcement module from `t.result()`: the same as
     * `announcementSvg(t.result(), matterId, status, options)`. Throws `OPTIONS_INVALID` for a
     * `matterId` that is not a string, a bad `status` or bad `options`,
     * `TALLY_UNKNOWN_MATTER` for a matter the count does not have.
     */
    announcementSvg(matterId: string, status: AnnouncementStatus, options?: { widthPx?: number }): string;
  }
}
