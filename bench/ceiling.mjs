// How far lexical ranking can go on the reader suite: xun and a peer from
// bench/baselines.mjs, each alone, then two ways of using both.
//
//   node bench/ceiling.mjs                  against MiniSearch + Intl.Segmenter (OR)
//   node bench/ceiling.mjs --peer NAME      against another baseline (bm25-bigrams, …)
//
// - `best of both` takes, query by query, whichever of the two scores
//   higher: an oracle no engine can be, since it reads the judgments.
// - `fused, k=K` merges the two lists by reciprocal rank (each section
//   scores 1 / (K + rank) in xun's list, plus half that in the peer's):
//   what a ranker that held both systems' evidence could reach without
//   knowing which one to trust.
// When even the oracle barely clears a bar, the bar asks for evidence
// that neither system has (what the words mean), not a better weighing of
// the words. Figures as in bench/relevance.mjs, from
// target/release/xun-query over www/search (needs scripts/build.sh).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repo, loadReader, scoreReader, summarizeKinds, printKinds } from './relevance.mjs';
import { baselines } from './baselines.mjs';

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
printKinds(systems);
