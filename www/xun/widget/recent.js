// Recent searches and opened results, in localStorage, one list per index,
// and their list, shown while nothing is typed. Nothing leaves the
// browser. Storage may be off (private modes, policies): then the list is
// simply empty.
import { el, icon, hitHref } from './dom.js';

const KEEP = 8;

export class Recent {
  constructor(index) {
    this.key = 'xun-recent:' + index;
  }

  list() {
    try {
      const items = JSON.parse(localStorage.getItem(this.key) || '[]');
      return Array.isArray(items) ? items.filter((i) => i && typeof i.q === 'string') : [];
    } catch (e) {
      return [];
    }
  }

  save(items) {
    try {
      localStorage.setItem(this.key, JSON.stringify(items.slice(0, KEEP)));
    } catch (e) {
      // Storage is full or off: nothing is remembered.
    }
  }

  /** Adds a search ({q}) or an opened result ({q, title, url}) first. */
  add(item) {
    const same = (i) => (item.url ? i.url === item.url : !i.url && i.q === item.q);
    this.save([item].concat(this.list().filter((i) => !same(i))));
  }

  /** Whether this index has filter chips, read (no argument) or
   * remembered: their row keeps its room while they load, and the list
   * below it does not move under a finger about to tap it. */
  chips(had) {
    try {
      if (had == null) return localStorage.getItem(this.key + ':chips');
      localStorage.setItem(this.key + ':chips', had ? 1 : '');
    } catch (e) {
      // As for the list: nothing is remembered.
    }
  }

  remove(at) {
    const items = this.list();
    items.splice(at, 1);
    this.save(items);
  }
}

// The list in the dialog, each entry removable.
export class RecentList {
  /** `recent`: the store, or null (off); `host`: input (focused when
   * the last entry goes), retype(query), leave(event, href), empty()
   * (nothing to list). */
  constructor(t, recent, host) {
    this.t = t;
    this.recent = recent;
    this.host = host;
    this.box = el('div', { class: 'xun-recent', hidden: true });
  }

  show() {
    const box = this.box;
    const items = this.recent ? this.recent.list() : [];
    box.textContent = '';
    box.hidden = !items.length;
    if (!items.length) {
      this.host.empty();
      return;
    }
    const list = el('ul', { 'aria-labelledby': 'xun-recent-title' });
    items.forEach((item, i) => {
      // Two sections of one post differ by their headings.
      const label = item.url ? [item.title || item.url, item.heading].filter(Boolean).join(' › ') : item.q;
      // Stored URLs are checked as the engine's are: storage is shared by
      // every page of the origin, and not all of them are this site's.
      const go = item.url
        ? el('a', { href: hitHref(item.url, this.host.base), class: 'xun-recent-go', text: label, title: label })
        : el('button', { class: 'xun-recent-go', text: label, title: label });
      go.addEventListener('click', (e) => {
        if (item.url) {
          this.recent.add(item);
          this.host.leave(e, go.href);
        } else this.host.retype(item.q);
      });
      const remove = el('button', { class: 'xun-remove', 'aria-label': this.t.remove(label) }, [icon('clear')]);
      remove.addEventListener('click', () => {
        this.recent.remove(i);
        this.show();
        const removes = box.querySelectorAll('.xun-remove');
        (removes[Math.min(i, removes.length - 1)] || this.host.input).focus();
      });
      list.appendChild(el('li', { class: item.url ? 'xun-recent-page' : 'xun-recent-query' }, [go, remove]));
    });
    box.appendChild(el('p', { id: 'xun-recent-title', class: 'xun-recent-title', text: this.t.recent }));
    box.appendChild(list);
  }
}
