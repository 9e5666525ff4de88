// GridMap (grid module) and GridMapView (render module) live in two wasm modules with separate
// memories, so a GridMap cannot be handed to the render module. The root entry links them here:
// `GridMapView.fromGridMap(canvas, gridMap, options)` copies the map's cells out of the grid
// module as flat typed arrays (`gridMap.toFlat()`: rings, names, levels, parents in cell index
// order) and builds the view with `GridMapView.fromFlat`, so cell numbers are the map's indices
// and the GeoJSON is parsed once, in the grid module. `GridMapView.fromGeoJSON(canvas, geojson,
// options)` reads the GeoJSON with `GridMap.fromGeoJSON` (the same checks and error codes) and
// frees the map once the view is built: the render module has no GeoJSON reader. ES2017.

/** @param {any} GridMap @param {any} GridMapView */
export function linkGridMapView(GridMap, GridMapView) {
  if (GridMapView.__jinlinLinked) return;
  Object.defineProperty(GridMapView, '__jinlinLinked', { value: true });
  function fromMap(canvas, gridMap, options) {
    var f = gridMap.toFlat();
    return GridMapView.fromFlat(canvas, f.positions, f.ringEnds, f.ringCells, f.ringHoles,
      f.names, f.levels, f.parents, options);
  }
  // setValues: the length checked before the glue copies the array into wasm memory (a huge
  // wrong array would grow the memory for good, or trap when it cannot)
  var setValues = GridMapView.prototype.setValues;
  GridMapView.prototype.setValues = function (values) {
    if (values !== null && typeof values === 'object' && typeof values.length === 'number') {
      var n = this.cellCount;
      if (values.length !== n) {
        var err0 = new Error('values: expected ' + n + ' entries, got ' + values.length);
        err0.code = 'RENDER_VALUES_LENGTH';
        throw err0;
      }
    }
    return setValues.call(this, values);
  };
  GridMapView.fromGridMap = function (canvas, gridMap, options) {
    if (!(gridMap instanceof GridMap)) {
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
    return fromMap(canvas, gridMap, options);
  };
  GridMapView.fromGeoJSON = function (canvas, geojson, options) {
    var read = {};
    var view = options;
    if (options !== undefined && options !== null && typeof options === 'object') {
      view = Object.assign({}, options);
      // How to read the GeoJSON (GridMap.fromGeoJSON's options, caps included); the rest is the view's.
      ['datum', 'idProperty', 'maxCells', 'maxVertices'].forEach(function (key) {
        if (view[key] !== undefined) read[key] = view[key];
        delete view[key];
      });
    }
    var map = GridMap.fromGeoJSON(geojson, read);
    try {
      return fromMap(canvas, map, view);
    } finally {
      map.free();
    }
  };
}
