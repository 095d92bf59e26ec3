// The widget as a reader meets it, defect by defect of issue 10 and
// feature by feature: each test failed with the widget before the issue
// (XUN_RUNTIME_OVERRIDE, see lib.mjs, serves an older xun.js and xun.css).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { serve, browser, repo, shots, tempDir, FRESH_HIT } from './lib.mjs';

let server, b, built = null;
before(async () => {
  server = await serve(join(repo, 'www'));
  b = await browser();
});
after(async () => {
  await built?.close();
  await b?.ctx.close();
  await server?.close();
});

const QA = '/posts/kubernetes-community-qa-digest/';
const isOpen = (page) => page.locator('.xun-dialog').isVisible();
const statusText = (page) => page.locator('.xun-status').textContent();
/** Resolves once the dialog has closed. */
const closing = (page) => page.waitForFunction(() => !document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-dialog').open);

async function home(page, path = '/') {
  await page.goto(server.url + path);
  await page.locator('.xun-button').waitFor();
}

/** Opens the dialog with `/` and types `q`; resolves when results show. */
async function search(page, q) {
  await page.keyboard.press('/');
  await page.keyboard.type(q, { delay: 15 });
  await page.locator(FRESH_HIT).first().waitFor();
}

/** A page of the demo site that the test writes itself: `head` goes in
 * <head>; the body has a header with a nav and some text. */
async function custom(page, name, head, lang = 'zh-CN') {
  await page.route(server.url + '/' + name, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${name}</title>${head}</head>
<body><header><nav><div id="xun-search"></div></nav></header><main><h1>${name}</h1><p>正文</p></main></body></html>`,
  }));
  await page.goto(server.url + '/' + name);
  await page.locator('.xun-button').waitFor();
}

/** Where the reader landed: the element the hash names, and whether it is on screen. */
const landing = (page) => page.evaluate(() => {
  const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!el) return null;
  const box = el.getBoundingClientRect();
  return { tag: el.tagName, onScreen: box.top >= 0 && box.top < innerHeight };
});

test('defect 1: a result on the page the reader is on closes the dialog and lands there', async () => {
  const { page, errors } = b;
  await home(page, QA);
  await page.keyboard.press('Control+k');
  await page.keyboard.type('灰度发布', { delay: 20 });
  await page.locator('.xun-hit mark').first().waitFor();
  const hrefs = await page.locator('.xun-hit').evaluateAll((as) => as.map((a) => a.href));
  const at = hrefs.findIndex((h, i) => i > 0 && new URL(h).pathname === QA);
  assert.ok(at > 0, hrefs.join(' '));
  const hash = new URL(hrefs[at]).hash;
  await page.locator('[role=option]').nth(at).click();
  await page.waitForFunction((h) => location.hash === h, hash);
  await page.waitForTimeout(200);
  assert.equal(await isOpen(page), false, 'the dialog closed');
  assert.deepEqual(await landing(page), { tag: 'H3', onScreen: true });
  // The section has the focus: the next Tab goes on from there.
  assert.equal(await page.evaluate(() => document.activeElement.id), decodeURIComponent(hash.slice(1)));
  // The keyboard still works: the hotkey opens the dialog, Esc closes it.
  await page.keyboard.press('Control+k');
  assert.ok(await isOpen(page));
  await page.keyboard.press('Escape');
  assert.equal(await isOpen(page), false);
  assert.deepEqual(errors, []);
});

test('defect 2: while a new query loads, the old results are neither counted nor opened', async () => {
  const { page } = b;
  // Without the preload, so that the new query's files are on their way
  // (the demo on loopback would take the whole text at open).
  await page.route(server.url + '/?lazy', async (route) => {
    const body = (await (await route.fetch({ url: server.url + '/' })).text()).replace('data-index=', 'data-preload="false" data-index=');
    await route.fulfill({ contentType: 'text/html; charset=utf-8', body });
  });
  await home(page, '/?lazy');
  await search(page, '容器网络');
  assert.match(await statusText(page), /\d/);
  server.delay = 1500;
  try {
    await page.locator('.xun-input').fill('Prometheus告警');
    await page.waitForTimeout(300);
    const status = await statusText(page);
    assert.doesNotMatch(status, /\d/, `the old count is gone: ${status}`);
    const url = page.url();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    assert.equal(page.url(), url, 'Enter opened no old result');
    assert.ok(await isOpen(page));
    // It opens the new query's first result, once it comes: the page it
    // lands on marks that query's terms.
    await page.waitForURL((u) => u.href !== url, { timeout: 15000 });
    await page.locator('mark.xun-highlight').first().waitFor();
    const marks = await page.locator('mark.xun-highlight').allTextContents();
    assert.ok(marks.some((m) => /prometheus|告警/i.test(m)), marks.slice(0, 5).join(' '));
  } finally {
    server.delay = 0;
  }
});

test('defect 3: Enter that commits an input method composition opens nothing', async () => {
  const { page } = b;
  await home(page);
  await search(page, '灰度发布');
  const url = page.url();
  await page.locator('.xun-input').evaluate((input) => {
    const init = { key: 'Enter', bubbles: true, composed: true, cancelable: true };
    input.dispatchEvent(new KeyboardEvent('keydown', { ...init, isComposing: true }));
    // Chrome and Safari report some composition keys as keyCode 229 only.
    const legacy = new KeyboardEvent('keydown', init);
    Object.defineProperty(legacy, 'keyCode', { value: 229 });
    input.dispatchEvent(legacy);
  });
  await page.waitForTimeout(400);
  assert.equal(page.url(), url);
  assert.ok(await isOpen(page));
  // A plain Enter still opens the selected result.
  await Promise.all([page.waitForURL(/\/posts\//), page.keyboard.press('Enter')]);
});

// Defect 4 and the accessibility bar: light and dark, desktop and phone,
// with results and filters, and with recent searches shown.
for (const scheme of ['light', 'dark']) {
  for (const width of [1024, 390]) {
    test(`defect 4: axe-core, ${scheme}, ${width} px wide: no serious or critical violations`, async () => {
      const page = await b.ctx.newPage();
      try {
        await page.setViewportSize({ width, height: 800 });
        await page.emulateMedia({ colorScheme: scheme });
        await home(page, '/');
        const check = async (what) => {
          await page.addScriptTag({ path: join(repo, 'node_modules/axe-core/axe.min.js') });
          const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
          const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}`);
          assert.deepEqual(bad, [], what);
        };
        await search(page, '容器网络');
        await page.locator('.xun-hit mark').first().waitFor();
        await check('results');
        // A filter chip pressed, and the sort toggle, shown with the results.
        await page.locator('.xun-chip').first().click();
        await page.locator('.xun-chip[aria-pressed=true]').waitFor();
        await page.locator('.xun-list:not(.xun-stale) .xun-hit').first().waitFor();
        await check('results and filters');
        await page.locator('.xun-chip[aria-pressed=true]').click();
        // Close (the search is remembered), reopen, clear: recent searches.
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+k');
        await page.locator('.xun-input').fill('');
        await page.locator('.xun-recent li').first().waitFor();
        await check('recent searches');
      } finally {
        await page.close();
      }
    });
  }
}

test('defect 5: every hit shows what matched; a page matched by its title alone is shown once, at its top', async () => {
  const { page } = b;
  await home(page);
  // 夜谈 is in the post's title and in one of its sections only.
  await search(page, '夜谈');
  const unmarked = await page.locator('.xun-hit').evaluateAll((os) => os.filter((o) => !o.querySelector('mark')).map((o) => o.textContent));
  assert.deepEqual(unmarked, []);

  const { site, open } = await builtSite();
  await open.goto(site + '/posts/stars.html');
  await open.keyboard.press('/');
  await open.keyboard.type('星辰大海');
  await open.locator('[role=option]').first().waitFor();
  const hits = await open.locator('.xun-hit').evaluateAll((os) => os.map((o) => new URL(o.href).pathname + new URL(o.href).hash));
  assert.deepEqual(hits, ['/posts/stars.html']);
});

test('a page in Traditional script marks what the hit marked, as the page writes it', async () => {
  const { site, open } = await builtSite();
  await open.goto(site + '/posts/stars.html');
  await open.keyboard.press('/');
  await open.keyboard.type('記憶體限制');
  const hit = open.locator('.xun-hit[href*="tw.html"]');
  await hit.waitFor();
  // The engine's terms are folded (记忆体, 内存, 限制); the page has 記憶體.
  assert.match(new URL(await hit.evaluate((a) => a.href)).searchParams.get('xun-highlight'), /記憶體/);
  await hit.click();
  await open.locator('mark.xun-highlight').first().waitFor();
  const marks = await open.locator('mark.xun-highlight').allTextContents();
  assert.ok(marks.includes('記憶體限制'), marks.join(' '));
  // Chosen on that page itself, the same marks.
  await open.keyboard.press('/');
  await open.keyboard.type('記憶體限制');
  const here = open.locator('.xun-hit[href*="tw.html"]');
  await here.waitFor();
  await open.locator('.xun-list:not(.xun-stale) .xun-hit').first().waitFor();
  await here.click();
  await closing(open);
  const again = await open.locator('mark.xun-highlight').allTextContents();
  assert.ok(again.includes('記憶體限制'), again.join(' '));
});

test('a blog in Traditional script: titles and headings mark the words as they write them, in the list and on arrival', async () => {
  const { site, open } = await builtSite();
  await open.goto(site + '/posts/stars.html');
  await open.keyboard.press('/');
  // Typed in Simplified: the terms are 台北 and 小吃; the blog writes 臺北.
  await open.keyboard.type('台北小吃');
  const hit = open.locator(`${FRESH_HIT}[href*="taipei.html"]`).first();
  await hit.waitFor();
  assert.deepEqual(await hit.locator('.xun-heading mark').allTextContents(), ['臺北', '小吃']);
  const group = open.locator('.xun-group', { has: open.locator('[href*="taipei.html"]') });
  assert.deepEqual(await group.locator('.xun-page mark').allTextContents(), ['臺北']);
  // The link carries each form once.
  assert.equal(new URL(await hit.evaluate((a) => a.href)).searchParams.get('xun-highlight'), '台北 小吃 臺北');
  await hit.click();
  await open.locator('mark.xun-highlight').first().waitFor();
  const marks = await open.locator('mark.xun-highlight').allTextContents();
  assert.ok(marks.includes('臺北'), marks.join(' '));
});

test('terms side by side are one mark, with no seam between them', async () => {
  const { page } = b;
  await home(page);
  await search(page, '容器网络');
  const marks = await page.locator('.xun-page mark, .xun-heading mark').evaluateAll((ms) => ms.map((m) => [m.textContent, m.nextSibling && m.nextSibling.nodeName]));
  assert.ok(marks.some(([text]) => text === '容器网络'), JSON.stringify(marks));
  assert.ok(marks.every(([, next]) => next !== 'MARK'), JSON.stringify(marks));
});

test('defect 6: a heading without an id does not become a hit that links to the top of the page', async () => {
  const { site, open } = await builtSite();
  await open.goto(site + '/posts/hugo.html');
  await open.keyboard.press('/');
  await open.keyboard.type('熔断降级');
  await open.locator('[role=option]').first().waitFor();
  const hits = await open.locator('.xun-hit').evaluateAll((os) => os.map((o) => ({
    href: new URL(o.href).pathname + new URL(o.href).hash,
    heading: o.querySelector('.xun-heading')?.textContent || '',
  })));
  // The heading with no id of its own sits first in the post's
  // <div id="content">: it is no section of its own, and nothing links to
  // the container's id.
  assert.ok(hits.length > 0);
  assert.ok(hits.every((h) => !h.href.endsWith('#content') && h.heading !== '开头就是标题'), JSON.stringify(hits));
});

test('defect 7: title runs stay together, excerpts start and end at words, the opening does not repeat the title', async () => {
  const { page } = b;
  await home(page);
  await search(page, '社群分享');
  const gaps = await page.locator('.xun-page mark').first().evaluate((m) => {
    const range = document.createRange();
    const box = (n) => {
      range.selectNodeContents(n);
      return range.getBoundingClientRect();
    };
    const mark = m.getBoundingClientRect();
    return [mark.left - box(m.previousSibling).right, box(m.nextSibling).left - mark.right];
  });
  assert.ok(gaps.every((g) => Math.abs(g) < 3), `gaps around the marked word: ${gaps}`);

  await page.locator('.xun-input').fill('灰度发布');
  await page.waitForFunction(() => document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-list:not(.xun-stale) .xun-excerpt'));
  const excerpts = await page.locator('.xun-excerpt').allTextContents();
  assert.ok(excerpts.length > 3);
  // An excerpt may start or end with a Latin word, but a whole one: the
  // sections' text says what stands just outside it.
  const texts = JSON.parse(execFileSync(join(repo, 'target/release/xun-query'), ['--sections', join(repo, 'www/search')], { maxBuffer: 1 << 28 }))
    .map((s) => s.text);
  const latin = (c) => c !== undefined && /[A-Za-z0-9]/.test(c);
  const whole = (needle, outside) => texts.some((t) => {
    for (let at = t.indexOf(needle); at >= 0; at = t.indexOf(needle, at + 1)) {
      if (!latin(t[outside(at, needle)])) return true;
    }
    return false;
  });
  const cut = excerpts.filter((e) => {
    const head = e.match(/^…([A-Za-z0-9]+[^…]{0,6})/);
    const tail = e.match(/([^…]{0,6}[A-Za-z0-9]+)…$/);
    return (head && !whole(head[1], (at) => at - 1)) || (tail && !whole(tail[1], (at, n) => at + n.length));
  });
  assert.ok(excerpts.some((e) => /^…[A-Za-z0-9]|[A-Za-z0-9]…$/.test(e)), 'some excerpt ends at a Latin word, so the check below checks something');
  assert.deepEqual(cut, [], 'no excerpt starts or ends inside a Latin word');

  await page.locator('.xun-input').fill('首次网研会');
  await page.waitForFunction(() => /首次网研会/.test(document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-list:not(.xun-stale) [role=option]')?.textContent || ''));
  const twice = await page.locator('.xun-group').evaluateAll((gs) => gs.flatMap((g) => {
    const title = g.querySelector('.xun-page span').textContent;
    return [...g.querySelectorAll('.xun-heading')].filter((h) => h.textContent === title).map(() => title);
  }));
  assert.deepEqual(twice, []);
});

test('defect 8: phone-sized cancel and clear buttons; the page stays put; focus, hotkey and ?q= behave', async () => {
  const phone = await b.ctx.newPage();
  try {
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(server.url + '/');
    await phone.locator('.xun-button').click();
    const cancel = phone.locator('.xun-cancel');
    assert.equal((await cancel.textContent()).includes('取消'), true);
    const box = await cancel.boundingBox();
    assert.ok(box.width >= 44 && box.height >= 44, `cancel is ${box.width}×${box.height}`);
    assert.equal(await phone.locator('.xun-clear').isVisible(), false, 'nothing to clear yet');
    await phone.keyboard.type('灰度');
    const clear = phone.locator('.xun-clear');
    const c = await clear.boundingBox();
    assert.ok(c.width >= 44 && c.height >= 44, `clear is ${c.width}×${c.height}`);
    await clear.click();
    assert.equal(await phone.locator('.xun-input').inputValue(), '');
    assert.equal(await phone.evaluate(() => document.activeElement.shadowRoot?.activeElement?.className), 'xun-input');
    await cancel.click();
    assert.equal(await phone.locator('.xun-dialog').isVisible(), false);
  } finally {
    await phone.close();
  }

  const { page } = b;
  await home(page, QA);
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('Control+k');
  assert.ok(await isOpen(page));
  // The wheel over the backdrop does not scroll the page behind.
  const before = await page.evaluate(() => scrollY);
  await page.mouse.move(20, 700);
  await page.mouse.wheel(0, 1200);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => scrollY), before);
  // A click on the backdrop closes it and leaves focus on the button.
  await page.mouse.click(20, 700);
  assert.equal(await isOpen(page), false);
  assert.equal(await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.className), 'xun-button');
  // The hotkey closes the open dialog, and the browser does not get it.
  await page.keyboard.press('Control+k');
  assert.ok(await isOpen(page));
  await page.evaluate(() => {
    window.__prevented = null;
    window.addEventListener('keydown', (e) => { if (e.key === 'k') window.__prevented = e.defaultPrevented; });
  });
  await page.keyboard.press('Control+k');
  assert.equal(await isOpen(page), false);
  assert.equal(await page.evaluate(() => window.__prevented), true);
  // ?q= leaves the address once the dialog is closed: a reload does not reopen it.
  await home(page, '/?q=' + encodeURIComponent('灰度发布'));
  assert.ok(await isOpen(page));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => location.search === '');
  await page.reload();
  await page.locator('.xun-button').waitFor();
  assert.equal(await isOpen(page), false);
});

for (const worker of [true, false]) {
  test(`defect 9: invalid options reject with a XunError that names them (${worker ? 'worker' : 'page'})`, async () => {
    const { page } = b;
    await page.goto(server.url + '/demo.css');
    await page.addScriptTag({ url: '/search/xun.js' });
    const bad = [['limit', 0], ['limit', -1], ['limit', 2.5], ['limit', '10'], ['offset', -5], ['group', 'pages'],
      ['sectionsPerPage', 0], ['filters', 'tags'], ['filters', { tags: '阿里云' }], ['sort', 'newest'], ['page', 5]];
    const got = await page.evaluate(async ({ bad, worker }) => {
      const engine = await xun.open({ index: '/search/', worker });
      const out = [];
      for (const [name, value] of bad) {
        try {
          const res = await engine.search('灰度发布', { [name]: value });
          out.push([name, `resolved with ${res.hits.length} hits`]);
        } catch (e) {
          out.push([name, e.name, e.option, e.code, e.message.includes(name)]);
        }
      }
      const one = await engine.search('灰度发布', { limit: 1 });
      const many = await engine.search('灰度发布', { limit: 1000 });
      out.push(['limit 1', one.hits.length], ['limit 1000, capped', many.hits.length > 1]);
      return out;
    }, { bad, worker });
    assert.deepEqual(got, [...bad.map(([name]) => [name, 'XunError', name, 'options', true]), ['limit 1', 1], ['limit 1000, capped', true]]);
  });
}

test('defect 10: a wrong data-index shows a short message in the widget\'s language; the console has the details', async () => {
  const page = await b.ctx.newPage();
  const logged = [];
  page.on('console', (m) => { if (m.type() === 'error') logged.push(m.text()); });
  try {
    await custom(page, 'wrong-index.html', '<script src="/search/xun.js" data-index="/nope/" defer></script>');
    await page.keyboard.press('/');
    await page.keyboard.type('灰度发布');
    await page.waitForFunction(() => {
      const s = document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-status').textContent;
      return s && !/正在/.test(s);
    });
    const status = await statusText(page);
    assert.doesNotMatch(status, /xun:|http|nope|[A-Za-z]{3}/i, status);
    assert.match(status, /[\u4e00-\u9fff]/);
    assert.ok(logged.some((l) => l.includes('xun:') && l.includes('/nope/')), logged.join('\n'));
  } finally {
    await page.close();
  }
});

/** The titles of the pages the widget lists, in order. */
const listed = (page) => page.locator('.xun-page span').allTextContents();

test('filters and sort: chips from the index, a chip narrows the results, only the filter table is fetched', async (t) => {
  const { page } = b;
  await home(page);
  server.log.length = 0;
  await page.keyboard.press('/');
  await page.locator('.xun-chip').first().waitFor();
  // The preload chunks come at open on loopback (preload unset): the
  // engine's, not the filters'.
  const fetched = server.log.filter((p) => p.startsWith('/search/') && !/\.(js|css|wasm)$/.test(p) && !p.startsWith('/search/preload/'));
  assert.deepEqual(fetched, ['/search/meta.xun', '/search/filters.xun'], 'the filter table and nothing else');
  t.diagnostic(`filters.xun: ${server.sent.get('/search/filters.xun')} bytes`);
  // The chips are the index's values with their page counts.
  const table = await page.evaluate(async () => (await xun.open({ index: '/search/' })).filters());
  const chips = await page.locator('.xun-chip').evaluateAll((cs) => cs.map((c) => [c.dataset.key, c.dataset.value, Number(c.querySelector('.xun-count').textContent)]));
  assert.deepEqual(chips.slice().sort(), Object.entries(table).flatMap(([k, vs]) => Object.entries(vs).map(([v, n]) => [k, v, n])).sort());
  assert.ok(table.tags && Object.keys(table.tags).length > 1, JSON.stringify(table));

  await page.keyboard.type('kubernetes');
  await page.locator('.xun-hit').first().waitFor();
  const all = await listed(page);
  // The tag with the fewest pages narrows the list to its pages, as the
  // engine answers for that filter.
  const [tag] = Object.entries(table.tags).sort((a, b) => a[1] - b[1])[0];
  await page.locator(`.xun-chip[data-key=tags][data-value="${tag}"]`).click();
  const expected = await page.evaluate(async (tag) => (await (await xun.open({ index: '/search/' }))
    .search('kubernetes', { group: 'page', limit: 8, filters: { tags: [tag] } })).hits.map((h) => h.title), tag);
  assert.ok(expected.length > 0 && expected.length < all.length, `${expected.length} of ${all.length}`);
  await page.waitForFunction((n) => document.querySelector('.xun-modal-host').shadowRoot.querySelectorAll('.xun-list:not(.xun-stale) .xun-group').length === n, expected.length);
  assert.deepEqual(await listed(page), expected);
  // Newest first.
  await page.locator('.xun-chip[aria-pressed=true]').click();
  await page.waitForFunction((n) => document.querySelector('.xun-modal-host').shadowRoot.querySelectorAll('.xun-list:not(.xun-stale) .xun-group').length === n, all.length);
  await page.locator('.xun-sort [data-sort=date]').click();
  await page.waitForFunction(() => document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-sort [data-sort=date][aria-pressed=true]'));
  await page.waitForFunction(() => !document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-list.xun-stale'));
  const dates = await page.locator('.xun-page time').allTextContents();
  assert.equal(dates.length, all.length);
  assert.deepEqual(dates, dates.slice().sort().reverse());
  assert.notDeepEqual(await listed(page), all, 'the order changed');
  await page.screenshot({ path: join(shots, 'widget-filters.png') });
  // Nothing found under a filter: the help offers to clear it.
  await page.locator(`.xun-chip[data-key=tags][data-value="${tag}"]`).click();
  await page.locator('.xun-input').fill('zzqxj');
  await page.locator('.xun-clear-filters').click();
  assert.equal(await page.locator('.xun-chip[aria-pressed=true]').count(), 0);
  await page.keyboard.press('Escape');

  // An index whose one category every page has shows no chips: a chip
  // that keeps every page filters nothing.
  const { site, open } = await builtSite();
  await open.goto(site + '/posts/stars.html');
  await open.keyboard.press('/');
  await open.keyboard.type('负载均衡');
  await open.locator('.xun-hit').first().waitFor();
  await open.waitForTimeout(200);
  assert.equal(await open.locator('.xun-chips').isVisible(), false);
  const pages = await open.evaluate(async () => (await xun.open({ index: '/search/' })).filters());
  assert.deepEqual(pages.categories, { posts: 4 });
  await open.keyboard.press('Escape');
});

test('a chip with nothing typed browses its pages, newest first', async () => {
  const { page, errors } = b;
  await home(page);
  await page.keyboard.press('/');
  await page.locator('.xun-chip').first().waitFor();
  const table = await page.evaluate(async () => (await xun.open({ index: '/search/' })).filters());
  // The tag with the most pages.
  const [tag, count] = Object.entries(table.tags).sort((a, b) => b[1] - a[1])[0];
  assert.ok(count > 1, JSON.stringify(table.tags));
  await page.locator(`.xun-chip[data-key=tags][data-value="${tag}"]`).click();
  await page.waitForFunction((n) => document.querySelector('.xun-modal-host').shadowRoot.querySelectorAll('.xun-list:not(.xun-stale) .xun-group').length === n, Math.min(count, 8));
  assert.match(await statusText(page), new RegExp(`共 ${count} 篇`));
  // Each page carries the tag, and the newest comes first.
  const expected = await page.evaluate(async (tag) => (await (await xun.open({ index: '/search/' }))
    .search('', { group: 'page', limit: 8, filters: { tags: [tag] } })).hits, tag);
  assert.ok(expected.every((h) => h.tags.some((t) => t.toLowerCase() === tag.toLowerCase())), JSON.stringify(expected.map((h) => h.tags)));
  assert.deepEqual(await listed(page), expected.map((h) => h.title));
  const dates = await page.locator('.xun-page time').allTextContents();
  assert.deepEqual(dates, dates.slice().sort().reverse());
  // No order to choose: it is by date.
  assert.equal(await page.locator('.xun-sort').isVisible(), false);
  // Unpressed, the box is empty again: no results.
  await page.locator('.xun-chip[aria-pressed=true]').click();
  await page.waitForFunction(() => !document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-group'));
  assert.equal(await statusText(page), '');
  assert.deepEqual(errors, []);
});

test('native <dialog>: modal in the top layer', async () => {
  const { page } = b;
  await home(page);
  await page.keyboard.press('/');
  assert.equal(await page.locator('.xun-dialog').evaluate((d) => d.tagName === 'DIALOG' && d.matches(':modal')), true);
});

test('recent searches: per index, shown with an empty input, removable one by one, no query files', async () => {
  const { page } = b;
  await home(page);
  await page.evaluate(() => localStorage.clear());
  await search(page, '服务网格');
  // A section's hit: the list names its post and its heading, as two
  // sections of one post would otherwise read the same.
  const first = page.locator('.xun-hit:has(.xun-heading)').first();
  const title = await first.getAttribute('data-title');
  const heading = await first.locator('.xun-heading').textContent();
  assert.ok(title && heading, `${title} › ${heading}`);
  const href = new URL(await first.evaluate((a) => a.href));
  href.searchParams.delete('xun-highlight');
  await Promise.all([page.waitForURL(href.href), first.click()]);
  await home(page);
  server.log.length = 0;
  await page.keyboard.press('Control+k');
  await page.locator('.xun-recent li').first().waitFor();
  const items = await page.locator('.xun-recent-go').allTextContents();
  assert.deepEqual(items, [`${title} › ${heading}`, '服务网格']);
  // An entry too long for the row ends in "…" (CSS) and shows whole on hover.
  assert.deepEqual(await page.locator('.xun-recent-go').evaluateAll((gs) => gs.map((g) => g.title)), items);
  // The footer offers ↑↓ and ↵ only where there is something to move
  // through: here, and not on the first-visit help (below).
  const keyHints = () => page.locator('.xun-footer > span').evaluateAll((spans) =>
    spans.slice(0, 2).map((s) => getComputedStyle(s).display !== 'none'));
  assert.deepEqual(await keyHints(), [true, true]);
  // The arrows go down from the input through the list, and back up to it.
  const focus = () => page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.textContent || document.activeElement.shadowRoot?.activeElement?.className);
  const moves = [];
  for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowUp', 'ArrowUp']) {
    await page.keyboard.press(key);
    moves.push(await focus());
  }
  assert.deepEqual(moves, [items[0], items[1], items[1], items[0], 'xun-input']);
  assert.deepEqual(server.log.filter((p) => /\/search\/[dpr]\//.test(p)), [], 'no query files for the list');
  // The list, and whether the index has filter chips (their row keeps
  // its room while they load: see the chip row's test).
  const stored = `xun-recent:${server.url}/search/`;
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).sort()), [stored, stored + ':chips']);
  // Remove one: the other stays, and focus stays on a remove button.
  await page.locator('.xun-remove').first().click();
  assert.deepEqual(await page.locator('.xun-recent-go').allTextContents(), ['服务网格']);
  assert.equal(await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.className), 'xun-remove');
  // A search chosen from the list runs.
  await page.locator('.xun-recent-go').first().click();
  await page.locator('.xun-hit').first().waitFor();
  assert.equal(await page.locator('.xun-input').inputValue(), '服务网格');
  assert.deepEqual(await keyHints(), [true, true]);
  await page.keyboard.press('Escape');

  // Turned off: nothing is listed, nothing is stored.
  await custom(page, 'no-recent.html', '<script src="/search/xun.js" data-index="/search/" data-recent="false" defer></script>');
  await page.evaluate(() => localStorage.clear());
  await search(page, '灰度发布');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  await page.locator('.xun-input').fill('');
  await page.waitForTimeout(200);
  assert.equal(await page.locator('.xun-recent li').count(), 0);
  assert.deepEqual(await keyHints(), [false, false], 'nothing to move through');
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);
});

test('highlight on arrival: the opened page marks the terms, as text; same origin only; can be turned off', async () => {
  const { page, errors } = b;
  await home(page);
  await search(page, '灰度发布');
  const second = page.locator('[role=option]').nth(1);
  const href = new URL(await second.evaluate((a) => a.href));
  assert.equal(href.searchParams.get('xun-highlight'), '灰度 发布');
  await second.click();
  await page.locator('article mark.xun-highlight').first().waitFor();
  const marks = await page.locator('mark.xun-highlight').allTextContents();
  // Side by side, the two terms are one mark.
  assert.ok(marks.length > 1 && marks.every((m) => /^(灰度|发布)+$/.test(m)) && marks.includes('灰度发布'), marks.slice(0, 9).join(' '));
  // The terms leave the address; the section stays.
  assert.equal(new URL(page.url()).search, '');
  assert.equal(new URL(page.url()).hash, href.hash);
  assert.ok((await landing(page)).onScreen);
  // Typed or linked from elsewhere (no referrer from this site): nothing.
  await page.goto(server.url + QA + '?xun-highlight=' + encodeURIComponent('灰度 发布'));
  await page.locator('.xun-button').waitFor();
  assert.equal(await page.locator('mark.xun-highlight').count(), 0);
  // Turned off on the page with the widget: its links carry no terms.
  await custom(page, 'no-highlight.html', '<script src="/search/xun.js" data-index="/search/" data-highlight="false" defer></script>');
  await search(page, '灰度发布');
  const plain = await page.locator('.xun-hit').evaluateAll((as) => as.map((a) => new URL(a.href).search));
  assert.ok(plain.every((s) => s === ''), plain.join(' '));
  // Arriving from this site with terms: marked, unless the page says
  // data-highlight="false" or "off" (as the widget takes it).
  const arrive = async (name, attribute) => {
    await page.route((url) => url.pathname === '/' + name, (route) => route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${name}</title>
<script src="/search/xun.js" data-index="/search/" ${attribute} defer></script></head><body><p>正文</p></body></html>`,
    }));
    await page.goto(server.url + '/' + name + '?xun-highlight=' + encodeURIComponent('正文'), { referer: server.url + '/' });
    await page.locator('.xun-button').waitFor();
    return page.locator('mark.xun-highlight').count();
  };
  assert.equal(await arrive('on.html', ''), 1);
  assert.equal(await arrive('off.html', 'data-highlight="off"'), 0);
  assert.equal(await arrive('false.html', 'data-highlight="false"'), 0);
  assert.deepEqual(errors, []);
});

test('highlights: the section landed on is marked first; a Latin term only where a word starts', async () => {
  const { page, errors } = b;
  await home(page);
  await search(page, '灰度发布');
  // A hit deep in the long QA page: its earlier sections hold more
  // matches than the 200 marks a page gets.
  await page.locator(`[role=option][href*="${QA}"]`).first().click();
  await page.locator('article mark.xun-highlight').first().waitFor();
  const inSection = await page.evaluate(() => {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const same = [...document.querySelectorAll(target.tagName)];
    const next = same[same.indexOf(target) + 1];
    const before = (a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    const marks = [...document.querySelectorAll('mark.xun-highlight')];
    return {
      marks: marks.length,
      earlier: marks.filter((m) => before(m, target)).length,
      here: marks.filter((m) => before(target, m) && (!next || before(m, next))).length,
    };
  });
  assert.ok(inSection.here > 0, JSON.stringify(inSection));
  // In the results: `3` is not marked inside `k3s` (nor would `ai` be
  // inside `container`), where the engine does not match it either.
  await home(page);
  await search(page, '边缘计算 3');
  const inWords = await page.locator('.xun-list mark').evaluateAll((marks) => marks.filter((m) => {
    const before = m.previousSibling && m.previousSibling.textContent;
    return /^\w/.test(m.textContent) && before && /\w$/.test(before);
  }).map((m) => m.parentNode.textContent));
  assert.deepEqual(inWords, []);
  assert.ok(await page.locator('.xun-heading', { hasText: 'k3s' }).count() > 0);
  // Nor `1` inside `2019-11-07`: a term that ends with a digit ends a
  // number where it is marked.
  await home(page);
  await search(page, '边缘计算 1');
  const headings = await page.locator('.xun-heading').allTextContents();
  assert.ok(headings.some((h) => /\d{4}-\d\d-\d\d/.test(h)), headings.join(' | '));
  const inNumbers = await page.locator('.xun-list mark').evaluateAll((marks) => marks.filter((m) => {
    const after = m.nextSibling && m.nextSibling.textContent;
    return /\d$/.test(m.textContent) && after && /^\d/.test(after);
  }).map((m) => m.parentNode.textContent));
  assert.deepEqual(inNumbers, []);
  assert.deepEqual(errors, []);
});

test('highlights: a page-level hit scrolls to its first mark; a second search on the page replaces the marks', async () => {
  const { page, errors } = b;
  await home(page);
  await search(page, '灰度发布');
  // A hit for a whole page (its section has no heading): no #anchor to
  // land on, so the first mark is brought into view.
  const whole = page.locator('[role=option][data-url]:not([data-url*="#"])').first();
  await whole.waitFor();
  await whole.click();
  await page.locator('mark.xun-highlight').first().waitFor();
  const first = await page.locator('mark.xun-highlight').first().evaluate((m) => {
    const box = m.getBoundingClientRect();
    return { onScreen: box.top >= 0 && box.bottom <= innerHeight, scrolled: scrollY };
  });
  assert.ok(first.onScreen, JSON.stringify(first));

  // On the long QA page, one search's marks, then another's: only the
  // second's stay.
  await home(page, QA);
  await search(page, 'Kube-OVN');
  await page.locator(`[role=option][href*="#"]`).first().click();
  await page.locator('mark.xun-highlight').first().waitFor();
  assert.ok((await page.locator('mark.xun-highlight').allTextContents()).some((m) => /kube/i.test(m)));
  await search(page, '灰度发布');
  await page.locator(`[role=option][href*="#"]`).first().click();
  await page.waitForFunction(() => [...document.querySelectorAll('mark.xun-highlight')].some((m) => /灰度|发布/.test(m.textContent)));
  const marks = await page.locator('mark.xun-highlight').allTextContents();
  assert.ok(marks.every((m) => /^(灰度|发布)+$/.test(m)), marks.slice(0, 9).join(' '));
  // The text is whole again where the old marks were: one text node per run.
  assert.equal(await page.evaluate(() => {
    const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
    let split = 0;
    while (walker.nextNode()) if (walker.currentNode.nextSibling && walker.currentNode.nextSibling.nodeType === 3) split++;
    return split;
  }), 0);
  assert.deepEqual(errors, []);
});

test('a whole-page hit lands on the passage with the most of the query, not its first passing word', async () => {
  const { page, errors } = b;
  const post = '/posts/sig-cloud-provider-alibaba-webinar/';
  for (const from of ['/', post]) {
    await home(page, from);
    await search(page, '容器日志采集');
    const whole = page.locator(`[role=option][data-url="${post}"]`);
    await whole.waitFor();
    await whole.click();
    await page.waitForURL((u) => u.pathname === post);
    await page.locator('mark.xun-highlight').first().waitFor();
    // The marks on screen hold the whole query, as the excerpt did.
    const seen = await page.waitForFunction(() => {
      const on = [...document.querySelectorAll('mark.xun-highlight')].filter((m) => {
        const box = m.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= innerHeight;
      }).map((m) => m.textContent).join('');
      return ['容器', '日志', '采集'].every((w) => on.includes(w)) && on;
    }, null, { timeout: 5000 }).then((h) => h.jsonValue()).catch(() => null);
    assert.ok(seen, `from ${from}: the passage with 容器日志采集 is on screen`);
    // Not where the page first says one of the words (a passing 容器 far above).
    const first = await page.locator('mark.xun-highlight').first().evaluate((m) => m.getBoundingClientRect().bottom);
    assert.ok(first < 0, `from ${from}: the first mark of the page is above the screen (${first})`);
  }
  assert.deepEqual(errors, []);
});

test('a whole-page hit for the page the reader is on marks it in place: no reload, and Back leaves the page', async () => {
  const { page, errors } = b;
  const post = '/posts/sig-cloud-provider-alibaba-webinar/';
  await home(page);
  await home(page, post);
  // Gone after a reload.
  await page.evaluate(() => { window.notReloaded = true; });
  await search(page, '灰度发布');
  const whole = page.locator(`[role=option][data-url="${post}"]`);
  await whole.waitFor();
  await whole.click();
  await page.locator('mark.xun-highlight').first().waitFor();
  assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page was not reloaded');
  assert.equal(await isOpen(page), false);
  assert.equal(await page.evaluate(() => location.pathname + location.search + location.hash), post);
  const first = await page.locator('mark.xun-highlight').first().evaluate((m) => {
    const box = m.getBoundingClientRect();
    return { text: m.textContent, onScreen: box.top >= 0 && box.bottom <= innerHeight };
  });
  assert.ok(first.onScreen && /灰度|发布/.test(first.text), JSON.stringify(first));
  // The focus is in the page: a second Enter does not press the search
  // button and open the dialog again.
  await page.keyboard.press('Enter');
  await page.waitForTimeout(200);
  assert.equal(await isOpen(page), false, 'a second Enter left the dialog closed');
  // The dialog's history entry went with it: Back leaves the page.
  await page.goBack();
  assert.equal(new URL(page.url()).pathname, '/');
  assert.deepEqual(errors, []);
});

test('phone: the long QA page and the dialog on it fit the screen (long URLs in its text wrap)', async () => {
  const phone = await browser({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    await phone.page.goto(server.url + QA);
    await phone.page.locator('.xun-button').tap();
    await phone.page.keyboard.type('灰度发布', { delay: 15 });
    await phone.page.locator('.xun-hit').first().waitFor();
    const widths = await phone.page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      dialog: Math.round(document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-dialog').getBoundingClientRect().width),
    }));
    assert.deepEqual(widths, { page: 390, dialog: 390 });
    assert.deepEqual(phone.errors, []);
  } finally {
    await phone.ctx.close();
  }
});

test('more in this page: a page with more matching sections than shown offers them, ten at a time', async () => {
  const { page, errors } = b;
  await home(page);
  await search(page, '灰度发布');
  const groups = page.locator('.xun-group');
  const pages = await groups.count();
  const button = page.locator('.xun-in-page');
  // Only the long QA page has more than three matching sections.
  assert.equal(await button.count(), 1);
  const rest = Number((await button.textContent()).match(/\d+/)[0]);
  assert.ok(rest > 50, String(rest));
  await button.click();
  await page.waitForFunction(() => document.querySelector('.xun-modal-host').shadowRoot.querySelectorAll('.xun-hit').length === 13);
  assert.equal(await groups.count(), 1);
  assert.ok((await page.locator('.xun-page').textContent()).includes('QA'));
  assert.ok((await page.locator('.xun-hit').evaluateAll((as) => as.every((a) => a.getAttribute('data-url').includes('/posts/kubernetes-community-qa-digest/')))));
  // The first of the new sections is selected, the input keeps the keys.
  assert.equal(await page.locator('[aria-selected=true]').getAttribute('id'), 'xun-o3');
  assert.ok(await page.locator('.xun-input').evaluate((i) => i.getRootNode().activeElement === i));
  assert.equal(Number((await button.textContent()).match(/\d+/)[0]), rest - 10);
  // One page's sections share its date: no choice of order, which
  // would change nothing.
  assert.equal(await page.locator('.xun-sort').isVisible(), false);
  // The way back to every page, without retyping.
  const back = page.locator('.xun-back');
  assert.equal(await back.textContent(), '← 全部结果');
  await back.click();
  await page.waitForFunction((n) => document.querySelector('.xun-modal-host').shadowRoot.querySelectorAll('.xun-group').length === n, pages);
  assert.equal(await back.isVisible(), false);
  assert.equal(await page.locator('.xun-sort').isVisible(), true);
  assert.ok(await page.locator('.xun-input').evaluate((i) => i.getRootNode().activeElement === i));
  await button.click();
  await page.waitForFunction(() => document.querySelector('.xun-modal-host').shadowRoot.querySelectorAll('.xun-group').length === 1);
  // Typing again shows every page.
  await page.keyboard.press('End');
  await page.keyboard.type(' ', { delay: 15 });
  await page.waitForFunction((n) => document.querySelector('.xun-modal-host').shadowRoot.querySelectorAll('.xun-group').length === n, pages);
  // The keys reach it too: it is an option of the list, after the
  // page's three sections; Enter opens it rather than leaving.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('[aria-selected=true]').getAttribute('class'), 'xun-link xun-in-page');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.xun-modal-host').shadowRoot.querySelectorAll('.xun-hit').length === 13);
  assert.ok(await isOpen(page));
  assert.deepEqual(errors, []);
});

test('no results: the help says how to search; a correction is offered', async () => {
  const { page } = b;
  await home(page);
  // A first visit, nothing typed and no recent searches: the syntax, not
  // a blank box.
  await page.evaluate(() => localStorage.clear());
  await page.keyboard.press('/');
  await page.locator('.xun-help .xun-syntax-help').waitFor();
  assert.match(await page.locator('.xun-help').textContent(), /OR/);
  await page.keyboard.type('zzqxj');
  await page.locator('.xun-help').waitFor();
  const help = await page.locator('.xun-help').textContent();
  assert.match(help, /OR/);
  assert.match(help, /-/);
  assert.match(await statusText(page), /没有找到“zzqxj”/);
  // The help gives the syntax, so the footer does not repeat it.
  const syntax = () => page.locator('.xun-syntax').evaluate((s) => getComputedStyle(s).display !== 'none');
  assert.equal(await syntax(), false);
  await page.locator('.xun-input').fill('灰度发布');
  await page.locator('.xun-hit').first().waitFor();
  assert.equal(await syntax(), true);
});

test('count and paging: 显示 1 / 共 N; 显示更多 keeps the focus, then hands it to the new results', async () => {
  const { page } = b;
  await page.route(server.url + '/one-by-one.js', (route) => route.fulfill({
    contentType: 'text/javascript',
    body: "addEventListener('DOMContentLoaded', () => xun.mount({ index: '/search/', results: 1 }));",
  }));
  await custom(page, 'one-by-one.html', '<script src="/search/xun.js"></script><script src="/one-by-one.js"></script>');
  await search(page, '灰度发布');
  const total = Number((await statusText(page)).match(/^显示 1 \/ 共 (\d+) 篇$/)?.[1]);
  assert.ok(total >= 3, await statusText(page));
  const more = page.locator('.xun-more');
  await more.focus();
  const active = () => page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.className);
  for (let shown = 2; shown <= total; shown++) {
    await page.keyboard.press('Enter');
    await page.waitForFunction((s) => document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-status').textContent.startsWith(`显示 ${s} `), shown);
    assert.equal(await page.locator('.xun-group').count(), shown);
    if (shown < total) assert.equal(await active(), 'xun-more', `focus after ${shown}`);
  }
  assert.equal(await more.isVisible(), false);
  assert.equal(await active(), 'xun-input');
  const last = await page.locator('.xun-group').last().locator('[role=option]').first().getAttribute('id');
  assert.equal(await page.locator('.xun-input').getAttribute('aria-activedescendant'), last);
});

test('languages: <html lang> picks the strings, the lang option wins', async () => {
  const { page } = b;
  await custom(page, 'tw.html', '<script src="/search/xun.js" data-index="/search/" defer></script>', 'zh-TW');
  assert.equal(await page.locator('.xun-button span').textContent(), '搜尋');
  await search(page, '灰度發佈');
  assert.match(await statusText(page), /^顯示 \d+ \/ 共 \d+ 篇$/);
  await custom(page, 'en.html', '<script src="/search/xun.js" data-index="/search/" data-lang="en" defer></script>');
  assert.equal(await page.locator('.xun-button span').textContent(), 'Search');
  await search(page, '灰度发布');
  assert.match(await statusText(page), /^Showing \d+ of \d+ posts?$/);
  await page.screenshot({ path: join(shots, 'widget-en.png') });
});

// A small HTML site of our own, indexed by build-index: a Hugo-shaped post
// whose first heading has no id inside <div id="content">, and a post whose
// title alone has a word.
async function builtSite() {
  if (!built) {
    const root = tempDir('xun-widget-');
    mkdirSync(join(root, 'posts'));
    // Every post is in Hugo's section `posts`, as its Open Graph metas say.
    const page = (title, body) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<meta property="article:section" content="posts">
<script src="/search/xun.js" data-index="/search/" defer></script></head>
<body><header><nav><div id="xun-search"></div></nav></header><main id="main"><article><header><h1>${title}</h1></header>
<div class="post-content" id="content">${body}</div></article></main></body></html>`;
    writeFileSync(join(root, 'posts/hugo.html'), page('服务治理笔记',
      '<h2>开头就是标题</h2><p>这里讲熔断降级的做法。</p><h2 id="next">下一节</h2><p>其他内容，关于限流。</p>'));
    writeFileSync(join(root, 'posts/tw.html'), page('容器筆記',
      '<p>開頭。</p><h2 id="mem">資源</h2><p>容器的記憶體限制要設定好，否則會被砍掉重建。</p>'));
    writeFileSync(join(root, 'posts/taipei.html'), page('臺北夜市記錄',
      '<p>開頭。</p><h2 id="food">臺北的小吃</h2><p>士林夜市的雞排很好吃。</p>'));
    writeFileSync(join(root, 'posts/stars.html'), page('星辰大海笔记',
      '<p>开头的一段，讲一些背景。</p><h2 id="one">第一节</h2><p>关于负载均衡的内容。</p><h2 id="two">第二节</h2><p>关于服务发现的内容。</p>'));
    execFileSync(join(repo, 'target/release/build-index'), [root, '--out', join(root, 'search')], { stdio: 'ignore' });
    const site = await serve(root);
    const open = await b.ctx.newPage();
    built = { site: site.url, open, close: async () => { await open.close(); await site.close(); } };
  }
  return built;
}

test('screenshots: light, dark and phone (README, docs/screenshots/)', async () => {
  for (const [name, scheme, width, height, q] of [['light', 'light', 1024, 768, '灰度发布'], ['dark', 'dark', 1024, 768, '網絡監控'], ['phone', 'light', 390, 844, 'kube-proxy']]) {
    const page = await b.ctx.newPage();
    try {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(server.url + '/?q=' + encodeURIComponent(q));
      await page.locator('.xun-hit mark').first().waitFor();
      await page.locator('.xun-chip').first().waitFor();
      // Dark, the browser's own parts (scrollbars) are dark too.
      assert.equal(await page.locator('.xun-body').evaluate((n) => getComputedStyle(n).colorScheme), scheme === 'dark' ? 'dark' : 'normal');
      await page.screenshot({ path: join(shots, `${name}.png`) });
    } finally {
      await page.close();
    }
  }
});

test('a query longer than a search takes says that its end was left out', async () => {
  const { page, errors } = b;
  await home(page);
  await page.keyboard.press('/');
  // Eighteen words: a search takes sixteen.
  const words = ['容器', '网络', '存储', '调度', '监控', '日志', '安全', '发布', '集群',
    '节点', '镜像', '服务', '配置', '性能', '升级', '备份', '告警', '迁移'];
  await page.locator('.xun-input').fill(words.join(' '));
  await page.locator(FRESH_HIT).first().waitFor();
  const note = page.locator('.xun-note');
  await note.waitFor();
  // It names the two words past the sixteenth, as typed.
  assert.equal(await note.textContent(), '没有同时包含所有词的结果，以下是部分匹配。 查询太长，后面的部分没有搜索：告警 迁移');
  // One run without spaces: the words past the sixteenth, each named;
  // past 128 characters, the text past them (an excluded word within them
  // is still applied).
  await page.locator('.xun-input').fill(words.join(''));
  await page.locator(FRESH_HIT).first().waitFor();
  await page.waitForFunction(() => /：告警 迁移$/.test(document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-note').textContent));
  // The input takes a pasted query past them, so that the note can name
  // what was left out; a Latin word the limit falls inside is left out
  // whole, not searched for its first letters.
  await page.locator('.xun-input').fill('灰度发布 -istio ' + 'x'.repeat(108) + ' kustomize 蓝绿部署');
  await page.locator(FRESH_HIT).first().waitFor();
  await page.waitForFunction(() => /：kustomize 蓝绿部署$/.test(document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-note').textContent));
  assert.doesNotMatch(await note.textContent(), /istio/);
  // A long paste is named by its first 40 characters left out, not all of
  // them: the note must not push the results off a phone's screen.
  const pasted = '灰度发布期间流量切换不平滑的原因与排查'.repeat(30);
  await page.locator('.xun-input').fill(pasted);
  await page.locator(FRESH_HIT).first().waitFor();
  await page.waitForFunction(() => /…$/.test(document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-note').textContent));
  const named = (await note.textContent()).split('没有搜索：')[1];
  assert.equal([...named].length, 41, named);
  assert.ok(pasted.includes(named.slice(0, -1).replaceAll(' ', '')), named);
  // Sixteen: nothing is left out.
  await page.locator('.xun-input').fill(words.slice(0, 16).join(' '));
  await page.locator(FRESH_HIT).first().waitFor();
  assert.doesNotMatch((await note.isVisible()) ? await note.textContent() : '', /没有搜索/);
  assert.deepEqual(errors, []);
});

test('the chip row opens at its start, not where it was last scrolled to', async () => {
  const { page, errors } = b;
  await home(page);
  await page.keyboard.press('/');
  await page.locator('.xun-chip').first().waitFor();
  const row = page.locator('.xun-chips');
  const scrolled = await row.evaluate((r) => { r.scrollLeft = r.scrollWidth; return r.scrollLeft; });
  assert.ok(scrolled > 0, 'the row overflows at this width');
  await page.keyboard.press('Escape');
  await page.keyboard.press('/');
  await page.locator('.xun-chip').first().waitFor();
  assert.equal(await row.evaluate((r) => r.scrollLeft), 0);
  assert.deepEqual(errors, []);
});

test('Back on a phone closes the dialog; closed another way or left by a result, it leaves no history entry behind', async () => {
  const phone = await b.ctx.newPage();
  const path = () => new URL(phone.url()).pathname;
  const open = async () => {
    await phone.locator('.xun-button').click();
    await phone.locator('.xun-input').fill('灰度发布');
    await phone.locator(FRESH_HIT).first().waitFor();
  };
  try {
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(server.url + QA);
    await phone.goto(server.url + '/');
    await open();
    await phone.goBack();
    assert.equal(await isOpen(phone), false, 'Back closed the dialog');
    assert.equal(path(), '/', 'and the reader is still on the page');
    assert.equal(await phone.evaluate(() => document.activeElement.shadowRoot?.activeElement?.className), 'xun-button');
    // Forward opens it again, on its query; Back closes it again.
    await phone.goForward();
    await phone.locator(FRESH_HIT).first().waitFor();
    assert.equal(await isOpen(phone), true, 'Forward reopened the dialog');
    assert.equal(await phone.locator('.xun-input').inputValue(), '灰度发布');
    await phone.goBack();
    assert.equal(await isOpen(phone), false, 'Back closed it again');
    assert.equal(path(), '/');
    // Closed by Esc or 取消, the dialog's entry goes with it: Back leaves.
    for (const close of [() => phone.keyboard.press('Escape'), () => phone.locator('.xun-cancel').click()]) {
      await open();
      await close();
      assert.equal(await isOpen(phone), false);
      await phone.goBack();
      assert.equal(path(), QA, 'Back left the page');
      await phone.goForward();
      await phone.locator('.xun-button').waitFor();
    }
    // A result on another page: Back comes to this page, then the one before.
    await open();
    const hrefs = await phone.locator('.xun-hit').evaluateAll((as) => as.map((a) => a.href));
    const at = hrefs.findIndex((h) => new URL(h).pathname !== '/');
    await phone.locator('.xun-hit').nth(at).click();
    await phone.waitForURL((u) => u.pathname === new URL(hrefs[at]).pathname);
    await phone.goBack();
    assert.equal(path(), '/');
    assert.equal(await isOpen(phone), false);
    await phone.goBack();
    assert.equal(path(), QA);
    // A result on this page: Back returns to where the reader was.
    await open();
    const here = await phone.locator('.xun-hit').evaluateAll((as, qa) => as.findIndex((a) => new URL(a.href).pathname === qa && new URL(a.href).hash), QA);
    assert.ok(here >= 0);
    await phone.locator('.xun-hit').nth(here).click();
    await phone.waitForFunction(() => location.hash);
    assert.equal(await isOpen(phone), false);
    await phone.goBack();
    assert.equal(await phone.evaluate(() => location.pathname + location.hash), QA);
    assert.equal(await isOpen(phone), false);
    // Opened by ?q=, Back closes it, and the address has no ?q= to reopen it.
    await phone.goto(server.url + '/?q=' + encodeURIComponent('灰度发布'));
    await phone.locator(FRESH_HIT).first().waitFor();
    await phone.goBack();
    assert.equal(await isOpen(phone), false);
    assert.equal(await phone.evaluate(() => location.pathname + location.search), '/');
    await phone.reload();
    await phone.locator('.xun-button').waitFor();
    assert.equal(await isOpen(phone), false);
  } finally {
    await phone.close();
  }
});

test('a query of excluded words alone asks for a word to search for, in each language', async () => {
  const { page, errors } = b;
  for (const [lang, hint] of [['zh-CN', '只用了排除词：请再加一个要找的词。'], ['zh-TW', '只用了排除詞：請再加一個要找的詞。'], ['en', 'Only words to exclude: add a word to search for.']]) {
    await custom(page, 'excluded-' + lang + '.html', '<script src="/search/xun.js" data-index="/search/" defer></script>', lang);
    await page.keyboard.press('/');
    for (const q of ['-docker', '-docker -k8s']) {
      await page.locator('.xun-input').fill(q);
      await page.locator('.xun-help').waitFor();
      await page.waitForFunction(() => !document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-list[aria-busy]'));
      assert.equal(await page.locator('.xun-help p').first().textContent(), hint, q);
    }
    // A word to find beside them: the usual help, when nothing is found.
    await page.locator('.xun-input').fill('zzqxj -docker');
    await page.waitForFunction(() => !document.querySelector('.xun-modal-host').shadowRoot.querySelector('.xun-list[aria-busy]'));
    await page.locator('.xun-help').waitFor();
    assert.notEqual(await page.locator('.xun-help p').first().textContent(), hint);
  }
  assert.deepEqual(errors, []);
});

test('the chip row starts again at the left when the focus leaves it and back from one page\'s sections', async () => {
  const { page, errors } = b;
  await home(page);
  await search(page, '灰度发布');
  await page.locator('.xun-chip').first().waitFor();
  const row = page.locator('.xun-chips');
  // Tabbing to the last chip scrolls the row; Tab on leaves it.
  await page.locator('.xun-chip').last().focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  assert.ok(await row.evaluate((r) => r.scrollLeft) > 0, 'the last chip is scrolled to');
  await page.keyboard.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement.shadowRoot.activeElement.className), 'xun-chip');
  assert.equal(await row.evaluate((r) => r.scrollLeft), 0);
  // ← 全部结果, with the row scrolled meanwhile.
  await page.locator('.xun-in-page').click();
  await page.locator('.xun-back').waitFor();
  assert.ok(await row.evaluate((r) => { r.scrollLeft = r.scrollWidth; return r.scrollLeft; }) > 0);
  await page.locator('.xun-back').click();
  assert.equal(await row.evaluate((r) => r.scrollLeft), 0);
  await page.keyboard.press('Escape');
  assert.deepEqual(errors, []);
});

test('Esc that cancels a pinyin composition leaves the dialog open; the next Esc closes it', async () => {
  const { page, errors } = b;
  await home(page);
  await search(page, '灰度');
  await page.locator('.xun-input').evaluate((input) => {
    const init = { key: 'Escape', bubbles: true, composed: true, cancelable: true };
    input.dispatchEvent(new KeyboardEvent('keydown', { ...init, isComposing: true }));
    const legacy = new KeyboardEvent('keydown', init);
    Object.defineProperty(legacy, 'keyCode', { value: 229 });
    input.dispatchEvent(legacy);
  });
  assert.ok(await isOpen(page), 'open after a composing Esc (synthetic)');
  // The browser's own input method path: a composition, then Esc.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'fabu', selectionStart: 4, selectionEnd: 4 });
  await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Escape', code: 'Escape', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 27 });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Escape', code: 'Escape', windowsVirtualKeyCode: 27 });
  await page.waitForTimeout(200);
  assert.ok(await isOpen(page), 'open after a composing Esc (input method)');
  await cdp.send('Input.imeSetComposition', { text: '', selectionStart: 0, selectionEnd: 0 });
  await cdp.send('Input.insertText', { text: '' });
  await cdp.detach();
  await page.locator('.xun-input').evaluate((input) => input.dispatchEvent(new CompositionEvent('compositionend', { data: '' })));
  await page.keyboard.press('Escape');
  await closing(page);
  assert.deepEqual(errors, []);
});

test('the backdrop closes the dialog only for a click that starts on it: not a drag out of the input, nor a double click on the button', async () => {
  const { page, errors } = b;
  await page.setViewportSize({ width: 1024, height: 768 });
  await home(page);
  await search(page, '灰度发布');
  // Select the text by dragging from the input to the backdrop.
  const box = await page.locator('.xun-input').boundingBox();
  await page.mouse.move(box.x + box.width - 5, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 5, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(5, 760, { steps: 4 });
  await page.mouse.up();
  assert.ok(await isOpen(page), 'open after a drag that ends on the backdrop');
  // A click that starts and ends there closes it.
  await page.mouse.click(5, 760);
  await closing(page);
  // A double click on the button: its second click lands on the dialog it opened.
  await page.locator('.xun-button').dblclick();
  await page.waitForTimeout(200);
  assert.ok(await isOpen(page), 'open after a double click on the button');
  await page.keyboard.press('Escape');
  assert.deepEqual(errors, []);
});

test('Enter pressed before the results of what was just typed opens the first of them', async () => {
  const { page, errors } = b;
  await home(page);
  await search(page, '集群');
  const before = page.url();
  await page.locator('.xun-input').fill('灰度发布');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.href !== before);
  await page.locator('mark.xun-highlight').first().waitFor();
  const marks = await page.locator('mark.xun-highlight').allTextContents();
  assert.ok(marks.every((m) => /^(灰度|发布)+$/.test(m)), marks.slice(0, 5).join(' '));
  // Typed on after Enter, the Enter is void.
  await home(page);
  await search(page, '集群');
  await page.locator('.xun-input').fill('灰度');
  await page.keyboard.press('Enter');
  await page.keyboard.type('发布', { delay: 10 });
  await page.locator(FRESH_HIT).first().waitFor();
  await page.waitForTimeout(300);
  assert.ok(await isOpen(page), 'still open: the Enter was for a query no longer asked');
  assert.deepEqual(errors, []);
});

test('recent searches: one typed and left before its answer is not kept; a stored link to another scheme is not followed', async () => {
  const { page, errors } = b;
  await home(page);
  await page.evaluate(() => localStorage.clear());
  await search(page, '灰度发布');
  await page.keyboard.press('Escape');
  // Reopened with it selected: typed on, then left at once.
  await page.keyboard.press('Control+k');
  await page.keyboard.press('End');
  await page.keyboard.type('zzqxj');
  await page.keyboard.press('Escape');
  // (Beside each list, whether its index has chips: `<list's key>:chips`.)
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('xun-recent:') && !k.endsWith(':chips'))
    .flatMap((k) => JSON.parse(localStorage.getItem(k)).map((i) => i.q)));
  assert.deepEqual(kept, ['灰度发布']);
  // A stored entry whose URL is not the web's (another page of the origin wrote it).
  const key = await page.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith('xun-recent:') && !k.endsWith(':chips')));
  assert.ok(key, 'the answered search was kept');
  await page.evaluate((key) => {
    localStorage.setItem(key, JSON.stringify([{ q: 'x', title: '看看', url: 'javascript:window.__xss=42;void 0' }]));
  }, key);
  await page.keyboard.press('Control+k');
  await page.locator('.xun-input').fill('');
  const link = page.locator('.xun-recent-go').first();
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), '#');
  await link.click();
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(errors, []);
});

test('a same-page hit chosen for a new tab leaves this page unmarked', async () => {
  const { page, errors } = b;
  await home(page, QA);
  await search(page, '灰度发布');
  const hit = page.locator('[role=option][href*="#"]').first();
  await hit.waitFor();
  const [tab] = await Promise.all([page.context().waitForEvent('page'), hit.click({ modifiers: ['Control'] })]);
  await tab.close();
  assert.equal(await page.locator('mark.xun-highlight').count(), 0, 'a new tab marks nothing here');
  await page.keyboard.press('Escape');
  assert.deepEqual(errors, []);
});

test('opened from ?q=, a hit on this page is still this page: no reload', async () => {
  const { page, errors } = b;
  await page.goto(server.url + QA + '?q=' + encodeURIComponent('灰度发布'));
  await page.locator(FRESH_HIT).first().waitFor();
  await page.evaluate(() => { window.notReloaded = true; });
  await page.locator('[role=option][href*="#"]').first().click();
  await page.locator('mark.xun-highlight').first().waitFor();
  assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page was not reloaded');
  assert.equal(new URL(page.url()).searchParams.get('q'), null);
  assert.deepEqual(errors, []);
});

test('Back from a result shows the page it was chosen on from the back/forward cache, as it was left', async () => {
  // Playwright turns the cache off unless told otherwise.
  const cached = await browser({ ignoreDefaultArgs: ['--disable-back-forward-cache'] });
  try {
    const { page, errors } = cached;
    await home(page, '/');
    await page.evaluate(() => { window.leftAsItWas = true; });
    await search(page, '灰度发布');
    const other = page.locator(`${FRESH_HIT}:not([data-url^="/#"])`).first();
    await Promise.all([page.waitForURL(/\/posts\//), other.click()]);
    await page.locator('mark.xun-highlight').first().waitFor();
    // A page restored from the cache fires no load event.
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(() => location.pathname === '/' && document.readyState === 'complete');
    assert.equal(await page.evaluate(() => window.leftAsItWas), true, 'restored, not loaded again');
    assert.equal(await isOpen(page), false);
    // Back once more leaves the site's first page: no dialog entry is left.
    assert.equal(await page.evaluate(() => !!(history.state && history.state.xun)), false);
    assert.deepEqual(errors, []);
  } finally {
    await cached.ctx.close();
  }
});

test('a returning reader on a phone: the chip row keeps its room while it loads, and a new query starts at the top', async () => {
  const phone = await browser({ viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true });
  try {
    const { page, errors } = phone;
    // A first visit searches, with the chips shown.
    await home(page);
    await page.locator('.xun-button').tap();
    await page.locator('.xun-input').fill('容器日志采集');
    await page.locator(FRESH_HIT).first().waitFor();
    await page.locator('.xun-chip').first().waitFor();
    await page.keyboard.press('Escape');
    await closing(page);
    // The next visit, on a slow link: the recent searches show at once,
    // the chips come later, and the list does not move under a finger.
    await page.reload();
    await page.locator('.xun-button').waitFor();
    server.delay = 300;
    try {
      await page.locator('.xun-button').tap();
      const recent = page.locator('.xun-recent-go').first();
      await recent.waitFor();
      assert.equal(await page.locator('.xun-chip').count(), 0, 'the chips have not come yet');
      const before = (await recent.boundingBox()).y;
      await page.locator('.xun-chip').first().waitFor();
      assert.equal((await recent.boundingBox()).y, before, 'the recent searches stayed where they were drawn');
    } finally {
      server.delay = 0;
    }
    // Scrolled down a long list, a new query shows its count and first
    // answer, not the middle of its list.
    const body = page.locator('.xun-body');
    await page.locator('.xun-input').fill('容器');
    await page.locator(FRESH_HIT).first().waitFor();
    await body.evaluate((b) => { b.scrollTop = b.scrollHeight; });
    assert.ok(await body.evaluate((b) => b.scrollTop > 200));
    await page.locator('.xun-input').fill('灰度发布');
    await page.locator(FRESH_HIT).first().waitFor();
    assert.equal(await body.evaluate((b) => b.scrollTop), 0);
    assert.ok(await page.locator('.xun-status').isVisible());
    assert.deepEqual(errors, []);
  } finally {
    await phone.ctx.close();
  }
});

test('a phone on its side: the dialog fills the screen, leaving the results the most room', async () => {
  const phone = await browser({ viewport: { width: 800, height: 360 }, hasTouch: true, isMobile: true });
  try {
    const { page, errors } = phone;
    await home(page);
    await page.locator('.xun-button').tap();
    await page.locator('.xun-input').fill('灰度发布');
    await page.locator(FRESH_HIT).first().waitFor();
    const box = await page.locator('.xun-dialog').boundingBox();
    assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, 800, 360]);
    assert.ok((await page.locator('.xun-body').boundingBox()).height > 240);
    assert.deepEqual(errors, []);
  } finally {
    await phone.ctx.close();
  }
});
