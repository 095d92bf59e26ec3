//! The character code of the preloaded text (see [`super::text`]): each
//! site numbers the non-ASCII characters of its text by how often they
//! occur, and writes the most frequent in one byte and the next in two,
//! where UTF-8 takes three for every CJK character. Gzip then has less to
//! do: on the demo blog the text's chunks come to 327 KB gzip instead of
//! 402 KB, for a table of 3.7 KB.
//!
//! ```text
//! 0x00..=0x7F              an ASCII character, as itself
//! 0x80..=0xEF              the character of rank byte − 0x80 (0 to 111)
//! 0xF0..=0xFE, b           the character of rank 112 + (lead − 0xF0)·256 + b
//! 0xFF, b1, b2, b3         any other character: its code point, big endian
//! ```
//!
//! The table is a `str`: the ranked characters, most frequent first, at
//! most 112 + 15·256 of them, none ASCII.

use super::codec::{Decoder, Encoder, Truncated};
use std::collections::HashMap;

/// Characters written in one byte.
const ONE: usize = 112;
/// Characters written in two bytes, after those.
const TWO: usize = 15 * 256;
const ESCAPE: u8 = 0xFF;

/// A site's ranking of its characters.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CharCode {
    chars: Vec<char>,
}

/// How often each non-ASCII character occurs in the texts to be coded.
#[derive(Debug, Default)]
pub struct CharCounts(HashMap<char, u64>);

impl CharCounts {
    pub fn add(&mut self, text: &str) {
        for c in text.chars().filter(|c| !c.is_ascii()) {
            *self.0.entry(c).or_default() += 1;
        }
    }

    /// The code: the most frequent first, ties in character order, so that
    /// the same text always gets the same code.
    pub fn code(&self) -> CharCode {
        let mut ranked: Vec<(char, u64)> = self.0.iter().map(|(&c, &n)| (c, n)).collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(ONE + TWO);
        CharCode {
            chars: ranked.into_iter().map(|(c, _)| c).collect(),
        }
    }
}

impl CharCode {
    pub fn write_table(&self, e: &mut Encoder) {
        e.str(&self.chars.iter().collect::<String>());
    }

    pub fn read_table(d: &mut Decoder) -> Result<CharCode, Truncated> {
        let chars: Vec<char> = d.str()?.chars().collect();
        if chars.len() > ONE + TWO || chars.iter().any(char::is_ascii) {
            return Err(Truncated);
        }
        Ok(CharCode { chars })
    }

    /// Writes `text` coded, after its length in bytes. `ranks` is
    /// [`CharCode::ranks`].
    pub fn write(&self, ranks: &HashMap<char, usize>, e: &mut Encoder, text: &str) {
        let mut out = Vec::with_capacity(text.len());
        for c in text.chars() {
            match (c.is_ascii(), ranks.get(&c)) {
                (true, _) => out.push(c as u8),
                (false, Some(&r)) if r < ONE => out.push(0x80 + r as u8),
                (false, Some(&r)) => {
                    let r = r - ONE;
                    out.extend([0xF0 + (r >> 8) as u8, r as u8]);
                }
                (false, None) => {
                    let [_, b1, b2, b3] = u32::from(c).to_be_bytes();
                    out.extend([ESCAPE, b1, b2, b3]);
                }
            }
        }
        e.varint(out.len() as u64);
        e.buf.extend_from_slice(&out);
    }

    /// Each character's rank, for [`CharCode::write`].
    pub fn ranks(&self) -> HashMap<char, usize> {
        self.chars
            .iter()
            .enumerate()
            .map(|(r, &c)| (c, r))
            .collect()
    }

    /// Reads a text that [`CharCode::write`] wrote. A byte that names no
    /// character is an error, as a cut-off text is.
    pub fn read(&self, d: &mut Decoder) -> Result<String, Truncated> {
        let len = usize::try_from(d.varint()?).map_err(|_| Truncated)?;
        let bytes = d.bytes(len)?;
        let mut out = String::with_capacity(len * 2);
        let mut i = 0;
        let rank = |r: usize| self.chars.get(r).copied().ok_or(Truncated);
        while i < bytes.len() {
            let b = bytes[i];
            let (c, width) = match b {
                0x00..=0x7F => (char::from(b), 1),
                0x80..=0xEF => (rank(usize::from(b - 0x80))?, 1),
                ESCAPE => {
                    let tail = bytes.get(i + 1..i + 4).ok_or(Truncated)?;
                    let code = u32::from_be_bytes([0, tail[0], tail[1], tail[2]]);
                    (char::from_u32(code).ok_or(Truncated)?, 4)
                }
                _ => {
                    let low = *bytes.get(i + 1).ok_or(Truncated)?;
                    (
                        rank(ONE + usize::from(b - 0xF0) * 256 + usize::from(low))?,
                        2,
                    )
                }
            };
            out.push(c);
            i += width;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_comes_back() {
        // 200 distinct CJK characters, in falling frequency, so ranks past
        // the one-byte ones; and characters left out of the table.
        let mut text = String::from("Kubernetes 1.28 的调度器，灰度发布 ß é 🦀");
        for (i, c) in ('\u{4E00}'..'\u{4EC8}').enumerate() {
            text.extend(std::iter::repeat_n(c, 200 - i));
        }
        let mut counts = CharCounts::default();
        counts.add(&text);
        let mut code = counts.code();
        let mut e = Encoder::new();
        code.write_table(&mut e);
        code.write(&code.ranks(), &mut e, &text);
        let mut d = Decoder::new(&e.buf);
        assert_eq!(CharCode::read_table(&mut d).unwrap(), code);
        assert_eq!(code.read(&mut d).unwrap(), text);
        assert!(
            e.buf.len() < text.len() * 2 / 3,
            "{} of {}",
            e.buf.len(),
            text.len()
        );

        // Not in the table: written as code points.
        code.chars.truncate(3);
        let mut e = Encoder::new();
        code.write(&code.ranks(), &mut e, &text);
        assert_eq!(code.read(&mut Decoder::new(&e.buf)).unwrap(), text);
    }

    #[test]
    fn bytes_that_name_no_character_are_an_error() {
        let code = CharCode {
            chars: vec!['的', '是'],
        };
        for bad in [
            &[1, 0x82][..],           // past the table's one-byte ranks
            &[2, 0xF0, 0],            // past its two-byte ranks
            &[1, 0xF0],               // a lead byte at the end
            &[4, ESCAPE, 0x11, 0, 0], // past the last code point
            &[4, ESCAPE, 0, 0xD8, 0], // a surrogate
            &[3, ESCAPE, 0, 0x4E],    // an escape cut off
            &[5, b'a'],               // shorter than its length
        ] {
            assert_eq!(code.read(&mut Decoder::new(bad)), Err(Truncated), "{bad:?}");
        }
        let mut e = Encoder::new();
        e.str("的a");
        assert!(CharCode::read_table(&mut Decoder::new(&e.buf)).is_err());
    }
}
