// The widget's weight on the wire: the JavaScript and CSS a page loads
// (xun.js, xun.css, and the wasm-bindgen glue), not counting the wasm.
//
//   node bench/widget-size.mjs [--check]   (after scripts/build.sh)
//
// --check fails above the 18.5 KB gzip budget. It was 15 KB until the
// results became JSON text and highlights learnt Latin word starts and
// the landed section (+150 bytes, 2026-11-30; see the README), and 15.5
// KB until the preloader kept the link busy (www/xun/preload.js, +280
// bytes, 2026-12-01), which took the follow-ups typed during the preload
// at 150 ms from two rounds each to none after the first; and 16 KB until
// Tab kept to the dialog's stops, a second search on a page replaced the
// first one's marks, a page-level hit scrolled to its first mark,
// "← 全部结果" led back from one page's sections, a chip browsed its pages
// with nothing typed, a first visit showed the syntax, and the chip row
// faded where it overflows (+324 bytes, 2026-12-02); and 16.5 KB until
// the page answered warm searches from its worker's copy of the index
// (www/xun/api.js, core.js; +321 bytes, 2026-12-02), which halved the
// warm p95 through the worker (README, Warm latency); and 17 KB until a
// query cut short said so, a page opened as a file said why it cannot
// search, a same-page result
// gave its section the focus, recent results named their section, and a
// number term stopped marking the digits of longer numbers, and the chip
// row opened at its start (+443 bytes,
// 2026-12-04: found by a reader's walk through the demo); and 17.5 KB
// until a query cut short named what it left out and a query of excluded
// words alone asked for a word (+131 bytes), and the widget's code was
// split by job (+348 bytes, 2026-12-04); and 18 KB until xun.css was
// minified (-395 bytes), after a whole-page hit for the page the reader is
// on marked it in place rather than reloading it (+48 bytes); and 17.75 KB
// until a second reader's walk and a review of the dialog's history found
// ten faults (+375 bytes, 2026-12-04): Esc cancelling a pinyin composition
// closed the dialog, a drag out of the input or a double click on the
// button closed it, Enter pressed before the results came was lost, a
// whole-page hit landed on the first passing word, Back from a result
// reloaded the page (no back/forward cache after location.replace), and
// more (README, Small); and 18 KB until a third reader's walk found seven
// more (+181 bytes, late 2026-12-04): a new query kept the old list's scroll,
// the notes were not read out, the chip row pushed the recent searches
// down as a finger came to tap one, and more (README, Small); and 18.25 KB
// until a saved site opened from disk linked its results right from every
// page, not only its top directory (+36 bytes, 2026-12-05).
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const repo = fileURLToPath(new URL('..', import.meta.url));
const BUDGET = 18.5 * 1024;
let total = 0;
for (const name of ['xun.js', 'xun.css', 'xun_wasm.js', 'xun_wasm_bg.wasm']) {
  const body = readFileSync(join(repo, 'www/search', name));
  const gzip = gzipSync(body, { level: 9 }).length;
  const brotli = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const counted = !name.endsWith('.wasm');
  if (counted) total += gzip;
  console.log(`${name.padEnd(18)} raw ${String(body.length).padStart(7)}  gzip ${String(gzip).padStart(6)}  brotli ${String(brotli).padStart(6)}${counted ? '' : '  (not counted)'}`);
}
console.log(`widget JS + CSS, gzip: ${total} bytes (budget ${BUDGET})`);
if (process.argv.includes('--check') && total > BUDGET) {
  console.error(`the widget is over its ${BUDGET}-byte budget`);
  process.exit(1);
}
