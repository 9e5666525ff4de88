// Benchmark: tally a synthetic assembly of 20k units, 10 matters (one special by item 6–8
// several times over, one committee election) and 100k ballots (revotes, late ballots,
// proxies, co-owners, owners not in the roster), in one page: jinlin (wasm) against the
// straightforward JS reference of the same rules (bench/tally.ref.mjs). Both must agree on
// every outcome and figure. Results go to window.__results (read by bench/run.mjs).
import { init, Roster, tallyJson } from 'jinlin/tally';
import { generate } from '../www/assembly.gen.mjs';
import { referenceTally, fromJinlin, stable } from './tally.ref.mjs';

const params = new URLSearchParams(location.search);
const RUNS = Number(params.get('runs') ?? 15);
const UNITS = Number(params.get('units') ?? 20000);
const BALLOTS = Number(params.get('ballots') ?? 100000);
const SEED = Number(params.get('seed') ?? 7);
const out = document.getElementById('out');
const log = (s) => { out.textContent += s + '\n'; };

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
function time(fn, runs) {
  const ts = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn(result);
    ts.push(performance.now() - t0);
  }
  return { median: median(ts), min: Math.min(...ts), result };
}

try {
  await init();
  const { snapshot, ballots } = generate({ seed: SEED, units: UNITS, buildings: 60, ballots: BALLOTS });
  const snapshotText = JSON.stringify(snapshot);
  const ballotsText = JSON.stringify(ballots);
  log(`${snapshot.units.length} units, ${snapshot.matters.length} matters, ${ballots.length} ballots`);

  // jinlin, the prepared way: roster once, log once, then the count (repeatable).
  const rosterT = time((prev) => { prev?.free(); return Roster.fromJson(snapshotText); }, 5);
  const roster = rosterT.result;
  const prepT = time((prev) => { prev?.free(); return roster.ballotsJson(ballotsText); }, 5);
  const ballotLog = prepT.result;
  const countT = time((prev) => { prev?.t.free(); const t = roster.tally(ballotLog); return { t, s: t.summary() }; }, RUNS);
  const summary = countT.result.s;
  const hashT = time(() => ballotLog.computeHashes(), 3);
  // The one-call API (roster, log and hash chain every time), as before the split.
  const oneCallT = time(() => tallyJson(JSON.stringify({ snapshot, ballots })), 3);

  // The JS reference, straight from the objects; and JSON.parse of the same texts jinlin
  // prepares from, for a like-for-like end-to-end figure.
  const refT = time(() => referenceTally(snapshot, ballots), RUNS);
  const parseT = time(() => [JSON.parse(snapshotText), JSON.parse(ballotsText)], 5);

  const a = stable(fromJinlin(summary)), b = stable(refT.result);
  const agree = a === b;
  if (!agree) {
    const ja = JSON.parse(a), jb = JSON.parse(b);
    ja.forEach((m, i) => { if (JSON.stringify(m) !== JSON.stringify(jb[i])) log(`DIFF ${m.matter_id}\n jinlin ${JSON.stringify(m)}\n ref    ${JSON.stringify(jb[i])}`); });
  }
  const outcomes = summary.matters.map((m) => `${m.matter_id}:${m.figures.outcome}`).join(' ');
  const results = {
    runs: RUNS, seed: SEED,
    units: snapshot.units.length, owners: roster.ownerCount, matters: snapshot.matters.length, ballots: ballots.length,
    rejected: summary.matters.reduce((n, m) => n + m.rejected_count, 0),
    outcomes,
    jinlinCountMs: countT.median, jinlinCountMinMs: countT.min,
    jinlinRosterMs: rosterT.median, jinlinPrepareMs: prepT.median, jinlinHashMs: hashT.median,
    jinlinOneCallMs: oneCallT.median,
    refMs: refT.median, refMinMs: refT.min,
    ratioCount: refT.median / countT.median,
    refParseMs: parseT.median,
    ratioEndToEnd: (parseT.median + refT.median) / (rosterT.median + prepT.median + countT.median),
    agree,
    wasmGzipBytes: null,
  };
  try {
    const buf = await (await fetch('../pkg/web/jinlin_bg.wasm')).arrayBuffer();
    const cs = new Blob([buf]).stream().pipeThrough(new CompressionStream('gzip'));
    results.wasmBytes = buf.byteLength;
    results.wasmGzipBytes = (await new Response(cs).arrayBuffer()).byteLength;
  } catch { /* size is optional */ }
  log(JSON.stringify(results, null, 2));
  if (!agree) throw new Error('jinlin and the JS reference disagree');
  window.__results = results;
} catch (e) {
  log(String(e.stack ?? e));
  window.__results = { error: String(e.message ?? e) };
}
