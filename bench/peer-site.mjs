// The demo blog with three search engines installed side by side, as a
// blogger would set each up (see bench/peers.mjs for the choices): xun
// (www/search), Pagefind 1.6 (pagefind/) over the rendered posts, and
// MiniSearch (minisearch.js + sections.json, every section's text, which
// the page indexes with Intl.Segmenter). Used by peers.mjs and network.mjs.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadReader, repo } from './relevance.mjs';

/** Builds the site into `dir` (emptied first) from www/ (after
 * scripts/build.sh); `search` replaces www/search, e.g. another build's. */
export function peerSite(dir, { search = join(repo, 'www/search') } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(repo, 'www/posts'), join(dir, 'posts'), { recursive: true });
  for (const f of readdirSync(join(dir, 'posts'))) {
    const page = join(dir, 'posts', f, 'index.html');
    writeFileSync(page, readFileSync(page, 'utf8').replace('<article>', '<article data-pagefind-body>'));
  }
  cpSync(search, join(dir, 'search'), { recursive: true });
  cpSync(join(repo, 'www/demo.css'), join(dir, 'demo.css'));
  execFileSync(join(repo, 'node_modules/.bin/pagefind'), ['--site', dir, '--output-subdir', 'pagefind', '--quiet']);
  const { queries, sections } = loadReader();
  cpSync(join(repo, 'node_modules/minisearch/dist/umd/index.js'), join(dir, 'minisearch.js'));
  writeFileSync(join(dir, 'sections.json'), JSON.stringify(sections.map(({ url, title, heading, text }) => ({ url, title, heading, text }))));
  return { queries };
}
