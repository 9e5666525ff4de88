// Formats the results of bench/tally.html as Markdown.
export function report(r, browser) {
  const f = (x, d = 1) => (x == null ? '—' : Number(x).toFixed(d));
  return [
    '## Tally 100k ballots over 20k units, 10 matters (owners’ assembly, Civil Code Art. 278)',
    '',
    `Chromium ${browser}, headless, this machine (2 cores, shared); seed ${r.seed}; median of ${r.runs} runs in one page ` +
      `(roster/log preparation: median of 5, hash chain and one-call API: median of 3). ` +
      'Reproduce: `node bench/run.mjs tally --record`.',
    '',
    `Input: ${r.units} units, ${r.owners} owners, ${r.matters} matters, ${r.ballots} ballots (${r.rejected} rejected with a reason). ` +
      `Outcomes: ${r.outcomes}. jinlin and the JS reference agree on every outcome, figure, count and rejection reason: **${r.agree ? 'yes' : 'NO'}**.`,
    '',
    '| step | jinlin (ms) | JS reference (ms) | ratio |',
    '|---|---|---|---|',
    `| **tally** (\`roster.tally(log)\` + \`summary()\`) | **${f(r.jinlinCountMs, 2)}** (min ${f(r.jinlinCountMinMs, 2)}) | ${f(r.refMs)} (min ${f(r.refMinMs)}) | **${f(r.ratioCount)}×** |`,
    `| prepare the roster once (\`Roster.fromJson\`, incl. roster hash) | ${f(r.jinlinRosterMs)} | — | |`,
    `| prepare the log once (\`roster.ballotsJson\`) | ${f(r.jinlinPrepareMs)} | — | |`,
    `| end to end from JSON text: jinlin roster + log + tally; reference \`JSON.parse\` (${f(r.refParseMs)} ms) + tally | ${f(r.jinlinRosterMs + r.jinlinPrepareMs + r.jinlinCountMs)} | ${f(r.refParseMs + r.refMs)} | ${f(r.ratioEndToEnd, 2)}× |`,
    `| hash chain of the log (\`log.computeHashes()\`, separate) | ${f(r.jinlinHashMs)} | — (the reference does not hash) | |`,
    `| one-call \`tallyJson(input)\` (roster, log, hash chain, canonical JSON) | ${f(r.jinlinOneCallMs)} | — | |`,
    '',
    `Web build \`.wasm\`: ${r.wasmBytes ?? '—'} bytes, ${r.wasmGzipBytes ?? '—'} gzip.`,
    '',
    'Budget (DESIGN.md): tally ≤ 30 ms and faster than the JS reference in the same page.',
  ].join('\n');
}
