//! The one error type of the tally module.

/// Everything that can be wrong with the input of a tally, a hash or an announcement.
///
/// Each variant names the unit, ballot (by its position in the log, from 0) or matter at
/// fault; [`TallyError::code`] gives a stable code for programs (and for the JS `Error.code`).
/// Rejected ballots are *not* errors: they are counted in the result with a
/// [`RejectReason`](crate::tally::RejectReason).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TallyError {
    /// An area (m², up to 4 decimals) is not a plain non-negative decimal.
    #[error("{field}: invalid decimal {value:?}: {reason}")]
    InvalidDecimal {
        /// Where the value was found, e.g. `unit "A-101" area`.
        field: String,
        /// The offending text.
        value: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// A deadline or receipt time is not RFC 3339 with an offset (or, for deadlines, a date).
    #[error("{field}: invalid time {value:?}: {reason}")]
    InvalidTime {
        /// Where the value was found, e.g. `ballot #3 received_at`.
        field: String,
        /// The offending text.
        value: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// Two units in the roster share one id.
    #[error("duplicate unit id {unit:?} in the roster")]
    DuplicateUnit {
        /// The repeated unit id.
        unit: String,
    },
    /// Two matters share one id.
    #[error("duplicate matter id {matter:?}")]
    DuplicateMatter {
        /// The repeated matter id.
        matter: String,
    },
    /// A unit is malformed (empty id, representative not among the co-owners, …).
    #[error("unit {unit:?}: {reason}")]
    InvalidUnit {
        /// The unit id.
        unit: String,
        /// What is wrong.
        reason: String,
    },
    /// An owner key is used inconsistently across units (developer flag, representative).
    #[error("owner {owner:?}: {reason}")]
    InconsistentOwner {
        /// The owner key.
        owner: String,
        /// What is inconsistent.
        reason: String,
    },
    /// An owner key that the roster does not know (at intake, or as an election candidate).
    #[error("{context}: unknown owner {owner:?}")]
    UnknownOwner {
        /// Where the key was used.
        context: String,
        /// The unknown owner key.
        owner: String,
    },
    /// A ballot (or request) names a matter that is not on the agenda.
    #[error("{context}: unknown matter {matter:?}")]
    UnknownMatter {
        /// Where the id was used, e.g. `ballot #4`.
        context: String,
        /// The unknown matter id.
        matter: String,
    },
    /// A matter's scope names a building that holds no unit of the roster.
    #[error("matter {matter:?}: unknown building {building:?} in scope")]
    UnknownBuilding {
        /// The matter id.
        matter: String,
        /// The unknown building.
        building: String,
    },
    /// An election ballot names someone who is not a candidate.
    #[error("ballot #{ballot} for matter {matter:?}: unknown candidate {candidate:?}")]
    UnknownCandidate {
        /// Position of the ballot in the log (from 0).
        ballot: usize,
        /// The election matter.
        matter: String,
        /// The unknown candidate key.
        candidate: String,
    },
    /// A matter definition is malformed (item out of 1–9, election on a non-item-3 matter, …).
    #[error("matter {matter:?}: {reason}")]
    InvalidMatter {
        /// The matter id.
        matter: String,
        /// What is wrong.
        reason: String,
    },
    /// A ballot is structurally malformed (no choice, candidate votes on an ordinary matter, …).
    #[error("ballot #{ballot}: {reason}")]
    InvalidBallot {
        /// Position of the ballot in the log (from 0).
        ballot: usize,
        /// What is wrong.
        reason: String,
    },
    /// JSON input could not be read as the expected shape, or holds a non-integer number
    /// where canonical JSON is required.
    #[error("invalid JSON: {reason}")]
    InvalidJson {
        /// The parser's message.
        reason: String,
    },
    /// A hash is not 64 lowercase hexadecimal digits.
    #[error("{field}: invalid SHA-256 hex {value:?}")]
    InvalidHash {
        /// Where the value was found.
        field: String,
        /// The offending text.
        value: String,
        /// The log entry whose stored hash it is, when it is one (the JS error's `index`, with
        /// `fault` `"INVALID_HASH"`, as `verifyChain` reports it).
        entry: Option<usize>,
    },
    /// More units or ballots than the roster's [`TallyLimits`](crate::tally::TallyLimits)
    /// allow, or than the result format carries (2³² − 2).
    #[error("{count} {what}, more than the limit of {limit}")]
    TooLarge {
        /// What there are too many of: `"units"` or `"ballots"`.
        what: &'static str,
        /// The count.
        count: usize,
        /// The limit.
        limit: usize,
    },
}

impl TallyError {
    /// The stable, machine-readable code of this error, e.g. `TALLY_DUPLICATE_UNIT`.
    pub fn code(&self) -> &'static str {
        match self {
            TallyError::InvalidDecimal { .. } => "TALLY_INVALID_DECIMAL",
            TallyError::InvalidTime { .. } => "TALLY_INVALID_TIME",
            TallyError::DuplicateUnit { .. } => "TALLY_DUPLICATE_UNIT",
            TallyError::DuplicateMatter { .. } => "TALLY_DUPLICATE_MATTER",
            TallyError::InvalidUnit { .. } => "TALLY_INVALID_UNIT",
            TallyError::InconsistentOwner { .. } => "TALLY_INCONSISTENT_OWNER",
            TallyError::UnknownOwner { .. } => "TALLY_UNKNOWN_OWNER",
            TallyError::UnknownMatter { .. } => "TALLY_UNKNOWN_MATTER",
            TallyError::UnknownBuilding { .. } => "TALLY_UNKNOWN_BUILDING",
            TallyError::UnknownCandidate { .. } => "TALLY_UNKNOWN_CANDIDATE",
            TallyError::InvalidMatter { .. } => "TALLY_INVALID_MATTER",
            TallyError::InvalidBallot { .. } => "TALLY_INVALID_BALLOT",
            TallyError::InvalidJson { .. } => "TALLY_INVALID_JSON",
            TallyError::InvalidHash { .. } => "TALLY_INVALID_HASH",
            TallyError::TooLarge { .. } => "TALLY_TOO_LARGE",
        }
    }
}

impl From<serde_json::Error> for TallyError {
    fn from(e: serde_json::Error) -> Self {
        TallyError::InvalidJson {
            reason: e.to_string(),
        }
    }
}
