// Sizes of the index and the runtime on the wire, and the indexer's build
// time and peak memory.
//
//   node bench/sizes.mjs [runs]     (after scripts/build.sh)
//
// Each file is compressed on its own (gzip -9, brotli quality 11), as a
// server sends it. Build time is the median of `runs` builds of corpus/.
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const repo = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] || 5);

function sizes(paths) {
  const t = { files: paths.length, raw: 0, gzip: 0, brotli: 0 };
  for (const p of paths) {
    const body = readFileSync(p);
    t.raw += body.length;
    t.gzip += gzipSync(body, { level: 9 }).length;
    t.brotli += brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return t;
}

const row = (name, t) => `| ${name} | ${t.files} | ${t.raw} | ${t.gzip} | ${t.brotli} |`;
const index = join(repo, 'www/search');
// Every file under the index directory, by path relative to it (d/0/3.xun).
const walk = (dir, rel = '') => readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(dir, join(rel, e.name)) : [join(rel, e.name)]);
const names = walk(index);
console.log('| index files (www/search) | files | raw | gzip | brotli |\n|---|---|---|---|---|');
const all = [];
for (const [label, re] of [['meta.xun', /^meta\.xun$/], ['d/ (dictionary buckets)', /^d\//],
  ['p/ (postings shards)', /^p\//], ['r/ (record buckets)', /^r\//]]) {
  const paths = names.filter((n) => re.test(n)).map((n) => join(index, n));
  all.push(...paths);
  console.log(row(label, sizes(paths)));
}
console.log(row('**all**', sizes(all)));
console.log('\n| runtime (www/search) | files | raw | gzip | brotli |\n|---|---|---|---|---|');
for (const f of ['xun.js', 'xun.css', 'xun_wasm.js', 'xun_wasm_bg.wasm']) console.log(row(f, sizes([join(repo, 'www/search', f)])));
const corpus = readdirSync(join(repo, 'corpus')).filter((n) => n.endsWith('.md')).map((n) => join(repo, 'corpus', n));
console.log(row('(corpus/*.md, for scale)', sizes(corpus)));

// Build time and peak resident memory, via GNU time.
const times = [], peaks = [];
for (let i = 0; i < runs; i++) {
  const out = mkdtempSync(join(tmpdir(), 'xun-bench-'));
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', join(repo, 'target/release/build-index'),
    join(repo, 'corpus'), '--out', join(out, 'index')], { stdio: ['ignore', 'ignore', 'pipe'] });
  rmSync(out, { recursive: true, force: true });
  if (run.status !== 0) throw new Error('build-index failed: ' + run.stderr);
  const [secs, kb] = run.stderr.toString().trim().split('\n').pop().split(' ').map(Number);
  times.push(secs); peaks.push(kb);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`\nbuild-index corpus/: median ${median(times).toFixed(2)} s wall over ${runs} runs (min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)}), peak RSS ${(median(peaks) / 1024).toFixed(1)} MiB`);
