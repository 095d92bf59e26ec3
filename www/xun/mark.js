// Marking the query's terms in text: the widget's titles and headings, and
// the page's own text on arrival (highlight.js). Text nodes and <mark>
// elements only: nothing is parsed as HTML.

// A regular expression that finds any of the terms, or null. A term
// that starts with a Latin letter or digit starts a word where it is
// marked: not `ai` inside `container`, nor `3` inside `k3s` (as the
// engine matches them); a browser without lookbehind marks it anywhere.
// A term that ends with a digit ends a number: not `1` of `2019-10-31`.
export function termsPattern(terms, flags) {
  const words = terms.filter((t) => t.length > 0).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = (start) => new RegExp('(' + words.map((w) => (/^\w/.test(w) ? start : '') + w + (/\d$/.test(w) ? '(?!\\d)' : '')).join('|') + ')', flags || 'gi');
  if (!words.length) return null;
  try {
    return pattern('(?<!\\w)');
  } catch (e) {
    return pattern('');
  }
}

/** Appends `text` to `into` as text nodes and <mark class=className>
 * around what `re` (global, or null) finds, at most `most` marks; returns
 * how many. Terms side by side are one mark, with no seam (服务网格). */
export function markRuns(text, re, into, className, most) {
  let at = 0, count = 0, mark = null, m;
  if (re) re.lastIndex = 0;
  while (re && count < most && (m = re.exec(text)) && m[0]) {
    if (mark && m.index === at) mark.textContent += m[0];
    else {
      if (m.index > at) into.appendChild(document.createTextNode(text.slice(at, m.index)));
      mark = into.appendChild(document.createElement('mark'));
      if (className) mark.className = className;
      mark.textContent = m[0];
      count++;
    }
    at = m.index + m[0].length;
  }
  if (at < text.length) into.appendChild(document.createTextNode(text.slice(at)));
  return count;
}
