//! Build errors. Each names the file (and line, where there is one) so a
//! blogger can fix the post without reading our code.

use std::fmt;
use std::path::PathBuf;

use crate::skip::Tally;

#[derive(Debug)]
pub enum BuildError {
    /// A file or directory could not be read or written.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A post is not valid UTF-8; `line` is where the first bad byte is.
    InvalidUtf8 { path: PathBuf, line: usize },
    /// A built page is not valid in the encoding its `<meta charset>`
    /// declares (GBK, Big5, …); `line` is where the first bad byte is.
    InvalidEncoding {
        path: PathBuf,
        encoding: &'static str,
        line: usize,
    },
    /// Front matter that does not close, does not parse, or has a field of
    /// the wrong type.
    FrontMatter {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A post larger than we agree to index.
    TooLarge {
        path: PathBuf,
        bytes: u64,
        limit: u64,
    },
    /// No posts were found (or all were skipped): `pages` HTML pages
    /// were read, and `skips` says why each file gave no post.
    EmptyCorpus {
        dir: PathBuf,
        pages: usize,
        skips: Tally,
    },
    /// The output directory exists and is not a xun index, so replacing it
    /// could destroy someone's files.
    NotAnIndexDir { path: PathBuf },
    /// The output directory is a xun index that also holds files a build
    /// does not write (a site generator put its own there): replacing it
    /// would delete them.
    ForeignFiles { path: PathBuf, names: Vec<String> },
    /// A line of an input that is not a post (the synonyms file) that
    /// does not parse.
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// `--offline` needs the wasm, which this build-index was built without.
    NoRuntime,
    /// Another build-index kept writing into the directory of `--out`
    /// (builds there take turns) for longer than this one would wait.
    Busy {
        out: PathBuf,
        /// Its pid and the index it writes, when its staging directory says.
        holder: Option<(u32, PathBuf)>,
        waited: std::time::Duration,
    },
    /// A command-line option with a value that cannot be used.
    BadOption {
        option: &'static str,
        value: String,
        message: String,
    },
    /// Two posts would be served at the same URL.
    DuplicateUrl {
        url: String,
        first: PathBuf,
        second: PathBuf,
    },
}

impl BuildError {
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> BuildError {
        let path = path.into();
        move |source| BuildError::Io { path, source }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            BuildError::InvalidUtf8 { path, line } => {
                // Most often an old post saved as GBK or Big5. A built page
                // is read in the encoding it declares; a source cannot say.
                let page = path.extension().is_some_and(|e| {
                    e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")
                });
                let declare = if page {
                    "declare it in its <head> (<meta charset=\"gbk\">) or "
                } else {
                    ""
                };
                write!(
                    f,
                    "{}:{line}: not valid UTF-8 (an older page in GBK or Big5? {declare}convert it: iconv -f GBK -t UTF-8)",
                    path.display()
                )
            }
            BuildError::InvalidEncoding {
                path,
                encoding,
                line,
            } => write!(
                f,
                "{}:{line}: not valid {encoding}, the encoding its <meta charset> declares (is the declaration wrong?)",
                path.display()
            ),
            BuildError::FrontMatter {
                path,
                line,
                message,
            } => {
                write!(f, "{}:{line}: front matter: {message}", path.display())
            }
            BuildError::TooLarge { path, bytes, limit } => write!(
                f,
                "{}: {bytes} bytes is larger than the {limit}-byte limit for one post",
                path.display()
            ),
            BuildError::EmptyCorpus { dir, pages, skips } => {
                write!(f, "{}: no posts found", dir.display())?;
                if *pages == 0 {
                    f.write_str(" (looked for .md, .markdown, .txt, .html and .htm files that are not drafts and have text)")?;
                } else {
                    let s = if *pages == 1 { "" } else { "s" };
                    write!(f, " among {pages} HTML page{s}")?;
                }
                if !skips.is_empty() {
                    write!(
                        f,
                        "; skipped {skips}. Run with --verbose to see each file and why it was skipped"
                    )?;
                }
                Ok(())
            }
            BuildError::NotAnIndexDir { path } => write!(
                f,
                "{}: exists and is not a xun index (no meta.xun); refusing to replace it",
                path.display()
            ),
            BuildError::ForeignFiles { path, names } => {
                const SHOWN: usize = 5;
                write!(f, "{}: holds ", path.display())?;
                for (i, name) in names.iter().take(SHOWN).enumerate() {
                    write!(f, "{}{name}", if i > 0 { ", " } else { "" })?;
                }
                if names.len() > SHOWN {
                    write!(f, " and {} more", names.len() - SHOWN)?;
                }
                write!(
                    f,
                    ", which build-index did not write; refusing to replace the index and delete them (move them, or write the index to another --out)"
                )
            }
            BuildError::Invalid {
                path,
                line,
                message,
            } => {
                write!(f, "{}:{line}: {message}", path.display())
            }
            BuildError::NoRuntime => write!(
                f,
                "this build-index was built without the wasm runtime; build it with scripts/build.sh"
            ),
            BuildError::Busy {
                out,
                holder,
                waited,
            } => {
                let who = crate::swap::describe(holder.as_ref());
                write!(
                    f,
                    "{}: another build-index{who} has been writing into its directory for over {} s; the index there was left as it is",
                    out.display(),
                    waited.as_secs()
                )
            }
            BuildError::BadOption {
                option,
                value,
                message,
            } => write!(f, "{option} {value:?}: {message}"),
            BuildError::DuplicateUrl { url, first, second } => write!(
                f,
                "{}: same URL {url} as {}; set a distinct slug or url",
                second.display(),
                first.display()
            ),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
