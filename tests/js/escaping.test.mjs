// Escaping (issue 6, item 3) through the built package: cell names and matter titles, candidate
// names and the objection period holding markup are written into the SVG of the map
// (GridMapView.toSvg) and of the announcement (announcementSvg) as text, never as markup.
// Each SVG is checked structurally: only the elements the writer emits, every <text> closed
// once, and every hostile string found back, literally, as the text of a <text> element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { init, GridMap, GridMapView } from 'jinlin';
import { init as initTally, tally, announcementSvg, Roster } from 'jinlin/tally';

await init();
await initTally();

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '</text><text>x',
  "A & 'B'",
];

/** Element names in `svg`, in order ('/x' for a closing tag). */
const elements = (svg) => [...svg.matchAll(/<(\/?[a-zA-Z][\w-]*)/g)].map((m) => m[1]);
/** The text content of every <text> element (its <tspan>s joined: the announcement wraps long
 * lines into them), unescaped as an XML parser would. */
const unxml = (t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'")
  .replace(/&amp;/g, '&');
const texts = (svg) => [...svg.matchAll(/<text[^>]*>((?:[^<]|<\/?tspan[^>]*>)*)<\/text>/g)].map((m) => unxml(m[1]
  .replace(/<\/?tspan[^>]*>/g, '')));

function assertOnly(svg, allowed) {
  for (const e of elements(svg)) assert.ok(allowed.includes(e.replace('/', '')), `unexpected <${e}>`);
  assert.equal(svg.match(/<text[ >]/g)?.length, svg.match(/<\/text>/g)?.length, 'every <text> closed once');
  // No bare & (every & starts an entity) and no attribute broken open by a quote.
  assert.ok(!/&(?!amp;|lt;|gt;|quot;|apos;|#\d+;)/.test(svg), 'a bare & in the SVG');
  for (const h of HOSTILE) assert.ok(!svg.includes(h), `raw ${JSON.stringify(h)} in the SVG`);
}

// Node has no canvas: a stand-in that passes the adapter's `instanceof` check (toSvg does not
// draw on it).
globalThis.CanvasRenderingContext2D ??= class CanvasRenderingContext2D {};
const fakeCanvas = () => {
  const ctx = new globalThis.CanvasRenderingContext2D();
  return { width: 0, height: 0, clientWidth: 0, clientHeight: 0, getContext: () => ctx };
};
const rect = (w, s, e, n) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];

test('GridMapView.toSvg writes hostile cell names as label text, never as markup', () => {
  // Four wide cells in a row, one per hostile name, so that every label fits and is drawn.
  const features = HOSTILE.map((name, i) => ({
    type: 'Feature',
    properties: { id: `G${i}`, name, level: 'grid', worker: name },
    geometry: { type: 'Polygon', coordinates: rect(118 + i * 0.04, 24.4, 118.04 + i * 0.04, 24.44) },
  }));
  const geojson = { type: 'FeatureCollection', features };
  const grid = GridMap.fromGeoJSON(geojson, { datum: 'wgs84' });
  // The model passes names and workers through unchanged: escaping is the writer's job.
  assert.deepEqual(grid.cells().map((c) => [c.name, c.worker]), HOSTILE.map((h) => [h, h]));
  const view = GridMapView.fromGeoJSON(fakeCanvas(), geojson, {
    datum: 'wgs84', widthCss: 1600, heightCss: 400, devicePixelRatio: 1, show: 'grid',
  });
  view.setValues(Float64Array.of(1, 2, 3, 4));
  view.setSelected(1);
  view.setHover(2);
  const svg = view.toSvg();
  assertOnly(svg, ['svg', 'rect', 'path', 'title', 'text', 'circle']);
  assert.deepEqual(texts(svg).sort(), [...HOSTILE].sort(), 'each name is one label, literally');
  // each cell's path has its name as its <title> (a tooltip; what a screen reader says)
  const titles = [...svg.matchAll(/<path class="cell"[^>]*><title>([^<]*)<\/title><\/path>/g)].map((m) => unxml(m[1]));
  assert.deepEqual(titles.sort(), [...HOSTILE].sort(), 'each cell titled with its name, literally');
  assert.equal(view.pick(...view.project(...view.labelPoint(1))), 1, 'the view still answers');
  view.free(); grid.free();
});

test('announcementSvg writes hostile titles and candidate names as text, and refuses a hostile date', () => {
  const inp = JSON.parse(readFileSync(new URL('../fixtures/tally/election_tie/input.json', import.meta.url), 'utf8'));
  const m = inp.snapshot.matters[0];
  m.title = HOSTILE.join(' ');
  m.election.candidates.forEach((c, k) => { c.name = HOSTILE[k % HOSTILE.length]; });
  const r = tally(inp);
  // the objection date is a date or an RFC 3339 instant: markup there is refused, not printed
  for (const h of HOSTILE) {
    assert.throws(() => announcementSvg(r, m.id, { status: 'preliminary', objection_period_ends: h }),
      (e) => e.code === 'TALLY_INVALID_TIME');
  }
  const status = { status: 'preliminary', objection_period_ends: '2024-07-15T18:00:00+08:00' };
  const svg = announcementSvg(r, m.id, status);
  assertOnly(svg, ['svg', 'rect', 'text', 'tspan']);
  const t = texts(svg);
  assert.equal(t[0], `业主大会表决结果公示 — ${HOSTILE.join(' ')}`);
  assert.ok(t[1].startsWith('初步结果公示（异议期至 2024-07-15T18:00:00+08:00）'), t[1]);
  for (const c of m.election.candidates) {
    assert.ok(t.some((line) => line.startsWith(`候选人 ${c.name} 同意`)), `candidate ${c.name}`);
  }
  // The same SVG from the prepared path (Tally.announcementSvg).
  const roster = new Roster(inp.snapshot);
  const log = roster.ballots(inp.ballots);
  log.computeHashes();
  const t2 = roster.tally(log);
  assert.equal(t2.announcementSvg(m.id, status), svg);
  t2.free(); log.free(); roster.free();
});
