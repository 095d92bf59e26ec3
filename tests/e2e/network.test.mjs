// What a slow network sees: the engine gets ready in one round of
// requests, and a search that a newer one replaced stops fetching.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, browser, repo, FRESH_HIT } from './lib.mjs';

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
  await page.evaluate(async () => { window.engine = await xun.open({ index: '/search/', preload: true }); });
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

// Typing: the index files of what is typed are fetched at once, before the
// widget's pause ends and its search is sent; an input method's
// uncommitted pinyin fetches nothing.

/** The demo's home with the widget open and its engine ready; the page
 * logs each message it posts to the search worker, with Date.now(). */
async function typingPage({ prefetch = true } = {}) {
  const server = await serve(join(repo, 'www'));
  const { ctx, page, errors } = await browser();
  cleanup.push(() => server.close(), () => ctx.close());
  // The preload after the first results (on loopback, the default would
  // take the whole text at open, and searches would fetch nothing).
  await page.route(server.url + '/', async (route) => {
    const body = (await (await route.fetch()).text())
      .replace('data-index=', `data-preload="true" ${prefetch ? '' : 'data-prefetch="false" '}data-index=`);
    await route.fulfill({ contentType: 'text/html; charset=utf-8', body });
  });
  await page.addInitScript(() => {
    window.posted = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (m) {
      const send = () => {
        window.posted.push({ op: m && m.op, query: m && m.query, at: Date.now() });
        post.call(this, m);
      };
      // window.holdSearch (ms): a longer pause before each search is sent.
      if (m && m.op === 'search' && window.holdSearch) setTimeout(send, window.holdSearch);
      else send();
    };
  });
  await page.goto(server.url + '/');
  await page.locator('.xun-button').click();
  // The chips come from the engine: it is open.
  await page.locator('.xun-chip').first().waitFor();
  server.times.length = 0;
  await page.evaluate(() => { window.posted.length = 0; });
  return { server, page, errors };
}

const shown = (page) => page.locator('.xun-list:not(.xun-stale) .xun-hit').first().waitFor();

for (const prefetch of [true, false]) {
  test(`typed text has its dictionary buckets on their way ${prefetch ? 'before' : 'only after'} its search is sent${prefetch ? '' : ' (data-prefetch="false")'}`, async () => {
    const { server, page, errors } = await typingPage({ prefetch });
    server.delay = 300;
    // A second's pause, so that a slow machine's prefetch still comes first.
    await page.evaluate(() => { window.holdSearch = 1000; });
    await page.keyboard.insertText('容器网络');
    await shown(page);
    const posted = await page.evaluate(() => window.posted);
    const search = posted.find((m) => m.op === 'search');
    assert.ok(search, 'a search was sent');
    assert.equal(posted.some((m) => m.op === 'prefetch'), prefetch);
    const buckets = server.times.filter((t) => t.path.startsWith('/search/d/'));
    assert.ok(buckets.length > 0, 'buckets were fetched');
    for (const b of buckets) {
      const early = b.arrived < search.at;
      assert.equal(early, prefetch, `${b.path} was asked for ${b.arrived - search.at} ms after the search was sent`);
    }
    assert.deepEqual(errors, []);
  });
}

test('uncommitted pinyin fetches nothing; its commit is searched for', async () => {
  const { server, page, errors } = await typingPage();
  const cdp = await page.context().newCDPSession(page);
  for (const text of ['r', 'ro', 'ron', 'rong', 'rongq', 'rongqi']) {
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    await page.waitForTimeout(60);
  }
  // Well past the pause before a search.
  await page.waitForTimeout(400);
  assert.equal(await page.locator('.xun-input').inputValue(), 'rongqi', 'the composition is in the input');
  assert.deepEqual(server.times.map((t) => t.path), [], 'nothing was fetched for the pinyin');
  assert.deepEqual(await page.evaluate(() => window.posted), [], 'nothing was sent to the worker for the pinyin');
  await cdp.send('Input.insertText', { text: '容器' });
  await shown(page);
  assert.equal(await page.locator('.xun-input').inputValue(), '容器');
  assert.ok(server.times.some((t) => t.path.startsWith('/search/d/')), 'the commit fetched its buckets');
  const posted = await page.evaluate(() => window.posted);
  assert.ok(posted.length > 0);
  assert.deepEqual([...new Set(posted.map((m) => m.query))], ['容器'], 'only the committed text was searched for');
  // A commit is searched at once: no prefetch goes ahead of its search
  // in the worker, since the search fetches its own files.
  assert.deepEqual(posted.map((m) => m.op), ['search'], 'the commit sent its search alone');
  assert.deepEqual(errors, []);
});

for (const worker of [true, false]) {
  test(`engine.prefetch fetches the index files a search needs, not its text (${worker ? 'worker' : 'page'})`, async () => {
    const server = await serve(join(repo, 'www'));
    const { ctx, page, errors } = await browser();
    cleanup.push(() => server.close(), () => ctx.close());
    await page.goto(server.url + '/demo.css');
    await page.addScriptTag({ url: '/search/xun.js' });
    await page.evaluate(async (worker) => { window.engine = await xun.open({ index: '/search/', worker, preload: true }); }, worker);
    const q = '怎么排查pod网络不通';
    const options = { group: 'page', limit: 8, sectionsPerPage: 3 };
    server.times.length = 0;
    await page.evaluate(([q, options]) => window.engine.prefetch(q, options), [q, options]);
    const before = server.times.splice(0).map((t) => t.path);
    assert.ok(before.some((p) => p.startsWith('/search/d/')), 'its buckets were fetched');
    assert.deepEqual(before.filter((p) => p.startsWith('/search/r/')), [], 'no text was fetched');
    const hits = await page.evaluate(([q, options]) => window.engine.search(q, options).then((r) => r.hits.length), [q, options]);
    assert.ok(hits > 0);
    // The preload chunks, which the first results start in the
    // background, are not the search's.
    const after = server.times.map((t) => t.path).filter((p) => !p.startsWith('/search/preload/'));
    assert.ok(after.length > 0);
    assert.deepEqual(after.filter((p) => !p.startsWith('/search/r/')), [], 'the search needed only text');
    assert.deepEqual(errors, []);
  });
}

// A small site: once the first results are shown, its text comes in the
// background, in chunks (preload/N.xun), from which the runtime remakes
// every dictionary bucket, postings shard and record bucket: a later
// query fetches nothing.
for (const worker of [true, false]) {
  test(`after the first results and the preload, later queries fetch nothing (${worker ? 'worker' : 'page'})`, async () => {
    const server = await serve(join(repo, 'www'));
    const { ctx, page, errors } = await browser();
    cleanup.push(() => server.close(), () => ctx.close());
    await page.goto(server.url + '/demo.css');
    await page.addScriptTag({ url: '/search/xun.js' });
    await page.evaluate(async (worker) => { window.engine = await xun.open({ index: '/search/', worker, preload: true }); }, worker);
    const options = { group: 'page', limit: 8, sectionsPerPage: 3 };
    server.times.length = 0;
    await page.evaluate((options) => window.engine.search('灰度发布', options), options);
    const first = server.times.map((t) => t.path);
    assert.ok(first.some((p) => p.startsWith('/search/r/')), 'the first query fetched its text');
    const chunks = readdirSync(join(repo, 'www/search/preload')).length;
    assert.ok(chunks > 1, 'the demo has preload chunks');
    const preloaded = () => server.times.filter((t) => t.path.startsWith('/search/preload/') && t.left).length;
    for (let waited = 0; preloaded() < chunks && waited < 20000; waited += 50) await page.waitForTimeout(50);
    assert.equal(preloaded(), chunks, 'every preload chunk was fetched after the first results');
    // Time for the worker to take it in.
    await page.waitForTimeout(1500);
    server.times.length = 0;
    // New words, a typo, a prefix, Taiwan wording, a phrase and an
    // exclusion: every path that reads the dictionary.
    for (const q of ['日志采集方案', 'prometheus 告警', '每個月都', 'kubenetes 调度', 'promethe', '記憶體不足', '"灰度发布" -istio']) {
      const hits = await page.evaluate(([q, options]) => window.engine.search(q, options).then((r) => r.hits), [q, options]);
      assert.ok(hits.length > 0 && hits.every((h) => h.excerpt && h.title), q);
    }
    assert.deepEqual(server.times.map((t) => t.path), [], 'no file fetched');
    assert.deepEqual(errors, []);
  });
}

// Once its worker has taken in the whole text, the engine answers warm
// searches on the page, from a copy of the remade files that the worker
// hands over: no message to the worker, no file fetched, and the answers
// the worker gives.
test('once the whole text is in, the page answers warm searches from its copy, as the worker does', async () => {
  const server = await serve(join(repo, 'www'));
  const { ctx, page, errors } = await browser();
  cleanup.push(() => server.close(), () => ctx.close());
  await page.goto(server.url + '/demo.css');
  // Counts what the page posts to its workers.
  await page.evaluate(() => {
    window.posted = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, transfer) {
      window.posted.push(message && message.op);
      return post.call(this, message, transfer);
    };
  });
  await page.addScriptTag({ url: '/search/xun.js' });
  const queries = ['灰度发布', '日志采集方案', 'prometheus 告警', '每個月都', 'kubenetes 调度', 'promethe',
    '記憶體不足', '"灰度发布" -istio', '怎么排查pod网络不通', 'Service Mesh落地', 'etcd OR consul', '是一段'];
  const options = { group: 'page', limit: 8, sectionsPerPage: 3 };
  const { alone, copied, waited } = await page.evaluate(async ([queries, options]) => {
    window.engine = await xun.open({ index: '/search/' });
    window.alone = await xun.open({ index: '/search/', warmOnPage: false });
    const answers = [];
    for (const q of queries) answers.push(await window.alone.search(q, options));
    const t = performance.now();
    while (!window.engine.answersOnPage && performance.now() - t < 20000) await new Promise((ok) => setTimeout(ok, 50));
    return { alone: answers, copied: window.engine.answersOnPage && !window.alone.answersOnPage, waited: performance.now() - t };
  }, [queries, options]);
  assert.ok(copied, `the copy came to the page (waited ${waited} ms), and only where it was asked for`);
  // One page's sections, before any search on the page has shown it.
  const inPage = await page.evaluate(async () => {
    const options = { group: 'page', limit: 8, sectionsPerPage: 13, page: '/posts/kubernetes-community-qa-digest/' };
    return [await window.engine.search('灰度发布', options), await window.alone.search('灰度发布', options)];
  });
  assert.equal(inPage[0].hits[0].sections.length, 13);
  assert.deepEqual(inPage[0], inPage[1]);
  server.times.length = 0;
  const { answers, posted } = await page.evaluate(async ([queries, options]) => {
    window.posted.length = 0;
    const answers = [];
    for (const q of queries) {
      await window.engine.prefetch(q, options);
      answers.push(await window.engine.search(q, options));
    }
    return { answers, posted: window.posted };
  }, [queries, options]);
  assert.deepEqual(posted, [], 'nothing was asked of the worker');
  assert.deepEqual(server.times.map((t) => t.path), [], 'no file was fetched');
  for (let i = 0; i < queries.length; i++) assert.deepEqual(answers[i], alone[i], queries[i]);
  assert.ok(answers.every((a) => a.hits.length > 0), 'every query has hits');
  // The filters' counts too.
  const [mine, theirs] = await page.evaluate(() => Promise.all([window.engine.filters(), window.alone.filters()]));
  assert.deepEqual(mine, theirs);

  // On a processor too slow for it (the page's thread throttled 40×), the
  // third search on the copy that keeps the page longer than a frame sends
  // the next ones back to the worker.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 40 });
  const slow = await page.evaluate(async ([queries, options]) => {
    const answers = [];
    for (const q of queries) answers.push(await window.engine.search(q, options));
    // A quick query may stay within a frame even so: on until three did not.
    for (let i = 0; i < 100 && window.engine.answersOnPage; i++) await window.engine.search(queries[i % queries.length], options);
    const onPage = window.engine.answersOnPage;
    window.posted.length = 0;
    answers.push(await window.engine.search(queries[0], options));
    return { answers, onPage, posted: window.posted };
  }, [queries, options]);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  assert.equal(slow.onPage, false, 'back to the worker');
  assert.ok(slow.posted.includes('search'), 'the worker answered again');
  for (let i = 0; i < queries.length; i++) assert.deepEqual(slow.answers[i], alone[i], `${queries[i]}, throttled`);
  assert.deepEqual(slow.answers[queries.length], alone[0], 'from the worker again');
  assert.deepEqual(errors, []);
});

// The preload keeps out of a search's way: never more than two chunks on
// their way, and while a search fetches, a chunk is asked for only right
// behind one of its rounds, when none is on its way (it then comes after
// the round's files), so a query typed during the preload waits behind one
// chunk at most.
test('the preload keeps at most two chunks on their way, and one behind a search round at most', async () => {
  const server = await serve(join(repo, 'www'), { delay: 60 });
  const { ctx, page, errors } = await browser();
  cleanup.push(() => server.close(), () => ctx.close());
  await page.goto(server.url + '/demo.css');
  await page.addScriptTag({ url: '/search/xun.js' });
  await page.evaluate(async () => { window.engine = await xun.open({ index: '/search/', preload: true }); });
  const options = { group: 'page', limit: 8, sectionsPerPage: 3 };
  await page.evaluate((options) => window.engine.search('灰度发布', options), options);
  const chunks = () => server.times.filter((t) => t.path.startsWith('/search/preload/'));
  for (let waited = 0; !chunks().length && waited < 10000; waited += 10) await page.waitForTimeout(10);
  assert.ok(chunks().length, 'the preload started with the first results');
  // Typed while the preload runs: new words, new hits.
  const from = server.times.length;
  const hits = await page.evaluate((options) => window.engine.search('容器网络', options).then((r) => r.hits), options);
  assert.ok(hits.length > 0 && hits.every((h) => h.excerpt));
  const files = server.times.slice(from).filter((t) => !t.path.startsWith('/search/preload/'));
  assert.ok(files.length, 'the search fetched its files');
  const start = Math.min(...files.map((t) => t.arrived));
  const end = Math.max(...files.map((t) => t.left));
  // A chunk asked for just before the search began may reach the server
  // a moment after the search's first file (another connection).
  for (const c of chunks().filter((t) => t.arrived > start + 20 && t.arrived < end)) {
    assert.ok(files.some((f) => c.arrived >= f.arrived && c.arrived - f.arrived < 30), `${c.path} came right behind a round`);
    const ahead = chunks().filter((d) => d !== c && d.arrived < c.arrived && (d.left === null || d.left > c.arrived));
    assert.deepEqual(ahead.map((d) => d.path), [], `no chunk was on its way when ${c.path} was asked for`);
  }
  const total = readdirSync(join(repo, 'www/search/preload')).length;
  for (let waited = 0; chunks().filter((t) => t.left).length < total && waited < 20000; waited += 50) await page.waitForTimeout(50);
  const done = chunks().sort((a, b) => a.arrived - b.arrived);
  assert.equal(done.length, total, 'every chunk came, once');
  for (const c of done) {
    const onTheirWay = done.filter((d) => d.arrived <= c.arrived && d.left > c.arrived);
    assert.ok(onTheirWay.length <= 2, `${onTheirWay.map((d) => d.path)} on their way at once`);
  }
  assert.deepEqual(errors, []);
});

// preload: 'open' (MiniSearch's way): the whole text asked for at once
// when the index opens; the first search waits for it, and no search
// fetches a dictionary bucket, postings shard or record bucket.
test("open({ preload: 'open' }) fetches every chunk at once, and searches nothing else", async () => {
  const server = await serve(join(repo, 'www'), { delay: 100 });
  const { ctx, page, errors } = await browser();
  cleanup.push(() => server.close(), () => ctx.close());
  await page.goto(server.url + '/demo.css');
  await page.addScriptTag({ url: '/search/xun.js' });
  server.times.length = 0;
  await page.evaluate(async () => { window.engine = await xun.open({ index: '/search/', preload: 'open' }); });
  const options = { group: 'page', limit: 8, sectionsPerPage: 3 };
  for (const q of ['灰度发布', '容器网络', 'kubenetes 调度', '記憶體不足']) {
    const hits = await page.evaluate(([q, options]) => window.engine.search(q, options).then((r) => r.hits), [q, options]);
    assert.ok(hits.length > 0 && hits.every((h) => h.excerpt && h.title), q);
  }
  const chunks = server.times.filter((t) => t.path.startsWith('/search/preload/'));
  assert.equal(chunks.length, readdirSync(join(repo, 'www/search/preload')).length, 'every chunk, once');
  // At once: as many on their way as the browser lets one host have
  // (6 over HTTP/1.1), where the preloader after the first results keeps
  // two at most.
  const onTheirWay = Math.max(...chunks.map((c) => chunks.filter((d) => d.arrived <= c.arrived && d.left > c.arrived).length));
  assert.ok(onTheirWay >= Math.min(6, chunks.length), `at most ${onTheirWay} chunks on their way at once`);
  const other = server.times.map((t) => t.path).filter((p) => /^\/search\/[dpr]\//.test(p));
  assert.deepEqual(other, [], 'no search fetched a file of its own');
  assert.deepEqual(errors, []);
});

// preload unset: the engine chooses by how long the wasm took to come.
// Quick (here, loopback), the whole text at open, as with 'open'; slow
// (the wasm held 1.5 s: the text would take about 5 s more), the text
// after the first results, which come from their own files.
for (const quick of [true, false]) {
  test(`open() with preload unset takes the whole text ${quick ? 'at open on a quick link' : 'after the first results on a slow link'}`, async () => {
    const server = await serve(join(repo, 'www'), { delayFor: (path) => (!quick && path.endsWith('.wasm') ? 1500 : 0) });
    const { ctx, page, errors } = await browser();
    cleanup.push(() => server.close(), () => ctx.close());
    await page.goto(server.url + '/demo.css');
    await page.addScriptTag({ url: '/search/xun.js' });
    server.times.length = 0;
    await page.evaluate(async () => { window.engine = await xun.open({ index: '/search/' }); });
    const chunks = () => server.times.filter((t) => t.path.startsWith('/search/preload/'));
    const total = readdirSync(join(repo, 'www/search/preload')).length;
    // The whole text is asked for with the manifest's answer, before any search.
    for (let waited = 0; quick && chunks().length < total && waited < 5000; waited += 20) await page.waitForTimeout(20);
    assert.equal(chunks().length, quick ? total : 0, 'chunks asked for before the first search');
    const options = { group: 'page', limit: 8, sectionsPerPage: 3 };
    for (const q of ['灰度发布', '容器网络']) {
      const hits = await page.evaluate(([q, options]) => window.engine.search(q, options).then((r) => r.hits), [q, options]);
      assert.ok(hits.length > 0 && hits.every((h) => h.excerpt && h.title), q);
    }
    const own = server.times.map((t) => t.path).filter((p) => /^\/search\/[dpr]\//.test(p));
    if (quick) assert.deepEqual(own, [], 'no search fetched a file of its own');
    else {
      assert.ok(own.some((p) => p.startsWith('/search/r/')), 'the first results fetched their text');
      for (let waited = 0; chunks().length < total && waited < 20000; waited += 50) await page.waitForTimeout(50);
      assert.equal(chunks().length, total, 'the text came after the first results');
    }
    assert.deepEqual(errors, []);
  });
}

// A revisit whose wasm comes from the HTTP cache learns nothing of the
// link from it (it took no time): the engine goes by the browser's
// estimate of the link instead, here set by the test, on the page.
for (const downlink of [0.5, 10]) {
  test(`with the wasm from the HTTP cache, preload unset goes by the browser's estimate (${downlink} Mbit/s)`, async () => {
    const server = await serve(join(repo, 'www'), { headers: { 'cache-control': 'max-age=600' } });
    const { ctx, page, errors } = await browser();
    cleanup.push(() => server.close(), () => ctx.close());
    const visit = async (options) => {
      await page.goto(server.url + '/demo.css');
      await page.addScriptTag({ url: '/search/xun.js' });
      return page.evaluate(async ([options, downlink]) => {
        Object.defineProperty(navigator, 'connection', { value: { downlink }, configurable: true });
        window.engine = await xun.open({ index: '/search/', worker: false, ...options });
        // The browser files a resource's timing a moment after its body.
        let wasm;
        for (let waited = 0; !wasm && waited < 2000; waited += 20) {
          wasm = performance.getEntries().find((e) => /\.wasm$/.test(e.name));
          if (!wasm) await new Promise((ok) => setTimeout(ok, 20));
        }
        return wasm ? { transferSize: wasm.transferSize, encodedBodySize: wasm.encodedBodySize } : {};
      }, [options, downlink]);
    };
    const first = await visit({ preload: false });
    assert.ok(first.transferSize >= first.encodedBodySize && first.encodedBodySize > 0, 'the first visit fetched the wasm');
    server.times.length = 0;
    const again = await visit({});
    assert.equal(again.transferSize, 0, 'the revisit took the wasm from the HTTP cache');
    assert.ok(!server.times.some((t) => t.path.endsWith('.wasm')), 'the revisit asked for no wasm');
    const chunks = () => server.times.filter((t) => t.path.startsWith('/search/preload/'));
    const total = readdirSync(join(repo, 'www/search/preload')).length;
    const quick = downlink * 1000 * 3000 > total * 65536 * 8;
    for (let waited = 0; quick && chunks().length < total && waited < 5000; waited += 20) await page.waitForTimeout(20);
    if (!quick) await page.waitForTimeout(500);
    assert.equal(chunks().length, quick ? total : 0, 'chunks asked for before the first search');
    const hits = await page.evaluate(() => window.engine.search('灰度发布', { limit: 8 }).then((r) => r.hits));
    assert.ok(hits.length > 0);
    const own = server.times.map((t) => t.path).filter((p) => /^\/search\/[dpr]\//.test(p));
    if (quick) assert.deepEqual(own, [], 'no search fetched a file of its own');
    else assert.ok(own.some((p) => p.startsWith('/search/r/')), 'the first results fetched their text');
    assert.deepEqual(errors, []);
  });
}

// A query in the address (?q=) is searched as the widget opens: on a
// quick link it would wait for the whole text and its remaking, so it
// fetches its own files, and the text comes after its results.
test('a query from the address fetches its own files, and the text comes after its results', async () => {
  const server = await serve(join(repo, 'www'));
  const { ctx, page, errors } = await browser();
  cleanup.push(() => server.close(), () => ctx.close());
  await page.goto(server.url + '/?q=' + encodeURIComponent('灰度发布'));
  await page.locator(FRESH_HIT).first().waitFor();
  const paths = server.times.map((t) => t.path);
  const text = paths.findIndex((p) => p.startsWith('/search/r/'));
  assert.ok(text >= 0, 'its results fetched their text');
  const chunk = paths.findIndex((p) => p.startsWith('/search/preload/'));
  assert.ok(chunk < 0 || chunk > text, `a preload chunk was asked for before the results' text: ${paths.join(' ')}`);
  // The widget without the query takes the whole text at open (loopback is quick).
  server.times.length = 0;
  const { ctx: ctx2, page: page2 } = await browser();
  cleanup.push(() => ctx2.close());
  await page2.goto(server.url + '/');
  await page2.locator('.xun-button').click();
  await page2.keyboard.insertText('灰度发布');
  await page2.locator(FRESH_HIT).first().waitFor();
  assert.deepEqual(server.times.map((t) => t.path).filter((p) => /^\/search\/[dpr]\//.test(p)), [], 'typed, it fetched no file of its own');
  assert.deepEqual(errors, []);
});

test('open({ preload: false }) never fetches the preload chunks', async () => {
  const server = await serve(join(repo, 'www'));
  const { ctx, page, errors } = await browser();
  cleanup.push(() => server.close(), () => ctx.close());
  await page.goto(server.url + '/demo.css');
  await page.addScriptTag({ url: '/search/xun.js' });
  await page.evaluate(async () => { window.engine = await xun.open({ index: '/search/', preload: false }); });
  for (const q of ['灰度发布', '日志采集方案']) await page.evaluate((q) => window.engine.search(q, { limit: 8 }), q);
  await page.waitForTimeout(1500);
  const fetched = server.times.map((t) => t.path);
  assert.ok(fetched.some((p) => p.startsWith('/search/r/')));
  assert.ok(!fetched.some((p) => p.startsWith('/search/preload/')));
  assert.deepEqual(errors, []);
});
