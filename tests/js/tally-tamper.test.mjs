// Tamper evidence end to end through the JS API (issue #6, item 6): a ballot log edited
// anywhere — any entry, any field kind — fails verification at exactly that entry, through
// verifyChain(snapshot, log, head), roster.log(entries).verify(head) and
// roster.logJson(text).verify(head). Edits that change nothing the hash covers (key order)
// do not. The same edits natively: tests/tally_audit.rs (every_field_of_every_entry…).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { init, buildLog, verifyChain, Roster } from 'jinlin/tally';

await init();
const input = (name) =>
  JSON.parse(readFileSync(new URL(`../fixtures/tally/${name}/input.json`, import.meta.url), 'utf8'));

const flip = (c) => (c === 'yes' ? 'no' : 'yes');
const laterBy1s = (t) => t.replace(/:(\d\d)([+-Z])/, (_, s, z) => `:${String((+s + 1) % 60).padStart(2, '0')}${z}`);
/** Every kind of edit of one entry: [name, edit(entry, snapshot) → false when not applicable]. */
const edits = [
  ['matter: another matter of the agenda', (e, s) => {
    const other = s.matters.map((m) => m.id).find((id) => id !== e.ballot.matter);
    if (!other) return false;
    e.ballot.matter = other;
  }],
  ['matter: a matter not on the agenda', (e) => { e.ballot.matter = `${e.ballot.matter}x`; }],
  ['owner: another owner of the roster', (e, s) => {
    e.ballot.owner = s.units.map((u) => u.owner).find((o) => o !== e.ballot.owner);
  }],
  ['owner: one letter changed to its full-width form', (e) => {
    e.ballot.owner = e.ballot.owner.replace(/[a-z]/, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  }],
  ['cast_by', (e) => { e.ballot.cast_by = `${e.ballot.cast_by}-2`; }],
  ['capacity', (e) => { e.ballot.capacity = e.ballot.capacity === 'owner' ? 'proxy' : 'owner'; }],
  ['proxy_document: changed, added or removed', (e) => {
    if (e.ballot.proxy_document == null) e.ballot.proxy_document = 'WT-999';
    else if (e.ballot.proxy_document.endsWith('1')) delete e.ballot.proxy_document;
    else e.ballot.proxy_document += '9';
  }],
  ['received_at: one second later', (e) => { e.ballot.received_at = laterBy1s(e.ballot.received_at); }],
  ['received_at: the same instant written in UTC', (e) => {
    const t = new Date(e.ballot.received_at).toISOString().replace('.000Z', 'Z');
    if (t === e.ballot.received_at) return false;
    e.ballot.received_at = t;
  }],
  ['choice: flipped, added or removed', (e) => {
    if (e.ballot.choice == null) e.ballot.choice = 'invalid';
    else if (e.ballot.candidates) delete e.ballot.choice;
    else e.ballot.choice = flip(e.ballot.choice);
  }],
  ['candidates: one choice flipped', (e) => {
    if (!e.ballot.candidates) return false;
    const k = Object.keys(e.ballot.candidates).sort().at(-1);
    e.ballot.candidates[k] = flip(e.ballot.candidates[k]);
  }],
  ['candidates: one candidate left out', (e) => {
    if (!e.ballot.candidates) return false;
    delete e.ballot.candidates[Object.keys(e.ballot.candidates)[0]];
  }],
  ['candidates: added to an ordinary ballot', (e) => {
    if (e.ballot.candidates) return false;
    e.ballot.candidates = {};
  }],
  ['hash: one hex digit changed', (e) => {
    e.hash = e.hash.slice(0, 10) + (e.hash[10] === '0' ? '1' : '0') + e.hash.slice(11);
  }],
];

/** Fixtures covering proxies (proxy_document), elections (candidates) and two matters. */
const fixtures = ['proxy_limit', 'election_tie', 'kinds', 'co_owner'];

function codeOf(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return null;
}

for (const name of fixtures) {
  test(`${name}: every field kind of every entry, edited, fails at that entry (verifyChain, Roster.log, Roster.logJson)`, () => {
    const { snapshot, ballots } = input(name);
    const log = buildLog(snapshot, ballots);
    const head = log.at(-1).hash;
    assert.equal(verifyChain(snapshot, log, head), undefined);
    const roster = new Roster(snapshot);
    let checked = 0;
    const kinds = new Set();
    for (let i = 0; i < log.length; i++) {
      for (const [what, edit] of edits) {
        const t = structuredClone(log);
        if (edit(t[i], snapshot) === false) continue;
        assert.notDeepEqual(t, log, `${what} at ${i} changed nothing`);
        kinds.add(what);
        const at = `${name}: ${what} at entry ${i}`;
        const e = codeOf(() => verifyChain(snapshot, t, head));
        assert.ok(e, `${at}: verifyChain accepted the edited log`);
        assert.equal(e.code, 'TALLY_CHAIN_BROKEN', `${at}: ${e.message}`);
        assert.equal(e.index, i, `${at}: verifyChain blamed entry ${e.index}`);
        // Through a prepared log: either the edited ballot is refused at intake, naming it, or
        // the log verifies broken at that entry.
        for (const [path, prepare] of [['log', () => roster.log(t)], ['logJson', () => roster.logJson(JSON.stringify(t))]]) {
          let prepared;
          const intake = codeOf(() => { prepared = prepare(); });
          if (intake) {
            assert.match(intake.message, new RegExp(`#${i}\\b`), `${at}: roster.${path} refused another entry: ${intake.message}`);
            continue;
          }
          const v = codeOf(() => prepared.verify(head));
          prepared.free();
          assert.ok(v, `${at}: roster.${path}(…).verify accepted the edited log`);
          assert.equal(v.code, 'TALLY_CHAIN_BROKEN', `${at}: ${v.message}`);
          assert.equal(v.index, i, `${at}: roster.${path}(…).verify blamed entry ${v.index}`);
        }
        checked++;
      }
    }
    roster.free();
    assert.ok(checked >= 6 * log.length, `${name}: only ${checked} edits applied`);
    assert.ok(kinds.size >= 9, `${name}: only ${kinds.size} field kinds: ${[...kinds]}`);
  });
}

test('every field kind is exercised by some fixture', () => {
  const used = new Set();
  for (const name of fixtures) {
    const { snapshot, ballots } = input(name);
    const log = buildLog(snapshot, ballots);
    for (const e of log) for (const [what, edit] of edits) if (edit(structuredClone(e), snapshot) !== false) used.add(what);
  }
  assert.deepEqual([...used].sort(), edits.map(([w]) => w).sort());
});

test('reordering the keys of an entry is not an edit: the chain still verifies', () => {
  const { snapshot, ballots } = input('election_tie');
  const log = buildLog(snapshot, ballots);
  const head = log.at(-1).hash;
  const reordered = log.map(({ ballot, hash }) => ({
    hash,
    ballot: Object.fromEntries(Object.entries(ballot).reverse().map(([k, v]) =>
      [k, k === 'candidates' && v ? Object.fromEntries(Object.entries(v).reverse()) : v])),
  }));
  assert.equal(verifyChain(snapshot, reordered, head), undefined);
  const roster = new Roster(snapshot);
  const prepared = roster.logJson(JSON.stringify(reordered));
  assert.equal(prepared.verify(head), undefined);
  prepared.free(); roster.free();
});

test('a truncated or extended log (hashes recomputed) fails at its head: index = its length', () => {
  const { snapshot, ballots } = input('proxy_limit');
  const log = buildLog(snapshot, ballots);
  const head = log.at(-1).hash;
  for (let n = 0; n < log.length; n++) {
    assert.equal(codeOf(() => verifyChain(snapshot, log.slice(0, n), head)).index, n);
  }
  const longer = buildLog(snapshot, [...ballots, ballots[0]]);
  assert.equal(codeOf(() => verifyChain(snapshot, longer, head)).index, longer.length);
});
