// The search widget: a button, and a native modal <dialog> (top layer,
// inert page, Esc, focus return) with the results as an ARIA listbox.
import { open } from '../api.js';
import { off, DEFAULTS, MAX_QUERY_CHARS } from '../options.js';
import { STRINGS, pickLang } from './strings.js';
import { el, icon, shadowHost, focused } from './dom.js';
import { Recent } from './recent.js';
import { Results } from './results.js';
import { anchored, markText } from '../highlight.js';


// The current history entry is the open dialog's.
const ours = () => history.state && history.state.xun;

export class Widget {
  constructor(options, cssHref) {
    const lang = pickLang(options.lang);
    this.t = STRINGS[lang];
    this.options = options;
    this.cssHref = cssHref;
    this.perPage = Math.max(1, Number(options.results) || 8);
    this.recent = off(options.recent) ? null : new Recent(new URL(options.index || '.', location.href).href);
    this.highlight = !off(options.highlight);
    this.engine = null;
    this.ticket = 0;
    this.filters = {};
    this.sort = 'relevance';
    this.buildButton();
    this.buildModal(lang);
    this.listen();
    const q = new URLSearchParams(location.search).get('q');
    if (q) this.open(q);
  }

  // The button, where the page asks for it or a sensible default.
  buildButton() {
    const t = this.t;
    const target = this.options.target;
    let place = typeof target === 'string' ? document.querySelector(target) : target;
    if (!place) place = document.getElementById('xun-search');
    const button = shadowHost('xun-button-host', this.cssHref);
    this.button = el('button', { class: 'xun-button' }, [
      icon(), el('span', { text: t.button }), el('kbd', { text: /Mac|iP/.test(navigator.platform) ? '⌘K' : 'Ctrl K' })
    ]);
    button.root.appendChild(this.button);
    if (place) {
      place.appendChild(button.host);
    } else {
      const nav = document.querySelector('header nav, nav, header');
      if (nav) nav.appendChild(button.host);
      else {
        button.host.classList.add('xun-floating');
        document.body.appendChild(button.host);
      }
    }
  }

  buildModal(lang) {
    const t = this.t;
    const modal = shadowHost('xun-modal-host', this.cssHref);
    this.input = el('input', {
      class: 'xun-input', type: 'search', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
      'aria-controls': 'xun-list', 'aria-label': t.label, placeholder: this.options.placeholder || t.placeholder,
      autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search', maxlength: String(MAX_QUERY_CHARS)
    });
    this.clear = el('button', { class: 'xun-clear', 'aria-label': t.clear, hidden: true }, [icon('clear')]);
    this.cancel = el('button', { class: 'xun-cancel' }, [el('kbd', { text: 'esc', 'aria-hidden': 'true' }), el('span', { text: t.cancel })]);
    this.chips = el('div', { class: 'xun-chips', role: 'group', 'aria-label': t.filtersLabel, hidden: true });
    this.status = el('p', { class: 'xun-status', role: 'status', 'aria-live': 'polite' });
    this.sortBox = el('div', { class: 'xun-sort', role: 'group', 'aria-label': t.sort, hidden: true },
      ['relevance', 'date'].map((s) => el('button', { 'data-sort': s, 'aria-pressed': String(s === 'relevance'), text: t[s] })));
    this.back = el('button', { class: 'xun-link xun-back', hidden: true, text: t.all });
    this.recentBox = el('div', { class: 'xun-recent', hidden: true });
    this.results = new Results(this, el('div', { id: 'xun-list', class: 'xun-list', role: 'listbox', 'aria-label': t.results }));
    this.list = this.results.list;
    this.note = el('p', { class: 'xun-note', hidden: true });
    this.help = el('div', { class: 'xun-help', hidden: true });
    this.more = el('button', { class: 'xun-more', hidden: true, text: t.more });
    this.dialog = el('dialog', { class: 'xun-dialog', 'aria-label': t.label, lang }, [
      el('div', { class: 'xun-frame' }, [
        el('div', { class: 'xun-bar' }, [icon(), this.input, this.clear, this.cancel]),
        this.chips,
        el('div', { class: 'xun-body' }, [
          el('div', { class: 'xun-head' }, [this.back, this.status, this.sortBox]),
          this.note, this.recentBox, this.list, this.help, this.more
        ]),
        el('div', { class: 'xun-footer', 'aria-hidden': 'true' }, [
          el('span', null, [el('kbd', { text: '↑' }), el('kbd', { text: '↓' }), t.select]),
          el('span', null, [el('kbd', { text: '↵' }), t.open]),
          el('span', { class: 'xun-syntax', text: t.syntax }),
          el('span', { class: 'xun-brand', text: '寻 xun' })
        ])
      ])
    ]);
    modal.root.appendChild(this.dialog);
    document.body.appendChild(modal.host);
  }

  listen() {
    // Intent: load on hover, focus or touch of the button.
    ['pointerenter', 'focus', 'touchstart'].forEach((type) => {
      this.button.addEventListener(type, () => { this.load(); }, { passive: true });
    });
    this.button.addEventListener('click', () => { this.open(); });
    this.cancel.addEventListener('click', () => { this.hide(); });
    this.clear.addEventListener('click', () => {
      this.input.value = '';
      this.input.focus();
      this.changed();
    });
    // A click on the ::backdrop is a click on the dialog itself (the frame
    // fills the dialog's box).
    this.dialog.addEventListener('click', (e) => { if (e.target === this.dialog) this.hide(); });
    // Esc: the platform's cancel, closed our way.
    this.dialog.addEventListener('cancel', (e) => { e.preventDefault(); this.hide(); });
    this.dialog.addEventListener('keydown', (e) => { this.escTab(e); });
    // Back closes the dialog (its own history entry, pushed by open), on
    // a phone where it fills the screen and elsewhere alike.
    addEventListener('popstate', () => {
      if (this.backing) {
        // Our own step back, for a dialog closed another way; reopened
        // meanwhile, it takes an entry again.
        this.backing = false;
        if (this.dialog.open) history.pushState({ xun: 1 }, '');
      } else this.hide();
    });
    this.more.addEventListener('click', () => { this.run(true); });
    this.back.addEventListener('click', () => {
      this.page = this.sections = null;
      this.homeChips();
      this.input.focus();
      this.run(false);
    });
    this.chips.addEventListener('focusout', (e) => { if (e.relatedTarget && !this.chips.contains(e.relatedTarget)) this.homeChips(); });
    this.sortBox.addEventListener('click', (e) => {
      const sort = e.target.closest && e.target.closest('[data-sort]');
      if (!sort || sort.dataset.sort === this.sort) return;
      this.sort = sort.dataset.sort;
      this.sortBox.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b === sort)));
      this.run(false);
    });
    this.chips.addEventListener('click', (e) => {
      const chip = e.target.closest && e.target.closest('[data-key]');
      if (!chip) return;
      const pressed = chip.getAttribute('aria-pressed') !== 'true';
      chip.setAttribute('aria-pressed', String(pressed));
      const { key, value } = chip.dataset;
      const values = (this.filters[key] || []).filter((v) => v !== value);
      if (pressed) values.push(value);
      if (values.length) this.filters[key] = values;
      else delete this.filters[key];
      this.run(false);
    });
    let timer = 0;
    this.changed = (e) => {
      this.clear.hidden = !this.input.value;
      // An input method's uncommitted text (pinyin) is not searched for;
      // its commit is (compositionend).
      if (e && e.isComposing) return;
      clearTimeout(timer);
      this.page = this.sections = null;
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
        this.engine.then((engine) => engine.prefetch(q, this.opts(false))).catch(() => {});
      }
      // A key waits 80 ms for the next one.
      timer = setTimeout(() => { this.run(false); }, 80);
    };
    this.input.addEventListener('input', this.changed);
    this.input.addEventListener('compositionend', this.changed);
    this.input.addEventListener('keydown', (e) => { this.keys(e); });
    document.addEventListener('keydown', (e) => {
      const key = (e.key || '').toLowerCase();
      const hotkey = (this.options.hotkey || 'k').toLowerCase();
      const chord = key === hotkey && (e.metaKey || e.ctrlKey);
      if (this.dialog.open) {
        // The hotkey toggles; the browser's own use of it is kept out.
        if (chord) {
          e.preventDefault();
          this.hide();
        }
        return;
      }
      // The element typed into, also inside other shadow roots.
      const target = e.composedPath ? e.composedPath()[0] : e.target;
      const typing = /^(input|textarea|select)$/i.test(target.tagName) || target.isContentEditable;
      if (chord || (key === '/' && !typing && !e.metaKey && !e.ctrlKey)) {
        e.preventDefault();
        this.open();
      }
    });
  }

  // Starts loading the engine (once); resolves when it can search.
  load() {
    if (!this.engine) {
      // Unset, the engine chooses when the preload comes; but a query from
      // the address is searched as the engine opens, and would wait for
      // the whole text: it fetches its own files, and the text comes after.
      const p = this.options.preload;
      this.engine = open({ index: this.options.index, worker: this.options.worker, preload: p == null ? this.fromAddress || p : p === 'open' ? p : !off(p) });
      this.engine.catch((e) => { this.fail(e); this.engine = null; });
    }
    return this.engine;
  }

  // The filter chips: tags and categories with their page counts, when
  // the index has any. Only the filter table is fetched for them.
  async showFilters() {
    if (this.filtersAsked) return;
    this.filtersAsked = true;
    let table, pages;
    try {
      const engine = await this.load();
      pages = engine.stats.pages;
      table = await engine.filters();
    } catch (e) {
      this.filtersAsked = false;
      return;
    }
    const t = this.t;
    this.chips.textContent = '';
    for (const key of ['tags', 'categories']) {
      const counts = (table && table[key]) || {};
      // A value every page has filters nothing (Hugo's section `posts`).
      const values = Object.keys(counts).filter((v) => counts[v] < pages).sort((a, b) => counts[b] - counts[a] || (a < b ? -1 : 1));
      if (!values.length) continue;
      this.chips.appendChild(el('span', { class: 'xun-chips-key', text: t.filters[key] }));
      values.forEach((value) => {
        this.chips.appendChild(el('button', { class: 'xun-chip', 'data-key': key, 'data-value': value, 'aria-pressed': 'false' },
          [value, ' ', el('span', { class: 'xun-count', text: String(counts[value]) })]));
      });
    }
    this.chips.hidden = !this.chips.firstChild;
  }

  // The chip row at its start (its key's label), or at a chip still
  // chosen, not wherever it was last scrolled to: on opening, when the
  // focus leaves it, and back from one page's sections.
  homeChips() {
    const chosen = this.chips.querySelector('[aria-pressed=true]');
    this.chips.scrollLeft = chosen ? chosen.offsetLeft - this.chips.offsetLeft : 0;
  }

  clearFilters() {
    this.filters = {};
    this.chips.querySelectorAll('[aria-pressed=true]').forEach((c) => c.setAttribute('aria-pressed', 'false'));
    this.input.focus();
    this.run(false);
  }

  open(query) {
    if (this.dialog.open) return;
    this.fromAddress = query != null;
    this.overflow = document.documentElement.style.overflow;
    // The page behind keeps still (CSSOM, allowed under a strict CSP).
    document.documentElement.style.overflow = 'hidden';
    this.dialog.showModal();
    // Back closes the dialog: it has a history entry of its own. Opened
    // from ?q=, it keeps the query, and the page's entry loses it: Back,
    // or a closing that steps back, lands where a reload does not reopen it.
    const href = location.href, url = new URL(href);
    url.searchParams.delete('q');
    history.replaceState(history.state, '', url.href);
    if (!this.backing && !ours()) history.pushState({ xun: 1 }, '', href);
    this.homeChips();
    if (query != null) this.input.value = query;
    this.clear.hidden = !this.input.value;
    this.input.focus();
    // Reopened, the last query is selected, to be typed over.
    if (query == null) this.input.select();
    this.load();
    // The chips, once the dialog is open: only the filter table is fetched.
    this.showFilters();
    this.run(false);
  }

  hide(chosen, stay) {
    if (!this.dialog.open) return;
    const q = this.input.value.trim();
    if (q && this.recent && this.results.total && !chosen) this.recent.add({ q });
    this.dialog.close();
    document.documentElement.style.overflow = this.overflow || '';
    // The dialog's history entry goes: Back then leaves the page, as
    // before it was opened (a result leaving the page replaces it).
    if (ours() && !this.backing && !stay) {
      this.backing = true;
      history.back();
    }
    // The dialog gives focus back to where it was; from the page's body
    // (a hotkey, ?q=), to the button, where a reader can find it again.
    const now = focused();
    if (!now || now === document.body || now === document.documentElement || this.dialog.contains(now)) this.button.focus({ preventScroll: true });
  }

  // A link out of the dialog: a plain click replaces the dialog's history
  // entry, so that Back from where it leads comes to this page, not to an
  // entry of a closed dialog (a new tab or window leaves it to hide).
  leave(event, href, chosen) {
    const replace = !event.defaultPrevented && !event.button && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) && ours() && !this.backing;
    this.hide(chosen, replace);
    if (replace) {
      event.preventDefault();
      location.replace(href);
    }
  }

  // A result was chosen: remember it, close, and let the link navigate. On
  // this same page, the terms are marked here, for there is no arrival.
  chose(option, event) {
    const q = this.input.value.trim();
    if (this.recent && q) {
      this.recent.add({ q });
      this.recent.add({ q, title: option.dataset.title, heading: option.dataset.heading, url: option.dataset.url });
    }
    const target = new URL(option.href, location.href);
    const here = target.origin === location.origin && target.pathname === location.pathname && target.search === location.search;
    const mine = !event.defaultPrevented;
    this.leave(event, option.href, true);
    if (!here || !mine) return;
    if (this.highlight) markText(document.body, this.results.terms, anchored(target.hash));
    // The section takes the focus, so that a keyboard reader's next Tab
    // goes on from it, not from the search button at the top.
    const section = anchored(target.hash);
    if (section) {
      if (!section.hasAttribute('tabindex') && section.tabIndex < 0) section.setAttribute('tabindex', '-1');
      section.focus({ preventScroll: true });
    }
  }

  // The reader sees a short message in the widget's language; the console
  // gets the details. A page opened as a file cannot fetch the index (only
  // an offline build carries it inline), and trying later will not help.
  fail(e) {
    console.error(e);
    this.results.clear();
    const file = location.protocol === 'file:' && !self.XUN_OFFLINE;
    this.status.textContent = file ? this.t.failedFile : this.t.failed;
  }

  keys(e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      this.results.select(this.results.active + (e.key === 'ArrowDown' ? 1 : -1), true);
    } else if (e.key === 'Enter') {
      // Enter that commits an input method's composition is not a choice.
      if (e.isComposing || e.keyCode === 229) return;
      e.preventDefault();
      this.results.activate();
    }
  }

  // The dialog's own keys: Esc, and Tab from the last stop back to the
  // first (Shift+Tab the other way), rather than leaving for the
  // browser's own controls.
  escTab(e) {
    // Esc closes from anywhere in it (a search field would only clear).
    if (e.key === 'Escape') {
      e.preventDefault();
      this.hide();
    }
    if (e.key !== 'Tab') return;
    const stops = [...this.dialog.querySelectorAll(':is(input, button, a[href]):not([tabindex="-1"])')].filter(
      (n) => n.getClientRects().length > 0 && !n.disabled);
    if (!stops.length) return;
    const at = stops.indexOf(this.dialog.getRootNode().activeElement);
    const next = at + (e.shiftKey ? -1 : 1);
    if (next < 0 || next >= stops.length) {
      e.preventDefault();
      stops[(next + stops.length) % stops.length].focus();
    }
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
    if (!q && !Object.keys(this.filters).length) {
      this.results.clear();
      this.status.textContent = '';
      this.showRecent();
      return;
    }
    this.recentBox.hidden = true;
    // A new query, filter or sort: what is shown no longer answers it.
    if (!more) this.results.stale(this.ready ? this.t.searching : this.t.loading);
    // (Every browser since 2019 has AbortController; the worker needs it too.)
    const pending = this.pending = new AbortController();
    try {
      const engine = await this.load();
      this.ready = true;
      const options = this.opts(more);
      options.signal = pending.signal;
      const res = await engine.search(q, options);
      if (ticket !== this.ticket) return;
      this.results.render(res, more, this.highlight);
    } catch (e) {
      if (ticket === this.ticket && e.name !== 'AbortError') this.fail(e);
    } finally {
      if (this.pending === pending) this.pending = null;
    }
  }

  // The options of engine.search for what is typed (not the widget's
  // options, this.options).
  opts(more) {
    return {
      group: 'page', limit: this.perPage, offset: more ? this.results.shown : 0, sectionsPerPage: this.sections || DEFAULTS.sectionsPerPage,
      filters: Object.keys(this.filters).length ? this.filters : undefined, sort: this.sort, page: this.page
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

  // With nothing typed: the reader's recent searches and opened results,
  // each removable.
  showRecent() {
    const box = this.recentBox;
    const items = this.recent ? this.recent.list() : [];
    const t = this.t;
    box.textContent = '';
    box.hidden = !items.length;
    if (!items.length) {
      // A first visit: how to search, rather than a blank box.
      this.help.textContent = '';
      this.help.hidden = false;
      this.results.syntaxHelp();
      return;
    }
    const list = el('ul', { 'aria-labelledby': 'xun-recent-title' });
    items.forEach((item, i) => {
      // Two sections of one post differ by their headings.
      const label = item.url ? [item.title || item.url, item.heading].filter(Boolean).join(' › ') : item.q;
      const go = item.url
        ? el('a', { href: item.url, class: 'xun-recent-go', text: label, title: label })
        : el('button', { class: 'xun-recent-go', text: label, title: label });
      go.addEventListener('click', (e) => {
        if (item.url) {
          this.recent.add(item);
          this.leave(e, go.href);
        } else {
          this.input.value = item.q;
          this.changed();
          this.input.focus();
        }
      });
      const remove = el('button', { class: 'xun-remove', 'aria-label': t.remove(label) }, [icon('clear')]);
      remove.addEventListener('click', () => {
        this.recent.remove(i);
        this.showRecent();
        const removes = box.querySelectorAll('.xun-remove');
        (removes[Math.min(i, removes.length - 1)] || this.input).focus();
      });
      list.appendChild(el('li', { class: item.url ? 'xun-recent-page' : 'xun-recent-query' }, [go, remove]));
    });
    box.appendChild(el('p', { id: 'xun-recent-title', class: 'xun-recent-title', text: t.recent }));
    box.appendChild(list);
  }
}
