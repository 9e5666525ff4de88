// The demo pages on the engines residents have: WeChat's Android XWeb on Chromium 86 and iOS
// 14–16.3's WKWebView. Neither knows <script type="importmap"> (Chromium 89, iOS 16.4): a page
// whose scripts import 'jinlin' by name does not start there, although the package's own
// compatible build would run. So the demo imports the package by URL; its scripts parse as
// ES2019 modules (no ?? or ?., no top-level await, no class fields); its CSS uses nothing
// Safari 14 lacks. Checked statically and by opening each page with the import maps removed
// (what an engine without them does: an unknown script type is ignored) and the newer
// built-ins deleted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
// acorn: es-check's parser (es-check is a devDependency; acorn is in package-lock.json)
import { parse } from 'acorn';
import { start, openPage } from './browser.mjs';

const WWW = new URL('../../www/', import.meta.url);
const files = (ext) => readdirSync(WWW).filter((f) => f.endsWith(ext)).sort();
const read = (f) => readFileSync(new URL(f, WWW), 'utf8');
const scripts = [...files('.js'), ...files('.mjs')];
const pages = files('.html');

test('the demo has the pages and scripts this test reads', () => {
  assert.deepEqual(pages, ['assembly.html', 'index.html', 'map.html']);
  assert.ok(scripts.includes('map.js') && scripts.includes('app.js') && scripts.includes('assembly.js'), scripts.join());
});

test('no import map and no bare module specifier in www/: every import is a relative URL', () => {
  const bare = [];
  for (const f of pages) {
    const html = read(f);
    assert.doesNotMatch(html, /type\s*=\s*["']?importmap/i, `${f}: an import map (Chromium 89, iOS 16.4)`);
    // module scripts by URL only (an inline module would need the same checks as a file)
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      assert.match(m[1], /\bsrc=/, `${f}: an inline <script>: ${m[0].slice(0, 80)}`);
      const src = m[1].match(/\bsrc="([^"]+)"/)[1];
      assert.ok(src.startsWith('./') || !/^[a-z]+:|^\//i.test(src), `${f}: ${src}`);
    }
  }
  for (const f of scripts) {
    const ast = parse(read(f), { ecmaVersion: 'latest', sourceType: 'module' });
    for (const node of ast.body) {
      if (!node.source) continue; // import … from, export … from
      const s = node.source.value;
      if (!(s.startsWith('./') || s.startsWith('../'))) bare.push(`${f}: '${s}'`);
    }
  }
  assert.deepEqual(bare, [], 'bare specifiers need an import map');
});

test('www/*.js and www/*.mjs parse as ES2019 modules (Chromium 86, Safari 14; no top-level await)', () => {
  const failed = [];
  for (const f of scripts) {
    try {
      parse(read(f), { ecmaVersion: 2019, sourceType: 'module', locations: true });
    } catch (e) {
      failed.push(`${f}: ${e.message}`);
    }
  }
  assert.deepEqual(failed, []);
  // …and the check means something: these do not parse as ES2019
  for (const src of ['const a = b ?? 1;', 'const a = b?.c;', 'await x;', 'a ??= 1;', 'class A { #x = 1; }']) {
    assert.throws(() => parse(src, { ecmaVersion: 2019, sourceType: 'module' }), SyntaxError, src);
  }
});

test('www/*.js call no built-in newer than Chromium 86 or Safari 14', () => {
  // (by name, outside comments: .at(…) and the others have no syntax of their own)
  const newer = /\.at\(|\.findLast(Index)?\(|Object\.hasOwn\(|structuredClone\(|\.toSorted\(|\.toReversed\(|\.toSpliced\(|randomUUID\(|AbortSignal\.timeout\(|Promise\.withResolvers\(/;
  const found = [];
  for (const f of scripts) {
    read(f).split('\n').forEach((line, k) => {
      const code = line.replace(/\/\/.*$/, '');
      if (newer.test(code)) found.push(`${f}:${k + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});

test('www/*.css use nothing Safari 14.0 lacks (flex gap: 14.1; inset, aspect-ratio: 14.1/15; :has: 15.4)', () => {
  const found = [];
  for (const f of files('.css')) {
    const css = read(f).replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
      const [sel, body] = [m[1].trim(), m[2]];
      if (/:has\(/.test(sel)) found.push(`${f}: ${sel}: :has()`);
      if (/(^|[;\s])(inset|aspect-ratio)\s*:/.test(body)) found.push(`${f}: ${sel}: ${body.trim()}`);
      // a gap in a flex container (a grid's gap is fine: Safari 12)
      if (/display\s*:\s*(inline-)?flex/.test(body) && /(^|[;\s])(row-|column-)?gap\s*:/.test(body)) found.push(`${f}: ${sel}: flex gap`);
    }
  }
  assert.deepEqual(found, []);
});

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

// What an engine without import maps sees: the <script type="importmap"> ignored (here,
// removed from the page as served); and the built-ins Chromium 86 / Safari 14 lack, deleted.
const OLD_ENGINE = () => {
  for (const [o, k] of [[Array.prototype, 'at'], [String.prototype, 'at'], [Array.prototype, 'findLast'],
    [Array.prototype, 'findLastIndex'], [Object, 'hasOwn'], [globalThis, 'structuredClone'],
    [Array.prototype, 'toSorted'], [Array.prototype, 'toReversed']]) delete o[k];
};

for (const page of ['index.html', 'map.html', 'assembly.html']) {
  test(`www/${page} starts without import maps and without the built-ins newer than Chromium 86`, async () => {
    const { browser, base } = env;
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
    await context.addInitScript(OLD_ENGINE);
    let stripped = 0;
    await context.route(/\/www\/[^/]*\.html$|\/www\/$/, async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace(/<script[^>]*type\s*=\s*["']?importmap[\s\S]*?<\/script>/gi, () => { stripped++; return ''; });
      await route.fulfill({ response: res, body: html });
    });
    const p = await context.newPage();
    const errors = [];
    const failed = new Promise((ok) => p.on('pageerror', (e) => { errors.push(e.message); ok(); }));
    await p.goto(`${base}/www/${page}`);
    // ready, or the first error (a module that cannot load never sets data-ready)
    await Promise.race([p.waitForSelector('#status[data-ready]', { timeout: 60_000 }), failed]);
    const status = await p.evaluate(() => {
      const s = document.getElementById('status');
      return { ready: s.dataset.ready ?? null, text: s.textContent, at: typeof [].at };
    });
    assert.equal(status.at, 'undefined', 'the init script ran');
    // (stripped: the page as served has no import map left to ignore)
    assert.deepEqual({ ready: status.ready, errors, stripped }, { ready: 'true', errors: [], stripped: 0 }, status.text);
    await context.close();
  });
}
