//! xun (寻): full-text search for Chinese blogs that runs in the browser.
//!
//! This crate is the runtime, compiled to wasm, plus the index format it
//! shares with the `build-index` CLI. Data flows through one module per
//! step:
//!
//! ```text
//! format     bytes of the index files ⇄ structs (the only layout spec)
//! index      loaded files; reports which bucket or shard a search still needs
//! analysis   folding and the Latin/CJK split, shared with the indexer
//! query      query string → index terms, routed through the index's own fst
//! search     terms → candidate sections → BM25F + proximity → filters, order → hits
//! excerpt    a hit's stored text → ~100 escaped characters with <mark>s,
//!            and 40 more around a matched word they miss
//! json       results → JSON text, which the page parses (one string crosses)
//! wasm       the JavaScript API (wasm32 only), used by www/xun/ (xun.js)
//! sort       the one sort they share, small in wasm
//! ```
//!
//! Three decisions shape it:
//!
//! * **No jieba in the browser.** The indexer segments with jieba; the
//!   runtime splits queries against the index's vocabulary (see
//!   [`query`]), so index and query agree by construction and the wasm
//!   stays small.
//! * **Sections, not pages.** Posts are split at headings and each
//!   section is a document, so a hit links to `page#anchor`.
//! * **Fetch on demand.** Only the manifest loads up front; dictionary
//!   partitions, postings shards and stored text come per query. The runtime does no
//!   I/O: it names the files it lacks and the caller supplies them
//!   ([`index::Missing`]). A small site's text comes in the background
//!   (at open on a fast link, else after the first results), and the runtime remakes every other file
//!   from it with the indexer's own code ([`format::text`],
//!   [`format::build`]), so that later queries fetch nothing.
//!
//! Bad index bytes give an [`Error`] that names the file, never a panic
//! (in wasm, a trap): every file carries a CRC-32 that is checked before
//! decoding, every decoder of ours is bounds checked, every count in the
//! manifest is held to the bytes that back it, and a dictionary partition
//! is walked node by node before `fst` may read it
//! ([`format::fst_check`]), so that even a file crafted to pass the
//! checksum is refused when it is added. The fuzz targets in `fuzz/` keep
//! it so.
//!
//! Every query has a bounded cost, whatever its text: at most
//! [`search::MAX_QUERY_CHARS`] characters and [`query::MAX_UNITS`] distinct
//! units, and at most [`excerpt::MAX_MARKS`] marks per excerpt.

pub mod analysis;
mod error;
pub mod excerpt;
pub mod format;
pub mod index;
pub mod json;
pub mod query;
pub mod search;
mod sort;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::Error;
pub use index::Index;
pub use search::{Group, Hit, Options, Outcome, Results, Sort};

/// Runs a search to completion against an index whose files are all
/// loaded, as native tools and tests do. Returns the missing files if some
/// are not.
pub fn search_loaded(index: &Index, query: &str, options: &Options) -> Result<Results, Error> {
    match search::search(index, query, options)? {
        Outcome::Done(results) => Ok(results),
        Outcome::Need(missing) => Err(Error::NotLoaded {
            files: missing.names().join(", "),
        }),
    }
}
