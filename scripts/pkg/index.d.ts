export * from './web/jinlin.js';
export * from './render/web/jinlin.js';
export { version } from './web/jinlin.js';
/** Low level, the grid module only: prefer `init()`, which loads both modules. */
export { initSync, type InitInput, type InitOutput, type SyncInitInput } from './web/jinlin.js';
export type ModuleSource = string | URL | Request | Response | BufferSource | WebAssembly.Module;
/** Options of `init()`. */
export interface InitOptions {
  /** Where to load the grid module from. */
  grid?: ModuleSource;
  /** Where to load the render module from. */
  render?: ModuleSource;
  /** Load the compatible build (MVP wasm) even where the engine could run the default one. */
  compat?: boolean;
}
/**
 * Loads and instantiates the WebAssembly modules (grid + render), the build this engine can
 * run. Idempotent: every call returns the same promise. In Node.js the modules are loaded
 * synchronously on import and `init()` resolves at once.
 */
export function init(options?: ModuleSource | InitOptions): Promise<void>;
/** True when `init()` loaded the compatible build. */
export function isCompat(): boolean;
/** Which post-MVP wasm features this engine validates. */
export function wasmFeatures(): {
  signExt: boolean; multiValue: boolean; referenceTypes: boolean; bulkMemory: boolean;
  nontrappingFptoint: boolean;
};
export default init;
