//! A loaded index: the manifest, plus whichever of the other files (fold
//! table, dictionary partitions, postings shards, docs files and store
//! chunks) have been fetched so far.
//!
//! The runtime never fetches by itself. When a search needs a file that is
//! not loaded it reports the file's name ([`Missing`]); the caller fetches
//! it, hands it to [`Index::add_file`] and asks again. This keeps I/O in
//! JavaScript, where it belongs, and keeps the wasm free of async.

use std::ops::RangeInclusive;

use crate::Error;
use crate::format::docs::{Docs, Page, SectionDoc};
use crate::format::fold::Fold;
use crate::format::meta::Meta;
use crate::format::postings::{self, DecodeError, Posting};
use crate::format::terms::{TermInfo, Terms};
use crate::format::{FileId, Kind, bundle, store, unseal};

/// Files a search needs before it can answer, each once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Missing(Vec<FileId>);

impl Missing {
    pub fn insert(&mut self, id: FileId) {
        if !self.0.contains(&id) {
            self.0.push(id);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn names(&self) -> Vec<String> {
        self.0.iter().map(|id| id.name()).collect()
    }
}

pub struct Index {
    pub meta: Meta,
    /// The build id every file of this index carries.
    pub build: u32,
    parts: Vec<Option<Terms>>,
    shards: Vec<Option<Vec<u8>>>,
    chunks: Vec<Option<Vec<String>>>,
    docs: Vec<Option<Docs>>,
    fold: Option<Fold>,
}

impl Index {
    /// Opens an index from its manifest, `meta.xun`.
    pub fn open(meta: &[u8]) -> Result<Index, Error> {
        let sealed = unseal(&FileId::Meta.name(), Kind::Meta, meta)?;
        let meta = Meta::decode(sealed.payload)?;
        Ok(Index {
            build: sealed.build,
            parts: (0..meta.term_parts.len()).map(|_| None).collect(),
            shards: vec![None; meta.shards.len()],
            chunks: vec![None; meta.chunks.len()],
            docs: vec![None; meta.docs.len()],
            fold: None,
            meta,
        })
    }

    /// Opens an index from a bundle holding all of its files.
    pub fn from_bundle(bytes: &[u8]) -> Result<Index, Error> {
        let files = bundle::decode(bytes)?;
        let meta_name = FileId::Meta.name();
        let meta = files
            .iter()
            .find(|(n, _)| *n == meta_name)
            .ok_or(Error::Truncated { file: meta_name })?;
        let mut index = Index::open(meta.1)?;
        for (name, bytes) in &files {
            if FileId::parse(name) != Some(FileId::Meta) {
                index.add_file(name, bytes)?;
            }
        }
        Ok(index)
    }

    /// Adds a fetched file, after checking that it is whole and belongs to
    /// this build.
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        let unknown = || Error::UnknownFile {
            file: name.to_owned(),
        };
        let id = FileId::parse(name)
            .filter(|&id| self.meta.has_file(id))
            .ok_or_else(unknown)?;
        let sealed = unseal(name, id.kind(), bytes)?;
        if sealed.build != self.build {
            return Err(Error::Mismatch {
                file: name.to_owned(),
            });
        }
        let payload = sealed.payload;
        match id {
            FileId::Terms(i) => {
                let terms = Terms::decode(i, payload)?;
                self.parts[i as usize] = Some(terms);
            }
            FileId::Postings(i) => {
                self.shards[i as usize] = Some(payload.to_vec());
            }
            FileId::Store(i) => {
                let pieces = store::decode(i, payload)?;
                if !self.pieces_fit(i, &pieces) {
                    return Err(Error::Corrupt {
                        file: name.to_owned(),
                        detail: "text does not match the section lengths in meta.xun",
                    });
                }
                self.chunks[i as usize] = Some(pieces);
            }
            FileId::Fold => {
                let fold = Fold::decode(payload).map_err(|_| Error::Truncated {
                    file: name.to_owned(),
                })?;
                if fold.chars.len() != self.meta.fold_pairs as usize
                    || fold.phrases.len() != self.meta.regional_phrases as usize
                {
                    return Err(Error::Corrupt {
                        file: name.to_owned(),
                        detail: "pair or phrase count differs from meta.xun",
                    });
                }
                self.fold = Some(fold);
            }
            FileId::Docs(i) => {
                let docs = Docs::decode(i, payload)?;
                if !self.docs_fit(i, &docs) {
                    return Err(Error::Corrupt {
                        file: name.to_owned(),
                        detail: "sections or pages differ from meta.xun",
                    });
                }
                self.docs[i as usize] = Some(docs);
            }
            FileId::Meta => {}
        }
        Ok(())
    }

    pub fn is_loaded(&self, id: FileId) -> bool {
        let loaded = |v: Option<bool>| v.unwrap_or(false);
        match id {
            FileId::Meta => true,
            FileId::Terms(i) => loaded(self.parts.get(i as usize).map(Option::is_some)),
            FileId::Postings(i) => loaded(self.shards.get(i as usize).map(Option::is_some)),
            FileId::Store(i) => loaded(self.chunks.get(i as usize).map(Option::is_some)),
            FileId::Docs(i) => loaded(self.docs.get(i as usize).map(Option::is_some)),
            FileId::Fold => self.fold.is_some(),
        }
    }

    // The dictionary.

    /// Folded query text with traditional characters made simplified, by
    /// the index's own table (unchanged if it is not loaded).
    pub fn simplify(&self, folded: &str) -> String {
        match &self.fold {
            Some(fold) => folded
                .chars()
                .map(|c| crate::format::fold::lookup(&fold.chars, c))
                .collect(),
            None => folded.to_owned(),
        }
    }

    /// What the query parser needs of this index besides its dictionary.
    pub fn query_context(&self) -> crate::query::Context<'_> {
        crate::query::Context {
            dict: self,
            total_freq: self.meta.total_freq,
            synonyms: &self.meta.synonyms,
            regional: self.regional(),
        }
    }

    /// The regional phrases of `fold.xun` (empty until it is loaded).
    pub fn regional(&self) -> &[(String, Vec<String>)] {
        self.fold.as_ref().map_or(&[], |f| &f.phrases)
    }

    /// The partition that would hold `term`.
    pub fn term_part(&self, term: &str) -> FileId {
        FileId::Terms(self.meta.term_part(term).unwrap_or(0))
    }

    /// The partitions that hold the terms starting with `prefix`.
    pub fn term_parts_with_prefix(&self, prefix: &str) -> RangeInclusive<u32> {
        let first = self.meta.term_part(prefix).unwrap_or(0);
        // The first key past every key with this prefix: the prefix with
        // its last byte raised (UTF-8 never uses 0xff).
        let mut upper = prefix.as_bytes().to_vec();
        if let Some(last) = upper.last_mut() {
            *last += 1;
        }
        let past = self
            .meta
            .term_parts
            .partition_point(|first| first.as_bytes() < upper.as_slice());
        first..=(past.max(1) as u32 - 1).max(first)
    }

    /// A term's entry, if its partition is loaded and holds it.
    pub fn term(&self, term: &str) -> Option<TermInfo> {
        let FileId::Terms(i) = self.term_part(term) else {
            return None;
        };
        self.parts.get(i as usize)?.as_ref()?.get(term)
    }

    /// The terms that start with `prefix`, from the loaded partitions.
    pub fn terms_with_prefix(&self, prefix: &str) -> Vec<(String, TermInfo)> {
        let mut out = Vec::new();
        for i in self.term_parts_with_prefix(prefix) {
            if let Some(Some(part)) = self.parts.get(i as usize) {
                part.with_prefix(prefix, &mut out);
            }
        }
        out
    }

    /// The terms within `max` edits of `word`, from the loaded partitions
    /// that hold terms with its first letter.
    pub fn terms_near(&self, word: &str, max: u32) -> Vec<(String, TermInfo, u32)> {
        let mut out = Vec::new();
        let first = word.chars().next().map_or("", |c| &word[..c.len_utf8()]);
        for i in self.term_parts_with_prefix(first) {
            if let Some(Some(part)) = self.parts.get(i as usize) {
                part.near(word, max, &mut out);
            }
        }
        out
    }

    /// Calls `f` with every term of the loaded partitions, in byte order.
    pub fn for_each_term(&self, mut f: impl FnMut(&str, TermInfo)) {
        for part in self.parts.iter().flatten() {
            part.for_each(&mut f);
        }
    }

    // Postings.

    /// The shard that holds a term's postings.
    pub fn shard_of(&self, info: TermInfo) -> Result<FileId, Error> {
        self.shard_number(info).map(FileId::Postings)
    }

    fn shard_number(&self, info: TermInfo) -> Result<u32, Error> {
        self.meta
            .shard_of(info.offset)
            .ok_or_else(|| Error::Corrupt {
                file: "terms".to_owned(),
                detail: "term points past the postings stream",
            })
    }

    /// A term's postings, or `None` if its shard is not loaded yet.
    pub fn postings(&self, info: TermInfo) -> Result<Option<Vec<Posting>>, Error> {
        let i = self.shard_number(info)?;
        let Some(shard) = &self.shards[i as usize] else {
            return Ok(None);
        };
        let local = info.offset - self.meta.shards[i as usize];
        let file = || FileId::Postings(i).name();
        let local = usize::try_from(local).map_err(|_| Error::Corrupt {
            file: file(),
            detail: "term points past its shard",
        })?;
        postings::decode(shard, local, self.meta.sections.len() as u32)
            .map(Some)
            .map_err(|e| match e {
                DecodeError::Truncated => Error::Truncated { file: file() },
                DecodeError::Corrupt(detail) => Error::Corrupt {
                    file: file(),
                    detail,
                },
            })
    }

    // Stored text.

    /// The (section, first char, end char) of each piece of a chunk, as the
    /// manifest says it must be.
    fn chunk_layout(&self, chunk: u32) -> Vec<(u32, u32, u32)> {
        let meta = &self.meta;
        let Some(c) = meta.chunks.get(chunk as usize) else {
            return Vec::new();
        };
        let next = meta.chunks.get(chunk as usize + 1);
        let (end_section, end_char) = match next {
            Some(n) => (n.first_section, n.first_char),
            None => (meta.sections.len() as u32, 0),
        };
        let mut out = Vec::new();
        let mut section = c.first_section;
        let mut from = c.first_char;
        while section < end_section || (section == end_section && end_char > from) {
            let body = meta.sections[section as usize].body_chars;
            let to = if section == end_section {
                end_char
            } else {
                body
            };
            out.push((section, from, to));
            section += 1;
            from = 0;
        }
        out
    }

    fn pieces_fit(&self, chunk: u32, pieces: &[String]) -> bool {
        let layout = self.chunk_layout(chunk);
        layout.len() == pieces.len()
            && layout
                .iter()
                .zip(pieces)
                .all(|(&(_, from, to), p)| p.chars().count() as u32 == to - from)
    }

    /// The chunks that hold characters `from..to` of a section's body.
    pub fn text_chunks(&self, section: u32, from: u32, to: u32) -> Vec<FileId> {
        let Some(first) = self.meta.chunk_at(section, from) else {
            return Vec::new();
        };
        let last = self
            .meta
            .chunk_at(section, to.saturating_sub(1).max(from))
            .unwrap_or(first);
        (first..=last).map(FileId::Store).collect()
    }

    /// Characters `from..to` of a section's body, or `None` if a chunk
    /// that holds them is not loaded.
    pub fn text(&self, section: u32, from: u32, to: u32) -> Option<String> {
        let mut out = String::new();
        for id in self.text_chunks(section, from, to) {
            let FileId::Store(chunk) = id else { continue };
            let pieces = self.chunks.get(chunk as usize)?.as_ref()?;
            for (&(s, start, end), piece) in self.chunk_layout(chunk).iter().zip(pieces) {
                if s != section || end <= from || start >= to {
                    continue;
                }
                let skip = from.saturating_sub(start) as usize;
                let take = to.min(end).saturating_sub(start.max(from)) as usize;
                out.extend(piece.chars().skip(skip).take(take));
            }
        }
        Some(out)
    }

    // What hits display.

    /// The sections a docs file covers.
    fn docs_sections(&self, i: u32) -> std::ops::Range<u32> {
        let docs = &self.meta.docs;
        let start = docs.get(i as usize).copied().unwrap_or(0);
        let end = docs
            .get(i as usize + 1)
            .copied()
            .unwrap_or(self.meta.sections.len() as u32);
        start..end
    }

    fn docs_fit(&self, i: u32, docs: &Docs) -> bool {
        let range = self.docs_sections(i);
        range.len() == docs.sections.len()
            && range
                .clone()
                .all(|s| docs.page(self.meta.sections[s as usize].page).is_some())
    }

    /// The docs file that holds a section's heading and page.
    pub fn docs_file(&self, section: u32) -> FileId {
        FileId::Docs(self.meta.docs_of(section).unwrap_or(0))
    }

    /// A section's page and heading, or `None` if its docs file is not
    /// loaded yet.
    pub fn section_doc(&self, section: u32) -> Option<(&Page, &SectionDoc)> {
        let i = self.meta.docs_of(section)?;
        let docs = self.docs.get(i as usize)?.as_ref()?;
        let first = self.docs_sections(i).start;
        let doc = docs.sections.get((section - first) as usize)?;
        let page = docs.page(self.meta.sections.get(section as usize)?.page)?;
        Some((page, doc))
    }
}
