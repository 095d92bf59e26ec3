// The worker role: this same script, loaded as a Web Worker, runs the wasm
// off the page's main thread so typing never waits for a search.
import { fetchMeta } from './fetch.js';
import { openCore } from './core.js';
import { loadWasm } from './wasm.js';

export function startWorker() {
  let coreReady = null;
  const searches = new Map(); // search id → its AbortController
  self.onmessage = async (event) => {
    const m = event.data;
    try {
      if (m.op === 'open') {
        coreReady = (async () => {
          // The module and the manifest are on their way while the glue
          // loads: getting ready is one round trip.
          const index = new URL(m.index);
          const wasm = loadWasm(self.location.href);
          const meta = fetchMeta(index);
          meta.catch(() => {});
          // The page answers warm searches itself once it has a copy of
          // the whole index: no round trip here (see api.js).
          const onCopy = (copy, metaBytes) => {
            self.postMessage({ op: 'copy', copy, meta: metaBytes }, [copy.buffer]);
          };
          return openCore(await wasm, index, null, meta, m.preload, m.copy ? { onCopy } : null);
        })();
        self.postMessage({ id: m.id, result: (await coreReady).stats });
      } else if (m.op === 'cancel') {
        const replaced = searches.get(m.search);
        if (replaced) replaced.abort();
      } else if (m.op === 'prefetch') {
        self.postMessage({ id: m.id, result: await (await coreReady).prefetch(m.query, m.options) });
      } else if (m.op === 'filters') {
        self.postMessage({ id: m.id, result: await (await coreReady).filters() });
      } else {
        const controller = new AbortController();
        searches.set(m.id, controller);
        m.options.signal = controller.signal;
        try {
          self.postMessage({ id: m.id, result: await (await coreReady).search(m.query, m.options) });
        } finally {
          searches.delete(m.id);
        }
      }
    } catch (e) {
      self.postMessage({
        id: m.id, error: String((e && e.message) || e),
        code: e && (e.code || (e.name === 'AbortError' ? 'aborted' : undefined)), option: e && e.option
      });
    }
  };
}
