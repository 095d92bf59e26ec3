// Highlight on arrival: a result opened from the widget carries the matched
// terms in ?xun-highlight=; the page it opens, when it loads xun.js, marks
// them. Same-origin only, text nodes only: no HTML is parsed.
export const PARAM = 'xun-highlight';
import { termsPattern, markRuns } from './mark.js';

const SKIP = /^(SCRIPT|STYLE|NOSCRIPT|TEXTAREA|INPUT|SELECT|OPTION|MARK|TEMPLATE|SVG|CODE|PRE)$/i;
const MOST = 200;

/** The hit's URL with the terms added, when it is on this site. */
export function withTerms(href, terms) {
  let url;
  try {
    url = new URL(href, location.href);
  } catch (e) {
    return href;
  }
  const words = terms.filter((t) => t.length > 1);
  if (url.origin !== location.origin || !/^https?:$/.test(url.protocol) || !words.length) return href;
  // This very page (whatever ?q= opened the widget): no navigation, the
  // widget marks the terms itself.
  const here = new URL(location.href);
  here.searchParams.delete('q');
  if (url.pathname === here.pathname && url.search === here.search) return href;
  url.searchParams.set(PARAM, words.join(' '));
  return url.href;
}

/** The element a URL's #anchor names on this page, if any. */
export function anchored(hash) {
  try {
    return document.getElementById(decodeURIComponent(hash.slice(1)));
  } catch (e) {
    return null;
  }
}

/** Wraps each occurrence of the terms in `root`'s text in <mark
 * class="xun-highlight">, from the element `from` on, if given: the
 * section the reader lands on gets its marks before the cap is spent.
 * The marks of an earlier search on this page go first. Without `from`,
 * the passage with the most of the query is scrolled into view (a
 * page-level hit would otherwise leave the reader at the top), and its
 * first mark returned. */
export function markText(root, terms, from) {
  root.querySelectorAll('mark.xun-highlight').forEach((mark) => {
    const parent = mark.parentNode;
    mark.replaceWith(...mark.childNodes);
    // One text node again, so that a term across the seam still matches.
    parent.normalize();
  });
  const re = termsPattern(terms.filter((t) => t.length > 1));
  if (!re) return 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      for (let p = node.parentNode; p && p !== root; p = p.parentNode) {
        if (SKIP.test(p.nodeName) || (p.className && /xun-(button|modal)-host/.test(p.className))) return NodeFilter.FILTER_REJECT;
      }
      return NodeFilter.FILTER_ACCEPT;
    }
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  // Inside or after `from` (DOCUMENT_POSITION_CONTAINED_BY | FOLLOWING).
  const start = from ? nodes.findIndex((n) => from.compareDocumentPosition(n) & 20) : -1;
  if (start > 0) nodes.push(...nodes.splice(0, start));
  let count = 0;
  for (const node of nodes) {
    const frag = document.createDocumentFragment();
    const n = markRuns(node.data, re, frag, 'xun-highlight', MOST - count);
    if (n) node.parentNode.replaceChild(frag, node);
    count += n;
  }
  if (from) return null;
  const best = richest(root, terms);
  const box = best && best.getBoundingClientRect();
  if (box && (box.top < 0 || box.bottom > innerHeight)) best.scrollIntoView({ block: 'center' });
  return best;
}

// The first mark of the first block (paragraph, list item, heading) whose
// marks hold the most distinct terms: where the hit's excerpt came from,
// as the engine picks it, rather than the first passing mention.
function richest(root, terms) {
  const words = terms.filter((t) => t.length > 1).map((t) => t.toLowerCase());
  const blocks = new Map();
  let best = null, most = 0;
  for (const mark of root.querySelectorAll('mark.xun-highlight')) {
    const block = mark.closest('p,li,dd,td,h1,h2,h3,h4,h5,h6') || mark.parentNode;
    let seen = blocks.get(block);
    if (!seen) blocks.set(block, (seen = { first: mark, terms: new Set() }));
    const text = mark.textContent.toLowerCase();
    words.forEach((w) => { if (text.includes(w)) seen.terms.add(w); });
    if (seen.terms.size > most || !best) {
      most = seen.terms.size;
      best = seen.first;
    }
  }
  return best;
}

/** On arrival: marks the terms the link carried, if it came from this
 * site, and takes them out of the address (the hash stays). */
export function highlightOnArrival() {
  const url = new URL(location.href);
  const terms = url.searchParams.get(PARAM);
  if (terms == null) return;
  url.searchParams.delete(PARAM);
  history.replaceState(history.state, '', url.href);
  let from = null;
  try {
    from = document.referrer && new URL(document.referrer).origin;
  } catch (e) {
    from = null;
  }
  if (from !== location.origin) return;
  const target = anchored(url.hash);
  markText(document.body, terms.split(/\s+/), target);
  if (target) keepInView(target);
}

// A theme may move the page after the browser has scrolled to the anchor
// (Butterfly's and Redefine's headers change as the page loads): until the
// reader scrolls, the heading is brought back into sight, below whatever
// fixed bar covers it.
function keepInView(target) {
  let moved = false;
  ['wheel', 'touchstart', 'keydown', 'mousedown'].forEach((e) => addEventListener(e, () => { moved = true; }, { once: true, passive: true }));
  const fix = () => {
    let top = target.getBoundingClientRect().top;
    if (moved) return;
    if (top < 0 || top >= innerHeight) target.scrollIntoView();
    top = target.getBoundingClientRect().top;
    for (let bar = document.elementFromPoint(target.getBoundingClientRect().left + 1, top + 1); bar && !bar.contains(target); bar = bar.parentElement) {
      if (/fixed|sticky/.test(getComputedStyle(bar).position)) return scrollBy(0, top - bar.getBoundingClientRect().bottom - 8);
    }
  };
  // Also once the page has loaded, which may be late (slow images).
  [300, 1000, 2500].forEach((ms) => setTimeout(fix, ms));
  addEventListener('load', () => setTimeout(fix, 200));
}
