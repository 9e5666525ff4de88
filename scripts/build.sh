#!/usr/bin/env bash
# Builds the npm package into pkg/: the wasm module compiled once, bound by wasm-bindgen for the
# `web`, `bundler` and `nodejs` targets, optimised with binaryen's wasm-opt, and merged into one
# package.json with conditional exports. Then generates the Siming sample into www/data/.
# Calls wasm-bindgen and wasm-opt directly (as parquet-wasm does): nothing is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
log() { printf '\033[1m[build]\033[0m %s\n' "$*"; }

log "cargo build --release --target wasm32-unknown-unknown"
cargo build --release --target wasm32-unknown-unknown -p jinlin
wasm=target/wasm32-unknown-unknown/release/jinlin.wasm

rm -rf pkg && mkdir -p pkg
for t in web bundler nodejs; do
  out=pkg/$t
  [ "$t" = nodejs ] && out=pkg/node
  wasm-bindgen "$wasm" --out-dir "$out" --target "$t" --out-name jinlin
  # -O3 for speed; keep the names section out, the producers/target_features sections do not matter after binding.
  wasm-opt -O3 --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/jinlin_bg.wasm" -o "$out/jinlin_bg.wasm"
done
cp -r scripts/pkg/. pkg/
sed -i "s/\"version\": \"0.0.0\"/\"version\": \"$(awk -F'"' '/^version =/ {print $2; exit}' Cargo.toml)\"/" pkg/package.json
cp README.md pkg/README.md 2>/dev/null || true
# Tests, benchmarks and the demo's tooling import the package by its name, as a user would.
mkdir -p node_modules && ln -sfn ../pkg node_modules/jinlin
log "pkg/ ready: $(du -sh pkg | cut -f1)"

if [ "${SKIP_SAMPLE:-0}" != 1 ]; then
  log "generating the Siming sample into www/data/"
  cargo run --release -q -p siming-sample -- --out www/data
fi
