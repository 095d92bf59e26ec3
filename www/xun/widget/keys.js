// Keys and focus: the hotkey and / open the dialog (the hotkey closes it
// too); from the input, the arrows move in the results and Enter opens
// one; Esc closes the dialog from anywhere in it, Tab stays in it; and
// closed, it gives the focus back.
import { focused } from './dom.js';

/** `w`: { dialog, input, results, hotkey, open(), hide() }. */
export function listenKeys(w) {
  const { dialog, input, results } = w;
  document.addEventListener('keydown', (e) => {
    const key = (e.key || '').toLowerCase();
    const chord = key === (w.hotkey || 'k').toLowerCase() && (e.metaKey || e.ctrlKey);
    if (dialog.open) {
      // The hotkey toggles; the browser's own use of it is kept out.
      if (chord) {
        e.preventDefault();
        w.hide();
      }
      return;
    }
    // The element typed into, also inside other shadow roots.
    const target = e.composedPath ? e.composedPath()[0] : e.target;
    const typing = /^(input|textarea|select)$/i.test(target.tagName) || target.isContentEditable;
    if (chord || (key === '/' && !typing && !e.metaKey && !e.ctrlKey)) {
      e.preventDefault();
      w.open();
    }
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      results.select(results.active + (e.key === 'ArrowDown' ? 1 : -1), true);
    } else if (e.key === 'Enter') {
      // Enter that commits an input method's composition is not a choice.
      if (composition(e)) return;
      e.preventDefault();
      results.activate();
    }
  });
  dialog.addEventListener('keydown', (e) => { dialogKeys(e, w); });
  // Esc that cancels an input method's composition (pinyin) is the input
  // method's: the dialog stays. Some platforms report it as the
  // dialog's cancel, not as a key.
  let composing = false;
  input.addEventListener('compositionstart', () => { composing = true; });
  input.addEventListener('compositionend', () => { composing = false; });
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    if (!composing) w.hide();
  });
}

// A key an input method takes for its composition.
const composition = (e) => e.isComposing || e.keyCode === 229;

// Esc closes from anywhere in the dialog (a search field would only
// clear). The arrows go down from the input through the recent searches,
// and back up to it. Tab from the last stop comes back to the first, and
// Shift+Tab the other way, rather than leaving for the browser's own
// controls.
function dialogKeys(e, w) {
  if (e.key === 'Escape') {
    if (composition(e)) return;
    e.preventDefault();
    w.hide();
  }
  const up = e.key === 'ArrowUp';
  if (up || e.key === 'ArrowDown') {
    const recent = [...w.dialog.querySelectorAll('.xun-recent-go')].filter((n) => n.getClientRects().length);
    const at = recent.indexOf(w.dialog.getRootNode().activeElement);
    if (recent.length && (at >= 0 || !w.results.options().length)) {
      e.preventDefault();
      (recent[Math.min(at + (up ? -1 : 1), recent.length - 1)] || w.input).focus();
    }
  }
  if (e.key !== 'Tab') return;
  const stops = [...w.dialog.querySelectorAll(':is(input, button, a[href]):not([tabindex="-1"])')].filter(
    (n) => n.getClientRects().length > 0 && !n.disabled);
  if (!stops.length) return;
  const at = stops.indexOf(w.dialog.getRootNode().activeElement);
  const next = at + (e.shiftKey ? -1 : 1);
  if (next < 0 || next >= stops.length) {
    e.preventDefault();
    stops[(next + stops.length) % stops.length].focus();
  }
}

/** The dialog gives focus back to where it was; from the page's body (a
 * hotkey, ?q=), to the button, where a reader can find it again. */
export function giveBackFocus(dialog, button) {
  const now = focused();
  if (!now || now === document.body || now === document.documentElement || dialog.contains(now)) button.focus({ preventScroll: true });
}
