//! Dictionary buckets (`d/N/M.xun`): the terms whose key hashes to the
//! bucket (see [`super::bucket_of`]), as an `fst::Map` from folded term
//! to a packed [`TermInfo`]; the regional phrases whose key is the
//! bucket's (see [`super::fold`]); then the postings lists of its rare
//! terms, so that a query for a rare word needs no other file.
//!
//! ```text
//! varint fst length, the fst
//! phrases (see super::fold::write_phrases)
//! the inline postings, to the end (see super::postings)
//! ```
//!
//! A value packs, from the low bit: weak (1), word (1), inline (1),
//! freq_code (8), then where the postings are: their offset in this
//! bucket's inline postings, or (shard << 32 | offset in the shard).
//!
//! A bucket the runtime remade from the preloaded text is also written
//! *listed*, never to disk: in the copy of the remade files that a worker
//! hands its page (see [`crate::index`]). Building every bucket's fst
//! there took the wasm six times as long as the remake itself.
//!
//! ```text
//! varint term count
//! per term, in strictly rising byte order: varint bytes shared with the
//!   term before, varint length of the rest, the rest, varint value
//! phrases, then the inline postings, as above
//! ```

use std::sync::atomic::{AtomicU16, Ordering};

use super::FileId;
use super::codec::Decoder;
use crate::Error;

/// Where a term's postings are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// In the term's own bucket, at this offset of its inline postings.
    Inline(u32),
    /// In a postings shard, at this offset.
    Shard { shard: u32, offset: u32 },
}

/// What the dictionary knows about a term without fetching its postings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermInfo {
    pub postings: Location,
    /// `round(16 · ln(frequency))`, capped at 255. For a word, how often
    /// it stands as one: what the query splitter takes as its
    /// probability. For a CJK pair that is no word, how often its
    /// characters stand side by side: which way a lone character of a
    /// query leans (see `query::route`).
    pub freq_code: u8,
    /// A function or question word (的, 怎么), or a word in so many
    /// sections that it tells them apart no more than one: it neither
    /// filters nor dominates a ranking. Set by the indexer.
    pub weak: bool,
    /// It stands as a word: a route through a query may use it. A pair of
    /// characters that stands inside other words (nearly) always is
    /// indexed (to confirm strings verbatim) but is no word.
    pub word: bool,
}

impl TermInfo {
    /// Natural log of the term's frequency as a word, to within 1/32.
    pub fn ln_freq(self) -> f64 {
        f64::from(self.freq_code) / 16.0
    }
}

/// Share of the sections a word may be in and still tell them apart: a
/// word in more is weak ([`TermInfo::weak`]), and so is a unit of a query
/// that more sections meet.
pub const WEAK_SHARE: f64 = 0.7;
/// Fewer sections than this say too little about a word to call it weak
/// by its statistics.
pub const WEAK_MIN_SECTIONS: usize = 40;

/// Whether something found in `df` of `sections` sections is too common to
/// tell them apart.
pub fn too_common(df: usize, sections: usize) -> bool {
    sections >= WEAK_MIN_SECTIONS && df as f64 > WEAK_SHARE * sections as f64
}

pub fn freq_code(frequency: u64) -> u8 {
    if frequency <= 1 {
        return 0;
    }
    ((frequency as f64).ln() * 16.0).round().min(255.0) as u8
}

const WEAK: u64 = 1;
const WORD: u64 = 2;
const INLINE: u64 = 4;
const FREQ_SHIFT: u32 = 3;
const WHERE_SHIFT: u32 = 11;

fn pack(info: TermInfo) -> u64 {
    let (inline, place) = match info.postings {
        Location::Inline(offset) => (INLINE, u64::from(offset)),
        Location::Shard { shard, offset } => (0, (u64::from(shard) << 32) | u64::from(offset)),
    };
    let flags = if info.weak { WEAK } else { 0 } | if info.word { WORD } else { 0 } | inline;
    (place << WHERE_SHIFT) | (u64::from(info.freq_code) << FREQ_SHIFT) | flags
}

fn unpack(value: u64) -> TermInfo {
    let place = value >> WHERE_SHIFT;
    TermInfo {
        postings: if value & INLINE != 0 {
            Location::Inline(place as u32)
        } else {
            Location::Shard {
                shard: (place >> 32) as u32,
                offset: place as u32,
            }
        },
        freq_code: (value >> FREQ_SHIFT) as u8,
        weak: value & WEAK != 0,
        word: value & WORD != 0,
    }
}

/// Builds the payload of one bucket from terms in strictly increasing
/// byte order, the bucket's regional phrases, sorted, and the inline
/// postings the terms' values point into.
pub fn encode<'a>(
    terms: impl IntoIterator<Item = (&'a str, TermInfo)>,
    phrases: &[(String, Vec<String>)],
    inline: &[u8],
) -> Result<Vec<u8>, fst::Error> {
    let mut builder = fst::MapBuilder::memory();
    for (term, info) in terms {
        builder.insert(term, pack(info))?;
    }
    let map = builder.into_inner()?;
    let mut e = super::codec::Encoder::new();
    e.varint(map.len() as u64);
    e.buf.extend_from_slice(&map);
    super::fold::write_phrases(&mut e, phrases);
    e.buf.extend_from_slice(inline);
    Ok(e.buf)
}

/// The listed payload of a bucket (see the module's doc): terms in
/// strictly rising byte order.
pub fn encode_listed(
    terms: &[(Box<str>, TermInfo)],
    phrases: &[(String, Vec<String>)],
    inline: &[u8],
) -> Vec<u8> {
    let mut e = super::codec::Encoder::new();
    e.varint(terms.len() as u64);
    let mut before: &[u8] = &[];
    for (term, info) in terms {
        let term = term.as_bytes();
        let shared = before.iter().zip(term).take_while(|(a, b)| a == b).count();
        e.varint(shared as u64);
        e.varint((term.len() - shared) as u64);
        e.buf.extend_from_slice(&term[shared..]);
        e.varint(pack(*info));
        before = term;
    }
    super::fold::write_phrases(&mut e, phrases);
    e.buf.extend_from_slice(inline);
    e.buf
}

/// A bucket's terms: the `fst` of a fetched bucket, or the sorted terms of
/// one the runtime remade from the preloaded text (see
/// [`super::build::Bucket`]).
enum Map {
    Fst(fst::Map<Vec<u8>>),
    Sorted(Vec<(Box<str>, TermInfo)>),
}

/// [`Terms::max_freq_code`] not yet computed.
const UNKNOWN: u16 = u16::MAX;

/// One decoded bucket.
pub struct Terms {
    map: Map,
    /// Regional phrases and their mainland forms, sorted; the index takes
    /// them into its own table when it adds the bucket.
    pub phrases: super::fold::Phrases,
    inline: Vec<u8>,
    /// The highest `freq_code` of its terms once asked for, [`UNKNOWN`]
    /// before. (An atomic, not a `OnceLock`, for its smaller wasm.)
    max_freq_code: AtomicU16,
}

impl Terms {
    /// Reads a bucket's payload (see [`super::unseal`]).
    pub fn decode(bucket: u32, payload: &[u8]) -> Result<Terms, Error> {
        let corrupt = |detail| Error::Corrupt {
            file: FileId::Dictionary(bucket).name(),
            detail,
        };
        let mut d = Decoder::new(payload);
        let len = d
            .count(1)
            .map_err(|_| corrupt("dictionary length past its end"))?;
        let fst_bytes = d
            .bytes(len)
            .map_err(|_| corrupt("dictionary length past its end"))?;
        // `fst` panics on malformed nodes; nothing reaches it unchecked.
        super::fst_check::check(fst_bytes).map_err(corrupt)?;
        let map = fst::Map::new(fst_bytes.to_vec()).map_err(|_| corrupt("not a valid fst"))?;
        let phrases = super::fold::read_phrases(&mut d)
            .map_err(|_| corrupt("regional phrases past the end"))?;
        Ok(Terms {
            map: Map::Fst(map),
            phrases,
            inline: payload[payload.len() - d.remaining()..].to_vec(),
            max_freq_code: AtomicU16::new(UNKNOWN),
        })
    }

    /// Reads a listed payload (see [`encode_listed`]).
    pub fn decode_listed(bucket: u32, payload: &[u8]) -> Result<Terms, Error> {
        let corrupt = |detail| Error::Corrupt {
            file: FileId::Dictionary(bucket).name(),
            detail,
        };
        let past_end = || corrupt("listed terms past their end");
        let mut d = Decoder::new(payload);
        let n = d.count(3).map_err(|_| past_end())?;
        let mut terms: Vec<(Box<str>, TermInfo)> = Vec::with_capacity(n);
        let mut term = Vec::new();
        for _ in 0..n {
            let shared = d.varint().map_err(|_| past_end())?;
            let rest = d.varint().map_err(|_| past_end())?;
            let rest = d.bytes(rest as usize).map_err(|_| past_end())?;
            let value = d.varint().map_err(|_| past_end())?;
            if shared > term.len() as u64 {
                return Err(corrupt("a listed term shares more than the term before"));
            }
            term.truncate(shared as usize);
            term.extend_from_slice(rest);
            let text =
                std::str::from_utf8(&term).map_err(|_| corrupt("a listed term is not UTF-8"))?;
            // Lookups search the list by halves: it must rise.
            if terms
                .last()
                .is_some_and(|t| t.0.as_bytes() >= term.as_slice())
            {
                return Err(corrupt("listed terms out of order"));
            }
            terms.push((text.into(), unpack(value)));
        }
        let phrases = super::fold::read_phrases(&mut d)
            .map_err(|_| corrupt("regional phrases past the end"))?;
        Ok(Terms {
            map: Map::Sorted(terms),
            phrases,
            inline: payload[payload.len() - d.remaining()..].to_vec(),
            max_freq_code: AtomicU16::new(UNKNOWN),
        })
    }

    /// A bucket remade from the preloaded text.
    pub fn from_bucket(bucket: super::build::Bucket) -> Terms {
        Terms {
            map: Map::Sorted(bucket.terms),
            phrases: bucket.phrases,
            inline: bucket.inline,
            max_freq_code: AtomicU16::new(UNKNOWN),
        }
    }

    pub fn get(&self, term: &str) -> Option<TermInfo> {
        match &self.map {
            Map::Fst(map) => map.get(term).map(unpack),
            Map::Sorted(terms) => terms
                .binary_search_by(|t| (*t.0).cmp(term))
                .ok()
                .map(|i| terms[i].1),
        }
    }

    /// The inline postings, which [`Location::Inline`] offsets point into.
    pub fn inline(&self) -> &[u8] {
        &self.inline
    }

    pub fn len(&self) -> usize {
        match &self.map {
            Map::Fst(map) => map.len(),
            Map::Sorted(terms) => terms.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The highest [`TermInfo::freq_code`] of its terms: a typo is only
    /// corrected to a term this frequent or less, so a known word that
    /// no term could be much more frequent than needs no search.
    pub fn max_freq_code(&self) -> u8 {
        if let Ok(known) = u8::try_from(self.max_freq_code.load(Ordering::Relaxed)) {
            return known;
        }
        let mut max = 0;
        self.for_each(|_, info| max = max.max(info.freq_code));
        self.max_freq_code.store(max.into(), Ordering::Relaxed);
        max
    }

    /// Appends every term that starts with `prefix`, in byte order.
    pub fn with_prefix(&self, prefix: &str, out: &mut Vec<(String, TermInfo)>) {
        use fst::{IntoStreamer, Streamer};
        let map = match &self.map {
            Map::Fst(map) => map,
            Map::Sorted(terms) => {
                let from = terms.partition_point(|t| &*t.0 < prefix);
                let with = terms[from..].iter().take_while(|t| t.0.starts_with(prefix));
                out.extend(with.map(|(t, info)| (t.to_string(), *info)));
                return;
            }
        };
        let mut stream = map.range().ge(prefix).into_stream();
        while let Some((term, value)) = stream.next() {
            if !term.starts_with(prefix.as_bytes()) {
                break;
            }
            if let Ok(term) = std::str::from_utf8(term) {
                out.push((term.to_owned(), unpack(value)));
            }
        }
    }

    /// Appends every term within `max` edits of `word` (see
    /// [`crate::query::fuzzy`]), with its distance.
    pub fn near(&self, word: &str, max: u32, out: &mut Vec<(String, TermInfo, u32)>) {
        use fst::{Automaton, IntoStreamer, Streamer};
        let typos = crate::query::fuzzy::Typos::new(word, max);
        let map = match &self.map {
            Map::Fst(map) => map,
            Map::Sorted(terms) => {
                // The automaton the fst would run, run over each term.
                for (term, info) in terms {
                    let mut state = typos.start();
                    for &b in term.as_bytes() {
                        if !typos.can_match(&state) {
                            break;
                        }
                        state = typos.accept(&state, b);
                    }
                    let distance = state.as_ref().and_then(|row| typos.distance(row));
                    if let (true, Some(d)) = (typos.is_match(&state), distance) {
                        out.push((term.to_string(), *info, d));
                    }
                }
                return;
            }
        };
        let mut stream = map.search_with_state(&typos).into_stream();
        while let Some((term, value, state)) = stream.next() {
            let distance = state.as_ref().and_then(|row| typos.distance(row));
            if let (Ok(term), Some(d)) = (std::str::from_utf8(term), distance) {
                out.push((term.to_owned(), unpack(value), d));
            }
        }
    }

    /// Calls `f` with every term in byte order.
    pub fn for_each(&self, mut f: impl FnMut(&str, TermInfo)) {
        use fst::Streamer;
        let map = match &self.map {
            Map::Fst(map) => map,
            Map::Sorted(terms) => {
                for (term, info) in terms {
                    f(term, *info);
                }
                return;
            }
        };
        let mut stream = map.stream();
        while let Some((term, value)) = stream.next() {
            // Keys are written from `&str`, so they are UTF-8.
            if let Ok(term) = std::str::from_utf8(term) {
                f(term, unpack(value));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let info = |postings, freq_code, weak, word| TermInfo {
            postings,
            freq_code,
            weak,
            word,
        };
        let a = info(Location::Inline(7), 3, true, false);
        let b = info(
            Location::Shard {
                shard: (1 << 21) - 1,
                offset: u32::MAX,
            },
            255,
            false,
            true,
        );
        let phrases = vec![("记忆体".to_owned(), vec!["内存".to_owned()])];
        let bytes = encode([("k8s", a), ("容器", b)], &phrases, b"inline postings").unwrap();
        let terms = Terms::decode(0, &bytes).unwrap();
        assert_eq!(terms.phrases, phrases);
        assert_eq!(terms.get("容器"), Some(b));
        assert_eq!(terms.get("k8s"), Some(a));
        assert_eq!(terms.get("容"), None);
        assert_eq!(terms.len(), 2);
        assert_eq!(terms.inline(), b"inline postings");
        assert_eq!(terms.max_freq_code(), 255);
        let bytes = encode([("k8s", a)], &[], b"").unwrap();
        assert_eq!(Terms::decode(0, &bytes).unwrap().max_freq_code(), 3);
    }

    #[test]
    fn freq_codes_are_monotonic() {
        let codes: Vec<u8> = [1, 2, 10, 1000, 1 << 40].map(freq_code).to_vec();
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(freq_code(u64::MAX), 255);
    }
}
