//! The fold table, in `meta.xun`: what folds a query onto the index's own
//! vocabulary:
//!
//! * the traditional → simplified characters a query may need, as pairs of
//!   code points (the same layout is used for the full table compiled into
//!   the indexer, `src/analysis/t2s.bin`);
//! * the Taiwan and Hong Kong phrases whose mainland form is a term of the
//!   index (記憶體 → 内存), both sides in simplified characters, that do
//!   not start with two CJK characters (埠 → 端口, `a肝` → 甲肝). A phrase
//!   that does (记忆体) is in the dictionary bucket of its first two
//!   characters ([`super::terms`]), which a query that contains it fetches
//!   anyway: a manifest that carried them all was half of a small site's
//!   first screen of index bytes, for a handful of Traditional queries.
//!
//! ```text
//! varint pair count, then per pair, in rising order of the traditional
//! code point: varint its step from the previous one,
//!             varint zigzag(simplified − traditional)
//! phrases: varint phrase count, then per phrase, in rising byte order:
//!             str the regional phrase, strs its mainland forms
//! ```

use super::codec::{Decoder, Encoder, Truncated};

pub type Pairs = Vec<(u32, u32)>;
/// Regional phrases and their mainland forms, sorted by phrase.
pub type Phrases = Vec<(String, Vec<String>)>;

/// The fold table (in the manifest).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fold {
    pub chars: Pairs,
    pub phrases: Phrases,
}

impl Fold {
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::new();
        write_pairs(&mut e, &self.chars);
        write_phrases(&mut e, &self.phrases);
        e.buf
    }

    pub fn decode(bytes: &[u8]) -> Result<Fold, Truncated> {
        let mut d = Decoder::new(bytes);
        let chars = read_pairs(&mut d)?;
        let phrases = read_phrases(&mut d)?;
        if !d.is_empty() {
            return Err(Truncated);
        }
        Ok(Fold { chars, phrases })
    }

    /// The mainland forms of a regional phrase, if it is one.
    pub fn mainland(&self, phrase: &str) -> Option<&[String]> {
        let i = self
            .phrases
            .binary_search_by(|(p, _)| p.as_str().cmp(phrase))
            .ok()?;
        Some(&self.phrases[i].1)
    }
}

/// A character table alone (`t2s.bin`).
pub fn encode(pairs: &[(u32, u32)]) -> Vec<u8> {
    let mut e = Encoder::new();
    write_pairs(&mut e, pairs);
    e.buf
}

/// Reads a character table alone; the pairs come out sorted by their
/// first code point, and every code point is a valid `char`.
pub fn decode(bytes: &[u8]) -> Result<Pairs, Truncated> {
    let mut d = Decoder::new(bytes);
    let pairs = read_pairs(&mut d)?;
    if !d.is_empty() {
        return Err(Truncated);
    }
    Ok(pairs)
}

fn write_pairs(e: &mut Encoder, pairs: &[(u32, u32)]) {
    e.varint(pairs.len() as u64);
    let mut last = 0u32;
    for &(from, to) in pairs {
        e.varint(u64::from(from - last));
        last = from;
        let delta = i64::from(to) - i64::from(from);
        e.varint(if delta >= 0 {
            (delta as u64) << 1
        } else {
            ((-delta as u64) << 1) - 1
        });
    }
}

fn read_pairs(d: &mut Decoder) -> Result<Pairs, Truncated> {
    let n = d.count(2)?;
    let mut out = Vec::with_capacity(n);
    let mut from = 0u32;
    for i in 0..n {
        let step = d.varint_u32()?;
        if i > 0 && step == 0 {
            return Err(Truncated);
        }
        from = from.checked_add(step).ok_or(Truncated)?;
        let zz = d.varint()?;
        let delta = if zz & 1 == 0 {
            (zz >> 1) as i64
        } else {
            -((zz >> 1) as i64) - 1
        };
        let to = i64::from(from)
            .checked_add(delta)
            .and_then(|t| u32::try_from(t).ok())
            .ok_or(Truncated)?;
        if char::from_u32(from).is_none() || char::from_u32(to).is_none() {
            return Err(Truncated);
        }
        out.push((from, to));
    }
    Ok(out)
}

/// Regional phrases, sorted and unique, as the manifest and a dictionary
/// bucket carry them.
pub fn write_phrases(e: &mut Encoder, phrases: &[(String, Vec<String>)]) {
    e.varint(phrases.len() as u64);
    for (phrase, mainland) in phrases {
        e.str(phrase);
        e.strs(mainland);
    }
}

pub fn read_phrases(d: &mut Decoder) -> Result<Phrases, Truncated> {
    let n = d.count(2)?;
    let mut phrases: Phrases = Vec::with_capacity(n);
    for _ in 0..n {
        let phrase = d.str()?.to_owned();
        let mainland = d.strs()?;
        let rising = phrases.last().is_none_or(|(last, _)| *last < phrase);
        if phrase.is_empty() || mainland.is_empty() || !rising {
            return Err(Truncated);
        }
        phrases.push((phrase, mainland));
    }
    Ok(phrases)
}

/// Whether a regional phrase belongs in the dictionary bucket of its
/// first two characters rather than in the manifest: a query fetches that
/// bucket whenever it has the phrase inside a run of CJK characters.
pub fn in_bucket(phrase: &str) -> bool {
    let mut chars = phrase.chars();
    chars.next().is_some_and(crate::analysis::is_cjk)
        && chars.next().is_some_and(crate::analysis::is_cjk)
}

/// The mapped character, or the character itself.
pub fn lookup(pairs: &[(u32, u32)], c: char) -> char {
    match pairs.binary_search_by_key(&(c as u32), |p| p.0) {
        Ok(i) => char::from_u32(pairs[i].1).unwrap_or(c),
        Err(_) => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage() {
        let pairs = vec![
            ('個' as u32, '个' as u32),
            ('網' as u32, '网' as u32),
            ('𠉂' as u32, '㒓' as u32),
        ];
        let mut sorted = pairs.clone();
        sorted.sort();
        let bytes = encode(&sorted);
        assert_eq!(decode(&bytes), Ok(sorted.clone()));
        assert_eq!(lookup(&sorted, '網'), '网');
        assert_eq!(lookup(&sorted, '网'), '网');
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err());
        }
        let fold = Fold {
            chars: sorted,
            phrases: vec![
                ("丛集".to_owned(), vec!["集群".to_owned()]),
                (
                    "预设".to_owned(),
                    vec!["默认".to_owned(), "缺省".to_owned()],
                ),
            ],
        };
        let bytes = fold.encode();
        assert_eq!(Fold::decode(&bytes), Ok(fold.clone()));
        assert_eq!(fold.mainland("丛集"), Some(&["集群".to_owned()][..]));
        assert_eq!(fold.mainland("集群"), None);
        for cut in 0..bytes.len() {
            assert!(Fold::decode(&bytes[..cut]).is_err());
        }
    }
}
