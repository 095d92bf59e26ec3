// The results: pages with their sections as options of a listbox, the
// count, the notes, "no results" help and "show more".
import { el, excerptNodes, hitHref } from './dom.js';
import { termsPattern, markRuns } from '../mark.js';
import { withTerms } from '../highlight.js';

export class Results {
  /** `input` is the combobox the list belongs to; `host` what the list
   * asks of the widget: base (the index's URL, for relative result URLs),
   * chose(option, event), inPage(url), retype(query),
   * clearFilters(), filtered() (whether a filter is chosen). */
  constructor(t, input, host) {
    this.t = t;
    this.input = input;
    this.host = host;
    this.list = el('div', { id: 'xun-list', class: 'xun-list', role: 'listbox', 'aria-label': t.results });
    this.status = el('p', { class: 'xun-status', role: 'status', 'aria-live': 'polite' });
    // Read out like the count: a correction or a missing word explains
    // the results as much as their number does.
    this.note = el('p', { class: 'xun-note', role: 'status', hidden: true });
    this.help = el('div', { class: 'xun-help', hidden: true });
    this.more = el('button', { class: 'xun-more', hidden: true, text: t.more });
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
        if (option.dataset.page) this.host.inPage(option.dataset.page);
        else this.host.chose(option, e);
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
    this.status.textContent = status;
    this.more.hidden = true;
    this.help.hidden = true;
  }

  clear() {
    this.isStale = this.entered = false;
    this.list.classList.remove('xun-stale');
    this.list.removeAttribute('aria-busy');
    this.list.textContent = '';
    this.active = -1;
    this.shown = 0;
    this.total = 0;
    this.note.hidden = this.more.hidden = this.help.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  // The reader sees a short message in the widget's language; the console
  // gets the details. A page opened as a file cannot fetch the index (only
  // an offline build carries it inline), and trying later will not help.
  failed(e) {
    console.error(e);
    this.clear();
    const file = location.protocol === 'file:' && !self.XUN_OFFLINE;
    this.status.textContent = file ? this.t.failedFile : this.t.failed;
  }

  select(i, scroll) {
    const all = this.options();
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

  // Enter: opens the selected option; pressed while the results answer an
  // older query, the first answer to this one, as soon as it comes.
  activate() {
    this.entered = this.isStale;
    if (this.isStale) return;
    const option = this.options()[Math.max(this.active, 0)];
    if (option) option.click();
  }

  render(res, more, highlight) {
    const t = this.t, entered = this.entered && !more;
    if (!more) {
      this.clear();
      // A new list is read from its top (its count, its first answer),
      // not from where the last one was scrolled to.
      this.list.parentNode.scrollTop = 0;
    }
    this.isStale = false;
    this.list.classList.remove('xun-stale');
    this.list.removeAttribute('aria-busy');
    this.terms = res.terms;
    // Titles and headings mark the words as they write them too: 臺北 on
    // a blog in Traditional script, where the term is 台北.
    const forms = res.terms.slice();
    res.hits.forEach((p) => { p.sections.forEach((s) => { forms.push(...s.marked); }); });
    const pattern = termsPattern(forms, 'i'), every = termsPattern(forms);
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
        const href = hitHref(s.url, this.host.base);
        const option = el('a', {
          role: 'option', id: 'xun-o' + n++, href, class: 'xun-hit',
          tabindex: '-1', 'aria-selected': 'false', 'data-title': page.title, 'data-heading': s.heading || '', 'data-url': s.url
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
        option.terms = [...new Set(res.terms.concat(marked, s.marked || page.marked))];
        if (highlight) option.href = withTerms(href, option.terms);
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
    if (all && this.more.getRootNode().activeElement === this.more) {
      this.input.focus();
      this.select(first, true);
    }
    this.more.hidden = all;
    // A typo the engine corrected comes first: it explains the results,
    // shown as the whole query retyped. Hits without every word, and a
    // query cut short, say so too, or the missing words go unnoticed.
    const corrected = retyped(res);
    const notes = [corrected ? t.corrected(corrected) : '', res.partial ? t.partial : '', res.truncated ? t.truncated + clip(res.left_out.join(' ')) : ''].filter(Boolean);
    this.note.hidden = !(res.total && notes.length);
    this.note.textContent = notes.join(' ');
    this.status.textContent = res.total ? t.count(this.shown, res.total) : t.none(res.query);
    this.input.setAttribute('aria-expanded', res.total ? 'true' : 'false');
    this.renderHelp(res, corrected);
    if (!more && n) this.select(0, false);
    if (entered) this.activate();
  }

  // The query syntax, under the help.
  syntaxHelp() {
    this.help.appendChild(el('p', { class: 'xun-syntax-help', text: this.t.syntax }));
  }

  // A first visit, nothing typed: how to search, rather than a blank box.
  firstHelp() {
    this.help.textContent = '';
    this.help.hidden = false;
    this.syntaxHelp();
  }

  // Nothing found: the correction if there is one, the query syntax, and
  // a way out of the filters.
  renderHelp(res, corrected) {
    const t = this.t, help = this.help;
    help.textContent = '';
    help.hidden = res.total > 0;
    if (res.total) return;
    if (corrected) {
      const again = el('button', { class: 'xun-link', text: t.tryCorrected(corrected) });
      again.addEventListener('click', () => { this.host.retype(corrected); });
      help.appendChild(el('p', null, [again]));
    }
    // Words to exclude alone find nothing to exclude them from.
    help.appendChild(el('p', { text: !res.terms.length && /^\s*(-\S+\s*)+$/.test(res.query) ? t.onlyExcluded : t.help }));
    this.syntaxHelp();
    if (this.host.filtered()) {
      const clear = el('button', { class: 'xun-link xun-clear-filters', text: t.clearFilters });
      clear.addEventListener('click', () => { this.host.clearFilters(); });
      help.appendChild(el('p', null, [clear]));
    }
  }
}

// What was left out of a long paste, named by its first 40 characters.
const clip = (s) => [...s].length > 40 ? [...s].slice(0, 40).join('') + '…' : s;

// The query with each word the engine corrected replaced by what it took
// it for (`kubernets 灰度` → `kubernetes 灰度`), or '' when none was.
function retyped(res) {
  const fixes = res.corrected;
  if (!Object.keys(fixes).length) return '';
  const query = res.query.replace(/\w+/g, (w) => fixes[w.toLowerCase()] || w);
  // A word folded past recognition (full-width letters): the corrections.
  return query !== res.query ? query : Object.keys(fixes).map((k) => fixes[k]).join(' ');
}
