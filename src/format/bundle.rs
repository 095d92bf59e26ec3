//! Several files of one build in one sealed blob: a whole index for pages
//! that cannot fetch (`xun.pack`), or the records and postings shards of a
//! small site, which a page fetches in the background after the first
//! results so that later queries wait for the dictionary alone
//! (`preload.xun`).

use super::codec::{Decoder, Encoder, Truncated};
use super::{Kind, seal, truncated, unseal};
use crate::Error;

pub const NAME: &str = "xun.pack";
/// The preload bundle: every record bucket and postings shard.
pub const PRELOAD: &str = "preload.xun";

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
    decode_named(NAME, bytes)
}

/// [`decode`], with errors that name the bundle `name`.
pub fn decode_named<'a>(name: &str, bytes: &'a [u8]) -> Result<Vec<(&'a str, &'a [u8])>, Error> {
    let payload = unseal(name, Kind::Bundle, bytes)?.payload;
    read_files(&mut Decoder::new(payload)).map_err(truncated(name))
}

/// The sealed length of a bundle of files of these names and sealed
/// lengths: what [`encode`] will make, known before the build id is.
pub fn sealed_len<'a>(files: impl ExactSizeIterator<Item = (&'a str, usize)>) -> u64 {
    let varint_len = |n: u64| (64 - n.max(1).leading_zeros()).div_ceil(7) as u64;
    let mut payload = varint_len(files.len() as u64);
    for (name, len) in files {
        let name_len = name.len() as u64;
        payload += varint_len(name_len) + name_len + varint_len(len as u64) + len as u64;
    }
    super::HEADER_LEN as u64 + payload
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

    #[test]
    fn sealed_len_is_the_encoded_length() {
        let long = vec![7u8; 300];
        let name = "r/0/".to_owned() + &"9".repeat(130);
        for files in [
            vec![],
            vec![("p/0/0.xun", &b"x"[..])],
            vec![("r/0/1.xun", &long[..]), (name.as_str(), &long[..127])],
        ] {
            let lens = files.iter().map(|(n, b)| (*n, b.len()));
            let pack = encode(1, files.iter().copied());
            assert_eq!(sealed_len(lens), pack.len() as u64);
        }
    }
}
