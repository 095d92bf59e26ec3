//! The index format: the only thing the indexer and the runtime share.
//!
//! Everything that knows a byte offset lives under this module. The
//! indexer (`build-index`) calls the `encode` functions, the runtime the
//! `decode` ones, and the round trip is tested here.
//!
//! # Layout (version [`VERSION`])
//!
//! An index is a directory of files. Every file is *sealed*: a 20-byte
//! header followed by a payload.
//!
//! ```text
//! offset size field
//!      0    4 magic "XUN\0"
//!      4    2 format version, u16 little endian (VERSION)
//!      6    1 kind: 1 meta, 2 dictionary bucket, 3 postings shard, 4 record
//!                 bucket, 6 bundle, 8 filter table, 9 preloaded text (5
//!                 and 7 were kinds of earlier versions)
//!      7    1 reserved, 0
//!      8    4 payload length, u32 little endian
//!     12    4 CRC-32 (IEEE) of the payload, u32 little endian
//!     16    4 file id, u32 little endian (see below)
//!     20    … payload
//! ```
//!
//! The build id is the CRC-32 of the payload CRCs of all files of the
//! index, in the order [`meta::Meta::files`] lists them. The manifest's
//! header carries it as its file id; every other file carries the build id
//! mixed with its own kind and number ([`file_id`]). So a file left over
//! from another build (a stale cache, a half-finished upload), and a file
//! of this build under another file's name (a deploy or a cache that mixed
//! names up), are both rejected as [`crate::Error::Mismatch`].
//!
//! Integers in payloads are unsigned LEB128 varints; a `str` is a varint
//! byte length and UTF-8; `strs` is a varint count of `str`.
//!
//! | file | kind | loaded | size |
//! |---|---|---|---|
//! | `meta.xun` | meta | at open | a few KB (2.4 KB on the demo, mostly the fold table), bounded whatever the site |
//! | `d/N/M.xun` | dictionary bucket | when a query has a word that hashes to it | ~[`BUCKET_BYTES`] |
//! | `p/N/M.xun` | postings shard | when a query needs a common term's postings | ~`shard_bytes` |
//! | `r/N/M.xun` | record bucket | when a hit whose excerpt lies in it is shown | ~`record_bytes` |
//! | `filters.xun` | filter table | with the first files of a filtered or date-sorted search, or for the filters' counts | O(pages + Σ pages per value); absent when no page has a tag, category or date |
//! | `preload/M.xun` | bundle | in the background: at open on a fast link, else after the first results | one slice of the preloaded text (`t/0/M.xun`, [`text`]), ~[`bundle::PRELOAD_CHUNK_BYTES`]; or as much of record buckets and postings shards; absent past the build's limit |
//!
//! One more bundle is never on disk: the copy of the files remade from the
//! preloaded text that a worker hands its page ([`crate::index`]). It holds
//! their payloads, unsealed (its own checksum covers them), with each
//! dictionary bucket *listed* rather than as an fst ([`terms`]).
//!
//! `M` is the file's number and `N` is `M / 1000`, so that no directory
//! holds more than a thousand files, however big the site. Opening an index
//! loads the manifest alone; a query loads the dictionary buckets of its
//! words, the postings of its common terms (rare terms' postings are in
//! their bucket) and one record bucket per hit shown: three rounds of
//! requests, whatever the size of the site.
//!
//! **Sections** are numbered within their page: a section's key is (page
//! number, number within the page), so that postings name pages without a
//! table of sections, and grouping hits by page needs no other file.
//!
//! **meta** ([`meta`]): counts and totals for ranking, how many files of
//! each kind there are, the synonym groups, and the sizes of the
//! dictionary and postings (so that a small site can be fetched whole).
//!
//! **dictionary buckets** ([`terms`]): every term lives in the bucket
//! that [`bucket_of`] its *key* names: the first two characters of a CJK
//! term (one for a single character), or the first two letters of any
//! other. So the words a CJK run may route through, which start at each of
//! its characters, are in the buckets of its bigrams; and the terms a Latin
//! word begins, or that are one typo away after its first two letters, are
//! in one bucket. A bucket is an `fst::Map` from folded term to a packed
//! [`terms::TermInfo`], then the Taiwan and Hong Kong phrases that start
//! with its key (see fold, below), then the postings of its rare terms.
//!
//! What is indexed: every word of the text (jieba's search mode for CJK,
//! the shared Latin analysis), every CJK character at every position, and
//! every pair of neighbouring CJK characters (a *bigram*). Characters and
//! bigrams are *flagged*: each position says whether it stood as a word of
//! its own. Bigrams confirm any CJK string verbatim by adjacency, whatever
//! the segmenter did, and a two-character word is the same term as its
//! bigram.
//!
//! **postings** ([`postings`]): per term, per section, the section's key,
//! a quantised body length, and the positions of the term in each field
//! (page title, section heading, body), counted from the field's start, so
//! that body positions are offsets into the stored text. Lists of common
//! terms are concatenated into shards in bucket order.
//!
//! **record buckets** ([`records`]): what a shown hit displays. A
//! section's body text is cut into pieces of [`records::PIECE_CHARS`]
//! characters, each stored with [`records::OVERLAP_CHARS`] more, so that
//! an excerpt starting in a piece ends in it; each piece carries its
//! section's heading, anchor and page, and lives in the bucket that
//! [`record_bucket`] names, so a hit costs one request. On a big site the
//! first pieces of a page's sections go together, a few sections to a
//! bucket (the manifest's `record_group`): a page's best sections, shown
//! under its title, mostly cost one request between them.
//!
//! **fold** ([`fold`]), inside the manifest: traditional → simplified
//! pairs for every simplified character the index holds. A CJK query needs
//! them before it can name its buckets, so they come with the manifest
//! rather than costing a round of their own. The Taiwan and Hong Kong
//! phrases whose mainland form is a term of the index (記憶體 → 内存) are
//! in the manifest only when they do not start with two CJK characters;
//! the others are in the dictionary bucket of those two, which a query
//! that has the phrase loads in its first round (format 8).
//!
//! **filter table** ([`filters`]): per key (`tags`, `categories`), each
//! value with its pages, as rising page ids in steps; and each page's
//! date, as a code that orders like the date. A filtered search drops the
//! sections of pages that fail the filters before it names any record
//! bucket, so filtering costs this one file and no record of a page it
//! drops. It grows with the site (about a byte per tagged page and value,
//! one or two per dated page), which is why it is a file of its own and
//! not part of the manifest: the manifest only says whether it exists.
//!
//! **bundle** ([`bundle`]): files of one build in one blob: `varint
//! count`, then per file `str name` and `varint length` and the sealed
//! bytes. Every file of an index, for pages that cannot fetch (`file://`,
//! `xun.pack`); or, on a small site, the preload chunks (`preload/M.xun`,
//! as many as the manifest says), which a page fetches in the background
//! (at open on a fast link, else after its first results). The chunks are not covered by the build id (each file inside
//! is checked against it when it is added).
//!
//! **preloaded text** ([`text`], format 9; in a character code of the
//! site's own, [`charcode`], since format 10): a small site's text, once,
//! with the lengths of the words jieba cut its CJK runs into, in slices
//! (`t/0/M.xun`), one to a preload chunk. The runtime segments it as it
//! comes and remakes every dictionary bucket, postings shard and record
//! bucket from it, with the indexer's own code ([`build`]), so that later
//! queries fetch nothing. The indexer ships it only when the files it
//! remakes are the ones it wrote, byte for byte; otherwise the chunks carry
//! the record buckets and postings shards.
//!
//! Any change to these layouts bumps [`VERSION`].

pub mod build;
pub mod bundle;
pub mod charcode;
pub mod codec;
pub mod crc32;
pub mod filters;
pub mod fold;
pub mod fst_check;
pub mod meta;
pub mod postings;
pub mod records;
pub mod terms;
pub mod text;
pub mod url;

use crate::Error;
use crate::error::push_decimal;

pub const MAGIC: [u8; 4] = *b"XUN\0";
pub const VERSION: u16 = 12;
pub const HEADER_LEN: usize = 20;

/// What a sealed file holds; the byte is written at header offset 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Meta = 1,
    Dictionary = 2,
    Postings = 3,
    Records = 4,
    Bundle = 6,
    Filters = 8,
    Text = 9,
}

/// Target size of a dictionary bucket's payload, in bytes.
pub const BUCKET_BYTES: usize = 2048;
/// Files per directory of numbered files.
pub const FILES_PER_DIR: u32 = 1000;

/// The files of an index, by what they hold. Their names are derived, so
/// the manifest does not store them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileId {
    Meta,
    Dictionary(u32),
    Postings(u32),
    Records(u32),
    Filters,
    /// A slice of a small site's preloaded text (see [`text`]); it comes
    /// only inside a preload chunk.
    Text(u32),
}

impl FileId {
    pub fn name(self) -> String {
        // `d/0/12.xun`, spelled without `format!` (see `Error::message`).
        let numbered = |dir: &str, i: u32| {
            let mut name = String::from(dir);
            name.push('/');
            push_decimal(&mut name, i / FILES_PER_DIR);
            name.push('/');
            push_decimal(&mut name, i);
            name.push_str(".xun");
            name
        };
        match self {
            FileId::Meta => "meta.xun".to_owned(),
            FileId::Dictionary(i) => numbered("d", i),
            FileId::Postings(i) => numbered("p", i),
            FileId::Records(i) => numbered("r", i),
            FileId::Filters => "filters.xun".to_owned(),
            FileId::Text(i) => numbered("t", i),
        }
    }

    /// The file a name names; `None` for any other name, so that a name
    /// from outside cannot reach another path.
    pub fn parse(name: &str) -> Option<FileId> {
        match name {
            "meta.xun" => return Some(FileId::Meta),
            "filters.xun" => return Some(FileId::Filters),
            _ => {}
        }
        let mut parts = name.split('/');
        let (kind, dir, file) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let digits = |s: &str| {
            let canonical = !s.is_empty()
                && s.bytes().all(|b| b.is_ascii_digit())
                && (s == "0" || !s.starts_with('0'));
            canonical.then(|| s.parse::<u32>().ok()).flatten()
        };
        let number = digits(file.strip_suffix(".xun")?)?;
        if digits(dir)? != number / FILES_PER_DIR {
            return None;
        }
        match kind {
            "d" => Some(FileId::Dictionary(number)),
            "p" => Some(FileId::Postings(number)),
            "r" => Some(FileId::Records(number)),
            "t" => Some(FileId::Text(number)),
            _ => None,
        }
    }

    pub fn kind(self) -> Kind {
        match self {
            FileId::Meta => Kind::Meta,
            FileId::Dictionary(_) => Kind::Dictionary,
            FileId::Postings(_) => Kind::Postings,
            FileId::Records(_) => Kind::Records,
            FileId::Filters => Kind::Filters,
            FileId::Text(_) => Kind::Text,
        }
    }
}

/// FNV-1a, 32 bits: a hash both sides compute the same way on any
/// platform, to place terms and record pieces in buckets.
pub fn hash(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The part of a term that decides its dictionary bucket: its first two
/// characters, or its first character alone when that is CJK and the
/// second is not (a single character). A Latin key the manifest lists in
/// `split` (one that thousands of identifiers share on a site of code:
/// `ve` on the Rust docs) grows by one more character of the term, and so
/// on while the longer key is listed too; a term no longer than a listed
/// key keeps the whole term as its key.
///
/// Invariant: every term that starts with a given string shares that
/// string's bucket when the string is at least its own key long and is
/// not listed (prefix expansion and typo look-ups rely on it).
pub fn bucket_key<'a>(term: &'a str, split: &[String]) -> &'a str {
    let mut chars = term.char_indices();
    let Some((_, first)) = chars.next() else {
        return term;
    };
    let mut key = match chars.next() {
        Some((at, second))
            if crate::analysis::is_cjk(first) && !crate::analysis::is_cjk(second) =>
        {
            return crate::analysis::sub(term, 0, at);
        }
        Some((at, second)) => crate::analysis::sub(term, 0, at + second.len_utf8()),
        None => return term,
    };
    while is_split(key, split) {
        match chars.next() {
            Some((at, c)) => key = crate::analysis::sub(term, 0, at + c.len_utf8()),
            None => return term,
        }
    }
    key
}

/// Whether `key` is one of the sorted `split` keys.
pub fn is_split(key: &str, split: &[String]) -> bool {
    split.binary_search_by(|k| k.as_str().cmp(key)).is_ok()
}

/// The dictionary bucket of a term, among `buckets`.
pub fn bucket_of(term: &str, buckets: u32, split: &[String]) -> u32 {
    hash(bucket_key(term, split).as_bytes()) % buckets.max(1)
}

/// The record bucket of piece `piece` of section `local` of page `page`,
/// among `buckets`: the first pieces by page and group of `group`
/// sections, the others each by their place.
pub fn record_bucket(page: u32, local: u32, piece: u32, buckets: u32, group: u32) -> u32 {
    let mut key = [0u8; 12];
    key[..4].copy_from_slice(&page.to_le_bytes());
    if piece == 0 {
        // Marked apart from the other pieces' keys by the top bit.
        key[4..8].copy_from_slice(&((local / group.max(1)) | (1 << 31)).to_le_bytes());
    } else {
        key[4..8].copy_from_slice(&local.to_le_bytes());
        key[8..].copy_from_slice(&piece.to_le_bytes());
    }
    hash(&key) % buckets.max(1)
}

/// Wraps a payload in the header described above, with `id` as its file
/// id: the build id for the manifest and a bundle, else [`file_id`].
pub fn seal(kind: Kind, id: u32, payload: &[u8]) -> Vec<u8> {
    let len = u32::try_from(payload.len()).expect("a sealed payload is under 4 GiB");
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.push(kind as u8);
    out.push(0);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&crc32::crc32(payload).to_le_bytes());
    out.extend_from_slice(&id.to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The build id of the payloads of an index's files, in manifest order.
pub fn build_id<'a>(payloads: impl IntoIterator<Item = &'a [u8]>) -> u32 {
    build_id_of_crcs(payloads.into_iter().map(crc32::crc32))
}

/// The build id of an index whose files' payload CRCs are `crcs`, in
/// manifest order.
pub fn build_id_of_crcs(crcs: impl IntoIterator<Item = u32>) -> u32 {
    let bytes: Vec<u8> = crcs.into_iter().flat_map(u32::to_le_bytes).collect();
    crc32::crc32(&bytes)
}

/// The payload CRC a sealed file's header carries.
pub fn crc_of(sealed: &[u8]) -> u32 {
    u32::from_le_bytes(
        sealed[12..16]
            .try_into()
            .expect("a sealed file has a header"),
    )
}

/// Writes the file id of `file` of build `build` into a sealed file's
/// header (offset 16).
pub fn set_file_id(sealed: &mut [u8], build: u32, file: FileId) {
    sealed[BUILD_OFFSET..HEADER_LEN].copy_from_slice(&file_id(build, file).to_le_bytes());
}

/// What the header of `file` of build `build` carries: the build id for
/// the manifest, which names the build; for any other file, the CRC-32 of
/// the build id, the file's kind and its number, so that no two files of
/// one build carry the same.
pub fn file_id(build: u32, file: FileId) -> u32 {
    let number = match file {
        FileId::Meta => return build,
        FileId::Filters => 0,
        FileId::Dictionary(i) | FileId::Postings(i) | FileId::Records(i) | FileId::Text(i) => i,
    };
    let mut key = [0u8; 9];
    key[..4].copy_from_slice(&build.to_le_bytes());
    key[4] = file.kind() as u8;
    key[5..].copy_from_slice(&number.to_le_bytes());
    crc32::crc32(&key)
}

/// Where the file id lies in a sealed file's header.
pub const BUILD_OFFSET: usize = 16;

/// A checked sealed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsealed<'a> {
    pub payload: &'a [u8],
    /// The header's file id: the build id itself for the manifest and for
    /// a bundle, else [`file_id`].
    pub id: u32,
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
        id: word(16),
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
    fn no_two_files_of_a_build_carry_the_same_id() {
        let build = 0x1234_5678;
        let mut files = vec![FileId::Meta, FileId::Filters];
        for i in 0..2000 {
            files.extend([
                FileId::Dictionary(i),
                FileId::Postings(i),
                FileId::Records(i),
                FileId::Text(i),
            ]);
        }
        let ids: std::collections::HashSet<u32> =
            files.iter().map(|&f| file_id(build, f)).collect();
        assert_eq!(ids.len(), files.len());
        assert_eq!(file_id(build, FileId::Meta), build);
        assert_ne!(
            file_id(build, FileId::Records(3)),
            file_id(build + 1, FileId::Records(3))
        );
    }

    #[test]
    fn seal_round_trip() {
        let sealed = seal(Kind::Records, 7, b"hello");
        let expected = Unsealed {
            payload: &b"hello"[..],
            id: 7,
        };
        assert_eq!(unseal("f", Kind::Records, &sealed), Ok(expected));
    }

    #[test]
    fn every_damage_is_reported() {
        let sealed = seal(Kind::Records, 7, b"hello");
        let kind = |r: Result<Unsealed, Error>| r.unwrap_err();
        assert!(matches!(
            kind(unseal("f", Kind::Records, b"PK\x03\x04")),
            Error::NotAnIndex { .. }
        ));
        for cut in 4..sealed.len() {
            assert!(matches!(
                kind(unseal("f", Kind::Records, &sealed[..cut])),
                Error::Truncated { .. }
            ));
        }
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(matches!(
            kind(unseal("f", Kind::Records, &flipped)),
            Error::Checksum { .. }
        ));
        let mut old = sealed.clone();
        old[4] = 8;
        assert!(matches!(
            kind(unseal("f", Kind::Records, &old)),
            Error::UnsupportedVersion { found: 8, .. }
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
            FileId::Dictionary(3),
            FileId::Postings(0),
            FileId::Postings(12345),
            FileId::Records(999),
            FileId::Records(1000),
            FileId::Filters,
            FileId::Text(0),
            FileId::Text(1001),
        ] {
            assert_eq!(FileId::parse(&id.name()), Some(id), "{}", id.name());
        }
        assert_eq!(FileId::Postings(12345).name(), "p/12/12345.xun");
        assert_eq!(FileId::Text(3).name(), "t/0/3.xun");
        for bad in [
            "p/0/01.xun",
            "p/1/5.xun",
            "../meta.xun",
            "d/0/1.xun/x",
            "x/0/1.xun",
            "d/0/a.xun",
            "d//1.xun",
        ] {
            assert_eq!(FileId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn bucket_keys() {
        let none: &[String] = &[];
        assert_eq!(bucket_key("服务网格", none), "服务");
        assert_eq!(bucket_key("网", none), "网");
        assert_eq!(bucket_key("网k", none), "网");
        assert_eq!(bucket_key("kubernetes", none), "ku");
        assert_eq!(bucket_key("k", none), "k");
        assert_eq!(
            bucket_of("服务网格", 100, none),
            bucket_of("服务", 100, none)
        );
        assert_eq!(
            bucket_of("kubelet", 100, none),
            bucket_of("kube", 100, none)
        );
        let split = ["ve".to_owned(), "vec".to_owned()];
        assert_eq!(bucket_key("vec_deque", &split), "vec_");
        assert_eq!(bucket_key("vec", &split), "vec");
        assert_eq!(bucket_key("ve", &split), "ve");
        assert_eq!(bucket_key("version", &split), "ver");
        assert_eq!(bucket_key("valid", &split), "va");
        assert_eq!(bucket_key("服务网格", &split), "服务");
        assert_eq!(hash(b""), 0x811c_9dc5);
    }
}
