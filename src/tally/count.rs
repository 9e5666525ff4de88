//! Counting: effective ballots per owner, totals, participation, consent and the outcome.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::audit::{chain_hashes, hash_canonical_snapshot};
use super::election::count_election;
use super::matter::MatterRec;
use super::result::{
    Block, Check, Figures, MatterConfig, MatterResult, Outcome, RejectedBallot, Share,
    SilentOwnerView, TallyResult,
};
use super::roster::RosterIndex;
use super::time::{parse_instant, parse_rfc3339, Instant};
use super::{
    Ballot, Capacity, Choice, MatterClass, RejectReason, RevotePolicy, Snapshot, TallyError,
};

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

/// The quorum test of Civil Code Art. 278 ¶2: 3·A_P ≥ 2·A_T and 3·N_P ≥ 2·N_T, with N_T > 0
/// ("以上" includes the number itself). Integers only, compared in `u128`.
///
/// # Units
/// Areas in 0.0001 m²; heads as counts.
///
/// # Examples
/// W8 of LEGAL-TALLY.md: 66.66 of 99.99 m² is exactly two thirds, although it displays as
/// 66.66 %.
/// ```
/// use jinlin::tally::quorum;
/// assert!(quorum(999_900, 3, 666_600, 2).met);
/// assert!(!quorum(999_900, 3, 666_599, 2).met);
/// ```
pub fn quorum(
    total_area_e4: u128,
    total_heads: u128,
    part_area_e4: u128,
    part_heads: u128,
) -> Check {
    let heads = total_heads > 0 && part_heads.saturating_mul(3) >= total_heads.saturating_mul(2);
    let area = part_area_e4.saturating_mul(3) >= total_area_e4.saturating_mul(2);
    Check {
        heads,
        area,
        met: heads && area,
    }
}

/// The majority test of Civil Code Art. 278 ¶2: special (items 6–8) 4·A_Y ≥ 3·A_P and
/// 4·N_Y ≥ 3·N_P; ordinary 2·A_Y > A_P and 2·N_Y > N_P ("过半数" is strict: exactly half fails).
///
/// # Units
/// Areas in 0.0001 m²; heads as counts.
///
/// # Examples
/// ```
/// use jinlin::tally::{consent, MatterClass};
/// // W2: exactly half is not "more than half".
/// assert!(!consent(MatterClass::Ordinary, 4_000_000, 4, 2_000_000, 2).met);
/// // W3: exactly three quarters passes a special matter.
/// assert!(consent(MatterClass::Special, 8_000_000, 8, 6_000_000, 6).met);
/// ```
pub fn consent(
    class: MatterClass,
    part_area_e4: u128,
    part_heads: u128,
    yes_area_e4: u128,
    yes_heads: u128,
) -> Check {
    let (heads, area) = match class {
        MatterClass::Special => (
            yes_heads.saturating_mul(4) >= part_heads.saturating_mul(3),
            yes_area_e4.saturating_mul(4) >= part_area_e4.saturating_mul(3),
        ),
        MatterClass::Ordinary => (
            yes_heads.saturating_mul(2) > part_heads,
            yes_area_e4.saturating_mul(2) > part_area_e4,
        ),
    };
    Check {
        heads,
        area,
        met: heads && area,
    }
}

fn outcome(q: Check, c: Check) -> Outcome {
    if !q.met {
        Outcome::NoQuorum
    } else if c.met {
        Outcome::Passed
    } else {
        Outcome::NotPassed
    }
}

/// Heads (0/1 per owner) and area (0.0001 m²) accumulated per choice.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Acc {
    pub heads: u128,
    pub area: u128,
}

impl Acc {
    pub fn add(&mut self, head: bool, area: u128) {
        self.heads += u128::from(head);
        self.area += area;
    }
}

/// The five groups of owners in scope for one decision.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Groups {
    pub yes: Acc,
    pub no: Acc,
    pub abstain: Acc,
    pub invalid: Acc,
    pub absent: Acc,
}

/// Builds the figures of one decision from its groups (Civil Code Art. 278 ¶2).
pub(crate) fn figures(
    g: &Groups,
    class: MatterClass,
    invalid_participates: bool,
    with_consent: bool,
) -> Figures {
    let tot = Acc {
        heads: g.yes.heads + g.no.heads + g.abstain.heads + g.invalid.heads + g.absent.heads,
        area: g.yes.area + g.no.area + g.abstain.area + g.invalid.area + g.absent.area,
    };
    let mut part = Acc {
        heads: g.yes.heads + g.no.heads + g.abstain.heads,
        area: g.yes.area + g.no.area + g.abstain.area,
    };
    if invalid_participates {
        part.heads += g.invalid.heads;
        part.area += g.invalid.area;
    }
    let absent = Acc {
        heads: tot.heads
            - part.heads
            - if invalid_participates {
                0
            } else {
                g.invalid.heads
            },
        area: tot.area
            - part.area
            - if invalid_participates {
                0
            } else {
                g.invalid.area
            },
    };
    let q = quorum(tot.area, tot.heads, part.area, part.heads);
    let c = consent(class, part.area, part.heads, g.yes.area, g.yes.heads);
    let of_part = |a: Acc| Share::new(a.heads, a.area, part.heads, part.area);
    Figures {
        totals: Block::new(tot.heads, tot.area),
        participating: Share::new(part.heads, part.area, tot.heads, tot.area),
        yes: of_part(g.yes),
        no: of_part(g.no),
        abstain: of_part(g.abstain),
        invalid: of_part(g.invalid),
        absent: Block::new(absent.heads, absent.area),
        quorum: q,
        consent: with_consent.then_some(c),
        outcome: outcome(q, c),
    }
}

fn silent_view(g: &Groups, class: MatterClass, invalid_participates: bool) -> SilentOwnerView {
    let mut yes = g.yes;
    let mut no = g.no;
    let mut part = Acc {
        heads: g.yes.heads + g.no.heads + g.abstain.heads,
        area: g.yes.area + g.no.area + g.abstain.area,
    };
    let mut silent = g.absent;
    if invalid_participates {
        part.heads += g.invalid.heads;
        part.area += g.invalid.area;
    } else {
        silent.heads += g.invalid.heads;
        silent.area += g.invalid.area;
    }
    let tot_heads = part.heads + silent.heads;
    let tot_area = part.area + silent.area;
    let heads_to = match yes.heads.cmp(&no.heads) {
        std::cmp::Ordering::Greater => {
            yes.heads += silent.heads;
            "yes"
        }
        std::cmp::Ordering::Less => {
            no.heads += silent.heads;
            "no"
        }
        std::cmp::Ordering::Equal => "none",
    };
    if heads_to != "none" {
        part.heads += silent.heads;
    }
    let area_to = match yes.area.cmp(&no.area) {
        std::cmp::Ordering::Greater => {
            yes.area += silent.area;
            "yes"
        }
        std::cmp::Ordering::Less => {
            no.area += silent.area;
            "no"
        }
        std::cmp::Ordering::Equal => "none",
    };
    if area_to != "none" {
        part.area += silent.area;
    }
    let q = quorum(tot_area, tot_heads, part.area, part.heads);
    let c = consent(class, part.area, part.heads, yes.area, yes.heads);
    SilentOwnerView {
        label: "MOHURD 建房〔2009〕274号 Art. 26 silent-owner view (未参与表决业主计入多数票) — contested after the Civil Code; NOT the statutory result".into(),
        absent_heads_to: heads_to.into(),
        absent_area_to: area_to.into(),
        participating: Block::new(part.heads, part.area),
        yes: Block::new(yes.heads, yes.area),
        no: Block::new(no.heads, no.area),
        quorum: q,
        consent: c,
        outcome: outcome(q, c),
    }
}

/// One owner's weight in a matter's scope.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Weight {
    pub eligible: bool,
    pub head: bool,
    pub area: u128,
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
/// O(m · (u + b log b)) for m matters, u units and b ballots, plus hashing the log.
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
    if input.snapshot.units.len() > u32::MAX as usize {
        return Err(TallyError::TooLarge {
            what: "units",
            count: input.snapshot.units.len(),
        });
    }
    if input.ballots.len() > u32::MAX as usize {
        return Err(TallyError::TooLarge {
            what: "ballots",
            count: input.ballots.len(),
        });
    }
    let snap = input.snapshot.canonical()?;
    let roster = RosterIndex::build(&snap.units)?;
    let mut matter_index = BTreeMap::new();
    let mut recs = Vec::with_capacity(snap.matters.len());
    for (i, m) in snap.matters.iter().enumerate() {
        if matter_index.insert(m.id.clone(), i).is_some() {
            return Err(TallyError::DuplicateMatter {
                matter: m.id.clone(),
            });
        }
        let known = |k: &str| roster.owner_by_key.contains_key(k);
        recs.push(MatterRec::build(
            m,
            &snap.assembly,
            &roster.buildings,
            &known,
        )?);
    }
    let genesis = hash_canonical_snapshot(&snap)?;
    let ballots: Vec<Cow<'_, Ballot>> = input
        .ballots
        .iter()
        .map(|b| {
            if b.is_ascii() {
                Cow::Borrowed(b)
            } else {
                Cow::Owned(b.canonical())
            }
        })
        .collect();
    let ballots: Vec<&Ballot> = ballots.iter().map(|b| b.as_ref()).collect();
    let receipts = chain_hashes(&genesis, &ballots);
    let mut times = Vec::with_capacity(ballots.len());
    let mut by_matter: Vec<Vec<usize>> = vec![Vec::new(); snap.matters.len()];
    for (i, b) in ballots.iter().enumerate() {
        let Some(&mi) = matter_index.get(&b.matter) else {
            return Err(TallyError::UnknownMatter {
                context: format!("ballot #{i}"),
                matter: b.matter.clone(),
            });
        };
        times.push(match parse_rfc3339(&b.received_at) {
            Ok(t) => t,
            Err(_) => parse_instant(&format!("ballot #{i} received_at"), &b.received_at)?,
        });
        check_shape(i, b, &snap.matters[mi].id, &recs[mi])?;
        by_matter[mi].push(i);
    }
    let mut matters = Vec::with_capacity(snap.matters.len());
    for (mi, m) in snap.matters.iter().enumerate() {
        let mut order = std::mem::take(&mut by_matter[mi]);
        order.sort_by_key(|&i| (times[i], i));
        matters.push(count_matter(
            m, &recs[mi], &roster, &ballots, &times, &receipts, &order,
        ));
    }
    Ok(TallyResult {
        schema: "jinlin.tally/1".into(),
        assembly_id: snap.assembly.id.clone(),
        log_head: receipts.last().cloned().unwrap_or_else(|| genesis.clone()),
        roster_hash: genesis,
        ballot_count: u32::try_from(ballots.len()).unwrap_or(u32::MAX),
        matters,
    })
}

fn check_shape(i: usize, b: &Ballot, matter: &str, rec: &MatterRec) -> Result<(), TallyError> {
    let bad = |reason: String| TallyError::InvalidBallot { ballot: i, reason };
    if !rec.is_election {
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
                if !rec.candidates.contains(k) {
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

/// Which ballots count for a matter: the effective ballot per owner, and every rejection.
pub(crate) struct Selection {
    /// Per owner index, the position of the ballot that counts.
    pub effective: Vec<Option<usize>>,
    pub rejected: Vec<(usize, RejectReason, bool)>,
}

fn authority(b: &Ballot, rec: &super::roster::OwnerRec) -> Option<RejectReason> {
    match b.capacity {
        Capacity::Owner => match &rec.representative {
            Some(r) if *r != b.cast_by => Some(RejectReason::NotRepresentative),
            Some(_) => None,
            None if b.cast_by != rec.key => Some(RejectReason::NotAuthorised),
            None => None,
        },
        Capacity::Representative => match &rec.representative {
            Some(r) if *r == b.cast_by => None,
            Some(_) => Some(RejectReason::NotRepresentative),
            None => Some(RejectReason::NotAuthorised),
        },
        Capacity::Proxy => match b.proxy_document.as_deref().map(str::trim) {
            None | Some("") => Some(RejectReason::ProxyMissingDocument),
            Some(_) => None,
        },
    }
}

pub(crate) fn select(
    m: &super::Matter,
    roster: &RosterIndex,
    weights: &[Weight],
    ballots: &[&Ballot],
    times: &[Instant],
    deadline: Instant,
    order: &[usize],
) -> Selection {
    let mut effective: Vec<Option<usize>> = vec![None; roster.owners.len()];
    let mut rejected = Vec::new();
    let mut proxy_slots: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for &i in order {
        let b = &ballots[i];
        let Some(&o) = roster.owner_by_key.get(&b.owner) else {
            rejected.push((i, RejectReason::UnknownOwner, false));
            continue;
        };
        if !weights[o].eligible {
            rejected.push((i, RejectReason::NotEligible, false));
            continue;
        }
        if times[i] >= deadline {
            rejected.push((i, RejectReason::Late, false));
            continue;
        }
        if let Some(r) = authority(b, &roster.owners[o]) {
            rejected.push((i, r, false));
            continue;
        }
        let prev = effective[o];
        if let (Some(p), RevotePolicy::FirstFinal) = (prev, m.revote) {
            rejected.push((i, RejectReason::Duplicate, times[p] == times[i]));
            continue;
        }
        if b.capacity == Capacity::Proxy {
            let slots = proxy_slots.entry(b.cast_by.as_str()).or_default();
            if !slots.contains(&o) {
                if m.proxy_limit.is_some_and(|l| slots.len() >= l as usize) {
                    rejected.push((i, RejectReason::ProxyLimit, false));
                    continue;
                }
                slots.insert(o);
            }
        }
        if let Some(p) = prev {
            rejected.push((p, RejectReason::Superseded, times[p] == times[i]));
        }
        effective[o] = Some(i);
    }
    rejected.sort_by_key(|r| r.0);
    Selection {
        effective,
        rejected,
    }
}

pub(crate) fn weights(rec: &MatterRec, roster: &RosterIndex) -> Vec<Weight> {
    let mut w = vec![Weight::default(); roster.owners.len()];
    for u in &roster.units {
        if rec
            .buildings
            .as_ref()
            .is_some_and(|b| !b.contains(&u.building))
        {
            continue;
        }
        let o = &mut w[u.owner];
        if rec.area_kinds.contains(&u.kind) {
            o.eligible = true;
            o.area += u128::from(u.area_e4);
        }
        if rec.head_kinds.contains(&u.kind) {
            o.eligible = true;
            o.head = true;
        }
    }
    w
}

fn count_matter(
    m: &super::Matter,
    rec: &MatterRec,
    roster: &RosterIndex,
    ballots: &[&Ballot],
    times: &[Instant],
    receipts: &[String],
    order: &[usize],
) -> MatterResult {
    let w = weights(rec, roster);
    let sel = select(m, roster, &w, ballots, times, rec.deadline, order);
    let is_election = rec.is_election;
    let mut g = Groups::default();
    for (o, wt) in w.iter().enumerate() {
        if !wt.eligible {
            continue;
        }
        let acc = match sel.effective[o].map(|i| ballots[i].choice) {
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
        .map(|e| count_election(e, &w, &sel, ballots, m.invalid_participates));
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
            let b = &ballots[i];
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
                receipt: receipts[i].clone(),
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
        counted_ballots: u32::try_from(sel.effective.iter().flatten().count()).unwrap_or(u32::MAX),
        rejected,
        rejected_by_reason,
        silent_owner_view: silent,
        election,
        notes,
    }
}
