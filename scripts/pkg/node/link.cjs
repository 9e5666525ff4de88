// CommonJS copy of ../link.js (kept identical in behaviour; see there).
'use strict';

/** @param {any} GridMap @param {any} GridMapView */
function linkGridMapView(GridMap, GridMapView) {
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
module.exports = { linkGridMapView: linkGridMapView };
