// The package's types under a plain `strict` tsconfig with the default lib of ES2020 + DOM (no
// `esnext.disposable`), checked by readme.mjs: what run time returns, typed as it returns it.
import { GridMap, GridMapView, initSync, type CellInfo, type Located } from 'jinlin';
import { Roster } from 'jinlin/tally';
import { diagnostics } from 'jinlin/diagnostics';

export function plain(geojson: string, canvas: HTMLCanvasElement): void {
  const map = GridMap.fromGeoJSON(geojson);            // options are optional
  const r = map.assign([118.08, 24.45]);               // a plain array of numbers, no options
  diagnostics(geojson);                                 // options are optional
  const cell: number = r.cell[0];
  const c: CellInfo = map.cells()[0];
  // null at the top and where there is no worker, as at run time
  const parent: string | null = c.parent;
  const parentIndex: number | null = c.parentIndex;
  const worker: string | null = c.worker;
  const at: Located | null = map.locate(118.08, 24.45);
  const routedTo: string | null = at === null ? null : at.worker;
  // @ts-expect-error: parent is null at the top, never undefined
  const wrong: string | undefined = c.parent;
  const view = GridMapView.fromGridMap(canvas, map);   // options are optional
  const flat = map.toFlat();
  GridMapView.fromFlat(canvas, flat.positions, flat.ringEnds, flat.ringCells, flat.ringHoles, flat.names, flat.levels, flat.parents).free();
  const i = view.pick(10, 10);
  if (i !== undefined) view.drillDown(i);
  view.setSelected(undefined);
  view.free();
  map.free();
  void initSync;
  void Roster;
  void [cell, parent, parentIndex, worker, routedTo, wrong];
}
