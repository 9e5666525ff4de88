// Outside the web-view (README, "WeChat mini-program logic layer"): an engine without
// TextDecoder/TextEncoder runs the package once the documented polyfill (`jinlin/text-polyfill`)
// is imported before jinlin; without it, the import fails loudly. The polyfill agrees with
// Node's own TextDecoder/TextEncoder byte for byte. (npm's fast-text-encoding does not do:
// its `decode()` without an argument throws, and the wasm-bindgen glue calls exactly that.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { TextDecoder as PolyDecoder, TextEncoder as PolyEncoder } from 'jinlin/text-polyfill';

const root = new URL('../..', import.meta.url);
const run = (script) => execFileSync(process.execPath, ['--input-type=module', '-e', script],
  { cwd: root, encoding: 'utf8', stdio: 'pipe' }).trim().split('\n').pop();

const REMOVE = `
  delete globalThis.TextDecoder;
  delete globalThis.TextEncoder;
  if (typeof TextDecoder !== 'undefined' || typeof TextEncoder !== 'undefined') throw new Error('still there');
`;

test('without TextDecoder/TextEncoder and with jinlin/text-polyfill, Chinese text crosses both ways', () => {
  const out = run(`${REMOVE}
    await import('jinlin/text-polyfill');
    const { GridMap } = await import('jinlin');
    const { tallyJson } = await import('jinlin/tally');
    const { readFileSync } = await import('node:fs');
    const rect = (w, s, e, n) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
    const map = GridMap.fromGeoJSON({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { id: '思明-1', name: '鹭江街道', level: 'street', worker: '陈*华' },
        geometry: { type: 'Polygon', coordinates: rect(118.0, 24.4, 118.1, 24.5) } }] }, {});
    const hit = map.locate(118.05, 24.45, {});
    const tally = JSON.parse(tallyJson(readFileSync('tests/fixtures/tally/co_owner/input.json', 'utf8')));
    console.log(JSON.stringify({ polyfilled: TextDecoder.name, name: map.cells()[0].name, id: hit.cellId,
      worker: hit.worker, matters: tally.matters.length }));
  `);
  const r = JSON.parse(out);
  assert.deepEqual(r, { polyfilled: r.polyfilled, name: '鹭江街道', id: '思明-1', worker: '陈*华', matters: r.matters });
  assert.ok(r.matters > 0);
});

test('without TextDecoder and without the polyfill the import fails (so the README step is needed)', () => {
  assert.throws(() => run(`${REMOVE} await import('jinlin');`), /TextDecoder/);
});

test('the polyfill decodes and encodes as the engine does: Chinese, emoji, BOM, invalid bytes', () => {
  const native = new TextDecoder('utf-8', { ignoreBOM: true });
  const poly = new PolyDecoder('utf-8', { ignoreBOM: true });
  const enc = new PolyEncoder();
  let x = 99;
  const rnd = (n) => { x = (x * 1103515245 + 12345) % 2147483648; return x % n; };
  const alphabet = ['a', 'Z', '0', ' ', 'é', '网', '格', '员', '思', '明', '😀', '𠀋', '\u0000', '\u07ff', '\uffff'];
  for (let k = 0; k < 300; k++) {
    let s = '';
    for (let i = rnd(40); i > 0; i--) s += alphabet[rnd(alphabet.length)];
    const bytes = enc.encode(s);
    assert.deepEqual(bytes, new globalThis.TextEncoder().encode(s), JSON.stringify(s));
    assert.equal(poly.decode(bytes), s);
  }
  assert.equal(poly.decode(), '');
  const view = new Uint8Array(4);
  assert.deepEqual(enc.encodeInto('网格', view), new globalThis.TextEncoder().encodeInto('网格', new Uint8Array(4)));
  for (const bad of [[0xff], [0xe7, 0xbd], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x61, 0xf0, 0x9f, 0x98], [0xef, 0xbb, 0xbf, 0x61]]) {
    const b = Uint8Array.from(bad);
    assert.equal(poly.decode(b), native.decode(b), bad.join());
    assert.equal(new PolyDecoder().decode(b), new TextDecoder().decode(b), `${bad.join()} (BOM stripped)`);
  }
  assert.throws(() => new PolyDecoder('utf-8', { fatal: true }).decode(Uint8Array.from([0xff])), TypeError);
});
