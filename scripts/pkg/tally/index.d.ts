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
