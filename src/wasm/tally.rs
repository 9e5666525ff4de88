//! JS adapters for the owners' assembly tally (`crate::tally`): JSON-shaped objects in and
//! out through serde-wasm-bindgen, every error mapped to a JS `Error` with a `code`.

use wasm_bindgen::prelude::*;

use super::js_error;
use super::tally_json::{err, from_js, to_js};
use crate::tally::{self as core, Ballot, LogEntry, Snapshot, TallyError, TallyInput, TallyResult};

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
pub fn tally_json(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
) -> Result<String, JsValue> {
    let input = text_arg(input, "input")?;
    let input = input.as_str();
    let input: TallyInput = serde_json::from_str(input).map_err(|e| err(e.into()))?;
    core::result_json(&core::tally(&input).map_err(err)?).map_err(err)
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
    #[wasm_bindgen(unchecked_param_type = "string", js_name = "previousHash")]
    previous_hash: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Ballot")] ballot: JsValue,
) -> Result<String, JsValue> {
    let previous_hash = text_arg(previous_hash, "previousHash")?;
    let previous_hash = previous_hash.as_str();
    core::ballot_hash(previous_hash, &from_js::<Ballot>("ballot", ballot)?).map_err(err)
}

/// `checkBallot(snapshot, position, ballot)`: throws for a ballot that must not enter the
/// append-only log — `TALLY_UNKNOWN_MATTER`, `TALLY_INVALID_TIME` (`received_at` not RFC 3339),
/// `TALLY_INVALID_BALLOT` (no choice; a yes/no choice on an election or candidates on a yes/no
/// matter), `TALLY_UNKNOWN_CANDIDATE`, `TALLY_UNKNOWN_OWNER` — the errors that ballot would give
/// the whole log at the count. `position` (the index the ballot would take in the log, named in
/// messages) must be an integer ≥ 0, else `OPTIONS_INVALID`.
#[wasm_bindgen(js_name = checkBallot)]
pub fn check_ballot_js(
    #[wasm_bindgen(unchecked_param_type = "Snapshot")] snapshot: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] position: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Ballot")] ballot: JsValue,
) -> Result<(), JsValue> {
    let position = match position.as_f64() {
        Some(p) if p >= 0.0 && p.fract() == 0.0 && p <= f64::from(u32::MAX) => p as usize,
        _ => {
            return Err(js_error(
                "OPTIONS_INVALID",
                "checkBallot(snapshot, position, ballot): position must be an integer ≥ 0 (the ballot's index in the log)",
            ))
        }
    };
    let (s, b): (Snapshot, Ballot) = (from_js("snapshot", snapshot)?, from_js("ballot", ballot)?);
    core::check_ballot(&s, position, &b).map_err(err)
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
    #[wasm_bindgen(unchecked_param_type = "string")] receipt: JsValue,
) -> Result<Option<u32>, JsValue> {
    let receipt = text_arg(receipt, "receipt")?;
    let receipt = receipt.as_str();
    let log: Vec<LogEntry> = from_js("log", log)?;
    Ok(core::verify_receipt(&log, receipt).map(|i| u32::try_from(i).unwrap_or(u32::MAX)))
}

/// `verifyChain(snapshot, log, head)` → returns, or throws `TALLY_CHAIN_BROKEN` whose
/// `index` property is the first bad entry (`fault` `"HASH_MISMATCH"` or `"INVALID_HASH"`:
/// its stored hash is not 64 lowercase hex digits) or the log's length (`"HEAD_MISMATCH"`:
/// every entry checks but the head differs); `TALLY_INVALID_HASH` (`fault`
/// `"INVALID_HEAD"`, no `index`) when every entry checks and `head` is not 64 hex digits.
#[wasm_bindgen(js_name = verifyChain)]
pub fn verify_chain_js(
    #[wasm_bindgen(unchecked_param_type = "Snapshot")] snapshot: JsValue,
    #[wasm_bindgen(unchecked_param_type = "LogEntry[]")] log: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] head: JsValue,
) -> Result<(), JsValue> {
    let head = text_arg(head, "head")?;
    let head = head.as_str();
    let (s, l): (Snapshot, Vec<LogEntry>) = (from_js("snapshot", snapshot)?, from_js("log", log)?);
    core::verify_chain(&s, &l, head).map_err(chain_err)
}

/// A string argument, or `OPTIONS_INVALID` naming it: wasm-bindgen would pass a non-string to
/// wasm as garbage (a trap, not a coded error).
fn text_arg(value: JsValue, name: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| js_error("OPTIONS_INVALID", &format!("{name} must be a string")))
}

fn chain_err(e: core::ChainError) -> JsValue {
    let js = js_error(e.code(), &e.to_string());
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&js, &JsValue::from_str(key), &value);
    };
    set("fault", JsValue::from_str(e.fault.name()));
    // no `index` for a malformed head: no entry is at fault
    if e.fault != core::ChainFault::InvalidHead {
        set("index", JsValue::from_f64(e.index as f64));
    }
    js
}

/// A roster snapshot prepared once for counting: `new Roster(snapshot)`. Validated, in
/// canonical form, hashed once (`roster.hash`), owners indexed, each matter's weights
/// computed. Count ballot logs against it with `roster.tally(log)`.
#[wasm_bindgen(js_name = Roster)]
pub struct RosterJs(core::Roster);

#[wasm_bindgen(js_class = Roster)]
impl RosterJs {
    /// `new Roster(snapshot, limits?)`; throws with the error `code` of a malformed snapshot,
    /// `TALLY_TOO_LARGE` beyond `limits` (`{ maxUnits = 100000, maxBallots = 200000 }`, the
    /// ballots of each log).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Snapshot")] snapshot: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "TallyLimits")] limits: JsValue,
    ) -> Result<RosterJs, JsValue> {
        let s: Snapshot = from_js("snapshot", snapshot)?;
        Self::build(&s, limits)
    }

    /// `Roster.fromJson(snapshotJsonText, limits?)`.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "TallyLimits")] limits: JsValue,
    ) -> Result<RosterJs, JsValue> {
        let text = text_arg(text, "text")?;
        let text = text.as_str();
        let s: Snapshot = serde_json::from_str(text).map_err(|e| err(e.into()))?;
        Self::build(&s, limits)
    }

    fn build(s: &Snapshot, limits: JsValue) -> Result<RosterJs, JsValue> {
        // Read by hand, not by serde: the tally module is within a few hundred bytes of its
        // size budget.
        let mut l = core::TallyLimits::default();
        if !limits.is_undefined() && !limits.is_null() {
            // OPTIONS_INVALID naming the first key that is unknown or not an integer ≥ 0
            let bad = |key: String| {
                js_error(
                    "OPTIONS_INVALID",
                    &format!("limits.{key}: expected {{ maxUnits?, maxBallots? }}, integers ≥ 0"),
                )
            };
            if !limits.is_object() {
                return Err(bad(String::new()));
            }
            for key in js_sys::Object::keys(limits.unchecked_ref::<js_sys::Object>()).iter() {
                let key = key.as_string().unwrap_or_default();
                let slot = match key.as_str() {
                    "maxUnits" => &mut l.max_units,
                    "maxBallots" => &mut l.max_ballots,
                    _ => return Err(bad(key)),
                };
                let v = js_sys::Reflect::get(&limits, &key.as_str().into())?;
                match v.as_f64() {
                    Some(n) if n >= 0.0 && n.fract() == 0.0 => *slot = n as usize,
                    None if v.is_undefined() => {}
                    _ => return Err(bad(key)),
                }
            }
        }
        core::Roster::with_limits(s, l).map(RosterJs).map_err(err)
    }

    /// Throws `TALLY_TOO_LARGE` when `ballots` is an array longer than the roster's
    /// `maxBallots`, before it is copied into wasm memory.
    fn check_array(&self, ballots: &JsValue) -> Result<(), JsValue> {
        match ballots.dyn_ref::<js_sys::Array>() {
            Some(a) => self.0.check_ballots(a.length() as usize).map_err(err),
            None => Ok(()),
        }
    }

    /// The roster hash (genesis of the ballot log), hex.
    #[wasm_bindgen(getter)]
    pub fn hash(&self) -> String {
        self.0.hash().to_string()
    }

    /// Number of owners in the roster.
    #[wasm_bindgen(getter, js_name = ownerCount)]
    pub fn owner_count(&self) -> u32 {
        u32::try_from(self.0.owner_count()).unwrap_or(u32::MAX)
    }

    /// `roster.ballots(ballots)` → a `BallotLog` (no hashes yet) of `Ballot` objects.
    pub fn ballots(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Ballot[]")] ballots: JsValue,
    ) -> Result<BallotLogJs, JsValue> {
        self.check_array(&ballots)?;
        let b: Vec<Ballot> = from_js("ballots", ballots)?;
        self.0.prepare(b).map(BallotLogJs).map_err(err)
    }

    /// `roster.ballotsJson(text)` → a `BallotLog` from the JSON text of a `Ballot[]` (faster
    /// than objects for large logs).
    #[wasm_bindgen(js_name = ballotsJson)]
    pub fn ballots_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<BallotLogJs, JsValue> {
        let text = text_arg(text, "text")?;
        let text = text.as_str();
        let b: Vec<Ballot> = serde_json::from_str(text).map_err(|e| err(e.into()))?;
        self.0.prepare(b).map(BallotLogJs).map_err(err)
    }

    /// `roster.log(entries)` → a `BallotLog` whose `{ballot, hash}` entries carry supplied
    /// hashes (stated as supplied in the result; check them with `log.verify(head)`).
    pub fn log(
        &self,
        #[wasm_bindgen(unchecked_param_type = "LogEntry[]")] entries: JsValue,
    ) -> Result<BallotLogJs, JsValue> {
        self.check_array(&entries)?;
        let e: Vec<LogEntry> = from_js("log", entries)?;
        self.0.prepare_log(e).map(BallotLogJs).map_err(err)
    }

    /// `roster.logJson(text)` → as `log`, from JSON text.
    #[wasm_bindgen(js_name = logJson)]
    pub fn log_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<BallotLogJs, JsValue> {
        let text = text_arg(text, "text")?;
        let text = text.as_str();
        let e: Vec<LogEntry> = serde_json::from_str(text).map_err(|e| err(e.into()))?;
        self.0.prepare_log(e).map(BallotLogJs).map_err(err)
    }

    /// `roster.tally(log)` → a `Tally` (integer counting only; no hashing).
    pub fn tally(&self, log: &BallotLogJs) -> Result<TallyJs, JsValue> {
        self.0.tally(&log.0).map(TallyJs).map_err(err)
    }
}

/// A ballot log prepared against a `Roster` (from `roster.ballots`, `ballotsJson`, `log`).
#[wasm_bindgen(js_name = BallotLog)]
pub struct BallotLogJs(core::BallotLog);

#[wasm_bindgen(js_class = BallotLog)]
impl BallotLogJs {
    /// Number of ballots.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        u32::try_from(self.0.len()).unwrap_or(u32::MAX)
    }

    /// `log.computeHashes()` → the head: computes the SHA-256 chain from the roster hash
    /// (replacing supplied hashes).
    #[wasm_bindgen(js_name = computeHashes)]
    pub fn compute_hashes(&mut self) -> String {
        self.0.compute_hashes();
        self.0.head().unwrap_or_default()
    }

    /// The log head, hex, or `undefined` before hashes are computed or supplied.
    #[wasm_bindgen(getter)]
    pub fn head(&self) -> Option<String> {
        self.0.head()
    }

    /// `"computed"`, `"supplied"` or `"not_computed"`.
    #[wasm_bindgen(getter)]
    pub fn hashes(&self) -> String {
        match self.0.hashes_state() {
            core::LogHashes::Computed => "computed",
            core::LogHashes::Supplied => "supplied",
            core::LogHashes::NotComputed => "not_computed",
        }
        .into()
    }

    /// `log.entries()` → `[{ballot, hash}]`; throws `TALLY_CHAIN_BROKEN` without hashes.
    #[wasm_bindgen(unchecked_return_type = "LogEntry[]")]
    pub fn entries(&self) -> Result<JsValue, JsValue> {
        match self.0.entries() {
            Some(e) => to_js(&e),
            None => Err(js_error(
                "TALLY_CHAIN_BROKEN",
                "the log has no hashes: call computeHashes() first",
            )),
        }
    }

    /// `log.findReceipt(receipt)` → the ballot's position, or `undefined`.
    #[wasm_bindgen(js_name = findReceipt)]
    pub fn find_receipt(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] receipt: JsValue,
    ) -> Result<Option<u32>, JsValue> {
        let receipt = text_arg(receipt, "receipt")?;
        Ok(self
            .0
            .find_receipt(&receipt)
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX)))
    }

    /// `log.verify(head)` → returns, or throws `TALLY_CHAIN_BROKEN` whose `index` is the
    /// first entry whose supplied hash differs (`fault` `"HASH_MISMATCH"`), or the log length
    /// when the recomputed head is not `head` (`"HEAD_MISMATCH"`; the only check for a log
    /// without supplied hashes, which cannot name the entry); `TALLY_INVALID_HASH` (`fault`
    /// `"INVALID_HEAD"`, no `index`) when `head` is not 64 hex digits.
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] head: JsValue,
    ) -> Result<(), JsValue> {
        let head = text_arg(head, "head")?;
        let head = head.as_str();
        self.0.verify(head).map_err(chain_err)
    }
}

/// The result of `roster.tally(log)`, kept in wasm memory until asked for.
#[wasm_bindgen(js_name = Tally)]
pub struct TallyJs(TallyResult);

#[wasm_bindgen(js_class = Tally)]
impl TallyJs {
    /// `t.result()` → the full `TallyResult` object.
    #[wasm_bindgen(unchecked_return_type = "TallyResult")]
    pub fn result(&self) -> Result<JsValue, JsValue> {
        to_js(&self.0)
    }

    /// `t.summary()` → the result without the per-ballot rejection lists.
    #[wasm_bindgen(unchecked_return_type = "TallySummary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&self.0.summary())
    }

    /// `t.json()` → the canonical JSON text (what a recount reproduces byte for byte).
    pub fn json(&self) -> Result<String, JsValue> {
        core::result_json(&self.0).map_err(err)
    }

    /// `t.rejected(matterId)` → that matter's rejected ballots with reasons.
    #[wasm_bindgen(unchecked_return_type = "RejectedBallot[]")]
    pub fn rejected(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string", js_name = "matterId")] matter_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let matter_id = text_arg(matter_id, "matterId")?;
        let matter_id = matter_id.as_str();
        match self.0.matters.iter().find(|m| m.matter_id == matter_id) {
            Some(m) => to_js(&m.rejected),
            None => Err(err(TallyError::UnknownMatter {
                context: "rejected".into(),
                matter: matter_id.into(),
            })),
        }
    }
}
