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
// --typing drives each engine's search box as a reader types instead
// (xun's widget, Pagefind's own UI, and a MiniSearch page that indexes
// on the button's hover, as xun opens): it hovers and clicks the button
// (Pagefind: its box), then types each query, Latin one key at a time
// (KEY_MS apart), Chinese as an input method's pinyin composed over
// WORD_MS and committed word by word; and measures from the last key
// pressed (the commit; a page whose main thread is busy takes it later)
// to the first screen of results on screen (titles and excerpts). The
// first query is typed cold; 8 follow-ups. Reports the medians of cold
// (from the last key, and from the hover), the follow-ups' p50 and max,
// and the requests and bytes all 8 follow-ups fetched (first context). --no-prefetch sets the widget's
// data-prefetch="false", --no-preload its data-preload="false".
// --preload-open opens xun with preload: 'open' (data-preload="open"),
// --preload-lazy with preload: true (data-preload="true": the text after
// the first results, whatever the link); by default it is unset, and the
// engine chooses by the link's speed.
//
//   node bench/network.mjs [--only xun|minisearch|pagefind] [--search DIR] [--profiles fast,slow,fast-h1,slow-h1]
//                          [--typing [--no-prefetch] [--no-preload]] [--preload-open | --preload-lazy]
//                          [--contexts N] [--verbose]
//   (after scripts/build.sh; --search: another build's www/search, to
//   compare runtimes)
import { createSecureServer } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { repo } from './relevance.mjs';
import { peerSite } from './peer-site.mjs';
import { certificate } from './tls.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const CONTEXTS = Number(option('--contexts')) || 3;
const TYPING = args.includes('--typing');
const FIRST = '灰度发布';
// Typed after the first, before any engine was run on them: topics,
// a question, Traditional wording, mixed script, a product name.
const NEXT = ['容器网络', 'Service Mesh落地', '怎么排查pod网络不通', '記憶體不足', 'kubernetes 调度', '日志采集', '每個月都', 'prometheus 告警'];
// How a reader types each query: Latin text key by key, Chinese words
// as [committed word, pinyin composed before it].
const KEYS = {
  灰度发布: [['灰度', 'huidu'], ['发布', 'fabu']],
  容器网络: [['容器', 'rongqi'], ['网络', 'wangluo']],
  'Service Mesh落地': ['Service Mesh', ['落地', 'luodi']],
  怎么排查pod网络不通: [['怎么', 'zenme'], ['排查', 'paicha'], 'pod', ['网络', 'wangluo'], ['不通', 'butong']],
  記憶體不足: [['記憶體', 'jiyiti'], ['不足', 'buzu']],
  'kubernetes 调度': ['kubernetes ', ['调度', 'diaodu']],
  日志采集: [['日志', 'rizhi'], ['采集', 'caiji']],
  每個月都: [['每個月', 'meigeyue'], ['都', 'dou']],
  'prometheus 告警': ['prometheus ', ['告警', 'gaojing']],
};
for (const q of [FIRST, ...NEXT]) {
  if (KEYS[q].map((k) => (typeof k === 'string' ? k : k[0])).join('') !== q) throw new Error(`KEYS does not type ${q}`);
}
const KEY_MS = 120;
const WORD_MS = 400;
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
// Every file of the site, gzipped before the server starts: a response
// takes its place on the link when its request arrives, in the order the
// requests arrive (reading a file on demand let a later request overtake
// an earlier one whose file took longer to read).
const gzipped = new Map();
(function gzipAll(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) gzipAll(file);
    else gzipped.set(file, gzipSync(readFileSync(file), { level: 6 }));
  }
})(site);

/** The site behind a simulated link; `log` gets each response's path and
 * gzip bytes. */
async function serve(profile) {
  const log = [];
  const bytesPerMs = (profile.mbps * 1e6) / 8 / 1000;
  let linkFree = 0; // when the shared link has sent what it was given
  const handler = (req, res) => {
    const arrived = Date.now();
    const path = decodeURIComponent(new URL(req.url, 'https://x').pathname);
    if (path === '/__widget') {
      const off = (args.includes('--no-prefetch') ? ' data-prefetch="false"' : '')
        + (args.includes('--no-preload') ? ' data-preload="false"' : '')
        + (args.includes('--preload-open') ? ' data-preload="open"' : '')
        + (args.includes('--preload-lazy') ? ' data-preload="true"' : '');
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(`<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<link rel="icon" href="data:,"><title>widget</title><script src="/search/xun.js" data-index="/search/"${off} defer></script>
<nav><div id="xun-search"></div></nav><p>博客</p>`);
      return;
    }
    if (path === '/__minisearch') {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(MINISEARCH_PAGE);
      return;
    }
    if (path === '/__pagefind') {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(PAGEFIND_PAGE);
      return;
    }
    if (path === '/__blank') {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end('<!doctype html><link rel="icon" href="data:,"><title>blank</title>');
      return;
    }
    let file = normalize(join(site, path));
    if (!gzipped.has(file)) file = join(file, 'index.html');
    const payload = (file.startsWith(site) && gzipped.get(file)) || null;
    const type = TYPES[extname(file)] || 'application/octet-stream';
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
      window.engine = await window.xun.open({ index: '/search/', preload: window.preloadOption });
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
    if (args.includes('--preload-open')) await page.evaluate(() => { window.preloadOption = 'open'; });
    if (args.includes('--preload-lazy')) await page.evaluate(() => { window.preloadOption = true; });
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

// ---- --typing: the widget, typed into ----

// The peers as a blogger would put them on a page to be typed into.
// MiniSearch: a button whose hover fetches and indexes every section's
// text (as xun's hover opens its engine), and a box that searches on each
// change outside a composition and shows the first 8 hits with an excerpt
// around the first matched word.
const MINISEARCH_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<link rel="icon" href="data:,"><title>minisearch</title><script src="/minisearch.js" defer></script>
<nav><button id="peer-button">搜索</button></nav><p>博客</p>
<div id="peer-box" hidden><input id="peer-input" autocomplete="off"><ol id="peer-list"></ol></div>
<script>
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const tokenize = (text) => [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
let mini = null;
let loading = null;
const input = document.getElementById('peer-input');
const list = document.getElementById('peer-list');
function load() {
  loading ??= fetch('/sections.json').then((r) => r.json()).then((docs) => {
    mini = new MiniSearch({ idField: 'url', fields: ['title', 'heading', 'text'], storeFields: ['title', 'heading', 'text'],
      tokenize, processTerm: (term) => term.toLowerCase() });
    mini.addAll(docs);
    render();
  });
}
function excerpt(text, terms) {
  const lower = text.toLowerCase();
  const at = Math.max(0, Math.min(...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0), text.length) - 20);
  return text.slice(at, at + 80);
}
function render() {
  const q = input.value.trim();
  if (!mini || !q) return;
  const hits = mini.search(q, { prefix: true, fuzzy: 0.2, boost: { heading: 2, title: 1.5 }, combineWith: 'OR' }).slice(0, 8);
  list.replaceChildren(...hits.map((h) => {
    const li = document.createElement('li');
    const title = document.createElement('a');
    title.textContent = h.heading ? h.title + ' › ' + h.heading : h.title;
    title.href = h.id;
    const p = document.createElement('p');
    p.className = 'peer-excerpt';
    p.textContent = excerpt(h.text, h.terms);
    li.append(title, p);
    return li;
  }));
  requestAnimationFrame(() => { window.shownAt = performance.now(); });
}
const button = document.getElementById('peer-button');
button.addEventListener('pointerenter', load);
button.addEventListener('click', () => { load(); document.getElementById('peer-box').hidden = false; input.focus(); });
input.addEventListener('input', (e) => { if (!e.isComposing) render(); });
input.addEventListener('compositionend', render);
</script>`;
// Pagefind: its own UI, as its guide installs it (it loads on the box's
// focus and searches 300 ms after the last change).
const PAGEFIND_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<link rel="icon" href="data:,"><title>pagefind</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script>
<nav><div id="search"></div></nav><p>博客</p>
<script>window.addEventListener('DOMContentLoaded', () => { new PagefindUI({ element: '#search', showSubResults: true }); });</script>`;

/** How each engine is typed into: its page, what the reader hovers and
 * clicks, and how many hits it shows. */
const TYPED = {
  xun: { page: '/__widget', button: '.xun-button' },
  minisearch: { page: '/__minisearch', button: '#peer-button' },
  pagefind: { page: '/__pagefind', button: '.pagefind-ui__search-input' },
};

/** In the page: when the last keystroke was, and when results for it were
 * first on screen (the list no longer stale, with excerpts, painted). */
function watch(name) {
  window.lastKey = 0;
  window.shownAt = 0;
  for (const type of ['input', 'compositionend']) {
    document.addEventListener(type, () => { window.lastKey = performance.now(); }, true);
  }
  const painted = () => requestAnimationFrame(() => { window.shownAt = performance.now(); });
  if (name === 'xun') {
    const list = document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-list');
    new MutationObserver(() => {
      if (list.classList.contains('xun-stale') || !list.querySelector('.xun-excerpt')) return;
      painted();
    }).observe(list, { attributes: true, attributeFilter: ['class'], childList: true });
  } else if (name === 'pagefind') {
    // Its results list (not the "searching" message) for the text in the
    // box, every shown result's excerpt loaded.
    new MutationObserver(() => {
      const message = document.querySelector('.pagefind-ui__results-area .pagefind-ui__message');
      const text = document.querySelector('.pagefind-ui__search-input').value;
      if (!message || !document.querySelector('.pagefind-ui__results') || !message.textContent.includes(text)) return;
      if (document.querySelector('.pagefind-ui__results .pagefind-ui__loading')) return;
      painted();
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }
  // MiniSearch's page sets shownAt itself when it renders.
}

/** How many hits are on screen. */
function hitsShown(name) {
  if (name === 'xun') return document.querySelector('.xun-modal-host').shadowRoot.querySelectorAll('.xun-hit').length;
  if (name === 'pagefind') return document.querySelectorAll('.pagefind-ui__result').length;
  return document.querySelectorAll('#peer-list li').length;
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Types `q` into the focused input, as KEYS says, replacing its text.
 * Returns when the last key was pressed (wall clock): a page whose main
 * thread is busy gets the key's event later, and the reader waits for
 * that too. */
async function type(page, cdp, q) {
  await page.keyboard.press('Control+A');
  const pieces = KEYS[q];
  let pressed = 0;
  for (const [i, piece] of pieces.entries()) {
    if (i) await sleep(KEY_MS);
    if (typeof piece === 'string') {
      for (const [k, ch] of [...piece].entries()) {
        if (k) await sleep(KEY_MS);
        pressed = Date.now();
        await page.keyboard.type(ch);
      }
    } else {
      const [word, pinyin] = piece;
      for (let step = 1; step <= 4; step++) {
        const text = pinyin.slice(0, Math.ceil((pinyin.length * step) / 4));
        await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
        await sleep(WORD_MS / 4);
      }
      pressed = Date.now();
      await cdp.send('Input.insertText', { text: word });
    }
  }
  return pressed;
}

/** Waits for the results of what was typed last; a search for earlier
 * text may have shown first, so the last showing counts. */
async function shown(page, profile, name, pressed) {
  await page.waitForFunction(() => window.shownAt > window.lastKey, null, { timeout: 60000 });
  await sleep(4 * profile.rtt + 300);
  const at = await page.evaluate(() => performance.timeOrigin + window.shownAt);
  return { ms: at - pressed, hits: await page.evaluate(hitsShown, name) };
}

async function runTyping(browser, server, profile, name) {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    const { page: path, button } = TYPED[name];
    await page.goto(server.url + path);
    await page.locator(button).waitFor();
    await page.evaluate(watch, name);
    server.log.length = 0;
    const intent = await page.evaluate(() => performance.now());
    await page.locator(button).hover();
    await sleep(150);
    await page.locator(button).click();
    const cold = await shown(page, profile, name, await type(page, cdp, FIRST));
    cold.fromIntent = (await page.evaluate(() => window.shownAt)) - intent;
    if (args.includes('--verbose')) {
      const at = await page.evaluate(() => performance.timeOrigin + window.lastKey);
      console.error(`  ${FIRST} (cold): ${cold.ms.toFixed(0)} ms, ${cold.hits} hits shown`);
      for (const f of server.log) console.error(`    ${f.path} arrived ${(f.arrived - at).toFixed(0)} sent ${(f.sent - at).toFixed(0)} ${f.gzip} B`);
    }
    server.log.length = 0;
    const next = [];
    let files = 0; // --verbose: the requests logged so far
    for (const q of NEXT) {
      next.push(await shown(page, profile, name, await type(page, cdp, q)));
      if (args.includes('--verbose')) {
        const key = await page.evaluate(() => performance.timeOrigin + window.lastKey);
        console.error(`  ${q}: ${next.at(-1).ms.toFixed(0)} ms, ${next.at(-1).hits} hits shown`);
        for (const f of server.log.slice(files)) console.error(`    ${f.path} arrived ${(f.arrived - key).toFixed(0)} sent ${(f.sent - key).toFixed(0)} ${f.gzip} B`);
        files = server.log.length;
      }
    }
    const log = server.log.splice(0);
    return { cold, next, requests: log.length, gzip: log.reduce((a, f) => a + f.gzip, 0) };
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
        if (TYPING) {
          const runs = [];
          for (let i = 0; i < CONTEXTS; i++) runs.push(await runTyping(browser, server, profile, name));
          const next = runs.flatMap((r) => r.next.map((n) => n.ms));
          rows.push({
            name, profile: profile.label, cold: pct(runs.map((r) => r.cold.ms), 0.5), hits: runs[0].cold.hits,
            intent: pct(runs.map((r) => r.cold.fromIntent), 0.5), next50: pct(next, 0.5), nextMax: Math.max(...next),
            gzip: runs[0].gzip, requests: runs[0].requests,
          });
          console.error(`[network] ${profile.label} typing ${name}: cold ${rows.at(-1).cold.toFixed(0)} ms, next p50 ${rows.at(-1).next50.toFixed(0)} ms`);
          continue;
        }
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

if (TYPING) {
  console.log(`Typed into each engine's search box${args.includes('--no-prefetch') ? ' (data-prefetch="false")' : ''}${args.includes('--no-preload') ? ' (data-preload="false")' : ''}${args.includes('--preload-open') ? ' (data-preload="open")' : ''}${args.includes('--preload-lazy') ? ' (data-preload="true")' : ''}: \`${FIRST}\` cold, then ${NEXT.length} follow-ups; Latin keys ${KEY_MS} ms apart, Chinese words committed after ${WORD_MS} ms of pinyin; from the last keystroke to the first screen of results; median of ${CONTEXTS} fresh contexts.\n`);
  console.log('| engine | profile | cold: last key → results | cold: hover → results | follow-ups: last key → results, p50 / max | follow-ups: requests | follow-ups: gzip |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.profile} | ${r.cold.toFixed(0)} ms | ${r.intent.toFixed(0)} ms | ${r.next50.toFixed(0)} / ${r.nextMax.toFixed(0)} ms | ${r.requests} | ${(r.gzip / 1000).toFixed(1)} KB |`);
  }
  process.exit(0);
}
console.log(`${args.includes('--preload-open') ? 'xun with preload: "open". ' : ''}${args.includes('--preload-lazy') ? 'xun with preload: true. ' : ''}First query \`${FIRST}\`, then ${NEXT.length} more typed one after another; median of ${CONTEXTS} fresh contexts; bytes gzip as sent.\n`);
console.log('| engine | profile | first result, cold | next queries, p50 / max | bytes to first result (gzip) | requests | sequential rounds |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.profile} | ${r.cold.toFixed(0)} ms | ${r.next50.toFixed(0)} / ${r.nextMax.toFixed(0)} ms | ${(r.gzip / 1000).toFixed(1)} KB | ${r.requests} | ${r.rounds} |`);
}
