//! Store chunks: a stretch of the concatenated body texts of the sections.

use super::codec::{Decoder, Encoder};
use super::{FileId, truncated};
use crate::Error;

/// The payload of one chunk: the first piece from the chunk's first
/// character, the others from the start of their sections.
pub fn encode(pieces: &[&str]) -> Vec<u8> {
    let mut e = Encoder::new();
    e.varint(pieces.len() as u64);
    for p in pieces {
        e.str(p);
    }
    e.buf
}

/// Reads the payload of chunk `id` back into its pieces.
pub fn decode(id: u32, payload: &[u8]) -> Result<Vec<String>, Error> {
    let name = FileId::Store(id).name();
    let mut d = Decoder::new(payload);
    let pieces = d.strs().map_err(truncated(&name))?;
    if pieces.is_empty() || !d.is_empty() {
        return Err(Error::Corrupt {
            file: name,
            detail: "not a list of text pieces",
        });
    }
    Ok(pieces)
}
