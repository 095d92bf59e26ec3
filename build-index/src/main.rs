use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use build_index::skip::Skip;
use build_index::{Layout, Options, Progress, Stage, Summary};
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

// A build makes and drops millions of small strings and vectors (tokens,
// postings, parsed HTML nodes); glibc's allocator spent a fifth of the
// Rust docs' build in malloc and free, mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Builds a xun search index from a blog's posts: Markdown with front
/// matter, plain text, or the blog's built HTML pages.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Directory of posts (.md, .markdown, .txt) or a built site (.html,
    /// .htm; then its other files are not read), searched recursively.
    corpus: PathBuf,
    /// Output directory for the index. It is replaced as a whole, and only
    /// if it is empty or already holds a xun index.
    #[arg(long)]
    out: PathBuf,
    /// URL path under which the site is served.
    #[arg(long, default_value = "/")]
    base_url: String,
    /// Also render every Markdown or text post as an HTML page into this
    /// directory (for the demo; HTML inputs are already pages).
    #[arg(long)]
    html: Option<PathBuf>,
    /// A synonyms file: one group of equivalent phrases per line, separated
    /// by commas (applied at query time).
    #[arg(long)]
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
    /// matches (repeatable).
    #[arg(long, value_name = "CSS")]
    exclude: Vec<String>,
    /// List every skipped file, and why, on stderr.
    #[arg(long, short)]
    verbose: bool,
    /// Target size of a dictionary bucket, in bytes.
    #[arg(long, default_value_t = Layout::default().bucket_bytes)]
    bucket_bytes: usize,
    /// Target size of a postings shard, in bytes.
    #[arg(long, default_value_t = Layout::default().shard_bytes)]
    shard_bytes: usize,
    /// Target size of a record bucket (stored text, headings), in bytes.
    #[arg(long, default_value_t = Layout::default().record_bytes)]
    record_bytes: usize,
    /// Postings lists of CJK terms up to this size are stored in their
    /// dictionary bucket.
    #[arg(long, default_value_t = Layout::default().inline_bytes)]
    inline_bytes: usize,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let options = Options {
        corpus: cli.corpus,
        out: cli.out,
        base_url: cli.base_url,
        html: cli.html,
        bundle: cli.bundle,
        synonyms: cli.synonyms,
        words_only: cli.words_only,
        offline: cli.offline,
        layout: Layout {
            bucket_bytes: cli.bucket_bytes.max(1),
            shard_bytes: cli.shard_bytes.max(1),
            record_bytes: cli.record_bytes.max(1),
            inline_bytes: cli.inline_bytes,
        },
        selector: cli.selector,
        exclude: cli.exclude,
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
    match result {
        Ok(summary) => {
            // The index is written; a closed stdout (`| head`) is no failure.
            let _ = print_summary(&options, &summary);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("build-index: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn print_summary(options: &Options, s: &Summary) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if !s.runtime {
        eprintln!(
            "build-index: note: built without the wasm runtime, so only the index was written; scripts/build.sh builds both"
        );
    }
    writeln!(
        out,
        "indexed {} posts ({} skipped: drafts, empty posts, pages without content), {} sections, {} terms in {:.2?}",
        s.posts, s.skipped, s.sections, s.terms, s.elapsed
    )?;
    if !s.skips.is_empty() {
        writeln!(out, "skipped: {}", s.skips)?;
    }
    let total: u64 = s.files.iter().map(|f| f.1).sum();
    writeln!(out, "wrote {} ({total} bytes):", options.out.display())?;
    const GROUPS: [&str; 7] = [
        "meta.xun",
        "d/ (dictionary)",
        "p/ (postings)",
        "r/ (records)",
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
        ("xun.pack", None) => "xun.pack",
        ("xun-offline.js", None) => "xun-offline.js",
        _ => "runtime",
    }
}
