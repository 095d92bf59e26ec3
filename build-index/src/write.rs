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

use xun::format::codec::Encoder;
use xun::format::fold::Phrases;
use xun::format::meta::{MAX_FILES, Meta};

use xun::format::meta::MAX_SPLIT_KEYS;
use xun::format::postings;
use xun::format::records::{Page, Piece, Records};
use xun::format::terms::{self, Location, TermInfo};
use xun::format::{
    FileId, bucket_key, bucket_of, build_id_of_crcs, bundle, fold, is_split, record_bucket, seal,
    set_build,
};

use crate::error::BuildError;
use crate::indexer::{Indexer, PieceRef, Pieces, TermAcc};

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
    /// The most bytes of the preload chunks (every record bucket and
    /// postings shard in a few files, fetched in the background after a
    /// page's first results); a bigger site gets none, nor does 0.
    pub preload_bytes: usize,
    /// A site with at most this many bytes of stored text gets the record
    /// layout of a small site (see [`RecordLayout`]).
    pub small_text_bytes: usize,
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

/// The default most bytes of the preload chunks. The demo blog's are 1.27 MB
/// (570 KB gzip): at 10 Mbit/s that comes in about half a second of idle
/// link after the first results, and each later query then waits for one
/// round of dictionary buckets instead of two or three (see the README's
/// network figures). Past 2 MiB the background download costs more than
/// a reader is likely to save.
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
    let meta = assemble(
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
    for (_, bytes) in &mut files {
        set_build(bytes, build);
    }
    let kept = files.iter().map(|(n, b)| (n.as_str(), b.as_slice()));
    let chunks = preload_bundles(&meta, build, kept);
    files.extend(chunks);
    Ok(IndexFiles { files, meta, build })
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
    if meta.preload_chunks == 0 {
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
/// last. `progress` counts terms and pieces written.
pub fn assemble(
    mut indexer: Indexer,
    synonyms: Vec<Vec<String>>,
    layout: Layout,
    sink: &mut Sink,
    progress: &mut dyn FnMut(u64),
) -> Result<Meta, BuildError> {
    let mut meta = Meta {
        page_count: indexer.pages.len() as u32,
        section_count: indexer.sections,
        field_totals: indexer.field_totals,
        total_freq: indexer.total_freq,
        term_count: indexer.accs.len() as u64,
        synonyms,
        ..Meta::default()
    };
    // Sizes of the dictionary and the postings, as sealed files; and the
    // names and sizes of what a preload bundle would hold.
    let mut sizes = [0u64; 2];
    let mut preload: Vec<(String, usize)> = Vec::new();
    let mut counted = |id: FileId, payload: Vec<u8>| {
        let sealed = xun::format::HEADER_LEN + payload.len();
        match id {
            FileId::Dictionary(_) => sizes[0] += sealed as u64,
            FileId::Postings(_) => sizes[1] += sealed as u64,
            _ => {}
        }
        if is_preloaded(id) {
            preload.push((id.name(), sealed));
        }
        sink(id, payload)
    };
    let bucket_phrases = fold_table(&indexer, &mut meta);
    let mut pages = std::mem::take(&mut indexer.pages);
    let filters = crate::filters::build(&pages);
    crate::filters::respell_tags(&filters, &mut pages);
    let pieces = std::mem::replace(&mut indexer.pieces, Pieces::in_memory());
    write_terms(
        indexer,
        bucket_phrases,
        layout,
        &mut meta,
        &mut counted,
        progress,
    )?;
    write_records(pages, pieces, layout, &mut meta, &mut counted, progress)?;
    // Last before the manifest, in the order the build id covers files.
    // Nothing to filter or sort by: no file, and the manifest says so.
    meta.filters = !filters.is_empty();
    if meta.filters {
        counted(FileId::Filters, filters.encode())?;
    }
    [meta.dictionary_bytes, meta.postings_bytes] = sizes;
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
    // An index without records (no sections) has nothing to preload.
    if bytes <= layout.preload_bytes as u64 && meta.record_buckets > 0 {
        (meta.preload_chunks, meta.preload_bytes) = (chunks, bytes);
    }
    sink(FileId::Meta, meta.encode())?;
    Ok(meta)
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
    }
}

/// Whether a term is weak: a function or question word, or one found in
/// too many sections (see [`terms::too_common`]).
fn is_weak(term: &str, df: usize, sections: usize) -> bool {
    xun::query::is_function_word(term) || terms::too_common(df, sections)
}

/// Which terms' postings lists go in their dictionary bucket, by term id.
///
/// A query fetches the buckets of its keys first; a list that came with
/// them saves the round trip to a postings shard, so lists go inline up to
/// `inline_bytes` each. But a key's bucket also brings every other term of
/// the key, so a key's terms and inline lists together stay within
/// [`KEY_BYTES`], shortest lists first. A key with few terms (a CJK
/// character pair: the words that start there; `ku` on a blog:
/// `kubernetes`, `kubelet`) keeps nearly all its lists, while a two-letter
/// key that a site of code shares among thousands of identifiers (`wi`:
/// `with_capacity`, `window`…) is full with its terms alone and keeps
/// none: on the Rust docs, inlining there by list size alone took the
/// buckets of `Vec::with_capacity` from 20 KB to 38 KB (gzip).
///
/// A CJK pair's own list (the pair as a term) is the exception: a query
/// fetches the pair's bucket because it has the pair, and nearly always
/// needs the list too (as the word, or to find a longer word verbatim), so
/// it goes inline up to [`PAIR_INLINE_FACTOR`] × `inline_bytes`, outside
/// the key's budget. On chinese-poetry this takes the postings round off
/// most 7-character lines.
fn inline_lists(
    ids: &HashMap<Box<str>, u32>,
    accs: &[TermAcc],
    layout: &Layout,
    split: &[String],
    header_len: impl Fn(&TermAcc) -> usize,
) -> Vec<bool> {
    let mut inline = vec![false; accs.len()];
    let mut by_key: Vec<(&str, usize, &str, u32)> = ids
        .iter()
        .map(|(term, &id)| {
            let acc = &accs[id as usize];
            let list = header_len(acc) + acc.entries.len();
            (bucket_key(term, split), list, &**term, id)
        })
        .collect();
    by_key.sort_unstable();
    let mut at = 0;
    while at < by_key.len() {
        let key = by_key[at].0;
        let end = at + by_key[at..].iter().take_while(|t| t.0 == key).count();
        let mut used: usize = by_key[at..end].iter().map(|t| t.2.len() + 6).sum();
        let pair = key.chars().count() == 2 && key.chars().all(xun::analysis::is_cjk);
        for &(_, list, term, id) in &by_key[at..end] {
            if pair && term == key {
                inline[id as usize] = list <= PAIR_INLINE_FACTOR * layout.inline_bytes;
            }
        }
        for &(_, list, term, id) in &by_key[at..end] {
            if pair && term == key {
                continue;
            }
            if list > layout.inline_bytes || used + list > KEY_BYTES {
                break;
            }
            used += list;
            inline[id as usize] = true;
        }
        at = end;
    }
    inline
}

/// The most bytes of terms and inline postings one bucket key holds (see
/// [`inline_lists`]).
const KEY_BYTES: usize = 8192;

/// How much longer than `inline_bytes` a CJK pair's own list may be and
/// still go inline (see [`inline_lists`]).
const PAIR_INLINE_FACTOR: usize = 4;

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

/// The dictionary buckets and the postings shards, made bucket by bucket
/// from the terms sorted by (bucket, term).
fn write_terms(
    indexer: Indexer,
    phrases: Phrases,
    layout: Layout,
    meta: &mut Meta,
    sink: &mut Sink,
    progress: &mut dyn FnMut(u64),
) -> Result<(), BuildError> {
    let Indexer { ids, mut accs, .. } = indexer;
    let sections = meta.section_count as usize;
    let header = |acc: &TermAcc| {
        let mut e = Encoder::new();
        postings::encode_header(&mut e, acc.df as usize, acc.flagged);
        e.buf
    };
    meta.split_keys = split_keys(ids.keys().map(|t| &**t));
    let split = &meta.split_keys;
    let inline = inline_lists(&ids, &accs, &layout, split, |acc| header(acc).len());
    let estimate: usize = ids
        .iter()
        .map(|(term, &id)| {
            let acc = &accs[id as usize];
            let list = header(acc).len() + acc.entries.len();
            term.len() + 6 + if inline[id as usize] { list } else { 0 }
        })
        .sum();
    let buckets = (estimate.div_ceil(layout.bucket_bytes.max(1)) as u32).clamp(1, MAX_FILES);
    meta.buckets = buckets;
    let mut order: Vec<(u32, Box<str>, u32)> = ids
        .into_iter()
        .map(|(term, id)| (bucket_of(&term, buckets, split), term, id))
        .collect();
    order.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut phrases: Vec<(u32, (String, Vec<String>))> = phrases
        .into_iter()
        .map(|p| (bucket_of(&p.0, buckets, split), p))
        .collect();
    phrases.sort_unstable();
    let mut phrases_at = 0;

    // Shards hold the lists that are not inline, in bucket order, so that
    // the terms a query looks up together tend to share a shard.
    let mut shard: Vec<u8> = Vec::new();
    let mut shards = 0u32;
    let mut at = 0;
    for bucket in 0..buckets {
        let end = at + order[at..].iter().take_while(|t| t.0 == bucket).count();
        let mut blob: Vec<u8> = Vec::new();
        let mut entries: Vec<(&str, TermInfo)> = Vec::with_capacity(end - at);
        for (_, term, id) in &order[at..end] {
            let acc = &mut accs[*id as usize];
            let mut list = header(acc);
            list.extend_from_slice(&std::mem::take(&mut acc.entries));
            let location = if inline[*id as usize] {
                let offset = blob.len() as u32;
                blob.extend_from_slice(&list);
                Location::Inline(offset)
            } else {
                // A shard stays within `shard_bytes`, or holds one list
                // that is bigger alone: a query that needs a common term's
                // long list, or a rare term's short one, gets no
                // neighbour's long list with it.
                let full = !shard.is_empty() && shard.len() + list.len() > layout.shard_bytes;
                if full && shards + 1 < MAX_FILES {
                    sink(FileId::Postings(shards), std::mem::take(&mut shard))?;
                    shards += 1;
                }
                let offset = shard.len() as u32;
                shard.extend_from_slice(&list);
                Location::Shard {
                    shard: shards,
                    offset,
                }
            };
            let frequency = if acc.flagged { acc.whole } else { acc.freq };
            entries.push((
                term,
                TermInfo {
                    postings: location,
                    freq_code: terms::freq_code(u64::from(frequency)),
                    weak: is_weak(term, acc.df as usize, sections),
                    word: !acc.flagged || acc.whole > 0,
                },
            ));
        }
        let mine = phrases[phrases_at..]
            .iter()
            .take_while(|p| p.0 == bucket)
            .map(|p| p.1.clone())
            .collect::<Phrases>();
        phrases_at += mine.len();
        let payload = terms::encode(entries, &mine, &blob).expect("terms are sorted and unique");
        sink(FileId::Dictionary(bucket), payload)?;
        progress((end - at) as u64);
        at = end;
    }
    if !shard.is_empty() {
        sink(FileId::Postings(shards), shard)?;
        shards += 1;
    }
    meta.shards = shards;
    Ok(())
}

/// The record buckets: every piece of every section's text, with its
/// section's heading and anchor and its page, in the bucket its place
/// hashes to. Pieces are read back from where the indexer put them aside,
/// one bucket at a time.
fn write_records(
    pages: Vec<crate::indexer::PageInfo>,
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
    let mut refs: Vec<(u32, PieceRef)> = pieces
        .refs
        .iter()
        .map(|r| {
            let bucket = record_bucket(r.page, r.local, r.index, buckets, records.group);
            (bucket, *r)
        })
        .collect();
    refs.sort_unstable_by_key(|(b, r)| (*b, r.page, r.local, r.index));
    let mut at = 0;
    for bucket in 0..buckets {
        let end = at + refs[at..].iter().take_while(|r| r.0 == bucket).count();
        let mine = &refs[at..end];
        let mut page_ids: Vec<u32> = mine.iter().map(|r| r.1.page).collect();
        page_ids.dedup();
        let mut records = Records {
            pages: page_ids
                .iter()
                .map(|&id| {
                    let info = &pages[id as usize];
                    Page {
                        id,
                        title: info.title.clone(),
                        url: info.url.clone(),
                        date: info.date.clone(),
                        tags: info.tags.clone(),
                    }
                })
                .collect(),
            pieces: Vec::with_capacity(mine.len()),
        };
        for (_, r) in mine {
            let p = pieces.read(r).map_err(io)?;
            records.pieces.push(Piece {
                page: page_ids.binary_search(&p.page).expect("listed above"),
                local: p.local,
                index: p.index,
                anchor: p.anchor,
                heading: p.heading,
                body_chars: p.body_chars,
                text: p.text,
            });
        }
        sink(FileId::Records(bucket), records.encode())?;
        progress(mine.len() as u64);
        at = end;
    }
    Ok(())
}

/// The traditional → simplified pairs that lead to a character of some
/// term, and the regional phrases whose mainland form is a term: all a
/// query can need, since other characters and words match nothing. The
/// manifest gets the pairs and the phrases that do not start with two CJK
/// characters; the others are returned, for the buckets of their keys
/// (see [`fold::in_bucket`]).
fn fold_table(indexer: &Indexer, meta: &mut Meta) -> Phrases {
    let freq = |term: &str| indexer.term(term).map_or(0, |a| a.freq);
    let mut phrases: Vec<(String, Vec<String>)> = crate::regional::table()
        .iter()
        .filter_map(|(phrase, mainland)| {
            let known: Vec<String> = mainland
                .iter()
                .filter(|m| indexer.ids.contains_key(m.as_str()))
                .cloned()
                .collect();
            // A phrase the index itself uses often is used in its own
            // sense there (程序 is a program in the mainland, a process in
            // Taiwan): folding it would only mislead.
            let most = known.iter().map(|m| freq(m)).max().unwrap_or(0);
            let own_sense = freq(phrase) * 10 >= most;
            (!known.is_empty() && !own_sense).then(|| (phrase.clone(), known))
        })
        .collect();
    phrases.sort();
    // The characters of the terms, and of the regional phrases, which a
    // Traditional query must fold to before they can match (記憶體 →
    // 记忆体, though the index may have no 忆).
    let chars: BTreeSet<u32> = (indexer.ids.keys().map(|t| &**t))
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
