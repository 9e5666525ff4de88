//! Fuzz target: tally input parsing, the count, the hash chain and its verification.
//!
//! Any text is read as a `TallyInput` (`{snapshot, ballots}`) and, failing that, as a published
//! log `{snapshot, entries, head}`; errors are fine, panics are bugs. For input that counts:
//! a recount gives the same canonical JSON, the prepared path (Roster, BallotLog) gives the
//! same result, the log built by `build_log` verifies against the result's head, every receipt
//! is found, and a changed hash or head is caught at the right entry.
#![no_main]

use jinlin::tally::{
    build_log, result_json, tally, verify_chain, verify_receipt, LogEntry, Roster, Snapshot,
    TallyInput,
};
use libfuzzer_sys::fuzz_target;

#[derive(serde::Deserialize)]
struct Published {
    snapshot: Snapshot,
    entries: Vec<LogEntry>,
    head: String,
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = serde_json::from_str::<Published>(text) {
        published(p);
        return;
    }
    let Ok(input) = serde_json::from_str::<TallyInput>(text) else {
        return;
    };
    let Ok(result) = tally(&input) else {
        // The prepared path must refuse it too (with some error), not panic.
        if let Ok(roster) = Roster::new(&input.snapshot) {
            assert!(roster.prepare(input.ballots.clone()).is_err());
        }
        return;
    };
    let json = result_json(&result).expect("a result has canonical JSON");
    assert_eq!(
        result_json(&tally(&input).unwrap()).unwrap(),
        json,
        "recount"
    );

    let roster = Roster::new(&input.snapshot).unwrap();
    let mut log = roster.prepare(input.ballots.clone()).unwrap();
    let unhashed = roster.tally(&log).unwrap();
    assert_eq!(unhashed.log_head, None);
    for (a, b) in unhashed.matters.iter().zip(&result.matters) {
        assert_eq!(a.figures, b.figures, "figures do not depend on hashing");
    }
    log.compute_hashes();
    assert_eq!(result_json(&roster.tally(&log).unwrap()).unwrap(), json);

    let entries = build_log(&input.snapshot, &input.ballots).unwrap();
    let head = result
        .log_head
        .clone()
        .expect("the one-call tally computes the head");
    assert_eq!(entries.len(), input.ballots.len());
    if let Some(last) = entries.last() {
        assert_eq!(last.hash, head);
    } else {
        assert_eq!(head, roster.hash());
    }
    assert_eq!(verify_chain(&input.snapshot, &entries, &head), Ok(()));
    assert_eq!(log.verify(&head), Ok(()));
    for (i, e) in entries.iter().enumerate().take(16) {
        let found = verify_receipt(&entries, &e.hash).unwrap();
        assert!(
            found <= i,
            "a receipt is found at its entry (or an equal earlier one)"
        );
        assert_eq!(log.find_receipt(&e.hash), Some(found));
    }
    let supplied = roster.prepare_log(entries.clone()).unwrap();
    assert_eq!(supplied.verify(&head), Ok(()));
    let r = roster.tally(&supplied).unwrap();
    assert_eq!(r.log_head.as_deref(), Some(head.as_str()));
    // Tamper evidence: the first changed entry is named; a wrong head is caught at the end.
    if !entries.is_empty() {
        let k = data.len() % entries.len();
        let mut bad = entries.clone();
        let flip = if bad[k].hash.starts_with('0') {
            "1"
        } else {
            "0"
        };
        bad[k].hash.replace_range(0..1, flip);
        let e = verify_chain(&input.snapshot, &bad, &head).unwrap_err();
        assert_eq!(e.index, k);
    }
    let wrong = if head.starts_with('0') { "1" } else { "0" }.repeat(64);
    assert_eq!(
        verify_chain(&input.snapshot, &entries, &wrong)
            .unwrap_err()
            .index,
        entries.len()
    );
});

/// A published log checked as a resident would; an arbitrary log must not panic.
fn published(p: Published) {
    let ok = verify_chain(&p.snapshot, &p.entries, &p.head).is_ok();
    for e in p.entries.iter().take(8) {
        let _ = verify_receipt(&p.entries, &e.hash);
    }
    let Ok(roster) = Roster::new(&p.snapshot) else {
        return;
    };
    if let Ok(log) = roster.prepare_log(p.entries) {
        assert_eq!(log.verify(&p.head).is_ok(), ok, "both verifiers agree");
        let _ = roster.tally(&log);
    }
}
