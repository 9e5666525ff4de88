// The bad-input corpus through the JS API (issue 6, item 2): every broken grid map of
// tests/fixtures/grid gives its documented error code (the same as natively) and message; bad
// positions, ballots, rosters and logs below give theirs. Nothing panics, and afterwards the
// same wasm instance — and the same GridMap, Roster and BallotLog objects, made before the bad
// call — still answer a good request with the right values. The checklist at the end names a
// case for every kind of bad input the issue lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { init, GridMap, convert } from 'jinlin';
import { init as initTally, tally, checkBallot, Roster, verifyChain } from 'jinlin/tally';

await init();
await initTally();
const dir = new URL('../fixtures/grid/', import.meta.url);
const cases = readdirSync(dir).filter((d) => existsSync(new URL(`${d}/expected.json`, dir)));

const good = {
  type: 'FeatureCollection',
  features: [{
    type: 'Feature',
    properties: { id: 'g', name: '网格', level: 'grid' },
    geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] },
  }],
};
// Made before any bad call, and asked again after each.
const grid = GridMap.fromGeoJSON(good, { datum: 'wgs84' });
function stillWorks() {
  const g = GridMap.fromGeoJSON(good, { datum: 'wgs84' });
  const r = g.assign(new Float64Array([0.5, 0.5, 2, 2]));
  assert.deepEqual([...r.cell], [0, -1]);
  g.free();
  const same = grid.assign(new Float64Array([0.25, 0.75, 0.5, 0.5, 1.5, 0.5]), { persons: Uint32Array.of(3, 4, 5) });
  assert.deepEqual([...same.cell], [0, 0, -1]);
  assert.deepEqual([...same.households], [2]);
  assert.deepEqual([...same.persons], [7]);
  assert.equal(grid.locate(0.5, 0.5, { datum: 'wgs84' }).cellId, 'g');
}

test('the corpus is not empty', () => assert.ok(cases.length >= 20, `${cases.length} cases`));

for (const name of cases) {
  test(`grid corpus: ${name}`, () => {
    const input = readFileSync(new URL(`${name}/input.geojson`, dir), 'utf8');
    const expected = JSON.parse(readFileSync(new URL(`${name}/expected.json`, dir), 'utf8'));
    if (expected.code) {
      assert.throws(() => GridMap.fromGeoJSON(input, { datum: 'gcj02' }), (e) => {
        assert.ok(e instanceof Error);
        assert.equal(e.code, expected.code);
        assert.ok(e.message.includes(expected.message), `message ${JSON.stringify(e.message)} lacks ${JSON.stringify(expected.message)}`);
        return true;
      });
    } else {
      GridMap.fromGeoJSON(input, { datum: 'gcj02' }).free();
    }
    stillWorks();
  });
}

const badPositions = [
  ['odd length', new Float64Array(5), 'GEOCODE_ODD_LENGTH'],
  ['a string', '0.5,0.5', 'GEOCODE_INVALID_POSITIONS'],
  ['a number', 42, 'GEOCODE_INVALID_POSITIONS'],
  ['null', null, 'GEOCODE_INVALID_POSITIONS'],
  ['an object', { lng: 1, lat: 2 }, 'GEOCODE_INVALID_POSITIONS'],
];
for (const [what, positions, code] of badPositions) {
  test(`assign rejects positions given as ${what} with ${code}`, () => {
    assert.throws(() => grid.assign(positions), { code });
    stillWorks();
  });
}

test('positions and persons of the wrong type are coded errors, not coerced or thrown as TypeErrors', () => {
  const fails = (fn, code, re) => assert.throws(fn, (e) => e.code === code && re.test(e.message), String(re));
  fails(() => grid.assign(['0.5', '0.5']), 'GEOCODE_INVALID_POSITIONS', /positions\[0\] is not a number \(string\); numeric strings are not read as numbers/);
  fails(() => grid.assign(new BigInt64Array(2)), 'GEOCODE_INVALID_POSITIONS', /not a DataView or BigInt array/);
  fails(() => grid.assign({ length: 2, 0: 0.5, 1: 0.5 }), 'GEOCODE_INVALID_POSITIONS', /positions must be a Float64Array or an array of numbers/);
  fails(() => grid.assign([0.5, 0.5], { persons: new BigInt64Array(1) }), 'OPTIONS_INVALID', /persons must be an array or typed array of numbers, not a DataView or BigInt array/);
  fails(() => grid.assign([0.5, 0.5], { persons: [2 ** 32] }), 'OPTIONS_INVALID', /persons\[0\] = 4294967296 is not an integer in 0 \.\.= 4294967295/);
  fails(() => grid.assign([0.5, 0.5], { persons: ['3'] }), 'OPTIONS_INVALID', /persons\[0\] is not a number \(string\)/);
  // numbers as JavaScript writes them: Infinity (not inf), 1e300 in exponent form (not 301 digits)
  fails(() => grid.assign([0.5, 0.5], { persons: [Infinity] }), 'OPTIONS_INVALID', /persons\[0\] = Infinity is not an integer/);
  fails(() => grid.assign([0.5, 0.5], { persons: [1e300] }), 'OPTIONS_INVALID', /persons\[0\] = 1e300 is not an integer/);
  fails(() => convert(['118', '24'], 'wgs84', 'gcj02'), 'GEOCODE_INVALID_POSITIONS', /positions\[0\] is not a number/);
  fails(() => grid.locate('0.5', 0.5), 'OPTIONS_INVALID', /locate\(lng, lat\): lng must be a number, got string/);
  fails(() => grid.locate(0.5, null), 'OPTIONS_INVALID', /lat must be a number, got null/);
  // typed arrays of numbers other than Float64Array still read
  assert.deepEqual([...grid.assign(Float32Array.of(0.5, 0.5), { persons: [2] }).persons], [2]);
  stillWorks();
});

test('non-finite and out-of-range positions are counted as invalid, never dropped', () => {
  const r = grid.assign([NaN, 0.5, Infinity, 0.5, 0.5, -Infinity, 181, 0.5, 0.5, 91, 0.5, 0.5]);
  assert.deepEqual([...r.cell], [-1, -1, -1, -1, -1, 0]);
  assert.deepEqual(r.summary, { positions: 6, assigned: 1, outside: 0, invalid: 5, boundaryTies: 0 });
});

test('bad options are errors with a code', () => {
  assert.throws(() => GridMap.fromGeoJSON(good, { datum: 'mars' }), { code: 'OPTIONS_INVALID' });
  assert.throws(() => GridMap.fromGeoJSON(good, { datum: 'wgs84', colour: 'red' }), { code: 'OPTIONS_INVALID' });
  assert.throws(() => GridMap.fromGeoJSON(42), { code: 'GEOJSON_INVALID_JSON' });
  assert.throws(() => grid.assign(new Float64Array(2), 'wgs84'), { code: 'OPTIONS_INVALID' });
  assert.throws(() => grid.assign(new Float64Array(2), { persons: 'many' }), { code: 'OPTIONS_INVALID' });
  assert.throws(() => grid.assign(new Float64Array(2), { persons: [1.5] }), { code: 'OPTIONS_INVALID' });
  stillWorks();
});

test('a huge empty-handed input does not break the instance', () => {
  const big = new Float64Array(2_000_000).fill(NaN);
  const r = grid.assign(big);
  assert.equal(r.summary.invalid, 1_000_000);
  stillWorks();
});

test('NaN and Infinity coordinates in a GeoJSON object (JSON.stringify writes null) are GEOJSON_INVALID_COORDINATE', () => {
  for (const bad of [NaN, Infinity, -Infinity]) {
    const fc = structuredClone(good);
    fc.features[0].geometry.coordinates[0][2] = [bad, 1];
    assert.throws(() => GridMap.fromGeoJSON(fc, { datum: 'wgs84' }), (e) => {
      assert.equal(e.code, 'GEOJSON_INVALID_COORDINATE');
      assert.match(e.message, /position 2 of ring 0 of polygon 0/);
      return true;
    });
    stillWorks();
  }
});

test('odd-length coordinate arrays: assign and convert', () => {
  for (const n of [1, 3, 9]) {
    assert.throws(() => grid.assign(new Float64Array(n)), { code: 'GEOCODE_ODD_LENGTH' });
    assert.throws(() => convert(new Float64Array(n), 'wgs84', 'gcj02'), { code: 'CRS_ODD_LENGTH' });
    stillWorks();
  }
});

// ---- The tally: bad rosters, ballots and logs -------------------------------------------------
const w1 = () => JSON.parse(readFileSync(new URL('../fixtures/tally/w1/input.json', import.meta.url), 'utf8'));
// Made before any bad call: a roster of W1 and its log (hashes computed).
const roster = new Roster(w1().snapshot);
const log = roster.ballots(w1().ballots);
const head = log.computeHashes();
/** W1 counted by the long-lived objects: 2 of 3 owners vote yes → PASSED. */
function tallyStillWorks() {
  const f = roster.tally(log).result().matters[0].figures;
  assert.equal(f.outcome, 'PASSED');
  assert.equal(f.yes.heads, 2);
  assert.equal(f.participating.heads_share.numerator, '2');
  assert.equal(f.participating.heads_share.denominator, '3');
  assert.equal(f.participating.area, '200.0000');
  assert.equal(log.verify(head), undefined);
  // A new log on the same roster too.
  const again = roster.ballots(w1().ballots);
  assert.equal(roster.tally(again).summary().matters[0].figures.outcome, 'PASSED');
  again.free();
  stillWorks();
}
function throwsCode(fn, code) {
  let err;
  assert.throws(fn, (e) => { err = e; return e instanceof Error && e.code === code; }, `expected ${code}`);
  assert.ok(err.message.length > 0);
  return err;
}

// Errors of the roster (snapshot): `new Roster` throws; the one-call tally too.
const badSnapshots = [
  ['malformed decimal: 5 decimals', 'TALLY_INVALID_DECIMAL', (i) => { i.snapshot.units[1].area = '100.00001'; }],
  ['malformed decimal: exponent', 'TALLY_INVALID_DECIMAL', (i) => { i.snapshot.units[1].area = '1e3'; }],
  ['malformed decimal: comma', 'TALLY_INVALID_DECIMAL', (i) => { i.snapshot.units[1].area = '1,5'; }],
  ['malformed decimal: full-width digits', 'TALLY_INVALID_DECIMAL', (i) => { i.snapshot.units[1].area = '１００'; }],
  ['malformed decimal: Infinity', 'TALLY_INVALID_DECIMAL', (i) => { i.snapshot.units[1].area = 'Infinity'; }],
  ['malformed decimal: a number, not a string', 'TALLY_INVALID_JSON', (i) => { i.snapshot.units[1].area = 100; }],
  ['duplicate unit id', 'TALLY_DUPLICATE_UNIT', (i) => { i.snapshot.units[2].id = i.snapshot.units[0].id; }],
  ['missing unit id', 'TALLY_INVALID_JSON', (i) => { delete i.snapshot.units[2].id; }],
  ['duplicate matter id', 'TALLY_DUPLICATE_MATTER', (i) => { i.snapshot.matters.push(structuredClone(i.snapshot.matters[0])); }],
  ['unknown owner as a candidate', 'TALLY_UNKNOWN_OWNER', (i) => {
    Object.assign(i.snapshot.matters[0], { item: { article278: 3 }, election: { seats: 1, candidates: [{ key: 'nobody', name: '某' }] } });
  }],
  ['malformed deadline', 'TALLY_INVALID_TIME', (i) => { i.snapshot.matters[0].deadline = '2024-02-30'; }],
];
for (const [what, code, edit] of badSnapshots) {
  test(`bad roster: ${what} → ${code}; the same Roster and BallotLog still count W1`, () => {
    const inp = w1();
    edit(inp);
    throwsCode(() => new Roster(inp.snapshot), code);
    throwsCode(() => Roster.fromJson(JSON.stringify(inp.snapshot)), code);
    throwsCode(() => tally(inp), code);
    tallyStillWorks();
  });
}

// Errors of the ballots: `roster.ballots` (on the long-lived roster) throws, naming the ballot.
const badBallots = [
  ['unknown matter', 'TALLY_UNKNOWN_MATTER', (b) => { b[1].matter = 'M9'; }, /#1/],
  ['malformed receipt time', 'TALLY_INVALID_TIME', (b) => { b[0].received_at = '2024-06-20 10:00'; }, /#0/],
  ['receipt time out of range', 'TALLY_INVALID_TIME', (b) => { b[0].received_at = '2024-13-01T00:00:00+08:00'; }, /#0/],
  ['unknown choice', 'TALLY_INVALID_JSON', (b) => { b[0].choice = 'maybe'; }, /maybe/],
  ['unknown field', 'TALLY_INVALID_JSON', (b) => { b[0].weight = 1000; }, /weight/],
];
for (const [what, code, edit, names] of badBallots) {
  test(`bad ballot: ${what} → ${code}; the same Roster and BallotLog still count W1`, () => {
    const ballots = w1().ballots;
    edit(ballots);
    assert.match(throwsCode(() => roster.ballots(ballots), code).message, names);
    throwsCode(() => roster.ballotsJson(JSON.stringify(ballots)), code);
    throwsCode(() => tally({ snapshot: w1().snapshot, ballots }), code);
    tallyStillWorks();
  });
}

test('invalid JSON text for the roster and the ballots → TALLY_INVALID_JSON; the same objects still count', () => {
  for (const text of ['{"units": [', 'NaN', '', '{"units": [], "matters": [], "assembly": 1}']) {
    throwsCode(() => Roster.fromJson(text), 'TALLY_INVALID_JSON');
  }
  for (const text of ['[{"matter": "M1",', 'null', '[1]', '{}']) {
    throwsCode(() => roster.ballotsJson(text), 'TALLY_INVALID_JSON');
  }
  tallyStillWorks();
});

// Ballots that are counted as rejected, each with its documented reason code; none vanishes.
test('duplicate ballots: the second is rejected DUPLICATE (first_final), the outcome stands', () => {
  const ballots = w1().ballots;
  const dup = structuredClone(ballots[0]);
  dup.received_at = '2024-06-21T09:00:00+08:00';
  dup.choice = 'no';
  ballots.push(dup, structuredClone(ballots[1]));
  const log2 = roster.ballots(ballots);
  const m = roster.tally(log2).result().matters[0];
  assert.equal(m.rejected_by_reason.DUPLICATE, 2);
  assert.deepEqual(m.rejected.map((r) => r.reason), ['DUPLICATE', 'DUPLICATE']);
  assert.equal(m.counted_ballots, 2);
  assert.equal(m.figures.yes.heads, 2);
  assert.equal(m.figures.no.heads, 0);
  assert.equal(m.figures.outcome, 'PASSED');
  log2.free();
  tallyStillWorks();
});

test('ballots after the deadline: LATE from 2024-07-01T00:00:00+08:00, not counted', () => {
  const ballots = w1().ballots;
  ballots[1].received_at = '2024-07-01T00:00:00+08:00'; // the close of a 2024-06-30 deadline
  ballots.push({ ...structuredClone(ballots[0]), owner: 'o3', cast_by: 'o3', received_at: '2024-06-30T23:59:59+08:00' });
  const log2 = roster.ballots(ballots);
  const m = roster.tally(log2).result().matters[0];
  assert.equal(m.rejected_by_reason.LATE, 1);
  assert.equal(m.rejected[0].reason, 'LATE');
  assert.equal(m.rejected[0].received_at, '2024-07-01T00:00:00+08:00');
  assert.equal(m.figures.yes.heads, 2, 'o1 and o3 (one second before the close)');
  assert.equal(m.figures.outcome, 'PASSED');
  log2.free();
  tallyStillWorks();
});

test('unknown owners: rejected UNKNOWN_OWNER in the count, TALLY_UNKNOWN_OWNER at intake', () => {
  const ballots = w1().ballots;
  ballots[1].owner = 'ghost'; ballots[1].cast_by = 'ghost';
  const log2 = roster.ballots(ballots);
  const m = roster.tally(log2).result().matters[0];
  assert.equal(m.rejected_by_reason.UNKNOWN_OWNER, 1);
  assert.equal(m.figures.outcome, 'NO_QUORUM', '1 of 3 owners participate');
  throwsCode(() => checkBallot(w1().snapshot, 1, ballots[1]), 'TALLY_UNKNOWN_OWNER');
  log2.free();
  tallyStillWorks();
});

test('a broken chain: the same BallotLog refuses a wrong head, then verifies the right one', () => {
  // another head: the head's fault at the log's length, not "broken at entry #2" (no entry 2)
  const other = throwsCode(() => log.verify('0'.repeat(64)), 'TALLY_CHAIN_BROKEN');
  assert.equal(other.index, 2);
  assert.equal(other.fault, 'HEAD_MISMATCH');
  // in words, not the Rust variant's name
  assert.equal(other.message, "ballot log of 2 entries: the chain's head is not the expected head (entries missing or added at the end, or another head; for a log without stored hashes, any ballot changed, added, removed or reordered)");
  // a malformed head (mistyped, truncated): said so, no entry named (the demo's 6000-ballot
  // log said "broken at entry 6000")
  for (const bad of ['not hex', '', head.slice(0, 63), `${head}0`]) {
    for (const verify of [() => log.verify(bad), () => verifyChain(w1().snapshot, log.entries(), bad)]) {
      const e = throwsCode(verify, 'TALLY_INVALID_HASH');
      assert.equal(e.index, undefined);
      assert.equal(e.fault, 'INVALID_HEAD');
      assert.equal(e.message, 'ballot log of 2 entries: the expected head is not a SHA-256 hash (64 hex digits): no entry is at fault, check the head');
    }
  }
  // a log without hashes: the same, in words
  const unhashed = roster.ballots(w1().ballots);
  assert.doesNotMatch(throwsCode(() => unhashed.verify(head.replace(/^./, (c) => (c === '0' ? '1' : '0'))), 'TALLY_CHAIN_BROKEN').message, /Mismatch/);
  unhashed.free();
  const entries = log.entries();
  entries[1] = { ...entries[1], hash: '0'.repeat(64) };
  const e = throwsCode(() => verifyChain(w1().snapshot, entries, head), 'TALLY_CHAIN_BROKEN');
  assert.equal(e.message, 'ballot log broken at entry #1: its stored hash does not match the ballot and the previous hash');
  assert.equal(e.fault, 'HASH_MISMATCH');
  // a malformed stored hash: that entry, and what is wrong with it
  entries[1] = { ...entries[1], hash: 'xyz' };
  const m = throwsCode(() => verifyChain(w1().snapshot, entries, head), 'TALLY_CHAIN_BROKEN');
  assert.deepEqual([m.index, m.fault, m.message], [1, 'INVALID_HASH', 'ballot log broken at entry #1: its stored hash is not a SHA-256 hash (64 lowercase hex digits)']);
  throwsCode(() => roster.log([{ ballot: w1().ballots[0], hash: 'xyz' }]), 'TALLY_INVALID_HASH');
  tallyStillWorks();
});

test('objects used after free(): OBJECT_FREED naming the class and member; a freed or wrong argument is coded too', () => {
  const g = GridMap.fromGeoJSON(good);
  g.free();
  g.free(); // a second free() is a no-op
  for (const [call, what] of [[() => g.cells(), /GridMap\.cells\(\): this GridMap was freed/], [() => g.length, /GridMap\.length: this GridMap was freed/],
    [() => g.assign([0.5, 0.5]), /GridMap\.assign\(\)/]]) {
    assert.throws(call, (e) => e instanceof Error && e.code === 'OBJECT_FREED' && what.test(e.message));
  }
  const r = new Roster(w1().snapshot);
  const l = r.ballots(w1().ballots);
  const t = r.tally(l);
  l.free();
  assert.throws(() => r.tally(l), (e) => e.code === 'OBJECT_FREED' && /Roster\.tally\(\): an argument was freed/.test(e.message));
  assert.throws(() => l.head, (e) => e.code === 'OBJECT_FREED' && /BallotLog\.head: this BallotLog was freed/.test(e.message));
  assert.equal(t.summary().matters[0].figures.outcome, 'PASSED', 'a Tally outlives its log');
  t.free();
  assert.throws(() => t.json(), { code: 'OBJECT_FREED' });
  r.free();
  assert.throws(() => r.hash, { code: 'OBJECT_FREED' });
  // not a BallotLog at all
  for (const bad of [undefined, null, {}, roster]) {
    assert.throws(() => roster.tally(bad), (e) => e.code === 'OPTIONS_INVALID' && /Roster\.tally\(\): an argument must be a BallotLog/.test(e.message));
  }
  tallyStillWorks();
});

// Every kind of bad input the issue lists, and where its cases are.
const gridCase = (name) => { assert.ok(cases.includes(name), `grid fixture ${name}`); return name; };
const tallyCase = (table, what) => { assert.ok(table.some(([w]) => w === what), `tally case ${what}`); return what; };
const CHECKLIST = {
  'invalid JSON': () => [gridCase('invalid_json'), gridCase('coordinate_nan_literal'), 'invalid JSON text for the roster and the ballots'],
  'wrong GeoJSON types': () => ['not_feature_collection', 'not_an_object', 'features_not_an_array', 'invalid_feature',
    'invalid_geometry_point', 'invalid_geometry_linestring', 'invalid_geometry_collection', 'invalid_geometry_coordinates_not_array'].map(gridCase),
  'rings with fewer than 4 positions': () => ['ring_too_short', 'ring_degenerate', 'ring_empty'].map(gridCase),
  'unclosed rings': () => ['ring_not_closed', 'hole_not_closed'].map(gridCase),
  'self-intersecting (bow-tie) polygons': () => ['self_intersection_bow_tie', 'self_intersection_bow_tie_hole', 'self_intersection_hole_crosses_exterior'].map(gridCase),
  'NaN/Infinity/out-of-range coordinates': () => ['coordinate_nan_literal', 'coordinate_infinity_literal', 'coordinate_overflow', 'coordinate_null',
    'coordinate_out_of_range', 'coordinate_lat_out_of_range', 'coordinate_not_a_number'].map(gridCase),
  'empty collections': () => ['empty', 'invalid_geometry_empty_multipolygon', 'invalid_geometry_empty_polygon', 'invalid_geometry_multipolygon_empty_part'].map(gridCase),
  'duplicate ids': () => [gridCase('duplicate_id'), gridCase('duplicate_id_integer_and_string'), tallyCase(badSnapshots, 'duplicate unit id'), tallyCase(badSnapshots, 'duplicate matter id')],
  'missing ids': () => [gridCase('missing_id'), gridCase('missing_id_empty_string'), tallyCase(badSnapshots, 'missing unit id')],
  'cycles in parent': () => ['parent_cycle', 'parent_cycle_grids', 'self_parent'].map(gridCase),
  'odd-length coordinate arrays': () => [gridCase('coordinate_one_number'), 'odd-length coordinate arrays: assign and convert'],
  'malformed decimals': () => badSnapshots.filter(([w]) => w.startsWith('malformed decimal')).map(([w]) => w),
  'duplicate ballots': () => ['duplicate ballots'],
  'ballots after the deadline': () => ['ballots after the deadline'],
  'unknown matters': () => [tallyCase(badBallots, 'unknown matter')],
  'unknown owners': () => ['unknown owners', tallyCase(badSnapshots, 'unknown owner as a candidate')],
};
test('the checklist of issue 6: every kind of bad input has cases', () => {
  for (const [kind, list] of Object.entries(CHECKLIST)) assert.ok(list().length >= 1, kind);
  assert.equal(Object.keys(CHECKLIST).length, 16);
});
