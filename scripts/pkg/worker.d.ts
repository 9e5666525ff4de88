// jinlin/worker: geocoding of large inputs in a Web Worker, with progress and cancellation.
import type { AssignOptions, Assignment, CellInfo, GridMap, GridMapOptions, Located, LocateOptions } from './web/jinlin.js';

/** Households done so far in a geocoding job, after each chunk. */
export interface Progress {
  /** Households assigned so far. */
  done: number;
  /** Households in the job. */
  total: number;
}

/** Options of `new GeocodeWorker()`. */
export interface GeocodeWorkerOptions {
  /** Load the compatible build (MVP wasm) even where the engine could run the default one. */
  compat?: boolean;
  /** The grid module to load instead of the package's own (a URL is resolved against the page). */
  wasm?: string | URL | BufferSource | WebAssembly.Module;
  /** Where the package's `worker/geocode.js` is served, when not beside `worker.js`. */
  workerUrl?: string | URL;
}

/** Options of `GeocodeWorker.assign`: those of `GridMap.assign` and how to run the job. */
export interface WorkerAssignOptions extends AssignOptions {
  /** Households per chunk (default 20000): progress is reported and a cancel seen between chunks. */
  chunk?: number;
  /** Called on the calling thread after each chunk. */
  onProgress?: (progress: Progress) => void;
  /** Cancels the job when aborted (as `job.cancel()`). */
  signal?: AbortSignal;
  /**
   * `false`: copy `positions` to the worker. Default: transfer its buffer (no copy; the array is
   * empty afterwards) when it spans a whole `ArrayBuffer`. `persons` is always copied.
   */
  transfer?: boolean;
}

/** A running geocoding job. */
export interface GeocodeJob {
  /**
   * The result, equal to `GridMap.assign(positions, options)` on the main thread. Rejects with
   * an `Error` whose `code` is that of `GridMap.assign`, or `GEOCODE_CANCELLED`,
   * `WORKER_TERMINATED`, `WORKER_FAILED`, `WORKER_NOT_LOADED`, `OPTIONS_INVALID`.
   */
  readonly result: Promise<Assignment>;
  /** Stops the job: `result` rejects at once with code `GEOCODE_CANCELLED`. No-op once settled. */
  cancel(): void;
}

/** What `GeocodeWorker.load` read. */
export interface LoadedMap {
  /** Number of cells. */
  length: number;
  /** The map's datum. */
  datum: string;
  /** Milliseconds spent reading the GeoJSON, in the worker. */
  parseMs: number;
  /** Milliseconds spent building the spatial index, in the worker. */
  indexMs: number;
}

/** The `code` of the errors jinlin/worker adds to those of `GridMap`. */
export type WorkerErrorCode =
  | 'GEOCODE_CANCELLED' | 'WORKER_TERMINATED' | 'WORKER_FAILED' | 'WORKER_NOT_LOADED'
  | 'WORKER_UNSUPPORTED' | 'OPTIONS_INVALID';

/**
 * A Web Worker that holds one grid map and geocodes households off the main thread, in
 * chunks, with progress and cancellation. Calls run one after the other, in order.
 */
export declare class GeocodeWorker {
  /**
   * Starts the worker; it loads the grid module build `init()` would choose on this page (or the
   * compatible one with `compat: true`). Throws `WORKER_UNSUPPORTED` where there is no `Worker`.
   */
  constructor(options?: GeocodeWorkerOptions);
  /** True when the worker loads the compatible build. */
  readonly compat: boolean;
  /**
   * Reads the grid map (as `GridMap.fromGeoJSON`: its text, its UTF-8 bytes or a parsed object;
   * the bytes are copied to the worker) and builds its index in the worker.
   */
  load(geojson: string | Uint8Array | ArrayBuffer | DataView | object, options?: GridMapOptions): Promise<LoadedMap>;
  /** The loaded map's cells, as `GridMap.cells()`. */
  cells(): Promise<CellInfo[]>;
  /** Routes one event, as `GridMap.locate`. */
  locate(lng: number, lat: number, options?: LocateOptions): Promise<Located | null>;
  /** Starts geocoding `positions` (interleaved `[lng, lat, …]`) in chunks. */
  assign(positions: Float64Array | number[], options?: WorkerAssignOptions): GeocodeJob;
  /** Stops the worker; pending and later calls reject with `WORKER_TERMINATED`. */
  terminate(): void;
}

/** Households per chunk when none is given (20000). */
export declare const DEFAULT_CHUNK: number;

/** How `assignInChunks` runs. */
export interface ChunkHooks {
  /** Households per chunk (default 20000). */
  chunk?: number;
  /** Called after each chunk. */
  onProgress?: (progress: Progress) => void;
  /** Rejects with `GEOCODE_CANCELLED` when aborted before the last chunk. */
  signal?: { readonly aborted: boolean };
  /** Awaited between chunks (default: a macrotask, so that messages are handled). */
  yield?: () => Promise<void>;
}

/**
 * `grid.assign(positions, options)` on this thread, in chunks, with progress and
 * cancellation: the same result value for value, the same errors. For threads that cannot
 * start a Web Worker but can yield (a WeChat mini-program worker, Node.js).
 */
export declare function assignInChunks(
  grid: Pick<GridMap, 'assign'>, positions: Float64Array | number[], options?: AssignOptions,
  hooks?: ChunkHooks,
): Promise<Assignment>;
