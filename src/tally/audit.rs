//! The audit trail: canonical JSON, the roster snapshot hash, the hash-chained ballot log,
//! receipts and chain verification.
//!
//! # Canonical JSON (the bytes that are hashed and that a recount reproduces)
//! - UTF-8, no whitespace outside strings, no byte-order mark, no trailing newline.
//! - Every string (object keys and values) is first normalised to Unicode NFC, then written
//!   with `"` delimiters, escaping only `"` as `\"`, `\` as `\\`, and the control characters
//!   U+0000–U+001F as `\b \t \n \f \r` or `\u00xx` (lowercase hex); every other character,
//!   including `/` and all non-ASCII text, is written literally as UTF-8.
//! - Object keys are sorted by their UTF-8 bytes (= by code point); no duplicate keys.
//! - Numbers are integers only, in plain decimal (`-12`, `0`); any number with a fraction or
//!   exponent is an error. (Areas travel as decimal strings, never as numbers.)
//! - `null`, `true`, `false` as literals; arrays keep their order.
//!
//! # The chain
//! - genesis = SHA-256(canonical JSON of [`Snapshot::canonical`]) — binds the roster, the
//!   assembly's settings and the agenda to the log;
//! - hash₀ = SHA-256(genesis ‖ canonical JSON of ballot₀), hashᵢ = SHA-256(hashᵢ₋₁ ‖ canonical
//!   JSON of ballotᵢ), where ‖ concatenates the previous hash as its **32 raw bytes** with the
//!   UTF-8 bytes of the ballot's canonical JSON ([`Ballot::canonical`], every field present,
//!   absent optionals as `null`);
//! - a ballot's receipt is its hashᵢ in lowercase hex; the head is the last hash (the genesis
//!   for an empty log).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{
    nfc, nfc_cow, AreaSource, Ballot, Capacity, Choice, Snapshot, TallyError, Unit, UnitKind,
};

/// Writes `value` as canonical JSON (see the module documentation).
///
/// # Errors
/// [`TallyError::InvalidJson`] for a non-integer number, or two keys equal after NFC.
pub fn canonical_json(value: &Value) -> Result<String, TallyError> {
    let mut out = String::new();
    write_canonical(value, &mut out)?;
    Ok(out)
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in nfc_cow(s).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{0c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_canonical(value: &Value, out: &mut String) -> Result<(), TallyError> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                let _ = write!(out, "{i}");
            } else if let Some(u) = n.as_u64() {
                let _ = write!(out, "{u}");
            } else {
                return Err(TallyError::InvalidJson {
                    reason: format!("canonical JSON admits integers only, found {n}"),
                });
            }
        }
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut sorted: BTreeMap<String, &Value> = BTreeMap::new();
            for (k, v) in map {
                if sorted.insert(nfc(k), v).is_some() {
                    return Err(TallyError::InvalidJson {
                        reason: format!("two keys equal {k:?} after NFC normalisation"),
                    });
                }
            }
            out.push('{');
            for (i, (k, v)) in sorted.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_canonical(v, out)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// Canonical JSON of any serialisable value.
///
/// # Errors
/// [`TallyError::InvalidJson`] as for [`canonical_json`].
pub fn to_canonical_json<T: Serialize>(value: &T) -> Result<String, TallyError> {
    canonical_json(&serde_json::to_value(value)?)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

pub(crate) fn unhex(field: &str, text: &str) -> Result<[u8; 32], TallyError> {
    let bad = || TallyError::InvalidHash {
        field: field.to_string(),
        value: text.to_string(),
        entry: None,
    };
    let b = text.as_bytes();
    if b.len() != 64 {
        return Err(bad());
    }
    let mut out = [0u8; 32];
    for (i, pair) in b.chunks(2).enumerate() {
        let nib = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        out[i] = (nib(pair[0]).ok_or_else(bad)? << 4) | nib(pair[1]).ok_or_else(bad)?;
    }
    Ok(out)
}

/// The genesis hash: SHA-256 of the canonical JSON of the canonical snapshot, lowercase hex.
///
/// Publish it (with N_T and A_T) before voting starts.
///
/// # Errors
/// [`TallyError::InvalidDecimal`] for a malformed area.
pub fn snapshot_hash(snapshot: &Snapshot) -> Result<String, TallyError> {
    hash_canonical_snapshot(&snapshot.canonical()?)
}

/// [`snapshot_hash`] of a snapshot already in canonical form.
pub(crate) fn hash_canonical_snapshot(canonical: &Snapshot) -> Result<String, TallyError> {
    let json = canonical_snapshot_json(canonical)?;
    Ok(hex(&Sha256::digest(json.as_bytes())))
}

/// Canonical JSON of a snapshot already in canonical form: the same bytes as
/// [`to_canonical_json`] (a unit test checks), with the units, by far the largest part,
/// written directly.
pub(crate) fn canonical_snapshot_json(canonical: &Snapshot) -> Result<String, TallyError> {
    let mut out = String::with_capacity(180 * canonical.units.len() + 1024);
    out.push_str("{\"assembly\":");
    out.push_str(&to_canonical_json(&canonical.assembly)?);
    out.push_str(",\"matters\":");
    out.push_str(&to_canonical_json(&canonical.matters)?);
    out.push_str(",\"units\":[");
    for (i, u) in canonical.units.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        unit_json(u, &mut out);
    }
    out.push_str("]}");
    Ok(out)
}

fn unit_json(u: &Unit, out: &mut String) {
    out.push_str("{\"area\":");
    write_string(&u.area, out);
    out.push_str(match u.area_source {
        AreaSource::Registry => ",\"area_source\":\"registry\"",
        AreaSource::Surveyed => ",\"area_source\":\"surveyed\"",
        AreaSource::Contract => ",\"area_source\":\"contract\"",
    });
    out.push_str(",\"building\":");
    write_string(&u.building, out);
    out.push_str(",\"co_owners\":[");
    for (i, c) in u.co_owners.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(c, out);
    }
    out.push_str(if u.developer_held {
        "],\"developer_held\":true"
    } else {
        "],\"developer_held\":false"
    });
    out.push_str(",\"id\":");
    write_string(&u.id, out);
    out.push_str(match u.kind {
        UnitKind::Residential => ",\"kind\":\"residential\"",
        UnitKind::Commercial => ",\"kind\":\"commercial\"",
        UnitKind::Parking => ",\"kind\":\"parking\"",
        UnitKind::Storage => ",\"kind\":\"storage\"",
        UnitKind::Other => ",\"kind\":\"other\"",
    });
    out.push_str(",\"owner\":");
    write_string(&u.owner, out);
    out.push_str(",\"representative\":");
    match &u.representative {
        None => out.push_str("null"),
        Some(r) => write_string(r, out),
    }
    out.push('}');
}

/// The chain hash of `ballot` after the entry (or genesis) whose hash is `prev_hex`:
/// SHA-256(prev as 32 raw bytes ‖ canonical JSON of the NFC ballot), lowercase hex.
///
/// # Errors
/// [`TallyError::InvalidHash`] when `prev_hex` is not 64 lowercase hex digits.
pub fn ballot_hash(prev_hex: &str, ballot: &Ballot) -> Result<String, TallyError> {
    let prev = unhex("previous hash", prev_hex)?;
    Ok(hex(&chain_step(&prev, ballot, &mut String::new())))
}

/// Canonical JSON of a ballot. An all-ASCII ballot is written directly (keys in sorted
/// order, the same bytes as the generic path, which a unit test checks); others go through
/// NFC and the generic writer.
pub(crate) fn ballot_json(ballot: &Ballot, out: &mut String) {
    if !ballot.is_ascii() {
        out.push_str(&to_canonical_json(&ballot.canonical()).unwrap_or_default());
        return;
    }
    let choice = |c: Choice| match c {
        Choice::Yes => "\"yes\"",
        Choice::No => "\"no\"",
        Choice::Abstain => "\"abstain\"",
        Choice::Invalid => "\"invalid\"",
    };
    out.push_str("{\"candidates\":");
    match &ballot.candidates {
        None => out.push_str("null"),
        Some(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                out.push_str(choice(*v));
            }
            out.push('}');
        }
    }
    out.push_str(match ballot.capacity {
        Capacity::Owner => ",\"capacity\":\"owner\"",
        Capacity::Representative => ",\"capacity\":\"representative\"",
        Capacity::Proxy => ",\"capacity\":\"proxy\"",
    });
    out.push_str(",\"cast_by\":");
    write_string(&ballot.cast_by, out);
    out.push_str(",\"choice\":");
    out.push_str(ballot.choice.map_or("null", choice));
    out.push_str(",\"matter\":");
    write_string(&ballot.matter, out);
    out.push_str(",\"owner\":");
    write_string(&ballot.owner, out);
    out.push_str(",\"proxy_document\":");
    match &ballot.proxy_document {
        None => out.push_str("null"),
        Some(d) => write_string(d, out),
    }
    out.push_str(",\"received_at\":");
    write_string(&ballot.received_at, out);
    out.push('}');
}

fn chain_step(prev: &[u8; 32], ballot: &Ballot, buf: &mut String) -> [u8; 32] {
    buf.clear();
    ballot_json(ballot, buf);
    let mut h = Sha256::new();
    h.update(prev);
    h.update(buf.as_bytes());
    h.finalize().into()
}

/// One entry of the append-only ballot log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(deny_unknown_fields)]
pub struct LogEntry {
    /// The ballot as received.
    pub ballot: Ballot,
    /// Its chain hash (the voter's receipt), lowercase hex.
    pub hash: String,
}

/// Builds the hash-chained log of `ballots` in the order received, starting from the
/// snapshot's genesis hash. Each entry's hash is that ballot's receipt.
///
/// # Errors
/// [`TallyError::InvalidDecimal`] for a malformed area in the snapshot.
///
/// # Complexity
/// O(total size of the ballots).
pub fn build_log(snapshot: &Snapshot, ballots: &[Ballot]) -> Result<Vec<LogEntry>, TallyError> {
    let genesis = snapshot_hash(snapshot)?;
    Ok(chain_hashes(&genesis, ballots)
        .into_iter()
        .zip(ballots)
        .map(|(hash, b)| LogEntry {
            ballot: b.clone(),
            hash,
        })
        .collect())
}

/// The chain hashes (receipts) of `ballots` after `genesis_hex` (assumed well-formed).
pub(crate) fn chain_hashes<B: std::borrow::Borrow<Ballot>>(
    genesis_hex: &str,
    ballots: &[B],
) -> Vec<String> {
    chain_raw(genesis_hex, ballots)
        .iter()
        .map(|h| hex(h))
        .collect()
}

/// [`chain_hashes`] as raw 32-byte digests.
pub(crate) fn chain_raw<B: std::borrow::Borrow<Ballot>>(
    genesis_hex: &str,
    ballots: &[B],
) -> Vec<[u8; 32]> {
    let mut prev = unhex("genesis", genesis_hex).unwrap_or([0; 32]);
    let mut out = Vec::with_capacity(ballots.len());
    let mut buf = String::new();
    for b in ballots {
        prev = chain_step(&prev, b.borrow(), &mut buf);
        out.push(prev);
    }
    out
}

/// Finds the entry whose hash equals `receipt`: the position (from 0) of the voter's ballot
/// in the log, or `None` when the receipt is not in it.
///
/// This checks inclusion only; [`verify_chain`] checks that the log is unbroken.
pub fn verify_receipt(log: &[LogEntry], receipt: &str) -> Option<usize> {
    let receipt = receipt.to_ascii_lowercase();
    log.iter().position(|e| e.hash == receipt)
}

/// Why a chain failed to verify.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum ChainFault {
    /// The entry's stored hash differs from SHA-256(previous ‖ canonical ballot): it was
    /// changed, inserted, moved, or an entry before it was removed.
    HashMismatch,
    /// The entry's stored hash is not a SHA-256 hash written as 64 lowercase hex digits
    /// (truncated, uppercase, not hex): the entry is malformed, whatever its ballot.
    InvalidHash,
    /// Every entry checks, but the last hash is not the expected head: entries were removed
    /// from (or appended to) the end, or the head is another log's. For a log without stored
    /// hashes ([`super::BallotLog::verify`] of `Roster::prepare`), the only check: any
    /// ballot changed, added, removed or reordered shows here. `index` is then the log's
    /// length: no entry can be named.
    HeadMismatch,
    /// Every entry checks, but the expected head itself is not a SHA-256 hash (64 hex
    /// digits, either case): mistyped or truncated, so it cannot be compared. `index` is the
    /// log's length: no entry is at fault.
    InvalidHead,
    /// The snapshot could not be hashed (malformed area); `index` is 0.
    InvalidSnapshot,
}

impl ChainFault {
    /// What is wrong, in words (for messages; the variant's name is for programs).
    pub fn describe(&self) -> &'static str {
        match self {
            ChainFault::HashMismatch => {
                "its stored hash does not match the ballot and the previous hash"
            }
            ChainFault::InvalidHash => {
                "its stored hash is not a SHA-256 hash (64 lowercase hex digits)"
            }
            ChainFault::HeadMismatch => {
                "the chain's head is not the expected head (entries missing or added at the end, or another head; for a log without stored hashes, any ballot changed, added, removed or reordered)"
            }
            ChainFault::InvalidHead => {
                "the expected head is not a SHA-256 hash (64 hex digits): no entry is at fault, check the head"
            }
            ChainFault::InvalidSnapshot => "the roster snapshot cannot be hashed",
        }
    }

    /// The variant's name as serialised (`"HASH_MISMATCH"`, …): the `fault` property of the
    /// JS error.
    pub fn name(&self) -> &'static str {
        match self {
            ChainFault::HashMismatch => "HASH_MISMATCH",
            ChainFault::InvalidHash => "INVALID_HASH",
            ChainFault::HeadMismatch => "HEAD_MISMATCH",
            ChainFault::InvalidHead => "INVALID_HEAD",
            ChainFault::InvalidSnapshot => "INVALID_SNAPSHOT",
        }
    }

    /// Whether `index` names an entry at fault (the entry's own hash); otherwise it is the
    /// log's length (the head) or 0 (the snapshot).
    pub fn names_entry(&self) -> bool {
        matches!(self, ChainFault::HashMismatch | ChainFault::InvalidHash)
    }
}

/// The first point at which a ballot log fails to verify.
///
/// Its message names the entry only when one is at fault (`ballot log broken at entry #3:
/// …`); a head that differs or is malformed is reported as such, with the log's length
/// (`ballot log of 6000 entries: the expected head is not a SHA-256 hash …`), never as a
/// broken entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(
    target_arch = "wasm32",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[error("{}", chain_message(*.index, .fault))]
pub struct ChainError {
    /// Position of the first bad entry (from 0) for [`ChainFault::HashMismatch`] and
    /// [`ChainFault::InvalidHash`]; the log's length for [`ChainFault::HeadMismatch`] and
    /// [`ChainFault::InvalidHead`]; 0 for [`ChainFault::InvalidSnapshot`].
    pub index: usize,
    /// What is wrong there.
    pub fault: ChainFault,
}

impl ChainError {
    /// The stable code: `TALLY_INVALID_HASH` for [`ChainFault::InvalidHead`] (the argument is
    /// not a hash; the log was not found broken), `TALLY_CHAIN_BROKEN` otherwise.
    pub fn code(&self) -> &'static str {
        match self.fault {
            ChainFault::InvalidHead => "TALLY_INVALID_HASH",
            _ => "TALLY_CHAIN_BROKEN",
        }
    }
}

fn chain_message(index: usize, fault: &ChainFault) -> String {
    if fault.names_entry() {
        format!("ballot log broken at entry #{index}: {}", fault.describe())
    } else if *fault == ChainFault::InvalidSnapshot {
        format!("ballot log: {}", fault.describe())
    } else {
        format!("ballot log of {index} entries: {}", fault.describe())
    }
}

/// Whether `text` is 64 hex digits (either case).
fn is_hash_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The end of a verification whose entries all check: `Ok` when the chain's `head` is
/// `expected_head` (either case); [`ChainFault::InvalidHead`] when `expected_head` is not a
/// hash; else [`ChainFault::HeadMismatch`]; both at `len`.
pub(crate) fn check_head(head: &str, expected_head: &str, len: usize) -> Result<(), ChainError> {
    let fault = if !is_hash_hex(expected_head) {
        ChainFault::InvalidHead
    } else if !head.eq_ignore_ascii_case(expected_head) {
        ChainFault::HeadMismatch
    } else {
        return Ok(());
    };
    Err(ChainError { index: len, fault })
}

/// Verifies that `log` is the unbroken chain from the snapshot's genesis to `expected_head`.
///
/// # Errors
/// [`ChainError`] naming the FIRST bad entry: changing, removing, inserting or reordering
/// entries fails at the first position whose stored hash no longer matches
/// ([`ChainFault::HashMismatch`]), or is not 64 lowercase hex digits
/// ([`ChainFault::InvalidHash`]); when every entry checks, truncating or extending the end
/// fails with [`ChainFault::HeadMismatch`] at `log.len()`, and an `expected_head` that is not
/// 64 hex digits with [`ChainFault::InvalidHead`] at `log.len()` (code `TALLY_INVALID_HASH`).
///
/// # Complexity
/// O(total size of the log).
pub fn verify_chain(
    snapshot: &Snapshot,
    log: &[LogEntry],
    expected_head: &str,
) -> Result<(), ChainError> {
    let genesis = snapshot_hash(snapshot).map_err(|_| ChainError {
        index: 0,
        fault: ChainFault::InvalidSnapshot,
    })?;
    let mut prev = unhex("genesis", &genesis).unwrap_or([0; 32]);
    let mut head = genesis;
    let mut buf = String::new();
    for (index, entry) in log.iter().enumerate() {
        prev = chain_step(&prev, &entry.ballot, &mut buf);
        let h = hex(&prev);
        if h != entry.hash {
            let fault = if unhex("", &entry.hash).is_err() {
                ChainFault::InvalidHash
            } else {
                ChainFault::HashMismatch
            };
            return Err(ChainError { index, fault });
        }
        head = h;
    }
    check_head(&head, expected_head, log.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn direct_ballot_json_equals_generic_canonical_json() {
        let mut cands = BTreeMap::new();
        cands.insert("c\"1".to_string(), Choice::Yes);
        cands.insert("c2".to_string(), Choice::Invalid);
        let ballots = [
            Ballot {
                matter: "M1".into(),
                owner: "o/1".into(),
                cast_by: "px\n".into(),
                capacity: Capacity::Proxy,
                proxy_document: Some("WT-1".into()),
                received_at: "2024-06-20T10:00:00+08:00".into(),
                choice: Some(Choice::Abstain),
                candidates: None,
            },
            Ballot {
                matter: "E".into(),
                owner: "o2".into(),
                cast_by: "o2".into(),
                capacity: Capacity::Representative,
                proxy_document: None,
                received_at: "2024-06-20T10:00:00Z".into(),
                choice: None,
                candidates: Some(cands),
            },
        ];
        for b in &ballots {
            let mut direct = String::new();
            ballot_json(b, &mut direct);
            assert_eq!(direct, to_canonical_json(b).unwrap());
        }
    }

    #[test]
    fn direct_snapshot_json_equals_generic_canonical_json() {
        let text = include_str!("../../tests/fixtures/tally/co_owner/input.json");
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut snap: Snapshot = serde_json::from_value(v["snapshot"].clone()).unwrap();
        snap.units[1].kind = UnitKind::Parking;
        snap.units[1].area_source = AreaSource::Contract;
        snap.units[1].building = "楼\u{2028}\"<&>".into();
        snap.units[2].developer_held = true;
        let c = snap.canonical().unwrap();
        assert_eq!(
            canonical_snapshot_json(&c).unwrap(),
            to_canonical_json(&c).unwrap()
        );
    }
}
