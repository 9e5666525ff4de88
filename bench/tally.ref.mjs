// A straightforward JavaScript reference of the tally rules (LEGAL-TALLY.md), written the
// obvious way: plain objects, Maps keyed by strings, BigInt areas in 0.0001 m². It computes the
// statutory figures, outcomes, rejections by reason and elections (not the silent-owner view,
// not hashes). Used by bench/tally.html to time jinlin against, and to check both agree.

const E4 = 10000n;

export function parseAreaE4(text) {
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(text);
  if (!m) throw new Error(`bad area ${text}`);
  return BigInt(m[1]) * E4 + BigInt((m[2] ?? '').padEnd(4, '0'));
}

export function formatAreaE4(v) {
  const s = v.toString().padStart(5, '0');
  return `${s.slice(0, -4)}.${s.slice(-4)}`;
}

/** A date-only deadline runs to 24:00 Beijing time (UTC+8) of that day (Civil Code Art. 203). */
function deadlineMs(text) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Date.parse(`${text}T00:00:00+08:00`) + 86400000;
  return Date.parse(text);
}

const SPECIAL = new Set([6, 7, 8]);

function decide(g, special, invalidParticipates) {
  const tot = { h: 0, a: 0n };
  for (const k of ['yes', 'no', 'abstain', 'invalid', 'absent']) { tot.h += g[k].h; tot.a += g[k].a; }
  const part = { h: g.yes.h + g.no.h + g.abstain.h, a: g.yes.a + g.no.a + g.abstain.a };
  if (invalidParticipates) { part.h += g.invalid.h; part.a += g.invalid.a; }
  const quorum = tot.h > 0 && 3 * part.h >= 2 * tot.h && 3n * part.a >= 2n * tot.a;
  const consent = special
    ? 4 * g.yes.h >= 3 * part.h && 4n * g.yes.a >= 3n * part.a
    : 2 * g.yes.h > part.h && 2n * g.yes.a > part.a;
  return { tot, part, quorum, consent, outcome: !quorum ? 'NO_QUORUM' : consent ? 'PASSED' : 'NOT_PASSED' };
}

const groups = () => ({ yes: { h: 0, a: 0n }, no: { h: 0, a: 0n }, abstain: { h: 0, a: 0n }, invalid: { h: 0, a: 0n }, absent: { h: 0, a: 0n } });

/**
 * Tallies `ballots` (log order) against `snapshot`. Returns per matter
 * `{ matter_id, outcome, totals, participating, yes, no, abstain, counted, rejected_by_reason, elected, tied }`
 * with areas as decimal strings of m² (4 decimals).
 */
export function referenceTally(snapshot, ballots) {
  // Owners: one head per owner key, areas summed (Interpretation Art. 9).
  const owners = new Map();
  for (const u of snapshot.units) {
    let o = owners.get(u.owner);
    if (!o) { o = { key: u.owner, units: [], rep: u.representative ?? null }; owners.set(u.owner, o); }
    o.units.push({ building: u.building, kind: u.kind, area: parseAreaE4(u.area) });
  }
  const times = ballots.map((b) => Date.parse(b.received_at));
  const out = [];
  for (const m of snapshot.matters) {
    const counting = m.counting ?? snapshot.assembly.counting;
    const areaKinds = new Set(counting.area), headKinds = new Set(counting.heads);
    const scope = m.buildings ? new Set(m.buildings) : null;
    const weight = new Map();
    for (const o of owners.values()) {
      const w = { eligible: false, head: false, area: 0n };
      for (const u of o.units) {
        if (scope && !scope.has(u.building)) continue;
        if (areaKinds.has(u.kind)) { w.eligible = true; w.area += u.area; }
        if (headKinds.has(u.kind)) { w.eligible = true; w.head = true; }
      }
      weight.set(o.key, w);
    }
    const deadline = deadlineMs(m.deadline);
    const revoteLast = m.revote === 'last_before_close';
    const order = [];
    ballots.forEach((b, i) => { if (b.matter === m.id) order.push(i); });
    order.sort((i, j) => times[i] - times[j] || i - j);
    const effective = new Map();
    const rejected = {};
    const reject = (reason) => { rejected[reason] = (rejected[reason] ?? 0) + 1; };
    const proxies = new Map();
    for (const i of order) {
      const b = ballots[i];
      const o = owners.get(b.owner);
      if (!o) { reject('UNKNOWN_OWNER'); continue; }
      if (!weight.get(b.owner).eligible) { reject('NOT_ELIGIBLE'); continue; }
      if (times[i] >= deadline) { reject('LATE'); continue; }
      let bad = null;
      if (b.capacity === 'owner') bad = o.rep ? (o.rep !== b.cast_by ? 'NOT_REPRESENTATIVE' : null) : (b.cast_by !== o.key ? 'NOT_AUTHORISED' : null);
      else if (b.capacity === 'representative') bad = o.rep ? (o.rep === b.cast_by ? null : 'NOT_REPRESENTATIVE') : 'NOT_AUTHORISED';
      else if (!b.proxy_document || !b.proxy_document.trim()) bad = 'PROXY_MISSING_DOCUMENT';
      if (bad) { reject(bad); continue; }
      const prev = effective.get(b.owner);
      if (prev !== undefined && !revoteLast) { reject('DUPLICATE'); continue; }
      if (b.capacity === 'proxy') {
        let set = proxies.get(b.cast_by);
        if (!set) { set = new Set(); proxies.set(b.cast_by, set); }
        if (!set.has(b.owner)) {
          if (m.proxy_limit != null && set.size >= m.proxy_limit) { reject('PROXY_LIMIT'); continue; }
          set.add(b.owner);
        }
      }
      if (prev !== undefined) reject('SUPERSEDED');
      effective.set(b.owner, i);
    }
    const special = m.item.article278 != null ? SPECIAL.has(m.item.article278) : m.item.local.class === 'special';
    const invalidParticipates = m.invalid_participates ?? true;
    const g = groups();
    for (const [key, w] of weight) {
      if (!w.eligible) continue;
      const i = effective.get(key);
      const c = i === undefined ? 'absent' : ballots[i].choice === 'invalid' ? 'invalid' : m.election ? 'abstain' : ballots[i].choice;
      g[c].h += w.head ? 1 : 0; g[c].a += w.area;
    }
    const d = decide(g, special, invalidParticipates);
    const row = {
      matter_id: m.id,
      outcome: d.outcome,
      totals: { heads: d.tot.h, area: formatAreaE4(d.tot.a) },
      participating: { heads: d.part.h, area: formatAreaE4(d.part.a) },
      yes: m.election ? null : { heads: g.yes.h, area: formatAreaE4(g.yes.a) },
      no: m.election ? null : { heads: g.no.h, area: formatAreaE4(g.no.a) },
      abstain: m.election ? null : { heads: g.abstain.h, area: formatAreaE4(g.abstain.a) },
      counted: effective.size,
      rejected_by_reason: rejected,
      elected: null, tied: null,
    };
    if (m.election) {
      const rows = [];
      for (const c of m.election.candidates) {
        const gc = groups();
        for (const [key, w] of weight) {
          if (!w.eligible) continue;
          const i = effective.get(key);
          let k;
          if (i === undefined) k = 'absent';
          else if (ballots[i].choice === 'invalid') k = 'invalid';
          else k = ballots[i].candidates?.[c.key] ?? 'abstain';
          gc[k].h += w.head ? 1 : 0; gc[k].a += w.area;
        }
        const dc = decide(gc, false, invalidParticipates);
        rows.push({ key: c.key, passed: dc.outcome === 'PASSED', h: gc.yes.h, a: gc.yes.a });
      }
      const passed = rows.filter((r) => r.passed)
        .sort((x, y) => y.h - x.h || (y.a > x.a ? 1 : y.a < x.a ? -1 : 0) || (x.key < y.key ? -1 : 1));
      const seats = m.election.seats;
      let elected = [], tied = [];
      if (passed.length <= seats) elected = passed.map((r) => r.key);
      else {
        const last = passed[seats - 1];
        const same = (r) => r.h === last.h && r.a === last.a;
        if (same(passed[seats])) {
          for (const r of passed) {
            if (same(r)) tied.push(r.key);
            else if (r.h > last.h || (r.h === last.h && r.a > last.a)) elected.push(r.key);
          }
        } else elected = passed.slice(0, seats).map((r) => r.key);
      }
      row.elected = elected; row.tied = tied;
      row.outcome = !d.quorum ? 'NO_QUORUM' : elected.length || tied.length ? 'PASSED' : 'NOT_PASSED';
    }
    out.push(row);
  }
  return out;
}

/** The same shape from a jinlin `TallySummary` (or `TallyResult`), for comparison. */
export function fromJinlin(summary) {
  return summary.matters.map((m) => {
    const f = m.figures;
    const e = m.election;
    const blk = (s) => ({ heads: s.heads, area: s.area });
    return {
      matter_id: m.matter_id,
      outcome: f.outcome,
      totals: blk(f.totals),
      participating: blk(f.participating),
      yes: e ? null : blk(f.yes),
      no: e ? null : blk(f.no),
      abstain: e ? null : blk(f.abstain),
      counted: m.counted_ballots,
      rejected_by_reason: { ...m.rejected_by_reason },
      elected: e ? e.elected : null,
      tied: e ? e.tied_for_last_seats : null,
    };
  });
}

/** Stable text of a comparison row list (keys sorted), for equality checks. */
export function stable(rows) {
  const sort = (v) => (Array.isArray(v) ? v.map(sort) : v && typeof v === 'object'
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v);
  return JSON.stringify(sort([...rows].sort((a, b) => (a.matter_id < b.matter_id ? -1 : 1))));
}
