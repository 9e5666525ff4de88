// Prints raw, gzip and brotli sizes of every .wasm in pkg/ against the budget (150 KB gzip,
// DESIGN.md). With --enforce (the test step) it fails above the budget. The package holds one
// module per domain (scripts/build.sh), so the budget holds for each.
// Usage: node scripts/size.mjs [--enforce]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { createHash } from 'node:crypto';

const BUDGET_GZIP = 150 * 1000;
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.wasm')) files.push(p);
  }
})('pkg');
if (files.length === 0) { console.error('size: no .wasm under pkg/ (run scripts/build.sh)'); process.exit(1); }
let over = false;
const kb = (n) => (n / 1000).toFixed(1) + ' KB';
console.log('| wasm | raw | gzip -9 | brotli -11 |\n|---|---|---|---|');
// The web, bundler and nodejs targets of a module hold the same bytes: one row each.
const seen = new Map();
for (const f of files.sort()) {
  const buf = readFileSync(f);
  const key = createHash('sha256').update(buf).digest('hex');
  if (seen.has(key)) { seen.get(key).push(f); continue; }
  seen.set(key, [f]);
  const gz = gzipSync(buf, { level: 9 }).length;
  const br = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  if (gz > BUDGET_GZIP) over = true;
  console.log(`| ${f}${gz > BUDGET_GZIP ? ' **over**' : ''} | ${kb(buf.length)} | ${kb(gz)} | ${kb(br)} |`);
}
const copies = [...seen.values()].filter((v) => v.length > 1).map((v) => `${v.slice(1).join(', ')} = ${v[0]}`);
if (copies.length) console.log(`\nsame bytes: ${copies.join('; ')}`);
if (over) {
  console.error(`size: OVER BUDGET: a .wasm is over ${kb(BUDGET_GZIP)} gzip`);
  if (process.argv.includes('--enforce')) process.exit(1);
} else {
  console.log(`size: every .wasm is within ${kb(BUDGET_GZIP)} gzip`);
}
