//! `meta.xun`: what every query needs, and nothing that grows with the
//! site but the synonym groups a blogger writes. Counts and totals for
//! ranking, how many files of each kind there are, and the fold table
//! ([`super::fold`]), which a CJK query needs before it can name any other file and which is
//! bounded by the traditional → simplified table, whatever the site.
//!
//! ```text
//! varint page count, varint section count
//! 3 × varint sum of field lengths in words over all sections (title, heading, body)
//! varint sum of the collection frequencies of all terms
//! varint term count
//! varint dictionary buckets, varint postings shards, varint record buckets
//! varint record group: how many sections' first pieces share a record
//!      bucket (1 to [`MAX_RECORD_GROUP`], see [`super::record_bucket`])
//! strs the split bucket keys, sorted (see [`super::bucket_key`]; at most
//!      [`MAX_SPLIT_KEYS`])
//! varint 1 when the index has a filter table (`filters.xun`), else 0
//! varint preload chunks (`preload/N.xun`, see [`super::bundle`]), 0 when
//!      there are none; varint their bytes in all
//! varint text files: slices of preloaded text (`t/0/N.xun`, see
//!      [`super::text`]) the chunks carry, one per chunk; 0 when they carry
//!      files
//! varint synonym group count, then per group: strs its phrases, folded
//! the fold table, to the end (see [`super::fold`])
//! ```

use super::FileId;
use super::codec::{DecodeError, Decoder, Encoder};
use super::fold::Fold;
use crate::Error;

/// The fields of a section, in the order of its field stream.
pub const FIELDS: usize = 3;
pub const TITLE: usize = 0;
pub const HEADING: usize = 1;
pub const BODY: usize = 2;

/// Most files of one kind: more than any site needs, and few enough that
/// a file number always fits the name scheme.
pub const MAX_FILES: u32 = 1 << 21;

/// Most split bucket keys a manifest lists: the largest keys of the
/// largest sites are split, and the manifest stays a few KB.
pub const MAX_SPLIT_KEYS: usize = 1024;
/// Most sections whose first pieces share a record bucket.
pub const MAX_RECORD_GROUP: u32 = 64;
/// Most preload chunks: far more than a site small enough to preload has.
pub const MAX_PRELOAD_CHUNKS: u32 = 4096;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Meta {
    pub page_count: u32,
    pub section_count: u32,
    /// Sum of each field's length in words over all sections.
    pub field_totals: [u64; FIELDS],
    /// Sum of the collection frequencies of all terms.
    pub total_freq: u64,
    pub term_count: u64,
    pub buckets: u32,
    pub shards: u32,
    pub record_buckets: u32,
    /// Sections of a page whose first pieces share a record bucket.
    pub record_group: u32,
    /// Latin bucket keys that grow by a character (see
    /// [`super::bucket_key`]), sorted.
    pub split_keys: Vec<String>,
    /// Whether the index has a filter table ([`super::filters`]): some
    /// page has a tag, a category or a date.
    pub filters: bool,
    /// Preload chunks of a site small enough to fetch it all
    /// (`preload/N.xun`: its text, or its record buckets and postings
    /// shards; see [`super::bundle`]), and their sealed bytes in all; 0 and
    /// 0 for none.
    pub preload_chunks: u32,
    pub preload_bytes: u64,
    /// How many slices of preloaded text (`t/0/N.xun`) the preload chunks
    /// carry, one each, instead of record buckets and postings shards: 0,
    /// or as many as there are chunks (see [`super::text`]).
    pub text_files: u32,
    /// Groups of equivalent phrases, folded, applied to queries.
    pub synonyms: Vec<Vec<String>>,
    /// Traditional → simplified characters and regional phrases.
    pub fold: Fold,
}

impl Meta {
    /// The payload of `meta.xun`.
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::new();
        e.varint(self.page_count.into());
        e.varint(self.section_count.into());
        for total in self.field_totals {
            e.varint(total);
        }
        e.varint(self.total_freq);
        e.varint(self.term_count);
        e.varint(self.buckets.into());
        e.varint(self.shards.into());
        e.varint(self.record_buckets.into());
        e.varint(self.record_group.into());
        e.strs(&self.split_keys);
        e.varint(self.filters.into());
        e.varint(self.preload_chunks.into());
        e.varint(self.preload_bytes);
        e.varint(self.text_files.into());
        e.varint(self.synonyms.len() as u64);
        for group in &self.synonyms {
            e.strs(group);
        }
        e.buf.extend_from_slice(&self.fold.encode());
        e.buf
    }

    /// Reads a manifest payload (see [`super::unseal`]).
    pub fn decode(payload: &[u8]) -> Result<Meta, Error> {
        let name = FileId::Meta.name();
        let mut d = Decoder::new(payload);
        let meta = decode_payload(&mut d).map_err(|e| e.in_file(name.clone()))?;
        meta.validate()
            .map_err(|detail| Error::Corrupt { file: name, detail })?;
        Ok(meta)
    }

    /// Invariants the runtime relies on.
    fn validate(&self) -> Result<(), &'static str> {
        if self.page_count > self.section_count {
            return Err("more pages than sections");
        }
        if (self.section_count > 0) != (self.buckets > 0 && self.record_buckets > 0) {
            return Err("sections without files, or files without sections");
        }
        if [self.buckets, self.shards, self.record_buckets]
            .iter()
            .any(|&n| n > MAX_FILES)
        {
            return Err("more files than an index may have");
        }
        if !(1..=MAX_RECORD_GROUP).contains(&self.record_group) {
            return Err("record group out of bounds");
        }
        if self.preload_chunks > MAX_PRELOAD_CHUNKS
            || (self.preload_chunks == 0) != (self.preload_bytes == 0)
        {
            return Err("preload chunks out of bounds");
        }
        if self.text_files != 0 && self.text_files != self.preload_chunks {
            return Err("preloaded text in another number of files than chunks");
        }
        if self.split_keys.len() > MAX_SPLIT_KEYS {
            return Err("too many split bucket keys");
        }
        if !self.split_keys.windows(2).all(|w| w[0] < w[1]) {
            return Err("split bucket keys out of order");
        }
        Ok(())
    }

    /// Whether the manifest lists this file.
    pub fn has_file(&self, id: FileId) -> bool {
        match id {
            FileId::Meta => true,
            FileId::Dictionary(i) => i < self.buckets,
            FileId::Postings(i) => i < self.shards,
            FileId::Records(i) => i < self.record_buckets,
            FileId::Filters => self.filters,
            FileId::Text(i) => i < self.text_files,
        }
    }

    /// Every file but the manifest, in the order the build id covers them.
    pub fn files(&self) -> impl Iterator<Item = FileId> + '_ {
        (0..self.buckets)
            .map(FileId::Dictionary)
            .chain((0..self.shards).map(FileId::Postings))
            .chain((0..self.record_buckets).map(FileId::Records))
            .chain(self.filters.then_some(FileId::Filters))
    }

    /// Average length of each field, for BM25 length normalisation.
    pub fn average_lens(&self) -> [f32; FIELDS] {
        let n = self.section_count.max(1) as f32;
        self.field_totals.map(|t| (t as f32 / n).max(1.0))
    }
}

fn decode_payload(d: &mut Decoder) -> Result<Meta, DecodeError> {
    let mut m = Meta {
        page_count: d.varint_u32()?,
        section_count: d.varint_u32()?,
        ..Meta::default()
    };
    for total in &mut m.field_totals {
        *total = d.varint()?;
    }
    m.total_freq = d.varint()?;
    m.term_count = d.varint()?;
    m.buckets = d.varint_u32()?;
    m.shards = d.varint_u32()?;
    m.record_buckets = d.varint_u32()?;
    m.record_group = d.varint_u32()?;
    m.split_keys = d.strs()?;
    m.filters = match d.varint()? {
        0 => false,
        1 => true,
        _ => return Err(DecodeError::Corrupt("filter table flag is not 0 or 1")),
    };
    m.preload_chunks = d.varint_u32()?;
    m.preload_bytes = d.varint()?;
    m.text_files = d.varint_u32()?;
    let groups = d.count(1)?;
    for _ in 0..groups {
        m.synonyms.push(d.strs()?);
    }
    m.fold = Fold::decode(d.bytes(d.remaining())?)?;
    Ok(m)
}
