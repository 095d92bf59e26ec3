// Pools candidates for judging the reader queries
// (tests/relevance/reader/queries.json): the top sections of xun and of
// every baseline in bench/baselines.mjs, minus what is already judged
// (tests/relevance/reader/judgments.json). Writes them, blind (no system
// names, shuffled), with the text a judge needs, to
// target/relevance/pool/batch-NN.jsonl.
//
//   node bench/pool.mjs [depth, default 12] [batches, default 6] [xun's depth, default depth]
//                       [--out DIR, default target/relevance/pool] [--only REGEX]
//   (--only pools just the queries whose id matches, such as ^r3-t for a
//   new round's topical queries while judges still read the others)
//   (after scripts/build.sh)
//
// Known-item queries have their target as the only relevant section, and
// substring queries the sections containing the string, so neither is
// pooled.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { baselines, bigrams, toMainland } from './baselines.mjs';
import { repo } from './relevance.mjs';

// Options with a value, and the plain arguments around them.
const valueOf = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const taken = new Set(['--out', '--only'].flatMap((name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? [at, at + 1] : [];
}));
const args = process.argv.slice(2).filter((_, i) => !taken.has(i + 2));
if (args.some((a) => a.startsWith('-') || Number.isNaN(Number(a)))) {
  console.error(`usage: node bench/pool.mjs [depth] [batches] [xun's depth] [--out DIR] [--only REGEX]; not ${args.join(' ')}`);
  process.exit(2);
}
const depth = Number(args[0] || 12);
const batches = Number(args[1] || 6);
const xunDepth = Number(args[2] || depth);
const dir = join(repo, 'tests/relevance/reader');
const { queries } = JSON.parse(readFileSync(join(dir, 'queries.json'), 'utf8'));
const judgedPath = join(dir, 'judgments.json');
const judged = existsSync(judgedPath) ? JSON.parse(readFileSync(judgedPath, 'utf8')).grades : {};
const xunQuery = join(repo, 'target/release/xun-query');
const sections = JSON.parse(execFileSync(xunQuery, ['--sections', join(repo, 'www/search')], { maxBuffer: 1 << 28 }));
const byUrl = new Map(sections.map((s) => [s.url, s]));

const only = new RegExp(valueOf('--only') ?? '');
const pooled = queries.filter((q) => q.kind !== 'known-item' && q.kind !== 'substring' && only.test(q.id));
if (!pooled.length) {
  console.error(`bench/pool.mjs: no query to pool${valueOf('--only') ? ` matches --only ${valueOf('--only')}` : ''}`);
  process.exit(2);
}
const systems = baselines(sections, { pooling: true });
const xunHits = JSON.parse(execFileSync(xunQuery, ['--json', join(repo, 'www/search'), ...pooled.map((q) => q.query)], { maxBuffer: 1 << 28 }));
systems.xun = (q) => xunHits[q] || [];

/** What a judge reads of a section: its title and heading, the start of
 * its body, and the passages around the query's words. */
function snippet(section, query) {
  const text = section.text;
  if (text.length <= 1000) return text;
  const keys = [...new Set([...bigrams(query), ...bigrams(toMainland(query))])].filter((k) => k.length >= 2);
  const lower = text.toLowerCase();
  const spans = [[0, 200]];
  for (const k of keys) {
    let at = lower.indexOf(k);
    let n = 0;
    while (at >= 0 && n < 2) {
      spans.push([Math.max(0, at - 90), Math.min(text.length, at + k.length + 90)]);
      at = lower.indexOf(k, at + 1);
      n++;
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([...s]);
  }
  let out = '';
  for (const [a, b] of merged) {
    if (out.length > 900) break;
    out += (a > 0 ? '…' : '') + text.slice(a, b);
  }
  return out + '…';
}

// Deterministic shuffle, so that a judge cannot tell systems by order.
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

const items = [];
const perQuery = [];
for (const q of pooled) {
  const urls = new Set();
  for (const [name, run] of Object.entries(systems)) {
    for (const url of run(q.query).slice(0, name === 'xun' ? xunDepth : depth)) urls.add(url);
  }
  const fresh = [...urls].filter((u) => !(judged[q.id] && u in judged[q.id]));
  perQuery.push(fresh.length);
  fresh.sort(() => random() - 0.5);
  for (const url of fresh) {
    const s = byUrl.get(url);
    items.push({ qid: q.id, query: q.query, kind: q.kind, intent: q.intent, url, title: s.title, heading: s.heading, text: snippet(s, q.query) });
  }
}

const out = valueOf('--out') ? resolve(repo, valueOf('--out')) : join(repo, 'target/relevance/pool');
// Only the batches go: --out may name a directory that holds other files.
mkdirSync(out, { recursive: true });
for (const name of readdirSync(out).filter((n) => /^batch-\d+\.jsonl$/.test(n))) rmSync(join(out, name));
// Batches hold whole queries, of about equal size.
const ids = [...new Set(items.map((i) => i.qid))];
const size = Math.ceil(items.length / batches);
let batch = 0, count = 0;
const lines = Array.from({ length: batches }, () => []);
for (const id of ids) {
  const mine = items.filter((i) => i.qid === id);
  if (count >= size * (batch + 1) && batch < batches - 1) batch++;
  lines[batch].push(...mine);
  count += mine.length;
}
lines.forEach((l, i) => {
  if (l.length) writeFileSync(join(out, `batch-${String(i).padStart(2, '0')}.jsonl`), l.map((x) => JSON.stringify(x)).join('\n') + '\n');
});
console.log(`${pooled.length} pooled queries, depth ${depth} from ${Object.keys(systems).join(', ')}`);
console.log(`${items.length} unjudged (query, section) pairs, ${(items.length / pooled.length).toFixed(1)} per query (max ${Math.max(...perQuery)}), in ${lines.filter((l) => l.length).length} batches under ${out}`);
