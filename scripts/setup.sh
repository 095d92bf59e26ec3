#!/usr/bin/env bash
# Installs every tool the build and the tests need, idempotently: each step
# checks first and does nothing when the tool is already right. Only package
# registries are used (crates.io, Debian, npm); nothing is downloaded from
# release pages. What it installs, and how long it takes, is listed at the
# top of README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

WASM_PACK_VERSION=0.15.1

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else say "need root to run: $*"; exit 1
  fi
}

# 0. Node 20.10 or newer runs the end-to-end tests and the benches.
node_version=$(node --version 2>/dev/null || true)
if ! printf '%s\n' "$node_version" | awk -F'[v.]' '{ exit !($2 > 20 || ($2 == 20 && $3 >= 10)) }'; then
  say "need Node.js 20.10 or newer (found: ${node_version:-none}); install it from your package manager"
  exit 1
fi

# 1. The wasm target, and the formatter and linter the tests run.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

# 2. Debian's Chromium and its WebDriver (the tests' browser), a CJK font
#    (so screenshots show Chinese, not boxes), brotli (only to report
#    compressed sizes), and the static site generators the end-to-end tests
#    build real blogs with: Hugo, and Jekyll with the minima theme and the
#    archive, table-of-contents, feed and SEO plugins (Hexo comes from npm,
#    in step 5).
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
command -v brotli >/dev/null || missing+=(brotli)
command -v hugo >/dev/null || missing+=(hugo)
command -v jekyll >/dev/null || missing+=(jekyll)
for deb in jekyll-theme-minima ruby-jekyll-feed ruby-jekyll-seo-tag ruby-jekyll-archives ruby-jekyll-toc; do
  dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q 'ok installed' || missing+=("$deb")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# 3. wasm-pack, for `wasm-pack test --headless --chrome`.
if ! wasm-pack --version 2>/dev/null | grep -qx "wasm-pack $WASM_PACK_VERSION"; then
  say "installing wasm-pack $WASM_PACK_VERSION (takes about 3 minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi

# 4. wasm-bindgen-cli at exactly the version in Cargo.lock. Without --locked:
#    its own lockfile pins crates the registry mirror may lack.
wbg=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"/\1/p}' Cargo.lock)
if [ -z "$wbg" ]; then
  say "could not read the wasm-bindgen version from Cargo.lock"
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wbg"; then
  say "installing wasm-bindgen-cli $wbg (takes about 4 minutes)"
  cargo install wasm-bindgen-cli --version "$wbg" --force
fi

# 5. Node tools, pinned in package-lock.json: binaryen's wasm-opt (Debian's
#    binaryen 108 corrupts wasm-bindgen output), playwright-core, and Hexo
#    with the landscape theme and its renderers (the end-to-end tests
#    install the versions pinned here into a Hexo blog of their own).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ ! -d node_modules/hexo ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing node dev tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# 6. Fuzzing (optional): a nightly toolchain and cargo-fuzz. Where rustup
#    or the registry cannot provide them, the fuzz step of the tests says so
#    and skips; the found crashers are still replayed on stable.
if ! cargo +nightly --version >/dev/null 2>&1; then
  say "installing a nightly toolchain for fuzzing (optional)"
  rustup toolchain install nightly --profile minimal >/dev/null 2>&1 \
    || say "could not install nightly: fuzzing will be skipped"
fi
if cargo +nightly --version >/dev/null 2>&1 && ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz (optional, about a minute)"
  cargo install cargo-fuzz --locked >/dev/null 2>&1 \
    || say "could not install cargo-fuzz: fuzzing will be skipped"
fi
