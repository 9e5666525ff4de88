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

/// Every kind of field edit (matter, owner, cast_by, capacity, proxy_document, received_at,
/// choice, candidates, the hash), at every entry of logs with proxies, elections and two
/// matters, fails at exactly that entry. The same edits through the JS API:
/// tests/js/tally-tamper.test.mjs.
#[test]
fn every_field_of_every_entry_edited_fails_at_that_entry() {
    type Edit = fn(&mut serde_json::Value, &Snapshot) -> bool;
    let edits: Vec<(&str, Edit)> = vec![
        ("matter", |e, s| {
            let m = e["ballot"]["matter"].as_str().unwrap().to_string();
            let other = s.matters.iter().map(|x| x.id.clone()).find(|id| *id != m);
            e["ballot"]["matter"] = other.unwrap_or(m + "x").into();
            true
        }),
        ("owner", |e, s| {
            let o = e["ballot"]["owner"].as_str().unwrap().to_string();
            let other = s.units.iter().map(|u| u.owner.clone()).find(|x| *x != o);
            e["ballot"]["owner"] = other.unwrap_or(o + "x").into();
            true
        }),
        ("cast_by", |e, _| {
            let c = e["ballot"]["cast_by"].as_str().unwrap().to_string();
            e["ballot"]["cast_by"] = (c + "-2").into();
            true
        }),
        ("capacity", |e, _| {
            let c = if e["ballot"]["capacity"] == "owner" {
                "proxy"
            } else {
                "owner"
            };
            e["ballot"]["capacity"] = c.into();
            true
        }),
        ("proxy_document", |e, _| {
            let b = e["ballot"].as_object_mut().unwrap();
            match b.get("proxy_document").and_then(|d| d.as_str()) {
                None => b.insert("proxy_document".into(), "WT-999".into()),
                Some(d) => b.insert("proxy_document".into(), format!("{d}9").into()),
            };
            true
        }),
        ("received_at", |e, _| {
            let t = e["ballot"]["received_at"]
                .as_str()
                .unwrap()
                .replace("+08:00", "+07:59");
            e["ballot"]["received_at"] = t.into();
            true
        }),
        ("choice", |e, _| {
            let b = e["ballot"].as_object_mut().unwrap();
            let election = b.get("candidates").is_some_and(|c| !c.is_null());
            match b.get_mut("choice") {
                Some(c) if election => {
                    *c = if c == "invalid" { "abstain" } else { "invalid" }.into()
                }
                Some(c) => {
                    *c = if c == "yes" {
                        "no".into()
                    } else {
                        "yes".into()
                    }
                }
                None => {
                    b.insert("choice".into(), "invalid".into());
                }
            }
            true
        }),
        ("candidates", |e, _| {
            match e["ballot"].get_mut("candidates") {
                Some(serde_json::Value::Object(c)) => {
                    let last = c.keys().next_back().unwrap().clone();
                    let v = &mut c[&last];
                    *v = if v == "yes" {
                        "no".into()
                    } else {
                        "yes".into()
                    };
                    true
                }
                _ => false,
            }
        }),
        ("hash", |e, _| {
            let h = e["hash"].as_str().unwrap();
            let d = if &h[10..11] == "0" { "1" } else { "0" };
            e["hash"] = format!("{}{d}{}", &h[..10], &h[11..]).into();
            true
        }),
    ];
    let mut kinds = std::collections::BTreeSet::new();
    for name in ["proxy_limit", "election_tie", "kinds", "co_owner"] {
        let text = std::fs::read_to_string(format!(
            "{}/tests/fixtures/tally/{name}/input.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let inp: TallyInput = serde_json::from_str(&text).unwrap();
        let log = build_log(&inp.snapshot, &inp.ballots).unwrap();
        let head = log.last().unwrap().hash.clone();
        let values: Vec<serde_json::Value> = log
            .iter()
            .map(|e| serde_json::to_value(e).unwrap())
            .collect();
        for i in 0..log.len() {
            for (what, edit) in &edits {
                let mut t = values.clone();
                if !edit(&mut t[i], &inp.snapshot) {
                    continue;
                }
                assert_ne!(t[i], values[i], "{name}: {what} at {i} changed nothing");
                kinds.insert(*what);
                let edited: Vec<LogEntry> =
                    serde_json::from_value(serde_json::Value::Array(t)).unwrap();
                assert_eq!(
                    fault_at(&inp.snapshot, &edited, &head),
                    (i, ChainFault::HashMismatch),
                    "{name}: {what} at entry {i}"
                );
            }
        }
    }
    assert_eq!(
        kinds.len(),
        edits.len(),
        "every field kind applied: {kinds:?}"
    );
}

/// A malformed expected head (a typo in the head a resident pastes) is reported as the head's
/// fault, not as "broken at entry #<length>": every entry checks, none is named.
#[test]
fn a_malformed_head_is_named_as_such_not_as_a_broken_entry() {
    let (s, log, head) = log();
    for bad in [
        "",
        "not hex",
        &head[..63],
        &format!("{head}0"),
        &head.replace('a', "g"),
    ] {
        let e = verify_chain(&s, &log, bad).unwrap_err();
        assert_eq!(
            (e.index, &e.fault),
            (log.len(), &ChainFault::InvalidHead),
            "{bad:?}"
        );
        assert_eq!(e.code(), "TALLY_INVALID_HASH");
        assert_eq!(
            e.to_string(),
            "ballot log of 8 entries: the expected head is not a SHA-256 hash (64 hex digits): no entry is at fault, check the head"
        );
    }
    // the head in capitals is the same hash
    assert_eq!(verify_chain(&s, &log, &head.to_uppercase()), Ok(()));
    // a well-formed other head: the head's fault, with the length, not a broken entry
    let e = verify_chain(&s, &log, &"0".repeat(64)).unwrap_err();
    assert_eq!((e.index, e.code()), (8, "TALLY_CHAIN_BROKEN"));
    assert!(e
        .to_string()
        .starts_with("ballot log of 8 entries: the chain's head is not the expected head"));
    // a broken entry is named before the head is looked at
    let mut t = log.clone();
    t[3].hash = "f".repeat(64);
    let e = verify_chain(&s, &t, "not hex").unwrap_err();
    assert_eq!((e.index, e.fault), (3, ChainFault::HashMismatch));
}

/// A stored hash that is not 64 lowercase hex digits: the entry is named with what is wrong.
#[test]
fn a_malformed_stored_hash_names_its_entry_and_says_what_is_wrong() {
    let (s, log, head) = log();
    for (i, bad) in [
        (0, "abc".to_string()),
        (0, log[0].hash.to_uppercase()),
        (5, String::new()),
    ] {
        let mut t = log.clone();
        t[i].hash = bad;
        let e = verify_chain(&s, &t, &head).unwrap_err();
        assert_eq!(
            (e.index, &e.fault, e.code()),
            (i, &ChainFault::InvalidHash, "TALLY_CHAIN_BROKEN")
        );
        assert_eq!(
            e.to_string(),
            format!("ballot log broken at entry #{i}: its stored hash is not a SHA-256 hash (64 lowercase hex digits)")
        );
    }
}
