#!/usr/bin/env bash
# Command 2 of the README: every test. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n\033[1m[test]\033[0m %s\n' "$*" >&2; }

bash scripts/setup.sh

# First, so that build-index is checked and tested with the wasm runtime
# embedded, as it ships.
say "build: wasm, build-index, demo"
bash scripts/build.sh

say "format, lints and generated tables"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
node scripts/gen-t2s.mjs --check
node scripts/gen-regional.mjs --check

say "jieba-rs must not be in the wasm's dependency graph"
wasm_deps=$(cargo tree --locked -p xun --target wasm32-unknown-unknown -e normal,build --prefix none)
grep -q '^fst ' <<<"$wasm_deps" || { echo "cargo tree printed no wasm dependencies" >&2; exit 1; }
if grep -i jieba <<<"$wasm_deps"; then
  echo "jieba is a dependency of the wasm runtime" >&2
  exit 1
fi

say "the wasm indexes no str by range: the panic it links (message, Debug, Unicode tables) was 4 KB gzip; see analysis::sub"
if grep -q 'is not a char boundary' target/wasm-bindgen/xun_wasm_bg.opt.wasm; then
  echo "str slicing (s[a..b]) reached the wasm: use xun::analysis::sub" >&2
  exit 1
fi

say "native tests (including the replay of every crasher the fuzzers found)"
cargo test --workspace --locked

say "wasm tests in headless Chromium, over an index built from corpus/"
target/release/build-index corpus --out target/xun-test-index --bundle --synonyms corpus/synonyms.conf >/dev/null
# The runner gives the whole suite 20 s by default; in the debug profile (kept
# for its overflow checks) it takes about 21 s here, and more on a slower machine.
WASM_BINDGEN_TEST_TIMEOUT=300 wasm-pack test --headless --chrome

say "relevance: every kind of the reader suite, and the first suite, at or above their floors"
node bench/relevance.mjs --check
node bench/relevance.mjs --suite legacy --check

say "packages: the npm tarballs (command, this platform's binary, hexo-xun) and the crates"
bash scripts/package.sh
node --test hexo/test/

say "end-to-end tests: the demo, a plain-HTML blog, strict CSP, offline, --serve; real Hugo, Hexo and Jekyll blogs; npm and cargo installs"
node --test --test-concurrency=1 tests/e2e/

say "fuzzing: every target for 30 s where nightly and cargo-fuzz are present"
bash scripts/fuzz.sh 30

say "widget size: xun.js, xun.css and the wasm glue, gzipped, within the budget of bench/widget-size.mjs (18.5 KB)"
node bench/widget-size.mjs --check

say "all tests passed"
