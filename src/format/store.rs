//! Store chunks: the display text of consecutive sections.

use super::codec::{Decoder, Encoder};
use super::{FileId, Kind, seal, truncated, unseal};
use crate::Error;

pub fn encode(texts: &[&str]) -> Vec<u8> {
    let mut e = Encoder::new();
    e.varint(texts.len() as u64);
    for t in texts {
        e.str(t);
    }
    seal(Kind::Store, &e.buf)
}

/// Reads chunk `id`, which must hold exactly `expected` sections.
pub fn decode(id: u32, bytes: &[u8], expected: usize) -> Result<Vec<String>, Error> {
    let name = FileId::Store(id).name();
    let payload = unseal(&name, Kind::Store, bytes)?;
    let mut d = Decoder::new(payload);
    let texts = d.strs().map_err(truncated(&name))?;
    if texts.len() != expected || !d.is_empty() {
        return Err(Error::Corrupt {
            file: name,
            detail: "section count differs from meta.xun",
        });
    }
    Ok(texts)
}
