//! `meta.xun`: what every query needs. Section statistics for ranking,
//! collection statistics, and where each of the other files starts. What
//! only shown hits need (titles, headings, URLs) is in the docs files.

use super::codec::{Decoder, Encoder, Truncated};
use super::{FileId, truncated};
use crate::Error;

/// The fields of a section, in the order of its field stream.
pub const FIELDS: usize = 3;
pub const TITLE: usize = 0;
pub const HEADING: usize = 1;
pub const BODY: usize = 2;

/// A section as ranking sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    pub page: u32,
    /// Where the heading and the body start in the field stream.
    pub heading_start: u32,
    pub body_start: u32,
    /// Length of the stored body text, in characters.
    pub body_chars: u32,
    /// Word count of each field, for length normalisation.
    pub lens: [u32; FIELDS],
}

impl Section {
    /// Which field a field-stream position falls in.
    pub fn field_of(&self, position: u32) -> usize {
        if position >= self.body_start {
            BODY
        } else if position >= self.heading_start {
            HEADING
        } else {
            TITLE
        }
    }
}

/// A store chunk: the body text from `(first_section, first_char)` up to
/// where the next chunk starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Chunk {
    pub first_section: u32,
    pub first_char: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Meta {
    pub page_count: u32,
    /// Sections in page order; a page's sections are consecutive.
    pub sections: Vec<Section>,
    /// Sum of each field's length over all sections.
    pub field_totals: [u64; FIELDS],
    /// Sum of the collection frequencies of all terms.
    pub total_freq: u64,
    pub term_count: u64,
    /// The first term of each dictionary partition (`""` for the first).
    pub term_parts: Vec<String>,
    pub postings_len: u64,
    /// Offset in the postings stream where each shard starts.
    pub shards: Vec<u64>,
    pub chunks: Vec<Chunk>,
    /// The first section of each docs file.
    pub docs: Vec<u32>,
    /// Groups of equivalent phrases, folded, applied to queries.
    pub synonyms: Vec<Vec<String>>,
    /// Character pairs and regional phrases in `fold.xun`; there is no
    /// such file when both are 0.
    pub fold_pairs: u32,
    pub regional_phrases: u32,
}

impl Meta {
    /// The payload of `meta.xun`.
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::new();
        e.varint(self.page_count.into());
        e.varint(self.sections.len() as u64);
        let mut page = 0;
        for s in &self.sections {
            // Pages only ever stay or advance: store the step.
            e.varint((s.page - page).into());
            page = s.page;
            e.varint(s.heading_start.into());
            e.varint((s.body_start - s.heading_start).into());
            e.varint(s.body_chars.into());
            for len in s.lens {
                e.varint(len.into());
            }
        }
        for total in self.field_totals {
            e.varint(total);
        }
        e.varint(self.total_freq);
        e.varint(self.term_count);
        e.varint(self.term_parts.len() as u64);
        for first in &self.term_parts {
            e.str(first);
        }
        e.varint(self.postings_len);
        rising(&mut e, self.shards.iter().copied());
        e.varint(self.chunks.len() as u64);
        let mut section = 0;
        for c in &self.chunks {
            e.varint((c.first_section - section).into());
            section = c.first_section;
            e.varint(c.first_char.into());
        }
        rising(&mut e, self.docs.iter().map(|&d| d.into()));
        e.varint(self.synonyms.len() as u64);
        for group in &self.synonyms {
            e.strs(group);
        }
        e.varint(self.fold_pairs.into());
        e.varint(self.regional_phrases.into());
        e.buf
    }

    /// Reads a manifest payload (see [`super::unseal`]).
    pub fn decode(payload: &[u8]) -> Result<Meta, Error> {
        let name = FileId::Meta.name();
        let mut d = Decoder::new(payload);
        let meta = decode_payload(&mut d).map_err(truncated(&name))?;
        let checked = if d.is_empty() {
            meta.validate()
        } else {
            Err("bytes after the file table")
        };
        checked.map_err(|detail| Error::Corrupt { file: name, detail })?;
        Ok(meta)
    }

    /// Invariants the runtime relies on to index without bounds panics.
    fn validate(&self) -> Result<(), &'static str> {
        let sections = self.sections.len() as u64;
        // Pages are numbered densely in section order, so the page count
        // is one past the last section's page: a count that drives an
        // allocation is held to the bytes that back it.
        let mut page = 0;
        for (i, s) in self.sections.iter().enumerate() {
            if s.page != page && (i == 0 || s.page != page + 1) {
                return Err("section pages are not numbered in order");
            }
            page = s.page;
        }
        let pages = self.sections.last().map_or(0, |s| s.page + 1);
        if self.page_count != pages {
            return Err("page count differs from the sections' pages");
        }
        if !starts_at_zero_and_rises(self.shards.iter().copied())
            || self.shards.last().is_some_and(|&s| s >= self.postings_len)
        {
            return Err("shard table out of order");
        }
        let chunks = self
            .chunks
            .iter()
            .map(|c| (u64::from(c.first_section) << 32) | u64::from(c.first_char));
        let chunk_in_bounds = |c: &Chunk| {
            self.sections
                .get(c.first_section as usize)
                .is_some_and(|s| c.first_char <= s.body_chars)
        };
        if !starts_at_zero_and_rises(chunks) || !self.chunks.iter().all(chunk_in_bounds) {
            return Err("store chunk table out of order");
        }
        let docs = self.docs.iter().map(|&d| u64::from(d));
        if !starts_at_zero_and_rises(docs)
            || self.docs.last().is_some_and(|&d| u64::from(d) >= sections)
        {
            return Err("docs table out of order");
        }
        let empty = self.sections.is_empty();
        if empty != self.chunks.is_empty() || empty != self.docs.is_empty() {
            return Err("sections without files, or files without sections");
        }
        let firsts = &self.term_parts;
        if firsts.first().is_some_and(|f| !f.is_empty()) || firsts.windows(2).any(|w| w[0] >= w[1])
        {
            return Err("dictionary partitions out of order");
        }
        Ok(())
    }

    /// The shard that holds the postings starting at `offset`.
    pub fn shard_of(&self, offset: u64) -> Option<u32> {
        if offset >= self.postings_len {
            return None;
        }
        last_at_or_before(&self.shards, &offset)
    }

    /// The store chunk that holds character `at` of a section's body.
    pub fn chunk_at(&self, section: u32, at: u32) -> Option<u32> {
        let key = (section, at);
        let i = self
            .chunks
            .partition_point(|c| (c.first_section, c.first_char) <= key);
        i.checked_sub(1).map(|i| i as u32)
    }

    /// The docs file that holds a section's heading and its page.
    pub fn docs_of(&self, section: u32) -> Option<u32> {
        last_at_or_before(&self.docs, &section)
    }

    /// The dictionary partition that would hold `term`.
    pub fn term_part(&self, term: &str) -> Option<u32> {
        let i = self
            .term_parts
            .partition_point(|first| first.as_str() <= term);
        i.checked_sub(1).map(|i| i as u32)
    }

    /// Whether the manifest lists this file.
    pub fn has_file(&self, id: FileId) -> bool {
        let within = |i: u32, len: usize| (i as usize) < len;
        match id {
            FileId::Meta => true,
            FileId::Terms(i) => within(i, self.term_parts.len()),
            FileId::Postings(i) => within(i, self.shards.len()),
            FileId::Store(i) => within(i, self.chunks.len()),
            FileId::Docs(i) => within(i, self.docs.len()),
            FileId::Fold => self.has_fold(),
        }
    }

    /// Every file but the manifest, in the order the build id covers them.
    pub fn files(&self) -> impl Iterator<Item = FileId> + '_ {
        let n = |len: usize| 0..len as u32;
        n(self.term_parts.len())
            .map(FileId::Terms)
            .chain(n(self.shards.len()).map(FileId::Postings))
            .chain(n(self.chunks.len()).map(FileId::Store))
            .chain(n(self.docs.len()).map(FileId::Docs))
            .chain(self.has_fold().then_some(FileId::Fold))
    }

    /// Whether the index has a `fold.xun`.
    pub fn has_fold(&self) -> bool {
        self.fold_pairs > 0 || self.regional_phrases > 0
    }

    /// Average length of each field, for BM25 length normalisation.
    pub fn average_lens(&self) -> [f32; FIELDS] {
        let n = self.sections.len().max(1) as f32;
        self.field_totals.map(|t| (t as f32 / n).max(1.0))
    }
}

/// Index of the last item `<= key` in a sorted slice.
fn last_at_or_before<T: Ord>(sorted: &[T], key: &T) -> Option<u32> {
    sorted
        .partition_point(|v| v <= key)
        .checked_sub(1)
        .map(|i| i as u32)
}

fn starts_at_zero_and_rises(mut values: impl Iterator<Item = u64>) -> bool {
    let Some(mut last) = values.next() else {
        return true;
    };
    if last != 0 {
        return false;
    }
    values.all(|v| {
        let ok = v > last;
        last = v;
        ok
    })
}

/// A rising list of numbers, each stored as its step from the previous.
fn rising(e: &mut Encoder, values: impl ExactSizeIterator<Item = u64>) {
    e.varint(values.len() as u64);
    let mut last = 0;
    for v in values {
        e.varint(v - last);
        last = v;
    }
}

fn read_rising(d: &mut Decoder) -> Result<Vec<u64>, Truncated> {
    let n = d.count(1)?;
    let mut last = 0u64;
    (0..n)
        .map(|_| {
            last = last.checked_add(d.varint()?).ok_or(Truncated)?;
            Ok(last)
        })
        .collect()
}

fn decode_payload(d: &mut Decoder) -> Result<Meta, Truncated> {
    let mut m = Meta {
        page_count: d.varint_u32()?,
        ..Meta::default()
    };
    let sections = d.count(7)?;
    let mut page = 0u32;
    for _ in 0..sections {
        page = page.checked_add(d.varint_u32()?).ok_or(Truncated)?;
        let heading_start = d.varint_u32()?;
        let body_start = heading_start
            .checked_add(d.varint_u32()?)
            .ok_or(Truncated)?;
        m.sections.push(Section {
            page,
            heading_start,
            body_start,
            body_chars: d.varint_u32()?,
            lens: [d.varint_u32()?, d.varint_u32()?, d.varint_u32()?],
        });
    }
    for total in &mut m.field_totals {
        *total = d.varint()?;
    }
    m.total_freq = d.varint()?;
    m.term_count = d.varint()?;
    let parts = d.count(1)?;
    for _ in 0..parts {
        m.term_parts.push(d.str()?.to_owned());
    }
    m.postings_len = d.varint()?;
    m.shards = read_rising(d)?;
    let chunks = d.count(2)?;
    let mut section = 0u32;
    for _ in 0..chunks {
        section = section.checked_add(d.varint_u32()?).ok_or(Truncated)?;
        m.chunks.push(Chunk {
            first_section: section,
            first_char: d.varint_u32()?,
        });
    }
    m.docs = read_rising(d)?
        .into_iter()
        .map(|v| u32::try_from(v).map_err(|_| Truncated))
        .collect::<Result<_, _>>()?;
    let groups = d.count(1)?;
    for _ in 0..groups {
        m.synonyms.push(d.strs()?);
    }
    m.fold_pairs = d.varint_u32()?;
    m.regional_phrases = d.varint_u32()?;
    Ok(m)
}
