//! Helpers shared by the native test suites.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use build_index::{Layout, Options};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

pub fn fixture_blog() -> PathBuf {
    repo().join("tests/fixtures/blog")
}

pub fn demo_corpus() -> PathBuf {
    repo().join("corpus")
}

pub fn options(corpus: &Path, out: &Path) -> Options {
    Options {
        corpus: corpus.to_owned(),
        out: out.to_owned(),
        base_url: "/".to_owned(),
        html: None,
        bundle: false,
        synonyms: None,
        words_only: false,
        offline: false,
        layout: Layout::default(),
        selector: None,
        exclude: Vec::new(),
    }
}

/// Builds `corpus` into a fresh temporary directory and loads it.
pub fn build_and_load(corpus: &Path) -> (tempfile::TempDir, xun::Index) {
    build_with(corpus, Layout::default())
}

pub fn build_with(corpus: &Path, layout: Layout) -> (tempfile::TempDir, xun::Index) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index");
    let mut opts = options(corpus, &out);
    opts.layout = layout;
    build_index::run(&opts, &mut ()).unwrap();
    let index = build_index::load_index_dir(&out).unwrap();
    (dir, index)
}

pub fn search(index: &xun::Index, query: &str) -> xun::Results {
    search_with(
        index,
        query,
        xun::Options {
            limit: 200,
            ..Default::default()
        },
    )
}

pub fn search_with(index: &xun::Index, query: &str, options: xun::Options) -> xun::Results {
    xun::search_loaded(index, query, &options).unwrap()
}

/// A section as the index holds it.
#[derive(Debug)]
pub struct Section {
    /// The page URL, plus `#anchor` for a section with one.
    pub url: String,
    pub title: String,
    pub heading: String,
    pub text: String,
}

/// Every section of an index, in index order.
pub fn sections(index: &xun::Index) -> Vec<Section> {
    (0..index.meta.sections.len() as u32)
        .map(|id| {
            let (page, doc) = index.section_doc(id).unwrap();
            let chars = index.meta.sections[id as usize].body_chars;
            let url = match doc.anchor.as_str() {
                "" => page.url.clone(),
                anchor => format!("{}#{anchor}", page.url),
            };
            Section {
                url,
                title: page.title.clone(),
                heading: doc.heading.clone(),
                text: index.text(id, 0, chars).unwrap_or_default(),
            }
        })
        .collect()
}

/// Every file of an index directory, by name, in name order.
pub fn read_dir_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}
