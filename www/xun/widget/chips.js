// The filter chips: tags and categories with their page counts, when the
// index has any, and the filters they choose.
import { el } from './dom.js';

export class Chips {
  /** `changed()` is called when a chip is pressed or released; `recent`,
   * the store of recent searches (or null), remembers whether there are
   * chips, so that their row is there before they come. */
  constructor(t, changed, recent) {
    this.t = t;
    this.filters = {};
    this.recent = recent;
    this.row = el('div', { class: 'xun-chips', role: 'group', 'aria-label': t.filtersLabel, hidden: !(recent && recent.chips()) });
    this.row.addEventListener('click', (e) => {
      const chip = e.target.closest && e.target.closest('[data-key]');
      if (!chip) return;
      const pressed = chip.getAttribute('aria-pressed') !== 'true';
      chip.setAttribute('aria-pressed', String(pressed));
      const { key, value } = chip.dataset;
      const values = (this.filters[key] || []).filter((v) => v !== value);
      if (pressed) values.push(value);
      if (values.length) this.filters[key] = values;
      else delete this.filters[key];
      changed();
    });
    this.row.addEventListener('focusout', (e) => { if (e.relatedTarget && !this.row.contains(e.relatedTarget)) this.home(); });
  }

  /** The filters chosen, or undefined. */
  chosen() {
    return Object.keys(this.filters).length ? this.filters : undefined;
  }

  /** Shows the chips of the engine that `load()` resolves to (once): only
   * the filter table is fetched for them. */
  async show(load) {
    if (this.asked) return;
    this.asked = true;
    let table, pages;
    try {
      const engine = await load();
      pages = engine.stats.pages;
      table = await engine.filters();
    } catch (e) {
      this.asked = false;
      this.row.hidden = !this.row.firstChild;
      return;
    }
    const row = this.row;
    row.textContent = '';
    for (const key of ['tags', 'categories']) {
      const counts = (table && table[key]) || {};
      // A value every page has filters nothing (Hugo's section `posts`).
      const values = Object.keys(counts).filter((v) => counts[v] < pages).sort((a, b) => counts[b] - counts[a] || (a < b ? -1 : 1));
      if (!values.length) continue;
      row.appendChild(el('span', { class: 'xun-chips-key', text: this.t.filters[key] }));
      values.forEach((value) => {
        row.appendChild(el('button', { class: 'xun-chip', 'data-key': key, 'data-value': value, 'aria-pressed': 'false' },
          [value, ' ', el('span', { class: 'xun-count', text: String(counts[value]) })]));
      });
    }
    row.hidden = !row.firstChild;
    if (this.recent) this.recent.chips(!row.hidden);
  }

  // The row at its start (its key's label), or at a chip still chosen,
  // not wherever it was last scrolled to: on opening, when the focus
  // leaves it, and back from one page's sections.
  home() {
    const chosen = this.row.querySelector('[aria-pressed=true]');
    this.row.scrollLeft = chosen ? chosen.offsetLeft - this.row.offsetLeft : 0;
  }

  clear() {
    this.filters = {};
    this.row.querySelectorAll('[aria-pressed=true]').forEach((c) => c.setAttribute('aria-pressed', 'false'));
  }
}
