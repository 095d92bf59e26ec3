// The results: pages with their sections as options of a listbox, the
// count, the notes, "no results" help and "show more".
import { el, excerptNodes, hitHref } from './dom.js';
import { termsPattern, markRuns } from '../mark.js';
import { withTerms } from '../highlight.js';

export class Results {
  constructor(widget, list) {
    this.w = widget;
    this.list = list;
    this.active = -1;
    this.shown = 0;
    this.total = 0;
    this.terms = [];
    this.list.addEventListener('mousemove', (e) => {
      const option = e.target.closest && e.target.closest('[role=option]');
      if (option) this.select(this.options().indexOf(option), false);
    });
    this.list.addEventListener('click', (e) => {
      const option = e.target.closest && e.target.closest('[role=option]');
      if (option && !this.isStale) {
        // "More in this page" is an option too, so that arrows reach it.
        if (option.dataset.page) this.w.inPage(option.dataset.page);
        else this.w.chose(option, e);
      } else if (option) e.preventDefault();
    });
  }

  options() {
    return [...this.list.querySelectorAll('[role=option]')];
  }

  // The results on screen answer an earlier query: dimmed, not choosable,
  // and the status says what is happening.
  stale(status) {
    this.isStale = true;
    this.list.classList.add('xun-stale');
    this.list.setAttribute('aria-busy', 'true');
    this.w.status.textContent = status;
    this.w.more.hidden = true;
    this.w.help.hidden = true;
  }

  clear() {
    this.isStale = false;
    this.list.classList.remove('xun-stale');
    this.list.removeAttribute('aria-busy');
    this.list.textContent = '';
    this.active = -1;
    this.shown = 0;
    this.total = 0;
    const w = this.w;
    w.note.hidden = w.more.hidden = w.help.hidden = w.sortBox.hidden = w.back.hidden = true;
    w.input.setAttribute('aria-expanded', 'false');
    w.input.removeAttribute('aria-activedescendant');
  }

  select(i, scroll) {
    const all = this.options();
    if (!all.length) {
      this.active = -1;
      this.w.input.removeAttribute('aria-activedescendant');
      return;
    }
    this.active = (i + all.length) % all.length;
    all.forEach((o, k) => { o.setAttribute('aria-selected', String(k === this.active)); });
    this.w.input.setAttribute('aria-activedescendant', all[this.active].id);
    if (scroll) all[this.active].scrollIntoView({ block: 'nearest' });
  }

  // Enter: opens the selected option, unless it answers an older query.
  activate() {
    if (this.isStale) return;
    const option = this.options()[Math.max(this.active, 0)];
    if (option) option.click();
  }

  render(res, more, highlight) {
    const w = this.w, t = w.t;
    if (!more) this.clear();
    this.isStale = false;
    this.list.classList.remove('xun-stale');
    this.list.removeAttribute('aria-busy');
    this.terms = res.terms;
    const pattern = termsPattern(res.terms, 'i'), every = termsPattern(res.terms);
    // Titles and headings are plain text, marked here.
    const withMarks = (text, into) => (markRuns(text, every, into, '', Infinity), into);
    let n = this.options().length;
    const first = n;
    res.hits.forEach((page) => {
      const id = 'xun-p' + n;
      const title = el('div', { class: 'xun-page', id }, [withMarks(page.title, el('span'))]);
      if (page.date) title.appendChild(el('time', { text: page.date }));
      const group = el('div', { role: 'group', class: 'xun-group', 'aria-labelledby': id }, [title]);
      // A section shows why it matched: a marked word in its heading or
      // excerpt. A page that matched by its title alone is shown once, at
      // its top, not as every section it has.
      let sections = page.sections.filter((s) => s.excerpt.indexOf('<mark>') >= 0 || (pattern && pattern.test(s.heading)));
      if (!sections.length && page.sections.length) {
        const top = page.sections[0];
        sections = [{ url: page.page_url || top.url.replace(/#.*/, ''), heading: '', excerpt: top.excerpt, partial: top.partial, missing: top.missing }];
      }
      sections.forEach((s) => {
        // A hit without every word says which it lacks.
        const missing = s.partial && s.missing && s.missing.length
          ? el('span', { class: 'xun-missing', text: t.missing + s.missing.join(' ') }) : null;
        const href = hitHref(s.url);
        const option = el('a', {
          role: 'option', id: 'xun-o' + n++, href, class: 'xun-hit',
          tabindex: '-1', 'aria-selected': 'false', 'data-title': page.title, 'data-heading': s.heading || '', 'data-url': href
        }, [
          // The opening of a post has no heading of its own: the page's
          // title above it says it all.
          s.heading ? withMarks(s.heading, el('span', { class: 'xun-heading' })) : null,
          excerptNodes(s.excerpt, el('span', { class: 'xun-excerpt' })),
          missing
        ]);
        // The page marks what this hit marks, as its text writes it: 記憶體
        // where the query's terms are 记忆体 and 内存 (a mark the terms
        // do not cover already).
        const marked = [...option.querySelectorAll('mark')].map((m) => m.textContent)
          .filter((m, i, all) => all.indexOf(m) === i && (!every || m.replace(every, '').trim()));
        if (highlight) option.href = withTerms(href, res.terms.concat(marked));
        group.appendChild(option);
      });
      // A page with more matching sections than shown offers them.
      const rest = page.sections_total - page.sections.length;
      if (rest > 0) {
        group.appendChild(el('button', {
          role: 'option', id: 'xun-o' + n++, tabindex: '-1', 'aria-selected': 'false',
          class: 'xun-link xun-in-page', 'data-page': page.page_url, text: t.inPage(rest)
        }));
      }
      this.list.appendChild(group);
    });
    this.shown += res.hits.length;
    this.total = res.total;
    const all = !(this.shown < res.total);
    // "Show more" keeps the focus; when nothing more is left it hands it
    // to the input, on the first of the new results.
    if (all && w.more.getRootNode().activeElement === w.more) {
      w.input.focus();
      this.select(first, true);
    }
    w.more.hidden = all;
    // A typo the engine corrected comes first: it explains the results,
    // shown as the whole query retyped. Hits without every word, and a
    // query cut short, say so too, or the missing words go unnoticed.
    const corrected = retyped(res);
    const notes = [corrected ? t.corrected(corrected) : '', res.partial ? t.partial : '', res.truncated ? t.truncated + res.left_out.join(' ') : ''].filter(Boolean);
    w.note.hidden = !(res.total && notes.length);
    w.note.textContent = notes.join(' ');
    w.status.textContent = res.total ? t.count(this.shown, res.total) : t.none(res.query);
    // Browsing a filter (nothing typed) is newest first, with no choice.
    w.sortBox.hidden = !res.total || !res.query;
    // Narrowed to one page ("more in this page"): the way back to all.
    w.back.hidden = !w.page;
    w.input.setAttribute('aria-expanded', res.total ? 'true' : 'false');
    this.renderHelp(res, corrected);
    if (!more && n) this.select(0, false);
  }

  // The query syntax, under the help.
  syntaxHelp() {
    this.w.help.appendChild(el('p', { class: 'xun-syntax-help', text: this.w.t.syntax }));
  }

  // Nothing found: the correction if there is one, the query syntax, and
  // a way out of the filters.
  renderHelp(res, corrected) {
    const w = this.w, t = w.t, help = w.help;
    help.textContent = '';
    help.hidden = res.total > 0;
    if (res.total) return;
    if (corrected) {
      const again = el('button', { class: 'xun-link', text: t.tryCorrected(corrected) });
      again.addEventListener('click', () => {
        w.input.value = corrected;
        w.changed();
        w.input.focus();
      });
      help.appendChild(el('p', null, [again]));
    }
    // Words to exclude alone find nothing to exclude them from.
    help.appendChild(el('p', { text: !res.terms.length && /^\s*(-\S+\s*)+$/.test(res.query) ? t.onlyExcluded : t.help }));
    this.syntaxHelp();
    if (Object.keys(w.filters).length) {
      const clear = el('button', { class: 'xun-link xun-clear-filters', text: t.clearFilters });
      clear.addEventListener('click', () => { w.clearFilters(); });
      help.appendChild(el('p', null, [clear]));
    }
  }
}

// The query with each word the engine corrected replaced by what it took
// it for (`kubernets 灰度` → `kubernetes 灰度`), or '' when none was.
function retyped(res) {
  const fixes = res.corrected;
  if (!Object.keys(fixes).length) return '';
  const query = res.query.replace(/\w+/g, (w) => fixes[w.toLowerCase()] || w);
  // A word folded past recognition (full-width letters): the corrections.
  return query !== res.query ? query : Object.keys(fixes).map((k) => fixes[k]).join(' ');
}
