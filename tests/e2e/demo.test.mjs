// The demo blog with the widget, end to end in Debian's Chromium: how a
// reader opens it, types, chooses and lands; what it downloads and when;
// its states, accessibility and looks.
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

const modalOpen = (page) => page.locator('.xun-dialog').isVisible();

async function home(page, path = '/') {
  await page.goto(server.url + path);
  await page.locator('.xun-button').waitFor();
}

/** Where the reader landed: the element the hash names, and whether it is on screen. */
const landing = (page) => page.evaluate(() => {
  const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!el) return null;
  const box = el.getBoundingClientRect();
  return { tag: el.tagName, text: el.textContent, onScreen: box.top >= 0 && box.top < innerHeight };
});

test('keyboard: Ctrl+K, type 灰度发布, ↓, Enter lands on the chosen section', async () => {
  const { page, errors } = b;
  await home(page);
  await page.keyboard.press('Control+k');
  assert.ok(await modalOpen(page));
  assert.equal(await page.evaluate(() => document.activeElement.className), 'xun-modal-host', 'focus moved into the modal');
  await page.keyboard.type('灰度发布', { delay: 25 });
  await page.locator('.xun-hit mark').first().waitFor();
  const marks = await page.locator('.xun-excerpt mark').allTextContents();
  assert.ok(marks.includes('灰度发布'), `marks: ${marks.slice(0, 5)}`);
  assert.match(await page.locator('.xun-status').textContent(), /显示 \d+ \/ 共 \d+/);
  await page.screenshot({ path: join(shots, 'widget-light.png') });

  const hits = page.locator('[role=option]');
  assert.equal(await hits.nth(0).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.equal(await hits.nth(1).getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('.xun-input').getAttribute('aria-activedescendant'), await hits.nth(1).getAttribute('id'));
  const chosen = await hits.nth(1).evaluate((a) => ({ href: a.href, heading: a.querySelector('.xun-heading').textContent }));
  const to = new URL(chosen.href);
  assert.equal(to.pathname, '/posts/kubernetes-community-qa-digest/');
  assert.ok(to.hash.length > 1, chosen.href);
  // It lands on the section; the terms it carried for highlighting leave
  // the address.
  to.searchParams.delete('xun-highlight');
  await Promise.all([page.waitForURL(to.href), page.keyboard.press('Enter')]);
  const landed = await landing(page);
  assert.deepEqual(landed, { tag: 'H3', text: chosen.heading, onScreen: true });
  await page.screenshot({ path: join(shots, 'landed.png') });
  assert.deepEqual(errors, []);
});

test('mouse: the button opens the modal and a click on a result opens it', async () => {
  const { page } = b;
  await home(page);
  await page.locator('.xun-button').click();
  await page.locator('.xun-input').fill('易立');
  const first = page.locator('[role=option]').first();
  await first.waitFor();
  const href = new URL(await first.evaluate((a) => a.href));
  href.searchParams.delete('xun-highlight');
  await Promise.all([page.waitForURL(href.href), first.click()]);
  const url = new URL(page.url());
  assert.equal(url.pathname, '/posts/alibaba-cloud-product-night-talk/');
  assert.equal(decodeURIComponent(url.hash), '#前言');
});

test('nothing is downloaded before the reader shows intent', async () => {
  const { page } = b;
  // The last test's page, and the worker that may still be preloading
  // for it, go first: only this page's requests count.
  await page.goto('about:blank');
  server.log.length = 0;
  await home(page);
  await page.waitForTimeout(600);
  const engineFiles = (log) => log.filter((p) => /\.xun$|\.wasm$|xun_wasm\.js$/.test(p));
  assert.deepEqual(engineFiles(server.log), [], `before intent: ${server.log.join(' ')}`);
  assert.ok(server.log.includes('/search/xun.js') && server.log.includes('/search/xun.css'));
  // Hovering the button is intent: the runtime and manifest load, no more.
  await page.locator('.xun-button').hover();
  await page.waitForFunction(() => performance.getEntriesByType('resource').length > 0);
  const start = Date.now();
  while (!server.log.includes('/search/meta.xun') && Date.now() - start < 5000) await page.waitForTimeout(50);
  const after = engineFiles(server.log);
  assert.ok(after.includes('/search/xun_wasm_bg.wasm') && after.includes('/search/meta.xun'), after.join(' '));
  assert.ok(!after.some((p) => /\/search\/[dpr]\//.test(p)), `no query files before a query: ${after}`);
});

test('search runs in a Web Worker', async () => {
  const { page } = b;
  await home(page);
  const backend = await page.evaluate(async () => (await xun.open({ index: '/search/' })).backend);
  assert.equal(backend, 'worker');
});

test('?q= opens the modal with that query; Esc closes it and returns focus', async () => {
  const { page } = b;
  await home(page, '/?q=' + encodeURIComponent('Prometheus告警'));
  assert.ok(await modalOpen(page));
  assert.equal(await page.locator('.xun-input').inputValue(), 'Prometheus告警');
  await page.locator('.xun-hit').first().waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await modalOpen(page), false);

  await page.locator('.xun-button').focus();
  await page.keyboard.press('Enter');
  assert.ok(await modalOpen(page));
  await page.keyboard.press('Escape');
  const focused = await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.className);
  assert.equal(focused, 'xun-button');
});

test('/ opens the modal unless the reader is typing in a field', async () => {
  const { page } = b;
  await home(page);
  await page.evaluate(() => {
    const field = document.createElement('input');
    field.id = 'comment';
    document.querySelector('main').appendChild(field);
  });
  await page.locator('#comment').focus();
  await page.keyboard.press('/');
  assert.equal(await modalOpen(page), false);
  assert.equal(await page.locator('#comment').inputValue(), '/');
  await page.locator('main h1').click();
  await page.keyboard.press('/');
  assert.ok(await modalOpen(page));
  // Inside the open modal, `/` is text.
  await page.keyboard.type('CI/CD');
  assert.equal(await page.locator('.xun-input').inputValue(), 'CI/CD');
});

test('nothing found, and partial matches', async () => {
  const { page } = b;
  await home(page);
  await page.keyboard.press('/');
  await page.keyboard.type('zzqxj');
  await page.waitForFunction(() => document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-status').textContent.includes('没有找到'));
  assert.equal(await page.locator('[role=option]').count(), 0);
  assert.equal(await page.locator('.xun-input').getAttribute('aria-expanded'), 'false');

  assert.equal(await page.locator('.xun-note').isVisible(), false);
  await page.locator('.xun-input').fill('灰度发布 zzqxj');
  await page.locator('.xun-note').waitFor();
  assert.match(await page.locator('.xun-note').textContent(), /部分匹配/);
  assert.ok(await page.locator('.xun-hit').count() > 0);
  // Each hit that lacks a word says which.
  assert.match(await page.locator('.xun-hit .xun-missing').first().textContent(), /缺少：zzqxj/);
});

test('soft matching, typos and the query syntax, as the reader sees them', async () => {
  const { page } = b;
  await home(page);
  await page.keyboard.press('/');
  // The syntax help is in the footer.
  assert.match(await page.locator('.xun-syntax').textContent(), /OR/);
  // A misspelt name is corrected, and the note gives the query as taken.
  await page.keyboard.type('kubenetes 监控');
  await page.waitForFunction(() => document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-note:not([hidden])'));
  assert.equal(await page.locator('.xun-note').textContent(), '显示 kubernetes 监控 的结果。');
  assert.ok(await page.locator('.xun-hit').count() > 0);
  // It is read out, as the count is: both are live status lines.
  assert.equal(await page.getByRole('status').filter({ hasText: '显示 kubernetes 监控 的结果' }).count(), 1);
  // With hits that lack a word, the note says that too.
  await page.locator('.xun-input').fill('Kubenetes 灰度发布 OOMKilled');
  await page.waitForFunction(() => /OOMKilled 的结果/.test(document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-note').textContent));
  assert.equal(await page.locator('.xun-note').textContent(), '显示 kubernetes 灰度发布 OOMKilled 的结果。 没有同时包含所有词的结果，以下是部分匹配。');
  // Sections with every word come first; then some with one of them,
  // marked with what they lack, as the reader spelt it.
  // (A section whose heading holds much of the query ranks with these,
  // saying what it lacks: Service Mesh落地 opens with 房多多Service Mesh实践.)
  await page.locator('.xun-input').fill('Envoy 落地');
  await page.waitForFunction(() => [...document.querySelector('.xun-modal-host').shadowRoot.querySelectorAll('.xun-missing')]
    .some((m) => /Envoy|落地/.test(m.textContent)));
  const hits = await page.locator('.xun-hit').evaluateAll((as) => as.map((a) => a.querySelector('.xun-missing')?.textContent || ''));
  assert.equal(hits[0], '', 'a hit with every word first');
  const firstLacking = hits.findIndex((m) => m);
  assert.ok(firstLacking > 0 && hits.slice(firstLacking).every((m) => /^缺少：(Envoy|落地)$/.test(m)), hits.join(' | '));
  // An excluded word removes every section that has it.
  await page.locator('.xun-input').fill('灰度发布 -istio');
  await page.waitForFunction(() => {
    const hits = [...document.querySelector('.xun-modal-host').shadowRoot.querySelectorAll('.xun-hit')];
    return hits.length && hits.every((h) => /灰度|发布/.test(h.textContent));
  });
  const texts = await page.locator('.xun-hit').evaluateAll((as) => as.map((a) => a.textContent.toLowerCase()));
  assert.ok(texts.length > 0 && texts.every((t) => !t.includes('istio')), texts.join(' | '));
});

test('Tab stays inside the open modal, round and round, and skips the options', async () => {
  const { page } = b;
  await home(page);
  await page.keyboard.press('/');
  // The long QA page offers "more in this page", a button among the
  // options (tabindex -1), which Tab must skip without losing its way.
  await page.keyboard.type('容器网络');
  await page.locator('.xun-in-page').waitFor();
  const focused = () => page.evaluate(() => {
    const host = document.activeElement;
    const el = host.shadowRoot && host.shadowRoot.activeElement;
    return host.className === 'xun-modal-host' && el ? (el.getAttribute('role') === 'option' ? 'option' : el.className || el.tagName) : 'outside';
  });
  const stops = [];
  for (let i = 0; i < 36; i++) {
    await page.keyboard.press('Tab');
    stops.push(await focused());
  }
  assert.ok(stops.every((s) => s !== 'outside' && s !== 'option'), stops.join(' '));
  // It came round: the input twice or more.
  assert.ok(stops.filter((s) => s === 'xun-input').length >= 2, stops.join(' '));
  // And back the other way from the input.
  await page.locator('.xun-input').focus();
  const back = [];
  for (let i = 0; i < 36; i++) {
    await page.keyboard.press('Shift+Tab');
    back.push(await focused());
  }
  assert.ok(back.every((s) => s !== 'outside' && s !== 'option'), back.join(' '));
  assert.ok(back.filter((s) => s === 'xun-input').length >= 2, back.join(' '));
});

test('axe-core finds no violations with the modal open and results shown', async () => {
  const { page } = b;
  await home(page);
  await page.keyboard.press('/');
  await page.keyboard.type('容器网络');
  await page.locator('.xun-hit mark').first().waitFor();
  await page.addScriptTag({ path: join(repo, 'node_modules/axe-core/axe.min.js') });
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(violations, []);
});

test('screenshots: dark and mobile', async () => {
  const { page } = b;
  await page.emulateMedia({ colorScheme: 'dark' });
  await home(page, '/?q=' + encodeURIComponent('網絡監控'));
  await page.locator('.xun-hit mark').first().waitFor();
  await page.screenshot({ path: join(shots, 'widget-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  const phone = await b.ctx.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(server.url + '/?q=' + encodeURIComponent('kube-proxy'));
  await phone.locator('.xun-hit mark').first().waitFor();
  const box = await phone.locator('.xun-dialog').boundingBox();
  assert.deepEqual([box.width, box.height], [390, 844], 'full screen on a phone');
  await phone.screenshot({ path: join(shots, 'widget-mobile.png') });
  await phone.close();
});
