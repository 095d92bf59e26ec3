// Real Hugo, Hexo and Jekyll blogs, each built by its generator and given
// search exactly as its guide says (docs/hugo.md, docs/hexo.md,
// docs/jekyll.md), with build-index from the packed npm packages
// (scripts/package.sh): then, in Chromium, a reader searches, sees
// results and lands on the heading; no tag, category or archive page is a
// hit; and no menu, table of contents or footer text is in an excerpt.
//
// Hugo and Jekyll come from Debian, Hexo and its theme from npm
// (scripts/setup.sh installs them). Where one is missing its test says so
// and is skipped, except in CI (CI=true), where it fails.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { serve, browser, repo, shots, packed, installPacked, toolVersion, missingTool, tempDir } from './lib.mjs';
import { posts, furniture, body, yaml } from './blog.mjs';

const cleanup = [];
after(async () => {
  for (const f of cleanup.reverse()) await f();
});

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The site's search, as a reader and through the API, against what the
 * generator made: `postPath(post)` is each post's URL path, `root` the
 * site's (`/` or `/blog/`). `themeErrors` matches the errors of a theme's own
 * scripts that load from a CDN, which the tests cannot reach. */
async function checkSearch(name, { server, root, postPath, footer, themeErrors = /^$/ }) {
  const { page, errors, ctx } = await browser();
  cleanup.push(() => ctx.close());
  await page.goto(server.url + root);
  const tag = await page.locator('script[data-index]').evaluate((s) => ({ src: s.getAttribute('src'), index: s.dataset.index }));
  assert.deepEqual(tag, { src: `${root}search/xun.js`, index: `${root}search/` });

  // A reader: the hotkey, a phrase from one section, the result, a click.
  const canary = posts[0];
  const [heading] = canary.sections[1];
  await page.keyboard.press('/');
  await page.keyboard.type('百分之五的流量');
  const option = page.locator('[role=option]', { has: page.locator('.xun-heading', { hasText: heading }) }).first();
  await option.waitFor();
  await page.screenshot({ path: join(shots, `${name}-results.png`) });
  // The link carries the terms to highlight; the post takes them out of
  // its address on arrival.
  const href = new URL(await option.evaluate((a) => a.href));
  assert.ok(href.searchParams.has('xun-highlight'), href.href);
  href.searchParams.delete('xun-highlight');
  await Promise.all([page.waitForURL(href.href), option.click()]);
  // A theme's scripts may still move the page (Butterfly's header changes
  // as it loads, and xun.js brings the heading back): wait for the heading
  // to come into sight, then check.
  // The heading's text (not its box: Volantis pads headings by 100px) is
  // in the viewport, and under no fixed or sticky bar of the theme's.
  const inSight = () => {
    const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!el) return false;
    const range = document.createRange();
    range.selectNodeContents(el);
    const r = range.getBoundingClientRect();
    const covered = [...document.body.querySelectorAll('*')].some((bar) => {
      const style = getComputedStyle(bar);
      if (!/fixed|sticky/.test(style.position) || style.visibility === 'hidden' || style.opacity === '0' || bar.contains(el)) return false;
      const b = bar.getBoundingClientRect();
      return b.width && b.left < r.right && b.right > r.left && b.top < r.bottom && b.bottom > r.top;
    });
    return r.top >= -1 && r.bottom <= innerHeight && !covered;
  };
  await page.waitForFunction(inSight, null, { timeout: 5000 }).catch(() => {});
  const landed = await page.evaluate((inSight) => {
    const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    return {
      path: decodeURIComponent(location.pathname),
      tag: el?.tagName,
      text: el?.textContent.trim(),
      visible: new Function(`return (${inSight})()`)(),
    };
  }, inSight.toString());
  assert.deepEqual(landed, { path: postPath(canary), tag: 'H2', text: heading, visible: true });
  await page.screenshot({ path: join(shots, `${name}-landed.png`) });

  // Every title, tag, category and heading, and the furniture's words.
  const words = new Set(posts.flatMap((p) => [p.title, ...p.tags, ...p.categories, ...p.sections.map((s) => s[0])]));
  const queries = [...words, furniture.menu, footer, '灰度发布'];
  const found = await page.evaluate(async ({ index, queries }) => {
    const engine = await window.xun.open({ index });
    const out = {};
    for (const q of queries) {
      const res = await engine.search(q, { limit: 50 });
      out[q] = res.hits.map((h) => ({ page: decodeURIComponent(new URL(h.page_url, location.href).pathname), title: h.title, heading: h.heading, excerpt: h.excerpt, partial: h.partial }));
    }
    return out;
  }, { index: `${root}search/`, queries });

  const postPaths = new Set(posts.map(postPath));
  const text = (html) => html.replace(/<\/?mark>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const [q, hits] of Object.entries(found)) {
    for (const hit of hits) {
      // Posts only: no home, tag, category, archive or paginated page.
      assert.ok(postPaths.has(hit.page), `${name}: "${q}" found ${hit.page}, which is not a post`);
      for (const word of [furniture.menu, footer]) {
        assert.ok(!text(hit.excerpt).includes(word), `${name}: "${q}": excerpt with "${word}": ${hit.excerpt}`);
      }
    }
  }
  // Each post is found by its title, which is the post's own: not the
  // head's `标题 | 站点`.
  for (const p of posts) {
    const own = found[p.title].filter((h) => h.page === postPath(p) && !h.partial);
    assert.ok(own.length, `${name}: ${p.title} not found`);
    assert.deepEqual([...new Set(own.map((h) => h.title))], [p.title], `${name}: the title of ${postPath(p)}`);
  }
  // A heading's words are found in its own section, not in a table of
  // contents at the top of the post (where they would all meet).
  for (const p of posts) {
    for (const [h] of p.sections) {
      const whole = found[h].filter((hit) => !hit.partial);
      assert.ok(whole.some((hit) => hit.page === postPath(p) && hit.heading === h), `${name}: section ${h} not found`);
      assert.deepEqual(whole.filter((hit) => hit.heading !== h), [], `${name}: ${h} found outside its section`);
    }
  }
  // The menu and the footer are on every page, and in no result; nor are
  // tags and categories that no post's text has (so only its tag list,
  // its byline or a sidebar could give them).
  const postText = posts.map((p) => [p.title, body(p)].join(' ').toLowerCase()).join(' ');
  const onlyAround = [...new Set(posts.flatMap((p) => [...p.tags, ...p.categories]))].filter((w) => !postText.includes(w.toLowerCase()));
  assert.ok(onlyAround.length >= 2, onlyAround);
  for (const word of [furniture.menu, footer, ...onlyAround]) {
    assert.deepEqual(found[word].filter((h) => !h.partial), [], `${name}: "${word}" was indexed`);
  }
  assert.deepEqual(errors.filter((e) => !themeErrors.test(e)), []);
}

/** A site's own node_modules with the packed xun-build-index (and hexo-xun,
 * with `extra`): what `npm install --save-dev xun-build-index` gives. */
function npmInstall(site, packages, extra = {}) {
  writeFileSync(join(site, 'package.json'), JSON.stringify({ name: 'blog', private: true, ...extra }, null, 2));
  installPacked(site, packages);
}

test('Hugo: hugo, then npx build-index public --out public/search/', async (t) => {
  const version = toolVersion('hugo', ['version']);
  if (!version) return missingTool(t, 'hugo', 'apt-get install hugo');
  const site = tempDir('xun-hugo-');
  cpSync(join(repo, 'tests/e2e/sites/hugo'), site, { recursive: true });
  // docs/hugo.md: copy the partial in; the theme's head calls it.
  cpSync(join(repo, 'hugo/layouts/partials/xun.html'), join(site, 'layouts/partials/xun.html'));
  mkdirSync(join(site, 'content/posts'), { recursive: true });
  for (const p of posts) {
    const front = yaml({ title: p.title, date: p.date, slug: p.slug, tags: p.tags, categories: p.categories });
    writeFileSync(join(site, 'content/posts', `${p.slug}.md`), `${front}\n${body(p)}`);
  }
  npmInstall(site, packed().cli);
  run('hugo', [], site);
  const out = run('npx', ['build-index', 'public', '--out', 'public/search/'], site);
  assert.match(out, /indexed 3 posts/);
  const server = await serve(join(site, 'public'));
  cleanup.push(() => server.close());
  await checkSearch('hugo', { server, root: '/', postPath: (p) => `/posts/${p.slug}/`, footer: furniture.footer });
});

test('Hexo: npm install hexo-xun, then npx hexo generate', async (t) => {
  const site = tempDir('xun-hexo-');
  // The blog's package.json, as `hexo init` writes it (the versions this
  // repository pins), plus hexo-xun.
  if (!hexoBlog(t, site)) return;
  const out = run('npx', ['hexo', 'generate'], site);
  assert.match(out, /xun: indexed 3 posts/, out);
  // Served under /blog/, its root.
  const srv = tempDir('xun-hexo-srv-');
  symlinkSync(join(site, 'public'), join(srv, 'blog'));
  const server = await serve(srv);
  cleanup.push(() => server.close());
  const tag = readFileSync(join(site, 'public/index.html'), 'utf8').match(/<script src="\/blog\/search\/xun\.js"[^>]*>/);
  assert.ok(tag && tag[0].includes('data-placeholder="搜索本站"'), `no script tag with _config.yml's options: ${tag}`);
  await checkSearch('hexo', {
    server, root: '/blog/', footer: '示例作者',
    postPath: (p) => `/blog/${p.date.replaceAll('-', '/')}/${p.slug}/`,
  });

  // A blog with no posts yet builds, without search, and says so.
  rmSync(join(site, 'source/_posts'), { recursive: true });
  run('npx', ['hexo', 'clean'], site);
  const empty = spawnSync('npx', ['hexo', 'generate'], { cwd: site, encoding: 'utf8' });
  const said = empty.stdout + empty.stderr;
  assert.equal(empty.status, 0, said);
  assert.match(said, /xun: no posts to index yet/, said);
  // (Hexo writes no home page for no posts; its stylesheet, though.)
  assert.ok(existsSync(join(site, 'public')), 'the blog was built');
  assert.ok(!existsSync(join(site, 'public/search/meta.xun')), 'and no index');

  // A mistake in _config.yml's xun: section fails the build, and says where.
  writeFileSync(join(site, '_config.yml'), readFileSync(join(site, '_config.yml'), 'utf8') + '  selecter: main\n');
  assert.throws(() => run('npx', ['hexo', 'generate'], site), (e) => /xun\.selecter: not an option of hexo-xun/.test(e.stdout + e.stderr));
});

/** A Hexo blog of `posts` in `site`, with hexo-xun and the Hexo packages
 * this repository pins (themes among them), as `hexo init` would make it. */
function hexoBlog(t, site) {
  cpSync(join(repo, 'tests/e2e/sites/hexo'), site, { recursive: true });
  const pinned = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).devDependencies;
  const hexoDeps = Object.fromEntries(Object.entries(pinned).filter(([name]) => name.startsWith('hexo')));
  try {
    npmInstall(site, [...packed().cli, packed().hexo], { hexo: { version: pinned.hexo }, dependencies: hexoDeps });
  } catch (e) {
    missingTool(t, 'hexo', `npm install of hexo ${pinned.hexo} failed: ${e.message}`);
    return false;
  }
  mkdirSync(join(site, 'source/_posts'), { recursive: true });
  for (const p of posts) {
    const front = yaml({ title: p.title, date: `${p.date} 12:00:00`, tags: p.tags, categories: p.categories });
    writeFileSync(join(site, 'source/_posts', `${p.slug}.md`), `${front}\n${body(p)}`);
  }
  return true;
}

// The themes Chinese Hexo blogs use most, from npm, untouched: each puts
// the title, byline, tags, license and links to the next post somewhere
// else (in the <article>, above it, with no <article> at all). Each must
// give the index landscape gives: every check of checkSearch, and the
// posts' own tags and categories as filters, with nothing from a sidebar.
test('Hexo themes: Butterfly, NexT, Fluid, Redefine and Keep, as they come', async (t) => {
  const site = tempDir('xun-hexo-themes-');
  if (!hexoBlog(t, site)) return;
  const config = readFileSync(join(site, '_config.yml'), 'utf8');
  const count = (key) => {
    const n = {};
    for (const p of posts) for (const v of p[key]) n[v] = (n[v] || 0) + 1;
    return n;
  };
  const expected = { categories: count('categories'), tags: count('tags') };
  const srv = tempDir('xun-hexo-themes-srv-');
  symlinkSync(join(site, 'public'), join(srv, 'blog'));
  const server = await serve(srv);
  cleanup.push(() => server.close());
  for (const theme of ['butterfly', 'next', 'fluid', 'redefine', 'keep']) {
    await t.test(theme, async () => {
      writeFileSync(join(site, '_config.yml'), config.replace(/^theme: .*$/m, `theme: ${theme}`));
      run('npx', ['hexo', 'clean'], site);
      const out = run('npx', ['hexo', 'generate'], site);
      assert.match(out, /xun: indexed 3 posts/, out);
      await checkSearch(`hexo-${theme}`, {
        server, root: '/blog/', footer: '示例作者',
        postPath: (p) => `/blog/${p.date.replaceAll('-', '/')}/${p.slug}/`,
        // Fluid loads jQuery and NProgress from jsDelivr.
        themeErrors: /^(jQuery|NProgress) is not defined$/,
      });
      const { page, ctx } = await browser();
      cleanup.push(() => ctx.close());
      await page.goto(`${server.url}/blog/`);
      const filters = await page.evaluate(async () => (await window.xun.open({ index: '/blog/search/' })).filters());
      assert.deepEqual(filters, expected, `${theme}: the filters`);
      // On a post, the search button is in sight, on top, and over no text
      // of the theme's (Butterfly's header once put it over the blog's
      // name). Not for Fluid, whose layout needs Bootstrap from jsDelivr.
      if (theme === 'fluid') return;
      await page.goto(server.url + `/blog/${posts[0].date.replaceAll('-', '/')}/${posts[0].slug}/`);
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 720 });
        const button = await page.evaluate(async () => {
          const host = document.querySelector('.xun-button-host');
          const rect = () => host.shadowRoot.querySelector('button').getBoundingClientRect();
          // Once the theme's header has slid in (Butterfly animates it)
          // and any loading screen has gone.
          let b = rect();
          for (let i = 0; i < 40; i++) {
            await new Promise((r) => setTimeout(r, 150));
            const now = rect();
            const onTop = document.elementFromPoint(now.left + now.width / 2, now.top + now.height / 2) === host;
            if (now.top === b.top && now.left === b.left && now.width === b.width && onTop) break;
            b = now;
          }
          const center = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
          const under = [...document.body.querySelectorAll('*')].filter((e) => {
            if (e.children.length || !e.textContent.trim() || host.contains(e) || e.contains(host)) return false;
            const r = e.getBoundingClientRect();
            const style = getComputedStyle(e);
            return r.width && style.visibility !== 'hidden' && style.opacity !== '0'
              && r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top;
          }).map((e) => e.textContent.trim());
          return {
            inSight: b.width > 0 && b.left >= 0 && b.right <= innerWidth && b.top >= 0 && b.bottom <= innerHeight,
            onTop: center === host, under,
          };
        });
        await page.screenshot({ path: join(shots, `hexo-${theme}-button-${width}.png`) });
        assert.deepEqual(button, { inSight: true, onTop: true, under: [] }, `${theme} at ${width}px: the search button`);
      }
    });
  }
});

test('Jekyll: jekyll build, then npx build-index _site --out _site/search/', async (t) => {
  const version = toolVersion('jekyll', ['--version']);
  if (!version) return missingTool(t, 'jekyll', 'apt-get install jekyll jekyll-theme-minima ruby-jekyll-archives ruby-jekyll-toc');
  const minima = toolVersion('ruby', ['-e', 'print Gem::Specification.find_by_name("minima").gem_dir']);
  if (!minima) return missingTool(t, 'the minima theme', 'apt-get install jekyll-theme-minima');
  const site = tempDir('xun-jekyll-');
  cpSync(join(repo, 'tests/e2e/sites/jekyll'), site, { recursive: true });
  // docs/jekyll.md: the include, and one line in a copy of the theme's head.
  mkdirSync(join(site, '_includes'));
  cpSync(join(repo, 'jekyll/_includes/xun.html'), join(site, '_includes/xun.html'));
  const head = readFileSync(join(minima, '_includes/head.html'), 'utf8');
  assert.ok(head.includes('</head>'));
  writeFileSync(join(site, '_includes/head.html'), head.replace('</head>', '  {%- include xun.html -%}\n</head>'));
  mkdirSync(join(site, '_posts'));
  for (const p of posts) {
    const front = yaml({ layout: 'post', title: p.title, tags: p.tags, categories: p.categories });
    writeFileSync(join(site, '_posts', `${p.date}-${p.slug}.md`), `${front}\n${body(p)}`);
  }
  npmInstall(site, packed().cli);
  run('jekyll', ['build'], site);
  const out = run('npx', ['build-index', '_site', '--out', '_site/search/'], site);
  assert.match(out, /indexed 3 posts/);
  const server = await serve(join(site, '_site'));
  cleanup.push(() => server.close());
  await checkSearch('jekyll', {
    server, root: '/', footer: furniture.footer,
    postPath: (p) => `/${p.categories[0]}/${p.date.replaceAll('-', '/')}/${p.slug}.html`,
  });
});
