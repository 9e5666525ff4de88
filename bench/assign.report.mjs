// Formats the results of bench/assign.html as Markdown.
export function report({ results, runs }, browser) {
  const f = (x, d = 1) => (x == null ? '—' : Number(x).toFixed(d));
  const lines = [
    `## Assign the Siming sample (polygon geocoding)`,
    '',
    `Chromium ${browser}, headless, this machine (2 cores); median of ${runs} runs in one page; ` +
      `Turf timed on a subset and extrapolated linearly. Reproduce: \`node bench/run.mjs assign --record\`.`,
    '',
    '| sample | positions | leaf cells | vertices / leaf | jinlin assign (ms) | flatbush + pip-hao (ms) | Turf (ms, extrapolated) | ratio vs flatbush | ratio vs Turf | jinlin parse / index build (ms) | flatbush build (ms) | disagreements | wrong vs truth |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    lines.push(`| ${r.sample} | ${r.positions} | ${r.leafCells} | ${f(r.verticesPerLeaf)} | ${f(r.jinlinAssignMs)} | ${f(r.flatbushAssignMs)} | ${f(r.turfExtrapolatedMs, 0)} (${r.turfSubset} timed) | **${f(r.ratioVsFlatbush)}×** | **${f(r.ratioVsTurf, 0)}×** | ${f(r.jinlinParseMs)} / ${f(r.jinlinIndexMs)} | ${f(r.flatbushBuildMs)} | ${r.disagreements} | ${r.wrongVsTruth ?? '—'} |`);
  }
  lines.push('', 'Budget (DESIGN.md): ≥ 10× faster than the best plain JS on both samples.');
  return lines.join('\n');
}
