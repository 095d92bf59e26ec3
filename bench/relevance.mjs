// The relevance suite: judged queries over the demo corpus, and the
// figures that score a search engine on them.
//
//   node bench/relevance.mjs            xun's figures, overall and per kind
//   node bench/relevance.mjs --check    also fail if any is below its floor
//                                       (tests/relevance/floors.json)
//   node bench/relevance.mjs --index search-words
//                                       another index under www/ (same corpus)
//
// Needs scripts/build.sh (the wasm, www/search) and target/release/xun-query.
//
// The queries and their grades are in tests/relevance/queries.json: per
// query, section URL → grade 3 (the answer), 2 (discusses it), 1 (mentions
// it); unlisted sections are 0. Figures, each the mean over the queries it
// applies to:
//   nDCG@10       graded gains 2^g − 1, over queries with any graded section
//   MRR@10        1 / rank of the first section graded ≥ 2 (0 past rank 10)
//   Recall@10     share of the sections graded ≥ 2 that are in the top 10
//   substring     for each query that folds to one run of Han characters:
//   recall        the share of the sections containing it (title, heading or
//                 body, folded) that the engine returns at any rank
//   zero-result   share of queries with no hits at all
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const repo = fileURLToPath(new URL('..', import.meta.url));

/** The queries, with their grades and the sections containing them. */
export function loadSuite() {
  const queries = JSON.parse(readFileSync(join(repo, 'tests/relevance/queries.json'), 'utf8'));
  const xunQuery = join(repo, 'target/release/xun-query');
  const sections = JSON.parse(execFileSync(xunQuery, ['--sections', join(repo, 'www/search')], { maxBuffer: 1 << 28 }));
  const folded = JSON.parse(execFileSync(xunQuery, ['--fold', ...queries.map((q) => q.query)]));
  const han = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/u;
  queries.forEach((q, i) => {
    q.folded = folded[i];
    q.containing = han.test(q.folded)
      ? sections.filter((s) => s.folded.some((f) => f.includes(q.folded))).map((s) => s.url)
      : null;
  });
  return { queries, sections };
}

const gain = (g) => 2 ** g - 1;

/** Scores one query's ranked URLs (every hit, best first). */
export function scoreQuery(q, ranked) {
  const grade = (url) => q.grades[url] || 0;
  const top = ranked.slice(0, 10);
  const row = { query: q.query, kind: q.kind, hits: ranked.length };
  const judged = Object.values(q.grades).sort((a, b) => b - a);
  if (judged.length) {
    const dcg = top.reduce((s, url, i) => s + gain(grade(url)) / Math.log2(i + 2), 0);
    const ideal = judged.slice(0, 10).reduce((s, g, i) => s + gain(g) / Math.log2(i + 2), 0);
    row.ndcg = dcg / ideal;
  }
  const relevant = Object.keys(q.grades).filter((url) => q.grades[url] >= 2);
  if (relevant.length) {
    const first = top.findIndex((url) => grade(url) >= 2);
    row.mrr = first < 0 ? 0 : 1 / (first + 1);
    row.recall = relevant.filter((url) => top.includes(url)).length / relevant.length;
  }
  if (q.containing && q.containing.length) {
    const returned = new Set(ranked);
    row.substring = q.containing.filter((url) => returned.has(url)).length / q.containing.length;
  }
  return row;
}

const mean = (rows, key) => {
  const xs = rows.map((r) => r[key]).filter((x) => x !== undefined);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
};

/** The suite's figures from per-query rows. */
export function summarize(rows) {
  return {
    ndcg10: mean(rows, 'ndcg'),
    mrr10: mean(rows, 'mrr'),
    recall10: mean(rows, 'recall'),
    substringRecall: mean(rows, 'substring'),
    zeroResultRate: rows.filter((r) => r.hits === 0).length / rows.length,
    queries: rows.length,
  };
}

export const FIGURES = [['ndcg10', 'nDCG@10'], ['mrr10', 'MRR@10'], ['recall10', 'Recall@10'],
  ['substringRecall', 'substring recall'], ['zeroResultRate', 'zero-result rate']];

export function printTable(systems) {
  const names = Object.keys(systems);
  console.log(`| figure | ${names.join(' | ')} |\n|---|${names.map(() => '---').join('|')}|`);
  for (const [key, label] of FIGURES) {
    console.log(`| ${label} | ${names.map((n) => systems[n][key].toFixed(3)).join(' | ')} |`);
  }
}

/** Every hit of every query from xun in headless Chromium, best first. */
export async function runXun(queries, page, baseUrl, indexDir = 'search') {
  await page.goto(baseUrl + '/demo.css');
  await page.addScriptTag({ url: '/search/xun.js' });
  return page.evaluate(async ({ queries, indexDir }) => {
    const engine = await xun.open({ index: '/' + indexDir + '/' });
    const out = {};
    for (const q of queries) {
      const urls = [];
      for (let offset = 0; ; offset += 200) {
        const res = await engine.search(q, { limit: 200, offset });
        urls.push(...res.hits.map((h) => h.url));
        if (urls.length >= res.total || res.hits.length === 0) break;
      }
      out[q] = urls;
    }
    return out;
  }, { queries, indexDir });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { serve, browser } = await import('../tests/e2e/lib.mjs');
  const { queries } = loadSuite();
  const server = await serve(join(repo, 'www'));
  const { ctx, page } = await browser();
  let results;
  try {
    const at = process.argv.indexOf('--index');
    const indexDir = at > 0 ? process.argv[at + 1] : 'search';
    results = await runXun(queries.map((q) => q.query), page, server.url, indexDir);
  } finally {
    await ctx.close();
    await server.close();
  }
  const rows = queries.map((q) => scoreQuery(q, results[q.query]));
  const overall = summarize(rows);
  const kinds = [...new Set(rows.map((r) => r.kind))];
  const byKind = Object.fromEntries(kinds.map((k) => [k, summarize(rows.filter((r) => r.kind === k))]));
  console.log(`xun on ${rows.length} judged queries (tests/relevance/queries.json)\n`);
  printTable({ all: overall, ...byKind });
  const misses = rows.filter((r) => r.substring !== undefined && r.substring < 1);
  for (const r of misses) console.log(`substring miss: ${r.query} (${r.substring.toFixed(2)})`);
  if (process.argv.includes('--check')) {
    const floors = JSON.parse(readFileSync(join(repo, 'tests/relevance/floors.json'), 'utf8'));
    const failed = [];
    for (const [key, label] of FIGURES) {
      const floor = floors[key];
      if (floor === undefined) continue;
      // The zero-result rate is a ceiling: lower is better.
      const ok = key === 'zeroResultRate' ? overall[key] <= floor : overall[key] >= floor;
      if (!ok) failed.push(`${label} ${overall[key].toFixed(3)} (floor ${floor})`);
    }
    if (failed.length) {
      console.error(`relevance below its recorded floor: ${failed.join(', ')}`);
      process.exit(1);
    }
    console.log('\nrelevance at or above the floors in tests/relevance/floors.json');
  }
}
