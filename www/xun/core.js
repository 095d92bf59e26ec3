// The engine core, wherever the wasm runs (worker or page): it answers the
// wasm's {need: [files]} by fetching them, and reopens the index once when
// the site was redeployed under an open page.
import { XunError, abortError } from './errors.js';
import { fetchBytes, fetchMeta } from './fetch.js';
import { preloader } from './preload.js';

// The most rounds of files one call may ask for: dictionary buckets (with
// the filter table), the buckets of a regional word's mainland form, the
// bucket of a character the split left alone, postings shards (twice, for
// prefix expansions), record buckets; and one more, to spare.
const ROUNDS = 8;
// How long no search nor prefetch must have been fetching before the next
// preload chunk is asked for: a moment, so that a search asked for right
// after another's results (a script's, one after another) never waits
// behind a chunk, while a reader, who takes longer between two words,
// finds the chunks in sooner. (250 ms kept them out while the reader
// typed: at 150 ms and 1.6 Mbit/s, half the follow-ups then still waited
// for their text; see docs/network.md.)
const PRELOAD_IDLE_MS = 20;
// With preload unset, the whole text is asked for at open when the link
// would bring it in within about the time a reader takes to type a
// Chinese query through an input method (two words: 2 to 3 s), judged by
// how long the wasm took to come; and only on a site of at most 16 chunks
// (1 MiB), since searches then wait while the wasm remakes the files from
// it. Every later query is then instant, even one sent with no pause, as
// with MiniSearch. On the demo this takes the whole text at 10 and at 1.6
// Mbit/s (a second was the bound until 2026-12-02: at 1.6 Mbit/s, whole
// queries one after another then took two rounds each, 422 / 608 ms). On
// a slower link it comes after the first results, so that the first one
// needs only its own files (README, On a real network).
const OPEN_MS = 3000;
const OPEN_CHUNKS = 16;

// The wasm answers in JSON text: the files it needs first, or the answer,
// which goes on as text (one copy from the worker to the page, where an
// object is cloned field by field) for the page's API to parse.
function needed(text) {
  return text.startsWith('{"need":') ? JSON.parse(text).need : null;
}

// Opens an index: `wasm` is the initialised wasm-bindgen module; `base`
// the index URL, or null with `pack` (xun.pack bytes) for offline pages;
// `meta`, the manifest's bytes if they are already on their way;
// `preload`, false to never fetch the preload chunks, true to fetch them
// after the first results, 'open' to fetch them all as soon as the index
// opens, undefined to choose between the last two by the link's speed.
// `share`: `onCopy(copy, meta)`, called once the preloaded text has remade
// every file, with a sealed copy of them (a worker hands it to its page);
// or `hold`, such a copy, whose files searches add as they need them.
export async function openCore(wasm, base, pack, meta, preload, share) {
  let core, files, preloading = null, metaBytes = null;
  let hold = share && share.hold;
  const onCopy = share && share.onCopy;
  // With preload 'open': the whole text while it comes.
  let whole = null;
  const name = (i) => 'preload/' + i + '.xun';
  // Searches and prefetches fetching now, and when the last one ended.
  let busy = 0, lastBusy = 0;
  // The quickest fetch so far: a round trip, or a little more.
  let roundTrip = Infinity;
  const timed = (url, init) => {
    const start = performance.now();
    return fetchBytes(url, init).then((bytes) => {
      roundTrip = Math.min(roundTrip, performance.now() - start);
      return bytes;
    });
  };
  const stats = {};
  async function reopen() {
    let bytes = meta || (pack ? null : fetchMeta(base));
    meta = null;
    metaBytes = bytes = await bytes;
    core = pack ? wasm.Engine.fromBundle(pack) : new wasm.Engine(bytes);
    // A copy belongs to the build it came with: a reopened index, of a
    // newer build, fetches its files.
    if (hold) core.hold(hold);
    hold = null;
    if (onCopy) core.keepCopy();
    files = new Map();
    stats.pages = core.pages;
    stats.sections = core.sections;
    if (preload == null ? quick() : preload === 'open') preloadWhole();
  }
  function quick() {
    const n = core.preloadChunks;
    if (!(n <= OPEN_CHUNKS)) return false;
    const wasm = performance.getEntries().find((e) => /\.wasm$/.test(e.name));
    // At the rate the wasm came (its bytes as decoded over its duration,
    // round trip included), would n chunks of 64 KB come within OPEN_MS?
    // Both are compared as decoded: they compress alike. Only a wasm that
    // came over the link tells its speed: one from the HTTP cache, or
    // revalidated (a 304 sends no body), says nothing of it.
    if (wasm && wasm.transferSize >= wasm.encodedBodySize && wasm.encodedBodySize > 0) {
      return n * 65536 * wasm.duration < OPEN_MS * wasm.decodedBodySize;
    }
    // Else the browser's estimate, where it gives one (Chromium's, in
    // Mbit/s); none: not quick.
    const link = self.navigator && navigator.connection;
    return !!(link && link.downlink > 0 && n * 65536 * 8 / (link.downlink * 1000) < OPEN_MS);
  }
  await reopen();
  function load(name) {
    let pending = files.get(name);
    if (!pending) {
      const url = new URL(name, base);
      // Checked against the manifest of the search that asked for it.
      const into = core, cache = files;
      const add = (bytes) => { into.addFile(name, bytes); };
      // A file that fails its checks may be a stale copy from the HTTP
      // cache of an earlier build: fetch it once more past the cache.
      pending = timed(url).then(add).catch(() => fetchBytes(url, { cache: 'reload' }).then(add));
      pending.catch(() => { cache.delete(name); });
      files.set(name, pending);
    }
    return pending;
  }
  // Calls `ask(core)` until it stops asking for files (for those that
  // `wanted` lets through, when given). A call that was replaced (signal
  // aborted) stops asking: fetches already on their way are kept, a later
  // call may use them.
  async function run(ask, signal, wanted) {
    for (let round = 0; round < ROUNDS; round++) {
      let result;
      if (signal && signal.aborted) throw abortError(signal);
      try {
        result = ask(core);
      } catch (e) {
        // No index file can stop the wasm any more, but if it ever
        // traps, the next search gets a fresh instance.
        if (e instanceof WebAssembly.RuntimeError) await reopen();
        throw XunError(e.message, e);
      }
      let need = needed(result);
      if (need && wanted) need = need.filter(wanted);
      if (!need || !need.length) return result;
      if (!base) throw XunError('the offline index lacks ' + need.join(', '));
      const round = Promise.all(need.map(load));
      // The text of the first results is on its way: the preload starts
      // right behind it.
      if (need.some((name) => name[0] === 'r')) preloadAll();
      if (pump) pump(true);
      await round;
    }
    throw XunError('index files are still missing after loading them');
  }
  async function whileBusy(work) {
    busy++;
    try {
      return await work();
    } finally {
      lastBusy = Date.now();
      if (--busy === 0 && pump) pump();
    }
  }
  // A small site's preloaded text, from when the first results' text is
  // asked for, or they are shown (see preload.js). Not on a connection that
  // asks to save data.
  let pump = null;
  function mayPreload() {
    const connection = self.navigator && navigator.connection;
    return preloading !== core && preload !== false && base && core.preloadChunks && !(connection && connection.saveData);
  }
  function preloadAll() {
    if (!mayPreload()) return;
    const into = preloading = core;
    pump = preloader(
      into.preloadChunks,
      (i) => timed(new URL(name(i), base), { priority: 'low' }),
      (i, bytes) => { into.addBundle(name(i), bytes); handOver(into); },
      {
        live: () => core === into,
        quietIn: () => (busy ? Infinity : lastBusy + PRELOAD_IDLE_MS - Date.now()),
        roundTrip: () => roundTrip
      });
    pump();
  }
  // preload: 'open', as MiniSearch loads its corpus: every chunk asked
  // for at once, each taken in as it comes; searches wait for the last,
  // then fetch nothing. Whole queries sent with no pause are then instant,
  // but the first result waits for all the text (README, On a real
  // network). If a chunk fails, searches fetch their files.
  function preloadWhole() {
    if (!mayPreload()) return;
    const into = preloading = core;
    const chunks = [];
    for (let i = 0; i < into.preloadChunks; i++) chunks.push(timed(new URL(name(i), base)));
    chunks.forEach((c) => { c.catch(() => {}); });
    const taking = whole = (async () => {
      for (let i = 0; i < chunks.length && core === into; i++) {
        into.addBundle(name(i), await chunks[i]);
        handOver(into);
      }
    })();
    taking.catch(() => {}).then(() => { if (whole === taking) whole = null; });
  }
  // Once the last chunk is in, the copy of the remade files goes to
  // whoever asked for it.
  function handOver(into) {
    const copy = onCopy && into.takeCopy();
    if (copy && into === core) onCopy(copy, metaBytes);
  }
  async function call(ask, signal, searching) {
    if (whole) {
      await whole.catch(() => {});
      if (signal && signal.aborted) throw abortError(signal);
    }
    const opened = core;
    try {
      const result = await whileBusy(() => run(ask, signal));
      if (searching) preloadAll();
      return result;
    } catch (e) {
      // The site was deployed while this page was open: the server's
      // files belong to a newer build than our manifest. Open the new
      // manifest, once, and ask again. A search never mixes builds: each
      // file is checked against the manifest it is added to.
      const code = e.code || (e.cause && e.cause.code);
      if (!base || code !== 'mismatch') throw e.name === 'XunError' ? e : XunError(e.message, e);
      if (core === opened) await reopen();
      return whileBusy(() => run(ask, signal));
    }
  }
  const searching = (query, o) => (c) => c.search(query, o.limit, o.offset, o.group === 'page', o.sectionsPerPage, o.filters, o.sort, o.page);
  return {
    stats,
    // Fetches the index files a search for `query` would need, not the
    // record buckets (those of the hits shown), and keeps them for that
    // search. Best effort: a failure here is the search's to report.
    prefetch: (query, o) => whole ? Promise.resolve() : whileBusy(() => run(searching(query, o), null, (name) => name[0] !== 'r')).then(() => {}, () => {}),
    search: (query, o) => call(searching(query, o), o.signal, true),
    filters: () => call((c) => c.filters())
  };
}
