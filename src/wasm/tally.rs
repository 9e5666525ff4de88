//! JS adapters for the owners' assembly tally (`crate::tally`): JSON-shaped objects in and
//! out through serde-wasm-bindgen, every error mapped to a JS `Error` with a `code`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::js_error;
use crate::tally::{
    self as core, Announcement, AnnouncementStatus, Ballot, LogEntry, Snapshot, TallyError,
    TallyInput, TallyResult,
};

fn err(e: TallyError) -> JsValue {
    js_error(e.code(), &e.to_string())
}

fn from_js<T: DeserializeOwned>(what: &str, value: JsValue) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| js_error("TALLY_INVALID_JSON", &format!("{what}: {e}")))
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error("TALLY_INVALID_JSON", &e.to_string()))
}

/// `tally({snapshot, ballots})` → the result object (areas as decimal strings).
#[wasm_bindgen(js_name = tally, unchecked_return_type = "TallyResult")]
pub fn tally_js(
    #[wasm_bindgen(unchecked_param_type = "TallyInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: TallyInput = from_js("input", input)?;
    to_js(&core::tally(&input).map_err(err)?)
}

/// `tallyJson(inputJsonText)` → the canonical JSON text of the result (for byte-exact recounts).
#[wasm_bindgen(js_name = tallyJson)]
pub fn tally_json(input: &str) -> Result<String, JsValue> {
    let input: TallyInput = serde_json::from_str(input).map_err(|e| err(e.into()))?;
    core::result_json(&core::tally(&input).map_err(err)?).map_err(err)
}

/// `announcement(result, matterId, status)` → the 公示 data model of one matter.
#[wasm_bindgen(js_name = announcement, unchecked_return_type = "Announcement")]
pub fn announcement_js(
    #[wasm_bindgen(unchecked_param_type = "TallyResult")] result: JsValue,
    #[wasm_bindgen(js_name = "matterId")] matter_id: &str,
    #[wasm_bindgen(unchecked_param_type = "AnnouncementStatus")] status: JsValue,
) -> Result<JsValue, JsValue> {
    let (result, status): (TallyResult, AnnouncementStatus) =
        (from_js("result", result)?, from_js("status", status)?);
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
        (from_js("result", result)?, from_js("status", status)?);
    Ok(core::announcement_svg(
        &Announcement::from_result(&result, matter_id, status).map_err(err)?,
    ))
}

/// `rosterHash(snapshot)` → the genesis hash (hex) to publish before voting starts.
#[wasm_bindgen(js_name = rosterHash)]
pub fn roster_hash_js(
    #[wasm_bindgen(unchecked_param_type = "Snapshot")] snapshot: JsValue,
) -> Result<String, JsValue> {
    core::snapshot_hash(&from_js::<Snapshot>("snapshot", snapshot)?).map_err(err)
}

/// `ballotHash(previousHashHex, ballot)` → the ballot's chain hash (its receipt), hex.
#[wasm_bindgen(js_name = ballotHash)]
pub fn ballot_hash_js(
    #[wasm_bindgen(js_name = "previousHash")] previous_hash: &str,
    #[wasm_bindgen(unchecked_param_type = "Ballot")] ballot: JsValue,
) -> Result<String, JsValue> {
    core::ballot_hash(previous_hash, &from_js::<Ballot>("ballot", ballot)?).map_err(err)
}

/// `checkBallot(snapshot, position, ballot)` → throws `TALLY_UNKNOWN_MATTER` /
/// `TALLY_UNKNOWN_OWNER` for a ballot that must not enter the log.
#[wasm_bindgen(js_name = checkBallot)]
pub fn check_ballot_js(
    #[wasm_bindgen(unchecked_param_type = "Snapshot")] snapshot: JsValue,
    position: u32,
    #[wasm_bindgen(unchecked_param_type = "Ballot")] ballot: JsValue,
) -> Result<(), JsValue> {
    let (s, b): (Snapshot, Ballot) = (from_js("snapshot", snapshot)?, from_js("ballot", ballot)?);
    core::check_ballot(&s, position as usize, &b).map_err(err)
}

/// `buildLog(snapshot, ballots)` → `[{ballot, hash}]`, the hash-chained log.
#[wasm_bindgen(js_name = buildLog, unchecked_return_type = "LogEntry[]")]
pub fn build_log_js(
    #[wasm_bindgen(unchecked_param_type = "Snapshot")] snapshot: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Ballot[]")] ballots: JsValue,
) -> Result<JsValue, JsValue> {
    let (s, b): (Snapshot, Vec<Ballot>) =
        (from_js("snapshot", snapshot)?, from_js("ballots", ballots)?);
    to_js(&core::build_log(&s, &b).map_err(err)?)
}

/// `verifyReceipt(log, receipt)` → the ballot's position in the log, or `undefined`.
#[wasm_bindgen(js_name = verifyReceipt)]
pub fn verify_receipt_js(
    #[wasm_bindgen(unchecked_param_type = "LogEntry[]")] log: JsValue,
    receipt: &str,
) -> Result<Option<u32>, JsValue> {
    let log: Vec<LogEntry> = from_js("log", log)?;
    Ok(core::verify_receipt(&log, receipt).map(|i| u32::try_from(i).unwrap_or(u32::MAX)))
}

/// `verifyChain(snapshot, log, head)` → returns, or throws `TALLY_CHAIN_BROKEN` whose
/// `index` property is the first bad entry.
#[wasm_bindgen(js_name = verifyChain)]
pub fn verify_chain_js(
    #[wasm_bindgen(unchecked_param_type = "Snapshot")] snapshot: JsValue,
    #[wasm_bindgen(unchecked_param_type = "LogEntry[]")] log: JsValue,
    head: &str,
) -> Result<(), JsValue> {
    let (s, l): (Snapshot, Vec<LogEntry>) = (from_js("snapshot", snapshot)?, from_js("log", log)?);
    core::verify_chain(&s, &l, head).map_err(|e| {
        let js = js_error(e.code(), &e.to_string());
        let _ = js_sys::Reflect::set(
            &js,
            &JsValue::from_str("index"),
            &JsValue::from_f64(e.index as f64),
        );
        js
    })
}
