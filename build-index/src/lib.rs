//! `build-index`: turns a blog's posts into a xun index.
//!
//! The data flows through one module per step:
//!
//! ```text
//! read       corpus dir  → Source (UTF-8 checked, size capped); a built site's other files
//! split      Source      → Post with sections and anchors (front matter, Markdown, built pages),
//!                          or the Skip that says why the file gives none
//! segment    section     → (term, position) pairs (fold, jieba, Latin words)
//! write      posts       → index files in memory
//! swap       index files → --out, atomically, one build at a time
//! render     Post        → an HTML page whose heading ids are the anchors (demo)
//! ```
//!
//! The byte layout itself belongs to the `xun` crate's `format` module,
//! which the browser runtime reads with the same code.

pub mod error;
pub mod frontmatter;
pub mod read;
pub mod regional;
pub mod render;
pub mod runtime;
pub mod segment;
pub mod skip;
pub mod split;
pub mod swap;
pub mod synonyms;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use error::BuildError;
use segment::Segmenter;
use skip::{Skip, Tally};
use split::{Post, Split};
pub use write::Layout;

#[derive(Debug, Clone)]
pub struct Options {
    pub corpus: PathBuf,
    pub out: PathBuf,
    /// Path prefix of the site, ending with `/`.
    pub base_url: String,
    /// Also render each post as HTML under this directory.
    pub html: Option<PathBuf>,
    /// Also write `xun.pack`, every index file in one blob, for pages that
    /// cannot fetch (`file://`).
    pub bundle: bool,
    /// A synonyms file (see [`synonyms`]).
    pub synonyms: Option<PathBuf>,
    /// Leave out the per-character index: a smaller index, but a query
    /// that crosses a word boundary may miss. For measuring what it costs.
    pub words_only: bool,
    /// Also write `xun-offline.js`, the wasm and the index as one classic
    /// script, for pages opened from disk.
    pub offline: bool,
    pub layout: Layout,
    /// `--selector`: the CSS selector of the element that holds a built
    /// page's post, instead of finding it.
    pub selector: Option<String>,
    /// `--exclude`: CSS selectors of more elements to leave out of built
    /// pages.
    pub exclude: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Whether the browser runtime was written next to the index.
    pub runtime: bool,
    pub posts: usize,
    /// Posts and pages skipped: drafts, empty posts, list pages… (every
    /// reason but a built site's files that are not pages).
    pub skipped: usize,
    /// Every file skipped, by reason, including a built site's files that
    /// are not pages.
    pub skips: Tally,
    pub sections: usize,
    pub terms: u64,
    /// (file name, bytes), in the order written.
    pub files: Vec<(String, u64)>,
    pub elapsed: Duration,
}

/// Reports progress: called with each file skipped and why, with the
/// number of posts once they are read, then once per post indexed.
pub trait Progress {
    fn skipped(&mut self, _path: &Path, _why: Skip) {}
    fn start(&mut self, posts: usize);
    fn post_done(&mut self);
}

impl Progress for () {
    fn start(&mut self, _: usize) {}
    fn post_done(&mut self) {}
}

/// Reads, splits, segments and writes: the whole build.
pub fn run(options: &Options, progress: &mut dyn Progress) -> Result<Summary, BuildError> {
    let started = std::time::Instant::now();
    let base_url = normalize_base(&options.base_url);
    if let Err(why) = xun::format::url::check(&base_url) {
        return Err(BuildError::BadOption {
            option: "--base-url",
            value: options.base_url.clone(),
            message: why.to_owned(),
        });
    }
    let synonyms = match &options.synonyms {
        Some(path) => synonyms::read(path)?,
        None => Vec::new(),
    };
    let rules = split::Rules::new(options.selector.as_deref(), &options.exclude)?;
    let corpus = read::read_corpus(&options.corpus)?;
    let mut skips = Tally::default();
    let mut skip = |path: &Path, why: Skip| {
        skips.add(why);
        progress.skipped(path, why);
    };
    for path in &corpus.not_pages {
        skip(path, Skip::NotAPage);
    }
    let mut posts: Vec<Post> = Vec::with_capacity(corpus.sources.len());
    for source in &corpus.sources {
        match split::split_with(source, &base_url, &rules)? {
            Split::Post(post) => posts.push(*post),
            Split::Skipped(why) => skip(&source.path, why),
        }
    }
    check_urls(&posts)?;
    if posts.is_empty() {
        let pages = corpus.sources.iter();
        return Err(BuildError::EmptyCorpus {
            dir: options.corpus.clone(),
            pages: pages.filter(|s| s.format == read::Format::Html).count(),
            skips,
        });
    }
    progress.start(posts.len());
    let segmenter = Segmenter::new(!options.words_only);
    let mut index = write::build(&posts, &segmenter, synonyms, options.layout, || {
        progress.post_done()
    });
    if options.bundle || options.offline {
        let files = index.files.iter().map(|(n, b)| (n.as_str(), b.as_slice()));
        let pack = xun::format::bundle::encode(index.build, files);
        if options.offline {
            let script = runtime::offline_script(&pack).ok_or(BuildError::NoRuntime)?;
            index.files.push((runtime::OFFLINE.to_owned(), script));
        }
        if options.bundle {
            index
                .files
                .push((xun::format::bundle::NAME.to_owned(), pack));
        }
    }
    for (name, bytes) in runtime::FILES {
        index.files.push(((*name).to_owned(), bytes.to_vec()));
    }
    // Pages first: if they cannot be written, the index stays as it was.
    if let Some(dir) = &options.html {
        render::render_site(dir, &base_url, &posts)?;
    }
    swap::write_atomically(&options.out, &index.files)?;
    Ok(Summary {
        runtime: runtime::EMBEDDED,
        posts: posts.len(),
        skipped: skips.posts(),
        skips,
        sections: index.meta.sections.len(),
        terms: index.meta.term_count,
        files: index
            .files
            .iter()
            .map(|(n, b)| (n.clone(), b.len() as u64))
            .collect(),
        elapsed: started.elapsed(),
    })
}

/// A base URL ending with `/`: absolute, site-rooted, or relative to the
/// search page (`./`, `../`, for pages opened from disk).
fn normalize_base(base: &str) -> String {
    let trimmed = base.trim().trim_end_matches('/');
    let relative = trimmed == "."
        || trimmed == ".."
        || trimmed.starts_with("./")
        || trimmed.starts_with("../");
    if trimmed.contains("://") || trimmed.starts_with('/') || relative {
        format!("{trimmed}/")
    } else {
        format!("/{trimmed}/").replace("//", "/")
    }
}

fn check_urls(posts: &[Post]) -> Result<(), BuildError> {
    let mut seen: std::collections::HashMap<&str, &Path> = std::collections::HashMap::new();
    for p in posts {
        if let Some(first) = seen.insert(&p.url, &p.path) {
            return Err(BuildError::DuplicateUrl {
                url: p.url.clone(),
                first: first.to_owned(),
                second: p.path.clone(),
            });
        }
    }
    Ok(())
}

/// Loads every file of an index directory, as a native reader would.
pub fn load_index_dir(dir: &Path) -> Result<xun::Index, Box<dyn std::error::Error>> {
    use xun::format::FileId;
    let read = |name: String| {
        std::fs::read(dir.join(&name)).map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    let mut index = xun::Index::open(&read(FileId::Meta.name())?)?;
    let ids: Vec<FileId> = index.meta.files().collect();
    for id in ids {
        index.add_file(&id.name(), &read(id.name())?)?;
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    #[test]
    fn base_urls() {
        for (given, want) in [
            ("/", "/"),
            ("", "/"),
            ("/blog", "/blog/"),
            ("blog/", "/blog/"),
            ("https://x.org/b/", "https://x.org/b/"),
            ("./", "./"),
            ("../site", "../site/"),
        ] {
            assert_eq!(super::normalize_base(given), want);
        }
    }
}
