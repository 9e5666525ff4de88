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
    /// Per owner index, the index (into the matter's slots) of the ballot that counts, or
    /// [`NONE`].
    effective: Vec<u32>,
    /// Log position, reason, and whether equal receipt times were decided by log position.
    pub rejected: Vec<(usize, RejectReason, bool)>,
}

impl Selection {
    /// The index into the matter's slots of owner `o`'s effective ballot.
    pub fn effective(&self, o: usize) -> Option<usize> {
        match self.effective[o] {
            NONE => None,
            k => Some(k as usize),
        }
    }

    /// Number of ballots that count.
    pub fn counted(&self) -> usize {
        self.effective.iter().filter(|&&k| k != NONE).count()
    }
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

/// Chooses the effective ballot of every owner in one matter, over `slots` (the matter's
/// ballots sorted by receipt time, then log position).
///
/// # Complexity
/// O(o + b log p) for o owners, b ballots and p proxy ballots.
pub(crate) fn select(
    m: &super::Matter,
    roster: &Roster,
    eligible: &[bool],
    slots: &[Slot],
    deadline: Instant,
) -> Selection {
    let mut effective: Vec<u32> = vec![NONE; roster.owner_person.len()];
    let mut rejected = Vec::new();
    let mut proxy_slots: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    for (k, s) in slots.iter().enumerate() {
        let i = s.pos as usize;
        if s.owner == NONE {
            rejected.push((i, RejectReason::UnknownOwner, false));
            continue;
        }
        let o = s.owner as usize;
        if !eligible[o] {
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
        let prev = match effective[o] {
            NONE => None,
            p => Some(&slots[p as usize]),
        };
        if let (Some(p), RevotePolicy::FirstFinal) = (prev, m.revote) {
            rejected.push((i, RejectReason::Duplicate, p.time == s.time));
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
            rejected.push((p.pos as usize, RejectReason::Superseded, p.time == s.time));
        }
        effective[o] = k as u32;
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
