/*! xun (寻): client-side search for Chinese blogs.
 *
 * One classic script, three roles:
 *  - the API: window.xun.open({ index }) → engine; engine.search(q, opts)
 *  - the widget: <script src="/search/xun.js" data-index="/search/" defer>
 *    adds a search button and a modal (see README.md for the options)
 *  - the search worker: loaded again as a Web Worker, it runs the wasm off
 *    the page's main thread so typing never waits for a search.
 *
 * The wasm (xun_wasm.js, xun_wasm_bg.wasm) and xun.css are loaded from this
 * script's directory; the index files from options.index. Nothing is
 * fetched before a reader shows intent (focus, hover, hotkey, ?q=).
 */
(function () {
  'use strict';

  var VERSION = '0.3.0';
  var page = typeof document !== 'undefined';

  function XunError(message, cause) {
    var e = new Error('xun: ' + message);
    e.name = 'XunError';
    if (cause) {
      e.cause = cause;
      // The index error's kind ("mismatch", "corrupt"…), when it has one.
      if (cause.code) e.code = cause.code;
    }
    return e;
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

  function base64Bytes(text) {
    var bin = atob(text);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  /* ---- The engine core: wherever the wasm runs (worker or page). ---- */

  // The manifest, revalidated so that a rebuilt index is seen at once; the
  // other files carry its build id and are checked against it.
  function fetchMeta(base) {
    return fetchBytes(new URL('meta.xun', base), { cache: 'no-cache' });
  }

  // Opens an index: `wasm` is the initialised wasm-bindgen module; `base`
  // the index URL, or null with `pack` (xun.pack bytes) for offline pages;
  // `meta`, the manifest's bytes if they are already on their way.
  async function openCore(wasm, base, pack, meta) {
    var core, files;
    var stats = {};
    async function reopen() {
      var bytes = meta || (pack ? null : fetchMeta(base));
      meta = null;
      bytes = await bytes;
      core = pack ? wasm.Engine.fromBundle(pack) : new wasm.Engine(bytes);
      files = new Map();
      stats.pages = core.pages;
      stats.sections = core.sections;
    }
    await reopen();
    function load(name) {
      var pending = files.get(name);
      if (!pending) {
        var url = new URL(name, base);
        // Checked against the manifest of the search that asked for it.
        var into = core, cache = files;
        var add = function (bytes) { into.addFile(name, bytes); };
        // A file that fails its checks may be a stale copy from the HTTP
        // cache of an earlier build: fetch it once more past the cache.
        pending = fetchBytes(url).then(add).catch(function () {
          return fetchBytes(url, { cache: 'reload' }).then(add);
        });
        pending.catch(function () { cache.delete(name); });
        files.set(name, pending);
      }
      return pending;
    }
    async function run(query, o) {
      // Calls may ask in turn for dictionary buckets, postings shards
      // (twice, for prefix expansions) and record buckets; then they
      // answer. A query that was replaced (o.signal aborted) stops asking:
      // fetches already on their way are kept, a later query may use them.
      for (var round = 0; round < 6; round++) {
        var result;
        if (o.signal && o.signal.aborted) throw abortError(o.signal);
        try {
          result = core.search(query, o.limit, o.offset, o.group === 'page', o.sectionsPerPage);
        } catch (e) {
          // No index file can stop the wasm any more, but if it ever
          // traps, the next search gets a fresh instance.
          if (e instanceof WebAssembly.RuntimeError) await reopen();
          throw XunError(e.message, e);
        }
        if (!result.need) return result;
        if (!base) throw XunError('the offline index lacks ' + result.need.join(', '));
        await Promise.all(result.need.map(load));
      }
      throw XunError('index files are still missing after loading them');
    }
    return {
      stats: stats,
      search: async function (query, o) {
        var opened = core;
        try {
          return await run(query, o);
        } catch (e) {
          // The site was deployed while this page was open: the server's
          // files belong to a newer build than our manifest. Open the new
          // manifest, once, and search again. A search never mixes builds:
          // each file is checked against the manifest it is added to.
          var code = e.code || (e.cause && e.cause.code);
          if (!base || code !== 'mismatch') throw e.name === 'XunError' ? e : XunError(e.message, e);
          if (core === opened) await reopen();
          return run(query, o);
        }
      }
    };
  }

  function searchOptions(options) {
    options = options || {};
    var group = options.group || 'section';
    if (group !== 'section' && group !== 'page') throw new TypeError('xun: group must be "section" or "page"');
    var num = function (v, d) { return v == null ? d : Number(v); };
    return { limit: num(options.limit, 20), offset: num(options.offset, 0), group: group, sectionsPerPage: num(options.sectionsPerPage, 3), signal: options.signal };
  }

  // What a replaced search rejects with: the signal's reason, as fetch does.
  function abortError(signal) {
    if (signal.reason instanceof Error) return signal.reason;
    var e = new Error('xun: the search was replaced');
    e.name = 'AbortError';
    return e;
  }

  /* ---- Worker role. ---- */

  if (!page) {
    var coreReady = null;
    var searches = new Map(); // search id → its AbortController
    self.onmessage = async function (event) {
      var m = event.data;
      try {
        if (m.op === 'open') {
          coreReady = (async function () {
            // The module and the manifest are on their way while the glue
            // loads: getting ready is one round trip.
            var index = new URL(m.index);
            var module = fetch(new URL('xun_wasm_bg.wasm', self.location.href));
            var meta = fetchMeta(index);
            meta.catch(function () {});
            importScripts('xun_wasm.js');
            /* global __xun_wasm */
            await __xun_wasm({ module_or_path: module });
            return openCore(__xun_wasm, index, null, meta);
          })();
          self.postMessage({ id: m.id, result: (await coreReady).stats });
        } else {
          if (m.op === 'cancel') {
            var replaced = searches.get(m.search);
            if (replaced) replaced.abort();
            return;
          }
          var controller = new AbortController();
          searches.set(m.id, controller);
          m.options.signal = controller.signal;
          try {
            self.postMessage({ id: m.id, result: await (await coreReady).search(m.query, m.options) });
          } finally {
            searches.delete(m.id);
          }
        }
      } catch (e) {
        self.postMessage({ id: m.id, error: String(e && e.message || e), code: e && (e.code || (e.name === 'AbortError' ? 'aborted' : undefined)) });
      }
    };
    return;
  }

  /* ---- Page role: the API. ---- */

  var script = document.currentScript;
  var assetBase = new URL('.', (script && script.src) || location.href);
  var runtime = null;

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = url;
      s.onload = resolve;
      s.onerror = function () { reject(XunError('could not load ' + url)); };
      document.head.appendChild(s);
    });
  }

  // The wasm in this page: from inlined data on offline pages. The module
  // is fetched while the glue loads.
  function pageRuntime() {
    if (!runtime) {
      runtime = (async function () {
        var offline = self.XUN_OFFLINE;
        var module = offline && offline.wasm ? null : fetch(new URL('xun_wasm_bg.wasm', assetBase));
        if (module) module.catch(function () {});
        if (typeof __xun_wasm === 'undefined') await loadScript(new URL('xun_wasm.js', assetBase).href);
        if (offline && offline.wasm) __xun_wasm.initSync({ module: base64Bytes(offline.wasm) });
        else await __xun_wasm({ module_or_path: module });
        return __xun_wasm;
      })();
      runtime.catch(function () { runtime = null; });
    }
    return runtime;
  }

  function Engine(backend, stats, search) {
    this.backend = backend;
    this.stats = stats;
    this._search = search;
  }

  /** Searches; options: limit, offset, group ("section" | "page"), sectionsPerPage. */
  Engine.prototype.search = function (query, options) {
    return this._search(String(query), searchOptions(options));
  };

  // Runs the search in a Web Worker; rejects if the worker cannot start
  // (file: pages, some CSPs), and the caller falls back to the page.
  function workerEngine(base) {
    return new Promise(function (resolve, reject) {
      var worker;
      try {
        worker = new Worker((script && script.src) || new URL('xun.js', assetBase));
      } catch (e) {
        reject(e);
        return;
      }
      var next = 0;
      var waiting = new Map();
      var call = function (message) {
        return new Promise(function (ok, fail) {
          message.id = ++next;
          waiting.set(message.id, { ok: ok, fail: fail });
          worker.postMessage(message);
        });
      };
      worker.onmessage = function (event) {
        var reply = event.data;
        var w = waiting.get(reply.id);
        if (!w) return;
        waiting.delete(reply.id);
        if (reply.error) w.fail(XunError(reply.error.replace(/^xun: /, ''), reply.code ? { code: reply.code } : undefined));
        else w.ok(reply.result);
      };
      worker.onerror = function (event) {
        event.preventDefault();
        var failure = XunError('the search worker failed');
        reject(failure);
        waiting.forEach(function (w) { w.fail(failure); });
        waiting.clear();
        worker.terminate();
      };
      call({ op: 'open', index: base.href }).then(function (stats) {
        resolve(new Engine('worker', stats, function (query, options) {
          // A signal cannot cross to the worker: its abort is sent instead.
          var signal = options.signal;
          delete options.signal;
          if (signal && signal.aborted) return Promise.reject(abortError(signal));
          var message = { op: 'search', query: query, options: options };
          var answer = call(message);
          if (!signal) return answer;
          return new Promise(function (ok, fail) {
            var cancel = function () {
              worker.postMessage({ op: 'cancel', search: message.id });
              fail(abortError(signal));
            };
            signal.addEventListener('abort', cancel, { once: true });
            answer.then(ok, fail).finally(function () { signal.removeEventListener('abort', cancel); });
          });
        }));
      }, reject);
    });
  }

  async function pageEngine(base) {
    var offline = self.XUN_OFFLINE;
    var meta = offline ? null : fetchMeta(base);
    if (meta) meta.catch(function () {});
    var core = await openCore(await pageRuntime(), offline ? null : base, offline ? base64Bytes(offline.index) : null, meta);
    return new Engine('page', core.stats, core.search);
  }

  /** Opens the index whose files are under options.index (a URL). */
  async function open(options) {
    if (!options || (!options.index && !self.XUN_OFFLINE)) throw new TypeError('xun.open: options.index is required');
    var base = new URL(options.index || '.', location.href);
    if (!/\/$/.test(base.pathname)) base.pathname += '/';
    if (!self.XUN_OFFLINE && options.worker !== false && typeof Worker === 'function' && location.protocol !== 'file:') {
      try {
        return await workerEngine(base);
      } catch (e) {
        // Fall through: search on the page instead.
      }
    }
    try {
      return await pageEngine(base);
    } catch (e) {
      throw XunError('cannot open the index at ' + base.href + ': ' + e.message, e);
    }
  }

  /* ---- Page role: the widget. ---- */

  var TEXT = {
    'zh-CN': {
      button: '搜索', placeholder: '搜索文章', label: '站内搜索', close: '关闭', loading: '正在加载索引…',
      found: function (n) { return '找到 ' + n + ' 篇文章'; },
      none: function (q) { return '没有找到“' + q + '”'; },
      partial: '没有同时包含所有词的结果，以下是部分匹配。', more: '显示更多', results: '搜索结果',
      select: '选择', open: '打开', failed: '搜索出错：', missing: '缺少：',
      corrected: function (words) { return '显示 ' + words + ' 的结果'; },
      syntax: '"词组" 精确 · -词 排除 · A OR B 任一'
    },
    en: {
      button: 'Search', placeholder: 'Search posts', label: 'Site search', close: 'Close', loading: 'Loading the index…',
      found: function (n) { return n + (n === 1 ? ' post' : ' posts'); },
      none: function (q) { return 'No results for “' + q + '”'; },
      partial: 'No result has every word; these have some of them.', more: 'Show more', results: 'Search results',
      select: 'select', open: 'open', failed: 'Search failed: ', missing: 'Missing: ',
      corrected: function (words) { return 'Showing results for ' + words; },
      syntax: '"phrase" exact · -word exclude · A OR B either'
    }
  };

  var ICON = 'M10.5 3a7.5 7.5 0 0 1 5.96 12.06l4.24 4.23-1.42 1.42-4.23-4.24A7.5 7.5 0 1 1 10.5 3Zm0 2a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11Z';

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === 'text') node.textContent = attrs[k];
      else if (attrs[k] != null) node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function icon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', ICON);
    svg.appendChild(path);
    return svg;
  }

  // A shadow root with xun.css, so the page's CSS and ours stay apart.
  function shadowHost(className) {
    var host = el('div', { class: className });
    var root = host.attachShadow({ mode: 'open' });
    root.appendChild(el('link', { rel: 'stylesheet', href: new URL('xun.css', assetBase).href }));
    return { host: host, root: root };
  }

  // The engine's excerpts are escaped text with <mark> around matches;
  // they become text nodes and <mark> elements, never parsed as HTML.
  var ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  function excerptNodes(html, into) {
    html.split(/(<\/?mark>)/).reduce(function (marked, part) {
      if (part === '<mark>') return true;
      if (part === '</mark>') return false;
      if (part) {
        var text = document.createTextNode(part.replace(/&(amp|lt|gt|quot|#39);/g, function (m) { return ENTITIES[m]; }));
        into.appendChild(marked ? el('mark', null, [text]) : text);
      }
      return marked;
    }, false);
    return into;
  }

  // Marks the query's terms in plain text (titles, headings), as nodes.
  function markTerms(text, terms, into) {
    var words = terms.filter(function (t) { return t.length > 0; }).map(function (t) {
      return t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    });
    if (!words.length) {
      into.textContent = text;
      return into;
    }
    var re = new RegExp('(' + words.join('|') + ')', 'gi');
    text.split(re).forEach(function (part, i) {
      into.appendChild(i % 2 ? el('mark', { text: part }) : document.createTextNode(part));
    });
    return into;
  }

  // Links go to web or local pages only: an index with a javascript: URL
  // gets none. Saved pages opened from disk cannot rely on a server's
  // index.html.
  function hitHref(url) {
    var resolved;
    try {
      resolved = new URL(url, location.href);
    } catch (e) {
      return '#';
    }
    if (!/^(https?|file):$/.test(resolved.protocol)) return '#';
    if (location.protocol !== 'file:') return url;
    return url.replace(/\/(#|$)/, '/index.html$1');
  }

  function Widget(options) {
    var lang = TEXT[options.lang] ? options.lang : 'zh-CN';
    this.t = TEXT[lang];
    this.options = options;
    this.perPage = Math.max(1, Number(options.results) || 8);
    this.engine = null;
    this.ticket = 0;
    this.active = -1;
    this.query = '';
    this.shown = 0;
    this.build(lang);
  }

  Widget.prototype.build = function (lang) {
    var self = this, t = this.t;
    // The button, where the page asks for it or a sensible default.
    var target = this.options.target;
    var place = typeof target === 'string' ? document.querySelector(target) : target;
    if (!place) place = document.getElementById('xun-search');
    var button = shadowHost('xun-button-host');
    this.button = el('button', { type: 'button', class: 'xun-button' }, [
      icon(), el('span', { text: t.button }), el('kbd', { text: /Mac|iP/.test(navigator.platform) ? '⌘K' : 'Ctrl K' })
    ]);
    button.root.appendChild(this.button);
    if (place) {
      place.appendChild(button.host);
    } else {
      var nav = document.querySelector('header nav, nav, header');
      if (nav) nav.appendChild(button.host);
      else {
        button.host.classList.add('xun-floating');
        document.body.appendChild(button.host);
      }
    }
    // The modal.
    var modal = shadowHost('xun-modal-host');
    this.input = el('input', {
      class: 'xun-input', type: 'search', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
      'aria-controls': 'xun-list', 'aria-label': t.label, placeholder: this.options.placeholder || t.placeholder,
      autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search', maxlength: '128'
    });
    this.close = el('button', { type: 'button', class: 'xun-close' }, [el('kbd', { text: 'esc' }), el('span', { class: 'xun-hidden', text: t.close })]);
    this.status = el('p', { class: 'xun-status', role: 'status', 'aria-live': 'polite' });
    this.note = el('p', { class: 'xun-note', hidden: '' });
    this.list = el('div', { id: 'xun-list', class: 'xun-list', role: 'listbox', 'aria-label': t.results });
    this.more = el('button', { type: 'button', class: 'xun-more', hidden: '', text: t.more });
    this.dialog = el('div', { class: 'xun-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-label': t.label, lang: lang }, [
      el('div', { class: 'xun-bar' }, [icon(), this.input, this.close]),
      el('div', { class: 'xun-body' }, [this.status, this.note, this.list, this.more]),
      el('div', { class: 'xun-footer' }, [
        el('span', null, [el('kbd', { text: '↑' }), el('kbd', { text: '↓' }), document.createTextNode(t.select)]),
        el('span', null, [el('kbd', { text: '↵' }), document.createTextNode(t.open)]),
        el('span', { class: 'xun-syntax', text: t.syntax }),
        el('span', { class: 'xun-brand', text: '寻 xun' })
      ])
    ]);
    this.backdrop = el('div', { class: 'xun-backdrop', hidden: '' }, [this.dialog]);
    modal.root.appendChild(this.backdrop);
    document.body.appendChild(modal.host);

    // Intent: load on hover, focus or touch of the button.
    ['pointerenter', 'focus', 'touchstart'].forEach(function (type) {
      self.button.addEventListener(type, function () { self.load(); }, { passive: true });
    });
    this.button.addEventListener('click', function () { self.open(); });
    this.close.addEventListener('click', function () { self.hide(); });
    this.backdrop.addEventListener('mousedown', function (e) { if (e.target === self.backdrop) self.hide(); });
    this.more.addEventListener('click', function () { self.run(true); });
    var timer = 0;
    this.input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(false); }, 80);
    });
    this.input.addEventListener('keydown', function (e) { self.keys(e); });
    this.dialog.addEventListener('keydown', function (e) { self.trap(e); });
    this.list.addEventListener('mousemove', function (e) {
      var option = e.target.closest && e.target.closest('[role=option]');
      if (option) self.select(self.optionNodes().indexOf(option), false);
    });
    document.addEventListener('keydown', function (e) {
      if (!self.backdrop.hidden) return;
      var key = (e.key || '').toLowerCase();
      var hotkey = (self.options.hotkey || 'k').toLowerCase();
      // The element typed into, also inside other shadow roots.
      var target = e.composedPath ? e.composedPath()[0] : e.target;
      var typing = /^(input|textarea|select)$/i.test(target.tagName) || target.isContentEditable;
      if ((key === hotkey && (e.metaKey || e.ctrlKey)) || (key === '/' && !typing && !e.metaKey && !e.ctrlKey)) {
        e.preventDefault();
        self.open();
      }
    });
    var q = new URLSearchParams(location.search).get('q');
    if (q) this.open(q);
  };

  // Starts loading the engine (once); resolves when it can search.
  Widget.prototype.load = function () {
    var self = this;
    if (!this.engine) {
      this.engine = open({ index: this.options.index, worker: this.options.worker });
      this.engine.catch(function (e) { self.fail(e); self.engine = null; });
    }
    return this.engine;
  };

  // The focused element, looking inside shadow roots.
  function focused() {
    var a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a;
  }

  Widget.prototype.open = function (query) {
    if (!this.backdrop.hidden) return;
    this.returnFocus = focused();
    this.backdrop.hidden = false;
    if (query != null) this.input.value = query;
    this.input.focus();
    this.input.select();
    this.load();
    if (this.input.value.trim()) this.run(false);
  };

  Widget.prototype.hide = function () {
    if (this.backdrop.hidden) return;
    this.backdrop.hidden = true;
    var back = this.returnFocus;
    if (back && back.focus && back !== document.body) back.focus();
    else this.button.focus();
  };

  Widget.prototype.fail = function (e) {
    this.status.textContent = this.t.failed + e.message;
  };

  Widget.prototype.optionNodes = function () {
    return Array.prototype.slice.call(this.list.querySelectorAll('[role=option]'));
  };

  Widget.prototype.select = function (i, scroll) {
    var all = this.optionNodes();
    if (!all.length) {
      this.active = -1;
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    this.active = (i + all.length) % all.length;
    all.forEach(function (o, k) { o.setAttribute('aria-selected', String(k === this.active)); }, this);
    this.input.setAttribute('aria-activedescendant', all[this.active].id);
    if (scroll) all[this.active].scrollIntoView({ block: 'nearest' });
  };

  Widget.prototype.keys = function (e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      this.select(this.active + (e.key === 'ArrowDown' ? 1 : -1), true);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      var option = this.optionNodes()[Math.max(this.active, 0)];
      if (option) option.click();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.hide();
    }
  };

  // Keeps Tab inside the modal while it is open.
  Widget.prototype.trap = function (e) {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.hide();
      return;
    }
    if (e.key !== 'Tab') return;
    var stops = [this.input, this.more, this.close].filter(function (n) { return !n.hidden; });
    var at = stops.indexOf(this.dialog.getRootNode().activeElement);
    e.preventDefault();
    stops[(at + (e.shiftKey ? -1 : 1) + stops.length) % stops.length].focus();
  };

  // Searches for the input's text; with `more`, appends the next page.
  Widget.prototype.run = async function (more) {
    var q = this.input.value.trim();
    var ticket = ++this.ticket;
    var t = this.t;
    // A new keystroke replaces the search before it: it stops fetching.
    if (this.pending) this.pending.abort();
    this.pending = null;
    if (!more) this.shown = 0;
    if (!q) {
      this.render(null, false);
      this.status.textContent = '';
      return;
    }
    if (!this.engine || !this.ready) this.status.textContent = t.loading;
    var pending = this.pending = typeof AbortController === 'function' ? new AbortController() : null;
    try {
      var engine = await this.load();
      this.ready = true;
      var res = await engine.search(q, { group: 'page', limit: this.perPage, offset: this.shown, sectionsPerPage: 3, signal: pending && pending.signal });
      if (ticket !== this.ticket) return;
      this.render(res, more);
    } catch (e) {
      if (ticket === this.ticket) this.fail(e);
    } finally {
      if (this.pending === pending) this.pending = null;
    }
  };

  Widget.prototype.render = function (res, more) {
    var t = this.t;
    if (!more) {
      this.list.textContent = '';
      this.active = -1;
    }
    if (!res) {
      this.note.hidden = true;
      this.more.hidden = true;
      this.input.setAttribute('aria-expanded', 'false');
      return;
    }
    var n = this.optionNodes().length;
    res.hits.forEach(function (page) {
      var title = el('div', { class: 'xun-page', id: 'xun-p' + n });
      markTerms(page.title, res.terms, title);
      if (page.date) title.appendChild(el('time', { text: page.date }));
      var group = el('div', { role: 'group', class: 'xun-group', 'aria-labelledby': 'xun-p' + n }, [title]);
      page.sections.forEach(function (s) {
        // A hit without every word says which it lacks.
        var missing = s.partial && s.missing && s.missing.length
          ? el('span', { class: 'xun-missing', text: t.missing + s.missing.join(' ') }) : null;
        var option = el('a', { role: 'option', id: 'xun-o' + n++, href: hitHref(s.url), class: 'xun-hit', tabindex: '-1', 'aria-selected': 'false' }, [
          markTerms(s.heading || page.title, res.terms, el('span', { class: 'xun-heading' })),
          excerptNodes(s.excerpt, el('span', { class: 'xun-excerpt' })),
          missing
        ]);
        group.appendChild(option);
      });
      this.list.appendChild(group);
    }, this);
    this.shown += res.hits.length;
    this.more.hidden = this.shown >= res.total;
    // A typo the engine corrected comes first: it explains the results.
    var corrected = Object.keys(res.corrected || {}).map(function (k) { return res.corrected[k]; });
    this.note.hidden = !(corrected.length || (res.partial && res.total));
    this.note.textContent = corrected.length ? t.corrected(corrected.join(' ')) : t.partial;
    this.status.textContent = res.total ? t.found(res.total) : t.none(res.query);
    this.input.setAttribute('aria-expanded', res.total ? 'true' : 'false');
    if (!more && n) this.select(0, false);
  };

  /** Adds the search button and modal to this page. */
  function mount(options) {
    if (!options || (!options.index && !self.XUN_OFFLINE)) throw new TypeError('xun.mount: options.index is required');
    return new Widget(options);
  }

  window.xun = { open: open, mount: mount, version: VERSION };

  // <script src=".../xun.js" data-index="/search/" defer>: mount at once.
  var data = script && script.dataset;
  if (data && (data.index || data.offline != null)) {
    var start = function () {
      mount({
        index: data.index, target: data.target, placeholder: data.placeholder,
        lang: data.lang, hotkey: data.hotkey, results: data.results
      });
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
})();
