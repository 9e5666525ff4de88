//! The JavaScript edge: thin adapters over the core. The only module that imports
//! wasm-bindgen, js-sys and web-sys.

use wasm_bindgen::prelude::*;

/// Builds a JS `Error` whose `code` property carries a stable error code.
pub(crate) fn js_error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

mod tally;
