//! A loaded index: the manifest and dictionary, plus whichever postings
//! shards and store chunks have been fetched so far.
//!
//! The runtime never fetches by itself. When a search needs a file that is
//! not loaded it reports the file's name ([`Missing`]); the caller fetches
//! it, hands it to [`Index::add_file`] and asks again. This keeps I/O in
//! JavaScript, where it belongs, and keeps the wasm free of async.

use std::collections::BTreeSet;

use crate::Error;
use crate::format::meta::{FileRef, Meta};
use crate::format::postings::{self, DecodeError, Posting};
use crate::format::terms::{TermInfo, Terms};
use crate::format::{FileId, Kind, bundle, store, unseal};

/// Files a search needs before it can answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Missing(pub BTreeSet<FileId>);

impl Missing {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn names(&self) -> Vec<String> {
        self.0.iter().map(|id| id.name()).collect()
    }
}

pub struct Index {
    pub meta: Meta,
    pub terms: Terms,
    shards: Vec<Option<Vec<u8>>>,
    chunks: Vec<Option<Vec<String>>>,
}

impl Index {
    /// Opens an index from its two always-loaded files.
    pub fn open(meta: &[u8], terms: &[u8]) -> Result<Index, Error> {
        let meta = Meta::decode(meta)?;
        check_ref(FileId::Terms, meta.terms, terms)?;
        let terms = Terms::decode(terms)?;
        if terms.len() as u64 != meta.term_count {
            return Err(Error::Mismatch {
                file: FileId::Terms.name(),
            });
        }
        Ok(Index {
            shards: vec![None; meta.shards.len()],
            chunks: vec![None; meta.chunks.len()],
            meta,
            terms,
        })
    }

    /// Opens an index from a bundle holding all of its files.
    pub fn from_bundle(bytes: &[u8]) -> Result<Index, Error> {
        let files = bundle::decode(bytes)?;
        let find = |id: FileId| {
            let name = id.name();
            files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|f| f.1)
                .ok_or(Error::Truncated { file: name })
        };
        let mut index = Index::open(find(FileId::Meta)?, find(FileId::Terms)?)?;
        for (name, bytes) in &files {
            if !matches!(FileId::parse(name), Some(FileId::Meta | FileId::Terms)) {
                index.add_file(name, bytes)?;
            }
        }
        Ok(index)
    }

    /// Adds a fetched postings shard or store chunk, after checking that it
    /// is whole and belongs to this build.
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        let id = FileId::parse(name).ok_or_else(|| Error::UnknownFile {
            file: name.to_owned(),
        })?;
        let expected = self.meta.file_ref(id).ok_or_else(|| Error::UnknownFile {
            file: name.to_owned(),
        })?;
        check_ref(id, expected, bytes)?;
        match id {
            FileId::Postings(i) => {
                let payload = unseal(name, Kind::Postings, bytes)?;
                self.shards[i as usize] = Some(payload.to_vec());
            }
            FileId::Store(i) => {
                let expected = self.meta.chunk_sections(i).len();
                self.chunks[i as usize] = Some(store::decode(i, bytes, expected)?);
            }
            // Already loaded by `open`.
            FileId::Meta | FileId::Terms => {}
        }
        Ok(())
    }

    pub fn is_loaded(&self, id: FileId) -> bool {
        match id {
            FileId::Meta | FileId::Terms => true,
            FileId::Postings(i) => self.shards.get(i as usize).is_some_and(Option::is_some),
            FileId::Store(i) => self.chunks.get(i as usize).is_some_and(Option::is_some),
        }
    }

    /// The shard that holds a term's postings.
    pub fn shard_of(&self, info: TermInfo) -> Result<FileId, Error> {
        self.meta
            .shard_of(info.offset)
            .map(FileId::Postings)
            .ok_or_else(|| Error::Corrupt {
                file: FileId::Terms.name(),
                detail: "term points past the postings stream",
            })
    }

    /// A term's postings, or `None` if its shard is not loaded yet.
    pub fn postings(&self, info: TermInfo) -> Result<Option<Vec<Posting>>, Error> {
        let FileId::Postings(i) = self.shard_of(info)? else {
            unreachable!("shard_of returns a postings file")
        };
        let Some(shard) = &self.shards[i as usize] else {
            return Ok(None);
        };
        let local = info.offset - self.meta.shards[i as usize].start;
        let file = || FileId::Postings(i).name();
        postings::decode(shard, local as usize, self.meta.sections.len() as u32)
            .map(Some)
            .map_err(|e| match e {
                DecodeError::Truncated => Error::Truncated { file: file() },
                DecodeError::Corrupt(detail) => Error::Corrupt {
                    file: file(),
                    detail,
                },
            })
    }

    /// The store chunk that holds a section's text.
    pub fn chunk_of(&self, section: u32) -> FileId {
        FileId::Store(self.meta.chunk_of(section).unwrap_or(0))
    }

    /// A section's stored text, or `None` if its chunk is not loaded yet.
    pub fn text(&self, section: u32) -> Option<&str> {
        let chunk = self.meta.chunk_of(section)?;
        let texts = self.chunks[chunk as usize].as_ref()?;
        let first = self.meta.chunk_sections(chunk).start;
        texts.get((section - first) as usize).map(String::as_str)
    }
}

/// Checks that a sealed file is the one the manifest describes. The
/// caller still unseals it, which verifies the payload against the CRC.
fn check_ref(id: FileId, expected: FileRef, bytes: &[u8]) -> Result<(), Error> {
    if FileRef::of(bytes) == expected {
        return Ok(());
    }
    // Prefer the more specific error when the file is damaged on its own.
    unseal(&id.name(), id.kind(), bytes)?;
    Err(Error::Mismatch { file: id.name() })
}
