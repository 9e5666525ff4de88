// The assembly demo in real Chromium: the outcomes and figures the page shows equal what the
// package computes in Node for the same seeded input; the announcement SVG is there with its
// text escaped; a real receipt is found at its position and a forged one is not; the chain
// check passes with the published head and fails with another.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { init, Roster, tally as tallyFn } from 'jinlin/tally';
import { generate, DEMO } from '../../www/assembly.gen.mjs';
import { start, openPage } from './browser.mjs';

await init();
const { snapshot, ballots } = generate(DEMO);
const roster = new Roster(snapshot);
const log = roster.ballots(ballots);
const head = log.computeHashes();
const expected = roster.tally(log).result();
const entries = log.entries();

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function ready(page) {
  await page.waitForSelector('#status[data-ready]', { timeout: 60_000 });
  assert.equal(await page.getAttribute('#status', 'data-ready'), 'true', await page.textContent('#status'));
}

test('the expected result is not trivial (several outcomes, a special matter, an election, rejections)', () => {
  const outcomes = new Set(expected.matters.map((m) => m.figures.outcome));
  assert.ok(outcomes.size >= 2, [...outcomes].join());
  assert.ok(expected.matters.some((m) => m.config.class === 'special'));
  assert.ok(expected.matters.some((m) => m.election?.elected.length));
  const reasons = new Set(expected.matters.flatMap((m) => Object.keys(m.rejected_by_reason)));
  for (const r of ['LATE', 'DUPLICATE', 'UNKNOWN_OWNER', 'NOT_REPRESENTATIVE', 'PROXY_MISSING_DOCUMENT']) assert.ok(reasons.has(r), r);
  // The one-call API agrees with the prepared path.
  assert.deepEqual(tallyFn({ snapshot, ballots }), expected);
});

test('the results board shows exactly the outcomes and figures the package computes', async () => {
  const { page, errors, context } = await openPage(env.browser, `${env.base}/www/assembly.html`);
  await ready(page);
  const shown = await page.$$eval('article.matter', (cards) => cards.map((c) => {
    const v = (k) => c.querySelector(`[data-key="${k}"]`)?.textContent ?? null;
    return {
      id: c.dataset.matter, outcome: c.dataset.outcome,
      totals: [v('totals-heads'), v('totals-area')],
      participating: [v('participating-heads'), v('participating-area')],
      yes: [v('yes-heads'), v('yes-area')], no: [v('no-heads'), v('no-area')],
      abstain: [v('abstain-heads'), v('abstain-area')], invalid: [v('invalid-heads'), v('invalid-area')],
      elected: v('elected'), rejected: v('rejected'), badge: v('outcome'),
      percents: [...c.querySelectorAll('tr[data-row="participating"] td')].map((td) => td.textContent),
      reasons: Object.fromEntries([...c.querySelectorAll('[data-reason]')].map((r) => [r.dataset.reason, Number(r.dataset.count)])),
    };
  }));
  assert.equal(shown.length, expected.matters.length);
  const n = (s) => (s == null ? null : s.replace(/[^\d]/g, ''));
  for (const [i, m] of expected.matters.entries()) {
    const s = shown[i], f = m.figures;
    assert.equal(s.id, m.matter_id);
    assert.equal(s.outcome, f.outcome, m.matter_id);
    assert.deepEqual([n(s.totals[0]), s.totals[1]], [String(f.totals.heads), f.totals.area], `${m.matter_id} totals`);
    assert.deepEqual([n(s.participating[0]), s.participating[1]], [String(f.participating.heads), f.participating.area]);
    assert.deepEqual([n(s.invalid[0]), s.invalid[1]], [String(f.invalid.heads), f.invalid.area]);
    if (!m.election) {
      for (const k of ['yes', 'no', 'abstain']) assert.deepEqual([n(s[k][0]), s[k][1]], [String(f[k].heads), f[k].area], `${m.matter_id} ${k}`);
    } else {
      // elected by name (and key), in rank order; the badge says how many of the seats
      const e = m.election;
      const named = e.elected.map((k) => `${e.candidates.find((c) => c.key === k).name}（${k}）`);
      assert.ok(s.elected.includes(named.join('、') || '无 none'), s.elected);
      if (f.outcome !== 'NO_QUORUM') assert.match(s.badge, new RegExp(`^当选 ${e.elected.length}/${e.seats} elected`), s.badge);
    }
    // Exact fraction and floored percentage beside each other.
    const ps = f.participating;
    assert.ok(s.percents[1].includes(`${ps.heads_share.percent}%`) && s.percents[1].includes(`(${ps.heads_share.numerator}/${ps.heads_share.denominator})`), s.percents[1]);
    assert.ok(s.percents[3].includes(`(${ps.area_share.numerator}/${ps.area_share.denominator})`), s.percents[3]);
    // Every rejection reason with its count.
    assert.ok(s.rejected.includes(`未计入 rejected ${m.rejected.length.toLocaleString('zh-CN')} 票`), s.rejected);
    assert.deepEqual(s.reasons, m.rejected_by_reason, `${m.matter_id} rejected by reason`);
  }
  assert.equal(await page.getAttribute('[data-key="log-head"]', 'title'), head);
  assert.equal(await page.getAttribute('[data-key="roster-hash"]', 'title'), roster.hash);
  assert.match(await page.textContent('#sample-note'), /合成数据/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the announcement SVG is shown for the chosen matter, with escaped text', async () => {
  const { page, errors, context } = await openPage(env.browser, `${env.base}/www/assembly.html`);
  await ready(page);
  const special = expected.matters.find((m) => m.config.class === 'special');
  assert.equal(await page.getAttribute('#announcement', 'data-matter'), special.matter_id);
  const svg = await page.$eval('#announcement', (d) => d.innerHTML);
  assert.ok(svg.startsWith('<svg'), svg.slice(0, 40));
  assert.ok(svg.includes('最终结果公示'));
  assert.ok(svg.includes(special.figures.outcome));
  assert.ok(svg.includes(head));
  // The scoped matter's title holds "（1号楼、…）" and the election's a ’: still well-formed text.
  await page.selectOption('#announce-form select[name=matter]', 'M03');
  await page.selectOption('#announce-form select[name=status]', 'preliminary');
  const svg3 = await page.$eval('#announcement', (d) => d.innerHTML);
  assert.equal(await page.getAttribute('#announcement', 'data-matter'), 'M03');
  assert.ok(svg3.includes('2024-07-10'));
  assert.ok(svg3 !== svg);
  // The package escapes markup in titles: the same SVG made in Node from a hostile title.
  const hostile = structuredClone(snapshot);
  hostile.matters[0].title = '<script>alert(1)</script> & “引号”';
  const r2 = new Roster(hostile);
  const l2 = r2.ballots(ballots);
  const s2 = r2.tally(l2).announcementSvg('M01', { status: 'final' });
  assert.ok(s2.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; '));
  assert.ok(!s2.includes('<script>'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the receipt check finds a real receipt at its position and rejects a forged one', async () => {
  const { page, errors, context } = await openPage(env.browser, `${env.base}/www/assembly.html`);
  await ready(page);
  const pos = 1234;
  await page.fill('#receipt-form input[name=receipt]', entries[pos].hash);
  await page.click('#receipt-form button[type=submit]');
  assert.equal(await page.getAttribute('#receipt-result', 'data-found'), 'true');
  assert.equal(await page.getAttribute('#receipt-result', 'data-position'), String(pos));
  assert.match(await page.textContent('#receipt-result'), new RegExp(`position ${pos}`));
  // Forged: one hex digit changed.
  const forged = entries[pos].hash.slice(0, -1) + (entries[pos].hash.endsWith('0') ? '1' : '0');
  await page.fill('#receipt-form input[name=receipt]', forged);
  await page.click('#receipt-form button[type=submit]');
  assert.equal(await page.getAttribute('#receipt-result', 'data-found'), 'false');
  assert.match(await page.textContent('#receipt-result'), /未找到/);
  // Not even hex, or empty: not a receipt (said so, not "not found")
  for (const typed of ['hello', '', entries[pos].hash.slice(1)]) {
    await page.fill('#receipt-form input[name=receipt]', typed);
    await page.click('#receipt-form button[type=submit]');
    assert.equal(await page.getAttribute('#receipt-result', 'data-found'), 'invalid', JSON.stringify(typed));
    assert.match(await page.textContent('#receipt-result'), /这不是回执/);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the chain check passes with the published head and fails with another', async () => {
  const { page, errors, context } = await openPage(env.browser, `${env.base}/www/assembly.html`);
  await ready(page);
  assert.equal(await page.inputValue('#chain-form input[name=head]'), head);
  await page.click('#chain-form button');
  assert.equal(await page.getAttribute('#chain-result', 'data-ok'), 'true');
  await page.fill('#chain-form input[name=head]', entries.at(-2).hash);
  await page.click('#chain-form button');
  assert.equal(await page.getAttribute('#chain-result', 'data-ok'), 'false');
  const broken = await page.textContent('#chain-result');
  assert.match(broken, new RegExp(`TALLY_CHAIN_BROKEN.*${entries.length}`));
  assert.match(broken, /head differs/);
  // a mistyped head (not 64 hex digits) is not a broken chain and names no entry
  await page.fill('#chain-form input[name=head]', head.slice(0, 40) + 'xyz');
  await page.click('#chain-form button');
  assert.equal(await page.getAttribute('#chain-result', 'data-ok'), 'false');
  const mistyped = await page.textContent('#chain-result');
  assert.match(mistyped, /TALLY_INVALID_HASH.*not a SHA-256 hash/);
  assert.doesNotMatch(mistyped, /undefined|entry \d/);
  assert.deepEqual(errors, []);
  await context.close();
});

// What sticks out of a 375 px phone screen: elements whose right edge is past it, other than
// inside a box that scrolls on its own (a wide table, the announcement SVG).
const PHONE = { viewport: { width: 375, height: 667 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

test('on a phone (375×667) the page does not scroll sideways: the matter select fits, wide tables scroll in their own box, hashes wrap', async () => {
  const { page, errors, context } = await openPage(env.browser, `${env.base}/www/assembly.html`, PHONE);
  await ready(page);
  const m = await page.evaluate(() => {
    const r = (e) => e.getBoundingClientRect();
    const select = r(document.querySelector('#announce-form select[name=matter]'));
    const tables = [...document.querySelectorAll('article.matter table')].map((t) => ({
      overflowX: getComputedStyle(t.parentElement).overflowX, boxRight: r(t.parentElement).right,
      tableRight: r(t).right, widerThanBox: t.scrollWidth > t.parentElement.clientWidth,
    }));
    const hashes = ['roster-hash', 'log-head'].map((k) => {
      const dd = document.querySelector(`[data-key="${k}"]`);
      return { key: k, cut: dd.scrollWidth - dd.clientWidth, right: r(dd).right, boxRight: r(dd.parentElement).right, lines: Math.round(r(dd).height / parseFloat(getComputedStyle(dd).lineHeight)) };
    });
    const sticking = [...document.querySelectorAll('body *')]
      .filter((e) => !e.closest('.table-scroll, .svg-box') && r(e).right > 375.5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} ${Math.round(r(e).right)}`);
    // the 公示 SVG at the box's width: drawn at its own size (1 SVG px = 1 CSS px), not scaled
    const svg = document.querySelector('#announcement svg');
    const announce = { attr: Number(svg.getAttribute('width')), shown: r(svg).width, box: document.querySelector('#announcement').clientWidth };
    return { scrollWidth: document.documentElement.scrollWidth, select: [select.left, select.right], tables, hashes, sticking, announce };
  });
  assert.ok(m.announce.attr <= 375 && m.announce.attr === m.announce.box, JSON.stringify(m.announce));
  assert.ok(Math.abs(m.announce.shown - m.announce.attr) < 1, `the 公示 is scaled: ${JSON.stringify(m.announce)}`);
  assert.ok(m.scrollWidth <= 375, `page is ${m.scrollWidth} px wide`);
  assert.deepEqual(m.sticking, []);
  assert.ok(m.select[0] >= 0 && m.select[1] <= 375, `select spans ${m.select}`);
  assert.ok(m.tables.length >= 6, `${m.tables.length} tables`);
  for (const t of m.tables) {
    assert.equal(t.overflowX, 'auto');
    assert.ok(t.boxRight <= 375, JSON.stringify(t));
  }
  // the results tables are wider than a phone: they scroll in their box (the area columns there)
  assert.ok(m.tables.some((t) => t.widerThanBox && t.tableRight > 375), JSON.stringify(m.tables));
  for (const h of m.hashes) {
    assert.ok(h.cut <= 0 && h.right <= h.boxRight, JSON.stringify(h));
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('every demo page names an icon: desktop Chromium asks for no /favicon.ico (a 404 in the console)', async () => {
  for (const name of ['assembly.html', 'index.html', 'map.html']) {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const asked = [], consoleErrors = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    await page.goto(`${env.base}/www/${name}`);
    await page.waitForSelector('#status[data-ready="true"]', { timeout: 60_000 });
    assert.equal(await page.getAttribute('link[rel=icon]', 'href'), 'data:,', name);
    assert.ok(!asked.includes('/favicon.ico'), `${name} asked for /favicon.ico`);
    assert.deepEqual(consoleErrors, [], name);
    await context.close();
  }
});
