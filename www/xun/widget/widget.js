// The search widget: a button, and a modal with the results as a listbox.
import { open } from '../api.js';
import { STRINGS, pickLang } from './strings.js';
import { el, icon, shadowHost, excerptNodes, markTerms, hitHref, focused } from './dom.js';

export class Widget {
  constructor(options, cssHref) {
    const lang = pickLang(options.lang);
    this.t = STRINGS[lang];
    this.options = options;
    this.cssHref = cssHref;
    this.perPage = Math.max(1, Number(options.results) || 8);
    this.engine = null;
    this.ticket = 0;
    this.active = -1;
    this.query = '';
    this.shown = 0;
    this.build(lang);
  }

  build(lang) {
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
    this.button = el('button', { type: 'button', class: 'xun-button' }, [
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
      autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search', maxlength: '128'
    });
    this.close = el('button', { type: 'button', class: 'xun-close' }, [el('kbd', { text: 'esc' }), el('span', { class: 'xun-hidden', text: t.close })]);
    this.status = el('p', { class: 'xun-status', role: 'status', 'aria-live': 'polite' });
    this.note = el('p', { class: 'xun-note', hidden: '' });
    this.list = el('div', { id: 'xun-list', class: 'xun-list', role: 'listbox', 'aria-label': t.results });
    this.more = el('button', { type: 'button', class: 'xun-more', hidden: '', text: t.more });
    this.dialog = el('div', { class: 'xun-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-label': t.label, lang }, [
      el('div', { class: 'xun-bar' }, [icon(), this.input, this.close]),
      el('div', { class: 'xun-body' }, [this.status, this.note, this.list, this.more]),
      el('div', { class: 'xun-footer' }, [
        el('span', null, [el('kbd', { text: '↑' }), el('kbd', { text: '↓' }), t.select]),
        el('span', null, [el('kbd', { text: '↵' }), t.open]),
        el('span', { class: 'xun-syntax', text: t.syntax }),
        el('span', { class: 'xun-brand', text: '寻 xun' })
      ])
    ]);
    this.backdrop = el('div', { class: 'xun-backdrop', hidden: '' }, [this.dialog]);
    modal.root.appendChild(this.backdrop);
    document.body.appendChild(modal.host);
  }

  listen() {
    // Intent: load on hover, focus or touch of the button.
    ['pointerenter', 'focus', 'touchstart'].forEach((type) => {
      this.button.addEventListener(type, () => { this.load(); }, { passive: true });
    });
    this.button.addEventListener('click', () => { this.open(); });
    this.close.addEventListener('click', () => { this.hide(); });
    this.backdrop.addEventListener('mousedown', (e) => { if (e.target === this.backdrop) this.hide(); });
    this.more.addEventListener('click', () => { this.run(true); });
    let timer = 0;
    this.input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => { this.run(false); }, 80);
    });
    this.input.addEventListener('keydown', (e) => { this.keys(e); });
    this.dialog.addEventListener('keydown', (e) => { this.trap(e); });
    this.list.addEventListener('mousemove', (e) => {
      const option = e.target.closest && e.target.closest('[role=option]');
      if (option) this.select(this.optionNodes().indexOf(option), false);
    });
    document.addEventListener('keydown', (e) => {
      if (!this.backdrop.hidden) return;
      const key = (e.key || '').toLowerCase();
      const hotkey = (this.options.hotkey || 'k').toLowerCase();
      // The element typed into, also inside other shadow roots.
      const target = e.composedPath ? e.composedPath()[0] : e.target;
      const typing = /^(input|textarea|select)$/i.test(target.tagName) || target.isContentEditable;
      if ((key === hotkey && (e.metaKey || e.ctrlKey)) || (key === '/' && !typing && !e.metaKey && !e.ctrlKey)) {
        e.preventDefault();
        this.open();
      }
    });
  }

  // Starts loading the engine (once); resolves when it can search.
  load() {
    if (!this.engine) {
      this.engine = open({ index: this.options.index, worker: this.options.worker });
      this.engine.catch((e) => { this.fail(e); this.engine = null; });
    }
    return this.engine;
  }

  open(query) {
    if (!this.backdrop.hidden) return;
    this.returnFocus = focused();
    this.backdrop.hidden = false;
    if (query != null) this.input.value = query;
    this.input.focus();
    this.input.select();
    this.load();
    if (this.input.value.trim()) this.run(false);
  }

  hide() {
    if (this.backdrop.hidden) return;
    this.backdrop.hidden = true;
    const back = this.returnFocus;
    if (back && back.focus && back !== document.body) back.focus();
    else this.button.focus();
  }

  fail(e) {
    this.status.textContent = this.t.failed + e.message;
  }

  optionNodes() {
    return Array.prototype.slice.call(this.list.querySelectorAll('[role=option]'));
  }

  select(i, scroll) {
    const all = this.optionNodes();
    if (!all.length) {
      this.active = -1;
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    this.active = (i + all.length) % all.length;
    all.forEach((o, k) => { o.setAttribute('aria-selected', String(k === this.active)); });
    this.input.setAttribute('aria-activedescendant', all[this.active].id);
    if (scroll) all[this.active].scrollIntoView({ block: 'nearest' });
  }

  keys(e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      this.select(this.active + (e.key === 'ArrowDown' ? 1 : -1), true);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const option = this.optionNodes()[Math.max(this.active, 0)];
      if (option) option.click();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.hide();
    }
  }

  // Keeps Tab inside the modal while it is open.
  trap(e) {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.hide();
      return;
    }
    if (e.key !== 'Tab') return;
    const stops = [this.input, this.more, this.close].filter((n) => !n.hidden);
    const at = stops.indexOf(this.dialog.getRootNode().activeElement);
    e.preventDefault();
    stops[(at + (e.shiftKey ? -1 : 1) + stops.length) % stops.length].focus();
  }

  // Searches for the input's text; with `more`, appends the next page.
  async run(more) {
    const q = this.input.value.trim();
    const ticket = ++this.ticket;
    const t = this.t;
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
    const pending = this.pending = typeof AbortController === 'function' ? new AbortController() : null;
    try {
      const engine = await this.load();
      this.ready = true;
      const res = await engine.search(q, { group: 'page', limit: this.perPage, offset: this.shown, sectionsPerPage: 3, signal: pending && pending.signal });
      if (ticket !== this.ticket) return;
      this.render(res, more);
    } catch (e) {
      if (ticket === this.ticket) this.fail(e);
    } finally {
      if (this.pending === pending) this.pending = null;
    }
  }

  render(res, more) {
    const t = this.t;
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
    let n = this.optionNodes().length;
    res.hits.forEach((page) => {
      const title = el('div', { class: 'xun-page', id: 'xun-p' + n });
      markTerms(page.title, res.terms, title);
      if (page.date) title.appendChild(el('time', { text: page.date }));
      const group = el('div', { role: 'group', class: 'xun-group', 'aria-labelledby': 'xun-p' + n }, [title]);
      page.sections.forEach((s) => {
        // A hit without every word says which it lacks.
        const missing = s.partial && s.missing && s.missing.length
          ? el('span', { class: 'xun-missing', text: t.missing + s.missing.join(' ') }) : null;
        const option = el('a', { role: 'option', id: 'xun-o' + n++, href: hitHref(s.url), class: 'xun-hit', tabindex: '-1', 'aria-selected': 'false' }, [
          markTerms(s.heading || page.title, res.terms, el('span', { class: 'xun-heading' })),
          excerptNodes(s.excerpt, el('span', { class: 'xun-excerpt' })),
          missing
        ]);
        group.appendChild(option);
      });
      this.list.appendChild(group);
    });
    this.shown += res.hits.length;
    this.more.hidden = this.shown >= res.total;
    // A typo the engine corrected comes first: it explains the results.
    const corrected = Object.keys(res.corrected || {}).map((k) => res.corrected[k]);
    this.note.hidden = !(corrected.length || (res.partial && res.total));
    this.note.textContent = corrected.length ? t.corrected(corrected.join(' ')) : t.partial;
    this.status.textContent = res.total ? t.found(res.total) : t.none(res.query);
    this.input.setAttribute('aria-expanded', res.total ? 'true' : 'false');
    if (!more && n) this.select(0, false);
  }
}
