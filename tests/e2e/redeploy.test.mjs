// A deploy while a reader has the page open: the server's index files
// change between two searches. The engine must notice that the new files
// belong to another build than its manifest, open the new manifest once,
// and answer from the new index alone.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { serve, browser, repo, tempDir } from './lib.mjs';

const buildIndex = join(repo, 'target/release/build-index');
const cleanup = [];
after(async () => {
  for (const f of cleanup.reverse()) await f();
});

/** A site whose /search/ is a symlink that `deploy` re-points, atomically. */
function site() {
  const root = tempDir('xun-redeploy-');
  const before = join(root, 'build-1');
  const afterDir = join(root, 'build-2');
  execFileSync(buildIndex, [join(repo, 'tests/fixtures/blog'), '--out', before]);
  // The second build has one more post.
  const corpus = join(root, 'corpus-2');
  cpSync(join(repo, 'tests/fixtures/blog'), corpus, { recursive: true });
  cpSync(join(repo, 'tests/fixtures/redeploy/new-post.md'), join(corpus, 'new-post.md'));
  execFileSync(buildIndex, [corpus, '--out', afterDir]);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>blog</title><p>blog</p>');
  symlinkSync(before, join(root, 'search'));
  const deploy = () => {
    symlinkSync(afterDir, join(root, 'search.next'));
    renameSync(join(root, 'search.next'), join(root, 'search'));
  };
  return { root, deploy };
}

for (const worker of [true, false]) {
  test(`a deploy between two searches is noticed and searched (${worker ? 'worker' : 'page'})`, async () => {
    const { root, deploy } = site();
    const server = await serve(root);
    const { ctx, page, errors } = await browser();
    cleanup.push(() => server.close(), () => ctx.close());
    await page.goto(server.url + '/');
    await page.addScriptTag({ url: '/search/xun.js' });
    // Without the preload: once a small site's text is in, every file is
    // remade from it, and the engine answers from that build, whole, with
    // nothing to fetch and so no deploy to notice until the page reloads.
    const first = await page.evaluate(async (worker) => {
      window.engine = await xun.open({ index: '/search/', worker, preload: false });
      const r = await window.engine.search('灰度发布');
      return { backend: window.engine.backend, urls: r.hits.map((h) => h.url) };
    }, worker);
    assert.equal(first.backend, worker ? 'worker' : 'page');
    assert.ok(first.urls.length > 0);

    deploy();
    // Words of the new post: their dictionary partitions and postings come
    // from the new build, which the old manifest does not know.
    const second = await page.evaluate(async () => {
      const r = await window.engine.search('滚动更新 蓝绿切换');
      return r.hits.map((h) => h.url);
    });
    assert.deepEqual(second, ['/posts/new-post/#滚动更新']);
    const manifests = server.log.filter((p) => p === '/search/meta.xun').length;
    assert.equal(manifests, 2, 'the manifest was fetched again once');

    // And the old words are still found, now in the new build.
    const third = await page.evaluate(async () => (await window.engine.search('灰度发布')).hits.length);
    assert.ok(third > 0);
    assert.deepEqual(errors, []);
  });
}
