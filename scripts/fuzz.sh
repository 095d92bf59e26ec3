#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 30), on nightly with
# cargo-fuzz, starting from seeds written by fuzz-seeds (a real index, real
# queries, posts and pages). A crash stops it with the input's path; copy
# the input into fuzz/regressions/<target>/, fix the bug, and the stable
# tests replay it from then on (fuzz/targets/tests/replay.rs).
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[fuzz]\033[0m %s\n' "$*" >&2; }

secs=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(index_file query markdown html preload_text)

if ! cargo +nightly --version >/dev/null 2>&1; then
  say "skipped: no nightly toolchain (scripts/setup.sh installs one with rustup where it can)"
  exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "skipped: cargo-fuzz is not installed (scripts/setup.sh installs it where it can)"
  exit 0
fi

cargo run -q --release --locked -p xun-fuzz-targets --bin fuzz-seeds -- target/fuzz-corpus
cd fuzz
cargo +nightly fuzz build -O
for t in "${targets[@]}"; do
  say "$t for $secs s"
  # -timeout: an input that takes 10 s is a bug (a quadratic path), as is
  # one that needs 2 GB.
  if ! cargo +nightly fuzz run -O "$t" "../target/fuzz-corpus/$t" -- \
      -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      2> "../target/fuzz-$t.log"; then
    tail -40 "../target/fuzz-$t.log" >&2
    say "$t found a failing input (see fuzz/artifacts/$t/); add it to fuzz/regressions/$t/ once fixed"
    exit 1
  fi
  grep -E '^Done|stat::number_of_executed_units' "../target/fuzz-$t.log" >&2 || true
done
