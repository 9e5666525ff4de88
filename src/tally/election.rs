//! Committee elections (Civil Code Art. 278 item 3): each candidate a separate yes/no
//! decision against the ordinary threshold; ranking; ties for the last seat.

use super::prepared::Slot;
use super::result::{CandidateResult, ElectionResult, Outcome};
use super::rules::{figures, Groups};
use super::select::{Selection, Weight};
use super::{Choice, Election, MatterClass};

/// Counts an election over the matter's effective ballots.
///
/// Each candidate passes by the ordinary threshold (2·A_Y > A_P and 2·N_Y > N_P) over the
/// same participation as the matter. A candidate left out of a valid ballot counts as an
/// abstention for that candidate; a spoiled ballot (`choice: "invalid"`) is invalid for every
/// candidate. Passed candidates are ranked by consenting heads, then consenting area; if the
/// candidates with the last seat's figures do not all fit, they are reported as tied and the
/// tie is not broken.
pub(crate) fn count_election(
    e: &Election,
    w: &[Weight],
    sel: &Selection,
    slots: &[Slot],
    cand_choices: &[Choice],
    invalid_participates: bool,
) -> ElectionResult {
    let mut rows: Vec<(u128, u128, CandidateResult)> = Vec::new();
    let mut cands = e.candidates.clone();
    cands.sort_by(|a, b| a.key.cmp(&b.key));
    for (j, c) in cands.iter().enumerate() {
        let mut g = Groups::default();
        for (o, wt) in w.iter().enumerate() {
            if !wt.eligible {
                continue;
            }
            // Per-candidate choices were resolved when the log was prepared: a spoiled
            // ballot is invalid for every candidate, a candidate left out is an abstention.
            let acc = match sel.effective(o) {
                None => &mut g.absent,
                Some(k) => {
                    let start = slots[k].cand_start as usize;
                    match cand_choices.get(start + j) {
                        Some(Choice::Yes) => &mut g.yes,
                        Some(Choice::No) => &mut g.no,
                        Some(Choice::Invalid) => &mut g.invalid,
                        Some(Choice::Abstain) | None => &mut g.abstain,
                    }
                }
            };
            acc.add(wt.head, wt.area);
        }
        let f = figures(&g, MatterClass::Ordinary, invalid_participates, true);
        rows.push((
            g.yes.heads,
            g.yes.area,
            CandidateResult {
                key: c.key.clone(),
                name: c.name.clone(),
                figures: f,
                rank: None,
            },
        ));
    }
    rows.sort_by(|a, b| {
        let pa = a.2.figures.outcome == Outcome::Passed;
        let pb = b.2.figures.outcome == Outcome::Passed;
        pb.cmp(&pa)
            .then(b.0.cmp(&a.0))
            .then(b.1.cmp(&a.1))
            .then(a.2.key.cmp(&b.2.key))
    });
    let passed = rows
        .iter()
        .filter(|r| r.2.figures.outcome == Outcome::Passed)
        .count();
    for i in 0..passed {
        let rank = if i > 0 && (rows[i].0, rows[i].1) == (rows[i - 1].0, rows[i - 1].1) {
            rows[i - 1].2.rank
        } else {
            Some(u32::try_from(i + 1).unwrap_or(u32::MAX))
        };
        rows[i].2.rank = rank;
    }
    let seats = e.seats as usize;
    let mut elected = Vec::new();
    let mut tied = Vec::new();
    let mut seats_in_tie = 0;
    if passed <= seats {
        elected = rows[..passed].iter().map(|r| r.2.key.clone()).collect();
    } else {
        let last = (rows[seats - 1].0, rows[seats - 1].1);
        if (rows[seats].0, rows[seats].1) == last {
            for r in &rows[..passed] {
                if (r.0, r.1) == last {
                    tied.push(r.2.key.clone());
                } else if (r.0, r.1) > last {
                    elected.push(r.2.key.clone());
                }
            }
            seats_in_tie = u32::try_from(seats - elected.len()).unwrap_or(u32::MAX);
        } else {
            elected = rows[..seats].iter().map(|r| r.2.key.clone()).collect();
        }
    }
    ElectionResult {
        seats: e.seats,
        candidates: rows.into_iter().map(|r| r.2).collect(),
        elected,
        tied_for_last_seats: tied,
        seats_in_tie,
    }
}
