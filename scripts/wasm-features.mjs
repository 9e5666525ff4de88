// Rewrites the `target_features` custom section of a wasm module (the one rustc/LLVM writes and
// wasm-bindgen reads to decide whether to use reference types), dropping the named features.
// The Rust standard library for wasm32 is prebuilt with reference-types and multivalue, so a
// crate compiled with `-C target-feature=-reference-types,-multivalue` still carries them in
// that section (DESIGN.md, "Reach"). Prints the section before and after.
// Usage: node scripts/wasm-features.mjs in.wasm out.wasm [feature ...]
//        node scripts/wasm-features.mjs --list in.wasm
import { readFileSync, writeFileSync } from 'node:fs';

function readU32(buf, pos) {
  let result = 0, shift = 0, byte;
  do {
    byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, pos];
}

function u32(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return Buffer.from(out);
}

/** The sections of a module: `{ id, start, end, bodyStart, name? }`. */
export function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const list = [];
  let pos = 8;
  while (pos < buf.length) {
    const start = pos;
    const id = buf[pos++];
    let size;
    [size, pos] = readU32(buf, pos);
    const bodyStart = pos;
    const end = pos + size;
    const s = { id, start, end, bodyStart };
    if (id === 0) {
      let len;
      [len, pos] = readU32(buf, bodyStart);
      s.name = buf.subarray(pos, pos + len).toString('utf8');
      s.payloadStart = pos + len;
    }
    list.push(s);
    pos = end;
  }
  return list;
}

/** The entries of a `target_features` section: `[[prefix, name], …]` (prefix `+`, `-` or `=`). */
export function targetFeatures(buf) {
  const s = sections(buf).find((x) => x.id === 0 && x.name === 'target_features');
  if (!s) return null;
  let pos = s.payloadStart, count;
  [count, pos] = readU32(buf, pos);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const prefix = String.fromCharCode(buf[pos++]);
    let len;
    [len, pos] = readU32(buf, pos);
    entries.push([prefix, buf.subarray(pos, pos + len).toString('utf8')]);
    pos += len;
  }
  return entries;
}

/** `buf` with the named features left out of its `target_features` section. */
export function dropFeatures(buf, drop) {
  const s = sections(buf).find((x) => x.id === 0 && x.name === 'target_features');
  if (!s) return buf;
  const kept = targetFeatures(buf).filter(([, name]) => !drop.includes(name));
  const name = Buffer.from('target_features');
  const body = Buffer.concat([
    u32(name.length), name, u32(kept.length),
    ...kept.map(([p, n]) => Buffer.concat([Buffer.from(p), u32(Buffer.byteLength(n)), Buffer.from(n)])),
  ]);
  return Buffer.concat([buf.subarray(0, s.start), Buffer.from([0]), u32(body.length), body, buf.subarray(s.end)]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const show = (b) => (targetFeatures(b) ?? []).map(([p, n]) => p + n).join(' ') || '(none)';
  if (args[0] === '--list') {
    console.log(show(readFileSync(args[1])));
  } else {
    const [input, output, ...drop] = args;
    const buf = readFileSync(input);
    const out = dropFeatures(buf, drop);
    writeFileSync(output, out);
    console.log(`target_features: ${show(buf)}\n             -> ${show(out)}`);
  }
}
