//! The index format: the only thing the indexer and the runtime share.
//!
//! Everything that knows a byte offset lives under this module. The
//! indexer (`build-index`) calls the `encode` functions, the runtime the
//! `decode` ones, and the round trip is tested here.
//!
//! # Layout, version 3
//!
//! An index is a directory of files. Every file is *sealed*: a 20-byte
//! header followed by a payload.
//!
//! ```text
//! offset size field
//!      0    4 magic "XUN\0"
//!      4    2 format version, u16 little endian (VERSION)
//!      6    1 kind: 1 meta, 2 terms, 3 postings shard, 4 store chunk, 5 docs, 6 bundle,
//!                 7 fold
//!      7    1 reserved, 0
//!      8    4 payload length, u32 little endian
//!     12    4 CRC-32 (IEEE) of the payload, u32 little endian
//!     16    4 build id, u32 little endian
//!     20    … payload
//! ```
//!
//! The build id is the CRC-32 of the payload CRCs of all files of the
//! index, in the order they are listed in the manifest. Every file of one
//! build carries it, so a file left over from another build (a stale cache,
//! a half-finished upload) is rejected as [`crate::Error::Mismatch`].
//!
//! Integers in payloads are unsigned LEB128 varints; a `str` is a varint
//! byte length and UTF-8; `strs` is a varint count of `str`.
//!
//! | file | kind | loaded |
//! |---|---|---|
//! | `meta.xun` | meta | at open |
//! | `terms-NNNN.xun` | dictionary partition | when a query has a term that may be in it |
//! | `post-NNNN.xun` | postings shard | when a query needs one of its terms |
//! | `store-NNNN.xun` | store chunk | when a hit's excerpt lies in it |
//! | `docs-NNNN.xun` | docs | when a hit in it is shown |
//! | `fold.xun` | fold | when a query has CJK characters |
//!
//! So opening an index downloads the manifest only, and a query downloads
//! the dictionary partitions of its characters, the postings of its terms
//! and, for each hit it shows, its title and the hundred characters
//! around its match: never the whole dictionary, postings or corpus.
//! `NNNN` is a zero-padded number.
//!
//! **meta** ([`meta`]): what ranking needs for every section, statistics,
//! and where each of the other files starts. A "step" is the difference
//! from the previous entry's value (from 0 for the first).
//!
//! ```text
//! varint page count
//! varint section count, then per section: varint page step,
//!     varint heading start, varint body start − heading start,
//!     varint body length in characters,
//!     3 × varint field length in words (title, heading, body)
//! 3 × varint sum of field lengths over all sections
//! varint sum of the frequencies of all terms
//! varint term count
//! varint partition count, then per partition: str its first term ("" for the first)
//! varint postings stream length
//! varint shard count, then per shard: varint step of its offset in the stream
//! varint chunk count, then per chunk: varint step of its first section, varint its first character
//! varint docs count, then per docs file: varint step of its first section
//! varint synonym group count, then per group: strs its phrases, folded
//! varint character pairs in fold.xun, varint regional phrases in it
//!     (both 0: there is no fold.xun)
//! ```
//!
//! **fold** ([`fold`]): traditional → simplified pairs for every
//! simplified character the index holds, so that a traditional query finds
//! simplified text, and the Taiwan and Hong Kong phrases whose mainland
//! form is a term of the index (記憶體 → 内存). The indexer folds with the
//! full tables; a query only ever needs the entries that lead to the
//! index's own characters and terms.
//!
//! **docs** ([`docs`]): for a run of consecutive sections, what their hits
//! show.
//!
//! ```text
//! varint first page id, varint page count,
//!     then per page: str title, str url, str date (YYYY-MM-DD or ""), strs tags
//! varint section count, then per section: str anchor, str heading
//! ```
//!
//! The pages are every page that one of the sections belongs to.
//!
//! **terms** ([`terms`]): the dictionary, cut by term ranges into
//! partitions. Each is an `fst::Map` from every term (folded UTF-8) in its
//! range to `offset << 9 | weak << 8 | freq_code`: the offset of the
//! term's postings in the postings stream; whether the term is weak (a
//! function or question word, or one found in so many sections that it
//! does not tell them apart: it neither filters nor dominates a ranking);
//! and `round(16 · ln(collection frequency))` capped at 255, which the
//! query splitter uses as the term's probability.
//!
//! **postings** ([`postings`]): the postings of all terms in term order form
//! one stream, cut at term boundaries into shards. Per term:
//!
//! ```text
//! varint df << 1 | flagged, then df times:
//!     varint section id delta (the first is absolute), varint tf,
//!     tf × varint position delta (the first is absolute),
//!          shifted left by one with the whole-word bit when flagged
//! ```
//!
//! A position counts characters of the section's *field stream*: the
//! title starts at 0, the heading at `heading start`, the body at `body
//! start` (each one past the end of the previous field, so no phrase spans
//! two fields). Characters are those of the displayed text, not of the
//! folded one, so a body position minus `body start` is an offset into the
//! stored text: excerpts are cut and highlighted from the postings alone.
//! Positions are offsets rather than word numbers because search-mode
//! segmentation emits overlapping words.
//!
//! Every CJK character is indexed at every position, as the term of that
//! one character, so that any string can be confirmed verbatim by
//! adjacency whatever the segmenter did. These single-character terms are
//! *flagged*: each position says whether the character stood there as a
//! word of its own.
//!
//! **store** ([`store`]): the sections' body text (whitespace collapsed),
//! concatenated in section order and cut into chunks of a few kilobytes,
//! even inside a section. A chunk is `varint count` then `count × str`:
//! the piece of its first section from its first character, then the
//! whole body of each following section, the last one possibly cut short.
//!
//! **bundle** ([`bundle`]): every file of an index in one blob, for pages
//! that cannot fetch (`file://`): `varint count`, then per file `str name`
//! and `varint length` and the sealed bytes.
//!
//! Any change to these layouts bumps [`VERSION`].

pub mod bundle;
pub mod codec;
pub mod crc32;
pub mod docs;
pub mod fold;
pub mod fst_check;
pub mod meta;
pub mod postings;
pub mod store;
pub mod terms;
pub mod url;

use crate::Error;

pub const MAGIC: [u8; 4] = *b"XUN\0";
pub const VERSION: u16 = 3;
pub const HEADER_LEN: usize = 20;

/// What a sealed file holds; the byte is written at header offset 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Meta = 1,
    Terms = 2,
    Postings = 3,
    Store = 4,
    Docs = 5,
    Bundle = 6,
    Fold = 7,
}

/// The files of an index, by what they hold. Their names are derived, so
/// the manifest does not store them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileId {
    Meta,
    Terms(u32),
    Postings(u32),
    Store(u32),
    Docs(u32),
    Fold,
}

impl FileId {
    pub fn name(self) -> String {
        match self {
            FileId::Meta => "meta.xun".to_owned(),
            FileId::Fold => "fold.xun".to_owned(),
            FileId::Terms(i) => format!("terms-{i:04}.xun"),
            FileId::Postings(i) => format!("post-{i:04}.xun"),
            FileId::Store(i) => format!("store-{i:04}.xun"),
            FileId::Docs(i) => format!("docs-{i:04}.xun"),
        }
    }

    pub fn parse(name: &str) -> Option<FileId> {
        let number = |prefix: &str| {
            let digits = name.strip_prefix(prefix)?.strip_suffix(".xun")?;
            if digits.len() < 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse().ok()
        };
        match name {
            "meta.xun" => Some(FileId::Meta),
            "fold.xun" => Some(FileId::Fold),
            _ => number("terms-")
                .map(FileId::Terms)
                .or_else(|| number("post-").map(FileId::Postings))
                .or_else(|| number("store-").map(FileId::Store))
                .or_else(|| number("docs-").map(FileId::Docs)),
        }
    }

    pub fn kind(self) -> Kind {
        match self {
            FileId::Meta => Kind::Meta,
            FileId::Terms(_) => Kind::Terms,
            FileId::Postings(_) => Kind::Postings,
            FileId::Store(_) => Kind::Store,
            FileId::Docs(_) => Kind::Docs,
            FileId::Fold => Kind::Fold,
        }
    }
}

/// Wraps a payload in the header described above.
pub fn seal(kind: Kind, build: u32, payload: &[u8]) -> Vec<u8> {
    let len = u32::try_from(payload.len()).expect("a sealed payload is under 4 GiB");
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.push(kind as u8);
    out.push(0);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&crc32::crc32(payload).to_le_bytes());
    out.extend_from_slice(&build.to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The build id of the payloads of an index's files, in manifest order.
pub fn build_id<'a>(payloads: impl IntoIterator<Item = &'a [u8]>) -> u32 {
    let crcs: Vec<u8> = payloads
        .into_iter()
        .flat_map(|p| crc32::crc32(p).to_le_bytes())
        .collect();
    crc32::crc32(&crcs)
}

/// A checked sealed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsealed<'a> {
    pub payload: &'a [u8],
    pub build: u32,
}

/// Checks a sealed file's header and checksum and returns its payload.
pub fn unseal<'a>(file: &str, kind: Kind, bytes: &'a [u8]) -> Result<Unsealed<'a>, Error> {
    let file = || file.to_owned();
    if bytes.len() < 4 || bytes[..4] != MAGIC {
        return Err(Error::NotAnIndex { file: file() });
    }
    if bytes.len() < HEADER_LEN {
        return Err(Error::Truncated { file: file() });
    }
    let version = u16::from_le_bytes([bytes[4], bytes[5]]);
    if version != VERSION {
        return Err(Error::UnsupportedVersion {
            file: file(),
            found: version,
        });
    }
    if bytes[6] != kind as u8 {
        return Err(Error::WrongKind {
            file: file(),
            expected: kind as u8,
            found: bytes[6],
        });
    }
    if bytes[7] != 0 {
        return Err(Error::Corrupt {
            file: file(),
            detail: "reserved header byte is not zero",
        });
    }
    let word =
        |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let len = word(8) as usize;
    let payload = &bytes[HEADER_LEN..];
    if payload.len() < len {
        return Err(Error::Truncated { file: file() });
    }
    if payload.len() > len {
        return Err(Error::Corrupt {
            file: file(),
            detail: "bytes after the payload",
        });
    }
    if crc32::crc32(payload) != word(12) {
        return Err(Error::Checksum { file: file() });
    }
    Ok(Unsealed {
        payload,
        build: word(16),
    })
}

/// Maps a codec error to the file it happened in.
pub(crate) fn truncated(file: &str) -> impl Fn(codec::Truncated) -> Error + '_ {
    move |_| Error::Truncated {
        file: file.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_round_trip() {
        let sealed = seal(Kind::Store, 7, b"hello");
        let expected = Unsealed {
            payload: &b"hello"[..],
            build: 7,
        };
        assert_eq!(unseal("f", Kind::Store, &sealed), Ok(expected));
    }

    #[test]
    fn every_damage_is_reported() {
        let sealed = seal(Kind::Store, 7, b"hello");
        let kind = |r: Result<Unsealed, Error>| r.unwrap_err();
        assert!(matches!(
            kind(unseal("f", Kind::Store, b"PK\x03\x04")),
            Error::NotAnIndex { .. }
        ));
        for cut in 4..sealed.len() {
            assert!(matches!(
                kind(unseal("f", Kind::Store, &sealed[..cut])),
                Error::Truncated { .. }
            ));
        }
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(matches!(
            kind(unseal("f", Kind::Store, &flipped)),
            Error::Checksum { .. }
        ));
        let mut old = sealed.clone();
        old[4] = 9;
        assert!(matches!(
            kind(unseal("f", Kind::Store, &old)),
            Error::UnsupportedVersion { found: 9, .. }
        ));
        assert!(matches!(
            kind(unseal("f", Kind::Meta, &sealed)),
            Error::WrongKind { .. }
        ));
    }

    #[test]
    fn file_names_round_trip() {
        for id in [
            FileId::Meta,
            FileId::Terms(3),
            FileId::Postings(0),
            FileId::Postings(12345),
            FileId::Store(7),
            FileId::Docs(2),
            FileId::Fold,
        ] {
            assert_eq!(FileId::parse(&id.name()), Some(id));
        }
        assert_eq!(FileId::parse("post-1.xun"), None);
        assert_eq!(FileId::parse("../meta.xun"), None);
    }
}
