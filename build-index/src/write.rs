//! Assembles the index files from segmented posts, and writes them so
//! that a failed build never leaves a half-written index behind.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use xun::format::codec::Encoder;
use xun::format::meta::{BODY, Chunk, FIELDS, FileRef, HEADING, Meta, Page, Section, Shard, TITLE};
use xun::format::postings::{self, Posting};
use xun::format::terms::{self, TermInfo};
use xun::format::{FileId, Kind, seal, store};

use crate::error::BuildError;
use crate::segment::{Segmenter, Token};
use crate::split::Post;

/// Where to cut the postings stream and the store into files. Smaller
/// files mean fewer wasted bytes per query and more requests.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub shard_bytes: usize,
    pub chunk_bytes: usize,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            shard_bytes: 16 * 1024,
            chunk_bytes: 8 * 1024,
        }
    }
}

/// The files of an index, in memory, named as they are written.
pub struct IndexFiles {
    pub files: Vec<(String, Vec<u8>)>,
    pub meta: Meta,
}

/// Segments every section and builds the index. `progress` is called once
/// per post.
pub fn build(
    posts: &[Post],
    segmenter: &Segmenter,
    layout: Layout,
    mut progress: impl FnMut(),
) -> IndexFiles {
    let mut meta = Meta::default();
    let mut index: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
    let mut tokens: Vec<Token> = Vec::new();
    let mut texts: Vec<&str> = Vec::new();
    for (page_id, post) in posts.iter().enumerate() {
        meta.pages.push(Page {
            title: post.title.clone(),
            url: post.url.clone(),
            date: post.date.clone(),
            tags: post.tags.clone(),
        });
        for s in &post.sections {
            let section_id = meta.sections.len() as u32;
            tokens.clear();
            // The field stream: title, heading, body, each one position
            // past the previous so that no phrase spans two fields.
            let title = segmenter.field(&post.title, 0, &mut tokens);
            let heading_start = title.chars + 1;
            let heading = segmenter.field(&s.heading, heading_start, &mut tokens);
            let body_start = heading_start + heading.chars + 1;
            let body = segmenter.field(&s.text, body_start, &mut tokens);
            let mut lens = [0; FIELDS];
            lens[TITLE] = title.words;
            lens[HEADING] = heading.words;
            lens[BODY] = body.words;
            for (total, len) in meta.field_totals.iter_mut().zip(lens) {
                *total += u64::from(len);
            }
            meta.sections.push(Section {
                page: page_id as u32,
                anchor: s.anchor.clone(),
                heading: s.heading.clone(),
                heading_start,
                body_start,
                lens,
            });
            texts.push(&s.text);
            add_section(&mut index, section_id, &mut tokens);
        }
        progress();
    }
    let mut files = Vec::new();
    write_postings(&index, layout, &mut meta, &mut files);
    write_store(&texts, layout, &mut meta, &mut files);
    files.push((FileId::Meta.name(), meta.encode()));
    // Deterministic order, and meta.xun last: it names all the others.
    IndexFiles { files, meta }
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

fn write_postings(
    index: &BTreeMap<String, Vec<Posting>>,
    layout: Layout,
    meta: &mut Meta,
    files: &mut Vec<(String, Vec<u8>)>,
) {
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
        let sealed = seal(Kind::Postings, &stream.buf[start..end]);
        meta.shards.push(Shard {
            start: start as u64,
            file: FileRef::of(&sealed),
        });
        files.push((FileId::Postings(i as u32).name(), sealed));
    }
    meta.postings_len = stream.buf.len() as u64;
    meta.term_count = infos.len() as u64;
    let terms = terms::encode(infos).expect("BTreeMap keys are sorted and unique");
    meta.terms = FileRef::of(&terms);
    files.insert(0, (FileId::Terms.name(), terms));
}

fn write_store(
    texts: &[&str],
    layout: Layout,
    meta: &mut Meta,
    files: &mut Vec<(String, Vec<u8>)>,
) {
    let mut first = 0;
    while first < texts.len() {
        let mut end = first;
        let mut bytes = 0;
        while end < texts.len() && (end == first || bytes + texts[end].len() <= layout.chunk_bytes)
        {
            bytes += texts[end].len();
            end += 1;
        }
        let sealed = store::encode(&texts[first..end]);
        meta.chunks.push(Chunk {
            first_section: first as u32,
            file: FileRef::of(&sealed),
        });
        files.push((FileId::Store(meta.chunks.len() as u32 - 1).name(), sealed));
        first = end;
    }
}

/// Writes `files` into `out`, replacing any previous index there.
///
/// Everything goes into a fresh sibling directory first and is synced;
/// only then is the old directory swapped out. An error at any step before
/// the swap leaves `out` exactly as it was.
pub fn write_atomically(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), BuildError> {
    if out.exists() {
        let ours = out.join(FileId::Meta.name()).is_file();
        let empty = fs::read_dir(out)
            .map_err(BuildError::io(out))?
            .next()
            .is_none();
        if !ours && !empty {
            return Err(BuildError::NotAnIndexDir {
                path: out.to_owned(),
            });
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(BuildError::io(&parent))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.xun-new-{pid}"));
    let retired = parent.join(format!(".{name}.xun-old-{pid}"));
    let result = stage(&staging, files).and_then(|()| swap(&staging, &retired, out));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn stage(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), BuildError> {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).map_err(BuildError::io(dir))?;
    for (name, bytes) in files {
        let path = dir.join(name);
        if let Some(sub) = path.parent() {
            fs::create_dir_all(sub).map_err(BuildError::io(sub))?;
        }
        let mut file = fs::File::create(&path).map_err(BuildError::io(&path))?;
        std::io::Write::write_all(&mut file, bytes).map_err(BuildError::io(&path))?;
        file.sync_all().map_err(BuildError::io(&path))?;
    }
    Ok(())
}

fn swap(staging: &Path, retired: &Path, out: &Path) -> Result<(), BuildError> {
    if out.exists() {
        fs::rename(out, retired).map_err(BuildError::io(out))?;
        if let Err(e) = fs::rename(staging, out) {
            // Put the old index back before reporting.
            let _ = fs::rename(retired, out);
            return Err(BuildError::Io {
                path: out.to_owned(),
                source: e,
            });
        }
        let _ = fs::remove_dir_all(retired);
    } else {
        fs::rename(staging, out).map_err(BuildError::io(out))?;
    }
    Ok(())
}
