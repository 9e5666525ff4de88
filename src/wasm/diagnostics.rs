//! JS adapter for the grid map checks (`GridMap::diagnostics`): its own wasm module,
//! `jinlin/diagnostics`, apart from geocoding and drawing (geo's BooleanOps and the geodesic
//! area are a large share of its bytes, and residents' phones never run them).

use wasm_bindgen::prelude::*;

use super::{check_options, get, js_error, to_js};
use crate::crs::Datum;
use crate::grid::{GridMap, GridOptions};

#[wasm_bindgen(typescript_custom_section)]
const TS: &'static str = r#"
/** Options of `diagnostics`. */
export interface DiagnosticsOptions {
  /** Datum of every position in the GeoJSON (default `"wgs84"`). */
  datum?: Datum;
  /** Name of the property holding each feature's unique id (default `"id"`). */
  idProperty?: string;
  /** Areas below this many m² (floating-point slivers) are not reported (default 1; finite, ≥ 0). */
  minAreaM2?: number;
}
/** The geometric problems of a grid map, each with its area in m². All lists are sorted. */
export interface Diagnostics {
  overlaps: { a: string; b: string; areaM2: number }[];
  gaps: { parent: string; areaM2: number }[];
  holes: { bbox: [number, number, number, number]; areaM2: number }[];
  outsideParent: { cell: string; parent: string; areaM2: number }[];
}
/** A geodetic datum: `"wgs84"`, `"gcj02"` (AMap, Tencent, WeChat) or `"bd09"` (Baidu). */
export type Datum = "wgs84" | "gcj02" | "bd09";
"#;

/// `diagnostics(geojson, options)`: reads a grid map (its text, its UTF-8 bytes as a
/// `Uint8Array` or `ArrayBuffer`, or a parsed object; as `GridMap.fromGeoJSON` does) and
/// returns the overlaps between siblings, gaps inside parents, holes in the top level and parts
/// of cells outside their parent, as areas in m².
///
/// # Errors
/// `GEOJSON_…` codes as `GridMap.fromGeoJSON`; `OPTIONS_INVALID` for an unknown option or
/// datum, or a `minAreaM2` that is not a finite number ≥ 0.
#[wasm_bindgen(js_name = diagnostics, unchecked_return_type = "Diagnostics")]
pub fn diagnostics_js(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer | object")]
    geojson: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DiagnosticsOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    check_options(&options, &["datum", "idProperty", "minAreaM2"])?;
    let mut core = GridOptions::default();
    let datum = get(&options, "datum")?;
    if !datum.is_undefined() && !datum.is_null() {
        let name = datum.as_string().unwrap_or_default();
        core.datum = serde_json::from_value::<Datum>(serde_json::Value::String(name.clone()))
            .map_err(|_| {
                js_error(
                    "OPTIONS_INVALID",
                    &format!("unknown datum {name:?} (\"wgs84\", \"gcj02\" or \"bd09\")"),
                )
            })?;
    }
    if let Some(p) = get(&options, "idProperty")?.as_string() {
        core.id_property = p;
    }
    let min = get(&options, "minAreaM2")?;
    let min_area_m2 = match if min.is_undefined() {
        Some(1.0)
    } else {
        min.as_f64()
    } {
        Some(m) if m.is_finite() && m >= 0.0 => m,
        _ => {
            return Err(js_error(
                "OPTIONS_INVALID",
                "minAreaM2 must be a finite number ≥ 0",
            ))
        }
    };
    // its UTF-8 bytes (`await response.arrayBuffer()`), as `GridMap.fromGeoJSON` reads them
    // (not through `GeoJsonInput`, whose DataView, Response and out-of-memory handling would
    // take this module over its 150 KB budget: measured 150.1 KB gzip compatible)
    let bytes = if let Some(b) = geojson.dyn_ref::<js_sys::Uint8Array>() {
        Some(b.to_vec())
    } else {
        geojson
            .dyn_ref::<js_sys::ArrayBuffer>()
            .map(|b| js_sys::Uint8Array::new(b).to_vec())
    };
    let text = match geojson.as_string() {
        Some(text) => text,
        None if bytes.is_some() => String::from_utf8(bytes.unwrap_or_default()).map_err(|e| {
            js_error(
                "GEOJSON_INVALID_JSON",
                &format!(
                    "geojson: the bytes are not UTF-8 (at byte {})",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?,
        None if geojson.is_object() => js_sys::JSON::stringify(&geojson)
            .map_err(|_| js_error("GEOJSON_INVALID_JSON", "geojson could not be serialised"))?
            .into(),
        None => {
            return Err(js_error(
                "GEOJSON_INVALID_JSON",
                "geojson must be a GeoJSON string, a Uint8Array or ArrayBuffer of its UTF-8 bytes, or an object",
            ))
        }
    };
    let grid = GridMap::from_geojson(&text, &core).map_err(to_js)?;
    let json = serde_json::to_string(&grid.diagnostics(min_area_m2))
        .map_err(|e| js_error("INTERNAL", &e.to_string()))?;
    js_sys::JSON::parse(&json)
}
