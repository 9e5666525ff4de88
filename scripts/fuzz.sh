#!/usr/bin/env bash
# Fuzzes the core with cargo-fuzz (libFuzzer) for a bounded time per target (issue 6):
#   grid        GeoJSON grid parsing + index build + assign/locate (index vs brute force)
#   tally       tally input parsing + count + hash chain build/verify (and published logs)
#   render_svg  the map SVG and the announcement SVG with arbitrary names and values
# Each target starts from its committed seed corpus fuzz/corpus/<target>/ (read only: what the
# run finds goes to target/fuzz-corpus/<target>/, kept between runs on one machine) and runs
# FUZZ_SECONDS (default 60) seconds. A crash, timeout or leak fails the step and leaves the
# input in fuzz/artifacts/<target>/; minimise it (`cargo fuzz tmin <target> <file>`), fix
# the core, and commit it as fuzz/corpus/<target>/regression-<what>: tests/fuzz_corpus.rs
# runs every corpus file through the same checks (fuzz/src/lib.rs) in `cargo test`, and every
# later run starts from it.
#
# Toolchain: cargo-fuzz passes -Z flags, which need nightly. A fresh CI machine has only the
# stable toolchain, so RUSTC_BOOTSTRAP=1 lets stable accept them. AddressSanitizer is used
# when the toolchain ships its runtime (stable's rust-std has librustc-*_rt.asan.a on
# x86_64-unknown-linux-gnu, so it does here); otherwise the targets are built with
# --sanitizer none (still libFuzzer, with Rust's own bounds and overflow checks).
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTC_BOOTSTRAP=1
seconds=${FUZZ_SECONDS:-60}
targets=(grid tally render_svg)

host=$(rustc -vV | awk '/^host:/ {print $2}')
if compgen -G "$(rustc --print sysroot)/lib/rustlib/$host/lib/*asan*" >/dev/null; then
  sanitizer=address
else
  sanitizer=none
fi
echo "[fuzz] $(rustc --version), $(cargo fuzz --version), sanitizer: $sanitizer, ${seconds} s per target"

# One build of every target (the run below reuses it).
cargo fuzz build --sanitizer "$sanitizer"

summary=target/fuzz-summary.txt
mkdir -p target && : > "$summary"
status=0
for t in "${targets[@]}"; do
  mkdir -p "target/fuzz-corpus/$t"
  log="target/fuzz-$t.log"
  echo "[fuzz] $t: ${seconds} s from $(ls "fuzz/corpus/$t" | wc -l) seeds"
  # -timeout: one input taking 10 s is a hang (a denial of service), reported as a crash.
  # -max_len: the largest seed is ~5 KB; 64 KB leaves room to grow without slowing down.
  if ! cargo fuzz run --sanitizer "$sanitizer" "$t" \
      "target/fuzz-corpus/$t" "fuzz/corpus/$t" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 >"$log" 2>&1; then
    tail -60 "$log"
    echo "[fuzz] $t FAILED: the input is in fuzz/artifacts/$t/ (full log: $log)"
    status=1
  fi
  execs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  printf '%-11s %9s execs in %s s, %s, corpus %s\n' "$t" "${execs:-?}" "$seconds" "${cov:-cov: ?}" \
    "$(ls "target/fuzz-corpus/$t" | wc -l)" | tee -a "$summary"
done
exit $status
