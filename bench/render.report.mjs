// Formats the results of bench/render.html as Markdown.
export function report(r, browser) {
  const f = (x, d = 1) => (x == null ? '—' : Number(x).toFixed(d));
  return [
    '## Draw the Siming grid map (canvas, vs ECharts)',
    '',
    `Chromium ${browser}, headless (software raster), this machine (2 cores shared); ` +
      `${r.cells} grid cells with labels, choropleth by households, ${r.width}×${r.height} CSS px at DPR ${r.dpr}; ` +
      `every time ends with a one-pixel \`getImageData\` read-back; jinlin and ECharts interleaved (first renders in turn, the order rotating, each redraw of jinlin followed by the same pan or zoom of jinlin with \`rasterizer: 'canvas'\` and of ECharts), so both see the same load` +
      (r.load ? ` (1-minute load average ${f(r.load[0])} before, ${f(r.load[1])} after)` : '') + `. ECharts ${r.echarts.version} \`map\` series ` +
      `(geo) with \`labelLayout.hideOverlap\` (as jinlin hides colliding labels), no animation, redraw by \`dispatchAction({type: 'geoRoam'})\` + \`zr.flush()\`. ` +
      `jinlin through \`${r.api}\`${r.compat ? ', **compatible build** (MVP wasm, `?jinlin-compat=1`)' : ''}. Medians: first render of ${r.firstRuns}, redraw of ${r.runs} pans and ${r.runs} zooms, ` +
      `pick over 15 × ${r.picks} seeded random points. After a zoom every fill, border and label is rasterised again; after a pan by whole device px the scanline raster is moved and only the band the pan exposes is rasterised (the labels are drawn again); the forced redraw rasterises everything with the view unchanged. Reproduce: \`node bench/run.mjs render --record\`.`,
    '',
    '| work | jinlin | ECharts | ratio |',
    '|---|---|---|---|',
    `| first render (parse GeoJSON → pixels${r.jinlin.firstFromBytes ? '; jinlin from the UTF-8 bytes, ECharts from text' : ''}) | ${f(r.jinlin.firstMs)} ms | ${f(r.echarts.firstMs)} ms | **${f(r.ratioFirst)}×** |`,
    ...(r.jinlin.firstFromBytes ? [`| – jinlin from text (\`GridMap.fromGeoJSON(string)\`) | ${f(r.jinlin.firstFromTextMs)} ms | ${f(r.echarts.firstMs)} ms | ${f(r.ratioFirstFromText)}× |`] : []),
    `| redraw after pan/zoom (median of both) | ${f(r.jinlin.redrawMs, 2)} ms | ${f(r.echarts.redrawMs, 2)} ms | **${f(r.ratioRedraw)}×** |`,
    ...(r.echarts.panMs ? [
      `| – after a pan of 7 CSS px (raster moved, the exposed band rasterised) | ${f(r.jinlin.panMs, 2)} ms | ${f(r.echarts.panMs, 2)} ms | ${f(r.echarts.panMs / r.jinlin.panMs)}× |`,
      `| – after a zoom by 1.25 or 0.8 (everything rasterised) | ${f(r.jinlin.zoomMs, 2)} ms | ${f(r.echarts.zoomMs, 2)} ms | ${f(r.echarts.zoomMs / r.jinlin.zoomMs)}× |`,
    ] : [`| – pan / zoom | ${f(r.jinlin.panMs, 2)} / ${f(r.jinlin.zoomMs, 2)} ms | — | — |`]),
    `| redraw after pan/zoom, \`rasterizer: 'canvas'\` (the canvas fills and strokes cached \`Path2D\`s) | ${f(r.jinlin.canvasRasterizerRedrawMs, 2)} ms | ${f(r.echarts.redrawMs, 2)} ms | ${f(r.echarts.redrawMs / r.jinlin.canvasRasterizerRedrawMs)}× |`,
    `| forced redraw, view unchanged (everything rasterised) | ${f(r.jinlin.forcedMs, 2)} ms | — | — |`,
    ...(r.jinlin.previewMs != null ? [`| zoom frame while a gesture is under way (\`setInteracting(true)\`: the last raster resampled as a preview) | ${f(r.jinlin.previewMs, 2)} ms | — | — |`] : []),
    `| hover moves to another cell (fills and boundaries not rasterised again) | ${f(r.jinlin.hoverMs, 2)} ms | — | — |`,
    `| pick the cell under a point | ${f(r.jinlin.pickUs, 2)} µs (${f(100 * r.jinlin.pickHitRate, 0)} % hits) | — | — |`,
    '',
    'Budget (DESIGN.md): redraw ≥ 3× faster than ECharts and ≤ 8 ms median; first render ≥ 10× faster; pick ≤ 20 µs median.',
  ].join('\n');
}
