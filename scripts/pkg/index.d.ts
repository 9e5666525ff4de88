export * from './web/jinlin.js';
export * from './render/web/jinlin.js';
export { version } from './web/jinlin.js';
import type { GridMap } from './web/jinlin.js';
import { GridMapView as RenderGridMapView, type GridMapViewOptions, type GridMapViewGeoJSONOptions } from './render/web/jinlin.js';
/**
 * A choropleth grid map drawn on a canvas (the render module's class), with
 * `GridMapView.fromGridMap` and `GridMapView.fromGeoJSON`: the root entry links it to `GridMap`
 * of the grid module (the two classes live in separate wasm modules) by copying the map's
 * cells as flat typed arrays (`gridMap.toFlat()` → `GridMapView.fromFlat`). `new
 * GridMapView(…)` before `init()` has resolved throws `NOT_INITIALIZED`.
 */
export type GridMapView = RenderGridMapView;
export declare const GridMapView: typeof RenderGridMapView & {
  /**
   * Builds a view of a `GridMap`'s cells (street › community › grid) with drill-down: cell
   * numbers are the map's cell indices. `gridMap` must come from `GridMap.fromGeoJSON` of this
   * entry.
   */
  fromGridMap(canvas: HTMLCanvasElement, gridMap: GridMap, options?: GridMapViewOptions): RenderGridMapView;
  /**
   * Builds a view of the grid map in a GeoJSON FeatureCollection (its text, its UTF-8 bytes as
   * a `Uint8Array` or `ArrayBuffer`, or a parsed object) read by `GridMap.fromGeoJSON(geojson,
   * { datum, idProperty })` (same checks, same `GEOJSON_…` error codes): cell numbers are that
   * map's indices; drill-down as with `fromGridMap`.
   */
  fromGeoJSON(canvas: HTMLCanvasElement, geojson: string | Uint8Array | ArrayBuffer | DataView | object, options?: GridMapViewGeoJSONOptions): RenderGridMapView;
};
/**
 * Low level, the grid module only: prefer `init()`, which loads both modules. In Node.js (ESM
 * and CommonJS) the modules are instantiated on import: it loads nothing and returns the
 * grid module's exports, as wasm-bindgen's `initSync` does once instantiated.
 */
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
 * run. Idempotent: every call returns the same promise; in a browser a later call asking for
 * something else than the first (`{ compat: true }` after the default build was chosen, another
 * module URL) rejects with `OPTIONS_INVALID` rather than being ignored (the modules load once
 * per page: pass such options to the first call). In Node.js the modules are loaded
 * synchronously on import and `init()` resolves at once (a module source is not needed there;
 * `compat: true` needs `JINLIN_COMPAT=1` in the environment). Rejects with `OPTIONS_INVALID`
 * (an unknown option, or a later call as above) or `INIT_FAILED` (a module could not be
 * loaded).
 */
export function init(options?: ModuleSource | InitOptions): Promise<void>;
/** True when `init()` loaded the compatible build. */
export function isCompat(): boolean;
/** Which post-MVP wasm features this engine validates. */
export function wasmFeatures(): {
  signExt: boolean; multiValue: boolean; referenceTypes: boolean; bulkMemory: boolean;
  nontrappingFptoint: boolean;
};
/**
 * The `code` of the errors the package's JS adds to those of the wasm modules (`GEOJSON_…`,
 * `GEOCODE_…`, `RENDER_…`, `TALLY_…`, `WORKER_…`): a method of a freed object, an object in use,
 * a module that could not be loaded, a bad option or argument.
 */
export type PackageErrorCode = 'OBJECT_FREED' | 'OBJECT_BUSY' | 'INIT_FAILED' | 'NOT_INITIALIZED' | 'OPTIONS_INVALID';
export default init;
