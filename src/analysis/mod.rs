//! Text analysis shared by the indexer and the runtime: folding and the
//! script-aware split into CJK runs and word tokens.
//!
//! Both sides must fold and split text identically, so this module is the
//! only place that does it. Two things differ. How a CJK run becomes words:
//! the indexer uses jieba, the runtime the index's own vocabulary (see
//! [`crate::query`]). And traditional characters: the indexer folds them to
//! simplified with the full table (`t2s`), the runtime with the pairs its
//! index ships (the fold table in `meta.xun`), which cover every character the index has.

pub mod field;
mod fold;
#[cfg(not(target_arch = "wasm32"))]
mod t2s;
mod tokenize;

pub use fold::fold;
#[cfg(not(target_arch = "wasm32"))]
pub use fold::{fold_char, fold_mapped, fold_simplified, folds_by_char};
#[cfg(not(target_arch = "wasm32"))]
pub use t2s::{t2s_pairs, to_simplified};
/// `s[from..to]`, or `""` where that is not a slice of `s`. Callers pass
/// character boundaries. Indexing a `str` instead would link the message
/// of its panic, with `Debug` for characters and ranges and their Unicode
/// tables: about 2 KB of the wasm, gzip, for a case that cannot happen.
pub fn sub(s: &str, from: usize, to: usize) -> &str {
    debug_assert!(s.get(from..to).is_some(), "{from}..{to} of {s:?}");
    s.get(from..to).unwrap_or_default()
}

pub use tokenize::{
    MAX_COMPOUND_CHARS, MAX_WORD_CHARS, Span, SpanKind, WORD_CHUNK_CHARS, is_cjk, is_word_char,
    tokenize,
};
