// Shared helpers for the end-to-end tests: a static file server with a
// request log, and Debian's Chromium driven by playwright-core.
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { extname, join, normalize } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

export const repo = fileURLToPath(new URL('../..', import.meta.url));

// Every temporary directory a test file makes goes when its process ends:
// CI machines run the suite many times, and browser profiles alone are
// tens of MB each.
const temporary = [];
process.on('exit', () => {
  for (const dir of temporary) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Left for the system to clear: a test's result does not depend on it.
    }
  }
});

/** A fresh directory under the system's temporary one, removed at exit. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}
export const shots = join(repo, 'target', 'e2e');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png',
  '.xun': 'application/octet-stream', '.pack': 'application/octet-stream',
};

/** Serves `root` on 127.0.0.1 at a free port. `log` lists request paths;
 * `sent` maps each served path to the bytes sent; `headers` (mutable) are
 * added to every response; `delay` (mutable, ms) holds every response, as
 * a slow network would; `times` lists each request's path with when it
 * arrived and when its answer left (Date.now()). */
export async function serve(root, { headers = {}, delay = 0, delayFor = () => 0 } = {}) {
  const log = [];
  const times = [];
  const sent = new Map();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    log.push(path);
    const timing = { path, arrived: Date.now(), left: null };
    times.push(timing);
    res.on('finish', () => { timing.left = Date.now(); });
    const wait = handle.delay + delayFor(path);
    if (wait) await new Promise((ok) => setTimeout(ok, wait));
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    // XUN_RUNTIME_OVERRIDE=dir serves the runtime files dir has (xun.js,
    // xun.css, xun_wasm.js, xun_wasm_bg.wasm) in place of every index's:
    // to check that a test fails with an older widget.
    const override = process.env.XUN_RUNTIME_OVERRIDE;
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (override && /^xun(\.js|\.css|_wasm\.js|_wasm_bg\.wasm)$/.test(name) && existsSync(join(override, name))) file = join(override, name);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream', ...handle.headers });
      sent.set(path, body.length);
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  const handle = { url, log, times, sent, headers, delay, close: () => new Promise((ok) => server.close(ok)) };
  return handle;
}

/** A result of the text as it stands: while a keystroke's search runs,
 * the results of the text before it stay on screen, marked stale, and a
 * test that types must not take one of them. */
export const FRESH_HIT = '.xun-list:not(.xun-stale) [role=option]';

/** A fresh headless Chromium profile. */
export async function browser(options = {}) {
  const profile = tempDir('xun-e2e-');
  await mkdir(shots, { recursive: true });
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1024, height: 768 },
    ...options,
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { ctx, page, errors };
}

/** build-index's version, from its Cargo.toml. */
export function crateVersion() {
  const toml = readFileSync(join(repo, 'build-index/Cargo.toml'), 'utf8');
  return toml.match(/^version = "(.*)"$/m)[1];
}

/** The npm tarballs scripts/package.sh packed: `cli` is the command and
 * this platform's binary, `hexo` the plugin. Throws if they are missing or
 * older than target/release/build-index. */
export function packed() {
  const version = crateVersion();
  const dir = join(repo, 'target/npm');
  const cli = [`xun-build-index-${version}.tgz`, `xun-build-index-${process.platform}-${process.arch}-${version}.tgz`]
    .map((f) => join(dir, f));
  const hexo = join(dir, `hexo-xun-${version}.tgz`);
  for (const f of [...cli, hexo]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run bash scripts/package.sh npm`);
  }
  const binary = join(repo, 'target/release/build-index');
  if (existsSync(binary) && statSync(cli[1]).mtimeMs < statSync(binary).mtimeMs) {
    throw new Error(`${cli[1]} is older than ${binary}: run bash scripts/package.sh npm`);
  }
  return { cli, hexo, version };
}

/** `npm install` in `dir` of its package.json and the given tarballs. */
export function installPacked(dir, tarballs, env = process.env) {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs],
    { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** What `cmd args` prints, trimmed, or null if it cannot run. */
export function toolVersion(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}

/** A tool a test needs is missing: the test says so and is skipped, but
 * fails in CI, where scripts/setup.sh must have installed it. */
export function missingTool(t, name, how) {
  const message = `${name} is not installed (${how}; scripts/setup.sh installs it)`;
  if (process.env.CI === 'true') assert.fail(message);
  t.skip(message);
}
