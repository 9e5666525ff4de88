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

#[cfg(any(feature = "grid", feature = "render"))]
#[wasm_bindgen]
extern "C" {
    /// The engine's `TextEncoder` (UTF-8).
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = TextEncoder, catch)]
    fn new() -> Result<Utf8Encoder, JsValue>;
    /// `encodeInto(source, destination)`: `{ read, written }`.
    #[wasm_bindgen(method, js_class = TextEncoder, js_name = encodeInto, catch)]
    fn encode_into(
        this: &Utf8Encoder,
        source: &js_sys::JsString,
        destination: &mut [u8],
    ) -> Result<js_sys::Object, JsValue>;
}

#[cfg(any(feature = "grid", feature = "render"))]
thread_local! {
    /// A `TextEncoder` that has `encodeInto` (Chrome 74, iOS 14.5), or `None`.
    static ENCODER: Option<Utf8Encoder> = Utf8Encoder::new().ok().filter(|e| {
        js_sys::Reflect::get(e, &JsValue::from_str("encodeInto")).is_ok_and(|f| f.is_function())
    });
}

/// A JS string as a Rust `String` (lone surrogates become U+FFFD, as `TextEncoder` makes them),
/// or `None` when `value` is not a string. For long texts (a GeoJSON map): one
/// `encodeInto` of the whole string straight into a buffer in wasm memory. wasm-bindgen's
/// `as_string` copies the ASCII head char by char in JS and encodes the rest from a slice of
/// the string, which the engine reads more slowly than the string itself (Chromium, the
/// Siming map of 953 k UTF-16 units: ≈ 5 ms against ≈ 2.5 ms). Without `encodeInto`, or when
/// the buffer cannot be had, `as_string`.
#[cfg(any(feature = "grid", feature = "render"))]
pub(crate) fn long_string(value: &JsValue) -> Option<String> {
    let s = value.dyn_ref::<js_sys::JsString>()?;
    let units = s.length() as usize;
    ENCODER
        .with(|encoder| {
            let encoder = encoder.as_ref()?;
            // at most 3 bytes per UTF-16 unit
            let mut bytes = Vec::new();
            bytes.try_reserve_exact(units.checked_mul(3)?).ok()?;
            bytes.resize(units * 3, 0);
            let done = encoder.encode_into(s, &mut bytes).ok()?;
            let field = |name: &str| {
                js_sys::Reflect::get(&done, &JsValue::from_str(name))
                    .ok()?
                    .as_f64()
            };
            let (read, written) = (field("read")?, field("written")?);
            if read != units as f64 || !(written >= 0.0 && written <= bytes.len() as f64) {
                return None;
            }
            bytes.truncate(written as usize);
            String::from_utf8(bytes).ok()
        })
        .or_else(|| value.as_string())
}

/// The GeoJSON argument of `fromGeoJSON`: its text or its UTF-8 bytes.
#[cfg(feature = "grid")]
pub(crate) enum GeoJsonInput {
    /// A string.
    Text(String),
    /// An object, serialised with `JSON.stringify`.
    Object(String),
    /// The bytes of a `Uint8Array`, an `ArrayBuffer` or a `DataView`, copied once into wasm
    /// memory (UTF-8 not yet checked).
    Bytes(Vec<u8>),
}

#[cfg(feature = "grid")]
impl GeoJsonInput {
    /// Reads `fromGeoJSON`'s argument: a string, a `Uint8Array`, `ArrayBuffer` or `DataView`
    /// (the bytes it views, `byteOffset` and `byteLength` respected) of UTF-8 bytes, or a
    /// parsed object. `GEOJSON_INVALID_JSON` for anything else, an object that
    /// `JSON.stringify` refuses, or a fetch `Response`, `Blob` or `Promise` (the message says
    /// what to pass instead: `JSON.stringify` would make them `{}`).
    pub(crate) fn from_js(geojson: &JsValue) -> Result<Self, JsValue> {
        let view = if let Some(bytes) = geojson.dyn_ref::<js_sys::Uint8Array>() {
            Some(bytes.clone())
        } else if let Some(b) = geojson.dyn_ref::<js_sys::ArrayBuffer>() {
            Some(js_sys::Uint8Array::new(b))
        } else {
            // the bytes a DataView views (other typed arrays are not bytes: read as objects)
            geojson.dyn_ref::<js_sys::DataView>().map(|v| {
                js_sys::Uint8Array::new_with_byte_offset_and_length(
                    &v.buffer(),
                    v.byte_offset() as u32,
                    v.byte_length() as u32,
                )
            })
        };
        if let Some(view) = view {
            // one copy into wasm memory; a buffer that does not fit is an error, not an abort
            let n = view.length() as usize;
            let mut bytes = Vec::new();
            if bytes.try_reserve_exact(n).is_err() {
                return Err(js_error(
                    "GEOJSON_INVALID_JSON",
                    &format!("geojson: {n} bytes do not fit in wasm memory"),
                ));
            }
            bytes.resize(n, 0);
            view.copy_to(&mut bytes);
            return Ok(Self::Bytes(bytes));
        }
        if let Some(text) = long_string(geojson) {
            return Ok(Self::Text(text));
        }
        if let Some(hint) = body_hint(geojson) {
            return Err(js_error("GEOJSON_INVALID_JSON", &hint));
        }
        if geojson.is_object() {
            let text = js_sys::JSON::stringify(geojson)
                .map_err(|_| js_error("GEOJSON_INVALID_JSON", "geojson could not be serialised"))?;
            return Ok(Self::Object(text.into()));
        }
        Err(js_error(
            "GEOJSON_INVALID_JSON",
            "geojson must be a GeoJSON string, a Uint8Array, ArrayBuffer or DataView of its UTF-8 bytes, or an object",
        ))
    }

    /// Reads and validates the grid map (`GridMap::from_geojson` or `from_geojson_bytes`);
    /// a coded JS error else. An object's JSON or coordinate errors say that it was read as
    /// its `JSON.stringify` text, where NaN and ±Infinity are `null` and a lone surrogate is
    /// invalid (the caller never wrote JSON: "line 1, column 11444" and `null` need saying).
    pub(crate) fn read(
        &self,
        options: &crate::grid::GridOptions,
    ) -> Result<crate::grid::GridMap, JsValue> {
        let result = match self {
            Self::Text(text) | Self::Object(text) => {
                crate::grid::GridMap::from_geojson(text, options)
            }
            Self::Bytes(bytes) => crate::grid::GridMap::from_geojson_bytes(bytes, options),
        };
        result.map_err(|err| {
            let code = err.code();
            if matches!(self, Self::Object(_))
                && matches!(code, "GEOJSON_INVALID_JSON" | "GEOJSON_INVALID_COORDINATE")
            {
                js_error(
                    code,
                    &format!(
                        "{err} (geojson was an object, read as its JSON.stringify text: there NaN and ±Infinity are null, a string with a lone surrogate such as \"\\ud800\" is not valid JSON, and lines and columns count in that text)"
                    ),
                )
            } else {
                to_js(err)
            }
        })
    }
}

/// What to pass instead of a fetch `Response`, a `Blob` (`File`) or a `Promise` (a thenable),
/// which `JSON.stringify` would write as `{}` (read as "not a FeatureCollection"); `None` for
/// anything else.
#[cfg(feature = "grid")]
fn body_hint(value: &JsValue) -> Option<String> {
    if !value.is_object() {
        return None;
    }
    let get = |v: &JsValue, key: &str| js_sys::Reflect::get(v, &JsValue::from_str(key)).ok();
    let name = get(value, "constructor")
        .and_then(|c| get(&c, "name"))
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    let what = match name.as_str() {
        "Response" => "a Response: pass its body, new Uint8Array(await response.arrayBuffer()) or await response.text()",
        "Blob" | "File" => "a Blob: pass its bytes, new Uint8Array(await blob.arrayBuffer()), or await blob.text()",
        _ if get(value, "then").is_some_and(|t| t.is_function()) => {
            "a Promise: await it first (GridMap.fromGeoJSON(await response.text()))"
        }
        _ => return None,
    };
    Some(format!(
        "geojson: got {what} (a GeoJSON string, a Uint8Array, ArrayBuffer or DataView of its UTF-8 bytes, or a parsed object is expected)"
    ))
}

/// Strings as a JS array of strings (`GridMap.toFlat`'s names): decoded as one string split at
/// NUL, rather than one decoding call per string (the Siming map's 709 names: ≈ 0.6 ms in
/// Chromium); one by one when a string holds a NUL.
#[cfg(feature = "grid")]
pub(crate) fn string_array(items: &[&str]) -> js_sys::Array {
    if items.is_empty() || items.iter().any(|s| s.contains('\0')) {
        return items.iter().map(|s| JsValue::from_str(s)).collect();
    }
    js_sys::JsString::from(items.join("\0")).split("\0")
}

/// The strings of a JS array whose every element is a string (checked by the caller), read as
/// one string joined at NUL and split again, rather than one encoding call per string
/// (`GridMapView.fromFlat`'s names: ≈ 1 ms for the Siming map's 709 in Chromium); one by one
/// when a string holds a NUL.
#[cfg(feature = "render")]
pub(crate) fn strings_of(array: &js_sys::Array) -> Vec<String> {
    let n = array.length() as usize;
    if n > 0 {
        if let Some(joined) = long_string(&array.join("\0").into()) {
            let parts: Vec<String> = joined.split('\0').map(String::from).collect();
            if parts.len() == n {
                return parts;
            }
        }
    }
    array
        .iter()
        .map(|v| v.as_string().unwrap_or_default())
        .collect()
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
#[cfg(any(feature = "grid", feature = "diagnostics", feature = "render"))]
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
    check_keys(options, allowed, "options")
}

/// As [`check_options`] for the object `what` (`"options"`, `"options.style"`, …), named in the
/// error message.
#[cfg(any(feature = "grid", feature = "diagnostics", feature = "render"))]
pub(crate) fn check_keys(options: &JsValue, allowed: &[&str], what: &str) -> Result<(), JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(());
    }
    if !options.is_object() || js_sys::Array::is_array(options) {
        return Err(js_error(
            "OPTIONS_INVALID",
            &format!("{what} must be an object"),
        ));
    }
    let object: &js_sys::Object = options.unchecked_ref();
    for key in js_sys::Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !allowed.contains(&key.as_str()) {
            return Err(js_error(
                "OPTIONS_INVALID",
                &format!("unknown option {key:?} in {what}; expected one of {allowed:?}"),
            ));
        }
    }
    Ok(())
}

/// The field names of the struct `T` as serde reads them (after `rename_all`), e.g. to reject
/// unknown keys of a JS object: serde-wasm-bindgen reads only the fields it knows, so
/// `deny_unknown_fields` never sees the others. Empty when `T` is not a struct.
#[cfg(feature = "render")]
pub(crate) fn field_names<'de, T: serde::Deserialize<'de>>() -> &'static [&'static str] {
    use serde::de::{Error, Visitor};
    struct Probe<'a>(&'a mut &'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for Probe<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(Self::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(Self::Error::custom("probed"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Probe(&mut fields));
    fields
}

/// Deserialises an optional option value; `None` for `undefined`/`null`. `OPTIONS_INVALID`
/// otherwise, naming the option as JS spells it: when `value` is an object (a struct of
/// options) whose reading fails, the first key that fails on its own is named,
/// `options.widthCss: invalid type: string "400", expected f64`, rather than serde's bare
/// message (nested objects: read them first with their own path, as the view's options do).
#[cfg(any(feature = "grid", feature = "render"))]
pub(crate) fn from_js<T: DeserializeOwned>(
    value: JsValue,
    name: &str,
) -> Result<Option<T>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match serde_wasm_bindgen::from_value(value.clone()) {
        Ok(v) => Ok(Some(v)),
        Err(e) => Err(option_error(&value, name, e, &|one| {
            serde_wasm_bindgen::from_value::<T>(one).err()
        })),
    }
}

/// As [`from_js`] for a value that is not an object of options (a level, a kind, a list):
/// `OPTIONS_INVALID` naming `name` with serde's message, no key search (which would cost the
/// module a copy per type).
#[cfg(any(feature = "grid", feature = "render"))]
pub(crate) fn value_from_js<T: DeserializeOwned>(
    value: JsValue,
    name: &str,
) -> Result<Option<T>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    serde_wasm_bindgen::from_value(value)
        .map(Some)
        .map_err(|e| option_error(&JsValue::UNDEFINED, name, e, &|_| None))
}

/// The error of [`from_js`] (not generic, to keep one copy in the module): names the first
/// key of the object `value` that `probe` (reading an object of that key alone) fails on, else
/// `name`. A key that fails only for missing its required siblings is not the culprit.
#[cfg(any(feature = "grid", feature = "render"))]
#[cold]
#[inline(never)]
fn option_error(
    value: &JsValue,
    name: &str,
    err: serde_wasm_bindgen::Error,
    probe: &dyn Fn(JsValue) -> Option<serde_wasm_bindgen::Error>,
) -> JsValue {
    let mut what = name.to_string();
    let mut message = err.to_string();
    if value.is_object() && !js_sys::Array::is_array(value) {
        for entry in js_sys::Object::entries(value.unchecked_ref()).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            let one = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&one, &pair.get(0), &pair.get(1));
            if let Some(m) = probe(one.into()).map(|e| e.to_string()) {
                if !bare(&m).starts_with("missing field") {
                    what = format!("{name}.{}", pair.get(0).as_string().unwrap_or_default());
                    message = m;
                    break;
                }
            }
        }
    }
    // serde's message without the JS `Error: ` prefix (a prefix test: a substring search
    // would cost the module a few KB)
    js_error(
        "OPTIONS_INVALID",
        &format!("{what}: {}", in_js_terms(bare(&message))),
    )
}

/// serde's message in JS terms: Rust's number types and `unit` (JS `null`) are named as a JS
/// caller knows them (`expected u32` → `expected an integer ≥ 0`). By prefixes, suffixes and
/// one scan of byte windows (a `str` substring search would cost the modules a few KB).
#[cfg(any(feature = "grid", feature = "render"))]
fn in_js_terms(m: &str) -> String {
    let m = m
        .strip_prefix("invalid type: unit value")
        .map_or_else(|| m.to_string(), |rest| format!("invalid type: null{rest}"));
    for (rust, js) in [
        ("expected u8", "expected an integer ≥ 0"),
        ("expected u32", "expected an integer ≥ 0"),
        ("expected usize", "expected an integer ≥ 0"),
        ("expected f64", "expected a number"),
    ] {
        if let Some(head) = m.strip_suffix(rust) {
            return format!("{head}{js}");
        }
    }
    // `expected struct Stroke` (the Rust type's name) → `expected an object`
    const STRUCT: &[u8] = b"expected struct ";
    if let Some(i) = m
        .as_bytes()
        .windows(STRUCT.len())
        .rposition(|w| w == STRUCT)
    {
        return format!("{}expected an object", &m[..i]);
    }
    m
}

#[cfg(any(feature = "grid", feature = "render"))]
fn bare(m: &str) -> &str {
    m.strip_prefix("Error: ").unwrap_or(m)
}

/// Reads a list of numbers: a `Float64Array` (copied), another typed array of numbers (not
/// `BigInt64Array`/`BigUint64Array`), or an `Array` whose every element is a number
/// (`typeof x === "number"`: numeric strings are not numbers). `Ok(None)` for anything else, so
/// that the caller names what it expected; an `Array` with an element that is not a number is
/// `code` naming `what[i]`.
#[cfg(any(feature = "grid", feature = "render"))]
pub(crate) fn numbers_from_js(
    value: &JsValue,
    what: &str,
    code: &str,
) -> Result<Option<Vec<f64>>, JsValue> {
    if let Some(a) = value.dyn_ref::<js_sys::Float64Array>() {
        return Ok(Some(a.to_vec()));
    }
    if js_sys::ArrayBuffer::is_view(value) {
        if value.is_instance_of::<js_sys::DataView>()
            || value.is_instance_of::<js_sys::BigInt64Array>()
            || value.is_instance_of::<js_sys::BigUint64Array>()
        {
            return Err(js_error(
                code,
                &format!(
                    "{what} must be an array or typed array of numbers, not a DataView or BigInt array"
                ),
            ));
        }
        return Ok(Some(js_sys::Float64Array::new(value).to_vec()));
    }
    let Some(array) = value.dyn_ref::<js_sys::Array>() else {
        return Ok(None);
    };
    let mut out = Vec::with_capacity(array.length() as usize);
    for (i, v) in array.iter().enumerate() {
        match v.as_f64() {
            Some(x) => out.push(x),
            None => {
                return Err(js_error(
                    code,
                    &format!(
                        "{what}[{i}] is not a number ({}); numeric strings are not read as numbers",
                        type_name(&v)
                    ),
                ))
            }
        }
    }
    Ok(Some(out))
}

/// `typeof value`, or `"null"`, for messages.
#[cfg(any(feature = "grid", feature = "render"))]
pub(crate) fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

/// Reads integers in `min ..= max` as [`numbers_from_js`] reads numbers, `OPTIONS_INVALID` (or
/// `code`) naming `what[i]`, its value and the range otherwise: a plain array of numbers would
/// otherwise wrap modulo 2³² on its way into a `Uint32Array`.
#[cfg(any(feature = "grid", feature = "render"))]
pub(crate) fn integers_from_js(
    value: &JsValue,
    what: &str,
    code: &str,
    min: f64,
    max: f64,
) -> Result<Vec<f64>, JsValue> {
    let numbers = numbers_from_js(value, what, code)?.ok_or_else(|| {
        js_error(
            code,
            &format!("{what} must be a typed array or an array of integers"),
        )
    })?;
    if let Some((i, v)) = numbers
        .iter()
        .enumerate()
        .find(|(_, &v)| !(v >= min && v <= max && v.fract() == 0.0))
    {
        return Err(js_error(
            code,
            &format!(
                "{what}[{i}] = {} is not an integer in {min} ..= {max}",
                crate::text::js_number(*v)
            ),
        ));
    }
    Ok(numbers)
}

/// A number argument (`typeof x === "number"`), or `OPTIONS_INVALID` naming it: wasm-bindgen
/// would convert a string or an object with `Number(x)`.
#[cfg(any(feature = "grid", feature = "render"))]
pub(crate) fn number_arg(value: &JsValue, what: &str) -> Result<f64, JsValue> {
    value.as_f64().ok_or_else(|| {
        js_error(
            "OPTIONS_INVALID",
            &format!("{what} must be a number, got {}", type_name(value)),
        )
    })
}

/// A cell number argument: an integer in `0 ..= 4294967295`, or `OPTIONS_INVALID` naming
/// `what` and the value (wasm-bindgen would make `NaN` 0 and `-5` 4294967291).
#[cfg(feature = "render")]
pub(crate) fn cell_arg(value: &JsValue, what: &str) -> Result<u32, JsValue> {
    let v = number_arg(value, what)?;
    if v >= 0.0 && v <= f64::from(u32::MAX) && v.fract() == 0.0 {
        Ok(v as u32)
    } else {
        Err(js_error(
            "OPTIONS_INVALID",
            &format!(
                "{what} must be a cell number (an integer ≥ 0), got {}",
                crate::text::js_number(v)
            ),
        ))
    }
}

/// As [`cell_arg`], `None` for `undefined` or `null`.
#[cfg(feature = "render")]
pub(crate) fn optional_cell_arg(value: &JsValue, what: &str) -> Result<Option<u32>, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        cell_arg(value, what).map(Some)
    }
}

/// The crate version, e.g. `"0.1.0"`.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
