#!/usr/bin/env bash
# Installs everything jinlin's build, demo and tests need on a fresh machine (idempotent).
# Offline-safe: only the package registries (crates.io, npm, Debian) are used.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# 1. Rust target for WebAssembly.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli at exactly the version locked in Cargo.lock (no --locked: the registry
#    mirror lacks one of its locked dependencies; see DESIGN.md).
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "cargo install wasm-bindgen-cli $want (have: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# 2b. cargo-fuzz for the bounded fuzzing step (scripts/fuzz.sh), pinned; no --locked (as above,
#     the mirror may lack a locked dependency). The fuzz targets need g++ (libFuzzer is C++; step 3).
fuzz_want=0.13.1
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$fuzz_want" ]; then
  log "cargo install cargo-fuzz $fuzz_want"
  cargo install cargo-fuzz --version "$fuzz_want" --force
fi

# 3. Debian packages: Chromium for browser tests, a CJK font for Chinese labels, wabt for
#    wasm-validate, PostgreSQL 15 + PostGIS 3 for the external oracle (scripts/postgis-oracle.sh
#    runs its own throwaway cluster: no system cluster is created or started).
need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || need+=(postgresql-15-postgis-3)
if [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/jinlin-no-main-cluster.conf
fi
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
command -v wasm-validate >/dev/null || need+=(wabt)
command -v g++ >/dev/null || need+=(g++)   # libFuzzer (cargo-fuzz) is C++
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# 4. npm packages (test tooling, peers for benchmarks, binaryen's wasm-opt).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund
fi
log "ready"
