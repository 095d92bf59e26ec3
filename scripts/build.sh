#!/usr/bin/env bash
# Builds the wasm runtime and xun.js into target/runtime/, then build-index (which
# embeds it), then the demo: the index with the runtime in www/search/, the
# posts in www/posts/ and the offline index in www/offline/. Assumes
# scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[build]\033[0m %s\n' "$*" >&2; }

say "wasm runtime → target/runtime/"
bash scripts/build-wasm.sh
mkdir -p target/runtime
# Replace only what changed, so build-index (which embeds these) is rebuilt
# only when the runtime really is new.
update() { cmp -s "$1" "$2" || cp "$1" "$2"; }
update target/wasm-bindgen/xun_wasm_bg.opt.wasm target/runtime/xun_wasm_bg.wasm
# The glue, minified: it counts towards the widget's 15 KB budget (its
# global, __xun_wasm, keeps its name: a script's top level is not renamed).
node_modules/.bin/esbuild target/wasm-bindgen/xun_wasm.js --minify --charset=utf8 --log-level=warning \
  --outfile=target/wasm-bindgen/xun_wasm.min.js
update target/wasm-bindgen/xun_wasm.min.js target/runtime/xun_wasm.js

say "xun.js: www/xun/ bundled by esbuild → target/runtime/"
# One classic script (an IIFE): the page loads it, the worker imports it.
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
node_modules/.bin/esbuild www/xun/main.js --bundle --format=iife --target=es2017 \
  --define:XUN_VERSION="\"$version\"" --minify --charset=utf8 --legal-comments=none --banner:js="/*! xun (寻) · www/xun/ bundled by esbuild */" --log-level=warning --outfile=target/runtime/xun.next.js
update target/runtime/xun.next.js target/runtime/xun.js
rm target/runtime/xun.next.js
# The stylesheet, minified: its comments stay in www/xun.css, for who reads it.
node_modules/.bin/esbuild www/xun.css --minify --charset=utf8 --log-level=warning --outfile=target/runtime/xun.next.css
update target/runtime/xun.next.css target/runtime/xun.css
rm target/runtime/xun.next.css

say "build-index, with the runtime embedded"
cargo build --release --locked -p build-index

say "demo: www/search/ (index and runtime), www/posts/, www/offline/"
rm -rf www/posts
target/release/build-index corpus --out www/search --html www --synonyms corpus/synonyms.conf
target/release/build-index corpus --out www/offline --base-url ../ --offline --synonyms corpus/synonyms.conf >/dev/null
