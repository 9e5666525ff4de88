// GridMap (grid module) and GridMapView (render module) live in two wasm modules with separate
// memories, so a GridMap cannot be handed to the render module. The root entry links them here:
// `GridMapView.fromGridMap(canvas, gridMap, options)` copies the map's cells out of the grid
// module as flat typed arrays (`gridMap.toFlat()`: rings, names, levels, parents in cell index
// order) and builds the view with `GridMapView.fromFlat`, so cell numbers are the map's indices
// and the GeoJSON is parsed once, in the grid module. `GridMapView.fromGeoJSON(canvas, geojson,
// options)` reads the GeoJSON with `GridMap.fromGeoJSON` (the same checks and error codes) and
// frees the map once the view is built: the render module has no GeoJSON reader. ES2017.

/**
 * A class break as legend text: rounded to `digits` significant digits (default 6) but never
 * fewer than its integer digits (96401 stays `96401`, 1234567.89 is `1234568`), trailing zeros
 * trimmed; then written as JavaScript writes that number (the shortest decimal that reads back
 * as it). So float noise from arithmetic on the values (`26.400000000000002`,
 * `0.30000000000000004`) reads `26.4`, `0.3`; a break that needs more digits (1/3) is cut to
 * `0.333333`. `legend()` raises `digits` for the whole legend (up to 17, exact) until no two
 * different breaks read the same. Infinite, NaN and numbers of 1e21 and more as `String(x)`;
 * −0 as `0`.
 * @param {number} x
 * @param {number} [digits]
 * @returns {string}
 */
export function formatBreak(x, digits) {
  var p = digits === undefined ? 6 : digits;
  if (x === 0) return '0';
  var ax = Math.abs(x);
  if (!isFinite(x) || ax >= 1e21) return String(x);
  var d = Math.min(100, Math.max(0, p - (Math.floor(Math.log10(ax)) + 1)));
  return String(Number(x.toFixed(d)));
}

/**
 * The significant digits `formatBreak` needs for these breaks: 6, or more (up to 17, which is
 * exact) until no two different breaks read the same.
 * @param {number[]} breaks
 * @returns {number}
 */
export function breakDigits(breaks) {
  var p = 6;
  for (; p < 17; p++) {
    var seen = {};
    var clash = false;
    for (var i = 0; i < breaks.length && !clash; i++) {
      var t = formatBreak(breaks[i], p);
      clash = Object.prototype.hasOwnProperty.call(seen, t) && seen[t] !== breaks[i];
      seen[t] = breaks[i];
    }
    if (!clash) break;
  }
  return p;
}

/**
 * The range of a legend class as text: `[lo, hi)` (half-open), `[lo, hi]` (`hiIncluded`: the
 * last class of computed breaks), `lo` alone for a class of one value, `< hi` (`openBelow`),
 * `≥ lo` (`openAbove`), `all values` (both: a single manual class). Numbers as `formatBreak`
 * writes them with `digits` significant digits (default 6).
 * @param {{ lo: number, hi: number, hiIncluded: boolean, openBelow: boolean, openAbove: boolean }} c
 * @param {number} [digits]
 */
export function rangeLabel(c, digits) {
  var f = function (x) { return formatBreak(x, digits); };
  if (c.openBelow && c.openAbove) return 'all values';
  if (c.openBelow) return '< ' + f(c.hi);
  if (c.openAbove) return '≥ ' + f(c.lo);
  if (c.lo === c.hi) return f(c.lo);
  return '[' + f(c.lo) + ', ' + f(c.hi) + (c.hiIncluded ? ']' : ')');
}

// The GridMapView methods whose arguments are all numbers, and their names for messages.
var NUMBER_ARGS = {
  pick: ['x', 'y'],
  pickMarker: ['x', 'y'],
  panBy: ['dx', 'dy'],
  zoomAt: ['x', 'y', 'factor'],
  setView: ['lng', 'lat', 'zoom'],
  setZoomLimits: ['minZoom', 'maxZoom'],
  resize: ['widthCss', 'heightCss', 'devicePixelRatio'],
  // `name?`: may be left out (undefined); `-name`: not a number, checked by the module
  fitBounds: ['padding?'],
  drillDown: ['-cell', 'padding?'],
  drillUp: ['padding?'],
  showLevel: ['-level', 'padding?'],
};

/** @param {any} GridMap @param {any} GridMapView */
export function linkGridMapView(GridMap, GridMapView) {
  if (GridMapView.__jinlinLinked) return;
  Object.defineProperty(GridMapView, '__jinlinLinked', { value: true });
  function fromMap(canvas, gridMap, options) {
    var f = gridMap.toFlat();
    return GridMapView.fromFlat(canvas, f.positions, f.ringEnds, f.ringCells, f.ringHoles,
      f.names, f.levels, f.parents, options);
  }
  // legend(): each class's range as text, from the wasm module's fields (written here, in JS,
  // at no cost to the module's size), the breaks rounded as formatBreak says; lo and hi stay
  // the exact breaks
  var legend = GridMapView.prototype.legend;
  GridMapView.prototype.legend = function () {
    var l = legend.call(this);
    if (l !== null && typeof l === 'object' && Array.isArray(l.classes)) {
      var digits = breakDigits([].concat.apply([], l.classes.map(function (c) { return [c.lo, c.hi]; })));
      l.classes.forEach(function (c) { c.label = rangeLabel(c, digits); });
    }
    return l;
  };
  // number arguments: numbers, not coerced by the glue (`pick('200', '150')` would be
  // pick(200, 150), `pick('a', 0)` pick(NaN, 0)): OPTIONS_INVALID naming the argument, as the
  // wasm module does for cell numbers (non-finite numbers are its errors)
  Object.keys(NUMBER_ARGS).forEach(function (method) {
    var specs = NUMBER_ARGS[method];
    var names = specs.map(function (n) { return n.replace(/^-|\?$/g, ''); });
    var fn = GridMapView.prototype[method];
    GridMapView.prototype[method] = function () {
      for (var i = 0; i < specs.length; i++) {
        var a = arguments[i];
        if (specs[i].charAt(0) === '-') continue;
        if (a === undefined && specs[i].slice(-1) === '?') continue;
        if (typeof a !== 'number') {
          var err3 = new Error(method + '(' + names.join(', ') + '): ' + names[i] + ' must be a number' +
            (specs[i].slice(-1) === '?' ? ' or left out' : '') + ', got ' + (a === null ? 'null' : typeof a));
          err3.code = 'OPTIONS_INVALID';
          throw err3;
        }
      }
      return fn.apply(this, arguments);
    };
  });
  // setInteracting(active): a boolean, not coerced by the glue (`setInteracting('false')`
  // would start a gesture)
  var setInteracting = GridMapView.prototype.setInteracting;
  if (setInteracting) {
    GridMapView.prototype.setInteracting = function (active) {
      if (typeof active !== 'boolean') {
        var err4 = new Error('setInteracting(active): active must be true or false, got ' +
          (active === null ? 'null' : typeof active));
        err4.code = 'OPTIONS_INVALID';
        throw err4;
      }
      return setInteracting.call(this, active);
    };
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
    var readOnly = ['datum', 'idProperty', 'maxCells', 'maxVertices'].filter(function (key) {
      return options !== undefined && options !== null && options[key] !== undefined;
    });
    if (readOnly.length > 0) {
      var err2 = new Error('options ' + readOnly.join(', ') + ': for GridMapView.fromGeoJSON (how to read GeoJSON), ' +
        'not GridMapView.fromGridMap (the GridMap is read already: pass them to GridMap.fromGeoJSON)');
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
