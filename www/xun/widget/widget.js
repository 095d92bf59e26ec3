// The search widget: a button, and a native modal <dialog> (top layer,
// inert page, Esc, focus return) with the results as an ARIA listbox. This
// module puts the parts together, opens and closes the dialog (with a
// history entry of its own) and leaves it for a chosen result. The parts:
//   view.js     the elements: the button, the search bar, the dialog
//   keys.js     the keys, and the focus
//   search.js   the engine and the searches
//   results.js  what a search found, its notes and the help
//   chips.js    the filter chips
//   recent.js   the recent searches, and their list
import { STRINGS, pickLang } from './strings.js';
import { buildButton, buildBar, buildDialog } from './view.js';
import { listenKeys, giveBackFocus } from './keys.js';
import { Search } from './search.js';
import { Results } from './results.js';
import { Chips } from './chips.js';
import { Recent, RecentList } from './recent.js';
import { off } from '../options.js';
import { anchored, markText } from '../highlight.js';

// The current history entry is the open dialog's.
const ours = () => history.state && history.state.xun;
// This page's address, without its #section, nor the ?q= that opened the
// dialog (the page's own entry has lost it already).
const page = (href = location.href) => {
  const url = new URL(href, location.href);
  url.searchParams.delete('q');
  url.hash = '';
  return url.href;
};
// A click that follows a link here, not in a new tab or window.
const plainClick = (e) => !e.defaultPrevented && !e.button && !(e.ctrlKey || e.metaKey || e.shiftKey || e.altKey);

export class Widget {
  constructor(options, cssHref) {
    const lang = pickLang(options.lang);
    const t = STRINGS[lang];
    // Where the index is: relative result URLs start from it, and recent
    // searches are kept by it. An offline page without data-index has it
    // beside xun.js (and xun.css), whichever page of the site it is.
    const base = new URL(options.index || cssHref, location.href);
    if (options.index && !/\/$/.test(base.pathname)) base.pathname += '/';
    this.recent = off(options.recent) ? null : new Recent(new URL('.', base).href);
    this.button = buildButton(options, t, cssHref);
    // Each part makes its own elements; the dialog places them.
    const bar = buildBar(options, t);
    const input = this.input = bar.input;
    const results = this.results = new Results(t, input, {
      base,
      chose: (option, e) => { this.chose(option, e); },
      inPage: (url) => { this.search.inPage(url); },
      retype: (q) => { this.search.retype(q); },
      clearFilters: () => {
        chips.clear();
        input.focus();
        this.search.run(false);
      },
      filtered: () => !!chips.chosen()
    });
    const chips = this.chips = new Chips(t, () => { this.search.run(false); }, this.recent);
    const recent = new RecentList(t, this.recent, {
      base,
      input,
      retype: (q) => { this.search.retype(q); },
      leave: (e, href) => { this.leave(e, href); },
      empty: () => { results.firstHelp(); }
    });
    const search = this.search = new Search(options, t, { input, clear: bar.clear, results, chips, recent });
    const dialog = this.dialog = buildDialog(t, lang, cssHref, bar, {
      chips: chips.row,
      head: [search.back, results.status, search.sortBox],
      body: [results.note, recent.box, results.list, results.help, results.more]
    });

    // Intent: load on hover, focus or touch of the button.
    ['pointerenter', 'focus', 'touchstart'].forEach((type) => {
      this.button.addEventListener(type, () => { search.load(); }, { passive: true });
    });
    this.button.addEventListener('click', () => { this.open(); });
    bar.cancel.addEventListener('click', () => { this.hide(); });
    bar.clear.addEventListener('click', () => { search.retype(''); });
    // A click on the ::backdrop is a click on the dialog itself (the frame
    // fills the dialog's box). Only one that starts there too: not a
    // selection dragged out of the input, nor the second click of a
    // double click on the button, which lands on the dialog it opened.
    let pressed = null;
    dialog.addEventListener('pointerdown', (e) => { pressed = e.target; });
    dialog.addEventListener('click', (e) => {
      if (e.target === dialog && pressed === dialog && e.detail < 2) this.hide();
    });
    listenKeys({ dialog, input, results, hotkey: options.hotkey, open: () => { this.open(); }, hide: () => { this.hide(); } });
    // Back closes the dialog (its own history entry, pushed by open), on
    // a phone where it fills the screen and elsewhere alike; Forward into
    // that entry opens it again, on the query it had.
    addEventListener('popstate', () => {
      if (this.backing) {
        // Our own step back, for a dialog closed another way; reopened
        // meanwhile, it takes an entry again.
        this.backing = false;
        if (dialog.open) history.pushState({ xun: 1 }, '');
      } else if (ours()) this.open();
      else this.hide();
    });
    const q = new URLSearchParams(location.search).get('q');
    if (q) this.open(q);
  }

  open(query) {
    if (this.dialog.open) return;
    this.search.fromAddress = query != null;
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
    this.chips.home();
    if (query != null) this.input.value = query;
    this.search.clearButton.hidden = !this.input.value;
    this.input.focus();
    // Reopened, the last query is selected, to be typed over.
    if (query == null) this.input.select();
    this.search.load();
    // The chips, once the dialog is open: only the filter table is fetched.
    this.chips.show(() => this.search.load());
    this.search.run(false);
  }

  hide(chosen, stay) {
    if (!this.dialog.open) return;
    const q = this.input.value.trim();
    // Remembered only if it was answered: not one typed and left at once.
    if (q && this.recent && this.results.total && !this.results.isStale && !chosen) this.recent.add({ q });
    this.dialog.close();
    document.documentElement.style.overflow = this.overflow || '';
    // The dialog's history entry goes: Back then leaves the page, as
    // before it was opened (a result leaving the page replaces it).
    if (ours() && !this.backing && !stay) {
      this.backing = true;
      history.back();
    }
    giveBackFocus(this.dialog, this.button);
  }

  // A link out of the dialog, followed so that Back from where it leads
  // comes to this page, not to an entry of a closed dialog (a new tab or
  // window leaves it to hide). To another page: the dialog's entry goes
  // first (hide steps back), then the link is followed, so that the page
  // is kept in the back/forward cache (Chrome keeps none left by
  // location.replace) and Back shows it at once, as it was. To a #section
  // of this page: the section takes the dialog's entry, once the ?q= that
  // opened the dialog is gone (then only the #section differs, and the
  // page is not loaded again). To this very page with no #section: nowhere,
  // for following it would reload the page, and lose the marks.
  leave(event, href, chosen) {
    const plain = plainClick(event);
    const stay = new URL(href, location.href).href === page();
    const follow = plain && !stay && ours() && !this.backing;
    const section = follow && page(href) === page();
    this.hide(chosen, section);
    if (plain && stay || follow) event.preventDefault();
    if (section) {
      history.replaceState(history.state, '', page());
      location.replace(href);
    } else if (follow) addEventListener('popstate', () => { location.assign(href); }, { once: true });
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
    const here = page(target.href) === page();
    // A new tab gets its own page; this one stays as it is.
    const mine = plainClick(event);
    this.leave(event, option.href, true);
    if (!here || !mine) return;
    const mark = () => {
      const section = anchored(target.hash);
      // The terms as the hit marked them, in the page's own script too.
      const landed = this.search.highlight && markText(document.body, option.terms || this.results.terms, section);
      // The section, or for a whole page the passage brought into view,
      // takes the focus: a keyboard reader's next Tab goes on from there,
      // and a second Enter does not press the search button.
      const focus = section || (landed && landed.parentElement);
      if (focus) {
        if (!focus.hasAttribute('tabindex') && focus.tabIndex < 0) focus.setAttribute('tabindex', '-1');
        focus.focus({ preventScroll: true });
      }
    };
    // Stepping back off the dialog's entry restores where the page was
    // scrolled: the marks (and the scroll to the first) come after it.
    if (this.backing) addEventListener('popstate', () => setTimeout(mark), { once: true });
    else mark();
  }
}
