//! `build-index`: turns a blog's posts into a xun index.
//!
//! The data flows through one module per step:
//!
//! ```text
//! read       corpus dir  → Source (UTF-8, or a page's declared GBK/Big5; size capped); a built site's other files
//! split      Source      → Post with sections and anchors (front matter, Markdown, built pages),
//!                          or the Skip that says why the file gives none
//! segment    section     → (term, field, position) tokens (fold, jieba, Latin words,
//!                          CJK characters and pairs)
//! indexer    posts       → postings encoded as they grow, text cut into pieces
//! filters    pages       → the filter table: tags, categories and dates by page
//! write      indexer     → index files, each handed on as it is made
//! swap       index files → a staging directory, swapped in for --out at the end
//! render     Post        → an HTML page whose heading ids are the anchors (demo)
//! ```
//!
//! Posts stream through in batches: read, split and segmented on every core
//! (rayon), then added in path order, so that a build is deterministic and
//! holds no more than the index it writes. A batch is added while the next
//! one is prepared, so the one thread that adds is never waited for alone.
//!
//! The byte layout itself belongs to the `xun` crate's `format` module,
//! which the browser runtime reads with the same code.

pub mod error;
pub mod filters;
pub mod frontmatter;
pub mod indexer;
pub mod mount;
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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

pub use error::BuildError;
use segment::Segmenter;
use skip::{Skip, Tally};
use split::{Post, Split};
pub use write::{Layout, RecordLayout};

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
    /// What the build did but the owner should look at (a `--base-url`
    /// that the site's own pages contradict).
    pub warnings: Vec<String>,
}

/// A stage of the build, as progress reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading, splitting and segmenting the posts; counts files.
    Indexing,
    /// Writing the index files; counts files.
    Writing,
}

/// Reports progress: each stage starts with its total, then advances;
/// and each file skipped, with why.
pub trait Progress {
    fn skipped(&mut self, _path: &Path, _why: Skip) {}
    fn start(&mut self, stage: Stage, total: u64);
    fn advance(&mut self, n: u64);
}

impl Progress for () {
    fn start(&mut self, _: Stage, _: u64) {}
    fn advance(&mut self, _: u64) {}
}

/// A post read, split and segmented, or why it was skipped.
type Prepared = Result<
    Result<
        (
            Post,
            Vec<xun::format::build::PreparedSection>,
            Option<indexer::PostNotes>,
        ),
        Skip,
    >,
    BuildError,
>;

/// Posts read and segmented together, on every core, before they are
/// added to the index in order: enough to keep the cores busy, few enough
/// (by count and by bytes) that their tokens are a small part of memory
/// even when a site has posts of megabytes.
const BATCH_POSTS: usize = 256;
const BATCH_BYTES: u64 = 4 << 20;

/// The posts cut into batches of at most [`BATCH_POSTS`] posts and, unless
/// one post alone is bigger, [`BATCH_BYTES`] bytes.
fn batches(posts: &[(PathBuf, read::Format)]) -> Vec<&[(PathBuf, read::Format)]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, (path, _)) in posts.iter().enumerate() {
        // A file that cannot be measured is read, and reported, later.
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        if i > start && (i - start == BATCH_POSTS || bytes + size > BATCH_BYTES) {
            out.push(&posts[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += size;
    }
    if start < posts.len() {
        out.push(&posts[start..]);
    }
    out
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
    let corpus = read::list_corpus(&options.corpus)?;
    let mut skips = Tally::default();
    for path in &corpus.not_pages {
        skips.add(Skip::NotAPage);
        progress.skipped(path, Skip::NotAPage);
    }
    // The index is written into a staging directory as it is made, and
    // swapped in whole at the end; on any error it is removed.
    let mut staging = swap::Staging::begin(&options.out)?;
    let scratch = staging.path(PIECES_ASIDE);
    let pieces = indexer::Pieces::in_file(&scratch).map_err(BuildError::io(&scratch))?;
    progress.start(Stage::Indexing, corpus.posts.len() as u64);
    let segmenter = Segmenter::new(!options.words_only);
    let mut indexer = indexer::Indexer::new(pieces, segmenter.chars, options.layout.text_limit());
    // Whether posts should still be noted for the preloaded text: not
    // once it has grown past its limit.
    let noting = std::sync::atomic::AtomicBool::new(indexer.text.is_some());
    let mut urls: HashMap<String, PathBuf> = HashMap::new();
    // Kept only to render them as pages (the demo).
    let mut rendered: Vec<Post> = Vec::new();
    let mut posts = 0;
    // Read, split and segment a batch on every core while the batch before
    // it is added, in order, on this thread.
    let prepare = |batch: &[(PathBuf, read::Format)]| -> Vec<Prepared> {
        batch
            .par_iter()
            .map(|(path, format)| {
                let rel = path.strip_prefix(&options.corpus).unwrap_or(path);
                let source = read::read_post(path, rel, *format)?;
                Ok(match split::split_with(&source, &base_url, &rules)? {
                    Split::Post(post) => {
                        let noted = noting.load(std::sync::atomic::Ordering::Relaxed);
                        let (sections, notes) = indexer::prepare(&post, &segmenter, noted);
                        Ok((*post, sections, notes))
                    }
                    Split::Skipped(why) => Err(why),
                })
            })
            .collect()
    };
    let batches = batches(&corpus.posts);
    let mut ready: Option<Vec<Prepared>> = None;
    for i in 0..=batches.len() {
        let mut next = None;
        let done = rayon::in_place_scope(|scope| -> Result<(), BuildError> {
            if let Some(batch) = batches.get(i) {
                scope.spawn(|_| next = Some(prepare(batch)));
            }
            let (Some(prepared), Some(batch)) =
                (ready.take(), i.checked_sub(1).map(|j| batches[j]))
            else {
                return Ok(());
            };
            for (item, (path, _)) in prepared.into_iter().zip(batch) {
                match item? {
                    Ok((post, sections, notes)) => {
                        if let Some(first) = urls.insert(post.url.clone(), post.path.clone()) {
                            return Err(BuildError::DuplicateUrl {
                                url: post.url.clone(),
                                first,
                                second: post.path.clone(),
                            });
                        }
                        indexer
                            .add(&post, sections, notes)
                            .map_err(BuildError::io(&scratch))?;
                        if indexer.text.is_none() {
                            noting.store(false, std::sync::atomic::Ordering::Relaxed);
                        }
                        posts += 1;
                        if options.html.is_some() {
                            rendered.push(post);
                        }
                    }
                    Err(why) => {
                        skips.add(why);
                        progress.skipped(path, why);
                    }
                }
            }
            progress.advance(batch.len() as u64);
            Ok(())
        });
        done?;
        ready = next;
    }
    if posts == 0 {
        let pages = corpus.posts.iter();
        return Err(BuildError::EmptyCorpus {
            dir: options.corpus.clone(),
            pages: pages.filter(|p| p.1 == read::Format::Html).count(),
            skips,
        });
    }
    let sections = indexer.terms.sections as usize;
    progress.start(
        Stage::Writing,
        indexer.terms.accs.len() as u64 + indexer.pieces.refs.len() as u64,
    );
    // Each file is sealed and written as soon as it is made; a bundle
    // needs them all, so then they are also kept.
    let keep = options.bundle || options.offline;
    let mut sealer = write::Sealer::default();
    let mut written: Vec<(String, u64)> = Vec::new();
    let mut kept: Vec<(String, Vec<u8>)> = Vec::new();
    // What the preload chunks would hold, kept only while it may still be
    // small enough to write.
    let mut preloaded: Option<Vec<(String, Vec<u8>)>> = Some(Vec::new());
    let mut preload_total = 0;
    let (meta, text) = write::assemble(
        indexer,
        synonyms,
        options.layout,
        &mut |id, payload| {
            let name = id.name();
            let sealed = sealer.seal(id, &payload);
            staging.write(&name, &sealed)?;
            written.push((name.clone(), sealed.len() as u64));
            if let Some(files) = preloaded.as_mut().filter(|_| write::is_preloaded(id)) {
                preload_total += sealed.len();
                files.push((name.clone(), sealed.clone()));
                if preload_total > options.layout.preload_bytes {
                    preloaded = None;
                }
            }
            if keep {
                kept.push((name, sealed));
            }
            Ok(())
        },
        &mut |n| progress.advance(n),
    )?;
    staging.remove(PIECES_ASIDE)?;
    let build = sealer.build_id();
    for (name, _) in &written {
        staging.set_file_id(name, build)?;
    }
    let mut extra: Vec<(String, Vec<u8>)> = Vec::new();
    if let Some(mut files) = preloaded {
        write::set_file_ids(&mut files, build);
        let held = files.iter().map(|(n, b)| (n.as_str(), b.as_slice()));
        extra.extend(write::preload_bundles(&meta, build, held));
    }
    if let Some(blob) = text {
        extra.extend(write::text_bundles(build, &blob));
    }
    if keep {
        write::set_file_ids(&mut kept, build);
        let files = kept.iter().map(|(n, b)| (n.as_str(), b.as_slice()));
        let pack = xun::format::bundle::encode(build, files);
        if options.offline {
            let script = runtime::offline_script(&pack).ok_or(BuildError::NoRuntime)?;
            extra.push((runtime::OFFLINE.to_owned(), script));
        }
        if options.bundle {
            extra.push((xun::format::bundle::NAME.to_owned(), pack));
        }
    }
    for (name, bytes) in runtime::FILES {
        extra.push(((*name).to_owned(), bytes.to_vec()));
    }
    for (name, bytes) in &extra {
        staging.write(name, bytes)?;
        written.push((name.clone(), bytes.len() as u64));
    }
    // Pages first: if they cannot be written, the index stays as it was.
    if let Some(dir) = &options.html {
        render::render_site(dir, &base_url, &rendered)?;
    }
    staging.commit()?;
    let warnings = mount::check(&options.corpus, &options.out, &base_url)
        .into_iter()
        .collect();
    Ok(Summary {
        warnings,
        runtime: runtime::EMBEDDED,
        posts,
        skipped: skips.posts(),
        skips,
        sections,
        terms: meta.term_count,
        files: written,
        elapsed: started.elapsed(),
    })
}

/// Where the indexer puts the pieces of text aside, in the staging
/// directory, until the record buckets are written.
const PIECES_ASIDE: &str = ".pieces";

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

/// Indexes posts already split, in memory, on one thread: for tools and
/// tests.
pub fn index_posts(
    posts: &[Post],
    segmenter: &Segmenter,
    synonyms: Vec<Vec<String>>,
    layout: Layout,
) -> write::IndexFiles {
    let pieces = indexer::Pieces::in_memory();
    let mut indexer = indexer::Indexer::new(pieces, segmenter.chars, layout.text_limit());
    for post in posts {
        let (sections, notes) = indexer::prepare(post, segmenter, indexer.text.is_some());
        indexer
            .add(post, sections, notes)
            .expect("pieces in memory are put aside without I/O");
    }
    write::assemble_in_memory(indexer, synonyms, layout)
        .expect("an index in memory is written without I/O")
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
