//! What hits display: the pieces of sections, from their record buckets
//! or, before those are remade, from the preloaded text.

use super::Index;
use crate::format::FileId;
use crate::format::record_bucket;
use crate::format::records::{Page, Piece};

impl Index {
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
