// The grid map demo: the Siming sample's households geocoded in the page (GridMap.assign) and
// drawn as a choropleth (GridMapView) with drill-down street › community › grid, a legend,
// hover tooltips, a detail panel on tap, a list view for screen readers, wheel zoom, drag pan
// and two-finger pinch. Imports the package's browser entry, by URL.
// The package by its URL in this repository (its browser entry, what the package's "exports"
// give a browser), not by name: a bare name needs an import map, which WeChat's Android XWeb
// (Chromium 86) and iOS before 16.4 lack, and no demo page started there. In a portal, with a
// bundler (Vite, webpack) or an import map, write:
//   import { init, GridMap, GridMapView } from 'jinlin';
import { init, GridMap, GridMapView } from '../pkg/index.js';

const $ = (id) => document.getElementById(id);
const status = $('status');
const canvas = $('map');
const fmt = new Intl.NumberFormat('zh-CN');
const LEVEL = { street: '街道 street', community: '社区 community', grid: '网格 grid' };

// Text from data (cell and worker names) only ever goes in through textContent and
// setAttribute: the page builds its elements and never parses data as HTML.
function el(tag, content, attrs = {}) {
  const e = document.createElement(tag);
  if (content != null) e.textContent = content;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

async function main() {
  await init();
  const [geojson, hh, pp] = await Promise.all([
    fetch('data/grid.geojson').then((r) => r.arrayBuffer()), // the UTF-8 bytes: no decoding to a string and back
    fetch('data/households.f64').then((r) => r.arrayBuffer()),
    fetch('data/persons.u8').then((r) => r.arrayBuffer()),
  ]);
  const gm = GridMap.fromGeoJSON(new Uint8Array(geojson), { datum: 'gcj02' });
  const cells = gm.cells();
  const t0 = performance.now();
  const assigned = gm.assign(new Float64Array(hh), { persons: new Uint8Array(pp) });
  const assignMs = performance.now() - t0;
  const children = new Map();
  for (const c of cells) {
    if (c.parentIndex != null) children.set(c.parentIndex, (children.get(c.parentIndex) || 0) + 1);
  }

  const size = () => {
    const r = canvas.getBoundingClientRect();
    return [Math.max(1, r.width), Math.max(1, r.height), window.devicePixelRatio || 1];
  };
  let [w, h, dpr] = size();
  const view = GridMapView.fromGridMap(canvas, gm, {
    widthCss: w, heightCss: h, devicePixelRatio: dpr, show: 'street',
    classification: { method: 'naturalBreaks', classes: 5 },
  });
  view.setValues(Float64Array.from(assigned.households));

  // Zoom limits, per drill level and canvas size (setZoomLimits after every fit and resize):
  // - out: one level beyond the fit of the cells shown, so a pinch out after a drill-down
  //   stops near that street or community (not at the district) and nothing shrinks to a dot;
  // - in: one level beyond the fit of the smallest cell the level shows (at the top a street,
  //   then a community, then a grid — 226 m across in the Siming sample: about zoom 18.7 on a
  //   375×667 phone). The map has no base layer: past the point where the smallest cell shown
  //   is seen whole there is nothing more to see (one flat colour at the top level), and the
  //   one step more is for tapping a shared edge or a small cell precisely. (The package's
  //   default, 22, let a resident zoom until one cell filled the screen.)
  // the cells the level shows: the focus's children, or at the top the cells without a parent
  const shownCells = () => {
    const b = view.breadcrumb();
    const f = b.length ? b[b.length - 1].index : undefined;
    return cells.filter((c) => (f === undefined ? c.parentIndex == null : c.parentIndex === f));
  };
  // the zoom at which `bbox` ([west, south, east, north], degrees) fits the canvas with the
  // fits' 16 px padding; undefined while the canvas is too small to say
  const fitZoomOf = (bbox) => {
    if (w < 64 || h < 64) return undefined;
    const z = view.viewState().zoom;
    const [x0, y0] = view.project(bbox[0], bbox[3]), [x1, y1] = view.project(bbox[2], bbox[1]);
    return z + Math.log2(Math.min((w - 32) / Math.max(x1 - x0, 1e-6), (h - 32) / Math.max(y1 - y0, 1e-6)));
  };
  const ZOOM_CAP = 22; // the package's default maximum: fits are never clamped below it
  // the view as the last fit left it ({ center, zoom }): a resize (a phone rotated) fits the
  // level again only while the view is still there, i.e. not panned or zoomed since
  let lastFit = null;
  const atLastFit = () => {
    const s = view.viewState();
    return lastFit !== null && s.zoom === lastFit.zoom && s.center[0] === lastFit.center[0] && s.center[1] === lastFit.center[1];
  };
  // Runs `fit` (a drillDown, drillUp, fitBounds: each fits the cells it shows) with the limits
  // opened (the new level's fit may lie beyond the old level's floor or ceiling), then limits
  // zooming to that fit: the floor its zoom − 1. Returns what `fit` returned; when that is
  // false (no drill-down: the view did not move) the limits are as they were.
  function refit(fit) {
    const before = view.zoomLimits();
    view.setZoomLimits(0, ZOOM_CAP);
    const moved = fit();
    if (moved === false) { view.setZoomLimits(before[0], before[1]); return false; }
    limitTo(view.viewState().zoom);
    lastFit = view.viewState();
    return moved;
  }
  // sets the limits for a level whose fit is at zoom `fit` (kept as they are while the canvas
  // is too small: a page opened in a hidden tab fits and limits at its first resize)
  function limitTo(fit) {
    // the smallest shown cell's fit: the largest of their fit zooms
    const small = shownCells().reduce((z, c) => Math.max(z, fitZoomOf(c.bbox)), -Infinity);
    if (!Number.isFinite(small)) return; // (no size yet: NaN)
    const max = Math.min(ZOOM_CAP, Math.max(fit, small + 1));
    view.setZoomLimits(Math.max(0, Math.min(fit - 1, max)), max);
  }
  // fits the level shown again: the focus's children, or at the top the whole map
  const fitLevel = () => { const f = focusIndex(); return f === undefined ? view.fitBounds() : view.drillDown(f); };
  limitTo(view.viewState().zoom);
  lastFit = view.viewState();

  // requestAnimationFrame-driven: one frame per change; render() draws only when dirty
  let queued = false;
  const redraw = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; view.render(); });
  };
  // A new canvas size (a phone rotated, a window resized): resize keeps the centre and zoom, so
  // a street fitted in portrait would be cut off in landscape. The level is fitted to the new
  // size when the view is where the last fit left it; else (the resident panned or zoomed)
  // the view stays, and only the limits follow the new size (the fit's zoom is measured by
  // fitting and going back).
  new ResizeObserver(() => {
    const [nw, nh, nd] = size();
    if (nw === w && nh === h && nd === dpr) return;
    const keep = !atLastFit() && view.viewState();
    [w, h, dpr] = [nw, nh, nd];
    view.resize(w, h, dpr);
    refit(fitLevel);
    if (keep) {
      view.setView(keep.center[0], keep.center[1], keep.zoom); // (clamped into the new limits)
      lastFit = null;
    }
    redraw();
  }).observe(canvas);
  // a change of devicePixelRatio (browser zoom, moving the window to another screen)
  const watchDpr = () => matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`)
    .addEventListener('change', () => { [w, h, dpr] = size(); view.resize(w, h, dpr); redraw(); watchDpr(); }, { once: true });
  watchDpr();

  let selected;
  // the focused cell's index, the breadcrumb's last entry; undefined at the top (no
  // Array.prototype.at: Chromium < 92 and iOS < 15.4, e.g. WeChat's XWeb on Chromium 86, do
  // not have it; no ?. either: the demo's scripts are ES2019, tests/browser/reach.test.mjs)
  const focusIndex = () => { const b = view.breadcrumb(); return b.length ? b[b.length - 1].index : undefined; };
  // atY: the client y of the tap that chose the cell, if any
  // sheet: whether it opens as the phone's sheet (the default; a panel shown again after a
  // move up the breadcrumb keeps the sheet as it was)
  function showPanel(i, atY, sheet = true) {
    const c = cells[i];
    const dl = el('dl');
    const row = (label, value, key) => dl.append(el('dt', label), el('dd', value, key ? { 'data-key': key } : {}));
    row('层级 Level', LEVEL[c.level], 'level');
    row('网格员 Grid worker', c.worker || '—', 'worker');
    row('户数 Households', fmt.format(assigned.households[i]), 'households');
    row('人数 Persons', fmt.format(assigned.persons[i]), 'persons');
    if (children.has(i)) row('下级 Sub-cells', String(children.get(i)));
    const close = el('button', '×', { type: 'button', class: 'panel-close', 'aria-label': '关闭 Close' });
    close.addEventListener('click', () => $('panel').classList.remove('sheet'));
    $('panel').replaceChildren(close, el('h2', c.name, { id: 'panel-title' }), dl);
    $('panel').dataset.index = i;
    panelUp(view.breadcrumb());
    // on a phone the panel is below the map: it opens as a sheet over the map instead, at its
    // foot or, for a tap in the lower half, at its top: never over the tapped point (where a
    // double tap's second tap lands)
    $('panel').classList.toggle('sheet', sheet);
    $('panel').classList.toggle('top', atY > window.innerHeight / 2);
  }
  function select(i, atY) {
    selected = i;
    view.setSelected(i);
    showPanel(i, atY);
    // drill down when the cell has children (a street → its communities → their grids)
    if (refit(() => view.drillDown(i))) update();
    else markList();
    redraw();
  }

  function legend() {
    const l = view.legend();
    const item = (color, text, count) => {
      const li = el('li');
      const swatch = el('span', null, { class: 'swatch' });
      swatch.style.background = color;
      li.append(swatch, ` ${text} `, el('span', `(${count})`, { class: 'muted' }));
      return li;
    };
    // the range as the package's `label` writes it ([lo, hi) half-open, [lo, hi] the last
    // class, open-ended classes of manual breaks), with the page's number format
    const f = (x) => fmt.format(Math.round(x));
    const range = (c) => (c.openBelow && c.openAbove ? '全部 all' : c.openBelow ? `< ${f(c.hi)}`
      : c.openAbove ? `≥ ${f(c.lo)}` : c.lo === c.hi ? f(c.lo) : `[${f(c.lo)}, ${f(c.hi)}${c.hiIncluded ? ']' : ')'}`);
    const items = l.classes.map((c) => item(c.color, range(c), c.count));
    if (l.noDataCount) items.push(item(l.noDataColor, '无数据 no data', l.noDataCount));
    $('legend-list').replaceChildren(...items);
  }
  function crumbs() {
    const path = view.breadcrumb();
    const button = (name, up, current) => el('button', name, { type: 'button', 'data-up': String(up), ...(current ? { 'aria-current': 'page' } : {}) });
    const parts = [button('思明区 Siming', path.length, !path.length)];
    path.forEach((p, k) => {
      parts.push(' › ', button(p.name, path.length - 1 - k, k === path.length - 1));
    });
    $('crumbs').replaceChildren(...parts);
    panelUp(path);
  }
  // The phone's sheet carries a way one level up too: at the top of the screen it covers the
  // breadcrumb (it does not cover the map there). Shown by CSS on the sheet only.
  function panelUp(path) {
    const panel = $('panel');
    const old = panel.querySelector('.panel-up');
    if (old) old.remove();
    if (path.length && panel.dataset.index !== undefined) {
      const to = path.length > 1 ? path[path.length - 2].name : '思明区 Siming';
      panel.append(el('button', `↑ ${to}`, { type: 'button', class: 'panel-up', 'aria-label': `上一级 Up to ${to}` }));
    }
  }
  function list() {
    const ids = view.visibleCells();
    $('cell-list').replaceChildren(...[...ids]
      .sort((a, b) => assigned.households[b] - assigned.households[a])
      .map((i) => {
        const b = el('button', null, { type: 'button', 'data-index': String(i), 'aria-pressed': 'false' });
        b.append(el('span', cells[i].name), el('span', `${fmt.format(assigned.households[i])} 户`, { class: 'n' }));
        const li = el('li');
        li.append(b);
        return li;
      }));
    markList();
  }
  function markList() {
    for (const b of $('cell-list').querySelectorAll('button')) b.setAttribute('aria-pressed', String(Number(b.dataset.index) === selected));
  }
  function update() { legend(); crumbs(); list(); redraw(); }

  // Going up the breadcrumb leaves the cell that was tapped below: the selection is cleared
  // and the panel shows the level now focused (a street), or, at the top, its placeholder
  // with the phone's sheet closed. The top crumb at the top fits the whole map again (the
  // way back from a wheel zoom-out that left the district a dot).
  const placeholder = [...$('panel').childNodes];
  function showFocus() {
    selected = undefined;
    view.setSelected(undefined);
    const focus = focusIndex();
    const panel = $('panel');
    if (focus === undefined) {
      panel.replaceChildren(...placeholder);
      delete panel.dataset.index;
      panel.classList.remove('sheet', 'top');
    } else if (panel.dataset.index !== undefined) {
      showPanel(focus, panel.classList.contains('top') ? Infinity : 0, panel.classList.contains('sheet'));
    }
  }
  function goUp(up) {
    if (up === 0 && view.breadcrumb().length === 0) refit(() => view.fitBounds());
    if (up > 0) refit(() => { for (let k = up; k > 0; k--) view.drillUp(); });
    if (up > 0) showFocus();
    update();
  }
  $('crumbs').addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-up]');
    if (b) goUp(Number(b.dataset.up));
  });
  $('panel').addEventListener('click', (ev) => {
    const b = ev.target.closest('button.panel-up');
    if (b) goUp(1);
  });
  $('cell-list').addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-index]');
    if (b) select(Number(b.dataset.index));
  });
  $('zoom-in').addEventListener('click', () => { view.zoomAt(w / 2, h / 2, 1.5); redraw(); });
  $('zoom-out').addEventListener('click', () => { view.zoomAt(w / 2, h / 2, 1 / 1.5); redraw(); });

  // while a drag, pinch or burst of wheel events is under way the view previews zooms (the
  // last picture scaled) and hit-tests nothing; at the end it draws at full quality
  let wheelEnd = 0;
  const tooltip = $('tooltip');
  let mouseAt = null; // the mouse's last position over the map (CSS px), for the hover
  const interacting = (active) => { if (view.setInteracting(active)) redraw(); };

  // wheel zoom about the pointer
  canvas.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const r = canvas.getBoundingClientRect();
    const scale = ev.deltaMode === 1 ? 40 : 1;
    interacting(true);
    tooltip.hidden = true; // (the hover is cleared while the wheel zooms; shown again after)
    mouseAt = [ev.clientX - r.left, ev.clientY - r.top];
    view.zoomAt(mouseAt[0], mouseAt[1], Math.exp(-ev.deltaY * scale * 0.002));
    redraw();
    clearTimeout(wheelEnd);
    wheelEnd = setTimeout(() => {
      if (pointers.size > 0) return;
      interacting(false);
      if (mouseAt) hover(mouseAt); // the hover cleared by the gesture, back under a still mouse
    }, 200);
  }, { passive: false });

  // pointers: one drags, two pinch (zoom about their midpoint, pan with it); a short still
  // press is a tap
  const pointers = new Map();
  let tap = null;
  // A double tap by touch, or a mouse double click, zooms in ×2 about the point, as in every
  // web map. A tap acts at once (no waiting to see whether a second follows); the second tap
  // of a double tap puts back what the first changed (selection, drill-down, view, panel),
  // then zooms. A touch double tap is told by time and distance; a mouse double click by the
  // browser's click count (the second press's mousedown has detail 2), so clicks on cells in
  // quick succession that the browser does not count as a double click stay clicks.
  const DOUBLE_TAP_MS = 350, DOUBLE_TAP_PX = 24;
  let lastTap = null; // { at: [x, y], t, before } of the last single tap (touch or mouse)
  // After a tap drills down, the map under the finger is another level: for a double tap's
  // time a further tap that is not that double tap (two quick taps 40 px apart) was aimed at
  // the level before, and is ignored rather than drilling again from the new one. While so,
  // the canvas has data-settling (a test waits for it to go, not for a time).
  let settling = false, settleTimer = 0;
  const settle = (on) => {
    clearTimeout(settleTimer);
    settling = on;
    if (on) {
      canvas.dataset.settling = 'true';
      settleTimer = setTimeout(() => settle(false), DOUBLE_TAP_MS);
    } else delete canvas.dataset.settling;
  };
  const snapshot = () => ({
    selected, focus: focusIndex(), state: view.viewState(), lastFit,
    panel: [...$('panel').childNodes], index: $('panel').dataset.index,
    sheet: $('panel').classList.contains('sheet'), top: $('panel').classList.contains('top'),
  });
  function restore(s) {
    selected = s.selected;
    view.setSelected(s.selected); // (may move the drill-down to reveal it: set next)
    // (the level's fit, for its limits; then the view as it was)
    refit(() => {
      if (s.focus !== undefined) return view.drillDown(s.focus);
      while (view.drillUp()) { /* to the top */ }
      return view.fitBounds();
    });
    view.setView(s.state.center[0], s.state.center[1], s.state.zoom);
    lastFit = s.lastFit;
    const panel = $('panel');
    panel.replaceChildren(...s.panel);
    if (s.index === undefined) delete panel.dataset.index; else panel.dataset.index = s.index;
    panel.classList.toggle('sheet', s.sheet);
    panel.classList.toggle('top', s.top);
    update();
  }
  const local = (ev) => { const r = canvas.getBoundingClientRect(); return [ev.clientX - r.left, ev.clientY - r.top]; };
  const mid = () => { const ps = [...pointers.values()]; return [(ps[0][0] + ps[1][0]) / 2, (ps[0][1] + ps[1][1]) / 2, Math.hypot(ps[0][0] - ps[1][0], ps[0][1] - ps[1][1])]; };
  canvas.addEventListener('pointerdown', (ev) => {
    try { canvas.setPointerCapture(ev.pointerId); } catch { /* a pointer no longer active */ }
    pointers.set(ev.pointerId, local(ev));
    tap = pointers.size === 1 ? { id: ev.pointerId, at: local(ev), t: performance.now(), double: false } : null;
    if (pointers.size === 2) interacting(true);
    tooltip.hidden = true;
  });
  canvas.addEventListener('pointermove', (ev) => {
    const p = local(ev);
    if (!pointers.has(ev.pointerId)) {
      if (ev.pointerType === 'mouse') { mouseAt = p; hover(p); }
      return;
    }
    if (pointers.size === 2) {
      const [x0, y0, d0] = mid();
      pointers.set(ev.pointerId, p);
      const [x1, y1, d1] = mid();
      view.panBy(x1 - x0, y1 - y0);
      if (d0 > 0 && d1 > 0) view.zoomAt(x1, y1, d1 / d0);
    } else {
      const q = pointers.get(ev.pointerId);
      pointers.set(ev.pointerId, p);
      view.panBy(p[0] - q[0], p[1] - q[1]);
      if (tap && Math.hypot(p[0] - tap.at[0], p[1] - tap.at[1]) > 6) { tap = null; lastTap = null; interacting(true); }
    }
    redraw();
  });
  // (a mouse's pointerdown comes just before its mousedown; a touch's compatibility mouse
  // events come after its pointerup, when no tap is under way)
  canvas.addEventListener('mousedown', (ev) => { if (tap && ev.detail === 2) tap.double = true; });
  const end = (ev) => {
    const wasTap = tap && tap.id === ev.pointerId && ev.type === 'pointerup' && performance.now() - tap.t < 600;
    pointers.delete(ev.pointerId);
    if (pointers.size === 0) interacting(false);
    if (wasTap) {
      const [x, y] = local(ev);
      const touch = ev.pointerType === 'touch', mouse = ev.pointerType === 'mouse';
      const double = touch ? lastTap !== null && ev.timeStamp - lastTap.t < DOUBLE_TAP_MS : tap.double;
      if ((touch || mouse) && lastTap && double
        && Math.hypot(x - lastTap.at[0], y - lastTap.at[1]) < DOUBLE_TAP_PX) {
        restore(lastTap.before);
        settle(false); // (the drill-down, if any, is undone)
        view.zoomAt(x, y, 2);
        redraw();
        lastTap = null;
      } else if (!settling) {
        const before = touch || mouse ? snapshot() : null;
        const focus = focusIndex();
        const i = view.pick(x, y);
        if (i !== undefined) select(i, ev.clientY);
        if (focusIndex() !== focus) settle(true);
        lastTap = before && { at: [x, y], t: ev.timeStamp, before };
      }
    }
    tap = null;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  canvas.addEventListener('pointerleave', () => { mouseAt = null; if (view.setHover(undefined)) redraw(); tooltip.hidden = true; });
  function hover([x, y]) {
    const i = view.pick(x, y);
    if (view.setHover(i)) redraw();
    if (i === undefined) { tooltip.hidden = true; return; }
    tooltip.hidden = false;
    tooltip.textContent = `${cells[i].name} · ${fmt.format(assigned.households[i])} 户`;
    // centred above the pointer, kept inside the map box (near its east edge it would cover
    // the side panel); below the pointer when there is no room above
    const { width: tw, height: th } = tooltip.getBoundingClientRect();
    const left = Math.max(0, Math.min(x - tw / 2, w - tw));
    const top = y - th - 12 >= 0 ? y - th - 12 : Math.min(y + 16, h - th);
    tooltip.style.left = `${left}px`;
    tooltip.style.top = `${top}px`;
  }

  update();
  view.render();
  const s = assigned.summary;
  status.textContent = `已定位 ${fmt.format(s.assigned)} 户（${assignMs.toFixed(0)} ms）。Geocoded ${s.assigned} households in ${assignMs.toFixed(0)} ms.`;
  status.dataset.ready = 'true';
  window.__map = { view, gm, cells, assigned };
}

main().catch((e) => {
  status.textContent = `出错 Error: ${e.message}`;
  status.classList.add('error');
  status.dataset.ready = 'false';
  throw e;
});
