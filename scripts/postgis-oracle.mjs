// The external oracle (issue #6, item 7): compares jinlin's assignment (the built npm package,
// Node.js build, so through wasm) with PostGIS's ST_Covers on the Siming sample.
//
// Run by scripts/postgis-oracle.sh, which starts a throwaway cluster on a unix socket:
//   node scripts/postgis-oracle.mjs --socket DIR --work DIR --sample www/data [--grids a,b]
// for both grid maps of the sample (grid.geojson, grid-dense.geojson) unless --grids says.
//
// Positions (all in GCJ-02, the datum of the sample's grid and households):
//   household  every household of households.f64 (~410k; each ≥ 3.5 m from every mesh edge);
//   vertex     every distinct vertex of every leaf cell (on shared vertices and edges of 2–3
//              cells, T-junctions, the outline);
//   midpoint   the midpoint of every leaf cell edge, rounded to f64 (exactly on the edge, or
//              a rounding step beside it);
//   lattice    a 300 × 300 lattice over the cells' bbox (in the sea, on the islands, inland).
// Cells: the leaf cells (no other feature names them as parent) of the grid map, loaded into
// PostGIS as WKB (bit-exact coordinates); positions as float8 (shortest round-trip decimal).
//
// The checks:
//   PostGIS covers it by 0 cells  → jinlin: −1;
//   by exactly 1 cell             → jinlin: that cell, or −1 only for a position on the outline
//                                   of the union whose east-then-north side is outside (see
//                                   the probe below);
//   by 2 or 3 (or more) cells     → jinlin: exactly one of them, or −1 likewise on the outline.
// The probe: jinlin's rule puts a boundary position p in the cell containing p + (ε, ε²). For
// every position PostGIS puts on a boundary (2–3 cells, or 1 cell where jinlin says −1), the
// probe point p + (1e-7°, 1e-14°) (≈ 1 cm east, a few ulps north) goes through ST_Covers too;
// jinlin's choice must be the probe's only cell, or −1 when the probe is in no cell.
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { GridMap } from 'jinlin';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const socket = args.socket;
const work = args.work;
const sample = args.sample ?? 'www/data';
const gridFiles = (args.grids ?? 'grid.geojson,grid-dense.geojson').split(',');
if (!socket || !work) throw new Error('usage: postgis-oracle.mjs --socket DIR --work DIR [--sample DIR] [--grids a,b]');

const t0 = performance.now();
const psql = (sql) =>
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', socket, '-p', '5432', '-U', 'postgres', '-d', 'postgres', '-f', '-'], {
    input: sql,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });

const households = (() => {
  const b = readFileSync(join(sample, 'households.f64'));
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
})();
const manifest = JSON.parse(readFileSync(join(sample, 'manifest.json'), 'utf8'));
// The grid and the households are in the same datum (GCJ-02): compared as they are.
if (manifest.datum !== 'gcj02') throw new Error(`the sample's datum is ${manifest.datum}, expected gcj02`);
/** At most this many covering cells are recorded per position (a mesh vertex can have more than 3). */
const MAX_COVER = 8;

// WKB (little-endian, ISO) of a Polygon or MultiPolygon: the coordinates bit for bit.
function wkb(geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let size = 9;
  for (const p of polygons) size += 9 + p.reduce((s, r) => s + 4 + 16 * r.length, 0);
  const v = new DataView(new ArrayBuffer(size));
  let o = 0;
  const u8 = (x) => v.setUint8(o++, x);
  const u32 = (x) => ((v.setUint32(o, x, true), (o += 4)));
  const f64 = (x) => ((v.setFloat64(o, x, true), (o += 8)));
  u8(1), u32(6), u32(polygons.length);
  for (const p of polygons) {
    u8(1), u32(3), u32(p.length);
    for (const ring of p) {
      u32(ring.length);
      for (const [x, y] of ring) f64(x), f64(y);
    }
  }
  return Buffer.from(v.buffer).toString('hex');
}

const KINDS = ['household', 'vertex', 'midpoint', 'lattice'];

function compare(gridFile) {
  const text = readFileSync(join(sample, gridFile), 'utf8');
  const fc = JSON.parse(text);
  const parents = new Set(fc.features.map((f) => f.properties.parent).filter(Boolean));
  const leaves = fc.features.filter((f) => !parents.has(f.properties.id));

  // Positions: households, then distinct leaf vertices, edge midpoints, the lattice.
  const xs = Array.from(households);
  const kind = new Uint8Array(households.length / 2 + 4e5);
  let n = households.length / 2;
  const seen = new Set();
  const add = (x, y, k) => {
    const key = `${x},${y}`;
    if (seen.has(key)) return;
    seen.add(key);
    xs.push(x, y);
    kind[n++] = k;
  };
  let [w, s, e, nn] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of leaves) {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const ring of polygons.flat()) {
      for (const [x, y] of ring) {
        add(x, y, 1);
        [w, s, e, nn] = [Math.min(w, x), Math.min(s, y), Math.max(e, x), Math.max(nn, y)];
      }
    }
  }
  for (const f of leaves) {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const ring of polygons.flat()) {
      for (let i = 0; i + 1 < ring.length; i++) add((ring[i][0] + ring[i + 1][0]) / 2, (ring[i][1] + ring[i + 1][1]) / 2, 2);
    }
  }
  const M = 300;
  const [dx, dy] = [(e - w) * 1.04, (nn - s) * 1.04];
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) add(w - 0.02 * (e - w) + (dx * i) / (M - 1), s - 0.02 * (nn - s) + (dy * j) / (M - 1), 3);
  const positions = Float64Array.from(xs);

  // jinlin, through the package (wasm).
  const tj = performance.now();
  const grid = GridMap.fromGeoJSON(text, { datum: 'gcj02' });
  const r = grid.assign(positions, { datum: 'gcj02' });
  const jinlinMs = performance.now() - tj;
  const cellIds = grid.cells().map((c) => c.id);
  grid.free();

  // PostGIS.
  const tp = performance.now();
  writeFileSync(join(work, 'cells.csv'), leaves.map((f, k) => `${k},${f.properties.id},\\x${wkb(f.geometry)}`).join('\n') + '\n');
  const rows = [];
  for (let i = 0; i < n; i++) rows.push(`${i},${positions[2 * i]},${positions[2 * i + 1]}`);
  writeFileSync(join(work, 'positions.csv'), rows.join('\n') + '\n');
  const stats = psql(`
    SET client_min_messages = warning;
    CREATE EXTENSION IF NOT EXISTS postgis;
    DROP TABLE IF EXISTS cell_in, cell, pos_in, pos, probe_in, probe;
    CREATE TABLE cell_in (k int, id text, w bytea);
    \\copy cell_in FROM '${join(work, 'cells.csv')}' CSV
    CREATE TABLE cell AS SELECT k, id, ST_GeomFromWKB(w) AS g FROM cell_in;
    CREATE TABLE pos_in (i int, x float8, y float8);
    \\copy pos_in FROM '${join(work, 'positions.csv')}' CSV
    CREATE TABLE pos AS SELECT i, x, y, ST_MakePoint(x, y) AS g FROM pos_in;
    CREATE INDEX ON pos USING gist (g);
    ANALYZE cell; ANALYZE pos;
    \\copy (SELECT p.i, c.k FROM cell c JOIN pos p ON ST_Covers(c.g, p.g) ORDER BY p.i, c.k) TO '${join(work, 'hits.csv')}' CSV
    \\pset tuples_only on
    \\pset format unaligned
    SELECT count(*) || ' ' || sum(ST_NPoints(g)) || ' ' || count(*) FILTER (WHERE NOT ST_IsValid(g)) || ' ' || postgis_full_version() FROM cell;
  `);
  const [cellCount, vertexCount, invalidCells, ...version] = stats.trim().split('\n')[0].split(' ');
  if (+cellCount !== leaves.length) throw new Error(`PostGIS loaded ${cellCount} cells, expected ${leaves.length}`);

  const readHits = (file, count) => {
    const nCells = new Uint8Array(count);
    const cells = new Int32Array(MAX_COVER * count).fill(-1);
    for (const line of readFileSync(join(work, file), 'utf8').split('\n')) {
      if (!line) continue;
      const [i, k] = line.split(',').map(Number);
      if (nCells[i] < MAX_COVER) cells[MAX_COVER * i + nCells[i]] = k;
      nCells[i]++;
    }
    return { nCells, cells };
  };
  const pg = readHits('hits.csv', n);

  // Map PostGIS's leaf number k to jinlin's cell index (cells sorted by id).
  const jinlinIndex = new Map(cellIds.map((id, i) => [id, i]));
  const kToJ = leaves.map((f) => jinlinIndex.get(String(f.properties.id)));

  // Probe the boundary positions.
  const probeOf = [];
  for (let i = 0; i < n; i++) {
    if (pg.nCells[i] >= 2 || (pg.nCells[i] === 1 && r.cell[i] === -1)) probeOf.push(i);
  }
  writeFileSync(join(work, 'probes.csv'), probeOf.map((i, q) => `${q},${positions[2 * i] + 1e-7},${positions[2 * i + 1] + 1e-14}`).join('\n') + '\n');
  psql(`
    CREATE TABLE probe_in (i int, x float8, y float8);
    \\copy probe_in FROM '${join(work, 'probes.csv')}' CSV
    CREATE TABLE probe AS SELECT i, ST_MakePoint(x, y) AS g FROM probe_in;
    CREATE INDEX ON probe USING gist (g);
    ANALYZE probe;
    \\copy (SELECT p.i, c.k FROM cell c JOIN probe p ON ST_Covers(c.g, p.g) ORDER BY p.i, c.k) TO '${join(work, 'probe-hits.csv')}' CSV
  `);
  const probe = readHits('probe-hits.csv', probeOf.length);
  const probeIndex = new Int32Array(n).fill(-1);
  probeOf.forEach((i, q) => (probeIndex[i] = q));
  const postgisMs = performance.now() - tp;

  // Compare.
  const byKind = KINDS.map(() => [0, 0, 0, 0, 0]);
  const report = { agree: 0, failures: [], outlineOut: 0, probeAgree: 0, probeInconclusive: 0, tieOneOf: 0 };
  for (let i = 0; i < n; i++) {
    const c = pg.nCells[i];
    byKind[kind[i]][Math.min(c, 4)]++;
    const j = r.cell[i];
    const covering = [...pg.cells.subarray(MAX_COVER * i, MAX_COVER * i + Math.min(c, MAX_COVER))].map((k) => kToJ[k]);
    const fail = (why) => report.failures.push({ i, kind: KINDS[kind[i]], x: positions[2 * i], y: positions[2 * i + 1], postgis: covering.map((k) => cellIds[k]), jinlin: j < 0 ? null : cellIds[j], why });
    if (c > MAX_COVER) fail(`PostGIS puts it in ${c} cells`);
    else if (c === 0) j === -1 ? report.agree++ : fail('PostGIS: in no cell');
    else if (c === 1 && j === covering[0]) report.agree++;
    else {
      // A boundary position: one of the covering cells, chosen as the probe says; or −1 on the
      // outline where the probe is outside.
      if (j !== -1 && !covering.includes(j)) {
        fail('jinlin chose a cell that does not cover it');
        continue;
      }
      const q = probeIndex[i];
      const pc = probe.nCells[q];
      const expected = pc === 0 ? -1 : pc === 1 ? kToJ[probe.cells[MAX_COVER * q]] : null;
      if (expected === null) {
        // The probe landed on an edge too (a near-horizontal edge through p): only the
        // PostGIS check applies.
        report.probeInconclusive++;
        if (j === -1) fail('on a shared boundary, the probe is inconclusive, and jinlin says none');
        else report.tieOneOf++;
      } else if (expected !== j) {
        fail(`the probe p + (1e-7, 1e-14) is in ${expected < 0 ? 'no cell' : cellIds[expected]}`);
      } else {
        report.probeAgree++;
        if (j === -1) report.outlineOut++;
        else report.tieOneOf += c >= 2 ? 1 : 0;
        if (c === 1 && j !== -1) fail('unreachable');
      }
    }
  }
  return {
    gridFile,
    leaves: leaves.length,
    vertices: +vertexCount,
    invalidCells: +invalidCells,
    postgis: version.join(' ').slice(0, 40),
    positions: n,
    byKind: Object.fromEntries(KINDS.map((k, i) => [k, { total: byKind[i].reduce((a, b) => a + b, 0), cells0: byKind[i][0], cells1: byKind[i][1], cells2: byKind[i][2], cells3: byKind[i][3], cells4plus: byKind[i][4] }])),
    jinlin: { assigned: r.summary.assigned, outside: r.summary.outside, invalid: r.summary.invalid, boundaryTies: r.summary.boundaryTies, ms: Math.round(jinlinMs) },
    postgisMs: Math.round(postgisMs),
    ...report,
  };
}

let failed = false;
for (const file of gridFiles) {
  const res = compare(file);
  const { failures, ...rest } = res;
  console.log(JSON.stringify(rest, null, 1));
  if (res.byKind.household.total !== manifest.counts.households) {
    console.error(`households: ${res.byKind.household.total}, manifest says ${manifest.counts.households}`);
    failed = true;
  }
  const multi = res.byKind.vertex.cells2 + res.byKind.vertex.cells3;
  if (multi < 1000 || res.byKind.vertex.cells3 < 100 || res.byKind.lattice.cells0 < 1000) {
    console.error(`${file}: too few shared-boundary or outside positions to mean anything`);
    failed = true;
  }
  if (failures.length) {
    console.error(`${file}: ${failures.length} disagreements with PostGIS, e.g.`);
    for (const f of failures.slice(0, 20)) console.error(JSON.stringify(f));
    failed = true;
  } else {
    console.log(`${file}: jinlin agrees with PostGIS ST_Covers on all ${res.positions} positions`);
  }
}
console.log(`postgis-oracle: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
