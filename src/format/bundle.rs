//! A whole index in one sealed blob, for pages that cannot fetch.

use super::codec::{Decoder, Encoder, Truncated};
use super::{Kind, seal, truncated, unseal};
use crate::Error;

pub const NAME: &str = "xun.pack";

/// `files` are (name, sealed bytes) pairs of one build.
pub fn encode<'a>(
    build: u32,
    files: impl ExactSizeIterator<Item = (&'a str, &'a [u8])>,
) -> Vec<u8> {
    let mut e = Encoder::new();
    e.varint(files.len() as u64);
    for (name, bytes) in files {
        e.str(name);
        e.varint(bytes.len() as u64);
        e.buf.extend_from_slice(bytes);
    }
    seal(Kind::Bundle, build, &e.buf)
}

/// Splits a bundle back into its files, which are still sealed.
pub fn decode(bytes: &[u8]) -> Result<Vec<(&str, &[u8])>, Error> {
    let payload = unseal(NAME, Kind::Bundle, bytes)?.payload;
    read_files(&mut Decoder::new(payload)).map_err(truncated(NAME))
}

fn read_files<'a>(d: &mut Decoder<'a>) -> Result<Vec<(&'a str, &'a [u8])>, Truncated> {
    let n = d.count(2)?;
    let mut files = Vec::with_capacity(n);
    for _ in 0..n {
        let name = d.str()?;
        let len = d.count(1)?;
        files.push((name, d.bytes(len)?));
    }
    // Bytes after the last file mean the count was damaged.
    if !d.is_empty() {
        return Err(Truncated);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_trailing_bytes() {
        let files = [("meta.xun", &b"m"[..]), ("post-0000.xun", &b"pp"[..])];
        let pack = encode(7, files.iter().copied());
        assert_eq!(decode(&pack).unwrap(), files);

        let mut e = Encoder::new();
        e.varint(1);
        e.str("meta.xun");
        e.varint(1);
        e.buf.extend_from_slice(b"m?");
        let padded = seal(Kind::Bundle, 7, &e.buf);
        assert!(decode(&padded).is_err(), "a byte after the last file");
    }
}
