//! Which ballots count: scope and kinds (Interpretation 法释〔2009〕7号 Arts. 8–9), the close
//! (Civil Code Arts. 137, 203), the co-owners' representative, proxies, and revotes
//! (Civil Code Art. 141). Every ballot that does not count gets a reason.

use std::collections::{BTreeMap, BTreeSet};

use super::matter::MatterRec;
use super::prepared::{Roster, Slot, NONE};
use super::roster::RosterIndex;
use super::time::Instant;
use super::{Capacity, RejectReason, RevotePolicy};

/// One owner's weight in a matter's scope.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Weight {
    pub eligible: bool,
    pub head: bool,
    pub area: u128,
}

/// Which ballots count for a matter: the effective ballot per owner, and every rejection.
pub(crate) struct Selection {
    /// Per owner index, the position of the ballot that counts.
    pub effective: Vec<Option<usize>>,
    pub rejected: Vec<(usize, RejectReason, bool)>,
}

fn authority(s: &Slot, key_person: u32, rep_person: u32) -> Option<RejectReason> {
    match s.capacity {
        Capacity::Owner => match rep_person {
            NONE if s.cast_by != key_person => Some(RejectReason::NotAuthorised),
            NONE => None,
            r if r != s.cast_by => Some(RejectReason::NotRepresentative),
            _ => None,
        },
        Capacity::Representative => match rep_person {
            NONE => Some(RejectReason::NotAuthorised),
            r if r == s.cast_by => None,
            _ => Some(RejectReason::NotRepresentative),
        },
        Capacity::Proxy => (!s.proxy_document).then_some(RejectReason::ProxyMissingDocument),
    }
}

/// Chooses the effective ballot of every owner in one matter, over `order` (the matter's
/// ballot positions sorted by receipt time, then log position).
///
/// # Complexity
/// O(o + b log p) for o owners, b ballots and p proxy ballots.
pub(crate) fn select(
    m: &super::Matter,
    roster: &Roster,
    weights: &[Weight],
    slots: &[Slot],
    deadline: Instant,
    order: &[u32],
) -> Selection {
    let mut effective: Vec<Option<usize>> = vec![None; roster.owner_person.len()];
    let mut rejected = Vec::new();
    let mut proxy_slots: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    for &i in order {
        let i = i as usize;
        let s = &slots[i];
        if s.owner == NONE {
            rejected.push((i, RejectReason::UnknownOwner, false));
            continue;
        }
        let o = s.owner as usize;
        if !weights[o].eligible {
            rejected.push((i, RejectReason::NotEligible, false));
            continue;
        }
        if s.time >= deadline {
            rejected.push((i, RejectReason::Late, false));
            continue;
        }
        if let Some(r) = authority(s, roster.owner_person[o], roster.owner_rep[o]) {
            rejected.push((i, r, false));
            continue;
        }
        let prev = effective[o];
        if let (Some(p), RevotePolicy::FirstFinal) = (prev, m.revote) {
            rejected.push((i, RejectReason::Duplicate, slots[p].time == s.time));
            continue;
        }
        if s.capacity == Capacity::Proxy {
            let represented = proxy_slots.entry(s.cast_by).or_default();
            if !represented.contains(&s.owner) {
                if m.proxy_limit
                    .is_some_and(|l| represented.len() >= l as usize)
                {
                    rejected.push((i, RejectReason::ProxyLimit, false));
                    continue;
                }
                represented.insert(s.owner);
            }
        }
        if let Some(p) = prev {
            rejected.push((p, RejectReason::Superseded, slots[p].time == s.time));
        }
        effective[o] = Some(i);
    }
    rejected.sort_unstable_by_key(|r| r.0);
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
