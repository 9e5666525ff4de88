#!/usr/bin/env bash
# Runs every test of jinlin on a fresh machine: installs what is missing, then Rust checks and
# tests, the wasm build, the size report, JS tests of the built package and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "setup";               scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
step "rustfmt";             cargo fmt --all -- --check
step "clippy (native)";     cargo clippy --workspace --all-targets -- -D warnings
step "clippy (wasm32)";     cargo clippy -p jinlin --target wasm32-unknown-unknown -- -D warnings
step "clippy (wasm32, each package module's features)"
for f in grid render diagnostics tally tally-announce; do
  cargo clippy -p jinlin --target wasm32-unknown-unknown --no-default-features --features "$f" -- -D warnings
done
step "rustdoc";             RUSTDOCFLAGS="-D warnings" cargo doc -p jinlin --no-deps
step "cargo test (jinlin)"; cargo test -p jinlin
step "cargo test (sample)"; cargo test -p siming-sample --release
step "fuzz: grid, tally, render_svg (cargo-fuzz, ${FUZZ_SECONDS:-60} s each)"; scripts/fuzz.sh
step "build package";       scripts/build.sh
step "wasm size";           node scripts/size.mjs --enforce
step "compatible build: MVP wasm-validate"
# Every compatible module must validate with every post-MVP feature disabled (DESIGN.md, "Reach").
mapfile -t compat < <(find pkg -name '*.compat.wasm' | sort)
[ ${#compat[@]} -ge 5 ] || { echo "expected the compatible modules under pkg/"; exit 1; }
for f in "${compat[@]}"; do
  wasm-validate --disable-mutable-globals --disable-saturating-float-to-int \
    --disable-sign-extension --disable-simd --disable-multi-value --disable-bulk-memory \
    --disable-reference-types "$f"
  echo "MVP-valid: $f"
done
# …and the check means something: the default module is not MVP.
if wasm-validate --disable-bulk-memory --disable-sign-extension pkg/web/jinlin_bg.wasm 2>/dev/null; then
  echo "the default module validates as MVP: is the compatible build the same?"; exit 1
fi
step "compatible build: the browser entries parse as ES2017"
# import.meta.url (Chrome 64, iOS 11.1) is the one later syntax kept: bundlers need it to find
# the .wasm files. Everything else must be ES2017 (WeChat XWeb on Chrome 86, iOS 14).
rm -rf target/es2017 && mkdir -p target/es2017
for f in pkg/index.js pkg/features.js pkg/text-polyfill.js pkg/web/jinlin.js pkg/render/web/jinlin.js \
  pkg/tally/index.js pkg/tally/web/jinlin.js pkg/tally/announce/web/jinlin.js pkg/diagnostics/index.js pkg/diagnostics/web/jinlin.js \
  pkg/bundler/jinlin.js pkg/bundler/jinlin_bg.js pkg/link.js pkg/guard.js pkg/worker.js pkg/worker/assign.js pkg/worker/geocode.js; do
  sed 's/import\.meta\.url/__import_meta_url__/g' "$f" > "target/es2017/${f//\//_}"
done
es-check es2017 --module 'target/es2017/*.js'
step "JS tests";            node --test tests/js/
step "JS tests (compatible build)"; JINLIN_COMPAT=1 node --test tests/js/
# The external oracle: PostGIS ST_Covers vs jinlin (the package) on the whole Siming sample.
step "PostGIS oracle";      scripts/postgis-oracle.sh www/data
step "consumers: TypeScript (tsc --noEmit)"; tsc --noEmit -p tests/consumers/ts
step "consumers: the README's examples under strict, lib ES2020 + DOM"; node tests/consumers/ts/readme.mjs
step "consumers: Vite build";   vite build --config tests/consumers/vite/vite.config.mjs
step "consumers: webpack build"
webpack --config tests/consumers/webpack/webpack.config.mjs
cp tests/consumers/webpack/index.html tests/consumers/webpack/dist/
step "browser tests";       node --test --test-concurrency=1 tests/browser/
