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

use crate::Error;
use crate::format::filters::Filters;
use crate::format::fold::Phrases;
use crate::format::meta::Meta;
use crate::format::postings::{self, List};
use crate::format::records::{Page, Piece, Records};
use crate::format::terms::{Location, TermInfo, Terms};
use crate::format::text::Remake;
use crate::format::{FileId, Kind, bucket_of, bundle, is_split, record_bucket, unseal};
use std::sync::{Arc, Mutex};

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

/// The postings lists recent searches decoded, by term, oldest first. A
/// reader's queries share their words (`容器`, then `容器网络`), and
/// decoding took a fifth of a warm search. A list, once its file is
/// loaded, never changes: files are only added, and each belongs to this
/// index's build. Bounded by [`Decoded::MAX_LISTS`] and
/// [`Decoded::MAX_WEIGHT`], the oldest dropped first.
#[derive(Default)]
struct Decoded {
    lists: Vec<(Box<str>, Arc<List>)>,
    weight: usize,
}

impl Decoded {
    /// Enough for the terms of the last several queries; looked up by a
    /// scan, which at this size costs less than a table's hashing.
    const MAX_LISTS: usize = 64;
    /// About 4 MB of postings and positions.
    const MAX_WEIGHT: usize = 1 << 20;

    fn get(&self, term: &str) -> Option<Arc<List>> {
        let found = self.lists.iter().find(|(t, _)| &**t == term);
        found.map(|(_, list)| Arc::clone(list))
    }

    fn keep(&mut self, term: &str, list: &Arc<List>) {
        if list.weight() > Self::MAX_WEIGHT {
            return;
        }
        self.weight += list.weight();
        self.lists.push((term.into(), Arc::clone(list)));
        while self.lists.len() > Self::MAX_LISTS || self.weight > Self::MAX_WEIGHT {
            let (_, old) = self.lists.remove(0);
            self.weight -= old.weight();
        }
    }
}

/// The sealed copy of the remade files, for another instance.
enum Copy {
    /// Not asked for.
    None,
    /// To be made when the remake lays out the files.
    Wanted,
    /// Made: a bundle of every remade file, until it is taken.
    Made(Vec<u8>),
}

/// Loaded files of one kind, by number, in rising order. A sorted `Vec`
/// rather than a `BTreeMap`: the B-tree's code, instantiated for each kind,
/// was 11.5 KB of the wasm. A page loads tens of files; a bundle lists
/// each kind in rising order, as build-index writes it, so inserting its
/// files appends.
struct Loaded<T>(Vec<(u32, T)>);

impl<T> Default for Loaded<T> {
    fn default() -> Self {
        Loaded(Vec::new())
    }
}

impl<T> Loaded<T> {
    fn get(&self, n: u32) -> Option<&T> {
        let i = self.0.binary_search_by_key(&n, |e| e.0).ok()?;
        Some(&self.0[i].1)
    }

    /// Adds file `n`, or replaces it.
    fn insert(&mut self, n: u32, file: T) {
        match self.0.binary_search_by_key(&n, |e| e.0) {
            Ok(i) => self.0[i].1 = file,
            Err(i) => self.0.insert(i, (n, file)),
        }
    }

    fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter().map(|e| &e.1)
    }
}

pub struct Index {
    pub meta: Meta,
    /// The build id every file of this index carries.
    pub build: u32,
    buckets: Loaded<Terms>,
    shards: Loaded<Vec<u8>>,
    records: Loaded<Records>,
    filters: Option<Filters>,
    /// Slices of the preloaded text that came before the one they follow
    /// (see [`crate::format::text`]), and the files being remade from the
    /// slices taken so far.
    text: Loaded<Vec<u8>>,
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
            buckets: Loaded::default(),
            shards: Loaded::default(),
            records: Loaded::default(),
            filters: None,
            text: Loaded::default(),
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

    /// Takes the slices of preloaded text that are next in order into the
    /// remake, and once the last is in, adds every dictionary bucket,
    /// postings shard and record bucket it makes: later queries then fetch
    /// nothing.
    fn take_text(&mut self) -> Result<(), Error> {
        while self.text.0.first().is_some_and(|s| s.0 == self.text_taken) {
            let (_, slice) = self.text.0.remove(0);
            self.text_taken += 1;
            if let Err(e) = self.remake.push(&self.meta, &slice) {
                self.text_taken = u32::MAX;
                return Err(e);
            }
        }
        if self.text_taken != self.meta.text_files {
            return Ok(());
        }
        self.text_taken = u32::MAX;
        let mut buckets = Vec::new();
        let mut files = Vec::new();
        std::mem::take(&mut self.remake).finish(
            &self.meta,
            &mut |i, bucket| {
                buckets.push((i, bucket));
                Ok(())
            },
            &mut |id, payload| {
                files.push((id, payload));
                Ok(())
            },
        )?;
        if matches!(self.copy, Copy::Wanted) {
            // Payloads, in one sealed bundle whose checksum covers them
            // all; the buckets listed, not as fsts.
            let listed: Vec<(String, Vec<u8>)> = (buckets.iter())
                .map(|(i, bucket)| (FileId::Dictionary(*i).name(), bucket.encode_listed()))
                .collect();
            let names: Vec<String> = files.iter().map(|(id, _)| id.name()).collect();
            let all: Vec<(&str, &[u8])> = (listed.iter())
                .map(|(name, payload)| (name.as_str(), payload.as_slice()))
                .chain(
                    names
                        .iter()
                        .zip(&files)
                        .map(|(name, f)| (name.as_str(), f.1.as_slice())),
                )
                .collect();
            self.copy = Copy::Made(bundle::encode(self.build, all.into_iter()));
        }
        for (i, bucket) in buckets {
            if self.buckets.get(i).is_none() {
                self.insert_bucket(i, Terms::from_bucket(bucket));
            }
        }
        for (id, payload) in files {
            if !self.is_loaded(id) {
                self.insert(id, &payload)?;
            }
        }
        Ok(())
    }

    /// Asks for a sealed copy of every file the remake will lay out, to
    /// be taken with [`Index::take_copy`] once the last slice of text is in.
    /// Costs the worker the encoding of each dictionary bucket, once.
    pub fn keep_copy(&mut self) {
        if matches!(self.copy, Copy::None) && self.text_taken != u32::MAX {
            self.copy = Copy::Wanted;
        }
    }

    /// The copy [`Index::keep_copy`] asked for, as a bundle (see
    /// [`bundle`]), once it is made; `None` before, and after it is taken.
    pub fn take_copy(&mut self) -> Option<Vec<u8>> {
        match std::mem::replace(&mut self.copy, Copy::None) {
            Copy::Made(bytes) => Some(bytes),
            other => {
                self.copy = other;
                None
            }
        }
    }

    /// Holds the files of another instance's copy of this build (see
    /// [`Index::take_copy`]), to be added as searches need them
    /// ([`Index::add_held`]). The copy's checksum and build are checked
    /// here, each file's contents when it is added.
    pub fn hold(&mut self, bytes: &[u8]) -> Result<(), Error> {
        const NAME: &str = "the page's copy";
        let (build, files) = bundle::decode_built(NAME, bytes)?;
        if build != self.build {
            return Err(Error::Mismatch { file: NAME.into() });
        }
        for (name, payload) in files {
            let id = FileId::parse(name)
                .filter(|&id| self.meta.has_file(id))
                .filter(|id| {
                    matches!(
                        id,
                        FileId::Dictionary(_) | FileId::Postings(_) | FileId::Records(_)
                    )
                })
                .ok_or_else(|| Error::UnknownFile {
                    file: name.to_owned(),
                })?;
            // A name twice is harmless: the first is added, the other stays.
            if !self.is_loaded(id) {
                self.held.push((id, payload.to_vec()));
            }
        }
        Ok(())
    }

    /// Adds the held files among `missing`. True when every one of them was
    /// held, so that the search may be asked again without fetching.
    pub fn add_held(&mut self, missing: &Missing) -> Result<bool, Error> {
        let mut all = !missing.is_empty();
        for &id in &missing.0 {
            match self.held.iter().position(|h| h.0 == id) {
                Some(at) => {
                    let (_, payload) = self.held.swap_remove(at);
                    match id {
                        FileId::Dictionary(i) => {
                            self.insert_bucket(i, Terms::decode_listed(i, &payload)?)
                        }
                        _ => self.insert(id, &payload)?,
                    }
                }
                None => all = false,
            }
        }
        Ok(all)
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

    // Folding.

    /// Folded query text with traditional characters made simplified, by
    /// the index's own table.
    pub fn simplify(&self, folded: &str) -> String {
        let pairs = &self.meta.fold.chars;
        folded
            .chars()
            .map(|c| crate::format::fold::lookup(pairs, c))
            .collect()
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

    /// The Taiwan and Hong Kong phrases the index folds, of those it can
    /// know so far: a phrase that starts with two CJK characters comes
    /// with the bucket of that pair, which a query that has the phrase
    /// loads before it is parsed.
    pub fn regional(&self) -> &[(String, Vec<String>)] {
        &self.regional
    }

    // The dictionary.

    /// The bucket that holds `term`, and every term with its key (see
    /// [`crate::format::bucket_key`]).
    pub fn bucket(&self, term: &str) -> FileId {
        FileId::Dictionary(bucket_of(term, self.meta.buckets, &self.meta.split_keys))
    }

    fn loaded_bucket(&self, term: &str) -> Option<&Terms> {
        self.buckets
            .get(bucket_of(term, self.meta.buckets, &self.meta.split_keys))
    }

    /// A term's entry, if its bucket is loaded and holds it.
    pub fn term(&self, term: &str) -> Option<TermInfo> {
        self.loaded_bucket(term)?.get(term)
    }

    /// The terms that start with `prefix`, from its bucket; none when
    /// `prefix` is shorter than its bucket key or is a split key, as its
    /// terms are then in many buckets.
    pub fn terms_with_prefix(&self, prefix: &str) -> Vec<(String, TermInfo)> {
        let mut out = Vec::new();
        if is_split(prefix, &self.meta.split_keys) {
            return out;
        }
        if let Some(bucket) = self.loaded_bucket(prefix) {
            bucket.with_prefix(prefix, &mut out);
        }
        out
    }

    /// The terms within `max` edits of `word` that share its bucket key:
    /// typos after its first two letters.
    pub fn terms_near(&self, word: &str, max: u32) -> Vec<(String, TermInfo, u32)> {
        let mut out = Vec::new();
        if let Some(bucket) = self.loaded_bucket(word) {
            bucket.near(word, max, &mut out);
        }
        out
    }

    /// The highest `freq_code` of the terms [`Index::terms_near`] looks
    /// at for `word`.
    pub fn max_freq_code_near(&self, word: &str) -> u8 {
        self.loaded_bucket(word).map_or(0, Terms::max_freq_code)
    }

    /// Calls `f` with every term of the loaded buckets.
    pub fn for_each_term(&self, mut f: impl FnMut(&str, TermInfo)) {
        for bucket in self.buckets.values() {
            bucket.for_each(&mut f);
        }
    }

    // Postings.

    /// The file that holds a term's postings: its own bucket, or a shard,
    /// which must be one the manifest counts.
    pub fn postings_file(&self, term: &str, info: TermInfo) -> Result<FileId, Error> {
        match info.postings {
            Location::Inline(_) => Ok(self.bucket(term)),
            Location::Shard { shard, .. } if shard < self.meta.shards => {
                Ok(FileId::Postings(shard))
            }
            Location::Shard { .. } => Err(Error::Corrupt {
                file: self.bucket(term).name(),
                detail: "postings in a shard the manifest does not count",
            }),
        }
    }

    /// A term's postings, or `None` if the file that holds them is not
    /// loaded yet.
    pub fn postings(&self, term: &str, info: TermInfo) -> Result<Option<Arc<List>>, Error> {
        let mut decoded = self.decoded.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(list) = decoded.get(term) {
            return Ok(Some(list));
        }
        let list = self.decode_postings(term, info)?.map(Arc::new);
        if let Some(list) = &list {
            decoded.keep(term, list);
        }
        Ok(list)
    }

    fn decode_postings(&self, term: &str, info: TermInfo) -> Result<Option<List>, Error> {
        let file = self.postings_file(term, info)?;
        let (bytes, offset) = match info.postings {
            Location::Inline(offset) => match self.loaded_bucket(term) {
                Some(bucket) => (bucket.inline(), offset),
                None => return Ok(None),
            },
            Location::Shard { shard, offset } => match self.shards.get(shard) {
                Some(bytes) => (bytes.as_slice(), offset),
                None => return Ok(None),
            },
        };
        postings::decode(bytes, offset as usize, self.meta.page_count)
            .map(Some)
            .map_err(|e| e.in_file(file.name()))
    }

    // What hits display.

    /// The record bucket of a piece of a section.
    pub fn record_file(&self, page: u32, local: u32, piece: u32) -> FileId {
        FileId::Records(record_bucket(
            page,
            local,
            piece,
            self.meta.record_buckets,
            self.meta.record_group,
        ))
    }

    /// Every loaded piece, with its page, in no particular order: for
    /// tools that look at a whole index.
    pub fn pieces(&self) -> impl Iterator<Item = (&Page, &Piece)> {
        self.records
            .values()
            .flat_map(|r| r.pieces.iter().map(move |p| (&r.pages[p.page], p)))
    }

    /// A piece of a section, with its page: from its record bucket, or
    /// before the buckets are remade, from the preloaded text if its
    /// section's has come. `None` if neither is here (or, in a damaged
    /// index, the bucket lacks it).
    pub fn record(&self, page: u32, local: u32, piece: u32) -> Option<(&Page, &Piece)> {
        let FileId::Records(i) = self.record_file(page, local, piece) else {
            return None;
        };
        match self.records.get(i) {
            Some(records) => records.find(page, local, piece),
            None => self.remake.record(page, local, piece),
        }
    }

    /// Whether [`Index::record`] can be asked for this piece without
    /// fetching its record bucket first.
    pub fn has_record(&self, page: u32, local: u32, piece: u32) -> bool {
        self.is_loaded(self.record_file(page, local, piece))
            || self.remake.record(page, local, piece).is_some()
    }
}
