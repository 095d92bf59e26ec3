//! A term's postings: which file holds them, and the list decoded from it,
//! kept for the next searches.

use super::Index;
use crate::Error;
use crate::format::FileId;
use crate::format::postings::{self, List};
use crate::format::terms::{Location, TermInfo};
use std::sync::Arc;

/// The postings lists recent searches decoded, by term, oldest first. A
/// reader's queries share their words (`容器`, then `容器网络`), and
/// decoding took a fifth of a warm search. A list, once its file is
/// loaded, never changes: files are only added, and each belongs to this
/// index's build. Bounded by [`Decoded::MAX_LISTS`] and
/// [`Decoded::MAX_WEIGHT`], the oldest dropped first.
#[derive(Default)]
pub(super) struct Decoded {
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

impl Index {
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
}
