// The owners' assembly tally through the JS API of the built package: the worked examples
// W1–W8 of LEGAL-TALLY.md, every error code for bad input (and the same instance still
// answers afterwards), tamper evidence, receipts, byte-exact recounts, and free().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  init, tally, tallyJson, rosterHash, ballotHash, checkBallot, buildLog, verifyReceipt,
  verifyChain, announcement, announcementSvg, Roster, BallotLog, Tally,
} from 'jinlin/tally';

await init();
const dir = new URL('../fixtures/tally/', import.meta.url);
const input = (name) => JSON.parse(readFileSync(new URL(`${name}/input.json`, dir), 'utf8'));
const expectedText = (name) => readFileSync(new URL(`${name}/expected.json`, dir), 'utf8');
const clone = (x) => structuredClone(x);

/** Throws with `code` (and returns the error). */
function throwsCode(fn, code) {
  let err;
  assert.throws(fn, (e) => { err = e; return e instanceof Error && e.code === code; }, `expected ${code}`);
  return err;
}

// W1–W8 with the outcomes LEGAL-TALLY.md fixes.
const worked = {
  w1: ['PASSED', (f) => { assert.equal(f.participating.heads_share.numerator, '2'); assert.equal(f.participating.heads_share.denominator, '3'); assert.equal(f.quorum.met, true); }],
  w2: ['NOT_PASSED', (f) => { assert.equal(f.yes.heads, 2); assert.equal(f.consent.heads, false); }],
  w3: ['PASSED', (f) => { assert.equal(f.yes.heads, 6); assert.equal(f.participating.heads, 8); assert.equal(f.consent.met, true); }],
  w4: ['NOT_PASSED', (f) => { assert.equal(f.consent.heads, true); assert.equal(f.consent.area, false); assert.equal(f.yes.area, '150.0000'); }],
  w5: ['NOT_PASSED', (f) => { assert.equal(f.totals.heads, 3); assert.equal(f.participating.heads, 2); assert.equal(f.yes.heads, 1); }],
  w6: ['NOT_PASSED', (f) => { assert.equal(f.yes.area, '1100.0000'); assert.equal(f.consent.area, true); assert.equal(f.consent.heads, false); assert.equal(f.totals.heads, 6); }],
  w8: ['PASSED', (f) => { assert.equal(f.participating.area, '66.6600'); assert.equal(f.totals.area, '99.9900'); assert.equal(f.quorum.area, true); assert.equal(f.participating.area_share.percent, '66.66'); }],
};
for (const [name, [outcome, check]] of Object.entries(worked)) {
  test(`${name.toUpperCase()} through tally(), Roster and tallyJson(): ${outcome}`, () => {
    const inp = input(name);
    const r = tally(inp);
    assert.equal(r.matters[0].figures.outcome, outcome);
    check(r.matters[0].figures);
    // The canonical JSON equals the fixture (the same bytes as natively).
    const json = tallyJson(JSON.stringify(inp));
    assert.equal(json, JSON.stringify(JSON.parse(expectedText(name))));
    // The prepared path with hashes computed gives the same bytes.
    const roster = new Roster(inp.snapshot);
    const log = roster.ballots(inp.ballots);
    log.computeHashes();
    const t = roster.tally(log);
    assert.equal(t.json(), json);
    assert.equal(t.summary().matters[0].figures.outcome, outcome);
    t.free(); log.free(); roster.free();
  });
}

test('W7: a ballot received at 2024-07-01T00:00:00+08:00 is LATE for a close of 2024-06-30', () => {
  const r = tally(input('w7'));
  const m = r.matters[0];
  assert.equal(m.rejected_by_reason.LATE, 1);
  const late = m.rejected.find((b) => b.reason === 'LATE');
  assert.equal(late.received_at, '2024-07-01T00:00:00+08:00');
  assert.match(late.receipt, /^[0-9a-f]{64}$/);
});

// Bad input: each gives its code, nothing panics, the same instance still answers.
const w1 = () => input('w1');
function stillWorks() {
  assert.equal(tally(w1()).matters[0].figures.outcome, 'PASSED');
  const roster = new Roster(w1().snapshot);
  assert.equal(roster.tally(roster.ballots(w1().ballots)).summary().matters[0].figures.outcome, 'PASSED');
}
const bad = [
  ['5 decimals', 'TALLY_INVALID_DECIMAL', (i) => { i.snapshot.units[1].area = '100.00001'; }],
  ['negative area', 'TALLY_INVALID_DECIMAL', (i) => { i.snapshot.units[1].area = '-100'; }],
  ['empty area', 'TALLY_INVALID_DECIMAL', (i) => { i.snapshot.units[1].area = ''; }],
  ['NaN area', 'TALLY_INVALID_DECIMAL', (i) => { i.snapshot.units[1].area = 'NaN'; }],
  ['duplicate unit id', 'TALLY_DUPLICATE_UNIT', (i) => { i.snapshot.units[2].id = i.snapshot.units[0].id; }],
  ['unknown candidate owner', 'TALLY_UNKNOWN_OWNER', (i) => {
    Object.assign(i.snapshot.matters[0], { item: { article278: 3 }, election: { seats: 1, candidates: [{ key: 'nobody', name: '某' }] } });
  }],
  ['ballot for an unknown matter', 'TALLY_UNKNOWN_MATTER', (i) => { i.ballots[1].matter = 'M9'; }],
  ['bad receipt time', 'TALLY_INVALID_TIME', (i) => { i.ballots[0].received_at = '2024-06-20 10:00'; }],
  ['duplicate matter', 'TALLY_DUPLICATE_MATTER', (i) => { i.snapshot.matters.push(clone(i.snapshot.matters[0])); }],
  ['unknown building in scope', 'TALLY_UNKNOWN_BUILDING', (i) => { i.snapshot.matters[0].buildings = ['99']; }],
];
for (const [what, code, edit] of bad) {
  test(`bad input: ${what} → ${code}, through every entry point, then the instance still works`, () => {
    const inp = w1();
    edit(inp);
    const e = throwsCode(() => tally(inp), code);
    assert.ok(e.message.length > 0);
    throwsCode(() => tallyJson(JSON.stringify(inp)), code);
    // Snapshot errors surface in new Roster(); ballot errors in roster.ballots().
    let roster;
    try { roster = new Roster(inp.snapshot); } catch (err) { assert.equal(err.code, code); }
    if (roster) { throwsCode(() => roster.ballots(inp.ballots), code); roster.free(); }
    stillWorks();
  });
}

test('bad input: the message names the unit or ballot at fault', () => {
  const inp = w1();
  inp.snapshot.units[1].area = '12.34567';
  assert.match(throwsCode(() => tally(inp), 'TALLY_INVALID_DECIMAL').message, /U2/);
  const inp2 = w1();
  inp2.ballots[1].matter = 'M9';
  assert.match(throwsCode(() => new Roster(inp2.snapshot).ballots(inp2.ballots), 'TALLY_UNKNOWN_MATTER').message, /#1/);
});

test('bad input: an owner not in the roster is rejected UNKNOWN_OWNER in the count, and an error at intake', () => {
  const inp = w1();
  inp.ballots[1].owner = 'ghost'; inp.ballots[1].cast_by = 'ghost';
  const r = tally(inp);
  assert.equal(r.matters[0].rejected_by_reason.UNKNOWN_OWNER, 1);
  assert.equal(r.matters[0].figures.outcome, 'NO_QUORUM');
  throwsCode(() => checkBallot(inp.snapshot, 1, inp.ballots[1]), 'TALLY_UNKNOWN_OWNER');
  const b = clone(inp.ballots[0]); b.matter = 'M9';
  throwsCode(() => checkBallot(inp.snapshot, 0, b), 'TALLY_UNKNOWN_MATTER');
  assert.equal(checkBallot(inp.snapshot, 0, inp.ballots[0]), undefined);
  stillWorks();
});

test('bad input: invalid JSON and wrong shapes → TALLY_INVALID_JSON', () => {
  throwsCode(() => tallyJson('{"snapshot": '), 'TALLY_INVALID_JSON');
  throwsCode(() => tallyJson('[1,2]'), 'TALLY_INVALID_JSON');
  throwsCode(() => Roster.fromJson('not json'), 'TALLY_INVALID_JSON');
  throwsCode(() => tally({ snapshot: 5, ballots: [] }), 'TALLY_INVALID_JSON');
  throwsCode(() => tally(null), 'TALLY_INVALID_JSON');
  throwsCode(() => new Roster({ units: 'x' }), 'TALLY_INVALID_JSON');
  const roster = new Roster(w1().snapshot);
  throwsCode(() => roster.ballotsJson('[{"matter": 1}]'), 'TALLY_INVALID_JSON');
  throwsCode(() => roster.ballots([{ matter: 'M1', owner: 'o1', extra: true }]), 'TALLY_INVALID_JSON');
  throwsCode(() => roster.log([{ ballot: w1().ballots[0], hash: 'xyz' }]), 'TALLY_INVALID_HASH');
  stillWorks();
});

// Audit: tamper evidence and receipts.
function chain() {
  const inp = input('proxy_limit');
  const log = buildLog(inp.snapshot, inp.ballots);
  return { inp, log, head: log.at(-1).hash };
}

test('a string parameter given anything else is OPTIONS_INVALID naming it (not a wasm trap), and the objects still answer', () => {
  const { inp, log, head } = chain();
  const roster = new Roster(inp.snapshot);
  const prepared = roster.log(log);
  const t = roster.tally(prepared);
  const matter = inp.snapshot.matters[0].id;
  for (const bad of [5, null, undefined, {}, true, ['x']]) {
    const cases = [
      ['input', () => tallyJson(bad)],
      ['text', () => Roster.fromJson(bad)],
      ['text', () => roster.ballotsJson(bad)],
      ['text', () => roster.logJson(bad)],
      ['receipt', () => prepared.findReceipt(bad)],
      ['head', () => prepared.verify(bad)],
      ['receipt', () => verifyReceipt(log, bad)],
      ['head', () => verifyChain(inp.snapshot, log, bad)],
      ['previousHash', () => ballotHash(bad, inp.ballots[0])],
      ['matterId', () => t.rejected(bad)],
      ['matterId', () => t.announcementSvg(bad, 'draft')],
    ];
    for (const [name, fn] of cases) {
      assert.throws(fn, (e) => e.code === 'OPTIONS_INVALID' && e.message === `${name} must be a string`, `${name} = ${String(bad)}`);
    }
  }
  assert.equal(prepared.findReceipt(log[3].hash), 3);
  assert.equal(prepared.verify(head), undefined);
  assert.equal(Roster.fromJson(JSON.stringify(inp.snapshot)).hash, roster.hash);
  assert.deepEqual(JSON.parse(tallyJson(JSON.stringify(inp))).log_head, head);
});

test('the log built in JS verifies, its genesis is rosterHash, and every receipt is found', () => {
  const { inp, log, head } = chain();
  assert.equal(verifyChain(inp.snapshot, log, head), undefined);
  const genesis = rosterHash(inp.snapshot);
  assert.equal(ballotHash(genesis, inp.ballots[0]), log[0].hash);
  log.forEach((e, i) => assert.equal(verifyReceipt(log, e.hash), i));
  assert.equal(verifyReceipt(log, log[2].hash.toUpperCase()), 2);
  assert.equal(verifyReceipt(log, 'f'.repeat(64)), undefined);
  assert.equal(tally(inp).log_head, head);
  const roster = new Roster(inp.snapshot);
  assert.equal(roster.hash, genesis);
  const prepared = roster.log(log);
  assert.equal(prepared.hashes, 'supplied');
  assert.equal(prepared.head, head);
  assert.equal(prepared.findReceipt(log[3].hash), 3);
  assert.equal(prepared.findReceipt('0'.repeat(64)), undefined);
  assert.equal(prepared.verify(head), undefined);
  const t = roster.tally(prepared);
  assert.equal(t.result().log_hashes, 'supplied');
  t.free(); prepared.free(); roster.free();
});

const tampers = [
  ['edit a choice', (log) => { log[2].ballot.choice = log[2].ballot.choice === 'yes' ? 'no' : 'yes'; return 2; }],
  ['edit a receipt time', (log) => { log[1].ballot.received_at = '2024-06-20T09:00:00+08:00'; return 1; }],
  ['remove an entry', (log) => { log.splice(2, 1); return 2; }],
  ['insert an entry', (log) => { log.splice(1, 0, clone(log[3])); return 1; }],
  ['reorder two entries', (log) => { [log[1], log[2]] = [log[2], log[1]]; return 1; }],
];
for (const [what, edit] of tampers) {
  test(`tamper evidence: ${what} → verifyChain throws TALLY_CHAIN_BROKEN at that index`, () => {
    const { inp, log, head } = chain();
    const at = edit(log);
    const e = throwsCode(() => verifyChain(inp.snapshot, log, head), 'TALLY_CHAIN_BROKEN');
    assert.equal(e.index, at);
    const roster = new Roster(inp.snapshot);
    const prepared = roster.log(log);
    assert.equal(throwsCode(() => prepared.verify(head), 'TALLY_CHAIN_BROKEN').index, at);
    prepared.free(); roster.free();
  });
}

test('tamper evidence: dropping the last entry is caught at the head', () => {
  const { inp, log, head } = chain();
  log.pop();
  assert.equal(throwsCode(() => verifyChain(inp.snapshot, log, head), 'TALLY_CHAIN_BROKEN').index, log.length);
  // …and a changed roster breaks the first entry.
  const snap = clone(inp.snapshot); snap.units[0].area = '101.00';
  assert.equal(throwsCode(() => verifyChain(snap, buildLog(inp.snapshot, inp.ballots), head), 'TALLY_CHAIN_BROKEN').index, 0);
});

test('a recount gives the same canonical JSON byte for byte, whichever path', () => {
  for (const name of ['election_tie', 'revote_changes_outcome', 'co_owner', 'kinds']) {
    const inp = input(name);
    const first = tallyJson(JSON.stringify(inp));
    assert.equal(tallyJson(JSON.stringify(inp)), first);
    const roster = Roster.fromJson(JSON.stringify(inp.snapshot));
    const log = roster.ballotsJson(JSON.stringify(inp.ballots));
    assert.equal(log.hashes, 'not_computed');
    assert.equal(log.head, undefined);
    const published = JSON.parse(first).log_head;
    assert.equal(log.verify(published), undefined); // recomputes the chain, checks the head
    assert.equal(throwsCode(() => log.verify('0'.repeat(64)), 'TALLY_CHAIN_BROKEN').index, inp.ballots.length);
    assert.equal(log.computeHashes(), JSON.parse(first).log_head);
    assert.equal(roster.tally(log).json(), first);
    assert.equal(roster.tally(log).json(), first);
    roster.free(); log.free();
  }
});

test('a count without hashes says so and has the same figures', () => {
  const inp = input('revote_last_before_close');
  const roster = new Roster(inp.snapshot);
  const log = roster.ballots(inp.ballots);
  const r = roster.tally(log).result();
  assert.equal(r.log_hashes, 'not_computed');
  assert.equal(r.log_head, null);
  assert.ok(r.matters[0].rejected.every((b) => b.receipt === null));
  const full = tally(inp);
  assert.deepEqual(r.matters.map((m) => m.figures), full.matters.map((m) => m.figures));
  throwsCode(() => log.entries(), 'TALLY_CHAIN_BROKEN');
  log.computeHashes();
  assert.deepEqual(log.entries(), buildLog(inp.snapshot, inp.ballots));
});

test('a log prepared for another roster is refused', () => {
  const a = new Roster(input('w1').snapshot), b = new Roster(input('w2').snapshot);
  throwsCode(() => a.tally(b.ballots(input('w2').ballots)), 'TALLY_INVALID_BALLOT');
});

test('announcement and its SVG from a Tally and from a result object agree; text is escaped', () => {
  const inp = input('w5');
  inp.snapshot.matters[0].title = '续聘<物业> & "保安"';
  const r = tally(inp);
  const a = announcement(r, r.matters[0].matter_id, { status: 'final' });
  assert.equal(a.outcome, 'NOT_PASSED');
  const svg = announcementSvg(r, r.matters[0].matter_id, { status: 'final' });
  assert.ok(svg.startsWith('<svg'));
  assert.ok(svg.includes('续聘&lt;物业&gt; &amp; '), 'title escaped');
  assert.ok(!svg.includes('<物业>'));
  const roster = new Roster(inp.snapshot);
  const log = roster.ballots(inp.ballots); log.computeHashes();
  assert.equal(roster.tally(log).announcementSvg(r.matters[0].matter_id, { status: 'final' }), svg);
  throwsCode(() => announcementSvg(r, 'nope', { status: 'final' }), 'TALLY_UNKNOWN_MATTER');
  // a status left out or of another shape: OPTIONS_INVALID saying the two shapes (not a Rust type)
  const shapes = 'status: expected { status: "final" } or { status: "preliminary", objection_period_ends: "2024-07-15" } (a date or an RFC 3339 instant)';
  const t = roster.tally(log);
  for (const f of [() => t.announcementSvg(r.matters[0].matter_id), () => t.announcementSvg(r.matters[0].matter_id, { status: 'draft' }),
    () => announcementSvg(r, r.matters[0].matter_id), () => announcement(r, r.matters[0].matter_id, 'final')]) {
    assert.equal(throwsCode(f, 'OPTIONS_INVALID').message, shapes);
  }
  // options.widthPx: a phone-width 公示 (both paths agree), the default 900, bad widths refused
  const id = r.matters[0].matter_id, fin = { status: 'final' };
  const narrow = announcementSvg(r, id, fin, { widthPx: 343 });
  assert.match(narrow, /^<svg [^>]*width="343"/);
  assert.equal(t.announcementSvg(id, fin, { widthPx: 343 }), narrow);
  assert.equal(announcementSvg(r, id, fin, {}), svg);
  assert.equal(announcementSvg(r, id, fin, null), svg);
  assert.match(svg, /^<svg [^>]*width="900"/);
  const height = (s) => Number(/height="(\d+)"/.exec(s)[1]);
  assert.ok(height(narrow) > height(svg), 'a narrower page is taller');
  for (const bad of [{ widthPx: 239 }, { widthPx: 4001 }, { widthPx: 360.5 }, { widthPx: '360' }, { width: 360 }, 360]) {
    assert.match(throwsCode(() => announcementSvg(r, id, fin, bad), 'OPTIONS_INVALID').message, /widthPx|options/);
    throwsCode(() => t.announcementSvg(id, fin, bad), 'OPTIONS_INVALID');
  }
});

test('free() on every exported class; a freed object refuses further use', () => {
  const inp = w1();
  const roster = new Roster(inp.snapshot);
  const log = roster.ballots(inp.ballots);
  const t = roster.tally(log);
  assert.ok(roster instanceof Roster && log instanceof BallotLog && t instanceof Tally);
  assert.equal(log.length, 2);
  t.free(); log.free(); roster.free();
  assert.throws(() => roster.hash);
  assert.throws(() => t.json());
  stillWorks();
});

test('checkBallot refuses at intake every ballot that would make the whole log uncountable (the log is append-only)', () => {
  const yesNo = w1();
  const elect = input('election_tie');
  const ok = (inp, b) => assert.equal(checkBallot(inp.snapshot, 0, b), undefined);
  ok(yesNo, yesNo.ballots[0]);
  ok(elect, elect.ballots[0]);
  const cases = [
    [yesNo, (b) => { delete b.choice; }, 'TALLY_INVALID_BALLOT'],
    [yesNo, (b) => { b.candidates = { x: 'yes' }; }, 'TALLY_INVALID_BALLOT'],
    [yesNo, (b) => { b.received_at = 'x'; }, 'TALLY_INVALID_TIME'],
    [elect, (b) => { delete b.candidates; b.choice = 'yes'; }, 'TALLY_INVALID_BALLOT'],
    [elect, (b) => { b.candidates = { ghost: 'yes' }; }, 'TALLY_UNKNOWN_CANDIDATE'],
  ];
  for (const [inp, change, code] of cases) {
    const b = clone(inp.ballots[0]);
    change(b);
    const e = throwsCode(() => checkBallot(inp.snapshot, 7, b), code);
    assert.match(e.message, /#7/, e.message);
    // the count gives the same ballot in a log the same error: it would have made the log uncountable
    const ballots = clone(inp.ballots); ballots[0] = b;
    throwsCode(() => new Roster(inp.snapshot).ballots(ballots), code);
  }
  for (const position of ['a', -1, 1.5, NaN]) {
    assert.match(throwsCode(() => checkBallot(yesNo.snapshot, position, yesNo.ballots[0]), 'OPTIONS_INVALID').message,
      /position must be an integer ≥ 0/);
  }
});

test('the 公示: a preliminary status needs a real objection date; bidirectional controls in names cannot mirror a line', () => {
  const inp = input('election_tie');
  inp.snapshot.matters[0].election.candidates[0].name = '\u202eevil\u2066x\u2069';
  const t = new Roster(inp.snapshot).tally(new Roster(inp.snapshot).ballots(inp.ballots));
  for (const bad of ['soon', '<b>', '2024-13-01', '']) {
    const e = throwsCode(() => t.announcementSvg('E', { status: 'preliminary', objection_period_ends: bad }), 'TALLY_INVALID_TIME');
    assert.match(e.message, /objection_period_ends/);
  }
  const svg = t.announcementSvg('E', { status: 'preliminary', objection_period_ends: '2024-07-15' });
  assert.ok(svg.includes('异议期至 2024-07-15'));
  assert.ok(!/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/.test(svg), 'a bidi control reached the SVG');
  assert.ok(svg.includes('候选人 evilx 同意'), 'the name, without its controls, then its figures');
  t.free();
});

test('reading a log whose stored hash is malformed: TALLY_INVALID_HASH with fault INVALID_HASH and the entry, as verifyChain', () => {
  const inp = input('election_tie');
  const entries = buildLog(inp.snapshot, inp.ballots);
  entries[2].hash = entries[2].hash.toUpperCase();
  const roster = new Roster(inp.snapshot);
  for (const read of [() => roster.log(entries), () => roster.logJson(JSON.stringify(entries))]) {
    const e = throwsCode(read, 'TALLY_INVALID_HASH');
    assert.deepEqual([e.fault, e.index], ['INVALID_HASH', 2]);
  }
  const v = throwsCode(() => verifyChain(inp.snapshot, entries, entries.at(-1).hash.toLowerCase()), 'TALLY_CHAIN_BROKEN');
  assert.deepEqual([v.fault, v.index], ['INVALID_HASH', 2]);
  roster.free();
});

test('JSON text where an object belongs says which call takes text; a syntax error of an object says it was read through JSON.stringify', () => {
  const text = JSON.stringify(w1().snapshot);
  const e = throwsCode(() => new Roster(text), 'TALLY_INVALID_JSON');
  assert.match(e.message, /^snapshot: a string was given where an object is expected; .*Roster\.fromJson/);
  assert.ok(e.message.length < 300, 'the text is not echoed');
  const s = w1().snapshot;
  s.units[0].owner = '\ud800lone';
  const e2 = throwsCode(() => new Roster(s), 'TALLY_INVALID_JSON');
  assert.match(e2.message, /read as the object's JSON\.stringify text/);
});
