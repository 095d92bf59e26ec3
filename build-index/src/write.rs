//! Assembles the index files from an [`Indexer`] and hands each one, as
//! soon as it is made, to a [`Sink`] (the staging directory, or memory):
//! a build holds one bucket and one shard at a time, never the index.
//!
//! Every file carries the build id, the CRC of all the payloads' CRCs,
//! which is known only once the last file is made: files are sealed with
//! a zero id ([`Sealer`]) and the id is written into them at the end.
//!
//! Sizes are chosen from the totals, so that a file stays near its target
//! whatever the size of the site: a dictionary bucket near
//! [`Layout::bucket_bytes`], a postings shard near
//! [`Layout::shard_bytes`] (a list bigger than that has a shard of its
//! own), a record bucket near [`Layout::record_bytes`].

use std::collections::{BTreeSet, HashMap};

use xun::format::fold::Phrases;
use xun::format::meta::{MAX_FILES, Meta};

use xun::format::build::{self, PieceAt, TermFiles, TermLayout, TermSinks, TermTable};
use xun::format::crc32::crc32;
use xun::format::meta::MAX_SPLIT_KEYS;
use xun::format::records::{Page, Piece};
use xun::format::{
    FileId, bucket_key, build_id_of_crcs, bundle, fold, is_split, seal, set_file_id,
};

use crate::error::BuildError;
use crate::indexer::{Indexer, PieceRef, Pieces};

/// Where to cut the dictionary, the postings and the records into files.
/// Smaller files mean fewer wasted bytes per query, and more requests.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Target payload of a dictionary bucket.
    pub bucket_bytes: usize,
    /// Target payload of a postings shard.
    pub shard_bytes: usize,
    /// Target payload of a record bucket; `None` chooses by the amount of
    /// text (see [`RecordLayout`]).
    pub record_bytes: Option<usize>,
    /// Postings lists up to this size may live in their term's bucket
    /// (see [`inline_lists`]).
    pub inline_bytes: usize,
    /// The most bytes of the preload chunks (the site's text, from which
    /// the page remakes every other file; see [`xun::format::text`]); a
    /// bigger site gets none, nor does 0.
    pub preload_bytes: usize,
    /// A site with at most this many bytes of stored text gets the record
    /// layout of a small site (see [`RecordLayout`]).
    pub small_text_bytes: usize,
    /// The preload chunks carry the text, from which the runtime remakes
    /// every other file (see [`xun::format::text`]); false ships the
    /// record buckets and postings shards themselves, as before format 9.
    pub preload_text: bool,
}

impl Layout {
    /// The most bytes of preloaded text: none when the preload carries
    /// files, or nothing.
    pub fn text_limit(&self) -> usize {
        if self.preload_text {
            self.preload_bytes
        } else {
            0
        }
    }

    /// The part of the layout the preloaded text carries.
    pub fn terms(&self) -> TermLayout {
        TermLayout {
            shard_bytes: self.shard_bytes,
            inline_bytes: self.inline_bytes,
        }
    }
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            bucket_bytes: xun::format::BUCKET_BYTES,
            shard_bytes: 4096,
            record_bytes: None,
            inline_bytes: 4096,
            preload_bytes: PRELOAD_BYTES,
            small_text_bytes: PRELOAD_BYTES,
            preload_text: true,
        }
    }
}

/// How the stored text is cut into record buckets. A query fetches one
/// bucket per hit shown and uses one piece of it, so the smaller the
/// buckets, the fewer wasted bytes, and the more files.
///
/// - **A big site** (the Rust docs): 3 KB buckets, and the first pieces of
///   eight sections of a page together, since a query there often shows
///   several methods of one page. 3 KB rather than 4 KB took a 10-hit
///   query on the Rust docs from 21.4 to 18.3 KB of records (gzip), for
///   31,791 record files instead of 23,843; 2 KB would take 13.6 KB but
///   47,686 files, more than Pagefind writes for the whole site.
/// - **A small site** (at most [`Layout::small_text_bytes`] of text, 2 MiB,
///   as much as is preloaded): its file count is no concern, so 1 KB
///   buckets, each section's first piece on its own. On the demo blog this
///   took the widget's first screen from 28.2 to 20.0 KB of index files
///   (gzip, mean of 8 queries) for 10.0 requests instead of 9.8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordLayout {
    pub bytes: usize,
    pub group: u32,
}

impl RecordLayout {
    pub const BIG: RecordLayout = RecordLayout {
        bytes: 3072,
        group: 8,
    };
    pub const SMALL: RecordLayout = RecordLayout {
        bytes: 1024,
        group: 1,
    };

    /// The layout for `text_bytes` of stored text.
    pub fn choose(layout: &Layout, text_bytes: u64) -> RecordLayout {
        let size = match text_bytes <= layout.small_text_bytes as u64 {
            true => RecordLayout::SMALL,
            false => RecordLayout::BIG,
        };
        RecordLayout {
            bytes: layout.record_bytes.unwrap_or(size.bytes).max(1),
            group: size.group,
        }
    }
}

/// The default most bytes of the preload chunks. The demo blog's are 609 KB
/// (342 KB gzip): at 10 Mbit/s that comes in about a third of a second,
/// after which no query fetches anything (see the README's network
/// figures). Past 2 MiB the background download costs more than a reader
/// is likely to save.
pub const PRELOAD_BYTES: usize = 2 << 20;

/// Takes each file's payload as it is made.
pub type Sink<'a> = dyn FnMut(FileId, Vec<u8>) -> Result<(), BuildError> + 'a;

/// Seals files with a zero build id and works out the real one from their
/// payloads' CRCs (see [`xun::format`]).
#[derive(Default)]
pub struct Sealer {
    crcs: Vec<((u8, u32), u32)>,
}

impl Sealer {
    pub fn seal(&mut self, id: FileId, payload: &[u8]) -> Vec<u8> {
        let sealed = seal(id.kind(), 0, payload);
        let crc = xun::format::crc_of(&sealed);
        self.crcs.push((file_order(id), crc));
        sealed
    }

    /// The build id of every file sealed so far.
    pub fn build_id(&mut self) -> u32 {
        self.crcs.sort_unstable();
        build_id_of_crcs(self.crcs.iter().map(|c| c.1))
    }
}

/// The files of an index, in memory, named as they are written.
pub struct IndexFiles {
    pub files: Vec<(String, Vec<u8>)>,
    pub meta: Meta,
    pub build: u32,
}

/// Builds every file of the index in memory: for small builds and tests.
pub fn assemble_in_memory(
    indexer: Indexer,
    synonyms: Vec<Vec<String>>,
    layout: Layout,
) -> Result<IndexFiles, BuildError> {
    let mut sealer = Sealer::default();
    let mut files = Vec::new();
    let (meta, text) = assemble(
        indexer,
        synonyms,
        layout,
        &mut |id, payload| {
            files.push((id.name(), sealer.seal(id, &payload)));
            Ok(())
        },
        &mut |_| {},
    )?;
    let build = sealer.build_id();
    set_file_ids(&mut files, build);
    let kept = files.iter().map(|(n, b)| (n.as_str(), b.as_slice()));
    let chunks = match text {
        Some(blob) => text_bundles(build, &blob),
        None => preload_bundles(&meta, build, kept),
    };
    files.extend(chunks);
    Ok(IndexFiles { files, meta, build })
}

/// Writes into each sealed file, named as [`FileId::name`] names it, its
/// file id in build `build`.
pub fn set_file_ids(files: &mut [(String, Vec<u8>)], build: u32) {
    for (name, bytes) in files {
        let id = FileId::parse(name).expect("a file is named by FileId::name");
        set_file_id(bytes, build, id);
    }
}

/// The preload chunks (`preload/N.xun`) of the files (sealed with the
/// build id) that they hold, when the manifest says the index has them.
/// Their number and size are the ones the manifest gives: both come from
/// the same names and lengths, cut by [`bundle::preload_chunks`].
pub fn preload_bundles<'a>(
    meta: &Meta,
    build: u32,
    files: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Vec<(String, Vec<u8>)> {
    if meta.preload_chunks == 0 || meta.text_files > 0 {
        return Vec::new();
    }
    let held: Vec<(&str, &[u8])> = files
        .filter(|(name, _)| FileId::parse(name).is_some_and(is_preloaded))
        .collect();
    let lens: Vec<usize> = held.iter().map(|f| f.1.len()).collect();
    let mut rest = held.as_slice();
    let mut out = Vec::new();
    for (i, n) in bundle::preload_chunks(&lens).into_iter().enumerate() {
        let (chunk, after) = rest.split_at(n);
        rest = after;
        out.push((
            bundle::preload_name(i as u32),
            bundle::encode(build, chunk.iter().copied()),
        ));
    }
    debug_assert_eq!(out.len() as u32, meta.preload_chunks);
    debug_assert_eq!(
        out.iter().map(|c| c.1.len() as u64).sum::<u64>(),
        meta.preload_bytes
    );
    out
}

/// Builds every file of the index, handing each to `sink`, the manifest
/// last. `progress` counts terms and pieces written. Returns the manifest,
/// and the preloaded text when the preload chunks carry it (see
/// [`text_bundles`]).
pub fn assemble(
    mut indexer: Indexer,
    synonyms: Vec<Vec<String>>,
    layout: Layout,
    sink: &mut Sink,
    progress: &mut dyn FnMut(u64),
) -> Result<(Meta, Option<Vec<u8>>), BuildError> {
    let mut meta = Meta {
        page_count: indexer.pages.len() as u32,
        section_count: indexer.terms.sections,
        field_totals: indexer.terms.field_totals,
        total_freq: indexer.terms.total_freq,
        term_count: indexer.terms.accs.len() as u64,
        synonyms,
        ..Meta::default()
    };
    // The names and sizes of what a preload bundle of files would hold,
    // and each file's CRC, to check the preloaded text against.
    let mut preload: Vec<(String, usize)> = Vec::new();
    let mut crcs: Vec<(FileId, u32)> = Vec::new();
    let mut counted = |id: FileId, payload: Vec<u8>| {
        let sealed = xun::format::HEADER_LEN + payload.len();
        if is_preloaded(id) {
            preload.push((id.name(), sealed));
        }
        crcs.push((id, crc32(&payload)));
        sink(id, payload)
    };
    let bucket_phrases = fold_table(&indexer, &mut meta);
    let mut infos = std::mem::take(&mut indexer.pages);
    let filters = crate::filters::build(&infos);
    crate::filters::respell_tags(&filters, &mut infos);
    let pages: Vec<Page> = infos
        .into_iter()
        .enumerate()
        .map(|(id, info)| Page {
            id: id as u32,
            title: info.title,
            url: info.url,
            date: info.date,
            tags: info.tags,
        })
        .collect();
    let pieces = std::mem::replace(&mut indexer.pieces, Pieces::in_memory());
    let text = indexer
        .text
        .take()
        .map(|t| t.finish(indexer.chars, layout.terms(), &bucket_phrases, &pages));
    write_terms(
        indexer.terms,
        bucket_phrases,
        layout,
        &mut meta,
        &mut counted,
        progress,
    )?;
    write_records(&pages, pieces, layout, &mut meta, &mut counted, progress)?;
    // Last before the manifest, in the order the build id covers files.
    // Nothing to filter or sort by: no file, and the manifest says so.
    meta.filters = !filters.is_empty();
    if meta.filters {
        counted(FileId::Filters, filters.encode())?;
    }
    // An index without records (no sections) has nothing to preload.
    let text = text.filter(|blob| {
        let (n, bytes) = text_chunks(blob.len());
        let fits = bytes <= layout.preload_bytes as u64 && meta.record_buckets > 0;
        let same = fits && remakes(&meta, blob, &crcs);
        if same {
            (meta.text_files, meta.preload_chunks, meta.preload_bytes) = (n, n, bytes);
        }
        same
    });
    if text.is_none() {
        let lens: Vec<usize> = preload.iter().map(|f| f.1).collect();
        let mut rest = preload.as_slice();
        let mut chunks = 0;
        let mut bytes = 0;
        for n in bundle::preload_chunks(&lens) {
            let (chunk, after) = rest.split_at(n);
            rest = after;
            chunks += 1;
            bytes += bundle::sealed_len(chunk.iter().map(|(name, len)| (name.as_str(), *len)));
        }
        if bytes <= layout.preload_bytes as u64 && meta.record_buckets > 0 {
            (meta.preload_chunks, meta.preload_bytes) = (chunks, bytes);
        }
    }
    sink(FileId::Meta, meta.encode())?;
    Ok((meta, text))
}

/// Whether the runtime remakes, from the preloaded text `blob`, every
/// dictionary bucket, postings shard and record bucket just written, with
/// the CRCs in `crcs`. Otherwise the preload carries the files themselves.
fn remakes(meta: &Meta, blob: &[u8], crcs: &[(FileId, u32)]) -> bool {
    let mut want: Vec<(FileId, u32)> = crcs
        .iter()
        .copied()
        .filter(|(id, _)| is_preloaded(*id) || matches!(id, FileId::Dictionary(_)))
        .collect();
    want.sort_unstable();
    let made = std::cell::RefCell::new(Vec::with_capacity(want.len()));
    let crc = |id, payload: &[u8]| {
        made.borrow_mut().push((id, crc32(payload)));
        Ok(())
    };
    let remade = xun::format::text::rebuild(
        meta,
        blob,
        &mut |i, bucket| crc(FileId::Dictionary(i), &bucket.encode()),
        &mut |id, payload| crc(id, &payload),
    );
    let mut made = made.into_inner();
    made.sort_unstable();
    remade.is_ok() && made == want
}

/// How many text files (and preload chunks, one file each) a blob of
/// `len` bytes takes, and the chunks' sealed bytes in all.
fn text_chunks(len: usize) -> (u32, u64) {
    let n = len.div_ceil(bundle::PRELOAD_CHUNK_BYTES).max(1);
    let bytes = (0..n)
        .map(|i| {
            let part = bundle::PRELOAD_CHUNK_BYTES.min(len - i * bundle::PRELOAD_CHUNK_BYTES);
            let name = FileId::Text(i as u32).name();
            bundle::sealed_len([(name.as_str(), xun::format::HEADER_LEN + part)].into_iter())
        })
        .sum();
    (n as u32, bytes)
}

/// The preload chunks of a site whose preload carries its text: chunk `i`
/// holds text file `i`, the blob's `i`th slice of
/// [`bundle::PRELOAD_CHUNK_BYTES`].
pub fn text_bundles(build: u32, blob: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut parts: Vec<&[u8]> = blob.chunks(bundle::PRELOAD_CHUNK_BYTES).collect();
    if parts.is_empty() {
        parts.push(&[]);
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let id = FileId::Text(i as u32);
            let sealed = seal(id.kind(), xun::format::file_id(build, id), part);
            let name = id.name();
            let bundle = bundle::encode(build, [(name.as_str(), sealed.as_slice())].into_iter());
            (bundle::preload_name(i as u32), bundle)
        })
        .collect()
}

/// Whether a file goes in a preload chunk: what a later query needs after
/// its dictionary buckets.
pub fn is_preloaded(id: FileId) -> bool {
    matches!(id, FileId::Records(_) | FileId::Postings(_))
}

/// Files in the order the build id covers them (see `Meta::files`).
fn file_order(id: FileId) -> (u8, u32) {
    match id {
        FileId::Dictionary(i) => (0, i),
        FileId::Postings(i) => (1, i),
        FileId::Records(i) => (2, i),
        FileId::Filters => (3, 0),
        FileId::Meta => (4, 0),
        // Sealed once the build id is known, and not covered by it.
        FileId::Text(i) => (5, i),
    }
}

/// A Latin key whose terms alone take more than this is split.
const SPLIT_BYTES: usize = 4096;

/// The longest split key, in characters: past it a key stays whole
/// however many terms share it.
const MAX_SPLIT_CHARS: usize = 8;

/// The Latin bucket keys to split (see [`bucket_key`]), sorted: a key
/// whose terms take more than [`SPLIT_BYTES`] gives way to keys one
/// character longer, level by level, the largest first and at most
/// [`MAX_SPLIT_KEYS`] in all so that the manifest stays small. On a site
/// of code, two letters are shared by thousands of identifiers (`ve`:
/// 1,243 terms, 22 KB, on the Rust docs) and a query for `Vec` fetched
/// them all. CJK keys are never split: a query's character pairs must
/// name the buckets of every word that starts there.
fn split_keys<'a>(terms: impl Iterator<Item = &'a str> + Clone) -> Vec<String> {
    let mut split: Vec<String> = Vec::new();
    loop {
        let mut sizes: HashMap<&str, usize> = HashMap::new();
        for term in terms.clone() {
            let key = bucket_key(term, &split);
            let latin = key
                .chars()
                .next()
                .is_some_and(|c| !xun::analysis::is_cjk(c));
            // Only a key that some term is longer than can be split.
            if latin && key.len() < term.len() && key.chars().count() < MAX_SPLIT_CHARS {
                *sizes.entry(key).or_default() += term.len() + 6;
            }
        }
        let mut big: Vec<(usize, &str)> = sizes
            .into_iter()
            .filter(|&(key, bytes)| bytes > SPLIT_BYTES && !is_split(key, &split))
            .map(|(key, bytes)| (bytes, key))
            .collect();
        if big.is_empty() || split.len() >= MAX_SPLIT_KEYS {
            break;
        }
        big.sort_unstable_by(|a, b| b.cmp(a));
        big.truncate(MAX_SPLIT_KEYS - split.len());
        split.extend(big.into_iter().map(|(_, key)| key.to_owned()));
        split.sort_unstable();
    }
    split
}

/// The dictionary buckets and the postings shards (see
/// [`build::write_terms`]).
fn write_terms(
    terms: TermTable,
    phrases: Phrases,
    layout: Layout,
    meta: &mut Meta,
    sink: &mut Sink,
    progress: &mut dyn FnMut(u64),
) -> Result<(), BuildError> {
    meta.split_keys = split_keys(terms.ids.keys().map(|t| &**t));
    let inline = build::inline_lists(&terms, layout.terms(), &meta.split_keys);
    meta.buckets = build::bucket_count(&terms, &inline, layout.bucket_bytes);
    let files = TermFiles {
        layout: layout.terms(),
        inline: &inline,
        buckets: meta.buckets,
        split: &meta.split_keys,
        phrases,
    };
    let sink = std::cell::RefCell::new(sink);
    let sinks = TermSinks {
        bucket: &mut |i, bucket| sink.borrow_mut()(FileId::Dictionary(i), bucket.encode()),
        shard: &mut |i, payload| sink.borrow_mut()(FileId::Postings(i), payload),
    };
    meta.shards = build::write_terms(terms, files, sinks, progress)?;
    Ok(())
}

/// The record buckets (see [`build::write_records`]): pieces are read
/// back from where the indexer put them aside, one bucket at a time.
fn write_records(
    pages: &[Page],
    mut pieces: Pieces,
    layout: Layout,
    meta: &mut Meta,
    sink: &mut Sink,
    progress: &mut dyn FnMut(u64),
) -> Result<(), BuildError> {
    let io = |e: std::io::Error| BuildError::Io {
        path: "(pieces of text put aside)".into(),
        source: e,
    };
    pieces.finish().map_err(io)?;
    let records = RecordLayout::choose(&layout, pieces.bytes);
    let buckets = (pieces.bytes.div_ceil(records.bytes as u64) as u32).clamp(1, MAX_FILES);
    meta.record_buckets = buckets;
    meta.record_group = records.group;
    let placed = pieces
        .refs
        .iter()
        .map(|r| PieceAt {
            page: r.page,
            local: r.local,
            index: r.index,
            piece: *r,
        })
        .collect();
    let mut read = |p: &PieceAt<PieceRef>| -> Result<Piece, BuildError> {
        let p = pieces.read(&p.piece).map_err(io)?;
        Ok(Piece {
            page: 0,
            local: p.local,
            index: p.index,
            anchor: p.anchor,
            heading: p.heading,
            body_chars: p.body_chars,
            text: p.text,
        })
    };
    build::write_records(
        pages,
        placed,
        (buckets, records.group),
        &mut read,
        sink,
        progress,
    )
}

/// The traditional → simplified pairs that lead to a character of some
/// term, and the regional phrases whose mainland form is a term: all a
/// query can need, since other characters and words match nothing. The
/// manifest gets the pairs and the phrases that do not start with two CJK
/// characters; the others are returned, for the buckets of their keys
/// (see [`fold::in_bucket`]).
fn fold_table(indexer: &Indexer, meta: &mut Meta) -> Phrases {
    let freq = |term: &str| indexer.terms.term(term).map_or(0, |a| a.freq);
    // How often a mainland form may occur: as a term, or, in an index of
    // every CJK character pair, as a string of pairs that all are terms
    // (jieba cuts 负载均衡 into 负载 and 均衡; the query then meets the
    // form as a phrase). At most its rarest pair's count; 0 if it cannot.
    let occurs = |form: &str| {
        if indexer.terms.ids.contains_key(form) {
            return freq(form);
        }
        let chars: Vec<char> = form.chars().collect();
        if !indexer.chars || chars.len() < 3 || !chars.iter().all(|&c| xun::analysis::is_cjk(c)) {
            return 0;
        }
        let pair = |w: &[char]| freq(&w.iter().collect::<String>());
        chars.windows(2).map(pair).min().unwrap_or(0)
    };
    let mut phrases: Vec<(String, Vec<String>)> = crate::regional::table()
        .iter()
        .filter_map(|(phrase, mainland)| {
            let known: Vec<String> = mainland.iter().filter(|m| occurs(m) > 0).cloned().collect();
            // A phrase the index itself uses often is used in its own
            // sense there (程序 is a program in the mainland, a process in
            // Taiwan): folding it would only mislead.
            let most = known.iter().map(|m| occurs(m)).max().unwrap_or(0);
            let own_sense = freq(phrase) * 10 >= most;
            (!known.is_empty() && !own_sense).then(|| (phrase.clone(), known))
        })
        .collect();
    phrases.sort();
    // The characters of the terms, and of the regional phrases, which a
    // Traditional query must fold to before they can match (記憶體 →
    // 记忆体, though the index may have no 忆).
    let chars: BTreeSet<u32> = (indexer.terms.ids.keys().map(|t| &**t))
        .chain(phrases.iter().map(|p| p.0.as_str()))
        .flat_map(|term| term.chars())
        .filter(|&c| xun::analysis::is_cjk(c))
        .map(|c| c as u32)
        .collect();
    let pairs: Vec<(u32, u32)> = xun::analysis::t2s_pairs()
        .iter()
        .copied()
        .filter(|(_, to)| chars.contains(to))
        .collect();
    let (in_buckets, in_manifest) = phrases.into_iter().partition(|p| fold::in_bucket(&p.0));
    meta.fold = fold::Fold {
        chars: pairs,
        phrases: in_manifest,
    };
    in_buckets
}
