//! The preloaded text, taken in slice by slice and remade into every
//! dictionary bucket, postings shard and record bucket; and the sealed
//! copy of those files that one instance can hand another.

use super::Index;
use crate::Error;
use crate::format::terms::Terms;
use crate::format::{FileId, bundle};

/// The sealed copy of the remade files, for another instance.
pub(super) enum Copy {
    /// Not asked for.
    None,
    /// To be made when the remake lays out the files.
    Wanted,
    /// Made: a bundle of every remade file, until it is taken.
    Made(Vec<u8>),
}

impl Index {
    /// Takes the slices of preloaded text that are next in order into the
    /// remake, and once the last is in, adds every dictionary bucket,
    /// postings shard and record bucket it makes: later queries then fetch
    /// nothing.
    pub(super) fn take_text(&mut self) -> Result<(), Error> {
        while let Some(slice) = self.text.take(self.text_taken) {
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
}
