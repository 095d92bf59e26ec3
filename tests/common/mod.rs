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

/// A blog of the test's own posts, built and loaded. It owns the
/// temporary corpus and index directories, so they last as long as the
/// index does.
pub struct Blog {
    pub index: xun::Index,
    _corpus: tempfile::TempDir,
    _out: tempfile::TempDir,
}

/// Writes each `(file name, text)` into a fresh temporary corpus and
/// builds it, for a test that needs a few posts of its own.
pub fn blog(posts: &[(&str, &str)]) -> Blog {
    let corpus = tempfile::tempdir().unwrap();
    for (name, text) in posts {
        std::fs::write(corpus.path().join(name), text).unwrap();
    }
    let (out, index) = build_and_load(corpus.path());
    Blog {
        index,
        _corpus: corpus,
        _out: out,
    }
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

/// Every file of an index directory and its subdirectories, by path
/// relative to it (`d/0/3.xun`), in path order.
pub fn read_dir_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files.sort();
    files
}

/// A section as the index holds it.
#[derive(Debug)]
pub struct Section {
    /// Its (page, number within the page) key.
    pub key: u64,
    /// The page URL, plus `#anchor` for a section with one.
    pub url: String,
    pub title: String,
    pub heading: String,
    pub text: String,
}

/// Every section of a loaded index, in index order, put back together
/// from its record pieces.
pub fn sections(index: &xun::Index) -> Vec<Section> {
    use xun::format::postings::section_key;
    use xun::format::records::PIECE_CHARS;
    let mut pieces: Vec<_> = index.pieces().collect();
    pieces.sort_by_key(|(page, piece)| (page.id, piece.local, piece.index));
    pieces
        .chunk_by(|a, b| (a.0.id, a.1.local) == (b.0.id, b.1.local))
        .map(|parts| {
            let (page, first) = parts[0];
            let text = parts
                .iter()
                .flat_map(|(_, p)| p.text.chars().take(PIECE_CHARS as usize))
                .collect();
            let url = match first.anchor.as_str() {
                "" => page.url.clone(),
                anchor => format!("{}#{anchor}", page.url),
            };
            Section {
                key: section_key(page.id, first.local),
                url,
                title: page.title.clone(),
                heading: first.heading.clone(),
                text,
            }
        })
        .collect()
}
