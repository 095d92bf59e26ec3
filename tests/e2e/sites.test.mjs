// The widget on other kinds of site: a plain-HTML blog under /blog/, a
// page with a strict Content-Security-Policy and hostile post titles, and
// the demo's offline page opened from disk.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, browser, repo, shots, tempDir, FRESH_HIT } from './lib.mjs';

const buildIndex = join(repo, 'target/release/build-index');
const cleanup = [];
after(async () => {
  for (const f of cleanup.reverse()) await f();
});

async function open(root, headers) {
  const server = await serve(root, { headers });
  const b = await browser();
  cleanup.push(() => server.close(), () => b.ctx.close());
  return { server, ...b };
}

test('plain HTML blog under /blog/: two lines, search, more, land', async () => {
  const root = tempDir('xun-plain-');
  const site = join(root, 'blog');
  cpSync(join(repo, 'tests/fixtures/plain-site'), site, { recursive: true });
  // The blog's build step: index its built pages into blog/search/.
  execFileSync(buildIndex, [site, '--out', join(site, 'search'), '--base-url', '/blog/']);
  const { server, page, errors } = await open(root);

  await page.goto(server.url + '/blog/');
  await page.locator('.xun-button').click();
  await page.keyboard.type('灰度发布');
  const first = page.locator(FRESH_HIT).first();
  await first.waitFor();
  // data-results="1": one post per screen, the next on request.
  assert.equal(await page.locator('.xun-group').count(), 1);
  await page.locator('.xun-more').click();
  await page.waitForFunction(() => document.querySelector('.xun-modal-host').shadowRoot.querySelectorAll('.xun-group').length === 2);
  const hrefs = await page.locator('.xun-hit').evaluateAll((as) => as.map((a) => new URL(a.href).pathname + new URL(a.href).hash));
  assert.ok(hrefs.includes('/blog/posts/canary.html'), hrefs.join(' '));
  assert.ok(hrefs.every((h) => h.startsWith('/blog/posts/')), hrefs.join(' '));

  await page.locator('.xun-input').fill('权重调回');
  const rollback = page.locator('[role=option]').first();
  await page.waitForFunction(() => document.querySelector('.xun-modal-host').shadowRoot.querySelector('[role=option] .xun-heading')?.textContent === '回滚');
  const href = await rollback.evaluate((a) => a.href);
  assert.equal(new URL(href).pathname + new URL(href).hash, '/blog/posts/canary.html#rollback');
  await Promise.all([page.waitForURL(href), rollback.click()]);
  assert.equal(await page.evaluate(() => document.getElementById('rollback').textContent), '回滚');
  assert.deepEqual(errors, []);
});

test('xun.mount takes the same options from JavaScript', async () => {
  const root = tempDir('xun-mount-');
  const site = join(root, 'blog');
  cpSync(join(repo, 'tests/fixtures/plain-site'), site, { recursive: true });
  execFileSync(buildIndex, [site, '--out', join(site, 'search'), '--base-url', '/blog/']);
  writeFileSync(join(site, 'custom.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Custom</title></head>
<body><p>A page that builds its own setup.</p><div id="here"></div>
<script src="/blog/search/xun.js"></script>
<script>xun.mount({ index: '/blog/search/', target: '#here', lang: 'en', placeholder: 'Find a post', hotkey: 'j', results: 1 });</script>
</body></html>`);
  const { server, page, errors } = await open(root);
  await page.goto(server.url + '/blog/custom.html');
  assert.equal(await page.locator('#here .xun-button span').textContent(), 'Search');
  await page.keyboard.press('Control+j');
  assert.equal(await page.locator('.xun-input').getAttribute('placeholder'), 'Find a post');
  await page.keyboard.type('容器网络');
  await page.locator(FRESH_HIT).first().waitFor();
  assert.match(await page.locator('.xun-status').textContent(), /^Showing \d+ of \d+ posts?$/);
  assert.equal(await page.locator('.xun-group').count(), 1);
  assert.equal(await page.locator('.xun-more').textContent(), 'Show more');
  assert.deepEqual(errors, []);
});

test('strict CSP, hostile titles: works, and corpus text stays text', async () => {
  const root = tempDir('xun-csp-');
  const corpus = join(root, 'corpus');
  mkdirSync(corpus);
  writeFileSync(join(corpus, 'evil.md'), [
    '---', 'title: "<img src=x onerror=alert(1)>"', 'slug: evil', '---',
    '## <script>alert(2)</script>危险标题', '',
    '危险的正文 "> 与 <b>粗体</b> 和 &lt;svg onload=alert(3)&gt;', '',
  ].join('\n'));
  const site = join(root, 'site');
  execFileSync(buildIndex, [corpus, '--out', join(site, 'search'), '--html', site]);
  writeFileSync(join(site, 'index.html'), `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>CSP</title>
<script src="/search/xun.js" data-index="/search/" defer></script></head>
<body><main><h1>Strict CSP</h1><div id="xun-search"></div></main></body></html>`);
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'";
  const { server, page, errors } = await open(site, { 'content-security-policy': csp });
  const violations = [];
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  page.on('console', (m) => { if (/Content Security Policy|Refused/.test(m.text())) violations.push(m.text()); });

  await page.goto(server.url + '/');
  await page.evaluate(() => document.addEventListener('securitypolicyviolation', (e) => console.log('Refused ' + e.violatedDirective)));
  await page.keyboard.press('/');
  await page.keyboard.type('危险');
  const hit = page.locator(FRESH_HIT).first();
  await hit.waitFor();
  const shown = await page.evaluate(() => {
    const root = document.querySelector('.xun-modal-host').shadowRoot;
    return {
      page: root.querySelector('.xun-page').firstChild.textContent + root.querySelector('.xun-page').textContent,
      heading: root.querySelector('.xun-heading').textContent,
      excerpt: root.querySelector('.xun-excerpt').textContent,
      injected: root.querySelectorAll('.xun-list img, .xun-list script, .xun-list svg, .xun-list b, .xun-list i').length,
    };
  });
  assert.ok(shown.page.includes('<img src=x onerror=alert(1)>'), shown.page);
  assert.ok(shown.heading.includes('危险标题'), shown.heading);
  // Raw HTML in Markdown is markup, left out of the text; escaped markup
  // is text, and is shown as such.
  assert.ok(shown.excerpt.includes('"> 与 粗体 和 <svg onload=alert(3)>'), shown.excerpt);
  assert.equal(shown.injected, 0);
  // The search ran in the worker, which the CSP allows from 'self'.
  assert.equal(await page.evaluate(async () => (await xun.open({ index: '/search/' })).backend), 'worker');
  // The rendered post shows the title as text too.
  await Promise.all([page.waitForURL(/\/posts\/evil\//), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('h1.post-title').textContent(), '<img src=x onerror=alert(1)>');
  assert.equal(await page.locator('article img').count(), 0);
  await page.screenshot({ path: join(shots, 'csp-xss-post.png') });
  assert.deepEqual({ dialogs, violations, errors }, { dialogs: [], violations: [], errors: [] });
});

test('offline: a saved site opened from disk links every result right, from any page', async () => {
  // A blog saved to disk whose pages load the offline index with relative
  // script tags, from two depths; built with --base-url ../, the index's
  // way up to the site's root.
  const site = tempDir('xun-saved-');
  const page = (title, up, body) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<script src="${up}search/xun-offline.js"></script><script src="${up}search/xun.js" data-offline defer></script></head>
<body><article><h1>${title}</h1>${body}</article></body></html>`;
  mkdirSync(join(site, 'posts'));
  writeFileSync(join(site, 'index.html'), page('首页', '', '<p>这是一个保存到磁盘的博客，介绍它的文章。</p>'));
  writeFileSync(join(site, 'posts/probe.html'), page('探针笔记', '../', '<h2 id="liveness">存活探针</h2><p>存活探针失败时容器会被重启。</p>'));
  writeFileSync(join(site, 'posts/quota.html'), page('配额笔记', '../', '<h2 id="limits">资源配额</h2><p>命名空间的资源配额限制内存总量。</p>'));
  execFileSync(buildIndex, [site, '--out', join(site, 'search'), '--base-url', '../', '--offline']);
  const { page: tab, errors } = await browser();
  cleanup.push(() => tab.context().close());
  const want = pathToFileURL(join(site, 'posts/quota.html')).href + '#limits';
  for (const from of ['index.html', 'posts/probe.html']) {
    await tab.goto(pathToFileURL(join(site, from)).href);
    await tab.locator('.xun-button').click();
    await tab.keyboard.type('资源配额');
    const first = tab.locator(FRESH_HIT).first();
    await first.waitFor();
    assert.equal(await first.evaluate((a) => a.href), want, from);
  }
  await tab.screenshot({ path: join(shots, 'offline-saved-site.png') });
  await Promise.all([tab.waitForURL(want), tab.locator(FRESH_HIT).first().click()]);
  assert.equal(await tab.locator('h1').textContent(), '配额笔记');
  // Recent results keep their place: from the other depth, the opened
  // result links to the same page.
  await tab.goto(pathToFileURL(join(site, 'index.html')).href);
  await tab.locator('.xun-button').click();
  const again = tab.locator('a.xun-recent-go').first();
  await again.waitFor();
  assert.equal(await again.evaluate((a) => a.href), want);
  assert.deepEqual(errors, []);
});

test('offline: the demo offline page searches from file://', async () => {
  const { page, errors } = await browser();
  cleanup.push(() => page.context().close());
  await page.goto(pathToFileURL(join(repo, 'www/offline.html')).href);
  await page.locator('.xun-button').waitFor();
  await page.keyboard.press('/');
  await page.keyboard.type('容器网络');
  const first = page.locator(FRESH_HIT).first();
  await first.waitFor();
  assert.match(await page.locator('.xun-status').textContent(), /显示 \d+ \/ 共 \d+/);
  assert.ok((await page.locator('.xun-excerpt mark').allTextContents()).length > 0);
  const href = await first.evaluate((a) => a.href);
  assert.match(href, /^file:.*\/www\/posts\/[^/]+\/index\.html(#.*)?$/, href);
  await page.screenshot({ path: join(shots, 'offline.png') });
  await Promise.all([page.waitForURL(href), first.click()]);
  assert.ok(await page.locator('article').isVisible());
  // The post links its assets relatively, so its stylesheet loads from
  // disk too (post.css wraps long words in the article).
  await page.waitForLoadState('load');
  assert.equal(await page.locator('article').evaluate((a) => getComputedStyle(a).overflowWrap), 'anywhere');
  await page.screenshot({ path: join(shots, 'offline-post.png') });
  assert.deepEqual(errors, []);
  // The post loads the site's own runtime, which cannot fetch the index
  // from a file: the reader is told so, not asked to try again later.
  await page.keyboard.press('/');
  await page.keyboard.type('容器');
  const status = page.locator('.xun-status', { hasText: '网址' });
  await status.waitFor();
  assert.equal(await status.textContent(), '以文件打开的页面无法搜索，请通过网址访问。');
  await page.screenshot({ path: join(shots, 'offline-post-search.png') });
});
