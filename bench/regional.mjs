// Whether a Taiwan or Hong Kong reader finds what a mainland reader finds: pairs of the
// same query in Taiwan wording and Traditional script, and in mainland
// wording (tests/relevance/regional-pairs.tsv), and the share of the
// mainland query's top 10 that the Taiwan query's top 10 holds.
//
//   node bench/regional.mjs            the mean overlap, and each pair under 0.8
//   node bench/regional.mjs --all      every pair
//   node bench/regional.mjs --index D  another index directory (default www/search)
//
// Needs scripts/build.sh (www/search and target/release/xun-query). No
// judgments: a low overlap points at a word that folding misses, or at a
// phrase that folds to a narrower or broader form than the reader meant.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repo } from './relevance.mjs';

const at = process.argv.indexOf('--index');
const index = at > 0 ? process.argv[at + 1] : join(repo, 'www/search');
const pairs = readFileSync(join(repo, 'tests/relevance/regional-pairs.tsv'), 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
const hits = JSON.parse(execFileSync(join(repo, 'target/release/xun-query'), ['--json', index, ...pairs.flat()],
  { maxBuffer: 1 << 28, encoding: 'utf8' }));
let sum = 0;
const rows = pairs.map(([taiwan, mainland]) => {
  const want = new Set(hits[mainland].slice(0, 10));
  const got = hits[taiwan].slice(0, 10).filter((u) => want.has(u)).length;
  const overlap = want.size ? got / want.size : hits[taiwan].length ? 0 : 1;
  sum += overlap;
  return { taiwan, mainland, overlap, counts: [hits[taiwan].length, hits[mainland].length] };
});
console.log(`${pairs.length} Taiwan or Hong Kong / mainland pairs: mean overlap of the top 10, ${(sum / pairs.length).toFixed(3)}`);
for (const r of rows.filter((r) => process.argv.includes('--all') || r.overlap < 0.8)) {
  console.log(`${r.overlap.toFixed(1)}\t${r.taiwan} (${r.counts[0]} hits)\t${r.mainland} (${r.counts[1]})`);
}
