// xun against Pagefind 1.6 on two big real sites, in one run: the Rust
// documentation of the local toolchain (rustdoc and mdBook, ~48,600 HTML
// files) and the chinese-poetry npm package as a blog (~14,200 posts,
// 346k poems, mostly Traditional script). Per tool: the build (time, peak
// memory, files), what opening the index loads, and per query, from a cold
// start (a fresh browser context each time) up to the first 10 results with
// excerpts: bytes, requests, sequential fetch rounds, and the time with
// 50 ms of emulated latency. Prints Markdown tables; the figures, with
// every file each query loaded, go to target/scale/results.json.
//
//   node bench/scale.mjs [--only rust|poetry] [--xun PATH] [--keep]
//   (after scripts/build.sh; --xun: another build-index binary, default
//   target/release/build-index; --keep: reuse the indexes and build
//   figures of an earlier run, and build only the tools whose index is
//   missing: delete target/scale/<site>/xun to measure a new xun against
//   the Pagefind of the earlier run)
//
// Needs npm (fetches chinese-poetry@2.0.1 once into target/scale/cache),
// openssl (a self-signed certificate: pages are served over HTTP/2, as
// static hosts serve them, so parallel fetches are not queued six to a
// connection) and /usr/bin/time. One build runs at a time: they use every core.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createSecureServer } from 'node:http2';
import { extname, join, normalize, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { repo } from '../tests/e2e/lib.mjs';
import { certificate } from './tls.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = option('--only');
const keep = args.includes('--keep');
const work = join(repo, 'target/scale');
const cache = join(work, 'cache');
const LATENCY = 50;
const RUNS = 3; // cold runs per query; the time is their median
const QUIET = 1500; // ms without requests after which a tool is done loading

const pagefindBin = join(repo, 'node_modules/@pagefind/linux-x64/bin/pagefind_extended');

/** Runs a command, failing loudly; output goes to `log` if given. */
function run(cmd, argv, { log, cwd } = {}) {
  const fd = log ? openSync(log, 'w') : 'inherit';
  const r = spawnSync(cmd, argv, { cwd, stdio: ['ignore', fd, fd] });
  if (log) closeSync(fd);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status ?? r.error})${log ? ', see ' + log : ''}`);
}

/** The xun binary: a copy, so that rebuilding the worktree mid-run does not
 * change what is measured. */
function xunBinary() {
  const bin = join(work, 'bin/build-index');
  mkdirSync(join(work, 'bin'), { recursive: true });
  copyFileSync(resolve(option('--xun') || join(repo, 'target/release/build-index')), bin);
  return bin;
}

// ---- The sites ----

function rustSite() {
  const sysroot = spawnSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).stdout.trim();
  const docs = join(sysroot, 'share/doc/rust/html');
  if (!existsSync(docs)) {
    console.error(`No Rust documentation at ${docs}: run \`rustup component add rust-docs\`. Skipping it.`);
    return null;
  }
  // Both tools index the docs as shipped; their outputs live outside the
  // toolchain and are served under the docs' root.
  const dir = join(work, 'rust');
  return {
    name: 'rust', title: `Rust documentation (${docs})`, root: docs, dir,
    xunInput: docs, pagefindSite: docs,
    queries: ['HashMap', 'Vec::with_capacity', 'borrow checker', '迭代器'],
  };
}

function poetrySite(bin) {
  const dir = join(work, 'poetry');
  const md = join(dir, 'md');
  const html = join(dir, 'html');
  // Done once (delete target/scale/poetry to redo it).
  if (!existsSync(join(html, '.rendered'))) {
    const tgz = join(cache, 'chinese-poetry-2.0.1.tgz');
    mkdirSync(cache, { recursive: true });
    if (!existsSync(tgz)) run('npm', ['pack', 'chinese-poetry@2.0.1', '--pack-destination', cache], { log: join(cache, 'npm.log') });
    const pkg = join(cache, 'chinese-poetry');
    if (!existsSync(join(pkg, 'package/dist'))) {
      mkdirSync(pkg, { recursive: true });
      run('tar', ['xzf', tgz, '-C', pkg]);
    }
    for (const d of [md, html]) rmSync(d, { recursive: true, force: true });
    run('node', [join(repo, 'bench/corpora/poetry.mjs'), join(pkg, 'package'), md]);
    // Pagefind reads HTML: the posts rendered once by xun's renderer, as
    // setup (not part of either build).
    run(bin, [md, '--out', join(dir, 'render-index'), '--html', html], { log: join(dir, 'render.log') });
    writeFileSync(join(html, '.rendered'), '');
  }
  const slug = readdirSync(join(html, 'posts'))[0];
  if (!/<html[^>]*lang="zh-CN"/.test(readFileSync(join(html, 'posts', slug, 'index.html'), 'utf8'))) {
    console.error('warning: the rendered posts are not marked lang="zh-CN"; Pagefind picks its segmenter by it');
  }
  // Lines chosen, and checked to occur in the Markdown (in either script),
  // before any result was seen; typed in Simplified, as readers do. 床前看月光
  // is stored as 牀前看月光; 静夜思 is also a title.
  return {
    name: 'poetry', title: 'chinese-poetry 2.0.1 as a blog', root: html, dir,
    xunInput: md, pagefindSite: html,
    queries: ['两岸猿声啼不住', '不识庐山真面目', '停车坐爱枫林晚', '飞流直下三千尺', '姑苏城外寒山寺', '春色满园关不住', '床前看月光', '静夜思'],
  };
}

// ---- Builds ----

/** Files, bytes and the most files in one directory, under `dir`. */
function tree(dir) {
  const t = { files: 0, bytes: 0, widest: 0 };
  (function walk(d) {
    let here = 0;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else { here += 1; t.files += 1; t.bytes += statSync(join(d, e.name)).size; }
    }
    t.widest = Math.max(t.widest, here);
  })(dir);
  return t;
}

/** Builds into `out` (emptied first) under /usr/bin/time: wall seconds and
 * peak resident memory, then what was written. */
function build(cmd, argv, out, log) {
  rmSync(out, { recursive: true, force: true });
  const load = loadavg()[0]; // the machine may be shared
  const timing = join(work, 'time.txt');
  run('/usr/bin/time', ['-f', '%e %M', '-o', timing, cmd, ...argv], { log });
  const [seconds, kb] = readFileSync(timing, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { seconds, peakBytes: kb * 1024, ...tree(out), load };
}

function buildSite(site, bin, previous) {
  const out = { xun: join(site.dir, 'xun'), pagefind: join(site.dir, 'pagefind') };
  mkdirSync(site.dir, { recursive: true });
  const kept = (tool) => keep && existsSync(out[tool]) && previous?.build?.[tool];
  const builds = {};
  if (kept('xun')) builds.xun = { ...previous.build.xun, kept: true };
  else {
    console.error(`[scale] ${site.name}: building with xun…`);
    builds.xun = build(bin, [site.xunInput, '--out', out.xun], out.xun, join(site.dir, 'xun-build.log'));
  }
  if (kept('pagefind')) builds.pagefind = { ...previous.build.pagefind, kept: true };
  else {
    console.error(`[scale] ${site.name}: building with Pagefind…`);
    builds.pagefind = build(pagefindBin, ['--site', site.pagefindSite, '--output-path', out.pagefind], out.pagefind, join(site.dir, 'pagefind-build.log'));
  }
  return { out, builds };
}

// ---- Serving ----

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm',
};

/** Each file's size raw and compressed on its own (gzip -9, brotli 11), as
 * a server would send it: never more than raw, since a server sends an
 * already compressed file (Pagefind's) as it is. */
const sizes = new Map();
function size(file) {
  if (!sizes.has(file)) {
    const body = readFileSync(file);
    const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
    sizes.set(file, { raw: body.length, gzip: Math.min(body.length, gzipSync(body, { level: 9 }).length), brotli: Math.min(body.length, br.length) });
  }
  return sizes.get(file);
}

/** Serves the site over HTTP/2 with each index mounted at its URL, and logs
 * every file sent. Files may be cached for an hour: a cold context starts
 * empty, and the page and a worker share a script as on a real site. */
async function serve(tls, mounts) {
  const log = [];
  let inflight = 0, last = 0;
  const server = createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: true }, async (req, res) => {
    inflight += 1;
    res.on('close', () => { inflight -= 1; last = Date.now(); });
    const path = decodeURIComponent(new URL(req.url, 'https://x').pathname);
    if (path === '/__blank') {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end('<!doctype html><link rel="icon" href="data:,"><title>blank</title>');
      return;
    }
    const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'max-age=3600' });
      res.end(body);
      log.push({ path, file });
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  // Resolves once nothing has been asked for a while: a tool may go on
  // loading after its promise resolved (Pagefind's init() only starts).
  const settle = async () => {
    while (inflight > 0 || Date.now() - last < QUIET) await new Promise((ok) => setTimeout(ok, 100));
  };
  return { url: `https://127.0.0.1:${server.address().port}`, log, settle, close: () => new Promise((ok) => server.close(ok)) };
}

// ---- In the page: load, open, query (functions run by page.evaluate) ----

const TOOLS = {
  xun: async (q) => {
    const t = performance.now();
    await new Promise((ok, fail) => {
      const s = document.createElement('script');
      s.src = '/search/xun.js';
      s.onload = ok;
      s.onerror = fail;
      document.head.append(s);
    });
    const engine = await window.xun.open({ index: '/search/' });
    if (q == null) return { ms: performance.now() - t };
    const res = await engine.search(q, { limit: 10 });
    return { ms: performance.now() - t, hits: res.total, top: res.hits[0] ? res.hits[0].url : null };
  },
  // Pagefind's sub-results come in page order, not by score: its top hit
  // is the page.
  pagefind: async (q) => {
    const t = performance.now();
    const pagefind = await import('/pagefind/pagefind.js');
    await pagefind.init();
    if (q == null) return { ms: performance.now() - t };
    const res = await pagefind.search(q);
    const data = await Promise.all(res.results.slice(0, 10).map((r) => r.data()));
    return { ms: performance.now() - t, hits: res.results.length, top: data[0] ? data[0].url : null };
  },
};

/** Fetches that went to the network (not the HTTP cache), as [start, end]
 * on the shared wall clock; evaluated in the page and in each worker. */
const spans = () => performance.getEntriesByType('resource').filter((e) => e.transferSize > 0)
  .map((e) => [performance.timeOrigin + e.startTime, performance.timeOrigin + e.responseEnd]);

/** The longest chain of fetches each starting after the previous ended. */
function rounds(list) {
  list.sort((a, b) => a[1] - b[1]);
  const depth = list.map(() => 1);
  list.forEach(([start], i) => {
    for (let j = 0; j < i; j++) if (list[j][1] <= start) depth[i] = Math.max(depth[i], depth[j] + 1);
  });
  return Math.max(0, ...depth);
}

/** One cold run in a fresh context: a blank page on the site's origin,
 * latency emulated, then the tool loads, opens and (with q) searches; the
 * time is to the results, the files are all it loaded. */
async function cold(browser, server, tool, q) {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY, downloadThroughput: -1, uploadThroughput: -1 });
    await page.goto(server.url + '/__blank');
    server.log.length = 0;
    const result = await page.evaluate(TOOLS[tool], q ?? null);
    await server.settle();
    const timings = [await page.evaluate(spans)];
    for (const w of page.workers()) timings.push(await w.evaluate(spans));
    const files = server.log.splice(0).map(({ path, file }) => ({ path, ...size(file) }));
    const bytes = { raw: 0, gzip: 0, brotli: 0 };
    for (const f of files) for (const k in bytes) bytes[k] += f[k];
    return { ...result, requests: files.length, rounds: rounds(timings.flat()), bytes, files };
  } finally {
    await ctx.close();
  }
}

/** RUNS cold runs: the first one's figures, the median time. */
async function measure(browser, server, tool, q) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await cold(browser, server, tool, q));
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  return { ...runs[0], ms: times[RUNS >> 1], times };
}

async function benchSite(site, bin, tls, previous) {
  const { out, builds } = buildSite(site, bin, previous);
  const server = await serve(tls, [['/search/', out.xun], ['/pagefind/', out.pagefind], ['/', site.root]]);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--ignore-certificate-errors-spki-list=${tls.spki}`],
  });
  const result = { title: site.title, date: new Date().toISOString(), latency: LATENCY, build: builds, open: {}, queries: {} };
  try {
    for (const tool of Object.keys(TOOLS)) {
      console.error(`[scale] ${site.name}: ${tool} in Chromium…`);
      result.open[tool] = await measure(browser, server, tool, null);
      for (const q of site.queries) (result.queries[q] ??= {})[tool] = await measure(browser, server, tool, q);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return result;
}

// ---- Report ----

const NAMES = { xun: 'xun', pagefind: 'Pagefind 1.6' };
const num = (n) => n.toLocaleString('en-US');
function kb(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} KB`;
}
const cell = (s) => String(s).replace(/\|/g, '\\|');

function table(r) {
  const tools = Object.keys(TOOLS);
  const lines = [`### ${r.title}`, '', `| measure | ${tools.map((t) => NAMES[t]).join(' | ')} |`, `|---|${tools.map(() => '---:').join('|')}|`];
  const row = (label, f) => lines.push(`| ${label} | ${tools.map((t) => cell(f(t))).join(' | ')} |`);
  const b = r.build;
  if (b) {
    row('build: wall time', (t) => `${b[t].seconds.toFixed(1)} s`);
    row('build: peak memory', (t) => kb(b[t].peakBytes));
    row('build: files written', (t) => num(b[t].files));
    row('build: bytes written', (t) => kb(b[t].bytes));
    row('build: most files in one directory', (t) => num(b[t].widest));
    row('build: load average before', (t) => b[t].load.toFixed(1));
    row('build: in this run', (t) => (b[t].kept ? 'no, an earlier run\'s' : 'yes'));
  }
  const o = r.open;
  row('open(): bytes gzip / brotli', (t) => `${kb(o[t].bytes.gzip)} / ${kb(o[t].bytes.brotli)}`);
  row('open(): requests / rounds', (t) => `${o[t].requests} / ${o[t].rounds}`);
  for (const [q, by] of Object.entries(r.queries)) {
    row(`\`${q}\`: bytes gzip / brotli`, (t) => `${kb(by[t].bytes.gzip)} / ${kb(by[t].bytes.brotli)}`);
    row(`\`${q}\`: requests / rounds`, (t) => `${by[t].requests} / ${by[t].rounds}`);
    row(`\`${q}\`: ms to results at ${r.latency} ms latency`, (t) => by[t].ms.toFixed(0));
    row(`\`${q}\`: hits (xun sections, Pagefind pages)`, (t) => num(by[t].hits));
    row(`\`${q}\`: top URL`, (t) => (by[t].top ? decodeURIComponent(by[t].top) : '—'));
  }
  return lines.join('\n');
}

// ---- Main ----

const bin = xunBinary();
const tls = certificate(cache);
const jsonPath = join(work, 'results.json');
const results = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) : {};
for (const name of ['rust', 'poetry']) {
  if (only && only !== name) continue;
  const site = name === 'rust' ? rustSite() : poetrySite(bin);
  if (!site) continue;
  results[name] = await benchSite(site, bin, tls, results[name]);
  writeFileSync(jsonPath, JSON.stringify(results, null, 1));
}
console.log(`Cold queries in headless Chromium over HTTP/2, ${LATENCY} ms emulated latency, median of ${RUNS} runs; bytes: each file compressed on its own (gzip -9, brotli 11, never above raw).\n`);
for (const name of ['rust', 'poetry']) if (results[name] && (!only || only === name)) console.log(table(results[name]) + '\n');
