// Query latency of xun in headless Chromium, and the bytes a reader
// downloads, against a baseline measured in the same page: a plain indexOf
// scan over every section's text (what tools that download the whole
// corpus do per query).
//
//   node bench/latency.mjs [rounds] [index dir under www/, default search] [preload] [--reader]
//   (after scripts/build.sh; preload: true, false or open, as xun.open
//   takes it; unset by default, which on loopback is open; --reader: the
//   queries of the reader suite, questions and all, instead of 12)
//
// The engine as opened answers warm searches on the page once its worker
// has handed over a copy of the whole index (a small site, its preloaded
// text all in); it is timed after that. It also times the same queries
// in the worker alone (`warmOnPage: false`) and with the engine on the
// page from the start (`worker: false`), the three alternating round by
// round: the worker's round trip is the difference, which the wasm's own
// work does not show.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { serve, browser, repo } from '../tests/e2e/lib.mjs';
import { loadReader } from './relevance.mjs';

const args = process.argv.slice(2).filter((a) => a !== '--reader');
const rounds = Number(args[0] || 30);
const indexDir = args[1] || 'search';
const preload = { true: true, false: false, open: 'open' }[args[2]];
const queries = process.argv.includes('--reader')
  ? [...new Set(loadReader().queries.map((q) => q.query))]
  : ['灰度发布', '容器网络', 'Prometheus告警', 'k8s网络', '服务网格落地', '日志采集方案',
    'kube-proxy', '阿里云', '是一段', 'CI/CD', '易立', '监控报警平台'];

function wire(paths) {
  let raw = 0, gz = 0, br = 0;
  for (const p of paths) {
    const body = readFileSync(join(repo, 'www', p));
    raw += body.length;
    gz += gzipSync(body, { level: 9 }).length;
    br += brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return `${paths.length} files, raw ${raw}, gzip ${gz}, brotli ${br}`;
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

const server = await serve(join(repo, 'www'));
const { ctx, page } = await browser();
try {
  // A blank page of the same origin, so only xun's own requests count.
  await page.goto(server.url + '/demo.css');
  const runtimeAndIndex = (p) => p.startsWith('/' + indexDir + '/') || p.startsWith('/xun');
  await page.addScriptTag({ url: '/search/xun.js' });
  const opened = await page.evaluate(async ({ first, indexDir, preload }) => {
    const t0 = performance.now();
    window.engine = await xun.open({ index: '/' + indexDir + '/', preload });
    const t1 = performance.now();
    await window.engine.search(first, { limit: 10 });
    return { openMs: t1 - t0, firstMs: performance.now() - t1 };
  }, { first: queries[0], indexDir, preload });
  const firstResultFiles = [...server.sent.keys()].filter(runtimeAndIndex);

  const { times, inWorker, onPage, copied } = await page.evaluate(async ({ queries, rounds, indexDir, preload }) => {
    const inPage = await xun.open({ index: '/' + indexDir + '/', preload, worker: false });
    const worker = await xun.open({ index: '/' + indexDir + '/', preload, warmOnPage: false });
    const engines = [window.engine, worker, inPage];
    for (const e of engines) for (const q of queries) await e.search(q, { limit: 10 }); // load their files
    // The copy comes once the preloaded text is in, if the site has one.
    const until = performance.now() + 10000;
    while (!window.engine.answersOnPage && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
    for (const q of queries) await window.engine.search(q, { limit: 10 });
    const times = [], inWorker = [], onPage = [];
    for (let r = 0; r < rounds; r++) {
      for (const [e, out] of [[window.engine, times], [worker, inWorker], [inPage, onPage]]) {
        for (const q of queries) {
          const t = performance.now();
          await e.search(q, { limit: 10 });
          out.push(performance.now() - t);
        }
      }
    }
    return { times, inWorker, onPage, copied: window.engine.answersOnPage };
  }, { queries, rounds, indexDir, preload });
  const allQueryFiles = [...server.sent.keys()].filter(runtimeAndIndex);

  const base = await page.evaluate(async ({ queries, rounds, indexDir }) => {
    const texts = [];
    for (let i = 0; ; i++) {
      const res = await fetch('/' + indexDir + '/r/' + Math.floor(i / 1000) + '/' + i + '.xun');
      if (!res.ok) break;
      texts.push(new TextDecoder().decode(await res.arrayBuffer()).toLowerCase());
    }
    const times = [];
    let hits = 0;
    for (let r = 0; r < rounds; r++) {
      for (const q of queries) {
        const t = performance.now();
        const needle = q.toLowerCase();
        for (const s of texts) if (s.indexOf(needle) >= 0) hits++;
        times.push(performance.now() - t);
      }
    }
    return hits >= 0 ? times : [];
  }, { queries, rounds, indexDir });
  const storeFiles = [...server.sent.keys()].filter((p) => p.startsWith('/' + indexDir + '/r/'));
  // What a tool that ships the whole corpus sends: all text, one file.
  const corpus = Buffer.concat(storeFiles.map((p) => readFileSync(join(repo, 'www', p))));
  const oneFile = `1 file, raw ${corpus.length}, gzip ${gzipSync(corpus, { level: 9 }).length}, brotli ${
    brotliCompressSync(corpus, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length}`;

  const f = (x) => x.toFixed(2);
  console.log(`open (runtime + meta.xun): ${f(opened.openMs)} ms; first query "${queries[0]}" incl. its fetches: ${f(opened.firstMs)} ms`);
  console.log(`warm latency, ${queries.length} queries × ${rounds} rounds, ms (Chromium rounds timers to 0.1 ms):`);
  console.log(`  xun (split, match, rank, excerpts)  p50 ${f(pct(times, 0.5))}  p95 ${f(pct(times, 0.95))}` +
    `  (${copied ? 'answered on the page, from the copy' : 'answered by the worker: no copy'})`);
  console.log(`  xun in its worker alone             p50 ${f(pct(inWorker, 0.5))}  p95 ${f(pct(inWorker, 0.95))}`);
  console.log(`  xun on the page, no worker          p50 ${f(pct(onPage, 0.5))}  p95 ${f(pct(onPage, 0.95))}`);
  console.log(`  baseline indexOf over all text      p50 ${f(pct(base, 0.5))}  p95 ${f(pct(base, 0.95))}`);
  console.log(`  ratio xun / baseline                p50 ${f(pct(times, 0.5) / pct(base, 0.5))}  p95 ${f(pct(times, 0.95) / pct(base, 0.95))}`);
  console.log('bytes on the wire (each file compressed on its own):');
  console.log(`  up to the first result of "${queries[0]}": ${wire(firstResultFiles)}`);
  console.log(`  after all ${queries.length} queries:            ${wire(allQueryFiles)}`);
  console.log(`  baseline, all stored text as one file: ${oneFile}`);
} finally {
  await ctx.close();
  await server.close();
}
