//! Text analysis shared by the indexer and the runtime: folding and the
//! script-aware split into CJK runs and word tokens.
//!
//! Both sides must fold and split Latin text identically, so this module
//! is the only place that does it. The one thing that differs is how a CJK
//! run becomes words: the indexer uses jieba, the runtime the index's own
//! vocabulary (see [`crate::query`]).

mod fold;
mod t2s;
mod tokenize;

pub use fold::fold;
#[cfg(not(target_arch = "wasm32"))]
pub use fold::fold_mapped;
pub use tokenize::{
    MAX_COMPOUND_CHARS, MAX_WORD_CHARS, Span, SpanKind, WORD_CHUNK_CHARS, is_cjk, tokenize,
};
