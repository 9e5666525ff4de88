// GridMap (grid module) and GridMapView (render module) live in two wasm modules with separate
// memories, so a GridMap cannot be handed to the render module. The root entry links them here:
// `GridMap.fromGeoJSON` remembers each map's GeoJSON text and reading options (a WeakMap, so
// the text goes when the map is collected), and `GridMapView.fromGridMap(canvas, gridMap,
// options)` builds the view with `GridMapView.fromGeoJSON` from them: the render module reads
// the same cells in the same order (sorted by id), so cell numbers are the map's indices.
// ES2017.

/** @param {any} GridMap @param {any} GridMapView */
export function linkGridMapView(GridMap, GridMapView) {
  if (GridMap.__jinlinLinked) return;
  var sources = new WeakMap();
  var fromGeoJSON = GridMap.fromGeoJSON;
  Object.defineProperty(GridMap, '__jinlinLinked', { value: true });
  GridMap.fromGeoJSON = function (geojson, options) {
    var map = fromGeoJSON.call(GridMap, geojson, options);
    var text = typeof geojson === 'string' ? geojson : JSON.stringify(geojson);
    var read = {};
    if (options !== undefined && options !== null) {
      if (options.datum !== undefined) read.datum = options.datum;
      if (options.idProperty !== undefined) read.idProperty = options.idProperty;
      // The same caps, so that a map read with raised caps is read by the render module too.
      if (options.maxCells !== undefined) read.maxCells = options.maxCells;
      if (options.maxVertices !== undefined) read.maxVertices = options.maxVertices;
    }
    sources.set(map, { text: text, read: read });
    return map;
  };
  GridMapView.fromGridMap = function (canvas, gridMap, options) {
    var source = gridMap !== null && typeof gridMap === 'object' ? sources.get(gridMap) : undefined;
    if (source === undefined) {
      var err = new Error('gridMap must be a GridMap made by GridMap.fromGeoJSON of this package');
      err.code = 'OPTIONS_INVALID';
      throw err;
    }
    if (options !== undefined && options !== null &&
      (options.datum !== undefined || options.idProperty !== undefined)) {
      var err2 = new Error('options datum and idProperty are for GridMapView.fromGeoJSON, not GridMapView.fromGridMap');
      err2.code = 'OPTIONS_INVALID';
      throw err2;
    }
    return GridMapView.fromGeoJSON(canvas, source.text, Object.assign({}, options, source.read));
  };
}
