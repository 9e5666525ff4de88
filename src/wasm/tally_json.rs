//! What the tally adapters share: JSON-shaped values in and out through serde_json, errors
//! mapped to a JS `Error` with a `code`, and NFC from the engine.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::js_error;
#[cfg(feature = "tally-announce")]
use crate::tally::AnnouncementStatus;
use crate::tally::TallyError;

/// NFC by the engine's `String.prototype.normalize` when the module is built without
/// unicode-normalization's tables (the package's `jinlin/tally` module).
#[cfg(not(feature = "nfc-tables"))]
#[wasm_bindgen(start)]
fn start() {
    crate::tally::set_normalizer(|text| {
        String::from(js_sys::JsString::from(text).normalize("NFC"))
    });
}

/// A tally error as a JS `Error` with its `code`.
pub(super) fn err(e: TallyError) -> JsValue {
    let js = js_error(e.code(), &e.to_string());
    // a log entry's malformed stored hash: `fault` and `index` as `verifyChain` gives them, so
    // that one handler serves reading and verifying a log
    if let TallyError::InvalidHash { entry: Some(i), .. } = e {
        let _ = js_sys::Reflect::set(&js, &"fault".into(), &"INVALID_HASH".into());
        let _ = js_sys::Reflect::set(&js, &"index".into(), &JsValue::from_f64(i as f64));
    }
    js
}

/// Reads a JSON-shaped JS value through `JSON.stringify` and serde_json, the deserialiser the
/// text entry points (`tallyJson`, `Roster.fromJson`) need anyway: one set of serde
/// monomorphisations instead of two keeps the module within its size budget (issue #5).
pub(super) fn from_js<T: DeserializeOwned>(what: &str, value: JsValue) -> Result<T, JsValue> {
    let text = if value.is_undefined() {
        None
    } else {
        js_sys::JSON::stringify(&value)
            .map_err(|_| js_error("TALLY_INVALID_JSON", &format!("{what}: not JSON-shaped")))?
            .as_string()
    };
    if value.is_string() {
        // a JSON text where the parsed object belongs: say which call takes text, rather than
        // echo the whole text in a type error
        return Err(js_error(
            "TALLY_INVALID_JSON",
            &format!("{what}: a string was given where an object is expected; pass the parsed object, or give the text to the Json variant (Roster.fromJson, roster.ballotsJson, roster.logJson, tallyJson)"),
        ));
    }
    serde_json::from_str(text.as_deref().unwrap_or("null")).map_err(|e| {
        // the caller passed an object, not JSON: a syntax error's line and column are in the
        // JSON.stringify text, which also writes NaN and ±Infinity as null
        let note = if e.is_syntax() || e.is_eof() {
            " (read as the object's JSON.stringify text, where lines and columns count; a string with a lone surrogate such as \"\\ud800\" is not valid JSON)"
        } else {
            ""
        };
        js_error("TALLY_INVALID_JSON", &format!("{what}: {e}{note}"))
    })
}

/// Writes a value as JSON text by serde_json and parses it with `JSON.parse`: plain objects,
/// arrays, strings, numbers and `null`, as serde-wasm-bindgen's JSON-compatible serialiser gave.
pub(super) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text =
        serde_json::to_string(value).map_err(|e| js_error("TALLY_INVALID_JSON", &e.to_string()))?;
    js_sys::JSON::parse(&text)
}

/// The `status` argument of `announcement` / `announcementSvg`: `OPTIONS_INVALID` naming the
/// two shapes it takes when it is neither (serde's message names a Rust type).
#[cfg(feature = "tally-announce")]
pub(super) fn status_from_js(value: JsValue) -> Result<AnnouncementStatus, JsValue> {
    from_js("status", value).map_err(|_| {
        js_error(
            "OPTIONS_INVALID",
            "status: expected { status: \"final\" } or { status: \"preliminary\", objection_period_ends: \"2024-07-15\" } (a date or an RFC 3339 instant)",
        )
    })
}
