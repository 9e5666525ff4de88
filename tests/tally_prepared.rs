//! The prepared path: `Roster::new` once, `Roster::prepare` per log, `Roster::tally` to count.
//! It must give the fixtures' results byte for byte when the hashes are computed, the same
//! figures without hashes, and state supplied hashes as supplied.

use std::path::{Path, PathBuf};

use jinlin::tally::{
    build_log, canonical_json, result_json, tally, LogHashes, Roster, TallyInput, TallyResult,
};
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tally")
}

fn cases() -> Vec<(String, TallyInput, String)> {
    let mut out: Vec<_> = std::fs::read_dir(dir())
        .expect("fixture dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("input.json").exists())
        .map(|e| {
            let case = e.file_name().to_string_lossy().into_owned();
            let input = std::fs::read_to_string(e.path().join("input.json")).unwrap();
            let expected = std::fs::read_to_string(e.path().join("expected.json")).unwrap();
            let expected: Value = serde_json::from_str(&expected).unwrap();
            (
                case,
                serde_json::from_str(&input).unwrap(),
                canonical_json(&expected).unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 20);
    out
}

/// The result with every hash-derived field blanked, to compare the counting alone.
fn figures_only(r: &TallyResult) -> String {
    let mut r = r.clone();
    r.log_head = None;
    r.log_hashes = LogHashes::NotComputed;
    for m in &mut r.matters {
        for b in &mut m.rejected {
            b.receipt = None;
        }
    }
    result_json(&r).unwrap()
}

#[test]
fn prepared_roster_with_computed_hashes_matches_every_fixture_byte_for_byte() {
    for (case, input, expected) in cases() {
        let roster = Roster::new(&input.snapshot).unwrap();
        let mut log = roster.prepare(input.ballots.clone()).unwrap();
        log.compute_hashes();
        let r = roster.tally(&log).unwrap();
        assert_eq!(result_json(&r).unwrap(), expected, "{case}");
        // Counting the same log again (the roster reused) gives the same bytes.
        assert_eq!(
            result_json(&roster.tally(&log).unwrap()).unwrap(),
            expected,
            "{case}: recount"
        );
    }
}

#[test]
fn without_hashes_the_figures_are_the_same_and_the_result_says_so() {
    for (case, input, _) in cases() {
        let roster = Roster::new(&input.snapshot).unwrap();
        let log = roster.prepare(input.ballots.clone()).unwrap();
        let r = roster.tally(&log).unwrap();
        assert_eq!(r.log_hashes, LogHashes::NotComputed, "{case}");
        assert_eq!(r.log_head, None, "{case}");
        let json = result_json(&r).unwrap();
        assert!(json.contains("\"log_hashes\":\"not_computed\""), "{case}");
        assert_eq!(
            figures_only(&r),
            figures_only(&tally(&input).unwrap()),
            "{case}"
        );
    }
}

#[test]
fn supplied_hashes_are_stated_as_supplied_and_verify_checks_them() {
    let (_, input, _) = cases().into_iter().find(|c| c.0 == "proxy_limit").unwrap();
    let roster = Roster::new(&input.snapshot).unwrap();
    let mut entries = build_log(&input.snapshot, &input.ballots).unwrap();
    let head = entries.last().unwrap().hash.clone();
    let log = roster.prepare_log(entries.clone()).unwrap();
    let r = roster.tally(&log).unwrap();
    assert_eq!(r.log_hashes, LogHashes::Supplied);
    assert_eq!(r.log_head.as_deref(), Some(head.as_str()));
    assert!(result_json(&r)
        .unwrap()
        .contains("\"log_hashes\":\"supplied\""));
    log.verify(&head).unwrap();
    assert_eq!(log.find_receipt(&entries[2].hash), Some(2));
    // A forged hash is counted (the count does not hash) but verify names the entry.
    entries[3].hash = "0".repeat(64);
    let forged = roster.prepare_log(entries).unwrap();
    assert_eq!(forged.verify(&head).unwrap_err().index, 3);
    assert_eq!(
        figures_only(&roster.tally(&forged).unwrap()),
        figures_only(&r)
    );
    // A log without hashes verifies by its recomputed head alone.
    let bare = roster.prepare(input.ballots.clone()).unwrap();
    bare.verify(&head).unwrap();
    let e = bare.verify(&"0".repeat(64)).unwrap_err();
    assert_eq!(
        (e.index, e.fault.clone()),
        (input.ballots.len(), jinlin::tally::ChainFault::HeadMismatch)
    );
    // …which cannot name the entry: the message says so rather than blaming entry #len
    assert!(!e.to_string().contains("entry #"), "{e}");
    assert!(e
        .to_string()
        .contains("for a log without stored hashes, any ballot changed"));
    // a malformed head is the head's fault, not a broken chain
    let e = bare.verify("xyz").unwrap_err();
    assert_eq!(
        (e.index, e.fault.clone(), e.code()),
        (
            input.ballots.len(),
            jinlin::tally::ChainFault::InvalidHead,
            "TALLY_INVALID_HASH"
        )
    );
    assert_eq!(
        forged.verify("xyz").unwrap_err().index,
        3,
        "the entry first"
    );
}

#[test]
fn a_log_prepared_for_another_roster_is_refused() {
    let all = cases();
    let a = Roster::new(&all[0].1.snapshot).unwrap();
    let b = Roster::new(&all[1].1.snapshot).unwrap();
    assert_ne!(a.hash(), b.hash());
    let log = b.prepare(all[1].1.ballots.clone()).unwrap();
    assert_eq!(a.tally(&log).unwrap_err().code(), "TALLY_INVALID_BALLOT");
}

/// Native timing on the benchmark's input (not a timed test: prints only).
/// `node bench/tally.dump.mjs /tmp/tally-100k.json` then
/// `TALLY_INPUT=/tmp/tally-100k.json cargo test --release --test tally_prepared -- --ignored --nocapture`
#[test]
#[ignore]
fn timing_on_the_benchmark_input() {
    use std::time::Instant;
    let Some(path) = std::env::var_os("TALLY_INPUT") else {
        return;
    };
    let input: TallyInput = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let median = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    let time = |f: &mut dyn FnMut()| {
        median(
            (0..7)
                .map(|_| {
                    let t = Instant::now();
                    f();
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect(),
        )
    };
    let full = time(&mut || {
        tally(&input).unwrap();
    });
    let roster_ms = time(&mut || {
        Roster::new(&input.snapshot).unwrap();
    });
    let roster = Roster::new(&input.snapshot).unwrap();
    let prepare_ms = time(&mut || {
        roster.prepare(input.ballots.clone()).unwrap();
    });
    let mut log = roster.prepare(input.ballots.clone()).unwrap();
    let count_ms = time(&mut || {
        roster.tally(&log).unwrap();
    });
    let hash_ms = time(&mut || log.compute_hashes());
    let r = roster.tally(&log).unwrap();
    assert_eq!(
        result_json(&r).unwrap(),
        result_json(&tally(&input).unwrap()).unwrap()
    );
    println!(
        "units {} ballots {}: tally(input) {full:.1} ms | Roster::new {roster_ms:.1} ms, prepare {prepare_ms:.1} ms, count {count_ms:.2} ms, hash chain {hash_ms:.1} ms",
        input.snapshot.units.len(),
        input.ballots.len()
    );
}
