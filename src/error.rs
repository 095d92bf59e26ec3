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
    /// index than the manifest (a stale cache or a half-finished upload),
    /// or is another file of the build under this one's name.
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

impl Error {
    /// What went wrong, for a reader. Built by hand rather than with
    /// `write!`: in the wasm, the formatting of each field's type is code
    /// that the runtime can do without.
    pub fn message(&self) -> String {
        let mut m = String::new();
        match self {
            Error::NotAnIndex { file } => {
                m += file;
                m += ": not a xun index file";
            }
            Error::UnsupportedVersion { file, found } => {
                m += file;
                m += ": index format version ";
                push_decimal(&mut m, (*found).into());
                m += ", this xun reads version ";
                push_decimal(&mut m, crate::format::VERSION.into());
                m += "; rebuild the index";
            }
            Error::WrongKind {
                file,
                expected,
                found,
            } => {
                m += file;
                m += ": expected file kind ";
                push_decimal(&mut m, (*expected).into());
                m += ", found ";
                push_decimal(&mut m, (*found).into());
            }
            Error::Truncated { file } => {
                m += file;
                m += ": truncated";
            }
            Error::Checksum { file } => {
                m += file;
                m += ": checksum mismatch (corrupt file)";
            }
            Error::Corrupt { file, detail } => {
                m += file;
                m += ": corrupt (";
                m += detail;
                m += ")";
            }
            Error::Mismatch { file } => {
                m += file;
                m += ": belongs to a different build of the index than meta.xun, or is another of its files under this name";
            }
            Error::UnknownFile { file } => {
                m += file;
                m += ": not a file of this index";
            }
            Error::NotLoaded { files } => {
                m += "not loaded: ";
                m += files;
            }
        }
        m
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// Appends `n` in decimal, without `core::fmt` (see [`Error::message`]).
pub(crate) fn push_decimal(out: &mut String, n: u32) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

impl std::error::Error for Error {}
