// The widget's elements: the button, where the page asks for it, and the
// dialog around the elements of its parts. What they do is wired in the
// other modules.
import { el, icon, shadowHost } from './dom.js';
import { MAX_QUERY_CHARS } from '../options.js';

/** The search button, placed in options.target, else #xun-search, else
 * the page's nav or header, else floating. */
export function buildButton(options, t, cssHref) {
  const target = options.target;
  let place = typeof target === 'string' ? document.querySelector(target) : target;
  if (!place) place = document.getElementById('xun-search');
  const host = shadowHost('xun-button-host', cssHref);
  const button = el('button', { class: 'xun-button' }, [
    icon(), el('span', { text: t.button }), el('kbd', { text: /Mac|iP/.test(navigator.platform) ? '⌘K' : 'Ctrl K' })
  ]);
  host.root.appendChild(button);
  if (place) {
    place.appendChild(host.host);
  } else {
    const nav = document.querySelector('header nav, nav, header');
    if (nav) nav.appendChild(host.host);
    else {
      host.host.classList.add('xun-floating');
      document.body.appendChild(host.host);
    }
  }
  return button;
}

/** The search bar's own elements: the input, its clear button, 取消. */
export function buildBar(options, t) {
  return {
    input: el('input', {
      class: 'xun-input', type: 'search', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
      'aria-controls': 'xun-list', 'aria-label': t.label, placeholder: options.placeholder || t.placeholder,
      autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search',
      // Past what a search takes, so that a pasted query is not cut in
      // silence: the engine names what it left out.
      maxlength: String(4 * MAX_QUERY_CHARS)
    }),
    clear: el('button', { class: 'xun-clear', 'aria-label': t.clear, hidden: true }, [icon('clear')]),
    cancel: el('button', { class: 'xun-cancel' }, [el('kbd', { text: 'esc', 'aria-hidden': 'true' }), el('span', { text: t.cancel })])
  };
}

/** The dialog, in the page: the search bar, the chip row, the body (its
 * head, then the rest) and the footer. */
export function buildDialog(t, lang, cssHref, bar, parts) {
  const host = shadowHost('xun-modal-host', cssHref);
  const dialog = el('dialog', { class: 'xun-dialog', 'aria-label': t.label, lang }, [
    el('div', { class: 'xun-frame' }, [
      el('div', { class: 'xun-bar' }, [icon(), bar.input, bar.clear, bar.cancel]),
      parts.chips,
      el('div', { class: 'xun-body' }, [el('div', { class: 'xun-head' }, parts.head)].concat(parts.body)),
      el('div', { class: 'xun-footer', 'aria-hidden': 'true' }, [
        el('span', null, [el('kbd', { text: '↑' }), el('kbd', { text: '↓' }), t.select]),
        el('span', null, [el('kbd', { text: '↵' }), t.open]),
        el('span', { class: 'xun-syntax', text: t.syntax }),
        el('span', { class: 'xun-brand', text: '寻 xun' })
      ])
    ])
  ]);
  host.root.appendChild(dialog);
  document.body.appendChild(host.host);
  return dialog;
}
