// Search over a real network, simulated at the server: xun, MiniSearch +
// Intl.Segmenter and Pagefind 1.6 on the demo blog, in one run. Each
// response is held for one round trip and then takes its size over a
// link of the profile's bandwidth, which every response shares; a new
// connection costs two more round trips (TCP, then TLS). Served over
// HTTP/2 with TLS and gzip, as GitHub Pages, Netlify and Cloudflare serve
// a site, or over HTTP/1.1 (Chromium opens at most 6 connections).
//
// Per engine and profile, 3 fresh browser contexts each do: a blank page
// on the site, then the engine's script, open, and the first query up to
// its first screen of results with excerpts (cold); then 8 more queries,
// each typed whole after the last one's results (follow-ups). Reports the
// medians of the cold time, and the follow-ups' p50 and max over all
// contexts; and of the first context: the bytes to the first results
// (gzip, as sent), the requests, and the sequential rounds of requests.
//
//   node bench/network.mjs [--only xun] [--search DIR] [--profiles fast,slow,fast-h1,slow-h1]
//   (after scripts/build.sh; --search: another build's www/search, to
//   compare runtimes)
import { createSecureServer } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { repo } from './relevance.mjs';
import { peerSite } from './peer-site.mjs';
import { certificate } from './tls.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const CONTEXTS = 3;
const FIRST = '灰度发布';
// Typed after the first, before any engine was run on them: topics,
// a question, Traditional wording, mixed script, a product name.
const NEXT = ['容器网络', 'Service Mesh落地', '怎么排查pod网络不通', '記憶體不足', 'kubernetes 调度', '日志采集', '每個月都', 'prometheus 告警'];
const PROFILES = {
  fast: { rtt: 50, mbps: 10, http: 2, label: '50 ms, 10 Mbit/s, HTTP/2' },
  slow: { rtt: 150, mbps: 1.6, http: 2, label: '150 ms, 1.6 Mbit/s, HTTP/2' },
  'fast-h1': { rtt: 50, mbps: 10, http: 1, label: '50 ms, 10 Mbit/s, HTTP/1.1' },
  'slow-h1': { rtt: 150, mbps: 1.6, http: 1, label: '150 ms, 1.6 Mbit/s, HTTP/1.1' },
};
const profiles = (option('--profiles') || 'fast,slow,fast-h1,slow-h1').split(',');

const site = join(repo, 'target/network/site');
peerSite(site, { search: option('--search') || join(repo, 'www/search') });
const tls = certificate(join(repo, 'target/network'));

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm',
};
const gzipped = new Map();
async function body(file) {
  if (!gzipped.has(file)) gzipped.set(file, gzipSync(await readFile(file), { level: 6 }));
  return gzipped.get(file);
}

/** The site behind a simulated link; `log` gets each response's path and
 * gzip bytes. */
async function serve(profile) {
  const log = [];
  const bytesPerMs = (profile.mbps * 1e6) / 8 / 1000;
  let linkFree = 0; // when the shared link has sent what it was given
  const handler = async (req, res) => {
    const arrived = Date.now();
    const path = decodeURIComponent(new URL(req.url, 'https://x').pathname);
    if (path === '/__blank') {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end('<!doctype html><link rel="icon" href="data:,"><title>blank</title>');
      return;
    }
    let file = normalize(join(site, path));
    let payload, type;
    try {
      if (!file.startsWith(site)) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      payload = await body(file);
      type = TYPES[extname(file)] || 'application/octet-stream';
    } catch {
      payload = null;
    }
    const size = payload ? payload.length : 20;
    const start = Math.max(arrived + profile.rtt, linkFree);
    linkFree = start + size / bytesPerMs;
    setTimeout(() => {
      if (!payload) { res.writeHead(404).end(); return; }
      // Cacheable, as static hosts send it: a worker or a later fetch of
      // the same file within the context is not a second download.
      res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', 'cache-control': 'max-age=3600' });
      res.end(payload);
      log.push({ path, gzip: size, arrived, sent: Date.now() });
    }, Math.max(0, linkFree - Date.now()));
  };
  const server = profile.http === 2
    ? createSecureServer({ key: tls.key, cert: tls.cert }, handler)
    : createHttpsServer({ key: tls.key, cert: tls.cert }, handler);
  // A new connection: a round trip for TCP and one for TLS.
  server.on('connection', (socket) => {
    socket.pause();
    setTimeout(() => socket.resume(), 2 * profile.rtt);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `https://127.0.0.1:${server.address().port}`, log, close: () => new Promise((ok) => server.close(ok)) };
}

// ---- In the page (run by page.evaluate): load, open and search ----

const ENGINES = {
  // The widget's first screen: 8 pages, up to 3 sections each, with excerpts.
  xun: {
    cold: async (q) => {
      const t = performance.now();
      await new Promise((ok, fail) => {
        const s = document.createElement('script');
        s.src = '/search/xun.js';
        s.onload = ok;
        s.onerror = fail;
        document.head.append(s);
      });
      window.engine = await window.xun.open({ index: '/search/' });
      const res = await window.engine.search(q, { group: 'page', limit: 8, sectionsPerPage: 3 });
      return { ms: performance.now() - t, hits: res.total };
    },
    next: async (q) => {
      const t = performance.now();
      const res = await window.engine.search(q, { group: 'page', limit: 8, sectionsPerPage: 3 });
      return { ms: performance.now() - t, hits: res.total };
    },
  },
  // Every section's text, indexed in the page (bench/peers.mjs).
  minisearch: {
    cold: async (q) => {
      const t = performance.now();
      await new Promise((ok, fail) => {
        const s = document.createElement('script');
        s.src = '/minisearch.js';
        s.onload = ok;
        s.onerror = fail;
        document.head.append(s);
      });
      const docs = await (await fetch('/sections.json')).json();
      const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
      const tokenize = (text) => [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
      window.mini = new MiniSearch({
        idField: 'url', fields: ['title', 'heading', 'text'], storeFields: ['url', 'title', 'heading'],
        tokenize, processTerm: (term) => term.toLowerCase(),
      });
      window.mini.addAll(docs);
      const search = (text) => window.mini.search(text, { prefix: true, fuzzy: 0.2, boost: { heading: 2, title: 1.5 }, combineWith: 'OR' });
      window.miniSearch = search;
      return { ms: performance.now() - t, hits: search(q).length };
    },
    next: async (q) => {
      const t = performance.now();
      const hits = window.miniSearch(q).length;
      return { ms: performance.now() - t, hits };
    },
  },
  // Its first 8 results' data (title, excerpt, sub-results).
  pagefind: {
    cold: async (q) => {
      const t = performance.now();
      window.pagefind = await import('/pagefind/pagefind.js');
      await window.pagefind.init();
      const r = await window.pagefind.search(q);
      await Promise.all(r.results.slice(0, 8).map((x) => x.data()));
      return { ms: performance.now() - t, hits: r.results.length };
    },
    next: async (q) => {
      const t = performance.now();
      const r = await window.pagefind.search(q);
      await Promise.all(r.results.slice(0, 8).map((x) => x.data()));
      return { ms: performance.now() - t, hits: r.results.length };
    },
  },
};

/** Fetches that reached the network, as [start, end] on the wall clock. */
const spans = () => performance.getEntriesByType('resource').filter((e) => e.transferSize > 0)
  .map((e) => [performance.timeOrigin + e.startTime, performance.timeOrigin + e.responseEnd]);

/** The longest chain of fetches, each starting after the one before ended. */
function rounds(list) {
  list.sort((a, b) => a[1] - b[1]);
  const depth = list.map(() => 1);
  list.forEach(([start], i) => {
    for (let j = 0; j < i; j++) if (list[j][1] <= start) depth[i] = Math.max(depth[i], depth[j] + 1);
  });
  return Math.max(0, ...depth);
}

async function run(browser, server, name) {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await page.goto(server.url + '/__blank');
    server.log.length = 0;
    const cold = await page.evaluate(ENGINES[name].cold, FIRST);
    const timings = [await page.evaluate(spans)];
    for (const w of page.workers()) timings.push(await w.evaluate(spans));
    const files = server.log.splice(0);
    const next = [];
    for (const q of NEXT) {
      const t0 = Date.now();
      next.push(await page.evaluate(ENGINES[name].next, q));
      if (args.includes('--verbose')) {
        console.error(`  ${q}: ${next.at(-1).ms.toFixed(0)} ms`);
        for (const f of server.log.splice(0)) console.error(`    ${f.path} arrived +${f.arrived - t0} sent +${f.sent - t0} ${f.gzip} B`);
      }
    }
    await page.evaluate(() => performance.clearResourceTimings());
    return { cold, next, requests: files.length, gzip: files.reduce((a, f) => a + f.gzip, 0), rounds: rounds(timings.flat()), files };
  } finally {
    await ctx.close();
  }
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--ignore-certificate-errors-spki-list=${tls.spki}`],
});
const engines = option('--only') ? [option('--only')] : Object.keys(ENGINES);
const rows = [];
try {
  for (const key of profiles) {
    const profile = PROFILES[key];
    for (const name of engines) {
      // Pagefind and MiniSearch over HTTP/1.1 are not asked for.
      if (profile.http === 1 && name !== 'xun') continue;
      const server = await serve(profile);
      try {
        const runs = [];
        for (let i = 0; i < CONTEXTS; i++) runs.push(await run(browser, server, name));
        const next = runs.flatMap((r) => r.next.map((n) => n.ms));
        rows.push({
          name, profile: profile.label,
          cold: pct(runs.map((r) => r.cold.ms), 0.5), next50: pct(next, 0.5), nextMax: Math.max(...next),
          gzip: runs[0].gzip, requests: runs[0].requests, rounds: runs[0].rounds,
          hits: runs[0].cold.hits,
        });
        console.error(`[network] ${profile.label} ${name}: cold ${rows.at(-1).cold.toFixed(0)} ms`);
      } finally {
        await server.close();
      }
    }
  }
} finally {
  await browser.close();
}

console.log(`First query \`${FIRST}\`, then ${NEXT.length} more typed one after another; median of ${CONTEXTS} fresh contexts; bytes gzip as sent.\n`);
console.log('| engine | profile | first result, cold | next queries, p50 / max | bytes to first result (gzip) | requests | sequential rounds |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.profile} | ${r.cold.toFixed(0)} ms | ${r.next50.toFixed(0)} / ${r.nextMax.toFixed(0)} ms | ${(r.gzip / 1000).toFixed(1)} KB | ${r.requests} | ${r.rounds} |`);
}
