// A seeded generator of a SYNTHETIC owners' assembly: a roster snapshot (buildings, units with
// exact areas, multi-unit owners, the developer's unsold units, co-owned units, parking) and a
// ballot log (revotes, late ballots, proxies with and without authorisation, co-owners who are
// not the representative, owners not in the roster). No real person or address is in it.
// Used by the demo (www/assembly.html), its browser test and the tally benchmark.

/** mulberry32: a small seeded PRNG (same sequence in every engine). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The demo's input (www/assembly.html): a fixed seed, so the page, its test and a recount see the same data. */
export const DEMO = { seed: 2024, units: 1200, buildings: 12, ballots: 6000, assemblyId: 'XM-SM-BH-BC-0001' };

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** An area in m² as a decimal string with 2–4 decimals, from an integer of 0.0001 m². */
function areaText(e4, decimals) {
  const s = String(e4).padStart(5, '0');
  const int = s.slice(0, -4), frac = s.slice(-4);
  return `${int}.${frac.slice(0, decimals)}`;
}

/** The ten matters of the agenda (Civil Code Art. 278 ¶1 items; 6–8 special; item 3 an election). */
export function agenda(buildings, candidates) {
  const half = buildings.slice(0, Math.max(1, buildings.length >> 1));
  return [
    { id: 'M01', title: '制定业主大会议事规则 Rules of procedure', item: { article278: 1 }, deadline: '2024-06-30' },
    { id: 'M02', title: '修改管理规约 Amend the management covenant', item: { article278: 2 }, deadline: '2024-06-30' },
    { id: 'M03', title: '选举第二届业主委员会 Elect the owners’ committee', item: { article278: 3 }, deadline: '2024-06-30',
      election: { seats: 5, candidates } },
    { id: 'M04', title: '续聘物业服务企业 Renew the property manager', item: { article278: 4 }, deadline: '2024-06-30',
      revote: 'last_before_close', proxy_limit: 3, silent_owner_view: true },
    { id: 'M05', title: `使用维修资金更换电梯（${half.join('、')}） Use maintenance funds: lifts`, item: { article278: 5 },
      deadline: '2024-06-30', buildings: half },
    { id: 'M06', title: '筹集维修资金 Raise maintenance funds', item: { article278: 6 }, deadline: '2024-06-30' },
    { id: 'M07', title: '改建小区大门 Rebuild the main gate', item: { article278: 7 }, deadline: '2024-06-30' },
    { id: 'M08', title: '利用共有部分设置充电桩并经营 Run EV chargers on common parts', item: { article278: 8 }, deadline: '2024-06-30',
      counting: { area: ['commercial', 'parking', 'residential'], heads: ['commercial', 'residential'] } },
    { id: 'M09', title: '解聘物业服务企业 Dismiss the property manager', item: { article278: 4 }, deadline: '2024-06-30' },
    { id: 'M10', title: '其他重大事项：增设垃圾分类亭 Other: waste-sorting kiosks', item: { article278: 9 }, deadline: '2024-06-30' },
  ];
}

/**
 * Generates `{ snapshot, ballots }`.
 * @param {object} o
 * @param {number} o.seed
 * @param {number} o.units      number of units (≈ 83 % residential, 15 % parking, 2 % shops)
 * @param {number} o.buildings  number of residential buildings
 * @param {number} o.ballots    approximate number of ballots (all matters together)
 * @param {string} [o.assemblyId]
 */
export function generate({ seed = 1, units = 1200, buildings = 12, ballots = 6000, assemblyId = 'XM-SM-BH-0001' } = {}) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const bnames = Array.from({ length: buildings }, (_, i) => `${i + 1}号楼`);
  const nParking = Math.round(units * 0.15), nShops = Math.round(units * 0.02);
  const nRes = units - nParking - nShops;
  const out = [];
  const owners = []; // owner keys that hold at least one residential/commercial unit
  const ownerInfo = new Map(); // key -> { rep, coOwners }
  let nextOwner = 1;
  const newOwner = () => `o${pad(nextOwner++, 6)}`;
  const perBuilding = Math.ceil(nRes / buildings);
  let carry = null; // a multi-unit owner's key waiting for their next unit
  for (let i = 0; i < nRes; i++) {
    const b = Math.floor(i / perBuilding);
    const k = i % perBuilding;
    const floor = 1 + Math.floor(k / 4), door = 1 + (k % 4);
    const area_e4 = Math.round((60 + r() * 120) * 100) * 100 + (r() < 0.1 ? Math.floor(r() * 100) : 0);
    const u = { id: `${pad(b + 1)}-${pad(floor)}${pad(door)}`, building: bnames[b], kind: 'residential',
      area: areaText(area_e4, area_e4 % 100 ? 4 : 2), area_source: r() < 0.9 ? 'registry' : r() < 0.5 ? 'surveyed' : 'contract' };
    if (r() < 0.035) {
      u.owner = 'dev'; u.developer_held = true; // unsold: all developer units are one owner
    } else if (carry && r() < 0.7) {
      u.owner = carry; carry = null;
    } else {
      u.owner = newOwner();
      owners.push(u.owner);
      if (r() < 0.12) carry = u.owner; // this buyer will own another unit too
      if (r() < 0.05) {
        const co = [`${u.owner}a`, `${u.owner}b`];
        u.co_owners = co; u.representative = co[0];
        ownerInfo.set(u.owner, { rep: co[0], coOwners: co });
      }
    }
    if (ownerInfo.has(u.owner) && u.owner !== 'dev' && !u.co_owners) {
      const info = ownerInfo.get(u.owner);
      u.co_owners = info.coOwners; u.representative = info.rep;
    }
    out.push(u);
  }
  if (!owners.includes('dev') && out.some((u) => u.owner === 'dev')) owners.push('dev');
  for (let i = 0; i < nShops; i++) {
    const o = newOwner(); owners.push(o);
    out.push({ id: `S-${pad(i + 1, 3)}`, building: pick(bnames), kind: 'commercial',
      area: areaText(Math.round((30 + r() * 90) * 10000), 4), area_source: 'registry', owner: o });
  }
  const residents = out.filter((u) => u.kind === 'residential' && !u.co_owners && u.owner !== 'dev');
  for (let i = 0; i < nParking; i++) {
    const u = { id: `P-${pad(i + 1, 4)}`, building: '地下车库', kind: 'parking', area: areaText(Math.round((12 + r() * 3) * 100) * 100, 2),
      area_source: r() < 0.8 ? 'registry' : 'contract' };
    if (r() < 0.1) { u.owner = 'dev'; u.developer_held = true; }
    else if (r() < 0.85 && residents.length) u.owner = pick(residents).owner;
    else { u.owner = newOwner(); } // a parking-only owner: counts only where parking counts
    out.push(u);
  }
  const people = owners.filter((o) => o !== 'dev');
  const candidates = Array.from({ length: 8 }, (_, i) => ({ key: people[(i * 37 + 5) % people.length], name: `候选人${i + 1}` }));
  const matters = agenda(bnames, candidates);
  const snapshot = {
    assembly: { id: assemblyId, counting: { area: ['commercial', 'residential'], heads: ['commercial', 'residential'] } },
    units: out, matters,
  };

  // Ballots: per matter a turnout share and a lean; then revotes, late, proxies, strays.
  const unitBuilding = new Map();
  for (const u of out) if (u.kind !== 'parking') { if (!unitBuilding.has(u.owner)) unitBuilding.set(u.owner, new Set()); unitBuilding.get(u.owner).add(u.building); }
  const shares = [1.2, 1.15, 1.2, 1.1, 0.6, 1.1, 1.05, 0.9, 0.7, 1.0];
  const lean = [0.8, 0.62, 0, 0.55, 0.7, 0.78, 0.74, 0.5, 0.3, 0.9];
  const perMatter = ballots / shares.reduce((a, b) => a + b, 0);
  const log = [];
  const time = (late) => {
    if (late) return `2024-07-0${1 + Math.floor(r() * 2)}T${pad(Math.floor(r() * 24))}:${pad(Math.floor(r() * 60))}:${pad(Math.floor(r() * 60))}+08:00`;
    const day = 10 + Math.floor(r() * 21);
    return `2024-06-${pad(day)}T${pad(Math.floor(r() * 24))}:${pad(Math.floor(r() * 60))}:${pad(Math.floor(r() * 60))}+08:00`;
  };
  let proxyN = 0;
  matters.forEach((m, mi) => {
    const want = Math.round(perMatter * shares[mi]);
    const pool = m.buildings
      ? owners.filter((o) => [...(unitBuilding.get(o) || [])].some((b) => m.buildings.includes(b)))
      : owners;
    // a seeded partial shuffle picks the voters
    const voters = pool.slice();
    const n = Math.min(voters.length, Math.round(want * 0.93));
    for (let i = 0; i < n; i++) { const j = i + Math.floor(r() * (voters.length - i)); [voters[i], voters[j]] = [voters[j], voters[i]]; }
    const choose = () => {
      if (m.election) {
        const c = {};
        for (const cand of m.election.candidates) { const x = r(); if (x < 0.85) c[cand.key] = x < 0.25 + 0.6 * ((cand.name.charCodeAt(3) % 5) / 5) ? 'yes' : x < 0.8 ? 'no' : 'abstain'; }
        return r() < 0.01 ? { choice: 'invalid' } : { candidates: c };
      }
      const x = r();
      return { choice: x < lean[mi] ? 'yes' : x < lean[mi] + (1 - lean[mi]) * 0.7 ? 'no' : x < 0.995 ? 'abstain' : 'invalid' };
    };
    const cast = (owner, late = false) => {
      const info = ownerInfo.get(owner);
      const b = { matter: m.id, owner, cast_by: owner, capacity: 'owner', received_at: time(late), ...choose() };
      const x = r();
      if (info) {
        b.cast_by = x < 0.9 ? info.rep : info.coOwners[1];
        b.capacity = x < 0.6 ? 'representative' : 'owner';
      } else if (x < 0.03) {
        b.capacity = 'proxy'; b.cast_by = `proxy${pad(proxyN++ % 40, 3)}`;
        if (r() < 0.9) b.proxy_document = `WT-${m.id}-${pad(proxyN, 5)}`;
      }
      return b;
    };
    for (let i = 0; i < n; i++) log.push(cast(voters[i]));
    const extra = want - n;
    for (let i = 0; i < extra; i++) {
      const x = r();
      if (x < 0.55) log.push(cast(voters[Math.floor(r() * n)])); // a revote
      else if (x < 0.85) log.push(cast(pick(pool), true)); // after the close
      else log.push({ ...cast(voters[0]), owner: `x${pad(Math.floor(r() * 1e6), 6)}`, cast_by: `x${pad(i, 6)}`, capacity: 'owner' }); // not in the roster
    }
  });
  // The server logs ballots in order of receipt (a stable sort keeps generation order on ties).
  log.sort((a, b) => (a.received_at < b.received_at ? -1 : a.received_at > b.received_at ? 1 : 0));
  return { snapshot, ballots: log };
}
