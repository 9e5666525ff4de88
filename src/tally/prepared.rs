//! The prepared roster and the prepared ballot log: everything a count needs, computed once,
//! so that a tally is integer arithmetic over indices (no hashing, no string maps).

use std::collections::HashMap;

use super::audit::{chain_raw, hash_canonical_snapshot, hex, unhex};
use super::matter::MatterRec;
use super::roster::RosterIndex;
use super::select::{weights, Weight};
use super::time::{parse_instant, parse_rfc3339, Instant};
use super::{Ballot, Capacity, Choice, LogEntry, Snapshot, TallyError};

/// FNV-1a: a fast, deterministic hasher for the string-keyed indices built at preparation
/// (keys are owner and person keys from the roster and the log, not attacker-chosen in a way
/// that matters here: a collision costs time, never a wrong count).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type Map<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// "No such owner / person" in the index arrays.
pub(crate) const NONE: u32 = u32::MAX;

/// Default of [`TallyLimits::max_units`]: 100,000 units (a large compound has a few thousand).
pub const DEFAULT_MAX_UNITS: usize = 100_000;

/// Default of [`TallyLimits::max_ballots`]: 200,000 ballots per log (the budgeted case is
/// 100,000 ballots over 20,000 units and 10 matters). At the cap, preparing and counting a log
/// from JSON text takes about 90 MB (measured: ~450 bytes a ballot, the text, the ballots and
/// their indices).
pub const DEFAULT_MAX_BALLOTS: usize = 200_000;

/// Caps on the size of a roster and of each ballot log prepared against it, checked before
/// the log is reduced to indices, so that a phone gets [`TallyError::TooLarge`] rather than a
/// killed page. From JS: `new Roster(snapshot, { maxUnits, maxBallots })`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct TallyLimits {
    /// At most this many units in the snapshot (default [`DEFAULT_MAX_UNITS`]).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub max_units: usize,
    /// At most this many ballots in one log (default [`DEFAULT_MAX_BALLOTS`]).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub max_ballots: usize,
}

impl Default for TallyLimits {
    fn default() -> Self {
        TallyLimits {
            max_units: DEFAULT_MAX_UNITS,
            max_ballots: DEFAULT_MAX_BALLOTS,
        }
    }
}

/// A roster snapshot prepared for counting: validated, in canonical form, hashed once, with
/// owners and persons indexed and each matter's per-owner weights computed.
///
/// Build it once when the vote opens (or when a portal loads the assembly); then count any
/// number of [`BallotLog`]s against it with [`Roster::tally`].
///
/// # Complexity
/// O(u log u) to build for u units (canonical form, SHA-256 of the snapshot), O(m · u) for the
/// weights of m matters.
#[derive(Clone, Debug)]
pub struct Roster {
    pub(crate) snap: Snapshot,
    pub(crate) index: RosterIndex,
    pub(crate) recs: Vec<MatterRec>,
    pub(crate) weights: Vec<Vec<Weight>>,
    /// Per matter, per owner: `weights[m][o].eligible`, packed for the hot loop.
    pub(crate) eligible: Vec<Vec<bool>>,
    matter_index: Map<String, u32>,
    owner_index: Map<String, u32>,
    /// Person ids: every owner key and every representative.
    persons: Map<String, u32>,
    /// Per owner: the person id of its key, and of its representative.
    pub(crate) owner_person: Vec<u32>,
    pub(crate) owner_rep: Vec<u32>,
    hash: String,
    max_ballots: usize,
}

impl Roster {
    /// Validates and prepares `snapshot` (see [`super::tally`] for the checks), with the
    /// default [`TallyLimits`].
    ///
    /// # Errors
    /// [`TallyError::InvalidDecimal`], [`TallyError::DuplicateUnit`],
    /// [`TallyError::DuplicateMatter`], [`TallyError::InvalidUnit`],
    /// [`TallyError::InconsistentOwner`], [`TallyError::InvalidMatter`],
    /// [`TallyError::UnknownBuilding`], [`TallyError::UnknownOwner`] (a candidate),
    /// [`TallyError::InvalidTime`], [`TallyError::TooLarge`].
    pub fn new(snapshot: &Snapshot) -> Result<Roster, TallyError> {
        Roster::with_limits(snapshot, TallyLimits::default())
    }

    /// As [`Roster::new`], with other caps on the units and on each log's ballots.
    ///
    /// # Errors
    /// As [`Roster::new`]; [`TallyError::TooLarge`] names the limit.
    pub fn with_limits(snapshot: &Snapshot, limits: TallyLimits) -> Result<Roster, TallyError> {
        let limit = limits.max_units.min(NONE as usize - 1);
        if snapshot.units.len() > limit {
            return Err(TallyError::TooLarge {
                what: "units",
                count: snapshot.units.len(),
                limit,
            });
        }
        let snap = snapshot.canonical()?;
        let index = RosterIndex::build(&snap.units)?;
        let mut matter_index = Map::default();
        let mut recs = Vec::with_capacity(snap.matters.len());
        for (i, m) in snap.matters.iter().enumerate() {
            if matter_index.insert(m.id.clone(), i as u32).is_some() {
                return Err(TallyError::DuplicateMatter {
                    matter: m.id.clone(),
                });
            }
            let known = |k: &str| index.owner_by_key.contains_key(k);
            recs.push(MatterRec::build(
                m,
                &snap.assembly,
                &index.buildings,
                &known,
            )?);
        }
        let hash = hash_canonical_snapshot(&snap)?;
        let weights: Vec<Vec<Weight>> = recs.iter().map(|r| weights(r, &index)).collect();
        let eligible = weights
            .iter()
            .map(|w| w.iter().map(|x| x.eligible).collect())
            .collect();
        let mut persons: Map<String, u32> = Map::default();
        let mut intern = |k: &str| -> u32 {
            let next = persons.len() as u32;
            *persons.entry(k.to_string()).or_insert(next)
        };
        let owner_person = index.owners.iter().map(|o| intern(&o.key)).collect();
        let owner_rep = index
            .owners
            .iter()
            .map(|o| o.representative.as_deref().map_or(NONE, &mut intern))
            .collect();
        let owner_index = index
            .owner_by_key
            .iter()
            .map(|(k, &o)| (k.clone(), o as u32))
            .collect();
        Ok(Roster {
            snap,
            index,
            recs,
            weights,
            eligible,
            matter_index,
            owner_index,
            persons,
            owner_person,
            owner_rep,
            hash,
            max_ballots: limits.max_ballots.min(NONE as usize - 1),
        })
    }

    /// The roster hash (the log's genesis): SHA-256 of the canonical snapshot, hex.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The snapshot in canonical form (NFC, areas with 4 decimals, units sorted by id).
    pub fn snapshot(&self) -> &Snapshot {
        &self.snap
    }

    /// Number of owners (heads before scope and kinds) in the roster.
    pub fn owner_count(&self) -> usize {
        self.index.owners.len()
    }

    /// Prepares `ballots` (in log order) for counting against this roster, without hashing.
    ///
    /// # Errors
    /// [`TallyError::UnknownMatter`], [`TallyError::InvalidTime`],
    /// [`TallyError::InvalidBallot`], [`TallyError::UnknownCandidate`] naming the first bad
    /// ballot; [`TallyError::TooLarge`].
    ///
    /// # Complexity
    /// O(b log b) for b ballots.
    pub fn prepare(&self, ballots: Vec<Ballot>) -> Result<BallotLog, TallyError> {
        self.check_ballots(ballots.len())?;
        let ballots: Vec<Ballot> = ballots
            .into_iter()
            .map(|b| if b.is_ascii() { b } else { b.canonical() })
            .collect();
        let mut cand_choices = Vec::new();
        let mut extra: Map<&str, u32> = Map::default();
        let mut by_matter: Vec<Vec<Slot>> = vec![Vec::new(); self.recs.len()];
        let sorted_cands: Vec<Vec<&str>> = self
            .recs
            .iter()
            .map(|r| {
                let mut c: Vec<&str> = r.candidates.iter().map(String::as_str).collect();
                c.sort_unstable();
                c
            })
            .collect();
        for (i, b) in ballots.iter().enumerate() {
            let Some(&mi) = self.matter_index.get(&b.matter) else {
                return Err(TallyError::UnknownMatter {
                    context: format!("ballot #{i}"),
                    matter: b.matter.clone(),
                });
            };
            let time = match parse_rfc3339(&b.received_at) {
                Ok(t) => t,
                Err(_) => parse_instant(&format!("ballot #{i} received_at"), &b.received_at)?,
            };
            let rec = &self.recs[mi as usize];
            super::count::check_shape(i, b, &self.snap.matters[mi as usize].id, rec)?;
            let cand_start = cand_choices.len() as u32;
            if rec.is_election {
                for k in &sorted_cands[mi as usize] {
                    cand_choices.push(
                        match (b.choice, b.candidates.as_ref().and_then(|m| m.get(*k))) {
                            (Some(Choice::Invalid), _) => Choice::Invalid,
                            (_, Some(c)) => *c,
                            (_, None) => Choice::Abstain,
                        },
                    );
                }
            }
            let cast_by = match self.persons.get(&b.cast_by) {
                Some(&p) => p,
                None => {
                    let next = (self.persons.len() + extra.len()) as u32;
                    *extra.entry(b.cast_by.as_str()).or_insert(next)
                }
            };
            by_matter[mi as usize].push(Slot {
                time,
                pos: i as u32,
                owner: self.owner_index.get(&b.owner).copied().unwrap_or(NONE),
                cast_by,
                cand_start,
                capacity: b.capacity,
                choice: b.choice,
                proxy_document: b
                    .proxy_document
                    .as_deref()
                    .is_some_and(|d| !d.trim().is_empty()),
            });
        }
        for slots in &mut by_matter {
            slots.sort_by_key(|s| (s.time, s.pos));
        }
        Ok(BallotLog {
            roster_hash: self.hash.clone(),
            ballots,
            cand_choices,
            by_matter,
            hashes: None,
            supplied: false,
        })
    }

    /// Fails with [`TallyError::TooLarge`] when a log of `count` ballots exceeds the roster's
    /// [`TallyLimits::max_ballots`] (call it before reading a large log).
    pub fn check_ballots(&self, count: usize) -> Result<(), TallyError> {
        if count > self.max_ballots {
            return Err(TallyError::TooLarge {
                what: "ballots",
                count,
                limit: self.max_ballots,
            });
        }
        Ok(())
    }

    /// Prepares a log whose entries carry their hashes; the count states them as supplied
    /// (it does not verify them: use [`BallotLog::verify`] or [`super::verify_chain`]).
    ///
    /// # Errors
    /// As [`Roster::prepare`], and [`TallyError::InvalidHash`] (its `entry` the index) for a
    /// stored hash that is not 64 lowercase hex digits.
    pub fn prepare_log(&self, entries: Vec<LogEntry>) -> Result<BallotLog, TallyError> {
        self.check_ballots(entries.len())?;
        let mut hashes = Vec::with_capacity(entries.len());
        let mut ballots = Vec::with_capacity(entries.len());
        for (i, e) in entries.into_iter().enumerate() {
            // (the entry's name is formatted only for the error: not once per entry)
            hashes.push(unhex("", &e.hash).map_err(|_| TallyError::InvalidHash {
                field: format!("log entry #{i} hash"),
                value: e.hash.clone(),
                entry: Some(i),
            })?);
            ballots.push(e.ballot);
        }
        let mut log = self.prepare(ballots)?;
        log.hashes = Some(hashes);
        log.supplied = true;
        Ok(log)
    }

    /// Counts `log` (see [`super::tally`] for the rules). Integer arithmetic over indices; no
    /// hashing. The result's `log_head` and receipts are the log's hashes, computed
    /// ([`BallotLog::compute_hashes`]) or supplied ([`Roster::prepare_log`]), or `null`.
    ///
    /// # Errors
    /// [`TallyError::InvalidBallot`] when `log` was prepared against another roster.
    ///
    /// # Complexity
    /// O(m · u + b) for m matters, u owners and b ballots.
    pub fn tally(&self, log: &BallotLog) -> Result<super::TallyResult, TallyError> {
        if log.roster_hash != self.hash {
            return Err(TallyError::InvalidBallot {
                ballot: 0,
                reason: "the ballot log was prepared against a different roster".into(),
            });
        }
        Ok(super::count::count(self, log))
    }
}

/// One ballot reduced to indices for counting.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Slot {
    pub time: Instant,
    /// Position in the log.
    pub pos: u32,
    /// Owner index, or [`NONE`] for a key not in the roster.
    pub owner: u32,
    /// Person id of `cast_by` (roster persons first, then persons seen only in the log).
    pub cast_by: u32,
    /// Start of this ballot's per-candidate choices (elections), in candidate-key order.
    pub cand_start: u32,
    pub capacity: Capacity,
    pub choice: Option<Choice>,
    /// A non-blank written authorisation id is present.
    pub proxy_document: bool,
}

/// A ballot log prepared against a [`Roster`]: the ballots in NFC, reduced to indices, grouped
/// per matter in order of receipt time, with the chain hashes when computed or supplied.
#[derive(Clone, Debug)]
pub struct BallotLog {
    roster_hash: String,
    pub(crate) ballots: Vec<Ballot>,
    pub(crate) cand_choices: Vec<Choice>,
    /// Per matter, its ballots in order of receipt time, then log position: the count reads
    /// them sequentially.
    pub(crate) by_matter: Vec<Vec<Slot>>,
    hashes: Option<Vec<[u8; 32]>>,
    supplied: bool,
}

impl BallotLog {
    /// Number of ballots.
    pub fn len(&self) -> usize {
        self.ballots.len()
    }

    /// True when the log holds no ballot.
    pub fn is_empty(&self) -> bool {
        self.ballots.is_empty()
    }

    /// The ballots in log order, in NFC.
    pub fn ballots(&self) -> &[Ballot] {
        &self.ballots
    }

    /// Computes the SHA-256 chain from the roster hash (replacing supplied hashes).
    ///
    /// # Complexity
    /// O(total size of the ballots).
    pub fn compute_hashes(&mut self) {
        self.hashes = Some(chain_raw(&self.roster_hash, &self.ballots));
        self.supplied = false;
    }

    /// Whether the hashes are present, and whether they were supplied (not computed here).
    pub fn hashes_state(&self) -> super::LogHashes {
        match (&self.hashes, self.supplied) {
            (None, _) => super::LogHashes::NotComputed,
            (Some(_), true) => super::LogHashes::Supplied,
            (Some(_), false) => super::LogHashes::Computed,
        }
    }

    /// The hash of entry `i`, hex, when the hashes are present.
    pub fn receipt(&self, i: usize) -> Option<String> {
        self.hashes.as_ref().and_then(|h| h.get(i)).map(|h| hex(h))
    }

    /// The log head (last hash; the roster hash for an empty log), when hashes are present.
    pub fn head(&self) -> Option<String> {
        let h = self.hashes.as_ref()?;
        Some(
            h.last()
                .map_or_else(|| self.roster_hash.clone(), |h| hex(h)),
        )
    }

    /// The entries `{ballot, hash}`, when hashes are present.
    pub fn entries(&self) -> Option<Vec<LogEntry>> {
        let h = self.hashes.as_ref()?;
        Some(
            self.ballots
                .iter()
                .zip(h)
                .map(|(b, h)| LogEntry {
                    ballot: b.clone(),
                    hash: hex(h),
                })
                .collect(),
        )
    }

    /// The position of the ballot whose hash is `receipt`, when hashes are present.
    pub fn find_receipt(&self, receipt: &str) -> Option<usize> {
        let want = unhex("receipt", &receipt.to_ascii_lowercase()).ok()?;
        self.hashes.as_ref()?.iter().position(|h| *h == want)
    }

    /// Verifies the chain: recomputes every hash from the roster hash and compares it with
    /// the log's supplied hashes (if it has any), then the head with `expected_head`.
    ///
    /// # Errors
    /// [`super::ChainError`] naming the first entry whose supplied hash differs
    /// (`HashMismatch`), or the log length when the recomputed head is not `expected_head`
    /// (`HeadMismatch`; the only check for a log prepared without hashes, which cannot name
    /// the entry) or `expected_head` is not 64 hex digits (`InvalidHead`, code
    /// `TALLY_INVALID_HASH`).
    ///
    /// # Complexity
    /// O(total size of the ballots): one SHA-256 per ballot.
    pub fn verify(&self, expected_head: &str) -> Result<(), super::ChainError> {
        let computed = chain_raw(&self.roster_hash, &self.ballots);
        if let Some(h) = &self.hashes {
            for (index, (c, s)) in computed.iter().zip(h).enumerate() {
                if c != s {
                    return Err(super::ChainError {
                        index,
                        fault: super::ChainFault::HashMismatch,
                    });
                }
            }
        }
        let head = computed
            .last()
            .map_or_else(|| self.roster_hash.clone(), |h| hex(h));
        super::audit::check_head(&head, expected_head, self.ballots.len())
    }
}
