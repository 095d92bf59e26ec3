// The `xun:` section of a Hexo blog's _config.yml, checked, and what it
// turns into: build-index's arguments and the script tag.
'use strict';

const DEFAULTS = {
  enable: true,
  // Under public_dir: where the index and the runtime go, and the URL path
  // they are served at (under `root`).
  out: 'search',
  // build-index's options (see `npx build-index --help`).
  selector: null,
  exclude: [],
  synonyms: null,
  offline: false,
  args: [],
  // The script tag: false leaves it out (add it to the theme yourself).
  inject: true,
  // The widget's options, as data-* attributes of the script tag.
  target: null,
  placeholder: null,
  lang: null,
  hotkey: null,
  results: null,
};

/** A mistake in _config.yml's `xun:` section. */
class XunConfigError extends Error {
  constructor(message) {
    super(`_config.yml: xun.${message}`);
    this.name = 'XunConfigError';
  }
}

const KINDS = {
  enable: 'boolean', out: 'string', selector: 'string', exclude: 'list', synonyms: 'string',
  offline: 'boolean', args: 'list', inject: 'boolean', target: 'string', placeholder: 'string',
  lang: 'string', hotkey: 'string', results: 'number',
};

/** `xun:` merged over the defaults; unknown keys and wrong types throw. */
function read(section) {
  if (section == null) return { ...DEFAULTS };
  if (typeof section !== 'object' || Array.isArray(section)) {
    throw new XunConfigError(`: expected a mapping of options, found ${JSON.stringify(section)}`);
  }
  const options = { ...DEFAULTS };
  for (const [key, value] of Object.entries(section)) {
    const kind = KINDS[key];
    if (!kind) {
      throw new XunConfigError(`${key}: not an option of hexo-xun; the options are ${Object.keys(KINDS).join(', ')}`);
    }
    if (value == null) continue;
    const list = kind === 'list';
    const ok = list ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === kind;
    if (!ok) {
      throw new XunConfigError(`${key}: expected ${list ? 'a list of strings' : `a ${kind}`}, found ${JSON.stringify(value)}`);
    }
    options[key] = value;
  }
  const out = options.out.replace(/^\/+|\/+$/g, '');
  if (!out || out.split('/').some((part) => part === '..' || part === '.')) {
    throw new XunConfigError(`out: ${JSON.stringify(options.out)} must be a folder inside public_dir, such as "search"`);
  }
  options.out = out;
  return options;
}

/** The site's root URL path, as build-index's --base-url wants it. */
function baseUrl(root) {
  const path = `/${root || '/'}/`.replace(/\/{2,}/g, '/');
  return path;
}

/** build-index's arguments for `options` on a site whose pages are in
 * `publicDir`, served under `root`. */
function buildArgs(options, { publicDir, root, baseDir, join }) {
  const args = [publicDir, '--out', join(publicDir, options.out), '--base-url', baseUrl(root)];
  if (options.selector) args.push('--selector', options.selector);
  for (const css of options.exclude) args.push('--exclude', css);
  if (options.synonyms) args.push('--synonyms', join(baseDir, options.synonyms));
  if (options.offline) args.push('--offline');
  return args.concat(options.args);
}

const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Where the search button goes in a theme whose own layout misleads the
 * widget's guess (the page's first <nav> or <header>): Butterfly's and
 * AnZhiYu's full-screen <header> would put it over the blog's name. */
const THEME_TARGETS = { butterfly: '#menus', anzhiyu: '#nav-right' };

/** The script tag every page gets; `theme` is _config.yml's. */
function scriptTag(options, root, theme) {
  const dir = `${baseUrl(root)}${options.out}/`;
  let tag = `<script src="${escapeAttr(dir)}xun.js" data-index="${escapeAttr(dir)}"`;
  const data = { ...options, target: options.target ?? THEME_TARGETS[theme] ?? null };
  for (const key of ['target', 'placeholder', 'lang', 'hotkey', 'results']) {
    if (data[key] != null) tag += ` data-${key}="${escapeAttr(data[key])}"`;
  }
  return `${tag} defer></script>`;
}

module.exports = { DEFAULTS, THEME_TARGETS, read, buildArgs, scriptTag, baseUrl, XunConfigError };
