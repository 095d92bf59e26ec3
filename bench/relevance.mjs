// The relevance suites: judged queries over the demo corpus, and the
// figures that score a search engine on them.
//
//   node bench/relevance.mjs                 xun on the reader suite, per kind
//   node bench/relevance.mjs --peers         and the baselines of bench/baselines.mjs
//   node bench/relevance.mjs --check         also fail if a figure is below its floor
//                                            (tests/relevance/floors.json)
//   node bench/relevance.mjs --suite legacy  the first suite (tests/relevance/queries.json)
//   node bench/relevance.mjs --index DIR     another index under www/ (same corpus)
//   node bench/relevance.mjs --www DIR       another build's demo site (to compare builds)
//
// Needs scripts/build.sh (the wasm, www/search) and target/release/xun-query.
//
// The reader suite (tests/relevance/reader/) holds queries as readers type
// them, written before any engine ran, of six kinds, and judgments pooled
// from several systems (see judgments.json's `how`). Each kind has its
// figure, the mean over its queries:
//   topical, question, traditional   nDCG@10: graded gains 2^g − 1, unjudged = 0
//   mixed                            MRR@10: 1 / rank of the first section graded ≥ 2
//   known-item                       MRR@10 of the one section the reader wants
//   substring                        recall, at any rank, of the sections
//                                    containing the string (folded)
// and every kind reports its zero-result rate and the share of its top 10
// that no judge has seen (a figure is only as good as its pool).
//
// The legacy suite (tests/relevance/queries.json) grades sections 3 / 2 / 1
// per query; its figures are nDCG@10, MRR@10, Recall@10, substring recall
// and the zero-result rate.
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

const READER = join(repo, 'tests/relevance/reader');
export const KINDS = [
  ['topical', 'ndcg', 'nDCG@10'], ['question', 'ndcg', 'nDCG@10'], ['traditional', 'ndcg', 'nDCG@10'],
  ['mixed', 'mrr', 'MRR@10'], ['known-item', 'mrr', 'MRR@10'], ['substring', 'recall', 'recall'],
];

/** The reader suite: queries with their grades, known-item targets and,
 * for substrings, the sections containing them. */
export function loadReader() {
  const { queries } = JSON.parse(readFileSync(join(READER, 'queries.json'), 'utf8'));
  const { grades } = JSON.parse(readFileSync(join(READER, 'judgments.json'), 'utf8'));
  const xunQuery = join(repo, 'target/release/xun-query');
  const sections = JSON.parse(execFileSync(xunQuery, ['--sections', join(repo, 'www/search')], { maxBuffer: 1 << 28 }));
  const subs = queries.filter((q) => q.kind === 'substring');
  const folded = JSON.parse(execFileSync(xunQuery, ['--fold', ...subs.map((q) => q.query)]));
  subs.forEach((q, i) => {
    q.containing = sections.filter((s) => s.folded.some((f) => f.includes(folded[i]))).map((s) => s.url);
  });
  for (const q of queries) {
    q.grades = grades[q.id] || {};
    if (q.kind === 'known-item') {
      const page = `/posts/${q.target.post}/`;
      const s = sections.find((s) => s.url.startsWith(page) && s.heading === q.target.heading);
      if (!s) throw new Error(`${q.id}: no section ${page} "${q.target.heading}"`);
      q.grades = { [s.url]: 3 };
    }
  }
  return { queries, sections };
}

/** One reader query's figure from its ranked URLs (every hit, best first). */
export function scoreReader(q, ranked) {
  const grade = (url) => q.grades[url] || 0;
  const top = ranked.slice(0, 10);
  const row = { id: q.id, query: q.query, kind: q.kind, round: q.round || 1, hits: ranked.length };
  row.unjudged = q.kind === 'substring' ? 0 : top.filter((u) => !(u in q.grades)).length / Math.max(1, top.length);
  if (q.kind === 'substring') {
    const returned = new Set(ranked);
    row.value = q.containing.length ? q.containing.filter((u) => returned.has(u)).length / q.containing.length : 1;
    return row;
  }
  const metric = KINDS.find((k) => k[0] === q.kind)[1];
  if (metric === 'mrr') {
    const first = top.findIndex((url) => grade(url) >= 2);
    row.value = first < 0 ? 0 : 1 / (first + 1);
  } else {
    const judged = Object.values(q.grades).sort((a, b) => b - a);
    const ideal = judged.slice(0, 10).reduce((s, g, i) => s + gain(g) / Math.log2(i + 2), 0);
    const dcg = top.reduce((s, url, i) => s + gain(grade(url)) / Math.log2(i + 2), 0);
    row.value = ideal > 0 ? dcg / ideal : undefined;
  }
  return row;
}

/** Per kind: its figure, zero-result rate and unjudged share; under
 * `heldOut`, the same over the queries of the later rounds alone, which
 * were written after the ranking was tuned on the first; and under
 * `rounds`, per later round (each written after the tuning on the
 * rounds before it). */
export function summarizeKinds(rows) {
  const summary = (mine) => ({
    value: mean(mine, 'value'),
    zero: mine.filter((r) => r.hits === 0).length / Math.max(1, mine.length),
    unjudged: mean(mine, 'unjudged'),
    queries: mine.length,
  });
  const out = { heldOut: {}, rounds: {} };
  const later = [...new Set(rows.map((r) => r.round))].filter((n) => n > 1).sort((a, b) => a - b);
  for (const [kind] of KINDS) {
    const mine = rows.filter((r) => r.kind === kind);
    out[kind] = summary(mine);
    // A held-out query not judged yet has no figure: it is left out.
    const held = mine.filter((r) => r.round > 1 && r.value !== undefined);
    if (held.length) out.heldOut[kind] = summary(held);
    for (const n of later.length > 1 ? later : []) {
      const inRound = held.filter((r) => r.round === n);
      if (inRound.length) (out.rounds[n] ??= {})[kind] = summary(inRound);
    }
  }
  return out;
}

export function printKinds(systems) {
  const names = Object.keys(systems);
  console.log(`| kind | figure | ${names.join(' | ')} |\n|---|---|${names.map(() => '---').join('|')}|`);
  for (const [kind, , label] of KINDS) {
    const cells = names.map((n) => {
      const k = systems[n][kind];
      return `${k.value.toFixed(3)}${k.zero ? ` (${(k.zero * 100).toFixed(0)}% none)` : ''}`;
    });
    console.log(`| ${kind} (${systems[names[0]][kind].queries}) | ${label} | ${cells.join(' | ')} |`);
  }
  for (const [kind, , label] of KINDS) {
    const held = systems[names[0]].heldOut[kind];
    if (!held) continue;
    const cells = names.map((n) => systems[n].heldOut[kind].value.toFixed(3));
    console.log(`| ${kind}, held out (${held.queries}) | ${label} | ${cells.join(' | ')} |`);
  }
  for (const [round, kinds] of Object.entries(systems[names[0]].rounds)) {
    for (const [kind, , label] of KINDS.filter(([k]) => k in kinds)) {
      const cells = names.map((n) => systems[n].rounds[round][kind].value.toFixed(3));
      console.log(`| ${kind}, round ${round} (${kinds[kind].queries}) | ${label} | ${cells.join(' | ')} |`);
    }
  }
  console.log(`| unjudged in top 10 | share | ${names.map((n) => {
    // Known items have one relevant section and substrings need no judge.
    const u = KINDS.filter((k) => k[0] !== 'substring' && k[0] !== 'known-item').map((k) => systems[n][k[0]].unjudged);
    return (u.reduce((a, b) => a + b, 0) / u.length).toFixed(3);
  }).join(' | ')} |`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { serve, browser } = await import('../tests/e2e/lib.mjs');
  const legacy = process.argv.includes('--suite') && process.argv[process.argv.indexOf('--suite') + 1] === 'legacy';
  const at = process.argv.indexOf('--index');
  const indexDir = at > 0 ? process.argv[at + 1] : 'search';
  const suite = legacy ? loadSuite() : loadReader();
  const { queries } = suite;
  const wwwAt = process.argv.indexOf('--www');
  const server = await serve(wwwAt > 0 ? process.argv[wwwAt + 1] : join(repo, 'www'));
  const { ctx, page } = await browser();
  let results;
  try {
    results = await runXun([...new Set(queries.map((q) => q.query))], page, server.url, indexDir);
  } finally {
    await ctx.close();
    await server.close();
  }
  let failed = [];
  if (legacy) {
    const rows = queries.map((q) => scoreQuery(q, results[q.query]));
    const overall = summarize(rows);
    const kinds = [...new Set(rows.map((r) => r.kind))];
    const byKind = Object.fromEntries(kinds.map((k) => [k, summarize(rows.filter((r) => r.kind === k))]));
    console.log(`xun on ${rows.length} judged queries (tests/relevance/queries.json)\n`);
    printTable({ all: overall, ...byKind });
    const floors = JSON.parse(readFileSync(join(repo, 'tests/relevance/floors.json'), 'utf8')).legacy;
    for (const [key, label] of FIGURES) {
      const floor = floors[key];
      if (floor === undefined) continue;
      // The zero-result rate is a ceiling: lower is better.
      const ok = key === 'zeroResultRate' ? overall[key] <= floor : overall[key] >= floor;
      if (!ok) failed.push(`${label} ${overall[key].toFixed(3)} (floor ${floor})`);
    }
  } else {
    const systems = { xun: summarizeKinds(queries.map((q) => scoreReader(q, results[q.query] || []))) };
    if (process.argv.includes('--peers')) {
      const { baselines } = await import('./baselines.mjs');
      for (const [name, run] of Object.entries(baselines(suite.sections))) {
        systems[name] = summarizeKinds(queries.map((q) => scoreReader(q, run(q.query))));
      }
    }
    console.log(`${queries.length} reader queries (tests/relevance/reader/), demo corpus\n`);
    printKinds(systems);
    if (process.argv.includes('--rows')) {
      for (const q of queries) {
        const r = scoreReader(q, results[q.query] || []);
        console.log(`${r.id}\t${r.kind}\t${r.value === undefined ? '-' : r.value.toFixed(3)}\t${r.hits}\t${q.query}`);
      }
    }
    const floors = JSON.parse(readFileSync(join(repo, 'tests/relevance/floors.json'), 'utf8')).reader;
    for (const [kind] of KINDS) {
      const floor = floors[kind];
      if (floor !== undefined && !(systems.xun[kind].value >= floor)) {
        failed.push(`${kind} ${systems.xun[kind].value.toFixed(3)} (floor ${floor})`);
      }
    }
    const zero = systems.xun.substring.zero;
    if (zero > 0) failed.push(`substring queries with no result: ${(zero * 100).toFixed(0)}%`);
  }
  if (process.argv.includes('--check')) {
    if (failed.length) {
      console.error(`relevance below its recorded floor: ${failed.join(', ')}`);
      process.exit(1);
    }
    console.log('\nrelevance at or above the floors in tests/relevance/floors.json');
  }
}
