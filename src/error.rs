//! The one error type of the runtime. Every failure to read index bytes
//! names the file it came from, so a user can tell a stale cache from a
//! broken upload.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The bytes do not start with the xun magic number.
    NotAnIndex { file: String },
    /// Written by a xun whose format this build cannot read.
    UnsupportedVersion { file: String, found: u16 },
    /// A valid xun file, but not the kind that was asked for.
    WrongKind {
        file: String,
        expected: u8,
        found: u8,
    },
    /// The file ends before its header or payload says it should.
    Truncated { file: String },
    /// The payload does not match its CRC-32.
    Checksum { file: String },
    /// The payload is whole but its structure is impossible.
    Corrupt { file: String, detail: &'static str },
    /// A file that is valid on its own but belongs to another build of the
    /// index than the manifest (a stale cache or a half-finished upload).
    Mismatch { file: String },
    /// A file name that is not part of this index.
    UnknownFile { file: String },
    /// A search needs files that were never loaded.
    NotLoaded { files: String },
}

impl Error {
    /// A stable name for the kind of error, for code that must tell them
    /// apart (`xun.js` reopens the index on `"mismatch"`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotAnIndex { .. } => "not-an-index",
            Error::UnsupportedVersion { .. } => "version",
            Error::WrongKind { .. } => "wrong-kind",
            Error::Truncated { .. } => "truncated",
            Error::Checksum { .. } => "checksum",
            Error::Corrupt { .. } => "corrupt",
            Error::Mismatch { .. } => "mismatch",
            Error::UnknownFile { .. } => "unknown-file",
            Error::NotLoaded { .. } => "not-loaded",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotAnIndex { file } => write!(f, "{file}: not a xun index file"),
            Error::UnsupportedVersion { file, found } => write!(
                f,
                "{file}: index format version {found}, this xun reads version {}; rebuild the index",
                crate::format::VERSION
            ),
            Error::WrongKind {
                file,
                expected,
                found,
            } => write!(f, "{file}: expected file kind {expected}, found {found}"),
            Error::Truncated { file } => write!(f, "{file}: truncated"),
            Error::Checksum { file } => write!(f, "{file}: checksum mismatch (corrupt file)"),
            Error::Corrupt { file, detail } => write!(f, "{file}: corrupt ({detail})"),
            Error::Mismatch { file } => write!(
                f,
                "{file}: belongs to a different build of the index than meta.xun"
            ),
            Error::UnknownFile { file } => write!(f, "{file}: not a file of this index"),
            Error::NotLoaded { files } => write!(f, "not loaded: {files}"),
        }
    }
}

impl std::error::Error for Error {}
