// How far lexical ranking can go on the reader suite: xun and a peer from
// bench/baselines.mjs, each alone, then two ways of using both.
//
//   node bench/ceiling.mjs                  against MiniSearch + Intl.Segmenter (OR)
//   node bench/ceiling.mjs --peer NAME      against another baseline (bm25-bigrams, …)
//   node bench/ceiling.mjs --feedback       also pseudo-relevance feedback
//
// - `best of both` takes, query by query, whichever of the two scores
//   higher: an oracle no engine can be, since it reads the judgments.
// - `fused, k=K` merges the two lists by reciprocal rank (each section
//   scores 1 / (K + rank) in xun's list, plus half that in the peer's):
//   what a ranker that held both systems' evidence could reach without
//   knowing which one to trust.
// - `feedback kK mM`, with --feedback: xun's list merged (k=10, the
//   feedback list at half weight) with a BM25 ranking by the M words
//   most typical (tf-idf over Intl.Segmenter words and CJK bigrams) of
//   xun's own top K sections: expansion by the corpus's own co-occurrence,
//   the nearest thing to meaning that needs no model.
// When even the oracle barely clears a bar, the bar asks for evidence
// that neither system has (what the words mean), not a better weighing of
// the words. Figures as in bench/relevance.mjs, from
// target/release/xun-query over www/search (needs scripts/build.sh).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repo, loadReader, scoreReader, summarizeKinds, printKinds } from './relevance.mjs';
import { baselines, words, bigrams } from './baselines.mjs';

const at = process.argv.indexOf('--peer');
const peerName = at > 0 ? process.argv[at + 1] : 'minisearch-or';
const { queries, sections } = loadReader();
const peer = baselines(sections)[peerName];
if (!peer) throw new Error(`no baseline ${peerName}`);

const xunLists = JSON.parse(execFileSync(join(repo, 'target/release/xun-query'),
  ['--json', join(repo, 'www/search'), ...queries.map((q) => q.query)], { maxBuffer: 1 << 28 }));
const lists = queries.map((q) => ({ xun: xunLists[q.query], peer: peer(q.query) }));

/** Reciprocal-rank fusion; the peer's ranks count `weight` as much. */
function fuse(a, b, k, weight) {
  const score = new Map();
  a.forEach((url, rank) => score.set(url, (score.get(url) || 0) + 1 / (k + rank + 1)));
  b.forEach((url, rank) => score.set(url, (score.get(url) || 0) + weight / (k + rank + 1)));
  return [...score].sort((x, y) => y[1] - x[1]).map(([url]) => url);
}

const rowsOf = (pick) => queries.map((q, i) => pick(q, lists[i]));
const xun = rowsOf((q, l) => scoreReader(q, l.xun));
const other = rowsOf((q, l) => scoreReader(q, l.peer));
const best = xun.map((row, i) => ((other[i].value ?? 0) > (row.value ?? 0) ? other[i] : row));
const systems = {
  xun: summarizeKinds(xun),
  [peerName]: summarizeKinds(other),
  'best of both (oracle)': summarizeKinds(best),
};
for (const k of [10, 60]) {
  systems[`fused, k=${k}`] = summarizeKinds(rowsOf((q, l) => scoreReader(q, fuse(l.xun, l.peer, k, 0.5))));
}
if (process.argv.includes('--feedback')) {
  const expand = feedback(sections);
  for (const [k, m] of [[2, 20], [3, 10], [3, 20], [5, 30]]) {
    systems[`feedback k${k} m${m}`] = summarizeKinds(rowsOf((q, l) => scoreReader(q, fuse(l.xun, expand(l.xun, k, m), 10, 0.5))));
  }
}
printKinds(systems);

/** Pseudo-relevance feedback over `sections`: given a ranked list, the
 * sections ranked by BM25 over the `m` words that best describe its top
 * `k` (each word weighted by how typical it is of them). */
function feedback(sections) {
  const tokenize = (text) => [...words(text), ...bigrams(text)];
  const docs = sections.map((s) => {
    const tokens = tokenize(`${s.title} ${s.heading} ${s.heading} ${s.text}`);
    const tf = new Map();
    for (const t of tokens) tf.set(t, (tf.get(t) || 0) + 1);
    return { url: s.url, tf, length: tokens.length };
  });
  const byUrl = new Map(docs.map((d) => [d.url, d]));
  const df = new Map();
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) || 0) + 1);
  const n = docs.length;
  const avg = docs.reduce((a, d) => a + d.length, 0) / n;
  const idf = (t) => Math.log(1 + (n - df.get(t) + 0.5) / (df.get(t) + 0.5));
  return (ranked, k, m) => {
    const weight = new Map();
    for (const d of ranked.slice(0, k).map((url) => byUrl.get(url)).filter(Boolean)) {
      for (const [t, f] of d.tf) {
        // A word of one section alone says nothing about the others.
        if (df.get(t) > 1) weight.set(t, (weight.get(t) || 0) + (f / d.length) * idf(t));
      }
    }
    const terms = [...weight].sort((a, b) => b[1] - a[1]).slice(0, m);
    const scored = [];
    for (const d of docs) {
      let score = 0;
      for (const [t, w] of terms) {
        const f = d.tf.get(t);
        if (f) score += (w * idf(t) * f * 2.2) / (f + 1.2 * (0.25 + 0.75 * (d.length / avg)));
      }
      if (score > 0) scored.push([score, d.url]);
    }
    return scored.sort((a, b) => b[0] - a[0]).map(([, url]) => url);
  };
}
