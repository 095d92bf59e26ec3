// What the shipped wasm's bytes buy: the optimised wasm (wasm-opt -Oz, as
// scripts/build-wasm.sh makes it), rebuilt with its names kept, its
// functions and data grouped by what they do (twiggy). Gzip is shared out
// in proportion to raw bytes, so that column is an estimate; the total is
// measured.
//
//   node bench/wasm-parts.mjs   (after scripts/build-wasm.sh or scripts/build.sh)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repo } from './relevance.mjs';

const dir = join(repo, 'target/wasm-bindgen');
const named = join(dir, 'xun_wasm_bg.named.wasm');
execFileSync(join(repo, 'node_modules/.bin/wasm-opt'), ['-Oz', '--converge', '--low-memory-unused', '-g', join(dir, 'xun_wasm_bg.wasm'), '-o', named]);
const shipped = readFileSync(join(dir, 'xun_wasm_bg.opt.wasm'));
const gzip = gzipSync(shipped, { level: 9 }).length;

// First match wins. Rust's inliner folds most of a search into the
// exported `engine_search`, so the parts are what the names allow.
const PARTS = [
  ['data: error messages, tables, strings', /^data segment/],
  ['search: split the query, match, rank, excerpts', /engine_search|xun::(search|query|excerpt|sort|analysis)/],
  ['index: open the manifest, check and decode files', /engine_(new|addFile|fromBundle|filters)|xun::(index|format|error)/],
  ['fst: dictionary look-ups, prefixes, typos', /\bfst::/],
  ['allocator (talc)', /talc|__rdl_|__rust_(alloc|dealloc|realloc)/],
  ['wasm-bindgen and js-sys: results to JavaScript', /wasm_bindgen|js_sys|__wbg|externref|xun::wasm|__wbindgen/],
  ['panics and formatting (core::fmt, Unicode tables)', /fmt|panic|unicode|slice_error_fail|escape_debug/],
  ['generic code: Vec, iterators, strings, UTF-8', /./],
];

const csv = execFileSync('twiggy', ['top', '-n', '100000', '--format', 'csv', named], { maxBuffer: 1 << 26 }).toString();
const sizes = new Map(PARTS.map(([name]) => [name, 0]));
let total = 0;
for (const line of csv.split('\n').slice(1)) {
  const m = line.match(/^(".*"|[^,]*),(\d+),/);
  if (!m) continue;
  const name = m[1].replace(/^"|"$/g, '').replace(/""/g, '"');
  // Names and other custom sections are not shipped.
  if (/subsection|^custom section/.test(name)) continue;
  const bytes = Number(m[2]);
  total += bytes;
  const part = PARTS.find(([, re]) => re.test(name));
  sizes.set(part[0], sizes.get(part[0]) + bytes);
}

console.log(`xun_wasm_bg.opt.wasm: ${shipped.length} bytes raw, ${gzip} gzip -9 (measured); ${total} bytes in functions and data\n`);
console.log('| part | raw bytes | share | gzip, est. |');
console.log('|---|---:|---:|---:|');
for (const [name, bytes] of [...sizes].sort((a, b) => b[1] - a[1])) {
  console.log(`| ${name} | ${bytes} | ${((100 * bytes) / total).toFixed(1)}% | ${((gzip * bytes) / total / 1024).toFixed(1)} KB |`);
}
