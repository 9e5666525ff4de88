// Type-checks the README's JavaScript examples as a TypeScript user would write them, under a
// plain `strict` tsconfig with the default lib of ES2020 + DOM (no `esnext.disposable`): each
// ```js block of README.md becomes a module in target/readme-ts/ (with `declare const` for the
// inputs it does not define, below), then `tsc --noEmit` runs over them and over consumer.ts's
// imports. Run by scripts/test.sh; fails when an example no longer compiles.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const out = join(root, 'target/readme-ts');
// The inputs of each example, by a text it contains: what a page would have at hand.
const INPUTS = [
  ['GridMap.fromGeoJSON(geojsonText, { datum: \'gcj02\' }); // AMap', 'declare const geojsonText: string; declare const positions: Float64Array; declare const persons: Uint8Array;'],
  ['new GeocodeWorker()', 'declare const geojsonText: string; declare const positions: Float64Array; declare const persons: Uint8Array; declare const bar: HTMLProgressElement; declare const cancelButton: HTMLButtonElement; declare const signal: AbortSignal; declare const lng: number; declare const lat: number;'],
  ['jinlin/text-polyfill', 'declare const wasmModuleOrBytes: WebAssembly.Module;'],
  ['GridMapView.fromGridMap(canvas', 'declare const geojsonText: string; declare const positions: Float64Array; declare const persons: Uint8Array; declare const canvas: HTMLCanvasElement; declare const x: number; declare const y: number;'],
  ['new Roster(snapshot)', "import type { Snapshot, Ballot, LogEntry } from 'jinlin/tally'; declare const snapshot: Snapshot; declare const ballots: Ballot[]; declare const receipt: string; declare const entries: LogEntry[];"],
];
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const files = blocks.map((code, i) => {
  const inputs = INPUTS.find(([marker]) => code.includes(marker));
  if (!inputs) throw new Error(`README example ${i} has no inputs in tests/consumers/ts/readme.mjs:\n${code}`);
  const file = `example-${i}.ts`;
  writeFileSync(join(out, file), `${inputs[1]}\n${code}\nexport {};\n`);
  return file;
});
if (files.length !== INPUTS.length) throw new Error(`${files.length} README examples, ${INPUTS.length} known`);
writeFileSync(join(out, 'tsconfig.json'), JSON.stringify({
  compilerOptions: {
    target: 'ES2020', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2020', 'DOM'],
    strict: true, noEmit: true, skipLibCheck: false, types: [],
  },
  files: [...files, '../../tests/consumers/ts/plain.ts'],
}, null, 2));
execFileSync(join(root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', join(out, 'tsconfig.json')], { stdio: 'inherit' });
console.log(`README examples type-check under strict, lib ES2020 + DOM: ${files.length} examples`);
