//! Assembles the index files from segmented posts, in memory; `swap`
//! writes them.

use std::collections::BTreeMap;

use xun::format::codec::Encoder;
use xun::format::docs::{Docs, Page, SectionDoc};
use xun::format::meta::{BODY, Chunk, FIELDS, HEADING, Meta, Section, TITLE};
use xun::format::postings::{self, Posting};
use xun::format::terms::{self, TermInfo};
use xun::format::{FileId, build_id, fold, seal, store};

use crate::segment::{Segmenter, Token};
use crate::split::Post;

/// Where to cut the dictionary, the postings and the store into files.
/// Smaller files mean fewer wasted bytes per query, and more requests.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Bytes of term text per dictionary partition.
    pub term_bytes: usize,
    pub shard_bytes: usize,
    pub chunk_bytes: usize,
    /// Bytes of headings, anchors, titles and URLs per docs file.
    pub docs_bytes: usize,
}

/// Measured with `bench/bytes.mjs` on the demo corpus: smaller files cut
/// the bytes a query fetches until the manifest's file table and the
/// request count start to cost more than they save.
impl Default for Layout {
    fn default() -> Self {
        Layout {
            term_bytes: 1024,
            shard_bytes: 1024,
            chunk_bytes: 1024,
            docs_bytes: 1024,
        }
    }
}

/// The files of an index, in memory, named as they are written.
pub struct IndexFiles {
    pub files: Vec<(String, Vec<u8>)>,
    pub meta: Meta,
    pub build: u32,
}

/// Segments every section and builds the index. `progress` is called once
/// per post.
pub fn build(
    posts: &[Post],
    segmenter: &Segmenter,
    synonyms: Vec<Vec<String>>,
    layout: Layout,
    mut progress: impl FnMut(),
) -> IndexFiles {
    let mut meta = Meta {
        synonyms,
        ..Meta::default()
    };
    let mut index: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
    let mut tokens: Vec<Token> = Vec::new();
    let mut texts: Vec<&str> = Vec::new();
    let mut section_docs: Vec<(u32, SectionDoc)> = Vec::new();
    meta.page_count = posts.len() as u32;
    for (page_id, post) in posts.iter().enumerate() {
        let traditional = crate::regional::is_traditional(
            &post
                .sections
                .iter()
                .map(|s| s.text.as_str())
                .collect::<String>(),
        );
        for s in &post.sections {
            let section_id = meta.sections.len() as u32;
            tokens.clear();
            // The field stream: title, heading, body, each one position
            // past the previous so that no phrase spans two fields.
            let title = segmenter.field(&post.title, 0, traditional, &mut tokens);
            let heading_start = title.chars + 1;
            let heading = segmenter.field(&s.heading, heading_start, traditional, &mut tokens);
            let body_start = heading_start + heading.chars + 1;
            let body = segmenter.field(&s.text, body_start, traditional, &mut tokens);
            let mut lens = [0; FIELDS];
            lens[TITLE] = title.words;
            lens[HEADING] = heading.words;
            lens[BODY] = body.words;
            for (total, len) in meta.field_totals.iter_mut().zip(lens) {
                *total += u64::from(len);
            }
            section_docs.push((
                page_id as u32,
                SectionDoc {
                    anchor: s.anchor.clone(),
                    heading: s.heading.clone(),
                },
            ));
            meta.sections.push(Section {
                page: page_id as u32,
                heading_start,
                body_start,
                body_chars: body.chars,
                lens,
            });
            texts.push(&s.text);
            add_section(&mut index, section_id, &mut tokens);
        }
        progress();
    }
    let mut payloads = Vec::new();
    write_postings(&index, layout, &mut meta, &mut payloads);
    write_store(&texts, layout, &mut meta, &mut payloads);
    write_docs(posts, section_docs, layout, &mut meta, &mut payloads);
    write_fold(&index, &mut meta, &mut payloads);
    // Manifest order (terms, postings, store, docs), then the manifest.
    payloads.sort_by_key(|p| p.0);
    payloads.push((FileId::Meta, meta.encode()));
    let build = build_id(payloads.iter().map(|p| p.1.as_slice()));
    let files = payloads
        .into_iter()
        .map(|(id, payload)| (id.name(), seal(id.kind(), build, &payload)))
        .collect();
    IndexFiles { files, meta, build }
}

/// Groups the sections' display data into docs files of about
/// `layout.docs_bytes`, each with the pages its sections belong to.
fn write_docs(
    posts: &[Post],
    sections: Vec<(u32, SectionDoc)>,
    layout: Layout,
    meta: &mut Meta,
    files: &mut Vec<(FileId, Vec<u8>)>,
) {
    let page = |id: u32| {
        let p = &posts[id as usize];
        Page {
            title: p.title.clone(),
            url: p.url.clone(),
            date: p.date.clone(),
            tags: p.tags.clone(),
        }
    };
    let mut first = 0;
    while first < sections.len() {
        let mut end = first;
        let mut bytes = 0;
        while end < sections.len() && (end == first || bytes < layout.docs_bytes) {
            let (page_id, doc) = &sections[end];
            bytes += doc.anchor.len() + doc.heading.len();
            if end == first || sections[end - 1].0 != *page_id {
                bytes += posts[*page_id as usize].title.len() + posts[*page_id as usize].url.len();
            }
            end += 1;
        }
        let (first_page, last_page) = (sections[first].0, sections[end - 1].0);
        let docs = Docs {
            first_page,
            pages: (first_page..=last_page).map(page).collect(),
            sections: sections[first..end].iter().map(|s| s.1.clone()).collect(),
        };
        meta.docs.push(first as u32);
        files.push((FileId::Docs(meta.docs.len() as u32 - 1), docs.encode()));
        first = end;
    }
}

/// The traditional → simplified pairs that lead to a character of some
/// term, and the regional phrases whose mainland form is a term: all a
/// query can need, since other characters and words match nothing.
fn write_fold(
    index: &BTreeMap<String, Vec<Posting>>,
    meta: &mut Meta,
    files: &mut Vec<(FileId, Vec<u8>)>,
) {
    let freq = |term: &str| {
        index
            .get(term)
            .map_or(0, |l| l.iter().map(|p| p.positions.len()).sum::<usize>())
    };
    let mut phrases: Vec<(String, Vec<String>)> = crate::regional::table()
        .iter()
        .filter_map(|(phrase, mainland)| {
            let known: Vec<String> = mainland
                .iter()
                .filter(|m| index.contains_key(*m))
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
    let chars: std::collections::BTreeSet<u32> = index
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

/// Appends a section's tokens to the postings of their terms. Sections
/// arrive in id order, so each term's list stays sorted by section.
fn add_section(index: &mut BTreeMap<String, Vec<Posting>>, section: u32, tokens: &mut [Token]) {
    tokens.sort_unstable();
    for group in tokens.chunk_by(|a, b| a.term == b.term) {
        let mut posting = Posting {
            section,
            ..Posting::default()
        };
        for t in group {
            // The same term twice at one position is kept once, as whole
            // if either says so.
            if posting.positions.last() == Some(&t.position) {
                if let Some(w) = posting.whole.last_mut() {
                    *w |= t.whole;
                }
                continue;
            }
            posting.positions.push(t.position);
            posting.whole.push(t.whole);
        }
        if posting.whole.iter().all(|&w| w) {
            posting.whole.clear();
        }
        index
            .entry(group[0].term.clone())
            .or_default()
            .push(posting);
    }
}

/// Single CJK characters carry whole-word flags in their postings.
fn is_flagged(term: &str) -> bool {
    let mut chars = term.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if xun::analysis::is_cjk(c))
}

/// Whether a term is weak: a function or question word, or one found in
/// too many sections (see [`terms::too_common`]).
fn is_weak(term: &str, df: usize, sections: usize) -> bool {
    xun::query::is_function_word(term) || terms::too_common(df, sections)
}

fn write_postings(
    index: &BTreeMap<String, Vec<Posting>>,
    layout: Layout,
    meta: &mut Meta,
    files: &mut Vec<(FileId, Vec<u8>)>,
) {
    let sections = meta.sections.len();
    let mut stream = Encoder::new();
    let mut infos = Vec::with_capacity(index.len());
    // Shards start at term boundaries: a new one begins before a term that
    // would otherwise start in a full shard.
    let mut shard_starts = vec![0];
    for (term, list) in index {
        if stream.buf.len() - shard_starts.last().unwrap() >= layout.shard_bytes {
            shard_starts.push(stream.buf.len());
        }
        let collection_freq: u64 = list.iter().map(|p| p.positions.len() as u64).sum();
        meta.total_freq += collection_freq;
        infos.push((
            term.as_str(),
            TermInfo {
                offset: stream.buf.len() as u64,
                freq_code: terms::freq_code(collection_freq),
                weak: is_weak(term, list.len(), sections),
            },
        ));
        postings::encode(&mut stream, list, is_flagged(term));
    }
    let ends = shard_starts
        .iter()
        .skip(1)
        .copied()
        .chain([stream.buf.len()]);
    for (i, (start, end)) in shard_starts.iter().copied().zip(ends).enumerate() {
        if start == end {
            continue; // only when the stream is empty
        }
        meta.shards.push(start as u64);
        files.push((FileId::Postings(i as u32), stream.buf[start..end].to_vec()));
    }
    meta.postings_len = stream.buf.len() as u64;
    meta.term_count = infos.len() as u64;
    // Dictionary partitions by term range; the first starts at "" so that
    // every possible key has a partition.
    let mut parts: Vec<&[(&str, TermInfo)]> = Vec::new();
    let mut rest = &infos[..];
    while !rest.is_empty() {
        let mut bytes = 0;
        let n = rest
            .iter()
            .take_while(|(term, _)| {
                bytes += term.len();
                bytes <= layout.term_bytes
            })
            .count()
            .max(1);
        parts.push(&rest[..n]);
        rest = &rest[n..];
    }
    for (i, part) in parts.iter().enumerate() {
        let payload =
            terms::encode(part.iter().copied()).expect("BTreeMap keys are sorted and unique");
        let first = if i == 0 { "" } else { part[0].0 };
        meta.term_parts.push(first.to_owned());
        files.push((FileId::Terms(i as u32), payload));
    }
}

/// Cuts the concatenated body texts into chunks of about
/// `layout.chunk_bytes`, inside sections where need be. Every section has
/// a piece in the chunks that span it, an empty section an empty piece.
fn write_store(
    texts: &[&str],
    layout: Layout,
    meta: &mut Meta,
    files: &mut Vec<(FileId, Vec<u8>)>,
) {
    // A chunk may overrun its size by this much rather than leave a sliver
    // of a section for the next one.
    let slack = layout.chunk_bytes / 4;
    let mut pieces: Vec<&str> = Vec::new();
    let mut used = 0;
    let mut start = (0u32, 0u32);
    let mut flush = |pieces: &mut Vec<&str>, start: (u32, u32), meta: &mut Meta| {
        meta.chunks.push(Chunk {
            first_section: start.0,
            first_char: start.1,
        });
        files.push((
            FileId::Store(meta.chunks.len() as u32 - 1),
            store::encode(pieces),
        ));
        pieces.clear();
    };
    for (section, text) in texts.iter().enumerate() {
        let section = section as u32;
        let (mut rest, mut char_at) = (*text, 0u32);
        loop {
            let room = layout.chunk_bytes.saturating_sub(used);
            if rest.len() <= room + slack {
                pieces.push(rest);
                used += rest.len();
                break;
            }
            if room < slack && !pieces.is_empty() {
                flush(&mut pieces, start, meta);
                (used, start) = (0, (section, char_at));
                continue;
            }
            let mut cut = room.max(1);
            while !rest.is_char_boundary(cut) {
                cut += 1;
            }
            let (head, tail) = rest.split_at(cut);
            pieces.push(head);
            char_at += head.chars().count() as u32;
            rest = tail;
            flush(&mut pieces, start, meta);
            (used, start) = (0, (section, char_at));
        }
    }
    if !pieces.is_empty() {
        flush(&mut pieces, start, meta);
    }
}
