// The searches: the engine, opened on a reader's intent; what is typed,
// searched after a pause (or an input method's commit) with the chips'
// filters, the sort and "more in this page"; an answer to an older query
// is dropped.
import { open } from '../api.js';
import { el } from './dom.js';
import { off, DEFAULTS } from '../options.js';

export class Search {
  /** parts: { input, clear (its button), results, chips, recent (the
   * list shown with nothing typed) }. */
  constructor(options, t, parts) {
    this.options = options;
    this.t = t;
    this.input = parts.input;
    this.clearButton = parts.clear;
    this.results = parts.results;
    this.chips = parts.chips;
    this.recent = parts.recent;
    this.perPage = Math.max(1, Number(options.results) || 8);
    this.highlight = !off(options.highlight);
    this.engine = null;
    this.ticket = 0;
    this.sort = 'relevance';
    this.sortBox = el('div', { class: 'xun-sort', role: 'group', 'aria-label': t.sort, hidden: true },
      ['relevance', 'date'].map((s) => el('button', { 'data-sort': s, 'aria-pressed': String(s === 'relevance'), text: t[s] })));
    this.back = el('button', { class: 'xun-link xun-back', hidden: true, text: t.all });
    this.sortBox.addEventListener('click', (e) => {
      const sort = e.target.closest && e.target.closest('[data-sort]');
      if (!sort || sort.dataset.sort === this.sort) return;
      this.sort = sort.dataset.sort;
      this.sortBox.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b === sort)));
      this.run(false);
    });
    this.back.addEventListener('click', () => {
      this.page = this.sections = null;
      this.chips.home();
      this.input.focus();
      this.run(false);
    });
    this.results.more.addEventListener('click', () => { this.run(true); });
    const changed = (e) => { this.changed(e); };
    this.input.addEventListener('input', changed);
    this.input.addEventListener('compositionend', changed);
  }

  // Starts opening the engine (once); resolves when it can search.
  load() {
    if (!this.engine) {
      // Unset, the engine chooses when the preload comes; but a query from
      // the address is searched as the engine opens, and would wait for
      // the whole text: it fetches its own files, and the text comes after.
      const p = this.options.preload;
      this.engine = open({ index: this.options.index, worker: this.options.worker, preload: p == null ? this.fromAddress || p : p === 'open' ? p : !off(p) });
      this.engine.catch((e) => {
        this.results.failed(e);
        this.controls(null);
        this.engine = null;
      });
    }
    return this.engine;
  }

  // The input's text replaced, as if typed.
  retype(q) {
    this.input.value = q;
    this.input.focus();
    this.changed();
  }

  changed(e) {
    this.clearButton.hidden = !this.input.value;
    // An input method's uncommitted text (pinyin) is not searched for;
    // its commit is (compositionend).
    if (e && e.isComposing) return;
    clearTimeout(this.timer);
    this.page = this.sections = null;
    // Typed on after Enter: that Enter was for a query no longer asked.
    this.results.entered = false;
    // An input method's commit (compositionend) ends a word: it is
    // searched now, and the search fetches its own files.
    if (e && e.type[0] == 'c') return this.run(false);
    // What is shown no longer answers what is typed: say so at once, and
    // let nothing stale be opened, nor rendered by a search on its way.
    this.ticket++;
    const q = this.input.value.trim();
    this.results.stale(q ? this.t.searching : '');
    // The index files it needs are fetched now, not after the pause.
    if (q && this.engine && !off(this.options.prefetch)) {
      this.engine.then((engine) => engine.prefetch(q, this.searchOptions(false))).catch(() => {});
    }
    // A key waits 80 ms for the next one.
    this.timer = setTimeout(() => { this.run(false); }, 80);
  }

  // Searches for the input's text; with `more`, appends the next page.
  async run(more) {
    const q = this.input.value.trim();
    const ticket = ++this.ticket;
    // A new keystroke replaces the search before it: it stops fetching.
    if (this.pending) this.pending.abort();
    this.pending = null;
    // Nothing typed: the recent searches, or with a filter chosen, its
    // pages (the engine browses them, newest first).
    if (!q && !this.chips.chosen()) {
      this.results.clear();
      this.controls(null);
      this.results.status.textContent = '';
      this.recent.show();
      return;
    }
    this.recent.box.hidden = true;
    // A new query, filter or sort: what is shown no longer answers it.
    if (!more) this.results.stale(this.ready ? this.t.searching : this.t.loading);
    // (Every browser since 2019 has AbortController; the worker needs it too.)
    const pending = this.pending = new AbortController();
    try {
      const engine = await this.load();
      this.ready = true;
      const options = this.searchOptions(more);
      options.signal = pending.signal;
      const res = await engine.search(q, options);
      if (ticket !== this.ticket) return;
      this.results.render(res, more, this.highlight);
      this.controls(res);
    } catch (e) {
      if (ticket === this.ticket && e.name !== 'AbortError') {
        this.results.failed(e);
        this.controls(null);
      }
    } finally {
      if (this.pending === pending) this.pending = null;
    }
  }

  // Browsing a filter (nothing typed) is newest first, with no choice of
  // order; narrowed to one page ("more in this page"), whose sections share
  // its date, the way back to all instead.
  controls(res) {
    this.sortBox.hidden = !res || !res.total || !res.query || this.page;
    this.back.hidden = !res || !this.page;
  }

  // The options of the search for what is typed.
  searchOptions(more) {
    return {
      group: 'page', limit: this.perPage, offset: more ? this.results.shown : 0, sectionsPerPage: this.sections || DEFAULTS.sectionsPerPage,
      filters: this.chips.chosen(), sort: this.sort, page: this.page
    };
  }

  // "More in this page": that page alone, with ten more of its sections;
  // the first of them selected. A new query shows every page again.
  async inPage(url) {
    const from = this.sections || DEFAULTS.sectionsPerPage;
    this.page = url;
    this.sections = from + 10;
    await this.run(false);
    this.input.focus();
    this.results.select(from, true);
  }
}
