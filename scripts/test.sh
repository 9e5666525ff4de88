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
step "rustdoc";             RUSTDOCFLAGS="-D warnings" cargo doc -p jinlin --no-deps
step "cargo test (jinlin)"; cargo test -p jinlin
step "cargo test (sample)"; cargo test -p siming-sample --release
step "build package";       scripts/build.sh
step "wasm size";           node scripts/size.mjs
step "JS tests";            node --test tests/js/
step "browser tests";       node --test --test-concurrency=1 tests/browser/
