// What remaking a small site's files from its preloaded text costs in the
// browser: the wasm's time to take each preload chunk in (the last one
// lays the files out), in headless Chromium, on the page's thread, the
// chunks already fetched. Medians of ROUNDS fresh engines; against the
// time one warm query takes, measured in the same page. Also what the copy
// of the remade files costs, that a worker hands its page (keepCopy): the
// last chunk with it, and a second engine holding it.
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
    const search = (engine) => {
      const t = performance.now();
      const answer = engine.search('容器网络', 8, 0, true, 3, undefined, 'relevance', undefined);
      if (answer.startsWith('{"need"')) throw new Error('the engine still needs ' + answer);
      return performance.now() - t;
    };
    const out = [];
    for (let r = 0; r < rounds; r++) {
      // Taking turns: without a copy, then with one (as in a worker whose
      // page answers warm searches), and the page's engine holding it.
      for (const copy of [false, true]) {
        const engine = new wasm.Engine(meta);
        if (copy) engine.keepCopy();
        const times = parts.map((part, i) => {
          const t = performance.now();
          engine.addBundle(`preload/${i}.xun`, part);
          return performance.now() - t;
        });
        const run = { copy, times, query: search(engine) };
        if (copy) {
          let t = performance.now();
          const bytes = engine.takeCopy();
          run.take = performance.now() - t;
          run.bytes = bytes.length;
          t = performance.now();
          const page = new wasm.Engine(meta);
          page.hold(bytes);
          run.hold = performance.now() - t;
          run.first = search(page);
          run.again = search(page);
          page.free();
        }
        engine.free();
        out.push(run);
      }
    }
    return out;
  }, [dir, chunks, rounds]);
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const plain = runs.filter((r) => !r.copy);
  const copied = runs.filter((r) => r.copy);
  const each = plain.map((r) => Math.max(...r.times.slice(0, -1)));
  const last = (rs) => rs.map((r) => r.times.at(-1));
  const total = plain.map((r) => r.times.reduce((a, b) => a + b, 0));
  const ms = (xs) => `${median(xs).toFixed(1)} ms`;
  console.log(`${chunks} preload chunks of www/${dir}, ${rounds} fresh engines in headless Chromium (medians):`);
  console.log(`  slowest chunk before the last: ${ms(each)}`);
  console.log(`  the last chunk (segmenting it, then laying out every file): ${ms(last(plain))}`);
  console.log(`  all chunks: ${ms(total)}`);
  console.log(`  then 容器网络, from the remade files: ${ms(plain.map((r) => r.query))}`);
  console.log(`  the last chunk when a copy is kept for the page: ${ms(last(copied))}` +
    ` (${median(copied.map((r) => r.bytes))} bytes, taken in ${ms(copied.map((r) => r.take))})`);
  console.log(`  a second engine holding the copy: ${ms(copied.map((r) => r.hold))};` +
    ` 容器网络 on it ${ms(copied.map((r) => r.first))} (adding the files it needs), then ${ms(copied.map((r) => r.again))}`);
} finally {
  await ctx.close();
  server.close();
}
