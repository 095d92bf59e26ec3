//! Several files of one build in one sealed blob: a whole index for pages
//! that cannot fetch (`xun.pack`), or a small site's preloaded text in
//! chunks (`preload/N.xun`, see [`super::text`]), from which the runtime
//! remakes every other file, so that later queries fetch nothing (where the
//! text would not remake them byte for byte, the chunks hold the record
//! buckets and postings shards themselves).

use super::codec::{Decoder, Encoder, Truncated};
use super::{Kind, seal, truncated, unseal};
use crate::Error;

pub const NAME: &str = "xun.pack";
/// Most bytes of files in one preload chunk. A query's dictionary
/// buckets wait behind at most one chunk on a busy link: 64 KiB of the
/// demo's coded text is about 37 KB gzip, a fifth of a second at 1.6
/// Mbit/s. Smaller chunks, asked for a round trip apart, would leave the
/// link idle (32 KiB: at 150 ms, the text then came after the first
/// follow-up).
pub const PRELOAD_CHUNK_BYTES: usize = 64 << 10;

/// The name of preload chunk `i`: `preload/0.xun`, … (an index has at
/// most [`super::meta::MAX_PRELOAD_CHUNKS`]).
pub fn preload_name(i: u32) -> String {
    let mut name = String::from("preload/");
    crate::error::push_decimal(&mut name, i);
    name.push_str(".xun");
    name
}

/// How files of these sealed lengths, in order, are cut into preload
/// chunks: the number of files in each, filled in order up to
/// [`PRELOAD_CHUNK_BYTES`] (a bigger file has a chunk of its own).
pub fn preload_chunks(lens: &[usize]) -> Vec<usize> {
    let mut chunks: Vec<usize> = Vec::new();
    let mut bytes = 0;
    for &len in lens {
        match chunks.last_mut() {
            Some(n) if bytes + len <= PRELOAD_CHUNK_BYTES => {
                *n += 1;
                bytes += len;
            }
            _ => {
                chunks.push(1);
                bytes = len;
            }
        }
    }
    chunks
}

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
    decode_built(name, bytes).map(|(_, files)| files)
}

/// A bundle's files: (name, bytes) pairs, in its order.
pub type Files<'a> = Vec<(&'a str, &'a [u8])>;

/// [`decode_named`], with the bundle's build id.
pub fn decode_built<'a>(name: &str, bytes: &'a [u8]) -> Result<(u32, Files<'a>), Error> {
    let sealed = unseal(name, Kind::Bundle, bytes)?;
    let files = read_files(&mut Decoder::new(sealed.payload)).map_err(truncated(name))?;
    Ok((sealed.id, files))
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
    fn preload_chunks_fill_in_order() {
        let c = PRELOAD_CHUNK_BYTES;
        assert_eq!(preload_chunks(&[]), Vec::<usize>::new());
        assert_eq!(preload_chunks(&[10, 20, 30]), [3]);
        assert_eq!(preload_chunks(&[c - 10, 10, 1]), [2, 1]);
        // A file bigger than a chunk has one of its own.
        assert_eq!(preload_chunks(&[5, 2 * c, 5, 5]), [1, 1, 2]);
        assert_eq!(preload_name(12), "preload/12.xun");
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
