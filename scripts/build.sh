#!/usr/bin/env bash
# Builds the npm package into pkg/: one wasm module per domain (issue #5: each .wasm within the
# 150 KB gzip budget), each compiled with its own cargo features, bound by wasm-bindgen,
# optimised with binaryen's wasm-opt, and merged into one package.json with conditional exports.
# Each module is built twice: the default build (bulk-memory, sign-ext, non-trapping
# float-to-int, multi-value) as jinlin_bg.wasm and the compatible build (MVP + mutable globals:
# WeChat's XWeb on Chrome 86, iOS 14) as jinlin_bg.compat.wasm, both behind the same JS glue;
# `init()` picks one by feature detection (pkg/features.js; DESIGN.md, "Reach").
# Then generates the Siming sample into www/data/ (unless SKIP_SAMPLE=1).
# Calls wasm-bindgen and wasm-opt directly (as parquet-wasm does): nothing is downloaded.
#
#   module       features      profile    wasm-opt  targets                 package entry
#   (root)       grid          wasm-grid  -O3       web, bundler, nodejs    jinlin (with render)
#   render       render        wasm-render -O3      web, nodejs             jinlin (with root)
#   diagnostics  diagnostics   wasm-size  -Oz --converge web, nodejs        jinlin/diagnostics
#   tally        tally         wasm-size  -Oz --converge web, nodejs        jinlin/tally
#   tally/announce tally-announce wasm-size -Oz     web, nodejs             jinlin/tally (with tally)
#
# Drawing is at opt-level 2 (Cargo.toml's wasm-render profile: at 3 it is over the size budget,
# and no faster measurably) and geocoding's own code at 3 (their speed is budgeted; the grid
# module's dependencies are at `s`, see Cargo.toml's wasm-grid profile, to keep it within the
# size budget); the tally and the grid checks are optimised for size. (The renderer has no
# GeoJSON reader: `GridMapView.fromGridMap` passes the grid module's cells as flat typed
# arrays, see scripts/pkg/link.js.) SKIP_COMPAT=1 skips the compatible build.
# The tally and diagnostics modules run wasm-opt to a fixed point (`--converge`, a few hundred
# bytes to ~1 KB gzip less, ~1 min more each): they are the modules at the edge of their budget.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
log() { printf '\033[1m[build]\033[0m %s\n' "$*"; }

FEATURES_ALL="--enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
  --enable-mutable-globals --enable-multivalue"
# The compatible build: post-MVP instructions lowered, the output declared MVP (+ mutable
# globals, which every engine we reach has).
LOWER="--signext-lowering --llvm-memory-copy-fill-lowering --llvm-nontrapping-fptoint-lowering \
  --mvp-features --enable-mutable-globals"

# optimise IN OUT FLAGS...: wasm-opt, cached by content (it is slow, and targets whose bound
# module is byte-identical share one run).
optimise() {
  local in=$1 out=$2; shift 2
  local key
  key=$(cat "$in" <(echo "$*") | sha256sum | cut -c1-20)
  if [ ! -f "target/modules/opt-$key.wasm" ]; then
    wasm-opt "$@" "$in" -o "target/modules/opt-$key.wasm"
  fi
  cp "target/modules/opt-$key.wasm" "$out"
}

# build_module NAME FEATURES PROFILE WASM_OPT_LEVEL OUT_DIR TARGET...
build_module() {
  local name=$1 features=$2 profile=$3 opt=$4 dir=$5; shift 5
  mkdir -p target/modules
  # Both builds are compiled without reference types and bound as if without multi-value, so
  # that wasm-bindgen binds them the same way (a JS heap of objects instead of an externref
  # table, results through a return pointer) and they share one JS glue; the default build
  # keeps bulk-memory, sign-ext and non-trapping float-to-int. The prebuilt std still declares
  # both in `target_features`: cleared before binding.
  log "$name: cargo build --profile $profile --features $features (wasm32, -reference-types)"
  RUSTFLAGS="-C target-feature=-reference-types" \
    cargo build --profile "$profile" --target wasm32-unknown-unknown -p jinlin \
    --target-dir target/wasm-default --no-default-features --features "$features"
  node scripts/wasm-features.mjs "target/wasm-default/wasm32-unknown-unknown/$profile/jinlin.wasm" \
    "target/modules/$name.wasm" reference-types multivalue
  if [ "${SKIP_COMPAT:-0}" != 1 ]; then
    log "$name (compatible): -C target-feature=-reference-types,-multivalue"
    RUSTFLAGS="-C target-feature=-reference-types,-multivalue" \
      cargo build --profile "$profile" --target wasm32-unknown-unknown -p jinlin \
      --target-dir target/compat --no-default-features --features "$features"
    node scripts/wasm-features.mjs "target/compat/wasm32-unknown-unknown/$profile/jinlin.wasm" \
      "target/modules/$name.compat.wasm" reference-types multivalue
  fi
  local t out
  for t in "$@"; do
    out=$dir/$t
    [ "$t" = nodejs ] && out=$dir/node
    wasm-bindgen "target/modules/$name.wasm" --out-dir "$out" --target "$t" --out-name jinlin
    # shellcheck disable=SC2086
    optimise "$out/jinlin_bg.wasm" "$out/jinlin_bg.wasm" $opt $FEATURES_ALL
    if [ "${SKIP_COMPAT:-0}" != 1 ]; then
      rm -rf target/modules/bind && mkdir -p target/modules/bind
      wasm-bindgen "target/modules/$name.compat.wasm" --out-dir target/modules/bind --target "$t" --out-name jinlin
      # One glue for both: the compatible module must import and export exactly the same.
      if ! cmp -s target/modules/bind/jinlin.js "$out/jinlin.js"; then
        diff target/modules/bind/jinlin.js "$out/jinlin.js" | head -20 >&2
        echo "build: the compatible $name module needs other JS glue than the default one" >&2
        exit 1
      fi
      # shellcheck disable=SC2086
      optimise target/modules/bind/jinlin_bg.wasm "$out/jinlin_bg.compat.wasm" $LOWER $opt
    fi
  done
}

rm -rf pkg && mkdir -p pkg
build_module grid grid wasm-grid -O3 pkg web bundler nodejs
build_module render render wasm-render -O3 pkg/render web nodejs
build_module diagnostics diagnostics wasm-size "-Oz --converge" pkg/diagnostics web nodejs
build_module tally tally wasm-size "-Oz --converge" pkg/tally web nodejs
build_module tally-announce tally-announce wasm-size -Oz pkg/tally/announce web nodejs

# The browser glue must parse on the old engines too: wasm-bindgen writes `?.` and the like;
# esbuild lowers it to ES2017, keeping `import.meta.url` (Chrome 64, iOS 11.1), which bundlers
# need to find the .wasm files. scripts/test.sh checks the result with es-check.
log "lowering the browser glue to ES2017 (esbuild)"
for f in pkg/web/jinlin.js pkg/bundler/jinlin.js pkg/bundler/jinlin_bg.js pkg/render/web/jinlin.js \
  pkg/diagnostics/web/jinlin.js pkg/tally/web/jinlin.js pkg/tally/announce/web/jinlin.js; do
  esbuild "$f" --target=es2017 --supported:import-meta=true --format=esm --log-level=warning \
    --outfile="$f" --allow-overwrite
done

cp -r scripts/pkg/. pkg/
# wasm-bindgen declares `[Symbol.dispose]()` on every class, which needs TypeScript's
# `esnext.disposable` lib: declare the symbol as that lib does (the declarations merge), so that
# the types compile under a plain ES2020 + DOM lib too (tests/consumers/ts/readme.mjs).
for f in $(grep -l 'Symbol.dispose' $(find pkg -name jinlin.d.ts)); do
  printf '%s\n' 'declare global {' \
    '  interface SymbolConstructor {' \
    '    /** The method `using` calls (as in the lib esnext.disposable of TypeScript ≥ 5.2). */' \
    '    readonly dispose: unique symbol;' \
    '  }' '}' >> "$f"
done
# The CommonJS entry needs link.js as CommonJS: derive it rather than keep a hand copy.
{ echo "// Generated by scripts/build.sh from ../link.js (CommonJS form); edit link.js."
  echo "'use strict';"
  sed -e 's/^export function /function /' scripts/pkg/link.js
  echo 'module.exports = { linkGridMapView: linkGridMapView };'
} > pkg/node/link.cjs
# …and wasmFeatures() for the CommonJS entry, from the same source.
esbuild scripts/pkg/features.js --format=cjs --target=es2017 --log-level=warning --outfile=pkg/node/features.cjs
# …and the coded errors of the glue (guard.js: freed objects, init options, initSync).
esbuild scripts/pkg/guard.js --format=cjs --target=es2017 --log-level=warning --outfile=pkg/node/guard.cjs
# The CommonJS glue instantiates its module on require and exports nothing of it: expose the
# module's exports (non-enumerable) for the CommonJS entries' initSync(), which returns them as
# wasm-bindgen's initSync does.
for f in pkg/node/jinlin.js pkg/tally/node/jinlin.js pkg/diagnostics/node/jinlin.js; do
  echo "Object.defineProperty(exports, '__wbindgen_wasm', { value: wasm });" >> "$f"
done
# jinlin/worker: the geocoding worker is a classic worker script (module workers need iOS 15),
# so its entry and the grid module's web glue are bundled into one ES2017 file. The glue's
# default wasm URL (`import.meta.url`) is never used there: GeocodeWorker sends the URL.
log "bundling the geocoding worker (esbuild)"
esbuild pkg/worker/entry.js --bundle --format=iife --target=es2017 --log-level=warning \
  --log-override:empty-import-meta=silent --outfile=pkg/worker/geocode.js
rm pkg/worker/entry.js
sed -i "s/\"version\": \"0.0.0\"/\"version\": \"$(awk -F'"' '/^version =/ {print $2; exit}' Cargo.toml)\"/" pkg/package.json
cp README.md pkg/README.md 2>/dev/null || true
# Tests, benchmarks and the demo's tooling import the package by its name, as a user would.
mkdir -p node_modules && ln -sfn ../pkg node_modules/jinlin
log "pkg/ ready: $(du -sh pkg | cut -f1)"

if [ "${SKIP_SAMPLE:-0}" != 1 ]; then
  log "generating the Siming sample into www/data/"
  cargo run --release -q -p siming-sample -- --out www/data
fi
