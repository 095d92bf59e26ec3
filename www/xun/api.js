// The page role's API: xun.open({ index }) → an engine, searching in a
// worker when it can, else on the page (file:, some CSPs, offline pages).
import { XunError, abortError } from './errors.js';
import { fetchMeta, base64Bytes } from './fetch.js';
import { openCore } from './core.js';
import { loadWasm } from './wasm.js';
import { searchOptions } from './options.js';

// This script, when it was loaded by a <script> element (not a clobbered
// document.currentScript).
const current = typeof document !== 'undefined' ? document.currentScript : null;
export const script = current && current.tagName === 'SCRIPT' ? current : null;
export const assetBase = new URL('.', (script && script.src) || location.href);
let runtime = null;

// The wasm in this page, loaded once (again after a failure).
function pageRuntime() {
  if (!runtime) {
    runtime = loadWasm(assetBase);
    runtime.catch(() => { runtime = null; });
  }
  return runtime;
}

export class Engine {
  constructor(backend, stats, backendCalls) {
    this.backend = backend;
    this.stats = stats;
    // True once warm searches are answered on the page, from a copy of
    // the worker's whole index (see workerEngine).
    this.answersOnPage = false;
    this._calls = backendCalls;
  }

  /** Searches; options: limit, offset, group ("section" | "page"),
   * sectionsPerPage, filters ({key: [values]}), sort ("relevance" |
   * "date"), page (a hit's page_url: only that page's sections), signal.
   * Rejects with a XunError (README, Errors). */
  async search(query, options) {
    return JSON.parse(await this._calls.search(String(query), searchOptions(options)));
  }

  /** Fetches the index files that search(query, options) will need,
   * but not the text of its hits; resolves when they are here. Typing
   * readers: call it on each change, search after a pause. */
  async prefetch(query, options) {
    options = searchOptions(options);
    delete options.signal;
    return this._calls.prefetch(String(query), options);
  }

  /** The filter values and their page counts: {tags: {"阿里云": 2}, …}. */
  async filters() {
    return JSON.parse(await this._calls.filters());
  }
}

// A processor too slow to search on the page: the third search on the
// page's own copy that keeps the main thread longer than a frame sends
// every later one back to the worker. (One alone may be a pause of the
// page's garbage collector, or a first search adding many files.)
const FRAME_MS = 16;
const SLOW_SEARCHES = 3;

// Runs the search in a Web Worker; rejects if the worker cannot start
// (file: pages, some CSPs), and the caller falls back to the page.
//
// Once the worker has the whole index (a small site's preloaded text, all
// in), it hands the page a sealed copy of the files, and the page answers
// warm searches itself from a second instance of the wasm: each answer
// then skips two hops between threads, which on a busy or two-core
// machine cost more than the search (README, Warm latency). Until the copy
// is ready, and if it cannot be made (a CSP that lets the worker run but
// not the glue on the page), the worker answers.
function workerEngine(base, preload, warmOnPage) {
  return new Promise((resolve, reject) => {
    let worker;
    try {
      worker = new Worker((script && script.src) || new URL('xun.js', assetBase));
    } catch (e) {
      reject(e);
      return;
    }
    let next = 0, engine = null, mirror = null, slow = 0;
    const waiting = new Map();

    const call = (message) => new Promise((ok, fail) => {
      message.id = ++next;
      waiting.set(message.id, { ok, fail });
      worker.postMessage(message);
    });
    worker.onmessage = (event) => {
      const reply = event.data;
      if (reply.op === 'copy') {
        // If the page cannot run the wasm, the worker goes on answering.
        pageRuntime().then((wasm) => openCore(wasm, base, null, reply.meta, false, { hold: reply.copy })).then((core) => {
          mirror = core;
          if (engine) engine.answersOnPage = true;
        }, () => {});
        return;
      }
      const w = waiting.get(reply.id);
      if (!w) return;
      waiting.delete(reply.id);
      if (reply.error) w.fail(XunError(reply.error.replace(/^xun: /, ''), reply.code ? { code: reply.code, option: reply.option } : undefined));
      else w.ok(reply.result);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const failure = XunError('the search worker failed');
      reject(failure);
      waiting.forEach((w) => { w.fail(failure); });
      waiting.clear();
      worker.terminate();
    };
    // A search on the copy takes no round trip: its time is the main
    // thread's.
    const onPage = (query, options) => {
      const start = performance.now();
      return mirror.search(query, options).finally(() => {
        if (performance.now() - start > FRAME_MS && ++slow >= SLOW_SEARCHES) engine.answersOnPage = !!(mirror = null);
      });
    };
    call({ op: 'open', index: base.href, preload, copy: warmOnPage !== false }).then((stats) => {
      engine = new Engine('worker', stats, {
        search(query, options) {
          // One page's sections: the page is known by its text, which the
          // copy adds only as searches show it, and the worker has it all.
          if (mirror && !options.page) return onPage(query, options);
          // A signal cannot cross to the worker: its abort is sent instead.
          const signal = options.signal;
          delete options.signal;
          if (signal && signal.aborted) return Promise.reject(abortError(signal));
          const message = { op: 'search', query, options };
          const answer = call(message);
          if (!signal) return answer;
          return new Promise((ok, fail) => {
            const cancel = () => {
              worker.postMessage({ op: 'cancel', search: message.id });
              fail(abortError(signal));
            };
            signal.addEventListener('abort', cancel, { once: true });
            answer.then(ok, fail).finally(() => { signal.removeEventListener('abort', cancel); });
          });
        },
        // The copy holds every file a search may need.
        prefetch: (query, options) => mirror ? Promise.resolve() : call({ op: 'prefetch', query, options }),
        filters: () => mirror ? mirror.filters() : call({ op: 'filters' })
      });
      engine.answersOnPage = !!mirror;
      resolve(engine);
    }, reject);
  });
}

async function pageEngine(base, preload) {
  const offline = self.XUN_OFFLINE;
  const meta = offline ? null : fetchMeta(base);
  if (meta) meta.catch(() => {});
  const core = await openCore(await pageRuntime(), offline ? null : base, offline ? base64Bytes(offline.index) : null, meta, preload);
  return new Engine('page', core.stats, core);
}

/** Opens the index whose files are under options.index (a URL).
 * options.worker: false to search on the page; options.preload: false to
 * never fetch the preload chunks, true to fetch them after the first
 * results, 'open' to fetch them all at once and have searches wait for
 * them; unset, 'open' on a quick link and true on a slow one (core.js). */
export async function open(options) {
  if (!options || (!options.index && !self.XUN_OFFLINE)) throw new TypeError('xun.open: options.index is required');
  const base = new URL(options.index || '.', location.href);
  if (!/\/$/.test(base.pathname)) base.pathname += '/';
  if (!self.XUN_OFFLINE && options.worker !== false && typeof Worker === 'function' && location.protocol !== 'file:') {
    try {
      return await workerEngine(base, options.preload, options.warmOnPage);
    } catch (e) {
      // Fall through: search on the page instead.
    }
  }
  try {
    return await pageEngine(base, options.preload);
  } catch (e) {
    throw XunError('cannot open the index at ' + base.href + ': ' + e.message, e);
  }
}
