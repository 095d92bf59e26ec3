// build-index --serve: after the build, the site is served on localhost
// under its base URL, and a reader can search it before deploying.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { browser, repo, tempDir, FRESH_HIT } from './lib.mjs';

const cleanup = [];
after(async () => {
  for (const f of cleanup.reverse()) await f();
});

/** Starts `build-index args`, and resolves to the URL it serves at. */
function start(args) {
  const child = spawn(join(repo, 'target/release/build-index'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanup.push(() => child.kill());
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = line.match(/^serving .* at (http:\/\/127\.0\.0\.1:\d+\/\S*) /);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`build-index exited (${code}) before serving: ${stderr}`)));
  });
}

test('--serve: the built site on localhost, under its base URL, searchable', async () => {
  const site = join(tempDir('xun-serve-'), 'blog');
  cpSync(join(repo, 'tests/fixtures/plain-site'), site, { recursive: true });
  const url = await start([site, '--out', join(site, 'search'), '--base-url', '/blog/', '--serve', '--port', '0']);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/blog\/$/);

  const wasm = await fetch(new URL('search/xun_wasm_bg.wasm', url));
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.equal((await fetch(new URL('/', url), { redirect: 'manual' })).headers.get('location'), '/blog/');
  assert.equal((await fetch(new URL('nope.html', url))).status, 404);

  const { page, errors, ctx } = await browser();
  cleanup.push(() => ctx.close());
  await page.goto(url);
  await page.keyboard.press('/');
  await page.keyboard.type('权重调回');
  const hit = page.locator(FRESH_HIT).first();
  await hit.waitFor();
  const href = await hit.evaluate((a) => a.href);
  await Promise.all([page.waitForURL(href), hit.click()]);
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).hash, '/blog/posts/canary.html#rollback');
  assert.equal(await page.evaluate(() => document.getElementById('rollback').textContent), '回滚');
  assert.deepEqual(errors, []);
});

test('--serve: a port in use fails before the build, and says what to do', async () => {
  const taken = await start([join(repo, 'tests/fixtures/plain-site'), '--out', join(tempDir('xun-serve-'), 'search'), '--serve', '--port', '0']);
  const port = new URL(taken).port;
  const out = join(tempDir('xun-serve-'), 'search');
  const err = await start([join(repo, 'tests/fixtures/plain-site'), '--out', out, '--serve', '--port', port]).catch((e) => e);
  assert.ok(err instanceof Error);
  assert.match(err.message, new RegExp(`exited \\(1\\).*cannot listen on 127\\.0\\.0\\.1:${port}.*--port`, 's'));
  assert.equal(existsSync(out), false, 'it built before failing');
});
