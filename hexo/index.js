/* global hexo */
// hexo-xun: xun search for a Hexo blog.
//
// - Every page gets xun's script tag, through Hexo's injector.
// - After `hexo generate` has written public/, build-index indexes it into
//   public/search/ (with `hexo generate --deploy` and `hexo deploy
//   --generate`, before deploying).
//
// Hexo has no hook after its files are written (`after_generate` runs
// before), so the `generate` command is wrapped: the original runs, then
// build-index. Options are the `xun:` section of _config.yml (lib/options.js).
'use strict';

const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const { binaryPath } = require('xun-build-index');
const { read, buildArgs, scriptTag } = require('./lib/options');

// build-index's exit status when it found no posts (it wrote nothing).
const NO_POSTS = 3;

// A mistake in _config.yml fails `hexo generate` (a plugin that throws
// while loading is only logged, and the blog would go out without search).
let options;
let mistake = null;
try {
  options = read(hexo.config.xun);
} catch (e) {
  mistake = e;
  options = { enable: true, inject: false };
}

if (options.enable) {
  if (options.inject) {
    hexo.extend.injector.register('head_end', () => scriptTag(options, hexo.config.root, hexo.config.theme));
  }

  const generate = hexo.extend.console.get('generate');
  hexo.extend.console.register('generate', generate.desc, generate.options, function (args) {
    if (mistake) return Promise.reject(mistake);
    const deploy = args.d || args.deploy;
    return generate.call(this, { ...args, d: false, deploy: false })
      .then(() => index(this))
      .then(() => (deploy ? this.call('deploy', { ...args, g: false, generate: false }) : undefined));
  });
}

/** Runs build-index on public/; its summary goes to Hexo's log, and a
 * failure fails the command, but for a blog with no posts yet (exit
 * status 3), which is built without search, as Hexo builds it. */
function index(ctx) {
  const args = buildArgs(options, {
    publicDir: ctx.public_dir.replace(/[/\\]+$/, ''), root: ctx.config.root, baseDir: ctx.base_dir, join,
  });
  ctx.log.info('xun: build-index %s', args.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' '));
  const result = spawnSync(binaryPath(), args, { cwd: ctx.base_dir, encoding: 'utf8' });
  if (result.error) throw result.error;
  for (const line of (result.stdout || '').split('\n').filter(Boolean)) ctx.log.info('xun: %s', line);
  const errors = (result.stderr || '').split('\n').filter(Boolean);
  if (result.status === NO_POSTS) {
    ctx.log.warn('xun: no posts to index yet, so the blog has no search until it has one');
    for (const line of errors) ctx.log.warn('xun: %s', line);
    return;
  }
  if (result.status !== 0) {
    throw new Error(`xun: build-index failed (exit ${result.status ?? result.signal}): ${errors.join('\n') || 'no message'}`);
  }
  for (const line of errors) ctx.log.warn('xun: %s', line);
}
