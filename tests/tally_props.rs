//! Property tests of the tally: listing order, the five-way identity, and scale invariance.

use jinlin::tally::{
    build_log, format_area_e4, parse_area_e4, result_json, tally, AreaSource, Assembly, Ballot,
    Capacity, Choice, CountingKinds, LogHashes, Matter, MatterItem, MatterResult, RevotePolicy,
    Roster, Snapshot, TallyInput, Unit, UnitKind,
};
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct Case {
    /// (owner index, area_e4, building) per unit.
    units: Vec<(usize, u64, u8)>,
    /// (owner index, choice, late) per ballot; receipt times are distinct by construction.
    ballots: Vec<(usize, u8, bool)>,
    special: bool,
    revote_last: bool,
    invalid_participates: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec((0usize..6, 0u64..2_000_000, 0u8..2), 1..10),
        prop::collection::vec((0usize..7, 0u8..4, prop::bool::weighted(0.1)), 0..14),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(units, ballots, special, revote_last, invalid_participates)| Case {
                units,
                ballots,
                special,
                revote_last,
                invalid_participates,
            },
        )
}

fn build(c: &Case, scale: u64) -> TallyInput {
    let units = c
        .units
        .iter()
        .enumerate()
        .map(|(i, &(o, a, b))| Unit {
            id: format!("U{i}"),
            building: format!("{b}"),
            kind: UnitKind::Residential,
            area: format_area_e4(u128::from(a) * u128::from(scale)),
            area_source: AreaSource::Registry,
            owner: format!("o{o}"),
            developer_held: false,
            co_owners: vec![],
            representative: None,
        })
        .collect();
    let matter = |id: &str, buildings: Option<Vec<String>>| Matter {
        id: id.into(),
        title: id.into(),
        item: MatterItem::Article278(if c.special { 7 } else { 4 }),
        buildings,
        counting: None,
        revote: if c.revote_last {
            RevotePolicy::LastBeforeClose
        } else {
            RevotePolicy::FirstFinal
        },
        invalid_participates: c.invalid_participates,
        proxy_limit: None,
        deadline: "2024-06-30T12:00:00+08:00".into(),
        silent_owner_view: true,
        election: None,
    };
    let mut matters = vec![matter("all", None)];
    if c.units.iter().any(|u| u.2 == 0) {
        matters.push(matter("b0", Some(vec!["0".into()])));
    }
    let mut ballots = Vec::new();
    for m in ["all", "b0"].iter().take(matters.len()) {
        for (i, &(o, ch, late)) in c.ballots.iter().enumerate() {
            ballots.push(Ballot {
                matter: (*m).into(),
                owner: format!("o{o}"),
                cast_by: format!("o{o}"),
                capacity: Capacity::Owner,
                proxy_document: None,
                received_at: format!(
                    "2024-06-{}T10:{:02}:00+08:00",
                    if late { 30 } else { 20 },
                    i
                ),
                choice: Some(
                    [Choice::Yes, Choice::No, Choice::Abstain, Choice::Invalid][ch as usize],
                ),
                candidates: None,
            });
        }
    }
    TallyInput {
        snapshot: Snapshot {
            assembly: Assembly {
                id: "prop".into(),
                counting: CountingKinds {
                    area: vec![UnitKind::Residential],
                    heads: vec![UnitKind::Residential],
                },
            },
            units,
            matters,
        },
        ballots,
    }
}

/// The result without what depends on log order (positions, receipts, the log head).
fn order_free(m: &MatterResult) -> String {
    let mut m = m.clone();
    let mut rejected: Vec<String> = m
        .rejected
        .iter()
        .map(|r| format!("{}|{}|{}", r.owner, r.received_at, r.reason.code()))
        .collect();
    rejected.sort();
    m.rejected.clear();
    m.notes.clear();
    format!("{}{:?}", serde_json::to_string(&m).unwrap(), rejected)
}

fn area(s: &str) -> u128 {
    u128::from(parse_area_e4("t", s).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, rng_seed: proptest::test_runner::RngSeed::Fixed(0x7a11), ..ProptestConfig::default() })]

    #[test]
    fn listing_order_never_changes_the_result(c in case(), perm_seed in any::<u64>()) {
        let input = build(&c, 1);
        let mut shuffled = input.clone();
        // A deterministic permutation of the ballots; receipt times are unchanged.
        let n = shuffled.ballots.len();
        let mut s = perm_seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.ballots.swap(i, (s >> 33) as usize % (i + 1));
        }
        let a = tally(&input).unwrap();
        let b = tally(&shuffled).unwrap();
        prop_assert_eq!(a.matters.len(), b.matters.len());
        for (x, y) in a.matters.iter().zip(&b.matters) {
            prop_assert_eq!(order_free(x), order_free(y));
        }
        // Listing the same log twice gives the same bytes.
        prop_assert_eq!(result_json(&a).unwrap(), result_json(&tally(&input).unwrap()).unwrap());
    }

    #[test]
    fn yes_no_abstain_invalid_absent_add_up_to_the_total(c in case()) {
        let r = tally(&build(&c, 1)).unwrap();
        for m in &r.matters {
            let f = &m.figures;
            let heads = f.yes.heads + f.no.heads + f.abstain.heads + f.invalid.heads + f.absent.heads;
            prop_assert_eq!(heads, f.totals.heads);
            let a = area(&f.yes.area) + area(&f.no.area) + area(&f.abstain.area) + area(&f.invalid.area) + area(&f.absent.area);
            prop_assert_eq!(a, area(&f.totals.area));
            let counted = f.yes.heads + f.no.heads + f.abstain.heads + f.invalid.heads;
            prop_assert!(counted <= m.counted_ballots);
            prop_assert_eq!(m.counted_ballots as usize + m.rejected.len(), c.ballots.len());
        }
    }

    #[test]
    fn scaling_every_area_never_changes_an_outcome(c in case(), k in 1u64..5000) {
        let a = tally(&build(&c, 1)).unwrap();
        let b = tally(&build(&c, k)).unwrap();
        for (x, y) in a.matters.iter().zip(&b.matters) {
            prop_assert_eq!(x.figures.outcome, y.figures.outcome);
            prop_assert_eq!(x.figures.quorum, y.figures.quorum);
            prop_assert_eq!(x.figures.consent, y.figures.consent);
            prop_assert_eq!(
                x.silent_owner_view.as_ref().map(|v| v.outcome),
                y.silent_owner_view.as_ref().map(|v| v.outcome)
            );
        }
    }

    #[test]
    fn the_prepared_roster_counts_exactly_as_the_one_call_tally(c in case()) {
        let input = build(&c, 1);
        let one_call = tally(&input).unwrap();
        let roster = Roster::new(&input.snapshot).unwrap();
        // Hashes computed: the same bytes.
        let mut log = roster.prepare(input.ballots.clone()).unwrap();
        log.compute_hashes();
        prop_assert_eq!(result_json(&roster.tally(&log).unwrap()).unwrap(), result_json(&one_call).unwrap());
        // Hashes supplied from the published log: the same result, stated as supplied.
        let entries = build_log(&input.snapshot, &input.ballots).unwrap();
        let mut supplied = roster.tally(&roster.prepare_log(entries).unwrap()).unwrap();
        prop_assert_eq!(supplied.log_hashes, LogHashes::Supplied);
        supplied.log_hashes = LogHashes::Computed;
        prop_assert_eq!(&supplied, &one_call);
        // No hashes: the same figures, outcomes and rejections.
        let bare = roster.tally(&roster.prepare(input.ballots.clone()).unwrap()).unwrap();
        for (x, y) in bare.matters.iter().zip(&one_call.matters) {
            prop_assert_eq!(&x.figures, &y.figures);
            prop_assert_eq!(&x.rejected_by_reason, &y.rejected_by_reason);
            prop_assert_eq!(x.rejected.iter().map(|r| (r.position, r.reason)).collect::<Vec<_>>(),
                            y.rejected.iter().map(|r| (r.position, r.reason)).collect::<Vec<_>>());
        }
    }
}
