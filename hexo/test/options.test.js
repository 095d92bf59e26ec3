// hexo-xun's options: _config.yml's `xun:` section, build-index's
// arguments and the script tag. (The plugin inside a real Hexo run is
// tested by tests/e2e/generators.test.mjs.)
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { join } = require('node:path').posix;
const { read, buildArgs, scriptTag, XunConfigError } = require('../lib/options');

const site = { publicDir: '/blog/public', root: '/', baseDir: '/blog', join };

test('without a xun: section, the defaults: public/search/ and the tag', () => {
  const options = read(undefined);
  assert.deepEqual(buildArgs(options, site), ['/blog/public', '--out', '/blog/public/search', '--base-url', '/']);
  assert.equal(scriptTag(options, '/'), '<script src="/search/xun.js" data-index="/search/" defer></script>');
});

test('every option becomes its flag or attribute; root becomes --base-url', () => {
  const options = read({
    out: '/find/', selector: 'article .body', exclude: ['.toc', '.share'], synonyms: 'synonyms.conf',
    offline: true, args: ['--verbose'], placeholder: '搜索 "全站"', lang: 'en', hotkey: 'j', results: 5, target: '#box',
  });
  assert.deepEqual(buildArgs(options, { ...site, root: '/blog' }), [
    '/blog/public', '--out', '/blog/public/find', '--base-url', '/blog/', '--selector', 'article .body',
    '--exclude', '.toc', '--exclude', '.share', '--synonyms', '/blog/synonyms.conf', '--offline', '--verbose',
  ]);
  assert.equal(scriptTag(options, '/blog/'),
    '<script src="/blog/find/xun.js" data-index="/blog/find/" data-target="#box" data-placeholder="搜索 &quot;全站&quot;"'
    + ' data-lang="en" data-hotkey="j" data-results="5" defer></script>');
});

test('a theme that needs it gets its place for the button, unless xun.target says', () => {
  assert.equal(scriptTag(read(undefined), '/', 'butterfly'),
    '<script src="/search/xun.js" data-index="/search/" data-target="#menus" defer></script>');
  assert.equal(scriptTag(read({ target: '#mine' }), '/', 'butterfly'),
    '<script src="/search/xun.js" data-index="/search/" data-target="#mine" defer></script>');
  assert.equal(scriptTag(read(undefined), '/', 'landscape'), '<script src="/search/xun.js" data-index="/search/" defer></script>');
});

test('mistakes name the key and what it should be', () => {
  const message = (section) => {
    try {
      read(section);
    } catch (e) {
      assert.ok(e instanceof XunConfigError);
      return e.message;
    }
    assert.fail('no error');
  };
  assert.match(message({ selecter: 'main' }), /^_config\.yml: xun\.selecter: not an option of hexo-xun; the options are enable, out,/);
  assert.equal(message({ exclude: '.toc' }), '_config.yml: xun.exclude: expected a list of strings, found ".toc"');
  assert.equal(message({ offline: 'yes' }), '_config.yml: xun.offline: expected a boolean, found "yes"');
  assert.match(message({ out: '../elsewhere' }), /xun\.out: "\.\.\/elsewhere" must be a folder inside public_dir/);
  assert.match(message(['search']), /expected a mapping of options/);
  // An empty key (`selector:` with nothing after it) is no mistake.
  assert.equal(read({ selector: null }).selector, null);
});
