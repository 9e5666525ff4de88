//! Owners' assembly vote tallying (业主大会电子投票) by PRC Civil Code Art. 278.
//!
//! - [`Snapshot`]: the roster ([`Unit`]s with exact areas and owners), the assembly's settings
//!   and the agenda ([`Matter`]s), frozen when the vote opens; [`snapshot_hash`] is the genesis
//!   of the ballot log.
//! - [`tally`]: counts [`Ballot`]s by Civil Code Art. 278 ¶2 and Interpretation 法释〔2009〕7号
//!   Arts. 8–9 with integer arithmetic only, into a [`TallyResult`] whose canonical JSON
//!   ([`result_json`]) a recount reproduces byte for byte.
//! - [`Roster`] and [`BallotLog`]: the same count split into steps — prepare the roster once
//!   ([`Roster::new`]: canonical form, owner index, weights, roster hash), prepare a log
//!   ([`Roster::prepare`], or [`Roster::prepare_log`] with supplied hashes), then
//!   [`Roster::tally`] counts with integers over indices and no hashing. The hash chain is its
//!   own step ([`BallotLog::compute_hashes`], [`BallotLog::verify`]).
//! - [`build_log`], [`verify_receipt`], [`verify_chain`]: the hash-chained audit log.
//! - [`Announcement`] and [`announcement_svg`]: the 公示 per matter.
//!
//! Areas are integers of 0.0001 m² parsed from decimal strings ([`parse_area_e4`]); all text
//! is compared and hashed in Unicode NFC.
//!
//! # JSON shapes (the same through the JS API)
//! ```text
//! TallyInput  { snapshot: Snapshot, ballots: Ballot[] }            // ballots in log order
//! Snapshot    { assembly: { id, counting: { area: Kind[], heads: Kind[] } },
//!               units: Unit[], matters: Matter[] }
//! Unit        { id, building, kind, area: "89.5400", area_source, owner,
//!               developer_held?, co_owners?: string[], representative? }
//! Matter      { id, title, item: {article278: 1..9} | {local: {label, class}}, deadline,
//!               buildings?, counting?, revote?, invalid_participates?, proxy_limit?,
//!               silent_owner_view?, election?: { seats, candidates: [{key, name}] } }
//! Ballot      { matter, owner, cast_by, capacity, proxy_document?, received_at,
//!               choice?: "yes"|"no"|"abstain"|"invalid", candidates?: {key: choice} }
//! TallyResult { schema, assembly_id, roster_hash, log_head, log_hashes?, ballot_count,
//!               matters: [{ matter_id, title, config, figures, counted_ballots, rejected,
//!                           rejected_by_reason, silent_owner_view, election, notes }] }
//! ```
//! Areas are decimal strings of m² and fractions carry decimal-string numerators and
//! denominators; no number in the JSON exceeds 2³² − 1.

mod announce;
mod audit;
mod ballot;
mod count;
mod decimal;
mod election;
mod error;
mod matter;
mod prepared;
mod result;
mod roster;
mod rules;
mod select;
mod time;

pub use announce::{
    announcement_char_em, announcement_svg, announcement_svg_width, Announcement,
    AnnouncementStatus, CountRow, ANNOUNCEMENT_MARGIN_PX, ANNOUNCEMENT_WIDTH_PX,
    ANNOUNCEMENT_WIDTH_RANGE_PX,
};
pub use audit::{
    ballot_hash, build_log, canonical_json, snapshot_hash, to_canonical_json, verify_chain,
    verify_receipt, ChainError, ChainFault, LogEntry,
};
pub use ballot::{check_ballot, Ballot, Capacity, Choice, RejectReason};
pub use count::{tally, TallyInput};
pub use decimal::{format_area_e4, parse_area_e4, percent_floor_2dp, Fraction, MAX_INTEGER_DIGITS};
pub use error::TallyError;
pub use matter::{
    Assembly, Candidate, CountingKinds, Election, Matter, MatterClass, MatterItem, RevotePolicy,
    Snapshot,
};
pub use prepared::{BallotLog, Roster, TallyLimits, DEFAULT_MAX_BALLOTS, DEFAULT_MAX_UNITS};
pub use result::{
    Block, CandidateResult, Check, ElectionResult, Figures, LogHashes, MatterConfig, MatterResult,
    MatterSummary, Outcome, RejectedBallot, Share, SilentOwnerView, TallyResult, TallySummary,
};
pub use roster::{canonical_units, AreaSource, Unit, UnitKind};
pub use rules::{consent, quorum};
pub use time::{parse_deadline, parse_instant, Instant};

/// Returns `text` in Unicode Normalization Form C (the form in which all text is compared and
/// hashed).
pub(crate) fn nfc(text: &str) -> String {
    nfc_cow(text).into_owned()
}

/// True when non-ASCII `text` is already in NFC.
#[cfg(feature = "nfc-tables")]
fn is_nfc_non_ascii(text: &str) -> bool {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    is_nfc_quick(text.chars()) == IsNormalized::Yes
}

/// `text` in NFC, borrowing when it already is.
pub(crate) fn nfc_cow(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    #[cfg(feature = "nfc-tables")]
    {
        use unicode_normalization::UnicodeNormalization;
        if is_nfc_non_ascii(text) {
            std::borrow::Cow::Borrowed(text)
        } else {
            std::borrow::Cow::Owned(text.nfc().collect())
        }
    }
    #[cfg(not(feature = "nfc-tables"))]
    {
        let normalized = normalize_by_hook(text);
        if normalized == text {
            std::borrow::Cow::Borrowed(text)
        } else {
            std::borrow::Cow::Owned(normalized)
        }
    }
}

/// A function that returns its argument in Unicode Normalization Form C.
#[cfg(not(feature = "nfc-tables"))]
pub type Normalizer = fn(&str) -> String;

#[cfg(not(feature = "nfc-tables"))]
static NORMALIZER: std::sync::OnceLock<Normalizer> = std::sync::OnceLock::new();

/// Supplies NFC when the crate is built without the `nfc-tables` feature (the wasm tally module
/// passes the engine's `String.prototype.normalize("NFC")`, which saves unicode-normalization's
/// ~100 KB of tables). The first call wins; later calls are ignored.
///
/// Without a normalizer, non-ASCII text is compared and hashed as given (no NFC): set one
/// before tallying.
#[cfg(not(feature = "nfc-tables"))]
pub fn set_normalizer(normalizer: Normalizer) {
    let _ = NORMALIZER.set(normalizer);
}

#[cfg(not(feature = "nfc-tables"))]
fn normalize_by_hook(text: &str) -> String {
    match NORMALIZER.get() {
        Some(f) => f(text),
        None => text.to_owned(),
    }
}

/// The canonical JSON of a tally result (see [`canonical_json`]): what a recount must
/// reproduce byte for byte.
///
/// # Errors
/// None in practice (the result holds no floats); [`TallyError::InvalidJson`] otherwise.
pub fn result_json(result: &TallyResult) -> Result<String, TallyError> {
    to_canonical_json(result)
}
