// Recent searches and opened results, in localStorage, one list per index.
// Nothing leaves the browser. Storage may be off (private modes, policies):
// then the list is simply empty.
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

  remove(at) {
    const items = this.list();
    items.splice(at, 1);
    this.save(items);
  }
}
