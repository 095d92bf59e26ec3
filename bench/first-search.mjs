// What a search asked for the moment the engine opens waits for, on
// loopback (no network to speak of): its own files, or the whole
// preloaded text and the wasm's remaking of every file from it. Each
// preload setting in fresh browser contexts, taking turns; medians.
//
//   node bench/first-search.mjs [contexts per setting, default 5]
//   (after scripts/build.sh)
import { join } from 'node:path';
import { serve, browser, repo } from '../tests/e2e/lib.mjs';

const CONTEXTS = Number(process.argv[2] || 5);
// Unset is the default: on loopback, the link is quick, so 'open'.
const SETTINGS = [['unset', undefined], ['true', true], ['open', 'open'], ['false', false]];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serve(join(repo, 'www'));
const runs = Object.fromEntries(SETTINGS.map(([name]) => [name, []]));
try {
  for (let c = 0; c < CONTEXTS; c++) {
    for (const [name, preload] of SETTINGS) {
      const { ctx, page } = await browser();
      try {
        await page.goto(server.url + '/demo.css');
        await page.addScriptTag({ url: '/search/xun.js' });
        runs[name].push(await page.evaluate(async (preload) => {
          const options = { group: 'page', limit: 8, sectionsPerPage: 3 };
          const t0 = performance.now();
          const engine = await xun.open({ index: '/search/', preload });
          const t1 = performance.now();
          await engine.search('灰度发布', options);
          const t2 = performance.now();
          await engine.search('容器网络', options);
          return [t1 - t0, t2 - t1, performance.now() - t2];
        }, preload));
      } finally {
        await ctx.close();
      }
    }
  }
} finally {
  await server.close();
}
console.log(`The first search asked for as the engine opens, on loopback; median of ${CONTEXTS} fresh contexts, ms.\n`);
console.log('| preload | open() | first search | second search |\n|---|---:|---:|---:|');
for (const [name] of SETTINGS) {
  const col = (i) => median(runs[name].map((r) => r[i])).toFixed(0);
  console.log(`| ${name} | ${col(0)} | ${col(1)} | ${col(2)} |`);
}
