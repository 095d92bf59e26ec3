// xun against Pagefind and MiniSearch on the same demo blog, in one run of
// headless Chromium: relevance on the reader suite, every kind of query
// (tests/relevance/reader/), result counts, bytes a cold reader downloads
// up to the first results, and warm query latency.
//
//   node bench/peers.mjs [rounds] [--only xun,minisearch]   (after scripts/build.sh)
//
// With Pagefind, 5 rounds take about 30 minutes on 2 cores (it answers in
// about 0.35 s); under a `timeout`, its SIGTERM closes the browser mid-run.
//
// The engines, as a blogger would set them up:
// - xun: build-index with the demo synonyms; xun.js; results with excerpts.
// - Pagefind 1.6.0 (npm `pagefind`, its bundled Linux binary) over the same
//   rendered posts, `data-pagefind-body` on the article; a result's
//   sub-results (one per heading anchor) are its sections, in its order;
//   each query loads the data (excerpts) of its first 10 pages.
// - MiniSearch 7.2.0 over the same sections (title, heading, body), words
//   split by the browser's Intl.Segmenter('zh', word) at index and query
//   time, lower-cased; prefix and fuzzy (0.2) search, heading ×2 and title
//   ×1.5, any term, ranked by score (its default, OR, which rewards more
//   terms; stronger on this suite than requiring every term). The page
//   downloads every section's text and indexes it, as MiniSearch sites do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { serve, browser } from '../tests/e2e/lib.mjs';
import { scoreReader, summarizeKinds, printKinds, runXun, repo } from './relevance.mjs';
import { peerSite } from './peer-site.mjs';

const rounds = Number(process.argv[2] || 20);
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? process.argv[onlyAt + 1].split(',') : null;
const site = join(repo, 'target/peers/site');

// 1. One site with all three engines.
const { queries } = peerSite(site);

const server = await serve(site);
const COLD = { 'cache-control': 'no-store' };
const WARM = { 'cache-control': 'max-age=3600' };
const { ctx, page } = await browser();

function wire(paths) {
  const t = { files: paths.length, raw: 0, gzip: 0, brotli: 0 };
  for (const p of paths) {
    const body = readFileSync(join(site, p));
    t.raw += body.length;
    t.gzip += gzipSync(body, { level: 9 }).length;
    t.brotli += brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return t;
}


// In-page setup and search for each peer; each returns every hit's URL.
const engines = {
  xun: {
    async firstQuery(q) {
      await page.addScriptTag({ url: '/search/xun.js' });
      await page.evaluate(async (q) => {
        window.engine = await xun.open({ index: '/search/' });
        await window.engine.search(q, { limit: 10 });
      }, q);
    },
    timed: (q) => page.evaluate(async (q) => {
      const t = performance.now();
      const res = await window.engine.search(q, { limit: 10 });
      return [performance.now() - t, res.total];
    }, q),
    // Warm: once the worker has handed the page its copy of the index.
    warm: () => page.evaluate(async () => {
      const until = performance.now() + 10000;
      while (!window.engine.answersOnPage && performance.now() < until) await new Promise((ok) => setTimeout(ok, 50));
    }),
  },
  pagefind: {
    async setup() {
      await page.evaluate(async () => {
        window.pagefind = await import('/pagefind/pagefind.js');
        await window.pagefind.init();
      });
    },
    async firstQuery(q) {
      await this.setup();
      await page.evaluate(async (q) => {
        const r = await window.pagefind.search(q);
        await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
      }, q);
    },
    async all(qs) {
      await this.setup();
      return page.evaluate(async (qs) => {
        const out = {};
        for (const q of qs) {
          const r = await window.pagefind.search(q);
          const urls = [];
          for (const result of r.results) {
            const data = await result.data();
            const subs = data.sub_results && data.sub_results.length ? data.sub_results : [{ url: data.url }];
            for (const s of subs) urls.push(decodeURIComponent(s.url));
          }
          out[q] = urls;
        }
        return out;
      }, qs);
    },
    timed: (q) => page.evaluate(async (q) => {
      const t = performance.now();
      const r = await window.pagefind.search(q);
      await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
      return [performance.now() - t, r.results.length];
    }, q),
  },
  minisearch: {
    async setup() {
      await page.addScriptTag({ url: '/minisearch.js' });
      await page.evaluate(async () => {
        const docs = await (await fetch('/sections.json')).json();
        const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
        const tokenize = (text) => [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
        window.mini = new MiniSearch({
          idField: 'url', fields: ['title', 'heading', 'text'], storeFields: ['url', 'title', 'heading'],
          tokenize, processTerm: (t) => t.toLowerCase(),
        });
        window.mini.addAll(docs);
        window.miniSearch = (q) => window.mini.search(q, {
          prefix: true, fuzzy: 0.2, boost: { heading: 2, title: 1.5 }, combineWith: 'OR',
        });
      });
    },
    async firstQuery(q) {
      await this.setup();
      await page.evaluate((q) => window.miniSearch(q), q);
    },
    async all(qs) {
      await this.setup();
      return page.evaluate((qs) => Object.fromEntries(qs.map((q) => [q, window.miniSearch(q).map((h) => h.id)])), qs);
    },
    timed: (q) => page.evaluate((q) => {
      const t = performance.now();
      const hits = window.miniSearch(q);
      return [performance.now() - t, hits.length];
    }, q),
  },
};

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const figures = {};
const extra = {};
try {
  for (const [name, engine] of Object.entries(engines)) {
    if (only && !only.includes(name)) continue;
    // Bytes: a cold page (no HTTP cache) up to the first query's results.
    server.headers = COLD;
    await page.goto(server.url + '/demo.css');
    server.sent.clear();
    await engine.firstQuery(queries[0].query);
    const bytes = wire([...server.sent.keys()].filter((p) => p !== '/demo.css'));
    server.headers = WARM;
    // Relevance: every hit of every query.
    await page.goto(server.url + '/demo.css');
    const results = name === 'xun'
      ? await runXun(queries.map((q) => q.query), page, server.url)
      : await engine.all(queries.map((q) => q.query));
    const rows = queries.map((q) => scoreReader(q, results[q.query] || []));
    figures[name] = summarizeKinds(rows);
    // Latency, warm: each query once to load what it needs, then timed.
    await page.goto(server.url + '/demo.css');
    await engine.firstQuery(queries[0].query);
    if (engine.warm) await engine.warm();
    for (const q of queries) await engine.timed(q.query);
    const times = [];
    for (let r = 0; r < rounds; r++) for (const q of queries) times.push((await engine.timed(q.query))[0]);
    extra[name] = {
      hits: rows.reduce((a, r) => a + r.hits, 0) / rows.length,
      zero: rows.filter((r) => r.hits === 0).length,
      bytes,
      p50: pct(times, 0.5),
      p95: pct(times, 0.95),
    };
  }
} finally {
  await ctx.close();
  await server.close();
}

console.log(`${queries.length} reader queries (tests/relevance/reader/), demo corpus, headless Chromium, ${new Date().toISOString().slice(0, 10)}\n`);
printKinds(figures);
const names = Object.keys(extra);
const row = (label, f) => console.log(`| ${label} | ${names.map((n) => f(extra[n])).join(' | ')} |`);
row('mean hits per query', (e) => e.hits.toFixed(1));
row('queries with no hits', (e) => e.zero);
row('first query: files', (e) => e.bytes.files);
row('first query: bytes gzip', (e) => e.bytes.gzip);
row('first query: bytes brotli', (e) => e.bytes.brotli);
row(`warm latency p50 ms (${rounds} rounds)`, (e) => e.p50.toFixed(2));
row('warm latency p95 ms', (e) => e.p95.toFixed(2));
