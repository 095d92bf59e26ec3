//! Where the parser looks terms up, and which dictionary buckets a query
//! needs loaded before it is parsed.

use crate::analysis::{self, SpanKind, sub};
use crate::format::terms::{TermInfo, Terms};

/// Where the parser looks terms up: the index, or one bucket in tests.
pub trait Vocabulary {
    fn get(&self, term: &str) -> Option<TermInfo>;
    /// Terms that start with `prefix`, from what is loaded.
    fn with_prefix(&self, prefix: &str) -> Vec<(String, TermInfo)>;
    /// Terms within `max` edits of `word`, with their distance, from what
    /// is loaded.
    fn near(&self, word: &str, max: u32) -> Vec<(String, TermInfo, u32)>;
    /// The highest `freq_code` of the terms `near` looks at for `word`.
    fn max_freq_code_near(&self, word: &str) -> u8;
}

impl Vocabulary for Terms {
    fn get(&self, term: &str) -> Option<TermInfo> {
        Terms::get(self, term)
    }

    fn with_prefix(&self, prefix: &str) -> Vec<(String, TermInfo)> {
        let mut out = Vec::new();
        Terms::with_prefix(self, prefix, &mut out);
        out
    }

    fn near(&self, word: &str, max: u32) -> Vec<(String, TermInfo, u32)> {
        let mut out = Vec::new();
        Terms::near(self, word, max, &mut out);
        out
    }

    fn max_freq_code_near(&self, _: &str) -> u8 {
        self.max_freq_code()
    }
}

impl Vocabulary for crate::Index {
    fn get(&self, term: &str) -> Option<TermInfo> {
        self.term(term)
    }

    fn with_prefix(&self, prefix: &str) -> Vec<(String, TermInfo)> {
        self.terms_with_prefix(prefix)
    }

    fn near(&self, word: &str, max: u32) -> Vec<(String, TermInfo, u32)> {
        self.terms_near(word, max)
    }

    fn max_freq_code_near(&self, word: &str) -> u8 {
        crate::Index::max_freq_code_near(self, word)
    }
}

/// The terms whose dictionary buckets a query needs (each bucket holds
/// every term with the same key, see [`crate::format::bucket_key`]): the
/// pairs of neighbouring characters of a CJK run, whose buckets hold the
/// words that start there, or its one character; and every other token,
/// whose bucket holds the terms it begins. The caller loads them before
/// parsing.
pub fn lookups(folded: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for span in analysis::tokenize(folded) {
        match span.kind {
            SpanKind::Cjk if span.chars == 1 => out.push(span.text),
            SpanKind::Cjk => out.extend(bigrams(span.text)),
            _ => out.push(span.text),
        }
    }
    out
}

/// The pairs of neighbouring characters of a text, in order.
pub(super) fn bigrams(text: &str) -> impl Iterator<Item = &str> {
    let starts: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    (0..starts.len().saturating_sub(2)).map(move |i| sub(text, starts[i], starts[i + 2]))
}
