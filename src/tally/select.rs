//! Which ballots count: scope and kinds (Interpretation 法释〔2009〕7号 Arts. 8–9), the close
//! (Civil Code Arts. 137, 203), the co-owners' representative, proxies, and revotes
//! (Civil Code Art. 141). Every ballot that does not count gets a reason.

use std::collections::{BTreeMap, BTreeSet};

use super::matter::MatterRec;
use super::roster::RosterIndex;
use super::time::Instant;
use super::{Ballot, Capacity, RejectReason, RevotePolicy};

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
