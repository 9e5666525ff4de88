//! Fixture runner for the tally: `tests/fixtures/tally/<case>/input.json` (a `TallyInput`) →
//! `expected.json` (the result). `UPDATE_FIXTURES=1 cargo test --test tally_fixtures`
//! regenerates the expected files; the outcomes that LEGAL-TALLY.md fixes are also asserted
//! explicitly below, so a regeneration cannot silently change them.

use std::path::{Path, PathBuf};

use jinlin::tally::{
    result_json, tally, MatterResult, Outcome, RejectReason, TallyInput, TallyResult,
};
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tally")
}

fn run(case: &str) -> TallyResult {
    let text = std::fs::read_to_string(dir().join(case).join("input.json")).expect("input.json");
    let input: TallyInput = serde_json::from_str(&text).expect("input parses");
    tally(&input).expect("tally succeeds")
}

fn matter<'a>(r: &'a TallyResult, id: &str) -> &'a MatterResult {
    r.matters
        .iter()
        .find(|m| m.matter_id == id)
        .expect("matter present")
}

fn rejected(m: &MatterResult, reason: RejectReason) -> u32 {
    m.rejected_by_reason.get(&reason).copied().unwrap_or(0)
}

#[test]
fn every_fixture_matches_expected_byte_for_byte() {
    let update = std::env::var_os("UPDATE_FIXTURES").is_some();
    let mut cases: Vec<_> = std::fs::read_dir(dir())
        .expect("fixture dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("input.json").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "fixtures missing: {cases:?}");
    for case in cases {
        let result = run(&case);
        let canonical = result_json(&result).expect("canonical");
        let expected_path = dir().join(&case).join("expected.json");
        if update {
            let v: Value = serde_json::from_str(&canonical).expect("json");
            let pretty = serde_json::to_string_pretty(&v).expect("pretty") + "\n";
            std::fs::write(&expected_path, pretty).expect("write expected");
            continue;
        }
        let text = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!("{case}: expected.json missing; run with UPDATE_FIXTURES=1")
        });
        let expected: Value = serde_json::from_str(&text).expect("expected parses");
        let expected_canonical = jinlin::tally::canonical_json(&expected).expect("canonical");
        assert_eq!(
            canonical, expected_canonical,
            "{case}: result differs from expected.json"
        );
        // A recount from the same input reproduces the result byte for byte.
        assert_eq!(
            result_json(&run(&case)).unwrap(),
            canonical,
            "{case}: recount differs"
        );
    }
}

#[test]
fn w1_quorum_exactly_two_thirds_passes() {
    let r = run("w1");
    let m = matter(&r, "M1");
    assert_eq!(m.figures.totals.heads, 3);
    assert_eq!(m.figures.participating.heads, 2);
    assert_eq!(m.figures.participating.area, "200.0000");
    assert!(m.figures.quorum.met);
    assert_eq!(m.figures.outcome, Outcome::Passed);
    assert_eq!(
        m.figures.participating.heads_share.percent.as_deref(),
        Some("66.66")
    );
}

#[test]
fn w2_exactly_half_is_not_passed() {
    let m = &run("w2").matters[0];
    assert_eq!(m.figures.yes.heads, 2);
    assert_eq!(m.figures.participating.heads, 4);
    assert_eq!(m.figures.outcome, Outcome::NotPassed);
}

#[test]
fn w3_special_exactly_three_quarters_passes() {
    let m = &run("w3").matters[0];
    assert_eq!(m.figures.yes.heads, 6);
    assert_eq!(m.figures.participating.heads, 8);
    assert_eq!(m.figures.outcome, Outcome::Passed);
}

#[test]
fn w4_special_fails_by_area() {
    let m = &run("w4").matters[0];
    let c = m.figures.consent.unwrap();
    assert!(c.heads && !c.area);
    assert_eq!(m.figures.yes.area, "150.0000");
    assert_eq!(m.figures.participating.area, "350.0000");
    assert_eq!(m.figures.outcome, Outcome::NotPassed);
}

#[test]
fn w5_one_buyer_of_three_units_is_one_head() {
    let m = &run("w5").matters[0];
    assert_eq!(m.figures.totals.heads, 3);
    assert_eq!(m.figures.participating.heads, 2);
    assert_eq!(m.figures.yes.heads, 1);
    assert_eq!(m.figures.yes.area, "300.0000");
    assert_eq!(m.figures.outcome, Outcome::NotPassed);
}

#[test]
fn w6_developer_units_are_one_owner() {
    let m = &run("w6").matters[0];
    assert_eq!(m.figures.totals.heads, 6);
    assert_eq!(m.figures.totals.area, "1500.0000");
    assert_eq!(m.figures.participating.area, "1400.0000");
    assert_eq!(m.figures.yes.area, "1100.0000");
    assert_eq!(m.figures.yes.heads, 2);
    assert_eq!(m.figures.participating.heads, 5);
    let c = m.figures.consent.unwrap();
    assert!(c.area && !c.heads);
    assert_eq!(m.figures.outcome, Outcome::NotPassed);
}

#[test]
fn w7_ballot_at_beijing_midnight_is_late() {
    let m = &run("w7").matters[0];
    assert_eq!(m.rejected.len(), 1);
    assert_eq!(m.rejected[0].position, 0);
    assert_eq!(m.rejected[0].reason, RejectReason::Late);
    assert_eq!(
        m.counted_ballots, 1,
        "the ballot at 23:59:59.999 UTC+8 counts"
    );
    assert_eq!(m.figures.yes.heads, 1);
    assert_eq!(m.config.deadline_epoch_ms, "1719763200000");
}

#[test]
fn w8_thirds_of_33_33_are_exactly_two_thirds() {
    let m = &run("w8").matters[0];
    assert_eq!(m.figures.participating.area, "66.6600");
    assert_eq!(m.figures.totals.area, "99.9900");
    assert!(m.figures.quorum.area);
    assert_eq!(
        m.figures.participating.area_share.percent.as_deref(),
        Some("66.66")
    );
    assert_eq!(m.figures.outcome, Outcome::Passed);
}

#[test]
fn scope_rejects_outside_buildings_and_unknown_owners() {
    let m = &run("scope").matters[0];
    assert_eq!(m.figures.totals.heads, 3);
    assert_eq!(rejected(m, RejectReason::NotEligible), 1);
    assert_eq!(rejected(m, RejectReason::UnknownOwner), 1);
    assert_eq!(m.figures.outcome, Outcome::Passed);
}

#[test]
fn kinds_follow_the_declared_setting() {
    let r = run("kinds");
    let m1 = matter(&r, "M1");
    assert_eq!(m1.figures.totals.heads, 3);
    assert_eq!(m1.figures.totals.area, "300.0000");
    assert_eq!(rejected(m1, RejectReason::NotEligible), 2);
    assert_eq!(m1.config.kinds_declared_by, "assembly");
    let m2 = matter(&r, "M2");
    assert_eq!(m2.figures.totals.heads, 3, "parking counts for area only");
    assert_eq!(m2.figures.totals.area, "325.0000");
    assert_eq!(m2.figures.no.area, "12.5000");
    assert_eq!(m2.figures.no.heads, 0);
    assert_eq!(m2.config.kinds_declared_by, "matter");
    assert_eq!(m2.figures.outcome, Outcome::Passed);
}

#[test]
fn co_owners_vote_through_the_representative() {
    let m = &run("co_owner").matters[0];
    assert_eq!(rejected(m, RejectReason::NotRepresentative), 1);
    assert_eq!(rejected(m, RejectReason::NotAuthorised), 2);
    assert_eq!(m.figures.yes.heads, 1);
    assert_eq!(m.figures.outcome, Outcome::NoQuorum);
}

#[test]
fn proxy_limit_and_missing_document() {
    let m = &run("proxy_limit").matters[0];
    assert_eq!(rejected(m, RejectReason::ProxyLimit), 1);
    assert_eq!(rejected(m, RejectReason::ProxyMissingDocument), 1);
    assert_eq!(m.config.proxy_limit, Some(2));
    assert_eq!(m.figures.participating.heads, 3);
    assert_eq!(m.figures.yes.heads, 2);
    assert_eq!(
        m.figures.outcome,
        Outcome::NoQuorum,
        "3 of 5 is below two thirds"
    );
}

#[test]
fn revote_policies() {
    let ff = &run("revote_first_final").matters[0];
    assert_eq!(rejected(ff, RejectReason::Duplicate), 1);
    assert_eq!(rejected(ff, RejectReason::Late), 1);
    assert_eq!(ff.figures.no.heads, 1);
    assert_eq!(ff.figures.outcome, Outcome::Passed);
    let lb = &run("revote_last_before_close").matters[0];
    assert_eq!(rejected(lb, RejectReason::Superseded), 1);
    assert_eq!(rejected(lb, RejectReason::Late), 1);
    assert_eq!(lb.figures.yes.heads, 3);
    assert_eq!(lb.figures.outcome, Outcome::Passed);
    let r = run("revote_changes_outcome");
    assert_eq!(matter(&r, "A").figures.yes.heads, 1);
    assert_eq!(matter(&r, "B").figures.yes.heads, 0);
    assert_eq!(matter(&r, "B").figures.no.heads, 2);
}

#[test]
fn invalid_participation_is_configurable() {
    let r = run("invalid_participates");
    let a = matter(&r, "A");
    assert!(a.config.invalid_participates);
    assert_eq!(a.figures.participating.heads, 4);
    assert_eq!(a.figures.outcome, Outcome::Passed);
    let b = matter(&r, "B");
    assert!(!b.config.invalid_participates);
    assert_eq!(b.figures.participating.heads, 3);
    assert_eq!(b.figures.invalid.heads, 1);
    assert_eq!(b.figures.outcome, Outcome::NoQuorum);
}

#[test]
fn silent_owner_view_is_separate_and_labelled() {
    let m = &run("silent_owner").matters[0];
    assert_eq!(
        m.figures.outcome,
        Outcome::NoQuorum,
        "the statutory result is unchanged"
    );
    let v = m.silent_owner_view.as_ref().expect("view configured");
    assert!(v.label.contains("Art. 26") && v.label.contains("NOT the statutory result"));
    assert_eq!(v.absent_heads_to, "yes");
    assert_eq!(v.yes.heads, 5);
    assert_eq!(v.outcome, Outcome::Passed);
    assert!(
        run("w1").matters[0].silent_owner_view.is_none(),
        "off by default"
    );
}

#[test]
fn election_reports_a_tie_for_the_last_seat() {
    let m = &run("election_tie").matters[0];
    let e = m.election.as_ref().expect("election");
    assert_eq!(e.elected, vec!["ca".to_string(), "cb".to_string()]);
    assert_eq!(
        e.tied_for_last_seats,
        vec!["cc".to_string(), "cd".to_string()]
    );
    assert_eq!(e.seats_in_tie, 1);
    let ranks: Vec<_> = e.candidates.iter().map(|c| c.rank).collect();
    assert_eq!(ranks, vec![Some(1), Some(1), Some(3), Some(3)]);
    assert_eq!(m.figures.participating.heads, 11);
    assert_eq!(m.figures.outcome, Outcome::Passed);
}

#[test]
fn same_receipt_time_is_resolved_by_log_position_and_said_so() {
    let r = run("same_receipt_time");
    let a = matter(&r, "A");
    assert_eq!(a.rejected.len(), 1);
    assert_eq!(a.rejected[0].position, 1);
    assert_eq!(a.rejected[0].reason, RejectReason::Duplicate);
    assert!(a.rejected[0].resolved_by_log_position);
    assert_eq!(a.notes.len(), 1);
    assert_eq!(a.figures.outcome, Outcome::Passed);
    let b = matter(&r, "B");
    assert_eq!(b.rejected[0].position, 3);
    assert_eq!(b.rejected[0].reason, RejectReason::Superseded);
    assert!(b.rejected[0].resolved_by_log_position);
    assert_eq!(b.figures.outcome, Outcome::NotPassed);
}

#[test]
fn election_fills_seats_by_rank_without_a_tie() {
    let m = &run("election_seats").matters[0];
    let e = m.election.as_ref().expect("election");
    assert_eq!(e.elected, vec!["o1".to_string(), "o2".to_string()]);
    assert!(e.tied_for_last_seats.is_empty());
    assert_eq!(e.seats_in_tie, 0);
    let o3 = e.candidates.iter().find(|c| c.key == "o3").unwrap();
    assert_eq!(o3.figures.outcome, Outcome::NotPassed);
    assert_eq!(o3.rank, None);
    let o2 = e.candidates.iter().find(|c| c.key == "o2").unwrap();
    assert_eq!(
        (
            o2.figures.yes.heads,
            o2.figures.participating.heads,
            o2.rank
        ),
        (3, 5, Some(2))
    );
}
