// The preloader: a small site's preloaded text, in chunks of 64 KB, fetched
// in the background from when the first results' text is asked for, so
// that later queries fetch nothing. It keeps the link busy without making
// a query wait behind more than one chunk:
//
// - while no search is fetching, the next chunk is asked for a round trip
//   (the quickest fetch so far) after the one before it, or when that one
//   is in, if sooner: it starts to come about when that one ends, and the
//   link does not idle a round trip between two; never more than two on
//   their way;
// - while a search is fetching, none is asked for, except one right
//   behind a round of the search's files when none is on its way: it
//   comes after them, while the search works out its next round.
//
// Best effort: the first failure stops it, and the rest is fetched file by
// file, as searches need it.

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
  let asked = 0, received = 0, added = 0, askedAt = 0, failed = false, timer;
  const came = [];
  const ask = () => {
    const i = asked++;
    askedAt = performance.now();
    fetchChunk(i).then((bytes) => { came[i] = bytes; received++; pump(); }, () => { failed = true; });
  };
  function pump(afterRound) {
    if (afterRound) {
      if (asked === received && asked < count && !failed && link.live()) ask();
      return;
    }
    clearTimeout(timer);
    const quiet = link.quietIn();
    // A chunk is taken in (its text segmented) only once no search has
    // fetched for a moment: a search, or the next of a script's searches
    // one after another, would wait for that work. In order: each slice
    // goes on where the last one ended.
    try {
      for (; quiet <= 0 && came[added] && link.live(); added++) {
        add(added, came[added]);
        came[added] = null;
      }
    } catch (e) {
      failed = true;
    }
    const onTheirWay = asked - received;
    const more = asked < count && onTheirWay < 2;
    if (failed || !link.live() || !(more || came[added])) return;
    const wait = Math.max(quiet, more && onTheirWay && askedAt + link.roundTrip() - performance.now());
    if (more && wait <= 0) {
      ask();
      pump();
    } else if (wait < Infinity) {
      timer = setTimeout(pump, wait);
    }
  }
  return pump;
}
