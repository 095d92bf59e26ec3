// The preloader: a small site's preloaded text, in chunks of 64 KB, fetched
// in the background from when the first results' text is asked for, so
// that later queries fetch nothing. It keeps the link busy without making
// a query wait behind more than one chunk:
//
// - while no search is fetching, the next chunk is asked for a round trip
//   (the quickest fetch so far) after the one before it, or when that one
//   is in, if sooner: it starts to come about when that one ends, and the
//   link does not idle a round trip between two; never two ahead;
// - while a search is fetching, no chunk is asked for, except one right
//   behind a round of the search's files when none is on its way: it
//   comes after them, while the search works out its next round.
//
// The chunks are added in order (each slice of text goes on where the
// last one ended). Best effort: the first failure stops it, and the rest
// is fetched file by file, as searches need it.

/**
 * `count` chunks; `fetchChunk(i)` resolves to chunk i's bytes; `add(i,
 * bytes)` takes them. `link` tells: `live()`, whether the index they are
 * for is still the one open; `quietIn()`, in how many ms no search will
 * have been fetching for a moment (Infinity while one is); `roundTrip()`,
 * the quickest fetch so far. Returns `pump(afterRound)`, to be called
 * when a search's fetching ends, and with true right after a round of its
 * files was asked for.
 */
export function preloader(count, fetchChunk, add, link) {
  let asked = 0, received = 0, askedAt = 0, failed = false, timer;
  let added = Promise.resolve();
  const ask = () => {
    const i = asked++;
    askedAt = performance.now();
    const chunk = fetchChunk(i);
    added = added.then(() => chunk).then((bytes) => link.live() && add(i, bytes));
    added.catch(() => { failed = true; });
    chunk.then(() => { received++; pump(); }, () => {});
  };
  function pump(afterRound) {
    clearTimeout(timer);
    const onTheirWay = asked - received;
    if (failed || asked >= count || !link.live() || onTheirWay > 1) return;
    if (afterRound) return onTheirWay || ask();
    const wait = Math.max(link.quietIn(), onTheirWay && askedAt + link.roundTrip() - performance.now());
    if (wait <= 0) {
      ask();
      pump();
    } else if (wait < Infinity) {
      timer = setTimeout(pump, wait);
    }
  }
  return pump;
}
