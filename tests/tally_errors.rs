//! Bad input: each malformed snapshot or log is an error with its stable code, naming the
//! unit, ballot or matter at fault. Nothing panics.

use jinlin::tally::{check_ballot, tally, TallyError, TallyInput};

fn w1() -> TallyInput {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tally/w1/input.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn err(input: &TallyInput) -> TallyError {
    tally(input).expect_err("must be rejected")
}

#[test]
fn malformed_areas_are_invalid_decimal_naming_the_unit() {
    for bad in [
        "100.00001",
        "-100",
        "",
        "NaN",
        "1e3",
        "Infinity",
        "1,5",
        " 100",
        "100.",
        "0x10",
    ] {
        let mut inp = w1();
        inp.snapshot.units[1].area = bad.into();
        let e = err(&inp);
        assert_eq!(e.code(), "TALLY_INVALID_DECIMAL", "{bad:?}");
        assert!(e.to_string().contains("\"U2\""), "{e}");
    }
}

#[test]
fn duplicate_unit_ids() {
    let mut inp = w1();
    inp.snapshot.units[2].id = "U1".into();
    let e = err(&inp);
    assert_eq!(e, TallyError::DuplicateUnit { unit: "U1".into() });
    assert_eq!(e.code(), "TALLY_DUPLICATE_UNIT");
}

#[test]
fn duplicate_unit_ids_after_nfc() {
    let mut inp = w1();
    inp.snapshot.units[0].id = "caf\u{e9}".into();
    inp.snapshot.units[1].id = "cafe\u{301}".into();
    assert_eq!(err(&inp).code(), "TALLY_DUPLICATE_UNIT");
}

#[test]
fn ballot_for_unknown_matter() {
    let mut inp = w1();
    inp.ballots[1].matter = "M9".into();
    let e = err(&inp);
    assert_eq!(e.code(), "TALLY_UNKNOWN_MATTER");
    assert!(
        e.to_string().contains("ballot #1") && e.to_string().contains("M9"),
        "{e}"
    );
    assert_eq!(
        check_ballot(&inp.snapshot, 1, &inp.ballots[1])
            .unwrap_err()
            .code(),
        "TALLY_UNKNOWN_MATTER"
    );
}

#[test]
fn unknown_owner_is_an_error_at_intake_and_a_reason_in_the_tally() {
    let mut inp = w1();
    inp.ballots[0].owner = "nobody".into();
    let e = check_ballot(&inp.snapshot, 0, &inp.ballots[0]).unwrap_err();
    assert_eq!(e.code(), "TALLY_UNKNOWN_OWNER");
    assert!(e.to_string().contains("nobody"));
    let r = tally(&inp).unwrap();
    assert_eq!(r.matters[0].rejected[0].reason.code(), "UNKNOWN_OWNER");
    assert!(check_ballot(&w1().snapshot, 0, &w1().ballots[0]).is_ok());
}

#[test]
fn unknown_candidate_owner() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tally/election_tie/input.json"
    ))
    .unwrap();
    let mut inp: TallyInput = serde_json::from_str(&text).unwrap();
    inp.snapshot.matters[0]
        .election
        .as_mut()
        .unwrap()
        .candidates[0]
        .key = "stranger".into();
    assert_eq!(err(&inp).code(), "TALLY_UNKNOWN_OWNER");
    let mut inp: TallyInput = serde_json::from_str(&text).unwrap();
    inp.ballots[0]
        .candidates
        .as_mut()
        .unwrap()
        .insert("zz".into(), jinlin::tally::Choice::Yes);
    assert_eq!(err(&inp).code(), "TALLY_UNKNOWN_CANDIDATE");
}

#[test]
fn malformed_matters_times_and_ballots() {
    let mut inp = w1();
    inp.snapshot.matters[0].item = jinlin::tally::MatterItem::Article278(10);
    assert_eq!(err(&inp).code(), "TALLY_INVALID_MATTER");
    let mut inp = w1();
    inp.snapshot.matters[0].buildings = Some(vec!["99".into()]);
    assert_eq!(err(&inp).code(), "TALLY_UNKNOWN_BUILDING");
    let mut inp = w1();
    inp.snapshot.matters[0].deadline = "2024-06-31".into();
    assert_eq!(err(&inp).code(), "TALLY_INVALID_TIME");
    let mut inp = w1();
    inp.ballots[0].received_at = "2024-06-20 10:00".into();
    assert_eq!(err(&inp).code(), "TALLY_INVALID_TIME");
    let mut inp = w1();
    inp.ballots[0].choice = None;
    assert_eq!(err(&inp).code(), "TALLY_INVALID_BALLOT");
    let mut inp = w1();
    inp.snapshot.matters.push(inp.snapshot.matters[0].clone());
    assert_eq!(err(&inp).code(), "TALLY_DUPLICATE_MATTER");
}

#[test]
fn inconsistent_owners() {
    let mut inp = w1();
    inp.snapshot.units[0].developer_held = true;
    inp.snapshot.units[1].developer_held = true;
    assert_eq!(err(&inp).code(), "TALLY_INCONSISTENT_OWNER");
    let mut inp = w1();
    inp.snapshot.units[0].co_owners = vec!["p1".into(), "p2".into()];
    assert_eq!(
        err(&inp).code(),
        "TALLY_INVALID_UNIT",
        "co-owned without representative"
    );
    inp.snapshot.units[0].representative = Some("p3".into());
    assert_eq!(
        err(&inp).code(),
        "TALLY_INVALID_UNIT",
        "representative not a co-owner"
    );
}

#[test]
fn invalid_json_and_unknown_fields() {
    let e: TallyError = serde_json::from_str::<TallyInput>("{\"snapshot\": 1}")
        .unwrap_err()
        .into();
    assert_eq!(e.code(), "TALLY_INVALID_JSON");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tally/w1/input.json"
    ))
    .unwrap();
    let with_weight = text.replacen(
        "\"choice\": \"yes\"",
        "\"choice\": \"yes\", \"weight\": 1000",
        1,
    );
    assert!(
        serde_json::from_str::<TallyInput>(&with_weight).is_err(),
        "a ballot never carries its own weight"
    );
}
