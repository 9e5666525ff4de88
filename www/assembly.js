// Demo portal, page 2: count a SYNTHETIC owners' assembly (about 1,200 units in 12 buildings,
// multi-unit owners, the developer's unsold units, co-owned units, parking) by Civil Code
// Art. 278, show the results board, the announcement (公示) of a chosen matter, and let a
// resident check their receipt and the whole ballot log. Imports the package's browser entry, by URL.
// The package by its URL in this repository (its browser entry, what the package's "exports"
// give a browser), not by name: a bare name needs an import map, which WeChat's Android XWeb
// (Chromium 86) and iOS before 16.4 lack, and no demo page started there. In a portal, with a
// bundler (Vite, webpack) or an import map, write:
//   import { init, Roster, verifyChain } from 'jinlin/tally';
import { init, Roster, verifyChain } from '../pkg/tally/index.js';
import { generate, DEMO } from './assembly.gen.mjs';

const $ = (sel) => document.querySelector(sel);
const el = (tag, content, attrs = {}) => {
  const e = document.createElement(tag);
  if (content != null) e.textContent = content;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};
const fmt = (n) => Number(n).toLocaleString('zh-CN');


const OUTCOME = { PASSED: '通过 passed', NOT_PASSED: '未通过 not passed', NO_QUORUM: '未达参与人数/面积 no quorum' };
const REASON = {
  UNKNOWN_OWNER: '非名册业主 unknown owner', NOT_ELIGIBLE: '不在表决范围 not eligible', LATE: '逾期 late',
  NOT_REPRESENTATIVE: '非共有人代表 not the representative', NOT_AUTHORISED: '无权代投 not authorised',
  PROXY_MISSING_DOCUMENT: '委托无书面授权 proxy without document', PROXY_LIMIT: '超出受托上限 proxy limit',
  SUPERSEDED: '被后票取代 superseded', DUPLICATE: '重复投票 duplicate',
};

function share(s, key) {
  const f = s[key];
  const span = el('span');
  span.append(`${f.percent != null ? f.percent : '—'}%`);
  span.append(' ', el('span', `(${f.numerator}/${f.denominator})`, { class: 'frac' }));
  return span;
}

function row(label, s, key, withShare) {
  const tr = el('tr', null, { 'data-row': key });
  tr.append(el('th', label, { scope: 'row' }));
  tr.append(el('td', fmt(s.heads), { 'data-key': `${key}-heads` }));
  const hs = el('td'); if (withShare) hs.append(share(s, 'heads_share')); tr.append(hs);
  tr.append(el('td', s.area, { 'data-key': `${key}-area` }));
  const as = el('td'); if (withShare) as.append(share(s, 'area_share')); tr.append(as);
  return tr;
}

const tick = (c) => (c ? '✓' : '✗');
// A wide table scrolls sideways in its own box on a phone, not the whole page.
const scrolling = (table) => { const d = el('div', null, { class: 'table-scroll' }); d.append(table); return d; };

function matterCard(m) {
  const f = m.figures;
  const card = el('article', null, { class: 'matter', 'data-matter': m.matter_id, 'data-outcome': f.outcome });
  const h = el('h3');
  h.append(`${m.matter_id} ${m.title}`);
  if (m.config.class === 'special') h.append(el('span', '特别事项 special (¾)', { class: 'badge special' }));
  // an election's PASSED says only that it produced a result: its badge says who is elected
  // (each candidate is decided on their own, LEGAL-TALLY.md)
  const e0 = m.election;
  if (e0 && f.outcome !== 'NO_QUORUM') {
    const tie = e0.tied_for_last_seats.length ? ' · 末席并列 tie' : '';
    h.append(el('span', `当选 ${e0.elected.length}/${e0.seats} elected${tie}`, { class: 'badge election', 'data-key': 'outcome' }));
  } else {
    h.append(el('span', OUTCOME[f.outcome], { class: `badge ${f.outcome}`, 'data-key': 'outcome' }));
  }
  card.append(h);
  const table = el('table');
  const head = el('tr');
  for (const t of ['', '人数 heads', '占比 share', '面积 area (m²)', '占比 share']) head.append(el('th', t, { scope: 'col' }));
  const thead = el('thead'); thead.append(head); table.append(thead);
  const body = el('tbody');
  body.append(row('总数 total', f.totals, 'totals', false));
  body.append(row('参与表决 participating (of total)', f.participating, 'participating', true));
  if (!m.election) {
    body.append(row('同意 yes (of participants)', f.yes, 'yes', true));
    body.append(row('反对 no', f.no, 'no', true));
    body.append(row('弃权 abstain', f.abstain, 'abstain', true));
  }
  body.append(row('无效 invalid', f.invalid, 'invalid', true));
  table.append(body);
  card.append(scrolling(table));
  const checks = el('p', null, { class: 'rejected' });
  checks.append(`参与门槛（⅔）quorum: 人数 ${tick(f.quorum.heads)} 面积 ${tick(f.quorum.area)}`);
  if (f.consent) checks.append(`；同意门槛（${m.config.class === 'special' ? '¾' : '过半数 >½'}）consent: 人数 ${tick(f.consent.heads)} 面积 ${tick(f.consent.area)}`);
  card.append(checks);
  if (m.election) {
    const e = m.election;
    const t = el('table', null, { class: 'election' });
    const hr = el('tr');
    for (const c of ['候选人 candidate', '同意人数 yes heads', '同意面积 yes area', '结果 outcome', '名次 rank']) hr.append(el('th', c, { scope: 'col' }));
    const th = el('thead'); th.append(hr); t.append(th);
    const tb = el('tbody');
    for (const c of e.candidates) {
      const tr = el('tr', null, { 'data-candidate': c.key });
      tr.append(el('td', `${c.name}（${c.key}）`));
      tr.append(el('td', `${fmt(c.figures.yes.heads)}（${c.figures.yes.heads_share.percent}%）`));
      tr.append(el('td', `${c.figures.yes.area}（${c.figures.yes.area_share.percent}%）`));
      tr.append(el('td', OUTCOME[c.figures.outcome]));
      tr.append(el('td', c.rank != null ? c.rank : '—'));
      tb.append(tr);
    }
    t.append(tb);
    card.append(scrolling(t));
    const nameOf = (k) => { const c = e.candidates.find((x) => x.key === k); return c ? `${c.name}（${k}）` : k; };
    const p = el('p', `当选 elected (${e.seats} 席 seats): ${e.elected.map(nameOf).join('、') || '无 none'}`, { class: 'rejected', 'data-key': 'elected' });
    if (e.tied_for_last_seats.length) p.append(`；末席并列 tie for the last ${e.seats_in_tie} seat(s): ${e.tied_for_last_seats.map(nameOf).join('、')}`);
    card.append(p);
  }
  const rej = Object.entries(m.rejected_by_reason);
  const p = el('p', null, { class: 'rejected', 'data-key': 'rejected' });
  p.append(`计入 counted ${fmt(m.counted_ballots)} 票；未计入 rejected ${fmt(m.rejected.length)} 票`);
  rej.forEach(([k, n], i) => {
    p.append(i ? '，' : '：', el('span', `${REASON[k] != null ? REASON[k] : k} ${n}`, { 'data-reason': k, 'data-count': n }));
  });
  card.append(p);
  return card;
}

async function main() {
  const status = $('#status');
  await init();
  const seedParam = new URLSearchParams(location.search).get('seed');
  const seed = Number(seedParam != null ? seedParam : DEMO.seed);
  const { snapshot, ballots } = generate({ ...DEMO, seed });
  const t0 = performance.now();
  const roster = new Roster(snapshot);
  const log = roster.ballots(ballots);
  const t1 = performance.now();
  const tally = roster.tally(log);
  const t2 = performance.now();
  const head = log.computeHashes();
  const t3 = performance.now();
  const result = roster.tally(log).result(); // now with receipts and the log head
  const entries = log.entries();

  const buildings = new Set(snapshot.units.map((u) => u.building));
  const items = [
    ['units', '专有部分 units', fmt(snapshot.units.length)],
    ['owners', '业主 owners', fmt(roster.ownerCount)],
    ['buildings', '楼栋（含车库）buildings', fmt(buildings.size)],
    ['ballots', '选票 ballots', fmt(ballots.length)],
    ['roster-hash', '名册哈希 roster hash', roster.hash.slice(0, 16) + '…'],
    ['log-head', '日志头 log head', head.slice(0, 16) + '…'],
  ];
  const dl = $('#roster');
  for (const [key, label, value] of items) {
    const d = el('div');
    d.append(el('dt', label), el('dd', value, { 'data-key': key }));
    dl.append(d);
  }
  $('[data-key="roster-hash"]').title = roster.hash;
  $('[data-key="log-head"]').title = head;
  tally.free();

  const board = $('#board');
  for (const m of result.matters) board.append(matterCard(m));

  // 公示
  const select = $('#announce-form select[name=matter]');
  for (const m of result.matters) select.append(el('option', `${m.matter_id} ${m.title}`, { value: m.matter_id }));
  const special = result.matters.find((m) => m.config.class === 'special');
  select.value = (special || result.matters[0]).matter_id;
  const t = roster.tally(log);
  const showAnnouncement = () => {
    const st = $('#announce-form select[name=status]').value === 'final'
      ? { status: 'final' } : { status: 'preliminary', objection_period_ends: '2024-07-10' };
    // The SVG comes from the package, which escapes every text it writes. It is parsed as
    // XML (strict: malformed markup is an error, not repaired as HTML would be) and its nodes
    // adopted; the page never hands data to the HTML parser.
    // as wide as its box (a phone's ≈ 340 px: its text at full size, not a 900 px page scaled
    // to a third), at most 900
    const box = $('#announcement').clientWidth;
    const widthPx = Math.max(240, Math.min(900, Math.floor(box) || 900));
    const doc = new DOMParser().parseFromString(t.announcementSvg(select.value, st, { widthPx }), 'image/svg+xml');
    if (doc.querySelector('parsererror') || doc.documentElement.localName !== 'svg') throw new Error('announcementSvg: not an SVG document');
    $('#announcement').replaceChildren(document.importNode(doc.documentElement, true));
    $('#announcement').dataset.matter = select.value;
  };
  $('#announce-form').addEventListener('change', showAnnouncement);
  showAnnouncement();

  // Receipt check
  $('#receipt-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const receipt = new FormData(ev.target).get('receipt').trim();
    const out = $('#receipt-result');
    out.replaceChildren();
    if (!/^[0-9a-fA-F]{64}$/.test(receipt)) {
      out.dataset.found = 'invalid';
      out.append(el('span', '这不是回执：回执是 64 位十六进制的哈希，请核对输入。Not a receipt: a receipt is a hash of 64 hex digits; check what was typed.', { class: 'error' }));
      return;
    }
    const pos = log.findReceipt(receipt);
    if (pos === undefined) {
      out.dataset.found = 'false';
      out.append(el('span', '未找到：此回执不在投票日志中。Not found: this receipt is not in the ballot log.', { class: 'error' }));
    } else {
      const b = entries[pos].ballot;
      out.dataset.found = 'true';
      out.dataset.position = String(pos);
      out.append(el('span', `已找到：第 ${pos + 1} 条（位置 position ${pos}）`, { class: 'ok' }),
        ` — 事项 ${b.matter}，收到于 ${b.received_at}。Found at position ${pos}.`);
    }
  });
  $('#sample-receipt').addEventListener('click', () => {
    $('#receipt-form input[name=receipt]').value = entries[Math.min(42, entries.length - 1)].hash;
  });

  // Chain check: what a resident does with the published log and head.
  $('#chain-form input[name=head]').value = head;
  $('#chain-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const out = $('#chain-result');
    const h = new FormData(ev.target).get('head').trim();
    try {
      verifyChain(snapshot, entries, h);
      out.dataset.ok = 'true';
      out.replaceChildren(el('span', `完整：${entries.length} 条记录的哈希链连续，日志头一致。Intact: the chain of ${entries.length} entries is unbroken and the head matches.`, { class: 'ok' }));
    } catch (e) {
      out.dataset.ok = 'false';
      // what failed (error.fault): an entry (its index), the head only (entries missing or
      // added at the end), or a head that is not a hash at all (mistyped: no entry is at fault)
      const what = e.fault === 'INVALID_HEAD'
        ? '日志头不是 SHA-256 哈希（64 位十六进制），请核对输入。The head is not a SHA-256 hash (64 hex digits): check what was typed.'
        : e.fault === 'HEAD_MISMATCH'
          ? `各条记录均连续，但日志头不一致：请先核对输入的日志头；若无误，则有记录缺失、增加或被改动。Every entry checks, but the head differs: check the head as typed; if it is right, entries were removed, added or changed.`
          // (error.index counts from 0; entries are numbered from 1 on this page, as receipts)
          : `第 ${e.index + 1} 条起不符。Broken from entry ${e.index + 1} on.`;
      // the package's own message counts entries from 0: said so, on its own line
      out.replaceChildren(el('span', `不一致 (${e.code})：${what}`, { class: 'error' }), el('br'),
        el('small', `详情（条目从 0 数起）details, entries counted from 0: ${e.message}`));
    }
  });

  status.textContent = `计票完成：准备名册与选票 ${(t1 - t0).toFixed(1)} ms，计票 ${(t2 - t1).toFixed(1)} ms，哈希链 ${(t3 - t2).toFixed(1)} ms。` +
    ` Counted: roster + log ${(t1 - t0).toFixed(1)} ms, tally ${(t2 - t1).toFixed(1)} ms, hash chain ${(t3 - t2).toFixed(1)} ms.`;
  status.dataset.ready = 'true';
  window.__assembly = { seed, head, rosterHash: roster.hash };
}

main().catch((e) => {
  const status = $('#status');
  status.textContent = `出错 Error: ${e.code != null ? e.code : ''} ${e.message}`;
  status.classList.add('error');
  status.dataset.ready = 'false';
  console.error(e);
});
