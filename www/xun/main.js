/* xun (寻): client-side search for Chinese blogs.
 *
 * One classic script, three roles:
 *  - the API: window.xun.open({ index }) → engine; engine.search(q, opts)
 *  - the widget: <script src="/search/xun.js" data-index="/search/" defer>
 *    adds a search button and a modal (see README.md for the options)
 *  - the search worker: loaded again as a Web Worker, it runs the wasm off
 *    the page's main thread so typing never waits for a search.
 *
 * The wasm (xun_wasm.js, xun_wasm_bg.wasm) and xun.css are loaded from this
 * script's directory; the index files from options.index. Nothing is
 * fetched before a reader shows intent (focus, hover, hotkey, ?q=).
 *
 * Built from www/xun/ by esbuild (scripts/build.sh) into one script.
 */
import { startWorker } from './worker.js';
import { open, script, assetBase } from './api.js';
import { Widget } from './widget/widget.js';
import { highlightOnArrival } from './highlight.js';
import { off } from './options.js';

// The crates' version (Cargo.toml), set by scripts/build.sh through
// esbuild's --define.
/* global XUN_VERSION */
const VERSION = typeof XUN_VERSION === 'string' ? XUN_VERSION : 'dev';

/** Adds the search button and modal to this page. */
function mount(options) {
  if (!options || (!options.index && !self.XUN_OFFLINE)) throw new TypeError('xun.mount: options.index is required');
  return new Widget(options, new URL('xun.css', assetBase).href);
}

function startPage() {
  window.xun = { open, mount, version: VERSION };
  // <script src=".../xun.js" data-index="/search/" defer>: mount at once.
  const data = script && script.dataset;
  // A result opened from this site's widget marks its terms here, unless
  // the page says data-highlight="false" (or "off").
  if (!data || !off(data.highlight)) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', highlightOnArrival);
    else highlightOnArrival();
  }
  if (data && (data.index || data.offline != null)) {
    // Every data-* attribute is an option by its name (data-index: index);
    // the widget reads only its own.
    const start = () => { mount(Object.assign({}, data)); };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
}

if (typeof document === 'undefined') startWorker();
else startPage();
