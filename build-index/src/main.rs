mod config;
mod serve;

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use build_index::skip::Skip;
use build_index::{BuildError, Layout, Options, Progress, Stage, Summary};
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser};
use config::{Config, ConfigError};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serve::ServeError;

// A build makes and drops millions of small strings and vectors (tokens,
// postings, parsed HTML nodes); glibc's allocator spent a fifth of the
// Rust docs' build in malloc and free, mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The port `--serve` listens on without `--port`.
const DEFAULT_PORT: u16 = 8000;

/// Shown after the options by `--help`. Each line that runs build-index
/// is run by `help_examples_work` in tests/cli.rs.
const EXAMPLES: &str = "\
Examples:
  # A Hugo site: after `hugo`, index the pages it wrote
  build-index public --out public/search/

  # A Hexo site with `root: /blog/`: after `hexo generate` (hexo-xun does this)
  build-index public --out public/search/ --base-url /blog/

  # Markdown sources with front matter: each post is at <base-url>posts/<slug>/,
  # or at its front matter's url
  build-index content/posts --out static/search/

  # Try the search on http://127.0.0.1:8000/ before deploying
  build-index public --out public/search/ --serve

Every option but --config, --serve and --verbose can also be set in xun.toml,
in the current directory or the site's (keys are the flags without --, such as
base-url = \"/blog/\"); a flag overrides its key.

Exit status: 0 when the index was written, 3 when no posts were found (a new
blog: nothing was written), 1 for any other error.";

/// Builds a xun search index from a blog's posts: Markdown with front
/// matter, plain text, or the blog's built HTML pages
///
/// --out receives the index and the browser runtime (xun.js, xun.css, the
/// wasm). Add <script src="/search/xun.js" data-index="/search/" defer></script>
/// to every page, and the blog has search.
#[derive(Parser)]
#[command(after_help = EXAMPLES)]
struct Cli {
    /// Directory of posts (.md, .markdown, .txt) or a built site (.html,
    /// .htm; then its other files are not read), searched recursively.
    #[arg(value_name = "SITE")]
    corpus: PathBuf,
    /// Output directory for the index. It is replaced as a whole, and only
    /// if it is empty or already holds a xun index.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Read options from this file instead of ./xun.toml or SITE/xun.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// URL path under which the site is served.
    #[arg(long, value_name = "URL", default_value = "/")]
    base_url: String,
    /// Also render every Markdown or text post as an HTML page into this
    /// directory (for the demo; HTML inputs are already pages).
    #[arg(long, value_name = "DIR")]
    html: Option<PathBuf>,
    /// A synonyms file: one group of equivalent phrases per line, separated
    /// by commas (applied at query time).
    #[arg(long, value_name = "FILE")]
    synonyms: Option<PathBuf>,
    /// Index words only, without every CJK character: smaller, but queries
    /// that cross a word boundary may miss (to measure what it costs).
    #[arg(long)]
    words_only: bool,
    /// Also write xun-offline.js, the wasm and the index in one classic
    /// script, for pages opened from disk (file://).
    #[arg(long)]
    offline: bool,
    /// Also write xun.pack, the whole index in one file, for offline pages.
    #[arg(long)]
    bundle: bool,
    /// In built HTML pages, index the first element this CSS selector
    /// matches instead of finding the post's element; a page where it
    /// matches nothing is skipped.
    #[arg(long, value_name = "CSS")]
    selector: Option<String>,
    /// In built HTML pages, also leave out the elements this CSS selector
    /// matches (repeatable; replaces xun.toml's list).
    #[arg(long, value_name = "CSS")]
    exclude: Vec<String>,
    /// After building, serve the site (SITE, or --html's directory) on
    /// http://127.0.0.1:PORT/ until stopped, to try the search.
    #[arg(long)]
    serve: bool,
    /// The port for --serve (0: any free port).
    #[arg(long, value_name = "PORT", default_value_t = DEFAULT_PORT)]
    port: u16,
    /// List every skipped file, and why, on stderr (and with --serve,
    /// every request).
    #[arg(long, short)]
    verbose: bool,
    /// Target size of a dictionary bucket, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Layout::default().bucket_bytes)]
    bucket_bytes: usize,
    /// Target size of a postings shard, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Layout::default().shard_bytes)]
    shard_bytes: usize,
    /// Target size of a record bucket (stored text, headings), in bytes
    /// [default: 1024 for a site with up to 2 MiB of text, else 3072].
    #[arg(long, value_name = "BYTES")]
    record_bytes: Option<usize>,
    /// Postings lists up to this size may be stored in their dictionary
    /// bucket (while the bucket's key stays within 8 KB).
    #[arg(long, value_name = "BYTES", default_value_t = Layout::default().inline_bytes)]
    inline_bytes: usize,
    /// The most bytes of preload/: the site's text in chunks of 64 KB, from
    /// which the page remakes the whole index, so that later queries fetch
    /// nothing. They come when the index opens on a fast link, else after
    /// the first results. A bigger site gets none; 0 turns it off.
    #[arg(long, value_name = "BYTES", default_value_t = Layout::default().preload_bytes)]
    preload_bytes: usize,
}

impl Cli {
    /// The options given on the command line, as a [`Config`] to lay over
    /// the file's: an option left at its default is not given.
    fn given(&self, matches: &ArgMatches) -> Config {
        let given = |id: &str| matches.value_source(id) == Some(ValueSource::CommandLine);
        Config {
            out: self.out.clone(),
            base_url: given("base_url").then(|| self.base_url.clone()),
            selector: self.selector.clone(),
            exclude: given("exclude").then(|| self.exclude.clone()),
            synonyms: self.synonyms.clone(),
            offline: self.offline.then_some(true),
            bundle: self.bundle.then_some(true),
            words_only: self.words_only.then_some(true),
            html: self.html.clone(),
            port: given("port").then_some(self.port),
            bucket_bytes: given("bucket_bytes").then_some(self.bucket_bytes),
            shard_bytes: given("shard_bytes").then_some(self.shard_bytes),
            record_bytes: self.record_bytes,
            inline_bytes: given("inline_bytes").then_some(self.inline_bytes),
            preload_bytes: given("preload_bytes").then_some(self.preload_bytes),
        }
    }
}

/// Why build-index stopped.
#[derive(Debug)]
enum Failure {
    Config(ConfigError),
    /// Neither `--out` nor the config file's `out` says where to write.
    NoOut,
    Build(BuildError),
    Serve(ServeError),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Config(e) => e.fmt(f),
            Failure::NoOut => write!(
                f,
                "no output directory: give --out DIR (for a site in public/: --out public/search/), or out = \"DIR\" in {}",
                config::FILE_NAME
            ),
            Failure::Build(e) => e.fmt(f),
            Failure::Serve(e) => e.fmt(f),
        }
    }
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        Failure::Config(e)
    }
}

impl From<BuildError> for Failure {
    fn from(e: BuildError) -> Self {
        Failure::Build(e)
    }
}

impl From<ServeError> for Failure {
    fn from(e: ServeError) -> Self {
        Failure::Serve(e)
    }
}

/// A progress bar that stays hidden unless the build takes a while.
struct Bar {
    bar: ProgressBar,
    started: Instant,
    shown: bool,
    verbose: bool,
}

impl Progress for Bar {
    fn skipped(&mut self, path: &Path, why: Skip) {
        if self.verbose {
            let line = format!("build-index: skipped {}: {}", path.display(), why.reason());
            self.bar.suspend(|| eprintln!("{line}"));
        }
    }

    fn start(&mut self, stage: Stage, total: u64) {
        self.bar.set_message(match stage {
            Stage::Indexing => "indexing",
            Stage::Writing => "writing",
        });
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.reset_eta();
    }

    fn advance(&mut self, n: u64) {
        self.bar.inc(n);
        if !self.shown && self.started.elapsed() > Duration::from_millis(300) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
    }
}

/// The exit status when no posts were found.
const NO_POSTS: u8 = 3;

fn main() -> ExitCode {
    // The version names the index format too: an index and a runtime
    // work together only when their formats match.
    let version: &'static str = Box::leak(
        format!(
            "{} (index format {})",
            env!("CARGO_PKG_VERSION"),
            xun::format::VERSION
        )
        .into_boxed_str(),
    );
    let matches = Cli::command().version(version).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match run(&cli, &matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("build-index: error: {e}");
            // Told apart, so that a generator's plugin can let a blog with
            // no posts yet build without search (hexo-xun does).
            if matches!(e, Failure::Build(BuildError::EmptyCorpus { .. })) {
                ExitCode::from(NO_POSTS)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// The least `--bucket-bytes`, `--shard-bytes` and `--record-bytes` take.
const MIN_FILE_BYTES: usize = 256;

fn run(cli: &Cli, matches: &ArgMatches) -> Result<(), Failure> {
    let file = config::find(cli.config.as_deref(), Path::new("."), &cli.corpus)?;
    let (config, config_path) = match file {
        Some(loaded) => (cli.given(matches).or(loaded.config), Some(loaded.path)),
        None => (cli.given(matches), None),
    };
    // A file size so small that a site becomes millions of files is a
    // mistake, not a layout.
    let sizes = [
        ("--bucket-bytes", config.bucket_bytes),
        ("--shard-bytes", config.shard_bytes),
        ("--record-bytes", config.record_bytes),
    ];
    for (option, bytes) in sizes {
        if let Some(bytes) = bytes.filter(|&b| b < MIN_FILE_BYTES) {
            return Err(Failure::Build(BuildError::BadOption {
                option,
                value: bytes.to_string(),
                message: format!("must be at least {MIN_FILE_BYTES} bytes"),
            }));
        }
    }
    let defaults = Layout::default();
    let options = Options {
        corpus: cli.corpus.clone(),
        out: config.out.ok_or(Failure::NoOut)?,
        base_url: config.base_url.unwrap_or_else(|| "/".to_owned()),
        html: config.html,
        bundle: config.bundle.unwrap_or(false),
        synonyms: config.synonyms,
        words_only: config.words_only.unwrap_or(false),
        offline: config.offline.unwrap_or(false),
        layout: Layout {
            bucket_bytes: config.bucket_bytes.unwrap_or(defaults.bucket_bytes).max(1),
            shard_bytes: config.shard_bytes.unwrap_or(defaults.shard_bytes).max(1),
            record_bytes: config.record_bytes.map(|b| b.max(1)),
            inline_bytes: config.inline_bytes.unwrap_or(defaults.inline_bytes),
            preload_bytes: config.preload_bytes.unwrap_or(defaults.preload_bytes),
            ..defaults
        },
        selector: config.selector,
        exclude: config.exclude.unwrap_or_default(),
    };
    // Listen first, so that a port in use fails before a long build.
    let server = match cli.serve {
        true => Some(serve::bind(config.port.unwrap_or(DEFAULT_PORT))?),
        false => None,
    };
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()).with_style(
        ProgressStyle::with_template(
            "{spinner} {msg} {pos}/{len} files {wide_bar} {elapsed}, {eta} left",
        )
        .expect("the template is valid"),
    );
    let mut progress = Bar {
        bar,
        started: Instant::now(),
        shown: false,
        verbose: cli.verbose,
    };
    let result = build_index::run(&options, &mut progress);
    progress.bar.finish_and_clear();
    let summary = result?;
    // The index is written; a closed stdout (`| head`) is no failure.
    let _ = print_summary(&options, config_path.as_deref(), &summary);
    if let Some((server, addr)) = server {
        let root = options
            .html
            .clone()
            .unwrap_or_else(|| options.corpus.clone());
        let site = serve::Site::new(root, &options.base_url);
        serve::check(&site)?;
        if !is_inside(&options.out, &site.root) {
            eprintln!(
                "build-index: note: {} is not inside {}, so the served pages will not find the search files",
                options.out.display(),
                site.root.display()
            );
        }
        println!(
            "serving {} at http://{addr}{} (Ctrl+C stops)",
            site.root.display(),
            site.mount
        );
        serve::run(server, site, cli.verbose);
    }
    Ok(())
}

/// Whether `path` is `dir` or below it, once both are made absolute.
fn is_inside(path: &Path, dir: &Path) -> bool {
    match (std::fs::canonicalize(path), std::fs::canonicalize(dir)) {
        (Ok(path), Ok(dir)) => path.starts_with(dir),
        _ => false,
    }
}

fn print_summary(options: &Options, config: Option<&Path>, s: &Summary) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Some(path) = config {
        writeln!(out, "options from {}", path.display())?;
    }
    if !s.runtime {
        eprintln!(
            "build-index: note: built without the wasm runtime, so only the index was written; scripts/build.sh builds both"
        );
    }
    writeln!(
        out,
        "indexed {} posts, {} sections, {} terms in {:.2?}",
        s.posts, s.sections, s.terms, s.elapsed
    )?;
    // Each reason counted, not a fixed list of what might have been.
    if !s.skips.is_empty() {
        writeln!(out, "skipped: {}", s.skips)?;
    }
    for warning in &s.warnings {
        eprintln!("build-index: warning: {warning}");
    }
    let total: u64 = s.files.iter().map(|f| f.1).sum();
    writeln!(out, "wrote {} ({total} bytes):", options.out.display())?;
    const GROUPS: [&str; 9] = [
        "meta.xun",
        "d/ (dictionary)",
        "p/ (postings)",
        "r/ (records)",
        "filters.xun",
        "preload/",
        "xun.pack",
        "xun-offline.js",
        "runtime",
    ];
    for label in GROUPS {
        let files: Vec<_> = s.files.iter().filter(|f| group_of(&f.0) == label).collect();
        if files.is_empty() {
            continue;
        }
        let bytes: u64 = files.iter().map(|f| f.1).sum();
        writeln!(
            out,
            "  {label:<16} {:>6} file(s) {bytes:>11} bytes",
            files.len()
        )?;
    }
    Ok(())
}

/// The summary line a written file is counted in, by what `FileId`
/// makes of its name.
fn group_of(name: &str) -> &'static str {
    use xun::format::FileId;
    match (name, FileId::parse(name)) {
        (_, Some(FileId::Meta)) => "meta.xun",
        (_, Some(FileId::Dictionary(_))) => "d/ (dictionary)",
        (_, Some(FileId::Postings(_))) => "p/ (postings)",
        (_, Some(FileId::Records(_))) => "r/ (records)",
        (_, Some(FileId::Filters)) => "filters.xun",
        ("xun.pack", None) => "xun.pack",
        (name, None) if name.starts_with("preload/") => "preload/",
        ("xun-offline.js", None) => "xun-offline.js",
        _ => "runtime",
    }
}
