#!/usr/bin/env bash
# Builds the wasm runtime into www/, the demo index into www/search/ and the
# demo posts into www/posts/. Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[build]\033[0m %s\n' "$*" >&2; }

say "wasm runtime → www/xun_wasm.js, www/xun_wasm_bg.wasm"
cargo build --profile wasm --locked --target wasm32-unknown-unknown -p xun
wasm-bindgen --target no-modules --no-modules-global __xun_wasm --out-name xun_wasm \
  --no-typescript --out-dir target/wasm-bindgen target/wasm32-unknown-unknown/wasm/xun.wasm
node_modules/.bin/wasm-opt -Oz \
  target/wasm-bindgen/xun_wasm_bg.wasm -o www/xun_wasm_bg.wasm
cp target/wasm-bindgen/xun_wasm.js www/xun_wasm.js

say "demo index → www/search/, demo posts → www/posts/"
cargo build --release --locked -p build-index
rm -rf www/posts
target/release/build-index corpus --out www/search --html www --synonyms corpus/synonyms.conf
