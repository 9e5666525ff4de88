// The package through bundlers (issue #5): the Vite 7 and webpack 5 builds of
// tests/consumers/ (built by scripts/test.sh before this runs) open in Chromium, load the wasm
// assets the bundler emitted, and compute the same answers as the package in Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { tallyJson } from 'jinlin/tally';
import { start } from './browser.mjs';

const input = readFileSync(new URL('../fixtures/tally/co_owner/input.json', import.meta.url), 'utf8');
const outcomes = JSON.parse(tallyJson(input)).matters.map((m) => m.figures.outcome);
let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function answers(path) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const wasm = [];
  page.on('pageerror', (e) => errors.push(e));
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  await page.goto(`${env.base}${path}`);
  await page.waitForSelector('#out[data-ready]', { timeout: 60_000 });
  const text = await page.textContent('#out');
  assert.equal(await page.getAttribute('#out', 'data-ready'), 'true', text);
  assert.deepEqual(errors, []);
  await context.close();
  return { ...JSON.parse(text), wasm };
}

function check(r, compat) {
  assert.deepEqual(r.cells, ['A', 'B', 'B', null]);
  assert.deepEqual(r.households, { A: 1, B: 2, S: 3 });
  assert.deepEqual(r.summary, { positions: 4, assigned: 3, outside: 1, invalid: 0, boundaryTies: 0 });
  assert.deepEqual(r.located, { cellId: 'B', worker: '员B' });
  assert.deepEqual(r.matters, outcomes);
  assert.equal(r.compat, compat);
  // jinlin/worker in the worker script the bundler emitted: the same answer, with progress.
  const cells = Object.keys(r.households).sort();
  assert.deepEqual(r.worker.cell.map((i) => (i < 0 ? null : cells[i])), r.cells);
  assert.deepEqual(r.worker.households, cells.map((id) => r.households[id]));
  assert.deepEqual(r.worker.summary, r.summary);
  assert.deepEqual(r.worker.progress, [3, 4]);
  assert.equal(r.worker.compat, compat);
  // grid, render, tally, tally/announce, and the grid module again in the worker
  assert.equal(r.wasm.length, 5, r.wasm.join());
  assert.equal(new Set(r.wasm).size, 4, 'the worker loads the page\'s grid module asset');
  // Vite keeps the file name (jinlin_bg.compat-HASH.wasm); webpack names assets by hash only.
  if (compat) assert.ok(r.wasm.every((u) => /\.compat[.-]/.test(u)), r.wasm.join());
  else assert.ok(r.wasm.every((u) => !u.includes('.compat')), r.wasm.join());
}

for (const bundler of ['vite', 'webpack']) {
  const path = `/tests/consumers/${bundler}/dist/index.html`;
  test(`${bundler}: the built page geocodes, routes and counts as the package does in Node`, async () => {
    assert.ok(existsSync(new URL(`../..${path}`, import.meta.url)), `${path}: run scripts/test.sh (it builds the consumers)`);
    check(await answers(path), false);
  });
}

test('vite: ?jinlin-compat=1 loads the compatible modules the bundler emitted', async () => {
  check(await answers('/tests/consumers/vite/dist/index.html?jinlin-compat=1'), true);
});
