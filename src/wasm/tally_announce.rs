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

/// `announcementSvg(result, matterId, status)` → the 公示 as an SVG string.
#[wasm_bindgen(js_name = announcementSvg)]
pub fn announcement_svg_js(
    #[wasm_bindgen(unchecked_param_type = "TallyResult")] result: JsValue,
    #[wasm_bindgen(js_name = "matterId")] matter_id: &str,
    #[wasm_bindgen(unchecked_param_type = "AnnouncementStatus")] status: JsValue,
) -> Result<String, JsValue> {
    let (result, status): (TallyResult, AnnouncementStatus) =
        (from_js("result", result)?, status_from_js(status)?);
    Ok(core::announcement_svg(
        &Announcement::from_result(&result, matter_id, status).map_err(err)?,
    ))
}
