//! The JavaScript edge: thin adapters over the core. The only module that imports
//! wasm-bindgen, js-sys and web-sys.

#[cfg(any(feature = "grid", feature = "render"))]
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

#[cfg(feature = "diagnostics")]
mod diagnostics;
#[cfg(feature = "grid")]
mod grid;
#[cfg(feature = "render")]
mod render;
#[cfg(feature = "tally")]
mod tally;
#[cfg(feature = "tally-announce")]
mod tally_announce;
#[cfg(any(feature = "tally", feature = "tally-announce"))]
mod tally_json;

// Types the grid adapter's declarations name but that live in the core (which has no tsify).
#[cfg(feature = "grid")]
#[wasm_bindgen(typescript_custom_section)]
const TS_GRID_TYPES: &'static str = r#"
/** A geodetic datum: `"wgs84"`, `"gcj02"` (AMap, Tencent, WeChat) or `"bd09"` (Baidu). */
export type Datum = "wgs84" | "gcj02" | "bd09";
/** The level of a grid map cell: street (街道) › community (社区) › grid (网格). */
export type Level = "street" | "community" | "grid";
"#;

/// An error of the core with a stable code.
#[cfg(any(feature = "grid", feature = "render", feature = "diagnostics"))]
pub(crate) trait Coded: std::fmt::Display {
    /// The stable code carried as `error.code`.
    fn code(&self) -> &'static str;
}

/// Builds a JS `Error` whose `code` property carries a stable error code.
pub(crate) fn js_error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

#[cfg(any(feature = "grid", feature = "render", feature = "diagnostics"))]
impl Coded for crate::grid::GridError {
    fn code(&self) -> &'static str {
        self.code()
    }
}

/// Maps a core error to a JS `Error` with its `code`.
#[cfg(any(feature = "grid", feature = "render", feature = "diagnostics"))]
pub(crate) fn to_js<E: Coded>(e: E) -> JsValue {
    js_error(e.code(), &e.to_string())
}

/// Reads `object[key]`; `undefined` when `object` is `undefined` or `null`.
#[cfg(any(feature = "grid", feature = "diagnostics"))]
pub(crate) fn get(object: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    if object.is_undefined() || object.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    if !object.is_object() {
        return Err(js_error("OPTIONS_INVALID", "options must be an object"));
    }
    js_sys::Reflect::get(object, &JsValue::from_str(key))
}

/// Fails with `OPTIONS_INVALID` when `options` is not `undefined`, `null` or an object, or has a
/// key that is not in `allowed` (a typo would otherwise be ignored silently).
#[cfg(any(feature = "grid", feature = "diagnostics"))]
pub(crate) fn check_options(options: &JsValue, allowed: &[&str]) -> Result<(), JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(());
    }
    if !options.is_object() || js_sys::Array::is_array(options) {
        return Err(js_error("OPTIONS_INVALID", "options must be an object"));
    }
    let object: &js_sys::Object = options.unchecked_ref();
    for key in js_sys::Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !allowed.contains(&key.as_str()) {
            return Err(js_error(
                "OPTIONS_INVALID",
                &format!("unknown option {key:?}; expected one of {allowed:?}"),
            ));
        }
    }
    Ok(())
}

/// Deserialises an optional option value; `None` for `undefined`/`null`.
#[cfg(any(feature = "grid", feature = "render"))]
pub(crate) fn from_js<T: DeserializeOwned>(
    value: JsValue,
    name: &str,
) -> Result<Option<T>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    serde_wasm_bindgen::from_value(value)
        .map(Some)
        .map_err(|e| js_error("OPTIONS_INVALID", &format!("option {name}: {e}")))
}

/// The crate version, e.g. `"0.1.0"`.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
