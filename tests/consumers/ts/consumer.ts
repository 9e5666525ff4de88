// A TypeScript consumer of the package, checked with `tsc --noEmit` (scripts/test.sh): the
// types of GridMap, assign options and results, locate, the tally and the grid checks as a
// portal developer would use them. Never run; a wrong type here fails the test command.
import init, {
  GridMap, GridMapView, convert, version, isCompat, wasmFeatures,
  type AssignOptions, type Assignment, type BreadcrumbEntry, type AssignSummary, type Located, type LocateOptions,
  type GridMapStyle, type ViewState, type MarkerHit, type GeometryReport,
} from 'jinlin';
import initTally, { Roster, tally, tallyJson, type TallyInput, type TallyResult } from 'jinlin/tally';
import { diagnostics, type Diagnostics } from 'jinlin/diagnostics';
import {
  GeocodeWorker, assignInChunks, DEFAULT_CHUNK,
  type GeocodeJob, type LoadedMap, type Progress, type WorkerAssignOptions, type WorkerErrorCode,
} from 'jinlin/worker';

export async function main(geojson: string, snapshot: TallyInput['snapshot'], ballots: TallyInput['ballots']) {
  await init();
  await init({ compat: true });
  const compat: boolean = isCompat();
  const f = wasmFeatures();
  const hasSignExt: boolean = f.signExt;
  const v: string = version();

  const map: GridMap = GridMap.fromGeoJSON(geojson, { datum: 'gcj02', idProperty: 'id' });
  const options: AssignOptions = { datum: 'wgs84', persons: new Uint8Array([1, 2]) };
  const result: Assignment = map.assign(new Float64Array([118.08, 24.45, 118.09, 24.46]), options);
  const cells: Int32Array = result.cell;
  const households: Uint32Array = result.households;
  const summary: AssignSummary = result.summary;
  const assigned: number = summary.assigned + summary.outside + summary.invalid + summary.boundaryTies;
  const where: LocateOptions = { datum: 'bd09', maxDistanceM: 50 };
  const located: Located | null = map.locate(118.08, 24.45, where);
  const worker: string | null | undefined = located?.worker;
  const cellId: string | undefined = located?.cellId;
  const wgs: Float64Array = convert(new Float64Array([118.08, 24.45]), 'gcj02', 'wgs84');
  // the map's datum is a Datum (the README converts positions to it)
  const toMap: Float64Array = convert(wgs, 'wgs84', map.datum);
  // @ts-expect-error: and not any string
  const notADatum: 'utm' = map.datum;
  // @ts-expect-error: the datum is a closed set of names
  map.assign(new Float64Array(0), { datum: 'epsg3857' });
  {
    using disposable = GridMap.fromGeoJSON(geojson, {});
    const n: number = disposable.length;
    void n;
  }
  // GridMapView.fromGridMap and fromGeoJSON: supplied by the root entry (gridMap.toFlat() → GridMapView.fromFlat)
  const canvas = {} as HTMLCanvasElement;
  const view: GridMapView = GridMapView.fromGridMap(canvas, map, { show: 'grid', devicePixelRatio: 2 });
  const crumbs: BreadcrumbEntry[] = view.breadcrumb();
  const direct: GridMapView = GridMapView.fromGeoJSON(canvas, geojson, { datum: 'gcj02', idProperty: 'id', show: 'community' });
  // @ts-expect-error: a GridMapView is no GridMap
  GridMapView.fromGridMap(canvas, direct, {});
  // the style keys are typed (GridMapStyle): the view throws OPTIONS_INVALID for any other
  const style: GridMapStyle = { background: null, gridStroke: { color: '#ffffff', widthCss: 0.75 }, labels: false };
  view.setStyle(style);
  view.setStyle({ fontSizeCss: 14, hoverFill: '#ffffff40' });
  // @ts-expect-error: an unknown style key (labelColour for labelColor)
  view.setStyle({ labelColour: '#000000' });
  // @ts-expect-error: a stroke needs its width
  GridMapView.fromGridMap(canvas, map, { style: { gridStroke: { color: '#ffffff' } } });
  // levels and the view state are typed (CellLevel, ViewState); points are [x, y] arrays
  view.showLevel('community', 8);
  // @ts-expect-error: no such level
  view.showLevel('province');
  const state: ViewState = view.viewState();
  const zoom: number = state.zoom + state.center[0];
  const [px, py]: [number, number] = view.project(118.1, 24.45);
  void zoom; void px; void py;
  // pickMarker and report are typed (MarkerHit | null, GeometryReport), not any
  view.addPoints('event', new Float64Array([118.08, 24.45]), new Uint32Array([7]), 40);
  const hit: MarkerHit | null = view.pickMarker(px, py);
  if (hit) {
    const kind: 'event' | 'serviceSite' = hit.kind;
    const [hitLng, hitLat]: [number, number] = hit.lnglat;
    const firstId: number = hit.firstId + hit.count + hit.layer;
    void kind; void hitLng; void hitLat; void firstId;
  }
  // @ts-expect-error: the field is firstId
  void view.pickMarker(px, py)?.firstID;
  // @ts-expect-error: a marker may be missing (null)
  void view.pickMarker(px, py).count;
  const report: GeometryReport = view.report();
  const dropped: number = report.invalidVertices + report.degenerateRings;
  // @ts-expect-error: the field is invalidVertices
  void view.report().invalidVertex;
  void dropped;
  view.free();
  direct.free();
  void crumbs;
  map.free();
  const View: typeof GridMapView = GridMapView;

  await initTally();
  const r: TallyResult = tally({ snapshot, ballots });
  const text: string = tallyJson(JSON.stringify({ snapshot, ballots }));
  const roster = new Roster(snapshot);
  const hash: string = roster.hash;
  roster.free();

  const d: Diagnostics = diagnostics(geojson, { datum: 'gcj02', minAreaM2: 1 });
  const overlap: number = d.overlaps.length ? d.overlaps[0].areaM2 : 0;

  // jinlin/worker: the same Assignment, from a Web Worker, with progress and cancellation
  const geocoder = new GeocodeWorker({ compat: false, workerUrl: '/assets/geocode.js' });
  const loaded: LoadedMap = await geocoder.load(geojson, { datum: 'gcj02' });
  const controller = new AbortController();
  const jobOptions: WorkerAssignOptions = {
    datum: 'wgs84', persons: new Uint8Array([1, 2]), chunk: DEFAULT_CHUNK, signal: controller.signal, transfer: false,
    onProgress: (p: Progress) => { const share: number = p.done / p.total; void share; },
  };
  const job: GeocodeJob = geocoder.assign(new Float64Array([118.08, 24.45, 118.09, 24.46]), jobOptions);
  job.cancel();
  const fromWorker: Assignment = await job.result.catch((e: Error & { code?: WorkerErrorCode }) => {
    if (e.code === 'GEOCODE_CANCELLED') return result;
    throw e;
  });
  const routed: Located | null = await geocoder.locate(118.08, 24.45, where);
  const workerCells = await geocoder.cells();
  const inChunks: Assignment = await assignInChunks(GridMap.fromGeoJSON(geojson, {}), new Float64Array(0), { datum: 'gcj02' }, { chunk: 2 });
  // @ts-expect-error: chunk is a number of households
  geocoder.assign(new Float64Array(0), { chunk: '100' });
  geocoder.terminate();
  void loaded; void fromWorker; void routed; void workerCells; void inChunks;

  return { compat, hasSignExt, v, cells, households, assigned, worker, cellId, wgs, View, r, text, hash, overlap };
}
