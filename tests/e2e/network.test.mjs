// What a slow network sees: the engine gets ready in one round of
// requests, and a search that a newer one replaced stops fetching.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, browser, repo } from './lib.mjs';

const cleanup = [];
after(async () => {
  for (const f of cleanup.reverse()) await f();
});

for (const worker of [true, false]) {
  test(`the wasm, its glue and the manifest are fetched together (${worker ? 'worker' : 'page'})`, async () => {
    const server = await serve(join(repo, 'www'), { delay: 300 });
    const { ctx, page, errors } = await browser();
    cleanup.push(() => server.close(), () => ctx.close());
    await page.goto(server.url + '/demo.css');
    await page.addScriptTag({ url: '/search/xun.js' });
    server.times.length = 0;
    const backend = await page.evaluate(async (worker) => (await xun.open({ index: '/search/', worker })).backend, worker);
    assert.equal(backend, worker ? 'worker' : 'page');
    const at = (name) => {
      const t = server.times.find((x) => x.path === '/search/' + name);
      assert.ok(t, `${name} was fetched`);
      return t;
    };
    const ready = ['xun_wasm.js', 'xun_wasm_bg.wasm', 'meta.xun'].map(at);
    // Each was asked for before any of them was answered: one round trip.
    const firstAnswer = Math.min(...ready.map((t) => t.left));
    for (const t of ready) assert.ok(t.arrived < firstAnswer, `${t.path} waited for another file`);
    // The worker runs this very script: the page's copy, from the cache.
    assert.ok(server.times.filter((t) => t.path === '/search/xun.js').length <= 1);
    assert.deepEqual(errors, []);
  });
}

test('a replaced search stops fetching, and the next one answers', async () => {
  const server = await serve(join(repo, 'www'));
  const { ctx, page, errors } = await browser();
  cleanup.push(() => server.close(), () => ctx.close());
  await page.goto(server.url + '/demo.css');
  await page.addScriptTag({ url: '/search/xun.js' });
  await page.evaluate(async () => { window.engine = await xun.open({ index: '/search/' }); });
  server.delay = 400;
  server.times.length = 0;
  const outcome = await page.evaluate(async () => {
    const controller = new AbortController();
    const replaced = window.engine.search('服务网格落地', { group: 'page', limit: 8, signal: controller.signal })
      .then(() => 'answered', (e) => e.name);
    // Abort while its dictionary buckets are on their way.
    await new Promise((ok) => setTimeout(ok, 150));
    controller.abort();
    const early = await replaced;
    // Long enough for the buckets to arrive and a next round to start.
    await new Promise((ok) => setTimeout(ok, 900));
    return early;
  });
  assert.equal(outcome, 'AbortError');
  const fetched = server.times.map((t) => t.path);
  assert.ok(fetched.some((p) => p.startsWith('/search/d/')), 'its buckets were asked for');
  assert.deepEqual(fetched.filter((p) => p.startsWith('/search/r/') || p.startsWith('/search/p/')), [],
    'no postings or text was fetched for the replaced search');
  server.delay = 0;
  const hits = await page.evaluate(async () => (await window.engine.search('服务网格落地', { group: 'page', limit: 8 })).hits.length);
  assert.ok(hits > 0);
  assert.deepEqual(errors, []);
});
