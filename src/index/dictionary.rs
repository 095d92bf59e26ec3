//! Looking terms up in the loaded dictionary buckets, and folding query
//! text by the index's own tables.

use super::Index;
use crate::format::terms::{TermInfo, Terms};
use crate::format::{FileId, bucket_of, is_split};

impl Index {
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

    /// The bucket that holds `term`, and every term with its key (see
    /// [`crate::format::bucket_key`]).
    pub fn bucket(&self, term: &str) -> FileId {
        FileId::Dictionary(bucket_of(term, self.meta.buckets, &self.meta.split_keys))
    }

    pub(super) fn loaded_bucket(&self, term: &str) -> Option<&Terms> {
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
}
