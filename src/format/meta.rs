//! `meta.xun`: pages, sections, collection statistics and the file table.

use super::codec::{Decoder, Encoder, Truncated};
use super::{FileId, Kind, seal, truncated, unseal};
use crate::Error;

/// The fields of a section, in the order of its field stream.
pub const FIELDS: usize = 3;
pub const TITLE: usize = 0;
pub const HEADING: usize = 1;
pub const BODY: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    pub title: String,
    /// Site-relative or absolute URL of the page, as links should use it.
    pub url: String,
    /// `YYYY-MM-DD` or empty.
    pub date: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    pub page: u32,
    /// Fragment id without `#`; empty for the text before a page's first
    /// heading.
    pub anchor: String,
    /// Empty for the text before a page's first heading.
    pub heading: String,
    /// Where the heading and the body start in the field stream.
    pub heading_start: u32,
    pub body_start: u32,
    /// Token count of each field, for length normalisation.
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

/// Length and header CRC of a sealed file, as the manifest expects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileRef {
    pub len: u64,
    pub crc: u32,
}

impl FileRef {
    pub fn of(sealed: &[u8]) -> FileRef {
        FileRef {
            len: sealed.len() as u64,
            crc: super::header_crc(sealed),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shard {
    /// Offset of the shard's first byte in the postings stream.
    pub start: u64,
    pub file: FileRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Chunk {
    pub first_section: u32,
    pub file: FileRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Meta {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// Sum of each field's length over all sections.
    pub field_totals: [u64; FIELDS],
    /// Sum of the collection frequencies of all terms.
    pub total_freq: u64,
    pub term_count: u64,
    pub terms: FileRef,
    pub postings_len: u64,
    pub shards: Vec<Shard>,
    pub chunks: Vec<Chunk>,
}

impl Meta {
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::new();
        e.varint(self.pages.len() as u64);
        for p in &self.pages {
            e.str(&p.title);
            e.str(&p.url);
            e.str(&p.date);
            e.strs(&p.tags);
        }
        e.varint(self.sections.len() as u64);
        for s in &self.sections {
            e.varint(s.page.into());
            e.str(&s.anchor);
            e.str(&s.heading);
            e.varint(s.heading_start.into());
            e.varint(s.body_start.into());
            for len in s.lens {
                e.varint(len.into());
            }
        }
        for total in self.field_totals {
            e.varint(total);
        }
        e.varint(self.total_freq);
        e.varint(self.term_count);
        file_ref(&mut e, self.terms);
        e.varint(self.postings_len);
        e.varint(self.shards.len() as u64);
        for s in &self.shards {
            e.varint(s.start);
            file_ref(&mut e, s.file);
        }
        e.varint(self.chunks.len() as u64);
        for c in &self.chunks {
            e.varint(c.first_section.into());
            file_ref(&mut e, c.file);
        }
        seal(Kind::Meta, &e.buf)
    }

    pub fn decode(bytes: &[u8]) -> Result<Meta, Error> {
        let name = FileId::Meta.name();
        let payload = unseal(&name, Kind::Meta, bytes)?;
        let mut d = Decoder::new(payload);
        let meta = decode_payload(&mut d).map_err(truncated(&name))?;
        let checked = if d.is_empty() {
            meta.validate()
        } else {
            Err("bytes after the file table")
        };
        checked.map_err(|detail| Error::Corrupt {
            file: name.clone(),
            detail,
        })?;
        Ok(meta)
    }

    /// Invariants the runtime relies on to index without bounds panics.
    fn validate(&self) -> Result<(), &'static str> {
        if self
            .sections
            .iter()
            .any(|s| s.page as usize >= self.pages.len())
        {
            return Err("section points past the page table");
        }
        if self.sections.iter().any(|s| s.heading_start > s.body_start) {
            return Err("section fields out of order");
        }
        let shard_starts = self.shards.iter().map(|s| s.start);
        if !strictly_rising(shard_starts.clone())
            || self.shards.first().is_some_and(|s| s.start != 0)
        {
            return Err("shard table out of order");
        }
        if self
            .shards
            .last()
            .is_some_and(|s| s.start >= self.postings_len)
        {
            return Err("shard starts past the postings stream");
        }
        let chunk_starts = self.chunks.iter().map(|c| u64::from(c.first_section));
        if !strictly_rising(chunk_starts)
            || self.chunks.first().is_some_and(|c| c.first_section != 0)
            || self
                .chunks
                .last()
                .is_some_and(|c| c.first_section as usize >= self.sections.len())
            || (self.chunks.is_empty() != self.sections.is_empty())
        {
            return Err("store chunk table out of order");
        }
        Ok(())
    }

    /// The shard that holds the postings starting at `offset`.
    pub fn shard_of(&self, offset: u64) -> Option<u32> {
        if offset >= self.postings_len {
            return None;
        }
        let i = self.shards.partition_point(|s| s.start <= offset);
        i.checked_sub(1).map(|i| i as u32)
    }

    /// The store chunk that holds a section's text.
    pub fn chunk_of(&self, section: u32) -> Option<u32> {
        if section as usize >= self.sections.len() {
            return None;
        }
        let i = self.chunks.partition_point(|c| c.first_section <= section);
        i.checked_sub(1).map(|i| i as u32)
    }

    /// The sections a chunk holds, as a range of section ids.
    pub fn chunk_sections(&self, chunk: u32) -> std::ops::Range<u32> {
        let i = chunk as usize;
        let start = self.chunks.get(i).map_or(0, |c| c.first_section);
        let end = self
            .chunks
            .get(i + 1)
            .map_or(self.sections.len() as u32, |c| c.first_section);
        start..end
    }

    /// The manifest's record of a file, to check a loaded file against.
    pub fn file_ref(&self, id: FileId) -> Option<FileRef> {
        match id {
            FileId::Meta => None,
            FileId::Terms => Some(self.terms),
            FileId::Postings(i) => self.shards.get(i as usize).map(|s| s.file),
            FileId::Store(i) => self.chunks.get(i as usize).map(|c| c.file),
        }
    }

    /// Average length of each field, for BM25 length normalisation.
    pub fn average_lens(&self) -> [f32; FIELDS] {
        let n = self.sections.len().max(1) as f32;
        self.field_totals.map(|t| (t as f32 / n).max(1.0))
    }
}

fn strictly_rising(mut values: impl Iterator<Item = u64>) -> bool {
    let Some(mut last) = values.next() else {
        return true;
    };
    values.all(|v| {
        let ok = v > last;
        last = v;
        ok
    })
}

fn file_ref(e: &mut Encoder, f: FileRef) {
    e.varint(f.len);
    e.buf.extend_from_slice(&f.crc.to_le_bytes());
}

fn read_file_ref(d: &mut Decoder) -> Result<FileRef, Truncated> {
    let len = d.varint()?;
    let b = d.bytes(4)?;
    Ok(FileRef {
        len,
        crc: u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
    })
}

fn decode_payload(d: &mut Decoder) -> Result<Meta, Truncated> {
    let mut m = Meta::default();
    let pages = d.count(4)?;
    for _ in 0..pages {
        m.pages.push(Page {
            title: d.str()?.to_owned(),
            url: d.str()?.to_owned(),
            date: d.str()?.to_owned(),
            tags: d.strs()?,
        });
    }
    let sections = d.count(8)?;
    for _ in 0..sections {
        m.sections.push(Section {
            page: d.varint_u32()?,
            anchor: d.str()?.to_owned(),
            heading: d.str()?.to_owned(),
            heading_start: d.varint_u32()?,
            body_start: d.varint_u32()?,
            lens: [d.varint_u32()?, d.varint_u32()?, d.varint_u32()?],
        });
    }
    for total in &mut m.field_totals {
        *total = d.varint()?;
    }
    m.total_freq = d.varint()?;
    m.term_count = d.varint()?;
    m.terms = read_file_ref(d)?;
    m.postings_len = d.varint()?;
    let shards = d.count(5)?;
    for _ in 0..shards {
        m.shards.push(Shard {
            start: d.varint()?,
            file: read_file_ref(d)?,
        });
    }
    let chunks = d.count(6)?;
    for _ in 0..chunks {
        m.chunks.push(Chunk {
            first_section: d.varint_u32()?,
            file: read_file_ref(d)?,
        });
    }
    Ok(m)
}
