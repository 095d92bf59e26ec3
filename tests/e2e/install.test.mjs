// The two ways to install build-index without cloning this repository, as
// docs/install.md gives them, each on a machine reduced to what it needs:
// - npm: with Node alone on PATH, the packed tarballs install, and
//   `npx build-index <site> --out <site>/search/` writes an index and a
//   runtime that search in Chromium;
// - cargo: the packaged crate installs with Rust alone (a clean CARGO_HOME,
//   no wasm32 tools on PATH), and its runtime is the one built here.
// Both need scripts/package.sh first.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { serve, browser, repo, FRESH_HIT, packed, installPacked, crateVersion, tempDir } from './lib.mjs';

const cleanup = [];
after(async () => {
  for (const f of cleanup.reverse()) await f();
});

/** Which of `tools` a shell finds on `path`. */
function found(tools, path) {
  return tools.filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { env: { PATH: path }, stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
}

const rustTools = ['cargo', 'rustc', 'rustup', 'wasm-pack', 'wasm-bindgen', 'wasm-opt'];
const runtime = ['xun.js', 'xun.css', 'xun_wasm.js', 'xun_wasm_bg.wasm'];

/** The runtime as this checkout builds it (scripts/build.sh). */
const builtRuntime = (name) => readFileSync(join(repo, 'target/runtime', name));

test('npm: with Node alone, npx build-index writes an index and a runtime that search', async () => {
  const { cli, version } = packed();
  // Node's own directory, and the system's; Rust lives in ~/.cargo/bin.
  const nodeDir = execFileSync('sh', ['-c', 'dirname "$(command -v node)"'], { encoding: 'utf8' }).trim();
  const path = [...new Set([nodeDir, '/usr/bin', '/bin'])].join(':');
  assert.deepEqual(found(rustTools, path), [], `PATH=${path} has Rust or wasm tools`);
  assert.deepEqual(found(['node', 'npm', 'npx'], path), ['node', 'npm', 'npx']);
  const env = { PATH: path, HOME: process.env.HOME || homedir(), LANG: 'C.UTF-8' };

  const dir = tempDir('xun-npm-');
  writeFileSync(join(dir, 'package.json'), '{ "name": "blog", "private": true }\n');
  const started = process.hrtime.bigint();
  installPacked(dir, cli, env);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`npm install of the packed xun-build-index: ${seconds.toFixed(1)} s`);

  const npx = (...args) => execFileSync('npx', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(npx('build-index', '--version').trim(), `build-index ${version} (index format ${formatVersion()})`);
  const help = npx('build-index', '--help');
  for (const example of ['build-index public --out public/search/', 'build-index content/posts --out static/search/']) {
    assert.ok(help.includes(example), `--help lacks ${example}`);
  }

  const site = join(dir, 'blog');
  cpSync(join(repo, 'tests/fixtures/plain-site'), site, { recursive: true });
  const out = npx('build-index', 'blog', '--out', 'blog/search/', '--base-url', '/blog/');
  assert.match(out, /indexed 2 posts/);
  for (const name of [...runtime, 'meta.xun']) assert.ok(existsSync(join(site, 'search', name)), name);
  for (const name of runtime) assert.ok(builtRuntime(name).equals(readFileSync(join(site, 'search', name))), `${name} differs from this checkout's`);

  // The index and runtime work: a search in Chromium, as a reader does.
  const server = await serve(dir);
  const { page, errors, ctx } = await browser();
  cleanup.push(() => server.close(), () => ctx.close());
  await page.goto(server.url + '/blog/');
  await page.locator('.xun-button').click();
  await page.keyboard.type('权重调回');
  const hit = page.locator(FRESH_HIT).first();
  await hit.waitFor();
  const href = await hit.evaluate((a) => new URL(a.href).pathname + new URL(a.href).hash);
  assert.equal(href, '/blog/posts/canary.html#rollback');
  assert.deepEqual(errors, []);

  // No platform package: the command says what is wrong and what to do.
  rmSync(join(dir, 'node_modules/@xun-build-index'), { recursive: true });
  assert.throws(() => npx('build-index', '--version'), (e) => e.status === 1 && /@xun-build-index\/linux-x64 is not installed/.test(e.stderr) && /npm install xun-build-index/.test(e.stderr));
});

/** The index format version, from src/format/mod.rs. */
function formatVersion() {
  return readFileSync(join(repo, 'src/format/mod.rs'), 'utf8').match(/^pub const VERSION: u16 = (\d+);$/m)[1];
}

test('cargo: the packaged crate installs with Rust alone, from a clean CARGO_HOME', () => {
  const version = crateVersion();
  const crates = join(repo, 'target/package');
  const files = [`xun-${version}.crate`, `build-index-${version}.crate`].map((f) => join(crates, f));
  for (const f of files) assert.ok(existsSync(f), `${f} is missing: run bash scripts/package.sh crate`);

  const dir = tempDir('xun-cargo-');
  for (const f of files) execFileSync('tar', ['-xzf', f, '-C', dir]);
  // A CARGO_HOME with nothing installed, no config but the one below, and
  // the crates.io registry's index, downloaded crates and their extracted
  // sources linked in (copied where links cannot be made; cargo only reads
  // them), so that it resolves and builds offline: the same crates a
  // download would give.
  const home = join(dir, 'cargo-home');
  mkdirSync(join(home, 'registry'), { recursive: true });
  const registry = join(process.env.CARGO_HOME || join(homedir(), '.cargo'), 'registry');
  for (const part of ['index', 'cache', 'src']) {
    const to = join(home, 'registry', part);
    try {
      execFileSync('cp', ['-al', join(registry, part), to], { stdio: 'ignore' });
    } catch {
      rmSync(to, { recursive: true, force: true });
      execFileSync('cp', ['-a', join(registry, part), to]);
    }
  }
  // xun is not on crates.io: the patch stands in for it, from its package.
  writeFileSync(join(home, 'config.toml'), `[patch.crates-io]\nxun = { path = ${JSON.stringify(join(dir, `xun-${version}`))} }\n`);

  // The toolchain's own bin (cargo, rustc) and the system's: no rustup
  // proxies, no wasm-pack, wasm-bindgen or wasm-opt.
  const sysroot = execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim();
  const path = `${sysroot}/bin:/usr/bin:/bin`;
  assert.deepEqual(found(['wasm-pack', 'wasm-bindgen', 'wasm-opt'], path), []);
  const env = { PATH: path, HOME: dir, CARGO_HOME: home, RUSTUP_HOME: process.env.RUSTUP_HOME || join(homedir(), '.rustup'), LANG: 'C.UTF-8' };
  // --debug unless XUN_INSTALL_RELEASE=1: the same crate and build script,
  // in half the time (docs/install.md gives the release figure).
  const profile = process.env.XUN_INSTALL_RELEASE === '1' ? [] : ['--debug'];
  const started = process.hrtime.bigint();
  execFileSync('cargo', ['install', '--offline', '--locked', ...profile, '--path', join(dir, `build-index-${version}`),
    '--root', join(dir, 'installed'), '--target-dir', join(dir, 'target')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`cargo install ${profile.join(' ')} of the packaged crate: ${seconds.toFixed(0)} s`);

  const bin = join(dir, 'installed/bin/build-index');
  assert.match(execFileSync(bin, ['--version'], { encoding: 'utf8' }), new RegExp(`^build-index ${version.replaceAll('.', '\\.')} `));
  const out = join(dir, 'site-search');
  execFileSync(bin, [join(repo, 'tests/fixtures/plain-site'), '--out', out], { stdio: 'ignore' });
  // The runtime it carries is the one this checkout builds: the package
  // cannot ship a stale one.
  for (const name of runtime) assert.ok(builtRuntime(name).equals(readFileSync(join(out, name))), `${name} differs from this checkout's`);
  rmSync(join(dir, 'target'), { recursive: true });
});
