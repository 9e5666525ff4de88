import fs from 'node:fs';
const bytes = fs.readFileSync('target/wasm32-unknown-unknown/release/jinlin_geocode_wasm_bench.wasm');
const mod = await WebAssembly.compile(bytes);
const imports = {};
for (const imp of WebAssembly.Module.imports(mod)) {
  imports[imp.module] ??= {};
  imports[imp.module][imp.name] = () => { throw new Error('import ' + imp.name); };
}
const { exports } = await WebAssembly.instantiate(mod, imports);
for (const [c, name] of [[0, 'siming-like'], [1, 'siming-like-70']]) {
  const b = exports.setup(c);
  const builds = [];
  for (let i = 0; i < 5; i++) { const t = performance.now(); exports.build(); builds.push(performance.now() - t); }
  const runs = [];
  let assigned = 0;
  for (let i = 0; i < 21; i++) { const t = performance.now(); assigned = exports.run(); runs.push(performance.now() - t); }
  runs.sort((a, b) => a - b); builds.sort((a, b) => a - b);
  console.log(`${name} (wasm, node ${process.version}): ${b} boundary raster cells; build median ${builds[2].toFixed(1)} ms; assign 410000: median ${runs[10].toFixed(1)} ms, min ${runs[0].toFixed(1)} ms (${(runs[0] * 1e6 / 410000).toFixed(1)} ns/position min), assigned ${assigned}`);
}
