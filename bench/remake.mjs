// What remaking a small site's files from its preloaded text costs in the
// browser: the wasm's time to take each preload chunk in (the last one
// lays the files out), in headless Chromium, on the page's thread, the
// chunks already fetched. Medians of ROUNDS fresh engines; against the
// time one warm query takes, measured in the same page.
//
//   node bench/remake.mjs [rounds, default 7] [index dir under www/, default search]
//   (after scripts/build.sh)
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, browser, repo } from '../tests/e2e/lib.mjs';

const rounds = Number(process.argv[2] || 7);
const dir = process.argv[3] || 'search';
const chunks = readdirSync(join(repo, 'www', dir, 'preload')).length;

const server = await serve(join(repo, 'www'));
const { ctx, page } = await browser();
try {
  await page.goto(server.url + '/demo.css');
  await page.addScriptTag({ url: `/${dir}/xun_wasm.js` });
  const runs = await page.evaluate(async ([dir, chunks, rounds]) => {
    const wasm = __xun_wasm;
    await wasm({ module_or_path: `/${dir}/xun_wasm_bg.wasm` });
    const bytes = async (name) => new Uint8Array(await (await fetch(`/${dir}/${name}`)).arrayBuffer());
    const meta = await bytes('meta.xun');
    const parts = [];
    for (let i = 0; i < chunks; i++) parts.push(await bytes(`preload/${i}.xun`));
    const out = [];
    for (let r = 0; r < rounds; r++) {
      const engine = new wasm.Engine(meta);
      const times = parts.map((part, i) => {
        const t = performance.now();
        engine.addBundle(`preload/${i}.xun`, part);
        return performance.now() - t;
      });
      const t = performance.now();
      const answer = engine.search('容器网络', 8, 0, true, 3, undefined, 'relevance', undefined);
      const query = performance.now() - t;
      if (answer.startsWith('{"need"')) throw new Error('the remade index still needs ' + answer);
      engine.free();
      out.push({ times, query });
    }
    return out;
  }, [dir, chunks, rounds]);
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const each = runs.map((r) => Math.max(...r.times.slice(0, -1)));
  const last = runs.map((r) => r.times.at(-1));
  const total = runs.map((r) => r.times.reduce((a, b) => a + b, 0));
  const query = runs.map((r) => r.query);
  console.log(`${chunks} preload chunks of www/${dir}, ${rounds} fresh engines in headless Chromium (medians):`);
  console.log(`  slowest chunk before the last: ${median(each).toFixed(1)} ms`);
  console.log(`  the last chunk (segmenting it, then laying out every file): ${median(last).toFixed(1)} ms`);
  console.log(`  all chunks: ${median(total).toFixed(1)} ms`);
  console.log(`  then 容器网络, from the remade files: ${median(query).toFixed(1)} ms`);
} finally {
  await ctx.close();
  server.close();
}
