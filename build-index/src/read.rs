//! Finds the posts under a corpus directory and reads them as UTF-8.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::BuildError;

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

fn format_of(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "md" | "markdown" => Some(Format::Markdown),
        "txt" => Some(Format::Plain),
        "html" | "htm" => Some(Format::Html),
        _ => None,
    }
}

/// Every post under `dir`, in path order (so builds are deterministic).
pub fn read_corpus(dir: &Path) -> Result<Vec<Source>, BuildError> {
    list_corpus(dir)?
        .into_iter()
        .map(|(path, format)| read_post(&path, path.strip_prefix(dir).unwrap_or(&path), format))
        .collect()
}

/// The post files under `dir`, in path order, without reading them: a
/// big site is read a batch at a time.
pub fn list_corpus(dir: &Path) -> Result<Vec<(PathBuf, Format)>, BuildError> {
    let mut paths = Vec::new();
    collect(dir, &mut paths)?;
    paths.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(paths)
}

fn collect(dir: &Path, out: &mut Vec<(PathBuf, Format)>) -> Result<(), BuildError> {
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
            collect(&path, out)?;
        } else if let Some(format) = format_of(&path) {
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
        text: read_text(path, MAX_POST_BYTES)?,
    })
}

/// Reads a regular file of at most `limit` bytes as UTF-8; an invalid byte
/// is reported with its line. Special files (FIFOs, devices) are refused
/// rather than read forever, and the limit holds even if the file grows
/// while it is read.
pub fn read_text(path: &Path, limit: u64) -> Result<String, BuildError> {
    use std::io::Read;
    let file = fs::File::open(path).map_err(BuildError::io(path))?;
    let meta = file.metadata().map_err(BuildError::io(path))?;
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
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        BuildError::InvalidUtf8 {
            path: path.to_owned(),
            line: e.as_bytes()[..good].iter().filter(|&&b| b == b'\n').count() + 1,
        }
    })
}
