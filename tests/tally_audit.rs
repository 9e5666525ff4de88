//! Audit chain: receipts, and tamper detection at the first bad entry.

use jinlin::tally::{
    ballot_hash, build_log, canonical_json, snapshot_hash, verify_chain, verify_receipt, Ballot,
    ChainFault, Choice, LogEntry, Snapshot, TallyInput,
};

fn input() -> TallyInput {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tally/w3/input.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn log() -> (Snapshot, Vec<LogEntry>, String) {
    let inp = input();
    let log = build_log(&inp.snapshot, &inp.ballots).unwrap();
    let head = log.last().unwrap().hash.clone();
    (inp.snapshot, log, head)
}

fn fault_at(snapshot: &Snapshot, log: &[LogEntry], head: &str) -> (usize, ChainFault) {
    let e = verify_chain(snapshot, log, head).expect_err("tampering must be detected");
    assert_eq!(e.code(), "TALLY_CHAIN_BROKEN");
    (e.index, e.fault)
}

#[test]
fn intact_chain_verifies_and_receipts_are_found() {
    let (s, log, head) = log();
    assert_eq!(log.len(), 8);
    assert_eq!(verify_chain(&s, &log, &head), Ok(()));
    for (i, e) in log.iter().enumerate() {
        assert_eq!(verify_receipt(&log, &e.hash), Some(i));
    }
    assert_eq!(verify_receipt(&log, &"0".repeat(64)), None);
    // The first receipt is SHA-256(genesis bytes ‖ canonical ballot).
    assert_eq!(
        ballot_hash(&snapshot_hash(&s).unwrap(), &log[0].ballot).unwrap(),
        log[0].hash
    );
    // An empty log's head is the genesis.
    assert_eq!(verify_chain(&s, &[], &snapshot_hash(&s).unwrap()), Ok(()));
}

#[test]
fn changing_any_entry_fails_at_that_entry() {
    let (s, log, head) = log();
    for i in 0..log.len() {
        let mut t = log.clone();
        t[i].ballot.choice = Some(if t[i].ballot.choice == Some(Choice::Yes) {
            Choice::No
        } else {
            Choice::Yes
        });
        assert_eq!(
            fault_at(&s, &t, &head),
            (i, ChainFault::HashMismatch),
            "change at {i}"
        );
        let mut t = log.clone();
        t[i].ballot.received_at = "2024-06-20T09:00:00+08:00".into();
        assert_eq!(fault_at(&s, &t, &head).0, i);
        let mut t = log.clone();
        t[i].hash = "f".repeat(64);
        assert_eq!(fault_at(&s, &t, &head).0, i);
    }
}

#[test]
fn removing_any_entry_fails_at_its_index() {
    let (s, log, head) = log();
    for i in 0..log.len() {
        let mut t = log.clone();
        t.remove(i);
        let expected = if i == log.len() - 1 {
            ChainFault::HeadMismatch
        } else {
            ChainFault::HashMismatch
        };
        assert_eq!(fault_at(&s, &t, &head), (i, expected), "removal at {i}");
    }
}

#[test]
fn inserting_an_entry_fails_at_its_index() {
    let (s, log, head) = log();
    for i in 0..=log.len() {
        let mut t = log.clone();
        let mut forged = log[0].clone();
        forged.ballot.owner = "o-forged".into();
        t.insert(i, forged);
        assert_eq!(
            fault_at(&s, &t, &head),
            (i, ChainFault::HashMismatch),
            "insertion at {i}"
        );
        // A forger who recomputes the inserted entry's hash is caught at the next entry,
        // or by the published head when appending at the end.
        let prev = if i == 0 {
            snapshot_hash(&s).unwrap()
        } else {
            log[i - 1].hash.clone()
        };
        t[i].hash = ballot_hash(&prev, &t[i].ballot).unwrap();
        let (index, fault) = fault_at(&s, &t, &head);
        assert_eq!(index, i + 1);
        assert_eq!(
            fault,
            if i == log.len() {
                ChainFault::HeadMismatch
            } else {
                ChainFault::HashMismatch
            }
        );
    }
}

#[test]
fn reordering_fails_at_the_first_moved_entry() {
    let (s, log, head) = log();
    for i in 0..log.len() {
        for j in i + 1..log.len() {
            let mut t = log.clone();
            t.swap(i, j);
            assert_eq!(
                fault_at(&s, &t, &head),
                (i, ChainFault::HashMismatch),
                "swap {i}<->{j}"
            );
        }
    }
}

#[test]
fn changing_the_roster_breaks_the_chain_at_zero() {
    let (mut s, log, head) = log();
    s.units[0].area = "100.0001".into();
    assert_eq!(fault_at(&s, &log, &head), (0, ChainFault::HashMismatch));
}

#[test]
fn roster_hash_ignores_formatting_but_not_content() {
    let (s, _, _) = log();
    let h = snapshot_hash(&s).unwrap();
    let mut reordered = s.clone();
    reordered.units.reverse();
    reordered.units[0].area = "100.0".into();
    assert_eq!(
        snapshot_hash(&reordered).unwrap(),
        h,
        "order and decimal formatting are normalised"
    );
    let mut other = s.clone();
    other.units[0].owner = "someone-else".into();
    assert_ne!(snapshot_hash(&other).unwrap(), h);
}

#[test]
fn canonical_json_is_sorted_nfc_and_integer_only() {
    let v: serde_json::Value =
        serde_json::from_str(r#"{"b": 1, "a": ["e\u0301", "x\n\"/"], "c": null}"#).unwrap();
    assert_eq!(
        canonical_json(&v).unwrap(),
        "{\"a\":[\"\u{e9}\",\"x\\n\\\"/\"],\"b\":1,\"c\":null}"
    );
    let f: serde_json::Value = serde_json::from_str(r#"{"x": 1.5}"#).unwrap();
    assert_eq!(canonical_json(&f).unwrap_err().code(), "TALLY_INVALID_JSON");
}

#[test]
fn nfc_variants_of_a_ballot_hash_alike() {
    let (s, log, _) = log();
    let genesis = snapshot_hash(&s).unwrap();
    let mut a: Ballot = log[0].ballot.clone();
    a.cast_by = "Jos\u{e9}".into();
    let mut b = a.clone();
    b.cast_by = "Jose\u{301}".into();
    assert_eq!(
        ballot_hash(&genesis, &a).unwrap(),
        ballot_hash(&genesis, &b).unwrap()
    );
    assert_eq!(
        ballot_hash("xyz", &a).unwrap_err().code(),
        "TALLY_INVALID_HASH"
    );
}
