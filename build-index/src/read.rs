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
    match path.extension()?.to_str()? {
        "md" | "markdown" => Some(Format::Markdown),
        "txt" => Some(Format::Plain),
        "html" | "htm" => Some(Format::Html),
        _ => None,
    }
}

/// Every post under `dir`, in path order (so builds are deterministic).
pub fn read_corpus(dir: &Path) -> Result<Vec<Source>, BuildError> {
    let mut paths = Vec::new();
    collect(dir, &mut paths)?;
    paths.sort_by(|a, b| a.0.cmp(&b.0));
    paths
        .into_iter()
        .map(|(path, format)| {
            let mut source = read_post(&path, format)?;
            source.rel = path.strip_prefix(dir).unwrap_or(&path).to_owned();
            Ok(source)
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<(PathBuf, Format)>) -> Result<(), BuildError> {
    for entry in fs::read_dir(dir).map_err(BuildError::io(dir))? {
        let entry = entry.map_err(BuildError::io(dir))?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
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

pub fn read_post(path: &Path, format: Format) -> Result<Source, BuildError> {
    let len = fs::metadata(path).map_err(BuildError::io(path))?.len();
    if len > MAX_POST_BYTES {
        return Err(BuildError::TooLarge {
            path: path.to_owned(),
            bytes: len,
            limit: MAX_POST_BYTES,
        });
    }
    let bytes = fs::read(path).map_err(BuildError::io(path))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..good].iter().filter(|&&b| b == b'\n').count() + 1;
        BuildError::InvalidUtf8 {
            path: path.to_owned(),
            line,
        }
    })?;
    Ok(Source {
        path: path.to_owned(),
        rel: path.file_name().map(PathBuf::from).unwrap_or_default(),
        format,
        text,
    })
}
