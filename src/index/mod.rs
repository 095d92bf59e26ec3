//! A loaded index: the manifest, plus whichever of the other files
//! (dictionary buckets, postings shards, record buckets and the filter
//! table) have been fetched so far.
//!
//! The runtime never fetches by itself. When a search needs a file that is
//! not loaded it reports the file's name ([`Missing`]); the caller fetches
//! it, hands it to [`Index::add_file`] and asks again. This keeps I/O in
//! JavaScript, where it belongs, and keeps the wasm free of async. Loaded
//! files are kept in sorted vectors, not tables sized by the manifest's counts, so a
//! manifest cannot make the runtime allocate more than what it was given.
//!
//! Two instances of the runtime may share one index: the one that took in
//! the preloaded text and remade every file from it can hand a sealed copy
//! of them ([`Index::keep_copy`], [`Index::take_copy`]) to another, which
//! holds them and adds each when a search first needs it
//! ([`Index::hold`], [`Index::add_held`]). The page searches with such a
//! copy once its worker has the whole index: no round trip to the worker.
//!
//! Its code is split by job: [`dictionary`] looks terms up (and folds
//! query text), [`postings`] decodes lists, [`records`] finds what hits
//! display, [`remake`] turns the preloaded text into files (and seals a
//! copy of them), and [`held`] adds another instance's copy as searches
//! need it.

mod dictionary;
mod held;
mod numbered;
mod postings;
mod records;
mod remake;

use crate::Error;
use crate::format::filters::Filters;
use crate::format::fold::Phrases;
use crate::format::meta::Meta;
use crate::format::records::Records;
use crate::format::terms::Terms;
use crate::format::text::Remake;
use crate::format::{FileId, Kind, bundle, unseal};
use numbered::Numbered;
use postings::Decoded;
use remake::Copy;
use std::sync::Mutex;

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

    pub fn extend(&mut self, ids: impl IntoIterator<Item = FileId>) {
        for id in ids {
            self.insert(id);
        }
    }

    pub fn names(&self) -> Vec<String> {
        self.0.iter().map(|id| id.name()).collect()
    }
}

pub struct Index {
    pub meta: Meta,
    /// The build id every file of this index carries.
    pub build: u32,
    buckets: Numbered<Terms>,
    shards: Numbered<Vec<u8>>,
    records: Numbered<Records>,
    filters: Option<Filters>,
    /// Slices of the preloaded text that came before the one they follow
    /// (see [`crate::format::text`]), and the files being remade from the
    /// slices taken so far.
    text: Numbered<Vec<u8>>,
    remake: Remake,
    /// How many slices were taken into `remake`, in order.
    text_taken: u32,
    /// Postings decoded by recent searches.
    decoded: Mutex<Decoded>,
    /// What becomes of the files the remake lays out (see
    /// [`Index::keep_copy`]).
    copy: Copy,
    /// Sealed files of this build, added when a search first needs them
    /// (see [`Index::hold`]); each leaves the list when it is added.
    held: Vec<(FileId, Vec<u8>)>,
    /// The regional phrases known so far, sorted: the manifest's, and
    /// those of every loaded bucket (see [`crate::format::fold`]).
    regional: Phrases,
}

impl Index {
    /// Opens an index from its manifest, `meta.xun`.
    pub fn open(meta: &[u8]) -> Result<Index, Error> {
        let sealed = unseal(&FileId::Meta.name(), Kind::Meta, meta)?;
        let mut meta = Meta::decode(sealed.payload)?;
        Ok(Index {
            build: sealed.id,
            buckets: Numbered::default(),
            shards: Numbered::default(),
            records: Numbered::default(),
            filters: None,
            text: Numbered::default(),
            remake: Remake::default(),
            text_taken: 0,
            decoded: Mutex::default(),
            copy: Copy::None,
            held: Vec::new(),
            regional: std::mem::take(&mut meta.fold.phrases),
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

    /// Adds every file of a fetched bundle (a preload chunk), each checked as
    /// [`Index::add_file`] checks it; a manifest inside is ignored.
    pub fn add_bundle(&mut self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        for (file, sealed) in bundle::decode_named(name, bytes)? {
            if FileId::parse(file) != Some(FileId::Meta) {
                self.add_file(file, sealed)?;
            }
        }
        Ok(())
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
        if sealed.id != crate::format::file_id(self.build, id) {
            return Err(Error::Mismatch {
                file: name.to_owned(),
            });
        }
        self.insert(id, sealed.payload)
    }

    /// Adds a checked file's payload. Not inlined: its two callers would
    /// each carry every decoder (+1.4 KB of wasm, gzip).
    #[inline(never)]
    fn insert(&mut self, id: FileId, payload: &[u8]) -> Result<(), Error> {
        match id {
            FileId::Dictionary(i) => {
                let terms = Terms::decode(i, payload)?;
                self.insert_bucket(i, terms)
            }
            FileId::Postings(i) => {
                self.shards.insert(i, payload.to_vec());
            }
            FileId::Records(i) => {
                self.records.insert(i, Records::decode(i, payload)?);
            }
            FileId::Filters => {
                self.filters = Some(Filters::decode(payload, self.meta.page_count)?);
            }
            FileId::Text(i) if i >= self.text_taken => {
                self.text.insert(i, payload.to_vec());
                self.take_text()?;
            }
            FileId::Text(_) => {}
            FileId::Meta => {}
        }
        Ok(())
    }

    fn insert_bucket(&mut self, i: u32, mut terms: Terms) {
        // A phrase is in one bucket, whose phrases are taken once.
        if self.buckets.get(i).is_none() && !terms.phrases.is_empty() {
            self.regional.append(&mut terms.phrases);
            crate::sort::sort_by(&mut self.regional, |a, b| a.0 < b.0);
        }
        self.buckets.insert(i, terms);
    }

    pub fn is_loaded(&self, id: FileId) -> bool {
        match id {
            FileId::Meta => true,
            FileId::Dictionary(i) => self.buckets.get(i).is_some(),
            FileId::Postings(i) => self.shards.get(i).is_some(),
            FileId::Records(i) => self.records.get(i).is_some(),
            FileId::Filters => self.filters.is_some(),
            FileId::Text(i) => i < self.text_taken || self.text.get(i).is_some(),
        }
    }

    /// The filter table, once loaded; `None` too when the index has none
    /// (see [`Meta::filters`]).
    pub fn filter_table(&self) -> Option<&Filters> {
        self.filters.as_ref()
    }
}
