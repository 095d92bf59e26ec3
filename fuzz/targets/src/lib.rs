//! The bodies of xun's fuzz targets.
//!
//! `cargo fuzz` (the `fuzz/` crate, on nightly) calls these with generated
//! inputs; `cargo test` calls them, on stable, with every input that ever
//! crashed one of them (`fuzz/regressions/<target>/`) and with the seeds.
//! A target returns normally for every input: errors are expected, panics,
//! hangs and traps are the bugs.
//!
//! | target | input | reaches |
//! |---|---|---|
//! | `index_file` | a file number, then the bytes of that file's payload | every decoder, then search over the damaged index |
//! | `query` | option bytes, then a query | folding, splitting, matching, ranking, filters, excerpts |
//! | `markdown` | a post | front matter (YAML and TOML), Markdown, sections, URLs |
//! | `html` | a built page | the depth cap, html5ever, content and sections |
//! | `preload_text` | a slice size, then a small site's preloaded text | its decoder, the remake of every file from it, then search |
//!
//! `index_file` re-seals the payload with a valid checksum and the index's
//! build id, so the mutated bytes reach the decoders and the traversal,
//! not just the CRC.

use std::path::Path;
use std::sync::OnceLock;

use build_index::read::{Format, Source};
use build_index::segment::Segmenter;
use build_index::split;
use xun::format::{self, FileId, bundle};
use xun::{Group, Index, Options, Sort};

/// Names of the targets, as `cargo fuzz` and `fuzz/regressions/` know them.
pub const TARGETS: [&str; 5] = ["index_file", "query", "markdown", "html", "preload_text"];

/// Runs target `name` on one input.
pub fn run(name: &str, data: &[u8]) {
    match name {
        "index_file" => index_file(data),
        "query" => query(data),
        "markdown" => markdown(data),
        "html" => html(data),
        "preload_text" => preload_text(data),
        _ => panic!("no fuzz target named {name}"),
    }
}

/// A small index, built once from the test blog with small files, so that
/// it has several files of every kind.
struct Built {
    /// (name, sealed bytes) of every index file, the manifest first.
    files: Vec<(String, Vec<u8>)>,
    build: u32,
    /// The preloaded text, when the preload chunks carry it.
    text: Vec<u8>,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build(false))
}

/// The same posts, with their text in the preload chunks.
fn built_text() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build(true))
}

fn build(preload_text: bool) -> Built {
    {
        let posts = [
            (
                "istio-canary.md",
                include_str!("../../../tests/fixtures/blog/istio-canary.md"),
            ),
            (
                "k8s-network.md",
                include_str!("../../../tests/fixtures/blog/k8s-network.md"),
            ),
            (
                "prometheus.md",
                include_str!("../../../tests/fixtures/blog/prometheus.md"),
            ),
            (
                "substrings.md",
                include_str!("../../../tests/fixtures/blog/substrings.md"),
            ),
        ];
        let posts: Vec<split::Post> = posts
            .iter()
            .map(|(name, text)| {
                let source = Source {
                    path: name.into(),
                    rel: name.into(),
                    format: Format::Markdown,
                    text: (*text).to_owned(),
                };
                split::split(&source, "/").unwrap().post().unwrap()
            })
            .collect();
        let layout = build_index::Layout {
            bucket_bytes: 256,
            shard_bytes: 256,
            record_bytes: Some(512),
            inline_bytes: 48,
            // Preload chunks of files are bundles of these same files,
            // which the last pick of `index_file` covers; of text, the
            // target `preload_text` reads.
            preload_bytes: if preload_text { 1 << 20 } else { 0 },
            // A big site's record layout (first pieces grouped), which the
            // tests of small sites leave out.
            small_text_bytes: 0,
            preload_text,
        };
        let synonyms = vec![vec!["k8s".to_owned(), "kubernetes".to_owned()]];
        let index = build_index::index_posts(&posts, &Segmenter::new(true), synonyms, layout);
        let mut files = index.files;
        files.sort_by_key(|(name, _)| name != "meta.xun");
        let mut text = Vec::new();
        files.retain(|(name, bytes)| {
            if !name.starts_with("preload/") {
                return true;
            }
            for (inner, sealed) in bundle::decode_named(name, bytes).unwrap() {
                let id = FileId::parse(inner).unwrap();
                text.extend_from_slice(format::unseal(inner, id.kind(), sealed).unwrap().payload);
            }
            false
        });
        assert_eq!(
            preload_text,
            !text.is_empty(),
            "the preload carries the text"
        );
        Built {
            files,
            build: index.build,
            text,
        }
    }
}

/// Searches that reach every path that reads the index: words, CJK runs,
/// verbatim runs, prefixes, synonyms, traditional script, both groupings.
const QUERIES: [&str; 7] = [
    "灰度发布",
    "容器网络 k8s",
    "promethe",
    "網絡監控",
    "是一段",
    "kube-proxy",
    "k8s",
];

fn search_all(index: &Index) {
    for q in QUERIES {
        for group in [Group::Section, Group::Page] {
            let options = Options {
                group,
                limit: 20,
                ..Options::default()
            };
            let _ = xun::search_loaded(index, q, &options);
        }
    }
    // The filter table, read by filters, sorting and counts.
    let _ = xun::search::filters(index);
    let _ = xun::search_loaded(index, "容器", &narrowed(0b11));
}

/// Options with filters (bit 0: tags in two values, and a key the index
/// lacks when bit 2 is set too) and the order by date (bit 1).
fn narrowed(bits: u8) -> Options {
    let mut filters = Vec::new();
    if bits & 1 != 0 {
        let values = vec!["Kubernetes".to_owned(), "监控".to_owned()];
        filters.push(("tags".to_owned(), values));
    }
    if bits & 4 != 0 {
        filters.push(("authors".to_owned(), vec!["x".to_owned()]));
    }
    Options {
        filters,
        sort: if bits & 2 != 0 {
            Sort::Date
        } else {
            Sort::Relevance
        },
        ..Options::default()
    }
}

/// The payloads of the index files, one seed per file: what `index_file`
/// mutates.
pub fn index_file_seeds() -> Vec<Vec<u8>> {
    let b = built();
    b.files
        .iter()
        .enumerate()
        .map(|(i, (name, sealed))| {
            let id = FileId::parse(name).unwrap();
            let payload = format::unseal(name, id.kind(), sealed).unwrap().payload;
            let mut seed = vec![i as u8];
            seed.extend_from_slice(payload);
            seed
        })
        .collect()
}

/// `data[0]` picks a file (past the last one: the bundle of all), the rest
/// is its new payload.
pub fn index_file(data: &[u8]) {
    let Some((&pick, payload)) = data.split_first() else {
        return;
    };
    let b = built();
    let pick = usize::from(pick);
    if pick >= b.files.len() {
        let sealed = format::seal(format::Kind::Bundle, b.build, payload);
        if let Ok(index) = Index::from_bundle(&sealed) {
            search_all(&index);
        }
        return;
    }
    let name = &b.files[pick].0;
    let kind = FileId::parse(name).unwrap().kind();
    let replaced = format::seal(kind, b.build, payload);
    let file = |i: usize| if i == pick { &replaced } else { &b.files[i].1 };
    let Ok(mut index) = Index::open(file(0)) else {
        return;
    };
    for (i, (name, _)) in b.files.iter().enumerate().skip(1) {
        if let Err(e) = index.add_file(name, file(i)) {
            // A bad file is refused by name, and the others still load.
            assert!(e.to_string().starts_with(name.as_str()), "{name}: {e}");
        }
    }
    search_all(&index);
    // The same files in one bundle.
    let named: Vec<(&str, &[u8])> = (0..b.files.len())
        .map(|i| (b.files[i].0.as_str(), file(i).as_slice()))
        .collect();
    let pack = bundle::encode(b.build, named.into_iter());
    if let Ok(index) = Index::from_bundle(&pack) {
        search_all(&index);
    }
}

fn full_index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let b = built();
        let mut index = Index::open(&b.files[0].1).unwrap();
        for (name, bytes) in &b.files[1..] {
            index.add_file(name, bytes).unwrap();
        }
        index
    })
}

/// The preloaded text as [`preload_text`] takes it: `first` sets where the
/// slices are cut.
pub fn preload_text_seed(first: u8) -> Vec<u8> {
    let mut seed = vec![first];
    seed.extend_from_slice(&built_text().text);
    seed
}

/// `data[0]` sets the size of the slices the rest, a small site's
/// preloaded text, comes in; each is sealed as a text file of the index's
/// build and added, and once the index remade its files from them, it is
/// searched.
pub fn preload_text(data: &[u8]) {
    let Some((&size, text)) = data.split_first() else {
        return;
    };
    let b = built_text();
    let mut index = Index::open(&b.files[0].1).unwrap();
    let slices = index.meta.text_files as usize;
    let size = (usize::from(size) * 61 + 1).max(text.len().div_ceil(slices.max(1)));
    let mut parts: Vec<&[u8]> = text.chunks(size).collect();
    parts.resize(slices, &[]);
    for (i, part) in parts.iter().enumerate().take(slices) {
        let id = FileId::Text(i as u32);
        let sealed = format::seal(id.kind(), b.build, part);
        if index.add_file(&id.name(), &sealed).is_err() {
            return;
        }
    }
    if index
        .meta
        .files()
        .all(|id| index.is_loaded(id) || id == FileId::Filters)
    {
        search_all(&index);
    }
}

/// `data[0..4]` set the options (limit, offset, grouping, filters and
/// sort), the rest is the query, read as UTF-8 with bad bytes replaced.
pub fn query(data: &[u8]) {
    let (head, text) = data.split_at(data.len().min(4));
    let byte = |i: usize| head.get(i).copied().unwrap_or(0);
    let options = Options {
        limit: usize::from(byte(0)),
        offset: usize::from(byte(1)),
        group: if byte(2) & 1 == 1 {
            Group::Page
        } else {
            Group::Section
        },
        sections_per_page: usize::from(byte(2) >> 1),
        ..narrowed(byte(3))
    };
    let query = String::from_utf8_lossy(text);
    let _ = xun::search_loaded(full_index(), &query, &options);
}

fn source(name: &str, format: Format, data: &[u8]) -> Source {
    Source {
        path: name.into(),
        rel: Path::new(name).to_owned(),
        format,
        text: String::from_utf8_lossy(data).into_owned(),
    }
}

/// A Markdown post with its front matter; the page URL it gets, if any,
/// must be a safe one.
pub fn markdown(data: &[u8]) {
    if let Ok(split::Split::Post(post)) =
        split::split(&source("post.md", Format::Markdown, data), "/blog/")
    {
        assert_eq!(format::url::check(&post.url), Ok(()), "{}", post.url);
        segment(&post);
    }
}

/// A built HTML page.
pub fn html(data: &[u8]) {
    if let Ok(split::Split::Post(post)) =
        split::split(&source("posts/p/index.html", Format::Html, data), "/")
    {
        assert_eq!(format::url::check(&post.url), Ok(()), "{}", post.url);
        segment(&post);
    }
}

/// Segments a post's fields, as indexing would.
fn segment(post: &split::Post) {
    static SEGMENTER: OnceLock<Segmenter> = OnceLock::new();
    let segmenter = SEGMENTER.get_or_init(|| Segmenter::new(true));
    build_index::indexer::prepare(post, segmenter, true);
}
