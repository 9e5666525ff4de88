//! Ballots as received by the server, and the reasons a ballot can be rejected.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{nfc, TallyError};

/// A voter's choice. An abstention participates but does not consent (Civil Code Art. 278 ¶2);
/// whether an invalid ballot participates is the matter's `invalid_participates` setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// 同意.
    Yes,
    /// 反对.
    No,
    /// 弃权.
    Abstain,
    /// 无效 (unreadable, two choices).
    Invalid,
}

/// In which capacity the ballot was cast.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    /// By the owner in person (`cast_by` is the owner key).
    Owner,
    /// By the designated representative of co-owners (Interpretation 法释〔2009〕7号 Art. 9).
    Representative,
    /// By a proxy holding a written authorisation (`proxy_document`).
    Proxy,
}

/// One ballot as the server received it. It never carries a weight: weights come only from
/// the roster.
///
/// For an ordinary matter `choice` is required. For an election, `candidates` maps candidate
/// keys to choices (a candidate left out counts as an abstention for that candidate), or
/// `choice` is `invalid` for a spoiled ballot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    /// The matter voted on.
    pub matter: String,
    /// The owner key whose vote this is.
    pub owner: String,
    /// The person key who cast it (the owner, a co-owner, or a proxy).
    pub cast_by: String,
    /// The capacity in which `cast_by` acted.
    pub capacity: Capacity,
    /// The id of the written authorisation, for a proxy.
    #[serde(default)]
    pub proxy_document: Option<String>,
    /// Server receipt time, RFC 3339 with offset (Civil Code Art. 137).
    pub received_at: String,
    /// The choice on an ordinary matter, or `invalid` for a spoiled election ballot.
    #[serde(default)]
    pub choice: Option<Choice>,
    /// Per-candidate choices in an election.
    #[serde(default)]
    pub candidates: Option<BTreeMap<String, Choice>>,
}

impl Ballot {
    /// True when every text field is ASCII (then the ballot is its own canonical form and
    /// the order of candidate keys cannot change under NFC).
    pub(crate) fn is_ascii(&self) -> bool {
        self.matter.is_ascii()
            && self.owner.is_ascii()
            && self.cast_by.is_ascii()
            && self.received_at.is_ascii()
            && self.proxy_document.as_deref().is_none_or(str::is_ascii)
            && self
                .candidates
                .as_ref()
                .is_none_or(|c| c.keys().all(|k| k.is_ascii()))
    }

    /// The ballot with every text field in Unicode NFC (the form that is hashed).
    pub fn canonical(&self) -> Ballot {
        Ballot {
            matter: nfc(&self.matter),
            owner: nfc(&self.owner),
            cast_by: nfc(&self.cast_by),
            capacity: self.capacity,
            proxy_document: self.proxy_document.as_deref().map(nfc),
            received_at: nfc(&self.received_at),
            choice: self.choice,
            candidates: self
                .candidates
                .as_ref()
                .map(|c| c.iter().map(|(k, v)| (nfc(k), *v)).collect()),
        }
    }
}

/// Why a ballot was not counted. Every rejected ballot keeps one; none disappears.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RejectReason {
    /// The owner key is not in the roster.
    UnknownOwner,
    /// The owner has no counting unit in the matter's scope (outside the buildings, or only
    /// kinds that count neither for area nor heads).
    NotEligible,
    /// Received at or after the close (Civil Code Arts. 137, 203).
    Late,
    /// Cast for a co-owned unit by someone other than the designated representative
    /// (Interpretation Art. 9).
    NotRepresentative,
    /// Cast in the owner's own capacity by someone else, or as representative of an owner
    /// that has none.
    NotAuthorised,
    /// A proxy ballot without the id of a written authorisation.
    ProxyMissingDocument,
    /// The proxy already represents `proxy_limit` other owners in this matter.
    ProxyLimit,
    /// A later ballot of the same owner replaced it (`last_before_close`).
    Superseded,
    /// The owner had already cast a ballot that counts (`first_final`, Civil Code Art. 141).
    Duplicate,
}

impl RejectReason {
    /// The stable code, e.g. `"LATE"`.
    pub fn code(self) -> &'static str {
        match self {
            RejectReason::UnknownOwner => "UNKNOWN_OWNER",
            RejectReason::NotEligible => "NOT_ELIGIBLE",
            RejectReason::Late => "LATE",
            RejectReason::NotRepresentative => "NOT_REPRESENTATIVE",
            RejectReason::NotAuthorised => "NOT_AUTHORISED",
            RejectReason::ProxyMissingDocument => "PROXY_MISSING_DOCUMENT",
            RejectReason::ProxyLimit => "PROXY_LIMIT",
            RejectReason::Superseded => "SUPERSEDED",
            RejectReason::Duplicate => "DUPLICATE",
        }
    }
}

/// Checks a ballot at intake, before it is appended to the log: everything that would make
/// the whole log uncountable — its matter must be on the agenda, its `received_at` an RFC 3339
/// instant, its shape that of its matter (a choice for a yes/no matter; `candidates`, each a
/// candidate of the election, or `choice: "invalid"` for an election) — and its owner must be
/// in the roster. The log is append-only and hash-chained, so a ballot that fails here must not
/// enter it: it could not be taken out again without breaking the chain. (The tally itself
/// accepts unknown owners, rejecting the ballot `UNKNOWN_OWNER`, so that a log is never
/// unreadable for that.)
///
/// # Errors
/// [`TallyError::UnknownMatter`], [`TallyError::InvalidTime`], [`TallyError::InvalidBallot`],
/// [`TallyError::UnknownCandidate`], [`TallyError::UnknownOwner`], naming the ballot position —
/// the errors the count gives such a ballot in a log.
pub fn check_ballot(
    snapshot: &super::Snapshot,
    position: usize,
    ballot: &Ballot,
) -> Result<(), TallyError> {
    let b = ballot.canonical();
    let Some(m) = snapshot.matters.iter().find(|m| nfc(&m.id) == b.matter) else {
        return Err(TallyError::UnknownMatter {
            context: format!("ballot #{position}"),
            matter: b.matter,
        });
    };
    super::parse_instant(&format!("ballot #{position} received_at"), &b.received_at)?;
    let election = m.election.as_ref();
    super::count::check_shape_of(position, &b, &b.matter, election.is_some(), &|k| {
        election.is_some_and(|e| e.candidates.iter().any(|c| nfc(&c.key) == k))
    })?;
    if !snapshot.units.iter().any(|u| nfc(&u.owner) == b.owner) {
        return Err(TallyError::UnknownOwner {
            context: format!("ballot #{position}"),
            owner: b.owner,
        });
    }
    Ok(())
}
