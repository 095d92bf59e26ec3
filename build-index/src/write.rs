//! Assembles the index files from an [`Indexer`], in memory; `swap`
//! writes them.
//!
//! Sizes are chosen from the totals, so that a file stays near its target
//! whatever the size of the site: a dictionary bucket near
//! [`Layout::bucket_bytes`], a postings shard near
//! [`Layout::shard_bytes`] (a list bigger than that has a shard of its
//! own), a record bucket near [`Layout::record_bytes`].

use std::collections::{BTreeSet, HashMap};

use xun::format::codec::Encoder;
use xun::format::meta::{MAX_FILES, Meta};
use xun::format::postings;
use xun::format::records::{Page, Piece, Records};
use xun::format::terms::{self, Location, TermInfo};
use xun::format::{FileId, bucket_of, build_id, fold, record_bucket, seal};

use crate::indexer::{Indexer, TermAcc};

/// Where to cut the dictionary, the postings and the records into files.
/// Smaller files mean fewer wasted bytes per query, and more requests.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Target payload of a dictionary bucket.
    pub bucket_bytes: usize,
    /// Target payload of a postings shard.
    pub shard_bytes: usize,
    /// Target payload of a record bucket.
    pub record_bytes: usize,
    /// Postings lists up to this size live in their term's bucket.
    pub inline_bytes: usize,
}

/// Measured with `bench/bytes.mjs` and `bench/scale.mjs`: see the
/// README's figures for the trade-off.
impl Default for Layout {
    fn default() -> Self {
        Layout {
            bucket_bytes: xun::format::BUCKET_BYTES,
            shard_bytes: 4096,
            record_bytes: 4096,
            inline_bytes: 48,
        }
    }
}

/// The files of an index, in memory, named as they are written.
pub struct IndexFiles {
    pub files: Vec<(String, Vec<u8>)>,
    pub meta: Meta,
    pub build: u32,
}

/// Builds every file of the index.
pub fn assemble(indexer: Indexer, synonyms: Vec<Vec<String>>, layout: Layout) -> IndexFiles {
    let Indexer {
        terms: accs,
        pages,
        pieces,
        field_totals,
        sections,
        total_freq,
    } = indexer;
    let mut meta = Meta {
        page_count: pages.len() as u32,
        section_count: sections,
        field_totals,
        total_freq,
        term_count: accs.len() as u64,
        synonyms,
        ..Meta::default()
    };
    let mut payloads: Vec<(FileId, Vec<u8>)> = Vec::new();
    write_fold(&accs, &mut meta, &mut payloads);
    write_terms(accs, layout, &mut meta, &mut payloads);
    write_records(pages, pieces, layout, &mut meta, &mut payloads);
    // Manifest order (see `Meta::files`), then the manifest.
    payloads.sort_by_key(|p| file_order(p.0));
    let sealed = |p: &[u8]| (xun::format::HEADER_LEN + p.len()) as u64;
    meta.dictionary_bytes = payloads
        .iter()
        .filter(|p| matches!(p.0, FileId::Dictionary(_)))
        .map(|p| sealed(&p.1))
        .sum();
    meta.postings_bytes = payloads
        .iter()
        .filter(|p| matches!(p.0, FileId::Postings(_)))
        .map(|p| sealed(&p.1))
        .sum();
    payloads.push((FileId::Meta, meta.encode()));
    let build = build_id(payloads.iter().map(|p| p.1.as_slice()));
    let files = payloads
        .into_iter()
        .map(|(id, payload)| (id.name(), seal(id.kind(), build, &payload)))
        .collect();
    IndexFiles { files, meta, build }
}

/// Files in the order the build id covers them (see `Meta::files`).
fn file_order(id: FileId) -> (u8, u32) {
    match id {
        FileId::Dictionary(i) => (0, i),
        FileId::Postings(i) => (1, i),
        FileId::Records(i) => (2, i),
        FileId::Fold => (3, 0),
        FileId::Meta => (4, 0),
    }
}

/// Whether a term is weak: a function or question word, or one found in
/// too many sections (see [`terms::too_common`]).
fn is_weak(term: &str, df: usize, sections: usize) -> bool {
    xun::query::is_function_word(term) || terms::too_common(df, sections)
}

/// The dictionary buckets and the postings shards.
fn write_terms(
    accs: HashMap<String, TermAcc>,
    layout: Layout,
    meta: &mut Meta,
    files: &mut Vec<(FileId, Vec<u8>)>,
) {
    let sections = meta.section_count as usize;
    // Each term's whole list, and whether it is small enough to inline.
    let mut lists: Vec<(String, TermAcc, Vec<u8>)> = accs
        .into_iter()
        .map(|(term, acc)| {
            let mut e = Encoder::new();
            postings::encode_header(&mut e, acc.df as usize, acc.flagged);
            e.buf.extend_from_slice(&acc.entries);
            (term, acc, e.buf)
        })
        .collect();
    let estimate: usize = lists
        .iter()
        .map(|(term, _, list)| {
            term.len()
                + 6
                + if list.len() <= layout.inline_bytes {
                    list.len()
                } else {
                    0
                }
        })
        .sum();
    let buckets = (estimate.div_ceil(layout.bucket_bytes.max(1)) as u32).clamp(1, MAX_FILES);
    meta.buckets = buckets;
    lists.sort_by_cached_key(|(term, _, _)| (bucket_of(term, buckets), term.clone()));

    // Shards hold the lists that are not inline, in bucket order, so that
    // the terms a query looks up together tend to share a shard.
    let mut shards: Vec<Vec<u8>> = vec![Vec::new()];
    let mut infos: Vec<(u32, TermInfo)> = Vec::with_capacity(lists.len());
    let mut inline: HashMap<u32, Vec<u8>> = HashMap::new();
    for (term, acc, list) in &lists {
        let bucket = bucket_of(term, buckets);
        let location = if list.len() <= layout.inline_bytes {
            let blob = inline.entry(bucket).or_default();
            let at = blob.len() as u32;
            blob.extend_from_slice(list);
            Location::Inline(at)
        } else {
            let full = shards.last().is_some_and(|s| s.len() >= layout.shard_bytes);
            if full && (shards.len() as u32) < MAX_FILES {
                shards.push(Vec::new());
            }
            let shard = shards.len() as u32 - 1;
            let current = shards.last_mut().expect("there is always a shard");
            let offset = current.len() as u32;
            current.extend_from_slice(list);
            Location::Shard { shard, offset }
        };
        let frequency = if acc.flagged { acc.whole } else { acc.freq };
        infos.push((
            bucket,
            TermInfo {
                postings: location,
                freq_code: terms::freq_code(frequency),
                weak: is_weak(term, acc.df as usize, sections),
                word: !acc.flagged || acc.whole > 0,
            },
        ));
    }
    if shards.last().is_some_and(Vec::is_empty) {
        shards.pop();
    }
    meta.shards = shards.len() as u32;
    for (i, shard) in shards.into_iter().enumerate() {
        files.push((FileId::Postings(i as u32), shard));
    }
    let mut at = 0;
    for bucket in 0..buckets {
        let end = at + infos[at..].iter().take_while(|(b, _)| *b == bucket).count();
        let entries = lists[at..end]
            .iter()
            .zip(&infos[at..end])
            .map(|((term, _, _), (_, info))| (term.as_str(), *info));
        let blob = inline.remove(&bucket).unwrap_or_default();
        let payload = terms::encode(entries, &blob).expect("terms are sorted and unique");
        files.push((FileId::Dictionary(bucket), payload));
        at = end;
    }
}

/// The record buckets: every piece of every section's text, with its
/// section's heading and anchor and its page, in the bucket its place
/// hashes to.
fn write_records(
    pages: Vec<crate::indexer::PageInfo>,
    pieces: Vec<crate::indexer::PieceText>,
    layout: Layout,
    meta: &mut Meta,
    files: &mut Vec<(FileId, Vec<u8>)>,
) {
    let bytes: usize = pieces
        .iter()
        .map(|p| p.text.len() + p.heading.len() + p.anchor.len() + 8)
        .sum();
    let buckets = (bytes.div_ceil(layout.record_bytes.max(1)) as u32).clamp(1, MAX_FILES);
    meta.record_buckets = buckets;
    let mut by_bucket: Vec<Vec<crate::indexer::PieceText>> =
        (0..buckets).map(|_| Vec::new()).collect();
    for p in pieces {
        by_bucket[record_bucket(p.page, p.local, p.index, buckets) as usize].push(p);
    }
    for (i, mut mine) in by_bucket.into_iter().enumerate() {
        mine.sort_by_key(|p| (p.page, p.local, p.index));
        let page_ids: BTreeSet<u32> = mine.iter().map(|p| p.page).collect();
        let page_ids: Vec<u32> = page_ids.into_iter().collect();
        let records = Records {
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
            pieces: mine
                .into_iter()
                .map(|p| Piece {
                    page: page_ids.binary_search(&p.page).expect("listed above"),
                    local: p.local,
                    index: p.index,
                    anchor: p.anchor,
                    heading: p.heading,
                    body_chars: p.body_chars,
                    text: p.text,
                })
                .collect(),
        };
        files.push((FileId::Records(i as u32), records.encode()));
    }
}

/// The traditional → simplified pairs that lead to a character of some
/// term, and the regional phrases whose mainland form is a term: all a
/// query can need, since other characters and words match nothing.
fn write_fold(
    accs: &HashMap<String, TermAcc>,
    meta: &mut Meta,
    files: &mut Vec<(FileId, Vec<u8>)>,
) {
    let freq = |term: &str| accs.get(term).map_or(0, |a| a.freq);
    let mut phrases: Vec<(String, Vec<String>)> = crate::regional::table()
        .iter()
        .filter_map(|(phrase, mainland)| {
            let known: Vec<String> = mainland
                .iter()
                .filter(|m| accs.contains_key(*m))
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
    let chars: BTreeSet<u32> = accs
        .keys()
        .chain(phrases.iter().map(|p| &p.0))
        .flat_map(|term| term.chars())
        .filter(|&c| xun::analysis::is_cjk(c))
        .map(|c| c as u32)
        .collect();
    let pairs: Vec<(u32, u32)> = xun::analysis::t2s_pairs()
        .iter()
        .copied()
        .filter(|(_, to)| chars.contains(to))
        .collect();
    if !pairs.is_empty() || !phrases.is_empty() {
        meta.fold_pairs = pairs.len() as u32;
        meta.regional_phrases = phrases.len() as u32;
        let table = fold::Fold {
            chars: pairs,
            phrases,
        };
        files.push((FileId::Fold, table.encode()));
    }
}
