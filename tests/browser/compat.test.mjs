// The compatible build (MVP wasm for WeChat's XWeb on Chrome 86 and iOS 14) in real Chromium:
// forced by `?jinlin-compat=1`, and chosen by feature detection when the engine does not
// validate the post-MVP probes (simulated by a `WebAssembly.validate` that rejects them). The
// demo and the assembly page must still compute the sample's figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start } from './browser.mjs';

const manifest = JSON.parse(readFileSync(new URL('../../www/data/manifest.json', import.meta.url)));
const num = (s) => Number(s.replace(/[^\d.-]/g, ''));
let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** Opens `path` and records which .wasm files the page fetched. */
async function open(path, initScript) {
  const context = await env.browser.newContext();
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const errors = [];
  const wasm = [];
  page.on('pageerror', (e) => errors.push(e));
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname); });
  await page.goto(`${env.base}${path}`);
  return { context, page, errors, wasm };
}

async function demoTotals(page) {
  await page.waitForSelector('#status[data-ready]', { timeout: 90_000 });
  assert.equal(await page.getAttribute('#status', 'data-ready'), 'true', await page.textContent('#status'));
  const value = async (key) => num(await page.textContent(`[data-key="${key}"]`));
  assert.equal(await value('assigned'), manifest.counts.households);
  assert.equal(await value('total-persons'), manifest.counts.persons);
}

// The demo geocodes in jinlin/worker: only the grid module, loaded by the worker (the page
// chooses the build); the map page loads the grid and render modules through init().
async function mapReady(page) {
  await page.waitForSelector('#status[data-ready]', { timeout: 90_000 });
  assert.equal(await page.getAttribute('#status', 'data-ready'), 'true', await page.textContent('#status'));
}

test('?jinlin-compat=1: the demo\'s worker loads the compatible grid module and its totals equal the sample; the map page loads the compatible grid and render modules', async () => {
  const { context, page, errors, wasm } = await open('/www/?jinlin-compat=1');
  await demoTotals(page);
  assert.deepEqual(wasm.sort(), ['/pkg/web/jinlin_bg.compat.wasm']);
  assert.deepEqual(errors, []);
  await context.close();
  const map = await open('/www/map.html?jinlin-compat=1');
  await mapReady(map.page);
  assert.deepEqual(map.wasm.sort(), ['/pkg/render/web/jinlin_bg.compat.wasm', '/pkg/web/jinlin_bg.compat.wasm']);
  assert.deepEqual(map.errors, []);
  await map.context.close();
});

test('without the flag Chromium gets the default modules', async () => {
  const { context, page, errors, wasm } = await open('/www/');
  await demoTotals(page);
  assert.deepEqual(wasm.sort(), ['/pkg/web/jinlin_bg.wasm']);
  assert.deepEqual(errors, []);
  await context.close();
  const map = await open('/www/map.html');
  await mapReady(map.page);
  assert.deepEqual(map.wasm.sort(), ['/pkg/render/web/jinlin_bg.wasm', '/pkg/web/jinlin_bg.wasm']);
  assert.deepEqual(map.errors, []);
  await map.context.close();
});

test('an engine that rejects the post-MVP probes gets the compatible build (demo and assembly page)', async () => {
  // Every probe module is under 64 bytes; the real modules are far larger.
  const oldEngine = () => {
    const validate = WebAssembly.validate;
    WebAssembly.validate = (bytes) => (bytes.byteLength < 64 ? false : validate(bytes));
  };
  const demo = await open('/www/', oldEngine);
  await demoTotals(demo.page);
  assert.deepEqual(demo.wasm, ['/pkg/web/jinlin_bg.compat.wasm'], 'the worker gets the build the page chose');
  assert.deepEqual(demo.errors, []);
  await demo.context.close();

  const assembly = await open('/www/assembly.html', oldEngine);
  await assembly.page.waitForSelector('#status[data-ready]', { timeout: 60_000 });
  assert.equal(await assembly.page.getAttribute('#status', 'data-ready'), 'true', await assembly.page.textContent('#status'));
  assert.deepEqual(assembly.wasm.sort(), ['/pkg/tally/announce/web/jinlin_bg.compat.wasm', '/pkg/tally/web/jinlin_bg.compat.wasm']);
  assert.deepEqual(assembly.errors, []);
  await assembly.context.close();
});
