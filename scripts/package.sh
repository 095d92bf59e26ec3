#!/usr/bin/env bash
# Packs build-index for its two registries, from what scripts/build.sh
# builds (run first, so both carry the runtime of these sources):
#
#   npm    target/npm/xun-build-index-V.tgz        the command; finds its binary in:
#          target/npm/xun-build-index-HOST-V.tgz   this machine's binary (HOST: linux-x64 here)
#          target/npm/hexo-xun-V.tgz               the Hexo plugin
#   crate  target/package/xun-V.crate and build-index-V.crate, the latter with
#          the built runtime in runtime/, so `cargo install` needs Rust alone
#
# bash scripts/package.sh [npm] [crate]     (both without arguments)
#
# The other platforms' npm packages (npm/platforms/*) are packed the same
# way on their own machines: npm/README.md says how a release does it.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[package]\033[0m %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(npm crate)
for part in "${parts[@]}"; do
  case $part in npm | crate) ;; *) fail "unknown part $part (npm, crate)" ;; esac
done

bash scripts/build.sh

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' build-index/Cargo.toml | head -n 1)
[ -n "$version" ] || fail "no version in build-index/Cargo.toml"

pack_npm() {
  # Every npm package is at build-index's version, and the command pins
  # its platform packages to it: a release bumps them together.
  node - "$version" <<'EOF'
const { readFileSync, readdirSync } = require('node:fs');
const version = process.argv[2];
const read = (p) => JSON.parse(readFileSync(p, 'utf8'));
const bad = [];
const main = read('npm/xun-build-index/package.json');
const manifests = [['npm/xun-build-index', main], ['hexo', read('hexo/package.json')]];
for (const dir of readdirSync('npm/platforms')) manifests.push([`npm/platforms/${dir}`, read(`npm/platforms/${dir}/package.json`)]);
for (const [dir, m] of manifests) if (m.version !== version) bad.push(`${dir}/package.json: version ${m.version}`);
for (const [name, v] of Object.entries(main.optionalDependencies)) if (v !== version) bad.push(`npm/xun-build-index: ${name}@${v}`);
const hexo = manifests[1][1].dependencies['xun-build-index'];
if (hexo !== version) bad.push(`hexo/package.json: xun-build-index@${hexo}`);
for (const dir of readdirSync('npm/platforms')) {
  const name = read(`npm/platforms/${dir}/package.json`).name;
  if (!(name in main.optionalDependencies)) bad.push(`npm/xun-build-index: ${name} is not an optional dependency`);
}
if (bad.length) {
  console.error(`[package] not at build-index's version ${version}:\n  ${bad.join('\n  ')}`);
  process.exit(1);
}
EOF

  host=$(node -p 'process.platform + "-" + process.arch')
  dir=npm/platforms/$host
  [ -d "$dir" ] || fail "no npm package for this platform ($dir)"
  target=$(node -p "require('./$dir/package.json').xun.target")
  rust_host=$(rustc -vV | sed -n 's/^host: //p')
  [ "$target" = "$rust_host" ] || fail "$dir is for $target, but this machine builds $rust_host"

  say "npm: $dir gets target/release/build-index, stripped"
  rm -rf "$dir/bin"
  mkdir -p "$dir/bin"
  if command -v strip >/dev/null; then
    strip -o "$dir/bin/build-index" target/release/build-index
  else
    cp target/release/build-index "$dir/bin/build-index"
  fi
  chmod 755 "$dir/bin/build-index"
  "$dir/bin/build-index" --version >/dev/null

  mkdir -p target/npm
  rm -f target/npm/*.tgz
  for pkg in npm/xun-build-index "$dir" hexo; do
    (cd "$pkg" && npm pack --silent --pack-destination "$OLDPWD/target/npm" >/dev/null)
  done
  say "npm: $(cd target/npm && ls -1 ./*.tgz | tr '\n' ' ')in target/npm/"
}

pack_crate() {
  say "crate: xun and build-index, with the runtime in build-index/runtime/"
  rm -rf build-index/runtime
  trap 'rm -rf build-index/runtime' EXIT
  mkdir build-index/runtime
  cp target/runtime/{xun.js,xun.css,xun_wasm.js,xun_wasm_bg.wasm} build-index/runtime/
  # xun is not on crates.io (yet): the patch resolves it to the workspace's
  # while the package's Cargo.lock is made. --no-verify: the install test
  # (tests/e2e/install.test.mjs) builds the package, from a clean CARGO_HOME.
  rm -f target/package/xun-*.crate target/package/build-index-*.crate
  cargo package --allow-dirty --no-verify -p xun -p build-index \
    --config "patch.crates-io.xun.path='$PWD'" 2>&1 | sed '/^warning: ignoring test/d' >&2
  local crate=target/package/build-index-$version.crate
  local listing
  listing=$(tar -tzf "$crate")
  for f in xun.js xun.css xun_wasm.js xun_wasm_bg.wasm; do
    grep -qx "build-index-$version/runtime/$f" <<<"$listing" || fail "$crate lacks runtime/$f"
  done
  rm -rf build-index/runtime
  trap - EXIT
  say "crate: $(ls -1 target/package/*.crate | tr '\n' ' ')"
}

for part in "${parts[@]}"; do
  "pack_$part"
done
