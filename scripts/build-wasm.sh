#!/usr/bin/env bash
# Builds the wasm runtime: rustc, wasm-bindgen, then binaryen's wasm-opt.
# Leaves target/wasm-bindgen/xun_wasm_bg.wasm (with names, for twiggy),
# xun_wasm_bg.opt.wasm (what ships) and the glue xun_wasm.js. Used by
# scripts/build.sh and bench/wasm-size.sh, so both measure the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

# Panic locations name source files: the dependencies' by their place under
# Cargo's registry, which differs from machine to machine. Remapped (33
# bytes gzip more), the wasm is the same wherever it is built.
# The flags go unsplit (CARGO_ENCODED_RUSTFLAGS), so a path with spaces
# stays one flag; the caller's RUSTFLAGS are kept.
flags=()
for flag in ${RUSTFLAGS:-}; do flags+=("$flag"); done
flags+=("--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src=crates")
encoded=$(IFS=$'\x1f'; echo "${flags[*]}")
CARGO_ENCODED_RUSTFLAGS="$encoded" cargo build --profile wasm --locked --target wasm32-unknown-unknown -p xun
wasm-bindgen --target no-modules --no-modules-global __xun_wasm --out-name xun_wasm \
  --no-typescript --out-dir target/wasm-bindgen target/wasm32-unknown-unknown/wasm/xun.wasm
# --low-memory-unused lets addresses fold into load and store offsets (−570
# bytes gzip): Rust puts the stack at the bottom of memory, growing down from
# 1 MiB, so its lowest 1 KB is only reached by a stack about to overflow.
node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --strip-producers --strip-target-features target/wasm-bindgen/xun_wasm_bg.wasm -o target/wasm-bindgen/xun_wasm_bg.opt.wasm
