export * from './web/jinlin.js';
export * from './render/web/jinlin.js';
export { version } from './web/jinlin.js';
import type { GridMap } from './web/jinlin.js';
import { GridMapView as RenderGridMapView, type GridMapViewOptions, type GridMapViewGeoJSONOptions } from './render/web/jinlin.js';
/**
 * A choropleth grid map drawn on a canvas (the render module's class), with
 * `GridMapView.fromGridMap` and `GridMapView.fromGeoJSON`: the root entry links it to `GridMap`
 * of the grid module (the two classes live in separate wasm modules) by copying the map's
 * cells as flat typed arrays (`gridMap.toFlat()` → `GridMapView.fromFlat`).
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
   * Builds a view of the grid map in a GeoJSON FeatureCollection (a string or a parsed object)
   * read by `GridMap.fromGeoJSON(geojson, { datum, idProperty })` (same checks, same `GEOJSON_…`
   * error codes): cell numbers are that map's indices; drill-down as with `fromGridMap`.
   */
  fromGeoJSON(canvas: HTMLCanvasElement, geojson: string | object, options?: GridMapViewGeoJSONOptions): RenderGridMapView;
};
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
