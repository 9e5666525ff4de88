//! Fuzz target: tally input parsing, the count, the hash chain and its verification.
//!
//! Any text is read as a `TallyInput` (`{snapshot, ballots}`) and, failing that, as a published
//! log `{snapshot, entries, head}`; errors are fine, panics are bugs. For input that counts:
//! a recount gives the same canonical JSON, the prepared path (Roster, BallotLog) gives the
//! same result, the log built by `build_log` verifies against the result's head, every receipt
//! is found, and a changed hash or head is caught at the right entry.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jinlin_fuzz::tally::check(data));
