// DOM helpers for the widget. Corpus text only ever becomes text nodes and
// <mark> elements: nothing from the index is parsed as HTML.

export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  // Buttons, never submit buttons (a page may put the widget in a form).
  if (tag === 'button') node.type = 'button';
  for (const k in attrs || {}) {
    if (k === 'text') node.textContent = attrs[k];
    else if (attrs[k] != null && attrs[k] !== false) node.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
  }
  (children || []).forEach((c) => { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
  return node;
}

export const ICONS = {
  search: 'M10.5 3a7.5 7.5 0 0 1 5.96 12.06l4.24 4.23-1.42 1.42-4.23-4.24A7.5 7.5 0 1 1 10.5 3Zm0 2a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11Z',
  clear: 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6 10.6 12 5 6.4Z'
};

export function icon(name) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', ICONS[name || 'search']);
  svg.appendChild(path);
  return svg;
}

// A shadow root with xun.css, so the page's CSS and ours stay apart.
export function shadowHost(className, cssHref) {
  const host = el('div', { class: className });
  const root = host.attachShadow({ mode: 'open' });
  root.appendChild(el('link', { rel: 'stylesheet', href: cssHref }));
  return { host, root };
}

// The engine's excerpts are escaped text with <mark> around matches;
// they become text nodes and <mark> elements, never parsed as HTML.
const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
export function excerptNodes(html, into) {
  html.split(/(<\/?mark>)/).reduce((marked, part) => {
    if (part === '<mark>') return true;
    if (part === '</mark>') return false;
    if (part) {
      const text = document.createTextNode(part.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]));
      into.appendChild(marked ? el('mark', null, [text]) : text);
    }
    return marked;
  }, false);
  return into;
}

// Links go to web or local pages only: an index with a javascript: URL
// gets none. A relative URL (an index built with --base-url ../, for a
// site opened from disk or served under any path) is relative to the
// index's directory `base`, not to the page that shows it. Saved pages
// opened from disk cannot rely on a server's index.html.
export function hitHref(url, base) {
  let resolved;
  try {
    resolved = new URL(url, base);
  } catch (e) {
    return '#';
  }
  if (!/^(https?|file):$/.test(resolved.protocol)) return '#';
  url = resolved.href;
  return location.protocol === 'file:' ? url.replace(/\/(#|$)/, '/index.html$1') : url;
}

// The focused element, looking inside shadow roots.
export function focused() {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a;
}
