//! The JavaScript API. `www/xun/core.js` wraps it in the documented
//! `xun.open()` / `engine.search()` contract; nothing else should call it.

mod js;

use wasm_bindgen::prelude::*;

use crate::search::{self, Group, Options, Outcome, Sort};
use crate::{Error, Index, json};

/// Errors reach JavaScript as `Error` objects named `XunIndexError`, with
/// the kind of error in `code` (see [`Error::code`]).
fn js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.message());
    err.set_name("XunIndexError");
    js::set(&err, "code", e.code().into());
    err.into()
}

/// An option of the wrong shape: an `XunIndexError` with code `options`,
/// whose message names the option.
fn options_error(message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("XunIndexError");
    js::set(&err, "code", "options".into());
    err.into()
}

#[wasm_bindgen]
pub struct Engine {
    index: Index,
}

#[wasm_bindgen]
impl Engine {
    /// Opens an index from the bytes of its manifest, `meta.xun`.
    #[wasm_bindgen(constructor)]
    pub fn new(meta: &[u8]) -> Result<Engine, JsValue> {
        Index::open(meta)
            .map(|index| Engine { index })
            .map_err(js_error)
    }

    /// Opens an index from a `xun.pack` bundle.
    #[wasm_bindgen(js_name = fromBundle)]
    pub fn from_bundle(bytes: &[u8]) -> Result<Engine, JsValue> {
        Index::from_bundle(bytes)
            .map(|index| Engine { index })
            .map_err(js_error)
    }

    /// Adds a fetched file that a search named: a `d/`, `p/` or
    /// `r/N/M.xun`, `filters.xun`, or a preload chunk's files.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<(), JsValue> {
        self.index.add_file(name, bytes).map_err(js_error)
    }

    /// Adds every file of a fetched bundle: a preload chunk,
    /// `preload/N.xun`.
    #[wasm_bindgen(js_name = addBundle)]
    pub fn add_bundle(&mut self, name: &str, bytes: &[u8]) -> Result<(), JsValue> {
        self.index.add_bundle(name, bytes).map_err(js_error)
    }

    /// Asks for a copy of the files the preloaded text remakes, for
    /// another instance (the page's, while this one runs in a worker).
    #[wasm_bindgen(js_name = keepCopy)]
    pub fn keep_copy(&mut self) {
        self.index.keep_copy();
    }

    /// That copy, a bundle, once the last preload chunk is added; then
    /// `undefined` again.
    #[wasm_bindgen(js_name = takeCopy)]
    pub fn take_copy(&mut self) -> Option<Vec<u8>> {
        self.index.take_copy()
    }

    /// Holds another instance's copy: searches add its files as they need
    /// them, and name only the files it lacks.
    pub fn hold(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        self.index.hold(bytes).map_err(js_error)
    }

    /// Searches. `filters` is `undefined`, `null` or `{ key: [values] }`;
    /// `sort` is `"relevance"` or `"date"`; `page`, a page URL to keep
    /// the sections of, or `undefined`. Returns the results as JSON
    /// text, or `{"need": [file names]}` when files must be fetched and
    /// added first.
    #[allow(clippy::too_many_arguments)]
    pub fn search(
        &mut self,
        query: &str,
        limit: u32,
        offset: u32,
        by_page: bool,
        sections_per_page: u32,
        filters: JsValue,
        sort: &str,
        page: Option<String>,
    ) -> Result<String, JsValue> {
        let sort = match sort {
            "relevance" => Sort::Relevance,
            "date" => Sort::Date,
            _ => return Err(options_error("sort must be \"relevance\" or \"date\"")),
        };
        let options = Options {
            limit: limit as usize,
            offset: offset as usize,
            group: if by_page { Group::Page } else { Group::Section },
            sections_per_page: sections_per_page as usize,
            filters: js::filters(&filters).map_err(|m| options_error(&m))?,
            sort,
            page,
        };
        loop {
            match search::search(&self.index, query, &options).map_err(js_error)? {
                Outcome::Done(results) => return Ok(json::results(&results)),
                // Each round adds at least one held file, so this ends.
                Outcome::Need(missing) if self.index.add_held(&missing).map_err(js_error)? => {}
                Outcome::Need(missing) => return Ok(json::need(&missing)),
            }
        }
    }

    /// The filters the index offers, as JSON text: `{"tags": {"阿里云":
    /// 2, …}, "categories": {…}}` (pages per value; only keys with values,
    /// `{}` for an index without any), or `{"need": [file names]}`.
    pub fn filters(&mut self) -> String {
        loop {
            let missing = match search::filters(&self.index) {
                Outcome::Done(keys) => return json::counts(keys),
                Outcome::Need(missing) => missing,
            };
            // A held file that fails its checks is fetched instead.
            if !self.index.add_held(&missing).unwrap_or(false) {
                return json::need(&missing);
            }
        }
    }

    /// Sections and pages in the index, for display.
    #[wasm_bindgen(getter)]
    pub fn sections(&self) -> u32 {
        self.index.meta.section_count
    }

    #[wasm_bindgen(getter)]
    pub fn pages(&self) -> u32 {
        self.index.meta.page_count
    }

    /// How many preload chunks (`preload/0.xun`, …) the index has: 0 for
    /// a site too big to preload.
    #[wasm_bindgen(getter, js_name = preloadChunks)]
    pub fn preload_chunks(&self) -> u32 {
        self.index.meta.preload_chunks
    }
}

/// talc rather than Rust's default dlmalloc: 1.6 KB of wasm instead of
/// 8.2 KB, as fast on our queries (see the README's wasm table).
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
