/*! xun (寻) — client-side search for Chinese blogs. https://example.invalid/xun
 *
 * A classic script (no modules, no build step) so that any blog can load it
 * with <script src>. It defines window.xun:
 *
 *   const engine = await xun.open({ index: "/search/" });
 *   const res = await engine.search("灰度发布", { limit: 20, offset: 0, group: "section" });
 *   // { query, terms, partial, total, hits: [{ url, page_url, title, heading,
 *   //   excerpt, score, date, tags, sections? }] }
 *
 * The wasm runtime (xun_wasm.js and xun_wasm_bg.wasm) is loaded from the
 * directory this script was loaded from. Index files are fetched on demand:
 * meta.xun at open; dictionary partitions, postings shards and text chunks
 * per query.
 */
(function () {
  'use strict';

  var VERSION = '0.1.0';
  var script = document.currentScript;
  var assetBase = new URL('.', (script && script.src) || location.href);
  var runtime = null;

  function XunError(message, cause) {
    var e = new Error('xun: ' + message);
    e.name = 'XunError';
    if (cause) e.cause = cause;
    return e;
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = url;
      s.async = true;
      s.onload = resolve;
      s.onerror = function () { reject(XunError('could not load ' + url)); };
      document.head.appendChild(s);
    });
  }

  /** Loads and instantiates the wasm once per page. */
  function loadRuntime() {
    if (!runtime) {
      runtime = (async function () {
        // The glue declares the global `__xun_wasm` (a top-level let).
        if (typeof __xun_wasm === 'undefined') {
          await loadScript(new URL('xun_wasm.js', assetBase).href);
        }
        /* global __xun_wasm */
        await __xun_wasm({ module_or_path: new URL('xun_wasm_bg.wasm', assetBase) });
        return __xun_wasm;
      })();
      runtime.catch(function () { runtime = null; });
    }
    return runtime;
  }

  async function fetchBytes(url, init) {
    var response;
    try {
      response = await fetch(url, init);
    } catch (e) {
      throw XunError('could not fetch ' + url, e);
    }
    if (!response.ok) throw XunError(url + ': HTTP ' + response.status);
    return new Uint8Array(await response.arrayBuffer());
  }

  function Engine(core, base) {
    this._core = core;
    this._base = base;
    this._files = new Map();
  }

  /** Fetches an index file once and hands it to the wasm. */
  Engine.prototype._load = function (name) {
    var self = this;
    var pending = this._files.get(name);
    if (!pending) {
      var url = new URL(name, this._base);
      var add = function (bytes) { self._core.addFile(name, bytes); };
      // A file that fails its checks may be a stale copy from the HTTP
      // cache of an earlier build: fetch it once more past the cache.
      pending = fetchBytes(url).then(add).catch(function () {
        return fetchBytes(url, { cache: 'reload' }).then(add);
      });
      pending.catch(function () { self._files.delete(name); });
      this._files.set(name, pending);
    }
    return pending;
  };

  /**
   * Searches the index. options: limit (default 20), offset (hits to skip,
   * default 0), group ("section" or "page"), sectionsPerPage (default 3,
   * with group "page").
   */
  Engine.prototype.search = async function (query, options) {
    options = options || {};
    var limit = options.limit == null ? 20 : Number(options.limit);
    var offset = options.offset == null ? 0 : Number(options.offset);
    var group = options.group || 'section';
    if (group !== 'section' && group !== 'page') {
      throw new TypeError('xun: group must be "section" or "page"');
    }
    var perPage = options.sectionsPerPage == null ? 3 : Number(options.sectionsPerPage);
    // Calls may ask in turn for dictionary partitions, postings shards and
    // text chunks; the fourth answers.
    for (var round = 0; round < 5; round++) {
      var result = this._core.search(String(query), limit, offset, group === 'page', perPage);
      if (!result.need) return result;
      await Promise.all(result.need.map(this._load, this));
    }
    throw XunError('index files are still missing after loading them');
  };

  Object.defineProperty(Engine.prototype, 'stats', {
    get: function () { return { pages: this._core.pages, sections: this._core.sections }; }
  });

  /** Opens the index whose files are under options.index (a URL). */
  async function open(options) {
    if (!options || !options.index) throw new TypeError('xun.open: options.index is required');
    var base = new URL(options.index, location.href);
    if (!/\/$/.test(base.pathname)) base.pathname += '/';
    // The manifest is revalidated so a rebuilt index is seen at once; the
    // other files are checked against it.
    var loaded = await Promise.all([
      loadRuntime(),
      fetchBytes(new URL('meta.xun', base), { cache: 'no-cache' })
    ]);
    var core;
    try {
      core = new loaded[0].Engine(loaded[1]);
    } catch (e) {
      throw XunError('cannot open the index at ' + base.href + ': ' + e.message, e);
    }
    return new Engine(core, base);
  }

  window.xun = { open: open, version: VERSION };
})();
