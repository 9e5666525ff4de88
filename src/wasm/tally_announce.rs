//! JS adapters for the 公示 (announcement) of a tally result given as an object:
//! `announcement(result, …)` and `announcementSvg(result, …)`. Their own wasm module
//! (`pkg/tally/announce`, re-exported by `jinlin/tally`): reading a whole `TallyResult` back
//! from JS is a sixth of the tally module's bytes. `Tally.announcementSvg` (from a count in
//! the tally module) needs none of it.

use wasm_bindgen::prelude::*;

use super::tally_json::{err, from_js, status_from_js, to_js};
use crate::tally::{self as core, Announcement, AnnouncementStatus, TallyResult};

/// `announcement(result, matterId, status)` → the 公示 data model of one matter.
#[wasm_bindgen(js_name = announcement, unchecked_return_type = "Announcement")]
pub fn announcement_js(
    #[wasm_bindgen(unchecked_param_type = "TallyResult")] result: JsValue,
    #[wasm_bindgen(js_name = "matterId")] matter_id: &str,
    #[wasm_bindgen(unchecked_param_type = "AnnouncementStatus")] status: JsValue,
) -> Result<JsValue, JsValue> {
    let (result, status): (TallyResult, AnnouncementStatus) =
        (from_js("result", result)?, status_from_js(status)?);
    to_js(&Announcement::from_result(&result, matter_id, status).map_err(err)?)
}

/// `announcementSvg(result, matterId, status, options?)` → the 公示 as an SVG string,
/// `options.widthPx` wide (an integer in 240–4000, default 900: a phone passes its own width,
/// so the text shows at full size). `OPTIONS_INVALID` for another `options` than an object
/// with only `widthPx`, or a `widthPx` that is not such an integer.
#[wasm_bindgen(js_name = announcementSvg)]
pub fn announcement_svg_js(
    #[wasm_bindgen(unchecked_param_type = "TallyResult")] result: JsValue,
    #[wasm_bindgen(js_name = "matterId")] matter_id: &str,
    #[wasm_bindgen(unchecked_param_type = "AnnouncementStatus")] status: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "{ widthPx?: number }")] options: JsValue,
) -> Result<String, JsValue> {
    let width = width_from_js(&options)?;
    let (result, status): (TallyResult, AnnouncementStatus) =
        (from_js("result", result)?, status_from_js(status)?);
    Ok(core::announcement_svg_width(
        &Announcement::from_result(&result, matter_id, status).map_err(err)?,
        width,
    ))
}

/// `options.widthPx` of `announcementSvg`, by default [`core::ANNOUNCEMENT_WIDTH_PX`].
fn width_from_js(options: &JsValue) -> Result<u32, JsValue> {
    let (lo, hi) = core::ANNOUNCEMENT_WIDTH_RANGE_PX;
    if options.is_undefined() || options.is_null() {
        return Ok(core::ANNOUNCEMENT_WIDTH_PX);
    }
    let bad = |what: String| super::js_error("OPTIONS_INVALID", &what);
    if !options.is_object() {
        return Err(bad("announcementSvg(result, matterId, status, options): options must be an object such as { widthPx: 360 }".into()));
    }
    let keys = js_sys::Object::keys(options.unchecked_ref::<js_sys::Object>());
    for k in keys.iter() {
        let k = k.as_string().unwrap_or_default();
        if k != "widthPx" {
            return Err(bad(format!(
                "announcementSvg options: unknown option {k:?} (known: widthPx)"
            )));
        }
    }
    let v = js_sys::Reflect::get(options, &JsValue::from_str("widthPx")).unwrap_or_default();
    if v.is_undefined() {
        return Ok(core::ANNOUNCEMENT_WIDTH_PX);
    }
    match v.as_f64() {
        Some(w) if w.fract() == 0.0 && (f64::from(lo)..=f64::from(hi)).contains(&w) => Ok(w as u32),
        _ => Err(bad(format!(
            "announcementSvg options.widthPx must be an integer from {lo} to {hi} (px), got {}",
            js_sys::JSON::stringify(&v)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| "a value that is not JSON".into())
        ))),
    }
}
