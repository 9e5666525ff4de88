//! The tally result: the figures of every matter, in a shape that serialises to canonical
//! JSON without floats or 64-bit integers (areas are decimal strings of m²).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::decimal::{format_area_e4, Fraction};
use super::{MatterClass, MatterItem, RejectReason, RevotePolicy, UnitKind};

/// The outcome of a decision (Civil Code Art. 278 ¶2). `NOT_PASSED` means "no valid
/// decision", never the opposite decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Outcome {
    /// Quorum met and the required majority consented.
    Passed,
    /// Quorum met, majority not reached.
    NotPassed,
    /// Fewer than two thirds of the area or of the heads participated (or nobody in scope).
    NoQuorum,
}

/// Heads and area of a group of owners.
///
/// # Units
/// `area` in m², 4 decimals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct Block {
    /// Number of owners (heads).
    pub heads: u32,
    /// Their exclusive-part area in m².
    pub area: String,
}

/// Heads and area of a group with their exact share of a base (the total for participation,
/// the participants for yes/no/abstain/invalid).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct Share {
    /// Number of owners.
    pub heads: u32,
    /// Their area in m², 4 decimals.
    pub area: String,
    /// Heads over the base's heads, exact, with a floored display percentage.
    pub heads_share: Fraction,
    /// Area over the base's area, exact, with a floored display percentage.
    pub area_share: Fraction,
}

impl Share {
    pub(crate) fn new(heads: u128, area_e4: u128, base_heads: u128, base_area_e4: u128) -> Share {
        Share {
            heads: u32::try_from(heads).unwrap_or(u32::MAX),
            area: format_area_e4(area_e4),
            heads_share: Fraction::heads(heads, base_heads),
            area_share: Fraction::area(area_e4, base_area_e4),
        }
    }
}

impl Block {
    pub(crate) fn new(heads: u128, area_e4: u128) -> Block {
        Block {
            heads: u32::try_from(heads).unwrap_or(u32::MAX),
            area: format_area_e4(area_e4),
        }
    }
}

/// A two-part test (by area and by heads) and whether both hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct Check {
    /// The test by heads.
    pub heads: bool,
    /// The test by area.
    pub area: bool,
    /// Both.
    pub met: bool,
}

/// The settings a matter was counted with; the result states every configured choice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct MatterConfig {
    /// The Art. 278 item (or local item).
    pub item: MatterItem,
    /// Ordinary or special.
    pub class: MatterClass,
    /// The thresholds applied, in words with their source.
    pub threshold: String,
    /// Buildings in scope; `None` = the whole roster.
    pub scope_buildings: Option<Vec<String>>,
    /// Kinds counted toward area.
    pub area_kinds: Vec<UnitKind>,
    /// Kinds counted toward heads.
    pub head_kinds: Vec<UnitKind>,
    /// Whether the kinds come from the matter (`"matter"`) or the assembly (`"assembly"`).
    pub kinds_declared_by: String,
    /// Revote policy.
    pub revote: RevotePolicy,
    /// Whether invalid ballots participate.
    pub invalid_participates: bool,
    /// Proxy limit; `None` = no limit.
    pub proxy_limit: Option<u32>,
    /// The deadline as given.
    pub deadline: String,
    /// The deadline as an instant: milliseconds since the Unix epoch, as a decimal string.
    pub deadline_epoch_ms: String,
    /// Whether the MOHURD Art. 26 silent-owner view was requested.
    pub silent_owner_view: bool,
}

/// The figures of one decision.
///
/// `yes + no + abstain + invalid + absent = totals`, by heads and by area, for a yes/no
/// matter. For an election matter the valid ballots carry no matter-level choice: `yes`, `no`
/// and `abstain` are empty, `participating` counts them, and each candidate has its own
/// figures (where the identity holds again) in [`ElectionResult`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct Figures {
    /// N_T and A_T: owners and area in scope.
    pub totals: Block,
    /// N_P and A_P with their share of the totals.
    pub participating: Share,
    /// N_Y and A_Y (同意) with their share of the participants.
    pub yes: Share,
    /// 反对, share of the participants.
    pub no: Share,
    /// 弃权, share of the participants.
    pub abstain: Share,
    /// 无效 ballots, share of the participants (they are among them only if
    /// `invalid_participates`).
    pub invalid: Share,
    /// Owners in scope with no counted ballot.
    pub absent: Block,
    /// 3·A_P ≥ 2·A_T and 3·N_P ≥ 2·N_T (N_T > 0).
    pub quorum: Check,
    /// The majority test; `None` for an election matter (see its candidates).
    pub consent: Option<Check>,
    /// The outcome.
    pub outcome: Outcome,
}

/// A ballot that was not counted, with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct RejectedBallot {
    /// Position in the log (from 0).
    pub position: u32,
    /// The ballot's receipt (chain hash, hex); `null` when the log was counted without its
    /// hashes (see [`TallyResult::log_hashes`]).
    pub receipt: Option<String>,
    /// Owner key on the ballot.
    pub owner: String,
    /// Who cast it.
    pub cast_by: String,
    /// Server receipt time as recorded.
    pub received_at: String,
    /// Why it was not counted.
    pub reason: RejectReason,
    /// True when another ballot of the same owner had the same receipt time and the log
    /// position decided which one counts.
    pub resolved_by_log_position: bool,
}

/// The MOHURD 建房〔2009〕274号 Art. 26 view: owners who did not vote are added to the side
/// that has more votes among the participants (separately by heads and by area; on a tie they
/// are added to neither). Reported beside, never instead of, the statutory result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct SilentOwnerView {
    /// A label saying what this is.
    pub label: String,
    /// Where absent heads went: `"yes"`, `"no"` or `"none"` (tie).
    pub absent_heads_to: String,
    /// Where absent area went: `"yes"`, `"no"` or `"none"` (tie).
    pub absent_area_to: String,
    /// Participants in this view.
    pub participating: Block,
    /// Consenting in this view.
    pub yes: Block,
    /// Opposing in this view.
    pub no: Block,
    /// The quorum in this view.
    pub quorum: Check,
    /// The majority test in this view.
    pub consent: Check,
    /// The outcome in this view.
    pub outcome: Outcome,
}

/// One candidate of a committee election.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct CandidateResult {
    /// Owner key of the candidate.
    pub key: String,
    /// Display name.
    pub name: String,
    /// The candidate's own yes/no decision over the matter's participation.
    pub figures: Figures,
    /// Rank among the candidates that passed (1 = most consenting heads, then area); equal
    /// figures share a rank; `None` if not passed.
    pub rank: Option<u32>,
}

/// The result of a committee election (Civil Code Art. 278 item 3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct ElectionResult {
    /// Seats to fill.
    pub seats: u32,
    /// Every candidate, ordered by rank (passed first), then key.
    pub candidates: Vec<CandidateResult>,
    /// Keys elected outright, in rank order.
    pub elected: Vec<String>,
    /// Keys tied for the last seat(s): equal consenting heads and area across the boundary.
    /// Not broken here; the rules of procedure decide.
    pub tied_for_last_seats: Vec<String>,
    /// Seats left for the tied candidates (0 when there is no tie).
    pub seats_in_tie: u32,
}

/// The result for one matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct MatterResult {
    /// Matter id.
    pub matter_id: String,
    /// Title.
    pub title: String,
    /// Every configured choice.
    pub config: MatterConfig,
    /// The statutory figures and outcome.
    pub figures: Figures,
    /// Number of ballots counted.
    pub counted_ballots: u32,
    /// Every rejected ballot, by log position.
    pub rejected: Vec<RejectedBallot>,
    /// Number of rejected ballots per reason code.
    pub rejected_by_reason: BTreeMap<RejectReason, u32>,
    /// The silent-owner view, when configured (never the statutory result).
    pub silent_owner_view: Option<SilentOwnerView>,
    /// The election, for a matter that elects the committee.
    pub election: Option<ElectionResult>,
    /// Notes on how ties of receipt time were resolved and similar.
    pub notes: Vec<String>,
}

/// Where the chain hashes in a [`TallyResult`] come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "snake_case")]
pub enum LogHashes {
    /// Computed from the snapshot and the ballots (SHA-256 chain).
    #[default]
    Computed,
    /// Taken from the log entries as supplied; the count did not verify them.
    Supplied,
    /// Not computed: the log was counted without its hashes.
    NotComputed,
}

impl LogHashes {
    /// True for [`LogHashes::Computed`] (the field is then omitted from the JSON).
    pub fn is_computed(&self) -> bool {
        *self == LogHashes::Computed
    }
}

/// The result of a tally: reproducible byte for byte from the snapshot and the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct TallyResult {
    /// Format tag, `"jinlin.tally/1"`.
    pub schema: String,
    /// The assembly id.
    pub assembly_id: String,
    /// SHA-256 of the canonical snapshot (the log's genesis), hex.
    pub roster_hash: String,
    /// The log head (hash of the last ballot; the genesis when empty), hex; `null` when the
    /// log was counted without its hashes.
    pub log_head: Option<String>,
    /// Where `log_head` and the receipts come from. Absent (the default): computed by this
    /// tally from the snapshot and the ballots. `"supplied"`: taken from the log as given,
    /// not verified by the count (verify with `verify_chain`). `"not_computed"`: the log was
    /// counted without hashes, so `log_head` and receipts are `null`.
    #[serde(default, skip_serializing_if = "LogHashes::is_computed")]
    pub log_hashes: LogHashes,
    /// Number of ballots in the log.
    pub ballot_count: u32,
    /// One result per matter, sorted by matter id.
    pub matters: Vec<MatterResult>,
}

/// One matter of a [`TallySummary`]: everything but the per-ballot rejection list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct MatterSummary {
    /// The matter id.
    pub matter_id: String,
    /// The matter title (NFC).
    pub title: String,
    /// The matter's class.
    pub class: MatterClass,
    /// The statutory figures and outcome.
    pub figures: Figures,
    /// Number of ballots counted.
    pub counted_ballots: u32,
    /// Number of rejected ballots (the list is in [`MatterResult::rejected`]).
    pub rejected_count: u32,
    /// Number of rejected ballots per reason code.
    pub rejected_by_reason: BTreeMap<RejectReason, u32>,
    /// The silent-owner view, when configured.
    pub silent_owner_view: Option<SilentOwnerView>,
    /// The election, for a matter that elects the committee.
    pub election: Option<ElectionResult>,
}

/// A [`TallyResult`] without the per-ballot rejection lists and notes: small enough to hand
/// to a page after every count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct TallySummary {
    /// The assembly id.
    pub assembly_id: String,
    /// The roster hash, hex.
    pub roster_hash: String,
    /// The log head, hex, when known.
    pub log_head: Option<String>,
    /// Where the log head comes from.
    pub log_hashes: LogHashes,
    /// Number of ballots in the log.
    pub ballot_count: u32,
    /// One summary per matter, in the order of [`TallyResult::matters`].
    pub matters: Vec<MatterSummary>,
}

impl TallyResult {
    /// The result without per-ballot rejection lists and notes.
    pub fn summary(&self) -> TallySummary {
        TallySummary {
            assembly_id: self.assembly_id.clone(),
            roster_hash: self.roster_hash.clone(),
            log_head: self.log_head.clone(),
            log_hashes: self.log_hashes,
            ballot_count: self.ballot_count,
            matters: self
                .matters
                .iter()
                .map(|m| MatterSummary {
                    matter_id: m.matter_id.clone(),
                    title: m.title.clone(),
                    class: m.config.class,
                    figures: m.figures.clone(),
                    counted_ballots: m.counted_ballots,
                    rejected_count: u32::try_from(m.rejected.len()).unwrap_or(u32::MAX),
                    rejected_by_reason: m.rejected_by_reason.clone(),
                    silent_owner_view: m.silent_owner_view.clone(),
                    election: m.election.clone(),
                })
                .collect(),
        }
    }
}
