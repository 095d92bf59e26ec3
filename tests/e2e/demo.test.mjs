// The demo page, end to end: type Chinese, see highlighted results, open
// one and land on its section.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve, browser, repo, shots } from './lib.mjs';

let server, b;
before(async () => {
  server = await serve(join(repo, 'www'));
  b = await browser();
});
after(async () => {
  await b?.ctx.close();
  await server?.close();
});

async function searchFor(page, query) {
  await page.goto(server.url + '/');
  await page.waitForSelector('html[data-xun-ready]');
  await page.click('#q');
  await page.keyboard.type(query, { delay: 30 });
}

test('typing 灰度发布 shows highlighted results and Enter opens the section', async () => {
  const { page, errors } = b;
  await searchFor(page, '灰度发布');
  await page.waitForSelector('#results a.hit mark');
  const marks = await page.$$eval('#results mark', (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.includes('灰度发布'), `marks: ${marks.slice(0, 5)}`);
  const status = await page.textContent('#status');
  assert.match(status, /找到 \d+ 篇文章/);
  await page.screenshot({ path: join(shots, 'demo-results.png') });

  const first = await page.$eval('#results a.hit', (a) => ({ href: a.href, heading: a.querySelector('.hit-title').textContent }));
  assert.ok(first.href.includes('/posts/kubernetes-community-qa-digest/#'), first.href);
  await Promise.all([page.waitForURL(first.href), page.keyboard.press('Enter')]);
  const landed = await page.evaluate(() => {
    const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!el) return null;
    const box = el.getBoundingClientRect();
    return { tag: el.tagName, text: el.textContent, top: box.top, height: innerHeight };
  });
  assert.ok(landed, 'the anchor exists on the post page');
  assert.equal(landed.tag, 'H3');
  assert.equal(landed.text, first.heading);
  assert.ok(landed.top >= 0 && landed.top < landed.height, `anchor at ${landed.top}px is on screen`);
  await page.screenshot({ path: join(shots, 'demo-post.png') });
  assert.deepEqual(errors, []);
});

test('arrow keys choose the result that Enter opens', async () => {
  const { page } = b;
  await searchFor(page, '容器网络');
  await page.waitForSelector('#results a.hit mark');
  await page.keyboard.press('ArrowDown');
  const second = await page.$$eval('#results a.hit', (as) => as[1].href);
  const selected = await page.$eval('#results a.hit[aria-selected="true"]', (a) => a.href);
  assert.equal(selected, second);
  await Promise.all([page.waitForURL(second), page.keyboard.press('Enter')]);
});

test('clicking a result opens the post at its section', async () => {
  const { page } = b;
  await searchFor(page, '易立');
  await page.waitForSelector('#results a.hit mark');
  const href = await page.$eval('#results a.hit', (a) => a.href);
  await Promise.all([page.waitForURL(href), page.click('#results a.hit')]);
  const url = new URL(page.url());
  assert.equal(url.pathname, '/posts/alibaba-cloud-product-night-talk/');
  assert.equal(decodeURIComponent(url.hash), '#前言');
});

test('a query with no match says so', async () => {
  const { page } = b;
  await searchFor(page, 'zzqxj');
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('没有找到'));
  assert.equal(await page.$$eval('#results li', (l) => l.length), 0);
});
