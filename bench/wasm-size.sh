#!/usr/bin/env bash
# Builds the wasm runtime as scripts/build.sh does and prints its size on
# the wire (gzip -9, brotli quality 11), and the glue's. With --top N, also
# the N largest functions and data of the unoptimised wasm, which keeps
# its names (twiggy). With --parts, what the shipped wasm's bytes buy,
# grouped by what they do (bench/wasm-parts.mjs).
#
#   bash bench/wasm-size.sh [--top N | --parts]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build-wasm.sh >&2

row() {
  printf '%-22s raw %7d  gzip %6d  brotli %6d\n' "$(basename "$1")" \
    "$(wc -c <"$1")" "$(gzip -9 -c <"$1" | wc -c)" "$(brotli -q 11 -c <"$1" | wc -c)"
}
row target/wasm-bindgen/xun_wasm_bg.opt.wasm
row target/wasm-bindgen/xun_wasm.js

if [ "${1:-}" = --top ]; then
  twiggy top -n "${2:-30}" target/wasm-bindgen/xun_wasm_bg.wasm
fi
if [ "${1:-}" = --parts ]; then
  node bench/wasm-parts.mjs
fi
