//! Counting: effective ballots per owner, totals, participation, consent and the outcome.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::election::count_election;
use super::matter::MatterRec;
use super::prepared::{BallotLog, Roster};
use super::result::{MatterConfig, MatterResult, Outcome, RejectedBallot, Share, TallyResult};
use super::rules::{figures, silent_view, Groups};
use super::select::select;
use super::{Ballot, Choice, MatterClass, RevotePolicy, Snapshot, TallyError};

/// The input of a tally or recount: the frozen snapshot and the ballot log in received order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(deny_unknown_fields)]
pub struct TallyInput {
    /// Roster, assembly settings and agenda, frozen when the vote opened.
    pub snapshot: Snapshot,
    /// Every ballot in the order the server logged it.
    pub ballots: Vec<Ballot>,
}

fn class_threshold(class: MatterClass) -> &'static str {
    match class {
        MatterClass::Ordinary => "ordinary: quorum 3·A_P ≥ 2·A_T and 3·N_P ≥ 2·N_T; consent 2·A_Y > A_P and 2·N_Y > N_P (Civil Code Art. 278 ¶2)",
        MatterClass::Special => "special: quorum 3·A_P ≥ 2·A_T and 3·N_P ≥ 2·N_T; consent 4·A_Y ≥ 3·A_P and 4·N_Y ≥ 3·N_P (Civil Code Art. 278 ¶2)",
    }
}

/// Counts every matter of `input` by Civil Code Art. 278 and Interpretation 法释〔2009〕7号
/// Arts. 8–9: totals A_T/N_T, participation, consent and the outcome, every rejected ballot
/// with its reason, the optional MOHURD Art. 26 silent-owner view, and committee elections.
///
/// Ballots are taken in order of receipt time; two ballots of one owner with the same receipt
/// time are ordered by log position (the result flags and notes it). Apart from that, the
/// order in which ballots are listed does not change any figure.
///
/// # Errors
/// Malformed snapshot or log: [`TallyError::InvalidDecimal`], [`TallyError::DuplicateUnit`],
/// [`TallyError::DuplicateMatter`], [`TallyError::InvalidUnit`],
/// [`TallyError::InconsistentOwner`], [`TallyError::InvalidMatter`],
/// [`TallyError::UnknownBuilding`], [`TallyError::UnknownOwner`] (a candidate),
/// [`TallyError::InvalidTime`], [`TallyError::UnknownMatter`] (a ballot for a matter not on
/// the agenda), [`TallyError::InvalidBallot`], [`TallyError::UnknownCandidate`],
/// [`TallyError::TooLarge`]. A ballot from an owner not in the roster is not an error: it is
/// rejected `UNKNOWN_OWNER`.
///
/// # Complexity
/// O(m · u + b log b) for m matters, u units and b ballots, plus hashing the log. To count
/// repeatedly, or without hashing, prepare a [`Roster`] once and use [`Roster::tally`].
///
/// # Examples
/// W1 of LEGAL-TALLY.md: three owners of 100.00 m², two vote yes on an ordinary matter.
/// ```
/// use jinlin::tally::{tally, Outcome, TallyInput};
/// let unit = |id: &str, owner: &str| serde_json::json!({"id": id, "building": "1",
///     "kind": "residential", "area": "100.00", "area_source": "registry", "owner": owner});
/// let ballot = |owner: &str| serde_json::json!({"matter": "M1", "owner": owner,
///     "cast_by": owner, "capacity": "owner", "received_at": "2024-06-20T10:00:00+08:00",
///     "choice": "yes"});
/// let input: TallyInput = serde_json::from_value(serde_json::json!({
///     "snapshot": {
///         "assembly": {"id": "A", "counting": {"area": ["residential"], "heads": ["residential"]}},
///         "units": [unit("U1", "o1"), unit("U2", "o2"), unit("U3", "o3")],
///         "matters": [{"id": "M1", "title": "续聘物业", "item": {"article278": 4},
///                      "deadline": "2024-06-30"}]
///     },
///     "ballots": [ballot("o1"), ballot("o2")]
/// })).unwrap();
/// let result = tally(&input).unwrap();
/// let figures = &result.matters[0].figures;
/// assert_eq!(figures.participating.area, "200.0000");
/// assert_eq!(figures.participating.area_share.percent.as_deref(), Some("66.66"));
/// assert_eq!(figures.outcome, Outcome::Passed);
/// ```
pub fn tally(input: &TallyInput) -> Result<TallyResult, TallyError> {
    let roster = Roster::new(&input.snapshot)?;
    let mut log = roster.prepare(input.ballots.clone())?;
    log.compute_hashes();
    roster.tally(&log)
}

/// Counts a prepared log against its roster (the caller checked they belong together).
pub(crate) fn count(roster: &Roster, log: &BallotLog) -> TallyResult {
    let matters = roster
        .snap
        .matters
        .iter()
        .enumerate()
        .map(|(mi, m)| count_matter(m, mi, roster, log))
        .collect();
    TallyResult {
        schema: "jinlin.tally/1".into(),
        assembly_id: roster.snap.assembly.id.clone(),
        log_head: log.head(),
        log_hashes: log.hashes_state(),
        roster_hash: roster.hash().to_string(),
        ballot_count: u32::try_from(log.len()).unwrap_or(u32::MAX),
        matters,
    }
}

pub(crate) fn check_shape(
    i: usize,
    b: &Ballot,
    matter: &str,
    rec: &MatterRec,
) -> Result<(), TallyError> {
    check_shape_of(i, b, matter, rec.is_election, &|k| {
        rec.candidates.iter().any(|c| c == k)
    })
}

/// [`check_shape`] given whether the matter is an election and which candidate keys it has
/// (also `check_ballot`'s, at intake, from the snapshot's matter).
pub(crate) fn check_shape_of(
    i: usize,
    b: &Ballot,
    matter: &str,
    is_election: bool,
    is_candidate: &dyn Fn(&str) -> bool,
) -> Result<(), TallyError> {
    let bad = |reason: String| TallyError::InvalidBallot { ballot: i, reason };
    if !is_election {
        if b.candidates.is_some() {
            return Err(bad(format!(
                "candidate choices on matter {matter:?}, which is not an election"
            )));
        }
        if b.choice.is_none() {
            return Err(bad(format!("no choice for matter {matter:?}")));
        }
        return Ok(());
    }
    match (&b.choice, &b.candidates) {
        (Some(Choice::Invalid), None) => Ok(()),
        (None, Some(map)) => {
            for k in map.keys() {
                if !is_candidate(k) {
                    return Err(TallyError::UnknownCandidate { ballot: i, matter: matter.into(), candidate: k.clone() });
                }
            }
            Ok(())
        }
        _ => Err(bad(format!(
            "an election ballot for matter {matter:?} needs either `candidates` or `choice: \"invalid\"`"
        ))),
    }
}

fn count_matter(m: &super::Matter, mi: usize, roster: &Roster, log: &BallotLog) -> MatterResult {
    let rec = &roster.recs[mi];
    let w = &roster.weights[mi];
    let slots = &log.by_matter[mi];
    let sel = select(m, roster, &roster.eligible[mi], slots, rec.deadline);
    let is_election = rec.is_election;
    let mut g = Groups::default();
    for (o, wt) in w.iter().enumerate() {
        if !wt.eligible {
            continue;
        }
        let acc = match sel.effective(o).map(|k| slots[k].choice) {
            None => &mut g.absent,
            Some(Some(Choice::Invalid)) => &mut g.invalid,
            Some(Some(Choice::Yes)) if !is_election => &mut g.yes,
            Some(Some(Choice::No)) if !is_election => &mut g.no,
            // An election ballot with candidate choices participates; it is counted per
            // candidate in the election result.
            Some(_) => &mut g.abstain,
        };
        acc.add(wt.head, wt.area);
    }
    let mut figs = figures(&g, rec.class, m.invalid_participates, !is_election);
    let election = m
        .election
        .as_ref()
        .map(|e| count_election(e, w, &sel, slots, &log.cand_choices, m.invalid_participates));
    if let Some(er) = &election {
        // For an election the matter-level yes/no/abstain are not choices: move the valid
        // ballots from `abstain` (where they were parked) to participation only.
        figs.abstain = Share::new(0, 0, 0, 0);
        figs.outcome = if !figs.quorum.met {
            Outcome::NoQuorum
        } else if er.elected.is_empty() && er.tied_for_last_seats.is_empty() {
            Outcome::NotPassed
        } else {
            Outcome::Passed
        };
    }
    let silent = (m.silent_owner_view && !is_election)
        .then(|| silent_view(&g, rec.class, m.invalid_participates));
    let mut rejected_by_reason = BTreeMap::new();
    let mut notes = Vec::new();
    let rejected: Vec<RejectedBallot> = sel
        .rejected
        .iter()
        .map(|&(i, reason, tie)| {
            *rejected_by_reason.entry(reason).or_insert(0u32) += 1;
            let b = &log.ballots[i];
            if tie {
                notes.push(format!(
                    "ballot #{i} of owner {:?} has the same receipt time as another ballot of that owner; the log position decided ({} under {})",
                    b.owner,
                    reason.code(),
                    match m.revote {
                        RevotePolicy::FirstFinal => "first_final: the earlier position counts",
                        RevotePolicy::LastBeforeClose => "last_before_close: the later position counts",
                    }
                ));
            }
            RejectedBallot {
                position: u32::try_from(i).unwrap_or(u32::MAX),
                receipt: log.receipt(i),
                owner: b.owner.clone(),
                cast_by: b.cast_by.clone(),
                received_at: b.received_at.clone(),
                reason,
                resolved_by_log_position: tie,
            }
        })
        .collect();
    MatterResult {
        matter_id: m.id.clone(),
        title: m.title.clone(),
        config: MatterConfig {
            item: m.item.clone(),
            class: rec.class,
            threshold: class_threshold(rec.class).into(),
            scope_buildings: m.buildings.clone(),
            area_kinds: rec.area_kinds.iter().copied().collect(),
            head_kinds: rec.head_kinds.iter().copied().collect(),
            kinds_declared_by: if m.counting.is_some() {
                "matter"
            } else {
                "assembly"
            }
            .into(),
            revote: m.revote,
            invalid_participates: m.invalid_participates,
            proxy_limit: m.proxy_limit,
            deadline: m.deadline.clone(),
            deadline_epoch_ms: rec.deadline.epoch_ms.to_string(),
            silent_owner_view: m.silent_owner_view,
        },
        figures: figs,
        counted_ballots: u32::try_from(sel.counted()).unwrap_or(u32::MAX),
        rejected,
        rejected_by_reason,
        silent_owner_view: silent,
        election,
        notes,
    }
}
