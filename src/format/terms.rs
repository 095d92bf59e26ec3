//! `terms-NNNN.xun`: a partition of the term dictionary, an `fst::Map`
//! from folded term to a packed value (see the layout in [`super`]).

use super::FileId;
use crate::Error;

/// What the dictionary knows about a term without fetching its postings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermInfo {
    /// Offset of the term's postings in the postings stream.
    pub offset: u64,
    /// `round(16 · ln(collection frequency))`, capped at 255.
    pub freq_code: u8,
    /// A function or question word (的, 怎么), or a word in so many
    /// sections that it tells them apart no more than one: it neither
    /// filters nor dominates a ranking. Set by the indexer.
    pub weak: bool,
}

impl TermInfo {
    /// Natural log of the term's collection frequency, to within 1/32.
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

pub fn freq_code(collection_freq: u64) -> u8 {
    if collection_freq <= 1 {
        return 0;
    }
    ((collection_freq as f64).ln() * 16.0).round().min(255.0) as u8
}

fn pack(info: TermInfo) -> u64 {
    (info.offset << 9) | (u64::from(info.weak) << 8) | u64::from(info.freq_code)
}

fn unpack(value: u64) -> TermInfo {
    TermInfo {
        offset: value >> 9,
        freq_code: value as u8,
        weak: value & (1 << 8) != 0,
    }
}

/// Builds the payload of one partition from terms in strictly increasing
/// byte order.
pub fn encode<'a>(
    terms: impl IntoIterator<Item = (&'a str, TermInfo)>,
) -> Result<Vec<u8>, fst::Error> {
    let mut builder = fst::MapBuilder::memory();
    for (term, info) in terms {
        builder.insert(term, pack(info))?;
    }
    builder.into_inner()
}

/// One decoded partition.
pub struct Terms {
    map: fst::Map<Vec<u8>>,
}

impl Terms {
    /// Reads a partition's payload (see [`super::unseal`]).
    pub fn decode(part: u32, payload: &[u8]) -> Result<Terms, Error> {
        let corrupt = |detail| Error::Corrupt {
            file: FileId::Terms(part).name(),
            detail,
        };
        // `fst` panics on malformed nodes; nothing reaches it unchecked.
        super::fst_check::check(payload).map_err(corrupt)?;
        let map = fst::Map::new(payload.to_vec()).map_err(|_| corrupt("not a valid fst"))?;
        Ok(Terms { map })
    }

    pub fn get(&self, term: &str) -> Option<TermInfo> {
        self.map.get(term).map(unpack)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Appends every term that starts with `prefix`, in byte order.
    pub fn with_prefix(&self, prefix: &str, out: &mut Vec<(String, TermInfo)>) {
        use fst::{IntoStreamer, Streamer};
        let mut stream = self.map.range().ge(prefix).into_stream();
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
        use fst::{IntoStreamer, Streamer};
        let typos = crate::query::fuzzy::Typos::new(word, max);
        let mut stream = self.map.search_with_state(&typos).into_stream();
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
        let mut stream = self.map.stream();
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
        let info = |offset, freq_code, weak| TermInfo {
            offset,
            freq_code,
            weak,
        };
        let bytes = encode([
            ("k8s", info(0, 3, true)),
            ("容器", info(1 << 40, 255, false)),
        ])
        .unwrap();
        let terms = Terms::decode(0, &bytes).unwrap();
        assert_eq!(terms.get("容器"), Some(info(1 << 40, 255, false)));
        assert_eq!(terms.get("k8s"), Some(info(0, 3, true)));
        assert_eq!(terms.get("容"), None);
        assert_eq!(terms.len(), 2);
    }

    #[test]
    fn freq_codes_are_monotonic() {
        let codes: Vec<u8> = [1, 2, 10, 1000, 1 << 40].map(freq_code).to_vec();
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(freq_code(u64::MAX), 255);
    }
}
