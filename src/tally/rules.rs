//! The arithmetic of Civil Code Art. 278 ¶2: quorum, consent, outcome, the figures of one
//! decision, and the MOHURD Art. 26 silent-owner view. Integers only.

use super::result::{Block, Check, Figures, Outcome, Share, SilentOwnerView};
use super::MatterClass;

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

pub(crate) fn outcome(q: Check, c: Check) -> Outcome {
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

pub(crate) fn silent_view(
    g: &Groups,
    class: MatterClass,
    invalid_participates: bool,
) -> SilentOwnerView {
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
