//! The index format: the only thing the indexer and the runtime share.
//!
//! Everything that knows a byte offset lives under this module. The
//! indexer (`build-index`) calls the `encode` functions, the runtime the
//! `decode` ones, and the round trip is tested here.
//!
//! # Layout, version 1
//!
//! An index is a directory of files. Every file is *sealed*: a 16-byte
//! header followed by a payload.
//!
//! ```text
//! offset size field
//!      0    4 magic "XUN\0"
//!      4    2 format version, u16 little endian (VERSION)
//!      6    1 kind: 1 meta, 2 terms, 3 postings shard, 4 store chunk, 5 bundle
//!      7    1 reserved, 0
//!      8    4 payload length, u32 little endian
//!     12    4 CRC-32 (IEEE) of the payload, u32 little endian
//!     16    … payload
//! ```
//!
//! Integers in payloads are unsigned LEB128 varints; a `str` is a varint
//! byte length and UTF-8; `strs` is a varint count of `str`; a `FileRef`
//! is a varint sealed-file length and the file's header CRC as 4 bytes
//! little endian.
//!
//! | file | kind | loaded |
//! |---|---|---|
//! | `meta.xun` | meta | at open |
//! | `terms.xun` | terms | at open |
//! | `post-NNNN.xun` | postings shard | when a query needs one of its terms |
//! | `store-NNNN.xun` | store chunk | when a hit in it needs an excerpt |
//!
//! So a query downloads the dictionary, the postings of its own terms and
//! the text of the hits it shows; never the corpus.
//!
//! **meta** ([`meta`]): `pages`, `sections`, statistics and the file
//! table. The CRCs in the file table tie every other file to this build:
//! a file from another build is rejected as [`crate::Error::Mismatch`].
//!
//! ```text
//! varint page count, then per page:      str title, str url, str date, strs tags
//! varint section count, then per section: varint page, str anchor, str heading,
//!                                         varint heading start, varint body start,
//!                                         3 × varint field length (title, heading, body)
//! 3 × varint sum of field lengths over all sections
//! varint sum of the frequencies of all terms
//! varint term count, FileRef terms.xun
//! varint postings stream length
//! varint shard count, then per shard:    varint stream offset of its first byte, FileRef
//! varint chunk count, then per chunk:    varint its first section, FileRef
//! ```
//!
//! **terms** ([`terms`]): an `fst::Map` from each term (folded UTF-8) to
//! `offset << 8 | freq_code`: the offset of its postings in the postings
//! stream, and `round(16 · ln(collection frequency))` capped at 255, which
//! the query splitter uses as the term's probability.
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
//! A position is a character offset in the section's *field stream*:
//! the folded title starts at 0, the heading at `heading start`, the body
//! at `body start` (each start is one past the end of the previous field,
//! so no phrase can span two fields). Positions are offsets rather than
//! token numbers because search-mode segmentation emits overlapping words.
//!
//! Every CJK character is indexed at every position, as the term of that
//! one character, so that any string can be confirmed verbatim by
//! adjacency whatever the segmenter did. These single-character terms are
//! *flagged*: each position says whether the character stood there as a
//! word of its own.
//!
//! **store** ([`store`]): the display text of consecutive sections,
//! `varint count` then `count × str`. Chunk `i` holds the sections from its
//! first section up to the next chunk's first.
//!
//! **bundle** ([`bundle`]): every file of an index in one blob, for pages
//! that cannot fetch (`file://`): `varint count`, then per file `str name`
//! and `varint length` and the sealed bytes.
//!
//! Any change to these layouts bumps [`VERSION`].

pub mod bundle;
pub mod codec;
pub mod crc32;
pub mod meta;
pub mod postings;
pub mod store;
pub mod terms;

use crate::Error;

pub const MAGIC: [u8; 4] = *b"XUN\0";
pub const VERSION: u16 = 1;
pub const HEADER_LEN: usize = 16;

/// What a sealed file holds; the byte is written at header offset 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Meta = 1,
    Terms = 2,
    Postings = 3,
    Store = 4,
    Bundle = 5,
}

/// The files of an index, by what they hold. Their names are derived, so
/// the manifest does not store them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileId {
    Meta,
    Terms,
    Postings(u32),
    Store(u32),
}

impl FileId {
    pub fn name(self) -> String {
        match self {
            FileId::Meta => "meta.xun".to_owned(),
            FileId::Terms => "terms.xun".to_owned(),
            FileId::Postings(i) => format!("post-{i:04}.xun"),
            FileId::Store(i) => format!("store-{i:04}.xun"),
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
            "terms.xun" => Some(FileId::Terms),
            _ => number("post-")
                .map(FileId::Postings)
                .or_else(|| number("store-").map(FileId::Store)),
        }
    }

    pub fn kind(self) -> Kind {
        match self {
            FileId::Meta => Kind::Meta,
            FileId::Terms => Kind::Terms,
            FileId::Postings(_) => Kind::Postings,
            FileId::Store(_) => Kind::Store,
        }
    }
}

/// Wraps a payload in the header described above.
pub fn seal(kind: Kind, payload: &[u8]) -> Vec<u8> {
    let len = u32::try_from(payload.len()).expect("a sealed payload is under 4 GiB");
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.push(kind as u8);
    out.push(0);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&crc32::crc32(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Checks a sealed file's header and checksum and returns its payload.
pub fn unseal<'a>(file: &str, kind: Kind, bytes: &'a [u8]) -> Result<&'a [u8], Error> {
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
    let len = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
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
    if crc32::crc32(payload) != header_crc(bytes) {
        return Err(Error::Checksum { file: file() });
    }
    Ok(payload)
}

/// The payload CRC stored in a sealed file's header (0 if it has none).
pub fn header_crc(sealed: &[u8]) -> u32 {
    match sealed.get(12..16) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        None => 0,
    }
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
        let sealed = seal(Kind::Store, b"hello");
        assert_eq!(unseal("f", Kind::Store, &sealed), Ok(&b"hello"[..]));
    }

    #[test]
    fn every_damage_is_reported() {
        let sealed = seal(Kind::Store, b"hello");
        let kind = |r: Result<&[u8], Error>| r.unwrap_err();
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
            FileId::Terms,
            FileId::Postings(0),
            FileId::Postings(12345),
            FileId::Store(7),
        ] {
            assert_eq!(FileId::parse(&id.name()), Some(id));
        }
        assert_eq!(FileId::parse("post-1.xun"), None);
        assert_eq!(FileId::parse("../meta.xun"), None);
    }
}
