//! Finds the posts under a corpus directory and reads them as text:
//! UTF-8, or for a built page the encoding it declares (see `charset`).
//!
//! A corpus is either a blog's sources (Markdown and text posts) or a
//! built site. A corpus with any `.html` or `.htm` file is a built site,
//! and only its pages are posts: a `.txt` there is a `robots.txt` or a
//! copied asset, a `.md` a source the generator left behind, so they and
//! every other file are counted as not pages and not read.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::BuildError;

mod charset;

/// Larger posts are refused rather than indexed slowly: no blog post is
/// this big, and a generated dump would swamp the index.
pub const MAX_POST_BYTES: u64 = 32 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Plain,
    /// A page built by a site generator.
    Html,
}

/// One post file, read and checked.
#[derive(Debug)]
pub struct Source {
    pub path: PathBuf,
    /// The path under the corpus directory.
    pub rel: PathBuf,
    pub format: Format,
    pub text: String,
}

/// The files of a corpus to index, not read yet (a big site is read a
/// batch at a time), and those of a built site that are not pages.
#[derive(Debug, Default)]
pub struct Listing {
    /// In path order, so that builds are deterministic.
    pub posts: Vec<(PathBuf, Format)>,
    /// In a built site, every file that is not a page, in path order.
    pub not_pages: Vec<PathBuf>,
}

/// Files a site serves to machines, never posts, whatever the corpus.
const SITE_FILES: [&str; 6] = [
    "robots.txt",
    "humans.txt",
    "ads.txt",
    "security.txt",
    "sitemap.txt",
    "llms.txt",
];

fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?;
    if SITE_FILES.iter().any(|f| name.eq_ignore_ascii_case(f)) {
        return None;
    }
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "md" | "markdown" => Some(Format::Markdown),
        "txt" => Some(Format::Plain),
        "html" | "htm" => Some(Format::Html),
        _ => None,
    }
}

/// The posts under `dir`, and in a built site the files that are not
/// pages.
pub fn list_corpus(dir: &Path) -> Result<Listing, BuildError> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let site = files.iter().any(|f| f.1 == Some(Format::Html));
    let mut listing = Listing::default();
    for (path, format) in files {
        match format {
            Some(format) if !site || format == Format::Html => listing.posts.push((path, format)),
            _ if site => listing.not_pages.push(path),
            _ => {}
        }
    }
    Ok(listing)
}

/// Every post under `dir`, read, in path order.
pub fn read_corpus(dir: &Path) -> Result<Vec<Source>, BuildError> {
    list_corpus(dir)?
        .posts
        .into_iter()
        .map(|(path, format)| read_post(&path, path.strip_prefix(dir).unwrap_or(&path), format))
        .collect()
}

/// Every file under `dir`, with its format if it has one. A directory
/// that holds a xun index (`public/search/`, from the last build) is the
/// build's own output, not the site's: it is not walked.
fn collect(dir: &Path, out: &mut Vec<(PathBuf, Option<Format>)>) -> Result<(), BuildError> {
    for entry in fs::read_dir(dir).map_err(BuildError::io(dir))? {
        let entry = entry.map_err(BuildError::io(dir))?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            // Its URL could not be written down.
            return Err(BuildError::Io {
                path,
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "file name is not UTF-8",
                ),
            });
        };
        if name.starts_with('.') {
            continue;
        }
        // Follows symlinks to files but not to directories, so a link
        // cycle cannot loop the walk.
        let kind = entry.file_type().map_err(BuildError::io(&path))?;
        if kind.is_dir() {
            if !path.join(xun::format::FileId::Meta.name()).is_file() {
                collect(&path, out)?;
            }
        } else {
            let format = format_of(&path);
            out.push((path, format));
        }
    }
    Ok(())
}

/// Reads one post; `rel` is its path under the corpus directory.
pub fn read_post(path: &Path, rel: &Path, format: Format) -> Result<Source, BuildError> {
    Ok(Source {
        path: path.to_owned(),
        rel: rel.to_owned(),
        format,
        text: match format {
            Format::Html => read_page(path, MAX_POST_BYTES)?,
            Format::Markdown | Format::Plain => read_text(path, MAX_POST_BYTES)?,
        },
    })
}

/// Reads a built page as its browser would: in the encoding its byte
/// order mark or `<meta charset>` names (an older Chinese blog's GBK or
/// Big5), else UTF-8.
pub fn read_page(path: &Path, limit: u64) -> Result<String, BuildError> {
    let bytes = read_bytes(path, limit)?;
    charset::decode_page(bytes).map_err(|bad| match bad {
        charset::Malformed::Utf8 { line } => BuildError::InvalidUtf8 {
            path: path.to_owned(),
            line,
        },
        charset::Malformed::Declared { encoding, line } => BuildError::InvalidEncoding {
            path: path.to_owned(),
            encoding,
            line,
        },
    })
}

/// Reads a regular file of at most `limit` bytes as UTF-8; an invalid byte
/// is reported with its line.
pub fn read_text(path: &Path, limit: u64) -> Result<String, BuildError> {
    String::from_utf8(read_bytes(path, limit)?).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        BuildError::InvalidUtf8 {
            path: path.to_owned(),
            line: charset::line_at(e.as_bytes(), good),
        }
    })
}

/// Reads a regular file of at most `limit` bytes. Special files (FIFOs,
/// devices) are refused rather than read forever, and the limit holds even
/// if the file grows while it is read.
fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, BuildError> {
    use std::io::Read;
    // Asked before opening: opening a FIFO waits for a writer.
    if !fs::metadata(path).map_err(BuildError::io(path))?.is_file() {
        return Err(BuildError::Io {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"),
        });
    }
    let file = fs::File::open(path).map_err(BuildError::io(path))?;
    let meta = file.metadata().map_err(BuildError::io(path))?;
    // Replaced by a special file in between.
    if !meta.is_file() {
        return Err(BuildError::Io {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"),
        });
    }
    let too_large = |bytes| BuildError::TooLarge {
        path: path.to_owned(),
        bytes,
        limit,
    };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(BuildError::io(path))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(files: &[&str]) -> (tempfile::TempDir, Listing) {
        let dir = tempfile::tempdir().unwrap();
        for name in files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let listing = list_corpus(dir.path()).unwrap();
        (dir, listing)
    }

    fn names(paths: impl Iterator<Item = PathBuf>) -> Vec<String> {
        paths
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn in_a_built_site_only_pages_are_posts() {
        let (_dir, site) = corpus(&[
            "a/index.html",
            "b.htm",
            "robots.txt",
            "src/p.md",
            "logo.png",
        ]);
        let sources = names(site.posts.into_iter().map(|s| s.0));
        assert_eq!(sources, ["index.html", "b.htm"]);
        assert_eq!(
            names(site.not_pages.into_iter()),
            ["logo.png", "robots.txt", "p.md"]
        );
    }

    #[test]
    fn sources_are_markdown_and_text_but_not_site_files() {
        let (_dir, blog) = corpus(&["a.md", "n.txt", "robots.txt", "logo.png"]);
        let sources = names(blog.posts.into_iter().map(|s| s.0));
        assert_eq!(sources, ["a.md", "n.txt"]);
        assert!(blog.not_pages.is_empty());
    }

    /// Opening a FIFO for reading waits for a writer: it must be refused
    /// before it is opened. On a thread, so that a regression fails here
    /// rather than hanging the test run.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p.md");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(status.is_ok_and(|s| s.success()), "mkfifo");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(read_text(&fifo, 1 << 20).map_err(|e| e.to_string())));
        let got = rx.recv_timeout(std::time::Duration::from_secs(20));
        let message = got.expect("read_text returned").unwrap_err();
        assert!(message.contains("not a regular file"), "{message}");
    }
}
