// Which build of jinlin's wasm modules this engine can run (DESIGN.md, "Reach"). The default
// build uses multi-value, bulk-memory, sign-ext and non-trapping float-to-int (it is compiled
// without reference types, so that both builds share one JS glue); the compatible build needs
// only the MVP and mutable globals (WeChat's XWeb on Chrome 86, iOS 14). Each probe is a tiny
// module that uses one feature; `WebAssembly.validate` says whether the engine knows it.
// Reference types are probed too, for reports. ES2017, no dependencies.

var PROBES = {
  // (func (result i32) i32.const 0 i32.extend8_s)
  signExt: [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 10, 7, 1, 5, 0, 65, 0, 192, 11],
  // (func (result i32 i32) i32.const 0 i32.const 0)
  multiValue: [0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 0, 2, 127, 127, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 65, 0, 11],
  // (func (param externref))
  referenceTypes: [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 1, 111, 0, 3, 2, 1, 0, 10, 4, 1, 2, 0, 11],
  // (memory 1) (func i32.const 0 i32.const 0 i32.const 0 memory.fill)
  bulkMemory: [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 3, 1, 0, 1, 10, 13, 1, 11, 0, 65, 0, 65, 0, 65, 0, 252, 11, 0, 11],
  // (func (result i32) f32.const 0 i32.trunc_sat_f32_s)
  nontrappingFptoint: [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 10, 11, 1, 9, 0, 67, 0, 0, 0, 0, 252, 0, 11],
};

/** The probe modules by feature name (bytes), for tests. */
export var probes = PROBES;

/** `{ signExt: true, … }`: which post-MVP features this engine validates. */
export function wasmFeatures() {
  var out = {};
  Object.keys(PROBES).forEach(function (name) {
    try {
      out[name] = WebAssembly.validate(new Uint8Array(PROBES[name]));
    } catch (e) {
      out[name] = false;
    }
  });
  return out;
}

function forced() {
  try {
    if (typeof process !== 'undefined' && process.env && process.env.JINLIN_COMPAT === '1') return true;
  } catch (e) { /* no process */ }
  try {
    if (typeof location !== 'undefined' && /[?&]jinlin-compat=1\b/.test(location.search)) return true;
  } catch (e) { /* no location */ }
  return false;
}

/**
 * True when the compatible build must be loaded: the engine lacks a feature the default build
 * uses, or it is forced (`JINLIN_COMPAT=1` in Node.js, `?jinlin-compat=1` in a page URL).
 */
export function needsCompat() {
  if (forced()) return true;
  var f = wasmFeatures();
  return !(f.signExt && f.multiValue && f.bulkMemory && f.nontrappingFptoint);
}
