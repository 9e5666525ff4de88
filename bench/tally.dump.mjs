// Writes the tally benchmark's input ({snapshot, ballots}, same seed and sizes as
// bench/tally.html) to a file, for the native timing:
//   node bench/tally.dump.mjs /tmp/tally-100k.json
//   TALLY_INPUT=/tmp/tally-100k.json cargo test --release --test tally_prepared -- --ignored --nocapture
import { writeFileSync } from 'node:fs';
import { generate } from '../www/assembly.gen.mjs';

const out = process.argv[2] ?? '/tmp/tally-100k.json';
writeFileSync(out, JSON.stringify(generate({ seed: 7, units: 20000, buildings: 60, ballots: 100000 })));
console.log(`wrote ${out}`);
