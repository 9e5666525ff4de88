// Geocoding of large inputs in chunks (issue #5, "off the main thread"): `GridMap.assign` over
// slices of the positions, merged into exactly the result of one call, with progress after each
// chunk, a yield to the event loop between chunks (so that a cancel message gets through) and
// cancellation by an AbortSignal. Used by the geocoding worker (./entry.js) and usable on any
// thread (a WeChat mini-program worker, Node.js). ES2017, no dependencies.
//
// Why the merge is exact: a position's cell depends on that position alone (the boundary rule
// and the datum conversion are per position), so the cells of the slices concatenate to the
// cells of the whole; households and persons per cell, rolled up to community and street, are
// sums over positions, so the per-slice counts add up to the counts of the whole (integers, exact
// in a Float64Array below 2^53); the summary's fields are counts too.

/** Households per chunk when none is given. */
export var DEFAULT_CHUNK = 20000;

function coded(code, message) {
  var e = new Error(message);
  e.code = code;
  return e;
}

/** The error of a cancelled job: `code` is `"GEOCODE_CANCELLED"`. */
export function cancelledError() {
  return coded('GEOCODE_CANCELLED', 'the geocoding job was cancelled');
}

function checkChunk(chunk) {
  if (chunk === undefined) return DEFAULT_CHUNK;
  if (typeof chunk !== 'number' || !(chunk >= 1) || chunk > 2147483647 || Math.floor(chunk) !== chunk) {
    throw coded('OPTIONS_INVALID', 'chunk must be an integer number of households ≥ 1, got ' + String(chunk));
  }
  return chunk;
}

var HOOKS = ['chunk', 'onProgress', 'signal', 'yield'];

// The hooks object: known keys only (a typo would be ignored silently, and `persons` put here
// instead of in `options` would count every household as one person).
function checkHooks(h) {
  if (typeof h !== 'object' || Array.isArray(h)) throw coded('OPTIONS_INVALID', 'assignInChunks: hooks must be an object');
  Object.keys(h).forEach(function (k) {
    if (k === 'persons' || k === 'datum') {
      throw coded('OPTIONS_INVALID', 'assignInChunks: "' + k + '" is an option of GridMap.assign: pass it in options ' +
        '(the third argument), not in hooks (the fourth: ' + HOOKS.join(', ') + ')');
    }
    if (HOOKS.indexOf(k) < 0) {
      throw coded('OPTIONS_INVALID', 'assignInChunks: unknown hook "' + k + '"; expected one of ' + HOOKS.join(', '));
    }
  });
  ['onProgress', 'yield'].forEach(function (k) {
    if (h[k] !== undefined && typeof h[k] !== 'function') {
      throw coded('OPTIONS_INVALID', 'assignInChunks: hooks.' + k + ' must be a function');
    }
  });
}

function isNumberList(a) {
  if (Array.isArray(a)) return true;
  return ArrayBuffer.isView(a) && !(a instanceof DataView) && typeof a.subarray === 'function';
}

// True when the input can be sliced: positions a Float64Array of even length, persons absent or
// one valid count (an integer in 0 ..= 4294967295) per position. Anything else goes to
// `GridMap.assign` in one call, which then throws exactly the error it throws on any thread
// (GEOCODE_ODD_LENGTH, GEOCODE_PERSONS_LENGTH, OPTIONS_INVALID with the index at fault, …).
function sliceable(positions, persons) {
  if (!(positions instanceof Float64Array) || positions.length % 2 !== 0) return false;
  if (persons === undefined || persons === null) return true;
  if (!isNumberList(persons) || persons.length !== positions.length / 2) return false;
  for (var i = 0; i < persons.length; i++) {
    var v = persons[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 4294967295) || Math.floor(v) !== v) return false;
  }
  return true;
}

/** A macrotask: lets queued messages (a cancel) be handled before the next chunk. */
export function nextTask() {
  return new Promise(function (resolve) {
    if (typeof MessageChannel === 'function') {
      var ch = new MessageChannel();
      ch.port1.onmessage = function () { ch.port1.close(); resolve(); };
      ch.port2.postMessage(null);
    } else {
      setTimeout(resolve, 0);
    }
  });
}

function slice(list, start, end) {
  return Array.isArray(list) ? list.slice(start, end) : list.subarray(start, end);
}

function report(onProgress, done, total) {
  if (typeof onProgress === 'function') onProgress({ done: done, total: total });
}

/**
 * Puts each household into its grid cell like `grid.assign(positions, options)`, in chunks of
 * `hooks.chunk` households, and resolves to the same result, value for value.
 *
 * # Units
 * As `GridMap.assign`: `positions` interleaved `[lng, lat, …]` in degrees, in `options.datum`
 * (default: the map's datum).
 *
 * # Errors
 * Rejects with the errors of `GridMap.assign` (same `code`s and messages: an input that cannot
 * be sliced is given to it in one call); `OPTIONS_INVALID` when `hooks.chunk` is not an integer
 * ≥ 1, for an unknown key of `hooks` (naming it; `persons` and `datum` belong in `options`) or a
 * hook that is not a function; `GEOCODE_CANCELLED` when `hooks.signal` is aborted before the
 * last chunk.
 *
 * @param {{ assign(positions: any, options: any): any }} grid a `GridMap`
 * @param {Float64Array | number[]} positions
 * @param {{ datum?: string, persons?: ArrayLike<number> }} [options] the options of `GridMap.assign`
 * @param {{ chunk?: number, onProgress?: (p: { done: number, total: number }) => void,
 *   signal?: { aborted: boolean }, yield?: () => Promise<void> }} [hooks] households per chunk
 *   (default 20000); called after each chunk; cancels; what to await between chunks (default: a
 *   macrotask)
 * @returns {Promise<any>} the `Assignment`
 */
export async function assignInChunks(grid, positions, options, hooks) {
  var h = hooks === undefined || hooks === null ? {} : hooks;
  checkHooks(h);
  var chunk = checkChunk(h.chunk);
  var pause = typeof h.yield === 'function' ? h.yield : nextTask;
  var cancelled = function () { return h.signal !== undefined && h.signal !== null && h.signal.aborted === true; };
  if (cancelled()) throw cancelledError();
  var persons = options !== null && typeof options === 'object' && !Array.isArray(options) ? options.persons : undefined;
  // The map's cap applies to the whole input, as for one `assign` call: over it, that one call
  // throws GEOCODE_TOO_MANY_POSITIONS before anything is copied.
  var overCap = positions !== null && typeof positions === 'object' && typeof grid.maxPositions === 'number' &&
    typeof positions.length === 'number' && positions.length / 2 > grid.maxPositions;
  if (overCap || !sliceable(positions, persons)) {
    var whole = grid.assign(positions, options);
    report(h.onProgress, whole.summary.positions, whole.summary.positions);
    return whole;
  }
  var withPersons = persons !== undefined && persons !== null;
  var n = positions.length / 2;
  var out = null;
  for (var start = 0; start < n || out === null; start += chunk) {
    var end = Math.min(n, start + chunk);
    if (start > 0) {
      await pause();
      if (cancelled()) throw cancelledError();
    }
    var partOptions = options;
    if (withPersons) {
      partOptions = Object.assign({}, options);
      partOptions.persons = slice(persons, start, end);
    }
    var part = grid.assign(positions.subarray(2 * start, 2 * end), partOptions);
    if (out === null) {
      var cell = new Int32Array(n);
      cell.set(part.cell, 0);
      out = {
        cell: cell,
        households: part.households,
        persons: part.persons,
        totalPersons: part.totalPersons,
        summary: {
          positions: n,
          assigned: part.summary.assigned,
          outside: part.summary.outside,
          invalid: part.summary.invalid,
          boundaryTies: part.summary.boundaryTies,
        },
      };
    } else {
      out.cell.set(part.cell, start);
      for (var k = 0; k < out.households.length; k++) {
        out.households[k] += part.households[k];
        out.persons[k] += part.persons[k];
      }
      out.totalPersons += part.totalPersons;
      out.summary.assigned += part.summary.assigned;
      out.summary.outside += part.summary.outside;
      out.summary.invalid += part.summary.invalid;
      out.summary.boundaryTies += part.summary.boundaryTies;
    }
    report(h.onProgress, end, n);
  }
  return out;
}
